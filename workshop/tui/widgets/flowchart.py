"""The live flowchart: the SOP's official layout drawn in the terminal, redrawn as the user types.

:class:`FlowchartView` shows :func:`workshop.flowchart.layout_flowchart` with the Line API
(``ScrollView.render_line`` + ``Strip``): only the visible rows are turned into strips, so a long
SOP redraws as fast as a short one. The actor header stays on top while the body scrolls;
the drawing scrolls horizontally when the actors do not fit. The current step's symbol is
highlighted with the theme's accent and kept in view. ``projector`` draws wider columns with two
rows of text per symbol, for the back of the room.

User text reaches the screen only as plain ``Segment`` text: it is never parsed as markup.

Use::

    view = FlowchartView(sop, current_step=1)
    view.update(edited_sop)            # on every change (keeps the current step)
    view.current_step = 4              # highlight and scroll to step 4
    view.projector = True              # larger drawing

Clicking a symbol, or moving with ``n`` / ``p`` (next / previous step) while the view has focus,
posts :class:`FlowchartView.StepSelected`; hovering a symbol shows its full text as a tooltip.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workshop.flowchart import FlowLayout, layout_flowchart
from workshop.model import Sop

__all__ = ["FlowchartView"]

NORMAL_COLUMNS = (14, 26)  # min and max column width when fitting the widget's width
PROJECTOR_COLUMNS = (24, 40)
NARROW_COLUMN = 21  # columns narrower than this get three text rows per symbol


class FlowchartView(ScrollView, can_focus=True):
    """A scrollable, live terminal flowchart of one SOP."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "flowchart--header",
        "flowchart--current",
    }

    DEFAULT_CSS = """
    FlowchartView {
        background: $surface;
        color: $foreground;
        height: 1fr;
        width: 1fr;
    }
    FlowchartView > .flowchart--header {
        color: $text-primary;
        text-style: bold;
    }
    FlowchartView > .flowchart--current {
        background: $accent;
        color: $text;
        text-style: bold;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "step(1)", "Langkah berikut"),
        Binding("p", "step(-1)", "Langkah sebelumnya"),
    ]

    current_step: reactive[int | None] = reactive(None)
    projector: reactive[bool] = reactive(False)

    class StepSelected(Message):
        """A symbol was clicked: the editor may move to that step."""

        def __init__(self, view: FlowchartView, step: int) -> None:
            super().__init__()
            self.view = view
            self.step = step

        @property
        def control(self) -> FlowchartView:
            return self.view

    def __init__(
        self,
        sop: Sop | None = None,
        *,
        current_step: int | None = None,
        projector: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._sop = sop
        self._layout: FlowLayout | None = None
        self._laid_out_for: int | None = None  # the width the current layout was fitted to
        self._strips: dict[int, Strip] = {}
        self._hovered: int | None = None  # the step whose tooltip is shown
        self._base_style: Style | None = None  # self.rich_style is slow: kept until styles change
        self._pending_scroll: int | None = None  # a scroll asked for before the view had a size
        self.set_reactive(FlowchartView.current_step, current_step)
        self.set_reactive(FlowchartView.projector, projector)

    # -----------------------------------------------------------------------------------------
    # Public API
    # -----------------------------------------------------------------------------------------

    @property
    def sop(self) -> Sop | None:
        """The SOP shown (as last given to :meth:`update`)."""
        return self._sop

    @property
    def flow_layout(self) -> FlowLayout | None:
        """The current drawing (None before the first layout)."""
        return self._layout

    def update(self, sop: Sop | None, current_step: int | Literal["keep"] | None = "keep") -> None:
        """Show ``sop`` (redrawn now) and, unless "keep", highlight ``current_step``.

        Call it on every change of the SOP being edited; the same object may be passed again
        after it was changed in place.
        """
        self._sop = sop
        if current_step != "keep":
            self.set_reactive(FlowchartView.current_step, current_step)
        self._relayout()
        self.scroll_to_step(self.current_step)

    def scroll_to_step(self, step: int | None) -> None:
        """Scroll just enough to show ``step``'s symbol (with the arrow above it) below the
        header."""
        layout = self._layout
        if layout is None or step is None or step not in layout.step_box or not self.is_mounted:
            return
        if not self.size.height:
            # Not laid out yet (or hidden, e.g. in an inactive tab): scroll on the next resize
            # instead of rescheduling on every refresh.
            self._pending_scroll = step
            return
        self._pending_scroll = None
        x, y, w, h = layout.step_box[step]
        view_w, view_h = self.scrollable_content_region.size
        body_h = max(1, view_h - layout.header_height)
        scroll_x, scroll_y = self.scroll_offset
        # Body row r is shown at screen row r - scroll_y (the header covers the first rows).
        first = y - 2  # the ▼ and the line above the symbol
        last = y + h
        new_y = scroll_y
        if last - new_y >= view_h:
            new_y = last - view_h + 1
        if first - new_y < layout.header_height:
            new_y = first - layout.header_height
        new_x = scroll_x
        if x + w > new_x + view_w:
            new_x = x + w - view_w + 1
        if x - 2 < new_x:
            new_x = x - 2
        if body_h <= h:
            new_y = y - layout.header_height
        # force: the scrollbars may not be settled yet right after a relayout.
        self.scroll_to(x=max(0, new_x), y=max(0, new_y), animate=False, force=True)

    # -----------------------------------------------------------------------------------------
    # Layout
    # -----------------------------------------------------------------------------------------

    def _available_width(self) -> int | None:
        width = self.size.width
        if not width:
            return None
        # Leave room for the vertical scrollbar so fitting does not flip-flop when it appears.
        return max(1, width - self.styles.scrollbar_size_vertical)

    def _relayout(self) -> None:
        self._strips.clear()
        if self._sop is None:
            self._layout = None
            self.virtual_size = Size(0, 0)
            self.refresh()
            return
        low, high = PROJECTOR_COLUMNS if self.projector else NORMAL_COLUMNS
        available = self._available_width()
        self._layout = layout_flowchart(
            self._sop,
            max_width=available,
            text_rows=self._text_rows(available),
            min_column_width=low,
            max_column_width=high,
            # Before the widget has a size: a default drawing, relaid when the size is known.
            column_width=high if available is None and self.projector else None,
        )
        self._laid_out_for = available
        self.virtual_size = Size(self._layout.width, self._layout.height)
        self.refresh()

    def _text_rows(self, available: int | None) -> int:
        """Two lines of text per symbol; three when the columns are narrow (many actors), so
        a box still shows 20+ characters of its activity (issue 22: it was ~9)."""
        if self.projector or available is None or self._sop is None:
            return 2
        columns = max(1, len({*self._sop.actors, *(s.actor for s in self._sop.steps)}))
        return 2 if available // columns >= NARROW_COLUMN else 3

    def on_resize(self, event: events.Resize) -> None:
        if self._available_width() != self._laid_out_for:
            self._relayout()
            self.scroll_to_step(self.current_step)
        elif self._pending_scroll is not None:
            self.scroll_to_step(self._pending_scroll)

    def watch_current_step(self, old: int | None, new: int | None) -> None:
        layout = self._layout
        if layout is not None:
            for step in (old, new):
                if step is not None and step in layout.step_rows:
                    first, last = layout.step_rows[step]
                    for row in range(first, last + 1):
                        self._strips.pop(row, None)
        self.refresh()
        self.scroll_to_step(new)

    def watch_projector(self, projector: bool) -> None:
        self._relayout()
        self.scroll_to_step(self.current_step)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._base_style = None

    # -----------------------------------------------------------------------------------------
    # Rendering
    # -----------------------------------------------------------------------------------------

    def _strip(self, index: int, layout: FlowLayout, base: Style) -> Strip:
        strip = self._strips.get(index)
        if strip is not None:
            return strip
        text = layout.lines[index]
        if index < layout.header_height:
            style = base + self.get_component_rich_style("flowchart--header", partial=True)
            strip = Strip([Segment(text, style)], layout.width)
        else:
            strip = Strip([Segment(text, base)], layout.width)
            current = self.current_step
            if current is not None and current in layout.step_box:
                x, y, w, h = layout.step_box[current]
                if y <= index < y + h:
                    before, box, after = strip.divide([x, x + w, layout.width])
                    accent = self.get_component_rich_style("flowchart--current", partial=True)
                    lit = Strip(Segment.apply_style(box, post_style=accent), w)
                    strip = Strip.join([before, lit, after])
        self._strips[index] = strip
        return strip

    def render_line(self, y: int) -> Strip:
        base = self._base_style
        if base is None:
            base = self._base_style = self.rich_style
        width = self.size.width
        layout = self._layout
        if layout is None:
            return Strip.blank(width, base)
        scroll_x, scroll_y = self.scroll_offset
        index = y if y < layout.header_height else scroll_y + y
        if index >= layout.height:
            return Strip.blank(width, base)
        return self._strip(index, layout, base).crop_extend(scroll_x, scroll_x + width, base)

    def action_step(self, delta: int) -> None:
        """Move the highlight to the next (1) or previous (-1) step and announce it."""
        layout = self._layout
        if layout is None or not layout.step_box:
            return
        count = len(layout.step_box)
        current = self.current_step
        if current is None or current not in layout.step_box:
            step = 1 if delta > 0 else count
        else:
            step = min(count, max(1, current + delta))
        if step != current:
            self.current_step = step
            self.post_message(self.StepSelected(self, step))

    def _step_under(self, event: events.MouseEvent) -> int | None:
        layout = self._layout
        if layout is None:
            return None
        offset = event.get_content_offset(self)
        if offset is None or offset.y < layout.header_height:
            return None
        scroll_x, scroll_y = self.scroll_offset
        return layout.step_at(offset.x + scroll_x, offset.y + scroll_y)

    def on_click(self, event: events.Click) -> None:
        step = self._step_under(event)
        if step is not None:
            self.current_step = step
            self.post_message(self.StepSelected(self, step))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """The full text of the symbol under the mouse, as a tooltip (symbols cut it short)."""
        step = self._step_under(event)
        if step == self._hovered:
            return
        self._hovered = step
        if step is None or self._sop is None or step > len(self._sop.steps):
            self.tooltip = None
            return
        item = self._sop.steps[step - 1]
        tip = Text(f"{step}. {' '.join(item.activity.split())}")
        tip.append(f"\n{item.actor}", style="italic")
        self.tooltip = tip
