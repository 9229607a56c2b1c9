"""Checkboxes that read in monochrome: a ticked box shows a mark, an unticked one is empty.

Textual draws ``▐X▌`` for both states and tells them apart by colour only, which a washed-out
projector or a monochrome terminal loses. :class:`TickBox` (a ``Checkbox``) and
:class:`TickList` (a ``SelectionList``) draw :data:`TICKED` or :data:`UNTICKED` inside the
same button, so the glyph says the state; the colours stay as they were.
"""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.widgets import Checkbox, SelectionList

TICKED = "X"
UNTICKED = " "

T = TypeVar("T")


class TickBox(Checkbox):
    """A ``Checkbox`` whose button shows X when ticked and stays empty when not."""

    @property
    def _button(self) -> Content:
        # Textual's ToggleButton._button with the glyph chosen by the value.
        button_style = self.get_visual_style("toggle--button")
        side_style = Style(foreground=button_style.background,
                           background=self.background_colors[1])
        return Content.assemble(
            (self.BUTTON_LEFT, side_style),
            (TICKED if self.value else UNTICKED, button_style),
            (self.BUTTON_RIGHT, side_style),
        )


class TickList(SelectionList[T]):
    """A ``SelectionList`` whose buttons show X for a chosen option and stay empty if not."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        _, scroll_y = self.scroll_offset
        try:
            option = self.get_option_at_index(scroll_y + y)
        except Exception:
            return strip
        if len(segments) < 3:
            return strip
        glyph = TICKED if option.value in self._selected else UNTICKED
        segments[1] = Segment(glyph, segments[1].style)
        return Strip(segments, strip.cell_length)


__all__ = ["TICKED", "UNTICKED", "TickBox", "TickList"]
