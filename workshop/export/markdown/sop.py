"""One SOP: the identity block (kop) and the official flowchart table (Bagian Flowchart).

Pure functions: model values in, Markdown out (see :mod:`workshop.export.markdown`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from workshop.export import mdutil
from workshop.export.mdutil import (
    EMPTY,
    cell,
    cell_list,
    fixed_heading,
    inline,
    join_blocks,
    or_dash,
    table,
)
from workshop.export.sop_table import ACTIVITY_LABEL, NUMBER_LABEL, SymbolCell, sop_table
from workshop.export.sopview import total_time_text
from workshop.fields import IDENTITY_LISTS
from workshop.model import (
    Sop,
)

IDENTITY_HEADING = "Bagian Identitas"
FLOWCHART_HEADING = "Bagian Flowchart"

def symbol_text(sop: Sop, number: int) -> str:
    """The text drawn in the performer's cell of the Markdown table for step ``number``."""
    return _symbol_label(sop_table(sop).rows[number - 1].symbol)


def _symbol_label(symbol: SymbolCell) -> str:
    if symbol.kind == "start":
        return "⬭ Mulai"
    if symbol.kind == "end":
        return "⬭ Selesai"
    if symbol.kind == "decision":
        yes_text = str(symbol.yes) if symbol.yes is not None else "?"
        no_text = str(symbol.no) if symbol.no is not None else "?"
        return f"◇ Ya → {yes_text}; Tidak → {no_text}"
    if symbol.jump is not None:
        return f"▭ → {symbol.jump}"
    return "▭"


def _approval_text(sop: Sop) -> str:
    a = sop.approval
    parts = [inline(a.position), inline(a.name)]
    if a.nip.strip():
        parts.append("NIP. " + inline(a.nip))
    text = ", ".join(p for p in parts if p)
    return text or EMPTY


@dataclass(frozen=True)
class MdTable:
    """A GFM table kept as its cells (escaped Markdown, see :func:`mdutil.table`) until written,
    so that the HTML export can render it without parsing it back."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def markdown(self) -> str:
        return table(self.header, self.rows)


Block: TypeAlias = str | MdTable


def _identity(sop: Sop, level: int) -> str:
    return "\n\n".join(_text(b) for b in _identity_blocks(sop, level))


def _text(block: Block) -> str:
    return block if isinstance(block, str) else block.markdown()


def _identity_blocks(sop: Sop, level: int) -> list[Block]:
    rows = [
        ("Unit Kerja", or_dash(sop.unit)),
        ("Nomor SOP", or_dash(sop.number)),
        ("Tanggal Pembuatan", or_dash(sop.dates.created)),
        ("Tanggal Revisi", or_dash(sop.dates.revised)),
        ("Tanggal Efektif", or_dash(sop.dates.effective)),
        ("Disahkan oleh", _approval_text(sop)),
        ("Nama SOP", or_dash(sop.title)),
    ]
    head = MdTable(("Unsur", "Isi"), tuple(rows))
    lists = {key: cell_list(getattr(sop, key)) or EMPTY for key, _ in IDENTITY_LISTS}
    labels = dict(IDENTITY_LISTS)
    pairs = [
        ("legal_basis", "qualifications"),
        ("related", "equipment"),
        ("warnings", "records"),
    ]
    box_rows: list[tuple[str, str]] = []
    for i, (left, right) in enumerate(pairs):
        if i > 0:
            box_rows.append((f"**{labels[left]}**", f"**{labels[right]}**"))
        box_rows.append((lists[left], lists[right]))
    first_left, first_right = pairs[0]
    boxes = MdTable((labels[first_left], labels[first_right]), tuple(box_rows))
    blocks: list[Block] = [fixed_heading(level, IDENTITY_HEADING), head, boxes]
    c = sop.classification
    kinds = [
        v for v in (c.nature, c.scope, c.completeness, c.generality, c.activity) if v and v.strip()
    ]
    if kinds:
        blocks.append("Jenis SOP: " + ", ".join(inline(v) for v in kinds) + ".")
    return blocks


def flowchart_table(sop: Sop) -> str:
    """The flowchart table (:func:`export.sop_table.sop_table`) as a GFM table:
    No | Kegiatan | one column per actor | Kelengkapan | Waktu | Output | Keterangan."""
    view = sop_table(sop)
    header = [
        NUMBER_LABEL,
        ACTIVITY_LABEL,
        *(inline(a) or EMPTY for a in view.actors),
        *(c.label for c in view.columns),
    ]
    rows: list[list[str]] = []
    for row in view.rows:
        actor_cells = [""] * len(view.actors)
        actor_cells[row.actor] = _symbol_label(row.symbol)
        rows.append(
            [
                str(row.number),
                cell(row.activity),
                *actor_cells,
                *(cell_list(v) if isinstance(v, tuple) else cell(v) for v in row.values),
            ]
        )
    return table(header, rows)


def sop_markdown(
    sop: Sop,
    *,
    status: str | None = None,
    heading_level: int = 1,
    with_table: bool = True,
) -> str:
    """The Markdown draft of one SOP: title, identity block, flowchart table, total time.

    ``with_table=False`` leaves the table out (the HTML export draws the flowchart as SVG
    right after the "Bagian Flowchart" heading, and parsing a table it would drop is wasted).
    """
    blocks = sop_blocks(sop, status=status, heading_level=heading_level, with_table=with_table)
    return join_blocks(_text(b) for b in blocks)


def sop_blocks(
    sop: Sop,
    *,
    status: str | None = None,
    heading_level: int = 1,
    with_table: bool = True,
) -> list[Block]:
    """The blocks :func:`sop_markdown` joins, with the identity tables as :class:`MdTable`."""
    level = max(1, min(heading_level, 5))
    blocks: list[Block] = [mdutil.heading(level, mdutil.one_line(sop.title) or "SOP tanpa judul")]
    if status is not None:
        blocks.append(f"Status: {inline(status) or EMPTY}")
    blocks.extend(_identity_blocks(sop, level + 1))
    blocks.append(fixed_heading(level + 1, FLOWCHART_HEADING))
    if sop.steps:
        if with_table:
            blocks.append(flowchart_table(sop))
    else:
        blocks.append("Belum ada langkah.")
    blocks.append(total_time_text(sop))
    return blocks
