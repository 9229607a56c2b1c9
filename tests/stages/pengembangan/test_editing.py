"""Editor operations: actors, steps with renumbering, fields, undo/redo, field changes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop.model import Sop, Step
from workshop.stages.pengembangan.editing import EditError, SopEditor, field_changes, resolve_actor


def surat_masuk() -> Sop:
    return Sop(
        title="Pengelolaan Surat Masuk",
        actors=["Pengadministrasi Umum", "Kasubbag Umum", "Sekretaris"],
        steps=[
            Step("Menerima surat masuk", "Pengadministrasi Umum", "start", time="5 menit"),
            Step("Apakah alamat surat benar?", "Pengadministrasi Umum", "decision", if_no=6),
            Step("Mencatat surat dalam buku agenda", "Pengadministrasi Umum"),
            Step("Memberi disposisi", "Sekretaris", next=5),
            Step("Mengarsipkan surat", "Kasubbag Umum", "end"),
            Step("Mengembalikan surat ke pengirim", "Pengadministrasi Umum", "end"),
        ],
    )


def targets_by_activity(sop: Sop) -> set[tuple[str, str, str]]:
    out = set()
    for step in sop.steps:
        for name in ("if_yes", "if_no", "next"):
            target = getattr(step, name)
            if target is not None:
                out.add((step.activity, name, sop.steps[target - 1].activity))
    return out


def test_rename_actor_steps_follow() -> None:
    ed = SopEditor(surat_masuk())
    ed.rename_actor("Sekretaris", "Sekretaris Dinas")
    assert ed.sop.actors == ["Pengadministrasi Umum", "Kasubbag Umum", "Sekretaris Dinas"]
    assert ed.sop.steps[3].actor == "Sekretaris Dinas"


def test_rename_actor_to_existing_name_refused() -> None:
    ed = SopEditor(surat_masuk())
    with pytest.raises(EditError, match="sudah ada"):
        ed.rename_actor(3, "kasubbag umum")
    assert ed.sop == surat_masuk()


def test_move_actor_reorders_columns_only() -> None:
    ed = SopEditor(surat_masuk())
    ed.move_actor("Sekretaris", 1)
    assert ed.sop.actors == ["Sekretaris", "Pengadministrasi Umum", "Kasubbag Umum"]
    assert [s.actor for s in ed.sop.steps] == [s.actor for s in surat_masuk().steps]


def test_remove_actor_only_when_unused() -> None:
    ed = SopEditor(surat_masuk())
    with pytest.raises(EditError, match="masih dipakai langkah 4"):
        ed.remove_actor("Sekretaris")
    ed.add_actor("Kepala Dinas")
    ed.remove_actor("Kepala Dinas")
    assert "Kepala Dinas" not in ed.sop.actors


def test_add_actor_empty_refused() -> None:
    with pytest.raises(EditError, match="tidak boleh kosong"):
        SopEditor(Sop()).add_actor("   ")


def test_resolve_actor_by_column_name_and_prefix() -> None:
    sop = surat_masuk()
    assert resolve_actor(sop, "2") == "Kasubbag Umum"
    assert resolve_actor(sop, "sekretaris") == "Sekretaris"
    assert resolve_actor(sop, "kasub") == "Kasubbag Umum"
    assert resolve_actor(sop, "9") is None
    assert resolve_actor(sop, "Bupati") is None


def test_delete_step_keeps_branches_on_same_activities() -> None:
    ed = SopEditor(surat_masuk())
    ed.delete_step(3)
    assert ed.sop.steps[1].if_no == 5
    assert ed.sop.steps[4].activity == "Mengembalikan surat ke pengirim"
    assert ed.sop.steps[2].next == 4
    assert ed.sop.steps[3].activity == "Mengarsipkan surat"


def test_move_step_keeps_branches_on_same_activities() -> None:
    before = surat_masuk()
    ed = SopEditor(before)
    ed.move_step(6, 3)
    assert ed.sop.steps[2].activity == "Mengembalikan surat ke pengirim"
    assert ed.sop.steps[1].if_no == 3
    assert targets_by_activity(ed.sop) == targets_by_activity(before)


def test_insert_step_shifts_targets() -> None:
    ed = SopEditor(surat_masuk())
    ed.insert_step(2, Step("Memeriksa surat", "Pengadministrasi Umum"))
    assert ed.sop.steps[2].if_no == 7
    assert ed.sop.steps[6].activity == "Mengembalikan surat ke pengirim"


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_moves_and_deletes_preserve_explicit_targets(data: st.DataObject) -> None:
    original = surat_masuk()
    ed = SopEditor(original)
    expected = targets_by_activity(original)
    for _ in range(data.draw(st.integers(1, 4))):
        n = len(ed.sop.steps)
        a = data.draw(st.integers(1, n))
        b = data.draw(st.integers(1, n))
        ed.move_step(a, b)
        assert targets_by_activity(ed.sop) == expected


def test_set_step_fields_and_errors() -> None:
    ed = SopEditor(surat_masuk())
    ed.set_step_field(3, "actor", "2")
    assert ed.sop.steps[2].actor == "Kasubbag Umum"
    ed.set_step_field(3, "requirements", "Surat masuk; Buku agenda ;")
    assert ed.sop.steps[2].requirements == ["Surat masuk", "Buku agenda"]
    ed.set_step_field(2, "if_no", "")
    assert ed.sop.steps[1].if_no is None
    with pytest.raises(EditError, match="bukan nomor langkah"):
        ed.set_step_field(2, "if_no", "tiga")
    ed.set_step_field(2, "actor", "Bupati")  # kept as typed; the checks report it
    assert ed.sop.steps[1].actor == "Bupati"
    with pytest.raises(EditError, match="Jenis langkah"):
        ed.set_step_field(2, "kind", "proses")


def test_typing_is_one_undo_entry_and_redo_returns() -> None:
    ed = SopEditor(surat_masuk())
    for text in ("1", "10", "10 m", "10 menit"):
        ed.set_step_field(3, "time", text)
    ed.seal()
    ed.set_field("title", "Surat Masuk")
    assert ed.undo() == "Ubah Nama SOP"
    assert ed.sop.title == "Pengelolaan Surat Masuk"
    assert ed.undo() == "Ubah Waktu langkah 3"
    assert ed.sop.steps[2].time == ""
    assert not ed.can_undo
    ed.redo()
    assert ed.sop.steps[2].time == "10 menit"
    ed.redo()
    assert ed.sop.title == "Surat Masuk"
    assert ed.redo() is None


def test_undo_structural_edit_restores_branches() -> None:
    ed = SopEditor(surat_masuk())
    ed.delete_step(2)
    assert ed.undo() == "Hapus langkah 2"
    assert ed.sop == surat_masuk()


def test_new_edit_clears_redo() -> None:
    ed = SopEditor(surat_masuk())
    ed.set_field("title", "A")
    ed.undo()
    ed.set_field("number", "1")
    assert not ed.can_redo


def test_identity_lists_and_dates() -> None:
    ed = SopEditor(Sop())
    ed.set_field("legal_basis", "Permenpan RB 35/2012\n\n  UU 30/2014 ")
    assert ed.sop.legal_basis == ["Permenpan RB 35/2012", "UU 30/2014"]
    ed.set_field("dates.created", "2018-07-10")
    ed.set_field("dates.revised", "")
    assert ed.sop.dates.created == "2018-07-10"
    assert ed.sop.dates.revised is None
    with pytest.raises(EditError, match="Bidang tidak dikenal"):
        ed.set_field("steps", [])


def test_actor_list_edit_cannot_drop_used_actor() -> None:
    ed = SopEditor(surat_masuk())
    with pytest.raises(EditError, match="Sekretaris"):
        ed.set_field("actors", ["Pengadministrasi Umum", "Kasubbag Umum"])


def test_field_changes_fine_grained() -> None:
    old = surat_masuk()
    ed = SopEditor(old)
    ed.set_step_field(3, "time", "10 menit")
    ed.set_field("title", "Surat Masuk")
    assert field_changes(old, ed.sop) == [
        ("title", "Pengelolaan Surat Masuk", "Surat Masuk"),
        ("steps.3.time", "", "10 menit"),
    ]


def test_field_changes_structural_is_whole_list() -> None:
    old = surat_masuk()
    ed = SopEditor(old)
    ed.delete_step(3)
    changes = field_changes(old, ed.sop)
    assert [c[0] for c in changes] == ["steps"]
    assert len(changes[0][2]) == 5


def test_field_changes_land_in_store(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from workshop.store import FieldChange, Store

    store = Store.create(tmp_path / "ws", "Uji")
    unit = store.add_unit("Dinas Uji")
    record = store.add_sop(unit.slug, surat_masuk())
    ed = SopEditor(record.sop)
    ed.set_step_field(2, "time", "1 menit")
    ed.delete_step(4)
    saved = store.edit_sop(unit.slug, record.id,
                           [FieldChange(*c) for c in field_changes(record.sop, ed.sop)])
    assert saved.sop == ed.sop


def test_map_actors_swaps_and_steps_follow() -> None:
    from workshop.stages.pengembangan.editing import map_actors

    sop = surat_masuk()
    mapped = map_actors(sop, {"Kasubbag Umum": "Sekretaris", "Sekretaris": "Kasubbag Umum",
                              "Pengadministrasi Umum": "Pengelola Surat"})
    assert mapped.actors == ["Pengelola Surat", "Sekretaris", "Kasubbag Umum"]
    assert mapped.steps[3].actor == "Kasubbag Umum"
    assert mapped.steps[0].actor == "Pengelola Surat"
    with pytest.raises(EditError, match="sama"):
        map_actors(sop, {"Sekretaris": "kasubbag umum"})
