"""What the store offers a screen that must not read the unit files before its first paint."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from workshop.model import Sop, SopRecord
from workshop.store import Store, StoreCorrupt


def test_units_size_is_the_bytes_of_the_unit_files_without_reading_them(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "ws", "Acara")
    assert store.units_size() == 0
    a, b = store.add_units(["Dinas A", "Dinas B"])
    store.add_sop_records(a.slug, [SopRecord(id="", sop=Sop(title="Satu"))])
    files = sorted((tmp_path / "ws" / "units").glob("*.json"))
    assert [f.name for f in files] == ["dinas-a.json"]  # a unit file is made on its first write
    before = store.units_size()
    assert before == sum(f.stat().st_size for f in files)
    store.add_sop_records(b.slug, [SopRecord(id="", sop=Sop(title="Dua " * 200))])
    assert store.units_size() > before + 800

    fresh = Store.open(tmp_path / "ws")
    assert fresh.units_size() == store.units_size()
    # nothing of the unit files was read or parsed for it (only workshop.json, by open)
    assert [p.name for p in fresh._files._cache] == ["workshop.json"]


def _unit_with_one_sop(tmp_path: Path) -> Path:
    store = Store.create(tmp_path / "ws", "Acara")
    unit = store.add_unit("Dinas A")
    store.add_sop_records(unit.slug, [SopRecord(id="", sop=Sop(title="Satu"))])
    return tmp_path / "ws" / "units" / "dinas-a.json"


@pytest.mark.parametrize(("damage", "message"), [
    (lambda d: d["sops"]["1"]["sop"].update(title=5), "sops[1].sop.title harus teks"),
    (lambda d: d["sops"]["1"]["sop"].update(steps=[{"activity": "Mulai", "actor": "A", "time": 5}]),
     "sops[1].sop.steps[0].time harus teks"),
    (lambda d: d["sops"]["1"]["sop"].update(actors="Kasubbag"), "sops[1].sop.actors harus daftar"),
    (lambda d: d["sops"]["1"].pop("sop"), "sops[1].sop harus ada"),
    (lambda d: d["sops"]["1"].update(status=None), "sops[1].status harus teks"),
])
def test_a_wrong_value_in_a_unit_file_is_named_with_its_place(
    tmp_path: Path, damage: Callable[[dict[str, Any]], None], message: str
) -> None:
    path = _unit_with_one_sop(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    damage(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(StoreCorrupt) as info:
        Store.open(tmp_path / "ws").sops("dinas-a")
    assert message in str(info.value) and "isi tidak sesuai" in str(info.value)
    with pytest.raises(StoreCorrupt):  # and a write never replaces the damaged file
        Store.open(tmp_path / "ws").add_sop("dinas-a", Sop(title="Dua"))
    assert path.read_bytes() == before


def test_validation_accepts_what_decoding_accepts(tmp_path: Path) -> None:
    path = _unit_with_one_sop(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    sop = data["sops"]["1"]["sop"]
    sop["steps"] = [{"activity": "Mulai", "actor": "A", "kind": "start", "if_yes": None}]
    sop["extra_key_from_a_newer_field"] = "diabaikan"  # unknown keys are ignored
    path.write_text(json.dumps(data), encoding="utf-8")
    record = Store.open(tmp_path / "ws").sops("dinas-a")[0]
    assert record.sop.steps[0].activity == "Mulai" and record.sop.title == "Satu"
