"""The workshop store: what callers get back, what lands on disk, the messages users see."""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import workshop.store as store_mod
from workshop.model import (
    SOP_STATUSES,
    Comment,
    Dates,
    Evaluation,
    ExistingSop,
    Member,
    NeedRow,
    Session,
    Sop,
    SopRecord,
    Step,
    Unit,
    Vote,
)
from workshop.store import (
    FACILITATOR,
    FieldChange,
    Store,
    StoreConflict,
    StoreCorrupt,
    StoreError,
    StoreNotFound,
    StorePermission,
    migrations,
)


class Clock:
    def __init__(self) -> None:
        self.t = datetime(2018, 7, 10, 9, 0, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += timedelta(seconds=seconds)


def _sop(title: str = "Pengelolaan Surat Masuk", steps: int = 3) -> Sop:
    return Sop(
        title=title,
        actors=["Petugas TU", "Kasubbag Umum"],
        steps=[
            Step(f"Melakukan langkah {i}", "Petugas TU", time="5 menit")
            for i in range(1, steps + 1)
        ],
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ws(tmp_path: Path, clock: Clock) -> Store:
    store = Store.create(tmp_path / "ws", "Pendampingan SOP AP Wonosobo", now=clock)
    store.add_unit("Dinas Kesehatan", short_name="Dinkes")
    store.add_unit("Dinas Pendidikan")
    return store


# ---------------------------------------------------------------------------------------------
# Creating and opening
# ---------------------------------------------------------------------------------------------


def test_create_makes_a_workshop_folder(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "baru", "Sosialisasi SOP AP")
    assert Store.is_workshop(tmp_path / "baru")
    assert (tmp_path / "baru" / "workshop.json").is_file()
    assert (tmp_path / "baru" / "units").is_dir()
    assert (tmp_path / "baru" / "backups").is_dir()
    assert store.event().title == "Sosialisasi SOP AP"
    data = json.loads((tmp_path / "baru" / "workshop.json").read_text(encoding="utf-8"))
    assert data["_meta"]["1"]["schema"] == store_mod.SCHEMA_VERSION


def test_create_refuses_an_existing_workshop_and_a_folder_with_other_files(
    tmp_path: Path,
) -> None:
    Store.create(tmp_path / "a", "A")
    with pytest.raises(StoreError, match="sudah berisi workshop"):
        Store.create(tmp_path / "a", "A lagi")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "catatan.txt").write_text("x")
    with pytest.raises(StoreError, match="sudah berisi berkas lain"):
        Store.create(tmp_path / "b", "B")


def test_open_a_folder_that_is_not_a_workshop(tmp_path: Path) -> None:
    with pytest.raises(StoreNotFound, match="bukan folder workshop"):
        Store.open(tmp_path)


def test_open_with_an_unknown_unit_scope(ws: Store) -> None:
    with pytest.raises(StoreNotFound, match="Unit 'dinas-pariwisata' tidak ada"):
        Store.open(ws.path, scope="dinas-pariwisata")


def test_open_with_a_unit_name_scopes_to_its_slug(ws: Store) -> None:
    assert Store.open(ws.path, scope="Dinas Kesehatan").scope == "dinas-kesehatan"


# ---------------------------------------------------------------------------------------------
# Event, units, PIN, team
# ---------------------------------------------------------------------------------------------


def test_update_event(ws: Store) -> None:
    ws.update_event(venue="Aula Setda", facilitators=["Bagian Organisasi"])
    again = Store.open(ws.path).event()
    assert again.venue == "Aula Setda"
    assert again.facilitators == ["Bagian Organisasi"]
    assert again.title == "Pendampingan SOP AP Wonosobo"
    with pytest.raises(StoreError, match="Bidang 'tempat' tidak dikenal"):
        ws.update_event(tempat="x")
    with pytest.raises(StoreError, match="Nilai tidak sah: venue harus teks"):
        ws.update_event(venue=5)


def test_units_get_unique_slugs_and_can_be_found(ws: Store) -> None:
    again = ws.add_unit("Dinas  Kesehatan!")
    assert again.slug == "dinas-kesehatan-2"
    assert ws.find_unit("dinkes") is not None
    assert ws.find_unit("DINAS PENDIDIKAN") == ws.unit("dinas-pendidikan")
    assert ws.find_unit("Dinas Pariwisata") is None
    added = ws.add_units(["Kecamatan Garung", "", "  ", "kecamatan garung", "Dinas Pendidikan",
                          "Kecamatan Kertek"])
    assert [u.name for u in added] == ["Kecamatan Garung", "Kecamatan Kertek"]
    assert [u.slug for u in Store.open(ws.path).units()] == [
        "dinas-kesehatan", "dinas-pendidikan", "dinas-kesehatan-2", "kecamatan-garung",
        "kecamatan-kertek",
    ]


def test_ensure_unit_creates_once(ws: Store) -> None:
    unit, created = ws.ensure_unit("Badan Kepegawaian Daerah")
    assert created
    again, created_again = ws.ensure_unit("badan kepegawaian daerah")
    assert (again, created_again) == (unit, False)


def test_update_and_readiness(ws: Store) -> None:
    ws.update_unit("dinas-kesehatan", head_position="Kepala Dinas", team_model="gabungan")
    ws.set_readiness("dinas-kesehatan", "sk-tim", True)
    ws.set_readiness("dinas-kesehatan", "pelatihan", True)
    ws.set_readiness("dinas-kesehatan", "sk-tim", False)
    unit = Store.open(ws.path).unit("dinas-kesehatan")
    assert unit.head_position == "Kepala Dinas"
    assert unit.readiness == ["pelatihan"]
    with pytest.raises(StoreError, match="'pin_hash' unit tidak boleh diubah"):
        ws.update_unit("dinas-kesehatan", pin_hash="x$y")


def test_pin_is_stored_hashed_and_verified(ws: Store) -> None:
    pin = ws.generate_pin("dinas-kesehatan")
    assert len(pin) == 6 and pin.isdigit()
    raw = (ws.path / "workshop.json").read_text(encoding="utf-8")
    unit = ws.unit("dinas-kesehatan")
    assert unit.pin_hash and pin not in unit.pin_hash
    assert ws.verify_pin("dinas-kesehatan", pin)
    assert not ws.verify_pin("dinas-kesehatan", "000000" if pin != "000000" else "111111")
    assert not ws.verify_pin("dinas-pendidikan", pin)  # no PIN generated yet
    assert unit.pin_hash in raw


def test_a_pin_source_gives_the_pin_and_the_salt(ws: Store) -> None:
    """The demo builder's fixed PINs: a source passed in, no module of the store swapped."""
    salt = bytes(range(16))
    pin = ws.generate_pin("dinas-kesehatan", source=lambda slug: ("042917", salt))
    assert pin == "042917"
    assert ws.verify_pin("dinas-kesehatan", "042917")
    assert ws.unit("dinas-kesehatan").pin_hash.startswith(salt.hex() + "$")
    for bad in [("42917", salt), ("04291x", salt), ("042917", b"short")]:
        with pytest.raises(ValueError):
            ws.generate_pin("dinas-pendidikan", source=lambda slug, bad=bad: bad)
    assert not ws.unit("dinas-pendidikan").pin_hash  # nothing written


def test_remove_unit_takes_a_backup_and_removes_its_data(ws: Store) -> None:
    ws.add_sop("dinas-kesehatan", _sop())
    member = ws.add_member("dinas-kesehatan", "Siti")
    ws.set_vote(Vote(unit="dinas-kesehatan", member=member.id, need="k-001"))
    ws.remove_unit("dinas-kesehatan")
    assert [u.slug for u in ws.units()] == ["dinas-pendidikan"]
    assert ws.members() == []
    assert ws.votes() == []
    assert not (ws.path / "units" / "dinas-kesehatan.json").exists()
    copy = ws.newest_backup(ws.path / "units" / "dinas-kesehatan.json")
    assert copy is not None and "hapus-unit" in copy.parent.parent.name
    with pytest.raises(StoreNotFound, match="Unit 'dinas-kesehatan' tidak ada"):
        ws.sops("dinas-kesehatan")


def test_members(ws: Store) -> None:
    a = ws.add_member("dinas-kesehatan", "Siti Aminah", nip="198001012005012001",
                      position="Kasubbag Umum", role="ketua")
    b = ws.add_member("dinas-pendidikan", "Budi")
    assert (a.id, b.id) == ("m-001", "m-002")
    ws.update_member(a.id, position="Sekretaris")
    assert [m.position for m in ws.members("dinas-kesehatan")] == ["Sekretaris"]
    with pytest.raises(StoreError, match="Peran 'bos' tidak dikenal"):
        ws.add_member("dinas-kesehatan", "X", role="bos")
    with pytest.raises(StoreError, match="Nama anggota tim tidak boleh kosong"):
        ws.add_member("dinas-kesehatan", "  ")
    ws.remove_member(a.id)
    assert [m.name for m in Store.open(ws.path).members()] == ["Budi"]
    with pytest.raises(StoreNotFound, match="Anggota tim 'm-001' tidak ada"):
        ws.remove_member(a.id)


def test_sessions_and_votes(ws: Store) -> None:
    s1 = ws.add_session(Session(id="", title="Hari 1", date="2018-07-10"))
    s2 = ws.add_session(Session(id=s1.id, title="Hari 2"))
    assert s1.id != s2.id
    s1.state = "running"
    s1.notes = "Mulai [tepat] waktu"
    ws.save_session(s1)
    assert Store.open(ws.path).session(s1.id).notes == "Mulai [tepat] waktu"
    ws.remove_session(s2.id)
    assert [s.title for s in ws.sessions()] == ["Hari 1"]
    with pytest.raises(StoreNotFound, match="Sesi 'tidak-ada' tidak ada"):
        ws.session("tidak-ada")
    a = ws.add_member("dinas-kesehatan", "Siti").id
    b = ws.add_member("dinas-kesehatan", "Budi").id
    c = ws.add_member("dinas-pendidikan", "Rina").id
    ws.set_vote(Vote(unit="dinas-kesehatan", member=a, need="k-001", count=2))
    ws.set_vote(Vote(unit="dinas-kesehatan", member=a, need="k-001", count=3))
    ws.set_vote(Vote(unit="dinas-kesehatan", member=b, need="k-001"))
    assert [(v.member, v.count) for v in ws.votes("dinas-kesehatan")] == [(a, 3), (b, 1)]
    ws.set_vote(Vote(unit="dinas-kesehatan", member=a, need="k-001", count=0))
    assert [v.member for v in ws.votes()] == [b]
    with pytest.raises(StoreError, match=f"Anggota tim '{c}' bukan anggota unit dinas-kesehatan"):
        ws.set_vote(Vote(unit="dinas-kesehatan", member=c, need="k-001"))
    with pytest.raises(StoreNotFound, match="Anggota tim 'm-999' tidak ada"):
        ws.set_vote(Vote(unit="dinas-kesehatan", member="m-999", need="k-001"))


# ---------------------------------------------------------------------------------------------
# Per-unit data
# ---------------------------------------------------------------------------------------------


def test_needs_and_existing_sops(ws: Store) -> None:
    row = ws.add_need("dinas-kesehatan", NeedRow(id="", output="Renstra", aspek="Penyusunan",
                                                 title="Penyusunan Renstra"))
    assert row.id == "k-001"
    ws.update_need("dinas-kesehatan", row.id, urgency=3)
    ex = ws.add_existing_sop("dinas-kesehatan", ExistingSop(id="", title="SOP Lama"))
    ws.update_existing_sop("dinas-kesehatan", ex.id, decision="revisi", reason="Struktur baru")
    again = Store.open(ws.path)
    assert [(n.title, n.urgency) for n in again.needs("dinas-kesehatan")] == [
        ("Penyusunan Renstra", 3)]
    assert [(e.title, e.decision) for e in again.existing_sops("dinas-kesehatan")] == [
        ("SOP Lama", "revisi")]
    assert again.needs("dinas-pendidikan") == []
    ws.remove_need("dinas-kesehatan", row.id)
    ws.remove_existing_sop("dinas-kesehatan", ex.id)
    assert ws.needs("dinas-kesehatan") == [] and ws.existing_sops("dinas-kesehatan") == []
    with pytest.raises(StoreNotFound, match="Baris kebutuhan 'k-001' tidak ada"):
        ws.update_need("dinas-kesehatan", "k-001", urgency=1)


def test_sop_life(ws: Store) -> None:
    rec = ws.add_sop("dinas-kesehatan", _sop(), template="surat-masuk")
    assert (rec.id, rec.status, rec.template) == ("sop-001", "draf", "surat-masuk")
    ws.set_sop_status("dinas-kesehatan", rec.id, "reviu")
    ws.update_record(
        "dinas-kesehatan", rec.id,
        lambda r: r.reviews.append(Comment(id="c1", author="Fasilitator", text="Waktu?", step=2)),
    )
    again = Store.open(ws.path).sop("dinas-kesehatan", rec.id)
    assert again.status == "reviu"
    assert [c.text for c in again.reviews] == ["Waktu?"]
    assert again.sop == rec.sop
    with pytest.raises(StoreError, match="Status SOP 'selesai' tidak dikenal"):
        ws.set_sop_status("dinas-kesehatan", rec.id, "selesai")
    ws.remove_sop("dinas-kesehatan", rec.id)
    assert ws.sops("dinas-kesehatan") == []
    with pytest.raises(StoreNotFound, match="SOP 'sop-001' tidak ada di unit dinas-kesehatan"):
        ws.sop("dinas-kesehatan", rec.id)
    # Ids are not reused after a removal.
    assert ws.add_sop("dinas-kesehatan", _sop()).id == "sop-002"


def test_update_record_refuses_bad_values(ws: Store) -> None:
    rec = ws.add_sop("dinas-kesehatan", _sop())

    def bad(r: SopRecord) -> None:
        r.sop.steps[0].time = 15  # type: ignore[assignment]

    with pytest.raises(StoreError, match=r"sop\.steps\[0\]\.time harus teks"):
        ws.update_record("dinas-kesehatan", rec.id, bad)
    assert ws.sop("dinas-kesehatan", rec.id).sop.steps[0].time == "5 menit"


# ---------------------------------------------------------------------------------------------
# Field changes and conflicts
# ---------------------------------------------------------------------------------------------


def test_edits_of_different_fields_by_two_editors_both_land(ws: Store) -> None:
    rec = ws.add_sop("dinas-kesehatan", _sop())
    other = Store.open(ws.path, scope="dinas-kesehatan")
    ws.edit_sop("dinas-kesehatan", rec.id, [FieldChange("steps.2.time", "5 menit", "10 menit")])
    other.edit_sop("dinas-kesehatan", rec.id, [FieldChange("title", rec.sop.title, "Surat Masuk")])
    ws.edit_sop("dinas-kesehatan", rec.id, [FieldChange("dates.effective", None, "2018-07-12")])
    other.edit_sop("dinas-kesehatan", rec.id,
                   [FieldChange("approval.name", "", "dr. Hartono")])
    final = Store.open(ws.path).sop("dinas-kesehatan", rec.id).sop
    assert final.steps[1].time == "10 menit"
    assert final.title == "Surat Masuk"
    assert final.dates.effective == "2018-07-12"
    assert final.approval.name == "dr. Hartono"


def test_same_field_changed_since_read_is_a_conflict(ws: Store) -> None:
    rec = ws.add_sop("dinas-kesehatan", _sop())
    ws.edit_sop("dinas-kesehatan", rec.id, [FieldChange("steps.1.time", "5 menit", "7 menit")])
    before = (ws.path / "units" / "dinas-kesehatan.json").read_bytes()
    with pytest.raises(StoreConflict) as info:
        ws.edit_sop(
            "dinas-kesehatan", rec.id,
            [FieldChange("title", rec.sop.title, "Judul Baru"),
             FieldChange("steps.1.time", "5 menit", "9 menit")],
        )
    err = info.value
    assert (err.field, err.theirs, err.yours) == ("steps.1.time", "7 menit", "9 menit")
    assert "Bidang 'steps.1.time' sudah diubah orang lain" in str(err)
    assert '"7 menit"' in err.message and '"9 menit"' in err.message
    # Nothing of the refused batch was stored.
    assert (ws.path / "units" / "dinas-kesehatan.json").read_bytes() == before
    assert ws.sop("dinas-kesehatan", rec.id).sop.title == rec.sop.title


def test_a_change_to_the_value_already_stored_is_not_a_conflict(ws: Store) -> None:
    rec = ws.add_sop("dinas-kesehatan", _sop())
    ws.edit_sop("dinas-kesehatan", rec.id, [FieldChange("steps.1.time", "5 menit", "7 menit")])
    ws.edit_sop("dinas-kesehatan", rec.id, [FieldChange("steps.1.time", "1 menit", "7 menit")])
    assert ws.sop("dinas-kesehatan", rec.id).sop.steps[0].time == "7 menit"


def test_structural_edits_replace_whole_lists(ws: Store) -> None:
    rec = ws.add_sop("dinas-kesehatan", _sop())
    steps = [*rec.sop.steps, Step("Mengarsipkan surat", "Kasubbag Umum", kind="end")]
    ws.edit_sop("dinas-kesehatan", rec.id, [FieldChange("steps", rec.sop.steps, steps)])
    got = ws.sop("dinas-kesehatan", rec.id).sop
    assert [s.activity for s in got.steps][-1] == "Mengarsipkan surat"
    # The editor's old list is stale now: a second structural edit from it conflicts.
    with pytest.raises(StoreConflict) as info:
        ws.edit_sop("dinas-kesehatan", rec.id, [FieldChange("steps", rec.sop.steps, [])])
    assert info.value.field == "steps"
    assert info.value.theirs == steps
    assert "(sekarang: 4 langkah; isian Anda: [])" in info.value.message
    # A step that no longer exists is a conflict too, with nothing stored for "theirs".
    with pytest.raises(StoreConflict) as gone:
        ws.edit_sop("dinas-kesehatan", rec.id, [FieldChange("steps.9.time", "5 menit", "1 jam")])
    assert gone.value.theirs is None


def test_bad_paths_and_values_are_refused(ws: Store) -> None:
    rec = ws.add_sop("dinas-kesehatan", _sop())
    with pytest.raises(StoreError, match=r"Bidang tidak dikenal: steps\.1\.waktu"):
        ws.edit_sop("dinas-kesehatan", rec.id, [FieldChange("steps.1.waktu", "", "x")])
    with pytest.raises(StoreError, match=r"Bidang tidak dikenal: steps\.x"):
        ws.edit_sop("dinas-kesehatan", rec.id, [FieldChange("steps.x", "", "x")])
    with pytest.raises(StoreError, match=r"Nilai tidak sah .*steps\[0\]\.time harus teks"):
        ws.edit_sop("dinas-kesehatan", rec.id, [FieldChange("steps.1.time", "5 menit", 5)])
    assert ws.sop("dinas-kesehatan", rec.id).sop.steps[0].time == "5 menit"


# ---------------------------------------------------------------------------------------------
# Scope: every write method
# ---------------------------------------------------------------------------------------------

OWN = "dinas-kesehatan"
OTHER = "dinas-pendidikan"
Write = Callable[[Store, dict[str, str]], Any]

# (name, call, allowed for the unit's own data)
WRITES: list[tuple[str, Write, bool]] = [
    ("update_event", lambda s, ids: s.update_event(venue="x"), False),
    ("add_unit", lambda s, ids: s.add_unit("Unit Baru"), False),
    ("add_units", lambda s, ids: s.add_units(["Unit Baru"]), False),
    ("ensure_unit", lambda s, ids: s.ensure_unit("Unit Baru"), False),
    ("restore_unit", lambda s, ids: s.restore_unit(
        Unit(slug="unit-baru", name="Unit Baru")), False),
    ("remove_unit", lambda s, ids: s.remove_unit(ids["unit"]), False),
    ("generate_pin", lambda s, ids: s.generate_pin(ids["unit"]), False),
    ("set_pin_hash", lambda s, ids: s.set_pin_hash(ids["unit"], "00$11"), False),
    ("clear_pin_lock", lambda s, ids: s.clear_pin_lock(ids["unit"]), False),
    ("add_session", lambda s, ids: s.add_session(Session(id="", title="x")), False),
    ("save_session", lambda s, ids: s.save_session(Session(id=ids["session"], title="y")), False),
    ("remove_session", lambda s, ids: s.remove_session(ids["session"]), False),
    ("update_unit", lambda s, ids: s.update_unit(ids["unit"], sk_number="1/2018"), True),
    ("set_readiness", lambda s, ids: s.set_readiness(ids["unit"], "sk-tim", True), True),
    ("add_member", lambda s, ids: s.add_member(ids["unit"], "Nama"), True),
    ("add_member_record", lambda s, ids: s.add_member_record(
        Member(id="", unit=ids["unit"], name="Nama")), True),
    ("update_member", lambda s, ids: s.update_member(ids["member"], name="Baru"), True),
    ("remove_member", lambda s, ids: s.remove_member(ids["member"]), True),
    ("set_vote", lambda s, ids: s.set_vote(
        Vote(unit=ids["unit"], member=ids["member"], need="k")), True),
    ("add_need", lambda s, ids: s.add_need(ids["unit"], NeedRow(id="")), True),
    ("add_needs", lambda s, ids: s.add_needs(ids["unit"], [NeedRow(id="")]), True),
    ("update_need", lambda s, ids: s.update_need(ids["unit"], ids["need"], risk=1), True),
    ("remove_need", lambda s, ids: s.remove_need(ids["unit"], ids["need"]), True),
    ("add_existing_sop", lambda s, ids: s.add_existing_sop(
        ids["unit"], ExistingSop(id="", title="Lama")), True),
    ("add_existing_sops", lambda s, ids: s.add_existing_sops(
        ids["unit"], [ExistingSop(id="", title="Lama")]), True),
    ("update_existing_sop", lambda s, ids: s.update_existing_sop(
        ids["unit"], ids["existing"], decision="tetap"), True),
    ("remove_existing_sop", lambda s, ids: s.remove_existing_sop(
        ids["unit"], ids["existing"]), True),
    ("add_sop", lambda s, ids: s.add_sop(ids["unit"], _sop()), True),
    ("add_sop_record", lambda s, ids: s.add_sop_record(
        ids["unit"], SopRecord(id="", sop=_sop())), True),
    ("add_sop_records", lambda s, ids: s.add_sop_records(
        ids["unit"], [SopRecord(id="", sop=_sop())]), True),
    ("edit_sop", lambda s, ids: s.edit_sop(
        ids["unit"], ids["sop"], [FieldChange("title", "Pengelolaan Surat Masuk", "Baru")]), True),
    ("set_sop_status", lambda s, ids: s.set_sop_status(ids["unit"], ids["sop"], "reviu"), True),
    ("update_record", lambda s, ids: s.update_record(
        ids["unit"], ids["sop"], lambda r: setattr(r, "change_summary", "x")), True),
    ("update_record_in_unit", lambda s, ids: s.update_record_in_unit(
        ids["unit"], ids["sop"], lambda r, _all: setattr(r, "change_summary", "y")), True),
    ("remove_sop", lambda s, ids: s.remove_sop(ids["unit"], ids["sop"]), True),
    ("update_document_settings", lambda s, ids: s.update_document_settings(
        address="Jl. Sudirman 1"), False),
    ("set_logo", lambda s, ids: s.set_logo(None), False),
]


def _seed(store: Store, unit: str) -> dict[str, str]:
    return {
        "unit": unit,
        "member": store.add_member(unit, "Anggota").id,
        "need": store.add_need(unit, NeedRow(id="", title="Penyusunan Renstra")).id,
        "existing": store.add_existing_sop(unit, ExistingSop(id="", title="SOP Lama")).id,
        "sop": store.add_sop(unit, _sop()).id,
        "session": store.add_session(Session(id="", title="Hari 1")).id,
        "pin_try": str(store.try_pin(unit, "000000", client="10.0.0.66").checked),
    }


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*.json"))
        if "backups" not in p.parts
    }


