"""The ranked inventory (Daftar Kebutuhan SOP) and its Markdown export."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, DataTable, Static

from workshop import portable
from workshop.export import markdown as md_export
from workshop.model import Unit
from workshop.stages.kebutuhan import needs
from workshop.store import StoreError
from workshop.tui.context import Context, context_of
from workshop.tui.stages.kebutuhan.common import Column, NeedsChanged, fill_table
from workshop.tui.stages.kebutuhan.dialogs import ACTIVITY_LABELS
from workshop.tui.widgets.ticks import TickBox
from workshop.writing import write_text_atomic

# ---------------------------------------------------------------------------------------------
# The inventory (Daftar Kebutuhan SOP) and the Markdown exports
# ---------------------------------------------------------------------------------------------


INVENTORY_COLUMNS = (
    Column("rank", "Peringkat", short="No"), Column("unit", "Unit", 1),
    Column("title", "Judul SOP", 2), Column("votes", "Suara"), Column("score", "Skor"),
    Column("activity", "Jenis"), Column("draft", "Draf"),
)


class InventoryPanel(Vertical):
    """The ranked inventory of the chosen unit or of all units; Markdown files to exports/."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("m", "export", "Ekspor Markdown")]

    DEFAULT_CSS = """
    InventoryPanel #inventory-table { height: 1fr; }
    InventoryPanel .unit-bar { height: 1; }
    InventoryPanel .buttons { height: 1; }
    InventoryPanel .buttons Button { margin-right: 1; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal(classes="unit-bar"):
            yield TickBox("Semua unit", id="inventory-all", compact=True)
            yield Static("", id="inventory-summary")
        yield DataTable[Text](id="inventory-table", cursor_type="row", zebra_stripes=True)
        with Horizontal(classes="buttons"):
            yield Button("Ekspor Markdown (m)", id="inventory-export", compact=True,
                         variant="primary")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._cells: list[tuple[str, list[str]]] = []

    def on_resize(self) -> None:
        self._fill()

    def _fill(self) -> None:
        # One unit's list: no Unit column (its name is in the summary line).
        keep = [i for i, c in enumerate(INVENTORY_COLUMNS) if self.all_units or c.key != "unit"]
        fill_table(self.query_one("#inventory-table", DataTable),
                   [INVENTORY_COLUMNS[i] for i in keep],
                   [(key, [cells[i] for i in keep]) for key, cells in self._cells],
                   self.size.width)

    @property
    def all_units(self) -> bool:
        return self.query_one("#inventory-all", Checkbox).value

    _unit: Unit | None = None

    def show(self, unit: Unit | None, inv: needs.Inventory) -> None:
        self._unit = unit
        items = [i for i in inv.items if self.all_units or (unit and i.unit.slug == unit.slug)]
        self._cells = [
            (f"{item.unit.slug}/{item.ranked.row.id}",
             [str(item.ranked.rank), item.unit.name, item.ranked.row.title,
              str(item.ranked.votes), str(item.ranked.score),
              ACTIVITY_LABELS.get(item.ranked.row.activity, item.ranked.row.activity),
              "ada" if item.ranked.row.sop_id else ""])
            for item in items
        ]
        self._fill()
        scope = "semua unit" if self.all_units else (unit.name if unit else "-")
        self.query_one("#inventory-summary", Static).update(
            Text(f"  Daftar Kebutuhan SOP — {scope}: {len(items)} judul"))

    @on(Checkbox.Changed, "#inventory-all")
    def _scope(self) -> None:
        self.post_message(NeedsChanged())

    @on(Button.Pressed, "#inventory-export")
    def action_export(self) -> None:
        ctx = context_of(self)
        unit = self._unit
        try:
            written = export_needs(ctx, None if self.all_units else unit)
        except StoreError as exc:
            self.app.notify(f"Ekspor gagal: {exc}", severity="error", markup=False)
            return
        except OSError as exc:
            self.app.notify(f"Ekspor gagal: {portable.write_problem(exc)}", severity="error",
                            markup=False)
            return
        self.app.notify("Ditulis: " + ", ".join(str(p) for p in written), title="Ekspor selesai",
                        markup=False, timeout=8)


def export_needs(ctx: Context, unit: Unit | None) -> list[Path]:
    """Write Tabel 6 (one unit) or the inventory of all units as Markdown into exports/
    (atomically, UTF-8 with ``\\n``: :func:`workshop.writing.write_text_atomic`)."""
    store = ctx.store
    out = store.path / "exports"
    out.mkdir(parents=True, exist_ok=True)
    if unit is not None:
        path = out / f"kebutuhan-{unit.slug}.md"
        text = md_export.inventory_markdown([(unit, store.needs(unit.slug))],
                                            store.votes(unit.slug))
        write_text_atomic(path, text)
        return [path]
    units = store.units()
    units_rows, votes = needs.votes_for_export([(u, store.needs(u.slug)) for u in units],
                                               store.votes())
    path = out / "inventaris-kebutuhan.md"
    write_text_atomic(path, md_export.inventory_markdown(units_rows, votes))
    return [path]
