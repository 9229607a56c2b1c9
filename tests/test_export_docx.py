"""The SOP as Word: read back with python-docx (kop, boxes, flowchart table, native shapes)."""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table
from lxml import etree
from test_export_support import long_sop, surat_masuk

from workshop import flow
from workshop.docsettings import DocumentSettings, find_paper
from workshop.export.docx import sop_docx
from workshop.export.docx.sop import PRESETS
from workshop.export.flow_layout import flow_pages
from workshop.export.sop_document import SopDocument, sop_document
from workshop.model import Event, Sop, Unit

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
EMU = 36000


def _doc(sop: Sop, *, approved: bool = False, paper: str = "a4") -> SopDocument:
    settings = DocumentSettings(government=("PEMERINTAH KABUPATEN WONOSOBO",), paper=paper)
    unit = Unit(name="Dinas Pendidikan", slug="disdik", head_position="Kepala Dinas")
    sop.approval.position = ""  # the unit's head signs
    sop.approval.name = "Budi Santoso"
    sop.approval.nip = "197001011990031001"
    return sop_document(sop, settings=settings, event=Event(), unit=unit, logo=None,
                        approved=approved)


def _open(sop: Sop, **kw: object) -> tuple[DocxDocument, bytes]:
    doc = _doc(sop, **kw)  # type: ignore[arg-type]
    data = sop_docx(doc, flow_pages(sop, doc.paper))
    return docx.Document(io.BytesIO(data)), data


def _flow_tables(d: DocxDocument) -> list[Table]:
    return d.tables[2:]


def _anchors(d: DocxDocument) -> list[etree._Element]:
    return list(d.element.body.iter(f"{{{WP}}}anchor"))


def _name(anchor: etree._Element) -> str:
    return str(anchor.find(f"{{{WP}}}docPr").get("name"))


def _prst(anchor: etree._Element) -> str | None:
    geom = next(anchor.iter(f"{{{A}}}prstGeom"), None)
    return None if geom is None else str(geom.get("prst"))


def _x_mm(anchor: etree._Element) -> float:
    pos = anchor.find(f"{{{WP}}}positionH/{{{WP}}}posOffset")
    return int(pos.text) / EMU


def _width_mm(anchor: etree._Element) -> float:
    return int(anchor.find(f"{{{WP}}}extent").get("cx")) / EMU


def test_kop_cells_hold_the_official_fields() -> None:
    sop = surat_masuk()
    sop.number = "800/12/2026"
    d, _ = _open(sop)
    kop = d.tables[0]
    labels = [row.cells[1].text for row in kop.rows]
    assert labels == ["Nomor SOP", "Tanggal Pembuatan", "Tanggal Revisi", "Tanggal Efektif",
                      "Disahkan oleh", "Nama SOP"]
    values = [row.cells[2].text for row in kop.rows]
    assert values[0] == "800/12/2026"
    assert values[5] == sop.title
    signature = values[4].split("\n")
    assert signature[0] == "Kepala Dinas" and "Budi Santoso" in signature
    assert "NIP. 197001011990031001" in signature
    # the left part is one merged cell over all rows: logo and organisation lines
    left = {row.cells[0]._tc for row in kop.rows}
    assert len(left) == 1
    assert kop.rows[0].cells[0].text.split("\n") == ["PEMERINTAH KABUPATEN WONOSOBO",
                                                     "DINAS PENDIDIKAN"]


def test_boxes_are_numbered_lists_one_item_per_line() -> None:
    sop = surat_masuk()
    sop.legal_basis = ["UU 30/2014 tentang Administrasi Pemerintahan", "PermenPAN-RB 35/2012"]
    sop.warnings = []
    d, _ = _open(sop)
    boxes = d.tables[1]
    assert [c.text for c in boxes.rows[0].cells] == ["Dasar Hukum:", "Kualifikasi Pelaksana:"]
    legal = boxes.rows[1].cells[0].paragraphs
    assert [p.text for p in legal] == sop.legal_basis
    assert all(p._p.pPr.numPr is not None for p in legal)
    assert [c.text.rstrip(":") for c in boxes.rows[4].cells] == ["Peringatan",
                                                                  "Pencatatan dan Pendataan"]
    assert boxes.rows[5].cells[0].text == "-"


