"""The paginated flowchart of one SOP as geometry, in millimetres: what every renderer draws.

The official table of PermenPAN-RB 35/2012 is laid out once here:

``No | Kegiatan | Pelaksana (one column per actor) | Mutu Baku (Kelengkapan, Waktu, Output) |
Keterangan``

:func:`flow_pages` returns one :class:`FlowPage` per printed page, with everything in mm from
the top left of the landscape page's printable area (the paper from
:mod:`workshop.docsettings`, inside :data:`MARGIN` on every side): a title band, the grid
columns, the two header rows' cells, the rows (a step each, plus a row of off-page connectors
at the top and/or bottom), the symbols, the routed arrows with their Ya/Tidak labels, and the
total-time footer under the last page. The SVG (:mod:`workshop.export.svg`), Word and PDF
renderers only draw it; none re-derives columns, wrapping or pagination.

The rules it holds:

- Every step is one row; its symbol (capsule for start/end, box for a process, diamond for a
  decision) sits in the column of the actor who performs it, centred in the row.
- Arrows are orthogonal. To the step in the next row: down from the symbol, across (inside the
  source row, which holds no other symbol) and down into the target. Any other jump: out of
  the symbol's side, along a vertical lane in the margin of an actor column (where no symbol is
  ever drawn), and into the target's side. Forward jumps use the right margin of the right-most
  of the two columns, loop-backs the left margin of the left-most, so lines go around the
  symbols, never through them. Lanes are allocated so that two arrows never share a lane over
  the same rows while a free lane exists.
- Long SOPs are cut into pages of at most ``rows_per_page`` steps that fit the page height.
  An arrow that crosses a cut ends in an off-page connector (a pentagon, lettered A, B, ...) in
  a row at the bottom of its page and starts again from a connector with the same letter in a
  row at the top of the target's page.
- Text wraps only at spaces, measured with DejaVu Sans' own advance widths
  (:mod:`workshop.export.fontwidths`). A word longer than its column makes that cell's font
  smaller (down to :data:`MIN_FONT`); a word still too long then is alone on its line. A word
  is never cut.

Text here is plain data (one line each, control characters removed); each renderer escapes
it for its own format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final, NamedTuple

from workshop.docsettings import DEFAULT_PAPER, Paper
from workshop.export.fontwidths import text_width
from workshop.export.mdutil import one_line
from workshop.export.sop_table import (
    ACTIVITY_LABEL,
    ACTORS_LABEL,
    MUTU_BAKU_LABEL,
    NUMBER_LABEL,
    Column,
    SopTable,
    TableRow,
    sop_table,
)
from workshop.export.sopview import edges, kind_of, total_time_text
from workshop.model import Sop

__all__ = [
    "MARGIN",
    "ROWS_PER_PAGE",
    "Cut",
    "FlowPage",
    "FlowRow",
    "GridColumn",
    "HeaderCell",
    "Rect",
    "Route",
    "Symbol",
    "TextBlock",
    "connector_letter",
    "flow_pages",
    "printable_area",
    "wrap_text",
]

MARGIN: Final = 15.0  # page margin on every side
ROWS_PER_PAGE: Final = 20  # the pedoman's page (templates/pedoman.yaml "page": 20 steps)

# Type sizes (the em, in mm) and the line pitch: 2.8 mm is about 8 pt.
FONT: Final = 2.8
SMALL: Final = 2.4  # actor names, connector letters, Ya/Tidak labels
TITLE_FONT: Final = 3.2
MIN_FONT: Final = 1.2  # a cell never shrinks its text below this (about 3.4 pt)
LEADING: Final = 0.6  # line pitch = font + LEADING
PAD: Final = 1.0  # inner margin of a cell, left and right and above and below the text

TITLE_BAND: Final = 6.0
HEAD_ROW_1: Final = 5.6
MIN_ROW: Final = 7.2  # a two-line activity
CONNECTOR_ROW: Final = 6.8
FOOTER: Final = 4.0  # the total-time line under the last page
PAGE_SLACK: Final = 1.2

W_NO: Final = 8.0
W_ACTIVITY: Final = 56.0
# Widths of the value columns right of the actors (by step field, see export.sop_table), and
# the ones whose text is centred.
W_VALUES: Final = {"requirements": 37.0, "time": 18.0, "output": 32.0, "note": 20.0}
W_VALUE_OTHER: Final = 20.0
CENTRED_VALUES: Final = frozenset({"time"})
W_ACTOR_MIN: Final = 13.6  # more actors than fit widen the grid instead

SYM_W_MAX: Final = 14.4  # box, capsule and diamond width (narrower in narrow actor columns)
SYM_H: Final = 4.0
DIA_H: Final = 5.6
CON_W: Final = 4.0  # pentagon
CON_H: Final = 3.6
BAND_STEP: Final = 0.6  # arrows to/from connectors of one column run at different heights
CON_SPREAD: Final = 5.2
LANE_STEP: Final = 0.8
LANES: Final = 3
LANE_ROOM: Final = LANES * LANE_STEP + 0.8  # kept free of symbols on each side of an actor column
ENTRY_DY: Final = -0.8
EXIT_DY: Final = 0.8
ARROW: Final = 1.2  # length of an arrow head


def printable_area(paper: Paper) -> tuple[float, float]:
    """(width, height) in mm inside :data:`MARGIN` of the landscape ``paper``."""
    width, height = paper.landscape
    return width - 2 * MARGIN, height - 2 * MARGIN


def connector_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, 27 -> AB ..."""
    letters = ""
    n = index
    while True:
        letters = chr(ord("A") + n % 26) + letters
        n = n // 26 - 1
        if n < 0:
            return letters


