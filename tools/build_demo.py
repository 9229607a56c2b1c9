"""Build the demo workshop through the store API and export it as a bundle (``sessions/demo/``).

Run from the repository root::

    python3 tools/build_demo.py            # rebuilds sessions/demo/
    python3 tools/build_demo.py --out DIR  # writes the bundle elsewhere

The event is the one the project was seeded with: Biro Organisasi Setda Provinsi Jawa Tengah
accompanying the OPDs of Kabupaten Wonosobo, 9-10 July 2018. Day 1 has ended (attendance, minutes,
decisions, action items), day 2 is planned. Every person's name is invented and marked
"(contoh)"; NIPs are made up but shaped like real ones.

Determinism: the store runs on a fixed clock, ids come from the store's counters in a fixed order,
and the unit PINs are fixed (see ``PINS``; they are printed in ``docs/panduan.md``): the builder
passes the store a PIN source (``generate_pin(slug, source=...)``) that gives each unit its fixed
PIN and a salt derived from its slug. Running the builder twice gives byte-identical bundles.

The content is data: ``tools/demo/workshop.yaml`` (event, units and teams, Tabel 6 rows, existing
SOPs, what day 1 decided) and ``tools/demo/sops/*.yaml`` (the demo's own SOPs, sop-ap/1 files that
``sop-workshop check`` reads). This script holds the story: in which order, on which day and hour,
which SOP goes through review, approval, penerapan and monev.

Some SOPs are older than the event: the Biro ran a first round (tahap I) in 2017 with a few OPDs,
so the demo can show SOPs that were approved, implemented, monitored and evaluated before this
two-day pendampingan; their dates say so.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import hashlib
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from workshop import bundle, resources  # noqa: E402
from workshop.model import (  # noqa: E402
    ActionItem,
    Approval,
    Comment,
    Evaluation,
    ExistingSop,
    ImplementationRecord,
    MonitoringRow,
    NeedRow,
    Session,
    Sop,
    SopRecord,
    TrialNote,
    Vote,
)
from workshop.sesi import plans  # noqa: E402
from workshop.sopfile import load_sop, loads_sop  # noqa: E402
from workshop.stages.monev import monev  # noqa: E402
from workshop.stages.pengembangan import approval  # noqa: E402
from workshop.store import PinSource, Store  # noqa: E402

WIB = timezone(timedelta(hours=7))
EXAMPLE = "(contoh)"

DATA = ROOT / "tools" / "demo"  # the demo's content: workshop.yaml and sops/*.yaml

# Generic positions used by the templates -> key of UnitSpec.positions.
GENERIC_POSITIONS = ("Kasubbag Umum dan Kepegawaian", "Kepala OPD", "Kepala Bidang", "Sekretaris")


# ---------------------------------------------------------------------------------------------
# A fixed clock
# ---------------------------------------------------------------------------------------------


class Clock:
    """A deterministic clock: ``set`` a moment; every reading advances it by one second."""

    def __init__(self, start: datetime) -> None:
        self._t = start

    def set(self, moment: datetime) -> None:
        self._t = moment

    def __call__(self) -> datetime:
        now = self._t
        self._t = self._t + timedelta(seconds=1)
        return now


def at(day: str, hhmm: str) -> datetime:
    y, m, d = (int(x) for x in day.split("-"))
    hh, mm = (int(x) for x in hhmm.split(":"))
    return datetime(y, m, d, hh, mm, tzinfo=WIB)


# ---------------------------------------------------------------------------------------------
# Units and teams
# ---------------------------------------------------------------------------------------------


@dataclass
class MemberSpec:
    name: str
    position: str
    role: str = "anggota"
    nip: str = ""


@dataclass
class UnitSpec:
    name: str
    short_name: str
    head_position: str
    numbering: str
    team_model: str
    sk_number: str
    sk_date: str | None
    readiness: list[str]
    pin: str
    positions: dict[str, str]  # generic template position -> this unit's position
    members: list[MemberSpec] = field(default_factory=list)
    present: int = 99  # how many members (in order) attended day 1


def _load_data() -> dict[str, Any]:
    data = yaml.safe_load((DATA / "workshop.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


CONTENT = _load_data()
TITLE: str = CONTENT["event"]["title"]
FACILITATORS: list[str] = CONTENT["event"]["facilitators"]
# General SOP templates adopted by every unit on day 1 (those present in templates/sop/).
GENERAL_TEMPLATES: list[str] = CONTENT["general_templates"]
UNITS: list[UnitSpec] = [
    UnitSpec(**{**u, "members": [MemberSpec(**m) for m in u["members"]]})
    for u in CONTENT["units"]
]
PINS: dict[str, str] = {u.name: u.pin for u in UNITS}


def fixed_pins(slug_to_pin: dict[str, str]) -> PinSource:
    """The store's PIN source for the demo: each unit's fixed PIN (``PINS``), and a salt derived
    from its slug, so the bundle is the same on every build."""

    def source(slug: str) -> tuple[str, bytes]:
        salt = hashlib.sha256(f"sop-workshop demo {slug}".encode()).digest()[:16]
        return slug_to_pin[slug], salt

    return source


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def sop_from_yaml(text: str) -> Sop:
    return loads_sop(text, "<demo>")


def fill_number(pattern: str, *, kode: str, seq: int, short: str, year: str, unit: str) -> str:
    return approval.format_number(pattern, kode=kode, seq=seq, singkatan=short, tahun=year,
                                  unit=unit)


_POSITION_RE = re.compile(
    r"(?<![\w])(" + "|".join(re.escape(p) for p in GENERIC_POSITIONS) + r")(?![\w])(?! Daerah)"
)


def adopt(template: Sop, unit_name: str, positions: dict[str, str], created: str,
          titles: set[str]) -> Sop:
    """A copy of a general SOP for one unit, its generic positions mapped to the unit's.

    Keterkaitan keeps only the related SOPs the unit adopts too (``titles``), as a team does
    when it takes a general SOP over.
    """
    sop = copy.deepcopy(template)
    sop.related = [t for t in sop.related if t in titles]

    def pos(text: str) -> str:
        return positions.get(text, text)

    def in_text(text: str) -> str:
        return _POSITION_RE.sub(lambda m: positions.get(m.group(1), m.group(1)), text)

    sop.category = ""
    sop.unit = unit_name
    sop.dates.created = created
    sop.approval.position = pos(sop.approval.position)
    mapped: list[str] = []
    for actor in sop.actors:
        new = pos(actor)
        if new not in mapped:
            mapped.append(new)
    sop.actors = mapped
    for step in sop.steps:
        step.actor = pos(step.actor)
        step.activity = in_text(step.activity)
        step.note = in_text(step.note)
    return sop


def sop_text(name: str) -> str:
    """The sop-ap/1 text of one of the demo's own SOPs (tools/demo/sops/NAME.yaml)."""
    return (DATA / "sops" / f"{name}.yaml").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Needs (Tabel 6) and existing SOPs