def test_every_write_method_is_in_the_scope_table() -> None:
    readers = {
        "create", "open", "is_workshop", "change_token", "changed", "event", "units", "unit",
        "find_unit", "verify_pin", "unit_token", "members", "sessions", "session", "votes",
        "log", "needs",
        "existing_sops", "sops", "sop", "unit_summary", "backup", "backups", "newest_backup",
        "batch", "units_size", "document_settings", "logo_file",
        "try_pin", "pin_failures",  # PIN tries beside the presence files, not workshop data
        "workshop_token",  # a participant watcher's cheap change token (reads only)
    }
    public = {n for n in dir(Store) if not n.startswith("_") and callable(getattr(Store, n))}
    assert public - readers == {name for name, _, _ in WRITES}


@pytest.mark.parametrize(("name", "call", "own_allowed"), WRITES, ids=[w[0] for w in WRITES])
def test_a_unit_cannot_write_another_units_data(
    ws: Store, name: str, call: Write, own_allowed: bool
) -> None:
    other_ids = _seed(ws, OTHER)
    own_ids = _seed(ws, OWN)
    participant = Store.open(ws.path, scope=OWN)
    before = _snapshot(ws.path)
    with pytest.raises(StorePermission) as info:
        call(participant, other_ids)
    assert "Anda masuk sebagai unit 'dinas-kesehatan'" in info.value.message
    assert _snapshot(ws.path) == before
    if own_allowed:
        call(participant, own_ids)
        assert _snapshot(ws.path) != before
        assert participant.log()[-1].who == OWN
    else:
        with pytest.raises(StorePermission, match="Hanya fasilitator yang boleh"):
            call(participant, own_ids)
        assert _snapshot(ws.path) == before
        # ...and the facilitator may.
        call(ws, own_ids)
        assert _snapshot(ws.path) != before


