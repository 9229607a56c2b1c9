"""Markdown drafts, one module per document; every renderer of a document starts here.

- :mod:`.sop`: one SOP (identity block + the official flowchart table);
- :mod:`.book`: a unit's SOP book (cover, keputusan penetapan, daftar isi, penjelasan singkat);
- :mod:`.needs`: Tabel 6 of a unit and the inventory of all units;
- :mod:`.monitoring`: Tabel 7 and the evaluation;
- :mod:`.minutes`: the minutes (notulen) of a session;
- :mod:`.berita_acara`: the berita acara of a session, signed by each attending unit;
- :mod:`.records`: a unit's decisions on existing SOPs, review and trial notes, penerapan;
- :mod:`.decree`: the unit's Keputusan drafts (SK Tim, penetapan SOP) in letter form;
- :mod:`.letter`: the parts of a signed letter (letterhead, Menimbang, Mengingat, diktum,
  signature) every signed document shares;
- :mod:`.unitcommon`: who signs a unit's decrees, which of its SOPs a document lists;
- :mod:`.report`: the laporan akhir pendampingan.

Pure functions: model values in, a Markdown string out. No file reading, no store, no UI.
Every user value goes through :mod:`workshop.export.mdutil` so it renders literally and never
breaks a table; the fixed labels are our own. A new document is a new module here, listed below.
"""

from __future__ import annotations

from workshop.export.markdown.berita_acara import berita_acara_markdown
from workshop.export.markdown.book import BOOK_PARTS, book_markdown
from workshop.export.markdown.decree import keputusan_markdown, sk_tim_markdown
from workshop.export.markdown.minutes import minutes_markdown
from workshop.export.markdown.monitoring import (
    MONITORING_HEADER,
    evaluation_markdown,
    monitoring_markdown,
)
from workshop.export.markdown.needs import NEEDS_HEADER, inventory_markdown, needs_markdown
from workshop.export.markdown.records import (
    existing_decisions_markdown,
    implementation_markdown,
    review_markdown,
)
from workshop.export.markdown.report import REPORT_CHAPTERS, UnitFacts, report_markdown
from workshop.export.markdown.sop import (
    FLOWCHART_HEADING,
    IDENTITY_HEADING,
    default_document,
    flowchart_table,
    sop_blocks,
    sop_markdown,
    symbol_text,
)
from workshop.export.markdown.unitcommon import book_records, decree_author

__all__ = [
    "BOOK_PARTS",
    "FLOWCHART_HEADING",
    "IDENTITY_HEADING",
    "MONITORING_HEADER",
    "NEEDS_HEADER",
    "REPORT_CHAPTERS",
    "UnitFacts",
    "berita_acara_markdown",
    "book_markdown",
    "book_records",
    "decree_author",
    "default_document",
    "evaluation_markdown",
    "existing_decisions_markdown",
    "flowchart_table",
    "implementation_markdown",
    "inventory_markdown",
    "keputusan_markdown",
    "minutes_markdown",
    "monitoring_markdown",
    "needs_markdown",
    "report_markdown",
    "review_markdown",
    "sk_tim_markdown",
    "sop_blocks",
    "sop_markdown",
    "symbol_text",
]
