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

from workshop import needs
from workshop.export import markdown as md_export
from workshop.model import Unit
from workshop.store import StoreError
from workshop.tui.context import Context, context_of
from workshop.tui.screens.needs_modals import ACTIVITY_LABELS
from workshop.tui.widgets.needs_common import NeedsChanged, keep_cursor, selected_key

# ---------------------------------------------------------------------------------------------
# The inventory (Daftar Kebutuhan SOP) and the Markdown exports
# ---------------------------------------------------------------------------------------------


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
            yield Checkbox("Semua unit", id="inventory-all", compact=True)
            yield Static("", id="inventory-summary")
        yield DataTable[Text](id="inventory-table", cursor_type="row", zebra_stripes=True)
        with Horizontal(classes="buttons"):
            yield Button("Ekspor Markdown (m)", id="inventory-export", compact=True,
                         variant="primary")

    def on_mount(self) -> None:
        table = self.query_one("#inventory-table", DataTable)
        for key, label in (("rank", "Peringkat"), ("unit", "Unit"), ("title", "Judul SOP"),
                           ("votes", "Suara"), ("score", "Skor"), ("activity", "Jenis"),
                           ("draft", "Draf")):
            table.add_column(label, key=key)

    @property
    def all_units(self) -> bool:
        return self.query_one("#inventory-all", Checkbox).value

    _unit: Unit | None = None

    def show(self, unit: Unit | None, inv: needs.Inventory) -> None:
        self._unit = unit
        table: DataTable[Text] = self.query_one("#inventory-table", DataTable)
        key, row = selected_key(table), table.cursor_row
        table.clear()
        items = [i for i in inv.items if self.all_units or (unit and i.unit.slug == unit.slug)]
        for item in items:
            r = item.ranked
            table.add_row(Text(str(r.rank)), Text(item.unit.name), Text(r.row.title),
                          Text(str(r.votes)), Text(str(r.score)),
                          Text(ACTIVITY_LABELS.get(r.row.activity, r.row.activity)),
                          Text("ada" if r.row.sop_id else ""),
                          key=f"{item.unit.slug}/{r.row.id}")
        keep_cursor(table, key, row)
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
        except (StoreError, OSError) as exc:
            self.app.notify(f"Ekspor gagal: {exc}", severity="error", markup=False)
            return
        self.app.notify("Ditulis: " + ", ".join(str(p) for p in written), title="Ekspor selesai",
                        markup=False, timeout=8)


def export_needs(ctx: Context, unit: Unit | None) -> list[Path]:
    """Write Tabel 6 (one unit) or the inventory of all units as Markdown into exports/."""
    store = ctx.store
    out = store.path / "exports"
    out.mkdir(parents=True, exist_ok=True)
    if unit is not None:
        path = out / f"kebutuhan-{unit.slug}.md"
        text = md_export.inventory_markdown([(unit, store.needs(unit.slug))],
                                            store.votes(unit.slug))
        path.write_text(text, encoding="utf-8")
        return [path]
    units = store.units()
    units_rows, votes = needs.votes_for_export([(u, store.needs(u.slug)) for u in units],
                                               store.votes())
    path = out / "inventaris-kebutuhan.md"
    path.write_text(md_export.inventory_markdown(units_rows, votes), encoding="utf-8")
    return [path]
