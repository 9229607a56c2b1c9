"""Approvals in one unit at the same moment (several laptops, one workshop folder): each SOP
gets its own sequence number, because the number is counted from the unit's records as stored
under the store's lock (`Store.update_record_in_unit`), not from a read made before it."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from tests.stages.pengembangan.test_approval import SIGNER, good_sop
from workshop.model import SopRecord
from workshop.stages.pengembangan import approval
from workshop.store import Store

UNIT = "sekretariat-daerah"
WRITERS = 6


def _approve(folder: str, sop_id: str, barrier: multiprocessing.synchronize.Barrier) -> None:
    store = Store.open(Path(folder))
    unit = store.unit(UNIT)
    barrier.wait(timeout=60)

    def run(record: SopRecord, records: list[SopRecord]) -> None:
        number = approval.number_for(unit, records, record, kode="800", signed="2026-11-28")
        approval.approve(record, number=number, signer=SIGNER, signed="2026-11-28")

    store.update_record_in_unit(UNIT, sop_id, run, "sop.approve")


def test_simultaneous_approvals_take_different_numbers(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    store = Store.create(folder, "Pendampingan SOP AP")
    store.add_unit("Sekretariat Daerah", short_name="Setda",
                   numbering="{kode}/SOP.{seq:02}/{singkatan}/{tahun}")
    ids = [store.add_sop(UNIT, good_sop()).id for _ in range(WRITERS)]
    # fork is quick; Windows has only spawn (also tested: the writers import what they need).
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    barrier = ctx.Barrier(WRITERS)
    procs = [ctx.Process(target=_approve, args=(str(folder), sop_id, barrier)) for sop_id in ids]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=120)
    assert [proc.exitcode for proc in procs] == [0] * WRITERS
    numbers = sorted(r.sop.number for r in Store.open(folder).sops(UNIT))
    assert numbers == [f"800/SOP.{n:02}/Setda/2026" for n in range(1, WRITERS + 1)]


def test_the_function_sees_the_records_as_stored(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    store = Store.create(folder, "Pendampingan SOP AP")
    store.add_unit("Sekretariat Daerah", short_name="Setda",
                   numbering="{kode}/SOP.{seq:02}/{singkatan}/{tahun}")
    first, second = (store.add_sop(UNIT, good_sop()).id for _ in range(2))
    other = Store.open(folder)  # another laptop approves the first SOP
    unit = other.unit(UNIT)
    other.update_record(UNIT, first, lambda r: approval.approve(
        r, number=approval.number_for(unit, other.sops(UNIT), r, kode="800",
                                      signed="2026-11-28"),
        signer=SIGNER, signed="2026-11-28"))
    seen: list[tuple[str, str]] = []
    store.update_record_in_unit(
        UNIT, second, lambda record, records: seen.extend((r.id, r.status) for r in records))
    assert sorted(seen) == sorted([(first, "disahkan"), (second, "draf")])
