"""Sessions: the list of sessions, running one (agenda and big timer), attendance and minutes.

Everything the timer needs lives in the stored ``Session`` (see ``workshop.sesi.timer``), so closing
the app mid-session and opening it again returns to the same item and remaining time: the
remaining time is computed from the app's ``now()``, never counted by ticks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from workshop.model import AgendaItem, Session
from workshop.sesi import plans, timer
from workshop.store import FACILITATOR, StoreError
from workshop.tui.commands import PaletteCommand, bind
from workshop.tui.context import attempt, context_of, try_write
from workshop.tui.dialogs import ConfirmScreen
from workshop.tui.messages import WorkshopChanged, WorkshopEdited
from workshop.tui.sesi.attendance import AttendancePanel
from workshop.tui.sesi.dialogs import AgendaItemForm, SessionFields, SessionForm
from workshop.tui.sesi.minutes import MinutesPanel
from workshop.tui.sesi.projector import TimerProjectorScreen
from workshop.tui.sesi.write import run_transition, update_session
from workshop.tui.widgets.footer import KeyFooter
from workshop.tui.widgets.tabs import WorkshopTabs, show_tab
from workshop.tui.widgets.timer_digits import TimerDigits, block_height

TICK_SECONDS = 0.5
SHORT_STATES = {"planned": "rencana", "running": "berjalan", "paused": "jeda",
                "ended": "selesai"}


def ordered(sessions: list[Session]) -> list[Session]:
    """Sessions by date (undated ones last), then in the order they were added."""
    return [s for _, s in sorted(enumerate(sessions),
                                 key=lambda p: (p[1].date or "9999-99-99", p[0]))]


def default_session(sessions: list[Session]) -> Session | None:
    """The running or paused session; else the first planned one; else the first."""
    for state in ("running", "paused", "planned"):
        for session in ordered(sessions):
            if session.state == state:
                return session
    return ordered(sessions)[0] if sessions else None


class SessionTable(DataTable[Text]):
    """The sessions. a: new; e: edit or move to another date; Delete: remove."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "screen.add_session", "Sesi baru"),
        Binding("e", "screen.edit_session", "Ubah sesi"),
        Binding("delete", "screen.remove_session", "Hapus sesi"),
    ]


