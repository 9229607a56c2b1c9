"""Penerapan: a unit's approved SOPs with their sosialisasi, pelatihan and distribusi records,
the unit's plan of what is still to be done, and the keselarasan (hand-off) check."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from workshop.model import ImplementationRecord, SopRecord
from workshop.pedoman import Pedoman, load_pedoman
from workshop.stages.monev.monev import implementation_plan, record_implementation
from workshop.stages.pengembangan.handoff import HandoffFinding, check_handoffs
from workshop.status import is_in_force
from workshop.store import StoreError
from workshop.tui.context import context_of
from workshop.tui.guide import StageInfo
from workshop.tui.stages.base import StagePane, unit_records
from workshop.tui.stages.monev.common import all_records, save_record, today_of
from workshop.tui.stages.monev.dialogs import ImplementationDialog
from workshop.tui.stages.pengembangan.editor import STATUS_LABELS
from workshop.tui.widgets.fit_table import Column, FitTable

HANDOFF_COLUMNS = (Column("sop", "SOP", 1), Column("step", "Langkah"),
                   Column("finding", "Temuan", 3, wrap=True))


def implementation_cells(record: SopRecord, kinds: list[str]) -> list[str]:
    """Per kind: how many records and the latest date, e.g. "2× 2018-08-01"; "-" when none."""
    cells = []
    for kind in kinds:
        done = [i for i in record.implementation if i.kind == kind]
        if not done:
            cells.append("-")
            continue
        latest = max((i.date or "" for i in done), default="")
        cells.append(f"{len(done)}× {latest}".strip())
    return cells


def plan_text(records: list[SopRecord], pedoman: Pedoman) -> Text:
    names = {k.id: k.name.lower() for k in pedoman.implementation_kinds}
    plan = implementation_plan(records, pedoman)
    text = Text("Rencana penerapan: ", style="bold")
    if not any(is_in_force(r.status) for r in records):
        text.append("belum ada SOP yang disahkan.")
        return text
    if not plan:
        text.append("semua SOP sudah disosialisasikan, dilatihkan dan didistribusikan.",
                    style="green")
        return text
    text.append(f"{len(plan)} SOP masih perlu ditindaklanjuti")
    for record, missing in plan:
        text.append("\n  • ")
        text.append(record.sop.title or "(tanpa nama)")
        text.append(": belum " + ", ".join(names.get(k, k) for k in missing))
    return text


class PenerapanPane(StagePane, Vertical):
    """Penerapan of the chosen unit."""

    UNIT_PICKER = "impl-unit"
    FOCUS = "#impl-list"
    PROBLEM = "#impl-empty"

    DEFAULT_CSS = """
    PenerapanPane #impl-list { height: 1fr; min-height: 4; margin: 0 1; }
    PenerapanPane #impl-plan { height: auto; max-height: 8; margin: 0 1; }
    PenerapanPane #handoff-title { height: auto; margin: 1 1 0 1; }
    PenerapanPane #handoff-list { height: 1fr; min-height: 4; margin: 0 1; }
    PenerapanPane #impl-empty { height: auto; margin: 0 1; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "record", "Catat penerapan"),
        Binding("h", "check", "Periksa keselarasan"),
    ]

    def __init__(self, stage: StageInfo | None = None, *, id: str | None = None) -> None:
        super().__init__(stage, id=id)
        self._records: list[SopRecord] = []
        self._pedoman = load_pedoman()
        self._handoffs: list[HandoffFinding] = []
        self._handoff_token: tuple[int, ...] | None = None
        self._checked_once = False

    def compose(self) -> ComposeResult:
        yield Static(Text("Penerapan SOP", style="bold"), classes="pane-head pane-title")
        yield from self.compose_unit_bar()
        yield Static("r: catat sosialisasi / pelatihan / distribusi · h: periksa keselarasan",
                     classes="hint")
        yield FitTable(id="impl-list")
        yield Static("", id="impl-empty", markup=False)
        yield Static("", id="impl-plan", markup=False)
        yield Static("", id="handoff-title", markup=False)
        yield FitTable(HANDOFF_COLUMNS, id="handoff-list")

    def on_mount(self) -> None:
        self.query_one("#impl-list", FitTable).set_columns((
            Column("no", "No"), Column("title", "Nama SOP", 4), Column("status", "Status"),
            *[Column(f"kind-{k.id}", k.name, 1) for k in self._pedoman.implementation_kinds],
            Column("reached", "Dijangkau", short="Org")))

    def show_unit(self) -> None:
        table = self.query_one("#impl-list", FitTable)
        empty = self.query_one("#impl-empty", Static)
        records = unit_records(self, table, empty)
        if records is None:
            if self.unit_slug is None:
                self._records = []
            return
        shown = [r for r in records if is_in_force(r.status) or r.implementation]
        kinds = [k.id for k in self._pedoman.implementation_kinds]
        row = table.cursor_row
        self._records = shown
        table.fill([
            (record.id, (str(number), record.sop.title or "(tanpa nama)",
                         STATUS_LABELS.get(record.status, record.status),
                         *implementation_cells(record, kinds),
                         str(sum(i.reached for i in record.implementation))))
            for number, record in enumerate(shown, start=1)])
        if shown:
            table.move_cursor(row=min(max(row, 0), len(shown) - 1), animate=False)
        empty.update("" if shown else "Belum ada SOP yang disahkan di unit ini. SOP disahkan "
                     "di tahap Pengembangan (F4 di editor).")
        self.query_one("#impl-plan", Static).update(plan_text(records, self._pedoman))
        self._fill_handoffs()

    # -- keselarasan --------------------------------------------------------------------------

    def _fill_handoffs(self, *, force: bool = False) -> None:
        """Show the findings of the chosen unit; the check itself (all units) runs in a thread
        when the workshop changed, so a province-scale workshop never blocks the screen."""
        ctx = context_of(self)
        token = ctx.store.change_token()
        if force or token != self._handoff_token:
            self._handoff_token = token
            self._check_in_thread(force)
        self._show_handoffs()

    @work(thread=True, exclusive=True, group="handoff")
    def _check_in_thread(self, announce: bool) -> None:
        store = context_of(self).store
        try:
            found = check_handoffs(all_records(store), pedoman=self._pedoman)
        except StoreError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self._checked, found, announce)

    def _checked(self, found: list[HandoffFinding], announce: bool) -> None:
        self._handoffs = found
        self._checked_once = True
        self._show_handoffs()
        if announce:
            unit = self.unit_slug
            count = sum(1 for h in found if h.where.unit == unit)
            self.notify(f"Keselarasan diperiksa: {count} temuan di unit ini, "
                        f"{len(found)} di seluruh workshop.", markup=False, timeout=4)

    def _show_handoffs(self) -> None:
        unit = self.unit_slug
        mine = [h for h in self._handoffs if h.where.unit == unit]
        self.query_one("#handoff-list", FitTable).fill([
            (str(number), (h.where.title or "(tanpa nama)",
                           str(h.finding.step) if h.finding.step else "-", h.finding.message))
            for number, h in enumerate(mine)])
        title = Text("Keselarasan (serah-terima antar-SOP dan antar-unit): ", style="bold")
        if not self._checked_once:
            title.append("memeriksa…")
        else:
            title.append(f"{len(mine)} temuan" if mine else "tidak ada temuan",
                         style="" if mine else "green")
        self.query_one("#handoff-title", Static).update(title)

    def action_check(self) -> None:
        self._fill_handoffs(force=True)

    # -- recording ----------------------------------------------------------------------------

    def _chosen(self) -> SopRecord | None:
        table = self.query_one("#impl-list", DataTable)
        if not self._records or not 0 <= table.cursor_row < len(self._records):
            return None
        return self._records[table.cursor_row]

    def action_record(self) -> None:
        record = self._chosen()
        unit = self.unit_slug
        if record is None or unit is None:
            self.notify("Pilih SOP yang sudah disahkan dulu.", severity="warning")
            return
        ctx = context_of(self)

        def save(item: ImplementationRecord) -> str | None:
            return save_record(ctx.store, unit, record.id,
                               lambda r: record_implementation(r, item, self._pedoman),
                               "sop.implementation")

        def done(saved: bool | None) -> None:
            if saved:
                self.notify("Penerapan dicatat.", markup=False, timeout=3)
                self.show_unit()

        self.app.push_screen(ImplementationDialog(
            record.sop.title or "(tanpa nama)", self._pedoman.implementation_kinds,
            today_of(ctx).isoformat(), save), done)
