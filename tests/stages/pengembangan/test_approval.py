"""Pengesahan: numbering, refusal on errors, versions, step-level diff."""

from __future__ import annotations

import copy

import pytest

from workshop.model import Approval, Sop, SopRecord, SopVersion, Step, Unit
from workshop.stages.pengembangan.approval import (
    ApprovalError,
    approve,
    diff_steps,
    diff_versions,
    format_number,
    is_read_only,
    next_sequence,
    number_for,
    start_new_version,
    version_sop,
)
from workshop.stages.pengembangan.editing import SopEditor

SIGNER = Approval("Sekretaris Daerah", "Drs. Budi Santoso", "196501011990031001")


def good_sop() -> Sop:
    return Sop(
        title="Pengelolaan Surat Masuk",
        actors=["Pengadministrasi Umum", "Sekretaris"],
        steps=[
            Step("Menerima surat masuk", "Pengadministrasi Umum", "start",
                 requirements=["Surat"], time="5 menit", output="Surat"),
            Step("Apakah surat lengkap?", "Pengadministrasi Umum", "decision", if_no=1),
            Step("Memberi disposisi", "Sekretaris", requirements=["Surat"], time="10 menit",
                 output="Disposisi"),
            Step("Mengarsipkan surat", "Pengadministrasi Umum", "end",
                 requirements=["Surat"], time="5 menit", output="Arsip"),
        ],
    )


UNIT = Unit(slug="setda", name="Sekretariat Daerah", short_name="Setda",
            numbering="{kode}/SOP.{seq:02}/{singkatan}/{tahun}")


def test_format_number_pattern() -> None:
    assert format_number("{kode}/SOP.{seq:02}/{singkatan}/{tahun}", kode="800", seq=3,
                         singkatan="Setda", tahun=2018) == "800/SOP.03/Setda/2018"
    assert format_number("800/SOP.{seq}/{unit}/{year}", kode="", seq=12, singkatan="Dinkes",
                         tahun="2019") == "800/SOP.12/Dinkes/2019"


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{kode}/{nomor}", "{nomor} yang tidak dikenal"),
        ("{kode/SOP", "rusak"),
        ("{seq:xyz}", "tidak dapat dipakai"),
        ("{0}/SOP", "tidak dikenal"),
        ("{kode.x}", "tidak dikenal"),
        ("", "belum punya pola penomoran"),
    ],
)
def test_bad_pattern_gives_indonesian_error(pattern: str, message: str) -> None:
    with pytest.raises(ApprovalError, match=message.replace("{", r"\{").replace("}", r"\}")):
        format_number(pattern, kode="800", seq=1, singkatan="Setda", tahun=2018)


def test_sequence_counts_other_approved_sops() -> None:
    records = [
        SopRecord("sop-001", Sop(), status="disahkan"),
        SopRecord("sop-002", Sop(), status="draf"),
        SopRecord("sop-003", Sop(), status="draf",
                  versions=[SopVersion(1, Sop(), "disahkan")]),
        SopRecord("sop-004", Sop(), status="diterapkan"),
    ]
    assert next_sequence(records, "sop-002") == 4
    assert next_sequence(records, "sop-001") == 3


def test_approve_sets_number_signer_dates_and_status() -> None:
    record = SopRecord("sop-002", good_sop())
    others = [SopRecord("sop-001", Sop(), status="disahkan"), record]
    number = number_for(UNIT, others, record, kode="800", signed="2018-07-12")
    approve(record, number=number, signer=SIGNER, signed="2018-07-12", created="2018-07-10")
    assert record.sop.number == "800/SOP.02/Setda/2018"
    assert record.sop.approval == SIGNER
    assert record.sop.dates.created == "2018-07-10"
    assert record.sop.dates.effective == "2018-07-12"
    assert record.status == "disahkan"
    assert is_read_only(record)


def test_approve_refused_while_errors_remain() -> None:
    sop = good_sop()
    sop.steps[1].if_no = None  # a decision without its Tidak branch
    record = SopRecord("sop-001", sop)
    with pytest.raises(ApprovalError, match="masih ada 1 kesalahan"):
        approve(record, number="x", signer=SIGNER, signed="2018-07-12")
    assert record.status == "draf"
    assert record.sop.number == ""


def test_approve_needs_signer() -> None:
    with pytest.raises(ApprovalError, match="jabatan dan nama"):
        approve(SopRecord("a", good_sop()), number="x", signer=Approval("Sekda", ""),
                signed="2018-07-12")


def test_new_version_keeps_old_and_number() -> None:
    record = SopRecord("sop-001", good_sop())
    approve(record, number="800/SOP.01/Setda/2018", signer=SIGNER, signed="2018-07-12")
    start_new_version(record, revised="2019-01-05", summary="Waktu disposisi dipersingkat",
                      at="2019-01-05T09:00:00")
    assert record.version == 2
    assert record.status == "draf"
    assert record.sop.dates.revised == "2019-01-05"
    assert record.versions[0].version == 1
    assert record.versions[0].status == "disahkan"
    assert version_sop(record, 1).dates.revised is None
    assert number_for(UNIT, [record], record, kode="800", signed="2019-02-01") == (
        "800/SOP.01/Setda/2018"
    )
    with pytest.raises(ApprovalError, match="ringkasan"):
        start_new_version(record, revised="2019-01-05", summary=" ", at="")


def test_diff_lists_changed_step_with_fields() -> None:
    old = good_sop()
    new = copy.deepcopy(old)
    new.steps[2].time = "15 menit"
    changes = diff_steps(old, new)
    assert [c.describe() for c in changes] == [
        "Langkah 3 diubah (waktu): Memberi disposisi"
    ]


def test_diff_insert_is_one_added_step_not_renumbering_noise() -> None:
    old = good_sop()
    ed = SopEditor(old)
    ed.insert_step(2, Step("Memeriksa surat", "Pengadministrasi Umum"))
    lines = [c.describe() for c in diff_steps(old, ed.sop)]
    assert lines == ["Langkah 2 ditambahkan: Memeriksa surat"]


def test_diff_removed_and_reworded() -> None:
    old = good_sop()
    ed = SopEditor(old)
    ed.delete_step(3)
    ed.set_step_field(1, "activity", "Menerima dan membuka surat masuk")
    diff = diff_versions(old, ed.sop)
    assert diff.lines() == [
        "Langkah 1 diubah (kegiatan): Menerima dan membuka surat masuk",
        "Langkah 3 dihapus: Memberi disposisi",
    ]


def test_diff_branch_retargeted_is_reported() -> None:
    old = good_sop()
    new = copy.deepcopy(old)
    new.steps[1].if_no = 4
    assert [c.fields for c in diff_steps(old, new)] == [("if_no",)]


def test_diff_identity_labels() -> None:
    old = good_sop()
    new = copy.deepcopy(old)
    new.legal_basis = ["PermenPAN-RB 35/2012"]
    assert diff_versions(old, new).lines() == ["Identitas diubah: Dasar Hukum"]


def test_set_status_fills_creation_date_when_drafting_ends() -> None:
    from workshop.stages.pengembangan.approval import set_status

    record = SopRecord("sop-001", good_sop())
    set_status(record, "reviu", "2018-07-10")
    assert record.status == "reviu"
    assert record.sop.dates.created == "2018-07-10"
    set_status(record, "uji coba", "2018-07-11")
    assert record.sop.dates.created == "2018-07-10"
    with pytest.raises(ApprovalError, match="pengesahan"):
        set_status(record, "disahkan", "2018-07-12")
