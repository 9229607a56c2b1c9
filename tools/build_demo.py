"""Build the demo workshop through the store API and export it as a bundle (``sessions/demo/``).

Run from the repository root::

    python3 tools/build_demo.py            # rebuilds sessions/demo/
    python3 tools/build_demo.py --out DIR  # writes the bundle elsewhere

The event is the one the project was seeded with: Biro Organisasi Setda Provinsi Jawa Tengah
accompanying the OPDs of Kabupaten Wonosobo, 9-10 July 2018. Day 1 has ended (attendance, minutes,
decisions, action items), day 2 is planned. Every person's name is invented and marked
"(contoh)"; NIPs are made up but shaped like real ones.

Determinism: the store runs on a fixed clock, ids come from the store's counters in a fixed order,
and the unit PINs are fixed (see ``PINS``; they are printed in ``docs/panduan.md``). The store only
offers ``generate_pin`` (random PIN, random salt), so the builder feeds it a fixed PIN and a salt
derived from the unit slug by swapping the ``secrets`` module the store uses for the duration of
that one call. Running the builder twice gives byte-identical bundles.

Some SOPs are older than the event: the Biro ran a first round (tahap I) in 2017 with a few OPDs,
so the demo can show SOPs that were approved, implemented, monitored and evaluated before this
two-day pendampingan; their dates say so.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import dataclasses
import hashlib
import re
import secrets
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from workshop import approval, bundle, monev, plans, resources  # noqa: E402
from workshop import store as store_module  # noqa: E402
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
from workshop.sopfile import load_sop, loads_sop  # noqa: E402
from workshop.store import Store  # noqa: E402

WIB = timezone(timedelta(hours=7))
EXAMPLE = "(contoh)"

TITLE = (
    "Sosialisasi dan Pendampingan Penyusunan SOP AP di Lingkungan Pemerintah Kabupaten Wonosobo"
)
FACILITATORS = ["Retno Handayani (contoh)", "Agus Prasetyo (contoh)"]

# General SOP templates adopted by every unit on day 1 (those present in templates/sop/).
GENERAL_TEMPLATES = (
    "surat-masuk",
    "surat-keluar",
    "arsip-aktif",
    "cuti-pegawai",
    "permintaan-atk",
    "pelaporan-persediaan",
)

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


def nip(born: str, tmt: str, sex: int, seq: int) -> str:
    """A made-up NIP with the real shape: birth date, TMT CPNS, sex, sequence (18 digits)."""
    value = f"{born}{tmt}{sex}{seq:03d}"
    assert len(value) == 18, value
    return value


def _dinas_positions(head: str, secretary: str = "Sekretaris Dinas") -> dict[str, str]:
    return {
        "Kepala OPD": head,
        "Sekretaris": secretary,
        "Kepala Bidang": "Kepala Bidang",
        "Kasubbag Umum dan Kepegawaian": "Kasubbag Umum dan Kepegawaian",
    }


UNITS: list[UnitSpec] = [
    UnitSpec(
        name="Dinas Pendidikan",
        short_name="Disdik",
        head_position="Kepala Dinas",
        numbering="{kode}/SOP.{seq:02}/{singkatan}/{tahun}",
        team_model="internal",
        sk_number="800/215/2018",
        sk_date="2018-06-18",
        readiness=["tim_dibentuk", "sk_terbit", "anggota_dilatih", "tugas_dipahami",
                   "dokumen_tupoksi", "struktur_organisasi", "perangkat_kerja"],
        pin="318204",
        positions=_dinas_positions("Kepala Dinas"),
        members=[
            MemberSpec("Sugeng Riyadi (contoh)", "Sekretaris Dinas", "ketua",
                       nip("19700415", "199503", 1, 2)),
            MemberSpec("Endah Kusumawati (contoh)", "Kasubbag Umum dan Kepegawaian", "sekretaris",
                       nip("19790822", "200501", 2, 4)),
            MemberSpec("Wahyu Nugroho (contoh)", "Kepala Seksi Peserta Didik", "anggota",
                       nip("19810309", "200604", 1, 1)),
            MemberSpec("Fitri Rahmawati (contoh)", "Pengadministrasi Umum", "anggota",
                       nip("19880114", "201101", 2, 3)),
        ],
    ),
    UnitSpec(
        name="Dinas Kesehatan",
        short_name="Dinkes",
        head_position="Kepala Dinas",
        numbering="{kode}/SOP-{seq:03}/{singkatan}/{tahun}",
        team_model="gabungan",
        sk_number="445/1023/2018",
        sk_date="2018-06-20",
        readiness=["tim_dibentuk", "sk_terbit", "anggota_dilatih", "tugas_dipahami",
                   "dokumen_tupoksi", "struktur_organisasi", "dasar_hukum", "daftar_sop_lama",
                   "perangkat_kerja"],
        pin="527916",
        positions=_dinas_positions("Kepala Dinas"),
        members=[
            MemberSpec("Dwi Astuti (contoh)", "Sekretaris Dinas", "ketua",
                       nip("19720604", "199803", 2, 5)),
            MemberSpec("Hendra Saputra (contoh)", "Kasubbag Umum dan Kepegawaian", "sekretaris",
                       nip("19800117", "200312", 1, 2)),
            MemberSpec("Nur Aini (contoh)", "Kepala Seksi Sumber Daya Kesehatan", "anggota",
                       nip("19830927", "200902", 2, 1)),
            MemberSpec("Yusuf Hidayat (contoh)", "Dosen pendamping (pihak luar)", "anggota"),
        ],
    ),
    UnitSpec(
        name="Dinas Kependudukan dan Pencatatan Sipil",
        short_name="Disdukcapil",
        head_position="Kepala Dinas",
        numbering="{kode}/SOP.{seq:02}/{singkatan}/{tahun}",
        team_model="internal",
        sk_number="470/088/2018",
        sk_date="2018-06-25",
        readiness=["tim_dibentuk", "sk_terbit", "tugas_dipahami", "dokumen_tupoksi",
                   "struktur_organisasi", "dasar_hukum"],
        pin="640173",
        positions=_dinas_positions("Kepala Dinas"),
        members=[
            MemberSpec("Bambang Setiawan (contoh)", "Sekretaris Dinas", "ketua",
                       nip("19710210", "199702", 1, 3)),
            MemberSpec("Rina Marlina (contoh)", "Kasubbag Umum dan Kepegawaian", "sekretaris",
                       nip("19820505", "200801", 2, 2)),
            MemberSpec("Teguh Santoso (contoh)", "Kepala Bidang Pelayanan Pendaftaran Penduduk",
                       "anggota", nip("19750730", "200003", 1, 4)),
            MemberSpec("Lestari Widyaningsih (contoh)", "Kepala Seksi Kelahiran dan Kematian",
                       "anggota", nip("19840212", "201001", 2, 6)),
        ],
    ),
    UnitSpec(
        name="Dinas Pekerjaan Umum dan Penataan Ruang",
        short_name="DPUPR",
        head_position="Kepala Dinas",
        numbering="{kode}/SOP.{seq:02}/{singkatan}/{tahun}",
        team_model="internal",
        sk_number="",
        sk_date=None,
        readiness=["tim_dibentuk", "dokumen_tupoksi"],
        pin="209485",
        positions=_dinas_positions("Kepala Dinas"),
        members=[
            MemberSpec("Joko Purnomo (contoh)", "Sekretaris Dinas", "ketua",
                       nip("19690918", "199403", 1, 1)),
            MemberSpec("Ani Susanti (contoh)", "Kasubbag Umum dan Kepegawaian", "sekretaris",
                       nip("19811103", "200604", 2, 5)),
            MemberSpec("Rudi Hartanto (contoh)", "Kepala Seksi Tata Ruang", "anggota",
                       nip("19850621", "201003", 1, 2)),
        ],
        present=2,
    ),
    UnitSpec(
        name="Badan Kepegawaian Daerah",
        short_name="BKD",
        head_position="Kepala Badan",
        numbering="{kode}/{seq:02}/SOP/{singkatan}/{tahun}",
        team_model="internal",
        sk_number="800/076/2018",
        sk_date="2018-06-15",
        readiness=["tim_dibentuk", "sk_terbit", "anggota_dilatih", "tugas_dipahami",
                   "dokumen_tupoksi", "struktur_organisasi", "dasar_hukum", "daftar_sop_lama"],
        pin="873650",
        positions=_dinas_positions("Kepala Badan", "Sekretaris Badan"),
        members=[
            MemberSpec("Siti Rohmah (contoh)", "Sekretaris Badan", "ketua",
                       nip("19730525", "199903", 2, 2)),
            MemberSpec("Eko Wibowo (contoh)", "Kasubbag Umum dan Kepegawaian", "sekretaris",
                       nip("19800808", "200501", 1, 7)),
            MemberSpec("Dewi Lestari (contoh)", "Kepala Bidang Mutasi", "anggota",
                       nip("19760316", "200112", 2, 1)),
            MemberSpec("Arif Budiman (contoh)", "Analis Kepegawaian", "anggota",
                       nip("19890701", "201403", 1, 3)),
        ],
    ),
    UnitSpec(
        name="Kecamatan Wonosobo",
        short_name="Kec. Wonosobo",
        head_position="Camat",
        numbering="{kode}/SOP.{seq:02}/Kec/{tahun}",
        team_model="internal",
        sk_number="",
        sk_date=None,
        readiness=["tim_dibentuk", "tugas_dipahami", "struktur_organisasi"],
        pin="451928",
        positions={
            "Kepala OPD": "Camat",
            "Sekretaris": "Sekretaris Kecamatan",
            "Kepala Bidang": "Kepala Seksi",
            "Kasubbag Umum dan Kepegawaian": "Kasubbag Umum dan Kepegawaian",
        },
        members=[
            MemberSpec("Slamet Riyanto (contoh)", "Sekretaris Kecamatan", "ketua",
                       nip("19680412", "199203", 1, 2)),
            MemberSpec("Tri Wulandari (contoh)", "Kasubbag Umum dan Kepegawaian", "sekretaris",
                       nip("19830119", "200902", 2, 1)),
            MemberSpec("Anton Kurniawan (contoh)", "Kepala Seksi Ketenteraman dan Ketertiban",
                       "anggota", nip("19780926", "200501", 1, 9)),
        ],
    ),
    UnitSpec(
        name="Dinas Komunikasi dan Informatika",
        short_name="Diskominfo",
        head_position="Kepala Dinas",
        numbering="{kode}/SOP.{seq:02}/{singkatan}/{tahun}",
        team_model="gabungan",
        sk_number="555/041/2018",
        sk_date="2018-06-22",
        readiness=["tim_dibentuk", "sk_terbit", "anggota_dilatih", "tugas_dipahami",
                   "dokumen_tupoksi", "struktur_organisasi", "dasar_hukum", "daftar_sop_lama",
                   "perangkat_kerja"],
        pin="796341",
        positions=_dinas_positions("Kepala Dinas"),
        members=[
            MemberSpec("Indah Permatasari (contoh)", "Sekretaris Dinas", "ketua",
                       nip("19770203", "200212", 2, 3)),
            MemberSpec("Ahmad Fauzi (contoh)", "Kasubbag Umum dan Kepegawaian", "sekretaris",
                       nip("19860411", "201101", 1, 4)),
            MemberSpec("Maya Sari (contoh)", "Kepala Seksi Pelayanan Informasi Publik", "anggota",
                       nip("19870830", "201203", 2, 2)),
            MemberSpec("Galih Pratama (contoh)", "Pegiat keterbukaan informasi (pihak luar)",
                       "anggota"),
        ],
    ),
]

PINS: dict[str, str] = {u.name: u.pin for u in UNITS}


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


class _FixedSecrets:
    """Stands in for ``secrets`` inside the store during one ``generate_pin`` call."""

    def __init__(self, pin: str, salt: bytes) -> None:
        self._pin = pin
        self._salt = salt

    def randbelow(self, n: int) -> int:
        value = int(self._pin)
        assert 0 <= value < n
        return value

    def token_bytes(self, n: int) -> bytes:
        return self._salt[:n]

    def __getattr__(self, name: str) -> Any:
        return getattr(secrets, name)


@contextlib.contextmanager
def _fixed_pin(pin: str, slug: str) -> Iterator[None]:
    salt = hashlib.sha256(f"sop-workshop demo {slug}".encode()).digest()[:16]
    original = getattr(store_module, "secrets")  # noqa: B009
    setattr(store_module, "secrets", _FixedSecrets(pin, salt))  # noqa: B010
    try:
        yield
    finally:
        setattr(store_module, "secrets", original)  # noqa: B010


def sop_from_yaml(text: str) -> Sop:
    return loads_sop("format: sop-ap/1\n" + textwrap.dedent(text), "<demo>")


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


# ---------------------------------------------------------------------------------------------
# The specific SOPs (sop-ap/1 text)
# ---------------------------------------------------------------------------------------------

SOP_KK = """\
title: Penerbitan Kartu Keluarga
unit: Dinas Kependudukan dan Pencatatan Sipil
dates: {created: "2018-07-09", revised: null, effective: null}
approval: {position: Kepala Dinas, name: "", nip: ""}
classification: {nature: administratif, scope: mikro, completeness: final,
                 generality: spesifik, activity: pelayanan}
