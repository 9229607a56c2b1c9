"""The flowchart of one SOP as SVG, in the official table layout of PermenPAN-RB 35/2012.

One ``<svg>`` per printed page. Each page is a grid:

``No | Kegiatan | Pelaksana (one column per actor) | Mutu Baku (Kelengkapan, Waktu, Output) |
Keterangan``

Every step is one row; its symbol (capsule for start/end, box for a process, diamond for a
decision) sits in the column of the actor who performs it. Arrows are orthogonal:

- to the step in the next row: down from the symbol, across (inside the source row, which holds
  no other symbol) and down into the target;
- any other jump: out of the symbol's side, along a vertical lane in the margin of an actor
  column (where no symbol is ever drawn), and into the target's side. Forward jumps use the
  right margin of the right-most of the two columns, loop-backs the left margin of the left-most,
  so lines go around the symbols, never through them. Lanes are allocated so that two arrows
  never share a lane over the same rows while a free lane exists.

Long SOPs are cut into pages of ``rows_per_page`` steps. An arrow that crosses a cut ends in an
off-page connector (a pentagon, lettered A, B, ...) in a row at the bottom of its page and starts
again from a connector with the same letter in a row at the top of the target's page.

Every symbol element carries ``data-step`` and ``data-kind`` (start, process, decision, end,
connector; connectors also ``data-connector`` with their letter). An SOP that is not approved
gets a diagonal "DRAF" watermark on every page.

All text is XML-escaped here; nothing a user typed is ever written as markup. No scripts, no
external references: every page is a self-contained SVG.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache
from xml.sax.saxutils import escape as _sax_escape
from xml.sax.saxutils import quoteattr

from workshop.export.mdutil import one_line
from workshop.export.sop_table import (
    ACTIVITY_LABEL,
    ACTORS_LABEL,
    MUTU_BAKU_LABEL,
    NUMBER_LABEL,
    Column,
    TableRow,
    sop_table,
)
from workshop.export.sopview import edges, kind_of, total_time_text
from workshop.model import Sop

# Units: 1 unit = 0.2 mm on paper. A page is the printable part of A4 landscape with 15 mm
# margins (267 x 180 mm = 1335 x 900 units), the same page the pedoman's limits assume
# (templates/pedoman.yaml "page": 7 actors, 20 steps).
PAGE_W = 1335.0
PAGE_H = 900.0

FONT = 14  # 2.8 mm, about 8 pt
LINE_H = 17
SMALL = 12
TITLE_BAND = 30
HEAD_ROW_1 = 28
MIN_ROW = 36  # 7.2 mm: a two-line activity
CONNECTOR_ROW = 34
PAD = 5

W_NO = 40.0
W_ACTIVITY = 280.0
# Widths of the value columns right of the actors (by step field, see export.sop_table), and
# the ones whose text is centred.
W_VALUES = {"requirements": 185.0, "time": 90.0, "output": 160.0, "note": 100.0}
W_VALUE_OTHER = 100.0
CENTRED_VALUES = frozenset({"time"})
W_ACTOR_MIN = 68.0  # 13.6 mm; more actors than fit widen the page instead

SYM_W_MAX = 72.0  # box, capsule and diamond width (narrower in narrow actor columns)
SYM_H = 20.0
DIA_H = 28.0
CON_W = 20.0  # pentagon
CON_H = 18.0
BAND_STEP = 3.0  # arrows to/from connectors of one column run at different heights
CON_SPREAD = 26.0
LANE_STEP = 4.0
LANES = 3
LANE_ROOM = LANES * LANE_STEP + 4  # kept free of symbols on each side of an actor column
ENTRY_DY = -4.0
EXIT_DY = 4.0
ARROW = 6.0
FOOTER = FONT + 6  # the total-time line under the last page

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


def connector_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, 27 -> AB ..."""
    letters = ""
    n = index
    while True:
        letters = chr(ord("A") + n % 26) + letters
        n = n // 26 - 1
        if n < 0:
            return letters


def _wrap(text: str, width: float, font: int = FONT, *, bold: bool = False) -> list[str]:
    """``text`` on lines that fit ``width`` units (average DejaVu Sans advance, a bit generous)."""
    chars = max(4, int((width - 2 * PAD) / (font * (0.66 if bold else 0.58))))
    flat = one_line(text)
    if not flat:
        return []
    if len(flat) <= chars:  # what textwrap gives: one_line left no whitespace to drop
        return [flat]
    return list(_wrap_long(flat, chars))


