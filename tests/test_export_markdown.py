"""Markdown exports, parsed back with markdown-it-py: headings, table columns and rows."""

from __future__ import annotations

import itertools

from markdown_it.tree import SyntaxTreeNode
from test_export_support import headings, paragraphs, parse, surat_masuk, table_with, tables

from workshop.datetext import BLANK
from workshop.docsettings import DocumentSettings
from workshop.export.markdown import (
    MONITORING_HEADER,
    NEEDS_HEADER,
    book_markdown,
    decree_author,
    evaluation_markdown,
    inventory_markdown,
    minutes_markdown,
    monitoring_markdown,
    needs_markdown,
    report_markdown,
    sop_markdown,
)
from workshop.export.progress import UnitReport, produced_in_session, unit_report
from workshop.export.sop_document import sop_document
from workshop.model import (
    ActionItem,
    AgendaItem,
    Classification,
    Evaluation,
    Event,
    LogEntry,
    Member,
    MonitoringRow,
    NeedRow,
    Session,
    Sop,
    SopRecord,
    Step,
    Unit,
    Vote,
)

IDENTITY_LABELS = [
    "Nomor SOP",
    "Tanggal Pembuatan",
    "Tanggal Revisi",
    "Tanggal Efektif",
    "Disahkan oleh",
    "Nama SOP",
]
BOX_LABELS = [
    "Dasar Hukum",
    "Kualifikasi Pelaksana",
    "Keterkaitan",
    "Peralatan/Perlengkapan",
    "Peringatan",
    "Pencatatan dan Pendataan",
]


def paragraph_text(node: SyntaxTreeNode) -> str:
    return "".join(c.content for c in node.walk() if c.type == "text")


QUESTIONS = [f"Pertanyaan {i}" for i in range(1, 8)]
UNIT = Unit(slug="setda", name="Sekretariat Daerah", head_position="Sekretaris Daerah")
EVENT = Event(
    title="Pendampingan SOP AP 2018",
    organiser="Biro Organisasi",
    host_government="Pemerintah Kabupaten Wonosobo",
    venue="Aula Setda",
    start_date="2018-07-10",
    facilitators=["Rina (Biro Organisasi)"],
)


# -- one SOP -----------------------------------------------------------------------------------


def test_sop_markdown_has_title_identity_and_flowchart_headings() -> None:
    md = sop_markdown(surat_masuk())
    assert headings(md) == [
        (1, "Pengelolaan Surat Masuk"),
        (2, "Bagian Identitas"),
        (2, "Bagian Flowchart"),
    ]


def _boxes(markdown: str) -> dict[str, list[str]]:
    """Each box of the identity part: its bold label paragraph and the items of the ordered
    list (or the "-" paragraph) that follows, as markdown-it parses them."""
    nodes = [n for n in parse(markdown).children]
    found: dict[str, list[str]] = {}
    for node, after in itertools.pairwise(nodes):
        label = paragraph_text(node)
        if label in BOX_LABELS:
            if after.type == "ordered_list":
                found[label] = [paragraph_text(item.children[0]) for item in after.children]
            else:
                found[label] = [paragraph_text(after)]
    return found


def test_identity_block_has_the_official_labels_and_values() -> None:
    md = sop_markdown(surat_masuk())
    ident = table_with(md, "Nomor SOP")
    labels = [ident.header[0], *(row[0] for row in ident.rows)]
    assert labels == IDENTITY_LABELS
    values = dict([tuple(ident.header), *((row[0], row[1]) for row in ident.rows)])
    assert values["Nomor SOP"] == "800/SOP.01/Setda/2018"
    assert values["Tanggal Pembuatan"] == "10 Juli 2018"  # long date, never ISO
    assert values["Tanggal Revisi"] == BLANK
    assert values["Disahkan oleh"] == "Sekretaris Daerah, Budi Santoso, NIP. 19700101 199001 1 001"
    boxes = _boxes(md)
    assert list(boxes) == BOX_LABELS
    # one item per line, numbered: an ordered list, never "1. ...; 2. ..." in one line
    assert boxes["Peralatan/Perlengkapan"] == ["Komputer", "Buku agenda"]
    assert boxes["Pencatatan dan Pendataan"] == ["Buku agenda", "Lembar disposisi"]
    assert boxes["Keterkaitan"] == ["Pengelolaan Surat Keluar"]


