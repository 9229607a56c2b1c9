"""The flowchart of one SOP as SVG: one ``<svg>`` per printed page, drawn from the layout.

Everything is placed by :mod:`workshop.export.flow_layout` (columns, header, rows, wrapped
text, symbols, routes, off-page connectors, pagination); this module only draws it, at
:data:`SCALE` SVG units per millimetre (one unit = 0.2 mm).

Every symbol element carries ``data-step`` and ``data-kind`` (start, process, decision, end,
connector; connectors also ``data-connector`` with their letter); every arrow ``data-from`` and
``data-to`` (its flow edge), ``data-via`` (the connector letter of an edge cut by a page break)
and ``data-label``. An SOP that is not approved gets a diagonal "DRAF" watermark on every page.

All text is XML-escaped here; nothing a user typed is ever written as markup. No scripts, no
external references: every page is a self-contained SVG.
"""

from __future__ import annotations

import re
from typing import Final
from xml.sax.saxutils import escape as _sax_escape
from xml.sax.saxutils import quoteattr

from workshop.docsettings import DEFAULT_PAPER
from workshop.export import flow_layout as fl
from workshop.export.flow_layout import FlowPage, Route, Symbol, TextBlock, connector_letter
from workshop.model import Sop

__all__ = ["PAGE_H", "PAGE_W", "SCALE", "connector_letter", "escape", "flowchart_svg"]

SCALE: Final = 5.0  # SVG units per mm
# The printable part of A4 landscape (267 x 180 mm), the page the pedoman's limits assume
# (templates/pedoman.yaml "page": 7 actors, 20 steps), in SVG units.
PAGE_W: Final = fl.printable_area(DEFAULT_PAPER)[0] * SCALE
PAGE_H: Final = fl.printable_area(DEFAULT_PAPER)[1] * SCALE
# A page slightly over the height is printed smaller (HTML scales each SVG to the page).
OVERFILL: Final = 1.15

STROKE = "#222222"


# What ``quoteattr`` changes; a value without any of these is just put in double quotes.
_ATTR_SPECIAL = re.compile('[&<>"\n\r\t]')


def _attr(value: str | int | float) -> str:
    """An attribute value with its quotes; numbers are trusted, text is escaped."""
    if isinstance(value, float):
        return '"' + (_num(value) or "0") + '"'
    if isinstance(value, str):
        if _ATTR_SPECIAL.search(value) is None:
            return '"' + value + '"'
        return quoteattr(value)
    return f'"{value}"'


def escape(text: str) -> str:
    """``xml.sax.saxutils.escape`` without its three passes when there is nothing to escape."""
    if "&" in text or "<" in text or ">" in text:
        return _sax_escape(text)
    return text


# Coordinates repeat (column edges, row heights): formatting each once per process is enough.
_NUMS: dict[float, str] = {}
_NUMS_MAX = 1 << 16


def _num(value: float) -> str:
    text = _NUMS.get(value)
    if text is None:
        text = f"{value:.1f}".rstrip("0").rstrip(".")
        if value == 0:  # 0.0 and -0.0 are one key but print differently
            return text
        if len(_NUMS) >= _NUMS_MAX:
            _NUMS.clear()
        _NUMS[value] = text
    return text


_UNITS: dict[float, str] = {}


def _u(mm: float) -> str:
    """A length in mm as SVG units (memoised like :func:`_num`)."""
    text = _UNITS.get(mm)
    if text is None:
        text = _num(mm * SCALE)
        if len(_UNITS) >= _NUMS_MAX:
            _UNITS.clear()
        _UNITS[mm] = text
    return text


def _text(block: TextBlock, cls: str) -> str:
    if not block.lines:
        return ""
    x = _u(block.anchor_x)
    spans = "".join(
        f'<tspan x="{x}" y="{_u(block.baseline(i))}">{escape(line)}</tspan>'
        for i, line in enumerate(block.lines)
    )
    extra = ' font-weight="bold"' if block.bold else ""
    return (
        f'<text class="{cls}" font-size="{_u(block.font)}" text-anchor="{block.align}"{extra}>'
        f"{spans}</text>"
    )