# ---------------------------------------------------------------------------------------------


def row(tugas: str, fungsi: str, uraian: str, kegiatan: str, output: str, aspek: str,
        activity: str, urgency: int, frequency: int, risk: int, source: str = "") -> NeedRow:
    title = f"{aspek.capitalize()} {output}"
    return NeedRow(id="", tugas=tugas, fungsi=fungsi, uraian_tugas=uraian, kegiatan=kegiatan,
                   output=output, aspek=aspek, title=title, activity=activity, source=source,
                   urgency=urgency, frequency=frequency, risk=risk)


# Unit name -> its Tabel 6 rows. A row's source "existing:<n>" points at the unit's n-th
# existing SOP (replaced by its real id when the row is added).
NEEDS: dict[str, list[NeedRow]] = {
    unit: [row(block["tugas"], r["fungsi"], r["uraian_tugas"], r["kegiatan"], r["output"],
               r["aspek"], r["activity"], r["urgency"], r["frequency"], r["risk"],
               r.get("source", ""))
           for r in block["rows"]]
    for unit, block in CONTENT["needs"].items()
}
# Unit name -> its existing SOPs and the decision on each.
EXISTING: dict[str, list[ExistingSop]] = {
    unit: [ExistingSop("", x["title"], x["decision"], x["reason"]) for x in rows]
    for unit, rows in CONTENT["existing"].items()
}