# ---------------------------------------------------------------------------------------------
# Unreadable files
# ---------------------------------------------------------------------------------------------

_CORRUPTIONS: list[tuple[str, Callable[[bytes], bytes], str]] = [
    ("truncated", lambda raw: raw[: len(raw) // 2], "JSON terpotong"),
    ("invalid-utf8", lambda raw: raw.replace(b"Wonosobo", b"Wono\xff\xfeobo")
     .replace(b"Pengelolaan", b"Peng\xffelolaan"), "bukan teks UTF-8 yang sah"),
    ("wrong-types", lambda raw: raw.replace(b'"time":"5 menit"', b'"time":5')
     .replace(b'"facilitators":[]', b'"facilitators":"semua"'), "isi tidak sesuai"),
    ("newer-schema", lambda raw: raw.replace(b'"schema":1', b'"schema":99'),
     "dibuat oleh versi sop-workshop yang lebih baru"),
    ("not-a-workshop", lambda raw: b"[1, 2, 3]", "bukan berkas workshop"),
    ("empty", lambda raw: b"", "berkas kosong"),
    ("garbage", lambda raw: raw.replace(b'"_meta"', b"'_meta'"), "JSON rusak (baris 1"),
]


@pytest.mark.parametrize(("kind", "damage", "expected"), _CORRUPTIONS,
                         ids=[c[0] for c in _CORRUPTIONS])
def test_a_damaged_workshop_file_is_reported_and_never_overwritten(
    ws: Store, kind: str, damage: Callable[[bytes], bytes], expected: str
) -> None:
    backup = ws.backup("mulai sesi")
    target = ws.path / "workshop.json"
    damaged = damage(target.read_bytes())
    target.write_bytes(damaged)
    with pytest.raises(StoreCorrupt) as info:
        Store.open(ws.path)
    err = info.value
    assert err.path == target
    assert str(target) in err.message
    assert expected in err.message
    assert err.backup == backup / "workshop.json"
    assert f"Cadangan terbaru: {backup / 'workshop.json'}" in err.message
    assert "Berkas itu tidak diubah" in err.message
    # Writes through an already open store are refused too; the file keeps its bytes.
    with pytest.raises(StoreCorrupt):
        ws.update_event(venue="Aula")
    with pytest.raises(StoreCorrupt):
        ws.add_unit("Dinas Sosial")
    assert target.read_bytes() == damaged


@pytest.mark.parametrize(("kind", "damage", "expected"), _CORRUPTIONS,
                         ids=[c[0] for c in _CORRUPTIONS])
def test_a_damaged_unit_file_is_reported_and_never_overwritten(
    ws: Store, kind: str, damage: Callable[[bytes], bytes], expected: str
) -> None:
    ws.add_sop(OWN, _sop())
    target = ws.path / "units" / f"{OWN}.json"
    damaged = damage(target.read_bytes())
    target.write_bytes(damaged)
    opened = Store.open(ws.path)  # the workshop itself is fine
    with pytest.raises(StoreCorrupt) as info:
        opened.sops(OWN)
    assert str(target) in info.value.message and expected in info.value.message
    assert "Belum ada cadangan untuk berkas ini" in info.value.message
    with pytest.raises(StoreCorrupt):
        opened.add_sop(OWN, _sop("Lain"))
    assert target.read_bytes() == damaged
    assert [r.sop.title for r in opened.sops(OTHER)] == []  # other units still work


def test_a_failed_write_leaves_no_half_applied_state(ws: Store) -> None:
    rec = ws.add_sop(OWN, _sop())

    def boom(r: SopRecord) -> None:
        r.sop.title = "Setengah jalan"
        raise RuntimeError("gagal")

    with pytest.raises(RuntimeError):
        ws.update_record(OWN, rec.id, boom)
    assert ws.sop(OWN, rec.id).sop.title == rec.sop.title


# ---------------------------------------------------------------------------------------------
# Schema migration
# ---------------------------------------------------------------------------------------------


def test_an_older_schema_is_migrated_on_open(
    ws: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def upgrade(data: dict[str, Any]) -> dict[str, Any]:
        for doc in data["event"].values():
            doc["title"] = doc["title"].upper()
        return data

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(migrations.MIGRATIONS, ("workshop", 1), upgrade)
    monkeypatch.setitem(migrations.MIGRATIONS, ("unit", 1), lambda d: d)
    opened = Store.open(ws.path)
    assert opened.event().title == "PENDAMPINGAN SOP AP WONOSOBO"
    opened.update_event(venue="Aula")
    data = json.loads((ws.path / "workshop.json").read_text(encoding="utf-8"))
    assert data["_meta"]["1"]["schema"] == 2


def test_an_older_schema_without_migration_is_reported(
    ws: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 3)
    with pytest.raises(StoreCorrupt, match="tidak ada migrasi dari versi skema 1"):
        Store.open(ws.path)


# ---------------------------------------------------------------------------------------------
# Backups, change notification, log, cache
# ---------------------------------------------------------------------------------------------


def test_backups_roll(ws: Store, clock: Clock) -> None:
    ws.add_sop(OWN, _sop())
    made = []
    for i in range(store_mod.BACKUPS_KEPT + 5):
        clock.advance(1)
        made.append(ws.backup(f"mulai sesi {i}"))
    kept = ws.backups()
    assert len(kept) == store_mod.BACKUPS_KEPT
    assert kept[0] == made[-1]
    assert not made[0].exists()
    assert made[-1].name.endswith("mulai-sesi-24")
    assert ws.newest_backup(ws.path / "units" / f"{OWN}.json") == made[-1] / "units" / f"{OWN}.json"
    assert (made[-1] / "workshop.json").read_bytes() == (ws.path / "workshop.json").read_bytes()


def test_changes_by_another_process_are_noticed_and_read(ws: Store) -> None:
    viewer = Store.open(ws.path)
    assert viewer.changed() is False
    token = viewer.change_token()
    assert viewer.sops(OWN) == []
    ws.add_sop(OWN, _sop())
    assert viewer.change_token() != token
    assert viewer.changed() is True
    assert viewer.changed() is False
    assert [r.sop.title for r in viewer.sops(OWN)] == ["Pengelolaan Surat Masuk"]
    own, other = viewer.unit_token(OWN), viewer.unit_token(OTHER)
    assert other == ()  # no file yet
    ws.add_member(OTHER, "Budi")
    assert viewer.changed() is True
    assert [m.name for m in viewer.members()] == ["Budi"]
    ws.add_need(OTHER, NeedRow(id=""))
    assert viewer.unit_token(OWN) == own
    assert viewer.unit_token(OTHER) != other


def test_log_records_who_did_what_and_merges_units(ws: Store, clock: Clock) -> None:
    participant = Store.open(ws.path, scope=OWN, now=clock)
    rec = participant.add_sop(OWN, _sop())
    clock.advance(5)
    participant.edit_sop(OWN, rec.id, [FieldChange("steps.1.time", "5 menit", "6 menit")])
    clock.advance(5)
    participant.edit_sop(OWN, rec.id, [FieldChange("steps.1.time", "6 menit", "7 menit")])
    clock.advance(120)
    participant.edit_sop(OWN, rec.id, [FieldChange("steps.1.time", "7 menit", "8 menit")])
    clock.advance(1)
    ws.add_member(OTHER, "Budi")
    entries = ws.log(unit=OWN)
    assert [(e.who, e.action, e.target) for e in entries] == [
        (FACILITATOR, "unit.create", ""),
        (OWN, "sop.create", "sop-001"),
        (OWN, "sop.edit", "sop-001"),  # the two quick edits are one entry ...
        (OWN, "sop.edit", "sop-001"),  # ... the later one is another
    ]
    assert entries[2].at == "2018-07-10T09:00:10+00:00"
    assert entries[2].detail == "steps.1.time"
    everything = ws.log()
    assert everything[-1].action == "member.create" and everything[-1].unit == OTHER
    assert [e.action for e in ws.log(since="2018-07-10T09:00:10+00:00")] == [
        "sop.edit", "member.create"]


def test_unit_summary(ws: Store) -> None:
    ws.add_sop(OWN, _sop("A"))
    rec = ws.add_sop(OWN, _sop("B"))
    ws.set_sop_status(OWN, rec.id, "disahkan")
    ws.add_need(OWN, NeedRow(id=""))
    ws.add_member(OWN, "Siti")
    ws.set_readiness(OWN, "sk-tim", True)
    ws.generate_pin(OWN)
    s = ws.unit_summary(OWN)
    assert (s.name, s.needs, s.sops, s.members, s.readiness, s.has_pin) == (
        "Dinas Kesehatan", 1, 2, 1, 1, True)
    assert s.by_status == {"draf": 1, "disahkan": 1}


def test_user_text_is_stored_as_is(ws: Store) -> None:
    text = 'Surat "penting" [b]tebal[/b] | <script> \\ ünïcödé\nbaris dua'
    rec = ws.add_sop(OWN, _sop(text))
    assert Store.open(ws.path).sop(OWN, rec.id).sop.title == text


# ---------------------------------------------------------------------------------------------
# Speed: one step save at 100 SOPs x 15 steps
# ---------------------------------------------------------------------------------------------


def test_one_step_save_is_close_to_writing_the_file(ws: Store) -> None:
    records = ws.add_sop_records(
        OWN, [SopRecord(id="", sop=_sop(f"SOP {i}", steps=15)) for i in range(100)]
    )
    path = ws.path / "units" / f"{OWN}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    floor: list[float] = []
    saves: list[float] = []
    current = "5 menit"
    for i in range(9):
        t0 = time.perf_counter()
        payload = json.dumps(data)
        tmp = path.with_name("floor.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, ws.path / "floor.json")
        floor.append(time.perf_counter() - t0)
        new = f"{i + 10} menit"
        t0 = time.perf_counter()
        ws.edit_sop(OWN, records[50].id, [FieldChange("steps.4.time", current, new)])
        saves.append(time.perf_counter() - t0)
        current = new
    assert Store.open(ws.path).sop(OWN, records[50].id).sop.steps[3].time == current
    assert statistics.median(saves) <= 2 * statistics.median(floor) + 0.015


def test_a_change_with_the_same_size_and_mtime_is_still_seen(ws: Store) -> None:
    """Two saves within one timestamp tick can leave (mtime, size, inode) unchanged."""
    rec = ws.add_sop(OWN, _sop())
    viewer = Store.open(ws.path)
    assert viewer.sop(OWN, rec.id).sop.steps[0].time == "5 menit"
    path = ws.path / "units" / f"{OWN}.json"
    st = path.stat()
    raw = path.read_bytes()
    assert b'"time":"5 menit"' in raw
    with open(path, "r+b") as f:  # same inode, same size
        f.write(raw.replace(b'"time":"5 menit"', b'"time":"6 menit"', 1))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_mtime_ns == st.st_mtime_ns and path.stat().st_size == st.st_size
    assert viewer.sop(OWN, rec.id).sop.steps[0].time == "6 menit"
    # ...and a write based on the stale value is refused, not silently applied.
    with pytest.raises(StoreConflict):
        viewer.edit_sop(OWN, rec.id, [FieldChange("steps.1.time", "5 menit", "7 menit")])


def test_backups_never_hold_a_damaged_file(ws: Store, clock: Clock) -> None:
    ws.add_sop(OWN, _sop())
    good = ws.backup("mulai sesi")
    target = ws.path / "units" / f"{OWN}.json"
    target.write_bytes(target.read_bytes()[:100])
    clock.advance(60)
    later = ws.backup("mulai sesi 2")
    assert not (later / "units" / f"{OWN}.json").exists()
    assert (later / "workshop.json").exists()
    with pytest.raises(StoreCorrupt) as info:
        ws.sops(OWN)
    assert info.value.backup == good / "units" / f"{OWN}.json"


def test_removing_a_unit_with_a_damaged_file_keeps_that_file(ws: Store) -> None:
    ws.add_sop(OWN, _sop())
    target = ws.path / "units" / f"{OWN}.json"
    damaged = target.read_bytes()[:100]
    target.write_bytes(damaged)
    ws.remove_unit(OWN)
    assert not target.exists()
    kept = ws.backups()[0] / "units" / f"{OWN}.json.rusak"
    assert kept.read_bytes() == damaged


def test_threads_of_one_process_share_a_store_safely(ws: Store) -> None:
    import threading

    errors: list[BaseException] = []
    stop = threading.Event()

    def write(k: int) -> None:
        try:
            for i in range(10):
                ws.add_sop(OWN, _sop(f"T{k}-{i}"))
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    def read() -> None:
        try:
            while not stop.is_set():
                ws.sops(OWN)
                ws.unit_summary(OWN)
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    reader = threading.Thread(target=read)
    reader.start()
    writers = [threading.Thread(target=write, args=(k,)) for k in range(4)]
    for t in writers:
        t.start()
    for t in writers:
        t.join()
    stop.set()
    reader.join()
    assert errors == []
    assert len(Store.open(ws.path).sops(OWN)) == 40


def test_a_batch_writes_each_file_once_and_sees_its_own_changes(ws: Store) -> None:
    viewer = Store.open(ws.path)
    before = viewer.change_token()
    with ws.batch():
        unit = ws.add_unit("Dinas Sosial")
        member = ws.add_member(unit.slug, "Rina")
        ws.add_sop(unit.slug, _sop("A"))
        ws.add_sop(unit.slug, _sop("B"))
        assert [r.sop.title for r in ws.sops(unit.slug)] == ["A", "B"]
        assert ws.members(unit.slug) == [member]
        # Nothing is on disk before the batch ends.
        assert viewer.change_token() == before
        assert viewer.find_unit("Dinas Sosial") is None
    assert [r.sop.title for r in viewer.sops(unit.slug)] == ["A", "B"]
    assert viewer.members(unit.slug) == [member]


def test_a_failing_batch_stores_nothing(ws: Store) -> None:
    before = _snapshot(ws.path)
    with pytest.raises(StoreNotFound), ws.batch():
        ws.add_unit("Dinas Sosial")
        ws.add_sop(OWN, _sop("A"))
        ws.sop(OWN, "sop-999")
    assert _snapshot(ws.path) == before
    assert ws.find_unit("Dinas Sosial") is None and ws.sops(OWN) == []
    # An error caught inside the batch still cancels it.
    with pytest.raises(StoreError, match="Perubahan dibatalkan"), ws.batch():
        ws.add_unit("Dinas Sosial")
        with contextlib.suppress(StoreError):
            ws.update_unit(OWN, warna="merah")
        with contextlib.suppress(StoreConflict):
            ws.add_sop(OWN, _sop("B"))
            ws.edit_sop(OWN, "sop-001", [FieldChange("title", "X", "Y")])
    assert _snapshot(ws.path) == before
    ws.add_unit("Dinas Sosial")  # the store works normally afterwards
    assert ws.find_unit("Dinas Sosial") is not None


def test_a_failed_save_says_so_and_keeps_the_old_file(
    ws: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    rec = ws.add_sop(OWN, _sop())
    path = ws.path / "units" / f"{OWN}.json"
    before = path.read_bytes()

    def disk_full(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(StoreError) as info:
        ws.edit_sop(OWN, rec.id, [FieldChange("title", rec.sop.title, "Baru")])
    assert f"Berkas {path} tidak dapat disimpan: ruang disk penuh" in info.value.message
    assert "berkas lama tetap utuh" in info.value.message
    with pytest.raises(StoreError, match=r"Cadangan workshop .* tidak dapat dibuat: ruang disk"):
        ws.backup("mulai sesi")
    assert ws.backups() == []  # no half-made backup folder is left
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert ws.sop(OWN, rec.id).sop.title == rec.sop.title
    assert not list(path.parent.glob(".*.tmp"))


# Text as people type it: control characters (other than tab/newline) are dropped on write,
# see test_control_characters_are_dropped_on_write.
_texts = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters=[
        *map(chr, range(0x00, 0x09)), *map(chr, range(0x0B, 0x20)), *map(chr, range(0x7F, 0xA0))
    ]),
    max_size=20,
)
_steps = st.builds(
    Step,
    activity=_texts,
    actor=_texts,
    kind=st.sampled_from(["start", "process", "decision", "end"]),
    requirements=st.lists(_texts, max_size=3),
    time=_texts,
    if_yes=st.none() | st.integers(1, 50),
    if_no=st.none() | st.integers(1, 50),
)
_sops = st.builds(
    Sop,
    title=_texts,
    dates=st.builds(Dates, created=st.none() | _texts),
    actors=st.lists(_texts, max_size=4),
    steps=st.lists(_steps, max_size=6),
    legal_basis=st.lists(_texts, max_size=2),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sop=_sops, status=st.sampled_from(SOP_STATUSES))
def test_any_record_survives_the_json_round_trip(sop: Sop, status: str) -> None:
    record = SopRecord(id="sop-001", sop=sop, status=status,
                       evaluations=[Evaluation("2019-01-10", [True, False])])
    doc = store_mod.encode(record)
    assert store_mod.decode(SopRecord, json.loads(json.dumps(doc, ensure_ascii=False))) == record
    # The document shares no list with the record: changing one never changes the other.
    sop.actors.append("baru")
    assert doc["sop"]["actors"] == sop.actors[:-1]


# ---------------------------------------------------------------------------------------------
# Cache memory (issue 12): a trusted cache entry keeps the data, not the file's bytes
# ---------------------------------------------------------------------------------------------


def test_trusted_cache_entry_drops_bytes_and_backup_copies_the_file(ws: Store) -> None:
    ws.add_sop("dinas-kesehatan", _sop())
    unit_file = ws.path / "units" / "dinas-kesehatan.json"
    before = unit_file.read_bytes()
    old = time.time() - 3600  # as if written an hour ago: a stat match is then trusted
    os.utime(unit_file, (old, old))
    os.utime(ws.path / "workshop.json", (old, old))
    assert [r.sop.title for r in ws.sops("dinas-kesehatan")] == ["Pengelolaan Surat Masuk"]
    entry = ws._files._cache[unit_file]
    assert entry.trusted and entry.raw is None
    assert ws.sops("dinas-kesehatan")[0].sop.steps[2].time == "5 menit"  # served from cache
    target = ws.backup("uji")
    assert (target / "units" / "dinas-kesehatan.json").read_bytes() == before
    # Another process replaces the file: a new stat, so the new content is read.
    other = Store.open(ws.path)
    other.edit_sop("dinas-kesehatan", ws.sops("dinas-kesehatan")[0].id,
                   [FieldChange("steps.2.time", "5 menit", "10 menit")])
    assert ws.sops("dinas-kesehatan")[0].sop.step(2).time == "10 menit"


def test_control_characters_are_dropped_on_write(tmp_path: Path) -> None:
    # An ESC or BEL stored by one participant must never reach another terminal.
    store = Store.create(tmp_path / "ws", "Pendampingan")
    store.update_event(facilitators=["Lonceng\x07 \x1b[31mmerah"], venue="Ruang\x1b]0;x\x07 A")
    unit = store.add_unit("Dinas\x1b[2J Kesehatan")
    again = Store.open(tmp_path / "ws")
    assert again.event().facilitators == ["Lonceng [31mmerah"]
    assert again.event().venue == "Ruang]0;x A"
    assert again.unit(unit.slug).name == "Dinas[2J Kesehatan"
    raw = (tmp_path / "ws" / "workshop.json").read_text(encoding="utf-8")
    assert "\\u001b" not in raw and "\\u0007" not in raw
    # tab and newline are text, not control sequences
    store.update_event(title="Baris satu\nBaris\tdua")
    assert Store.open(tmp_path / "ws").event().title == "Baris satu\nBaris\tdua"