# ---------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------


class Rect(NamedTuple):
    x: float
    y: float
    w: float
    h: float


class TextBlock(NamedTuple):
    """Lines of text in a box, already wrapped.

    ``font`` is the em in mm, ``line_height`` the pitch between baselines; ``align`` is "start"
    (left, ``PAD`` inside the box) or "middle" (centred). ``top`` is the top of the first line,
    so the baseline of line ``i`` is :meth:`baseline`; the block is centred vertically in ``box``.
    """

    lines: tuple[str, ...]
    box: Rect
    font: float = FONT
    bold: bool = False
    align: str = "start"
    top: float = 0.0
    # The text before wrapping, one entry per paragraph (a list value: one per item), for a
    # renderer that wraps by itself (Word); empty: the lines joined by spaces.
    paragraphs: tuple[str, ...] = ()

    @property
    def line_height(self) -> float:
        return self.font + LEADING

    @property
    def texts(self) -> tuple[str, ...]:
        """The paragraphs of the cell, unwrapped (whitespace collapsed)."""
        return self.paragraphs or ((" ".join(self.lines),) if self.lines else ())

    @property
    def anchor_x(self) -> float:
        """x of the line start ("start") or of the line centre ("middle")."""
        return self.box.x + self.box.w / 2 if self.align == "middle" else self.box.x + PAD

    def baseline(self, index: int) -> float:
        return self.top + self.font + index * self.line_height


def _block(
    text: str, box: Rect, *, font: float = FONT, bold: bool = False, align: str = "start"
) -> TextBlock:
    lines, size = wrap_text(text, box.w, font, bold=bold)
    pitch = size + LEADING
    top = box.y + (box.h - len(lines) * pitch) / 2 - LEADING
    return TextBlock(lines, box, size, bold, align, top)


@lru_cache(maxsize=8192)
def wrap_text(
    text: str, width: float, font: float = FONT, *, bold: bool = False
) -> tuple[tuple[str, ...], float]:
    """``text`` on lines that fit a cell ``width`` mm wide, and the font size (mm) they use.

    Breaks only at spaces. When a word is wider than the cell (less ``PAD`` on each side) the
    font shrinks until it fits, down to :data:`MIN_FONT`; a word still too wide is alone on its
    line. Memoised: activities and actor names repeat on every page and in every SOP of a unit.
    """
    flat = one_line(text)
    if not flat:
        return (), font
    room = width - 2 * PAD
    if text_width(flat, font, bold=bold) <= room:
        return (flat,), font
    words = flat.split(" ")
    widest = max(text_width(word, font, bold=bold) for word in words)
    size = font
    if widest > room:
        # Sizes in steps of 0.05 mm, so that the same text always gets the same size.
        size = max(MIN_FONT, int(font * room / widest * 20) / 20)
    space = text_width(" ", size, bold=bold)
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word in words:
        w = text_width(word, size, bold=bold)
        if current and used + space + w > room:
            lines.append(" ".join(current))
            current, used = [word], w
        else:
            used = used + space + w if current else w
            current.append(word)
    if current:
        lines.append(" ".join(current))
    return tuple(lines), size


