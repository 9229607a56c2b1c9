"""A save re-serialises only the SOP records that changed (the rest of a unit file's JSON is
reused): the file must stay exactly what a full ``json.dumps`` writes, whoever changed what."""

from __future__ import annotations

import json
from pathlib import Path

from workshop.model import Sop, SopRecord, Step
from workshop.store import FieldChange, Store


def sop(n: int) -> Sop:
    return Sop(title=f"SOP {n}", actors=["Kasubbag Umum"], steps=[
        Step(activity=f"Menerima berkas {n}", actor="Kasubbag Umum", kind="start",
             time="5 menit"),
        Step(activity="Memeriksa berkas", actor="Kasubbag Umum", time="10 menit"),
        Step(activity="Selesai", actor="Kasubbag Umum", kind="end"),
    ])


def full_dump(path: Path) -> bytes:
    data = json.loads(path.read_bytes())
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def test_every_save_writes_the_same_file_as_a_full_dump(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "ws", "Acara")
    unit = store.add_unit("Dinas A").slug
    ids = [r.id for r in store.add_sop_records(
        unit, [SopRecord(id="", sop=sop(n)) for n in range(30)])]
    path = tmp_path / "ws" / "units" / f"{unit}.json"
    other = Store.open(tmp_path / "ws")  # a second process on the same folder

    store.edit_sop(unit, ids[3], [FieldChange("steps.2.time", "10 menit", "15 menit")])
    assert path.read_bytes() == full_dump(path)
    other.edit_sop(unit, ids[4], [FieldChange("title", "SOP 4", "SOP empat «baru»")])
    store.edit_sop(unit, ids[3], [FieldChange("steps.2.time", "15 menit", "20 menit")])
    store.set_sop_status(unit, ids[5], "reviu")
    store.remove_sop(unit, ids[6])
    store.add_sop(unit, sop(99))
    store.edit_sop(unit, ids[3], [FieldChange("steps.2.time", "20 menit", "10 menit")])
    assert path.read_bytes() == full_dump(path)

    fresh = {r.id: r for r in Store.open(tmp_path / "ws").sops(unit)}
    assert fresh[ids[3]].sop.step(2).time == "10 menit"
    assert fresh[ids[4]].sop.title == "SOP empat «baru»"  # the other process's edit kept
    assert fresh[ids[5]].status == "reviu"
    assert ids[6] not in fresh  # a removed record does not come back from the reused JSON
    assert len(fresh) == 30 and "SOP 99" in {r.sop.title for r in fresh.values()}
    assert {r.id: r for r in store.sops(unit)} == fresh


def test_a_change_back_to_an_earlier_value_is_written(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "ws", "Acara")
    unit = store.add_unit("Dinas A").slug
    ids = [r.id for r in store.add_sop_records(
        unit, [SopRecord(id="", sop=sop(n)) for n in range(20)])]
    for old, new in (("SOP 1", "Satu"), ("Satu", "SOP 1"), ("SOP 1", "Satu")):
        store.edit_sop(unit, ids[1], [FieldChange("title", old, new)])
        assert Store.open(tmp_path / "ws").sop(unit, ids[1]).sop.title == new
