"""Titles and outputs that are (nearly) the same across units, grouped with their score."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Input, Label, Static

from workshop.model import NeedRow, Unit
from workshop.stages.kebutuhan import needs
from workshop.tui.context import context_of
from workshop.tui.stages.kebutuhan.adoption import adopt_into_units, known_positions_reader
from workshop.tui.stages.kebutuhan.common import (
    Column,
    NeedsChanged,
    fill_table,
    selected_key,
    templates,
)
from workshop.tui.stages.kebutuhan.dialogs import Adoption, AdoptScreen

# ---------------------------------------------------------------------------------------------
# Overlaps between units
# ---------------------------------------------------------------------------------------------


OVERLAP_COLUMNS = (Column("group", "Kelompok", short="No"),
                   Column("score", "Kemiripan", short="Mirip"), Column("unit", "Unit", 2),
                   Column("title", "Judul SOP", 3), Column("output", "Output", 2))


class OverlapPanel(Vertical):
    """Titles and outputs that are (nearly) the same across units, grouped, with their score."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("g", "general", "Jadikan SOP umum")]

    DEFAULT_CSS = """
    OverlapPanel #overlap-table { height: 1fr; }
    OverlapPanel .unit-bar { height: 1; }
    OverlapPanel #overlap-threshold { width: 8; }
    OverlapPanel .buttons { height: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._groups: list[needs.OverlapGroup] = []
        self.threshold = needs.DEFAULT_OVERLAP_THRESHOLD
        self._cells: list[tuple[str, list[str]]] = []
        # What the groups were found from: (threshold, unit names, the rows' lists). The
        # context hands the same list again for a unit that did not change, so an unchanged
        # input is told by identity and the (quadratic) search is not run again.
        self._shown: tuple[float, list[tuple[str, str]], list[list[NeedRow]]] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(classes="unit-bar"):
            yield Label("Ambang kemiripan (%)", classes="needs-label")
            yield Input(str(round(self.threshold * 100)), id="overlap-threshold",
                        compact=True, type="integer")
            yield Static("", id="overlap-summary")
        yield DataTable[Text](id="overlap-table", cursor_type="row", zebra_stripes=True)
        with Horizontal(classes="buttons"):
            yield Button("Jadikan SOP umum (g)", id="overlap-general", compact=True,
                         variant="primary")

    def on_resize(self) -> None:
        self._fill()

    def show(self, units: list[Unit], units_rows: dict[str, list[NeedRow]]) -> None:
        """Find and show the overlaps; nothing is recomputed when the threshold, the units
        and every unit's list of rows (compared by identity) are those of the last call."""
        shown = self._shown
        signature = [(u.slug, u.name) for u in units]
        lists = list(units_rows.values())
        if (shown is not None and shown[0] == self.threshold and shown[1] == signature
                and len(shown[2]) == len(lists)
                and list(units_rows) == [slug for slug, _name in signature]
                and all(a is b for a, b in zip(shown[2], lists, strict=True))):
            return
        self._shown = (self.threshold, signature, lists)
        names = {u.slug: u.name for u in units}
        self._groups = needs.find_overlaps(units_rows, self.threshold)
        self._cells = [
            (f"{number}:{item.unit}:{item.need}",
             [str(number) if i == 0 else "", needs.percent(item.score),
              names.get(item.unit, item.unit), item.title, item.output])
            for number, group in enumerate(self._groups, start=1)
            for i, item in enumerate(group.items)
        ]
        self._fill()
        summary = (f"{len(self._groups)} kelompok tumpang tindih" if self._groups
                   else "Tidak ada judul atau output yang mirip antarunit.")
        self.query_one("#overlap-summary", Static).update(Text(" " + summary))

    @on(Input.Submitted, "#overlap-threshold")
    def _threshold(self, message: Input.Submitted) -> None:
        try:
            value = int(message.value)
        except ValueError:
            value = -1
        if not 1 <= value <= 100:
            self.app.notify("Ambang diisi 1 sampai 100.", severity="error")
            return
        self.threshold = value / 100
        self.post_message(NeedsChanged())

    def _fill(self) -> None:
        fill_table(self.query_one("#overlap-table", DataTable), OVERLAP_COLUMNS, self._cells,
                   self.size.width)

    def selected_group(self) -> needs.OverlapGroup | None:
        key = selected_key(self.query_one("#overlap-table", DataTable))
        if key is None:
            return None
        number = int(key.split(":", 1)[0])
        return self._groups[number - 1] if 0 < number <= len(self._groups) else None

    @on(Button.Pressed, "#overlap-general")
    def action_general(self) -> None:
        group = self.selected_group()
        if group is None:
            self.app.notify("Belum ada kelompok yang dipilih.", severity="warning")
            return
        ctx = context_of(self)
        units = [u for u in ctx.store.units() if u.slug in group.units]
        library, _ = templates()
        found = needs.best_template(group.title, library)
        base = library[found[0]] if found else None
        note = (f"Berdasarkan templat “{base.title}” (kemiripan "
                f"{needs.percent(found[1])})." if base is not None and found else
                "Belum ada templat yang mirip: SOP umum dibuat sebagai draf kosong untuk "
                "disusun bersama.")
        proposed = base.title if base is not None else group.title
        sop = needs.general_sop(proposed, base)

        def done(choice: Adoption | None) -> None:
            if choice is None:
                return
            general = needs.general_sop(choice.title, base)
            # Kept the template's title: it is that template; a new title: a general SOP of
            # this workshop (adoptable later from the SOP umum tab).
            template_id = (found[0] if found and choice.title == proposed
                           else needs.general_id(choice.title))
            links = {item.unit: item.need for item in group.items}
            adopt_into_units(self, general, template_id, units, choice, links)

        self.app.push_screen(AdoptScreen(sop, units, chosen=group.units, editable_title=True,
                                         note=note,
                                         known_positions=known_positions_reader(self)), done)
