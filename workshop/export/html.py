"""HTML for print: the Markdown export rendered by markdown-it-py, with each SOP's official
kop, boxes and SVG flowchart.

The Markdown goes through the project's one parser (raw HTML off, so every ``<`` a user typed is
text). Each SOP of the page has a document (:class:`workshop.export.sop_document.SopDocument`);
from its title heading to its flowchart, the HTML is written from that document instead of the
Markdown: the DRAF stamp and working line (drafts only), the kop (logo and organisation lines |
Nomor SOP, dates, Disahkan oleh with room to sign and stamp, Nama SOP) and the three pairs of
boxes with numbered lists (:func:`kop_html`), then the SVG pages of
:func:`workshop.export.svg.flowchart_svg`, replacing the Markdown table if there is one
(exporters that make HTML leave it out with ``with_table=False``).

Print rules (:func:`print_css`, from the paper setting): ``@page`` is the paper in landscape;
neither the kop nor a pair of boxes ever splits; each flowchart page is one printed page
with its header, and the "Bagian Flowchart" heading sits inside the first one, so it is never
alone at the bottom of a page; table text wraps only where the browser may break a line
(``overflow-wrap: normal``, no automatic hyphens). The result is one self-contained file: inline
CSS, the logo as a ``data:`` URI, no scripts, no external fonts, images or links.

How an SOP is found: the exporters write, for every SOP, its title heading, a heading "Bagian
Identitas" one level below, and then a heading "Bagian Flowchart" at that level. A heading
counts as an SOP's identity heading only when the flowchart heading follows before any heading
of its level or above, so an SOP titled "Bagian Flowchart" (user text) is never mistaken for
one. The n-th SOP found gets the n-th of ``sops``.
"""

from __future__ import annotations

import base64
import functools
import os
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from markdown_it.common.utils import escapeHtml as escape_html
from markdown_it.token import Token

from workshop.datetext import BLANK
from workshop.docsettings import DEFAULT_PAPER, Paper
from workshop.export.markdown import (
    BOOK_PARTS,
    FLOWCHART_HEADING,
    IDENTITY_HEADING,
    sop_blocks,
)
from workshop.export.markdown.sop import default_document
from workshop.export.mdutil import EMPTY, fixed_heading, md_parser
from workshop.export.sop_document import APPROVAL_LABEL, TITLE_LABEL, SopDocument
from workshop.export.sopview import TOTAL_TIME_PREFIX
from workshop.export.svg import flowchart_svg
from workshop.logo import LogoError, read_logo
from workshop.model import Sop
from workshop.safetext import one_line

PRINT_MARGIN_MM = 15  # the margin of every printed page (the SVG flowchart is drawn for it)
FLOW_HEADING_MM = 12  # room for the "Bagian Flowchart" heading above the first flowchart page

