"""Participant mode after the PIN: the unit's screen — its SOP list, the editor (flowchart and
checks inside), its Tabel 6 — with live updates and downloads of the unit's documents.

Apart from :mod:`workshop.tui.screens.participant` (the login) so that a browser tab's process
imports the editor, the SOP list, Tabel 6 and the exporters only once the PIN was right:
~4.5 MB of each participant process waiting at the login screen (issue 21).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import (
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from workshop import presence
from workshop.export.naming import slugify
from workshop.model import SopRecord
from workshop.status import is_in_force
from workshop.store import StoreError
from workshop.tui.commands import PaletteCommand, bind
from workshop.tui.context import context_of
from workshop.tui.messages import WorkshopChanged
from workshop.tui.stages.kebutuhan.common import NeedsChanged
from workshop.tui.stages.kebutuhan.tabel6 import Tabel6Panel
from workshop.tui.stages.pengembangan.editor import EditorScreen
from workshop.tui.stages.pengembangan.live_editor import LiveEditorScreen
from workshop.tui.stages.pengembangan.pane import PengembanganPane
from workshop.tui.widgets.footer import KeyFooter
from workshop.tui.widgets.tabs import WorkshopTabs, show_tab

if TYPE_CHECKING:
    from workshop.export.sop_document import SopDocument


class ParticipantSops(PengembanganPane):
    """The SOP list of the participant's own unit only (no unit picker choice)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("u", "download('md')", "Unduh .md"),
        Binding("h", "download('html')", "Unduh .html"),
        Binding("w", "download('docx')", "Unduh Word"),
        Binding("p", "download('pdf')", "Unduh PDF"),
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
            "u/h/w/p: unduh SOP (.md/.html/Word/PDF)")

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
        from workshop.exporting import store_document_context  # on the first download

        store = context_of(self).store
        unit = store.unit(self.unit_slug) if self.unit_slug else None
        deliver_sop(self.app, record, fmt, store_document_context(store).document(record, unit))


def sop_document(record: SopRecord, fmt: str,
                 doc: SopDocument | None = None) -> tuple[str, str | bytes]:
    """(file name, content) of one SOP in ``fmt`` (md, html: text; docx, pdf: bytes);
    ``doc``: its official document with the workshop's settings (the export command's:
    ``exporting.store_document_context``)."""
    # Imported on the first download: the exporters (Markdown parser, HTML, SVG, Word, PDF)
    # are megabytes of every participant process otherwise (issue 21).
    from workshop.exporting import render_sop

    stem = slugify(record.sop.title)
    content = render_sop(record.sop, fmt, status=record.status,
                         approved=is_in_force(record.status), doc=doc)
    return f"{stem}.{fmt}", content


def deliver_sop(app: object, record: SopRecord, fmt: str,
                doc: SopDocument | None = None) -> None:
    """Send one SOP to the browser as a download (in a terminal: saved by Textual)."""
    from textual.app import App

    from workshop import documents

    assert isinstance(app, App)
    name, content = sop_document(record, fmt, doc)
    kind = documents.find_format(fmt)
    mime = kind.mime if kind is not None else "text/plain"
    if isinstance(content, bytes):
        app.deliver_binary(io.BytesIO(content), save_filename=name, mime_type=mime)
    else:
        app.deliver_text(io.StringIO(content), save_filename=name, mime_type=mime)
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
        from workshop.export.markdown import needs_markdown

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

    # The SOP list has the keys from the start (Textual would focus the tab bar first, where
    # Enter, n, u ... do nothing until the participant tabs into the list).
    AUTO_FOCUS = "#sop-list"

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
        with WorkshopTabs(id="participant-tabs", initial="tab-sop"):
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
        PaletteCommand("Unduh SOP terpilih (Word)", "SOP resmi sebagai .docx untuk diubah",
                       bind(sops.action_download, "docx")),
        PaletteCommand("Unduh SOP terpilih (PDF)", "SOP resmi siap cetak dan ditandatangani",
                       bind(sops.action_download, "pdf")),
        PaletteCommand("Unduh Tabel 6 (Markdown)", "Formulir identifikasi SOP unit Anda",
                       needs_pane.download),
        *commands,
    ]
