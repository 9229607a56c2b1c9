"""Drawing on a reportlab canvas in millimetres from the top left, as the layouts measure.

:mod:`workshop.export.flow_layout` and the kop layout give lengths in mm with y growing down
from the top left of the printable area; PDF measures points with y growing up from the
bottom left. :class:`Pen` converts once, so the renderers read like the layouts. A pen can
scale (a flowchart wider than the page is printed smaller, never cut). Every text goes
through :func:`workshop.export.pdf.fonts.pdf_text` here, and only here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from workshop.export.pdf.fonts import BOLD, REGULAR, pdf_text, text_width

__all__ = ["INK", "PT", "SHADE", "Pen"]

PT: Final = 25.4 / 72  # one point in mm
INK: Final = (0.13, 0.13, 0.13)
SHADE: Final = (0.93, 0.93, 0.93)

Point = tuple[float, float]


class Pen:
    """A canvas seen in mm from ``origin`` (top left, mm from the page's top left)."""

    def __init__(self, canvas: Canvas, page_height: float, origin: Point = (0.0, 0.0),
                 scale: float = 1.0) -> None:
        self.canvas = canvas
        self.page_height = page_height
        self.ox, self.oy = origin
        self.scale = scale
        self._tx: PDFTextObject | None = None
        self._font: tuple[str, float] | None = None

    def x(self, x: float) -> float:
        return float((self.ox + x * self.scale) * mm)

    def y(self, y: float) -> float:
        return float((self.page_height - self.oy - y * self.scale) * mm)

    # -- text -------------------------------------------------------------------------------

    def text(self, x: float, baseline: float, text: str, size: float, *, bold: bool = False,
             align: str = "start") -> None:
        """One line at ``baseline``; ``size`` is the em in mm; align start, middle or end.

        Lines are collected in one text object per pen and drawn by :meth:`flush` (one
        ``BT .. ET`` per page instead of one per line: a third of the time of a page), so
        text lands on top of the shapes drawn before the flush.
        """
        line = pdf_text(text)
        if not line:
            return
        font = BOLD if bold else REGULAR
        points = size * self.scale / PT
        tx = self._tx
        if tx is None:
            tx = self._tx = self.canvas.beginText()
        if self._font != (font, points):
            tx.setFont(font, points)
            self._font = (font, points)
        px = self.x(x)
        if align != "start":
            w = stringWidth(line, font, points)
            px -= w / 2 if align == "middle" else w
        tx.setTextOrigin(px, self.y(baseline))
        tx.textLine(line)  # no advance width computed (textOut would)

    def flush(self, color: tuple[float, float, float] = INK) -> None:
        """Draw the lines collected so far, in ``color``."""
        if self._tx is not None:
            self.canvas.setFillColorRGB(*color)
            self.canvas.drawText(self._tx)
            self._tx = None
            self._font = None

    def width(self, text: str, size: float, *, bold: bool = False) -> float:
        """Width in mm (unscaled) of ``text`` at ``size`` mm."""
        return text_width(pdf_text(text), size / PT, bold=bold) * PT

    # -- shapes -----------------------------------------------------------------------------

    def stroke(self, width: float = 0.25, color: tuple[float, float, float] = INK) -> None:
        self.canvas.setLineWidth(width * self.scale / PT)
        self.canvas.setStrokeColorRGB(*color)

    def fill(self, color: tuple[float, float, float]) -> None:
        self.canvas.setFillColorRGB(*color)

    def rect(self, x: float, y: float, w: float, h: float, *, fill: bool = False,
             stroke: bool = True, radius: float = 0.0) -> None:
        s = self.scale * mm
        if radius > 0:
            self.canvas.roundRect(self.x(x), self.y(y + h), w * s, h * s, radius * s,
                                  stroke=int(stroke), fill=int(fill))
        else:
            self.canvas.rect(self.x(x), self.y(y + h), w * s, h * s, stroke=int(stroke),
                             fill=int(fill))

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.canvas.line(self.x(x1), self.y(y1), self.x(x2), self.y(y2))

    def polyline(self, points: Sequence[Point]) -> None:
        path = self.canvas.beginPath()
        (x0, y0), *rest = points
        path.moveTo(self.x(x0), self.y(y0))
        for x, y in rest:
            path.lineTo(self.x(x), self.y(y))
        self.canvas.drawPath(path, stroke=1, fill=0)

    def polygon(self, points: Sequence[Point], *, fill: bool = False) -> None:
        path = self.canvas.beginPath()
        (x0, y0), *rest = points
        path.moveTo(self.x(x0), self.y(y0))
        for x, y in rest:
            path.lineTo(self.x(x), self.y(y))
        path.close()
        self.canvas.drawPath(path, stroke=1, fill=int(fill))