def _line(x1: float, y1: float, x2: float, y2: float, width: float = 1.0) -> str:
    return (
        f'<line class="grid" x1="{_u(x1)}" y1="{_u(y1)}" x2="{_u(x2)}" y2="{_u(y2)}" '
        f'stroke="#555555" stroke-width="{_num(width)}"/>'
    )


def _points(pts: list[tuple[float, float]]) -> str:
    return " ".join(f"{_u(px)},{_u(py)}" for px, py in pts)


def _symbol(sym: Symbol) -> str:
    x, y, hw, hh = sym.x, sym.y, sym.half_w, sym.half_h
    common = f"data-step={_attr(sym.step)} data-kind={_attr(sym.kind)}"
    style = f'fill="#ffffff" stroke="{STROKE}" stroke-width="1.4"'
    box = f'x="{_u(x - hw)}" y="{_u(y - hh)}" width="{_u(2 * hw)}" height="{_u(2 * hh)}"'
    if sym.kind in ("start", "end"):
        return f'<rect class="symbol" {common} {box} rx="{_u(hh)}" {style}/>'
    if sym.kind == "decision":
        pts = [(x, y - hh), (x + hw, y), (x, y + hh), (x - hw, y)]
        return f'<polygon class="symbol" {common} points="{_points(pts)}" {style}/>'
    if sym.kind == "connector":
        pts = [
            (x - hw, y - hh),
            (x + hw, y - hh),
            (x + hw, y + hh * 0.3),
            (x, y + hh),
            (x - hw, y + hh * 0.3),
        ]
        return (
            f'<polygon class="symbol connector" {common} data-connector={_attr(sym.letter)} '
            f'points="{_points(pts)}" {style}/>'
            f'<text class="connector-label" x="{_u(x)}" y="{_u(y + 0.2)}" '
            f'font-size="{_u(fl.SMALL)}" font-weight="bold" text-anchor="middle">'
            f"{escape(sym.letter)}</text>"
        )
    return f'<rect class="symbol" {common} {box} {style}/>'


def _arrow_head(x1: float, y1: float, x2: float, y2: float) -> str:
    """A filled triangle at (x2, y2) pointing along the last segment (orthogonal only)."""
    a = fl.ARROW
    if abs(x2 - x1) >= abs(y2 - y1):
        d = 1 if x2 > x1 else -1
        pts = [(x2, y2), (x2 - d * a, y2 - a / 2), (x2 - d * a, y2 + a / 2)]
    else:
        d = 1 if y2 > y1 else -1
        pts = [(x2, y2), (x2 - a / 2, y2 - d * a), (x2 + a / 2, y2 - d * a)]
    return f'<polygon class="arrowhead" points="{_points(pts)}" fill="{STROKE}"/>'


def _route(r: Route) -> str:
    d = "M" + " L".join(f"{_u(x)},{_u(y)}" for x, y in r.points)
    via = f" data-via={_attr(r.via)}" if r.via else ""
    label = f" data-label={_attr(r.label)}" if r.label else ""
    out = [
        f'<path class="edge" data-from="{r.source}" data-to="{r.target}"{via}{label} '
        f'd="{d}" fill="none" stroke="{STROKE}" stroke-width="1.2"/>',
        _arrow_head(*r.points[-2], *r.points[-1]),
    ]
    if r.label and r.label_at is not None:
        lx, ly = r.label_at
        out.append(
            f'<text class="edge-label" data-from="{r.source}" data-label={_attr(r.label)}'
            f' x="{_u(lx)}" y="{_u(ly)}" font-size="{_u(fl.SMALL)}" text-anchor='
            f'"{r.label_anchor}" font-style="italic">{escape(r.label)}</text>'
        )
    return "".join(out)


