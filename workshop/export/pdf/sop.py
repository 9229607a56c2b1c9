"""One SOP as PDF pages: the kop and the boxes, then the flowchart pages of the shared layout.

What is drawn comes from two models and nothing else:

- :class:`workshop.export.sop_document.SopDocument` (the kop, the box pairs, draft or not,
  the paper) — laid out here as the official form: the kop's left part holds the logo and
  the organisation lines, its right part Nomor SOP, the dates, "Disahkan oleh" (position,
  room to sign and stamp, name, NIP) and Nama SOP; under it the three box pairs, each list
  numbered one item per line. A box pair is never split across pages: a pair that does not
  fit under the kop starts the next page.
- :func:`workshop.export.flow_layout.flow_pages` — the flowchart pages exactly as laid out
  (steps per page, columns, wrapped text, symbols, routes, connectors). Nothing here
  re-derives a column or a page cut; a grid wider than the page is printed smaller.

Every page carries "Halaman x dari y" in its bottom margin; a draft carries a diagonal "DRAF"
on every page, an approved SOP no status or classification line at all.

:func:`sop_pages` gives the pages as painters (so the book can place them among its own);
:func:`sop_pdf` writes them as one file.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from workshop.datetext import BLANK
from workshop.export.flow_layout import MARGIN, FlowPage, TextBlock, printable_area
from workshop.export.pdf.fonts import pdf_text, register_fonts, text_width
from workshop.export.pdf.pen import INK, PT, SHADE, Pen
from workshop.export.sop_document import APPROVAL_LABEL, TITLE_LABEL, Box, SopDocument

__all__ = ["DRAFT_MARK", "PagePaint", "page_label", "sop_pages", "sop_pdf", "wrap"]

DRAFT_MARK: Final = "DRAF"

# Type sizes (the em, in mm) of the kop and the boxes; 3.2 mm is about 9 pt.
ORG_FONT: Final = 3.6
KOP_FONT: Final = 3.0
BOX_FONT: Final = 2.8
SHRINK_FONT: Final = 2.4  # a pair shrinks to this to stay on the page under the kop
MIN_BOX_FONT: Final = 1.8  # a pair alone on a page shrinks to this before running over
LEADING: Final = 1.25  # line pitch = font * LEADING
PAD: Final = 1.5
LOGO_MAX: Final = 24.0  # the logo's box (mm), kept square
SIGN_ROOM: Final = 20.0  # room to sign and stamp under the position
KOP_LEFT_SHARE: Final = 0.42
KOP_LABEL_W: Final = 40.0
BOX_HEAD: Final = 6.0
GAP: Final = 3.0  # between the kop and the boxes

PagePaint = Callable[[Canvas, int, int], None]
"""Paints one page: (canvas, page number from 1, page count of the document)."""


def page_label(number: int, count: int) -> str:
    return f"Halaman {number} dari {count}"


def wrap(text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """``text`` on lines no wider than ``width`` mm at ``size`` mm, broken at spaces only (a
    word longer than the width stands alone on its line). Widths add up exactly: reportlab
    sets TrueType text without kerning."""
    words = text.split()
    if not words:
        return []
    space = _measure(" ", size, bold)
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word in words:
        w = _measure(word, size, bold)
        if current and used + space + w > width:
            lines.append(" ".join(current))
            current, used = [word], w
        else:
            used = used + space + w if current else w
            current.append(word)
    lines.append(" ".join(current))
    return lines


@lru_cache(maxsize=8192)
def _measure(text: str, size: float, bold: bool) -> float:
    return text_width(pdf_text(text), size / PT, bold=bold) * PT


# ---------------------------------------------------------------------------------------------
# The kop and the boxes (laid out here: the official form is a fixed table)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    x: float
    baseline: float
    text: str
    size: float
    bold: bool = False
    align: str = "start"


@dataclass(frozen=True)
class _Block:
    """Something drawn at a height: its boxes (shaded or not), lines, text; height in mm."""

    height: float
    rects: tuple[tuple[float, float, float, float, bool], ...]  # x, y, w, h, shaded
    lines: tuple[_Line, ...]
    logo: tuple[float, float, float, float] | None = None  # x, y, w, h


def _pitch(size: float) -> float:
    return size * LEADING


def _kop(doc: SopDocument, width: float, logo_ok: bool) -> _Block:
    left_w = width * KOP_LEFT_SHARE
    value_x = left_w + KOP_LABEL_W
    value_w = width - value_x
    lines: list[_Line] = []
    rects: list[tuple[float, float, float, float, bool]] = []
    y = 0.0

    def field(label: str, value: str, *, bold: bool = False) -> None:
        """One row of the right part: the label and its value, each wrapped in its cell."""
        nonlocal y
        value_lines = wrap(value, value_w - 2 * PAD, KOP_FONT, bold=bold)
        label_lines = wrap(label, KOP_LABEL_W - 2 * PAD, KOP_FONT)
        h = max(len(value_lines), len(label_lines), 1) * _pitch(KOP_FONT) + 2 * PAD
        rects.append((left_w, y, KOP_LABEL_W, h, False))
        rects.append((value_x, y, value_w, h, False))
        for x, cell, weight in ((left_w, label_lines, False), (value_x, value_lines, bold)):
            for i, line in enumerate(cell):
                lines.append(_Line(x + PAD, y + PAD + KOP_FONT + i * _pitch(KOP_FONT), line,
                                   KOP_FONT, weight))
        y += h

    for f in doc.fields:
        field(f.label, f.value)
    # Disahkan oleh: the position, room to sign and stamp, the name (bold), the NIP.
    sig = doc.approval
    sign_top = y
    pos_lines = wrap(sig.position, value_w - 2 * PAD, KOP_FONT)
    name_lines = wrap(sig.name, value_w - 2 * PAD, KOP_FONT, bold=True)
    nip_lines = wrap(f"NIP. {sig.nip}", value_w - 2 * PAD, KOP_FONT) if sig.nip else []
    count = len(pos_lines) + len(name_lines) + len(nip_lines)
    h = count * _pitch(KOP_FONT) + 2 * PAD + SIGN_ROOM
    rects.append((left_w, y, KOP_LABEL_W, h, False))
    rects.append((value_x, y, value_w, h, False))
    lines.append(_Line(left_w + PAD, y + PAD + KOP_FONT, APPROVAL_LABEL, KOP_FONT))
    base = sign_top + PAD + KOP_FONT
    for line in pos_lines:
        lines.append(_Line(value_x + PAD, base, line, KOP_FONT))
        base += _pitch(KOP_FONT)
    base += SIGN_ROOM
    for line in name_lines:
        lines.append(_Line(value_x + PAD, base, line, KOP_FONT, True))
        base += _pitch(KOP_FONT)
    for line in nip_lines:
        lines.append(_Line(value_x + PAD, base, line, KOP_FONT))
        base += _pitch(KOP_FONT)
    y += h
    field(TITLE_LABEL, doc.title, bold=True)
    total = y

    # The left part: the logo over the organisation lines, centred in the kop's height.
    rects.insert(0, (0.0, 0.0, left_w, total, False))
    org = [line for text in (doc.org_lines or (BLANK,))
           for line in wrap(text, left_w - 2 * PAD, ORG_FONT, bold=True)]
    logo_h = min(LOGO_MAX, total / 3) if logo_ok and doc.logo is not None else 0.0
    block_h = logo_h + (GAP if logo_h else 0.0) + len(org) * _pitch(ORG_FONT)
    top = max(PAD, (total - block_h) / 2)
    logo = (left_w / 2 - logo_h / 2, top, logo_h, logo_h) if logo_h else None
    base = top + logo_h + (GAP if logo_h else 0.0) + ORG_FONT
    for line in org:
        lines.append(_Line(left_w / 2, base, line, ORG_FONT, True, "middle"))
        base += _pitch(ORG_FONT)
    return _Block(total, tuple(rects), tuple(lines), logo)


def _box_lines(box: Box, width: float, size: float) -> list[_Line]:
    """The numbered items of one box, hanging indent, from y = 0 (the top of the list)."""
    out: list[_Line] = []
    base = PAD + size
    if not box.items:
        return [_Line(PAD, base, "-", size)]
    for n, item in enumerate(box.items, start=1):
        mark = f"{n}."
        indent = PAD + max(_measure(f"{len(box.items)}.", size, False), size) + 1.0
        out.append(_Line(PAD, base, mark, size))
        for line in wrap(item, width - indent - PAD, size) or [""]:
            out.append(_Line(indent, base, line, size))
            base += _pitch(size)
    return out


def _box_pair(pair: tuple[Box, Box], width: float, room: float, smallest: float) -> _Block:
    """Two boxes side by side at the largest type (down to ``smallest``) that fits ``room``
    mm, or at ``smallest`` when nothing does."""
    half = width / 2
    size = BOX_FONT
    while True:
        columns = [_box_lines(box, half, size) for box in pair]
        body = max(max((ln.baseline for ln in col), default=0.0) for col in columns) + PAD + 0.6
        height = BOX_HEAD + body
        if height <= room or size <= smallest:
            break
        size = max(smallest, size - 0.2)
    rects: list[tuple[float, float, float, float, bool]] = []
    lines: list[_Line] = []
    for i, (box, col) in enumerate(zip(pair, columns, strict=True)):
        x = i * half
        rects.append((x, 0.0, half, BOX_HEAD, True))
        rects.append((x, BOX_HEAD, half, body, False))
        lines.append(_Line(x + PAD, BOX_HEAD / 2 + KOP_FONT * 0.35, box.label, KOP_FONT, True))
        lines.extend(_Line(x + ln.x, BOX_HEAD + ln.baseline, ln.text, ln.size) for ln in col)
    return _Block(height, tuple(rects), tuple(lines))


def _note(text: str, width: float) -> _Block:
    lines = wrap(text, width, BOX_FONT)
    return _Block(
        len(lines) * _pitch(BOX_FONT) + PAD,
        (),
        tuple(_Line(0.0, PAD + BOX_FONT + i * _pitch(BOX_FONT), ln, BOX_FONT)
              for i, ln in enumerate(lines)),
    )


def _identity_pages(doc: SopDocument, logo_ok: bool, *, with_flow: bool) -> list[list[
        tuple[float, _Block]]]:
    """The kop and the boxes placed on pages: [(y, block)] per page.

    A box pair that does not fit under what is already on the page may set its lists a
    little smaller (down to :data:`SHRINK_FONT`); if it still does not fit it starts the next
    page at full size (where it may shrink down to :data:`MIN_BOX_FONT`).
    """
    width, height = printable_area(doc.paper)
    pages: list[list[tuple[float, _Block]]] = [[]]
    kop = _kop(doc, width, logo_ok)
    pages[0].append((0.0, kop))
    y = kop.height + GAP
    for pair in doc.boxes:
        block = _box_pair(pair, width, height - y, SHRINK_FONT)
        if y + block.height > height and pages[-1]:
            pages.append([])
            y = 0.0
            block = _box_pair(pair, width, height, MIN_BOX_FONT)
        pages[-1].append((y, block))
        y += block.height
    if not with_flow:
        for text in ("Belum ada langkah.", doc.total_time):
            block = _note(text, width)
            if y + block.height > height:
                pages.append([])
                y = 0.0
            pages[-1].append((y, block))
            y += block.height
    return pages


def _draft_line(doc: SopDocument) -> str:
    """The working lines only a draft shows (status, kind of SOP), on one line."""
    parts = [DRAFT_MARK]
    if doc.status:
        parts.append(f"Status: {doc.status}")
    if doc.kinds:
        parts.append("Jenis SOP: " + ", ".join(doc.kinds))
    return " · ".join(parts)


def _paint_block(pen: Pen, y: float, block: _Block, logo: Path | None) -> None:
    pen.stroke(0.3)
    for x, ry, w, h, shaded in block.rects:
        if shaded:
            pen.fill(SHADE)
            pen.rect(x, y + ry, w, h, fill=True)
        else:
            pen.rect(x, y + ry, w, h)
    pen.fill(INK)
    for ln in block.lines:
        pen.text(ln.x, y + ln.baseline, ln.text, ln.size, bold=ln.bold, align=ln.align)
    if block.logo is not None and logo is not None:
        x, ly, w, h = block.logo
        # A logo that was readable when checked but fails now is left out, never a failure.
        with contextlib.suppress(Exception):
            pen.canvas.drawImage(str(logo), pen.x(x), pen.y(y + ly + h), w * mm, h * mm,
                                 preserveAspectRatio=True, anchor="c", mask="auto")


# ---------------------------------------------------------------------------------------------
# The flowchart pages (drawn from the shared layout)
# ---------------------------------------------------------------------------------------------


def _paint_text(pen: Pen, block: TextBlock) -> None:
    for i, line in enumerate(block.lines):
        pen.text(block.anchor_x, block.baseline(i), line, block.font, bold=block.bold,
                 align=block.align)


def _arrow_head(pen: Pen, a: tuple[float, float], b: tuple[float, float], size: float) -> None:
    (x1, y1), (x2, y2) = a, b
    if abs(x2 - x1) >= abs(y2 - y1):
        d = 1 if x2 > x1 else -1
        pts = [(x2, y2), (x2 - d * size, y2 - size / 2), (x2 - d * size, y2 + size / 2)]
    else:
        d = 1 if y2 > y1 else -1
        pts = [(x2, y2), (x2 - size / 2, y2 - d * size), (x2 + size / 2, y2 - d * size)]
    pen.polygon(pts, fill=True)


def _paint_flow(pen: Pen, page: FlowPage) -> None:
    from workshop.export import flow_layout as fl

    # Title band: the SOP's name and number (the page number is in the margin).
    pen.fill(INK)
    pen.text(0.5, fl.TITLE_BAND - 1.6, page.title, fl.TITLE_FONT, bold=True)
    if page.number:
        pen.text(page.width - 0.5, fl.TITLE_BAND - 1.6, f"Nomor SOP: {page.number}", fl.SMALL,
                 align="end")
    # Header cells, shaded, repeated on every page.
    pen.stroke(0.25)
    for cell in page.header:
        box = cell.text.box
        pen.fill(SHADE)
        pen.rect(box.x, box.y, box.w, box.h, fill=True)
    pen.fill(INK)
    for cell in page.header:
        _paint_text(pen, cell.text)
    # The grid: a line under every row, a line at every column edge.
    right = page.columns[-1].x + page.columns[-1].width if page.columns else page.width
    for row in page.rows:
        bottom = row.y + row.height
        pen.line(0.0, bottom, right, bottom)
    for col in page.columns:
        pen.line(col.x, page.body_top, col.x, page.grid_bottom)
    pen.line(right, page.body_top, right, page.grid_bottom)
    pen.stroke(0.4)
    pen.line(0.0, page.body_top, right, page.body_top)
    for row in page.rows:
        for _col, block in row.cells:
            _paint_text(pen, block)
    # Arrows under the symbols, then the symbols (white inside) over them.
    pen.stroke(0.3)
    for route in page.routes:
        pen.polyline(route.points)
        _arrow_head(pen, route.points[-2], route.points[-1], fl.ARROW)
        if route.label and route.label_at is not None:
            lx, ly = route.label_at
            pen.text(lx, ly, route.label, fl.SMALL,
                     align="end" if route.label_anchor == "end" else "start")
    for sym in page.symbols:
        x, y, hw, hh = sym.x, sym.y, sym.half_w, sym.half_h
        pen.fill((1.0, 1.0, 1.0))
        if sym.kind in ("start", "end"):
            pen.rect(x - hw, y - hh, 2 * hw, 2 * hh, fill=True, radius=hh)
        elif sym.kind == "decision":
            pen.polygon([(x, y - hh), (x + hw, y), (x, y + hh), (x - hw, y)], fill=True)
        elif sym.kind == "connector":
            pen.polygon([(x - hw, y - hh), (x + hw, y - hh), (x + hw, y + hh * 0.3),
                         (x, y + hh), (x - hw, y + hh * 0.3)], fill=True)
            pen.fill(INK)
            pen.text(x, y + fl.SMALL * 0.3, sym.letter, fl.SMALL, bold=True, align="middle")
        else:
            pen.rect(x - hw, y - hh, 2 * hw, 2 * hh, fill=True)
        pen.fill(INK)
    if page.footer is not None:
        _paint_text(pen, page.footer)


# ---------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------


def _margin_and_mark(canvas: Canvas, doc: SopDocument, number: int, count: int) -> None:
    w, h = doc.paper.landscape
    pen = Pen(canvas, h)
    pen.text(w - MARGIN, h - MARGIN / 2, page_label(number, count), 2.6, align="end")
    if doc.draft:
        pen.text(MARGIN, MARGIN / 2 + 1.0, _draft_line(doc), 2.6)
    pen.flush()
    if doc.draft:
        canvas.saveState()
        canvas.setFillAlpha(0.13)
        canvas.translate(w / 2 * mm, h / 2 * mm)
        canvas.rotate(30)
        pen_mark = Pen(canvas, 0.0)
        pen_mark.text(0.0, -h / 12, DRAFT_MARK, h / 3, bold=True, align="middle")
        pen_mark.flush((0.8, 0.0, 0.0))
        canvas.restoreState()


def sop_pages(doc: SopDocument, flow: Sequence[FlowPage], *, logo_ok: bool = True
              ) -> list[PagePaint]:
    """The pages of one SOP as painters (see the module docstring)."""
    register_fonts()
    identity = _identity_pages(doc, logo_ok, with_flow=bool(flow))
    width, height = printable_area(doc.paper)
    _, page_h = doc.paper.landscape
    paints: list[PagePaint] = []

    def identity_page(blocks: list[tuple[float, _Block]]) -> PagePaint:
        def paint(canvas: Canvas, number: int, count: int) -> None:
            pen = Pen(canvas, page_h, (MARGIN, MARGIN))
            for y, block in blocks:
                _paint_block(pen, y, block, doc.logo if logo_ok else None)
            pen.flush()
            _margin_and_mark(canvas, doc, number, count)
        return paint

    def flow_page(page: FlowPage) -> PagePaint:
        scale = min(1.0, width / page.width, height / page.height) if page.height else 1.0
        def paint(canvas: Canvas, number: int, count: int) -> None:
            pen = Pen(canvas, page_h, (MARGIN, MARGIN), scale)
            _paint_flow(pen, page)
            pen.flush()
            _margin_and_mark(canvas, doc, number, count)
        return paint

    paints.extend(identity_page(blocks) for blocks in identity)
    paints.extend(flow_page(page) for page in flow)
    return paints


def new_canvas(buffer: io.BytesIO, size: tuple[float, float], title: str) -> Canvas:
    """A canvas for one document: page size in mm, compressed, the title in its metadata."""
    canvas = Canvas(buffer, pagesize=(size[0] * mm, size[1] * mm), pageCompression=1,
                    invariant=1)
    canvas.setTitle(pdf_text(title))
    canvas.setCreator("sop-workshop")
    canvas.setAuthor("")
    return canvas


def sop_pdf(doc: SopDocument, flow: Sequence[FlowPage], *, logo_ok: bool = True) -> bytes:
    """One SOP as a PDF file (bytes)."""
    paints = sop_pages(doc, flow, logo_ok=logo_ok)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, doc.paper.landscape, doc.title)
    for number, paint in enumerate(paints, start=1):
        paint(canvas, number, len(paints))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
