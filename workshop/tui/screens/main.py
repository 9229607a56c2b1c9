"""The frame of an open workshop: header, rail of stages, the stage's screen, footer."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import ModalScreen, Screen
from textual.widgets import ContentSwitcher, OptionList

from workshop.store import StoreError
from workshop.tui.context import BIG_WORKSHOP_BYTES, Context, context_of
from workshop.tui.guide import StageInfo
from workshop.tui.messages import WorkshopChanged, WorkshopEdited
from workshop.tui.progress import UnitProgress, stage_progress
from workshop.tui.stages.base import StagePane
from workshop.tui.stages.registry import make_pane
from workshop.tui.widgets.footer import KeyFooter
from workshop.tui.widgets.rail import BOARD_ID, Rail
from workshop.tui.widgets.topbar import TopBar, current_session

# Stages whose figures come from the unit files: "…" until the first count is done.
PENDING_STAGES = frozenset({"kebutuhan", "pengembangan", "penerapan", "monev"})
PENDING_LABEL = "menghitung…"
# The five stages in their order, then the board: what ctrl+PageDown/PageUp step through.
STAGE_RING = ("persiapan", "kebutuhan", "pengembangan", "penerapan", "monev", BOARD_ID)


class MainScreen(Screen[None]):
    """Everything of an open workshop."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "toggle_rail", "Panel"),
        Binding("f5", "projector", "Proyektor"),
        Binding("ctrl+b", "show('papan')", "Papan", show=False),
        Binding("ctrl+1", "show('persiapan')", show=False),
        Binding("ctrl+2", "show('kebutuhan')", show=False),
        Binding("ctrl+3", "show('pengembangan')", show=False),
        Binding("ctrl+4", "show('penerapan')", show=False),
        Binding("ctrl+5", "show('monev')", show=False),
        # ctrl+1..5 reach few terminals; these do (as in the editor and the Sesi screen).
        Binding("ctrl+pagedown", "step_stage(1)", "Tahap berikutnya", show=False,
                priority=True),
        Binding("ctrl+pageup", "step_stage(-1)", "Tahap sebelumnya", show=False,
                priority=True),
    ]

    AUTO_FOCUS = "#units"

    def __init__(self) -> None:
        super().__init__()
        # The breakpoint class (-wide / -narrow) from the start: set by the first Resize, it
        # would restyle every widget of the screen once more before the first paint.
        with contextlib.suppress(Exception):  # no running app (unit tests of the class)
            app = self.app
            breakpoints = self.HORIZONTAL_BREAKPOINTS or app.HORIZONTAL_BREAKPOINTS or []
            self.add_class(*self._get_breakpoint_classes(app.size.width, breakpoints))
        self._rows: list[UnitProgress] = []
        self._refresh_pending = False
        self._counted = False  # the first full count is done (then every refresh is cheap)
        self._counting = False  # ... or running in a worker
        self._shown_size: tuple[int, int] | None = None  # the size at the last refresh_data
        self._just_mounted = False  # on_mount has read everything; its ScreenResume need not

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        with Horizontal(id="body"):
            yield Rail(id="rail")
            # The other stages' screens and the board are mounted the first time they are
            # shown (``ensure_stage``), so the workshop opens fast.
            with ContentSwitcher(id="stages", initial="persiapan"):
                yield self._persiapan()
        yield KeyFooter()

    def _persiapan(self) -> StagePane:
        """The first stage's pane: composed with the screen (it is shown first)."""
        pane = make_pane("persiapan", self._stage_info("persiapan"))
        assert pane is not None  # registered
        return pane

    def _stage_info(self, stage_id: str) -> StageInfo | None:
        try:
            return context_of(self).guide.stage(stage_id)
        except KeyError:  # not a stage of the guide (the board)
            return None

    def has_stage(self, stage_id: str) -> bool:
        return bool(self.query_one(ContentSwitcher).query_children(f"#{stage_id}"))

    async def ensure_stage(self, stage_id: str) -> bool:
        """Mount the stage's pane (or the board) if it is not there yet, built from the
        registry (``tui/stages/registry.py``); False for an unknown stage."""
        if self.has_stage(stage_id):
            return True
        pane = make_pane(stage_id, self._stage_info(stage_id))
        if pane is None:
            return False
        await self.query_one(ContentSwitcher).mount(pane)
        return True

    def on_mount(self) -> None:
        self._just_mounted = True
        self.refresh_data()
        self.query_one(Rail).select_id("persiapan")
        self.set_interval(1.0, self._tick)
        problem = context_of(self).guide.problem
        if problem:
            self.app.notify(problem, severity="warning", markup=False, timeout=10)

    def on_resize(self) -> None:
        if (self.size.width, self.size.height) != self._shown_size:
            self.request_refresh()

    def on_screen_resume(self) -> None:
        if self._just_mounted:  # the first resume follows on_mount's full refresh at once
            self._just_mounted = False
            return
        self.request_refresh()

    def request_refresh(self) -> None:
        """Refresh once after the next repaint, however often asked meanwhile."""
        if not self._refresh_pending:
            self._refresh_pending = True
            self.call_after_refresh(self._pending_refresh)

    def _pending_refresh(self) -> None:
        self._refresh_pending = False
        self.refresh_data()

    @on(WorkshopChanged)
    def _workshop_changed(self) -> None:
        """The app's watcher saw a write: refresh now if this screen can be seen (on top, or
        under dialogs only), else when it is shown again (``on_screen_resume``)."""
        stack = self.app.screen_stack
        if self in stack and all(isinstance(s, ModalScreen)
                                 for s in stack[stack.index(self) + 1:]):
            self.refresh_data()

    @on(WorkshopEdited)
    def _workshop_edited(self, message: WorkshopEdited) -> None:
        """A panel of a stage wrote: the rail, the header and the stage show it at once."""
        message.stop()
        self.refresh_data()

    def _tick(self) -> None:
        ctx = context_of(self)
        try:
            event, sessions = ctx.store.event(), ctx.store.sessions()
        except StoreError:
            return  # refresh_data reports the damaged file
        self.query_one(TopBar).show(event, current_session(sessions), ctx.now())

    @property
    def current(self) -> str:
        return self.query_one(ContentSwitcher).current or "persiapan"

    def refresh_data(self) -> None:
        """Re-read the workshop and refresh the rail, the header and the visible stage."""
        ctx = context_of(self)
        self._shown_size = (self.size.width, self.size.height)
        names = [(s.id, s.name) for s in ctx.guide.stages]
        try:
            if (self._counted or self.current == BOARD_ID
                    or ctx.store.units_size() <= BIG_WORKSHOP_BYTES):
                from workshop.tui.stages.monev.common import with_overdue

                rows, due = ctx.progress_and_due()
                self._counted = True
                stages = stage_progress(rows, names)
                stages = with_overdue(stages, due)  # monev items past due
            else:  # a big workshop's first count runs in a worker; no unit file read here
                rows = ctx.quick_rows()
                stages = [replace(s, done=0, total=0, label=PENDING_LABEL)
                          if s.stage_id in PENDING_STAGES else s
                          for s in stage_progress(rows, names)]
                self._count_in_background(ctx)
        except StoreError as exc:  # a file damaged meanwhile: name it and its backup
            self.app.notify(str(exc), title="Berkas workshop rusak", severity="error",
                            markup=False, timeout=15)
            return
        self._rows = rows
        self.query_one(Rail).show(stages, len(rows), sum(1 for r in rows if r.ready),
                                  wide=self.has_class("-wide"))
        self._tick()
        # Only the visible pane refreshes; the others when they are shown (``_switch``).
        pane = self.visible_pane()
        if pane is not None:
            for stage in stages:
                if stage.stage_id == pane.id:
                    pane.show_progress(stage)
            pane.refresh_data()

    def visible_pane(self) -> StagePane | None:
        """The pane in view (None while it is being mounted)."""
        found = self.query_one(ContentSwitcher).query_children(f"#{self.current}")
        pane = found.first() if found else None
        return pane if isinstance(pane, StagePane) else None

    def _count_in_background(self, ctx: Context) -> None:
        """The first full count (every SOP read and checked) in a thread; then refresh."""
        if self._counting:
            return
        self._counting = True
        app = self.app

        def count() -> None:
            try:
                ctx.due_items()  # fills the context's per-unit cache (rows and due items)
            except StoreError:
                pass  # the refresh after it names the damaged file
            finally:
                with contextlib.suppress(RuntimeError):  # the app has ended meanwhile
                    app.call_from_thread(self._counted_in_background, ctx)

        def start() -> None:
            self.run_worker(count, thread=True, group="progress-count", exit_on_error=False)

        # After the first paint and the refresh that follows it (the Resize/ScreenResume of
        # the new screen): the thread holds the GIL half the time and would slow both.
        self.call_after_refresh(self.call_after_refresh, start)

    def _counted_in_background(self, ctx: Context) -> None:
        self._counting = False
        self._counted = True
        if self.is_attached and getattr(self.app, "ctx", None) is ctx:
            self.refresh_data()

    def _switch(self, stage_id: str) -> None:
        self.query_one(ContentSwitcher).current = stage_id
        self.query_one(Rail).select_id(stage_id)
        self.refresh_data()

    async def open_stage(self, stage_id: str) -> None:
        """Show a stage, mounting its screen first when needed (await it in tests)."""
        if await self.ensure_stage(stage_id):
            self._switch(stage_id)

    def show_stage(self, stage_id: str) -> None:
        """Show a stage from synchronous code (palette commands)."""
        if self.has_stage(stage_id):
            self._switch(stage_id)
        else:
            self.run_worker(self.open_stage(stage_id), group="stage", exclusive=True)

    async def action_show(self, stage_id: str) -> None:
        await self.open_stage(stage_id)

    async def action_step_stage(self, delta: int) -> None:
        """The next (or previous) of the five stages and the board, round the ring."""
        current = self.current
        index = STAGE_RING.index(current) if current in STAGE_RING else 0
        await self.open_stage(STAGE_RING[(index + delta) % len(STAGE_RING)])

    @on(OptionList.OptionSelected, "#rail")
    async def _rail_selected(self, message: OptionList.OptionSelected) -> None:
        if message.option.id is not None:
            await self.open_stage(message.option.id)

    def action_toggle_rail(self) -> None:
        rail = self.query_one(Rail)
        rail.display = not rail.display

    def action_projector(self) -> None:
        from workshop.tui.screens.board import ProjectorBoardScreen

        self.app.push_screen(ProjectorBoardScreen())
