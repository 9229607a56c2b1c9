"""One SOP as Word: the kop and boxes as Word tables, the flowchart as a Word table with native
drawing shapes on it, all drawn from :class:`SopDocument` and :func:`flow_layout.flow_pages`.

The section is the landscape paper of the document settings, 15 mm margins, "Halaman x dari y"
in the footer (the pages of this SOP), the DRAF mark in the header of a draft only.

- Page 1: the **kop** (a table: logo and organisation lines on the left, merged down; Nomor
  SOP, Tanggal Pembuatan/Revisi/Efektif, Disahkan oleh with room to sign and stamp, name and
  NIP, Nama SOP on the right) and the three **box pairs** (a table; each box a numbered list,
  one item per paragraph).
- Then one page per flowchart page of the layout: a title line of exactly the layout's title
  band, then the **table** (No | Kegiatan | one column per actor | Kelengkapan, Waktu, Output |
  Keterangan) whose two header rows repeat (``w:tblHeader``) and whose rows have the layout's
  exact heights (``w:hRule="exact"``), so every cell sits where the layout put it. Every text
  is a table cell's text (editable).
- The **symbols** (capsule ``flowChartTerminator``, box ``rect``, diamond
  ``flowChartDecision``, pentagon ``flowChartOffpageConnector`` with its letter), the
  **arrows** (one open freeform line per route, with a triangle head) and the Ya/Tidak labels
  are DrawingML shapes (``wps:wsp`` in ``wp:anchor``), anchored in the page's title line and
  placed relative to the margin at the layout's millimetres. Each drawing sits in
  ``mc:AlternateContent`` / ``mc:Choice Requires="wps"``, as Word itself writes shapes (the
  empty fallback is for Word 2007, which would show no shape). Each shape's name says what it is
  ("Simbol 3", "Panah 2-3", "Label Ya 2"), so a reader (and the tests) can find it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Final

from workshop.datetext import BLANK
from workshop.export.docx import wml
from workshop.export.docx.package import DocxPackage
from workshop.export.docx.wml import emu, half_points, para, run, text, twips
from workshop.export.flow_layout import PAD, FlowPage, Route, Symbol, TextBlock, wrap_text
from workshop.export.sop_document import SopDocument

__all__ = ["PRESETS", "sop_body", "sop_docx"]

PRESETS: Final = {
    "start": "flowChartTerminator",
    "end": "flowChartTerminator",
    "process": "rect",
    "decision": "flowChartDecision",
    "connector": "flowChartOffpageConnector",
}
STROKE: Final = "222222"
GRID: Final = "555555"
HEAD_FILL: Final = "EEEEEE"

KOP_LEFT_MM: Final = 110.0
KOP_LABEL_MM: Final = 45.0
SIGN_ROOM_MM: Final = 18.0  # room to sign and stamp under the position
KOP_PT: Final = 10.0
KOP_ORG_PT: Final = 12.0
BOX_SIZES_PT: Final = (10.0, 9.0, 8.0, 7.0, 6.0)  # the boxes shrink to keep page 1 whole
BOX_INDENT_MM: Final = 5.0  # the numbering's hanging indent (284 twips)
LINE_FACTOR: Final = 1.2  # line pitch / type size of the kop and the boxes
MM_PER_PT: Final = 25.4 / 72


def _borders() -> str:
    return "<w:tblBorders>" + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{GRID}"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    ) + "</w:tblBorders>"


_BORDERS: Final = _borders()


def _table(widths: list[float], rows: str, *, pad: float = 1.0) -> str:
    total = sum(twips(w) for w in widths)
    p = twips(pad)
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/>'
        f'{_BORDERS}<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        f'<w:left w:w="{p}" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        f'<w:right w:w="{p}" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr>'
        "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{twips(w)}"/>' for w in widths)
        + f"</w:tblGrid>{rows}</w:tbl>"
    )


@lru_cache(maxsize=256)
def _empty_cell(width: float) -> str:
    return _cell(width, "")


def _cell(width: float, content: str, *, span: int = 1, vmerge: str = "", fill: str = "",
          valign: str = "center") -> str:
    props = [f'<w:tcW w:w="{twips(width)}" w:type="dxa"/>']
    if span > 1:
        props.append(f'<w:gridSpan w:val="{span}"/>')
    if vmerge == "restart":
        props.append('<w:vMerge w:val="restart"/>')
    elif vmerge:
        props.append("<w:vMerge/>")
    if fill:
        props.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>')
    props.append(f'<w:vAlign w:val="{valign}"/>')
    return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{content or _EMPTY}</w:tc>"


# A paragraph that takes (almost) no room: after the last table, where Word needs one.
_TAIL: Final = para("", line=20, exact=True, extra='<w:rPr><w:sz w:val="2"/></w:rPr>')
_EMPTY: Final = para("", line=120, exact=True, extra='<w:rPr><w:sz w:val="2"/></w:rPr>')


def _row(cells: str, *, height: float | None = None, header: bool = False,
         cant_split: bool = True) -> str:
    props = "<w:cantSplit/>" if cant_split else ""
    if height is not None:
        props += f'<w:trHeight w:val="{twips(height)}" w:hRule="exact"/>'
    if header:
        props += "<w:tblHeader/>"
    return f"<w:tr><w:trPr>{props}</w:trPr>{cells}</w:tr>"


# -- the kop and the boxes ----------------------------------------------------------------------


def _lines(values: list[str], *, bold: bool = False, align: str = "", size: int = 20) -> str:
    """One paragraph per value at ``size`` half-points, lines at an exact pitch (so the page
    can be measured beforehand: :func:`_box_size`)."""
    line = twips(size / 2 * LINE_FACTOR * MM_PER_PT)
    return "".join(para(run(v, bold=bold, size=size), align=align, after=0, line=line,
                        exact=True) for v in values)


def _text_lines(text: str, width: float, size_pt: float, *, bold: bool = False) -> int:
    """How many lines ``text`` takes in a cell ``width`` mm wide at ``size_pt``."""
    lines, _ = wrap_text(text, width, size_pt * MM_PER_PT, bold=bold)
    return max(1, len(lines))


def _kop_height(doc: SopDocument, width: float) -> float:
    """The kop's height in mm (10 pt text at the exact pitch of :func:`_lines`)."""
    line = KOP_PT * LINE_FACTOR * MM_PER_PT
    value_w = width - KOP_LEFT_MM - KOP_LABEL_MM - 3.0 + 2 * PAD
    right = sum(_text_lines(f.value, value_w, KOP_PT) for f in doc.fields) * line
    sign = doc.approval
    right += SIGN_ROOM_MM + (2 + bool(sign.nip)) * line + _text_lines(doc.title, value_w,
                                                                     KOP_PT, bold=True) * line
    left = len(doc.org_lines or (BLANK,)) * KOP_ORG_PT * LINE_FACTOR * MM_PER_PT
    left += 26.0 if doc.logo is not None else 0.0
    return max(left, right) + 6 * 0.5  # the rows' borders