legal_basis:
  - Undang-Undang Nomor 24 Tahun 2013 tentang Perubahan atas Undang-Undang Nomor 23 Tahun 2006
    tentang Administrasi Kependudukan
  - Peraturan Presiden Nomor 96 Tahun 2018 tentang Persyaratan dan Tata Cara Pendaftaran
    Penduduk dan Pencatatan Sipil
qualifications:
  - Memahami persyaratan dokumen kependudukan
  - Mampu mengoperasikan aplikasi SIAK
equipment: [Komputer, Aplikasi SIAK, Printer dokumen kependudukan, Blangko Kartu Keluarga]
warnings:
  - Data keluarga yang tidak diverifikasi dapat menimbulkan data ganda dalam database kependudukan
records: [Buku register permohonan, Database SIAK]
actors:
  - Petugas Loket Pelayanan
  - Operator SIAK
  - Kepala Bidang Pelayanan Pendaftaran Penduduk
  - Kepala Dinas
steps:
  - activity: Menerima berkas permohonan Kartu Keluarga dari pemohon
    actor: Petugas Loket Pelayanan
    kind: start
    requirements: [Formulir F-1.01, Kartu Keluarga lama, Surat pengantar RT/RW]
    time: 5 menit
    output: Berkas permohonan diterima
  - activity: Apakah berkas permohonan lengkap?
    actor: Petugas Loket Pelayanan
    kind: decision
    requirements: [Berkas permohonan]
    time: 5 menit
    output: Berkas lengkap
    if_no: 8
  - activity: Verifikasi data pemohon dalam database kependudukan
    actor: Operator SIAK
    requirements: [Berkas permohonan, Database SIAK]
    time: 15 menit
    output: Data pemohon terverifikasi
  - activity: Memasukkan perubahan data keluarga ke dalam SIAK
    actor: Operator SIAK
    requirements: [Data pemohon terverifikasi]
    output: Data keluarga diperbarui
  - activity: Memeriksa dan menyetujui konsep Kartu Keluarga
    actor: Kepala Bidang Pelayanan Pendaftaran Penduduk
    requirements: [Konsep Kartu Keluarga]
    time: 30 menit
    output: Konsep Kartu Keluarga disetujui
  - activity: Menandatangani Kartu Keluarga secara elektronik
    actor: Kepala Dinas
    requirements: [Konsep Kartu Keluarga disetujui]
    time: 15 menit
    output: Kartu Keluarga bertanda tangan elektronik
  - activity: Mencetak dan menyerahkan Kartu Keluarga kepada pemohon
    actor: Petugas Loket Pelayanan
    kind: end
    requirements: [Kartu Keluarga bertanda tangan elektronik, Blangko Kartu Keluarga]
    time: 10 menit
    output: Kartu Keluarga diterima pemohon
  - activity: Mengembalikan berkas kepada pemohon untuk dilengkapi
    actor: Petugas Loket Pelayanan
    kind: end
    requirements: [Berkas permohonan tidak lengkap]
    time: 5 menit
    output: Pemohon mengetahui kekurangan berkas