@lru_cache(maxsize=4096)
def _wrap_long(flat: str, chars: int) -> tuple[str, ...]:
    """``textwrap.wrap`` of one line of text, memoised: activities and actor names repeat on
    every page and in every SOP of a unit."""
    lines = textwrap.wrap(flat, chars, break_long_words=True, break_on_hyphens=False)
    return tuple(lines) if lines else (flat,)


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

    def side_x(self, dy: float, side: int) -> float:
        """x where the line at ``y + dy`` meets the outline on ``side`` (+1 right, -1 left)."""
        a, b = self.half_w, self.half_h
        dy = max(-b + 1, min(b - 1, dy))
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
class _Layout:
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
        lo, hi = min(y1, y2) - 3, max(y1, y2) + 3
        for k in range(1, LANES + 1):
            spans = self.used.setdefault((col, side, k), [])
            if all(hi < a or lo > b for a, b in spans):
                spans.append((lo, hi))
                return k
        self.used[(col, side, LANES)].append((lo, hi))
        return LANES


def _value_width(column: Column) -> float:
    return W_VALUES.get(column.key, W_VALUE_OTHER)


def _layout(columns: list[str], values: tuple[Column, ...]) -> _Layout:
    value_ws = [_value_width(c) for c in values]
    fixed = W_NO + W_ACTIVITY + sum(value_ws)
    n = max(1, len(columns))
    actor_w = max(W_ACTOR_MIN, (PAGE_W - fixed) / n)
    widths: list[float] = [W_NO, W_ACTIVITY, *([actor_w] * len(columns)), *value_ws]
    xs: list[float] = []
    x = 0.0
    for w in widths:
        xs.append(x)
        x += w
    return _Layout(
        cols_x=xs, widths=widths, actor_first=2, n_actors=len(columns), actor_w=actor_w, width=x,
        values=values,
    )


def _text_lines(
    lines: list[str],
    x: float,
    y_top: float,
    *,
    anchor: str = "start",
    size: int = FONT,
    weight: str = "normal",
    cls: str = "cell",
) -> str:
    if not lines:
        return ""
    spans = "".join(
        f"<tspan x={_attr(x)} y={_attr(y_top + size + i * (size + 3))}>{escape(line)}</tspan>"
        for i, line in enumerate(lines)
    )
    extra = f" font-weight={_attr(weight)}" if weight != "normal" else ""
    return (
        f"<text class={_attr(cls)} font-size={_attr(size)} text-anchor={_attr(anchor)}{extra}>"
        f"{spans}</text>"
    )


def _arrow_head(x1: float, y1: float, x2: float, y2: float) -> str:
    """A filled triangle at (x2, y2) pointing along the last segment (orthogonal only)."""
    if abs(x2 - x1) >= abs(y2 - y1):
        d = 1 if x2 > x1 else -1
        pts = [(x2, y2), (x2 - d * ARROW, y2 - ARROW / 2), (x2 - d * ARROW, y2 + ARROW / 2)]
    else:
        d = 1 if y2 > y1 else -1
        pts = [(x2, y2), (x2 - ARROW / 2, y2 - d * ARROW), (x2 + ARROW / 2, y2 - d * ARROW)]
    points = " ".join(f"{_num(px)},{_num(py)}" for px, py in pts)
    return f'<polygon class="arrowhead" points="{points}" fill="{STROKE}"/>'