def _boxes_height(doc: SopDocument, width: float, size_pt: float) -> float:
    line = size_pt * LINE_FACTOR * MM_PER_PT
    room = width / 2 - 3.0 - BOX_INDENT_MM + 2 * PAD
    total = 0.0
    for pair in doc.boxes:
        tallest = max(sum(_text_lines(item, room, size_pt) for item in box.items) or 1
                      for box in pair)
        total += (1 + tallest) * line + 1.0
    return total


def _box_size(doc: SopDocument, width: float, height: float) -> float:
    """The type size (pt) of the boxes: the largest of :data:`BOX_SIZES_PT` at which the kop,
    the boxes and a draft's working line fit the first page (long lists get smaller type
    rather than pushing a row of boxes onto a page of its own)."""
    room = height - _kop_height(doc, width) - 3.0 - (5.0 if doc.draft else 0.0) - 4.0
    for size in BOX_SIZES_PT:
        if _boxes_height(doc, width, size) <= room:
            return size
    return BOX_SIZES_PT[-1]


def _logo(doc: SopDocument, pkg: DocxPackage) -> str:
    """The logo as an inline picture (at most 24 mm high), or "" when there is none or it
    cannot be read (the kop then shows the organisation lines alone)."""
    if doc.logo is None:
        return ""
    image = _read_image(doc.logo)
    if image is None:
        return ""
    data, ext, w_px, h_px = image
    h = 24.0
    w = min(40.0, h * w_px / h_px) if h_px else h
    h = w * h_px / w_px if w_px else h
    rid = pkg.image(data, ext)
    cx, cy, n = emu(w), emu(h), pkg.next_id()
    drawing = (
        f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{n}" name="Logo"/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/'
        f'picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="{n}" name="logo.{ext}"/><pic:cNvPicPr/>'
        f'</pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/>'
        '</a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        "</pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )
    return para(drawing, align="center", after=60)


def _read_image(path: object) -> tuple[bytes, str, int, int] | None:
    from pathlib import Path

    try:
        data = Path(str(path)).read_bytes()
    except OSError:
        return None
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return data, "png", int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                return None
            marker = data[i + 1]
            length = int.from_bytes(data[i + 2 : i + 4], "big")
            if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE,
                          0xCF):
                h = int.from_bytes(data[i + 5 : i + 7], "big")
                w = int.from_bytes(data[i + 7 : i + 9], "big")
                return data, "jpeg", w, h
            i += 2 + length
    return None