def test_one_row_per_step_and_one_column_per_actor() -> None:
    sop = surat_masuk()
    d, _ = _open(sop)
    (table,) = _flow_tables(d)
    header2 = [c.text for c in table.rows[1].cells]
    assert header2[2:2 + len(sop.actors)] == sop.actors
    assert table.rows[0].cells[2].text == "Pelaksana"
    numbers = [row.cells[0].text for row in table.rows[2:]]
    assert numbers == [str(n) for n in range(1, len(sop.steps) + 1)]
    activities = [row.cells[1].text for row in table.rows[2:]]
    assert activities == [s.activity for s in sop.steps]
    waktu = header2.index("Waktu")
    assert [row.cells[waktu].text for row in table.rows[2:]] == [s.time for s in sop.steps]


def test_header_rows_repeat_and_rows_have_exact_heights() -> None:
    sop = long_sop(40)
    d, _ = _open(sop)
    tables = _flow_tables(d)
    assert len(tables) == len(flow_pages(sop, find_paper("a4"))) == 2  # type: ignore[arg-type]
    for table in tables:
        rows = table._tbl.tr_lst
        flags = [tr.trPr.find(qn("w:tblHeader")) is not None for tr in rows]
        assert flags[:2] == [True, True] and not any(flags[2:])
        rules = {tr.trPr.find(qn("w:trHeight")).get(qn("w:hRule")) for tr in rows}
        assert rules == {"exact"}


@pytest.mark.parametrize("steps", [8, 40])
def test_one_symbol_per_step_in_its_actors_column_with_its_geometry(steps: int) -> None:
    sop = surat_masuk() if steps == 8 else long_sop(steps)
    d, _ = _open(sop)
    pages = flow_pages(sop, find_paper("a4"))  # type: ignore[arg-type]
    anchors = _anchors(d)
    symbols = [a for a in anchors if _name(a).startswith("Simbol ")]
    assert sorted(int(_name(a).split()[1]) for a in symbols) == list(range(1, steps + 1))
    for a in symbols:
        number = int(_name(a).split()[1])
        kind = sop.step(number).kind
        assert _prst(a) == PRESETS[kind]
        page = next(p for p in pages if number in p.steps)
        column = next(c for c in page.columns if c.label == sop.step(number).actor)
        assert column.x < _x_mm(a) and _x_mm(a) + _width_mm(a) < column.x + column.width
    expected = {"start": "flowChartTerminator", "end": "flowChartTerminator", "process": "rect",
                "decision": "flowChartDecision"}
    assert {k: PRESETS[k] for k in expected} == expected


def test_one_arrow_per_flow_edge_and_connectors_across_pages() -> None:
    sop = long_sop(40)
    d, _ = _open(sop)
    arrows = [_name(a) for a in _anchors(d) if _name(a).startswith("Panah ")]
    edges = {(n, t) for n in range(1, 41) for t, _ in flow.successors(sop, n)}
    whole = Counter(tuple(map(int, a.split()[1].split("-"))) for a in arrows if " via " not in a)
    halves = Counter(tuple(map(int, a.split()[1].split("-"))) for a in arrows if " via " in a)
    assert set(whole) | set(halves) == edges
    assert all(count == 1 for count in whole.values())
    assert all(count == 2 for count in halves.values())  # to a connector, and from its twin
    assert not set(whole) & set(halves)
    connectors = [a for a in _anchors(d) if _name(a).startswith("Penghubung ")]
    assert {_prst(a) for a in connectors} == {"flowChartOffpageConnector"}
    letters = Counter(_name(a).split()[1] for a in connectors)
    assert letters and all(count == 2 for count in letters.values())
    # every arrow has a head at its end
    for a in _anchors(d):
        if _name(a).startswith("Panah "):
            assert next(a.iter(f"{{{A}}}tailEnd")).get("type") == "triangle"