def test_the_kop_prints_the_organisation_lines_of_the_document() -> None:
    sop = surat_masuk()
    settings = DocumentSettings(government=("PEMERINTAH KABUPATEN WONOSOBO",),
                                unit_lines={"setda": ("SEKRETARIAT DAERAH", "BAGIAN UMUM")})
    doc = sop_document(sop, settings=settings, event=EVENT, unit=UNIT, logo=None,
                       approved=True)
    md = sop_markdown(sop, doc=doc)
    assert paragraphs(md)[0] == "PEMERINTAH KABUPATEN WONOSOBO\nSEKRETARIAT DAERAH\nBAGIAN UMUM"


def test_only_a_draft_says_draf_and_shows_its_status_and_kind() -> None:
    sop = surat_masuk()
    sop.classification = Classification(nature="administratif", activity="pelayanan")
    draft = sop_markdown(sop, status="uji coba")
    assert paragraphs(draft)[0] == "DRAF · Status: uji coba · Jenis SOP: administratif, pelayanan"
    approved = sop_markdown(sop, status="disahkan")
    text = "\n".join(paragraphs(approved))
    assert "DRAF" not in approved and "Status" not in text and "Jenis SOP" not in text
    assert "administratif" not in approved


def test_flowchart_table_contract() -> None:
    sop = surat_masuk()
    table = table_with(sop_markdown(sop), "No")
    assert table.header == [
        "No",
        "Kegiatan",
        "Pengadministrasi Umum",
        "Kasubbag Umum",
        "Sekretaris",
        "Kelengkapan",
        "Waktu",
        "Output",
        "Keterangan",
    ]
    assert len(table.rows) == len(sop.steps)
    for number, row in enumerate(table.rows, start=1):
        assert len(row) == 9
        assert row[0] == str(number)
        assert row[1] == sop.step(number).activity
        filled = [i for i, c in enumerate(row[2:5]) if c.strip()]
        assert filled == [sop.actors.index(sop.step(number).actor)], row
    assert table.rows[0][2] == "⬭ Mulai"
    assert table.rows[1][2] == "◇ Ya → 3; Tidak → 7"
    assert table.rows[3][4] == "▭"
    assert table.rows[5][3] == "▭ → 8"
    assert table.rows[7][2] == "⬭ Selesai"
    assert table.rows[0][5:] == ["Surat masuk", "5 menit", "Surat diterima", ""]


def test_total_time_is_printed_after_the_table() -> None:
    text = paragraphs(sop_markdown(surat_masuk()))[-1]
    assert text.startswith("Total waktu (jalur Ya): 1 hari kerja 1 jam 27 menit")
    assert "tercepat 17 menit" in text


def test_step_with_unlisted_actor_gets_its_own_column() -> None:
    sop = Sop(
        title="X",
        actors=["A"],
        steps=[Step("Mulai", "A", "start"), Step("Selesai", "B", "end")],
    )
    table = table_with(sop_markdown(sop), "No")
    assert table.header[2:4] == ["A", "B"]
    assert table.rows[1][2:4] == ["", "⬭ Selesai"]


def test_sop_without_steps_says_so() -> None:
    md = sop_markdown(Sop(title="Kosong"))
    assert "Belum ada langkah." in paragraphs(md)
    assert paragraphs(md)[-1] == "Total waktu: -"


def test_status_and_heading_level() -> None:
    md = sop_markdown(surat_masuk(), status="uji coba", heading_level=3)
    assert headings(md)[0] == (3, "Pengelolaan Surat Masuk")
    assert headings(md)[1] == (4, "Bagian Identitas")
    assert "DRAF · Status: uji coba" in paragraphs(md)


# -- the book ----------------------------------------------------------------------------------


def _records() -> list[SopRecord]:
    a = surat_masuk()
    b = surat_masuk()
    b.title = "Pengelolaan Surat Keluar"
    b.number = "800/SOP.02/Setda/2018"
    b.legal_basis = ["Undang-Undang Nomor 30 Tahun 2014"]
    c = surat_masuk()
    c.title = "SOP Lama"
    return [
        SopRecord(id="sop-1", sop=a, status="disahkan"),
        SopRecord(id="sop-2", sop=b, status="draf"),
        SopRecord(id="sop-3", sop=c, status="dicabut"),
    ]


