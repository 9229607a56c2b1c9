"""The facilitator's app: welcome, the frame of an open workshop, themes, palette, help."""

from __future__ import annotations

import functools
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events, on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, Provider
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Input, TextArea

from workshop import limits
from workshop.demo import DEMO_FOLDER
from workshop.documents import DOCUMENTS
from workshop.store import Store, StoreError
from workshop.tui import bahasa
from workshop.tui.commands import Palette, PaletteCommand, WorkshopCommands, bind
from workshop.tui.context import Context, attempt
from workshop.tui.guide import Guide, load_guide
from workshop.tui.messages import InputDropped, UnitEntered, WorkshopChanged
from workshop.tui.recent import default_recent_file, remember
from workshop.tui.themes import CALM, PROJECTOR, THEMES, stored_for, theme_for

if TYPE_CHECKING:
    from workshop.tui.screens.main import MainScreen

bahasa.install()

DEMO_TITLE = "Contoh: Pendampingan Penyusunan SOP AP"
# How often the one watcher asks the store whether any file changed (``Store.changed``: one
# stat per data file, nothing read).
POLL_SECONDS = 0.5
_WORKSHOP_FILE_KEY = ""  # beside the unit slugs in a participant's tokens (never a slug)


def export_command(document: str, fmt: str) -> str:
    """The palette's name of an export: "Ekspor Buku SOP unit: Markdown (.md)"."""
    return f"Ekspor {document}: {fmt}"


def fit_terminal(width: object, height: object) -> tuple[int, int] | None:
    """A terminal size a browser tab asked for, within :data:`limits.TERMINAL_MAX_COLUMNS` x
    :data:`limits.TERMINAL_MAX_ROWS` (at least 1 x 1); None when it is no pair of numbers."""
    try:
        columns, rows = int(width), int(height)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        return None
    return (min(max(columns, 1), limits.TERMINAL_MAX_COLUMNS),
            min(max(rows, 1), limits.TERMINAL_MAX_ROWS))


def make_demo(target: Path, now: Callable[[], datetime] | None = None) -> None:
    """A fresh demo workshop in ``target``, dated to ``now``'s day (the shipped files are never
    opened for writing)."""
    try:
        from workshop.demo import create_demo  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        Store.create(target, DEMO_TITLE, now=now)
        return
    create_demo(target, now=now, today=(now or datetime.now)().date())


