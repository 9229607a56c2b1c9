"""Saves and exports while another program holds the file open, as Windows fails them.

On Windows ``os.replace`` raises ``PermissionError`` (errno 13, WinError 32 "used by another
process", or 5) while any other process has the target open: the board, a participant's
polling, antivirus, OneDrive, the search indexer. Here ``os.replace`` is patched to fail that
way; every writer must retry (``portable.replace``), lose nothing and show no false error, and
a real failure must say what it is (not "ruang disk").
"""

from __future__ import annotations

import errno
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from workshop import cli, portable, sopfile
from workshop.model import NeedRow, Sop, Step
from workshop.store import FieldChange, Store, StoreError
from workshop.tui import recent
from workshop.tui.stages.kebutuhan.inventory import export_needs

DATA = Path(__file__).parent / "data" / "sop"

real_replace = os.replace


def sharing_violation(path: object, winerror: int = 32) -> PermissionError:
    """The error Windows gives for a file held open by another process."""
    exc = PermissionError(errno.EACCES, "The process cannot access the file because it is "
                          "being used by another process", str(path))
    exc.winerror = winerror  # type: ignore[attr-defined]
    return exc


class FlakyReplace:
    """``os.replace`` that fails with a sharing violation ``failures`` times, then works."""

    def __init__(self, failures: int, winerror: int = 32) -> None:
        self.failures = failures
        self.winerror = winerror
        self.calls: list[str] = []

    def __call__(self, src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        self.calls.append(os.fspath(dst))
        if len(self.calls) <= self.failures:
            raise sharing_violation(dst, self.winerror)
        real_replace(src, dst)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store.create(tmp_path / "ws", "Pendampingan SOP")
    unit = store.add_unit("Dinas Kesehatan").slug
    store.add_sop(unit, Sop(title="Surat Masuk", actors=["Petugas"], steps=[
        Step("Menerima surat", "Petugas", "start", time="5 menit"),
        Step("Selesai", "Petugas", "end")]))
    return store


def temp_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.name.endswith(".tmp"))


@pytest.mark.parametrize(("failures", "winerror"), [(1, 32), (3, 32), (5, 5)])
def test_a_save_waits_out_a_file_held_open(
        store: Store, monkeypatch: pytest.MonkeyPatch, failures: int, winerror: int) -> None:
    sop_id = store.sops("dinas-kesehatan")[0].id
    flaky = FlakyReplace(failures, winerror)
    monkeypatch.setattr(os, "replace", flaky)
    store.edit_sop("dinas-kesehatan", sop_id, [FieldChange("title", "Surat Masuk", "Surat Keluar")])
    assert len(flaky.calls) == failures + 1
    monkeypatch.undo()
    fresh = Store.open(store.path)
    assert fresh.sop("dinas-kesehatan", sop_id).sop.title == "Surat Keluar"
    assert temp_files(store.path) == []


