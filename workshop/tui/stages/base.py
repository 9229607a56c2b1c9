"""The stage pane contract: what every pane of the main screen (the five stages and the board)
is, so that each pane fills in only what differs.

- ``refresh_data()``: re-read the workshop and show it. The main screen calls it on the visible
  pane only: when the pane is shown, when a panel wrote (``WorkshopEdited``), and when the app's
  one watcher saw a change (``WorkshopChanged``). A pane never polls the store; what it reads
  for all units comes from ``tui/context.py``'s per-unit caches, so a refresh re-reads only the
  units whose file changed. (Not ``refresh``: that is Textual's repaint.)
- ``show_progress(progress)``: the stage's figures, as the rail shows them (before each
  ``refresh_data``); only the placeholder shows them.
- The unit picker, for a pane that has one: ``UNIT_PICKER`` names its ``Select``;
  ``compose_unit_bar()`` yields the usual "Unit [picker]" bar; ``sync_units(units)`` fills it
  and chooses the current unit (``Context.current_unit``) without posting ``Changed``;
  choosing a unit sets the current unit and calls ``show_unit()``.
- Focus on show: ``FOCUS`` names the widget that takes the focus when the pane is shown, so the
  pane's keys work at once.

The main screen builds a pane the first time it is shown, from ``registry.PANES``.
``PlaceholderPane`` is the pane of a stage without a screen of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Label, Select, Static

from workshop.model import SopRecord, Unit
from workshop.store import StoreError
from workshop.tui.context import context_of
from workshop.tui.guide import StageInfo
from workshop.tui.progress import StageProgress, bar

NO_UNITS = "Belum ada unit. Tambahkan unit di tahap Persiapan."


def sync_unit_picker(picker: Select[str], units: Sequence[Unit], current: str | None
                     ) -> str | None:
    """Fill a unit picker (only when the list of units changed) and choose ``current``, else
    the first unit; returns the chosen slug.

    Set by the program, so no ``Select.Changed`` is posted: two pickers answering each other's
    queued messages would otherwise switch units back and forth forever."""
    options = [(u.name, u.slug) for u in units]
    if getattr(picker, "_signature", None) != options:
        picker._signature = options  # type: ignore[attr-defined]
        with picker.prevent(Select.Changed):
            picker.set_options([(Text(name), slug) for name, slug in options])
    slugs = {u.slug for u in units}
    wanted = current if current in slugs else (units[0].slug if units else None)
    if wanted is not None and picker.value != wanted:
        with picker.prevent(Select.Changed):
            picker.value = wanted
    return wanted


class StagePane(Widget):
    """The base of every pane of the main screen (mix in a container for the layout, e.g.
    ``class MyPane(StagePane, Vertical)``)."""

    DEFAULT_CSS = """
    StagePane > .unit-bar Label { width: 8; }
    """

    UNIT_PICKER: ClassVar[str | None] = None
    """The id of the pane's unit picker (a ``Select`` of units), if it has one."""
    FOCUS: ClassVar[str | None] = None
    """The selector of the widget that takes the focus when the pane is shown."""
    PROBLEM: ClassVar[str | None] = None
    """The selector of the ``Static`` that says why the units could not be read."""

    def __init__(self, stage: StageInfo | None = None, *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.stage = stage

    # -- the contract ---------------------------------------------------------------------------

    def refresh_data(self) -> None:
        """Re-read and show. The default, for a pane with a unit picker: read the units, sync
        the picker, then ``units_read``."""
        if self.UNIT_PICKER is None:
            return
        ctx = context_of(self)
        try:
            units = ctx.store.units()
        except StoreError as exc:
            self.show_problem(str(exc))
            return
        self.units_read(units, self.sync_units(units))

    def show_progress(self, progress: StageProgress) -> None:
        """The stage's figures (as the rail shows them); most panes show their own."""

    def on_show(self) -> None:
        if self.FOCUS is not None:
            self.call_after_refresh(self.query_one(self.FOCUS).focus)

    # -- the unit picker ------------------------------------------------------------------------

    def compose_unit_bar(self, *extra: Widget) -> ComposeResult:
        """The bar with the unit picker (``UNIT_PICKER``), then ``extra`` widgets."""
        with Horizontal(classes="unit-bar"):
            yield Label("Unit")
            yield Select[str]([], prompt="(pilih unit)", id=self.UNIT_PICKER, compact=True)
            yield from extra

    @property
    def unit_slug(self) -> str | None:
        """The slug of the unit the picker shows."""
        if self.UNIT_PICKER is None:
            return None
        value = self.query_one(f"#{self.UNIT_PICKER}", Select).value
        return value if isinstance(value, str) else None

    def sync_units(self, units: Sequence[Unit]) -> str | None:
        """Fill the picker with ``units`` and choose the current unit; the chosen slug."""
        picker: Select[str] = self.query_one(f"#{self.UNIT_PICKER}", Select)
        return sync_unit_picker(picker, units, context_of(self).current_unit)

    def units_read(self, units: Sequence[Unit], chosen: str | None) -> None:
        """``refresh_data`` read ``units`` and chose ``chosen``: show it (``show_unit``)."""
        self.show_unit()

    def show_unit(self) -> None:
        """Show the chosen unit (``unit_slug``); called when someone chooses a unit in the
        picker and by ``refresh_data``."""

    def on_select_changed(self, message: Select.Changed) -> None:
        if self.UNIT_PICKER is None or message.select.id != self.UNIT_PICKER:
            return
        ctx = context_of(self)
        if isinstance(message.value, str) and message.value != ctx.current_unit:
            ctx.current_unit = message.value
        self.show_unit()

    def show_problem(self, problem: str) -> None:
        """The units could not be read: say why."""
        if self.PROBLEM is not None:
            self.query_one(self.PROBLEM, Static).update(problem)


def unit_records(pane: StagePane, table: DataTable[Any], empty: Static
                 ) -> list[SopRecord] | None:
    """The chosen unit's SOP records for a pane that lists them in ``table`` (Pengembangan,
    Penerapan, Monev). None when there is nothing to list: no unit (the table is emptied and
    ``empty`` says why) or the unit cannot be read (``empty`` shows the store's message)."""
    unit = pane.unit_slug
    if unit is None:
        table.clear()
        empty.update(NO_UNITS)
        return None
    try:
        return context_of(pane).store.sops(unit)
    except StoreError as exc:
        empty.update(str(exc))
        return None


class PlaceholderPane(StagePane, VerticalScroll):
    """Honest placeholder for a stage that is not available yet, with its data-driven progress."""

    def __init__(self, stage: StageInfo, *, id: str | None = None) -> None:
        super().__init__(stage, id=id, classes="stage-pane")
        self.stage: StageInfo = stage

    def compose(self) -> ComposeResult:
        yield Static(Text(self.stage.name, style="bold"), classes="pane-title")
        yield Static("Layar tahap ini belum tersedia di versi ini. Kemajuannya tetap dihitung "
                     "dari data workshop dan tampil di panel tahapan.", classes="notice")
        if self.stage.description:
            yield Static(Text(self.stage.description), classes="stage-description")
        if self.stage.steps:
            lines = Text("Langkah-langkah:\n", style="bold")
            for number, step in enumerate(self.stage.steps, start=1):
                lines.append(f"  {number}. {step}\n", style="")
            yield Static(lines, classes="stage-steps")
        yield Static("", id="stage-progress", markup=False)

    def show_progress(self, progress: StageProgress) -> None:
        text = Text("Kemajuan: ", style="bold")
        text.append(f"{bar(progress.fraction, 20)} {progress.label}")
        self.query_one("#stage-progress", Static).update(text)
