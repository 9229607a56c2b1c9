"""Participant mode (one browser tab under ``sop-workshop serve``): choose the unit, enter its
PIN, then work on that unit only — its SOP list, the editor (flowchart and checks inside), its
Tabel 6 — with live updates and downloads of the unit's documents.

What a participant may change is enforced by the store: after the PIN the app holds a store
opened with ``scope=<unit>`` only, which refuses writes to any other unit.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import (
    Button,
    Input,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from workshop import presence
from workshop.datetext import wait_text
from workshop.export.markdown import needs_markdown
from workshop.export.naming import slugify
from workshop.export.sop_document import SopDocument
from workshop.exporting import render_sop, store_document_context
from workshop.model import SopRecord
from workshop.status import is_in_force
from workshop.store import CLIENT_ENV, Store, StoreError
from workshop.tui.commands import PaletteCommand, bind
from workshop.tui.context import context_of
from workshop.tui.messages import UnitEntered, WorkshopChanged
from workshop.tui.stages.kebutuhan.common import NeedsChanged
from workshop.tui.stages.kebutuhan.tabel6 import Tabel6Panel
from workshop.tui.stages.pengembangan.editor import EditorScreen
from workshop.tui.stages.pengembangan.live_editor import LiveEditorScreen
from workshop.tui.stages.pengembangan.pane import PengembanganPane
from workshop.tui.widgets.footer import KeyFooter
from workshop.tui.widgets.tabs import show_tab

LOGIN_SCOPE = "(belum masuk)"  # slugify never makes brackets or spaces
LOGIN_IDLE_SECONDS = 10 * 60.0  # a tab that has not logged in by then is closed (frees a place)


# ---------------------------------------------------------------------------------------------
# The PIN gate
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PinResult:
    ok: bool
    message: str


class PinGate:
    """The unit PIN, tried through the store: the wrong tries are counted per unit and per
    browser address in one step under the store's lock (``workshop/store/pins.py``), so a
    reloaded tab or ten tabs at once get no extra guesses."""

    def __init__(self, store: Store, *, client: str = "",
                 now: Callable[[], float] = time.time) -> None:
        self.store = store
        self.client = client
        self._now = now

    def attempt(self, unit: str, pin: str) -> PinResult:
        if not pin.strip():
            return PinResult(False, "Isi PIN unit (6 angka dari fasilitator).")
        try:
            check = self.store.try_pin(unit, pin, client=self.client, at=self._now())
        except StoreError as exc:
            return PinResult(False, str(exc))
        if check.ok:
            return PinResult(True, "PIN benar.")
        if not check.checked:
            if check.wait <= 0:
                return PinResult(False, "Unit itu tidak ada lagi. Muat ulang halaman ini.")
            return PinResult(False, f"Terlalu banyak PIN salah. Tunggu "
                                    f"{wait_text(check.wait)}, lalu coba lagi.")
        if check.wait > 0:
            return PinResult(False, f"PIN salah. Tunggu {wait_text(check.wait)} sebelum "
                                    "mencoba lagi.")
        return PinResult(False, f"PIN salah. Sisa percobaan: {check.tries_left}.")


# ---------------------------------------------------------------------------------------------
# Login
# ---------------------------------------------------------------------------------------------


class ParticipantLoginScreen(Screen[None]):
    """Choose the unit and enter its PIN."""

    DEFAULT_CSS = """
    ParticipantLoginScreen { align: center middle; }
    ParticipantLoginScreen #login-box {
        width: 64; max-width: 100%; height: auto; border: round $accent; padding: 1 2;
    }
    ParticipantLoginScreen #login-title { text-style: bold; color: $accent; }
    ParticipantLoginScreen Label { margin-top: 1; }
    ParticipantLoginScreen #login-message { margin-top: 1; height: auto; }
    ParticipantLoginScreen #login-ok { margin-top: 1; }
    """

    def __init__(self, folder: Path, *, clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.folder = folder
        self._store: Store | None = None
        self._problem = ""
        try:
            # A scope that is no unit's slug: this store may read (units, PIN check) but every
            # write to the workshop or to a unit is refused, even by a bug in a screen.
            if not Store.is_workshop(folder):
                raise StoreError(f"{folder} bukan folder workshop.")
            self._store = Store(folder, LOGIN_SCOPE)
            self._store.units()
        except StoreError as exc:
            self._store = None
            self._problem = str(exc)
        self.gate = PinGate(self._store, client=os.environ.get(CLIENT_ENV, ""), now=clock) \
            if self._store is not None else None

    def compose(self) -> ComposeResult:
        units = self._store.units() if self._store is not None else []
        title = self._store.event().title if self._store is not None else ""
        with Vertical(id="login-box"):
            yield Static("Masuk sebagai peserta", id="login-title")
            yield Static(Text(title), id="login-event")
            yield Label("Unit (OPD)")
            yield Select[str]([(Text(u.name), u.slug) for u in units], prompt="Pilih unit Anda",
                              id="login-unit")
            yield Label("PIN unit")
            yield Input(placeholder="6 angka dari fasilitator", password=True, id="login-pin",
                        max_length=12)
            yield Button("Masuk", variant="primary", id="login-ok", compact=True)
            yield Static(Text(self._problem or (
                "" if units else "Belum ada unit. Minta fasilitator menambahkan unit.")),
                id="login-message")

    def on_mount(self) -> None:
        self.query_one("#login-unit", Select).focus()
        # A tab left at the login holds a process and one of serve's places: close it.
        self.set_timer(LOGIN_IDLE_SECONDS, self._idle)

    def _idle(self) -> None:
        if self.app.screen is self:
            self.app.exit(message=f"Tidak masuk dalam {wait_text(LOGIN_IDLE_SECONDS)}; "
                                  "sesi ditutup.")

    @on(Select.Changed, "#login-unit")
    def _unit_chosen(self) -> None:
        self.query_one("#login-pin", Input).focus()

    @on(Input.Submitted, "#login-pin")
    @on(Button.Pressed, "#login-ok")
    def submit(self) -> None:
        message = self.query_one("#login-message", Static)
        value = self.query_one("#login-unit", Select).value
        if not isinstance(value, str):
            message.update(Text("Pilih unit Anda dulu.", style="bold"))
            return
        pin_box = self.query_one("#login-pin", Input)
        if self.gate is None:
            message.update(Text(self._problem, style="bold red"))
            return
        result = self.gate.attempt(value, pin_box.value)
        if not result.ok:
            pin_box.value = ""
            message.update(Text(result.message, style="bold red"))
            return
        try:
            store = Store.open(self.folder, scope=value, now=getattr(self.app, "now", None))
        except StoreError as exc:
            message.update(Text(str(exc), style="bold red"))
            return
        self._store = None
        self.post_message(UnitEntered(store, value))  # the app holds it


# ---------------------------------------------------------------------------------------------
# The unit's screen
# ---------------------------------------------------------------------------------------------


class ParticipantSops(PengembanganPane):
    """The SOP list of the participant's own unit only (no unit picker choice)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("u", "download('md')", "Unduh .md"),
        Binding("h", "download('html')", "Unduh .html"),
        Binding("i", "import_file", "Impor", show=False),
    ]

    def refresh_data(self) -> None:
        ctx = context_of(self)
        slug = ctx.store.scope
        picker: Select[str] = self.query_one("#dev-unit", Select)
        if getattr(picker, "_signature", None) is None:
            try:
                name = ctx.store.unit(slug).name
            except StoreError as exc:
                self.query_one("#sop-empty", Static).update(str(exc))
                return
            picker._signature = [(name, slug)]  # type: ignore[attr-defined]
            with picker.prevent(Select.Changed):
                picker.set_options([(Text(name), slug)])
                picker.value = slug
            picker.disabled = True
        self.show_unit()

    def on_mount(self) -> None:
        self.query_one(".hint", Static).update(
            "Enter: buka · n: baru · t: dari templat · k: dari kebutuhan · s: status · "
            "u/h: unduh SOP (.md/.html)")

    def action_import_file(self) -> None:
        # A path typed in a browser would name a file on the facilitator's computer.
        self.notify("Impor berkas tidak tersedia di mode peserta. Kirim berkasnya ke "
                    "fasilitator.", severity="warning")

    def open_editor(self, sop_id: str) -> None:
        unit = self.unit_slug
        if unit is not None:
            self.app.push_screen(LiveEditorScreen(unit, sop_id))

    def action_download(self, fmt: str) -> None:
        record = self._chosen()
        if record is None:
            self.notify("Pilih SOP dulu.", severity="warning")
            return
        store = context_of(self).store
        unit = store.unit(self.unit_slug) if self.unit_slug else None
        deliver_sop(self.app, record, fmt, store_document_context(store).document(record, unit))


