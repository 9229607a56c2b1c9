"""rules.check_sop: every check fails on a flawed SOP and passes on its corrected twin."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from workshop import resources
from workshop.model import Sop, Step
from workshop.pedoman import load_pedoman
from workshop.rules import PRINCIPLE_OF, Finding, check_sop
from workshop.sopfile import load_sop, loads_sop

ACTORS = ["Pengadministrasi Umum", "Kasubbag Umum", "Sekretaris"]


def good_sop() -> Sop:
    """A small SOP without any finding: start, decision, processes, two ends."""
    return Sop(
        title="Pengelolaan Surat Masuk",
        legal_basis=["Peraturan Menteri PAN-RB Nomor 35 Tahun 2012"],
        qualifications=["Memahami tata naskah dinas"],
        related=["Pengelolaan Surat Keluar"],
        equipment=["Komputer", "Buku agenda"],
        warnings=["Surat terlambat ditindaklanjuti"],
        records=["Buku agenda", "Lembar disposisi"],
        actors=list(ACTORS),
        steps=[
            Step("Menerima surat masuk", ACTORS[0], "start", ["Surat masuk"], "5 menit", "Surat"),
            Step("Apakah alamat surat benar?", ACTORS[0], "decision", if_no=5),
            Step(
                "Mencatat surat dalam buku agenda",
                ACTORS[1],
                "process",
                ["Surat"],
                "10 menit",
                "Surat tercatat",
            ),
            Step(
                "Mendisposisikan surat", ACTORS[2], "end", ["Surat tercatat"], "1 jam", "Disposisi"
            ),
            Step(
                "Mengembalikan surat kepada pengirim",
                ACTORS[0],
                "end",
                ["Surat"],
                "5 menit",
                "Surat kembali",
            ),
        ],
    )


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def test_good_sop_has_no_findings() -> None:
    assert check_sop(good_sop()) == []


Mutation = Callable[[Sop], object]


def _set_step(n: int, **fields: object) -> Mutation:
    def apply(sop: Sop) -> None:
        for name, value in fields.items():
            setattr(sop.steps[n - 1], name, value)

    return apply


def _set(**fields: object) -> Mutation:
    def apply(sop: Sop) -> None:
        for name, value in fields.items():
            setattr(sop, name, value)

    return apply


def _both(*mutations: Mutation) -> Mutation:
    def apply(sop: Sop) -> None:
        for m in mutations:
            m(sop)

    return apply


def _append_step(step: Step) -> Mutation:
    return lambda sop: sop.steps.append(step)


def _many_steps(count: int) -> Mutation:
    def apply(sop: Sop) -> None:
        extra = [
            Step(f"Memeriksa berkas {i}", ACTORS[1], "process", ["Berkas"], "5 menit", "Hasil")
            for i in range(count)
        ]
        sop.steps[3:3] = extra
        sop.steps[1].if_no = len(sop.steps)

    return apply


def _many_actors(count: int) -> Mutation:
    def apply(sop: Sop) -> None:
        names = [f"Kepala Seksi {i}" for i in range(count)]
        sop.actors.extend(names)
        for i, name in enumerate(names):
            sop.steps.insert(
                3 + i, Step(f"Memaraf konsep {i}", name, "process", ["Konsep"], "5 menit", "Paraf")
            )
        sop.steps[1].if_no = len(sop.steps)

    return apply


# (code, severity, step, field, flawed, corrected). The corrected twin differs only in the
# detail that the check looks at, so each check has a failing and a passing case.
CASES: list[tuple[str, str, int | None, str | None, Mutation, Mutation]] = [
    ("no-title", "error", None, "title", _set(title="  "), _set(title="Surat Masuk")),
    ("no-actors", "error", None, "actors", _set(actors=[]), _set(actors=list(ACTORS))),
    ("no-steps", "error", None, "steps", _set(steps=[]), lambda s: None),
    (
        "actor-unknown",
        "error",
        3,
        "steps.3.actor",
        _set_step(3, actor="Kasubag Umum"),
        _set_step(3, actor="Kasubbag Umum"),
    ),
    (
        "actor-unknown",
        "error",
        3,
        "steps.3.actor",
        _set_step(3, actor=""),
        _set_step(3, actor="Sekretaris"),
    ),
    (
        "decision-branch-missing",
        "error",
        2,
        "steps.2.if_no",
        _set_step(2, if_no=None),
        _set_step(2, if_no=4),
    ),
    (
        "decision-branch-missing",
        "error",
        6,
        "steps.6.if_yes",
        _append_step(Step("Apakah sudah lengkap?", ACTORS[0], "decision", if_no=1)),
        _append_step(Step("Apakah sudah lengkap?", ACTORS[0], "decision", if_yes=5, if_no=1)),
    ),
    (
        "branch-target-missing",
        "error",
        2,
        "steps.2.if_no",
        _set_step(2, if_no=9),
        _set_step(2, if_no=5),
    ),
    (
        "branch-target-missing",
        "error",
        3,
        "steps.3.next",
        _set_step(3, next=0),
        _set_step(3, next=4),
    ),
    (
        "first-not-start",
        "error",
        1,
        "steps.1.kind",
        _set_step(1, kind="process"),
        _set_step(1, kind="start"),
    ),
    (
        "no-end",
        "error",
        None,
        "steps",
        _both(_set_step(4, kind="process"), _set_step(5, kind="process", next=1)),
        _both(_set_step(4, kind="process"), _set_step(5, kind="end")),
    ),
    (
        "step-unreachable",
        "error",
        5,
        None,
        _set_step(2, if_no=4),
        _set_step(2, if_no=5),
    ),
    (
        "step-dead-end",
        "error",
        3,
        None,
        _set_step(3, next=3),
        _set_step(3, next=4),
    ),
    (
        "time-invalid",
        "error",
        3,
        "steps.3.time",
        _set_step(3, time="sebentar"),
        _set_step(3, time="2 HK"),
    ),
    (
        "time-invalid",
        "error",
        2,
        "steps.2.time",
        _set_step(2, time="5"),
        _set_step(2, time="5 menit"),
    ),
    (
        "activity-empty",
        "error",
        3,
        "steps.3.activity",
        _set_step(3, activity=" "),
        _set_step(3, activity="Mencatat surat"),
    ),
    (
        "kind-unknown",
        "error",
        3,
        "steps.3.kind",
        _set_step(3, kind="proses"),
        _set_step(3, kind="process"),
    ),
    (
        "activity-not-active",
        "warning",
        3,
        "steps.3.activity",
        _set_step(3, activity="Surat dicatat dalam buku agenda"),
        _set_step(3, activity="Mencatat surat dalam buku agenda"),
    ),
    (
        "activity-not-active",
        "warning",
        3,
        "steps.3.activity",
        _set_step(3, activity="Kasubbag Umum mencatat surat"),
        _set_step(3, activity="Mengagendakan surat"),
    ),
    (
        "activity-not-active",
        "warning",
        1,
        "steps.1.activity",
        _set_step(1, activity="Menteri menerima surat"),
        _set_step(1, activity="Berkoordinasi dengan bidang"),
    ),
    (
        "decision-not-question",
        "warning",
        2,
        "steps.2.activity",
        _set_step(2, activity="Alamat surat benar"),
        _set_step(2, activity="Alamat surat benar?"),
    ),
    (
        "decision-not-question",
        "warning",
        2,
        "steps.2.activity",
        _set_step(2, activity="Cek alamat"),
        _set_step(2, activity="Apakah alamat benar"),
    ),
    (
        "requirements-missing",
        "warning",
        3,
        "steps.3.requirements",
        _set_step(3, requirements=[""]),
        _set_step(3, requirements=["Surat"]),
    ),
    (
        "time-missing",
        "warning",
        4,
        "steps.4.time",
        _set_step(4, time=""),
        _set_step(4, time="1 hari kerja"),
    ),
    (
        "output-missing",
        "warning",
        1,
        "steps.1.output",
        _set_step(1, output=" "),
        _set_step(1, output="Surat diterima"),
    ),
    (
        "identity-empty",
        "warning",
        None,
        "legal_basis",
        _set(legal_basis=[]),
        _set(legal_basis=["UU 43/2009"]),
    ),
    (
        "identity-empty",
        "warning",
        None,
        "qualifications",
        _set(qualifications=[]),
        _set(qualifications=["Teliti"]),
    ),
    (
        "identity-empty",
        "warning",
        None,
        "equipment",
        _set(equipment=[""]),
        _set(equipment=["Komputer"]),
    ),
    ("identity-empty", "warning", None, "warnings", _set(warnings=[]), _set(warnings=["Hilang"])),
    ("identity-empty", "warning", None, "records", _set(records=[]), _set(records=["Agenda"])),
    (
        "actor-unused",
        "warning",
        None,
        "actors",
        _set(actors=[*ACTORS, "Kepala Dinas"]),
        _set(actors=list(ACTORS)),
    ),
    (
        "actor-duplicate",
        "warning",
        None,
        "actors",
        _set(actors=[*ACTORS, "sekretaris "]),
        _set(actors=list(ACTORS)),
    ),
    (
        "actor-person-name",
        "warning",
        None,
        "actors",
        _both(_set(actors=[*ACTORS[:2], "Drs. Bambang"]), _set_step(4, actor="Drs. Bambang")),
        _both(_set(actors=[*ACTORS[:2], "Kepala Dinas"]), _set_step(4, actor="Kepala Dinas")),
    ),
    ("too-many-actors", "warning", None, "actors", _many_actors(5), _many_actors(4)),
    ("too-many-steps", "warning", None, "steps", _many_steps(16), _many_steps(15)),
    (
        "start-extra",
        "warning",
        3,
        "steps.3.kind",
        _set_step(3, kind="start"),
        _set_step(3, kind="process"),
    ),
    (
        "decision-same-branches",
        "warning",
        2,
        "steps.2.if_no",
        _set_step(2, if_no=3),
        _set_step(2, if_no=5),
    ),
    (
        "branch-ignored",
        "warning",
        3,
        "steps.3.if_no",
        _set_step(3, if_no=5),
        _set_step(3, if_no=None),
    ),
    (
        "branch-ignored",
        "warning",
        2,
        "steps.2.next",
        _set_step(2, next=4),
        _set_step(2, next=None),
    ),
]


@pytest.mark.parametrize(
    ("code", "severity", "step", "field", "flawed", "corrected"),
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_check_fails_and_passes(
    code: str,
    severity: str,
    step: int | None,
    field: str | None,
    flawed: Mutation,
    corrected: Mutation,
) -> None:
    bad = good_sop()
    flawed(bad)
    found = [f for f in check_sop(bad) if f.code == code]
    assert found, f"{code} not reported: {codes(check_sop(bad))}"
    f = found[0]
    assert (f.severity, f.step, f.field) == (severity, step, field)
    assert f.principle in {p.name for p in load_pedoman().principles}
    if code in PRINCIPLE_OF:
        assert f.principle == load_pedoman().principle(PRINCIPLE_OF[code]).name
    assert f.message.endswith((".", '".', "?"))
    ok = good_sop()
    corrected(ok)
    assert code not in codes(check_sop(ok)), check_sop(ok)


def test_related_unknown_only_with_known_titles() -> None:
    sop = good_sop()
    assert "related-unknown" not in codes(check_sop(sop))
    found = check_sop(sop, known_titles=["Pengelolaan Arsip Aktif"])
    assert codes(found) == ["related-unknown"]
    assert found[0].principle == "keselarasan"
    assert '"Pengelolaan Surat Keluar"' in found[0].message
    assert check_sop(sop, known_titles=["pengelolaan  surat keluar"]) == []


def test_identity_boxes_carry_their_principles() -> None:
    sop = good_sop()
    sop.legal_basis = []
    sop.records = []
    found = {f.field: f for f in check_sop(sop)}
    assert found["legal_basis"].principle == "kepatuhan hukum"
    assert 'Kotak "Dasar Hukum" masih kosong' in found["legal_basis"].message
    assert found["records"].principle == "keterukuran"


def test_messages_name_what_is_wrong() -> None:
    sop = good_sop()
    sop.steps[2].actor = "Kasubag Umum"
    sop.steps[1].if_no = 12
    messages = [f.message for f in check_sop(sop)]
    assert any(
        '"Kasubag Umum" tidak ada dalam daftar pelaksana' in m
        and 'mungkin maksudnya "Kasubbag Umum"' in m
        for m in messages
    )
    assert any("ke langkah 12 yang tidak ada" in m and "1 sampai 5" in m for m in messages)


def test_subject_is_named_in_the_message() -> None:
    sop = good_sop()
    sop.steps[2].activity = "Kasubbag Umum mencatat surat"
    (f,) = check_sop(sop)
    assert 'diawali subjek "Kasubbag Umum"' in f.message


def test_decision_needs_no_mutu_baku_and_bare_terminators_need_nothing() -> None:
    sop = good_sop()
    sop.steps.insert(
        0, Step("Mulai", ACTORS[0], "start")
    )  # a bare capsule before the first activity
    sop.steps[1].kind = "process"
    sop.steps[2].if_no = 6
    assert check_sop(sop) == []


@pytest.mark.parametrize(
    "actor",
    [
        "Kepala Dinas",
        "Kasubbag Umum dan Kepegawaian",
        "Pejabat Pembuat Komitmen (PPK)",
        "Direktur RSUD dr. Soedjono",
        "Kepala Bidang Sarana, Prasarana",
        "Kepala Dinas P.U.",
        "Bendahara Pengeluaran",
        "Pemohon",
    ],
)
def test_positions_are_not_taken_for_names(actor: str) -> None:
    sop = good_sop()
    sop.actors[2] = actor
    sop.steps[3].actor = actor
    assert "actor-person-name" not in codes(check_sop(sop))


@pytest.mark.parametrize(
    "actor", ["Bapak Sutrisno", "Ibu Ani", "H. Ahmad", "Budi Santoso, S.E.", "Siti, M.Si"]
)
def test_names_are_found(actor: str) -> None:
    sop = good_sop()
    sop.actors[2] = actor
    sop.steps[3].actor = actor
    assert "actor-person-name" in codes(check_sop(sop))


def test_sorted_errors_first_then_by_step() -> None:
    sop = good_sop()
    sop.steps[3].time = ""  # warning, step 4
    sop.steps[2].activity = "Surat dicatat"  # warning, step 3
    sop.steps[4].actor = "Tidak Ada"  # error, step 5
    sop.steps[0].kind = "process"  # error, step 1
    sop.legal_basis = []  # warning, no step
    sop.title = ""  # error, no step
    found = [(f.severity, f.step) for f in check_sop(sop)]
    assert found == [
        ("error", None),
        ("error", 1),
        ("error", 5),
        ("warning", None),
        ("warning", 3),
        ("warning", 4),
    ]


def test_dead_ends_are_not_repeated_without_an_end() -> None:
    sop = good_sop()
    for step in sop.steps:
        if step.kind == "end":
            step.kind = "process"
    found = codes(check_sop(sop))
    assert "no-end" in found
    assert "step-dead-end" not in found


SOP_YAML = """\
format: sop-ap/1
title: Permintaan ATK
legal_basis: [Peraturan Bupati tentang Pengelolaan Barang]
qualifications: [Memahami tata kelola persediaan]
equipment: [Formulir permintaan]
warnings: [Persediaan habis tanpa tercatat]
records: [Kartu persediaan]
actors:
  - Pemohon
  - Kasubbag Umum
  - Pengurus Barang