_CSS = """
@page { size: @W@mm @H@mm; margin: @M@mm; }
html { background: #ffffff; color: #111111; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
       font-size: 10pt; line-height: 1.35; margin: 0 auto; max-width: @BODY@mm; padding: 0; }
h1 { font-size: 17pt; margin: 0 0 6pt; }
h2 { font-size: 14pt; margin: 14pt 0 6pt; }
h3 { font-size: 12pt; margin: 12pt 0 4pt; }
h4, h5, h6 { font-size: 11pt; margin: 10pt 0 4pt; }
h1, h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; }
th, td { border: 0.6pt solid #444444; padding: 2pt 4pt; vertical-align: top; text-align: left;
         overflow-wrap: normal; word-break: normal; hyphens: manual; }
th { background: #eeeeee; }
tr { break-inside: avoid; page-break-inside: avoid; }
.sop-title, .part { break-before: page; page-break-before: always; }
h1.sop-title, h2.sop-title, h3.sop-title, h4.sop-title { font-size: 13pt; margin: 0 0 4pt; }
.part + .sop-title { break-before: auto; page-break-before: auto; }
.draft-stamp { display: inline-block; margin: 0 0 6pt; padding: 0 6pt; color: #cc0000;
               border: 1.5pt solid #cc0000; font-size: 11pt; letter-spacing: 2pt;
               transform: rotate(-8deg); }
.draft-note { display: inline-block; margin: 0 0 6pt 10pt; color: #555555; }
.kop, .boxes { break-inside: avoid; page-break-inside: avoid; font-size: 9pt;
               line-height: 1.25; }
.kop { table-layout: fixed; margin: 0; }
.kop th { width: 17%; background: #ffffff; font-weight: normal; }
.kop .kop-org { width: 43%; text-align: center; vertical-align: middle; }
.kop-logo { display: block; margin: 0 auto 4pt; max-height: 24mm; max-width: 24mm; }
.kop-org p { margin: 0; font-weight: bold; font-size: 11pt; }
.kop .sign p { margin: 0; }
.kop .sign-space { height: 15mm; }
.kop .sop-name { font-weight: bold; }
.boxes { table-layout: fixed; margin: 0; }
.boxes th, .boxes td { border-top: none; }
.boxes th { width: 50%; }
.boxes ol { margin: 0; padding-left: 16pt; }
.boxes td p { margin: 0; }
.flowchart-page { break-before: page; page-break-before: always; break-inside: avoid;
                  page-break-inside: avoid; margin: 0; }
.flowchart-page h1, .flowchart-page h2, .flowchart-page h3, .flowchart-page h4,
.flowchart-page h5, .flowchart-page h6 { margin: 0 0 4pt; }
.flowchart-page svg { display: block; width: 100%; height: auto; }
@media print {
  .flowchart-page svg { max-height: @SVG@mm; }
  .flowchart-page.first svg { max-height: @SVG1@mm; }
}
@media screen {
  body { background: #fafafa; padding: 8mm; }
  .flowchart-page { margin: 10pt 0; box-shadow: 0 0 3pt #bbbbbb; background: #ffffff; }
}
""".strip()


