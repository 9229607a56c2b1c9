"""PDF export, read back with pypdf as a person would read the page: what it says, how many
pages, the page numbers, the DRAF mark, the book's daftar isi; and bad input never leaves a
half-written file."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_export_support import long_sop, surat_masuk

from workshop import documents
from workshop.cli import main
from workshop.docsettings import PAPERS, DocumentSettings
from workshop.export.flow_layout import flow_pages
from workshop.export.pdf.fonts import FONT_DIR, REPLACEMENT
from workshop.export.pdf.markdown import markdown_pdf
from workshop.export.pdf.sop import sop_pdf as draw_sop_pdf
from workshop.export.sop_document import sop_document
from workshop.exporting import DocumentContext, ExportFailed, document_context, render_sop
from workshop.model import Event, Session, Sop, Step
from workshop.sopfile import save_sop
from workshop.store import Store


def pages_text(data: bytes | Path) -> list[str]:
    """The text of every page, whitespace collapsed (wrapped lines joined by a space)."""
    reader = PdfReader(data if isinstance(data, Path) else __import__("io").BytesIO(data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def export(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["export", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def sop_pdf(sop: Sop, *, approved: bool, context: DocumentContext | None = None) -> bytes:
    """One SOP as a PDF, as the export makes it (the default settings unless given)."""
    made = render_sop(sop, "pdf", approved=approved,
                      context=context or document_context(DocumentSettings()))
    assert isinstance(made, bytes)
    return made


def approved(sop: Sop) -> Sop:
    done = dataclasses.replace(sop)
    done.dates = dataclasses.replace(sop.dates, effective="2018-07-09")
    return done


# -- one SOP -----------------------------------------------------------------------------------


@pytest.mark.parametrize("sop", [surat_masuk(), long_sop(12), long_sop(26)],
                         ids=["surat-masuk", "12-langkah", "26-langkah"])
def test_every_activity_actor_and_mutu_baku_value_is_in_the_pdf(
    sop: Sop, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "sop.yaml"
    save_sop(sop, source)
    target = tmp_path / "sop.pdf"
    code, out, _err = export(capsys, str(source), "--format", "pdf", "-o", str(target))
    assert code == 0 and out.strip() == str(target)
    text = " ".join(pages_text(target))
    for step in sop.steps:
        assert " ".join(step.activity.split()) in text
        assert step.actor in text
        for value in (*step.requirements, step.time, step.output, step.note):
            assert " ".join(value.split()) in text


@pytest.mark.parametrize("steps", [3, 12, 26, 45])
@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.key)
def test_page_count_is_the_kop_page_and_the_layouts_pages(steps: int, paper: object) -> None:
    sop = long_sop(steps)
    context = document_context(DocumentSettings(paper=paper.key))  # type: ignore[attr-defined]
    pages = pages_text(sop_pdf(sop, context=context, approved=False))
    flow = flow_pages(sop, paper)  # type: ignore[arg-type]
    assert len(pages) == 1 + len(flow)
    assert all(f"Halaman {i} dari {len(pages)}" in text for i, text in enumerate(pages, 1))
    # The flowchart header is on every flowchart page, each step on the page the layout says.
    for page, text in zip(flow, pages[1:], strict=True):
        assert "Kegiatan" in text and "Mutu Baku" in text and "Keterangan" in text
        assert f"Mengerjakan kegiatan {page.steps[-1]}" in text or page.steps[-1] % 7 == 0


def test_a_26_step_sop_runs_over_pages_with_lettered_connectors() -> None:
    sop = long_sop(26)
    flow = flow_pages(sop, PAPERS[0])
    assert len(flow) >= 2
    pages = pages_text(sop_pdf(sop, approved=False))
    letters = [cut.letter for page in flow for cut in page.outgoing]
    assert letters
    for page, text in zip(flow, pages[1:], strict=True):
        for cut in (*page.outgoing, *page.incoming):
            assert re.search(rf"\b{cut.letter}\b", text)


def test_draf_only_on_drafts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft, final = tmp_path / "draf.yaml", tmp_path / "sah.yaml"
    save_sop(surat_masuk(), draft)
    save_sop(approved(surat_masuk()), final)
    for source in (draft, final):
        code, _, _ = export(capsys, str(source), "--format", "pdf", "-o",
                            str(source.with_suffix(".pdf")))
        assert code == 0
    draft_pages = pages_text(draft.with_suffix(".pdf"))
    final_pages = pages_text(final.with_suffix(".pdf"))
    assert all("DRAF" in text for text in draft_pages)
    assert not any("DRAF" in text for text in final_pages)
    assert not any("Status" in text or "Jenis SOP" in text for text in final_pages)


def test_the_kop_has_org_lines_dates_signature_and_boxes_numbered() -> None:
    sop = approved(surat_masuk())
    sop.number = "800/SOP.01/2018"
    sop.approval.name = "Budi Santoso"
    sop.approval.nip = "197001011990031001"
    settings = DocumentSettings(government=("PEMERINTAH KABUPATEN WONOSOBO",))
    event = Event(host_government="Pemerintah Kabupaten Wonosobo")
    doc = sop_document(sop, settings=settings, event=event, unit=None, logo=None, approved=True)
    first = pages_text(draw_sop_pdf(doc, flow_pages(sop, doc.paper)))[0]
    for expected in ("PEMERINTAH KABUPATEN WONOSOBO", "Nomor SOP 800/SOP.01/2018",
                     "Tanggal Efektif 9 Juli 2018", "Disahkan oleh", "Budi Santoso",
                     "NIP. 197001011990031001", "Nama SOP Pengelolaan Surat Masuk",
                     "Dasar Hukum", "Kualifikasi Pelaksana", "Peringatan"):
        assert expected in first
    for n, basis in enumerate(sop.legal_basis, start=1):
        assert f"{n}. {' '.join(basis.split())}" in first


# -- bad input ---------------------------------------------------------------------------------


def test_text_outside_the_font_is_replaced_not_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sop = surat_masuk()
    sop.steps[1].activity = "Mencatat surat 漢字 \U0001f600 dan arsip\x07 ke buku"
    source = tmp_path / "aneh.yaml"
    sop_path = tmp_path / "aneh.pdf"
    save_sop(sop, source)
    code, _, _ = export(capsys, str(source), "--format", "pdf", "-o", str(sop_path))
    assert code == 0
    text = " ".join(pages_text(sop_path))
    assert "Mencatat surat" in text and "dan arsip ke buku" in text
    assert REPLACEMENT in text


@pytest.mark.parametrize("logo", ["hilang.png", "rusak.png"])
def test_a_missing_or_broken_logo_gives_a_pdf_without_logo(tmp_path: Path, logo: str) -> None:
    (tmp_path / "rusak.png").write_bytes(b"\x89PNG\r\n\x1a\n bukan gambar")
    sop = surat_masuk()
    doc = sop_document(sop, settings=DocumentSettings(), event=Event(), unit=None,
                       logo=tmp_path / logo, approved=False)
    pages = pages_text(draw_sop_pdf(doc, flow_pages(sop, doc.paper)))
    assert "Pengelolaan Surat Masuk" in pages[0]


def test_an_unknown_paper_size_is_refused_with_a_message() -> None:
    with pytest.raises(ExportFailed, match="Ukuran kertas 'b5' tidak dikenal"):
        document_context(DocumentSettings(paper="b5"))


def test_a_failing_renderer_leaves_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    workshop = tmp_path / "ws"
    store = Store.create(workshop, "Uji")
    unit = store.add_unit("Sekretariat Daerah")
    for _ in range(3):
        store.add_sop(unit.slug, surat_masuk())
    calls = []

    def broken(*args: object, **kwargs: object) -> bytes:
        calls.append(1)
        if len(calls) == 2:
            raise ValueError("gambar rusak di tengah jalan")
        return b"%PDF-1.4 ok"

    monkeypatch.setattr("workshop.export.pdf.sop.sop_pdf", broken)
    out = tmp_path / "hasil"
    code, _, err = export(capsys, str(workshop), "--format", "pdf", "--out", str(out))
    assert code == 1
    assert "tidak dapat ditulis" in err and "Traceback" not in err
    written = sorted(p.name for p in out.rglob("*") if p.is_file())
    assert all(not name.startswith(".tmp-") for name in written)
    assert len(written) == 1  # the first file, whole; nothing of the second


def test_a_pdf_is_not_written_to_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "sop.yaml"
    save_sop(surat_masuk(), source)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    code, out, err = export(capsys, str(source), "--format", "pdf")
    assert code == 1 and out == ""
    assert "-o BERKAS.pdf" in err


# -- a workshop: every document, the book --------------------------------------------------------


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    path = tmp_path / "wonosobo"
    store = Store.create(path, "Pendampingan SOP AP Wonosobo 2018")
    store.update_event(host_government="Pemerintah Kabupaten Wonosobo", start_date="2018-07-10")
    unit = store.add_unit("Sekretariat Daerah", head_position="Sekretaris Daerah")
    store.add_sop(unit.slug, surat_masuk(), status="disahkan")
    store.add_sop(unit.slug, long_sop(26))
    second = long_sop(12)
    second.title = "SOP Dua Belas Langkah"
    store.add_sop(unit.slug, second, status="uji coba")
    store.add_session(Session(id="", title="Hari 1", date="2018-07-10",
                              attended_units=[unit.slug]))
    return path


def test_every_document_comes_out_as_pdf(
    workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "pdf" in documents.format_keys()
    for document in documents.DOCUMENTS:
        out = tmp_path / document.key
        code, stdout, err = export(capsys, str(workshop), "--format", "pdf", "--what",
                                   document.key, "--out", str(out))
        assert code == 0, err
        files = [Path(line) for line in stdout.splitlines()[:-1]]
        assert files and all(f.suffix == ".pdf" for f in files)
        for f in files:
            pages = pages_text(f)
            assert pages and all(f"dari {len(pages)}" in text for text in pages)


def test_the_book_daftar_isi_gives_the_page_each_sop_starts_on(
    workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "buku"
    code, stdout, _ = export(capsys, str(workshop), "--format", "pdf", "--what", "buku",
                             "--out", str(out))
    assert code == 0
    reader = PdfReader(Path(stdout.splitlines()[0]))
    raw = [page.extract_text() for page in reader.pages]
    flat = [" ".join(text.split()) for text in raw]
    contents = next(i for i, text in enumerate(flat) if text.startswith("Halaman")
                    and "Daftar Isi" in text)
    titles = ["Pengelolaan Surat Masuk", "SOP Panjang", "SOP Dua Belas Langkah"]
    lines = [line.strip() for line in raw[contents].splitlines()]
    for title in titles:
        after = lines[lines.index(title) + 1:]
        listed = int(next(line for line in after if line.isdigit()))
        starts = next(i for i, text in enumerate(flat[contents + 1:], start=contents + 2)
                      if "Tanggal Pembuatan" in text and title in text)
        assert listed == starts, title
        # each SOP starts on a new page: the page before it does not hold its kop
        assert f"Nama SOP {title}" not in flat[starts - 2]


def test_markdown_tables_repeat_their_header_and_text_is_never_markup() -> None:
    rows = "\n".join(f"| {i} | Baris <b>{i}</b> & *x* |" for i in range(1, 120))
    data = markdown_pdf(f"# Judul <script>\n\n| No | Isi |\n|---|---|\n{rows}\n", title="t")
    pages = pages_text(data)
    assert len(pages) > 1
    assert all("No Isi" in text for text in pages)
    assert "Judul <script>" in pages[0] and "Baris <b>1</b> & x" in pages[0]


def test_the_fonts_and_their_licence_ship_in_the_package() -> None:
    names = {p.name for p in FONT_DIR.iterdir()}
    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE-DejaVu.txt"} <= names
    assert FONT_DIR.parent.name == "workshop"  # inside the package: the wheel carries it


def test_a_wide_sop_with_many_actors_still_fits_the_page() -> None:
    actors = [f"Pelaksana {i}" for i in range(12)]
    steps = [Step(f"Kegiatan nomor {i}", actors[i % 12], "process", time="5 menit")
             for i in range(1, 15)]
    sop = Sop(title="Banyak Pelaksana", actors=actors, steps=steps)
    pages = pages_text(sop_pdf(sop, approved=True))
    assert all(actor in " ".join(pages) for actor in actors)


def test_an_sop_without_steps_is_one_page_that_says_so() -> None:
    pages = pages_text(sop_pdf(Sop(title="Belum Ada Isinya"), approved=False))
    assert len(pages) == 1
    assert "Belum ada langkah." in pages[0] and "Halaman 1 dari 1" in pages[0]


def test_a_file_into_an_out_folder_is_named_from_its_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "sop.yaml"
    save_sop(surat_masuk(), source)
    code, out, _ = export(capsys, str(source), "--format", "pdf", "--out", str(tmp_path / "o"))
    assert code == 0
    path = Path(out.strip())
    assert path == tmp_path / "o" / "pengelolaan-surat-masuk.pdf"
    assert "Pengelolaan Surat Masuk" in pages_text(path)[0]
