"""Deterministic synthetic workshops for the province-scale benchmark.

``make_workshop(folder, units=40, sops=100, steps=15, seed=12)`` creates a workshop folder
through the public store API only: the units in one transaction, the team members in one batch,
and each unit's SOP records in one transaction (``Store.add_sop_records``). Nothing here writes
TinyDB JSON by hand, so the files are exactly what the app itself would write.

``make_sop(rng, steps, actors)`` builds one valid SOP AP (start capsule, process boxes, a few
decisions with a Tidak branch, an end capsule, mutu baku on every step). ``flow_sop_60()`` is the
60-step, 6-actor SOP of the ``check_flow_60`` figure.

The same seed always gives byte-identical SOPs (the store adds timestamps to its log only).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from workshop.model import (
    Approval,
    Classification,
    Dates,
    Sop,
    SopRecord,
    Step,
)
from workshop.store import Store

SEED = 12
FIXED_NOW = datetime(2018, 7, 10, 9, 0, tzinfo=UTC)

UNIT_KINDS = (
    "Dinas Pendidikan", "Dinas Kesehatan", "Dinas Sosial", "Dinas Perhubungan",
    "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Komunikasi dan Informatika", "Dinas Pertanian", "Dinas Perikanan",
    "Dinas Lingkungan Hidup", "Dinas Perindustrian dan Perdagangan", "Dinas Pariwisata",
    "Dinas Tenaga Kerja", "Dinas Koperasi dan UKM", "Dinas Perpustakaan dan Kearsipan",
    "Dinas Pemuda dan Olahraga", "Dinas Penanaman Modal dan PTSP", "Dinas Perumahan",
    "Badan Kepegawaian Daerah", "Badan Keuangan Daerah", "Badan Perencanaan Pembangunan Daerah",
    "Badan Penanggulangan Bencana Daerah", "Badan Kesatuan Bangsa dan Politik",
    "Inspektorat Daerah", "Sekretariat Daerah", "Sekretariat DPRD", "Satuan Polisi Pamong Praja",
    "RSUD Setjonegoro",
)
DISTRICTS = (
    "Wonosobo", "Kertek", "Garung", "Kejajar", "Mojotengah", "Selomerto", "Leksono",
    "Kaliwiro", "Sapuran", "Kepil", "Kalikajar", "Watumalang", "Wadaslintang", "Sukoharjo",
    "Kalibawang",
)

ACTORS = (
    "Pengadministrasi Umum", "Kasubbag Umum", "Sekretaris", "Kepala Dinas", "Kepala Bidang",
    "Kepala Seksi", "Analis Kepegawaian", "Bendahara Pengeluaran", "Pengelola Keuangan",
    "Arsiparis", "Pranata Komputer", "Petugas Loket", "Verifikator", "Kasubbag Perencanaan",
    "Kasubbag Keuangan", "Pengelola Data",
)

ASPECTS = ("Penyusunan", "Pelaksanaan", "Evaluasi", "Pelaporan", "Publikasi", "Distribusi",
           "Pengelolaan", "Pelayanan", "Verifikasi", "Penerbitan")
OUTPUTS = (
    "Rencana Kerja", "Surat Masuk", "Surat Keluar", "Cuti Pegawai", "Kenaikan Gaji Berkala",
    "Perjalanan Dinas", "Permintaan ATK", "Laporan Kinerja", "Arsip Inaktif",
    "Pengaduan Masyarakat", "Informasi Publik", "Surat Tugas", "Data Statistik Sektoral",
    "Rekomendasi Teknis", "Izin Usaha", "Laporan Keuangan", "Daftar Hadir", "Notulen Rapat",
    "Anggaran Kegiatan", "Standar Pelayanan",
)
VERBS = (
    "Menerima", "Memeriksa", "Mencatat", "Menyusun", "Memaraf", "Menandatangani", "Mengirim",
    "Mengarsipkan", "Memverifikasi", "Mengoreksi", "Menyampaikan", "Membuat", "Mengagendakan",
    "Menelaah", "Mengunggah", "Menggandakan",
)
OBJECTS = (
    "berkas permohonan", "konsep surat", "lembar disposisi", "data pendukung", "nota dinas",
    "laporan bulanan", "dokumen anggaran", "daftar periksa", "surat pengantar", "buku agenda",
    "rekapitulasi data", "draf keputusan",
)
QUESTIONS = (
    "Apakah berkas lengkap?", "Apakah konsep disetujui?", "Apakah data sesuai?",
    "Apakah anggaran tersedia?", "Apakah dokumen sah?",
)
UNITS_OF_TIME = ("menit", "jam", "hari kerja")
STATUSES = ("draf",) * 5 + ("reviu", "uji coba", "disahkan", "diterapkan")


@dataclass(frozen=True)
class Size:
    """The shape of a synthetic workshop."""

    units: int
    sops: int
    steps: int


FULL = Size(units=40, sops=100, steps=15)
QUICK = Size(units=3, sops=5, steps=15)


def unit_names(count: int) -> list[str]:
    """``count`` distinct unit names: the usual OPD first, then kecamatan, then numbered."""
    names = list(UNIT_KINDS) + [f"Kecamatan {d}" for d in DISTRICTS]
    while len(names) < count:
        names.append(f"Unit Kerja {len(names) + 1:03d}")
    return names[:count]


def _step(rng: random.Random, actor: str, kind: str, activity: str) -> Step:
    unit = rng.choice(UNITS_OF_TIME)
    amount = rng.randint(1, 3) if unit != "menit" else rng.choice((5, 10, 15, 30))
    return Step(
        activity=activity,
        actor=actor,
        kind=kind,
        requirements=[rng.choice(OBJECTS).capitalize(), rng.choice(OBJECTS).capitalize()],
        time=f"{amount} {unit}",
        output=rng.choice(OBJECTS).capitalize(),
        note="",
    )


def make_sop(
    rng: random.Random, steps: int = 15, actors: int | None = None, *, title: str = "",
    unit: str = "",
) -> Sop:
    """One valid SOP of ``steps`` steps (>= 4) over ``actors`` actors (3-5 when None).

    Shape: a start capsule, process boxes, a decision about every seventh step whose Tidak
    branch goes back two steps (a correction loop), and an end capsule. Every actor is used.
    """
    steps = max(4, steps)
    count = actors if actors is not None else rng.randint(3, 5)
    pool = list(ACTORS)
    rng.shuffle(pool)
    cast = pool[:count]
    title = title or f"{rng.choice(ASPECTS)} {rng.choice(OUTPUTS)}"
    body: list[Step] = []
    for number in range(1, steps + 1):
        # Walk the actors in turn so every column is used, with some repetition.
        actor = cast[(number - 1) * count // steps] if number > 1 else cast[0]
        if number == 1:
            step = _step(rng, actor, "start", f"Menerima {rng.choice(OBJECTS)}")
        elif number == steps:
            step = _step(rng, actor, "end", f"Mengarsipkan {rng.choice(OBJECTS)}")
        elif number % 7 == 0 and number > 3:
            step = Step(activity=rng.choice(QUESTIONS), actor=actor, kind="decision",
                        if_no=number - 2)
        else:
            step = _step(rng, actor, "process",
                         f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}")
        body.append(step)
    return Sop(
        title=title,
        number=f"800/SOP.{rng.randint(1, 99):02d}/{unit[:12] or 'Unit'}/2018",
        unit=unit,
        dates=Dates(created="2018-07-10"),
        approval=Approval(position="Kepala Dinas"),
        classification=Classification(nature="administratif", scope="mikro",
                                      completeness="final", generality="spesifik",
                                      activity=rng.choice(("pelayanan", "rutin", "penugasan"))),
        legal_basis=["Peraturan Menteri PAN-RB Nomor 35 Tahun 2012"],
        qualifications=["Memahami tata naskah dinas", "Menguasai aplikasi perkantoran"],
        related=[],
        equipment=["Komputer", "Printer", "Buku agenda"],
        warnings=["Layanan terlambat bila langkah dilewati"],
        records=["Buku agenda", "Lembar disposisi"],
        actors=cast,
        steps=body,
    )


def flow_sop_60(seed: int = SEED) -> Sop:
    """The SOP of the ``check_flow_60`` figure: 60 steps over 6 actors."""
    return make_sop(random.Random(seed * 1000 + 60), steps=60, actors=6,
                    title="Pelayanan Perizinan Terpadu", unit="Dinas Penanaman Modal dan PTSP")


def unit_records(rng: random.Random, unit_name: str, size: Size) -> list[SopRecord]:
    """The SOP records of one unit (ids given by the store)."""
    records = []
    seen: set[str] = set()
    for i in range(size.sops):
        sop = make_sop(rng, size.steps, unit=unit_name)
        if sop.title in seen:  # keep titles unique within a unit, like real SOP books
            sop.title = f"{sop.title} {i + 1}"
        seen.add(sop.title)
        records.append(SopRecord(id="", sop=sop, status=rng.choice(STATUSES)))
    return records


def make_workshop(folder: Path, size: Size = FULL, seed: int = SEED) -> Store:
    """Create the synthetic workshop in ``folder`` (new or empty) and return it, open."""
    rng = random.Random(seed)
    store = Store.create(folder, "Pendampingan Penyusunan SOP AP Provinsi (sintetis)",
                         now=lambda: FIXED_NOW)
    store.update_event(organiser="Biro Organisasi Setda Provinsi", venue="Aula Setda",
                       start_date="2018-07-10", end_date="2018-07-11")
    units = store.add_units(unit_names(size.units))
    with store.batch():  # workshop.json: one lock, one write for all members
        for unit in units:
            for k, role in enumerate(("ketua", "sekretaris", "anggota", "anggota", "anggota")):
                store.add_member(unit.slug, f"Anggota {k + 1} {unit.name}",
                                 position=rng.choice(ACTORS), role=role)
    for unit in units:
        store.add_sop_records(unit.slug, unit_records(rng, unit.name, size))
    return store
