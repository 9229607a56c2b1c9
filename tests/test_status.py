"""The status vocabulary (workshop.status) and the one progress count (workshop.progress.tally)
that the board and the report share."""

from __future__ import annotations

import pytest

from workshop import status
from workshop.export.progress import unit_report
from workshop.model import SOP_STATUSES, MonitoringRow, Sop, SopRecord, Unit
from workshop.progress import CheckCache, tally, unit_progress
from workshop.status import SopStatus

STORED = ("draf", "reviu", "uji coba", "disahkan", "diterapkan", "perlu revisi", "dicabut")


def test_the_stored_strings_are_unchanged() -> None:
    assert SOP_STATUSES == STORED
    assert [s.value for s in SopStatus] == list(STORED)
    assert SopStatus.UJI_COBA == "uji coba" and SopStatus.UJI_COBA.label == "Uji coba"


@pytest.mark.parametrize(
    ("predicate", "members"),
    [
        (status.is_checking, {"reviu", "uji coba"}),
        (status.is_approved, {"disahkan", "diterapkan"}),
        (status.is_in_force, {"disahkan", "diterapkan", "perlu revisi"}),
        (status.is_implemented, {"diterapkan", "perlu revisi"}),
        (status.is_read_only, {"disahkan", "diterapkan", "dicabut"}),
        (status.was_approved, {"disahkan", "diterapkan", "perlu revisi", "dicabut"}),
        (status.is_retired, {"dicabut"}),
    ],
)
def test_each_predicate_names_its_statuses(predicate: object, members: set[str]) -> None:
    assert callable(predicate)
    assert {s for s in STORED if predicate(s)} == members
    assert not predicate("tidak dikenal")


def _record(n: int, state: str, **more: object) -> SopRecord:
    record = SopRecord(id=f"sop-{n}", sop=Sop(title=f"SOP {n}"), status=state)
    for key, value in more.items():
        setattr(record, key, value)
    return record


def test_board_and_report_count_from_one_tally() -> None:
    watched = [MonitoringRow("2018-S2", "Berjalan dengan baik")]
    records = [
        _record(1, "draf"),
        _record(2, "disahkan"),
        _record(3, "diterapkan", monitoring=watched),
        _record(4, "perlu revisi", monitoring=watched),
        _record(5, "dicabut", monitoring=watched),
        _record(6, "reviu", implementation=[object()]),
    ]
    counts = tally(records)
    assert [r.id for r in counts.live] == ["sop-1", "sop-2", "sop-3", "sop-4", "sop-6"]
    assert (counts.approved, counts.in_force) == (2, 3)
    unit = Unit(slug="setda", name="Setda")
    board = unit_progress(unit, readiness_ids=(), members=0, has_ketua=False, needs=0,
                          records=records, checks=CheckCache(lambda sop: True))
    report = unit_report(unit, members=[], needs=[], records=records, readiness_total=0)
    # The board's "SOP disahkan" leaves out an SOP sent back for revision; the report's
    # "Disahkan" (in force, no DRAF watermark) counts it.
    assert (board.drafted, board.approved) == (5, 2)
    assert (report.sops, report.approved) == (5, 3)
    # Board: implemented = diterapkan or with an implementation record (3 and 6);
    # report: of the 3 in force, 1 is applied (3), and it is monitored.
    assert (board.implemented, board.monitored) == (2, 2)
    assert report.stages["penerapan"] == 33 and report.stages["monev"] == 100
