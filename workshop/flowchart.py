"""The official SOP AP flowchart laid out for a terminal, drawn with box characters.

Pure and fast: no Textual, no I/O. :func:`layout_flowchart` turns an :class:`~workshop.model.Sop`
into a :class:`FlowLayout`: one plain string per terminal row plus the geometry a widget needs
(where each step's symbol is, which columns hold which actor, how each arrow is routed).

The drawing
-----------
- A header with one column per actor (``sop.actors`` order; actors that steps use but that are
  not listed come after them), names wrapped on two rows, then a rule. Columns are separated by
  light dashed lines (``┆``), the swimlanes of the official table.
- Each step gets a band of rows; its symbol is drawn in its actor's column: start/end as a
  capsule (``╭─╮ ( ) ╰─╯``), process as a box (``┌─┐ │ │ └─┘``), decision as a six-sided
  "diamond" (``╱─╲ < > ╲─╱``). The step number opens the symbol text; the text is cut with ``…``
  to the symbol width (a decision drops a leading "Apakah" and keeps its ``?``).
- An arrow to the next step (``t == s + 1``) leaves the symbol's bottom, runs down, across to the
  target column if needed (orthogonal: down, across, down) and ends in ``▼`` above the target.
  A decision's branch that goes down carries its label ("Ya" or "Tidak") beside the line.
- Every other branch (a loop back, a forward jump, a decision's other branch) leaves the symbol
  on its right side, with its label written into the line, and runs to a *lane* in the gutter
  right of the columns, along the lane up (``▲``) or down (``▼``, marked every few rows), then
  left in the gap above the target and into it from the top. Branches to the same target share
  a lane; other lanes never overlap, and shorter spans take the inner lanes so nested loops do
  not cross. Lines never cross a symbol; where a lane crosses an unrelated horizontal line the
  lane is drawn unbroken (``─│─``: the horizontal passes under it).

Widths are terminal cells: a wide character (CJK, emoji) takes two cells; in ``lines`` it is
followed by nothing, so every line has the same cell width (``width``). Control characters in
user text become spaces. User text is data: the result is plain text, never markup.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Final

from workshop.flow import successors
from workshop.model import Sop

__all__ = [
    "DEFAULT_COLUMN_WIDTH",
    "EMPTY_MESSAGE",
    "MIN_COLUMN_WIDTH",
    "FlowLayout",
    "Route",
    "layout_flowchart",
    "shorten_question",
]

DEFAULT_COLUMN_WIDTH: Final = 20
MIN_COLUMN_WIDTH: Final = 14  # auto width never goes below this (then the drawing scrolls)
MAX_COLUMN_WIDTH: Final = 26  # auto width never goes above this
ABSOLUTE_MIN_COLUMN_WIDTH: Final = 8  # an explicit column_width is raised to this
DEFAULT_LABEL_WIDTH: Final = 7  # room for "─Tidak─" between a symbol and the first lane
HEADER_ROWS: Final = 3  # two rows of actor names and a rule
EMPTY_MESSAGE: Final = "Belum ada langkah. Tambahkan langkah pertama untuk melihat bagan alir."
NO_ACTOR: Final = "(tanpa pelaksana)"

# Line directions, combined as bits in a cell.
_U: Final = 1
_D: Final = 2
_L: Final = 4
_R: Final = 8
_BOX: Final[dict[int, str]] = {
    _U: "│",
    _D: "│",
    _U | _D: "│",
    _L: "─",
    _R: "─",
    _L | _R: "─",
    _D | _R: "┌",
    _D | _L: "┐",
    _U | _R: "└",
    _U | _L: "┘",
    _U | _D | _R: "├",
    _U | _D | _L: "┤",
    _D | _L | _R: "┬",
    _U | _L | _R: "┴",
    # Four arms only happen where a lane crosses an unrelated line: draw a bridge.
    _U | _D | _L | _R: "│",
}
_DIVIDER: Final = "┆"
_MARK_EVERY: Final = 8  # rows between direction marks on a long lane


@dataclass(frozen=True)
class Route:
    """One arrow of the drawing, for tests and for widgets that want to trace a branch.

    ``kind`` is "down" (to the next step, through the gap below the source) or "lane" (through a
    gutter lane, ``lane`` is its index, 0 the innermost). ``points`` are the corners of the
    polyline in (x, y) cells, from where it leaves the source to the ``▼`` above the target.
    """

    source: int
    target: int
    label: str | None
    kind: str
    points: tuple[tuple[int, int], ...]
    lane: int | None = None


@dataclass
class FlowLayout:
    """The flowchart of one SOP as terminal rows, and where everything is in them."""

    width: int
    height: int
    lines: list[str]
    header_height: int
    column_width: int
    columns: list[tuple[str, int, int]]  # (actor, x, width); x is the column's divider cell
    step_rows: dict[int, tuple[int, int]]  # step -> (first row, last row) of its symbol
    step_box: dict[int, tuple[int, int, int, int]]  # step -> (x, y, w, h) of its symbol
    routes: list[Route] = field(default_factory=list)
    lanes: int = 0
    fits: bool = True  # False when the drawing is wider than the max_width it was given
    extra_actors: list[str] = field(default_factory=list)  # used by steps, not in sop.actors

    def step_at(self, x: int, y: int) -> int | None:
        """The step whose symbol covers cell (x, y), or None."""
        for number, (bx, by, bw, bh) in self.step_box.items():
            if bx <= x < bx + bw and by <= y < by + bh:
                return number
        return None


# ---------------------------------------------------------------------------------------------
# Text in cells
# ---------------------------------------------------------------------------------------------


def _cells(text: str) -> list[str]:
    """``text`` as terminal cells: one string per cell ("" after a wide character).

    Control characters become spaces; zero-width and combining characters are dropped (they
    would make the cell count unpredictable).
    """
    if text.isascii() and text.isprintable():
        return list(text)
    out: list[str] = []
    for ch in text:
        if ch.isascii():
            out.append(ch if ch >= " " and ch != "\x7f" else " ")
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Zl", "Zp"):
            out.append(" ")
        elif category in ("Mn", "Me", "Cf") or unicodedata.combining(ch):
            continue
        elif unicodedata.east_asian_width(ch) in ("W", "F"):
            out.append(ch)
            out.append("")
        else:
            out.append(ch)
    return out


def _cut(cells: list[str], width: int) -> list[str]:
    """At most ``width`` cells; when ``cells`` is longer it is cut and ends with "…"."""
    if len(cells) <= width:
        return cells
    if width <= 0:
        return []
    out = cells[: width - 1]
    if out and cells[width - 1] == "":  # the last kept cell is half of a wide character
        out.pop()
    while out and out[-1] == " ":
        out.pop()
    out.append("…")
    return out


def _wrap(text: str, width: int, rows: int) -> list[str]:
    """Word-wrap ``text`` into at most ``rows`` lines of ``width`` cells.

    The last line holds all the rest of the text (it may be too long: the caller cuts it).
    A word that does not fit on a line that is less than half full is split there with a
    hyphen ("4 Menandatangan-" / "i keputusan"), so a short box is not left with "4" alone.
    """
    words = text.split()
    lines: list[str] = []
    current = ""
    index = 0
    while index < len(words) and len(lines) < rows - 1:
        word = words[index]
        candidate = f"{current} {word}" if current else word
        used = len(_cells(current))
        room = width - used - (1 if current else 0) - 1  # the hyphen's cell
        if len(_cells(candidate)) <= width:
            current = candidate
            index += 1
        elif used < width // 2 and room >= 3:  # split the word: fill this line
            cells = _cells(word)
            if cells[room - 1] == "":  # never split a wide character
                room -= 1
            head = "".join(cells[:room])
            lines.append(f"{current} {head}-" if current else f"{head}-")
            words[index] = "".join(cells[room:])
            current = ""
        elif not current:  # a single word longer than the line gets a line of its own
            lines.append(word)
            index += 1
        else:
            lines.append(current)
            current = ""
    rest = " ".join(([current] if current else []) + words[index:])
    if rest or not lines:
        lines.append(rest)
    return lines


def _text_block(
    text: str, width: int, rows: int, *, keep_question: bool = False
) -> list[list[str]]:
    """``text`` wrapped into at most ``rows`` lines of at most ``width`` cells, cut with "…".

    With ``keep_question`` a cut question keeps its "?" at the end ("Surat lengkap dan…?").
    """
    lines = _wrap(text, width, rows)
    out = [_cut(_cells(line), width) for line in lines[:-1]]
    last = _cells(lines[-1])
    if len(last) > width and keep_question and last and last[-1] == "?" and width > 2:
        out.append([*_cut(last[:-1], width - 1), "?"])
    else:
        out.append(_cut(last, width))
    return out


def shorten_question(text: str) -> str:
    """A decision's text as shown in the diamond: without a leading "Apakah", first letter up.

    "Apakah surat lengkap?" -> "Surat lengkap?". Other text is returned as it is (trimmed).
    """
    clean = " ".join(text.split())
    lower = clean.lower()
    for lead in ("apakah ", "apa "):
        if lower.startswith(lead) and len(clean) > len(lead):
            rest = clean[len(lead) :]
            return rest[:1].upper() + rest[1:]
    return clean


def _symbol_text(number: int, text: str, width: int, rows: int, question: bool) -> list[list[str]]:
    """The text rows of a symbol: ``rows`` lists of exactly ``width`` cells."""
    body = shorten_question(text) if question else " ".join(text.split())
    block = _text_block(f"{number} {body}".rstrip(), width, rows, keep_question=question)
    block += [[] for _ in range(rows - len(block))]
    return [cells + [" "] * (width - len(cells)) for cells in block]


# ---------------------------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------------------------


@dataclass
class _Lane:
    target: int
    rows: list[int]  # exit rows of the sources
    join: int  # the row where it turns into the target's column
    low: int = 0
    high: int = 0


def _columns(sop: Sop) -> tuple[list[str], list[str]]:
    listed: list[str] = []
    for actor in sop.actors:
        if actor not in listed:
            listed.append(actor)
    extra: list[str] = []
    for step in sop.steps:
        if step.actor not in listed and step.actor not in extra:
            extra.append(step.actor)
    return listed, extra


def layout_flowchart(
    sop: Sop,
    *,
    column_width: int | None = None,
    max_width: int | None = None,
    label_width: int = DEFAULT_LABEL_WIDTH,
    text_rows: int = 1,
    min_column_width: int = MIN_COLUMN_WIDTH,
    max_column_width: int = MAX_COLUMN_WIDTH,
) -> FlowLayout:
    """Lay out the flowchart of ``sop`` in terminal cells.

    - ``column_width``: the width of every actor column (divider included). None: fit the
      drawing into ``max_width`` with columns between ``min_column_width`` and
      ``max_column_width`` wide, or :data:`DEFAULT_COLUMN_WIDTH` when ``max_width`` is None.
    - ``max_width``: the cells available. When even the narrowest columns do not fit, the result
      is wider and ``fits`` is False (a widget then scrolls horizontally).
    - ``label_width``: the room between the columns and the first gutter lane (for "─Tidak─").
    - ``text_rows``: rows of text inside a symbol (1 for the editor, 2 for a projector).
    """
    text_rows = max(1, text_rows)
    label_width = max(label_width, len("Tidak") + 2)
    listed, extra = _columns(sop)
    actors = listed + extra
    col_of = {actor: i for i, actor in enumerate(actors)}
    steps = sop.steps
    n = len(steps)
    symbol_h = text_rows + 2

    # Branches: one "down" edge per step at most, the rest go through gutter lanes.
    down: dict[int, tuple[int, str | None]] = {}
    side: dict[int, list[tuple[int, str | None]]] = {}
    into_by_lane: dict[int, list[int]] = {}
    for s in range(1, n + 1):
        for target, label in successors(sop, s):
            if target == s + 1 and s not in down:
                down[s] = (target, label)
            else:
                side.setdefault(s, []).append((target, label))
                into_by_lane.setdefault(target, []).append(s)

    # Rows.
    top: dict[int, int] = {}
    join: dict[int, int] = {}
    label_row: dict[int, int] = {}
    y = HEADER_ROWS
    for t in range(1, n + 1):
        if t > 1:
            prev = down.get(t - 1)
            if prev is not None and prev[1] is not None:
                label_row[t - 1] = y
                y += 1
            join[t] = y
            y += 2
        elif t in into_by_lane:
            join[t] = y
            y += 2
        top[t] = y
        y += symbol_h
    height = y + 1 if n else HEADER_ROWS + 2
    mid_offset = symbol_h // 2

    # Lanes: one per target, shortest spans innermost, no two overlapping on one lane.
    exit_row: dict[tuple[int, int], int] = {}
    groups: dict[int, _Lane] = {}
    for s, branches in side.items():
        for slot, (target, _label) in enumerate(branches):
            row = top[s] + (mid_offset if slot == 0 else symbol_h - 1)
            exit_row[(s, slot)] = row
            group = groups.get(target)
            if group is None:
                group = groups[target] = _Lane(target=target, rows=[], join=join[target])
            group.rows.append(row)
    for group in groups.values():
        group.low = min([*group.rows, group.join])
        group.high = max([*group.rows, group.join])
    lane_of: dict[int, int] = {}
    occupied: list[list[tuple[int, int]]] = []
    for group in sorted(groups.values(), key=lambda g: (g.high - g.low, g.low, g.target)):
        for index, spans in enumerate(occupied):
            if all(group.high + 1 < lo or hi + 1 < group.low for lo, hi in spans):
                spans.append((group.low, group.high))
                lane_of[group.target] = index
                break
        else:
            lane_of[group.target] = len(occupied)
            occupied.append([(group.low, group.high)])
    lanes = len(occupied)

    # Widths.
    n_cols = max(1, len(actors))
    gutter = label_width + 2 * lanes if lanes else 1
    if column_width is not None:
        cw = max(ABSOLUTE_MIN_COLUMN_WIDTH, column_width)
    elif max_width is not None:
        lo_w = max(ABSOLUTE_MIN_COLUMN_WIDTH, min_column_width)
        hi_w = max(lo_w, max_column_width)
        cw = min(hi_w, max(lo_w, (max_width - gutter) // n_cols))
    else:
        cw = DEFAULT_COLUMN_WIDTH
    cols_end = n_cols * cw
    width = cols_end + gutter
    if not n:
        width = max(width, len(_cells(EMPTY_MESSAGE)) + 2)
    fits = max_width is None or width <= max_width
    sym_w = cw - 3

    def col_x(actor: str) -> int:
        return col_of[actor] * cw

    def centre(actor: str) -> int:
        return col_x(actor) + 2 + sym_w // 2

    def lane_x(index: int) -> int:
        return cols_end + label_width + 2 * index

    # Background: dividers in every row below the header rule.
    blank = [" "] * width
    body = blank[:]
    for i in range(n_cols + 1):
        body[i * cw] = _DIVIDER
    grid: list[list[str]] = [blank[:] for _ in range(2)]
    rule = ["─"] * cols_end + ["┤"] + [" "] * (width - cols_end - 1)
    for i in range(1, n_cols):
        rule[i * cw] = "┼"
    rule[0] = "├"
    grid.append(rule)
    grid.extend(body[:] for _ in range(height - HEADER_ROWS))
    for i in range(n_cols + 1):
        grid[0][i * cw] = grid[1][i * cw] = "│"

    columns: list[tuple[str, int, int]] = []
    for actor in actors:
        x0 = col_x(actor)
        columns.append((actor, x0, cw))
        name = actor if actor.strip() else NO_ACTOR
        if actor in extra:
            name = f"{name} (?)"
        for row, cells in enumerate(_text_block(name, cw - 3, 2)):
            pad = (cw - 1 - len(cells)) // 2
            grid[row][x0 + 1 + pad : x0 + 1 + pad + len(cells)] = cells

    if not n:
        grid[HEADER_ROWS + 1][2 : 2 + len(_cells(EMPTY_MESSAGE))] = _cells(EMPTY_MESSAGE)

    # Symbols.
    step_rows: dict[int, tuple[int, int]] = {}
    step_box: dict[int, tuple[int, int, int, int]] = {}
    pad = 1 if sym_w >= 16 else 0  # a space inside the symbol's sides, when there is room
    inner = sym_w - 2 - 2 * pad
    space = [" "] * pad
    for number, step in enumerate(steps, start=1):
        x = col_x(step.actor) + 2
        y0 = top[number]
        kind = step.kind
        step_rows[number] = (y0, y0 + symbol_h - 1)
        step_box[number] = (x, y0, sym_w, symbol_h)
        if kind == "decision":
            text = _symbol_text(number, step.activity, inner, text_rows, True)
            dash = ["─"] * (sym_w - 4)
            grid[y0][x : x + sym_w] = [" ", "╱", *dash, "╲", " "]
            grid[y0 + symbol_h - 1][x : x + sym_w] = [" ", "╲", *dash, "╱", " "]
            middle = (text_rows - 1) / 2
            for i, cells in enumerate(text):
                if i < middle:
                    left, right = "╱", "╲"
                elif i > middle:
                    left, right = "╲", "╱"
                else:
                    left, right = "<", ">"
                grid[y0 + 1 + i][x : x + sym_w] = [left, *space, *cells, *space, right]
        else:
            if kind in ("start", "end"):
                tl, tr, bl, br, side_l, side_r = "╭", "╮", "╰", "╯", "(", ")"
            else:
                tl, tr, bl, br, side_l, side_r = "┌", "┐", "└", "┘", "│", "│"
            dash = ["─"] * (sym_w - 2)
            grid[y0][x : x + sym_w] = [tl, *dash, tr]
            grid[y0 + symbol_h - 1][x : x + sym_w] = [bl, *dash, br]
            text = _symbol_text(number, step.activity, inner, text_rows, False)
            for i, cells in enumerate(text):
                grid[y0 + 1 + i][x : x + sym_w] = [side_l, *space, *cells, *space, side_r]

    # Lines: bit masks per cell for verticals and line ends, horizontal runs kept as segments
    # (painted in one slice each, which keeps long arrows cheap). Overlays (arrow heads and
    # labels) are drawn over the lines.
    mask: dict[int, dict[int, int]] = {}
    hsegs: list[tuple[int, int, int]] = []
    overlay: dict[tuple[int, int], str] = {}
    routes: list[Route] = []

    def add(row: int, col: int, bits: int) -> None:
        cells = mask.get(row)
        if cells is None:
            mask[row] = {col: bits}
        else:
            cells[col] = cells.get(col, 0) | bits

    def hline(row: int, xa: int, xb: int) -> None:
        lo, hi = (xa, xb) if xa <= xb else (xb, xa)
        if lo == hi:
            add(row, lo, 0)
            return
        add(row, lo, _R)
        add(row, hi, _L)
        if hi - lo > 1:
            hsegs.append((row, lo, hi))

    def vline(col: int, ya: int, yb: int) -> None:
        lo, hi = (ya, yb) if ya <= yb else (yb, ya)
        if lo == hi:
            add(lo, col, 0)
            return
        add(lo, col, _D)
        for yy in range(lo + 1, hi):
            add(yy, col, _U | _D)
        add(hi, col, _U)

    def put(row: int, col: int, text: str) -> None:
        for i, cell in enumerate(_cells(text)):
            overlay[(row, col + i)] = cell

    for s, (t, label) in down.items():
        xs = centre(steps[s - 1].actor)
        xt = centre(steps[t - 1].actor)
        y_out = top[s] + symbol_h  # first row below the source
        yj = join[t]
        ya = yj + 1  # arrow head row, just above the target
        grid[y_out - 1][xs] = "┬"
        vline(xs, y_out, yj)
        add(y_out, xs, _U)  # the line leaves the symbol's bottom
        if xs != xt:
            hline(yj, xs, xt)
        vline(xt, yj, ya)
        overlay[(ya, xt)] = "▼"
        if label is not None:
            put(label_row[s], xs + 2, label)
        points = [(xs, y_out)]
        if yj != y_out:
            points.append((xs, yj))
        if xs != xt:
            points.append((xt, yj))
        points.append((xt, ya))
        routes.append(Route(s, t, label, "down", tuple(points)))

    for s, branches in side.items():
        step = steps[s - 1]
        bx, _by, bw, _bh = step_box[s]
        x_out = bx + bw  # first cell right of the symbol
        for slot, (t, label) in enumerate(branches):
            row = exit_row[(s, slot)]
            lane = lane_of[t]
            lx = lane_x(lane)
            yj = join[t]
            xt = centre(steps[t - 1].actor)
            hline(row, x_out, lx)
            if grid[row][x_out - 1] == "│":
                grid[row][x_out - 1] = "├"  # a box's side where the line leaves it
            vline(lx, row, yj)
            hline(yj, lx, xt)
            vline(xt, yj, yj + 1)
            overlay[(yj + 1, xt)] = "▼"
            if label is not None:
                put(row, x_out + 1, label)
            routes.append(
                Route(
                    s,
                    t,
                    label,
                    "lane",
                    ((x_out, row), (lx, row), (lx, yj), (xt, yj), (xt, yj + 1)),
                    lane,
                )
            )

    for row, lo, hi in hsegs:
        grid[row][lo + 1 : hi] = ["─"] * (hi - lo - 1)
        crossing = mask.get(row)
        if crossing:
            for cx in crossing:
                if lo < cx < hi:
                    crossing[cx] |= _L | _R
    for row, row_bits in mask.items():
        line = grid[row]
        for cx, bits in row_bits.items():
            if bits:
                line[cx] = _BOX[bits]

    # Direction marks on the lanes: ▲ (loop backs) from just below the join, ▼ (jumps forward)
    # from just above it, repeated every few rows so a long lane shows its direction anywhere.
    for t, group in groups.items():
        lx = lane_x(lane_of[t])
        below = [r for r in group.rows if r > group.join]
        above = [r for r in group.rows if r < group.join]
        marks = []
        if below:
            marks += [(yy, "▲") for yy in range(group.join + 1, max(below), _MARK_EVERY)]
        if above:
            marks += [(yy, "▼") for yy in range(group.join - 1, min(above), -_MARK_EVERY)]
        for yy, arrow in marks:
            if mask.get(yy, {}).get(lx) == _U | _D:
                overlay[(yy, lx)] = arrow
    for (row, ox), mark in overlay.items():
        if ox < width:
            grid[row][ox] = mark

    return FlowLayout(
        width=width,
        height=height,
        lines=["".join(row) for row in grid],
        header_height=HEADER_ROWS,
        column_width=cw,
        columns=columns,
        step_rows=step_rows,
        step_box=step_box,
        routes=routes,
        lanes=lanes,
        fits=fits,
        extra_actors=extra,
    )
