"""The paperwork of every stage (issue 20): SK Tim, Keputusan, berita acara, reviu, penerapan,
keputusan atas SOP lama and the laporan akhir, exported from the command line and parsed back
with markdown-it-py; bad input still gives a document with "........" where a person writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.tree import SyntaxTreeNode
from test_export_support import headings, paragraphs, parse, tables

from workshop import cli, documents
from workshop.datetext import BLANK
from workshop.demo import create_demo
from workshop.model import ExistingSop, Session, Sop
from workshop.regulations import KINDS, parse_citation
from workshop.store import Store

NEW_DOCUMENTS = ("sk-tim", "berita-acara", "keputusan", "keputusan-lama", "reviu", "penerapan")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("paperwork") / "demo"
    create_demo(folder)
    return folder


def export(folder: Path, what: str, out: Path, fmt: str = "md", unit: str | None = None) -> int:
    args = ["export", str(folder), "--what", what, "--format", fmt, "--out", str(out)]
    if unit:
        args += ["--unit", unit]
    return cli.main(args)


def read(out: Path, name: str) -> str:
    return (out / name).read_text(encoding="utf-8")


def top_level(markdown: str) -> list[SyntaxTreeNode]:
    return list(parse(markdown).children)


def _text(node: SyntaxTreeNode) -> str:
    return "".join(c.content for c in node.walk() if c.type == "text")


def list_after(markdown: str, label: str) -> list[str]:
    """The items of the list that follows the paragraph starting with ``label``."""
    nodes = top_level(markdown)
    for i, node in enumerate(nodes):
        if node.type == "paragraph" and _text(node).startswith(label):
            following = nodes[i + 1]
            assert following.type in ("ordered_list", "bullet_list")
            return [_text(item) for item in following.children]
    raise AssertionError(f"no list after {label!r}")


def test_every_new_document_is_declared_with_a_builder() -> None:
    for key in NEW_DOCUMENTS:
        assert documents.find(key) is not None, key
    assert {"laporan", "monitoring", "evaluasi", "notulen"} <= set(documents.keys())


@pytest.mark.parametrize("what", [d.key for d in documents.DOCUMENTS if d.key != "sop"])
def test_the_demo_exports_every_document_in_markdown_and_html(
    demo: Path, tmp_path: Path, what: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for fmt in ("md", "html"):
        out = tmp_path / fmt
        assert export(demo, what, out, fmt) == 0
        files = sorted(out.iterdir())
        assert files and all(f.suffix == f".{fmt}" for f in files)
        for f in files:
            text = f.read_text(encoding="utf-8")
            assert "Traceback" not in text
            if fmt == "md":
                assert headings(text), f.name
            else:
                assert "<h1>" in text, f.name
    capsys.readouterr()


def test_keputusan_mengingat_is_ordered_unique_and_the_replaced_law_is_flagged(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export(demo, "keputusan", tmp_path, unit="Badan Kepegawaian Daerah") == 0
    md = read(tmp_path, "keputusan-badan-kepegawaian-daerah.md")
    items = list_after(md, "Mengingat")
    keys = [(c.form.casefold(), c.number, c.year) for c in map(parse_citation, items)]
    assert len(keys) == len(set(keys)), "a regulation appears twice in Mengingat"
    ranks = [KINDS[parse_citation(i).kind or "perkada"][0] for i in items]
    assert ranks == sorted(ranks), "Mengingat is not in the order of the hierarchy"
    assert sum("Nomor 35 Tahun 2012" in i for i in items) == 1
    assert not any("Undang-Undang Nomor 5 Tahun 2014" in i for i in items)
    assert any(i.startswith("Undang-Undang Nomor 20 Tahun 2023") for i in items)
    note = next(p for p in md.split("\n") if "Nomor 5 Tahun 2014" in p)
    assert "diganti dengan Undang-Undang Nomor 20 Tahun 2023" in note
    assert "Penerbitan Keputusan Kenaikan Gaji Berkala" in note
    capsys.readouterr()


def test_keputusan_letter_form(demo: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    assert export(demo, "keputusan", tmp_path, unit="Dinas Kesehatan") == 0
    md = read(tmp_path, "keputusan-dinas-kesehatan.md")
    text = paragraphs(md)
    assert text[0] == "PEMERINTAH KABUPATEN WONOSOBO\nDINAS KESEHATAN"  # letterhead
    assert headings(md)[0] == (1, "KEPUTUSAN KEPALA DINAS KESEHATAN KABUPATEN WONOSOBO")
    menimbang = next(p for p in text if p.startswith("Menimbang"))
    assert [line[:9] for line in menimbang.split("\n")[1:]] == ["a. bahwa ", "b. bahwa ",
                                                                 "c. bahwa "]
    diktum = [p.split(" : ")[0] for p in text if p.split(" : ")[0] in
              ("KESATU", "KEDUA", "KETIGA", "KEEMPAT")]
    assert diktum == ["KESATU", "KEDUA", "KETIGA", "KEEMPAT"]
    assert "KESATU:" not in md and "1. KESATU" not in md
    assert "MEMUTUSKAN:" in text
    assert any(p.startswith("Menetapkan : KEPUTUSAN KEPALA DINAS KESEHATAN") for p in text)
    assert "Ditetapkan di Wonosobo\npada tanggal ........" in text
    assert f"{BLANK}\nNIP {BLANK}" in text  # the signing official's name and NIP, by hand
    lampiran = next(t for t in tables(md) if t.header == ["No", "Nomor SOP", "Nama SOP"])
    assert ["Penerbitan Rekomendasi Izin Praktik Bidan" in r for r in lampiran.rows].count(True)
    capsys.readouterr()


def test_sk_tim_lists_the_team_and_the_recorded_decree(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export(demo, "sk-tim", tmp_path, unit="Dinas Pendidikan") == 0
    md = read(tmp_path, "sk-tim-dinas-pendidikan.md")
    text = paragraphs(md)
    assert any(p.startswith("NOMOR 800/215/2018\nTENTANG\nPEMBENTUKAN TIM PENYUSUN") for p in text)
    assert "Ditetapkan di Wonosobo\npada tanggal 18 Juni 2018" in text
    team = next(t for t in tables(md) if "Kedudukan dalam Tim" in t.header)
    assert [r[1] for r in team.rows] == [
        "Sugeng Riyadi (contoh)", "Endah Kusumawati (contoh)", "Wahyu Nugroho (contoh)",
        "Fitri Rahmawati (contoh)",
    ]
    assert [r[4] for r in team.rows] == ["Ketua", "Sekretaris", "Anggota", "Anggota"]
    assert team.rows[0][2] == "197004151995031002"
    mengingat = list_after(md, "Mengingat")
    assert [parse_citation(i).kind for i in mengingat] == ["uu", "uu", "permen"]
    capsys.readouterr()


def test_berita_acara_has_one_signature_line_per_attending_unit(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(demo)
    day_one = store.session("hari-1")
    attending = {m.unit for m in store.members() if m.id in day_one.attended_members}
    attending |= set(day_one.attended_units)
    assert export(demo, "berita-acara", tmp_path) == 0
    (md_file,) = [f for f in tmp_path.iterdir() if "hari-1" in f.name]
    md = md_file.read_text(encoding="utf-8")
    signers = next(t for t in tables(md) if "Tanda Tangan" in t.header).rows
    units = [r for r in signers if r[1] == "Wakil Unit"]
    assert len(units) == len(attending) == 7
    assert [r[1] for r in signers].count("Fasilitator") == 2
    assert all(r[2] != BLANK for r in units)  # each unit's team leader is named
    results = next(t for t in tables(md) if "Hasil Sesi" in t.header).rows
    dinkes = next(r for r in results if r[1] == "Dinas Kesehatan")
    assert "komentar reviu SOP Pengelolaan Pengaduan Pelayanan Kesehatan" in dinkes[2]
    assert all(r[2] != "-" for r in results)
    capsys.readouterr()


def test_reviu_penerapan_and_existing_decisions_leave_the_app(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export(demo, "reviu", tmp_path / "r", unit="Dinas Kesehatan") == 0
    md = read(tmp_path / "r", "reviu-dinas-kesehatan.md")
    comments = next(t for t in tables(md) if "Komentar" in t.header)
    assert len(comments.rows) == 3 and all(r[5] == "belum" for r in comments.rows)
    assert export(demo, "penerapan", tmp_path / "p", unit="Diskominfo") == 0
    md = read(tmp_path / "p", "penerapan-dinas-komunikasi-dan-informatika.md")
    done = next(t for t in tables(md) if "Kegiatan" in t.header)
    assert [r[3] for r in done.rows] == ["Sosialisasi", "Pelatihan", "Distribusi"]
    assert done.rows[0][1] == "20 Maret 2018"
    assert export(demo, "keputusan-lama", tmp_path / "k", unit="Dinas Kesehatan") == 0
    md = read(tmp_path / "k", "keputusan-sop-lama-dinas-kesehatan.md")
    decided = next(t for t in tables(md) if "Keputusan" in t.header)
    assert [r[2] for r in decided.rows] == ["Direvisi", "Direvisi", "Dicabut", "Diganti",
                                            "Dipertahankan"]
    assert decided.rows[0][4].startswith("Disusun ulang: ")
    capsys.readouterr()


def test_laporan_lists_every_units_sops_with_their_numbers(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from workshop.export.markdown import REPORT_CHAPTERS
    from workshop.status import is_retired

    assert export(demo, "laporan", tmp_path) == 0
    md = read(tmp_path, "laporan.md")
    assert [t for level, t in headings(md) if level == 2] == [
        f"{i}. {c}" if c != "Tanda Tangan" else c
        for i, c in enumerate(REPORT_CHAPTERS, start=1)
    ]
    store = Store.open(demo)
    unit_tables = [t for t in tables(md) if t.header == ["No", "Nomor SOP", "Nama SOP", "Status",
                                                         "Asal"]]
    units = store.units()
    assert len(unit_tables) == len(units)
    for u, t in zip(units, unit_tables, strict=True):
        live = [r for r in store.sops(u.slug) if not is_retired(r.status)]
        assert [row[2] for row in t.rows] == [r.sop.title for r in live]
        assert [row[1] for row in t.rows] == [r.sop.number or BLANK for r in live]
    assert "■" not in md
    assert "Undang-Undang Nomor 5 Tahun 2014 diganti Undang-Undang Nomor 20 Tahun 2023" in md
    capsys.readouterr()


# -- bad input ---------------------------------------------------------------------------------


@pytest.fixture
def rough(tmp_path: Path) -> Path:
    """A unit without head, team or SK; a session nobody attended; an unknown regulation."""
    store = Store.create(tmp_path / "ws", "Uji dokumen")
    unit = store.add_unit("Dinas Tanpa Kepala")
    store.add_session(Session(id="s1", title="Klinik", date=None))
    store.add_sop(unit.slug, Sop(title="Pelayanan Contoh", legal_basis=[
        "Peraturan Bupati Contoh Nomor 9 Tahun 2099 tentang Hal yang Tidak Ada",
        "dasar hukum menyusul",
    ]))
    store.add_existing_sop(unit.slug, ExistingSop(id="", title="SOP Lama"))
    return tmp_path / "ws"


@pytest.mark.parametrize("what", [d.key for d in documents.DOCUMENTS])
def test_bad_input_still_gives_the_document(
    rough: Path, tmp_path: Path, what: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export(rough, what, tmp_path / "out") == 0
    err = capsys.readouterr().err
    # the SOP without steps fails check: a warning, never an error or a traceback
    assert all(line.startswith("Peringatan: ") for line in err.splitlines()), err
    assert list((tmp_path / "out").iterdir())


def test_bad_input_shows_blanks_where_a_person_writes(
    rough: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for what in ("sk-tim", "keputusan", "berita-acara"):
        assert export(rough, what, tmp_path / what) == 0
    sk = read(tmp_path / "sk-tim", "sk-tim-dinas-tanpa-kepala.md")
    team = next(t for t in tables(sk) if "Kedudukan dalam Tim" in t.header)
    assert team.rows == [["1", BLANK, BLANK, BLANK, "Ketua"]]
    assert any(p.startswith(f"NOMOR {BLANK}") for p in paragraphs(sk))
    assert f"Ditetapkan di {BLANK}\npada tanggal {BLANK}" in paragraphs(sk)
    kep = read(tmp_path / "keputusan", "keputusan-dinas-tanpa-kepala.md")
    items = list_after(kep, "Mengingat")
    assert items[-2:] == [
        "Peraturan Bupati Contoh Nomor 9 Tahun 2099 tentang Hal yang Tidak Ada;",
        "dasar hukum menyusul;",
    ]
    assert "tidak ada dalam daftar regulasi" in kep
    (ba,) = list((tmp_path / "berita-acara").iterdir())
    md = ba.read_text(encoding="utf-8")
    signers = next(t for t in tables(md) if "Tanda Tangan" in t.header).rows
    assert signers[0][1:3] == ["Fasilitator", BLANK]
    assert signers[1][1:4] == ["Wakil Unit", BLANK, "Dinas Tanpa Kepala"]
    assert any(p.startswith(f"Pada tanggal {BLANK}") for p in paragraphs(md))
    assert "Daftar hadir sesi ini belum diisi" in md
    capsys.readouterr()


def test_the_notulen_of_day_one_shows_what_each_unit_produced_and_a_signature_block(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo's log starts at its import; the results come from the records dated that day."""
    assert export(demo, "notulen", tmp_path) == 0
    (md_file,) = [f for f in tmp_path.iterdir() if "hari-1" in f.name]
    md = md_file.read_text(encoding="utf-8")
    results = next(t for t in tables(md) if "Yang Dihasilkan" in t.header).rows
    assert len(results) == 7 and all(r[2] != "-" for r in results)
    assert "Tanda Tangan" in [text for _, text in headings(md)]
    capsys.readouterr()


def test_the_book_decree_cites_each_regulation_once_in_letter_form() -> None:
    from workshop.export.markdown import book_markdown
    from workshop.model import Event, SopRecord, Unit

    long_form = (
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 35 Tahun "
        "2012 tentang Pedoman Penyusunan Standar Operasional Prosedur Administrasi Pemerintahan"
    )
    sop = Sop(title="Pelayanan Contoh", legal_basis=[long_form])
    md = book_markdown(Unit("u", "Dinas Contoh", head_position="Kepala Dinas"),
                       [SopRecord("s1", sop)], Event(), year="2026")
    items = list_after(md, "Mengingat")
    assert sum("Nomor 35 Tahun 2012" in i for i in items) == 1
    assert "1. KESATU" not in md
    assert "KESATU : Menetapkan" in paragraphs(md)[paragraphs(md).index("MEMUTUSKAN:") + 2]
