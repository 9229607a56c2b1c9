"""The official kop and boxes in the print HTML, the print rules, and the document settings as
the export command uses them (workshop.export.html, workshop.exporting)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from test_document_settings import png
from test_export_support import long_sop, surat_masuk

from workshop.cli import main
from workshop.datetext import BLANK
from workshop.docsettings import DocumentSettings
from workshop.export.html import render_html, sop_html
from workshop.export.markdown import book_markdown, default_document, sop_markdown
from workshop.export.sop_document import SopDocument, sop_document
from workshop.model import Classification, Event, SopRecord, Unit
from workshop.store import Store

EVENT = Event(host_government="Pemerintah Kabupaten Wonosobo")
UNIT = Unit(slug="setda", name="Sekretariat Daerah", head_position="Sekretaris Daerah")


class Cells(HTMLParser):
    """The text of every element with a class, by class, and the tags with their attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[tuple[str, str]] = []
        self.texts: dict[str, list[str]] = {}
        self.rows: list[list[str]] = []  # th/td texts of each tr of the kop and box tables
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        self.stack.append((tag, a.get("class") or ""))
        if tag == "tr":
            self.rows.append([])
        if tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, _cls = self.stack.pop()
            if open_tag == tag:
                break
        if tag in ("th", "td") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        for _, cls in self.stack:
            if cls:
                self.texts.setdefault(cls, []).append(data)
        if self._cell is not None:
            self._cell.append(data + " ")

    def text(self, cls: str) -> str:
        return "".join(self.texts.get(cls, []))


def cells(html: str) -> Cells:
    c = Cells()
    c.feed(html)
    c.close()
    return c


def _doc(approved: bool, **settings: Any) -> SopDocument:
    sop = surat_masuk()
    sop.classification = Classification(nature="administratif")
    return sop_document(sop, settings=DocumentSettings(**settings),
                        event=EVENT, unit=UNIT, logo=None, approved=approved,
                        status="disahkan" if approved else "reviu")


def test_the_kop_has_the_official_cells() -> None:
    sop = surat_masuk()
    c = cells(sop_html(sop, title=sop.title, doc=_doc(True)))
    kop = c.rows[:6]
    assert kop[0][0] == "PEMERINTAH KABUPATEN WONOSOBO SEKRETARIAT DAERAH"
    assert [r[-2] for r in kop] == ["Nomor SOP", "Tanggal Pembuatan", "Tanggal Revisi",
                                    "Tanggal Efektif", "Disahkan oleh", "Nama SOP"]
    assert kop[1][-1] == "10 Juli 2018" and kop[2][-1] == BLANK
    assert kop[4][-1] == "Sekretaris Daerah Budi Santoso NIP. 19700101 199001 1 001"
    assert ("div", {"class": "sign-space"}) in c.tags  # room to sign and stamp
    assert kop[5][-1] == "Pengelolaan Surat Masuk"
    boxes = c.rows[6:12]
    assert boxes[0] == ["Dasar Hukum", "Kualifikasi Pelaksana"]
    assert boxes[2] == ["Keterkaitan", "Peralatan/Perlengkapan"]
    assert boxes[4] == ["Peringatan", "Pencatatan dan Pendataan"]
    # lists numbered one item per line: an <ol> with one <li> per item
    html = sop_html(sop, title=sop.title, doc=_doc(True))
    assert "<ol><li>Komputer</li><li>Buku agenda</li></ol>" in html


def test_an_approved_sop_shows_no_status_no_kind_and_no_draf() -> None:
    sop = surat_masuk()
    html = sop_html(sop, title=sop.title, doc=_doc(True))
    text = re.sub(r"<[^>]+>", " ", html.split("<main>")[1])
    assert "DRAF" not in text and "Status" not in text and "Jenis SOP" not in text
    assert "administratif" not in text and 'class="watermark"' not in html


def test_only_a_draft_says_draf_with_its_status() -> None:
    sop = surat_masuk()
    c = cells(sop_html(sop, title=sop.title, doc=_doc(False)))
    assert c.text("draft-stamp") == "DRAF"
    assert c.text("draft-note") == "Status: reviu · Jenis SOP: administratif"


@pytest.mark.parametrize(("paper", "size", "body"), [("a4", "297mm 210mm", "267mm"),
                                                    ("f4", "330mm 215mm", "300mm"),
                                                    ("legal", "297mm 210mm", "267mm")])
def test_page_size_follows_the_paper_setting(paper: str, size: str, body: str) -> None:
    sop = surat_masuk()
    html = sop_html(sop, title=sop.title, doc=_doc(True, paper=paper))
    assert f"@page {{ size: {size}; margin: 15mm; }}" in html
    assert f"max-width: {body};" in html


