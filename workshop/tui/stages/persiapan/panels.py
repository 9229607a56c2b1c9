"""What the Persiapan panels share: panels composed when first needed (``DeferredPanel``), the
panels that follow the chosen unit with their own picker on narrow terminals (``UnitPanel``),
and the small helpers of their forms."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar, TypeVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import AwaitMount, Widget
from textual.widgets import Label, Select

from workshop.model import Unit
from workshop.tui.context import Context, attempt, context_of
from workshop.tui.dialogs import ConfirmScreen
from workshop.tui.messages import WorkshopEdited
from workshop.tui.stages.base import sync_unit_picker

DATE_HINT = "Tanggal ditulis TTTT-BB-HH, mis. 2018-07-10."

T = TypeVar("T")


def write(panel: Widget, action: Callable[[], T], done: str | None = None) -> T | None:
    """A store write through ``attempt``; when it landed, ``WorkshopEdited`` goes up (the pane
    refreshes every panel)."""
    result = attempt(panel.app, action, done)
    if result is not None:
        panel.post_message(WorkshopEdited())
    return result


def confirm(panel: Widget, question: str, then: Callable[[], object], *,
            confirm_label: str = "Hapus") -> None:
    """Ask ``question``; ``then()`` when confirmed."""

    def done(yes: bool | None) -> None:
        if yes:
            then()

    panel.app.push_screen(ConfirmScreen(question, confirm_label=confirm_label), done)


def picked(panel: Widget, item: T | None, what: str) -> T | None:
    """``item``, or None with a warning that no ``what`` is chosen."""
    if item is None:
        panel.app.notify(f"Belum ada {what} yang dipilih.", severity="warning")
    return item


def valid_date(text: str) -> bool:
    from datetime import date

    if not text:
        return True
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def chosen_unit(ctx: Context, units: list[Unit]) -> Unit | None:
    """The unit the Tim and Kesiapan panels show: the current one, else the first."""
    for unit in units:
        if unit.slug == ctx.current_unit:
            return unit
    return units[0] if units else None


class DeferredPanel(Widget):
    """A panel whose parts are composed when they are first needed, not before the first paint.

    ``PARTS`` names the parts in screen order (at most two: ``("bar", "body")``);
    ``compose_part`` yields one. Parts asked for (``want``) before the panel is composed are
    composed with it; later ones are mounted (before the parts already there when they come
    first in ``PARTS``), then ``parts_mounted`` runs and a ``Built`` message tells the pane to
    fill them. ``has_part`` is true once a part is mounted (a Select in it is composed only
    then), so ``show`` methods fill what is there.
    """

    PARTS: ClassVar[tuple[str, ...]] = ("body",)

    class Built(Message):
        """Parts of a panel were mounted after the panel itself: fill them with data."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._wanted: set[str] = set()  # composed, or being mounted
        self._composed_parts: tuple[str, ...] | None = None  # None: not composed yet
        self._ready: set[str] = set()  # mounted: may be filled

    def compose(self) -> ComposeResult:
        self._composed_parts = tuple(p for p in self.PARTS if p in self._wanted)
        for part in self._composed_parts:
            yield from self.compose_part(part)

    def compose_part(self, part: str) -> ComposeResult:
        """The widgets of one part."""
        yield from ()

    def on_mount(self) -> None:
        self._mounted_parts(self._composed_parts or ())

    def has_part(self, part: str) -> bool:
        return part in self._ready

    def want(self, parts: Iterable[str]) -> None:
        """Compose ``parts`` now if they are not there yet."""
        new = tuple(p for p in self.PARTS if p in parts and p not in self._wanted)
        if not new:
            return
        present = self._wanted.copy()
        self._wanted.update(new)
        if self._composed_parts is None:
            return  # compose() yields them
        order = self.PARTS.index
        first = bool(present) and order(new[-1]) < min(order(p) for p in present)

        def widgets() -> ComposeResult:
            for part in new:
                yield from self.compose_part(part)

        self.call_later(self._when_mounted, self.mount_compose(widgets(),
                                                               before=0 if first else None), new)

    async def _when_mounted(self, mounting: AwaitMount, parts: tuple[str, ...]) -> None:
        await mounting
        self._mounted_parts(parts)
        self.post_message(self.Built())

    def _mounted_parts(self, parts: Iterable[str]) -> None:
        parts = tuple(parts)
        self._ready.update(parts)
        self.parts_mounted(parts)

    def parts_mounted(self, parts: tuple[str, ...]) -> None:
        """Called once the widgets of ``parts`` are mounted (e.g. to add a table's columns)."""



class UnitPicker(Select[str]):
    """Chooses the unit the Tim and Kesiapan panels show (set by the program without posting
    ``Changed``: see ``base.sync_unit_picker``)."""

    def show_units(self, units: list[Unit], current: str | None) -> None:
        sync_unit_picker(self, units, current)


class UnitPanel(DeferredPanel):
    """A panel that shows the chosen unit: parts ``bar`` (its unit picker, shown on narrow
    terminals only; ``PICKER`` is its id) and ``body`` (``compose_body``). Choosing a unit sets
    the current unit and posts ``WorkshopEdited`` (every panel follows it)."""

    PARTS: ClassVar[tuple[str, ...]] = ("bar", "body")
    PICKER: ClassVar[str] = ""

    def compose_part(self, part: str) -> ComposeResult:
        if part == "bar":
            with Horizontal(classes="unit-bar"):
                yield Label("Unit", classes="field-label")
                yield UnitPicker([], prompt="Pilih unit", id=self.PICKER, compact=True)
        else:
            yield from self.compose_body()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def show_picker(self, ctx: Context, units: list[Unit]) -> None:
        if self.has_part("bar"):
            self.query_one(f"#{self.PICKER}", UnitPicker).show_units(units, ctx.current_unit)

    def on_select_changed(self, message: Select.Changed) -> None:
        if message.select.id != self.PICKER:
            return
        ctx = context_of(self)
        if isinstance(message.value, str) and message.value != ctx.current_unit:
            ctx.current_unit = message.value
            self.post_message(WorkshopEdited())
