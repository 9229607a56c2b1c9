"""Stage progress is computed from the data (no Textual needed)."""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path

from workshop.model import (
    Evaluation,
    ImplementationRecord,
    MonitoringRow,
    Sop,
    SopRecord,
    Step,
    Unit,
)
from workshop.store import Store
from workshop.tui.context import Context
from workshop.tui.guide import load_guide
from workshop.tui.progress import CheckCache, bar, stage_progress, unit_progress

STAGES = [("persiapan", "Persiapan"), ("kebutuhan", "Penilaian Kebutuhan"),
          ("pengembangan", "Pengembangan"), ("penerapan", "Penerapan"),
          ("monev", "Monitoring dan Evaluasi")]


def record(n: int, status: str, **extra: object) -> SopRecord:
    return SopRecord(id=f"s{n}", sop=Sop(title=f"SOP {n}"), status=status, **extra)  # type: ignore[arg-type]


def test_stage_labels_count_from_records() -> None:
    impl = [ImplementationRecord(date="2018-08-01", kind="sosialisasi")]
    records = [
        record(1, "draf"),
        record(2, "disahkan"),
        record(3, "diterapkan", implementation=impl),
        record(4, "perlu revisi", implementation=impl,
               monitoring=[MonitoringRow(period="2018-S2", assessment="Berjalan dengan baik")]),
        record(5, "dicabut"),
        record(6, "diterapkan",
               evaluations=[Evaluation(date="2019-01-10", answers=[True] * 7)]),
    ]
    checks = CheckCache(lambda sop: sop.title != "SOP 1")
    ready = Unit(slug="a", name="A", readiness=["x", "y"])
    not_ready = Unit(slug="b", name="B", readiness=["x"])
    rows = [
        unit_progress(ready, readiness_ids=["x", "y"], members=3, has_ketua=True, needs=4,
                      records=records, checks=checks),
        unit_progress(not_ready, readiness_ids=["x", "y"], members=0, has_ketua=False,
                      needs=0, records=[], checks=checks),
    ]
    a = rows[0]
    assert (a.drafted, a.checked_ok, a.approved, a.implemented, a.monitored) == (5, 4, 3, 3, 2)
    labels = {s.stage_id: s.label for s in stage_progress(rows, STAGES)}
    assert labels == {
        "persiapan": "1/2 unit siap",
        "kebutuhan": "4 kebutuhan, 1/2 unit",
        "pengembangan": "3/5 SOP disahkan",
        "penerapan": "3/4 SOP diterapkan",
        "monev": "2/3 SOP dimonitor",
    }


def test_check_cache_rechecks_only_changed_sops() -> None:
    calls: list[str] = []

    def checker(sop: Sop) -> bool:
        calls.append(sop.title)
        return True

    cache = CheckCache(checker)
    first = record(1, "draf")
    assert cache.ok("a", first) and cache.ok("a", first)
    assert calls == ["SOP 1"]
    changed = SopRecord(id="s1", sop=Sop(title="SOP 1 baru"))
    assert cache.ok("a", changed)
    assert calls == ["SOP 1", "SOP 1 baru"]


def test_bar_is_proportional() -> None:
    assert bar(0.5, 10) == "█████░░░░░"
    assert bar(0.0, 4) == "░░░░"
    assert bar(1.5, 4) == "████"


def _age(path: Path) -> None:
    """Make a file look written an hour ago (so its stat token is trusted)."""
    old = time.time() - 3600
    os.utime(path, (old, old))


def test_progress_rows_read_only_changed_units(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "ws", "Uji")
    a, b = store.add_units(["Bagian A", "Bagian B"])
    store.add_sop_records(a.slug, [record(1, "draf"), record(2, "disahkan")])
    store.add_sop_records(b.slug, [record(3, "draf")])
    calls: list[str] = []

    def checker(sop: Sop) -> bool:
        calls.append(sop.title)
        return sop.title != "SOP 2"

    guide = load_guide()
    ctx = Context(store=store, guide=guide, now=datetime.now, checks=CheckCache(checker))
    for path in (tmp_path / "ws").rglob("*.json"):
        _age(path)
    first = ctx.progress_rows()
    assert [(r.name, r.drafted, r.checked_ok, r.approved) for r in first] == [
        ("Bagian A", 2, 1, 1), ("Bagian B", 1, 1, 0)]
    assert sorted(calls) == ["SOP 1", "SOP 2", "SOP 3"]
    calls.clear()

    # Workshop-file facts (name, readiness, team) are fresh even for an unchanged unit file.
    store.update_unit(b.slug, name="Bagian B Baru")
    store.set_readiness(b.slug, guide.readiness_ids[0], True)
    store.add_member(b.slug, "Sari", role="ketua")
    store.set_sop_status(a.slug, "s1", "disahkan")  # unit A's file changes
    read: list[str] = []
    sops = store.sops

    def spy(unit: str) -> list[SopRecord]:
        read.append(unit)
        return sops(unit)

    store.sops = spy  # type: ignore[method-assign]
    second = ctx.progress_rows()
    assert read == [a.slug]
    del store.sops
    fresh = Context(store=store, guide=guide, now=datetime.now,
                    checks=CheckCache(lambda sop: sop.title != "SOP 2")).progress_rows()
    assert second == fresh
    assert [(r.name, r.approved, r.readiness_done, r.members, r.has_ketua) for r in second] == [
        ("Bagian A", 2, 0, 0, False), ("Bagian B Baru", 0, 1, 1, True)]
    assert calls == []  # SOPs unchanged: the check cache answers; unit B is not even read

    _age(store.path / "units" / f"{a.slug}.json")
    ctx.progress_rows()
    store.remove_unit(a.slug)
    assert [r.name for r in ctx.progress_rows()] == ["Bagian B Baru"]


def test_check_cache_sees_a_change_deep_inside_a_step() -> None:
    calls: list[str] = []

    def checker(sop: Sop) -> bool:
        calls.append(sop.steps[0].time)
        return sop.steps[0].time != ""

    cache = CheckCache(checker)
    sop = Sop(title="SOP 1", steps=[Step(activity="Terima berkas", actor="Staf", time="")])
    assert not cache.ok("a", SopRecord(id="s1", sop=sop))
    sop.steps[0].time = "15 menit"  # the same object, edited in place
    assert cache.ok("a", SopRecord(id="s1", sop=sop))
    again = Sop(title="SOP 1",
                steps=[Step(activity="Terima berkas", actor="Staf", time="15 menit")])
    assert cache.ok("a", SopRecord(id="s1", sop=again))
    assert calls == ["", "15 menit"]
