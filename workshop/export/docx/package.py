"""A .docx package: the fixed parts (styles, settings, numbering, headers, footers, properties)
and the zip, around a ``word/document.xml`` body that the renderers build.

:class:`DocxPackage` hands out what a body refers to: a relationship id per image, a fresh
numbering instance per list (so each list counts from 1), unique drawing ids, and the section
properties (paper, orientation, margins, the DRAF header on drafts only, the page-number
footer). :meth:`DocxPackage.build` returns the bytes of the whole file; nothing is written
here (``workshop.writing`` writes them atomically).

The package holds exactly what Word and LibreOffice need to open it without a repair prompt:
content types for every part, the relationships, a compatibility mode of Word 2013+ (tables
aligned on the margin), DejaVu Sans as the default font (the font the layout measures).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Final

from workshop.docsettings import Paper
from workshop.export.docx import wml
from workshop.export.docx.wml import NS, twips

__all__ = ["MARGIN_MM", "DocxPackage"]

MARGIN_MM: Final = 15.0
HEADER_MM: Final = 7.0  # distance of the header and footer from the page edge

_XML: Final = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_DOC_TYPE: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_REL: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_STYLES: Final = (
    _XML + '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:docDefaults><w:rPrDefault><w:rPr>'
    f'<w:rFonts w:ascii="{wml.FONT}" w:hAnsi="{wml.FONT}" w:eastAsia="{wml.FONT}" '
    f'w:cs="{wml.FONT}"/><w:sz w:val="20"/><w:szCs w:val="20"/><w:lang w:val="id-ID"/>'
    '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="80" w:line="252" '
    'w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    '<w:qFormat/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/>'
    '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr>'
    '<w:spacing w:before="240" w:after="240"/><w:jc w:val="center"/></w:pPr>'
    '<w:rPr><w:b/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style>'
    + "".join(
        f'<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/>'
        f'<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/>'
        f'<w:spacing w:before="{before}" w:after="120"/><w:outlineLvl w:val="{n - 1}"/></w:pPr>'
        f'<w:rPr><w:b/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr></w:style>'
        for n, size, before in ((1, 32, 360), (2, 28, 240), (3, 24, 200), (4, 22, 160),
                                (5, 20, 120), (6, 20, 120))
    )
    + '<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/>'
    '<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:left="360"/></w:pPr></w:style>'
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
    '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
    '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
    '<w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>'
    + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="555555"/>'
              for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    + "</w:tblBorders></w:tblPr></w:style>"
    "</w:styles>"
)

_SETTINGS: Final = (
    _XML + '<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:zoom w:percent="100"/><w:defaultTabStop w:val="709"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    "</w:settings>"
)

# Two list kinds: decimal ("1.") and bullet; every list gets its own w:num (counts from 1).
_ABSTRACT: Final = (
    '<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/>'
    + "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="%{i + 1}."/><w:lvlJc w:val="left"/><w:pPr>'
        f'<w:ind w:left="{284 * (i + 1)}" w:hanging="284"/></w:pPr></w:lvl>'
        for i in range(3)
    )
    + '</w:abstractNum><w:abstractNum w:abstractNumId="2">'
    '<w:multiLevelType w:val="hybridMultilevel"/>'
    + "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        f'<w:lvlText w:val="{mark}"/><w:lvlJc w:val="left"/><w:pPr>'
        f'<w:ind w:left="{284 * (i + 1)}" w:hanging="284"/></w:pPr></w:lvl>'
        for i, mark in enumerate(("•", "–", "•"))
    )
    + "</w:abstractNum>"
)

_FOOTER_HEAD: Final = (
    _XML + f"<w:ftr {NS}>"
    '<w:p><w:pPr><w:jc w:val="right"/><w:spacing w:before="0" w:after="0"/></w:pPr>'
    '<w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:t xml:space="preserve">Halaman </w:t></w:r>'
    '<w:fldSimple w:instr=" PAGE "><w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:t>1</w:t></w:r>'
    '</w:fldSimple><w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:t xml:space="preserve"> dari </w:t>'
    "</w:r>"
)
_FOOTER_NUMPAGES: Final = (
    _FOOTER_HEAD + '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:rPr><w:sz w:val="16"/></w:rPr>'
    "<w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>"
)


def _footer_static(pages: int) -> str:
    return (_FOOTER_HEAD + f'<w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:t>{pages}</w:t></w:r>'
            "</w:p></w:ftr>")



_HEADER_PLAIN: Final = (
    _XML + f'<w:hdr {NS}><w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr></w:p></w:hdr>'
)


def _watermark_header(word: str) -> str:
    """A header holding a large, light, rotated text box behind the page (the DRAF mark)."""
    w, h = wml.emu(200), wml.emu(70)
    box = (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="1" behindDoc="1" locked="0" layoutInCell="0" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="page"><wp:align>center'
        '</wp:align></wp:positionH><wp:positionV relativeFrom="page"><wp:align>center'
        f'</wp:align></wp:positionV><wp:extent cx="{w}" cy="{h}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        '<wp:docPr id="1" name="Tanda DRAF"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
        f'<a:xfrm rot="19800000"><a:off x="0" y="0"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln>'
        '</wps:spPr><wps:txbx><w:txbxContent><w:p><w:pPr><w:jc w:val="center"/>'
        '<w:spacing w:before="0" w:after="0"/></w:pPr><w:r><w:rPr><w:b/>'
        '<w:color w:val="F2C4C4"/><w:sz w:val="260"/><w:szCs w:val="260"/></w:rPr>'
        f"<w:t>{wml.text(word)}</w:t></w:r></w:p></w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="none" lIns="0" tIns="0" rIns="0" bIns="0" '
        'anchor="ctr" anchorCtr="1"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData>'
        "</a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback/></mc:AlternateContent>"
        "</w:r>"
    )
    return (
        _XML + f'<w:hdr {NS}><w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr>{box}'
        "</w:p></w:hdr>"
    )


@dataclass
class DocxPackage:
    """The parts of one .docx being built (see the module docstring)."""

    title: str
    _media: list[tuple[str, str, bytes]] = field(default_factory=list)  # (rId, name, data)
    _nums: list[tuple[int, int]] = field(default_factory=list)  # (numId, abstractNumId)
    _ids: int = 10  # drawing ids (docPr) handed out so far (the header's mark uses 1)
    _footers: list[int] = field(default_factory=list)  # static page counts of SOP sections

    def image(self, data: bytes, ext: str) -> str:
        """The relationship id of an image part holding ``data`` (``ext`` png or jpeg)."""
        rid = f"rIdImg{len(self._media) + 1}"
        self._media.append((rid, f"image{len(self._media) + 1}.{ext}", data))
        return rid

    def numbering(self, bullet: bool = False) -> int:
        """A new list instance (numbered from 1, or bulleted): its ``w:numId``."""
        num_id = len(self._nums) + 1
        self._nums.append((num_id, 2 if bullet else 1))
        return num_id

    def next_id(self) -> int:
        """A document-wide unique drawing id."""
        self._ids += 1
        return self._ids

    def section(self, paper: Paper, *, landscape: bool, draft: bool,
                pages: int | None = None) -> str:
        """``w:sectPr`` of a section on ``paper``, numbered from 1, DRAF marked on drafts.

        The footer says "Halaman x dari y": y is the document's page count (NUMPAGES), or
        ``pages`` when given (an SOP inside the book: its own pages, known from the layout;
        LibreOffice does not compute Word's SECTIONPAGES field).
        """
        width, height = paper.landscape if landscape else (paper.width_mm, paper.height_mm)
        orient = ' w:orient="landscape"' if landscape else ""
        margin, header = twips(MARGIN_MM), twips(HEADER_MM)
        footer = "rIdFtrDocument" if pages is None else self._footer(pages)
        return (
            f'<w:sectPr><w:headerReference w:type="default" '
            f'r:id="{"rIdHdrDraft" if draft else "rIdHdrPlain"}"/>'
            f'<w:footerReference w:type="default" r:id="{footer}"/>'
            f'<w:type w:val="nextPage"/><w:pgSz w:w="{twips(width)}" w:h="{twips(height)}"'
            f'{orient}/><w:pgMar w:top="{margin}" w:right="{margin}" w:bottom="{margin}" '
            f'w:left="{margin}" w:header="{header}" w:footer="{header}" w:gutter="0"/>'
            '<w:pgNumType w:start="1"/><w:cols w:space="708"/></w:sectPr>'
        )

    def _footer(self, pages: int) -> str:
        if pages not in self._footers:
            self._footers.append(pages)
        return f"rIdFtr{pages}"

    def build(self, body: str) -> bytes:
        """The .docx file: ``body`` (paragraphs and tables, ending with the last section's
        ``w:sectPr``) in ``word/document.xml`` with every part it refers to."""
        document = f"{_XML}<w:document {NS}><w:body>{body}</w:body></w:document>"
        numbering = (
            _XML + '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
            '2006/main">' + _ABSTRACT
            + "".join(
                f'<w:num w:numId="{n}"><w:abstractNumId w:val="{a}"/><w:lvlOverride '
                f'w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
                for n, a in self._nums
            )
            + "</w:numbering>"
        )
        rels = [
            ("rIdStyles", "styles", "styles.xml"),
            ("rIdSettings", "settings", "settings.xml"),
            ("rIdNumbering", "numbering", "numbering.xml"),
            ("rIdHdrDraft", "header", "header1.xml"),
            ("rIdHdrPlain", "header", "header2.xml"),
            ("rIdFtrDocument", "footer", "footer1.xml"),
            *((f"rIdFtr{n}", "footer", f"footer-{n}.xml") for n in self._footers),
            *((rid, "image", "media/" + name) for rid, name, _ in self._media),
        ]
        doc_rels = (
            _XML + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships">'
            + "".join(f'<Relationship Id="{rid}" Type="{_REL}/{kind}" Target="{target}"/>'
                      for rid, kind, target in rels)
            + "</Relationships>"
        )
        overrides = [
            ("/word/document.xml", f"{_DOC_TYPE}.document.main+xml"),
            ("/word/styles.xml", f"{_DOC_TYPE}.styles+xml"),
            ("/word/settings.xml", f"{_DOC_TYPE}.settings+xml"),
            ("/word/numbering.xml", f"{_DOC_TYPE}.numbering+xml"),
            ("/word/header1.xml", f"{_DOC_TYPE}.header+xml"),
            ("/word/header2.xml", f"{_DOC_TYPE}.header+xml"),
            ("/word/footer1.xml", f"{_DOC_TYPE}.footer+xml"),
            *((f"/word/footer-{n}.xml", f"{_DOC_TYPE}.footer+xml") for n in self._footers),
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
            ("/docProps/app.xml",
             "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
        ]
        types = (
            _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="png" ContentType="image/png"/>'
            '<Default Extension="jpeg" ContentType="image/jpeg"/>'
            + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
            + "</Types>"
        )
        root_rels = (
            _XML + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>"
        )
        core = (
            _XML + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{wml.text(self.title)}</dc:title><dc:creator>sop-workshop</dc:creator>"
            '<dc:language>id-ID</dc:language></cp:coreProperties>'
        )
        app = (
            _XML + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Application>sop-workshop</Application></Properties>'
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED,
                             compresslevel=1) as z:
            # The small fixed parts are stored: compressing them again for every SOP costs
            # more than the few kilobytes it saves.
            stored = zipfile.ZIP_STORED
            z.writestr("[Content_Types].xml", types, compress_type=stored)
            z.writestr("_rels/.rels", root_rels, compress_type=stored)
            z.writestr("docProps/core.xml", core, compress_type=stored)
            z.writestr("docProps/app.xml", app, compress_type=stored)
            z.writestr("word/document.xml", document)
            z.writestr("word/_rels/document.xml.rels", doc_rels, compress_type=stored)
            z.writestr("word/styles.xml", _STYLES, compress_type=stored)
            z.writestr("word/settings.xml", _SETTINGS, compress_type=stored)
            z.writestr("word/numbering.xml", numbering, compress_type=stored)
            z.writestr("word/header1.xml", _DRAFT_HEADER, compress_type=stored)
            z.writestr("word/header2.xml", _HEADER_PLAIN, compress_type=stored)
            z.writestr("word/footer1.xml", _FOOTER_NUMPAGES, compress_type=stored)
            for n in self._footers:
                z.writestr(f"word/footer-{n}.xml", _footer_static(n), compress_type=stored)
            for _, name, data in self._media:
                z.writestr("word/media/" + name, data, compress_type=stored)
        return buffer.getvalue()


_DRAFT_HEADER: Final = _watermark_header("DRAF")