def test_decision_labels_are_text_shapes() -> None:
    d, _ = _open(surat_masuk())
    labels = Counter(_name(a) for a in _anchors(d) if _name(a).startswith("Label "))
    assert labels == Counter({"Label Ya 2": 1, "Label Tidak 2": 1, "Label Ya 5": 1,
                              "Label Tidak 5": 1})


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_draft_mark_only_on_drafts_and_landscape_paper() -> None:
    _, draft = _open(surat_masuk(), approved=False)
    d, approved = _open(surat_masuk(), approved=True, paper="f4")
    assert b"rIdHdrDraft" in _parts(draft)["word/document.xml"]
    doc_xml = _parts(approved)["word/document.xml"]
    assert b"rIdHdrDraft" not in doc_xml and b"DRAF" not in doc_xml
    section = d.sections[-1]
    assert round(section.page_width.mm) == 330 and round(section.page_height.mm) == 215
    assert section.orientation == 1  # WD_ORIENT.LANDSCAPE
    footer = "".join(p.text for p in section.footer.paragraphs)
    assert footer.startswith("Halaman ") and " dari " in footer


def test_every_part_is_well_formed_and_user_text_is_escaped() -> None:
    sop = surat_masuk()
    sop.title = 'A & B <script>alert("x")</script>\x01'
    sop.steps[2].note = "]]> <!-- --> &amp;"
    d, data = _open(sop)
    for name, content in _parts(data).items():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(content)  # well-formed
    assert d.tables[0].rows[5].cells[2].text == 'A & B <script>alert("x")</script>'
    assert "]]> <!-- --> &amp;" in [c.text for c in _flow_tables(d)[0].rows[4].cells]


def _png(width: int, height: int) -> bytes:
    """A valid, tiny RGB PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def _with_logo(tmp_path: Path, data: bytes) -> DocxDocument:
    logo = tmp_path / "logo.png"
    logo.write_bytes(data)
    sop = surat_masuk()
    settings = DocumentSettings(government=("PEMERINTAH KABUPATEN WONOSOBO",))
    doc = sop_document(sop, settings=settings, event=Event(), unit=None, logo=logo,
                       approved=True)
    return docx.Document(io.BytesIO(sop_docx(doc, flow_pages(sop, doc.paper))))


def test_the_logo_sits_in_the_kop_at_its_aspect_ratio(tmp_path: Path) -> None:
    d = _with_logo(tmp_path, _png(40, 50))
    left = d.tables[0].rows[0].cells[0]._tc
    inline = next(left.iter(f"{{{WP}}}inline"))
    extent = inline.find(f"{{{WP}}}extent")
    assert int(extent.get("cx")) / int(extent.get("cy")) == pytest.approx(40 / 50, rel=0.01)
    (shape,) = d.inline_shapes
    rid = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
    assert d.part.related_parts[rid].content_type == "image/png"


def test_a_broken_logo_leaves_the_kop_without_a_picture(tmp_path: Path) -> None:
    d = _with_logo(tmp_path, b"not an image at all")
    assert list(d.inline_shapes) == []
    assert d.tables[0].rows[0].cells[0].text == "PEMERINTAH KABUPATEN WONOSOBO"


def test_an_unknown_paper_size_is_refused_before_anything_is_written() -> None:
    from workshop.exporting import ExportFailed, document_context

    with pytest.raises(ExportFailed) as caught:
        document_context(DocumentSettings(paper="a3"))
    assert "Ukuran kertas 'a3' tidak dikenal (pilihan: a4, f4)" in str(caught.value)


def test_long_box_lists_get_smaller_type_so_page_one_stays_whole() -> None:
    from workshop.export.docx.sop import BOX_SIZES_PT

    def box_sizes(d: DocxDocument) -> set[float]:
        return {r.font.size.pt for p in d.tables[1].rows[1].cells[0].paragraphs for r in p.runs}

    short, _ = _open(surat_masuk())
    sop = surat_masuk()
    sop.legal_basis = [f"Peraturan Daerah Kabupaten Wonosobo Nomor {i} Tahun 2020 tentang "
                       "Penyelenggaraan Urusan Pemerintahan yang Menjadi Kewenangan Daerah"
                       for i in range(1, 16)]
    long, _ = _open(sop)
    assert box_sizes(short) == {BOX_SIZES_PT[0]}
    (size,) = box_sizes(long)
    assert size < BOX_SIZES_PT[0]
