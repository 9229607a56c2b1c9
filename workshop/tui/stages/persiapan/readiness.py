"""The Kesiapan panel: the chosen unit's readiness checklist."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import (
    SelectionList,
    Static,
)
from textual.widgets.selection_list import Selection

from workshop.model import Unit
from workshop.tui.context import Context, attempt, context_of
from workshop.tui.messages import WorkshopEdited
from workshop.tui.stages.persiapan.panels import UnitPanel, chosen_unit
from workshop.tui.text import literal
from workshop.tui.widgets.ticks import TickList


class ReadinessPanel(UnitPanel, Vertical):
    """The readiness checklist of the chosen unit."""

    PICKER = "ready-unit"

    def compose_body(self) -> ComposeResult:
        yield Static("", id="ready-summary", markup=False)
        yield TickList[str](id="readiness")

    def show(self, ctx: Context, units: list[Unit]) -> None:
        self.show_picker(ctx, units)
        if not self.has_part("body"):
            return
        unit = chosen_unit(ctx, units)
        items = ctx.guide.readiness
        self.border_title = "Kesiapan" + (f" — {literal(unit.name)}" if unit else "")
        summary = self.query_one("#ready-summary", Static)
        checklist: SelectionList[str] = self.query_one("#readiness", SelectionList)
        if unit is None:
            summary.update("Belum ada unit. Tambahkan unit di tab Unit.")
            checklist.clear_options()
            return
        ticked = [i.id for i in items if i.id in unit.readiness]
        summary.update(Text(f"Kesiapan {unit.name}: {len(ticked)}/{len(items)} butir"))
        wanted = [(i.id, i.label) for i in items]
        if getattr(checklist, "_items", None) != (unit.slug, wanted):
            highlighted = checklist.highlighted
            checklist.clear_options()
            checklist.add_options([Selection(Text(i.label), i.id, i.id in unit.readiness)
                                   for i in items])
            checklist._items = (unit.slug, wanted)  # type: ignore[attr-defined]
            if items:
                keep = highlighted if highlighted is not None and highlighted < len(items) else 0
                checklist.highlighted = keep  # so Space works as soon as the list has focus
        else:
            current = set(checklist.selected)
            for item in items:
                want = item.id in unit.readiness
                if want and item.id not in current:
                    checklist.select(item.id)
                elif not want and item.id in current:
                    checklist.deselect(item.id)

    @on(SelectionList.SelectionToggled, "#readiness")
    def _toggled(self, message: SelectionList.SelectionToggled[str]) -> None:
        ctx = context_of(self)
        unit = chosen_unit(ctx, ctx.store.units())
        if unit is None:
            return
        value = unit.slug
        item = message.selection.value
        done = item in message.selection_list.selected
        attempt(self.app, lambda: ctx.store.set_readiness(value, item, done), "Tersimpan.")
        self.post_message(WorkshopEdited())


