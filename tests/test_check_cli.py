"""`sop-workshop check`: what a user sees on the terminal and the exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workshop.checkrun import JSON_KEYS, check_paths, exit_status, results_to_text
from workshop.cli import main
from workshop.model import Sop, Step

GOOD = """\
format: sop-ap/1
title: Permintaan ATK
legal_basis: [Peraturan Bupati tentang Pengelolaan Barang Milik Daerah]
qualifications: [Memahami tata kelola persediaan]
related: [Pelaporan Persediaan]
equipment: [Formulir permintaan]
warnings: [Persediaan habis tanpa tercatat]
records: [Kartu persediaan]
actors: [Pemohon, Kasubbag Umum, Pengurus Barang]
steps:
  - activity: Mengisi formulir permintaan ATK
    actor: Pemohon
    kind: start
    requirements: [Formulir permintaan]
    time: 5 menit
    output: Formulir terisi
  - activity: Apakah permintaan disetujui?
    actor: Kasubbag Umum
    kind: decision
    if_no: 1
  - activity: Menyerahkan ATK kepada pemohon
    actor: Pengurus Barang
    kind: end
    requirements: [Formulir disetujui]
    time: 10 menit
    output: ATK diterima
"""

# Only warnings: an identity box is empty and a decision is not a question.
WARN = (
    GOOD.replace("title: Permintaan ATK", "title: Pelaporan Persediaan")
    .replace("records: [Kartu persediaan]", "records: []")
    .replace("Apakah permintaan disetujui?", "Permintaan disetujui")
)

# An error at a known line: a step's actor is not among the actors.
BAD = GOOD.replace("    actor: Pengurus Barang\n", "    actor: Bendahara\n")
BAD_LINE = BAD.splitlines().index("    actor: Bendahara") + 1

# Not YAML: an unclosed flow sequence at a known line.
BROKEN = "format: sop-ap/1\ntitle: Rusak\nactors: [Pemohon\nsteps: []\n"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(["check", *args])
    return status, capsys.readouterr().out


def test_clean_file_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "atk.yaml", GOOD)
    status, out = _run(capsys, str(path))
    assert status == 0
    assert out.splitlines() == [
        f"{path}: tidak ada temuan",
        "",
        "Ringkasan: 1 SOP diperiksa, tidak ada kesalahan maupun peringatan.",
    ]


def test_warnings_only_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "lapor.yaml", WARN)
    status, out = _run(capsys, str(path))
    assert status == 0
    assert f"{path}: 2 peringatan" in out
    assert 'PERINGATAN baris 8: Kotak "Pencatatan dan Pendataan" masih kosong.' in out
    assert "(prinsip: keterukuran; kode: identity-empty)" in out
    assert "Ringkasan: 1 SOP diperiksa, 0 kesalahan, 2 peringatan." in out


def test_error_exits_1_with_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "atk.yaml", BAD)
    status, out = _run(capsys, str(path))
    assert status == 1
    assert f'KESALAHAN baris {BAD_LINE}, langkah 3: Pelaksana langkah 3 "Bendahara"' in out


def test_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _write(tmp_path, "a.yaml", GOOD)
    broken = _write(tmp_path, "b.yaml", BROKEN)
    status, out = _run(capsys, str(good), str(broken))
    assert status == 2
    assert f"{broken}: tidak terbaca" in out
    assert "; 1 tidak dapat diperiksa." in out
    assert "Traceback" not in out


def test_missing_path_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "tidak-ada.yaml"
    status, out = _run(capsys, str(missing), "--format", "json")
    assert status == 2
    (item,) = json.loads(out)
    assert item["file"] == str(missing)
    assert item["message"] == "berkas tidak ditemukan"
    assert item["severity"] == "error"


def test_json_keys_and_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = _write(tmp_path, "bad.yaml", BAD)
    broken = _write(tmp_path, "broken.yaml", BROKEN)
    good = _write(tmp_path, "good.yaml", GOOD)
    status, out = _run(capsys, "--format", "json", str(bad), str(broken), str(good))
    assert status == 2
    items = json.loads(out)
    assert items, out
    for item in items:
        assert tuple(item) == JSON_KEYS
        assert tuple(item) == (
            "file", "line", "step", "field", "severity", "code", "principle", "message"
        )  # fmt: skip
    by_code = {i["code"]: i for i in items}
    assert by_code["actor-unknown"] == {
        "file": str(bad),
        "line": BAD_LINE,
        "step": 3,
        "field": "steps.3.actor",
        "severity": "error",
        "code": "actor-unknown",
        "principle": "kemudahan dan kejelasan",
        "message": by_code["actor-unknown"]["message"],
    }
    assert by_code["read-error"]["file"] == str(broken)
    assert by_code["read-error"]["line"] in (3, 4)
    # Several files in one run: `related` is looked up among them ("Pelaporan Persediaan" is not).
    assert [i["code"] for i in items if i["file"] == str(good)] == ["related-unknown"]


def test_text_is_grouped_per_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = _write(tmp_path, "a.yaml", BAD)
    b = _write(tmp_path, "b.yaml", WARN)
    status, out = _run(capsys, str(a), str(b))
    assert status == 1
    lines = out.splitlines()
    head_a = lines.index(f"{a}: 1 kesalahan, 1 peringatan")
    head_b = lines.index(f"{b}: 2 peringatan")
    assert head_a < head_b
    # Every finding of a file is indented under its own header.
    assert all(line.startswith("  ") for line in lines[head_a + 1 : head_b])
    assert len(lines[head_a + 1 : head_b]) == 2
    assert "actor-unknown" in "".join(lines[head_a + 1 : head_b])
    assert "decision-not-question" in "".join(lines[head_b + 1 :])
    assert lines[-1] == "Ringkasan: 2 SOP diperiksa, 1 kesalahan, 3 peringatan."


def test_folder_is_searched_recursively_and_related_resolved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GOOD relates to "Pelaporan Persediaan": absent in the folder first, then present.
    _write(tmp_path, "sop/umum/atk.yml", GOOD)
    _write(tmp_path, "sop/catatan.txt", "bukan SOP")
    status, out = _run(capsys, "--format", "json", str(tmp_path / "sop"))
    assert status == 0
    assert [i["code"] for i in json.loads(out)] == ["related-unknown"]

    _write(tmp_path, "sop/a-lapor.yaml", WARN)
    results = check_paths([tmp_path / "sop"])
    assert [Path(r.path).name for r in results] == ["a-lapor.yaml", "atk.yml"]
    assert "related-unknown" not in {f.code for r in results for f in r.findings}


def test_single_file_does_not_check_related(tmp_path: Path) -> None:
    results = check_paths([_write(tmp_path, "atk.yaml", GOOD)])
    assert results[0].findings == []


def test_empty_folder_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _run(capsys, str(tmp_path))
    assert status == 2
    assert "folder ini tidak berisi berkas SOP" in out


def _sop(title: str, related: list[str]) -> Sop:
    actors = ["Pemohon", "Kasubbag Umum"]
    return Sop(
        title=title,
        legal_basis=["Perbup"],
        qualifications=["Teliti"],
        related=related,
        equipment=["Komputer"],
        warnings=["Terlambat"],
        records=["Agenda"],
        actors=actors,
        steps=[
            Step("Mengajukan permohonan", actors[0], "start", ["Formulir"], "5 menit", "Usulan"),
            Step("Menyetujui permohonan", actors[1], "end", ["Usulan"], "1 jam", "Persetujuan"),
        ],
    )


def test_workshop_folder_is_checked_through_the_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from workshop.store import Store

    folder = tmp_path / "ws"
    store = Store.create(folder, "Pendampingan SOP")
    unit = store.add_unit("Dinas Kesehatan")
    store.add_sop(unit.slug, _sop("Cuti Pegawai", ["Kenaikan Gaji Berkala"]))
    store.add_sop(unit.slug, _sop("Kenaikan Gaji Berkala", []))
    broken = _sop("Perjalanan Dinas", ["Pengadaan Barang"])
    broken.steps[1].actor = "Bendahara"
    store.add_sop(unit.slug, broken)

    status, out = _run(capsys, "--format", "json", str(folder))
    assert status == 1
    items = json.loads(out)
    unit_file = folder / "units" / f"{unit.slug}.json"
    assert {(i["file"], i["code"]) for i in items} == {
        (f"{unit_file}#Perjalanan Dinas", "actor-unknown"),
        (f"{unit_file}#Perjalanan Dinas", "actor-unused"),
        (f"{unit_file}#Perjalanan Dinas", "related-unknown"),
    }
    results = check_paths([folder])
    assert len(results) == 3
    assert "Ringkasan: 3 SOP diperiksa, 1 kesalahan, 2 peringatan." in results_to_text(results)


def test_corrupt_workshop_is_unreadable(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "workshop.json").write_text("{ bukan json", encoding="utf-8")
    results = check_paths([folder])
    assert exit_status(results) == 2
    assert results[0].unreadable
    assert "tidak dapat dibaca" in results[0].findings[0].message


def test_broken_guideline_is_reported_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from workshop import checkrun
    from workshop.pedoman import PedomanError

    def broken() -> None:
        raise PedomanError("templates/pedoman.yaml", 12, "kunci 'name' wajib ada di 'stages.0'")

    monkeypatch.setattr(checkrun, "load_pedoman", broken)
    status, out = _run(capsys, str(_write(tmp_path, "a.yaml", GOOD)))
    assert status == 2
    assert out.splitlines()[:2] == [
        "templates/pedoman.yaml: tidak terbaca",
        "  KESALAHAN baris 12: kunci 'name' wajib ada di 'stages.0' (kode: pedoman-error)",
    ]


def test_only_an_unreadable_file_does_not_claim_a_clean_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = _write(tmp_path, "rusak.yaml", BROKEN)
    status, out = _run(capsys, str(broken))
    assert status == 2
    assert out.splitlines()[-1] == "Ringkasan: 0 SOP diperiksa; 1 tidak dapat diperiksa."
    assert "tidak ada kesalahan" not in out and "galat" not in out.lower()