def test_book_parts_in_order() -> None:
    md = book_markdown(UNIT, _records(), EVENT, year="2018")
    hs = headings(md)
    top = [text for level, text in hs if level <= 2]
    assert top == [
        "Standar Operasional Prosedur Administrasi Pemerintahan",
        "Keputusan Penetapan (draf)",
        "Daftar Isi",
        "Penjelasan Singkat",
        "Standar Operasional Prosedur",
    ]
    assert [t for level, t in hs if level == 3] == [
        "Catatan untuk Penyusun",
        "Ruang Lingkup",
        "Ringkasan",
        "Definisi",
        "Pengelolaan Surat Masuk",
        "Pengelolaan Surat Keluar",
    ]
    assert "SOP Lama" not in md  # retired SOPs are left out
    cover = paragraphs(md)[:3]
    assert cover == ["PEMERINTAH KABUPATEN WONOSOBO", "Sekretariat Daerah", "Tahun 2018"]


def test_book_cover_prints_the_government_lines_and_the_address() -> None:
    settings = DocumentSettings(government=("PEMERINTAH PROVINSI JAWA TENGAH",
                                            "KABUPATEN WONOSOBO"),
                                address="Jl. Sabuk Alu No. 2 Wonosobo",
                                unit_lines={"setda": ("SEKRETARIAT DAERAH", "BAGIAN ORGANISASI")})
    md = book_markdown(UNIT, _records(), EVENT, year="2018", settings=settings)
    assert paragraphs(md)[:4] == [
        "PEMERINTAH PROVINSI JAWA TENGAH\nKABUPATEN WONOSOBO",
        "SEKRETARIAT DAERAH\nBAGIAN ORGANISASI",
        "Jl. Sabuk Alu No. 2 Wonosobo",
        "Tahun 2018",
    ]


def test_book_contents_decree_and_summary() -> None:
    md = book_markdown(UNIT, _records(), EVENT, year="2018")
    contents = next(t for t in tables(md) if "Status" in t.header)
    assert contents.header == ["No", "Nomor SOP", "Nama SOP", "Status"]
    assert contents.rows == [
        ["1", "800/SOP.01/Setda/2018", "Pengelolaan Surat Masuk", "disahkan"],
        ["2", "800/SOP.02/Setda/2018", "Pengelolaan Surat Keluar", "draf"],
    ]
    summary = next(t for t in tables(md) if "Jumlah Langkah" in t.header)
    assert [r[1:4] for r in summary.rows] == [
        ["Pengelolaan Surat Masuk", "3", "8"],
        ["Pengelolaan Surat Keluar", "3", "8"],
    ]
    text = "\n".join(paragraphs(md))
    assert "KEPUTUSAN SEKRETARIS DAERAH SEKRETARIAT DAERAH KABUPATEN WONOSOBO" in text
    # Mengingat: the legal bases of the SOPs, each once.
    assert md.count("Undang-Undang Nomor 30 Tahun 2014") == 2  # decree + the SOP's own box
    # each SOP's flowchart table is in the book
    flowcharts = [t for t in tables(md) if t.header[:2] == ["No", "Kegiatan"]]
    assert len(flowcharts) == 2


def test_decree_author_merges_the_shared_word() -> None:
    unit = Unit(slug="dinkes", name="Dinas Kesehatan", head_position="Kepala Dinas")
    assert decree_author(unit, EVENT) == "Kepala Dinas Kesehatan Kabupaten Wonosobo"
    assert decree_author(Unit(slug="x", name="Kecamatan Garung"), Event()) == (
        "Kepala Kecamatan Garung"
    )


# -- Tabel 6 and the inventory -----------------------------------------------------------------


def _needs() -> list[NeedRow]:
    return [
        NeedRow(
            id="n1",
            tugas="Perencanaan",
            fungsi="Penyusunan program",
            uraian_tugas="Menyusun rencana kerja",
            kegiatan="Penyusunan Renja",
            output="Renja",
            aspek="Penyusunan",
            title="Penyusunan Renja",
        ),
        NeedRow(id="n2", output="Surat keluar", aspek="Pengelolaan", title="Pengelolaan Surat"),
    ]


def test_needs_markdown_is_tabel_6() -> None:
    md = needs_markdown(UNIT, _needs())
    assert headings(md) == [(1, "Formulir Identifikasi SOP AP Berdasarkan Tugas dan Fungsi")]
    t = table_with(md, "No")
    assert t.header == list(NEEDS_HEADER)
    assert t.rows[0] == [
        "1",
        "Perencanaan",
        "Penyusunan program",
        "Menyusun rencana kerja",
        "Penyusunan Renja",
        "Renja",
        "Penyusunan",
        "Penyusunan Renja",
    ]
    assert len(t.rows) == 2


