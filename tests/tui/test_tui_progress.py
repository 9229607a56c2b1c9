"""Stage progress is computed from the data (no Textual needed)."""

from __future__ import annotations

from workshop.model import (
    Evaluation,
    ImplementationRecord,
    MonitoringRow,
    Sop,
    SopRecord,
    Unit,
)
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
