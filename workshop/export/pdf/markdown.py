"""Any document from its Markdown as PDF: headings, paragraphs, lists, tables, page breaks.

Every document of :mod:`workshop.documents` has a Markdown source (Tabel 6, monitoring,
notulen, laporan, ...); this renderer reads it with the project's one parser
(:func:`workshop.export.mdutil.md_parser`) and lays it out with reportlab's platypus:

- ``#`` .. ``######`` headings (a level 2 heading that is a part of the SOP book starts a new
  page), paragraphs (bold and italic kept), bulleted and numbered lists (nested lists
  indented), tables (header row repeated on every page, a row never split, columns sized by
  their content), a thematic break (``---``) as a page break;
- A4, portrait, or landscape when a table has more than :data:`PORTRAIT_COLUMNS` columns;
- "Halaman x dari y" at the foot of every page (the page count from a first pass).

Text is data: platypus paragraphs take a small markup, so every piece of text is passed
through :func:`workshop.export.pdf.fonts.pdf_text` and XML-escaped here, and only the markup
this module writes itself (``<b>``, ``<i>``, ``<br/>``) reaches reportlab.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Final
from xml.sax.saxutils import escape

from markdown_it.token import Token
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from workshop.export.mdutil import md_parser
from workshop.export.pdf.fonts import BOLD, REGULAR, pdf_text, register_fonts, text_width

__all__ = ["PORTRAIT_COLUMNS", "Styles", "flowables", "footer", "markdown_pdf", "styles",
           "table_flowable"]

PORTRAIT_COLUMNS: Final = 5
MARGIN: Final = 18 * mm
BODY_PT: Final = 10.0
TABLE_PT: Final = 8.5


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    cell: ParagraphStyle
    head_cell: ParagraphStyle
    headings: tuple[ParagraphStyle, ...]  # h1 .. h6
    item: ParagraphStyle


def styles() -> Styles:
    register_fonts()
    registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=BODY_PT, leading=BODY_PT * 1.35,
                          spaceAfter=BODY_PT * 0.6)
    cell = ParagraphStyle("cell", parent=body, fontSize=TABLE_PT, leading=TABLE_PT * 1.25,
                          spaceAfter=0)
    head_cell = ParagraphStyle("head", parent=cell, fontName=BOLD)
    sizes = (17.0, 14.0, 12.0, 11.0, 10.0, 10.0)
    headings = tuple(
        ParagraphStyle(f"h{i + 1}", parent=body, fontName=BOLD, fontSize=size,
                       leading=size * 1.3, spaceBefore=size * 0.8, spaceAfter=size * 0.5,
                       keepWithNext=1)
        for i, size in enumerate(sizes)
    )
    item = ParagraphStyle("item", parent=body, spaceAfter=BODY_PT * 0.25)
    return Styles(body, cell, head_cell, headings, item)


def _inline(token: Token) -> str:
    """An ``inline`` token as platypus markup: text escaped, emphasis kept."""
    out: list[str] = []
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "code_inline"):
            out.append(escape(pdf_text(child.content)))
        elif kind == "strong_open":
            out.append("<b>")
        elif kind == "strong_close":
            out.append("</b>")
        elif kind == "em_open":
            out.append("<i>")
        elif kind == "em_close":
            out.append("</i>")
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("<br/>")
        elif kind == "image":
            out.append(escape(pdf_text(child.content)))
    return "".join(out)


def _plain(token: Token) -> str:
    return "".join(c.content for c in token.children or [] if c.type in ("text", "code_inline"))


@dataclass
class _List:
    ordered: bool
    number: int


def flowables(markdown: str, st: Styles, width: float, *,
              page_break_before: Callable[[int, str], bool] | None = None) -> list[Flowable]:
    """The Markdown as platypus flowables for a frame ``width`` points wide.

    ``page_break_before(level, text)``: whether a heading starts a new page.
    """
    tokens = md_parser().parse(markdown)
    out: list[Flowable] = []
    lists: list[_List] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        kind = tok.type
        if kind == "heading_open":
            level = int(tok.tag[1])
            inline = tokens[i + 1]
            if page_break_before is not None and out and page_break_before(level, _plain(inline)):
                out.append(PageBreak())
            out.append(Paragraph(_inline(inline), st.headings[level - 1]))
            i += 3
            continue
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(tok.attrGet("start") or 1) if kind == "ordered_list_open" else 1
            lists.append(_List(kind == "ordered_list_open", start))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            if not lists:
                out.append(Spacer(1, BODY_PT * 0.4))
        elif kind == "paragraph_open":
            inline = tokens[i + 1]
            if lists:
                current = lists[-1]
                bullet = f"{current.number}." if current.ordered else "•"
                indent = 7 * mm * len(lists)
                style = ParagraphStyle("li", parent=st.item, leftIndent=indent,
                                       bulletIndent=indent - 6 * mm)
                out.append(Paragraph(_inline(inline), style, bulletText=bullet))
            else:
                out.append(Paragraph(_inline(inline), st.body))
            i += 3
            continue
        elif kind == "list_item_close" and lists:
            lists[-1].number += 1
        elif kind == "table_open":
            end = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
            out.append(_table(tokens[i:end], st, width))
            out.append(Spacer(1, BODY_PT * 0.6))
            i = end + 1
            continue
        elif kind == "hr":
            out.append(PageBreak())
        elif kind in ("fence", "code_block"):
            for line in tok.content.splitlines():
                out.append(Paragraph(escape(pdf_text(line)) or " ", st.cell))
        i += 1
    return out


def table_flowable(header: Sequence[str], rows: Sequence[Sequence[str]], st: Styles,
                    width: float) -> Table:
    """A table of plain texts (escaped here), header row repeated on every page."""
    cells = [[Paragraph(escape(pdf_text(h)), st.head_cell) for h in header]]
    cells += [[Paragraph(escape(pdf_text(c)), st.cell) for c in row] for row in rows]
    plain = [list(header), *(list(r) for r in rows)]
    return _styled(Table(cells, colWidths=_widths(plain, len(header), width), repeatRows=1,
                         hAlign="LEFT"), 1)


def _styled(table: Table, header_rows: int) -> Table:
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.Color(0.35, 0.35, 0.35)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1),
                         colors.Color(0.93, 0.93, 0.93)))
    table.setStyle(TableStyle(commands))
    return table


def _table(tokens: Sequence[Token], st: Styles, width: float) -> Table:
    rows: list[list[Paragraph]] = []
    plain: list[list[str]] = []
    header_rows = 0
    in_head = False
    for j, tok in enumerate(tokens):
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            rows.append([])
            plain.append([])
            if in_head:
                header_rows += 1
        elif tok.type in ("th_open", "td_open"):
            inline = tokens[j + 1]
            style = st.head_cell if in_head else st.cell
            rows[-1].append(Paragraph(_inline(inline), style))
            plain[-1].append(_plain(inline))
    columns = max((len(r) for r in rows), default=1)
    for r, p in zip(rows, plain, strict=True):
        while len(r) < columns:
            r.append(Paragraph("", st.cell))
            p.append("")
    table = Table(rows, colWidths=_widths(plain, columns, width), repeatRows=header_rows,
                  hAlign="LEFT")
    return _styled(table, header_rows)


def _widths(plain: Sequence[Sequence[str]], columns: int, width: float) -> list[float]:
    """Column widths for a table ``width`` points wide: every column at least as wide as its
    longest word (bold, as in the header; so a word is never broken while the words fit),
    the rest shared by the square root of each column's longest text (short columns stay
    narrow, long ones share the room). Too many long words: all shrink in proportion."""
    cell_pad = 7.0  # the cell's left and right padding, and a little air
    floors: list[float] = []
    weights: list[float] = []
    for c in range(columns):
        texts = [row[c] for row in plain if c < len(row)]
        words = {w for text in texts for w in text.split()}
        floors.append(max((text_width(pdf_text(w), TABLE_PT, bold=True) for w in words),
                          default=0.0) + cell_pad)
        longest = max((len(text) for text in texts), default=1)
        weights.append(max(3.0, min(longest, 80)) ** 0.5)
    room = width - sum(floors)
    if room <= 0:
        return [f * width / sum(floors) for f in floors]
    total = sum(weights)
    return [f + room * w / total for f, w in zip(floors, weights, strict=True)]


def _widest_table(markdown: str) -> int:
    return max((sum(1 for t in md_parser().parse(line) if t.type == "th_open")
                for line in _header_lines(markdown)), default=0)


def _header_lines(markdown: str) -> list[str]:
    """Each table's header line with its delimiter line (enough to count its columns)."""
    lines = markdown.splitlines()
    return [f"{a}\n{b}" for a, b in itertools.pairwise(lines)
            if a.lstrip().startswith("|") and set(b.strip()) <= set("|-: ") and "-" in b]