def flowchart_svg(
    sop: Sop,
    *,
    approved: bool,
    rows_per_page: int = fl.ROWS_PER_PAGE,
    page_height: float | None = PAGE_H,
) -> list[str]:
    """The flowchart of ``sop`` as one self-contained ``<svg>`` string per page.

    The pages of :func:`flow_layout.flow_pages` on A4: at most ``rows_per_page`` steps each,
    and (unless ``page_height`` is None) only as many as fit the page's printable height (a
    last step or two may overfill it by :data:`OVERFILL`: the browser prints it smaller). An
    SOP without steps has no flowchart: the result is an empty list.
    """
    pages = fl.flow_pages(
        sop, DEFAULT_PAPER, rows_per_page=rows_per_page, limit_height=page_height is not None,
        overfill=OVERFILL,
    )
    return [_page(page, approved=approved) for page in pages]


def _page(page: FlowPage, *, approved: bool) -> str:
    width = page.width
    body: list[str] = [
        f'<text class="page-title" x="2" y="20" font-size="{_u(fl.TITLE_FONT)}" '
        f'font-weight="bold">{escape(page.title)}</text>'
    ]
    sub = ", ".join(p for p in (f"Nomor SOP: {page.number}" if page.number else "",
                                page.caption) if p)
    body.append(
        f'<text class="page-sub" x="{_num(width * SCALE - 2)}" y="20" '
        f'font-size="{_u(fl.SMALL)}" text-anchor="end">{escape(sub)}</text>'
    )
    top = page.header_top
    body.append(
        f'<rect class="header" x="0" y="{_u(top)}" width="{_u(width)}" '
        f'height="{_u(page.header_height)}" fill="#eeeeee"/>'
    )
    body.extend(_text(cell.text, "head") for cell in page.header)

    # Grid: header lines, row lines, column lines (inner lines of spanned headers start lower).
    grid: list[str] = [_line(0, top, width, top)]
    for cell in page.header:
        if cell.row == 0:
            box = cell.text.box
            grid.append(_line(box.x, box.y + box.h, box.x + box.w, box.y + box.h))
    grid.append(_line(0, page.body_top, width, page.body_top, 1.6))
    grid.extend(_line(0, row.y + row.height, width, row.y + row.height) for row in page.rows)
    inner = {
        i
        for cell in page.header
        if cell.row == 0
        for i in range(cell.first + 1, cell.last + 1)
    }
    xs = [c.x for c in page.columns] + [width]
    for i, x in enumerate(xs):
        y0 = top + page.header_row1 if i in inner else top
        grid.append(_line(x, y0, x, page.grid_bottom))

    cells = [_text(block, "cell") for row in page.rows for _, block in row.cells]
    arrows = [_route(r) for r in page.routes]
    symbols = [_symbol(s) for s in page.symbols]
    footer = _text(page.footer, "total-time") if page.footer is not None else ""

    total_h = page.height
    watermark = ""
    if not approved:
        cx, cy = width * SCALE / 2, total_h * SCALE / 2
        size = max(60.0, min(width, total_h) * SCALE / 3)
        watermark = (
            f'<text class="watermark" x={_attr(cx)} y={_attr(cy)} font-size={_attr(size)} '
            f'font-weight="bold" fill="#cc0000" fill-opacity="0.13" text-anchor="middle" '
            f'dominant-baseline="middle" transform="rotate(-30 {_num(cx)} {_num(cy)})">DRAF</text>'
        )
    caption = f"{page.title}, halaman {page.index + 1} dari {page.count}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="flowchart" '
        f'viewBox="0 0 {_u(width)} {_u(total_h)}" '
        f'width="{_num(width)}mm" height="{_num(total_h)}mm" role="img" '
        f'data-page="{page.index + 1}" data-pages="{page.count}" '
        f'font-family="DejaVu Sans, Arial, Helvetica, sans-serif">'
        f"<title>{escape('Flowchart ' + caption)}</title>"
        f'<rect class="page" x="0" y="0" width="{_u(width)}" height="{_u(total_h)}" '
        f'fill="#ffffff"/>'
        + "".join(body)
        + "".join(grid)
        + "".join(cells)
        + "".join(arrows)
        + "".join(symbols)
        + footer
        + watermark
        + "</svg>"
    )
