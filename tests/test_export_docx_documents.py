"""Word from Markdown (every other document) and the unit's SOP book, read back with python-docx."""

from __future__ import annotations

import io

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from test_export_support import long_sop, surat_masuk

from workshop.docsettings import DEFAULT_PAPER, DocumentSettings
from workshop.export.docx import book_docx, markdown_docx
from workshop.export.flow_layout import flow_pages
from workshop.export.markdown import book_markdown
from workshop.export.sop_document import sop_document
from workshop.model import Event, SopRecord, Unit

MARKDOWN = """# Laporan Pendampingan

Paragraf dengan **tebal** dan *miring*, lalu teks biasa.

## Bagian Satu

1. Pertama
2. Kedua
   - anak a
   - anak b
3. Ketiga

- butir
- butir lain

| No | Unit | Jumlah |
|---|---|---|
| 1 | Dinas Pendidikan | 12 |
| 2 | Dinas \\<Kesehatan\\> & Gizi | 7 |

---

## Bagian Dua

Setelah pemisah halaman.
"""


def _read(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))


def _num(paragraph: object) -> tuple[int, int] | None:
    p = paragraph._p  # type: ignore[attr-defined]
    if p.pPr is None or p.pPr.numPr is None:
        return None
    return int(p.pPr.numPr.numId.val), int(p.pPr.numPr.ilvl.val)


def test_headings_paragraphs_lists_tables_and_page_breaks() -> None:
    d = _read(markdown_docx(MARKDOWN, title="Laporan"))
    paragraphs = d.paragraphs
    styled = [(p.style.name, p.text) for p in paragraphs if p.style.name.startswith("Heading")]
    assert styled == [("Heading 1", "Laporan Pendampingan"), ("Heading 2", "Bagian Satu"),
                      ("Heading 2", "Bagian Dua")]
    body = next(p for p in paragraphs if p.text.startswith("Paragraf"))
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in body.runs][:4] == [
        ("Paragraf dengan ", False, False), ("tebal", True, False), (" dan ", False, False),
        ("miring", False, True)]
    items = {p.text: _num(p) for p in paragraphs if _num(p) is not None}
    assert list(items) == ["Pertama", "Kedua", "anak a", "anak b", "Ketiga", "butir",
                           "butir lain"]
    assert items["Pertama"] == items["Ketiga"] and items["Pertama"][1] == 0
    assert items["anak a"][1] == 1 and items["anak a"][0] != items["Pertama"][0]
    assert items["butir"][0] not in (items["Pertama"][0], items["anak a"][0])
    (table,) = d.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["No", "Unit", "Jumlah"], ["1", "Dinas Pendidikan", "12"],
        ["2", "Dinas <Kesehatan> & Gizi", "7"]]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    breaks = d.element.body.findall(".//" + qn("w:br"))
    assert [b.get(qn("w:type")) for b in breaks] == ["page"]
    assert d.sections[0].orientation == 0  # portrait: the table has 3 columns


def test_a_wide_table_turns_the_page() -> None:
    wide = "| " + " | ".join(f"K{i}" for i in range(7)) + " |\n|" + "---|" * 7 + "\n"
    wide += "| " + " | ".join(str(i) for i in range(7)) + " |\n"
    d = _read(markdown_docx(wide, title="Lebar"))
    assert d.sections[0].orientation == 1


def test_the_book_has_front_matter_then_each_sop_in_its_own_landscape_section() -> None:
    unit = Unit(slug="disdik", name="Dinas Pendidikan", head_position="Kepala Dinas")
    event = Event()
    records = [SopRecord("a", surat_masuk(), status="berlaku"),
               SopRecord("b", long_sop(30), status="draf")]
    text = book_markdown(unit, records, event, year="2026", with_tables=False)
    settings = DocumentSettings()
    sops = []
    for r in records:
        doc = sop_document(r.sop, settings=settings, event=event, unit=unit, logo=None,
                           approved=r.status == "berlaku")
        sops.append((doc, flow_pages(r.sop, doc.paper)))
    d = _read(book_docx(text, sops, title="Buku SOP", paper=DEFAULT_PAPER))
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["Keputusan Penetapan (draf)", "Daftar Isi", "Penjelasan Singkat",
                        "Standar Operasional Prosedur"]
    assert [s.orientation for s in d.sections] == [0, 1, 1]
    # each SOP: kop, boxes, then its flowchart pages
    kops = [t for t in d.tables
            if len(t.rows) > 1 and t.rows[1].cells[1].text == "Tanggal Pembuatan"]
    assert [k.rows[5].cells[2].text for k in kops] == [r.sop.title for r in records]
    # the draft's section alone carries the DRAF header
    headers = [s._sectPr.find(qn("w:headerReference")).get(qn("r:id")) for s in d.sections]
    assert headers == ["rIdHdrPlain", "rIdHdrPlain", "rIdHdrDraft"]
    # each SOP's footer counts its own pages: the kop page and its flowchart pages
    footers = ["".join(p.text for p in s.footer.paragraphs) for s in d.sections[1:]]
    counts = [1 + len(pages) for _, pages in sops]
    assert [f.rsplit(" ", 1)[-1] for f in footers] == [str(n) for n in counts]