"""

SOP_AKTA = """\
title: Penerbitan Akta Kelahiran
unit: Dinas Kependudukan dan Pencatatan Sipil
dates: {created: "2018-07-09", revised: null, effective: null}
approval: {position: Kepala Dinas, name: "", nip: ""}
classification: {nature: administratif, scope: mikro, completeness: final,
                 generality: spesifik, activity: pelayanan}
legal_basis:
  - Undang-Undang Nomor 24 Tahun 2013 tentang Perubahan atas Undang-Undang Nomor 23 Tahun 2006
    tentang Administrasi Kependudukan
qualifications:
  - Memahami persyaratan pencatatan kelahiran
equipment: [Komputer, Aplikasi SIAK, Printer dokumen kependudukan, Blangko akta]
warnings:
  - Akta yang diterbitkan tanpa verifikasi dapat memuat data kelahiran yang keliru
records: [Buku register akta kelahiran, Database SIAK]
actors:
  - Petugas Loket Pelayanan
  - Operator SIAK
  - Kepala Seksi Kelahiran dan Kematian
  - Kepala Dinas
steps:
  - activity: Menerima berkas permohonan akta kelahiran
    actor: Petugas Loket Pelayanan
    kind: start
    requirements: [Formulir F-2.01, Surat keterangan kelahiran, Kartu Keluarga, KTP-el orang tua]
    time: 5 menit
    output: Berkas permohonan diterima
  - activity: Apakah berkas permohonan lengkap dan sah?
    actor: Petugas Loket Pelayanan
    kind: decision
    requirements: [Berkas permohonan]
    time: 10 menit
    output: Berkas lengkap
    if_no: 7
  - activity: Memasukkan data kelahiran ke dalam SIAK
    actor: Operator SIAK
    requirements: [Berkas permohonan]
    time: 15 menit
    output: Data kelahiran tercatat
  - activity: Memverifikasi data dan konsep akta kelahiran
    actor: Kepala Seksi Kelahiran dan Kematian
    requirements: [Data kelahiran tercatat]
    time: 30 menit
    output: Konsep akta terverifikasi
  - activity: Menandatangani akta kelahiran
    actor: Kepala Dinas
    requirements: [Konsep akta terverifikasi]
    time: 1 jam
    output: Akta kelahiran bertanda tangan
  - activity: Mencetak dan menyerahkan akta kelahiran kepada pemohon
    actor: Petugas Loket Pelayanan
    kind: end
    requirements: [Akta kelahiran bertanda tangan, Blangko akta]
    time: 10 menit
    output: Akta kelahiran diterima pemohon
  - activity: Mengembalikan berkas kepada pemohon untuk dilengkapi
    actor: Petugas Loket Pelayanan
    kind: end
    requirements: [Berkas permohonan tidak lengkap]
    time: 5 menit
    output: Pemohon mengetahui kekurangan berkas
"""

SOP_LEGALISASI = """\
title: Pelayanan Legalisasi Fotokopi Ijazah
unit: Dinas Pendidikan
dates: {created: "2018-06-20", revised: null, effective: null}
approval: {position: Kepala Dinas, name: "", nip: ""}
classification: {nature: administratif, scope: mikro, completeness: final,
                 generality: spesifik, activity: pelayanan}
legal_basis:
  - Peraturan Menteri Pendidikan dan Kebudayaan Nomor 29 Tahun 2014 tentang Pengesahan
    Fotokopi Ijazah/Surat Tanda Tamat Belajar
qualifications:
  - Mampu membedakan ijazah asli dan palsu
  - Memahami kewenangan pengesahan fotokopi ijazah
equipment: [Cap legalisasi, Buku register legalisasi]
warnings:
  - Fotokopi yang disahkan tanpa dicocokkan dengan aslinya dapat disalahgunakan
