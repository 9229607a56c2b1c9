"""What the store offers a screen that must not read the unit files before its first paint."""

from __future__ import annotations

from pathlib import Path

from workshop.model import Sop, SopRecord
from workshop.store import Store


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
