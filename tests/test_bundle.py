"""Workshop bundles: export -> import -> export gives identical files; bad bundles store nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from workshop.bundle import export_bundle, import_bundle
from workshop.model import (
    ActionItem,
    AgendaItem,
    Approval,
    Comment,
    Dates,
    Evaluation,
    ExistingSop,
    ImplementationRecord,
    MonitoringRow,
    NeedRow,
    Session,
    Sop,
    SopVersion,
    Step,
    TrialNote,
    Vote,
)
from workshop.store import Store


def _now() -> datetime:
    return datetime(2018, 7, 10, 9, 0, tzinfo=UTC)


def _sop(title: str) -> Sop:
    return Sop(
        title=title,
        number="800/SOP.01/Dinkes/2018",
        unit="Dinas Kesehatan",
        dates=Dates(created="2018-07-10"),
        approval=Approval(position="Kepala Dinas", name="dr. Hartono", nip="196501011990031001"),
        legal_basis=["Peraturan Menteri PAN-RB Nomor 35 Tahun 2012"],
        records=["Buku agenda"],
        actors=["Petugas TU", "Kepala Dinas"],
        steps=[
            Step("Menerima surat: yes/no? [penting] | #1", "Petugas TU", kind="start",
                 requirements=["Surat masuk"], time="5 menit", output="Surat diterima"),
            Step("Apakah alamat benar?", "Petugas TU", kind="decision", if_yes=3, if_no=4),
            Step("Mendisposisikan surat", "Kepala Dinas", time="1 hari kerja"),
            Step("Mengarsipkan surat", "Petugas TU", kind="end", note="no"),
        ],
    )


def _rich_workshop(root: Path) -> Store:
    store = Store.create(root, "Pendampingan SOP AP Wonosobo 2018", now=_now)
    store.update_event(organiser="Biro Organisasi", venue="Aula — lantai 2",
                       start_date="2018-07-10", facilitators=["Andi", "Rina"])
    dinkes = store.add_unit("Dinas Kesehatan", short_name="Dinkes",
                            numbering="800/SOP.{seq:02}/Dinkes/{tahun}").slug
    store.add_unit("Kecamatan Garung")
    store.generate_pin(dinkes)
    store.set_readiness(dinkes, "sk-tim", True)
    ketua = store.add_member(dinkes, "Siti Aminah", nip="198001012005012001", role="ketua")
    store.add_session(Session(
        id="", title="Hari 1", date="2018-07-10", plan="pendampingan-2-hari",
        agenda=[AgendaItem("Pembukaan", "persiapan", 30, "Sambutan")],
        actions=[ActionItem("Kirim SK tim", unit=dinkes, due="2018-07-20")],
        decisions=["Tim gabungan"], parking_lot=["Tanya: SOP generik?"], item_elapsed=12.5,
    ))
    need = store.add_need(dinkes, NeedRow(id="", output="Renstra", aspek="Penyusunan",
                                          title="Penyusunan Renstra", urgency=3))
    store.set_vote(Vote(unit=dinkes, member=ketua.id, need=need.id, count=2))
    store.add_existing_sop(dinkes, ExistingSop(id="", title="SOP Lama", decision="revisi"))
    rec = store.add_sop(dinkes, _sop("Pengelolaan Surat Masuk"), template="surat-masuk",
                        need=need.id)
    store.add_sop(dinkes, _sop("Pengelolaan Surat Keluar"))

    def enrich(r: object) -> None:
        from workshop.model import SopRecord

        assert isinstance(r, SopRecord)
        r.versions.append(SopVersion(1, _sop("Versi lama"), "disahkan", "Revisi waktu",
                                     "2018-07-11T10:00:00+00:00"))
        r.version = 2
        r.status = "diterapkan"
        r.reviews.append(Comment("c1", "Fasilitator", "Waktu [diperjelas]", step=2))
        r.trials.append(TrialNote("Petugas TU", "Lancar", "2018-07-12"))
        r.implementation.append(ImplementationRecord("2018-08-01", "sosialisasi", reached=25))
        r.monitoring.append(MonitoringRow("2018-S2", "Berjalan dengan baik",
                                          methods=["observasi"]))
        r.evaluations.append(Evaluation("2019-01-10", [True] * 6 + [False],
                                        notes=[""] * 7, decision="tetap"))

    store.update_record(dinkes, rec.id, enrich)
    return store


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_round_trip_gives_identical_files(tmp_path: Path) -> None:
    original = _rich_workshop(tmp_path / "asal")
    first = export_bundle(original, tmp_path / "bundel1")
    assert sorted(str(p.relative_to(tmp_path / "bundel1")) for p in first) == [
        "dinas-kesehatan/sop-001.yaml",
        "dinas-kesehatan/sop-002.yaml",
        "dinas-kesehatan/unit.yaml",
        "kecamatan-garung/unit.yaml",
        "workshop.yaml",
    ]
    target = Store.create(tmp_path / "tujuan", "Sementara", now=_now)
    report = import_bundle(target, tmp_path / "bundel1")
    assert report.ok, report.errors
    assert report.created_units == ["dinas-kesehatan", "kecamatan-garung"]
    assert report.sops_added == 2
    export_bundle(Store.open(tmp_path / "tujuan"), tmp_path / "bundel2")
    assert _files(tmp_path / "bundel1") == _files(tmp_path / "bundel2")
    # ...and what was imported is what was exported (not only the same files).
    again = Store.open(tmp_path / "tujuan")
    assert again.event() == original.event()
    assert again.units() == original.units()
    assert again.members() == original.members()
    assert again.sessions() == original.sessions()
    assert again.votes() == original.votes()
    assert again.sops("dinas-kesehatan") == original.sops("dinas-kesehatan")
    assert again.needs("dinas-kesehatan") == original.needs("dinas-kesehatan")
    pin = original.generate_pin("kecamatan-garung")
    assert not again.verify_pin("kecamatan-garung", pin)


def test_bundle_sop_files_are_plain_sop_ap_1(tmp_path: Path) -> None:
    from workshop.sopfile import load_sop

    store = _rich_workshop(tmp_path / "asal")
    export_bundle(store, tmp_path / "b")
    sop = load_sop(tmp_path / "b" / "dinas-kesehatan" / "sop-001.yaml")
    assert sop == store.sop("dinas-kesehatan", "sop-001").sop
    data = yaml.safe_load((tmp_path / "b" / "workshop.yaml").read_text(encoding="utf-8"))
    assert data["format"] == "sop-workshop-bundle/1"
    assert data["units"][0]["pin_hash"] == store.unit("dinas-kesehatan").pin_hash
    assert "log" not in data


def test_importing_the_same_bundle_twice_adds_nothing(tmp_path: Path) -> None:
    store = _rich_workshop(tmp_path / "asal")
    export_bundle(store, tmp_path / "b")
    before = {u.slug: len(store.sops(u.slug)) for u in store.units()}
    members = store.members()
    report = import_bundle(store, tmp_path / "b")
    assert report.ok
    assert report.sops_added == 0
    assert report.merged_units == ["dinas-kesehatan", "kecamatan-garung"]
    assert "dinas-kesehatan/sop-001" in report.skipped
    assert any("Dilewati karena sudah ada" in m for m in report.messages)
    assert any("Data kegiatan tidak diubah" in m for m in report.messages)
    assert {u.slug: len(store.sops(u.slug)) for u in store.units()} == before
    assert store.members() == members


def test_a_broken_sop_file_is_reported_with_its_line_and_nothing_is_stored(
    tmp_path: Path,
) -> None:
    store = _rich_workshop(tmp_path / "asal")
    export_bundle(store, tmp_path / "b")
    broken = tmp_path / "b" / "dinas-kesehatan" / "sop-002.yaml"
    lines = broken.read_text(encoding="utf-8").splitlines()
    lines[1] = "title: [tidak ditutup"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = Store.create(tmp_path / "tujuan", "Kosong", now=_now)
    before = _files(tmp_path / "tujuan")
    report = import_bundle(target, tmp_path / "b")
    assert not report.ok
    assert len(report.errors) == 1
    assert report.errors[0].startswith(f"{broken}:")
    line = int(report.errors[0][len(str(broken)) + 1:].split(":")[0])
    assert line >= 2
    assert _files(tmp_path / "tujuan") == before
    assert target.units() == []


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("workshop.yaml", "format: sop-workshop-bundle/1", "format: lain",
         "bukan berkas bundel"),
        ("workshop.yaml", "  venue: Aula — lantai 2", "  venue: [1, 2]", "event.venue harus teks"),
        ("dinas-kesehatan/unit.yaml", "  urgency: 3", "  urgency: tinggi",
         "needs[0].urgency harus bilangan bulat"),
        ("workshop.yaml", "units:", "units: {\n", "YAML tidak valid"),
    ],
)
def test_a_bad_bundle_file_is_named(
    tmp_path: Path, file: str, old: str, new: str, expected: str
) -> None:
    store = _rich_workshop(tmp_path / "asal")
    export_bundle(store, tmp_path / "b")
    path = tmp_path / "b" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    target = Store.create(tmp_path / "tujuan", "Kosong", now=_now)
    report = import_bundle(target, tmp_path / "b")
    assert len(report.errors) == 1
    assert str(path) in report.errors[0]
    assert expected in report.errors[0]
    assert target.units() == []


def test_hand_written_yaml_dates_are_taken_as_iso_strings(tmp_path: Path) -> None:
    store = _rich_workshop(tmp_path / "asal")
    export_bundle(store, tmp_path / "b")
    path = tmp_path / "b" / "workshop.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("start_date: '2018-07-10'", "start_date: 2018-07-10"),
                    encoding="utf-8")
    target = Store.create(tmp_path / "tujuan", "Kosong", now=_now)
    assert import_bundle(target, tmp_path / "b").ok
    assert target.event().start_date == "2018-07-10"