class AgendaTable(DataTable[Text]):
    """The agenda. i: add; Enter: edit; g: make current; ctrl+up/down: move; Delete: remove."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "screen.add_item", "Tambah agenda"),
        Binding("g", "screen.go_item", "Jadikan agenda berjalan", show=False),
        Binding("ctrl+up", "screen.move_item(-1)", "Naik", show=False),
        Binding("ctrl+down", "screen.move_item(1)", "Turun", show=False),
        Binding("delete", "screen.remove_item", "Hapus agenda", show=False),
    ]


class SesiScreen(Screen[None]):
    """Run the pendampingan session by session."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Kembali"),
        Binding("space", "start_pause", "Mulai/Jeda"),
        Binding("n", "next", "Berikutnya"),
        Binding("b", "previous", "Sebelumnya"),
        Binding("x", "end", "Akhiri sesi"),
        Binding("f6", "projector", "Proyektor"),
        Binding("f7", "slides", "Salindia"),
        Binding("t", "stage", "Buka tahap agenda", show=False),
        # The three tabs: 1-3 outside text fields; ctrl+PageDown/PageUp anywhere.
        Binding("1", "tab('tab-jalan')", "Jalannya sesi", show=False),
        Binding("2", "tab('tab-hadir')", "Kehadiran", show=False),
        Binding("3", "tab('tab-notulen')", "Notulen", show=False),
        Binding("ctrl+pagedown", "next_tab(1)", "Tab berikutnya", show=False, priority=True),
        Binding("ctrl+pageup", "next_tab(-1)", "Tab sebelumnya", show=False, priority=True),
    ]

    TABS: ClassVar[tuple[str, ...]] = ("tab-jalan", "tab-hadir", "tab-notulen")

    DEFAULT_CSS = """
    SesiScreen #sesi-head { height: 1; padding: 0 1; background: $panel; text-wrap: nowrap;
        text-overflow: ellipsis; }
    SesiScreen #sesi-left { width: 27; border-right: vkey $panel; }
    SesiScreen.-wide #sesi-left { width: 44; }
    SesiScreen #sesi-list { height: 1fr; }
    SesiScreen #sesi-tabs { width: 1fr; }
    SesiScreen #sesi-title { height: auto; text-style: bold; padding: 0 1; }
    SesiScreen #timer-row { height: 5; padding: 0 1; }
    SesiScreen #sesi-clock { margin: 1 2 1 0; width: 18; height: 3; text-align: left; }
    SesiScreen #sesi-now { width: 1fr; height: 5; padding-top: 1; }
    SesiScreen #sesi-item { text-style: bold; height: auto; max-height: 2; }
    SesiScreen.-wide #timer-row { layout: vertical; height: auto; }
    SesiScreen.-wide #sesi-clock { width: 1fr; margin: 1 0 0 0; text-align: center; }
    SesiScreen.-wide #sesi-now { width: 1fr; height: auto; padding: 1 0; }
    SesiScreen.-wide #sesi-item, SesiScreen.-wide #sesi-status { text-align: center; }
    SesiScreen #sesi-status { color: $text-muted; height: auto; }
    SesiScreen #sesi-agenda { height: 1fr; }
    SesiScreen #sesi-notes { height: auto; max-height: 3; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, session_id: str | None = None) -> None:
        super().__init__()
        self.session_id = session_id or ""
        self._session: Session | None = None
        self._listed: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="sesi-head", markup=False)
        with Horizontal(id="sesi-body"):
            with Vertical(id="sesi-left"):
                yield SessionTable(id="sesi-list", cursor_type="row")
            with WorkshopTabs(id="sesi-tabs", initial="tab-jalan"):
                with TabPane("Jalannya sesi", id="tab-jalan"):
                    yield Static("", id="sesi-title", markup=False)
                    with Horizontal(id="timer-row"):
                        yield TimerDigits(id="sesi-clock", fit=True)
                        with Vertical(id="sesi-now"):
                            yield Static("", id="sesi-item", markup=False)
                            yield Static("", id="sesi-status", markup=False)
                    yield AgendaTable(id="sesi-agenda", cursor_type="row")
                    yield Static("", id="sesi-notes", markup=False)
                with TabPane("Kehadiran", id="tab-hadir"):
                    yield AttendancePanel(id="sesi-attendance")
                with TabPane("Notulen", id="tab-notulen"):
                    yield MinutesPanel(id="sesi-minutes")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(SessionTable)
        table.add_column(Text("Sesi"), key="title")
        table.add_column(Text("Status"), key="state")
        agenda = self.query_one(AgendaTable)
        for label, key in (("No", "no"), ("Menit", "minutes"), ("Tahap", "stage"),
                           ("Agenda", "title")):
            agenda.add_column(Text(label), key=key)
        self.refresh_data()
        self.set_interval(TICK_SECONDS, self._tick)
        self.query_one(AgendaTable).focus()

    # -- reading -------------------------------------------------------------------------------

    def refresh_data(self) -> None:
        ctx = context_of(self)
        try:
            sessions = ctx.store.sessions()
            units = ctx.store.units()
            members = ctx.store.members()
            event = ctx.store.event()
        except StoreError as exc:
            self.notify(str(exc), title="Workshop tidak dapat dibaca", severity="error",
                        markup=False, timeout=8)
            return
        if self.session_id not in {s.id for s in sessions}:
            chosen = default_session(sessions)
            self.session_id = chosen.id if chosen else ""
        self._session = next((s for s in sessions if s.id == self.session_id), None)
        self.query_one("#sesi-head", Static).update(
            Text(f"Sesi pendampingan — {event.title or '(tanpa judul)'}"))
        self._show_list(sessions)
        self._show_session()
        if self._session is not None:
            self.query_one(AttendancePanel).show(self._session, units, members)
            self.query_one(MinutesPanel).show(self._session, units)

    def _show_list(self, sessions: list[Session]) -> None:
        table = self.query_one(SessionTable)
        with table.prevent(DataTable.RowHighlighted):  # only the user's moves choose a session
            self._fill_list(table, sessions)

    def _fill_list(self, table: SessionTable, sessions: list[Session]) -> None:
        table.clear()
        listed = ordered(sessions)
        self._listed = [s.id for s in listed]
        room = max(10, (44 if self.has_class("-wide") else 27) - 13)
        for s in listed:
            title = s.title + (f" ({s.date})" if s.date else "")
            if len(title) > room:
                title = title[: room - 1] + "…"
            state = SHORT_STATES.get(s.state, s.state)
            table.add_row(Text(title), Text(state), key=s.id)
        if self.session_id in self._listed:
            table.move_cursor(row=self._listed.index(self.session_id), scroll=True)

    def _show_session(self) -> None:
        session = self._session
        agenda = self.query_one(AgendaTable)
        keep = agenda.cursor_row
        agenda.clear()
        title = self.query_one("#sesi-title", Static)
        if session is None:
            title.update("Belum ada sesi. Tekan a di daftar sesi untuk menambah, atau buat "
                         "workshop dengan --plan pendampingan-2-hari.")
            self._show_timer()
            return
        ctx = context_of(self)
        head = session.title + (f" · {session.date}" if session.date else "")
        head += f" · {timer.STATE_NAMES.get(session.state, session.state)}"
        title.update(Text(head))
        for i, item in enumerate(session.agenda):
            mark = "▶" if i == session.current_item and session.state != "planned" else " "
            style = "dim" if session.state != "planned" and i < session.current_item else ""
            try:
                stage = ctx.guide.stage(item.stage).name
            except KeyError:
                stage = item.stage
            agenda.add_row(Text(f"{mark}{i + 1}", style=style),
                           Text(str(item.minutes), style=style, justify="right"),
                           Text(stage, style=style), Text(item.title, style=style))
        if agenda.row_count:
            agenda.move_cursor(row=min(keep, agenda.row_count - 1))
        self._show_timer()

    def _show_timer(self) -> None:
        session = self._session
        clock = self.query_one(TimerDigits)
        item = self.query_one("#sesi-item", Static)
        status = self.query_one("#sesi-status", Static)
        notes = self.query_one("#sesi-notes", Static)
        if session is None:
            clock.show(timer.timer_state(Session(id="", title=""), context_of(self).now()))
            item.update("")
            status.update("")
            notes.update("")
            return
        state = timer.timer_state(session, context_of(self).now())
        clock.show(state)
        item.update(Text(state.title or "Sesi ini belum punya agenda (i: tambah agenda)"))
        parts = [state.position, state.state_name]
        if state.timebox:
            parts.append(f"{int(state.timebox // 60)} menit")
        if state.overrun:
            parts.append("melewati waktu")
        elif state.near_end:
            parts.append("hampir habis")
        status.update(Text(" · ".join(parts)))
        current = timer.current(session)
        notes.update(Text(f"Catatan: {current.notes}" if current and current.notes else ""))

    def _tick(self) -> None:
        self._show_timer()

    @on(WorkshopChanged)
    def _workshop_changed(self) -> None:
        """The app's watcher saw a write (a participant, another facilitator): re-read."""
        self.refresh_data()

    @on(WorkshopEdited)
    def _workshop_edited(self, message: WorkshopEdited) -> None:
        """A panel of this screen wrote (minutes, attendance): show it at once."""
        message.stop()
        self.refresh_data()

    @property
    def session(self) -> Session | None:
        return self._session

    # -- choosing a session ------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#sesi-list")
    def _session_highlighted(self, message: DataTable.RowHighlighted) -> None:
        key = message.row_key.value
        if key and key != self.session_id:
            self.query_one(MinutesPanel).save_notes()
            self.session_id = key
            self.refresh_data()

    def on_screen_suspend(self) -> None:
        self.query_one(MinutesPanel).save_notes()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def on_resize(self) -> None:
        self.call_after_refresh(self.refresh_data)
        self.call_after_refresh(self._fit_clock)

    def _fit_clock(self) -> None:
        """On a wide terminal the timer spans the tab's width, as tall as its digits need (at
        most 40% of the screen); narrow, it is the three-line clock beside the item."""
        clock = self.query_one(TimerDigits)
        if not self.has_class("-wide"):
            clock.styles.height = None
            return
        width = self.query_one("#timer-row").content_region.width
        rows = min(block_height(width), self.size.height * 2 // 5)
        clock.styles.height = max(3, rows)

    # -- running -------------------------------------------------------------------------------

    def _run(self, change: timer.Transition, done: str | None = None) -> None:
        if not self.session_id:
            self.notify("Belum ada sesi.", severity="warning")
            return
        if run_transition(self, self.session_id, change) is not None:
            if done:
                self.notify(done, timeout=3)
            self.refresh_data()

    def action_start_pause(self) -> None:
        session = self._session
        if session is not None and session.state == "ended":
            self.notify("Sesi ini sudah selesai. Pilih sesi lain atau ubah agendanya.",
                        severity="warning", markup=False)
            return
        if session is not None and session.state == "planned" and not session.agenda:
            self.notify("Tambahkan agenda dulu (i).", severity="warning", markup=False)
            return
        before = session.state if session else ""
        self._run(timer.toggle, {"planned": "Sesi dimulai.", "running": "Jeda.",
                                 "paused": "Dilanjutkan."}.get(before))

    def action_next(self) -> None:
        self._run(timer.next_item)

    def action_previous(self) -> None:
        self._run(timer.previous_item)

    def action_end(self) -> None:
        session = self._session
        if session is None or session.state not in ("running", "paused"):
            self.notify("Sesi ini tidak sedang berjalan.", severity="warning")
            return

        def done(confirmed: bool | None) -> None:
            if confirmed:
                self.query_one(MinutesPanel).save_notes()
                self._run(timer.end, "Sesi selesai. Notulen ada di tab Notulen.")

        self.app.push_screen(ConfirmScreen(f"Akhiri sesi '{session.title}'?",
                                           confirm_label="Akhiri"), done)

    def action_go_item(self) -> None:
        index = self.query_one(AgendaTable).cursor_row
        self._run(lambda s, now: timer.go_to(s, index, now))

    def action_tab(self, tab: str) -> None:
        """Show a tab and put the cursor in its first list or box."""
        tabs = self.query_one("#sesi-tabs", TabbedContent)
        show_tab(tabs, tab)
        pane = tabs.get_pane(tab)
        first = next((w for w in pane.query("AgendaTable, SelectionList, TextArea, DataTable")
                      if w.focusable), None)
        if first is not None:
            self.call_after_refresh(first.focus)

    def action_next_tab(self, step: int) -> None:
        tabs = self.query_one("#sesi-tabs", TabbedContent)
        index = self.TABS.index(tabs.active) if tabs.active in self.TABS else 0
        self.action_tab(self.TABS[(index + step) % len(self.TABS)])

    def action_projector(self) -> None:
        if self.session_id:
            self.app.push_screen(TimerProjectorScreen(self.session_id))

    def action_stage(self) -> None:
        """Show the stage screen the current agenda item serves (the session keeps running)."""
        item = timer.current(self._session) if self._session else None
        go_stage = getattr(self.app, "go_stage", None)
        if item is not None and callable(go_stage):
            self.query_one(MinutesPanel).save_notes()
            go_stage(item.stage)

    def action_slides(self) -> None:
        from workshop.tui.sesi.slides import SlidesScreen

        self.app.push_screen(SlidesScreen())

    def action_back(self) -> None:
        self.query_one(MinutesPanel).save_notes()
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    # -- editing sessions ----------------------------------------------------------------------

    def action_add_session(self) -> None:
        def done(result: object) -> None:
            if isinstance(result, SessionFields):
                ctx = context_of(self)
                added = attempt(self.app, lambda: ctx.store.add_session(
                    plans.blank_session(result.title, result.date)), "Sesi ditambahkan.")
                if added is not None:
                    self.session_id = added.id
                    self.refresh_data()

        self.app.push_screen(SessionForm("Sesi baru"), done)

    def action_edit_session(self) -> None:
        session = self._session
        if session is None:
            return

        def done(result: object) -> None:
            if isinstance(result, SessionFields):
                self._update(lambda s: dataclasses.replace(s, title=result.title,
                                                           date=result.date), "Sesi diubah.")

        self.app.push_screen(SessionForm("Ubah sesi (judul, tanggal)", session.title,
                                         session.date), done)

    def action_remove_session(self) -> None:
        session = self._session
        if session is None:
            return
        ctx = context_of(self)

        def done(confirmed: bool | None) -> None:
            if confirmed and try_write(self.app, lambda: ctx.store.remove_session(session.id),
                                       "Sesi dihapus."):
                self.session_id = ""
                self.refresh_data()

        self.app.push_screen(ConfirmScreen(f"Hapus sesi '{session.title}' beserta kehadiran "
                                           "dan notulennya?"), done)

    def _update(self, change: Callable[[Session], Session], done: str | None = None) -> None:
        if self.session_id and update_session(self, self.session_id, change, done) is not None:
            self.refresh_data()

    # -- editing the agenda --------------------------------------------------------------------

    def action_add_item(self) -> None:
        if self._session is None:
            self.notify("Tambahkan sesi dulu (a di daftar sesi).", severity="warning")
            return
        at = self.query_one(AgendaTable).cursor_row + 1 if self._session.agenda else 0

        def done(result: object) -> None:
            if isinstance(result, AgendaItem):
                self._update(lambda s: plans.agenda_insert(s, result, at))
                self.query_one(AgendaTable).move_cursor(row=at)

        self.app.push_screen(AgendaItemForm("Agenda baru", context_of(self).guide.stages),
                             done)

    @on(DataTable.RowSelected, "#sesi-agenda")
    def _edit_item(self, message: DataTable.RowSelected) -> None:
        session = self._session
        index = message.cursor_row
        if session is None or not 0 <= index < len(session.agenda):
            return

        def done(result: object) -> None:
            if isinstance(result, AgendaItem):
                self._update(lambda s: plans.agenda_replace(s, index, result))

        self.app.push_screen(AgendaItemForm("Ubah agenda", context_of(self).guide.stages,
                                            session.agenda[index]), done)

    def action_move_item(self, offset: int) -> None:
        table = self.query_one(AgendaTable)
        index = table.cursor_row
        self._update(lambda s: plans.agenda_move(s, index, offset))
        if self._session and self._session.agenda:
            table.move_cursor(row=max(0, min(len(self._session.agenda) - 1, index + offset)))

    def action_remove_item(self) -> None:
        session = self._session
        index = self.query_one(AgendaTable).cursor_row
        if session is None or not 0 <= index < len(session.agenda):
            return
        now = context_of(self).now()

        def done(confirmed: bool | None) -> None:
            if confirmed:
                self._update(lambda s: plans.agenda_remove(s, index, now), "Agenda dihapus.")

        self.app.push_screen(ConfirmScreen(f"Hapus agenda '{session.agenda[index].title}'?"),
                             done)


# ---------------------------------------------------------------------------------------------
# Entry points for the app (palette, resume)
# ---------------------------------------------------------------------------------------------


def open_sessions(app: App[Any], session_id: str | None = None) -> None:
    """Show the sessions screen (on top of the workshop), or bring it forward."""
    if getattr(app, "ctx", None) is None:
        app.notify("Buka atau buat workshop dulu.", severity="warning", timeout=3)
        return
    for screen in app.screen_stack:
        if isinstance(screen, SesiScreen):
            sesi: SesiScreen = screen
            while app.screen is not sesi:
                app.pop_screen()
            if session_id:
                sesi.session_id = session_id
                sesi.refresh_data()
            return
    app.push_screen(SesiScreen(session_id))


def resume_session(app: App[Any]) -> None:
    """After opening a workshop: back to the running (or paused) session, if there is one."""
    ctx = getattr(app, "ctx", None)
    if ctx is None or ctx.store.scope != FACILITATOR:  # sessions are the facilitator's
        return
    try:
        sessions = ctx.store.sessions()
    except StoreError:
        return
    for state in ("running", "paused"):
        for session in sessions:
            if session.state == state:
                open_sessions(app, session.id)
                return


def open_timer_projector(app: App[Any]) -> None:
    ctx = getattr(app, "ctx", None)
    if ctx is None:
        return
    try:
        session = default_session(ctx.store.sessions())
    except StoreError:
        session = None
    if session is None:
        app.notify("Belum ada sesi.", severity="warning")
        return
    app.push_screen(TimerProjectorScreen(session.id))


def open_slides(app: App[Any]) -> None:
    from workshop.tui.sesi.slides import SlidesScreen

    app.push_screen(SlidesScreen())


def session_commands(app: App[Any]) -> list[PaletteCommand]:
    """The palette's commands for sessions (the app adds them when a workshop is open)."""
    return [
        PaletteCommand("Sesi dan agenda", "Jalankan sesi: agenda, timer, kehadiran, notulen",
                       bind(open_sessions, app)),
        PaletteCommand("Timer sesi: tampilan proyektor", "Timer besar dan agenda berjalan",
                       bind(open_timer_projector, app)),
        PaletteCommand("Salindia sosialisasi", "Pedoman SOP AP untuk proyektor",
                       bind(open_slides, app)),
    ]