class WorkshopApp(App[None]):
    """``workshop``: folder to open (created after asking for a title when new); ``None`` shows
    the welcome screen. ``now``: the clock (tests pass a frozen one). ``recent_file``: where the
    recently opened folders are remembered. ``demo``: open a fresh demo copy at start."""

    CSS_PATH = "workshop.tcss"
    TITLE = "sop-workshop"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {WorkshopCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Keluar", priority=True),
        Binding("f1", "help", "Bantuan"),
        Binding("ctrl+t", "toggle_theme", "Tema"),
        Binding("f6", "sessions", "Sesi"),
        Binding("ctrl+c", "help_quit", show=False, system=True),
        Binding("ctrl+p", "command_palette", "Perintah", show=False, priority=True,
                tooltip="Buka palet perintah"),
    ]
    NOTIFICATION_TIMEOUT = 4

    def __init__(
        self,
        workshop: Path | None = None,
        *,
        now: Callable[[], datetime] | None = None,
        recent_file: Path | None = None,
        demo: bool = False,
        demo_dir: Path | None = None,
        participant: bool = False,
    ) -> None:
        super().__init__()
        self.participant = participant  # browser tab under ``serve``: unit + PIN, one unit only
        self.workshop_path = workshop
        self.now: Callable[[], datetime] = now or datetime.now
        self.recent_file = recent_file or default_recent_file()
        self.start_demo = demo
        self.demo_dir = demo_dir
        self.ctx: Context | None = None
        self.demo_path: Path | None = None  # the fresh demo copy, once made
        self._watching = False
        self._unit_tokens: dict[str, tuple[int, ...]] = {}  # slug -> token at the last change
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = CALM
        if participant:
            # A browser tab under ``serve``: every frame crosses the room's Wi-Fi and the
            # serve process, and forty of them share two cores (issue 21). No animations, and
            # no blinking cursor (two frames a second per idle tab): see on_descendant_focus.
            self.animation_level = "none"

    async def _on_resize(self, event: events.Resize) -> None:
        if self.participant:  # the size comes from a browser: see fit_terminal
            fitted = fit_terminal(event.size.width, event.size.height)
            if fitted is None:
                event.stop()
                return
            if fitted != tuple(event.size):
                size = Size(*fitted)
                if self._driver is not None:
                    self._driver._size = fitted
                event = events.Resize(size, size)
        await super()._on_resize(event)

    @property
    def _background_screens(self) -> list[Screen[object]]:
        """Screens that show through the top one: none when it is opaque.

        Textual (8.2) always counts the screen right under the top one as showing through,
        opaque or not; every update there (the SOP list under the editor re-reading after a
        save) then repainted the whole top screen, and marked itself to do so again on every
        later tick (issue 21: a full repaint of the editor per key, the largest part of a
        participant's CPU in a room of 40). Under an opaque screen nothing shows, so nothing is
        repainted; a dialog with a see-through background still shows the screens beneath."""
        stack = self._screen_stack
        if stack and stack[-1].styles.background.a == 1:
            return []
        return super()._background_screens

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if self.participant and isinstance(event.widget, Input | TextArea):
            event.widget.cursor_blink = False

    @functools.cached_property
    def guide(self) -> Guide:
        """The guideline (``templates/pedoman.yaml``), read on first use: a participant's
        process waits at its login screen without the YAML parser and the guide (~1.8 MB
        of each of forty processes, issue 21)."""
        return load_guide()

    # -- start -------------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        if self.participant and self.workshop_path is not None:
            from workshop.tui.screens.participant import ParticipantLoginScreen

            return ParticipantLoginScreen(self.workshop_path)

        from workshop.tui.screens.welcome import WelcomeScreen

        if self.workshop_path is not None or self.start_demo:
            # A workshop opens at once: the welcome screen is built only if it is needed (the
            # folder cannot be opened, or the workshop is closed), not under the main screen.
            return Screen()
        return WelcomeScreen(self.recent_file)

    def _show_welcome(self) -> None:
        """Make sure the screen under everything is the welcome screen (see above)."""
        from workshop.tui.screens.welcome import WelcomeScreen

        if self.participant or any(isinstance(s, WelcomeScreen) for s in self.screen_stack):
            return
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(WelcomeScreen(self.recent_file))  # over the blank default screen

    def on_mount(self) -> None:
        if self.participant:
            return
        if self.start_demo:
            self.open_demo()
        elif self.workshop_path is not None:
            self.open_workshop(self.workshop_path)

    def open_workshop(self, folder: Path) -> None:
        """Open ``folder``; ask for the event's title first when it is not a workshop yet."""
        if Store.is_workshop(folder):
            try:
                # Only workshop.json is read here: the unit files are read by the main screen
                # (after its first paint when the workshop is big), which names a damaged one.
                store = Store.open(folder, now=self.now)
                store.units()
            except StoreError as exc:
                self.notify(str(exc), title="Workshop tidak dapat dibuka", severity="error",
                            markup=False, timeout=15)
                self._show_welcome()
                return
            self._show_workshop(store)
            return
        if folder.exists() and not folder.is_dir():
            self.notify(f"{folder} adalah berkas, bukan folder.", severity="error",
                        markup=False)
            self._show_welcome()
            return
        from workshop.tui.dialogs import NewWorkshop, NewWorkshopScreen

        def done(result: NewWorkshop | None) -> None:
            if result is not None:
                self.create_workshop(folder, result.title)
            elif self.ctx is None:  # after the dialog has left the stack
                self.call_later(self._show_welcome)

        self.push_screen(NewWorkshopScreen(str(folder)), done)

    @on(InputDropped)
    def _input_dropped(self) -> None:
        self.notify("Tombol datang lebih cepat daripada yang dapat diolah aplikasi; sebagian "
                    "diabaikan. Periksa isian terakhir.", title="Ketikan terlalu cepat",
                    severity="warning", timeout=8)

    @on(UnitEntered)
    async def _unit_entered(self, message: UnitEntered) -> None:
        """A participant's PIN was right: hold the unit-scoped store, show the unit's screen."""
        from workshop.tui.screens.participant_unit import ParticipantScreen

        store, slug = message.store, message.slug
        self.ctx = Context(store=store, guide=self.guide, now=self.now, current_unit=slug)
        try:
            unit = store.unit(slug)
            self.sub_title = f"{unit.name} — {store.event().title}"
        except StoreError:
            pass
        await self.push_screen(ParticipantScreen(slug))  # mounted before the next message
        self._watch()

    def create_workshop(self, folder: Path, title: str) -> None:
        store = attempt(self, lambda: Store.create(folder, title, now=self.now),
                        "Workshop dibuat.")
        if store is not None:
            self._show_workshop(store)
        elif self.ctx is None:
            self._show_welcome()

    def _demo_target(self) -> Path:
        """The one demo folder, emptied for a fresh copy; a new folder beside it when that
        name is taken by something that is not a demo workshop (never deleted)."""
        target = Path(self.demo_dir or tempfile.gettempdir()) / DEMO_FOLDER
        if not target.is_symlink() and (not target.exists() or Store.is_workshop(target)):
            try:
                if target.exists():
                    shutil.rmtree(target)
                return target
            except OSError:
                pass
        return Path(tempfile.mkdtemp(prefix=DEMO_FOLDER + "-", dir=self.demo_dir))

    def open_demo(self) -> None:
        target = self._demo_target()
        try:
            make_demo(target, self.now)
        except StoreError as exc:
            self.notify(str(exc), title="Workshop contoh tidak lengkap", severity="warning",
                        markup=False, timeout=10)
            if not Store.is_workshop(target):
                try:
                    Store.create(target, DEMO_TITLE, now=self.now)
                except StoreError as again:
                    self.notify(str(again), title="Demo tidak dapat dibuat", severity="error",
                                markup=False)
                    if self.ctx is None:
                        self._show_welcome()
                    return
        self.demo_path = target
        self.notify(f"Salinan demo dibuat di {target}", markup=False, timeout=6)
        self.open_workshop(target)

    def _show_workshop(self, store: Store) -> None:
        from workshop.tui.screens.main import MainScreen

        self.ctx = Context(store=store, guide=self.guide, now=self.now)
        self._watch()
        remember(self.recent_file, store.path)
        self.sub_title = store.event().title
        self.theme = theme_for(store.event().theme)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(MainScreen())
        try:
            running = any(s.state in ("running", "paused") for s in store.sessions())
        except StoreError:
            running = False
        if running:  # the sessions screen (and its imports) only when there is one to resume
            from workshop.tui.sesi.screen import resume_session

            resume_session(self)  # back to a running session, same item and remaining time

    # -- the one watcher ---------------------------------------------------------------------

    def _watch(self) -> None:
        """Start the watcher (once; it idles while no workshop is open), from the unit files as
        they are now."""
        self._unit_tokens = self._tokens()
        if not self._watching:
            self._watching = True
            self.set_interval(POLL_SECONDS, self.check_store)

    def check_store(self) -> None:
        """Tell every screen when the workshop's files changed, and which units' files: the
        only place that asks the store (screens neither poll nor call each other)."""
        ctx = self.ctx
        if ctx is None or not ctx.store.changed():
            return
        tokens = self._tokens()
        before, self._unit_tokens = self._unit_tokens, tokens
        changed = {s for s in before.keys() | tokens.keys() if before.get(s) != tokens.get(s)}
        if self.participant and not changed:
            return  # another unit's save: nothing this participant shows
        units = frozenset(changed - {_WORKSHOP_FILE_KEY})
        for screen in list(self.screen_stack):
            screen.post_message(WorkshopChanged(units))

    def _tokens(self) -> dict[str, tuple[int, ...]]:
        """slug -> the unit file's change token (a stat, nothing read).

        A participant watches only its own unit's file and the workshop file: in a room of N
        participants every save used to make the N-1 others decode the workshop file, re-read
        and send a heartbeat (issue 21: O(N^2) work on two cores)."""
        ctx = self.ctx
        if ctx is None:
            return {}
        if self.participant and ctx.current_unit:
            return {ctx.current_unit: ctx.store.unit_token(ctx.current_unit),
                    _WORKSHOP_FILE_KEY: ctx.store.workshop_token()}
        try:
            return {u.slug: ctx.store.unit_token(u.slug) for u in ctx.store.units()}
        except StoreError:
            return {}  # a damaged file: the screens' refresh names it

    def close_workshop(self) -> None:
        self.ctx = None
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self._show_welcome()
        self.theme = CALM

    # -- actions -----------------------------------------------------------------------------

    def action_help_quit(self) -> None:
        """ctrl+c copies (in a box); say how to quit, in Bahasa Indonesia."""
        self.notify(bahasa.quit_hint("ctrl+q"), title=bahasa.QUIT_TITLE, markup=False)

    def action_help(self) -> None:
        from workshop.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.guide))

    def action_sessions(self) -> None:
        """Sessions: agenda, timer, attendance, minutes (issue 5)."""
        if self.participant:
            return
        from workshop.tui.sesi.screen import open_sessions

        open_sessions(self)

    def action_command_palette(self) -> None:
        """The palette, with an Indonesian prompt."""
        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(Palette(placeholder="Cari perintah…", id="--command-palette"))

    def action_toggle_theme(self) -> None:
        self.set_theme(PROJECTOR if self.theme != PROJECTOR else CALM)

    def set_theme(self, name: str) -> None:
        self.theme = name
        ctx = self.ctx
        if ctx is not None and not self.participant:  # the theme is the facilitator's
            stored = stored_for(name)
            if ctx.store.event().theme != stored:
                attempt(self, lambda: ctx.store.update_event(theme=stored))
        self.notify("Tema proyektor" if name == PROJECTOR else "Tema tenang", timeout=2)

    def _main(self) -> MainScreen | None:
        from workshop.tui.screens.main import MainScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    def go_stage(self, stage_id: str) -> None:
        from workshop.tui.screens.main import MainScreen

        main = self._main()
        if not isinstance(main, MainScreen):
            return
        while self.screen is not main:
            self.pop_screen()
        main.show_stage(stage_id)

    def pengembangan_action(self, action: str) -> None:
        """Show the Pengembangan stage, then run one of its pane's actions (once mounted)."""
        from workshop.tui.screens.main import MainScreen

        main = self._main()
        if not isinstance(main, MainScreen) or self.ctx is None:
            return
        self.go_stage("pengembangan")

        def run(tries: int = 20) -> None:
            panes = main.query("#pengembangan").results()
            pane = next(iter(panes), None)
            if pane is None or not pane.is_mounted:
                if tries:
                    self.set_timer(0.05, lambda: run(tries - 1))
                return
            getattr(pane, action)()

        self.call_after_refresh(run)

    def check_sops(self) -> None:
        """"Periksa SOP": in the editor, that SOP; elsewhere every SOP of the current unit.
        The counts come as a toast (the editor's panel lists each finding)."""
        from workshop.rules import ERROR, check_sop
        from workshop.tui.stages.pengembangan.editor import EditorScreen

        editor = next((s for s in reversed(self.screen_stack) if isinstance(s, EditorScreen)),
                      None)
        if editor is not None:
            editor.action_check()
            return
        ctx = self.ctx
        unit = ctx.current_unit if ctx is not None else None
        if ctx is None or unit is None:
            self.notify("Pilih unit dulu.", severity="warning")
            return
        records = attempt(self, lambda: ctx.store.sops(unit))
        if records is None:
            return
        errors = warnings = failing = 0
        for record in records:
            findings = check_sop(record.sop)
            e = sum(f.severity == ERROR for f in findings)
            errors += e
            warnings += len(findings) - e
            failing += bool(e)
        self.notify(f"Periksa SOP: {len(records)} SOP, {failing} dengan kesalahan; "
                    f"{errors} kesalahan, {warnings} peringatan. Buka SOP untuk rinciannya.",
                    title="Periksa SOP", markup=False, timeout=8,
                    severity="warning" if errors else "information")

    def persiapan_action(self, tab: str, action: str, unit: str | None = None) -> None:
        from workshop.tui.screens.main import MainScreen
        from workshop.tui.stages.persiapan.pane import PersiapanPane, TeamPanel, UnitsPanel

        main = self._main()
        if not isinstance(main, MainScreen) or self.ctx is None:
            return
        if unit is not None:
            self.ctx.current_unit = unit
        self.go_stage("persiapan")
        pane = main.query_one(PersiapanPane)
        pane.show_tab(tab)
        pane.refresh_data()
        if action == "add_unit":
            pane.query_one(UnitsPanel).action_add()
        elif action == "paste_units":
            pane.query_one(UnitsPanel).action_paste()
        elif action == "add_member":
            pane.query_one(TeamPanel).action_add_member()

    def projector_view(self) -> None:
        from workshop.tui.screens.board import ProjectorBoardScreen

        if self.ctx is not None:
            self.push_screen(ProjectorBoardScreen())

    def export(self, fmt: str, what: str) -> None:
        """Open the export screen with ``what`` and ``fmt`` chosen and run that export at once
        (``fmt`` "yaml" without ``what``: the whole workshop as a bundle)."""
        from workshop.tui.screens.export import open_export

        open_export(self, what or "bundel", fmt, start=True)

    def open_export_screen(self) -> None:
        """The export screen: choose what, units, format and folder; preview; export."""
        from workshop.tui.screens.export import open_export

        open_export(self)

    def palette_commands(self) -> list[PaletteCommand]:
        """Every action of the app, as commands for the palette."""
        from workshop.tui.screens.export_plan import formats_for
        from workshop.tui.stages.pengembangan.editor import editor_commands

        if self.participant:
            from workshop.tui.screens.participant_unit import participant_commands

            return [*editor_commands(self), *participant_commands(self)]
        commands = [
            *editor_commands(self),
            PaletteCommand("Bantuan", "Tombol dan lima tahapan (F1)", self.action_help),
            PaletteCommand("Tema: tenang", "Tema bawaan yang tenang",
                           bind(self.set_theme, CALM)),
            PaletteCommand("Tema: proyektor", "Kontras tinggi, terbaca dari belakang ruangan",
                           bind(self.set_theme, PROJECTOR)),
            PaletteCommand("Keluar", "Tutup aplikasi (ctrl+q)", self.exit),
        ]
        ctx = self.ctx
        if ctx is None:
            from workshop.tui.screens.welcome import WelcomeScreen

            def welcome(action: str) -> Callable[[], None]:
                def run() -> None:
                    screen = self.screen
                    if isinstance(screen, WelcomeScreen):
                        getattr(screen, f"action_{action}")()
                return run

            return [
                PaletteCommand("Workshop baru", "Buat folder workshop baru", welcome("new")),
                PaletteCommand("Buka folder workshop", "Buka workshop yang ada",
                               welcome("open")),
                PaletteCommand("Demo", "Buka salinan baru workshop contoh", welcome("demo")),
                *commands,
            ]
        for number, stage in enumerate(self.guide.stages, start=1):
            commands.append(PaletteCommand(f"Tahap {number}: {stage.name}",
                                           "Tampilkan tahap ini", bind(self.go_stage, stage.id)))
        commands += [
            PaletteCommand("Papan kemajuan", "Semua unit x lima tahap",
                           bind(self.go_stage, "papan")),
            PaletteCommand("Papan kemajuan: tampilan proyektor", "Papan besar untuk proyektor",
                           self.projector_view),
            PaletteCommand("Data kegiatan", "Judul, penyelenggara, tempat, tanggal, fasilitator",
                           bind(self.persiapan_action, "tab-kegiatan", "")),
            PaletteCommand("Tambah unit", "Tambah satu unit (OPD)",
                           bind(self.persiapan_action, "tab-unit", "add_unit")),
            PaletteCommand("Tempel daftar unit", "Tambah banyak unit sekaligus",
                           bind(self.persiapan_action, "tab-unit", "paste_units")),
            PaletteCommand("Kesiapan unit", "Daftar periksa kesiapan per unit",
                           bind(self.persiapan_action, "tab-kesiapan", "")),
            PaletteCommand("SOP baru dari templat", "Tahap Pengembangan: pilih SOP umum (t)",
                           bind(self.pengembangan_action, "action_new_template")),
            PaletteCommand("SOP baru (kosong)", "Tahap Pengembangan: SOP baru (n)",
                           bind(self.pengembangan_action, "action_new_blank")),
            PaletteCommand("Periksa SOP", "Periksa SOP unit ini menurut pedoman: kesalahan "
                           "dan peringatan", self.check_sops),
            PaletteCommand("Ekspor…", "Pilih dokumen, unit, format dan folder; pratinjau",
                           self.open_export_screen),
            *[PaletteCommand(export_command(document.label, name), "Ke folder exports/ workshop",
                             bind(self.export, fmt, document.key))
              for document in DOCUMENTS for fmt, name in formats_for(document.key)],
            PaletteCommand("Ekspor bundel YAML", "Seluruh workshop sebagai bundel",
                           bind(self.export, "yaml", "")),
            PaletteCommand("Tutup workshop", "Kembali ke layar sambutan", self.close_workshop),
        ]
        from workshop.tui.sesi.screen import session_commands

        commands += session_commands(self)
        from workshop.tui.screens.participant_presence import presence_commands

        commands += presence_commands(self)
        from workshop.tui.screens.sync import sync_commands

        commands += sync_commands(self)
        try:
            units = ctx.store.units()
        except StoreError:
            units = []
        for unit in units:
            commands.append(PaletteCommand(f"Buka unit: {unit.name}", "Tim penyusun unit ini",
                                           bind(self.persiapan_action, "tab-tim", "", unit.slug)))
            commands.append(PaletteCommand(f"Tambah anggota tim: {unit.name}",
                                           "Anggota Tim Penyusun SOP",
                                           bind(self.persiapan_action, "tab-tim", "add_member",
                                                unit.slug)))
        return commands
