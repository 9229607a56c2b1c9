"""The official flowchart table of one SOP as a view model, for every renderer.

PermenPAN-RB 35/2012 fixes the columns of the table:

``No | Kegiatan | Pelaksana (one column per actor) | Mutu Baku (Kelengkapan, Waktu, Output) |
Keterangan``

:func:`sop_table` describes it once, as plain values: the actor columns, and per step its
number, its activity, the actor column its symbol sits in, the symbol (kind and the branch
targets Ya / Tidak, or a jump), the Mutu Baku cells and the Keterangan cell. The Markdown table
(``export.markdown``) draws from it, and so does the flowchart geometry
(``export.flow_layout``) that the SVG, Word and PDF renderers draw. Nothing here escapes or
wraps text: each renderer makes the raw values safe for its own format.

The Mutu Baku and Keterangan columns come from the step fields' declaration
(:mod:`workshop.fields`: section ``mutu_baku`` and ``keterangan``), so their labels and order
are declared once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Final

from workshop.export.sopview import actor_column, actor_columns, kind_of, yes_target
from workshop.fields import STEP_FIELDS
from workshop.model import Sop

__all__ = [
    "ACTIVITY_LABEL",
    "ACTORS_LABEL",
    "MUTU_BAKU_LABEL",
    "NUMBER_LABEL",
    "Column",
    "SopTable",
    "SymbolCell",
    "TableRow",
    "sop_table",
    "value_columns",
]

NUMBER_LABEL: Final = "No"
ACTIVITY_LABEL: Final = "Kegiatan"
ACTORS_LABEL: Final = "Pelaksana"  # the header over the actor columns
MUTU_BAKU_LABEL: Final = "Mutu Baku"  # the header over the Mutu Baku columns


@dataclass(frozen=True)
class Column:
    """A value column right of the actors: the step field it shows and its header."""

    key: str
    label: str
    mutu_baku: bool  # under the "Mutu Baku" header (else it spans both header rows)


@dataclass(frozen=True)
class SymbolCell:
    """The symbol of a step in its actor's column.

    ``kind``: start, process, decision or end (anything unknown is drawn as a process).
    A decision has ``yes`` (``if_yes`` or the next step; None after the last step) and ``no``
    (``if_no``; None when missing). A process that jumps elsewhere than the next step has
    ``jump``.
    """

    kind: str
    yes: int | None = None
    no: int | None = None
    jump: int | None = None


Value = str | tuple[str, ...]


@dataclass(frozen=True)
class TableRow:
    number: int
    activity: str
    actor: int  # index of the actor column the symbol sits in
    symbol: SymbolCell
    values: tuple[Value, ...]  # one per ``SopTable.columns``: text, or a list of texts


@dataclass(frozen=True)
class SopTable:
    actors: tuple[str, ...]  # the actor columns (see ``sopview.actor_columns``)
    columns: tuple[Column, ...]  # Mutu Baku columns, then Keterangan
    rows: tuple[TableRow, ...]

    @property
    def mutu_baku(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.mutu_baku)

    def header(self) -> tuple[str, ...]:
        """The one-row header: No, Kegiatan, the actors, the value columns (raw text)."""
        return (NUMBER_LABEL, ACTIVITY_LABEL, *self.actors, *(c.label for c in self.columns))


@functools.cache
def value_columns() -> tuple[Column, ...]:
    """The value columns of the table, from the step fields' declaration (made once: the
    declaration does not change while the program runs)."""
    return (
        *(Column(s.key, s.label, True) for s in STEP_FIELDS if s.section == "mutu_baku"),
        *(Column(s.key, s.label, False) for s in STEP_FIELDS if s.section == "keterangan"),
    )


def _symbol(sop: Sop, number: int) -> SymbolCell:
    kind = kind_of(sop, number)
    step = sop.step(number)
    if kind == "decision":
        return SymbolCell(kind, yes=yes_target(sop, number), no=step.if_no)
    if kind == "process" and step.next is not None and step.next != number + 1:
        return SymbolCell(kind, jump=step.next)
    return SymbolCell(kind)


def sop_table(sop: Sop) -> SopTable:
    """The flowchart table of ``sop`` (see the module docstring)."""
    actors = actor_columns(sop)
    columns = value_columns()
    rows = []
    for number, step in enumerate(sop.steps, start=1):
        values: list[Value] = []
        for column in columns:
            value = getattr(step, column.key)
            values.append(tuple(value) if isinstance(value, list) else str(value or ""))
        rows.append(TableRow(number, step.activity, actor_column(sop, number, actors),
                             _symbol(sop, number), tuple(values)))
    return SopTable(tuple(actors), columns, tuple(rows))