def sop_document(record: SopRecord, fmt: str,
                 doc: SopDocument | None = None) -> tuple[str, str]:
    """(file name, text) of one SOP as Markdown or print HTML; ``doc``: its official document
    with the workshop's settings (the export command's:
    ``exporting.store_document_context``)."""
    stem = slugify(record.sop.title)
    text = render_sop(record.sop, fmt, status=record.status,
                      approved=is_in_force(record.status), doc=doc)
    assert isinstance(text, str)  # md and html are texts
    return f"{stem}.{fmt}", text


def deliver_sop(app: object, record: SopRecord, fmt: str,
                doc: SopDocument | None = None) -> None:
    """Send one SOP to the browser as a download (in a terminal: saved by Textual)."""
    from textual.app import App

    assert isinstance(app, App)
    name, text = sop_document(record, fmt, doc)
    app.deliver_text(io.StringIO(text), save_filename=name,
                     mime_type="text/markdown" if fmt == "md" else "text/html")
    app.notify(f"Mengunduh {name}", markup=False, timeout=4)


class ParticipantNeeds(Vertical):
    """Tabel 6 of the participant's unit."""

    def on_mount(self) -> None:
        self.call_after_refresh(self.refresh_data)

    def compose(self) -> ComposeResult:
        yield Tabel6Panel(id="needs-tabel6")

    def refresh_data(self) -> None:
        if not self.is_mounted:
            return
        store = context_of(self).store
        try:
            unit = store.unit(store.scope)
            rows = store.needs(unit.slug)
        except StoreError as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            return
        self.query_one(Tabel6Panel).show(unit, rows)

    def on_needs_changed(self, message: NeedsChanged) -> None:
        message.stop()
        self.refresh_data()

    def download(self) -> None:
        store = context_of(self).store
        try:
            unit = store.unit(store.scope)
            text = needs_markdown(unit, store.needs(unit.slug))
        except StoreError as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            return
        name = f"tabel6-{unit.slug}.md"
        self.app.deliver_text(io.StringIO(text), save_filename=name, mime_type="text/markdown")
        self.app.notify(f"Mengunduh {name}", markup=False, timeout=4)