def _symbol(node: _Node, letter: str = "") -> str:
    x, y, hw, hh = node.x, node.y, node.half_w, node.half_h
    common = f"data-step={_attr(node.step)} data-kind={_attr(node.kind)}"
    style = f'fill="#ffffff" stroke="{STROKE}" stroke-width="1.4"'
    box = f"x={_attr(x - hw)} y={_attr(y - hh)} width={_attr(2 * hw)} height={_attr(2 * hh)}"
    if node.kind in ("start", "end"):
        return f'<rect class="symbol" {common} {box} rx={_attr(hh)} {style}/>'
    if node.kind == "decision":
        pts = [(x, y - hh), (x + hw, y), (x, y + hh), (x - hw, y)]
        points = " ".join(f"{_num(px)},{_num(py)}" for px, py in pts)
        return f'<polygon class="symbol" {common} points="{points}" {style}/>'
    if node.kind == "connector":
        pts = [
            (x - hw, y - hh),
            (x + hw, y - hh),
            (x + hw, y + hh * 0.3),
            (x, y + hh),
            (x - hw, y + hh * 0.3),
        ]
        points = " ".join(f"{_num(px)},{_num(py)}" for px, py in pts)
        return (
            f'<polygon class="symbol connector" {common} data-connector={_attr(letter)} '
            f'points="{points}" {style}/>'
            f'<text class="connector-label" x={_attr(x)} y={_attr(y + 1)} '
            f'font-size="{SMALL}" font-weight="bold" text-anchor="middle">{escape(letter)}</text>'
        )
    return f'<rect class="symbol" {common} {box} {style}/>'


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
    e: _Edge, nodes: dict[str, _Node], row_bottom: dict[str, float], lay: _Layout, lanes: _Lanes
) -> str:
    s, t = nodes[e.src], nodes[e.dst]
    pts: list[tuple[float, float]]
    label_at: tuple[float, float, str] | None = None
    if t.order == s.order + 1:
        start = (s.x, s.y + s.half_h)
        end = (t.x, t.y - t.half_h)
        if abs(s.x - t.x) < 0.5:
            pts = [start, end]
        else:
            turn = (start[1] + row_bottom[e.src]) / 2
            pts = [start, (s.x, turn), (t.x, turn), end]
        # beside the lower edge of the symbol, clear of the arrow and the next row
        if e.label_left:
            label_at = (s.x - s.half_w * 0.75 - 2, s.y + s.half_h - 1, "end")
        else:
            label_at = (s.x + s.half_w * 0.75 + 2, s.y + s.half_h - 1, "start")
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
                label_at = (s.x - s.half_w * 0.75 - 2, s.y + s.half_h - 1, "end")
        else:
            exit_dy = 0.0 if s.kind == "decision" else EXIT_DY
            y1 = s.y + exit_dy
            x1 = s.side_x(exit_dy, side)
            head = [(x1, y1)]
            label_at = (x1 + side * 3, y1 - 3, "start" if forward else "end")
        # Arrive at the side, or from above for a connector (its row may hold other connectors).
        tail: list[tuple[float, float]]
        if t.kind == "connector":
            y2 = t.band
            tail = [(t.x, y2), (t.x, t.y - t.half_h)]
        else:
            y2 = t.y + ENTRY_DY
            tail = [(t.side_x(ENTRY_DY, side), y2)]
        k = lanes.take(col, side, y1, y2)
        lane_x = (
            lay.actor_right(col) - k * LANE_STEP
            if forward
            else lay.actor_left(col) + (k * LANE_STEP)
        )
        pts = [*head, (lane_x, y1), (lane_x, y2), *tail]
    d = "M" + " L".join(f"{_num(x)},{_num(y)}" for x, y in pts)
    via = f" data-via={_attr(e.via)}" if e.via else ""
    label = f" data-label={_attr(e.label)}" if e.label else ""
    out = [
        f'<path class="edge" data-from={_attr(e.from_step)} data-to={_attr(e.to_step)}{via}'
        f'{label} d="{d}" fill="none" stroke="{STROKE}" stroke-width="1.2"/>',
        _arrow_head(*pts[-2], *pts[-1]),
    ]
    if e.label and label_at is not None:
        lx, ly, anchor = label_at
        out.append(
            f'<text class="edge-label" data-from={_attr(e.from_step)} data-label={_attr(e.label)}'
            f' x={_attr(lx)} y={_attr(ly)} font-size="{SMALL}" text-anchor={_attr(anchor)}'
            f' font-style="italic">{escape(e.label)}</text>'
        )
    return "".join(out)


@dataclass
class _Row:
    """The text cells of one step row and the row's height."""

    texts: list[tuple[int, list[str], str]]  # (grid column, lines, anchor)
    height: float


def _row(row: TableRow, lay: _Layout) -> _Row:
    right = lay.actor_first + lay.n_actors
    texts: list[tuple[int, list[str], str]] = [(1, _wrap(row.activity, W_ACTIVITY), "start")]
    for j, (column, value) in enumerate(zip(lay.values, row.values, strict=True)):
        width = lay.widths[right + j]
        lines: list[str] = []
        if isinstance(value, tuple):  # a list of texts: one "- item" per text
            for item in value:
                if one_line(item):
                    lines.extend(_wrap("- " + one_line(item), width))
        else:
            lines = _wrap(value, width)
        texts.append((right + j, lines, "middle" if column.key in CENTRED_VALUES else "start"))
    most = max(len(t[1]) for t in texts)
    return _Row(texts, max(MIN_ROW, most * LINE_H + 2 * PAD))