# ---------------------------------------------------------------------------------------------
# The page model
# ---------------------------------------------------------------------------------------------


class GridColumn(NamedTuple):
    """A column of the grid: ``key`` is "no", "activity", "actor" or a step field's key."""

    key: str
    label: str
    x: float
    width: float
    actor: int | None = None  # the actor index of an actor column
    mutu_baku: bool = False  # under the "Mutu Baku" header


class HeaderCell(NamedTuple):
    """A header cell: columns ``first``..``last`` (grid indexes), ``row`` 0, 1 or None (both)."""

    first: int
    last: int
    row: int | None
    text: TextBlock


class FlowRow(NamedTuple):
    """One row under the header: ``kind`` "step", or "in"/"out" for a row of connectors."""

    kind: str
    step: int | None
    y: float
    height: float
    cells: tuple[tuple[int, TextBlock], ...] = ()  # (grid column, text); empty columns left out


class Symbol(NamedTuple):
    """A symbol: ``kind`` start, process, decision, end or connector; centre and half sizes.

    A connector belongs to the step it leaves from (bottom row) or leads to (top row) and
    carries its ``letter``.
    """

    kind: str
    step: int
    x: float
    y: float
    half_w: float
    half_h: float
    letter: str = ""

    @property
    def box(self) -> Rect:
        return Rect(self.x - self.half_w, self.y - self.half_h, 2 * self.half_w, 2 * self.half_h)


class Route(NamedTuple):
    """An arrow: an orthogonal polyline from the source's outline to the target's, head last.

    ``source``/``target`` are the steps of the flow edge (also for the two halves of an edge cut
    by a page break, whose connector letter is ``via``); ``start``/``end`` are the symbols'
    indexes in :attr:`FlowPage.symbols`. ``label`` ("Ya"/"Tidak") is written at ``label_at``,
    anchored at its start or end (``label_anchor``).
    """

    source: int
    target: int
    label: str | None
    points: tuple[tuple[float, float], ...]
    start: int
    end: int
    via: str = ""
    label_at: tuple[float, float] | None = None
    label_anchor: str = "start"


class Cut(NamedTuple):
    """An arrow that crosses a page cut, drawn as a lettered pair of off-page connectors."""

    letter: str
    source: int
    target: int
    label: str | None


@dataclass(frozen=True)
class FlowPage:
    """One printed page of the flowchart (all lengths in mm, from the printable area's corner)."""

    index: int  # 0-based
    count: int
    title: str  # the SOP's title (one line; "SOP tanpa judul" when empty)
    number: str  # the SOP's number (one line, may be "")
    steps: tuple[int, ...]
    columns: tuple[GridColumn, ...]
    actor_first: int  # index in ``columns`` of the first actor column
    n_actors: int
    width: float  # of the grid (wider than the printable area when many actors)
    height: float  # from the top of the title band to the bottom of the footer (or grid)
    header_top: float
    header_row1: float  # height of the first header row (Pelaksana, Mutu Baku)
    header_height: float  # both header rows
    header: tuple[HeaderCell, ...]
    rows: tuple[FlowRow, ...]
    grid_bottom: float
    symbols: tuple[Symbol, ...]
    routes: tuple[Route, ...]
    incoming: tuple[Cut, ...]
    outgoing: tuple[Cut, ...]
    footer: TextBlock | None  # the total time, under the last page only

    @property
    def caption(self) -> str:
        return f"Halaman {self.index + 1} dari {self.count}"

    @property
    def body_top(self) -> float:
        return self.header_top + self.header_height


# ---------------------------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------------------------


