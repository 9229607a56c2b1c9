"""The minutes panel of a session: its "Perubahan data selama sesi" lines name the SOPs the
log names, read one by one and kept per unit while the unit's file is unchanged; a refresh
after a change in one unit reads that unit only."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Static

from tests.tui.conftest import frozen_now
from workshop.model import Session, Sop
from workshop.store import Store
from workshop.tui.context import Context
from workshop.tui.guide import load_guide
from workshop.tui.sesi.minutes import MinutesPanel

STARTED = "2018-07-10T08:00:00"  # FROZEN (09:30) is within the session


def age_files(where: Path) -> None:
    """Date the files an hour back: a file written within the clock's tick is never trusted."""
    old = time.time() - 3600
    for path in [where] if where.is_file() else where.rglob("*.json"):
        os.utime(path, (old, old))


def seeded(folder: Path) -> tuple[Store, list[str], Session]:
    store = Store.create(folder, "Pendampingan SOP", now=frozen_now)
    units = store.add_units(["Dinas Sosial", "Dinas Kesehatan", "Kecamatan Garung"])
    slugs = [u.slug for u in units]
    session = store.add_session(Session(id="", title="Hari 1", state="running",
                                        started_at=STARTED))
    store.add_sop(slugs[0], Sop(title="Surat Masuk"))
    store.add_sop(slugs[0], Sop(title="Cuti Pegawai"))
    store.add_sop(slugs[1], Sop(title="Pelayanan [Imunisasi]"))
    # A unit whose SOPs were written the day before the session: never read.
    before = Store.open(folder, now=lambda: datetime(2018, 7, 9, 10, 0))
    before.add_sop(slugs[2], Sop(title="Arsip"))
    before.add_sop(slugs[2], Sop(title="Perjalanan Dinas"))
    age_files(folder)
    return store, slugs, session


@contextmanager
def counting(store: Store) -> Iterator[list[str]]:
    """The unit of every SOP decoded through ``store.sop`` / ``store.sops`` in the block."""
    read: list[str] = []
    one, every = store.sop, store.sops

    def sop(unit: str, sop_id: str) -> object:
        read.append(unit)
        return one(unit, sop_id)

    def sops(unit: str) -> object:
        read.append(unit)
        return every(unit)

    store.sop = sop  # type: ignore[method-assign,assignment]
    store.sops = sops  # type: ignore[method-assign,assignment]
    try:
        yield read
    finally:
        del store.sop
        del store.sops


class MinutesApp(App[None]):
    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        yield MinutesPanel(id="minutes")


def log_text(app: MinutesApp) -> str:
    return str(app.query_one("#mn-log", Static).render())


async def test_minutes_refresh_reads_only_what_it_shows_and_only_changed_units(
    tmp_path: Path
) -> None:
    store, slugs, session = seeded(tmp_path / "ws")
    app = MinutesApp(Context(store=store, guide=load_guide(), now=frozen_now))
    async with app.run_test(size=(100, 40)) as pilot:
        panel = app.query_one(MinutesPanel)
        units = store.units()
        with counting(store) as read:
            panel.show(store.session(session.id), units)
            await pilot.pause()
            # One read per SOP shown, none of the unit the session did not touch.
            assert sorted(read) == sorted([slugs[0], slugs[0], slugs[1]])
            assert log_text(app).splitlines() == [
                "Dinas Sosial", "  Disusun: Surat Masuk, Cuti Pegawai",
                "Dinas Kesehatan", "  Disusun: Pelayanan [Imunisasi]"]

            read.clear()
            panel.show(store.session(session.id), units)  # nothing changed: nothing read
            assert read == []

            # Dinas Kesehatan renames its SOP: only that unit is read again.
            [record] = store.sops(slugs[1])
            read.clear()
            store.update_record(slugs[1], record.id,
                                lambda r: setattr(r.sop, "title", "Imunisasi Dasar"), "sop.edit")
            age_files(store.path / "units" / f"{slugs[1]}.json")
            panel.show(store.session(session.id), units)
            await pilot.pause()
            assert read == [slugs[1]]
            assert log_text(app).splitlines()[-1] == "  Disusun: Imunisasi Dasar"

            # A removed SOP is named as removed, and the other unit is still not read.
            read.clear()
            store.remove_sop(slugs[1], record.id)
            age_files(store.path / "units" / f"{slugs[1]}.json")
            panel.show(store.session(session.id), units)
            await pilot.pause()
            assert read == [slugs[1]]
            assert f"  Disusun: {record.id} (sudah dihapus)" in log_text(app).splitlines()