def _paginate(heights: list[float], rows_per_page: int, budget: float | None) -> list[list[int]]:
    """Step numbers per page: at most ``rows_per_page`` rows and ``budget`` units of rows.

    A last page of one or two steps is folded back into the page before when that page then
    stays within ``rows_per_page`` and 15 % over the height (the page is printed slightly
    smaller rather than cut for a line or two).
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
        if len(merged) <= per and sum(heights[n - 1] for n in merged) <= budget * 1.15:
            pages[-2:] = [merged]
    return pages


def flowchart_svg(
    sop: Sop,
    *,
    approved: bool,
    rows_per_page: int = 20,
    page_height: float | None = PAGE_H,
) -> list[str]:
    """The flowchart of ``sop`` as one self-contained ``<svg>`` string per page.

    A page holds at most ``rows_per_page`` steps, and (unless ``page_height`` is None) only as
    many as fit ``page_height`` units (0.2 mm each; the default is the 180 mm of A4 landscape
    inside 15 mm margins) with the title, the header and both connector rows. An SOP without
    steps has no flowchart: the result is an empty list.
    """
    n = len(sop.steps)
    if n == 0:
        return []
    view = sop_table(sop)
    columns = list(view.actors)
    col_of = {row.number: row.actor for row in view.rows}
    lay = _layout(columns, view.columns)
    rows = {row.number: _row(row, lay) for row in view.rows}
    _, head_h = _header(lay, columns, 0)
    budget = None
    if page_height is not None:
        budget = page_height - TITLE_BAND - head_h - 2 * CONNECTOR_ROW - FOOTER - 6
    pages = _paginate([rows[i].height for i in range(1, n + 1)], rows_per_page, budget)
    page_of = {step: p for p, steps in enumerate(pages) for step in steps}

    # Off-page connectors: one letter per arrow that crosses a cut, in step order.
    outgoing: dict[int, list[_Cut]] = {}
    incoming: dict[int, list[_Cut]] = {}
    letter_index = 0
    for step in range(1, n + 1):
        for target, label in edges(sop, step):
            if page_of[target] != page_of[step]:
                cut = _Cut(connector_letter(letter_index), step, target, label)
                letter_index += 1
                outgoing.setdefault(page_of[step], []).append(cut)
                incoming.setdefault(page_of[target], []).append(cut)

    return [
        _page(
            _PageSpec(sop, columns, col_of, lay, rows, steps, index, len(pages)),
            incoming.get(index, []),
            outgoing.get(index, []),
            approved=approved,
        )
        for index, steps in enumerate(pages)
    ]


@dataclass(frozen=True)
class _Cut:
    """An arrow that crosses a page cut, drawn as a lettered pair of off-page connectors."""

    letter: str
    source: int
    target: int
    label: str | None


@dataclass(frozen=True)
class _PageSpec:
    sop: Sop
    columns: list[str]
    col_of: dict[int, int]
    lay: _Layout
    rows: dict[int, _Row]
    steps: list[int]
    index: int
    count: int


def _header(lay: _Layout, columns: list[str], top: float) -> tuple[list[str], float]:
    actor_lines = [_wrap(a, lay.actor_w, SMALL, bold=True) for a in columns]
    row2 = max(HEAD_ROW_1, max((len(ls) for ls in actor_lines), default=1) * (SMALL + 3) + 8)
    height = HEAD_ROW_1 + row2
    out: list[str] = [
        f'<rect class="header" x="0" y={_attr(top)} width={_attr(lay.width)} '
        f'height={_attr(height)} fill="#eeeeee"/>'
    ]

    def centered(label: str, x: float, w: float, y: float, h: float) -> str:
        return (
            f'<text class="head" x={_attr(x + w / 2)} y={_attr(y + h / 2 + 4)} '
            f'font-size="{FONT}" font-weight="bold" text-anchor="middle">{escape(label)}</text>'
        )

    # Spanning both header rows: No, Kegiatan, the value columns outside Mutu Baku (Keterangan).
    out.append(centered(NUMBER_LABEL, 0, W_NO, top, height))
    out.append(centered(ACTIVITY_LABEL, lay.cols_x[1], W_ACTIVITY, top, height))
    right = lay.actor_first + len(columns)
    for j, column in enumerate(lay.values):
        if not column.mutu_baku:
            x = lay.cols_x[right + j]
            out.append(centered(column.label, x, lay.widths[right + j], top, height))
    # Pelaksana over the actor columns, Mutu Baku over Kelengkapan, Waktu, Output.
    actors_x = lay.actor_left(0)
    actors_w = lay.actor_w * len(columns)
    out.append(centered(ACTORS_LABEL, actors_x, actors_w, top, HEAD_ROW_1))
    mutu = [j for j, column in enumerate(lay.values) if column.mutu_baku]
    mutu_x = lay.cols_x[right]
    mutu_w = sum(lay.widths[right + j] for j in mutu)
    out.append(centered(MUTU_BAKU_LABEL, mutu_x, mutu_w, top, HEAD_ROW_1))
    for i, lines in enumerate(actor_lines):
        x = lay.actor_center(i)
        first = top + HEAD_ROW_1 + (row2 - len(lines) * (SMALL + 3)) / 2 - 2
        out.append(
            _text_lines(lines, x, first, anchor="middle", size=SMALL, weight="bold", cls="head")
        )
    for j in mutu:
        x = lay.cols_x[right + j]
        out.append(centered(lay.values[j].label, x, lay.widths[right + j], top + HEAD_ROW_1, row2))
    # Grid lines of the header.
    grid = [
        (0, top, lay.width, top),
        (0, top + height, lay.width, top + height),
        (actors_x, top + HEAD_ROW_1, actors_x + actors_w, top + HEAD_ROW_1),
        (mutu_x, top + HEAD_ROW_1, mutu_x + mutu_w, top + HEAD_ROW_1),
    ]
    out.extend(_line(*g) for g in grid)
    return out, height


def _line(x1: float, y1: float, x2: float, y2: float, width: float = 1.0) -> str:
    return (
        f'<line class="grid" x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" '
        f'stroke="#555555" stroke-width="{_num(width)}"/>'
    )


def _page(spec: _PageSpec, incoming: list[_Cut], outgoing: list[_Cut], *, approved: bool) -> str:
    sop, lay, steps = spec.sop, spec.lay, spec.steps
    body: list[str] = []
    title = one_line(sop.title) or "SOP tanpa judul"
    caption = f"{title}, halaman {spec.index + 1} dari {spec.count}"
    body.append(
        f'<text class="page-title" x="2" y="20" font-size="{FONT + 2}" font-weight="bold">'
        f"{escape(title)}</text>"
    )
    sub = ", ".join(
        p
        for p in (
            f"Nomor SOP: {one_line(sop.number)}" if one_line(sop.number) else "",
            f"Halaman {spec.index + 1} dari {spec.count}",
        )
        if p
    )
    body.append(
        f'<text class="page-sub" x={_attr(lay.width - 2)} y="20" font-size="{SMALL}" '
        f'text-anchor="end">{escape(sub)}</text>'
    )
    header, head_h = _header(lay, spec.columns, TITLE_BAND)
    body.extend(header)
    y = TITLE_BAND + head_h

    nodes: dict[str, _Node] = {}
    row_bottom: dict[str, float] = {}
    cells: list[str] = []
    row_lines: list[float] = []

    def place_connectors(cuts: list[_Cut], top: float, order: int, prefix: str) -> None:
        """Connectors sit in their step's column, side by side when several share one.

        Exit connectors sit low in the bottom row and are reached from above, entry
        connectors sit high in the top row and are left from below; each one's arrow runs
        at its own height (``band``) so arrows of neighbouring connectors never overlap.
        """
        per_col: dict[int, list[str]] = {}
        for cut in cuts:
            step = cut.source if prefix == "out" else cut.target
            per_col.setdefault(spec.col_of[step], []).append(cut.letter)
        hw, hh = lay.size("connector")
        for cut in cuts:
            step = cut.source if prefix == "out" else cut.target
            col = spec.col_of[step]
            same = per_col[col]
            index = same.index(cut.letter)
            offset = (index - (len(same) - 1) / 2) * CON_SPREAD
            key = f"{prefix}:{cut.letter}"
            x = lay.actor_center(col) + offset
            if prefix == "out":
                cy = top + CONNECTOR_ROW - 2 - hh
                band = top + 2 + BAND_STEP * min(index, 3)
            else:
                cy = top + 2 + hh
                band = top + CONNECTOR_ROW - 2 - BAND_STEP * min(index, 3)
            nodes[key] = _Node(key, order, col, x, cy, "connector", step, hw, hh, band)
            row_bottom[key] = top + CONNECTOR_ROW

    if incoming:
        place_connectors(incoming, y, -1, "in")
        y += CONNECTOR_ROW
        row_lines.append(y)

    for order, number in enumerate(steps):
        row = spec.rows[number]
        h = row.height
        cells.append(
            f'<text class="cell" x={_attr(W_NO / 2)} y={_attr(y + h / 2 + 5)} '
            f'font-size="{FONT}" text-anchor="middle">{number}</text>'
        )
        for col_index, lines, anchor in row.texts:
            x0 = lay.cols_x[col_index]
            w = lay.widths[col_index]
            tx = x0 + w / 2 if anchor == "middle" else x0 + PAD
            ty = y + (h - len(lines) * LINE_H) / 2 - 3
            cells.append(_text_lines(lines, tx, ty, anchor=anchor))
        key = f"s{number}"
        col = spec.col_of[number]
        kind = kind_of(sop, number)
        hw, hh = lay.size(kind)
        nodes[key] = _Node(key, order, col, lay.actor_center(col), y + h / 2, kind, number, hw, hh)
        row_bottom[key] = y + h
        y += h
        row_lines.append(y)

    if outgoing:
        place_connectors(outgoing, y, len(steps), "out")
        y += CONNECTOR_ROW
        row_lines.append(y)
    grid_bottom = y
    footer = ""
    if spec.index == spec.count - 1:
        footer = (
            f'<text class="total-time" x="2" y={_attr(y + 6 + FONT)} font-size="{FONT}">'
            f"{escape(total_time_text(sop))}</text>"
        )
        y += FOOTER
    total_h = y + 6

    # Grid: row lines, column lines (inner lines of the spanned headers start lower).
    grid: list[str] = [_line(0, ly, lay.width, ly) for ly in row_lines]
    head_bottom = TITLE_BAND + head_h
    n_act = len(spec.columns)
    n_mutu = sum(1 for column in lay.values if column.mutu_baku)
    for i, x in enumerate([*lay.cols_x, lay.width]):
        inner_actor = lay.actor_first < i < lay.actor_first + n_act
        inner_mutu = lay.actor_first + n_act < i < lay.actor_first + n_act + n_mutu
        top = TITLE_BAND + HEAD_ROW_1 if (inner_actor or inner_mutu) else TITLE_BAND
        grid.append(_line(x, top, x, grid_bottom))
    grid.append(_line(0, head_bottom, lay.width, head_bottom, 1.6))

    # Arrows on this page.
    edge_list: list[_Edge] = []
    on_page = set(steps)
    for number in steps:
        for target, label in edges(sop, number):
            if target in on_page:
                edge_list.append(_Edge(f"s{number}", f"s{target}", label, number, target))
    for cut in outgoing:
        edge_list.append(
            _Edge(
                f"s{cut.source}", f"out:{cut.letter}", cut.label, cut.source, cut.target, cut.letter
            )
        )
    for cut in incoming:
        edge_list.append(
            _Edge(f"in:{cut.letter}", f"s{cut.target}", None, cut.source, cut.target, cut.letter)
        )
    _share_sides(edge_list, nodes)
    lanes = _Lanes()
    arrows = [_route(e, nodes, row_bottom, lay, lanes) for e in edge_list]

    symbols = []
    for key, node in nodes.items():
        letter = key.split(":", 1)[1] if node.kind == "connector" else ""
        symbols.append(_symbol(node, letter))

    watermark = ""
    if not approved:
        cx, cy = lay.width / 2, total_h / 2
        size = max(60.0, min(lay.width, total_h) / 3)
        watermark = (
            f'<text class="watermark" x={_attr(cx)} y={_attr(cy)} font-size={_attr(size)} '
            f'font-weight="bold" fill="#cc0000" fill-opacity="0.13" text-anchor="middle" '
            f'dominant-baseline="middle" transform="rotate(-30 {_num(cx)} {_num(cy)})">DRAF</text>'
        )

    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="flowchart" '
        f'viewBox="0 0 {_num(lay.width)} {_num(total_h)}" '
        f'width="{_num(lay.width * 0.2)}mm" height="{_num(total_h * 0.2)}mm" role="img" '
        f'data-page="{spec.index + 1}" data-pages="{spec.count}" '
        f'font-family="DejaVu Sans, Arial, Helvetica, sans-serif">'
        f"<title>{escape('Flowchart ' + caption)}</title>"
        f'<rect class="page" x="0" y="0" width="{_num(lay.width)}" height="{_num(total_h)}" '
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