records: [Buku register legalisasi]
actors:
  - Petugas Loket Pelayanan
  - Kepala Seksi Peserta Didik
  - Kepala Bidang Pembinaan Sekolah Dasar
steps:
  - activity: Menerima permohonan legalisasi beserta ijazah asli dan fotokopinya
    actor: Petugas Loket Pelayanan
    kind: start
    requirements: [Ijazah asli, Fotokopi ijazah]
    time: 5 menit
    output: Permohonan tercatat dalam buku register
  - activity: Apakah fotokopi sesuai dengan ijazah asli?
    actor: Petugas Loket Pelayanan
    kind: decision
    requirements: [Ijazah asli, Fotokopi ijazah]
    time: 5 menit
    output: Fotokopi sudah dicocokkan
    if_no: 6
  - activity: Memaraf fotokopi ijazah yang sudah dicocokkan
    actor: Kepala Seksi Peserta Didik
    requirements: [Fotokopi ijazah yang sudah dicocokkan]
    time: 10 menit
    output: Fotokopi berparaf
  - activity: Menandatangani dan membubuhkan cap legalisasi
    actor: Kepala Bidang Pembinaan Sekolah Dasar
    requirements: [Fotokopi berparaf, Cap legalisasi]
    time: 15 menit
    output: Fotokopi ijazah terlegalisasi
  - activity: Menyerahkan fotokopi terlegalisasi kepada pemohon
    actor: Petugas Loket Pelayanan
    kind: end
    requirements: [Fotokopi ijazah terlegalisasi]
    time: 5 menit
    output: Fotokopi terlegalisasi diterima pemohon
  - activity: Mengembalikan berkas kepada pemohon dengan penjelasan
    actor: Petugas Loket Pelayanan
    kind: end
    requirements: [Berkas yang tidak sesuai]
    time: 5 menit
    output: Pemohon menerima penjelasan
"""

SOP_KGB = """\
title: Penerbitan Keputusan Kenaikan Gaji Berkala
unit: Badan Kepegawaian Daerah
dates: {created: "2018-06-20", revised: null, effective: null}
approval: {position: Kepala Badan, name: "", nip: ""}
classification: {nature: administratif, scope: mikro, completeness: final,
                 generality: spesifik, activity: rutin}
legal_basis:
  - Undang-Undang Nomor 5 Tahun 2014 tentang Aparatur Sipil Negara
  - Peraturan Pemerintah Nomor 7 Tahun 1977 tentang Peraturan Gaji Pegawai Negeri Sipil
    beserta perubahannya
qualifications:
  - Memahami ketentuan gaji dan masa kerja pegawai
  - Mampu mengoperasikan aplikasi SIMPEG
equipment: [Komputer, Aplikasi SIMPEG, Buku register keputusan]
warnings:
  - Keputusan yang terlambat membuat pegawai tidak menerima kenaikan gaji tepat waktu
records: [Daftar nominatif kenaikan gaji berkala, Buku register keputusan]
actors:
  - Pengelola Data Kepegawaian
  - Analis Kepegawaian
  - Kepala Bidang Mutasi
  - Sekretaris Badan
  - Kepala Badan
steps:
  - activity: Menarik daftar pegawai yang akan naik gaji berkala dari SIMPEG
    actor: Pengelola Data Kepegawaian
    kind: start
    requirements: [Data SIMPEG]
    time: 1 jam
    output: Daftar nominatif kenaikan gaji berkala
  - activity: Menyiapkan konsep keputusan kenaikan gaji berkala
    actor: Analis Kepegawaian
    requirements: [Daftar nominatif, Keputusan pangkat terakhir, Keputusan gaji berkala terakhir]
    time: 2 hari kerja
    output: Konsep keputusan
  - activity: Apakah konsep keputusan sudah benar?
    actor: Kepala Bidang Mutasi
    kind: decision
    requirements: [Konsep keputusan]
    time: 1 hari kerja
    output: Konsep keputusan terverifikasi
    if_no: 2
  - activity: Memaraf konsep keputusan
    actor: Sekretaris Badan
    requirements: [Konsep keputusan terverifikasi]
    time: 30 menit
    output: Konsep keputusan berparaf
  - activity: Menandatangani keputusan kenaikan gaji berkala
    actor: Kepala Badan
    requirements: [Konsep keputusan berparaf]
    time: 1 hari kerja
    output: Keputusan kenaikan gaji berkala
  - activity: Memberi nomor dan tanggal keputusan dalam buku register
    actor: Pengelola Data Kepegawaian
    requirements: [Keputusan kenaikan gaji berkala, Buku register keputusan]
    time: 15 menit
    output: Keputusan bernomor
  - activity: Menyampaikan salinan keputusan kepada pegawai, OPD, dan pengelola gaji
    actor: Pengelola Data Kepegawaian
    kind: end
    requirements: [Keputusan bernomor]
    time: 1 hari kerja
    output: Salinan keputusan diterima
"""

SOP_PPID = """\
title: Pelayanan Permohonan Informasi Publik
unit: Dinas Komunikasi dan Informatika
dates: {created: "2018-02-26", revised: null, effective: "2018-03-12"}
approval:
  position: Kepala Dinas
  name: Ir. Budi Santosa (contoh)
  nip: "196907221995031004"
classification: {nature: administratif, scope: mikro, completeness: final,
                 generality: spesifik, activity: pelayanan}
legal_basis:
  - Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik
  - Peraturan Komisi Informasi Nomor 1 Tahun 2010 tentang Standar Layanan Informasi Publik
qualifications:
  - Memahami daftar informasi publik dan informasi yang dikecualikan
  - Mampu melayani pemohon dengan ramah
equipment: [Komputer, Register permohonan informasi, Formulir permohonan informasi]
warnings:
  - Permohonan yang tidak dijawab dalam batas waktu dapat menjadi sengketa informasi
records: [Register permohonan informasi, Arsip jawaban permohonan]
actors:
  - Petugas Meja Layanan PPID
  - Kepala Seksi Pelayanan Informasi Publik
  - Sekretaris Dinas
