"""The big session timer: ``Digits`` counting down the current item's timebox.

By default it is a plain three-line ``Digits``. Made with ``fit=True`` it fills the room its
container gives it (CSS ``width``/``height``) with block digits as large as fit, so a 200x60
projector terminal shows a timer readable from the back of the room; when the room is too small
for the block font it falls back to the three-line digits.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.align import Align, AlignMethod
from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.geometry import Size
from textual.renderables.digits import Digits as DigitsRenderable
from textual.widgets import Digits

from workshop.sesi.timer import TimerState
from workshop.tui.widgets.block_font import GLYPHS

LEVEL_CLASSES: tuple[str, ...] = ("-near-end", "-overrun")

# A 3x5 pixel font: "#" is a lit pixel. A pixel is drawn 2*scale cells wide and about scale rows
# high (a terminal cell is about twice as high as it is wide, so the digits stay upright).
FONT: dict[str, tuple[str, ...]] = {
    **{digit: GLYPHS[digit] for digit in "0123456789"},  # the block font's digits
    ":": (".", "#", ".", "#", "."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    "-": ("...", "...", "###", "...", "..."),
    " ": ("...", "...", "...", "...", "..."),
}
FONT_ROWS = 5
# The scale is chosen for this width at least, so it does not jump when "+" appears at overrun.
REFERENCE = "+00:00"


def pixel_width(value: str) -> int:
    """Width of ``value`` in font pixels, one blank pixel between glyphs."""
    glyphs = [FONT.get(ch, FONT[" "]) for ch in value]
    return sum(len(g[0]) for g in glyphs) + max(0, len(glyphs) - 1)


def block_scale(value: str, width: int, height: int) -> tuple[int, int]:
    """The largest (horizontal, vertical) scale at which ``value`` fits ``width`` x ``height``
    cells; (0, 0) when even the smallest does not fit. A pixel is ``2 * horizontal`` cells wide
    and ``vertical`` rows high; the vertical scale may grow to 1.5x the horizontal one to fill a
    tall room (the digits get taller, never distorted beyond a clock face's proportions)."""
    pixels = max(pixel_width(value), pixel_width(REFERENCE))
    across = width // (2 * pixels)
    down = min(height // FONT_ROWS, across + across // 2)
    if across < 1 or down < 1:
        return (0, 0)
    return (across, down)


def block_height(width: int) -> int:
    """Rows the block digits take at the largest scale for ``width`` cells (0: none fits)."""
    across = width // (2 * pixel_width(REFERENCE))
    return FONT_ROWS * (across + across // 2)


def block_lines(value: str, scale: int, rows: int | None = None) -> list[str]:
    """``value`` drawn in the block font: pixels ``2 * scale`` cells wide and ``rows`` (default
    ``scale``) rows high."""
    rows = scale if rows is None else rows
    glyphs = [FONT.get(ch, FONT[" "]) for ch in value]
    lines: list[str] = []
    for row in range(FONT_ROWS):
        cells = []
        for glyph in glyphs:
            cells.append("".join("█" * (2 * scale) if px == "#" else " " * (2 * scale)
                                 for px in glyph[row]))
        line = (" " * (2 * scale)).join(cells)
        lines.extend([line] * rows)
    return lines


def fitted_figures(value: str, scale: tuple[int, int],
                   lines: Callable[[str, int, int], list[str]], style: Style,
                   align: AlignMethod, height: int) -> Align:
    """``value`` drawn by ``lines`` at ``scale`` (across, down), or in Textual's small digits
    when it does not fit (across 0); aligned by ``align``, centred in ``height`` rows."""
    across, down = scale
    body: RenderableType
    if across:
        body = Text("\n".join(lines(value, across, down)), style=style, no_wrap=True)
    else:
        body = DigitsRenderable(value, style)
    return Align(body, align, style, vertical="middle", height=height)


class TimerDigits(Digits):
    """``MM:SS`` left, ``+MM:SS`` past the end; colour classes ``-near-end``, ``-overrun`` and
    ``-paused`` (``-idle`` when the session is not running or paused)."""

    DEFAULT_CSS = """
    TimerDigits { width: auto; color: $success; }
    TimerDigits.-fit { width: 1fr; height: 1fr; text-align: center; }
    TimerDigits.-near-end { color: $warning; }
    TimerDigits.-overrun { color: $error; text-style: bold; }
    TimerDigits.-paused { color: $text-muted; }
    TimerDigits.-idle { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None,
                 fit: bool = False) -> None:
        super().__init__("00:00", id=id, classes=classes)
        self.fit = fit
        self.set_class(fit, "-fit")

    @property
    def scale(self) -> tuple[int, int]:
        """The block font's (horizontal, vertical) scale now shown; (0, 0): the three-line
        digits."""
        if not self.fit:
            return (0, 0)
        size = self.content_size
        return block_scale(self.value, size.width, size.height)

    def show(self, state: TimerState) -> None:
        self.update(state.display if state.count else "--:--")
        self.set_class(state.level == "near-end", "-near-end")
        self.set_class(state.level == "overrun", "-overrun")
        self.set_class(state.state == "paused", "-paused")
        self.set_class(state.state in ("planned", "ended"), "-idle")

    def render(self) -> RenderResult:
        if not self.fit:
            return super().render()
        size = self.content_size
        style = self.rich_style
        text_align = self.styles.text_align
        align: AlignMethod = "center"
        if text_align in ("left", "right"):
            align = "left" if text_align == "left" else "right"
        across, down = block_scale(self.value, size.width, size.height)
        return fitted_figures(self.value, (across, down), block_lines, style, align,
                              size.height)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        if self.fit:
            return container.width
        return super().get_content_width(container, viewport)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self.fit:
            return max(3, container.height)
        return super().get_content_height(container, viewport, width)