def test_inventory_orders_titles_by_votes_and_finds_shared_titles() -> None:
    other = Unit(slug="dinkes", name="Dinas Kesehatan")
    other_rows = [NeedRow(id="m1", title="pengelolaan surat", aspek="Pengelolaan")]
    votes = [Vote("setda", "a", "n2", 2), Vote("dinkes", "b", "m1", 1), Vote("setda", "c", "n2", 1)]
    md = inventory_markdown([(UNIT, _needs()), (other, other_rows)], votes)
    titles = next(t for t in tables(md) if "Suara" in t.header)
    assert [(r[1], r[2], r[5]) for r in titles.rows] == [
        ("Pengelolaan Surat", "Sekretariat Daerah", "3"),
        ("pengelolaan surat", "Dinas Kesehatan", "1"),
        ("Penyusunan Renja", "Sekretariat Daerah", "0"),
    ]
    recap = table_with(md, "No")
    assert recap.header == ["No", "Unit", "Jumlah Kebutuhan", "Sudah Menjadi Draf"]
    assert [r[1:3] for r in recap.rows] == [["Sekretariat Daerah", "2"], ["Dinas Kesehatan", "1"]]
    assert ("2", "Judul yang Sama di Beberapa Unit") in [(str(lv), t) for lv, t in headings(md)]
    per_unit = [t for t in tables(md) if t.header == list(NEEDS_HEADER)]
    assert [len(t.rows) for t in per_unit] == [2, 1]


def test_inventory_counts_votes_per_unit_when_need_ids_repeat() -> None:
    # need ids are unique only inside a unit: "k-001" exists in both units here
    a = Unit(slug="disdik", name="Dinas Pendidikan")
    b = Unit(slug="dinkes", name="Dinas Kesehatan")
    rows_a = [NeedRow(id="k-001", title="Penyusunan Renja", aspek="Penyusunan")]
    rows_b = [NeedRow(id="k-001", title="Pelayanan Imunisasi", aspek="Pelaksanaan")]
    votes = [Vote("disdik", "m1", "k-001", 3), Vote("dinkes", "m2", "k-001", 1)]
    md = inventory_markdown([(a, rows_a), (b, rows_b)], votes)
    titles = next(t for t in tables(md) if "Suara" in t.header)
    assert [(r[1], r[5]) for r in titles.rows] == [
        ("Penyusunan Renja", "3"),
        ("Pelayanan Imunisasi", "1"),
    ]


# -- Tabel 7 and evaluation --------------------------------------------------------------------


def test_monitoring_markdown_is_tabel_7() -> None:
    records = _records()
    records[0].monitoring = [
        MonitoringRow("2018-S1", "Tidak berjalan dengan baik", "lama", "revisi", "RS"),
        MonitoringRow("2018-S2", "Berjalan dengan baik", "lancar", "", "AB", ["observasi"]),
    ]
    md = monitoring_markdown(UNIT, records)
    t = table_with(md, "No")
    assert t.header == list(MONITORING_HEADER)
    assert t.rows == [
        ["1", "Pengelolaan Surat Masuk", "Berjalan dengan baik", "lancar", "", "AB"],
        # a blank row is the form: both assessments printed, one to be struck out
        ["2", "Pengelolaan Surat Keluar", "Berjalan dengan baik / Tidak berjalan dengan baik",
         "", "", ""],
    ]
    assert "Periode: Semester II 2018" in "\n".join(paragraphs(md))  # the latest period
    older = table_with(monitoring_markdown(UNIT, records, "2018-S1"), "No")
    assert older.rows[0][2:6] == ["Tidak berjalan dengan baik", "lama", "revisi", "RS"]
    assert "Periode: Semester I 2018" in "\n".join(
        paragraphs(monitoring_markdown(UNIT, records, "2018-S1"))
    )


def test_monitoring_form_without_rows_is_for_the_current_semester() -> None:
    from datetime import date

    md = monitoring_markdown(UNIT, _records(), today=date(2026, 12, 6))
    assert "Periode: Semester II 2026" in "\n".join(paragraphs(md))
    assert "terakhir" not in md
    rows = table_with(md, "No").rows
    assert all(r[2] == "Berjalan dengan baik / Tidak berjalan dengan baik" for r in rows)