def _mm(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@functools.cache
def print_css(paper: Paper = DEFAULT_PAPER) -> str:
    """The print style sheet for ``paper`` (landscape): ``@page`` size, the text width and the
    height a flowchart page may take."""
    width, height = paper.landscape
    inner = height - 2 * PRINT_MARGIN_MM
    values = {"W": width, "H": height, "M": PRINT_MARGIN_MM, "BODY": width - 2 * PRINT_MARGIN_MM,
              "SVG": inner, "SVG1": inner - FLOW_HEADING_MM}
    css = _CSS
    for key, value in values.items():
        css = css.replace(f"@{key}@", _mm(value))
    return css


PRINT_CSS = print_css()  # A4: what a document without settings gets


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


SopEntry = SopDocument | tuple[Sop, bool]
"""An SOP of a page: its document, or (for callers without settings) the SOP and whether it
is approved."""


def _as_document(entry: SopEntry) -> SopDocument:
    if isinstance(entry, SopDocument):
        return entry
    sop, approved = entry
    return default_document(sop, approved=approved)


# -- the kop and the boxes -----------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _logo_uri(path: str, stamp: tuple[int, int]) -> str:
    """The logo as a data URI ("" when it cannot be read any more: no logo rather than a
    broken image). ``stamp`` (mtime, size) keys the cache, so a replaced logo is read again."""
    try:
        data, image = read_logo(path)
    except LogoError:
        return ""
    return f"data:{image.mime};base64,{base64.b64encode(data).decode('ascii')}"


def logo_uri(path: Path | None) -> str:
    """The data URI of the (validated) logo at ``path``; "" for none."""
    if path is None:
        return ""
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return ""
    return _logo_uri(os.fspath(path), (st.st_mtime_ns, st.st_size))


def _text(value: str) -> str:
    return escape_html(value)


def _box_cell(items: tuple[str, ...]) -> str:
    if not items:
        return f"<p>{EMPTY}</p>"
    return "<ol>" + "".join(f"<li>{_text(i)}</li>" for i in items) + "</ol>"


def draft_html(doc: SopDocument) -> str:
    """A draft's stamp and working line (status, kind of SOP); "" for an approved SOP."""
    if not doc.draft:
        return ""
    out = '<p class="draft-stamp">DRAF</p>\n'
    notes = []
    if doc.status:
        notes.append(f"Status: {_text(doc.status)}")
    if doc.kinds:
        notes.append("Jenis SOP: " + ", ".join(_text(k) for k in doc.kinds))
    if notes:
        out += f'<p class="draft-note">{" · ".join(notes)}</p>\n'
    return out


def kop_html(doc: SopDocument) -> str:
    """The kop (logo and organisation lines | Nomor SOP ... Nama SOP, with room to sign) and
    the three pairs of boxes. Neither the kop nor a pair of boxes is ever split over two pages
    (each is its own table, ``break-inside: avoid``); with long lists the pairs that do not
    fit go whole to the next page, under no repeated header."""
    uri = logo_uri(doc.logo)
    org = f'<img class="kop-logo" src="{uri}" alt="Logo">' if uri else ""
    org += "".join(f"<p>{_text(line)}</p>" for line in doc.org_lines) or f"<p>{BLANK}</p>"
    rows = len(doc.fields) + 2
    out = ['<div class="kop-block">\n<table class="kop">\n<tbody>\n']
    for i, f in enumerate(doc.fields):
        first = f'<td class="kop-org" rowspan="{rows}">{org}</td>' if i == 0 else ""
        out.append(f"<tr>{first}<th>{f.label}</th><td>{_text(f.value)}</td></tr>\n")
    a = doc.approval
    nip = f"<p>NIP. {_text(a.nip)}</p>" if a.nip else ""
    out.append(
        f'<tr><th>{APPROVAL_LABEL}</th><td class="sign"><p>{_text(a.position)}</p>'
        f'<div class="sign-space"></div><p class="sign-name">{_text(a.name)}</p>{nip}</td>'
        "</tr>\n"
    )
    out.append(f'<tr><th>{TITLE_LABEL}</th><td class="sop-name">{_text(doc.title)}</td></tr>\n')
    out.append("</tbody>\n</table>\n")
    for left, right in doc.boxes:  # one table per pair: a pair is never split
        out.append('<table class="boxes">\n<tbody>\n')
        out.append(f"<tr><th>{left.label}</th><th>{right.label}</th></tr>\n")
        out.append(f"<tr><td>{_box_cell(left.items)}</td><td>{_box_cell(right.items)}</td>"
                   "</tr>\n")
        out.append("</tbody>\n</table>\n")
    out.append("</div>\n")
    return "".join(out)


# -- the flowchart pages -------------------------------------------------------------------------


def _flowchart_block(doc: SopDocument, heading: str, rows_per_page: int) -> str:
    """The flowchart pages, each one printed page; the "Bagian Flowchart" heading sits inside
    the first (so it is never left alone at the bottom of a page). Without steps: the heading
    and "Belum ada langkah."."""
    sop = doc.sop
    pages = flowchart_svg(sop, approved=not doc.draft, rows_per_page=rows_per_page) if sop else []
    if not pages:
        return f'<section class="flowchart-page first">\n{heading}<p>Belum ada langkah.</p>\n' \
               f"<p>{_text(doc.total_time)}</p>\n</section>\n"
    out = [f'<figure class="flowchart-page first">{heading}{pages[0]}</figure>\n']
    out.extend(f'<figure class="flowchart-page">{svg}</figure>\n' for svg in pages[1:])
    return "".join(out)


def _next_heading(tokens: list[Token], start: int, level: int, text: str) -> int | None:
    for j in range(start, len(tokens)):
        tok = tokens[j]
        if tok.type == "heading_open" and int(tok.tag[1]) <= level:
            return j if int(tok.tag[1]) == level and _heading_text(tokens, j) == text else None
    return None


def render_body(
    markdown: str, *, sops: Sequence[SopEntry] = (), rows_per_page: int = 20
) -> str:
    """The ``<body>`` content: rendered Markdown in which each SOP's kop, boxes and flowchart
    come from its document (:func:`kop_html`, SVG pages) instead of the Markdown."""
    md = md_parser()
    env: dict[str, object] = {}
    tokens = md.parse(markdown, env)
    out: list[str] = []
    segment_start = 0
    index = 0
    last_heading: dict[int, int] = {}
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type != "heading_open":
            i += 1
            continue
        level = int(tok.tag[1])
        text = _heading_text(tokens, i)
        last_heading[level] = i
        if level == 2 and text in BOOK_PARTS:
            tok.attrSet("class", "part")
        title_at = last_heading.get(level - 1)
        flow_at = _next_heading(tokens, i + 3, level, FLOWCHART_HEADING) \
            if text == IDENTITY_HEADING and index < len(sops) else None
        if flow_at is None or title_at is None:
            i += 1
            continue
        # An SOP: its title heading, then (in the Markdown) the draft line, the identity part
        # and the flowchart heading; from the title on, the document gives the HTML.
        doc = _as_document(sops[index])
        index += 1
        tokens[title_at].attrSet("class", "sop-title")
        title_end = title_at + 3
        out.append(_render(tokens[segment_start:title_end], env))
        out.append(draft_html(doc))
        out.append(kop_html(doc))
        heading = _render(tokens[flow_at:flow_at + 3], env)
        out.append(_flowchart_block(doc, heading, rows_per_page))
        i = flow_at + 3
        if i < len(tokens) and tokens[i].type == "table_open":
            i = _table_end(tokens, i) + 1
        if i < len(tokens) and tokens[i].type == "paragraph_open" and \
                _heading_text(tokens, i) == "Belum ada langkah.":
            i += 3
        # The total time is printed under the last flowchart page: drop the paragraph.
        if _is_total_time(tokens, i):
            i += 3
        segment_start = i
    out.append(_render(tokens[segment_start:], env))
    return "".join(out)


def _render(tokens: list[Token], env: dict[str, object]) -> str:
    md = md_parser()
    html: str = md.renderer.render(tokens, md.options, env)
    return html


def _paper(sops: Sequence[SopEntry], paper: Paper | None) -> Paper:
    if paper is not None:
        return paper
    for entry in sops:
        if isinstance(entry, SopDocument):
            return entry.paper
    return DEFAULT_PAPER


def render_html(
    markdown: str,
    *,
    title: str,
    sops: Sequence[SopEntry] = (),
    rows_per_page: int = 20,
    paper: Paper | None = None,
) -> str:
    """A complete, self-contained HTML page for print.

    ``sops`` are the documents (or ``(sop, approved)`` pairs) of the SOPs in the order they
    appear in ``markdown``; each one's kop, boxes and flowchart come from it, with a DRAF
    watermark unless approved. ``paper``: the page size (default: the documents' paper, A4).
    """
    body = render_body(markdown, sops=sops, rows_per_page=rows_per_page)
    return _page(body, title, _paper(sops, paper))


def _page(body: str, title: str, paper: Paper) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="id">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(' '.join(one_line(title).split()))}</title>\n"
        f"<style>\n{print_css(paper)}\n</style>\n</head>\n<body>\n<main>\n{body}</main>\n"
        "</body>\n</html>\n"
    )


def sop_html(
    sop: Sop,
    *,
    title: str,
    status: str | None = None,
    approved: bool = False,
    rows_per_page: int = 20,
    doc: SopDocument | None = None,
) -> str:
    """The same page as ``render_html(sop_markdown(sop, status=status, with_table=False,
    doc=doc), title=title, sops=[doc])``, byte for byte, faster: only the title heading goes
    through markdown-it; the kop, boxes and flowchart are written from the document."""
    if doc is None:
        doc = default_document(sop, status=status, approved=approved)
    env: dict[str, object] = {}
    md = md_parser()
    head = md.parse(sop_blocks(sop, doc=doc)[0] + "\n", env)
    head[0].attrSet("class", "sop-title")
    flow = md.parse(fixed_heading(2, FLOWCHART_HEADING) + "\n", env)
    body = (_render(head, env) + draft_html(doc) + kop_html(doc)
            + _flowchart_block(doc, _render(flow, env), rows_per_page))
    return _page(body, title, doc.paper)