steps:
  - activity: Mengisi formulir permintaan ATK
    actor: Pemohon
    kind: start
    requirements: [Formulir permintaan]
    time: 5 menit
    output: Formulir terisi
  - activity: Kasubbag menyetujui permintaan?
    actor: Kasubbag Umum
    kind: decision
    if_no: 1
  - activity: Menyerahkan ATK
    actor: Pengurus barang
    kind: end
    requirements: [Formulir disetujui]
    time: 10 mnt
    output: ATK diterima
"""


def _line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if fragment in line)


def test_lines_on_loaded_files() -> None:
    sop = loads_sop(SOP_YAML, "atk.yaml")
    found = {f.code: f for f in check_sop(sop)}
    assert found["actor-unknown"].line == _line_of(SOP_YAML, "actor: Pengurus barang") == 24
    assert found["actor-unknown"].step == 3
    assert found["actor-unused"].line == _line_of(SOP_YAML, "- Pengurus Barang") == 11
    assert found["actor-unused"].field == "actors"
    assert "decision-not-question" not in found  # it ends with "?"


def test_line_of_missing_mutu_baku_is_the_step() -> None:
    text = SOP_YAML.replace("    time: 10 mnt\n", "")
    sop = loads_sop(text, "atk.yaml")
    (f,) = [f for f in check_sop(sop) if f.code == "time-missing"]
    assert f.line == _line_of(text, "- activity: Menyerahkan ATK") == 23


def _templates() -> list[Path]:
    return sorted(resources.sop_templates_dir().glob("*.yaml"))


@pytest.mark.parametrize("path", _templates(), ids=lambda p: p.stem)
def test_shipped_templates_have_no_findings(path: Path) -> None:
    assert check_sop(load_sop(path)) == []


def big_sop(steps: int = 60, actors: int = 6) -> Sop:
    names = [f"Pejabat {i}" for i in range(actors)]
    out: list[Step] = []
    for i in range(1, steps + 1):
        kind = "start" if i == 1 else "end" if i == steps else "process"
        if kind == "process" and i % 5 == 0:
            out.append(
                Step(f"Apakah berkas {i} lengkap?", names[i % actors], "decision", if_no=i - 2)
            )
            continue
        out.append(
            Step(f"Memeriksa berkas {i}", names[i % actors], kind, ["Berkas"], "10 menit", "Hasil")
        )
    return Sop(
        title="SOP besar",
        legal_basis=["Perbup"],
        qualifications=["Teliti"],
        equipment=["Komputer"],
        warnings=["Terlambat"],
        records=["Agenda"],
        actors=names,
        steps=out,
    )


def test_sixty_step_sop_is_checked_well_under_16_ms() -> None:
    sop = big_sop()
    assert codes(check_sop(sop)) == ["too-many-steps"]
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(20):
            check_sop(sop)
        best = min(best, (time.perf_counter() - start) / 20)
    assert best < 0.016 / 4, f"{best * 1000:.2f} ms"
