"""Presence (who is connected, what they edit) and the participant gate of the store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from workshop import presence
from workshop.model import Sop, Step
from workshop.store import FieldChange, Store, StorePermission


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    store = Store.create(tmp_path / "ws", "Pendampingan")
    store.add_unit("Dinas Kesehatan")
    store.add_unit("Dinas Pendidikan")
    return tmp_path / "ws"


class Clock:
    def __init__(self, t: float = 1000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def test_a_heartbeat_shows_unit_and_sop_being_edited(folder: Path) -> None:
    clock = Clock()
    beat = presence.Heartbeat(Store.open(folder, scope="dinas-kesehatan"), "dinas-kesehatan",
                              now=clock)
    beat.editing("sop-001", "Pengelolaan Surat Masuk")
    facilitator = Store.open(folder)
    found = presence.connected(facilitator, now=clock)
    assert [(p.unit, p.sop_id, p.sop_title) for p in found] == [
        ("dinas-kesehatan", "sop-001", "Pengelolaan Surat Masuk")]
    grouped = presence.by_unit(found)
    assert presence.editing_text(grouped["dinas-kesehatan"]) == (
        "1 terhubung · Pengelolaan Surat Masuk")
    assert presence.following_sop(grouped["dinas-kesehatan"]) == "sop-001"


def test_presence_is_not_a_workshop_change(folder: Path) -> None:
    store = Store.open(folder)
    store.changed()
    presence.Heartbeat(store, "dinas-kesehatan").beat()
    assert not store.changed()


def test_stale_and_departed_heartbeats_disappear(folder: Path) -> None:
    clock = Clock()
    store = Store.open(folder)
    old = presence.Heartbeat(store, "dinas-kesehatan", now=clock)
    old.beat()
    gone = presence.Heartbeat(store, "dinas-pendidikan", now=clock)
    gone.beat()
    gone.leave()
    clock.t += presence.PRESENCE_TTL + 1
    assert presence.connected(store, now=clock) == []
    assert not list((folder / "presence").glob("*.json"))


def test_heartbeat_of_a_dead_process_is_ignored(folder: Path) -> None:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead_pid = int(done.stdout)
    store = Store.open(folder)
    store.presence.write("p1-abc", {"unit": "dinas-kesehatan", "pid": dead_pid,
                                    "seen": 1000.0})
    assert presence.connected(store, now=Clock()) == []


def test_facilitator_is_listed_only_on_request(folder: Path) -> None:
    clock = Clock()
    store = Store.open(folder)
    presence.Heartbeat(store, "fasilitator", now=clock).beat()
    assert presence.connected(store, now=clock) == []
    assert [p.unit for p in presence.connected(store, now=clock, include_facilitator=True)] == [
        "fasilitator"]


def test_unreadable_presence_file_is_skipped(folder: Path) -> None:
    (folder / "presence").mkdir()
    (folder / "presence" / "p1-bad.json").write_text("{not json")
    (folder / "presence" / "p2-list.json").write_text(json.dumps([1, 2]))
    assert presence.connected(Store.open(folder), now=Clock()) == []


def test_bad_presence_name_is_refused(folder: Path) -> None:
    from workshop.store import StoreError

    with pytest.raises(StoreError, match="tidak sah"):
        Store.open(folder).presence.write("../units/x", {"unit": "x"})


def test_wrong_pin_is_refused_and_right_pin_accepted(folder: Path) -> None:
    store = Store.open(folder)
    pin = store.generate_pin("dinas-kesehatan")
    assert store.verify_pin("dinas-kesehatan", pin)
    wrong = f"{(int(pin) + 1) % 10**6:06d}"
    assert not store.verify_pin("dinas-kesehatan", wrong)
    assert not store.verify_pin("dinas-pendidikan", pin)  # no PIN made for this unit


def test_participant_store_cannot_write_another_unit(folder: Path) -> None:
    store = Store.open(folder)
    other = store.add_sop("dinas-pendidikan", Sop(title="Cuti Pegawai", actors=["Kasubbag"],
                                                  steps=[Step("Mengajukan cuti", "Kasubbag")]))
    scoped = Store.open(folder, scope="dinas-kesehatan")
    with pytest.raises(StorePermission, match="tidak boleh mengubah data unit"):
        scoped.add_sop("dinas-pendidikan", Sop(title="Titipan"))
    with pytest.raises(StorePermission):
        scoped.edit_sop("dinas-pendidikan", other.id,
                        [FieldChange("title", "Cuti Pegawai", "Diubah")])
    with pytest.raises(StorePermission, match="Hanya fasilitator"):
        scoped.generate_pin("dinas-kesehatan")
    assert Store.open(folder).sop("dinas-pendidikan", other.id).sop.title == "Cuti Pegawai"
    # its own unit is writable
    own = scoped.add_sop("dinas-kesehatan", Sop(title="Surat Masuk"))
    assert Store.open(folder).sop("dinas-kesehatan", own.id).sop.title == "Surat Masuk"


@pytest.mark.parametrize("module", ["workshop.presence", "workshop.serve"])
def test_presence_and_serve_do_not_import_textual(module: str) -> None:
    root = Path(__file__).resolve().parents[1]
    code = (f"import importlib, sys; importlib.import_module({module!r}); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('textual', 'textual_serve')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "[]"
