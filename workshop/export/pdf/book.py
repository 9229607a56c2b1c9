"""A unit's SOP book as one PDF: cover, Keputusan, daftar isi with page numbers, Penjelasan
Singkat, then every SOP starting on a new page.

The front matter comes from the book's Markdown (:func:`workshop.export.markdown.book_markdown`,
the same text as the Markdown and HTML books), rendered by :mod:`.markdown` on portrait pages of
the workshop's paper, each part of the book on a new page. The daftar isi is made here: the
parts and every SOP with the page it starts on. The SOPs are the pages of :mod:`.sop` (kop,
boxes, flowchart; landscape), numbered in the book's sequence.

Page numbers need the finished layout, so the book is laid out twice (a third time only if the
daftar isi itself changed length): the first pass records where every part and SOP starts
without painting the SOP pages, the second writes the numbers.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Final

from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)

from workshop.docsettings import Paper
from workshop.export.markdown.book import BOOK_PARTS
from workshop.export.pdf.fonts import pdf_text
from workshop.export.pdf.markdown import (
    MARGIN,
    Styles,
    flowables,
    footer,
    styles,
    table_flowable,
)
from workshop.export.pdf.sop import PagePaint, page_label

__all__ = ["BookSop", "book_pdf"]

CONTENTS: Final = BOOK_PARTS[1]
SOP_PART: Final = BOOK_PARTS[3]
MAX_PASSES: Final = 3


@dataclass(frozen=True)
class BookSop:
    """One SOP of the book: the row of the daftar isi and its pages."""

    number: str
    title: str
    status: str
    pages: Sequence[PagePaint]


class _Mark(Flowable):  # type: ignore[misc]
    """Records the page it lands on (nothing drawn)."""

    def __init__(self, key: str, starts: dict[str, int]) -> None:
        super().__init__()
        self.key = key
        self.starts = starts

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return (0.0, 0.0)

    def draw(self) -> None:
        self.starts.setdefault(self.key, self.canv.getPageNumber())


class _SopPage(Flowable):  # type: ignore[misc]
    """One SOP page filling the landscape frame (the frame is the whole page)."""

    def __init__(self, paint: PagePaint, book: _Pass) -> None:
        super().__init__()
        self.paint = paint
        self.book = book

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return (avail_width, avail_height)

    def draw(self) -> None:
        if self.book.total:  # the counting pass paints nothing
            self.paint(self.canv, self.canv.getPageNumber(), self.book.total)


@dataclass
class _Pass:
    total: int  # page count of the book (0: not known yet)
    starts: dict[str, int]  # key -> first page


def _sections(markdown: str) -> tuple[str, dict[str, str]]:
    """The cover (before the first part) and each part's Markdown, by its heading."""
    cover, *rest = markdown.split("\n## ")
    parts: dict[str, str] = {}
    for chunk in rest:
        heading, _, body = chunk.partition("\n")
        parts[heading.strip()] = body
    return cover, parts


def _contents(book: _Pass, sops: Sequence[BookSop], st: Styles, width: float) -> list[Flowable]:
    def page(key: str) -> str:
        number = book.starts.get(key)
        return str(number) if book.total and number else "…"

    rows = [("", "", part, "", page(part)) for part in (BOOK_PARTS[0], BOOK_PARTS[2], SOP_PART)]
    rows += [(str(i), sop.number, sop.title, sop.status, page(f"sop:{i}"))
             for i, sop in enumerate(sops, start=1)]
    return [Paragraph(pdf_escape(CONTENTS), st.headings[1]),
            table_flowable(("No", "Nomor SOP", "Nama SOP", "Status", "Halaman"), rows, st,
                            width)]


def _label(total: int, number: int) -> str:
    return page_label(number, total) if total else ""


def pdf_escape(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(pdf_text(text))


def book_pdf(markdown: str, sops: Sequence[BookSop], *, paper: Paper, title: str) -> bytes:
    """The book (see the module docstring): ``markdown`` is the book's Markdown made without
    the flowchart tables; ``sops`` its SOPs in order, with their pages."""
    st = styles()
    portrait = (paper.width_mm * mm, paper.height_mm * mm)
    land = (paper.landscape[0] * mm, paper.landscape[1] * mm)
    width = portrait[0] - 2 * MARGIN
    cover, parts = _sections(markdown)
    book = _Pass(0, {})
    data = b""
    for _ in range(MAX_PASSES):
        starts: dict[str, int] = {}
        current = _Pass(book.total, starts)
        story: list[Flowable] = [Spacer(1, 40 * mm)]
        story += flowables(cover, st, width)  # with the government lines and the address
        for part in BOOK_PARTS[:3]:
            story += [PageBreak(), _Mark(part, starts)]
            if part == CONTENTS:
                story += _contents(book, sops, st, width)
            else:
                story += flowables(f"## {part}\n{parts.get(part, '')}", st, width)
        story += [PageBreak(), _Mark(SOP_PART, starts)]
        story += flowables(f"## {SOP_PART}", st, width)  # the SOPs are drawn natively
        for i, sop in enumerate(sops, start=1):
            story += [NextPageTemplate("sop"), PageBreak(), _Mark(f"sop:{i}", starts)]
            story += [_SopPage(paint, current) for paint in sop.pages]
        buffer = io.BytesIO()
        doc = BaseDocTemplate(buffer, pagesize=portrait, title=pdf_text(title),
                              creator="sop-workshop", author="", invariant=1)
        label = footer(partial(_label, book.total))
        doc.addPageTemplates([
            PageTemplate("doc", [Frame(MARGIN, MARGIN, width, portrait[1] - 2 * MARGIN)],
                         onPage=label, pagesize=portrait),
            PageTemplate("sop", [Frame(0, 0, land[0], land[1], leftPadding=0, rightPadding=0,
                                       topPadding=0, bottomPadding=0)], pagesize=land),
        ])
        doc.build(story)
        data = buffer.getvalue()
        settled = book.total == doc.page and book.starts == starts
        book = _Pass(doc.page, starts)
        if settled:
            break
    return data