@dataclass
class _Node:
    key: str  # "s12" for step 12, "in:A" / "out:A" for connectors
    order: int  # vertical order on the page (-1 top connector row, len(rows) bottom row)
    col: int  # actor column index
    x: float
    y: float
    kind: str
    step: int
    half_w: float
    half_h: float
    band: float = 0.0  # connectors: the height at which arrows run to or from them
    letter: str = ""

    def side_x(self, dy: float, side: int) -> float:
        """x where the line at ``y + dy`` meets the outline on ``side`` (+1 right, -1 left)."""
        a, b = self.half_w, self.half_h
        dy = max(-b + 0.2, min(b - 0.2, dy))
        if self.kind == "decision":
            reach = a * (1 - abs(dy) / b)
        elif self.kind in ("start", "end"):
            r = b
            inner = a - r
            reach = inner + (r * r - dy * dy) ** 0.5
        else:
            reach = a
        return self.x + side * reach


@dataclass
class _Grid:
    cols_x: list[float]  # left x of every grid column
    widths: list[float]
    actor_first: int  # index of the first actor column in cols_x
    n_actors: int
    actor_w: float
    width: float
    values: tuple[Column, ...]  # the value columns right of the actors

    @property
    def sym_w(self) -> float:
        return min(SYM_W_MAX, self.actor_w - 2 * LANE_ROOM)

    def size(self, kind: str) -> tuple[float, float]:
        """Half width and half height of a symbol of this kind."""
        if kind == "connector":
            return CON_W / 2, CON_H / 2
        if kind == "decision":
            return self.sym_w / 2, DIA_H / 2
        return self.sym_w / 2, SYM_H / 2

    def actor_left(self, col: int) -> float:
        return self.cols_x[self.actor_first + col]

    def actor_right(self, col: int) -> float:
        return self.actor_left(col) + self.actor_w

    def actor_center(self, col: int) -> float:
        return self.actor_left(col) + self.actor_w / 2


@dataclass
class _Lanes:
    used: dict[tuple[int, int, int], list[tuple[float, float]]] = field(default_factory=dict)

    def take(self, col: int, side: int, y1: float, y2: float) -> int:
        lo, hi = min(y1, y2) - 0.6, max(y1, y2) + 0.6
        for k in range(1, LANES + 1):
            spans = self.used.setdefault((col, side, k), [])
            if all(hi < a or lo > b for a, b in spans):
                spans.append((lo, hi))
                return k
        self.used[(col, side, LANES)].append((lo, hi))
        return LANES


def _grid(n_actors: int, values: tuple[Column, ...], page_w: float) -> _Grid:
    value_ws = [W_VALUES.get(c.key, W_VALUE_OTHER) for c in values]
    fixed = W_NO + W_ACTIVITY + sum(value_ws)
    n = max(1, n_actors)
    actor_w = max(W_ACTOR_MIN, (page_w - fixed) / n)
    widths: list[float] = [W_NO, W_ACTIVITY, *([actor_w] * n_actors), *value_ws]
    xs: list[float] = []
    x = 0.0
    for w in widths:
        xs.append(x)
        x += w
    return _Grid(xs, widths, 2, n_actors, actor_w, x, values)