steps:
  - activity: Menerima permohonan informasi publik dari pemohon
    actor: Petugas Meja Layanan PPID
    kind: start
    requirements: [Formulir permohonan informasi, Identitas pemohon]
    time: 10 menit
    output: Permohonan diterima
  - activity: Mencatat permohonan dalam register permohonan informasi
    actor: Petugas Meja Layanan PPID
    requirements: [Permohonan diterima]
    time: 5 menit
    output: Nomor register permohonan
  - activity: Apakah informasi yang diminta termasuk informasi yang dikecualikan?
    actor: Kepala Seksi Pelayanan Informasi Publik
    kind: decision
    requirements: [Daftar informasi yang dikecualikan]
    time: 1 hari kerja
    output: Status informasi diketahui
    if_yes: 7
    if_no: 4
  - activity: Menghimpun informasi dari bidang pengelola informasi
    actor: Kepala Seksi Pelayanan Informasi Publik
    requirements: [Nomor register permohonan]
    time: 5 hari kerja
    output: Informasi terhimpun
    note: Seluruh jawaban paling lambat 10 hari kerja sejak permohonan diterima
  - activity: Memeriksa dan menyetujui jawaban permohonan
    actor: Sekretaris Dinas
    requirements: [Informasi terhimpun]
    time: 1 hari kerja
    output: Jawaban disetujui
  - activity: Menyerahkan jawaban kepada pemohon dan mencatat penyelesaiannya
    actor: Petugas Meja Layanan PPID
    kind: end
    requirements: [Jawaban disetujui atau surat penolakan]
    time: 30 menit
    output: Jawaban diterima pemohon
  - activity: Menandatangani surat pemberitahuan penolakan beserta alasannya
    actor: Sekretaris Dinas
    requirements: [Konsep surat penolakan]
    time: 1 hari kerja
    output: Surat penolakan
    next: 6
"""

SOP_IZIN_BIDAN = """\
title: Penerbitan Rekomendasi Izin Praktik Bidan
unit: Dinas Kesehatan
dates: {created: "2017-08-21", revised: null, effective: "2017-09-04"}
approval:
  position: Kepala Dinas
  name: dr. Sri Mulyani, M.Kes. (contoh)
  nip: "196603171992032006"
classification: {nature: administratif, scope: mikro, completeness: parsial,
                 generality: spesifik, activity: pelayanan}
legal_basis:
  - Undang-Undang Nomor 36 Tahun 2014 tentang Tenaga Kesehatan
  - Peraturan Menteri Kesehatan Nomor 28 Tahun 2017 tentang Izin dan Penyelenggaraan Praktik Bidan
qualifications:
  - Memahami persyaratan izin praktik bidan
equipment: [Komputer, Formulir permohonan, Buku register rekomendasi]
warnings:
  - Rekomendasi tanpa peninjauan tempat praktik dapat membahayakan pasien
records: [Buku register rekomendasi, Berita acara peninjauan tempat praktik]
actors:
  - Petugas Loket Pelayanan
  - Kepala Seksi Sumber Daya Kesehatan
  - Kepala Dinas
steps:
  - activity: Menerima berkas permohonan rekomendasi izin praktik bidan
    actor: Petugas Loket Pelayanan
    kind: start
    requirements:
      - Formulir permohonan
      - Surat Tanda Registrasi bidan
      - Surat keterangan tempat praktik
    time: 10 menit
    output: Berkas permohonan diterima
  - activity: Apakah berkas permohonan lengkap?
    actor: Petugas Loket Pelayanan
    kind: decision
    requirements: [Berkas permohonan]
    time: 10 menit
    output: Berkas lengkap
    if_no: 7
  - activity: Memverifikasi berkas dan meninjau tempat praktik
    actor: Kepala Seksi Sumber Daya Kesehatan
    requirements: [Berkas lengkap]
    time: 1 hari kerja
    output: Berita acara peninjauan
  - activity: Menyiapkan konsep rekomendasi izin praktik
    actor: Kepala Seksi Sumber Daya Kesehatan
    requirements: [Berita acara peninjauan]
    time: 1 jam
    output: Konsep rekomendasi
  - activity: Menandatangani rekomendasi izin praktik
    actor: Kepala Dinas
    requirements: [Konsep rekomendasi]
    time: 1 hari kerja
    output: Rekomendasi izin praktik
  - activity: Menyerahkan rekomendasi kepada pemohon
    actor: Petugas Loket Pelayanan
    kind: end
    requirements: [Rekomendasi izin praktik]
    time: 10 menit
    output: Rekomendasi diterima pemohon
  - activity: Mengembalikan berkas kepada pemohon untuk dilengkapi
    actor: Petugas Loket Pelayanan
    kind: end
    requirements: [Berkas tidak lengkap]
    time: 10 menit
    output: Pemohon mengetahui kekurangan berkas
"""

SOP_PENGADUAN_V1 = """\
title: Pengelolaan Pengaduan Pelayanan Kesehatan
unit: Dinas Kesehatan
dates: {created: "2017-07-31", revised: null, effective: "2017-08-14"}
approval:
  position: Kepala Dinas
  name: dr. Sri Mulyani, M.Kes. (contoh)
  nip: "196603171992032006"
classification: {nature: administratif, scope: mikro, completeness: final,
                 generality: spesifik, activity: pelayanan}
legal_basis:
  - Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik
  - Peraturan Presiden Nomor 76 Tahun 2013 tentang Pengelolaan Pengaduan Pelayanan Publik
qualifications:
  - Mampu berkomunikasi dengan pengadu secara santun
equipment: [Komputer, Telepon pengaduan, Buku register pengaduan]
warnings:
  - Pengaduan yang tidak ditanggapi menurunkan kepercayaan masyarakat
records: [Buku register pengaduan, Arsip jawaban pengaduan]
actors:
  - Petugas Pengaduan
  - Sekretaris Dinas
  - Kepala Bidang Pelayanan Kesehatan
steps:
  - activity: Menerima pengaduan masyarakat melalui loket, telepon, atau media sosial
    actor: Petugas Pengaduan
    kind: start
    requirements: [Formulir pengaduan]
    time: 15 menit
    output: Pengaduan diterima
  - activity: Mencatat pengaduan dalam buku register pengaduan
    actor: Petugas Pengaduan
    requirements: [Pengaduan diterima, Buku register pengaduan]
    time: 10 menit
    output: Pengaduan tercatat
  - activity: Mendisposisikan pengaduan kepada bidang terkait
    actor: Sekretaris Dinas
    requirements: [Pengaduan tercatat]
    time: 1 hari kerja
    output: Disposisi pengaduan
  - activity: Menindaklanjuti pengaduan
    actor: Kepala Bidang Pelayanan Kesehatan
    requirements: [Disposisi pengaduan]
    time: 5 hari kerja
    output: Hasil tindak lanjut
  - activity: Menyampaikan jawaban kepada pengadu
    actor: Petugas Pengaduan
    kind: end
    requirements: [Hasil tindak lanjut]
    time: 1 hari kerja
    output: Jawaban diterima pengadu
"""

SOP_PENGADUAN_V2 = """\
title: Pengelolaan Pengaduan Pelayanan Kesehatan
unit: Dinas Kesehatan
dates: {created: "2017-07-31", revised: "2018-07-09", effective: null}
approval:
  position: Kepala Dinas
  name: dr. Sri Mulyani, M.Kes. (contoh)
  nip: "196603171992032006"
