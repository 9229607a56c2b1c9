"""Minutes: what changed per unit during a session, compiled from the activity log."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from workshop.export.markdown import minutes_markdown
from workshop.model import AgendaItem, LogEntry, Session, Sop
from workshop.sesi import minutes, timer
from workshop.store import Store

CLOCK = [datetime(2018, 7, 10, 8, 0, 0)]


def now() -> datetime:
    return CLOCK[0]


def tick(minutes: int) -> None:
    CLOCK[0] += timedelta(minutes=minutes)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    CLOCK[0] = datetime(2018, 7, 10, 8, 0, 0)
    yield Store.create(tmp_path / "w", "Uji", now=now)


def test_drafted_checked_and_approved_per_unit_only_inside_the_session(store: Store) -> None:
    store.add_unit("Dinas Sosial")
    store.add_unit("Dinas Kesehatan")
    before = store.add_sop("dinas-sosial", Sop(title="Surat Keluar"))
    tick(1)
    session = store.add_session(Session(id="", title="Hari 2", agenda=[
        AgendaItem("Penyusunan", "pengembangan", 60)]))
    session = store.save_session(timer.start(session, now()))
    tick(1)
    masuk = store.add_sop("dinas-sosial", Sop(title="Surat Masuk"))
    store.set_sop_status("dinas-sosial", masuk.id, "reviu")
    cuti = store.add_sop("dinas-kesehatan", Sop(title="Cuti Pegawai"))
    store.set_sop_status("dinas-kesehatan", cuti.id, "disahkan")
    store.set_sop_status("dinas-sosial", before.id, "uji coba")
    tick(5)
    session = store.save_session(timer.end(session, now()))
    tick(5)
    store.add_sop("dinas-kesehatan", Sop(title="Sesudah sesi"))

    activity = minutes.session_activity(store, session)
    by_unit = {a.unit: a for a in activity}
    assert by_unit["dinas-sosial"].drafted == [masuk.id]
    assert by_unit["dinas-sosial"].checked == [masuk.id, before.id]
    assert by_unit["dinas-kesehatan"].approved == [cuti.id]
    assert by_unit["dinas-kesehatan"].drafted == [cuti.id]

    records = {u.slug: store.sops(u.slug) for u in store.units()}
    lines = minutes.summary_text(activity, store.units(), records)
    assert lines == [
        "Dinas Sosial",
        "  Disusun: Surat Masuk",
        "  Diperiksa (reviu/uji coba): Surat Masuk, Surat Keluar",
        "Dinas Kesehatan",
        "  Disusun: Cuti Pegawai",
        "  Disahkan: Cuti Pegawai",
    ]
    text = minutes_markdown(store.event(), session, store.units(), store.members(),
                            minutes.produced(activity, records))
    assert "Disahkan: Cuti Pegawai" in text and "Sesudah sesi" not in text


def test_a_session_that_never_started_has_no_activity() -> None:
    log = [LogEntry(at="2018-07-10T08:00:00", who="x", action="sop.create", unit="u",
                    target="sop-001")]
    assert minutes.compile_activity(log, since=None) == []
    assert minutes.compile_activity(log, since="2018-07-10T07:00:00")[0].drafted == ["sop-001"]
