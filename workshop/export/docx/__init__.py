"""Word (.docx) exports: the SOP with a native flowchart, the unit's SOP book, and every other
document from its Markdown.

- :mod:`workshop.export.docx.wml`: WordprocessingML string pieces (units, escaping, paragraphs);
- :mod:`workshop.export.docx.package`: the package around a body (styles, numbering, headers
  with the DRAF mark, "Halaman x dari y" footers, images, the zip);
- :mod:`workshop.export.docx.sop`: one SOP (kop, boxes, flowchart table and shapes);
- :mod:`workshop.export.docx.markdown`: any Markdown document (headings, paragraphs, lists,
  tables, page breaks);
- :mod:`workshop.export.docx.book`: the unit's SOP book.

Pure functions: model values in, the bytes of a .docx out (``workshop.writing`` writes them).
"""

from __future__ import annotations

from workshop.export.docx.book import book_docx
from workshop.export.docx.markdown import markdown_docx
from workshop.export.docx.sop import sop_docx

__all__ = ["book_docx", "markdown_docx", "sop_docx"]