classification: {nature: administratif, scope: mikro, completeness: final,
                 generality: spesifik, activity: pelayanan}
legal_basis:
  - Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik
  - Peraturan Presiden Nomor 76 Tahun 2013 tentang Pengelolaan Pengaduan Pelayanan Publik
qualifications:
  - Mampu berkomunikasi dengan pengadu secara santun
  - Mengetahui kewenangan Dinas Kesehatan, puskesmas, dan rumah sakit
equipment: [Komputer, Telepon pengaduan, Buku register pengaduan]
warnings:
  - Pengaduan yang tidak ditanggapi menurunkan kepercayaan masyarakat
  - Pengaduan di luar kewenangan yang tidak diteruskan akan tertahan tanpa kejelasan
records: [Buku register pengaduan, Arsip jawaban pengaduan, Surat penerusan pengaduan]
actors:
  - Petugas Pengaduan
  - Sekretaris Dinas
  - Kepala Bidang Pelayanan Kesehatan
steps:
  - activity: Menerima pengaduan masyarakat melalui loket, telepon, atau media sosial
    actor: Petugas Pengaduan
    kind: start
    requirements: [Formulir pengaduan]
    time: 15 menit
    output: Pengaduan diterima
  - activity: Mencatat pengaduan dalam buku register pengaduan
    actor: Petugas Pengaduan
    requirements: [Pengaduan diterima, Buku register pengaduan]
    time: 10 menit
    output: Pengaduan tercatat
  - activity: Apakah pengaduan menjadi kewenangan Dinas Kesehatan?
    actor: Sekretaris Dinas
    kind: decision
    requirements: [Pengaduan tercatat]
    time: 1 jam
    output: Kewenangan penanganan diketahui
    if_no: 7
  - activity: Mendisposisikan pengaduan kepada bidang terkait
    actor: Sekretaris Dinas
    requirements: [Pengaduan tercatat]
    time: 1 hari kerja
    output: Disposisi pengaduan
  - activity: Menindaklanjuti pengaduan bersama puskesmas atau fasilitas kesehatan terkait
    actor: Kepala Bidang Pelayanan Kesehatan
    requirements: [Disposisi pengaduan]
    time: 3 hari kerja
    output: Hasil tindak lanjut
  - activity: Menyampaikan jawaban kepada pengadu
    actor: Petugas Pengaduan
    kind: end
    requirements: [Hasil tindak lanjut atau surat penerusan]
    time: 1 hari kerja
    output: Jawaban diterima pengadu
  - activity: Meneruskan pengaduan kepada instansi yang berwenang
    actor: Sekretaris Dinas
    requirements: [Pengaduan tercatat]
    time: 1 hari kerja
    output: Surat penerusan pengaduan
    next: 6
"""

SOP_KUNJUNGAN = """\
title: Pencatatan Manual Kunjungan Pasien Puskesmas
unit: Dinas Kesehatan
dates: {created: "2016-03-01", revised: null, effective: "2016-03-14"}
approval:
  position: Kepala Dinas
  name: dr. Sri Mulyani, M.Kes. (contoh)
  nip: "196603171992032006"
classification: {nature: administratif, scope: mikro, completeness: parsial,
                 generality: spesifik, activity: rutin}
legal_basis:
  - Peraturan Menteri Kesehatan Nomor 75 Tahun 2014 tentang Pusat Kesehatan Masyarakat
qualifications: [Teliti dalam mencatat data pasien]
equipment: [Buku register kunjungan, Kartu berobat]
warnings: [Rekap kunjungan yang keliru mengacaukan perencanaan obat]
records: [Buku register kunjungan, Rekap kunjungan bulanan]
actors:
  - Petugas Pendaftaran
  - Kepala Puskesmas
steps:
  - activity: Menerima kartu berobat pasien
    actor: Petugas Pendaftaran
    kind: start
    requirements: [Kartu berobat]
    time: 2 menit
    output: Pasien terdaftar
  - activity: Mencatat kunjungan pasien dalam buku register kunjungan
    actor: Petugas Pendaftaran
    requirements: [Buku register kunjungan]
    time: 3 menit
    output: Kunjungan tercatat
  - activity: Merekap kunjungan harian
    actor: Petugas Pendaftaran
    requirements: [Buku register kunjungan]
    time: 30 menit
    output: Rekap kunjungan harian
  - activity: Menandatangani rekap kunjungan bulanan
    actor: Kepala Puskesmas
    kind: end
    requirements: [Rekap kunjungan harian]
    time: 15 menit
    output: Rekap kunjungan bulanan
"""

SOP_KERAMAIAN = """\
title: Penerbitan Rekomendasi Izin Keramaian
unit: Kecamatan Wonosobo
dates: {created: "2018-07-09", revised: null, effective: null}
approval: {position: Camat, name: "", nip: ""}
classification: {nature: administratif, scope: mikro, completeness: parsial,
                 generality: spesifik, activity: pelayanan}
legal_basis:
  - Peraturan Pemerintah Nomor 17 Tahun 2018 tentang Kecamatan
qualifications: [Memahami persyaratan izin keramaian]
equipment: [Komputer, Buku register PATEN]
warnings: [Kegiatan tanpa rekomendasi dapat mengganggu ketertiban umum]
records: [Buku register PATEN, Arsip rekomendasi]
actors:
  - Petugas PATEN
  - Kepala Seksi Ketenteraman dan Ketertiban
  - Camat
steps:
  - activity: Menerima permohonan rekomendasi izin keramaian
    actor: Petugas PATEN
    kind: start
    requirements: [Surat permohonan, Surat pengantar desa atau kelurahan, Fotokopi KTP-el]
    time: 10 menit
    output: Permohonan tercatat
  - activity: Apakah persyaratan permohonan lengkap?
    actor: Petugas PATEN
    kind: decision
    requirements: [Permohonan tercatat]
    time: 5 menit
    output: Persyaratan lengkap
    if_no: 6
  - activity: Menelaah rencana kegiatan dan menyiapkan konsep rekomendasi
    actor: Kepala Seksi Ketenteraman dan Ketertiban
    requirements: [Permohonan lengkap]
    time: 1 hari kerja
    output: Konsep rekomendasi
  - activity: Menandatangani rekomendasi izin keramaian
    actor: Camat
    requirements: [Konsep rekomendasi]
    time: 1 jam
    output: Rekomendasi izin keramaian
  - activity: Menyerahkan rekomendasi kepada pemohon untuk diteruskan ke Polres
    actor: Petugas PATEN
    kind: end
    requirements: [Rekomendasi izin keramaian]
    time: 10 menit
    output: Rekomendasi diterima pemohon
  - activity: Mengembalikan permohonan untuk dilengkapi
    actor: Petugas PATEN
    kind: end
    requirements: [Permohonan tidak lengkap]
    time: 5 menit
    output: Pemohon mengetahui kekurangan persyaratan
