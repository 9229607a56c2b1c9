"""What the panels of the Penilaian Kebutuhan stage share: the vocabularies they offer, the
template library, the message that asks the stage to re-read the workshop, table helpers."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from workshop.model import Sop
from workshop.pedoman import PedomanError, load_pedoman
from workshop.resources import sop_templates_dir
from workshop.sopfile import SopFileError, load_sop
from workshop.stages.kebutuhan import needs


class NeedsChanged(Message):
    """A panel wrote to the workshop: the Kebutuhan pane re-reads and redraws."""


@functools.cache
def aspects() -> tuple[str, ...]:
    """The aspek vocabulary of pedoman.yaml (the built-in six when it cannot be read)."""
    try:
        return load_pedoman().aspek or needs.DEFAULT_ASPECTS
    except (PedomanError, OSError):
        return needs.DEFAULT_ASPECTS


@functools.cache
def templates() -> tuple[dict[str, Sop], tuple[str, ...]]:
    """The template library (id = file stem -> SOP) and the files that could not be read."""
    found: dict[str, Sop] = {}
    problems: list[str] = []
    try:
        paths = sorted(sop_templates_dir().glob("*.yaml"))
    except OSError:
        paths = []
    for path in paths:
        try:
            found[path.stem] = load_sop(path)
        except SopFileError as exc:
            problems.append(str(exc))
    return found, tuple(problems)


def selected_key(table: DataTable[Text]) -> str | None:
    if table.row_count == 0:
        return None
    with contextlib.suppress(Exception):
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    return None


def keep_cursor(table: DataTable[Text], key: str | None, row: int) -> None:
    if table.row_count == 0:
        return
    if key is not None:
        with contextlib.suppress(Exception):
            table.move_cursor(row=table.get_row_index(key))
            return
    table.move_cursor(row=min(row, table.row_count - 1))




# ---------------------------------------------------------------------------------------------
# Tables that fit their panel: every column shown, long texts cut with an ellipsis
# ---------------------------------------------------------------------------------------------

CELL_PADDING = 2  # a DataTable cell pads one space each side
SCROLLBAR = 2  # room kept for the vertical scrollbar
ROOMY = 16  # a weighted column narrower than this (and than its text) asks for short headers


@dataclass(frozen=True)
class Column:
    """A table column: ``weight`` 0 keeps its whole width (short values: numbers, labels);
    a positive weight shares the room left with the other weighted columns."""

    key: str
    label: str
    weight: int = 0
    short: str = ""  # the header when the long one leaves the weighted columns too little room


def fit_widths(natural: Mapping[str, int], weights: Mapping[str, int], room: int,
               least: int = 4) -> dict[str, int]:
    """Widths for the columns of ``natural`` (their whole widths) in ``room`` cells: each its
    whole width when all fit, else the room shared by ``weights`` (a column needing less than
    its share gives the rest to the others); never below ``least``."""
    widths: dict[str, int] = {}
    left = dict(natural)
    while left:
        weight = sum(max(weights.get(k, 1), 1) for k in left)
        share = {k: room * max(weights.get(k, 1), 1) / weight for k in left}
        small = {k: n for k, n in left.items() if n <= share[k]}
        if not small:
            for k in left:
                widths[k] = max(least, int(share[k]))
            break
        for k, n in small.items():
            widths[k] = n
            room -= n
            del left[k]
    return widths


def fill_table(table: DataTable[Text], columns: Sequence[Column],
               rows: Sequence[tuple[str, Sequence[str]]], width: int) -> None:
    """(Re)fill ``table`` with ``rows`` (row key, one text per column) in ``width`` cells.

    Weight-0 columns keep their whole width; the weighted ones share what is left, so every
    column stays on screen and a text too long for its column ends in "…" (the panels' dialogs
    show it whole). Columns are rebuilt only when their widths change; the cursor keeps its
    row.
    """
    weights = {c.key: c.weight for c in columns}
    for short in (False, True):
        labels = {c.key: (c.short or c.label) if short else c.label for c in columns}
        natural = {c.key: max([len(labels[c.key])] + [len(cells[i]) for _, cells in rows])
                   for i, c in enumerate(columns)}
        fixed = {c.key: natural[c.key] for c in columns if not c.weight}
        room = (max(width, 20) - SCROLLBAR - CELL_PADDING * len(columns)
                - sum(fixed.values()))
        weighted = {c.key: natural[c.key] for c in columns if c.weight}
        widths = {**fixed, **fit_widths(weighted, weights, room)}
        if all(widths[k] >= min(n, ROOMY) for k, n in weighted.items()):
            break
    wanted = [(c.key, labels[c.key], widths[c.key]) for c in columns]
    key, row = selected_key(table), table.cursor_row
    shown = [(str(c.key.value), c.label.plain, c.width) for c in table.ordered_columns]
    if shown != wanted:
        table.clear(columns=True)
        for c in columns:
            table.add_column(labels[c.key], key=c.key, width=widths[c.key])
    else:
        table.clear()
    for row_key, cells in rows:
        table.add_row(*(Text(text, overflow="ellipsis", no_wrap=True) for text in cells),
                      key=row_key)
    keep_cursor(table, key, row)