def footer(label: Callable[[int], str]) -> Callable[[Canvas, Any], None]:
    """An ``onPage`` callback that writes ``label(page number)`` at the foot of the page."""
    def on_page(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(REGULAR, 8)
        canvas.setFillColorRGB(0.13, 0.13, 0.13)
        width, _height = canvas._pagesize
        canvas.drawRightString(width - MARGIN, MARGIN / 2, pdf_text(label(canvas.getPageNumber())))
        canvas.restoreState()
    return on_page


def _page_label(count: int, number: int) -> str:
    return f"Halaman {number} dari {count or '?'}"


def markdown_pdf(markdown: str, *, title: str) -> bytes:
    """A document from its Markdown as a PDF file (see the module docstring)."""
    st = styles()
    size = landscape(A4) if _widest_table(markdown) > PORTRAIT_COLUMNS else A4
    width = size[0] - 2 * MARGIN
    total = 0
    data = b""
    for _pass in range(2):  # the first pass counts the pages for "Halaman x dari y"
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(buffer, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN,
                                topMargin=MARGIN, bottomMargin=MARGIN, title=pdf_text(title),
                                creator="sop-workshop", author="", invariant=1)
        on_page = footer(partial(_page_label, total))
        doc.build(flowables(markdown, st, width), onFirstPage=on_page, onLaterPages=on_page)
        total = doc.page
        data = buffer.getvalue()
    return data

