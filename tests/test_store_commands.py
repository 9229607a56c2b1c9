"""`sop-workshop new` and `sop-workshop import` as a user runs them (and the YAML round trip)."""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop.cli import main
from workshop.model import Sop, Step
from workshop.store import Store

SOP_YAML = """\
format: sop-ap/1
title: {title}
actors: [Petugas TU, Kasubbag Umum]
steps:
  - activity: Menerima surat masuk
    actor: Petugas TU
    kind: start
    time: 5 menit
  - activity: Mengarsipkan surat
    actor: Kasubbag Umum
    kind: end
"""


def _sop_file(folder: Path, name: str, title: str) -> Path:
    path = folder / name
    path.write_text(SOP_YAML.format(title=title), encoding="utf-8")
    return path


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_new_creates_a_workshop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "wonosobo-2018"
    assert main(["new", str(folder), "--title", "Pendampingan SOP AP 2018"]) == 0
    out = capsys.readouterr().out
    assert f"Workshop 'Pendampingan SOP AP 2018' dibuat di {folder}." in out
    assert Store.open(folder).event().title == "Pendampingan SOP AP 2018"


def test_new_without_title_uses_the_folder_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", str(tmp_path / "garung")]) == 0
    assert Store.open(tmp_path / "garung").event().title == "garung"


def test_new_refuses_an_existing_workshop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["new", str(tmp_path / "w")])
    capsys.readouterr()
    assert main(["new", str(tmp_path / "w")]) == 1
    assert "sudah berisi workshop" in capsys.readouterr().err


def test_new_with_an_unknown_plan_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", str(tmp_path / "w"), "--plan", "tiga-minggu"]) == 0
    out = capsys.readouterr().out
    assert "Rencana sesi 'tiga-minggu' tidak ditemukan; workshop dibuat tanpa sesi." in out
    assert Store.open(tmp_path / "w").sessions() == []


def test_import_sop_files_creates_the_unit_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Store.create(tmp_path / "w", "Uji")
    a = _sop_file(tmp_path, "a.yaml", "Pengelolaan Surat Masuk")
    b = _sop_file(tmp_path, "b.yaml", "Pengelolaan Surat Keluar")
    assert main(["import", str(tmp_path / "w"), str(a), str(b), "--unit", "Dinas Sosial"]) == 0
    out = capsys.readouterr().out
    assert "Unit 'Dinas Sosial' belum ada; unit dibuat (dinas-sosial)." in out
    assert "2 SOP diimpor ke unit Dinas Sosial." in out
    c = _sop_file(tmp_path, "c.yaml", "Pelayanan Tamu")
    assert main(["import", str(tmp_path / "w"), str(c), "--unit", "dinas sosial"]) == 0
    out = capsys.readouterr().out
    assert "belum ada" not in out
    store = Store.open(tmp_path / "w")
    assert [r.sop.title for r in store.sops("dinas-sosial")] == [
        "Pengelolaan Surat Masuk", "Pengelolaan Surat Keluar", "Pelayanan Tamu"]
    assert [r.status for r in store.sops("dinas-sosial")] == ["draf"] * 3
    assert store.backups(), "a backup is taken before an import"


def test_import_reports_a_broken_file_with_its_line_and_stores_nothing_of_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Store.create(tmp_path / "w", "Uji")
    good = _sop_file(tmp_path, "baik.yaml", "Pengelolaan Surat Masuk")
    bad = tmp_path / "rusak.yaml"
    bad.write_text(SOP_YAML.format(title="Rusak").replace("    kind: end", "    kind: akhir"),
                   encoding="utf-8")
    code = main(["import", str(tmp_path / "w"), str(bad), str(good), "--unit", "Dinas Sosial"])
    assert code == 2
    captured = capsys.readouterr()
    assert f"{bad}:11:" in captured.err
    assert "(berkas ini tidak diimpor)" in captured.err
    titles = [r.sop.title for r in Store.open(tmp_path / "w").sops("dinas-sosial")]
    assert titles == ["Pengelolaan Surat Masuk"]


def test_import_of_only_broken_files_creates_no_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Store.create(tmp_path / "w", "Uji")
    bad = tmp_path / "rusak.yaml"
    bad.write_bytes(b"format: sop-ap/1\ntitle: \xff\n")
    assert main(["import", str(tmp_path / "w"), str(bad), "--unit", "Dinas Sosial"]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:2:" in err and "UTF-8" in err
    assert "Tidak ada SOP yang diimpor." in err
    assert Store.open(tmp_path / "w").units() == []


def test_import_needs_a_unit_and_a_workshop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = _sop_file(tmp_path, "a.yaml", "Pengelolaan Surat Masuk")
    assert main(["import", str(tmp_path / "tidak-ada"), str(a), "--unit", "X"]) == 1
    err = capsys.readouterr().err
    assert "bukan folder workshop" in err
    assert "Buat dulu dengan: sop-workshop new" in err
    Store.create(tmp_path / "w", "Uji")
    assert main(["import", str(tmp_path / "w"), str(a)]) == 1
    assert "Sebutkan unit tujuan dengan --unit NAMA" in capsys.readouterr().err


def test_import_a_folder_that_is_not_a_bundle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Store.create(tmp_path / "w", "Uji")
    (tmp_path / "lain").mkdir()
    assert main(["import", str(tmp_path / "w"), str(tmp_path / "lain")]) == 2
    assert "folder ini bukan bundel" in capsys.readouterr().err


def test_import_into_a_damaged_workshop_names_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Store.create(tmp_path / "w", "Uji")
    target = tmp_path / "w" / "workshop.json"
    target.write_bytes(target.read_bytes()[:20])
    a = _sop_file(tmp_path, "a.yaml", "Pengelolaan Surat Masuk")
    assert main(["import", str(tmp_path / "w"), str(a), "--unit", "X"]) == 2
    err = capsys.readouterr().err
    assert f"Berkas {target} tidak dapat dibaca: JSON terpotong" in err


def test_yaml_export_import_export_through_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.create(tmp_path / "asal", "Pendampingan 2018")
    slug = store.add_unit("Dinas Kesehatan").slug
    store.generate_pin(slug)
    store.add_member(slug, "Siti", role="ketua")
    store.add_sop(slug, Sop(title="Surat Masuk", actors=["Petugas"],
                            steps=[Step("Menerima surat", "Petugas", kind="start")]))
    out1, out2 = tmp_path / "bundel1", tmp_path / "bundel2"
    assert main(["export", str(tmp_path / "asal"), "--format", "yaml", "--out", str(out1)]) == 0
    assert main(["new", str(tmp_path / "tujuan")]) == 0
    assert main(["import", str(tmp_path / "tujuan"), str(out1)]) == 0
    out = capsys.readouterr().out
    assert "Unit 'Dinas Kesehatan' dibuat (dinas-kesehatan)." in out
    assert f"Bundel {out1} diimpor: 1 SOP ditambahkan." in out
    assert main(["export", str(tmp_path / "tujuan"), "--format", "yaml", "--out", str(out2)]) == 0
    assert _files(out1) == _files(out2)
    assert main(["check", str(tmp_path / "tujuan")]) in (0, 1)
    assert "Surat Masuk" in capsys.readouterr().out