def _kop(doc: SopDocument, pkg: DocxPackage, width: float) -> str:
    value_w = width - KOP_LEFT_MM - KOP_LABEL_MM
    widths = [KOP_LEFT_MM, KOP_LABEL_MM, value_w]
    left = _logo(doc, pkg) + _lines(list(doc.org_lines) or [BLANK], bold=True, align="center",
                                    size=round(KOP_ORG_PT * 2))
    rows: list[tuple[str, str]] = [(f.label, _lines([f.value])) for f in doc.fields]
    sign = doc.approval
    signature = (
        _lines([sign.position])
        + para("", line=twips(SIGN_ROOM_MM), exact=True, after=0)
        + _lines([sign.name], bold=True)
        + (_lines(["NIP. " + sign.nip]) if sign.nip else "")
    )
    rows.append(("Disahkan oleh", signature))
    rows.append(("Nama SOP", _lines([doc.title], bold=True)))
    out = []
    for i, (label, value) in enumerate(rows):
        first = _cell(KOP_LEFT_MM, left if i == 0 else "", vmerge="restart" if i == 0 else "cont")
        out.append(_row(first + _cell(KOP_LABEL_MM, _lines([label], bold=True), valign="top")
                        + _cell(value_w, value, valign="top")))
    return _table(widths, "".join(out), pad=1.5)


def _box(items: tuple[str, ...], pkg: DocxPackage, size: int) -> str:
    if not items:
        return _lines(["-"], size=size)
    num = pkg.numbering()
    line = twips(size / 2 * LINE_FACTOR * MM_PER_PT)
    return "".join(para(run(item, size=size), num=(num, 0), after=0, line=line, exact=True)
                   for item in items)


def _boxes(doc: SopDocument, pkg: DocxPackage, width: float, height: float) -> str:
    half = width / 2
    size = round(_box_size(doc, width, height) * 2)
    rows = []
    for left, right in doc.boxes:
        rows.append(_row(_cell(half, _lines([left.label + ":"], bold=True, size=size),
                               fill=HEAD_FILL)
                         + _cell(half, _lines([right.label + ":"], bold=True, size=size),
                                 fill=HEAD_FILL)))
        rows.append(_row(_cell(half, _box(left.items, pkg, size), valign="top")
                         + _cell(half, _box(right.items, pkg, size), valign="top"),
                         cant_split=False))
    return _table([half, half], "".join(rows), pad=1.5)


def _working_lines(doc: SopDocument) -> str:
    """A draft's status and kind above the kop (an approved SOP has none)."""
    parts = []
    if doc.status:
        parts.append(f"Status: {doc.status}")
    if doc.kinds:
        parts.append("Jenis SOP: " + ", ".join(doc.kinds))
    if not doc.draft or not parts:
        return ""
    return para(run(" · ".join(parts), size=16, italic=True), after=60)


# -- the flowchart --------------------------------------------------------------------------


def _block(block: TextBlock, *, fill: str = "") -> tuple[str, str]:
    """The paragraphs of a layout text block (at its font and line pitch) and its alignment."""
    size = half_points(block.font)
    line = twips(block.line_height)
    align = "center" if block.align == "middle" else ""
    paragraphs = block.texts
    content = "".join(
        para(run(p, size=size, bold=block.bold), align=align, line=line, exact=True)
        for p in paragraphs
    )
    return content, fill


