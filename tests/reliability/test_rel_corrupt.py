"""Corrupt and foreign files, a missing unit file, a read-only folder, a full disk.

Every damaged file (truncated, empty, invalid UTF-8, wrong JSON types, a newer schema, not a
workshop file), whether it is ``workshop.json`` or a unit's file, must give a message in Bahasa
Indonesia naming the file and the newest backup to restore; the file keeps its bytes; the app
(``run_test``) shows the message and keeps running; ``check`` and ``export`` exit 2 without a
traceback. The store-level messages themselves are tested in tests/test_store.py; this adds
the app and the commands.

A read-only folder: the suite runs as root, for whom chmod stops nothing, so the folder is made
immutable with ``chattr +i`` when that works (ext4 and similar, as root), and otherwise the
store's ``os`` is replaced by one whose ``open(..., O_CREAT)`` raises PermissionError. A full
disk: the store's ``os.write`` raises ENOSPC.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from rel_support import ROOT, child_env, figure, screen_text
from textual.widgets import Input

from tests.tui.conftest import frozen_now
from tests.tui.fast_keys import press_button, wait_for_widget, wait_until
from workshop.model import Sop, Step
from workshop.store import Store
from workshop.store import files as store_files
from workshop.tui.app import WorkshopApp

UNIT = "dinas-kesehatan"

DAMAGES: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "empty": lambda raw: b"",
    "invalid-utf8": lambda raw: raw.replace(b"Uji", b"U\xff\xfei", 1)
    .replace(b"Surat", b"Su\xff\xferat", 1),
    "wrong-types": lambda raw: raw.replace(b'"name":"Dinas Kesehatan"', b'"name":7')
    .replace(b'"title":"Surat Masuk"', b'"title":["x"]'),
    "newer-schema": lambda raw: raw.replace(b'"schema":1', b'"schema":99'),
    "foreign-json": lambda raw: b'{"name": "bukan workshop", "items": [1, 2]}',
}
_results: dict[str, str] = {}


def _workshop(root: Path) -> tuple[Store, Path]:
    store = Store.create(root, "Uji berkas rusak", now=frozen_now)
    store.add_unit("Dinas Kesehatan")
    store.add_unit("Dinas Sosial")
    store.add_sop(UNIT, Sop(title="Surat Masuk", actors=["Petugas"],
                            steps=[Step("Menerima surat", "Petugas", "start")]))
    return store, store.backup("mulai sesi")


def _notes(app: WorkshopApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


def _tally(part: str, ok: bool) -> None:
    done, total = (int(x) for x in _results.get(part, "0/0").split("/"))
    _results[part] = f"{done + ok}/{total + 1}"
    figure("3 corrupt files", ", ".join(f"{k}: {v} ok" for k, v in sorted(_results.items())))


# workshop.json goes through one code path (opening the folder): three kinds are enough there.
APP_CASES = [("unit", d) for d in DAMAGES] + [
    ("workshop", d) for d in ("truncated", "invalid-utf8", "newer-schema")
]


@pytest.mark.parametrize(("which", "damage"), APP_CASES)
async def test_the_app_names_the_damaged_file_and_its_backup(
    tmp_path: Path, which: str, damage: str
) -> None:
    root = tmp_path / "ws"
    _, backup = _workshop(root)
    target = root / ("workshop.json" if which == "workshop" else f"units/{UNIT}.json")
    damaged = DAMAGES[damage](target.read_bytes())
    target.write_bytes(damaged)
    restore = backup / target.relative_to(root)
    ok = False
    try:
        app = WorkshopApp(root, now=frozen_now, recent_file=tmp_path / "recent.json")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            notes = _notes(app)
            assert f"Berkas {target} tidak dapat dibaca" in notes
            assert f"Cadangan terbaru: {restore}" in notes
            assert "Berkas itu tidak diubah" in notes
            assert "Traceback" not in screen_text(app)
            await pilot.press("f1")  # the app still answers keys
            await pilot.pause()
            assert app.is_running
        assert app.return_code in (0, None)
        assert target.read_bytes() == damaged
        ok = True
    finally:
        _tally(f"app {which}", ok)


@pytest.mark.slow
@pytest.mark.parametrize("which", ["workshop", "unit"])
@pytest.mark.parametrize("damage", ["truncated", "newer-schema"])
def test_check_export_and_import_exit_2_naming_the_file_and_backup(
    tmp_path: Path, which: str, damage: str
) -> None:
    root = tmp_path / "ws"
    _, backup = _workshop(root)
    target = root / ("workshop.json" if which == "workshop" else f"units/{UNIT}.json")
    damaged = DAMAGES[damage](target.read_bytes())
    target.write_bytes(damaged)
    restore = backup / target.relative_to(root)
    ok = False
    try:
        sop_file = ROOT / "tests" / "data" / "sop" / "surat-masuk.yaml"
        for args in (["check", str(root)], ["export", str(root), "--out", str(tmp_path / "o")],
                     ["import", str(root), str(sop_file), "--unit", "Dinas Kesehatan"]):
            proc = subprocess.run([sys.executable, "-m", "workshop", *args], capture_output=True,
                                  text=True, env=child_env(), cwd=ROOT, timeout=120, check=False)
            text = proc.stdout + proc.stderr
            assert proc.returncode == 2, text
            assert str(target) in text and str(restore) in text, text
            assert "Traceback" not in text
        assert target.read_bytes() == damaged
        ok = True
    finally:
        _tally(f"commands {which}", ok)


async def test_a_missing_unit_file_is_an_empty_unit(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    store, _ = _workshop(root)
    store.add_member("dinas-sosial", "Sri")
    (root / "units" / "dinas-sosial.json").unlink(missing_ok=True)
    (root / "units" / f"{UNIT}.json").unlink()
    app = WorkshopApp(root, now=frozen_now, recent_file=tmp_path / "recent.json")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Dinas Kesehatan" in text and "Dinas Sosial" in text
        assert "tidak dapat dibaca" not in _notes(app)
    assert Store.open(root).sops(UNIT) == []
    _tally("missing unit file", True)


def _os_with(real: Any, **replaced: Any) -> Any:
    names = {k: getattr(real, k) for k in dir(real) if not k.startswith("__")}
    return SimpleNamespace(**{**names, **replaced})


def _read_only_os(real: Any) -> Any:
    """The store's view of ``os`` in a read-only folder: creating a file is refused."""

    def refusing_open(path: Any, flags: int, *args: Any) -> int:
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return int(real.open(path, flags, *args))

    return _os_with(real, open=refusing_open)


