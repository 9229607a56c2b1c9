"""Tables whose columns fit the data and the width they have, after every fill and resize.

A Textual ``DataTable`` with auto-width columns measures a cell when its row is added and never
again: a cell updated in place keeps the old width (the editor's step table while typing), a
column never narrows, and the columns never look at the room the table has (Persiapan's unit
table ran past its panel, so "Singkatan" was cut by the panel's edge). Every table here is a
:class:`FitTable` instead: it keeps its rows, computes each column's width from them and its own
width (:func:`fit_widths`: short columns whole, long ones share the rest and end in "…"), and
does it again after every ``fill``, ``update_row`` and resize.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

CELL_PADDING = 2  # a DataTable cell pads one space each side
SCROLLBAR = 2  # room kept for the vertical scrollbar
ROOMY = 16  # a weighted column narrower than this (and than its text) asks for short headers
LEAST = 4  # no column narrower than this
NAME_LEAST = 18  # a name column (unit, person) keeps this much: "Dinas Kesehatan" stays whole

Cell = str | Text


@dataclass(frozen=True)
class Column:
    """A table column: ``weight`` 0 keeps its whole width (short values: numbers, labels);
    a positive weight shares the room left with the other weighted columns."""

    key: str
    label: str
    weight: int = 0
    short: str = ""  # the header when the long one leaves the weighted columns too little room
    wrap: bool = False  # a long text goes on over more lines (the row grows) instead of "…"
    least: int = LEAST  # never narrower than this (or its text): a name stays readable and the
    # table scrolls sideways when the room is too small for that


def fit_widths(natural: Mapping[str, int], weights: Mapping[str, int], room: int,
               least: int = LEAST) -> dict[str, int]:
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


def _plain(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Text) else cell


def column_layout(columns: Sequence[Column], rows: Sequence[Sequence[Cell]],
                  width: int) -> list[tuple[str, str, int]]:
    """(key, header, width) of each column for ``rows`` in a table ``width`` cells wide.

    Weight-0 columns keep their whole width; the weighted ones share what is left (short
    headers when the long ones leave them too little room), so every column stays on screen.
    """
    weights = {c.key: c.weight for c in columns}
    labels: dict[str, str] = {}
    widths: dict[str, int] = {}
    for short in (False, True):
        labels = {c.key: (c.short or c.label) if short else c.label for c in columns}
        natural = {c.key: max([cell_len(labels[c.key])]
                              + [cell_len(_plain(cells[i])) for cells in rows if i < len(cells)])
                   for i, c in enumerate(columns)}
        fixed = {c.key: natural[c.key] for c in columns if not c.weight}
        room = (max(width, 20) - SCROLLBAR - CELL_PADDING * len(columns)
                - sum(fixed.values()))
        weighted = {c.key: natural[c.key] for c in columns if c.weight}
        widths = {**fixed, **fit_widths(weighted, weights, room)}
        if all(widths[k] >= min(n, ROOMY) for k, n in weighted.items()):
            break
    for c in columns:
        widths[c.key] = max(widths[c.key], min(natural[c.key], c.least))
    return [(c.key, labels[c.key], widths[c.key]) for c in columns]


def _cell(cell: Cell, wrap: bool = False) -> Text:
    """A cell that ends in "…" when its column is narrower than its text (or, in a ``wrap``
    column, goes on over more lines)."""
    text = cell.copy() if isinstance(cell, Text) else Text(cell)
    text.overflow = "fold" if wrap else "ellipsis"
    text.no_wrap = not wrap
    return text


def selected_key(table: DataTable[Any]) -> str | None:
    """The key of the row under the cursor (None when the table is empty)."""
    if table.row_count == 0:
        return None
    with contextlib.suppress(Exception):
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    return None


def keep_cursor(table: DataTable[Any], key: str | None, row: int) -> None:
    """Put the cursor back on the row ``key`` (else on row number ``row``, or the last)."""
    if table.row_count == 0:
        return
    if key is not None:
        with contextlib.suppress(Exception):
            table.move_cursor(row=table.get_row_index(key))
            return
    table.move_cursor(row=min(row, table.row_count - 1))


def fill_table(table: DataTable[Text], columns: Sequence[Column],
               rows: Sequence[tuple[str, Sequence[Cell]]], width: int) -> None:
    """(Re)fill a plain ``table`` with ``rows`` fitted to ``width`` cells (the Kebutuhan
    panels pass their own width and call it again on resize). Columns are rebuilt only when
    their widths change; the cursor keeps its row."""
    layout = column_layout(columns, [cells for _, cells in rows], width)
    key, row = selected_key(table), table.cursor_row
    shown = [(str(c.key.value), c.label.plain, c.width) for c in table.ordered_columns]
    if shown != layout:
        table.clear(columns=True)
        for column_key, label, column_width in layout:
            table.add_column(label, key=column_key, width=column_width)
    else:
        table.clear()
    for row_key, cells in rows:
        table.add_row(*(_cell(c) for c in cells), key=row_key)
    keep_cursor(table, key, row)


class FitTable(DataTable[Text]):
    """A ``DataTable`` whose columns fit its rows and its width: ``fill`` (all rows),
    ``update_row`` (one row, e.g. while typing), and every resize recompute the widths.

    ``columns`` may change with ``set_columns`` (e.g. one column per implementation kind).
    """

    def __init__(self, columns: Sequence[Column] = (), **kwargs: Any) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)
        self._fit_columns: tuple[Column, ...] = tuple(columns)
        self._rows_cells: dict[str, tuple[Cell, ...]] = {}

    @property
    def fit_columns(self) -> tuple[Column, ...]:
        return self._fit_columns

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Use ``columns`` from the next ``fill`` on."""
        self._fit_columns = tuple(columns)

    def fill(self, rows: Sequence[tuple[str, Sequence[Cell]]]) -> None:
        """(Re)fill the table with ``rows`` (row key, one cell per column); the cursor keeps
        its row (by key, else by position)."""
        key, row = selected_key(self), self.cursor_row
        layout = column_layout(self._fit_columns, [cells for _, cells in rows], self.size.width)
        shown = [str(c.key.value) for c in self.ordered_columns]
        if shown != [k for k, _, _ in layout]:
            self.clear(columns=True)
            for column_key, label, width in layout:
                self.add_column(label, key=column_key, width=width)
        else:
            self.clear()
            self._apply(layout)
        self._rows_cells = {k: tuple(cells) for k, cells in rows}
        wraps = [c.wrap for c in self._fit_columns]
        for row_key, cells in rows:
            self.add_row(*(_cell(c, w) for c, w in zip(cells, wraps, strict=False)),
                         key=row_key, height=None if any(wraps) else 1)
        keep_cursor(self, key, row)

    def clear(self, columns: bool = False) -> FitTable:
        self._rows_cells = {}
        super().clear(columns)
        return self

    def update_row(self, row_key: str, cells: Sequence[Cell]) -> None:
        """Replace the cells of one row (no rebuild: the cursor stays), then refit."""
        if row_key not in self._rows_cells:
            return
        self._rows_cells[row_key] = tuple(cells)
        for column, cell in zip(self._fit_columns, cells, strict=False):
            with contextlib.suppress(Exception):
                self.update_cell(row_key, column.key, _cell(cell, column.wrap))
        self._apply(self._layout())

    def _layout(self) -> list[tuple[str, str, int]]:
        return column_layout(self._fit_columns, list(self._rows_cells.values()),
                             self.size.width)

    def _apply(self, layout: Sequence[tuple[str, str, int]]) -> None:
        """Set the columns' widths and headers in place (rows and cursor untouched)."""
        changed = False
        for column_key, label, width in layout:
            column = self.columns.get(ColumnKey(column_key))
            if column is None:
                continue
            if column.width != width or column.auto_width or column.label.plain != label:
                column.width = width
                column.auto_width = False
                column.label = Text(label)
                changed = True
        if changed:
            self._clear_caches()
            self._require_update_dimensions = True
            self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        if self.columns:
            self._apply(self._layout())


__all__ = ["CELL_PADDING", "SCROLLBAR", "Column", "FitTable", "column_layout", "fill_table",
           "fit_widths",
           "keep_cursor", "selected_key"]