def _header_rows(page: FlowPage) -> str:
    widths = [c.width for c in page.columns]
    starts = {(cell.first, cell.row): cell for cell in page.header}
    spanning = {cell.first: cell for cell in page.header if cell.row is None}
    row1_h = page.header_row1
    row2_h = page.header_height - page.header_row1
    rows = []
    for r in (0, 1):
        cells = []
        i = 0
        while i < len(widths):
            cell = starts.get((i, r)) or spanning.get(i)
            if cell is None:  # cannot happen: every column has a header
                cells.append(_cell(widths[i], ""))
                i += 1
                continue
            span = cell.last - cell.first + 1
            w = sum(widths[cell.first : cell.last + 1])
            if cell.row is None:
                content = _block(cell.text)[0] if r == 0 else ""
                cells.append(_cell(w, content, span=span, fill=HEAD_FILL,
                                   vmerge="restart" if r == 0 else "cont"))
            else:
                cells.append(_cell(w, _block(cell.text)[0], span=span, fill=HEAD_FILL))
            i = cell.last + 1
        rows.append(_row("".join(cells), height=row1_h if r == 0 else row2_h, header=True))
    return "".join(rows)


def _flow_rows(page: FlowPage) -> str:
    widths = [c.width for c in page.columns]
    rows = []
    for row in page.rows:
        texts = dict(row.cells)
        cells = "".join(
            _cell(w, _block(texts[i])[0]) if i in texts else _empty_cell(w)
            for i, w in enumerate(widths)
        )
        rows.append(_row(cells, height=row.height))
    return "".join(rows)


def _anchor(pkg: DocxPackage, name: str, x: float, y: float, w: float, h: float,
            shape: Callable[[int, int], str], *, descr: str = "") -> str:
    """A floating DrawingML shape at (x, y) mm from the margin's corner, ``w`` x ``h`` mm;
    ``shape(cx, cy)`` is its ``wps:wsp`` for that extent in EMU."""
    n = pkg.next_id()
    cx, cy = max(1, emu(w)), max(1, emu(h))
    description = f' descr="{wml.attr(descr)}"' if descr else ""
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        f'relativeHeight="{n}" behindDoc="0" locked="0" layoutInCell="0" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin">'
        f"<wp:posOffset>{emu(x)}</wp:posOffset></wp:positionH>"
        f'<wp:positionV relativeFrom="margin"><wp:posOffset>{emu(y)}</wp:posOffset>'
        f'</wp:positionV><wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" '
        f'b="0"/><wp:wrapNone/><wp:docPr id="{n}" name="{wml.attr(name)}"{description}/>'
        "<wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri=\"http://schemas.microsoft.com/"
        f'office/word/2010/wordprocessingShape">{shape(cx, cy)}</a:graphicData>'
        "</a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback/></mc:AlternateContent>"
        "</w:r>"
    )


def _label_box(value: str, size_mm: float, *, bold: bool = False, italic: bool = False,
               fill: bool = False) -> str:
    """The inside of a text shape: ``value`` centred, no margins."""
    props = "<w:b/>" if bold else ""
    props += "<w:i/>" if italic else ""
    sz = half_points(size_mm)
    return (
        '<wps:txbx><w:txbxContent><w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" '
        'w:lineRule="auto"/><w:jc w:val="center"/></w:pPr><w:r><w:rPr>'
        f'{props}<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/></w:rPr><w:t xml:space="preserve">'
        f"{text(value)}</w:t></w:r></w:p></w:txbxContent></wps:txbx>"
    )


_LINE: Final = f'<a:ln w="12700"><a:solidFill><a:srgbClr val="{STROKE}"/></a:solidFill></a:ln>'
_BODY_NONE: Final = (
    '<wps:bodyPr rot="0" vert="horz" wrap="none" lIns="0" tIns="0" rIns="0" bIns="0" '
    'anchor="ctr" anchorCtr="0"><a:noAutofit/></wps:bodyPr>'
)


def _symbol(pkg: DocxPackage, sym: Symbol) -> str:
    preset = PRESETS.get(sym.kind, "rect")
    box = sym.box
    inner = ""
    if sym.kind == "connector":
        inner = _label_box(sym.letter, 2.2, bold=True)
    def shape(cx: int, cy: int) -> str:
        return (
        f'<wps:wsp><wps:cNvSpPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        f'<a:prstGeom prst="{preset}"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr '
        f'val="FFFFFF"/></a:solidFill>{_LINE}</wps:spPr>{inner}{_BODY_NONE}</wps:wsp>'
        )
    if sym.kind == "connector":
        name, descr = f"Penghubung {sym.letter}", f"connector {sym.letter} step {sym.step}"
    else:
        name, descr = f"Simbol {sym.step}", f"{sym.kind} step {sym.step}"
    return _anchor(pkg, name, box.x, box.y, box.w, box.h, shape, descr=descr)