# ---------------------------------------------------------------------------------------------
# Sessions
# ---------------------------------------------------------------------------------------------


PLAN = "pendampingan-2-hari"

# What happened in each agenda item of day 1 (replaces the plan's notes for the facilitator).
DAY_ONE_OUTCOMES: list[str] = CONTENT["day_one_outcomes"]


def planned_days() -> tuple[Session, Session]:
    """Day 1 and day 2 from the shipped session plan, dated from the event's start."""
    sessions = plans.plan_sessions(plans.load_plan(PLAN), start_date="2018-07-09")
    day1, day2 = sessions
    return dataclasses.replace(day1, id="hari-1"), dataclasses.replace(day2, id="hari-2")


def day_one(planned: Session, unit_slugs: list[str], present: list[str],
            by_name: dict[str, str], adopted_titles: list[str]) -> Session:
    """Day 1 as it ended: the plan's agenda with what happened, attendance and minutes."""
    agenda = [
        dataclasses.replace(item, notes=outcome)
        for item, outcome in zip(planned.agenda, DAY_ONE_OUTCOMES, strict=True)
    ]
    general = ", ".join(adopted_titles)
    minutes = CONTENT["day_one"]
    return dataclasses.replace(
        planned,
        agenda=agenda,
        state="ended",
        current_item=len(agenda) - 1,
        started_at=minutes["started_at"],
        ended_at=minutes["ended_at"],
        attended_units=list(unit_slugs),
        attended_members=present,
        guests=list(minutes["guests"]),
        notes=minutes["notes"],
        decisions=[d.format(general=general) for d in minutes["decisions"]],
        actions=[ActionItem(a["what"], by_name[a["unit"]] if "unit" in a else "", a["due"],
                            a.get("done", False))
                 for a in minutes["actions"]],
        parking_lot=list(minutes["parking_lot"]),
    )


# ---------------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------------


def _load_templates() -> list[tuple[str, Sop]]:
    found: list[tuple[str, Sop]] = []
    folder = resources.sop_templates_dir()
    for name in GENERAL_TEMPLATES:
        path = folder / f"{name}.yaml"
        if path.is_file():
            found.append((name, load_sop(path)))
        else:
            print(f"catatan: templat {name} belum ada; dilewati", file=sys.stderr)
    return found


def _comment(n: int, author: str, text: str, *, step: int | None = None,
             field_: str | None = None, resolved: bool = False, when: str | None = None
             ) -> Comment:
    return Comment(id=f"c-{n:03d}", author=author, text=text, step=step, field=field_,
                   resolved=resolved, at=when)


def sign(store: Store, unit: str, sop_id: str, *, kode: str, signed: str,
         signer: Approval) -> None:
    """Pengesahan through the approval core: the number comes from the unit's pattern."""
    the_unit = store.unit(unit)
    records = store.sops(unit)

    def fn(r: SopRecord) -> None:
        number = approval.number_for(the_unit, records, r, kode=kode, signed=signed)
        approval.approve(r, number=number, signer=signer, signed=signed)

    store.update_record(unit, sop_id, fn, "sop.approve")


