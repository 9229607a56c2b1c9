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

import textwrap
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from workshop.export.mdutil import one_line
from workshop.export.sopview import actor_column, actor_columns, edges, kind_of
from workshop.model import Sop

FONT = 11
LINE_H = 13
SMALL = 9
TITLE_BAND = 34
HEAD_ROW_1 = 22
MIN_ROW = 48
CONNECTOR_ROW = 40
PAD = 5

W_NO = 34
W_ACTIVITY = 210
W_ACTOR = 104
W_RIGHT = (("Kelengkapan", 130), ("Waktu", 78), ("Output", 130), ("Keterangan", 110))

SYM_W = 68  # box and capsule width
SYM_H = 26
DIA_W = 68
DIA_H = 36
CON_W = 24  # pentagon
CON_H = 24
CON_SPREAD = 30
LANE_STEP = 5
LANES = 3
ENTRY_DY = -5
EXIT_DY = 5
ARROW = 6

STROKE = "#222222"


def _attr(value: str | int | float) -> str:
    if isinstance(value, float):
        value = f"{value:.1f}".rstrip("0").rstrip(".")
    return quoteattr(str(value))


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def connector_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, 27 -> AB ..."""
    letters = ""
    n = index
    while True:
        letters = chr(ord("A") + n % 26) + letters
        n = n // 26 - 1
        if n < 0:
            return letters


def _wrap(text: str, width_px: float, font: int = FONT) -> list[str]:
    chars = max(4, int((width_px - 2 * PAD) / (font * 0.56)))
    flat = one_line(text)
    if not flat:
        return []
    return textwrap.wrap(flat, chars, break_long_words=True, break_on_hyphens=False) or [flat]


@dataclass
class _Node:
    key: str  # "s12" for step 12, "in:A" / "out:A" for connectors
    order: int  # vertical order on the page (-1 top connector row, len(rows) bottom row)
    col: int  # actor column index
    x: float
    y: float
    kind: str
    step: int

    @property
    def half_w(self) -> float:
        return {"decision": DIA_W, "connector": CON_W}.get(self.kind, SYM_W) / 2

    @property
    def half_h(self) -> float:
        return {"decision": DIA_H, "connector": CON_H}.get(self.kind, SYM_H) / 2

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
    width: float

    def actor_left(self, col: int) -> float:
        return self.cols_x[self.actor_first + col]

    def actor_right(self, col: int) -> float:
        return self.actor_left(col) + W_ACTOR

    def actor_center(self, col: int) -> float:
        return self.actor_left(col) + W_ACTOR / 2


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


def _layout(columns: list[str]) -> _Layout:
    widths: list[float] = [W_NO, W_ACTIVITY, *([W_ACTOR] * len(columns)), *(w for _, w in W_RIGHT)]
    xs: list[float] = []
    x = 0.0
    for w in widths:
        xs.append(x)
        x += w
    return _Layout(cols_x=xs, widths=widths, actor_first=2, n_actors=len(columns), width=x)


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
        f"<tspan x={_attr(x)} y={_attr(y_top + size + i * LINE_H)}>{escape(line)}</tspan>"
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
    x, y = node.x, node.y
    common = f"data-step={_attr(node.step)} data-kind={_attr(node.kind)}"
    style = f'fill="#ffffff" stroke="{STROKE}" stroke-width="1.4"'
    if node.kind in ("start", "end"):
        return (
            f'<rect class="symbol" {common} x={_attr(x - SYM_W / 2)} y={_attr(y - SYM_H / 2)} '
            f"width={_attr(SYM_W)} height={_attr(SYM_H)} rx={_attr(SYM_H / 2)} {style}/>"
        )
    if node.kind == "decision":
        pts = [(x, y - DIA_H / 2), (x + DIA_W / 2, y), (x, y + DIA_H / 2), (x - DIA_W / 2, y)]
        points = " ".join(f"{_num(px)},{_num(py)}" for px, py in pts)
        return f'<polygon class="symbol" {common} points="{points}" {style}/>'
    if node.kind == "connector":
        hw, hh = CON_W / 2, CON_H / 2
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
            f'<text class="connector-label" x={_attr(x)} y={_attr(y + 2)} '
            f'font-size="{FONT}" font-weight="bold" text-anchor="middle">{escape(letter)}</text>'
        )
    return (
        f'<rect class="symbol" {common} x={_attr(x - SYM_W / 2)} y={_attr(y - SYM_H / 2)} '
        f"width={_attr(SYM_W)} height={_attr(SYM_H)} {style}/>"
    )


@dataclass
class _Edge:
    src: str
    dst: str
    label: str | None
    from_step: int
    to_step: int
    via: str = ""


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
        label_at = (s.x + 4, s.y + s.half_h + SMALL + 1, "start")
    else:
        forward = t.order > s.order
        side = 1 if forward else -1
        col = max(s.col, t.col) if forward else min(s.col, t.col)
        exit_dy = 0.0 if s.kind in ("decision", "connector") else EXIT_DY
        y1 = s.y + exit_dy
        y2 = t.y + ENTRY_DY
        k = lanes.take(col, side, y1, y2)
        lane_x = (
            lay.actor_right(col) - k * LANE_STEP
            if forward
            else lay.actor_left(col) + (k * LANE_STEP)
        )
        x1 = s.side_x(exit_dy, side)
        x2 = t.side_x(ENTRY_DY, side)
        pts = [(x1, y1), (lane_x, y1), (lane_x, y2), (x2, y2)]
        label_at = (x1 + side * 3, y1 - 3, "start" if forward else "end")
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


def _pages(n: int, rows_per_page: int) -> list[list[int]]:
    per = max(2, rows_per_page)
    return [list(range(i, min(i + per, n + 1))) for i in range(1, n + 1, per)]


def flowchart_svg(sop: Sop, *, approved: bool, rows_per_page: int = 20) -> list[str]:
    """The flowchart of ``sop`` as one self-contained ``<svg>`` string per page.

    An SOP without steps has no flowchart: the result is an empty list.
    """
    n = len(sop.steps)
    if n == 0:
        return []
    columns = actor_columns(sop)
    col_of = {i: actor_column(sop, i, columns) for i in range(1, n + 1)}
    pages = _pages(n, rows_per_page)
    page_of = {step: p for p, steps in enumerate(pages) for step in steps}

    # Off-page connectors: one letter per arrow that crosses a cut, in step order.
    outgoing: dict[int, list[tuple[str, int, int, str | None]]] = {}
    incoming: dict[int, list[tuple[str, int, int, str | None]]] = {}
    letter_index = 0
    for step in range(1, n + 1):
        for target, label in edges(sop, step):
            if page_of[target] != page_of[step]:
                letter = connector_letter(letter_index)
                letter_index += 1
                outgoing.setdefault(page_of[step], []).append((letter, step, target, label))
                incoming.setdefault(page_of[target], []).append((letter, step, target, label))

    lay = _layout(columns)
    return [
        _page(
            sop,
            columns,
            col_of,
            lay,
            steps,
            page_index,
            len(pages),
            incoming.get(page_index, []),
            outgoing.get(page_index, []),
            approved=approved,
        )
        for page_index, steps in enumerate(pages)
    ]


def _header(lay: _Layout, columns: list[str], top: float) -> tuple[list[str], float]:
    actor_lines = [_wrap(a, W_ACTOR, SMALL + 1) for a in columns]
    row2 = max(HEAD_ROW_1, max((len(ls) for ls in actor_lines), default=1) * LINE_H + 8)
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

    # Spanning both header rows: No, Kegiatan, Keterangan.
    out.append(centered("No", 0, W_NO, top, height))
    out.append(centered("Kegiatan", lay.cols_x[1], W_ACTIVITY, top, height))
    last = len(lay.widths) - 1
    out.append(centered("Keterangan", lay.cols_x[last], lay.widths[last], top, height))
    # Pelaksana over the actor columns, Mutu Baku over Kelengkapan, Waktu, Output.
    actors_x = lay.actor_left(0)
    actors_w = W_ACTOR * len(columns)
    out.append(centered("Pelaksana", actors_x, actors_w, top, HEAD_ROW_1))
    mutu_x = lay.cols_x[lay.actor_first + len(columns)]
    mutu_w = sum(w for _, w in W_RIGHT[:3])
    out.append(centered("Mutu Baku", mutu_x, mutu_w, top, HEAD_ROW_1))
    for i, lines in enumerate(actor_lines):
        x = lay.actor_center(i)
        first = top + HEAD_ROW_1 + (row2 - len(lines) * LINE_H) / 2 - 2
        out.append(
            _text_lines(lines, x, first, anchor="middle", size=SMALL + 1, weight="bold", cls="head")
        )
    for j, (label, w) in enumerate(W_RIGHT[:3]):
        x = lay.cols_x[lay.actor_first + len(columns) + j]
        out.append(centered(label, x, w, top + HEAD_ROW_1, row2))
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


def _page(
    sop: Sop,
    columns: list[str],
    col_of: dict[int, int],
    lay: _Layout,
    steps: list[int],
    page_index: int,
    page_count: int,
    incoming: list[tuple[str, int, int, str | None]],
    outgoing: list[tuple[str, int, int, str | None]],
    *,
    approved: bool,
) -> str:
    body: list[str] = []
    title = one_line(sop.title) or "SOP tanpa judul"
    caption = f"{title}, halaman {page_index + 1} dari {page_count}"
    body.append(
        f'<text class="page-title" x="2" y="16" font-size="13" font-weight="bold">'
        f"{escape(title)}</text>"
    )
    sub = ", ".join(
        p
        for p in (
            f"Nomor SOP: {one_line(sop.number)}" if one_line(sop.number) else "",
            f"Halaman {page_index + 1} dari {page_count}",
        )
        if p
    )
    body.append(
        f'<text class="page-sub" x={_attr(lay.width - 2)} y="16" font-size="{FONT}" '
        f'text-anchor="end">{escape(sub)}</text>'
    )
    header, head_h = _header(lay, columns, TITLE_BAND)
    body.extend(header)
    y = TITLE_BAND + head_h
    grid_top = TITLE_BAND

    nodes: dict[str, _Node] = {}
    row_bottom: dict[str, float] = {}
    cells: list[str] = []
    row_lines: list[float] = []

    def place_connectors(
        items: list[tuple[str, int, int, str | None]], top: float, order: int, prefix: str
    ) -> None:
        per_col: dict[int, list[str]] = {}
        for letter, src, dst, _ in items:
            step = src if prefix == "out" else dst
            per_col.setdefault(col_of[step], []).append(letter)
        for letter, src, dst, _ in items:
            step = src if prefix == "out" else dst
            col = col_of[step]
            same = per_col[col]
            offset = (same.index(letter) - (len(same) - 1) / 2) * CON_SPREAD
            key = f"{prefix}:{letter}"
            nodes[key] = _Node(
                key,
                order,
                col,
                lay.actor_center(col) + offset,
                top + CONNECTOR_ROW / 2,
                "connector",
                step,
            )
            row_bottom[key] = top + CONNECTOR_ROW

    if incoming:
        place_connectors(incoming, y, -1, "in")
        y += CONNECTOR_ROW
        row_lines.append(y)

    for order, number in enumerate(steps):
        step = sop.step(number)
        texts = [
            (1, _wrap(step.activity, W_ACTIVITY), "start"),
        ]
        right_first = lay.actor_first + len(columns)
        req_lines: list[str] = []
        for item in step.requirements:
            req_lines.extend(_wrap("- " + one_line(item), W_RIGHT[0][1]) if one_line(item) else [])
        texts.append((right_first, req_lines, "start"))
        texts.append((right_first + 1, _wrap(step.time, W_RIGHT[1][1]), "middle"))
        texts.append((right_first + 2, _wrap(step.output, W_RIGHT[2][1]), "start"))
        texts.append((right_first + 3, _wrap(step.note, W_RIGHT[3][1]), "start"))
        lines_needed = max((len(t[1]) for t in texts), default=1)
        h = max(MIN_ROW, lines_needed * LINE_H + 2 * PAD)
        cells.append(
            f'<text class="cell" x={_attr(W_NO / 2)} y={_attr(y + h / 2 + 4)} '
            f'font-size="{FONT}" text-anchor="middle">{number}</text>'
        )
        for col_index, lines, anchor in texts:
            x0 = lay.cols_x[col_index]
            w = lay.widths[col_index]
            tx = x0 + w / 2 if anchor == "middle" else x0 + PAD
            ty = y + (h - len(lines) * LINE_H) / 2 - 2
            cells.append(_text_lines(lines, tx, ty, anchor=anchor))
        key = f"s{number}"
        col = col_of[number]
        nodes[key] = _Node(
            key, order, col, lay.actor_center(col), y + h / 2, kind_of(sop, number), number
        )
        row_bottom[key] = y + h
        y += h
        row_lines.append(y)

    if outgoing:
        place_connectors(outgoing, y, len(steps), "out")
        y += CONNECTOR_ROW
        row_lines.append(y)
    total_h = y + 6

    # Grid: horizontal row lines, vertical column lines (the header's inner lines are partial).
    grid: list[str] = [_line(0, ly, lay.width, ly) for ly in row_lines]
    head_bottom = TITLE_BAND + head_h
    for i, x in enumerate([*lay.cols_x, lay.width]):
        inner_actor = lay.actor_first < i < lay.actor_first + len(columns)
        inner_mutu = lay.actor_first + len(columns) < i < lay.actor_first + len(columns) + 3
        top = grid_top + HEAD_ROW_1 if (inner_actor or inner_mutu) else grid_top
        grid.append(_line(x, top, x, y))
    grid.append(_line(0, head_bottom, lay.width, head_bottom, 1.6))

    # Edges on this page.
    edge_list: list[_Edge] = []
    on_page = set(steps)
    for number in steps:
        for target, label in edges(sop, number):
            if target in on_page:
                edge_list.append(_Edge(f"s{number}", f"s{target}", label, number, target))
    for letter, src, dst, label in outgoing:
        edge_list.append(_Edge(f"s{src}", f"out:{letter}", label, src, dst, letter))
    for letter, src, dst, _label in incoming:
        edge_list.append(_Edge(f"in:{letter}", f"s{dst}", None, src, dst, letter))
    lanes = _Lanes()
    arrows = [_route(e, nodes, row_bottom, lay, lanes) for e in edge_list]

    symbols = []
    for key, node in nodes.items():
        letter = key.split(":", 1)[1] if node.kind == "connector" else ""
        symbols.append(_symbol(node, letter))

    watermark = ""
    if not approved:
        cx, cy = lay.width / 2, total_h / 2
        size = max(40.0, min(lay.width, total_h) / 3)
        watermark = (
            f'<text class="watermark" x={_attr(cx)} y={_attr(cy)} font-size={_attr(size)} '
            f'font-weight="bold" fill="#cc0000" fill-opacity="0.13" text-anchor="middle" '
            f'dominant-baseline="middle" transform="rotate(-30 {_num(cx)} {_num(cy)})">DRAF</text>'
        )

    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="flowchart" '
        f'viewBox="0 0 {_num(lay.width)} {_num(total_h)}" '
        f'width="{_num(lay.width)}" height="{_num(total_h)}" role="img" '
        f'data-page="{page_index + 1}" data-pages="{page_count}" '
        f'font-family="DejaVu Sans, Arial, Helvetica, sans-serif">'
        f"<title>{escape('Flowchart ' + caption)}</title>"
        f'<rect class="page" x="0" y="0" width="{_num(lay.width)}" height="{_num(total_h)}" '
        f'fill="#ffffff"/>'
        + "".join(body)
        + "".join(grid)
        + "".join(cells)
        + "".join(arrows)
        + "".join(symbols)
        + watermark
        + "</svg>"
    )
