"""HTML for print: the Markdown export rendered by markdown-it-py, plus SVG flowcharts.

The Markdown goes through the project's one parser (raw HTML off, so every ``<`` a user typed is
text). For each SOP in the document, the SVG pages of :func:`workshop.export.svg.flowchart_svg`
(the official layout) are placed right after its "Bagian Flowchart" heading, replacing the
flowchart table if the Markdown has one (the Markdown table stays the draft format; exporters
that make HTML leave it out with ``with_table=False``, which halves the parsing work).
The result is one self-contained file: inline CSS for A4 landscape, no scripts, no external
fonts, images or links.

How an SOP's flowchart heading is found: the exporters write, for every SOP, a heading
"Bagian Identitas" and then a heading "Bagian Flowchart". A heading counts as a flowchart
heading only when it follows an identity heading, so an SOP titled "Bagian Flowchart" (user
text) is never mistaken for one. The n-th flowchart heading gets the n-th of ``sops``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from xml.sax.saxutils import escape

from markdown_it.common.utils import escapeHtml as escape_html
from markdown_it.common.utils import mdTrim
from markdown_it.token import Token

from workshop.export.markdown import (
    BOOK_PARTS,
    FLOWCHART_HEADING,
    IDENTITY_HEADING,
    MdTable,
    sop_blocks,
    sop_markdown,
)
from workshop.export.mdutil import join_blocks, md_parser
from workshop.export.sopview import TOTAL_TIME_PREFIX
from workshop.export.svg import flowchart_svg
from workshop.fields import IDENTITY_LISTS
from workshop.model import Sop
from workshop.safetext import one_line

PRINT_CSS = """
@page { size: A4 landscape; margin: 15mm; }
html { background: #ffffff; color: #111111; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
       font-size: 10pt; line-height: 1.35; margin: 0 auto; max-width: 267mm; padding: 0; }
h1 { font-size: 17pt; margin: 0 0 6pt; }
h2 { font-size: 14pt; margin: 14pt 0 6pt; }
h3 { font-size: 12pt; margin: 12pt 0 4pt; }
h4, h5, h6 { font-size: 11pt; margin: 10pt 0 4pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; }
th, td { border: 0.6pt solid #444444; padding: 2pt 4pt; vertical-align: top; text-align: left;
         overflow-wrap: break-word; }
