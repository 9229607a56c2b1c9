"""The general SOP template library (templates/sop/*.yaml).

Every template is what a unit adopts as its starting draft, so each must load, pass every check
of the guideline with zero findings, survive a YAML round trip unchanged and stay generic (job
titles as actors, no unit-specific number, names or dates).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from workshop import cli
from workshop.duration import parse_duration
from workshop.model import Sop
from workshop.resources import sop_templates_dir
from workshop.rules import check_sop
from workshop.sopfile import dumps_sop, load_sop, loads_sop

TEMPLATE_DIR = sop_templates_dir()
TEMPLATE_FILES = sorted(TEMPLATE_DIR.glob("*.yaml"))

# The library as the facilitator promises it: file -> (title, category).
EXPECTED: dict[str, tuple[str, str]] = {
    "surat-masuk.yaml": ("Pengelolaan Surat Masuk", "Persuratan"),
    "surat-keluar.yaml": ("Pengelolaan Surat Keluar", "Persuratan"),
    "penerbitan-surat-tugas.yaml": ("Penerbitan Surat Tugas", "Persuratan"),
    "pelayanan-tamu.yaml": ("Pelayanan Tamu", "Persuratan"),
    "arsip-aktif.yaml": ("Pengelolaan Arsip Aktif", "Kearsipan"),
    "arsip-inaktif.yaml": ("Pemindahan Arsip Inaktif", "Kearsipan"),
    "pemusnahan-arsip.yaml": ("Pemusnahan Arsip", "Kearsipan"),
    "cuti-pegawai.yaml": ("Pemberian Cuti Pegawai", "Kepegawaian"),
    "kenaikan-gaji-berkala.yaml": ("Pengusulan Kenaikan Gaji Berkala", "Kepegawaian"),
    "kenaikan-pangkat.yaml": ("Pengusulan Kenaikan Pangkat", "Kepegawaian"),
    "penilaian-kinerja-pegawai.yaml": ("Penilaian Kinerja Pegawai", "Kepegawaian"),
    "perjalanan-dinas.yaml": ("Pelaksanaan Perjalanan Dinas", "Keuangan"),
    "pengajuan-pembayaran-ls.yaml": ("Pengajuan Pembayaran LS", "Keuangan"),
    "pengajuan-pembayaran-up.yaml": ("Pengajuan Pembayaran UP", "Keuangan"),
    "rapat-dinas.yaml": ("Penyelenggaraan Rapat Dinas", "Persuratan"),
    "pengadaan-langsung.yaml": ("Pengadaan Langsung Barang/Jasa", "Pengadaan"),
    "permintaan-atk.yaml": ("Permintaan Alat Tulis Kantor", "Persediaan"),
    "pelaporan-persediaan.yaml": ("Penyusunan Laporan Persediaan", "Persediaan"),
    "pengaduan-masyarakat.yaml": ("Pengelolaan Pengaduan Masyarakat", "Layanan"),
    "pelayanan-informasi-publik.yaml": ("Pelayanan Informasi Publik", "Layanan"),
    "penyusunan-renja.yaml": ("Penyusunan Rencana Kerja Perangkat Daerah", "Perencanaan"),
    "pelaporan-kinerja.yaml": ("Penyusunan Laporan Kinerja", "Perencanaan"),
}

CATEGORIES = {
    "Persuratan",
    "Kearsipan",
    "Kepegawaian",
    "Keuangan",
    "Persediaan",
    "Layanan",
    "Perencanaan",
    "Pengadaan",
}

PERMENPAN_35_2012 = (
    "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 35 Tahun 2012 "
    "tentang Pedoman Penyusunan Standar Operasional Prosedur Administrasi Pemerintahan"
)

# "<Jenis peraturan> Nomor <nomor> Tahun <yyyy> tentang <judul>"; the number may be "113/PMK.05".
LEGAL_BASIS = re.compile(
    r"(Undang-Undang|Peraturan Pemerintah|Peraturan Presiden|Peraturan Menteri [A-Za-z ,-]+"
    r"|Peraturan Badan Kepegawaian Negara|Peraturan Komisi Informasi"
    r"|Peraturan Kepala Arsip Nasional Republik Indonesia"
    r"|Peraturan Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah)"
    r" Nomor [0-9A-Z./]+ Tahun (19|20)\d\d tentang \S.*"
)

# A person rather than a job title: honorifics, academic degrees, digits (NIP), commas.
PERSON_LIKE = re.compile(r"\d|,|\.|\b(Bapak|Ibu|Bpk|Sdr|Sdri|Drs?|Ir|Hj?)\b")


def _id(path: Path) -> str:
    return path.name


@pytest.fixture(scope="module")
def templates() -> dict[str, Sop]:
    return {p.name: load_sop(p) for p in TEMPLATE_FILES}


@pytest.fixture(scope="module")
def titles(templates: dict[str, Sop]) -> list[str]:
    return [sop.title for sop in templates.values()]


def test_library_has_the_promised_templates(templates: dict[str, Sop]) -> None:
    assert len(templates) >= len(EXPECTED)
    for name, (title, category) in EXPECTED.items():
        assert name in templates, f"berkas templat hilang: {name}"
        assert templates[name].title == title
        assert templates[name].category == category


def test_titles_are_unique(titles: list[str]) -> None:
    assert len(titles) == len(set(titles))


def test_file_names_are_kebab_case() -> None:
    for path in TEMPLATE_FILES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*\.yaml", path.name), path.name


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=_id)
def test_template_passes_every_check(path: Path, titles: list[str]) -> None:
    sop = load_sop(path)
    findings = check_sop(sop, known_titles=titles)
    shown = [f"{f.severity} langkah {f.step} {f.field}: {f.message}" for f in findings]
    assert shown == []


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=_id)
def test_template_round_trips_through_yaml(path: Path) -> None:
    sop = load_sop(path)
    text = dumps_sop(sop)
    again = loads_sop(text, path=str(path))
    assert again == sop
    assert dumps_sop(again) == text
    assert f"category: {sop.category}\n" in text


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=_id)
def test_template_identity_is_generic_and_complete(path: Path) -> None:
    sop = load_sop(path)
    assert sop.category in CATEGORIES
    assert sop.number == ""
    assert sop.unit == ""
    assert (sop.dates.created, sop.dates.revised, sop.dates.effective) == (None, None, None)
    assert sop.approval.position == "Kepala OPD"
    assert (sop.approval.name, sop.approval.nip) == ("", "")
    c = sop.classification
    assert (c.nature, c.scope, c.completeness, c.generality) == (
        "administratif",
        "mikro",
        "final",
        "generik",
    )
    assert c.activity in ("pelayanan", "rutin", "penugasan")
    for box in ("legal_basis", "qualifications", "equipment", "warnings", "records"):
        assert getattr(sop, box), f"{path.name}: kotak {box} kosong"
    assert PERMENPAN_35_2012 in sop.legal_basis
    for basis in sop.legal_basis:
        assert LEGAL_BASIS.fullmatch(basis), basis


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=_id)
def test_actors_are_positions(path: Path) -> None:
    sop = load_sop(path)
    for actor in sop.actors:
        assert not PERSON_LIKE.search(actor), f"{path.name}: {actor!r} bukan nama jabatan"
        assert actor[0].isupper()
    assert len(sop.actors) == len(set(sop.actors))
    assert {s.actor for s in sop.steps} == set(sop.actors)


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=_id)
def test_flow_fits_a_landscape_page_with_measured_steps(path: Path) -> None:
    sop = load_sop(path)
    assert len(sop.actors) <= 7
    assert 8 <= len(sop.steps) <= 15
    assert sop.steps[0].kind == "start"
    assert sop.steps[-1].kind == "end"
    for number, step in enumerate(sop.steps, start=1):
        assert step.requirements, f"{path.name} langkah {number}: kelengkapan kosong"
        assert step.output, f"{path.name} langkah {number}: output kosong"
        assert parse_duration(step.time) > 0, f"{path.name} langkah {number}: {step.time!r}"


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=_id)
def test_decision_is_a_question_with_a_real_tidak_branch(path: Path) -> None:
    sop = load_sop(path)
    decisions = [(n, s) for n, s in enumerate(sop.steps, start=1) if s.kind == "decision"]
    assert decisions, f"{path.name}: tidak ada langkah keputusan"
    for number, step in decisions:
        assert step.activity.startswith("Apakah ") and step.activity.endswith("?")
        assert step.if_no is not None
        yes = step.if_yes if step.if_yes is not None else number + 1
        assert step.if_no != yes
        assert step.if_no != number
        target = sop.step(step.if_no)
        assert target.kind in ("start", "process"), f"{path.name}: Tidak ke {target.kind}"


def test_payment_is_two_flows_ls_and_up(templates: dict[str, Sop]) -> None:
    assert "pengajuan-pembayaran.yaml" not in templates
    ls, up = templates["pengajuan-pembayaran-ls.yaml"], templates["pengajuan-pembayaran-up.yaml"]
    assert all("UP" not in step.activity for step in ls.steps)
    assert all("LS" not in step.activity for step in up.steps)


def test_related_names_only_library_titles(templates: dict[str, Sop], titles: list[str]) -> None:
    for name, sop in templates.items():
        for title in sop.related:
            assert title in titles, f"{name}: keterkaitan {title!r} tidak ada di pustaka"
            assert title != sop.title


def test_check_command_reports_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    status = cli.main(["check", str(TEMPLATE_DIR), "--format", "json"])
    out = capsys.readouterr().out
    assert json.loads(out) == []
    assert status == 0


def test_check_command_text_says_no_findings(capsys: pytest.CaptureFixture[str]) -> None:
    status = cli.main(["check", str(TEMPLATE_DIR)])
    out = capsys.readouterr().out
    assert status == 0
    assert "tidak ada kesalahan maupun peringatan" in out
    assert f"{len(TEMPLATE_FILES)} SOP diperiksa" in out