def _arrow(pkg: DocxPackage, route: Route) -> str:
    xs = [p[0] for p in route.points]
    ys = [p[1] for p in route.points]
    x0, y0 = min(xs), min(ys)
    w, h = max(xs) - x0, max(ys) - y0
    pw, ph = max(1, emu(w)), max(1, emu(h))
    path = "".join(
        f'<a:{"moveTo" if i == 0 else "lnTo"}><a:pt x="{emu(x - x0)}" y="{emu(y - y0)}"/>'
        f'</a:{"moveTo" if i == 0 else "lnTo"}>'
        for i, (x, y) in enumerate(route.points)
    )
    def shape(cx: int, cy: int) -> str:
        return (
        '<wps:wsp><wps:cNvSpPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:custGeom><a:avLst/><a:gdLst/><a:ahLst/>'
        '<a:cxnLst/><a:rect l="0" t="0" r="r" b="b"/><a:pathLst>'
        f'<a:path w="{pw}" h="{ph}" fill="none">{path}</a:path></a:pathLst></a:custGeom>'
        f'<a:noFill/><a:ln w="9525"><a:solidFill><a:srgbClr val="{STROKE}"/></a:solidFill>'
        '<a:tailEnd type="triangle" w="sm" len="sm"/></a:ln></wps:spPr>'
        '<wps:bodyPr/></wps:wsp>'
        )
    name = f"Panah {route.source}-{route.target}" + (f" via {route.via}" if route.via else "")
    descr = f"edge {route.source} {route.target}" + (f" {route.label}" if route.label else "")
    return _anchor(pkg, name, x0, y0, w, h, shape, descr=descr)


def _label(pkg: DocxPackage, route: Route) -> str:
    if not route.label or route.label_at is None:
        return ""
    from workshop.export.flow_layout import SMALL
    from workshop.export.fontwidths import text_width

    x, y = route.label_at
    label = route.label
    w = text_width(label, SMALL) + 1.0
    h = SMALL + 0.8
    left = x if route.label_anchor == "start" else x - w
    def shape(cx: int, cy: int) -> str:
        return (
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        "<a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>"
        f"{_label_box(label, SMALL, italic=True)}{_BODY_NONE}</wps:wsp>"
        )
    return _anchor(pkg, f"Label {route.label} {route.source}", left, y - SMALL, w, h, shape)


def _flow_page(page: FlowPage, pkg: DocxPackage, doc: SopDocument) -> str:
    shapes = (
        "".join(_arrow(pkg, r) for r in page.routes)
        + "".join(_label(pkg, r) for r in page.routes)
        + "".join(_symbol(pkg, s) for s in page.symbols)
    )
    title = run(doc.title, bold=True, size=18)
    if page.number:
        title += run(f"   Nomor SOP: {page.number}", size=14)
    band = para(title + shapes, line=twips(page.header_top), exact=True,
                page_break_before=True, keep_next=True)
    widths = [c.width for c in page.columns]
    table = _table(widths, _header_rows(page) + _flow_rows(page))
    footer = ""
    if page.footer is not None:
        footer = para(run(page.footer.texts[0] if page.footer.texts else "", size=16), before=60)
    return band + table + footer


def sop_body(doc: SopDocument, pages: list[FlowPage], pkg: DocxPackage, *,
             last: bool = True, in_book: bool = False) -> str:
    """The body XML of one SOP as a section (its ``w:sectPr`` last when ``last``, else in the
    section's closing paragraph so another section can follow). ``in_book``: the footer
    counts this SOP's pages (the kop page and the flowchart pages), not the book's."""
    from workshop.export.flow_layout import printable_area

    width, height = printable_area(doc.paper)
    parts = [_working_lines(doc), _kop(doc, pkg, width),
             para("", line=twips(3), exact=True), _boxes(doc, pkg, width, height)]
    parts.extend(_flow_page(page, pkg, doc) for page in pages)
    section = pkg.section(doc.paper, landscape=True, draft=doc.draft,
                          pages=1 + len(pages) if in_book else None)
    if last:
        parts.append(_TAIL)
        parts.append(section)
    else:
        parts.append(para("", extra=section))
    return "".join(parts)


def sop_docx(doc: SopDocument, pages: list[FlowPage]) -> bytes:
    """The .docx of one SOP: ``doc`` and its flowchart ``pages`` (``flow_pages(sop,
    doc.paper)``)."""
    pkg = DocxPackage(doc.title)
    return pkg.build(sop_body(doc, pages, pkg))
