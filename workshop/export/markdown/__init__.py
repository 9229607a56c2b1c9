"""Markdown drafts, one module per document; every renderer of a document starts here.

- :mod:`.sop`: one SOP (identity block + the official flowchart table);
- :mod:`.book`: a unit's SOP book (cover, keputusan penetapan, daftar isi, penjelasan singkat);
- :mod:`.needs`: Tabel 6 of a unit and the inventory of all units;
- :mod:`.monitoring`: Tabel 7 and the evaluation;
- :mod:`.minutes`: the minutes of a session;
- :mod:`.report`: the workshop report.

Pure functions: model values in, a Markdown string out. No file reading, no store, no UI.
Every user value goes through :mod:`workshop.export.mdutil` so it renders literally and never
breaks a table; the fixed labels are our own. A new document is a new module here, listed below.
"""

from __future__ import annotations

from workshop.export.markdown.book import BOOK_PARTS, book_markdown, decree_author
from workshop.export.markdown.minutes import minutes_markdown
from workshop.export.markdown.monitoring import (
    MONITORING_HEADER,
    evaluation_markdown,
    monitoring_markdown,
)
from workshop.export.markdown.needs import NEEDS_HEADER, inventory_markdown, needs_markdown
from workshop.export.markdown.report import report_markdown
from workshop.export.markdown.sop import (
    FLOWCHART_HEADING,
    IDENTITY_HEADING,
    MdTable,
    flowchart_table,
    sop_blocks,
    sop_markdown,
    symbol_text,
)

__all__ = [
    "BOOK_PARTS",
    "FLOWCHART_HEADING",
    "IDENTITY_HEADING",
    "MONITORING_HEADER",
    "NEEDS_HEADER",
    "MdTable",
    "book_markdown",
    "decree_author",
    "evaluation_markdown",
    "flowchart_table",
    "inventory_markdown",
    "minutes_markdown",
    "monitoring_markdown",
    "needs_markdown",
    "report_markdown",
    "sop_blocks",
    "sop_markdown",
    "symbol_text",
]
