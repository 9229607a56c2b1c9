"""``export --format docx``: one SOP file, a workshop's SOPs, the book, every other document."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from test_export_support import long_sop, surat_masuk

from workshop import documents
from workshop.cli import main
from workshop.model import NeedRow, Session
from workshop.sopfile import save_sop
from workshop.store import Store
from workshop.tui.screens.export_plan import FORMATS, MIME, formats_for


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["export", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _open(path: Path) -> docx.document.Document:
    return docx.Document(io.BytesIO(path.read_bytes()))


def test_one_sop_file_to_a_docx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "surat.yaml"
    save_sop(surat_masuk(), source)
    target = tmp_path / "surat.docx"
    code, out, err = run(capsys, str(source), "--format", "docx", "-o", str(target))
    assert (code, err) == (0, "")
    assert out.strip() == str(target)
    d = _open(target)
    assert d.tables[0].rows[5].cells[2].text == surat_masuk().title
    assert not list(tmp_path.glob(".tmp-*"))  # written atomically: no temporary file left


@pytest.fixture
def workshop_dir(tmp_path: Path) -> Path:
    path = tmp_path / "wonosobo"
    store = Store.create(path, "Pendampingan SOP AP Wonosobo 2026")
    store.update_event(host_government="Pemerintah Kabupaten Wonosobo", start_date="2026-07-10")
    setda = store.add_unit("Sekretariat Daerah", head_position="Sekretaris Daerah")
    store.add_need(setda.slug, NeedRow(id="", output="Surat masuk", title="Pengelolaan Surat"))
    store.add_sop(setda.slug, surat_masuk(), status="disahkan")
    store.add_sop(setda.slug, long_sop(26))
    store.add_session(Session(id="", title="Hari 1", date="2026-07-10",
                              attended_units=[setda.slug]))
    return path


def test_workshop_sops_and_book_as_docx(workshop_dir: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = workshop_dir / "keluar"
    code, _out, err = run(capsys, str(workshop_dir), "--format", "docx", "--what", "sop",
                         "--out", str(out_dir))
    assert code == 0, err
    files = sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*.docx"))
    assert files == ["sekretariat-daerah/pengelolaan-surat-masuk.docx",
                     "sekretariat-daerah/sop-panjang.docx"]
    approved = _open(out_dir / files[0])
    assert approved.sections[0].header.paragraphs[0].text == ""  # no DRAF on an approved SOP
    code, _out, err = run(capsys, str(workshop_dir), "--format", "docx", "--what", "buku",
                         "--unit", "Sekretariat Daerah", "--out", str(out_dir))
    assert code == 0, err
    book = _open(out_dir / "buku-sop-sekretariat-daerah.docx")
    kops = [t for t in book.tables
            if len(t.rows) > 1 and t.rows[1].cells[1].text == "Tanggal Pembuatan"]
    assert [k.rows[5].cells[2].text for k in kops] == [surat_masuk().title, "SOP Panjang"]


@pytest.mark.parametrize("what", [d.key for d in documents.DOCUMENTS
                                  if d.key not in ("sop", "buku")])
def test_every_other_document_comes_out_as_docx(
    what: str, workshop_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = workshop_dir / "keluar"
    code, _out, err = run(capsys, str(workshop_dir), "--format", "docx", "--what", what,
                         "--out", str(out_dir))
    assert code == 0, err
    written = sorted(out_dir.rglob("*.docx"))
    assert written
    for path in written:
        d = _open(path)
        assert any(p.style.name.startswith("Heading") for p in d.paragraphs)


def test_docx_is_declared_once_and_offered_everywhere() -> None:
    assert "docx" in documents.format_keys()
    assert ("docx", "Word (.docx)") in FORMATS
    assert MIME["docx"].endswith("wordprocessingml.document")
    assert all("docx" in dict(formats_for(d.key)) for d in documents.DOCUMENTS)


def test_docx_is_not_written_to_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "surat.yaml"
    save_sop(surat_masuk(), source)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    code, _out, err = run(capsys, str(source), "--format", "docx")
    assert code == 1
    assert "tidak ditampilkan di terminal" in err