def test_evaluation_markdown_seven_questions_and_share() -> None:
    records = _records()
    records[0].evaluations = [
        Evaluation(
            "2018-12-01",
            [True] * 5 + [False] * 2,
            ["", "", "", "", "", "x | y", ""],
            "revisi",
            "dua kriteria belum",
        )
    ]
    md = evaluation_markdown(UNIT, records, QUESTIONS)
    recap = table_with(md, "No")
    assert recap.header == ["No", "Nama SOP", "Tanggal", "Jawaban Ya", "Persentase Ya", "Keputusan"]
    assert recap.rows[0] == [
        "1",
        "Pengelolaan Surat Masuk",
        "2018-12-01",
        "5 dari 7",
        "71%",
        "revisi",
    ]
    assert recap.rows[1][2:] == ["-", "-", "-", "-"]
    per_sop = [t for t in tables(md) if t.header == ["No", "Pertanyaan", "Ya", "Tidak", "Catatan"]]
    assert len(per_sop) == 2 and all(len(t.rows) == 7 for t in per_sop)
    assert per_sop[0].rows[0][2:4] == ["✓", ""]
    assert per_sop[0].rows[5] == ["6", "Pertanyaan 6", "", "✓", "x | y"]
    assert per_sop[1].rows[0][2:4] == ["", ""]


# -- minutes and report ------------------------------------------------------------------------


def test_minutes_markdown_sections_and_tables() -> None:
    members = [
        Member("m1", "setda", "Ani", position="Kasubbag Umum", role="ketua"),
        Member("m2", "setda", "Budi", position="Staf"),
        Member("m3", "dinkes", "Citra"),
    ]
    units = [UNIT, Unit(slug="dinkes", name="Dinas Kesehatan")]
    session = Session(
        id="s1",
        title="Hari 1: Penilaian Kebutuhan",
        date="2018-07-10",
        agenda=[AgendaItem("Identifikasi output", "kebutuhan", 90)],
        attended_members=["m1", "m2"],
        attended_units=["dinkes"],
        decisions=["Tabel 6 selesai minggu depan"],
        actions=[ActionItem("Lengkapi Tabel 6", "setda", "2018-07-17")],
        guests=["Inspektorat"],
    )
    md = minutes_markdown(
        EVENT,
        session,
        units,
        members,
        {"setda": ["SOP Surat Masuk (draf)", "Tabel 6"]},
        stage_names={"kebutuhan": "Penilaian Kebutuhan"},
    )
    assert [t for lv, t in headings(md) if lv == 2] == [
        "Daftar Hadir",
        "Agenda",
        "Keputusan",
        "Tindak Lanjut",
        "Hasil per Unit",
        "Tanda Tangan",
    ]
    attendance = table_with(md, "No")
    assert attendance.rows == [
        ["1", "Dinas Kesehatan", "-", "-", "-"],
        ["2", "Sekretariat Daerah", "Ani", "Kasubbag Umum", "Ketua"],
        ["3", "Sekretariat Daerah", "Budi", "Staf", "Anggota"],
    ]
    agenda = next(t for t in tables(md) if "Agenda" in t.header)
    assert agenda.rows == [["1", "Identifikasi output", "Penilaian Kebutuhan", "90", ""]]
    actions = next(t for t in tables(md) if "Tenggat" in t.header)
    assert actions.rows == [["1", "Lengkapi Tabel 6", "Sekretariat Daerah", "2018-07-17", "belum"]]
    results = next(t for t in tables(md) if "Yang Dihasilkan" in t.header)
    assert results.rows == [
        ["1", "Dinas Kesehatan", "-"],
        ["2", "Sekretariat Daerah", "SOP Surat Masuk (draf); Tabel 6"],
    ]
    text = "\n".join(paragraphs(md))
    assert "Pada tanggal 10 Juli 2018, bertempat di Aula Setda" in text
    signers = next(t for t in tables(md) if "Kedudukan" in t.header).rows
    assert [r[1:3] for r in signers] == [["Fasilitator", "Rina (Biro Organisasi)"],
                                         ["Notulis", "........"]]
    assert "Undangan lain: Inspektorat." in text
    assert "1. Tabel 6 selesai minggu depan" in md


def test_report_markdown_progress_annex_in_percent() -> None:
    from workshop.export.markdown import UnitFacts
    from workshop.regulations import load_register

    stages = [("persiapan", "Persiapan"), ("kebutuhan", "Penilaian Kebutuhan")]
    progress = UnitReport(UNIT, {"persiapan": 100, "kebutuhan": 40}, needs=5, sops=3, approved=1)
    md = report_markdown(EVENT, [UnitFacts(UNIT, progress)], [], stages, load_register())
    t = next(t for t in tables(md) if "Persiapan" in t.header)
    assert t.header == ["No", "Unit", "Persiapan", "Penilaian Kebutuhan", "SOP", "Disahkan"]
    assert t.rows == [["1", "Sekretariat Daerah", "100%", "40%", "3", "1"]]
    assert "■" not in md and "□" not in md