class ParticipantScreen(Screen[None]):
    """Everything one unit's team works on, kept live."""

    DEFAULT_CSS = """
    ParticipantScreen #participant-head { height: 1; background: $primary; color: $text;
                                          padding: 0 1; }
    ParticipantScreen TabbedContent { height: 1fr; }
    ParticipantScreen TabPane { height: 1fr; padding: 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "tab('tab-sop')", "SOP"),
        Binding("f3", "tab('tab-tabel6')", "Tabel 6"),
    ]

    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug
        self.heartbeat: presence.Heartbeat | None = None

    def compose(self) -> ComposeResult:
        store = context_of(self).store
        try:
            unit_name = store.unit(self.slug).name
        except StoreError:
            unit_name = self.slug
        with Horizontal(id="participant-head"):
            yield Static(Text(f"Peserta: {unit_name}"), id="participant-unit")
        with TabbedContent(id="participant-tabs", initial="tab-sop"):
            with TabPane("SOP unit", id="tab-sop"):
                yield ParticipantSops(id="pengembangan")
            with TabPane("Tabel 6 (kebutuhan)", id="tab-tabel6"):
                yield ParticipantNeeds(id="participant-needs")
        yield KeyFooter()

    def on_mount(self) -> None:
        ctx = context_of(self)
        self.heartbeat = presence.Heartbeat(ctx.store, self.slug)
        self.heartbeat.beat()
        self.call_after_refresh(self._refresh_visible)
        self.set_interval(presence.HEARTBEAT_SECONDS, self._beat)

    def on_unmount(self) -> None:
        if self.heartbeat is not None:
            self.heartbeat.leave()

    def on_screen_resume(self) -> None:
        self._beat()
        self._refresh_visible()

    def _refresh_visible(self) -> None:
        sops = self.query(ParticipantSops)
        needs_panes = self.query(ParticipantNeeds)
        if not sops or not needs_panes:
            return
        if self.query_one(TabbedContent).active == "tab-tabel6":
            needs_panes.first().refresh_data()
        else:
            sops.first().refresh_data()

    def _beat(self, *, renew: bool = True) -> None:
        """Say which SOP is open when that changed; else renew the heartbeat (``renew``)."""
        beat = self.heartbeat
        if beat is None:
            return
        screen = self.app.screen
        if isinstance(screen, EditorScreen) and screen.record is not None:
            if beat.sop_id != screen.sop_id or beat.sop_title != screen.editor.sop.title:
                beat.editing(screen.sop_id, screen.editor.sop.title)
                return
        elif screen is self and beat.sop_id:
            beat.editing("", "")
            return
        if renew:
            beat.beat()

    @on(WorkshopChanged)
    def _workshop_changed(self, message: WorkshopChanged) -> None:
        # The SOP's title may have changed (no heartbeat file written otherwise: the timer
        # renews it); the list re-reads only for the own unit or the workshop file.
        self._beat(renew=False)
        if self.app.screen is self and (not message.units or self.slug in message.units):
            self._refresh_visible()

    def action_tab(self, tab: str) -> None:
        show_tab(self.query_one(TabbedContent), tab)

    @on(TabbedContent.TabActivated, "#participant-tabs")
    def _tab_changed(self) -> None:
        self._refresh_visible()


def participant_commands(app: App[Any]) -> list[PaletteCommand]:
    """The palette of a participant: only what concerns the own unit."""
    commands = [PaletteCommand("Keluar", "Tutup tab peserta (ctrl+q)", app.exit)]
    screen = next((s for s in app.screen_stack if isinstance(s, ParticipantScreen)), None)
    if screen is None:
        return commands
    sops = screen.query_one(ParticipantSops)
    needs_pane = screen.query_one(ParticipantNeeds)
    return [
        PaletteCommand("SOP unit", "Daftar SOP unit Anda", bind(screen.action_tab, "tab-sop")),
        PaletteCommand("Tabel 6", "Identifikasi kebutuhan SOP unit Anda",
                       bind(screen.action_tab, "tab-tabel6")),
        PaletteCommand("Unduh SOP terpilih (Markdown)", "Draf SOP sebagai berkas .md",
                       bind(sops.action_download, "md")),
        PaletteCommand("Unduh SOP terpilih (HTML cetak)", "SOP dengan bagan alir, siap cetak",
                       bind(sops.action_download, "html")),
        PaletteCommand("Unduh Tabel 6 (Markdown)", "Formulir identifikasi SOP unit Anda",
                       needs_pane.download),
        *commands,
    ]