def test_windows_eacces_without_a_winerror_is_retried_too(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def denied_once(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 1:
            raise PermissionError(errno.EACCES, "Access is denied", dst)
        real_replace(src, dst)

    monkeypatch.setattr(portable, "IS_WINDOWS", True)
    monkeypatch.setattr(os, "replace", denied_once)
    store.add_unit("Dinas Pendidikan")
    assert [u.slug for u in store.units()] == ["dinas-kesehatan", "dinas-pendidikan"]


def test_a_save_while_a_reader_holds_the_file(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader (the board, a participant's poll, antivirus) has the unit file open for 0.3 s;
    Windows refuses to replace it meanwhile. The save waits and lands."""
    path = store.path / "units" / "dinas-kesehatan.json"
    holding = threading.Event()
    refused: list[float] = []

    def windows_replace(src: str, dst: str) -> None:
        if os.fspath(dst) == str(path) and holding.is_set():
            refused.append(time.monotonic())
            raise sharing_violation(dst)
        real_replace(src, dst)

    def reader() -> None:
        with open(path, "rb") as fh:
            holding.set()
            fh.read()
            time.sleep(0.3)
            holding.clear()

    monkeypatch.setattr(os, "replace", windows_replace)
    thread = threading.Thread(target=reader)
    thread.start()
    holding.wait(5)
    sop_id = store.sops("dinas-kesehatan")[0].id
    store.edit_sop("dinas-kesehatan", sop_id, [FieldChange("steps.1.time", "5 menit", "7 menit")])
    thread.join()
    assert refused  # the save did meet the open file
    assert Store.open(store.path).sop("dinas-kesehatan", sop_id).sop.step(1).time == "7 menit"


def failing_for_good(exc: Callable[[object], OSError]) -> Callable[[str, str], None]:
    def replace(src: str, dst: str) -> None:
        raise exc(dst)

    return replace


@pytest.mark.parametrize(("error", "words"), [
    (sharing_violation, "sedang dibuka program lain (mis. antivirus/OneDrive); coba lagi"),
    (lambda p: OSError(errno.ENOSPC, "No space left on device", str(p)), "ruang disk penuh"),
    (lambda p: PermissionError(errno.EACCES, "Permission denied", str(p)),
     "tidak ada izin menulis"),
])
def test_a_real_failure_says_what_it_is(
        store: Store, monkeypatch: pytest.MonkeyPatch,
        error: Callable[[object], OSError], words: str) -> None:
    monkeypatch.setattr(portable, "REPLACE_PATIENCE", 0.2)
    path = store.path / "units" / "dinas-kesehatan.json"
    before = path.read_bytes()
    sop_id = store.sops("dinas-kesehatan")[0].id
    monkeypatch.setattr(os, "replace", failing_for_good(error))
    with pytest.raises(StoreError) as caught:
        store.edit_sop("dinas-kesehatan", sop_id,
                       [FieldChange("title", "Surat Masuk", "Surat Keluar")])
    assert words in str(caught.value)
    assert "ruang disk" not in str(caught.value) or words == "ruang disk penuh"
    assert "berkas lama tetap utuh" in str(caught.value)
    assert path.read_bytes() == before
    assert temp_files(store.path) == []


def test_a_sharing_violation_is_retried_for_about_two_seconds_then_reported(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "a").write_text("a")
    calls = FlakyReplace(10**9)
    monkeypatch.setattr(os, "replace", calls)
    start = time.monotonic()
    with pytest.raises(PermissionError):
        portable.replace(tmp_path / "a", tmp_path / "b")
    took = time.monotonic() - start
    assert portable.REPLACE_PATIENCE <= took < portable.REPLACE_PATIENCE + 1
    assert 5 < len(calls.calls) < 40  # backed off, not spinning


def test_other_errors_are_not_retried(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls = []

    def missing(src: str, dst: str) -> None:
        calls.append(dst)
        raise FileNotFoundError(errno.ENOENT, "No such file", src)

    monkeypatch.setattr(os, "replace", missing)
    with pytest.raises(FileNotFoundError):
        portable.replace(tmp_path / "a", tmp_path / "b")
    assert len(calls) == 1


# -- exports and the other writers ------------------------------------------------------------


def test_an_export_waits_out_a_file_held_open(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "surat.md"
    flaky = FlakyReplace(3)
    monkeypatch.setattr(os, "replace", flaky)
    code = cli.main(["export", str(DATA / "surat-masuk.yaml"), "--format", "md", "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    assert len(flaky.calls) == 4
    assert "# " in out.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["surat.md"]


def test_an_export_folder_waits_out_files_held_open(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    flaky = FlakyReplace(2)
    monkeypatch.setattr(os, "replace", flaky)
    code = cli.main(["export", str(store.path), "--what", "sop", "--out", str(tmp_path / "o")])
    assert code == 0, capsys.readouterr().err
    assert (tmp_path / "o" / "dinas-kesehatan" / "surat-masuk.md").is_file()


def test_an_export_that_cannot_write_says_why_without_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(portable, "REPLACE_PATIENCE", 0.2)
    monkeypatch.setattr(os, "replace", failing_for_good(sharing_violation))
    out = tmp_path / "surat.md"
    code = cli.main(["export", str(DATA / "surat-masuk.yaml"), "--format", "md", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "sedang dibuka program lain" in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_an_unexpected_error_of_the_writer_is_a_message_not_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Python 3.11 on Windows: ``AttributeError: module 'os' has no attribute 'fchmod'``
    escaped as a traceback because only OSError was caught."""

    def no_fchmod(fd: int, path: object, mode: int) -> None:
        raise AttributeError("module 'os' has no attribute 'fchmod'")

    monkeypatch.setattr(portable, "set_mode", no_fchmod)
    for args in (["-o", str(tmp_path / "a.md")], ["--out", str(tmp_path / "o")]):
        code = cli.main(["export", str(DATA / "surat-masuk.yaml"), "--format", "md", *args])
        err = capsys.readouterr().err
        assert code == 1
        assert "tidak dapat ditulis" in err and "fchmod" in err
    assert not (tmp_path / "a.md").exists()


def test_saving_an_sop_file_waits_out_a_file_held_open(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sop = sopfile.load_sop(DATA / "surat-masuk.yaml")
    flaky = FlakyReplace(3)
    monkeypatch.setattr(os, "replace", flaky)
    sopfile.save_sop(sop, tmp_path / "s.yaml")
    assert len(flaky.calls) == 4
    assert sopfile.load_sop(tmp_path / "s.yaml") == sop


def test_saving_an_sop_file_reports_a_held_file_honestly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(portable, "REPLACE_PATIENCE", 0.2)
    monkeypatch.setattr(os, "replace", failing_for_good(sharing_violation))
    with pytest.raises(sopfile.SopFileError) as caught:
        sopfile.save_sop(sopfile.load_sop(DATA / "surat-masuk.yaml"), tmp_path / "s.yaml")
    assert "sedang dibuka program lain" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_the_recent_list_is_written_atomically(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "cfg" / "recent.json"
    flaky = FlakyReplace(2)
    monkeypatch.setattr(os, "replace", flaky)
    recent.remember(file, tmp_path / "a")
    recent.remember(file, tmp_path / "b")
    recent.forget(file, tmp_path / "a")
    assert flaky.calls.count(str(file)) == 5  # 2 refused, then each of the 3 saves
    assert recent.load_recent(file) == [(tmp_path / "b").resolve()]
    assert b"\r" not in file.read_bytes()
    assert [p.name for p in file.parent.iterdir()] == ["recent.json"]


def test_the_needs_export_is_atomic(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.add_need("dinas-kesehatan",
                   NeedRow(id="", kegiatan="Menerima surat masuk", title="Penerimaan Surat Masuk"))
    flaky = FlakyReplace(1)
    monkeypatch.setattr(os, "replace", flaky)
    ctx = SimpleNamespace(store=store)
    written = export_needs(ctx, store.unit("dinas-kesehatan"))  # type: ignore[arg-type]
    written += export_needs(ctx, None)  # type: ignore[arg-type]
    assert [Path(p).name for p in flaky.calls] == [
        "kebutuhan-dinas-kesehatan.md", "kebutuhan-dinas-kesehatan.md",
        "inventaris-kebutuhan.md"]
    for path in written:
        data = path.read_bytes()
        assert b"Penerimaan Surat Masuk" in data and b"\r" not in data


def test_a_folder_in_the_way_is_named_at_once_not_waited_for(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Windows refuses os.replace onto a folder with "access denied" (WinError 5), the same
    error as a file held open: that is no reason to wait, and the message says "folder"."""
    calls = []

    def windows_replace(src: str, dst: str) -> None:
        calls.append(dst)
        if os.path.isdir(dst):
            exc = PermissionError(errno.EACCES, "Access is denied", str(src), None, str(dst))
            exc.winerror = 5  # type: ignore[attr-defined]
            raise exc
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", windows_replace)
    (tmp_path / "surat.md").mkdir()
    start = time.monotonic()
    code = cli.main(["export", str(DATA / "surat-masuk.yaml"), "--format", "md",
                     "-o", str(tmp_path / "surat.md")])
    assert time.monotonic() - start < 1 and len(calls) == 1
    assert code == 1
    err = capsys.readouterr().err
    assert f"Berkas {tmp_path / 'surat.md'} tidak dapat ditulis: itu sebuah folder" in err
