"""``sop-workshop sync`` against real git repositories made here (issue 23).

A bare repository on disk (dulwich, no git program) is the shared remote; two workshop folders
are the two facilitators' laptops. What a user sees: the command's output and exit status, and
what each workshop holds afterwards.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from dulwich.repo import Repo

from workshop.cli import main
from workshop.model import Sop, Step
from workshop.store import FieldChange, Store
from workshop.sync.engine import sync

UNIT = "dinas-kesehatan"
OTHER = "kecamatan-garung"


def _sop(title: str) -> Sop:
    return Sop(
        title=title,
        actors=["Petugas", "Kepala"],
        steps=[
            Step("Menerima berkas", "Petugas", "start", time="5 menit"),
            Step("Memeriksa berkas", "Petugas", time="10 menit"),
            Step("Menandatangani", "Kepala", "end", time="5 menit"),
        ],
    )


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    path = tmp_path / "remote.git"
    path.mkdir()
    Repo.init_bare(str(path))
    return path


@pytest.fixture
def pair(tmp_path: Path, remote: Path) -> tuple[Path, Path]:
    """Laptop A made the workshop and synced it; laptop B joined by syncing into a new folder."""
    a = tmp_path / "laptop-a"
    store = Store.create(a, "Pendampingan SOP Wonosobo")
    store.add_unit("Dinas Kesehatan")
    store.add_unit("Kecamatan Garung")
    store.add_sop(UNIT, _sop("Pelayanan Surat Keterangan Sehat"))
    store.add_sop(OTHER, _sop("Pelayanan KTP"))
    assert main(["sync", str(a), str(remote)]) == 0
    b = tmp_path / "laptop-b"
    assert main(["sync", str(b), str(remote)]) == 0
    return a, b


def _edit(folder: Path, unit: str, path: str, new: object) -> None:
    store = Store.open(folder)
    record = store.sops(unit)[0]
    from workshop.sync.merge import value_at

    store.edit_sop(unit, record.id, [FieldChange(path, value_at(record.sop, path), new)])


def _sop_of(folder: Path, unit: str = UNIT) -> Sop:
    return Store.open(folder).sops(unit)[0].sop


def test_joining_copies_the_workshop(pair: tuple[Path, Path]) -> None:
    a, b = pair
    assert Store.open(b).sops(UNIT) == Store.open(a).sops(UNIT)
    assert Store.open(b).units() == Store.open(a).units()
    assert Store.open(b).event() == Store.open(a).event()


@pytest.mark.parametrize("first", ["a", "b"])
def test_different_fields_of_one_sop_both_survive(
    pair: tuple[Path, Path], first: str, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = pair
    _edit(a, UNIT, "title", "Pelayanan Surat Sehat (revisi A)")
    _edit(b, UNIT, "steps.2.time", "20 menit")
    order = [a, b] if first == "a" else [b, a]
    for folder in [*order, order[0]]:
        assert main(["sync", str(folder)]) == 0
    for folder in (a, b):
        sop = _sop_of(folder)
        assert sop.title == "Pelayanan Surat Sehat (revisi A)"
        assert sop.steps[1].time == "20 menit"
    assert "Sinkronisasi selesai" in capsys.readouterr().out


def test_same_field_is_a_conflict_shown_with_both_values(
    pair: tuple[Path, Path], remote: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = pair
    _edit(a, UNIT, "steps.2.time", "15 menit")
    _edit(b, UNIT, "steps.2.time", "30 menit")
    assert main(["sync", str(a)]) == 0
    capsys.readouterr()
    head_before = Repo(str(remote)).refs[b"refs/heads/main"]
    assert main(["sync", str(b)]) == 3
    out = capsys.readouterr().out
    assert f"KONFLIK {UNIT}/sop-001:sop.steps.2.time" in out
    assert "lokal : \"30 menit\"" in out
    assert "remote: \"15 menit\"" in out
    # nothing lost, nothing sent
    assert _sop_of(b).steps[1].time == "30 menit"
    assert Repo(str(remote)).refs[b"refs/heads/main"] == head_before
    # resolved by a choice
    assert main(["sync", str(b), "--pilih", f"{UNIT}/sop-001:sop.steps.2.time=lokal"]) == 0
    assert main(["sync", str(a)]) == 0
    assert _sop_of(a).steps[1].time == "30 menit"


def test_unit_scoped_sync_refuses_changes_to_another_unit(
    pair: tuple[Path, Path], remote: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a, b = pair
    pin = Store.open(b).generate_pin(UNIT)
    assert main(["sync", str(b)]) == 0  # the facilitator shares the PIN's hash
    _edit(b, OTHER, "title", "Diubah oleh tim Dinkes")
    head_before = Repo(str(remote)).refs[b"refs/heads/main"]
    monkeypatch.setenv("SOP_WORKSHOP_PIN", pin)
    capsys.readouterr()
    assert main(["sync", str(b), "--unit", UNIT]) == 1
    err = capsys.readouterr().err
    assert f"Anda menyinkronkan sebagai unit '{UNIT}'" in err
    assert f"data unit '{OTHER}'" in err
    assert Repo(str(remote)).refs[b"refs/heads/main"] == head_before
    # its own unit goes through
    _edit(b, OTHER, "title", "Pelayanan KTP")
    _edit(b, UNIT, "title", "Diubah oleh tim Dinkes")
    assert main(["sync", str(b), "--unit", UNIT]) == 0
    assert main(["sync", str(a)]) == 0
    assert _sop_of(a).title == "Diubah oleh tim Dinkes"


def test_wrong_pin_is_refused(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    _a, b = pair
    Store.open(b).generate_pin(UNIT)
    monkeypatch.setenv("SOP_WORKSHOP_PIN", "000000")
    assert main(["sync", str(b), "--unit", UNIT]) == 1
    assert "PIN unit 'Dinas Kesehatan' salah" in capsys.readouterr().err


def test_engine_returns_report(pair: tuple[Path, Path]) -> None:
    a, b = pair
    _edit(a, UNIT, "title", "Baru")
    assert sync(a).pushed
    report = sync(b)
    assert report.incoming == [f"{UNIT}/sop-001"]
    assert not report.pushed


def test_a_pin_made_on_one_laptop_reaches_the_other(pair: tuple[Path, Path]) -> None:
    a, b = pair
    pin = Store.open(b).generate_pin(UNIT)
    _edit(a, UNIT, "title", "Diubah di A")
    assert main(["sync", str(b)]) == 0
    assert main(["sync", str(a)]) == 0
    assert main(["sync", str(b)]) == 0
    assert Store.open(a).verify_pin(UNIT, pin)
    assert Store.open(b).verify_pin(UNIT, pin)  # not reverted by A's merge
    assert _sop_of(b).title == "Diubah di A"


def test_a_new_folder_remote_is_made_on_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = tmp_path / "laptop-a"
    store = Store.create(a, "Pendampingan SOP Wonosobo")
    store.add_unit("Dinas Kesehatan")
    shared = tmp_path / "folder-bersama" / "wonosobo.git"
    assert main(["sync", str(a), str(shared)]) == 1
    assert "tambahkan --buat-remote" in capsys.readouterr().err
    assert not shared.exists()
    assert main(["sync", str(a), str(shared), "--buat-remote"]) == 0
    assert f"Remote kosong dibuat di {shared}." in capsys.readouterr().err
    b = tmp_path / "laptop-b"
    assert main(["sync", str(b), str(shared), "--buat-remote"]) == 0  # already there: used
    assert "Remote kosong dibuat" not in capsys.readouterr().err
    assert [u.name for u in Store.open(b).units()] == ["Dinas Kesehatan"]


def test_buat_remote_refuses_a_folder_with_files_and_a_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = tmp_path / "laptop-a"
    Store.create(a, "Pendampingan SOP Wonosobo")
    busy = tmp_path / "dokumen"
    busy.mkdir()
    (busy / "catatan.txt").write_text("jangan ditimpa", encoding="utf-8")
    assert main(["sync", str(a), str(busy), "--buat-remote"]) == 1
    assert "sudah berisi berkas lain dan bukan repositori git" in capsys.readouterr().err
    assert sorted(p.name for p in busy.iterdir()) == ["catatan.txt"]
    assert main(["sync", str(a), "https://git.example.go.id/wonosobo.git", "--buat-remote"]) == 1
    assert "--buat-remote hanya untuk folder" in capsys.readouterr().err