th { background: #eeeeee; }
tr { break-inside: avoid; page-break-inside: avoid; }
.sop-title, .part { break-before: page; page-break-before: always; }
.part + .sop-title { break-before: auto; page-break-before: auto; }
.draft-stamp { display: inline-block; margin: 0 0 6pt; padding: 0 6pt; color: #cc0000;
               border: 1.5pt solid #cc0000; font-size: 11pt; letter-spacing: 2pt;
               transform: rotate(-8deg); }
.flowchart-page { break-before: page; page-break-before: always; break-inside: avoid;
                  page-break-inside: avoid; margin: 0; }
.flowchart-page svg { display: block; width: 100%; height: auto; }
@media print {
  .flowchart-page svg { max-height: 180mm; }
}
@media screen {
  body { background: #fafafa; padding: 8mm; }
  .flowchart-page { margin: 10pt 0; box-shadow: 0 0 3pt #bbbbbb; background: #ffffff; }
}
""".strip()


def _heading_text(tokens: list[Token], i: int) -> str:
    if i + 1 < len(tokens) and tokens[i + 1].type == "inline":
        return tokens[i + 1].content
    return ""


def _is_total_time(tokens: list[Token], i: int) -> bool:
    """Is tokens[i] the "Total waktu ..." paragraph that sop_markdown writes after the table?"""
    return (
        i + 2 < len(tokens)
        and tokens[i].type == "paragraph_open"
        and tokens[i + 1].type == "inline"
        and tokens[i + 1].content.startswith(TOTAL_TIME_PREFIX)
    )


def _table_end(tokens: list[Token], start: int) -> int:
    """Index of the ``table_close`` matching the ``table_open`` at ``start``."""
    depth = 0
    for j in range(start, len(tokens)):
        if tokens[j].type == "table_open":
            depth += 1
        elif tokens[j].type == "table_close":
            depth -= 1
            if depth == 0:
                return j
    return len(tokens) - 1


def _flowchart_block(sop: Sop, approved: bool, rows_per_page: int) -> str:
    pages = flowchart_svg(sop, approved=approved, rows_per_page=rows_per_page)
    return "".join(f'<figure class="flowchart-page">{svg}</figure>\n' for svg in pages)


def render_body(
    markdown: str, *, sops: Sequence[tuple[Sop, bool]] = (), rows_per_page: int = 20
) -> str:
    """The ``<body>`` content: rendered Markdown with each SOP's flowchart table as SVG."""
    md = md_parser()
    env: dict[str, object] = {}
    tokens = md.parse(markdown, env)
    out: list[str] = []
    segment_start = 0
    seen_identity = False
    flowchart_index = 0
    last_heading: dict[int, Token] = {}
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type != "heading_open":
            i += 1
            continue
        level = int(tok.tag[1])
        text = _heading_text(tokens, i)
        last_heading[level] = tok
        if level == 2 and text in BOOK_PARTS:
            tok.attrSet("class", "part")
        if text == IDENTITY_HEADING:
            seen_identity = True
            title = last_heading.get(level - 1)
            if title is not None and flowchart_index < len(sops):
                title.attrSet("class", "sop-title")
                if not sops[flowchart_index][1]:
                    title.meta["draft"] = True
            i += 1
            continue
        if not (text == FLOWCHART_HEADING and seen_identity):
            i += 1
            continue
        seen_identity = False
        after = i + 3  # heading_open, inline, heading_close
        if flowchart_index < len(sops):
            sop, approved = sops[flowchart_index]
            out.append(_render(tokens[segment_start:after], env))
            out.append(_flowchart_block(sop, approved, rows_per_page))
            has_table = after < len(tokens) and tokens[after].type == "table_open"
            i = _table_end(tokens, after) + 1 if has_table else after
            # The total time is printed under the last flowchart page: drop the paragraph.
            if _is_total_time(tokens, i):
                i += 3
            segment_start = i
        else:
            i = after
        flowchart_index += 1
    out.append(_render(tokens[segment_start:], env))
    return "".join(out)


def _render(tokens: list[Token], env: dict[str, object]) -> str:
    md = md_parser()
    html: list[str] = []
    # Render draft stamps after the SOP title headings that carry the marker.
    start = 0
    for j, tok in enumerate(tokens):
        if tok.type == "heading_close" and j >= 2 and tokens[j - 2].meta.get("draft"):
            html.append(md.renderer.render(tokens[start : j + 1], md.options, env))
            html.append('<p class="draft-stamp">DRAF</p>\n')
            start = j + 1
    html.append(md.renderer.render(tokens[start:], md.options, env))
    return "".join(html)


def render_html(
    markdown: str,
    *,
    title: str,
    sops: Sequence[tuple[Sop, bool]] = (),
    rows_per_page: int = 20,
) -> str:
    """A complete, self-contained HTML page for print.

    ``sops`` are ``(sop, approved)`` pairs in the order the SOPs appear in ``markdown``; their
    flowchart tables become SVG flowcharts, with a DRAF watermark unless approved.
    """
    body = render_body(markdown, sops=sops, rows_per_page=rows_per_page)
    return _page(body, title)


def _page(body: str, title: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="id">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(' '.join(one_line(title).split()))}</title>\n"
        f"<style>\n{PRINT_CSS}\n</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


# -- one SOP without parsing its identity tables back -------------------------------------------

# markdown-it's backslash escape: a backslash before ASCII punctuation gives that character.
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_BOLD_LABELS = {f"**{label}**": f"<strong>{label}</strong>" for _, label in IDENTITY_LISTS}


def _cell_html(cell: str) -> str:
    """What markdown-it renders for a table cell written by the Markdown exporter: escaped user
    text (every character that could start inline markup carries a backslash), or a bold label."""
    bold = _BOLD_LABELS.get(cell)
    if bold is not None:
        return bold
    cell = mdTrim(cell)  # as the table rule does, before the inline parse
    if "\\" in cell:
        cell = _MD_ESCAPE.sub(r"\1", cell)
    return escape_html(cell)


def _table_html(t: MdTable) -> str:
    out = ["<table>\n<thead>\n<tr>\n"]
    out.extend(f"<th>{_cell_html(c)}</th>\n" for c in t.header)
    out.append("</tr>\n</thead>\n<tbody>\n")
    for row in t.rows:
        out.append("<tr>\n")
        out.extend(f"<td>{_cell_html(c)}</td>\n" for c in row)
        out.append("</tr>\n")
    out.append("</tbody>\n</table>\n")
    return "".join(out)


def sop_html(
    sop: Sop,
    *,
    title: str,
    status: str | None = None,
    approved: bool = False,
    rows_per_page: int = 20,
) -> str:
    """The same page as ``render_html(sop_markdown(sop, status=status, with_table=False),
    title=title, sops=[(sop, approved)])``, byte for byte, about twice as fast: the identity
    tables (most of the parsing) are written straight to HTML; the short text blocks around
    them still go through markdown-it."""
    if not sop.steps:
        text = sop_markdown(sop, status=status, with_table=False)
        return render_html(text, title=title, sops=[(sop, approved)], rows_per_page=rows_per_page)
    blocks = sop_blocks(sop, status=status, with_table=False)[:-1]  # the total time is in the SVG
    md = md_parser()
    out: list[str] = []
    run: list[str] = []
    first = True

    def flush() -> None:
        nonlocal first
        if not run:
            return
        env: dict[str, object] = {}
        tokens = md.parse(join_blocks(run), env)
        if first:  # the SOP's title heading, as render_body marks it
            tokens[0].attrSet("class", "sop-title")
            if not approved:
                tokens[0].meta["draft"] = True
            first = False
        out.append(_render(tokens, env))
        run.clear()

    for block in blocks:
        if isinstance(block, str):
            run.append(block)
        else:
            flush()
            out.append(_table_html(block))
    flush()
    out.append(_flowchart_block(sop, approved, rows_per_page))
    return _page("".join(out), title)