def _columns(grid: _Grid, actors: list[str]) -> tuple[GridColumn, ...]:
    out = [
        GridColumn("no", NUMBER_LABEL, grid.cols_x[0], grid.widths[0]),
        GridColumn("activity", ACTIVITY_LABEL, grid.cols_x[1], grid.widths[1]),
    ]
    for i, actor in enumerate(actors):
        out.append(GridColumn("actor", actor, grid.actor_left(i), grid.actor_w, actor=i))
    right = grid.actor_first + len(actors)
    for j, column in enumerate(grid.values):
        out.append(
            GridColumn(
                column.key, column.label, grid.cols_x[right + j], grid.widths[right + j],
                mutu_baku=column.mutu_baku,
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class _Row:
    """The text of one step row (boxes relative to the row's top) and the row's height."""

    # (grid column, paragraphs, lines, font, align)
    texts: tuple[tuple[int, tuple[str, ...], tuple[str, ...], float, str], ...]
    height: float


def _row(row: TableRow, grid: _Grid) -> _Row:
    right = grid.actor_first + grid.n_actors
    lines, size = wrap_text(row.activity, W_ACTIVITY)
    texts: list[tuple[int, tuple[str, ...], tuple[str, ...], float, str]] = [
        (1, (one_line(row.activity),), lines, size, "start")
    ]
    for j, (column, value) in enumerate(zip(grid.values, row.values, strict=True)):
        width = grid.widths[right + j]
        if isinstance(value, tuple):  # a list of texts: one "- item" per text
            items = ["- " + one_line(item) for item in value if one_line(item)]
            wrapped = [wrap_text(item, width) for item in items]
            size = min((s for _, s in wrapped), default=FONT)
            if any(s != size for _, s in wrapped):  # one size for the whole list
                wrapped = [wrap_text(item, width, size) for item in items]
            lines = tuple(line for item_lines, _ in wrapped for line in item_lines)
            paragraphs = tuple(items)
        else:
            lines, size = wrap_text(value, width)
            paragraphs = (one_line(value),) if lines else ()
        align = "middle" if column.key in CENTRED_VALUES else "start"
        texts.append((right + j, paragraphs, lines, size, align))
    tallest = max(len(t[2]) * (t[3] + LEADING) for t in texts)
    return _Row(tuple(texts), max(MIN_ROW, tallest + 2 * PAD))


def _paginate(
    heights: list[float], rows_per_page: int, budget: float | None, overfill: float
) -> list[list[int]]:
    """Step numbers per page: at most ``rows_per_page`` rows and ``budget`` mm of rows.

    A last page of one or two steps is folded back into the page before when that page then
    stays within ``rows_per_page`` and ``overfill`` times the budget (a renderer that can print
    a page slightly smaller, like HTML, allows 1.15; Word, whose rows have exact heights, 1.0).
    """
    per = max(1, rows_per_page)
    pages: list[list[int]] = [[]]
    used = 0.0
    for number, h in enumerate(heights, start=1):
        page = pages[-1]
        if page and (len(page) >= per or (budget is not None and used + h > budget)):
            pages.append([])
            used = 0.0
        pages[-1].append(number)
        used += h
    if budget is not None and len(pages) > 1 and len(pages[-1]) <= 2:
        merged = pages[-2] + pages[-1]
        if len(merged) <= per and sum(heights[n - 1] for n in merged) <= budget * overfill:
            pages[-2:] = [merged]
    return pages


def _header(grid: _Grid, actors: list[str], top: float) -> tuple[tuple[HeaderCell, ...], float]:
    # Actor names in regular weight: a long name ("Pengadministrasi") must fit a narrow column.
    actor_blocks = [wrap_text(a, grid.actor_w, SMALL) for a in actors]
    tallest = max((len(ls) * (s + LEADING) for ls, s in actor_blocks), default=SMALL + LEADING)
    row2 = max(HEAD_ROW_1, tallest + 1.6)
    height = HEAD_ROW_1 + row2
    cells: list[HeaderCell] = []

    def cell(
        first: int, last: int, row: int | None, label: str, font: float = FONT, bold: bool = True
    ) -> None:
        x = grid.cols_x[first]
        w = grid.cols_x[last] + grid.widths[last] - x
        y, h = (top, height) if row is None else (top, HEAD_ROW_1) if row == 0 else (
            top + HEAD_ROW_1, row2)
        block = _block(label, Rect(x, y, w, h), font=font, bold=bold, align="middle")
        cells.append(HeaderCell(first, last, row, block))

    cell(0, 0, None, NUMBER_LABEL)
    cell(1, 1, None, ACTIVITY_LABEL)
    first_actor = grid.actor_first
    if actors:
        cell(first_actor, first_actor + len(actors) - 1, 0, ACTORS_LABEL)
        for i, actor in enumerate(actors):
            cell(first_actor + i, first_actor + i, 1, actor, SMALL, bold=False)
    right = first_actor + len(actors)
    mutu = [right + j for j, column in enumerate(grid.values) if column.mutu_baku]
    if mutu:
        cell(mutu[0], mutu[-1], 0, MUTU_BAKU_LABEL)
    for j, column in enumerate(grid.values):
        if column.mutu_baku:
            cell(right + j, right + j, 1, column.label)
        else:
            cell(right + j, right + j, None, column.label)
    return tuple(cells), height


def flow_pages(
    sop: Sop,
    paper: Paper = DEFAULT_PAPER,
    *,
    rows_per_page: int = ROWS_PER_PAGE,
    limit_height: bool = True,
    overfill: float = 1.0,
    table: SopTable | None = None,
    total_time: str | None = None,
) -> list[FlowPage]:
    """The flowchart of ``sop`` as pages of the landscape ``paper`` (see the module docstring).

    A page holds at most ``rows_per_page`` steps and, with ``limit_height``, only as many as fit
    the printable height with the title band, the header, both connector rows and the footer
    (``overfill``: see :func:`_paginate`). An SOP without steps has no flowchart: ``[]``.
    ``table`` and ``total_time``: the SOP's table and total-time sentence when the caller has
    them already (``SopDocument.table``, ``.total_time``), so they are made once.
    """
    n = len(sop.steps)
    if n == 0:
        return []
    page_w, page_h = printable_area(paper)
    view = table if table is not None else sop_table(sop)
    actors = list(view.actors)
    col_of = {row.number: row.actor for row in view.rows}
    grid = _grid(len(actors), view.columns, page_w)
    rows = {row.number: _row(row, grid) for row in view.rows}
    header, head_h = _header(grid, actors, TITLE_BAND)
    budget = None
    if limit_height:
        budget = page_h - TITLE_BAND - head_h - 2 * CONNECTOR_ROW - FOOTER - PAGE_SLACK
    pages = _paginate([rows[i].height for i in range(1, n + 1)], rows_per_page, budget, overfill)
    page_of = {step: p for p, steps in enumerate(pages) for step in steps}

    # Off-page connectors: one letter per arrow that crosses a cut, in step order.
    outgoing: dict[int, list[Cut]] = {}
    incoming: dict[int, list[Cut]] = {}
    letter_index = 0
    for step in range(1, n + 1):
        for target, label in edges(sop, step):
            if page_of[target] != page_of[step]:
                cut = Cut(connector_letter(letter_index), step, target, label)
                letter_index += 1
                outgoing.setdefault(page_of[step], []).append(cut)
                incoming.setdefault(page_of[target], []).append(cut)

    footer = total_time if total_time is not None else total_time_text(sop)
    shared = _Shared(sop, actors, col_of, grid, _columns(grid, actors), rows, header, head_h,
                     footer)
    return [
        _page(shared, steps, index, len(pages), incoming.get(index, []), outgoing.get(index, []))
        for index, steps in enumerate(pages)
    ]


@dataclass(frozen=True)
class _Shared:
    """What every page of one SOP shares."""

    sop: Sop
    actors: list[str]
    col_of: dict[int, int]
    grid: _Grid
    columns: tuple[GridColumn, ...]
    rows: dict[int, _Row]
    header: tuple[HeaderCell, ...]
    head_h: float
    total_time: str


@dataclass
class _Edge:
    src: str
    dst: str
    label: str | None
    from_step: int
    to_step: int
    via: str = ""
    via_bottom: bool = False  # leave from the bottom (the side is taken by the other branch)
    label_left: bool = False  # put the label left of the symbol (the right is taken)


def _share_sides(edge_list: list[_Edge], nodes: dict[str, _Node]) -> None:
    """Keep a decision's two branches apart.

    When both leave on the same side, the first leaves from below instead; when one goes down
    and the other leaves on the right, the label of the one going down moves to the left.
    """
    sides: dict[str, list[tuple[int, _Edge]]] = {}
    downs: dict[str, _Edge] = {}
    for e in edge_list:
        s, t = nodes[e.src], nodes[e.dst]
        if t.order == s.order + 1:
            downs[e.src] = e
        else:
            sides.setdefault(e.src, []).append((1 if t.order > s.order else -1, e))
    for src, branches in sides.items():
        if len(branches) == 2 and branches[0][0] == branches[1][0]:
            branches[0][1].via_bottom = True
        if src in downs and any(direction == 1 for direction, _ in branches):
            downs[src].label_left = True


def _route(
    e: _Edge,
    nodes: dict[str, _Node],
    index: dict[str, int],
    row_bottom: dict[str, float],
    grid: _Grid,
    lanes: _Lanes,
) -> Route:
    s, t = nodes[e.src], nodes[e.dst]
    pts: list[tuple[float, float]]
    label_at: tuple[float, float] | None = None
    anchor = "start"
    if t.order == s.order + 1:
        start = (s.x, s.y + s.half_h)
        end = (t.x, t.y - t.half_h)
        if abs(s.x - t.x) < 0.1:
            pts = [start, end]
        else:
            turn = (start[1] + row_bottom[e.src]) / 2
            pts = [start, (s.x, turn), (t.x, turn), end]
        # beside the lower edge of the symbol, clear of the arrow and the next row
        if e.label_left:
            label_at, anchor = (s.x - s.half_w * 0.75 - 0.4, s.y + s.half_h - 0.2), "end"
        else:
            label_at = (s.x + s.half_w * 0.75 + 0.4, s.y + s.half_h - 0.2)
    else:
        forward = t.order > s.order
        side = 1 if forward else -1
        col = max(s.col, t.col) if forward else min(s.col, t.col)
        # Leave from the side, or from below (a connector, or a decision whose other branch
        # took that side): down into the lower band of the source row, then across.
        head: list[tuple[float, float]]
        if e.via_bottom or s.kind == "connector":
            bottom = (s.x, s.y + s.half_h)
            y1 = s.band if s.kind == "connector" else (bottom[1] + row_bottom[e.src]) / 2
            head = [bottom, (s.x, y1)]
            if e.via_bottom:
                label_at, anchor = (s.x - s.half_w * 0.75 - 0.4, s.y + s.half_h - 0.2), "end"
        else:
            exit_dy = 0.0 if s.kind == "decision" else EXIT_DY
            y1 = s.y + exit_dy
            x1 = s.side_x(exit_dy, side)
            head = [(x1, y1)]
            label_at, anchor = (x1 + side * 0.6, y1 - 0.6), ("start" if forward else "end")
        # Arrive at the side, or from above for a connector (its row may hold other connectors).
        tail: list[tuple[float, float]]
        if t.kind == "connector":
            y2 = t.band
            tail = [(t.x, y2), (t.x, t.y - t.half_h)]
        else:
            y2 = t.y + ENTRY_DY
            tail = [(t.side_x(ENTRY_DY, side), y2)]
        k = lanes.take(col, side, y1, y2)
        if forward:
            lane_x = grid.actor_right(col) - k * LANE_STEP
        else:
            lane_x = grid.actor_left(col) + k * LANE_STEP
        pts = [*head, (lane_x, y1), (lane_x, y2), *tail]
    return Route(
        e.from_step, e.to_step, e.label, tuple(pts), index[e.src], index[e.dst], e.via,
        label_at if e.label else None, anchor,
    )


def _page(
    shared: _Shared, steps: list[int], page: int, count: int, incoming: list[Cut],
    outgoing: list[Cut],
) -> FlowPage:
    sop, grid = shared.sop, shared.grid
    y = TITLE_BAND + shared.head_h
    nodes: dict[str, _Node] = {}
    row_bottom: dict[str, float] = {}
    rows: list[FlowRow] = []

    def place_connectors(cuts: list[Cut], top: float, order: int, prefix: str) -> None:
        """Connectors sit in their step's column, side by side when several share one.

        Exit connectors sit low in the bottom row and are reached from above, entry
        connectors sit high in the top row and are left from below; each one's arrow runs
        at its own height (``band``) so arrows of neighbouring connectors never overlap.
        """
        per_col: dict[int, list[str]] = {}
        for cut in cuts:
            step = cut.source if prefix == "out" else cut.target
            per_col.setdefault(shared.col_of[step], []).append(cut.letter)
        hw, hh = grid.size("connector")
        for cut in cuts:
            step = cut.source if prefix == "out" else cut.target
            col = shared.col_of[step]
            same = per_col[col]
            index = same.index(cut.letter)
            offset = (index - (len(same) - 1) / 2) * CON_SPREAD
            key = f"{prefix}:{cut.letter}"
            x = grid.actor_center(col) + offset
            if prefix == "out":
                cy = top + CONNECTOR_ROW - 0.4 - hh
                band = top + 0.4 + BAND_STEP * min(index, 3)
            else:
                cy = top + 0.4 + hh
                band = top + CONNECTOR_ROW - 0.4 - BAND_STEP * min(index, 3)
            nodes[key] = _Node(key, order, col, x, cy, "connector", step, hw, hh, band, cut.letter)
            row_bottom[key] = top + CONNECTOR_ROW

    if incoming:
        place_connectors(incoming, y, -1, "in")
        rows.append(FlowRow("in", None, y, CONNECTOR_ROW))
        y += CONNECTOR_ROW

    for order, number in enumerate(steps):
        row = shared.rows[number]
        h = row.height
        number_top = y + (h - FONT - LEADING) / 2 - LEADING
        cells: list[tuple[int, TextBlock]] = [
            (0, TextBlock((str(number),), Rect(0.0, y, W_NO, h), FONT, False, "middle", number_top))
        ]
        for col_index, paragraphs, lines, size, align in row.texts:
            box = Rect(grid.cols_x[col_index], y, grid.widths[col_index], h)
            top = y + (h - len(lines) * (size + LEADING)) / 2 - LEADING
            cells.append((col_index, TextBlock(lines, box, size, False, align, top, paragraphs)))
        rows.append(FlowRow("step", number, y, h, tuple(cells)))
        key = f"s{number}"
        col = shared.col_of[number]
        kind = kind_of(sop, number)
        hw, hh = grid.size(kind)
        nodes[key] = _Node(key, order, col, grid.actor_center(col), y + h / 2, kind, number, hw, hh)
        row_bottom[key] = y + h
        y += h

    if outgoing:
        place_connectors(outgoing, y, len(steps), "out")
        rows.append(FlowRow("out", None, y, CONNECTOR_ROW))
        y += CONNECTOR_ROW
    grid_bottom = y
    footer = None
    if page == count - 1:
        box = Rect(0.0, y + 0.4, grid.width, FOOTER)
        footer = TextBlock((shared.total_time,), box, FONT, False, "start", y + 0.4)
        y += FOOTER

    # Arrows on this page.
    edge_list: list[_Edge] = []
    on_page = set(steps)
    for number in steps:
        for target, label in edges(sop, number):
            if target in on_page:
                edge_list.append(_Edge(f"s{number}", f"s{target}", label, number, target))
    for cut in outgoing:
        edge_list.append(
            _Edge(f"s{cut.source}", f"out:{cut.letter}", cut.label, cut.source, cut.target,
                  cut.letter)
        )
    for cut in incoming:
        edge_list.append(
            _Edge(f"in:{cut.letter}", f"s{cut.target}", None, cut.source, cut.target, cut.letter)
        )
    _share_sides(edge_list, nodes)
    index = {key: i for i, key in enumerate(nodes)}
    lanes = _Lanes()
    routes = tuple(_route(e, nodes, index, row_bottom, grid, lanes) for e in edge_list)
    symbols = tuple(
        Symbol(node.kind, node.step, node.x, node.y, node.half_w, node.half_h, node.letter)
        for node in nodes.values()
    )
    return FlowPage(
        index=page,
        count=count,
        title=one_line(sop.title) or "SOP tanpa judul",
        number=one_line(sop.number),
        steps=tuple(steps),
        columns=shared.columns,
        actor_first=grid.actor_first,
        n_actors=grid.n_actors,
        width=grid.width,
        height=y + PAGE_SLACK,
        header_top=TITLE_BAND,
        header_row1=HEAD_ROW_1,
        header_height=shared.head_h,
        header=shared.header,
        rows=tuple(rows),
        grid_bottom=grid_bottom,
        symbols=symbols,
        routes=routes,
        incoming=tuple(incoming),
        outgoing=tuple(outgoing),
        footer=footer,
    )