def test_print_rules_keep_the_kop_whole_and_the_heading_with_its_flowchart() -> None:
    sop = long_sop(40)
    html = sop_html(sop, title=sop.title, doc=default_document(sop, approved=False))
    assert ".kop, .boxes { break-inside: avoid;" in html
    assert html.count('<table class="boxes">') == 3  # one per pair: a pair never splits
    assert "overflow-wrap: normal; word-break: normal; hyphens: manual;" in html
    # "Bagian Flowchart" is inside the first flowchart page: never alone on a page
    assert '<figure class="flowchart-page first"><h2>Bagian Flowchart</h2>\n<svg' in html
    assert html.count("<h2>Bagian Flowchart</h2>") == 1
    assert html.count('<figure class="flowchart-page') == 2


def test_the_logo_is_embedded_and_a_missing_one_is_left_out(tmp_path: Path) -> None:
    logo = tmp_path / "logo-kop.png"
    logo.write_bytes(png(8, 8))
    sop = surat_masuk()
    doc = sop_document(sop, settings=DocumentSettings(), event=EVENT, unit=UNIT, logo=logo,
                       approved=True)
    html = sop_html(sop, title=sop.title, doc=doc)
    imgs = [a for t, a in cells(html).tags if t == "img"]
    assert len(imgs) == 1 and (imgs[0]["src"] or "").startswith("data:image/png;base64,")
    logo.unlink()  # gone between the check and the rendering: no image, still a document
    html = sop_html(sop, title=sop.title, doc=doc)
    assert "<img" not in html and "PEMERINTAH KABUPATEN WONOSOBO" in html


def test_sop_html_is_the_page_the_markdown_makes() -> None:
    sop = surat_masuk()
    for doc in (_doc(True), _doc(False)):
        expected = render_html(sop_markdown(sop, doc=doc, with_table=False),
                               title=sop.title, sops=[doc])
        assert sop_html(sop, title=sop.title, doc=doc) == expected


def test_every_sop_of_a_book_has_its_kop() -> None:
    a, b = surat_masuk(), long_sop(25)
    records = [SopRecord(id="1", sop=a, status="disahkan"), SopRecord(id="2", sop=b, status="draf")]
    docs = [sop_document(r.sop, settings=DocumentSettings(paper="f4"), event=EVENT, unit=UNIT,
                         logo=None, approved=r.status == "disahkan", status=r.status)
            for r in records]
    md = book_markdown(UNIT, records, EVENT, year="2018", docs=docs, with_tables=False)
    html = render_html(md, title="Buku", sops=docs)
    assert html.count('<div class="kop-block">') == 2
    assert html.count('<p class="draft-stamp">DRAF</p>') == 1
    assert "Bagian Identitas" not in html  # the official form has no such heading
    assert "@page { size: 330mm 215mm;" in html


# -- through the export command ------------------------------------------------------------------


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    store = Store.create(tmp_path / "ws", title="Workshop")
    store.update_event(host_government="Pemerintah Kabupaten Wonosobo")
    unit = store.add_unit("Sekretariat Daerah")
    store.add_sop(unit.slug, surat_masuk())
    source = tmp_path / "lambang.png"
    source.write_bytes(png(16, 20))
    store.set_logo(source)
    store.update_document_settings(paper="f4", unit_lines={unit.slug: ["SEKRETARIAT DAERAH",
                                                                       "BAGIAN UMUM"]})
    return store.path


def test_export_uses_the_workshop_settings(workshop: Path, capsys: pytest.CaptureFixture[str]
                                           ) -> None:
    assert main(["export", str(workshop), "--format", "html"]) == 0
    assert capsys.readouterr().err == ""
    [page] = (workshop / "exports").rglob("*.html")
    html = page.read_text(encoding="utf-8")
    assert "@page { size: 330mm 215mm;" in html
    assert 'src="data:image/png;base64,' in html
    assert "<p>BAGIAN UMUM</p>" in html


def test_a_broken_logo_at_export_time_warns_and_leaves_it_out(
    workshop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workshop / "logo-kop.png").write_bytes(b"\x89PNG\r\n\x1a\n rusak")
    assert main(["export", str(workshop), "--format", "html", "--what", "buku"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("Peringatan: Logo ") and "Dokumen dibuat tanpa logo." in err
    [page] = (workshop / "exports").rglob("*.html")
    html = page.read_text(encoding="utf-8")
    assert "<img" not in html and "<p>BAGIAN UMUM</p>" in html
