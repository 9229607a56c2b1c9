"""``sop-workshop provinsi DIR REMOTE...``: many workshops' remotes read only, one board, the
register and board exported as Markdown and HTML (issue 23)."""

from __future__ import annotations

from pathlib import Path

import pytest
from dulwich.repo import Repo

from workshop.cli import main
from workshop.model import Dates, Sop, Step
from workshop.store import Store


def _workshop(tmp_path: Path, name: str, region: str, titles: list[str]) -> Path:
    folder = tmp_path / name
    store = Store.create(folder, f"Pendampingan {region}")
    store.update_event(host_government=region)
    store.add_unit("Dinas Kesehatan")
    for i, title in enumerate(titles):
        sop = Sop(title=title, number=f"800/{i + 1}/2026", dates=Dates(effective="2026-07-01"),
                  actors=["Petugas"], steps=[Step("Mulai", "Petugas", "start"),
                                             Step("Selesai", "Petugas", "end")])
        store.add_sop("dinas-kesehatan", sop, template="umum-surat-masuk" if i == 0 else "")
    remote = tmp_path / f"{name}.git"
    remote.mkdir()
    Repo.init_bare(str(remote))
    assert main(["sync", str(folder), str(remote)]) == 0
    return remote


def test_province_board_register_and_exports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r1 = _workshop(tmp_path, "wonosobo", "Pemerintah Kabupaten Wonosobo",
                   ["Penerimaan Surat Masuk", "Pelayanan <b>Imunisasi</b>"])
    r2 = _workshop(tmp_path, "garut", "Pemerintah Kabupaten Garut", ["penerimaan surat  masuk"])
    heads = {r: Repo(str(r)).refs[b"refs/heads/main"] for r in (r1, r2)}
    capsys.readouterr()
    out_dir = tmp_path / "provinsi"
    missing = tmp_path / "tidak-ada.git"
    assert main(["provinsi", str(out_dir), str(r1), str(missing), str(r2)]) == 1
    captured = capsys.readouterr()
    assert "Pemerintah Kabupaten Wonosobo — Pendampingan" in captured.out
    assert "Dinas Kesehatan: draf 2" in captured.out
    assert "tidak ditemukan atau bukan repositori git" in captured.err
    md = (out_dir / "provinsi.md").read_text(encoding="utf-8")
    assert "| Pemerintah Kabupaten Wonosobo | Dinas Kesehatan | Penerimaan Surat Masuk | " \
           "800/1/2026 | draf | 2026-07-01 |" in md
    assert "umum-surat-masuk | 2 |" in md  # adopted in both
    assert "## Tumpang tindih antarworkshop" in md
    assert "Pemerintah Kabupaten Garut; Pemerintah Kabupaten Wonosobo" in md
    html = (out_dir / "provinsi.html").read_text(encoding="utf-8")
    assert "<b>Imunisasi</b>" not in html and "&lt;b&gt;Imunisasi&lt;/b&gt;" in html
    # Word and PDF of the same board and register, read back
    from io import BytesIO

    from docx import Document as WordDocument
    from pypdf import PdfReader

    word = WordDocument(BytesIO((out_dir / "provinsi.docx").read_bytes()))
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    assert "Penerimaan Surat Masuk" in cells and "800/1/2026" in cells
    pdf_text = "".join(p.extract_text() for p in PdfReader(out_dir / "provinsi.pdf").pages)
    assert "Penerimaan Surat Masuk" in pdf_text and "<b>Imunisasi</b>" in pdf_text
    assert not list((out_dir / "cache").glob("*/.baca-*"))  # the read copies are removed
    # read only: the remotes did not move
    assert {r: Repo(str(r)).refs[b"refs/heads/main"] for r in (r1, r2)} == heads
