"""The official SOP document view model (workshop.export.sop_document): what every renderer
prints in the kop and the boxes."""

from __future__ import annotations

from pathlib import Path

from workshop.datetext import BLANK
from workshop.docsettings import PAPERS, DocumentSettings
from workshop.export.sop_document import sop_document
from workshop.export.sop_table import sop_table
from workshop.export.sopview import total_time_text
from workshop.model import Approval, Classification, Dates, Event, Sop, Step, Unit

EVENT = Event(title="Workshop", host_government="Pemerintah Kabupaten Wonosobo")
UNIT = Unit(slug="disdik", name="Dinas Pendidikan", head_position="Kepala Dinas Pendidikan")


def _sop(**kw: object) -> Sop:
    base: dict[str, object] = dict(
        title="Penerbitan  Surat\nTugas",
        number="800/SOP.01/2018",
        dates=Dates(created="2018-07-09", revised=None, effective="2018-08-01"),
        approval=Approval("Kepala Dinas", "Drs. Budi", "196501011990031001"),
        classification=Classification(nature="administratif", activity="rutin"),
        legal_basis=["UU 5/2014", "  ", "PP 11/2017"],
        qualifications=["Memahami tata naskah"],
        actors=["Kasubbag Umum"],
        steps=[Step("Mulai", "Kasubbag Umum", kind="start", time="5 menit"),
               Step("Selesai", "Kasubbag Umum", kind="end")],
    )
    base.update(kw)
    return Sop(**base)  # type: ignore[arg-type]


def test_kop_values_are_ready_to_print() -> None:
    sop = _sop()
    doc = sop_document(sop, settings=DocumentSettings(), event=EVENT, unit=UNIT,
                       logo=Path("/ws/logo.png"), approved=True, status="disahkan")
    assert doc.org_lines == ("PEMERINTAH KABUPATEN WONOSOBO", "DINAS PENDIDIKAN")
    assert doc.logo == Path("/ws/logo.png")
    assert doc.title == "Penerbitan Surat Tugas"
    assert [(f.label, f.value) for f in doc.fields] == [
        ("Nomor SOP", "800/SOP.01/2018"),
        ("Tanggal Pembuatan", "9 Juli 2018"),
        ("Tanggal Revisi", BLANK),
        ("Tanggal Efektif", "1 Agustus 2018"),
    ]
    assert (doc.approval.position, doc.approval.name, doc.approval.nip) == (
        "Kepala Dinas", "Drs. Budi", "196501011990031001")
    assert [f.label for f in doc.kop_fields][-2:] == ["Disahkan oleh", "Nama SOP"]
    assert doc.kop_fields[-2].value == "Kepala Dinas, Drs. Budi, NIP. 196501011990031001"
    # An approved SOP: no draft mark, no status, no classification.
    assert not doc.draft and doc.status == "" and doc.kinds == ()
    assert doc.paper.key == "a4"
    assert doc.table == sop_table(sop)
    assert doc.total_time == total_time_text(sop)


def test_boxes_are_the_three_official_pairs_with_one_item_each() -> None:
    doc = sop_document(_sop(), settings=DocumentSettings(), event=EVENT, unit=UNIT,
                       logo=None, approved=True)
    assert [(a.label, b.label) for a, b in doc.boxes] == [
        ("Dasar Hukum", "Kualifikasi Pelaksana"),
        ("Keterkaitan", "Peralatan/Perlengkapan"),
        ("Peringatan", "Pencatatan dan Pendataan"),
    ]
    assert doc.boxes[0][0].items == ("UU 5/2014", "PP 11/2017")  # the blank item is dropped
    assert doc.boxes[1][0].items == ()


def test_a_draft_keeps_its_working_lines_and_blanks_where_empty() -> None:
    sop = _sop(title="", number="", dates=Dates(), approval=Approval(),
               legal_basis=[])
    settings = DocumentSettings(government=("PEMERINTAH PROVINSI JAWA TENGAH",),
                                unit_lines={"disdik": ("DINAS\x1b PENDIDIKAN", "BIDANG SD")},
                                paper="f4")
    doc = sop_document(sop, settings=settings, event=EVENT, unit=UNIT, logo=None,
                       approved=False, status="draf")
    assert doc.org_lines == ("PEMERINTAH PROVINSI JAWA TENGAH", "DINAS PENDIDIKAN", "BIDANG SD")
    assert doc.title == BLANK
    assert {f.value for f in doc.fields} == {BLANK}
    # The signer's position falls back to the head of the unit.
    assert doc.approval == doc.approval.__class__("Kepala Dinas Pendidikan", BLANK, BLANK)
    assert doc.draft and doc.status == "draf" and doc.kinds == ("administratif", "rutin")
    assert doc.paper == PAPERS[1]


def test_unknown_paper_falls_back_to_a4_and_no_unit_means_government_only() -> None:
    doc = sop_document(_sop(), settings=DocumentSettings(paper="letter"), event=EVENT,
                       unit=None, logo=None, approved=True)
    assert doc.paper.key == "a4"
    assert doc.org_lines == ("PEMERINTAH KABUPATEN WONOSOBO",)