"""


# ---------------------------------------------------------------------------------------------
# Tabel 6 rows
# ---------------------------------------------------------------------------------------------


def row(tugas: str, fungsi: str, uraian: str, kegiatan: str, output: str, aspek: str,
        activity: str, urgency: int, frequency: int, risk: int, source: str = "") -> NeedRow:
    title = f"{aspek.capitalize()} {output}"
    return NeedRow(id="", tugas=tugas, fungsi=fungsi, uraian_tugas=uraian, kegiatan=kegiatan,
                   output=output, aspek=aspek, title=title, activity=activity, source=source,
                   urgency=urgency, frequency=frequency, risk=risk)


T_DUKCAPIL = ("Melaksanakan urusan pemerintahan bidang administrasi kependudukan dan "
              "pencatatan sipil")
T_DINKES = "Melaksanakan urusan pemerintahan bidang kesehatan"
T_BKD = "Melaksanakan fungsi penunjang urusan pemerintahan bidang kepegawaian"
T_KEC = "Menyelenggarakan urusan pemerintahan umum di wilayah kecamatan"

NEEDS: dict[str, list[NeedRow]] = {
    "Dinas Kependudukan dan Pencatatan Sipil": [
        row(T_DUKCAPIL, "Pelayanan pendaftaran penduduk",
            "Menerbitkan dokumen pendaftaran penduduk",
            "Menerbitkan Kartu Keluarga baru dan perubahannya", "Kartu Keluarga", "penerbitan",
            "pelayanan", 3, 3, 2),
        row(T_DUKCAPIL, "Pelayanan pencatatan sipil",
            "Mencatat peristiwa kelahiran dan menerbitkan aktanya",
            "Menerbitkan akta kelahiran", "Akta Kelahiran", "penerbitan", "pelayanan", 3, 3, 3),
        row(T_DUKCAPIL, "Pelayanan pendaftaran penduduk",
            "Melayani perpindahan penduduk antardaerah",
            "Menerbitkan surat keterangan pindah", "Surat Keterangan Pindah", "penerbitan",
            "pelayanan", 2, 2, 2),
        row(T_DUKCAPIL, "Pengelolaan informasi administrasi kependudukan",
            "Menyajikan data kependudukan kepada pimpinan daerah",
            "Menyusun laporan data kependudukan semester", "Data Kependudukan Semester",
            "pelaporan", "rutin", 2, 1, 1),
    ],
    "Dinas Kesehatan": [
        row(T_DINKES, "Pembinaan sumber daya kesehatan",
            "Memproses rekomendasi izin praktik tenaga kesehatan",
            "Menerbitkan rekomendasi izin praktik bidan", "Rekomendasi Izin Praktik Bidan",
            "penerbitan", "pelayanan", 3, 2, 3, source="existing:1"),
        row(T_DINKES, "Pelayanan kesehatan",
            "Menangani pengaduan masyarakat atas pelayanan kesehatan",
            "Menerima, meneruskan, dan menjawab pengaduan", "Pengaduan Pelayanan Kesehatan",
            "pengelolaan", "pelayanan", 3, 2, 3, source="existing:2"),
        row(T_DINKES, "Perencanaan dan pelaporan program kesehatan",
            "Menyusun profil kesehatan kabupaten setiap tahun",
            "Menghimpun data puskesmas dan menyusun profil", "Profil Kesehatan Kabupaten",
            "penyusunan", "rutin", 2, 1, 2),
    ],
    "Badan Kepegawaian Daerah": [
        row(T_BKD, "Pengelolaan mutasi dan kepangkatan",
            "Memproses kenaikan gaji berkala pegawai",
            "Menyiapkan dan menerbitkan keputusan kenaikan gaji berkala",
            "Keputusan Kenaikan Gaji Berkala", "penerbitan", "rutin", 3, 3, 2),
        row(T_BKD, "Pengelolaan mutasi dan kepangkatan", "Memproses usul kenaikan pangkat",
            "Memverifikasi dan meneruskan usul kenaikan pangkat", "Usul Kenaikan Pangkat",
            "verifikasi", "rutin", 3, 2, 3),
        row(T_BKD, "Pengembangan kompetensi aparatur",
            "Merencanakan pengembangan kompetensi pegawai",
            "Menyusun rencana pengembangan kompetensi tahunan",
            "Rencana Pengembangan Kompetensi Pegawai", "penyusunan", "penugasan", 2, 1, 1),
    ],
    "Kecamatan Wonosobo": [
        row(T_KEC, "Penyelenggaraan ketenteraman dan ketertiban umum",
            "Memberi rekomendasi kegiatan masyarakat yang mengundang keramaian",
            "Menerbitkan rekomendasi izin keramaian", "Rekomendasi Izin Keramaian",
            "penerbitan", "pelayanan", 2, 3, 2),
        row(T_KEC, "Pelayanan administrasi terpadu kecamatan (PATEN)",
            "Melegalisasi dokumen warga", "Mencocokkan dan melegalisasi dokumen",
            "Legalisasi Dokumen", "pelayanan", "pelayanan", 2, 3, 1),
        row(T_KEC, "Pelayanan administrasi terpadu kecamatan (PATEN)",
            "Melayani perpindahan penduduk antardesa dalam kecamatan",
            "Menerbitkan surat keterangan pindah antardesa", "Surat Keterangan Pindah",
            "penerbitan", "pelayanan", 1, 2, 2),
        row(T_KEC, "Koordinasi perencanaan pembangunan",
            "Menyelenggarakan musyawarah perencanaan pembangunan kecamatan",
            "Menyusun laporan hasil Musrenbang kecamatan", "Hasil Musrenbang Kecamatan",
            "pelaporan", "penugasan", 2, 1, 1),
    ],
}
# The two existing-SOP rows of Dinas Kesehatan that needs rows point at ("existing:<n>" above is
# replaced by the real id of the n-th existing SOP).

EXISTING_DINKES = [
    ExistingSop("", "SOP Penerbitan Rekomendasi Izin Praktik Bidan (2017)", "revisi",
                "Monitoring semester I 2018: verifikasi berkas rata-rata 3 hari kerja, melebihi "
                "mutu baku 1 hari kerja"),
    ExistingSop("", "SOP Pengelolaan Pengaduan Pelayanan Kesehatan (2017)", "revisi",
                "Evaluasi 9 Juli 2018: dua dari tujuh pertanyaan dijawab Tidak"),
    ExistingSop("", "SOP Pencatatan Manual Kunjungan Pasien Puskesmas (2016)", "cabut",
                "Kunjungan pasien sudah dicatat melalui aplikasi SIMPUS"),
    ExistingSop("", "SOP Surat Masuk Dinas Kesehatan (2016)", "ganti",
                "Diganti SOP umum Pengelolaan Surat Masuk yang diadopsi semua OPD"),
    ExistingSop("", "SOP Pengelolaan Obat di Gudang Farmasi (2017)", "tetap",
                "Masih sesuai dan berjalan dengan baik"),
]


# ---------------------------------------------------------------------------------------------
# Sessions
# ---------------------------------------------------------------------------------------------


PLAN = "pendampingan-2-hari"

# What happened in each agenda item of day 1 (replaces the plan's notes for the facilitator).
DAY_ONE_OUTCOMES = [
    "Dibuka oleh Kepala Bagian Organisasi; tujuan dua hari dan hasil yang diharapkan disepakati.",
    "Lima tahap, lima simbol diagram alir, mutu baku, dan contoh SOP surat masuk.",
    "Lima OPD sudah punya SK tim; DPUPR dan Kecamatan Wonosobo menyusul.",
    "Tabel 6 terisi di empat OPD; judul SOP disusun dari aspek dan output.",
    "Dinas Kesehatan meninjau lima SOP lama; prioritas dipilih lewat suara tim; tumpang tindih "
    "Surat Keterangan Pindah ditemukan.",
]


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
    return dataclasses.replace(
        planned,
        agenda=agenda,
        state="ended",
        current_item=len(agenda) - 1,
        started_at="2018-07-09T08:05:00+07:00",
        ended_at="2018-07-09T15:55:00+07:00",
        attended_units=list(unit_slugs),
        attended_members=present,
        guests=["Perwakilan Bagian Organisasi Setda Kabupaten Wonosobo"],
        notes=(
            "Sebagian besar OPD masih memandang SOP hanya untuk pelayanan langsung kepada "
            "masyarakat. Fasilitator menegaskan bahwa setiap output unit, termasuk pekerjaan "
            "internal, memerlukan SOP. Tabel 6 terisi untuk Disdukcapil, Dinas Kesehatan, BKD, "
            "dan Kecamatan Wonosobo; OPD lain melanjutkan pada klinik. Dinas Kesehatan "
            "mengevaluasi SOP pengaduan dan memutuskan merevisinya."
        ),
        decisions=[
            f"SOP umum ({general}) diadopsi semua OPD dengan menyesuaikan nama jabatan "
            "masing-masing.",
            "Setiap OPD menyelesaikan paling sedikit satu SOP prioritas dari Tabel 6 pada hari "
            "kedua.",
            "Nomor SOP mengikuti pola penomoran naskah dinas masing-masing OPD.",
            "Dinas Kesehatan merevisi SOP Pengelolaan Pengaduan Pelayanan Kesehatan berdasarkan "
            "hasil evaluasi.",
        ],
        actions=[
            ActionItem("Mengirim bahan paparan sosialisasi kepada semua OPD", "", "2018-07-10",
                       True),
            ActionItem("Menyerahkan SK Tim Penyusun SOP yang sudah ditandatangani",
                       by_name["Dinas Pekerjaan Umum dan Penataan Ruang"], "2018-07-10"),
            ActionItem("Menyerahkan SK Tim Penyusun SOP yang sudah ditandatangani",
                       by_name["Kecamatan Wonosobo"], "2018-07-17"),
            ActionItem("Menyiapkan bahan uji coba SOP Penerbitan Kartu Keluarga",
                       by_name["Dinas Kependudukan dan Pencatatan Sipil"], "2018-07-10"),
            ActionItem("Melengkapi Tabel 6 untuk seluruh bidang", by_name["Dinas Pendidikan"],
                       "2018-07-24"),
        ],
        parking_lot=[
            "Usulan pola nomor SOP yang seragam se-Kabupaten Wonosobo dibahas dengan Bagian "
            "Organisasi Setda.",
            "Tumpang tindih penerbitan Surat Keterangan Pindah antara Disdukcapil dan Kecamatan "
            "Wonosobo: pembagian kewenangan diselaraskan pada klinik.",
        ],
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
        for i, m in enumerate(spec.members):
            member = store.add_member(unit.slug, m.name, nip=m.nip, position=m.position,
                                      role=m.role)
            member_ids[m.name] = member.id
            if i < spec.present:
                present.append(member.id)
        with _fixed_pin(spec.pin, unit.slug):
            pin = store.generate_pin(unit.slug)
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
    existing_ids = [store.add_existing_sop(dinkes, x).id for x in EXISTING_DINKES]
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
    from_need(dukcapil, 0, SOP_KK)

    # reviu, with review comments
    akta = from_need(dukcapil, 1, SOP_AKTA, status="reviu")
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
    from_need("Kecamatan Wonosobo", 0, SOP_KERAMAIAN)

    # uji coba, with trial notes (Dinas Pendidikan drafted it before the event)
    disdik = slug_of["Dinas Pendidikan"]
    legal = store.add_sop(disdik, sop_from_yaml(SOP_LEGALISASI), status="uji coba")

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
    kgb = from_need("Badan Kepegawaian Daerah", 0, SOP_KGB, status="uji coba")
    sign(store, bkd, kgb.id, kode="800", signed="2018-07-02",
         signer=Approval("Kepala Badan", "Drs. Haryanto Wibisono, M.Si. (contoh)",
                         "196805141994031007"))

    # diterapkan: approved, then socialised, trained and distributed (monev core)
    kominfo_spec = next(u for u in UNITS if u.name == "Dinas Komunikasi dan Informatika")
    kominfo = slug_of[kominfo_spec.name]
    ppid_number = fill_number(kominfo_spec.numbering, kode="555", seq=1,
                              short=kominfo_spec.short_name, year="2018", unit=kominfo_spec.name)
    ppid = store.add_sop(kominfo, sop_from_yaml(_yaml_with_number(SOP_PPID, ppid_number)),
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

    izin = from_need("Dinas Kesehatan", 0, _yaml_with_number(SOP_IZIN_BIDAN, dk_number(3, "2017")),
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
                          _yaml_with_number(SOP_PENGADUAN_V1, v1_number), status="disahkan")
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
    revised = sop_from_yaml(_yaml_with_number(SOP_PENGADUAN_V2, v1_number))

    def evaluate_and_revise(r: SopRecord) -> None:
        monev.evaluate(r, evaluation, author="Dwi Astuti (contoh)",
                       at="2018-07-09T15:20:00+07:00")
        # The team started the revision right away: the new decision step and shorter times.
        r.sop = revised

    store.update_record(dinkes, pengaduan.id, evaluate_and_revise, "sop.evaluate")

    # dicabut
    kunjungan = store.add_sop(
        dinkes, sop_from_yaml(_yaml_with_number(SOP_KUNJUNGAN, dk_number(11, "2016"))),
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

