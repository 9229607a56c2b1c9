"""A unit's existing SOPs and the decision on each (tetap / revisi / ganti / cabut)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Static

from workshop.model import ExistingSop, NeedRow, Unit
from workshop.stages.kebutuhan import needs
from workshop.tui.context import attempt, context_of, try_write
from workshop.tui.stages.kebutuhan.common import Column, NeedsChanged, fill_table, selected_key
from workshop.tui.stages.kebutuhan.dialogs import ExistingForm

# ---------------------------------------------------------------------------------------------
# Existing SOPs
# ---------------------------------------------------------------------------------------------


# The decision in one word (the dialog says what "tetap" means): it must stay on screen.
COLUMNS = (Column("no", "No"), Column("title", "SOP yang ada", 3),
           Column("decision", "Keputusan"), Column("reason", "Alasan", 2),
           Column("need", "Tabel 6"))


class ExistingPanel(Vertical):
    """The unit's existing SOPs and the decision on each: tetap / revisi / ganti / cabut."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Tambah"),
        Binding("e", "edit", "Putuskan"),
        Binding("delete", "remove", "Hapus"),
    ]

    DEFAULT_CSS = """
    ExistingPanel #existing-table { height: 1fr; }
    ExistingPanel .buttons { height: 1; }
    ExistingPanel .buttons Button { margin-right: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._unit: Unit | None = None
        self._rows: list[ExistingSop] = []
        self._cells: list[tuple[str, list[str]]] = []

    def compose(self) -> ComposeResult:
        yield Static("SOP yang sudah dimiliki unit ditinjau: dipertahankan, direvisi, diganti, "
                     "atau dicabut. Revisi dan ganti menjadi baris Tabel 6.", classes="hint")
        yield DataTable[Text](id="existing-table", cursor_type="row", zebra_stripes=True)
        with Horizontal(classes="buttons"):
            yield Button("Tambah", id="ex-add", compact=True, variant="primary")
            yield Button("Putuskan", id="ex-edit", compact=True)
            yield Button("Hapus", id="ex-remove", compact=True, variant="error")

    def on_resize(self) -> None:
        self._fill()

    def show(self, unit: Unit | None, rows: list[ExistingSop], need_rows: list[NeedRow]) -> None:
        self._unit = unit
        self._rows = rows
        sources = {r.source for r in need_rows}
        self._cells = [
            (ex.id, [str(i), ex.title, ex.decision.capitalize() or "(belum)",
                     ex.reason, "ada" if needs.EXISTING_SOURCE + ex.id in sources else ""])
            for i, ex in enumerate(rows, start=1)
        ]
        self._fill()

    def _fill(self) -> None:
        fill_table(self.query_one("#existing-table", DataTable), COLUMNS, self._cells,
                   self.size.width)

    def selected(self) -> ExistingSop | None:
        key = selected_key(self.query_one("#existing-table", DataTable))
        return next((r for r in self._rows if r.id == key), None)

    def _after_decision(self, unit: Unit, ex: ExistingSop) -> None:
        ctx = context_of(self)
        new = needs.need_from_existing(ex, ctx.store.needs(unit.slug))
        if new is not None and attempt(self.app, lambda: ctx.store.add_need(unit.slug, new),
                                       f"“{ex.title}” ditambahkan ke Tabel 6.") is None:
            return
        self.post_message(NeedsChanged())

    @on(Button.Pressed, "#ex-add")
    def action_add(self) -> None:
        unit = self._unit
        if unit is None:
            self.app.notify("Tambahkan unit lebih dulu.", severity="warning")
            return

        def done(ex: ExistingSop | None) -> None:
            if ex is None:
                return
            ctx = context_of(self)
            added = attempt(self.app, lambda: ctx.store.add_existing_sop(unit.slug, ex),
                            "SOP yang ada dicatat.")
            if added is not None:
                self._after_decision(unit, added)

        self.app.push_screen(ExistingForm(), done)

    @on(DataTable.RowSelected, "#existing-table")
    @on(Button.Pressed, "#ex-edit")
    def action_edit(self) -> None:
        unit, current = self._unit, self.selected()
        if unit is None or current is None:
            self.app.notify("Belum ada SOP yang dipilih.", severity="warning")
            return

        def done(ex: ExistingSop | None) -> None:
            if ex is None:
                return
            ctx = context_of(self)
            saved = attempt(self.app, lambda: ctx.store.update_existing_sop(
                unit.slug, current.id, title=ex.title, decision=ex.decision, reason=ex.reason),
                "Keputusan disimpan.")
            if saved is not None:
                self._after_decision(unit, saved)

        self.app.push_screen(ExistingForm(current), done)

    @on(Button.Pressed, "#ex-remove")
    def action_remove(self) -> None:
        unit, current = self._unit, self.selected()
        if unit is None or current is None:
            self.app.notify("Belum ada SOP yang dipilih.", severity="warning")
            return
        ctx = context_of(self)
        if try_write(self.app, lambda: ctx.store.remove_existing_sop(unit.slug, current.id),
                     "Dihapus."):
            self.post_message(NeedsChanged())