def _full_disk_os(real: Any) -> Any:
    def refusing_write(fd: int, data: Any) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    return _os_with(real, write=refusing_write)


@pytest.fixture
def immutable() -> Iterator[Callable[[Path], bool]]:
    """Make a folder immutable with chattr +i (undone at the end); False when unsupported."""
    done: list[Path] = []

    def make(path: Path) -> bool:
        try:
            result = subprocess.run(["chattr", "+i", str(path)], capture_output=True,
                                    check=False)
        except OSError:  # no chattr (Windows, macOS)
            return False
        if result.returncode != 0:
            return False
        done.append(path)
        return True

    yield make
    for path in done:
        subprocess.run(["chattr", "-i", str(path)], check=False)


async def _add_unit_through_the_form(app: WorkshopApp, pilot: Any, name: str) -> None:
    from workshop.tui.screens.main import MainScreen
    from workshop.tui.stages.persiapan.pane import UnitsPanel

    assert isinstance(app.screen, MainScreen)
    app.screen.query_one(UnitsPanel).action_add()
    await wait_for_widget(pilot, "#f-name")
    app.screen.query_one("#f-name", Input).value = name
    before = len(app._notifications)
    await press_button(pilot, "#ok")
    await wait_until(pilot, lambda: len(app._notifications) > before)


@pytest.mark.parametrize("how", ["chattr", "permission-error", "full-disk"])
async def test_a_save_that_cannot_be_written_says_so_and_keeps_the_file(
    tmp_path: Path, how: str, monkeypatch: pytest.MonkeyPatch,
    immutable: Callable[[Path], bool],
) -> None:
    root = tmp_path / "ws"
    _workshop(root)
    target = root / "workshop.json"
    app = WorkshopApp(root, now=frozen_now, recent_file=tmp_path / "recent.json")
    ok = False
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            before = target.read_bytes()
            if how == "chattr":
                if not immutable(root):
                    pytest.skip("chattr +i is not available here")
            elif how == "permission-error":
                monkeypatch.setattr(store_files, "os", _read_only_os(os))
            else:
                monkeypatch.setattr(store_files, "os", _full_disk_os(os))
            await _add_unit_through_the_form(app, pilot, "Dinas Baru")
            notes = _notes(app)
            assert f"Berkas {target} tidak dapat disimpan" in notes, notes
            reason = {"chattr": "tidak ada izin menulis",
                      "permission-error": "tidak ada izin menulis",
                      "full-disk": "ruang disk penuh"}[how]
            assert reason in notes
            assert "berkas lama tetap utuh" in notes
            assert target.read_bytes() == before
            assert app.is_running
            monkeypatch.undo()
        ok = True
    finally:
        _tally(f"unwritable ({how})", ok)


@pytest.mark.parametrize("which", ["workshop", "unit"])
@pytest.mark.parametrize("screen", ["main", "projector"])
async def test_a_file_damaged_while_the_app_is_open_is_reported(
    tmp_path: Path, which: str, screen: str
) -> None:
    """Another program (or a bad copy) damages a file during the session: the next refresh
    names it and its backup; the app keeps running and the file keeps its bytes."""
    root = tmp_path / "ws"
    _, backup = _workshop(root)
    target = root / ("workshop.json" if which == "workshop" else f"units/{UNIT}.json")
    app = WorkshopApp(root, now=frozen_now, recent_file=tmp_path / "recent.json")
    ok = False
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            keys = {"main": [], "projector": ["f5"], "sessions": ["f6"]}[screen]
            await pilot.press(*keys)
            await pilot.pause()
            damaged = DAMAGES["truncated"](target.read_bytes())
            target.write_bytes(damaged)
            # the screens poll for changes about twice a second (bounded wait: busy machines)
            await wait_until(pilot, lambda: "tidak dapat dibaca" in _notes(app), timeout=30)
            notes = _notes(app)
            assert f"Berkas {target} tidak dapat dibaca" in notes
            assert f"Cadangan terbaru: {backup / target.relative_to(root)}" in notes
            await pilot.press("escape", "ctrl+b")
            await pilot.pause()
            assert app.is_running
        assert target.read_bytes() == damaged
        ok = True
    finally:
        _tally(f"damaged while open ({which}, {screen})", ok)
