"""Any document from its Markdown as Word: headings, paragraphs, lists, tables, page breaks.

Every document of :mod:`workshop.documents` has a Markdown source (Tabel 6, monitoring,
notulen, laporan, ...); this renderer reads it with the project's one parser
(:func:`workshop.export.mdutil.md_parser`) and writes WordprocessingML:

- ``#`` .. ``######`` headings as Word's Heading 1..6 styles (they show in the navigation
  pane); a level 2 heading that is a part of the SOP book starts a new page;
- paragraphs (bold and italic kept, a hard break as a line break);
- bulleted and numbered lists as real Word lists (each list counts from 1; nested lists one
  level deeper);
- tables with borders, the header row bold, shaded and repeated on every page, a row never
  split, columns sized by their content;
- a thematic break (``---``) as a page break;
- portrait paper, or landscape when a table has more than :data:`PORTRAIT_COLUMNS` columns;
  "Halaman x dari y" in the footer.

The Markdown was made from user text by :mod:`workshop.export.mdutil` (escaped there); here
each text token is XML-escaped by :func:`wml.text` and nothing else reaches the XML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from markdown_it.token import Token

from workshop.docsettings import DEFAULT_PAPER, Paper
from workshop.export.docx import wml
from workshop.export.docx.package import MARGIN_MM, DocxPackage
from workshop.export.docx.wml import para, twips
from workshop.export.markdown.book import BOOK_PARTS
from workshop.export.mdutil import md_parser

__all__ = ["PORTRAIT_COLUMNS", "markdown_body", "markdown_docx"]

PORTRAIT_COLUMNS: Final = 5
TABLE_SIZE: Final = 17  # half-points: 8.5 pt in tables
HEAD_FILL: Final = "EEEEEE"
_PAGE_BREAK: Final = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def _runs(token: Token | None, *, size: int | None = None, bold: bool = False) -> str:
    """The runs of an inline token (bold and italic from the Markdown, breaks kept)."""
    if token is None or not token.children:
        return ""
    out: list[str] = []
    strong = 1 if bold else 0
    em = 0
    for child in token.children:
        kind = child.type
        if kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong -= 1
        elif kind == "em_open":
            em += 1
        elif kind == "em_close":
            em -= 1
        elif kind in ("text", "code_inline") or kind == "image":
            value = child.content
            if value:
                out.append(wml.run(value, size=size, bold=strong > 0, italic=em > 0))
        elif kind == "softbreak":
            out.append(wml.run(" ", size=size))
        elif kind == "hardbreak":
            out.append("<w:r><w:br/></w:r>")
    return "".join(out)


def _plain(token: Token | None) -> str:
    if token is None or not token.children:
        return ""
    return "".join(c.content for c in token.children if c.type in ("text", "code_inline"))


@dataclass
class _Table:
    rows: list[list[Token | None]] = field(default_factory=list)
    header_rows: int = 0


def _table_xml(table: _Table, width: float) -> str:
    n = max((len(r) for r in table.rows), default=0)
    if n == 0:
        return ""
    # Column widths from the longest text in each column (a bounded share of the width).
    lengths = [1.0] * n
    for row in table.rows:
        for i, token in enumerate(row):
            words = _plain(token).split()
            longest = max((len(w) for w in words), default=1)
            lengths[i] = max(lengths[i], min(40.0, len(_plain(token)) ** 0.5 * 3), longest)
    total = sum(lengths)
    widths = [width * v / total for v in lengths]
    grid = "".join(f'<w:gridCol w:w="{twips(w)}"/>' for w in widths)
    rows = []
    for r, row in enumerate(table.rows):
        header = r < table.header_rows
        cells = []
        for i in range(n):
            token = row[i] if i < len(row) else None
            shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{HEAD_FILL}"/>' if header else ""
            cells.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{twips(widths[i])}" w:type="dxa"/>{shade}</w:tcPr>'
                + para(_runs(token, size=TABLE_SIZE, bold=header), after=0)
                + "</w:tc>"
            )
        props = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
        rows.append(f"<w:tr><w:trPr>{props}</w:trPr>{''.join(cells)}</w:tr>")
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(twips(w) for w in widths)}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="0000"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
        + para("", after=0)
    )


def _widest_table(tokens: Sequence[Token]) -> int:
    widest, count = 0, 0
    for t in tokens:
        if t.type == "tr_open":
            count = 0
        elif t.type in ("th_open", "td_open"):
            count += 1
            widest = max(widest, count)
    return widest


def markdown_body(markdown: str, pkg: DocxPackage, *, width: float,
                  stop_at: str | None = None) -> tuple[str, bool]:
    """The body XML of ``markdown`` for a text width of ``width`` mm (no section properties),
    and whether it stopped at a level 2 heading whose text is ``stop_at`` (that heading is
    rendered, nothing after it)."""
    tokens = md_parser().parse(markdown)
    out: list[str] = []
    lists: list[tuple[int, bool]] = []  # (numId, ordered) of the open lists
    item_first = False  # the next paragraph opens a list item (gets the number or bullet)
    table: _Table | None = None
    row: list[Token | None] = []
    in_head = False
    first_block = True
    i = 0
    while i < len(tokens):
        t = tokens[i]
        kind = t.type
        if kind == "heading_open":
            level = int(t.tag[1])
            inline = tokens[i + 1]
            text = _plain(inline)
            new_page = level <= 2 and text in BOOK_PARTS and not first_block
            out.append(para(_runs(inline), style=f"Heading{level}",
                            page_break_before=new_page, keep_next=True))
            first_block = False
            i += 3
            if stop_at is not None and level == 2 and text == stop_at:
                return "".join(out), True
            continue
        if kind == "paragraph_open":
            inline = tokens[i + 1]
            if table is None:
                num = None
                indent = ""
                if lists:
                    if item_first:
                        num = (lists[-1][0], len(lists) - 1)
                        item_first = False
                    else:
                        indent = f'<w:ind w:left="{284 * len(lists)}"/>'
                out.append(para(_runs(inline), num=num, after=40 if lists else 120,
                                extra=indent))
            first_block = False
            i += 3
            continue
        if kind in ("bullet_list_open", "ordered_list_open"):
            ordered = kind == "ordered_list_open"
            lists.append((pkg.numbering(bullet=not ordered), ordered))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            item_first = True
        elif kind == "hr":
            out.append(_PAGE_BREAK)
        elif kind == "table_open":
            table = _Table()
        elif kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and table is not None:
            table.rows.append(row)
            if in_head:
                table.header_rows += 1
        elif kind in ("th_open", "td_open"):
            row.append(tokens[i + 1] if tokens[i + 1].type == "inline" else None)
        elif kind == "table_close" and table is not None:
            out.append(_table_xml(table, width))
            table = None
            first_block = False
        elif kind in ("fence", "code_block"):
            for line in t.content.splitlines():
                out.append(para(wml.run(line), after=0))
        i += 1
    return "".join(out), False


def markdown_docx(markdown: str, *, title: str, paper: Paper = DEFAULT_PAPER) -> bytes:
    """A document from its Markdown as the bytes of a .docx (see the module docstring)."""
    pkg = DocxPackage(title)
    landscape = _widest_table(md_parser().parse(markdown)) > PORTRAIT_COLUMNS
    width = (paper.landscape[0] if landscape else paper.width_mm) - 2 * MARGIN_MM
    body, _ = markdown_body(markdown, pkg, width=width)
    section = pkg.section(paper, landscape=landscape, draft=False)
    return pkg.build(body + section)
