"""A unit's SOP book as one Word file: the front matter from the book's Markdown (cover,
Keputusan, daftar isi, penjelasan singkat; portrait, each part on a new page), then every SOP
as its own landscape section (kop, boxes, flowchart with native shapes; "Halaman x dari y"
counting that SOP's pages; DRAF only on drafts), each starting on a new page.
"""

from __future__ import annotations

from collections.abc import Sequence

from workshop.docsettings import Paper
from workshop.export.docx.markdown import markdown_body
from workshop.export.docx.package import MARGIN_MM, DocxPackage
from workshop.export.docx.sop import sop_body
from workshop.export.docx.wml import para
from workshop.export.flow_layout import FlowPage
from workshop.export.markdown.book import BOOK_PARTS
from workshop.export.sop_document import SopDocument

__all__ = ["book_docx"]


def book_docx(markdown: str, sops: Sequence[tuple[SopDocument, list[FlowPage]]], *,
              title: str, paper: Paper) -> bytes:
    """The book: ``markdown`` (``book_markdown(..., with_tables=False)``) up to and including
    its part "Standar Operasional Prosedur", then ``sops`` (each SOP's document and its
    flowchart pages) natively."""
    pkg = DocxPackage(title)
    front, _ = markdown_body(markdown, pkg, width=paper.width_mm - 2 * MARGIN_MM,
                             stop_at=BOOK_PARTS[-1])
    section = pkg.section(paper, landscape=False, draft=False)
    if not sops:
        return pkg.build(front + section)
    parts = [front, para("", extra=section)]
    for i, (doc, pages) in enumerate(sops):
        parts.append(sop_body(doc, pages, pkg, last=i == len(sops) - 1, in_book=True))
    return pkg.build("".join(parts))