def implement(store: Store, unit: str, sop_id: str,
              items: list[ImplementationRecord]) -> None:
    """Penerapan records through the monev core (disahkan -> diterapkan)."""

    def fn(r: SopRecord) -> None:
        for item in items:
            monev.record_implementation(r, item)

    store.update_record(unit, sop_id, fn, "sop.implementation")


def monitor(store: Store, unit: str, sop_id: str, rows: list[MonitoringRow]) -> None:
    """Tabel 7 rows through the monev core ("Tidak berjalan dengan baik" -> perlu revisi)."""

    def fn(r: SopRecord) -> None:
        for row in rows:
            monev.add_monitoring(r, row)

    store.update_record(unit, sop_id, fn, "sop.monitoring")


def build(path: Path) -> Store:
    """Build the demo workshop in ``path`` (a new folder) and return its store."""
    clock = Clock(at("2018-07-02", "09:00"))
    store = Store.create(path, TITLE, now=clock)
    store.update_event(
        title=TITLE,
        organiser="Biro Organisasi Setda Provinsi Jawa Tengah",
        host_government="Pemerintah Kabupaten Wonosobo",
        venue="Ruang Cokrohadisuryo Setda Kabupaten Wonosobo",
        start_date="2018-07-09",
        end_date="2018-07-10",
        facilitators=list(FACILITATORS),
    )

    # -- before the event: units, teams, PINs, readiness --------------------------------------
    slug_of: dict[str, str] = {}
    pin_by_slug: dict[str, str] = {}
    pins = fixed_pins(pin_by_slug)
    member_ids: dict[str, str] = {}  # member name -> id
    present: list[str] = []
    for spec in UNITS:
        unit = store.add_unit(
            spec.name,
            short_name=spec.short_name,
            head_position=spec.head_position,
            numbering=spec.numbering,
            team_model=spec.team_model,
            sk_number=spec.sk_number,
            sk_date=spec.sk_date,
        )
        slug_of[spec.name] = unit.slug
        pin_by_slug[unit.slug] = spec.pin
        for i, m in enumerate(spec.members):
            member = store.add_member(unit.slug, m.name, nip=m.nip, position=m.position,
                                      role=m.role)
            member_ids[m.name] = member.id
            if i < spec.present:
                present.append(member.id)
        pin = store.generate_pin(unit.slug, source=pins)
        assert pin == spec.pin
        assert store.verify_pin(unit.slug, spec.pin)

    clock.set(at("2018-07-09", "10:30"))
    for spec in UNITS:
        for item in spec.readiness:
            store.set_readiness(slug_of[spec.name], item, True)

    # -- day 1: general SOPs adopted by every unit ---------------------------------------------
    templates = _load_templates()
    clock.set(at("2018-07-09", "11:00"))
    adopted = {t.title for _, t in templates}
    for spec in UNITS:
        for name, template in templates:
            sop = adopt(template, spec.name, spec.positions, "2018-07-09", adopted)
            store.add_sop(slug_of[spec.name], sop, template=name)

    # -- day 1: needs assessment (Tabel 6), existing SOPs, votes -------------------------------
    clock.set(at("2018-07-09", "13:00"))
    dinkes = slug_of["Dinas Kesehatan"]
    existing_ids = [store.add_existing_sop(dinkes, x).id for x in EXISTING["Dinas Kesehatan"]]
    need_ids: dict[str, list[str]] = {}
    for unit_name, rows in NEEDS.items():
        slug = slug_of[unit_name]
        ids: list[str] = []
        for r in rows:
            if r.source.startswith("existing:"):
                index = int(r.source.removeprefix("existing:")) - 1
                r = dataclasses.replace(r, source=f"existing:{existing_ids[index]}")
            ids.append(store.add_need(slug, r).id)
        need_ids[unit_name] = ids

    def vote(unit_name: str, member: str, need_index: int, count: int) -> None:
        store.set_vote(Vote(unit=slug_of[unit_name], member=member_ids[member],
                            need=need_ids[unit_name][need_index], count=count))

    dukcapil = "Dinas Kependudukan dan Pencatatan Sipil"
    vote(dukcapil, "Bambang Setiawan (contoh)", 0, 2)
    vote(dukcapil, "Bambang Setiawan (contoh)", 1, 1)
    vote(dukcapil, "Rina Marlina (contoh)", 0, 1)
    vote(dukcapil, "Rina Marlina (contoh)", 2, 2)
    vote(dukcapil, "Teguh Santoso (contoh)", 0, 3)
    vote(dukcapil, "Lestari Widyaningsih (contoh)", 1, 3)
    vote("Kecamatan Wonosobo", "Slamet Riyanto (contoh)", 0, 2)
    vote("Kecamatan Wonosobo", "Tri Wulandari (contoh)", 1, 2)
    vote("Kecamatan Wonosobo", "Anton Kurniawan (contoh)", 0, 3)
    vote("Badan Kepegawaian Daerah", "Dewi Lestari (contoh)", 1, 3)
    vote("Badan Kepegawaian Daerah", "Arif Budiman (contoh)", 1, 2)

    def from_need(unit_name: str, index: int, text: str, status: str = "draf") -> SopRecord:
        slug = slug_of[unit_name]
        need = need_ids[unit_name][index]
        record = store.add_sop(slug, sop_from_yaml(text), status=status, need=need)
        store.update_need(slug, need, sop_id=record.id)
        return record

    # -- SOPs in every status ------------------------------------------------------------------
    # draf with findings (missing time, an activity that is not an active verb)
    clock.set(at("2018-07-09", "14:00"))
    from_need(dukcapil, 0, sop_text("kartu-keluarga"))

    # reviu, with review comments
    akta = from_need(dukcapil, 1, sop_text("akta-kelahiran"), status="reviu")
    facilitator = FACILITATORS[0]

    def add_akta_comments(r: SopRecord) -> None:
        r.reviews = [
            _comment(1, facilitator,
                     "Kelahiran yang dilaporkan lewat dari 60 hari memerlukan langkah tambahan; "
                     "pertimbangkan keputusan baru sesudah langkah 2.", step=2,
                     when="2018-07-09T14:40:00+07:00"),
            _comment(2, "Lestari Widyaningsih (contoh)",
                     "Waktu mencetak 10 menit hanya cukup bila printer tidak antre; tulis "
                     "catatannya di Keterangan.", step=6, field_="steps.6.time",
                     when="2018-07-09T14:45:00+07:00"),
            _comment(3, "Teguh Santoso (contoh)",
                     "Kualifikasi pelaksana sudah ditambah: memahami persyaratan pencatatan "
                     "kelahiran.", field_="qualifications", resolved=True,
                     when="2018-07-09T14:50:00+07:00"),
        ]

    store.update_record(slug_of[dukcapil], akta.id, add_akta_comments, "sop.review")

    # Kecamatan: a clean draft from Tabel 6
    from_need("Kecamatan Wonosobo", 0, sop_text("izin-keramaian"))

    # uji coba, with trial notes (Dinas Pendidikan drafted it before the event)
    disdik = slug_of["Dinas Pendidikan"]
    legal = store.add_sop(disdik, sop_from_yaml(sop_text("legalisasi")), status="uji coba")

    def add_trials(r: SopRecord) -> None:
        r.reviews = [
            _comment(1, "Sugeng Riyadi (contoh)",
                     "Tulis siapa pengganti Kepala Seksi bila berhalangan.", step=3,
                     resolved=True, when="2018-06-22T10:00:00+07:00"),
        ]
        r.trials = [
            TrialNote("Fitri Rahmawati (contoh)",
                      "Dicoba pada 14 permohonan di loket selama satu minggu; rata-rata selesai "
                      "35 menit, sesuai mutu baku.", "2018-06-29"),
            TrialNote("Wahyu Nugroho (contoh)",
                      "Paraf tertunda dua kali karena Kepala Seksi sedang rapat; usul menunjuk "
                      "pejabat pengganti dan mencatatnya di Keterangan langkah 3.", "2018-07-03"),
        ]

    store.update_record(disdik, legal.id, add_trials, "sop.trial")

    # disahkan: number from the unit's pattern, signer, dates
    bkd = slug_of["Badan Kepegawaian Daerah"]
    kgb = from_need("Badan Kepegawaian Daerah", 0, sop_text("kenaikan-gaji-berkala"),
                    status="uji coba")
    sign(store, bkd, kgb.id, kode="800", signed="2018-07-02",
         signer=Approval("Kepala Badan", "Drs. Haryanto Wibisono, M.Si. (contoh)",
                         "196805141994031007"))

    # diterapkan: approved, then socialised, trained and distributed (monev core)
    kominfo_spec = next(u for u in UNITS if u.name == "Dinas Komunikasi dan Informatika")
    kominfo = slug_of[kominfo_spec.name]
    ppid_number = fill_number(kominfo_spec.numbering, kode="555", seq=1,
                              short=kominfo_spec.short_name, year="2018", unit=kominfo_spec.name)
    ppid = store.add_sop(kominfo, sop_from_yaml(_yaml_with_number(sop_text("ppid"), ppid_number)),
                         status="disahkan")
    implement(store, kominfo, ppid.id, [
        ImplementationRecord("2018-03-20", "sosialisasi", "Seluruh pegawai Diskominfo",
                             "Rapat staf dan paparan alur", 32),
        ImplementationRecord("2018-03-27", "pelatihan", "Petugas meja layanan PPID",
                             "Praktik langsung di meja layanan", 4),
        ImplementationRecord("2018-04-02", "distribusi", "Setiap bidang dan meja layanan",
                             "Salinan cetak ditempel dan berkas PDF di portal", 6),
    ])

    # Dinas Kesehatan (tahap I, 2017): monitored -> perlu revisi; evaluated -> version 2; dicabut
    dk_spec = next(u for u in UNITS if u.name == "Dinas Kesehatan")

    def dk_number(seq: int, year: str) -> str:
        return fill_number(dk_spec.numbering, kode="440", seq=seq, short=dk_spec.short_name,
                           year=year, unit=dk_spec.name)

    izin = from_need("Dinas Kesehatan", 0,
                     _yaml_with_number(sop_text("izin-praktik-bidan"), dk_number(3, "2017")),
                     status="disahkan")
    implement(store, dinkes, izin.id, [
        ImplementationRecord("2017-09-11", "sosialisasi", "Petugas loket dan Seksi SDK",
                             "Rapat bidang", 9),
        ImplementationRecord("2017-09-18", "distribusi", "Loket pelayanan dan Seksi SDK",
                             "Salinan cetak", 2),
    ])
    monitor(store, dinkes, izin.id, [
        MonitoringRow("2017-S2", "Berjalan dengan baik",
                      "Seluruh 18 permohonan selesai dalam mutu baku waktu.",
                      "Dipertahankan", "Nur Aini (contoh)",
                      ["observasi_supervisor", "wawancara_pelaksana"], "2017-12-14"),
        MonitoringRow("2018-S1", "Tidak berjalan dengan baik",
                      "Verifikasi berkas dan peninjauan tempat praktik rata-rata 3 hari kerja, "
                      "melebihi mutu baku 1 hari kerja; pemohon mengeluh.",
                      "Menambah petugas verifikasi dan merevisi mutu baku waktu langkah 3",
                      "Nur Aini (contoh)", ["wawancara_pelanggan", "rapat_kelompok_kerja"],
                      "2018-06-21"),
    ])

    # evaluated with decision "revisi" -> version 2 in draft, findings as review comments
    v1_number = dk_number(2, "2017")
    pengaduan = from_need("Dinas Kesehatan", 1,
                          _yaml_with_number(sop_text("pengaduan-v1"), v1_number), status="disahkan")
    implement(store, dinkes, pengaduan.id, [
        ImplementationRecord("2017-08-21", "sosialisasi", "Seluruh pegawai Dinas Kesehatan",
                             "Apel pagi dan paparan", 64),
        ImplementationRecord("2017-08-28", "pelatihan", "Petugas pengaduan", "Simulasi", 3),
    ])
    monitor(store, dinkes, pengaduan.id, [
        MonitoringRow("2017-S2", "Berjalan dengan baik",
                      "Pengaduan tercatat lengkap dan dijawab dalam batas waktu.",
                      "Dipertahankan", "Hendra Saputra (contoh)",
                      ["observasi_supervisor"], "2017-12-15"),
        MonitoringRow("2018-S1", "Berjalan dengan baik",
                      "Pengaduan tentang layanan Dinas Kesehatan dijawab tepat waktu; "
                      "pengaduan tentang instansi lain belum punya alur.",
                      "Dibahas dalam evaluasi tahunan", "Hendra Saputra (contoh)",
                      ["wawancara_pelaksana", "rapat_kelompok_kerja"], "2018-06-22"),
    ])
    clock.set(at("2018-07-09", "15:20"))
    evaluation = Evaluation(
        date="2018-07-09",
        answers=[True, True, False, True, False, True, True],
        notes=[
            "",
            "",
            "Petugas tidak tahu ke mana meneruskan pengaduan tentang rumah sakit swasta atau "
            "instansi lain.",
            "",
            "Pengaduan yang bukan kewenangan Dinas Kesehatan tertahan tanpa kejelasan.",
            "",
            "",
        ],
        decision="revisi",
        reason="Alur pengaduan di luar kewenangan Dinas Kesehatan belum diatur.",
    )
    revised = sop_from_yaml(_yaml_with_number(sop_text("pengaduan-v2"), v1_number))

    def evaluate_and_revise(r: SopRecord) -> None:
        monev.evaluate(r, evaluation, author="Dwi Astuti (contoh)",
                       at="2018-07-09T15:20:00+07:00")
        # The team started the revision right away: the new decision step and shorter times.
        r.sop = revised

    store.update_record(dinkes, pengaduan.id, evaluate_and_revise, "sop.evaluate")

    # dicabut
    kunjungan = store.add_sop(
        dinkes,
        sop_from_yaml(_yaml_with_number(sop_text("kunjungan-pasien"), dk_number(11, "2016"))),
        status="dicabut",
    )

    def retire(r: SopRecord) -> None:
        r.retired_reason = ("Kunjungan pasien sudah dicatat melalui aplikasi SIMPUS; dicabut "
                            "pada peninjauan SOP lama 9 Juli 2018.")

    store.update_record(dinkes, kunjungan.id, retire, "sop.retire")

    # -- the sessions ----------------------------------------------------------------------------
    clock.set(at("2018-07-09", "16:00"))
    adopted_titles = [t.title for _, t in templates]
    planned1, planned2 = planned_days()
    store.add_session(day_one(planned1, [slug_of[u.name] for u in UNITS], present, slug_of,
                              adopted_titles))
    store.add_session(planned2)
    return store


def _yaml_with_number(text: str, number: str) -> str:
    return f'number: "{number}"\n' + text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bangun ulang workshop contoh (demo).")
    parser.add_argument("--out", type=Path, default=ROOT / "sessions" / "demo",
                        help="folder bundel keluaran (bawaan: sessions/demo)")
    args = parser.parse_args(argv)
    out: Path = args.out
    with tempfile.TemporaryDirectory(prefix="sop-demo-build-") as tmp:
        store = build(Path(tmp) / "demo")
        staging = Path(tmp) / "bundle"
        written = bundle.export_bundle(store, staging)
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(staging, out)
    print(f"{len(written)} berkas ditulis ke {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

