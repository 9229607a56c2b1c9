"""The monev due list of the rail: the same items as ``monev.due_items`` over every unit, but a
refresh re-reads only the units whose file changed (the facilitator's screen polls twice a
second while 40 units type)."""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path

from workshop.model import Dates, MonitoringRow, Sop, SopRecord
from workshop.stages.monev.monev import due_items
from workshop.store import Store
from workshop.tui.context import Context
from workshop.tui.guide import load_guide


def in_force(title: str, effective: str, **extra: object) -> SopRecord:
    sop = Sop(title=title, dates=Dates(created="2018-01-02", effective=effective))
    return SopRecord(id="", sop=sop, status="diterapkan", **extra)  # type: ignore[arg-type]


def age_files(where: Path) -> None:
    """Date the files an hour back: a file written within the clock's tick is never trusted."""
    old = time.time() - 3600
    for path in [where] if where.is_file() else where.rglob("*.json"):
        os.utime(path, (old, old))


def every_unit(store: Store, today: datetime) -> list[object]:
    return list(due_items([(u, store.sops(u.slug)) for u in store.units()], today.date()))


def test_due_items_match_monev_and_reread_only_changed_units(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "ws", "Acara")
    a, b, c = store.add_units(["Dinas B", "Dinas A", "Kecamatan C"])
    store.add_sop_records(a.slug, [in_force("Surat Masuk", "2018-01-10"),
                                   in_force("Cuti", "2018-03-01"),
                                   SopRecord(id="", sop=Sop(title="Draf saja"))])
    store.add_sop_records(b.slug, [in_force("surat masuk", "2018-01-10"),
                                   in_force("Arsip", "2017-05-05", monitoring=[
                                       MonitoringRow("2018-S1", "Baik", date="2018-02-01")])])
    store.add_sop_records(c.slug, [SopRecord(id="", sop=Sop(title="Masih draf"))])
    age_files(tmp_path / "ws")
    clock = [datetime(2018, 8, 1, 9, 0)]
    ctx = Context(store=store, guide=load_guide(), now=lambda: clock[0])

    first = ctx.due_items()
    assert first == every_unit(store, clock[0])
    assert len(first) == 8  # a monitoring and an evaluation for each SOP in force
    assert {d.unit_name for d in first} == {"Dinas A", "Dinas B"}
    assert any(d.overdue for d in first) and not all(d.overdue for d in first)

    read: list[str] = []
    sops = store.sops

    def spy(unit: str) -> list[SopRecord]:
        read.append(unit)
        return sops(unit)

    store.sops = spy  # type: ignore[method-assign]
    store.update_unit(a.slug, name="Dinas B Baru")  # workshop file only
    clock[0] = datetime(2019, 3, 1, 9, 0)  # another day: more items overdue
    second = ctx.due_items()
    assert read == []  # no unit file changed: nothing decoded again
    del store.sops
    assert second == every_unit(store, clock[0])
    assert "Dinas B Baru" in {d.unit_name for d in second}
    assert sum(d.overdue for d in second) > sum(d.overdue for d in first)

    store.add_sop_records(c.slug, [in_force("Perjalanan Dinas", "2018-06-01")])
    age_files(tmp_path / "ws" / "units" / f"{c.slug}.json")
    store.sops = spy  # type: ignore[method-assign]
    rows, third = ctx.progress_and_due()
    assert read == [c.slug]
    del store.sops
    assert third == every_unit(store, clock[0]) and len(third) == 10
    assert [r.name for r in rows] == ["Dinas B Baru", "Dinas A", "Kecamatan C"]
