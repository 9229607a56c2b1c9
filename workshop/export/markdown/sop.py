"""One SOP: the kop and the boxes (Bagian Identitas) and the official flowchart table (Bagian
Flowchart).

Pure functions: model values in, Markdown out (see :mod:`workshop.export.markdown`). What the
kop and the boxes print comes from :class:`workshop.export.sop_document.SopDocument` (long
dates, BLANK, organisation lines, draft or approved); Markdown cannot merge cells, so the
organisation lines are a paragraph (one per line), the kop's right part a two-column table and
each box a label with a numbered list, one item per line. Only a draft has the "DRAF" line
(with its status and kind); an approved SOP shows only what the official form has."""

from __future__ import annotations

from workshop.datetext import BLANK
from workshop.docsettings import DocumentSettings
from workshop.export import mdutil
from workshop.export.mdutil import (
    EMPTY,
    cell,
    cell_list,
    fixed_heading,
    inline,
    join_blocks,
    numbered,
    table,
)
from workshop.export.sop_document import SopDocument, sop_document
from workshop.export.sop_table import ACTIVITY_LABEL, NUMBER_LABEL, SymbolCell, sop_table
from workshop.model import Event, Sop
from workshop.status import is_in_force

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


def default_document(sop: Sop, *, status: str | None = None,
                     approved: bool | None = None) -> SopDocument:
    """The document of ``sop`` without workshop settings (a plain SOP file, a test).

    ``approved`` None: approved when ``status`` is in force, or (no status: a plain file) when
    its Tanggal Efektif is filled, the signing date."""
    if approved is None:
        approved = is_in_force(status) if status is not None else bool(
            (sop.dates.effective or "").strip())
    return sop_document(sop, settings=DocumentSettings(), event=Event(), unit=None, logo=None,
                        approved=approved, status=status)


def draft_line(doc: SopDocument) -> str:
    """The working line under a draft's title (Markdown): DRAF, its status, its kind."""
    parts = ["**DRAF**"]
    if doc.status:
        parts.append(f"Status: {inline(doc.status)}")
    if doc.kinds:
        parts.append("Jenis SOP: " + ", ".join(inline(k) for k in doc.kinds))
    return " · ".join(parts)


def _identity_blocks(doc: SopDocument, level: int) -> list[str]:
    """The kop and the boxes in Markdown: the organisation lines (one per line), the kop's
    right part as a two-column table, then each box as a label and a numbered list."""
    org = "\\\n".join(inline(line) for line in doc.org_lines) or BLANK
    fields = doc.kop_fields
    head = table((fields[0].label, cell(fields[0].value)),
                 [(f.label, cell(f.value, empty=EMPTY)) for f in fields[1:]])
    blocks = [fixed_heading(level, IDENTITY_HEADING), org, head]
    for pair in doc.boxes:
        for box in pair:
            blocks.append(f"**{box.label}**")
            blocks.append(numbered(box.items) if box.items else EMPTY)
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
    doc: SopDocument | None = None,
) -> str:
    """The Markdown of one SOP: title, (drafts only) the DRAF line, the kop and the boxes
    (from ``doc``, see :mod:`workshop.export.sop_document`; without it the SOP's own values,
    see :func:`default_document`), the flowchart table and the total time.

    ``with_table=False`` leaves the table out (the HTML export draws the flowchart as SVG
    right after the "Bagian Flowchart" heading, and parsing a table it would drop is wasted).
    """
    blocks = sop_blocks(sop, status=status, heading_level=heading_level, with_table=with_table,
                        doc=doc)
    return join_blocks(blocks)


def sop_blocks(
    sop: Sop,
    *,
    status: str | None = None,
    heading_level: int = 1,
    with_table: bool = True,
    doc: SopDocument | None = None,
) -> list[str]:
    """The blocks :func:`sop_markdown` joins."""
    if doc is None:
        doc = default_document(sop, status=status)
    level = max(1, min(heading_level, 5))
    blocks: list[str] = [mdutil.heading(level, mdutil.one_line(sop.title) or "SOP tanpa judul")]
    if doc.draft:
        blocks.append(draft_line(doc))
    blocks.extend(_identity_blocks(doc, level + 1))
    blocks.append(fixed_heading(level + 1, FLOWCHART_HEADING))
    if sop.steps:
        if with_table:
            blocks.append(flowchart_table(sop))
    else:
        blocks.append("Belum ada langkah.")
    blocks.append(doc.total_time)
    return blocks