def test_unit_report_counts_each_stage() -> None:
    unit = Unit(slug="setda", name="Setda", readiness=["a", "b"])
    records = _records()
    records[0].implementation = []
    records[0].status = "diterapkan"
    records[0].monitoring = [MonitoringRow("2018-S2", "Berjalan dengan baik")]
    needs = [
        NeedRow(id="n1", title="A", sop_id="sop-1"),
        NeedRow(id="n2", title=""),
        NeedRow(id="n3", title="C"),
    ]
    p = unit_report(unit, members=[], needs=needs, records=records, readiness_total=4)
    # persiapan 2/4; kebutuhan 50 + 2/3 of 50; pengembangan (100 + 25 + 0 for n3) / 3;
    # penerapan 1 of 1 approved is applied; monev 1 of 1 monitored.
    assert p.stages == {
        "persiapan": 50,
        "kebutuhan": 83,
        "pengembangan": 42,
        "penerapan": 100,
        "monev": 100,
    }
    assert (p.needs, p.sops, p.approved) == (3, 2, 1)


def test_produced_in_session_reads_the_log_window() -> None:
    session = Session(
        id="s1", title="Hari 1", started_at="2018-07-10T08:00:00", ended_at="2018-07-10T16:00:00"
    )
    log = [
        LogEntry("2018-07-10T07:00:00", "setda", "sop.edit", "setda", "sop-1"),  # before
        LogEntry("2018-07-10T09:00:00", "setda", "sop.edit", "setda", "sop-2"),
        LogEntry("2018-07-10T09:30:00", "setda", "sop.edit", "setda", "sop-2"),
        LogEntry("2018-07-10T10:00:00", "setda", "need.update", "setda", "n1"),
        LogEntry("2018-07-10T17:00:00", "setda", "sop.edit", "setda", "sop-1"),  # after
    ]
    produced = produced_in_session(session, log, {"setda": _records()})
    assert produced == {"setda": ["SOP Pengelolaan Surat Keluar (draf)", "1 perubahan Tabel 6"]}
    assert produced_in_session(Session(id="s2", title="x"), log, {}) == {}


def test_blank_title_gets_a_placeholder_heading() -> None:
    assert headings(sop_markdown(Sop(title=" \n\t")))[0] == (1, "SOP tanpa judul")


def test_monitoring_and_evaluation_show_names_instead_of_ids() -> None:
    records = _records()
    records[0].monitoring = [
        MonitoringRow(
            "2018-S2", "Berjalan dengan baik", "lancar", "", "AB", ["observasi_supervisor"]
        )
    ]
    md = monitoring_markdown(
        UNIT, records, method_names={"observasi_supervisor": "Observasi supervisor"}
    )
    assert "Metode monitoring: Observasi supervisor." in md
    assert "observasi_supervisor" not in md
    records[0].evaluations = [
        Evaluation("2019-01-10", [True] * 5 + [False] * 2, decision="revisi", reason="perlu")
    ]
    ev = evaluation_markdown(UNIT, records, ["q"] * 7, decision_names={"revisi": "Direvisi"})
    assert "Keputusan: Direvisi" in ev
    summary = table_with(ev, "No")
    assert summary.header[-1] == "Keputusan"
    assert summary.rows[0][-1] == "Direvisi"


def test_inventory_ranks_equal_votes_by_the_facilitators_score() -> None:
    unit = Unit(slug="disdik", name="Dinas Pendidikan")
    rows = [
        NeedRow(id="k-001", title="Penyusunan Renja", urgency=1, frequency=1, risk=1),
        NeedRow(id="k-002", title="Pelayanan Mutasi Siswa", urgency=3, frequency=2, risk=3),
        NeedRow(id="k-003", title="Pengelolaan Arsip"),
    ]
    votes = [Vote("disdik", "m1", "k-003", 2)]
    md = inventory_markdown([(unit, rows)], votes)
    titles = next(t for t in tables(md) if "Suara" in t.header)
    assert titles.header[-1] == "Skor"
    assert [(r[1], r[5], r[6]) for r in titles.rows] == [
        ("Pengelolaan Arsip", "2", "0"),
        ("Pelayanan Mutasi Siswa", "0", "8"),
        ("Penyusunan Renja", "0", "3"),
    ]
