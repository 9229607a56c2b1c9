"""The demo workshop: what a facilitator gets from ``sop-workshop demo``.

One fresh copy is made with ``create_demo`` for the module; every test reads it through the
store, as the app does.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from workshop import demo, resources
from workshop.cli import main as cli_main
from workshop.model import MONITORING_ASSESSMENTS, SOP_STATUSES, SopRecord
from workshop.pedoman import load_pedoman
from workshop.rules import ERROR, check_sop
from workshop.sesi import plans
from workshop.stages.kebutuhan import needs
from workshop.store import Store, StoreError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "(contoh)"


def _hash_tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def shipped_before() -> dict[str, str]:
    return _hash_tree(demo.demo_bundle_dir())


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, shipped_before: dict[str, str]) -> Store:
    target = tmp_path_factory.mktemp("demo") / "wonosobo"
    demo.create_demo(target)
    return Store.open(target)


def _all_records(store: Store) -> list[tuple[str, SopRecord]]:
    return [(u.slug, r) for u in store.units() for r in store.sops(u.slug)]


# -- the event, units and teams ---------------------------------------------------------------


def test_event_is_the_wonosobo_workshop(store: Store) -> None:
    event = store.event()
    assert "Kabupaten Wonosobo" in event.title
    assert event.organiser == "Biro Organisasi Setda Provinsi Jawa Tengah"
    assert event.host_government == "Pemerintah Kabupaten Wonosobo"
    assert event.venue == "Ruang Cokrohadisuryo Setda Kabupaten Wonosobo"
    assert (event.start_date, event.end_date) == ("2018-07-09", "2018-07-10")
    assert len(event.facilitators) == 2


def test_at_least_six_units_each_with_a_team_led_by_a_ketua(store: Store) -> None:
    units = store.units()
    assert len(units) >= 6
    for unit in units:
        team = store.members(unit.slug)
        roles = [m.role for m in team]
        assert roles.count("ketua") == 1, unit.name
        assert "sekretaris" in roles, unit.name
        assert unit.short_name and unit.head_position and unit.numbering, unit.name
        assert unit.team_model in ("internal", "eksternal", "gabungan"), unit.name


def test_team_nips_are_eighteen_digits_or_empty_for_outside_members(store: Store) -> None:
    for member in store.members():
        assert member.nip == "" or re.fullmatch(r"\d{18}", member.nip), member
        if not member.nip:
            assert "pihak luar" in member.position


def test_readiness_varies_between_units(store: Store) -> None:
    known = {item.id for item in load_pedoman().readiness}
    counts = {len(u.readiness) for u in store.units()}
    assert len(counts) >= 3
    for unit in store.units():
        assert set(unit.readiness) <= known, unit.name


def test_every_unit_has_the_pin_written_in_the_guide(store: Store) -> None:
    guide = (ROOT / "docs" / "panduan.md").read_text(encoding="utf-8")
    pins = dict(re.findall(r"^\| ([^|]+?) \| `(\d{6})` \|", guide, re.MULTILINE))
    units = store.units()
    assert {u.name for u in units} <= set(pins), "panduan.md must list the PIN of every unit"
    for unit in units:
        assert store.verify_pin(unit.slug, pins[unit.name]), unit.name
        assert not store.verify_pin(unit.slug, "000000")


# -- sessions ---------------------------------------------------------------------------------


def test_two_sessions_day_one_ended_with_minutes_day_two_planned(store: Store) -> None:
    sessions = store.sessions()
    assert [s.date for s in sessions] == ["2018-07-09", "2018-07-10"]
    day1, day2 = sessions
    assert day1.state == "ended" and day1.started_at and day1.ended_at
    assert len(day1.attended_units) == len(store.units())
    assert day1.attended_members and day1.notes
    assert day1.decisions and day1.actions
    assert any(a.unit for a in day1.actions) and any(a.done for a in day1.actions)
    assert day2.state == "planned" and not day2.attended_members


def test_agendas_follow_the_two_day_plan_with_stage_ids(store: Store) -> None:
    stage_ids = {s.id for s in load_pedoman().stages}
    day1, day2 = store.sessions()
    for session in (day1, day2):
        assert session.agenda
        for item in session.agenda:
            assert item.stage in stage_ids and item.minutes > 0, item
    assert [i.stage for i in day1.agenda][:1] == ["persiapan"]
    assert "kebutuhan" in {i.stage for i in day1.agenda}
    titles = " ".join(i.title for i in day1.agenda).lower()
    assert "sosialisasi" in titles and "tabel 6" in titles
    assert {i.stage for i in day2.agenda} >= {"pengembangan", "penerapan"}
    plan = plans.load_plan("pendampingan-2-hari")
    for session, planned in zip((day1, day2), plan.sessions, strict=True):
        assert session.plan == "pendampingan-2-hari"
        assert [(i.title, i.stage, i.minutes) for i in session.agenda] == [
            (i.title, i.stage, i.minutes) for i in planned.agenda
        ]


# -- needs assessment -------------------------------------------------------------------------


def test_tabel_6_rows_in_at_least_three_units(store: Store) -> None:
    with_rows = [u for u in store.units() if store.needs(u.slug)]
    assert len(with_rows) >= 3
    for unit in with_rows:
        for row in store.needs(unit.slug):
            filled = (row.tugas, row.fungsi, row.uraian_tugas, row.kegiatan, row.output,
                      row.aspek, row.title)
            assert all(filled), row
            assert row.title.lower() == f"{row.aspek} {row.output}".lower(), row
            assert row.activity in ("pelayanan", "rutin", "penugasan")


def test_needs_rows_link_to_the_sops_drafted_from_them(store: Store) -> None:
    linked = 0
    for unit in store.units():
        sop_ids = {r.id for r in store.sops(unit.slug)}
        for row in store.needs(unit.slug):
            if row.sop_id:
                assert row.sop_id in sop_ids
                assert store.sop(unit.slug, row.sop_id).need == row.id
                linked += 1
    assert linked >= 4


def test_tabel_6_shows_one_overlap_between_units(store: Store) -> None:
    rows = {u.slug: store.needs(u.slug) for u in store.units()}
    groups = needs.find_overlaps(rows)
    assert [(g.title, sorted(g.units)) for g in groups] == [
        ("Penerbitan Surat Keterangan Pindah",
         ["dinas-kependudukan-dan-pencatatan-sipil", "kecamatan-wonosobo"])
    ]
    day1 = store.sessions()[0]
    assert any("Tumpang tindih" in item for item in day1.parking_lot)


def test_existing_sop_decisions_and_votes(store: Store) -> None:
    decided = {u.slug: store.existing_sops(u.slug) for u in store.units()}
    with_existing = [slug for slug, rows in decided.items() if rows]
    assert with_existing
    decisions = {x.decision for slug in with_existing for x in decided[slug]}
    assert decisions == {"tetap", "revisi", "ganti", "cabut"}
    votes = store.votes()
    assert votes
    for vote in votes:
        assert vote.need in {n.id for n in store.needs(vote.unit)}


# -- general SOPs -------------------------------------------------------------------------------


def test_template_sops_are_adopted_by_every_unit_with_its_own_positions(store: Store) -> None:
    units = store.units()
    per_unit = {
        u.slug: {r.template: r for r in store.sops(u.slug) if r.template} for u in units
    }
    templates = set().union(*(set(t) for t in per_unit.values()))
    assert {"surat-masuk", "surat-keluar", "cuti-pegawai", "permintaan-atk"} <= templates
    for unit in units:
        assert set(per_unit[unit.slug]) == templates, unit.name
        for record in per_unit[unit.slug].values():
            sop = record.sop
            assert sop.unit == unit.name
            assert "Kepala OPD" not in sop.actors
            assert sop.approval.position == unit.head_position
            assert {s.actor for s in sop.steps} <= set(sop.actors)
    camat = per_unit["kecamatan-wonosobo"]["surat-masuk"].sop
    assert "Camat" in camat.actors and "Sekretaris Kecamatan" in camat.actors


# -- SOP statuses and their records --------------------------------------------------------------


def test_every_status_is_present(store: Store) -> None:
    statuses = {r.status for _, r in _all_records(store)}
    assert statuses == set(SOP_STATUSES)


def test_a_draft_shows_findings_and_no_sop_has_errors(store: Store) -> None:
    titles = {r.sop.title for _, r in _all_records(store)}
    codes_of_drafts: set[str] = set()
    for _, record in _all_records(store):
        findings = check_sop(record.sop, known_titles=titles)
        assert not [f for f in findings if f.severity == ERROR], record.sop.title
        if record.status == "draf":
            codes_of_drafts |= {f.code for f in findings}
    assert {"time-missing", "activity-not-active"} <= codes_of_drafts


def test_review_trial_approval_and_implementation_records(store: Store) -> None:
    by_status: dict[str, list[tuple[str, SopRecord]]] = {}
    for slug, record in _all_records(store):
        by_status.setdefault(record.status, []).append((slug, record))
    assert any(r.reviews and not all(c.resolved for c in r.reviews)
               for _, r in by_status["reviu"])
    assert any(r.trials for _, r in by_status["uji coba"])
    for slug, record in by_status["disahkan"] + by_status["diterapkan"]:
        sop = record.sop
        assert sop.number and sop.approval.name and sop.approval.nip, sop.title
        assert sop.dates.created and sop.dates.effective, sop.title
        pattern = store.unit(slug).numbering
        regex = re.escape(pattern)
        regex = re.sub(r"\\\{seq(?::0(\d))?\\\}", lambda m: r"\d{%s}" % (m.group(1) or "1,"),
                       regex)
        regex = regex.replace(r"\{kode\}", r"\d+").replace(r"\{tahun\}", sop.dates.effective[:4])
        regex = regex.replace(r"\{singkatan\}", re.escape(store.unit(slug).short_name))
        assert re.fullmatch(regex, sop.number), (sop.number, pattern)
    kinds = {i.kind for _, r in by_status["diterapkan"] for i in r.implementation}
    assert kinds == {"sosialisasi", "pelatihan", "distribusi"}
    retired = by_status["dicabut"]
    assert retired and all(r.retired_reason for _, r in retired)


def test_monitoring_has_both_assessments(store: Store) -> None:
    rows = [m for _, r in _all_records(store) for m in r.monitoring]
    assert {m.assessment for m in rows} == set(MONITORING_ASSESSMENTS)
    methods = {m.id for m in load_pedoman().monitoring_methods}
    for m in rows:
        assert m.period and m.notes and m.action and m.assessor and m.date
        assert set(m.methods) <= methods
    failing = [r for _, r in _all_records(store)
               if any(m.assessment == "Tidak berjalan dengan baik" for m in r.monitoring)]
    assert [r.status for r in failing] == ["perlu revisi"]


def test_evaluation_revisi_gives_version_two_draft_with_findings_as_comments(
    store: Store,
) -> None:
    evaluated = [r for _, r in _all_records(store) if r.evaluations]
    assert len(evaluated) == 1
    record = evaluated[0]
    evaluation = record.evaluations[0]
    assert len(evaluation.answers) == 7 and evaluation.answers.count(False) == 2
    assert len(evaluation.notes) == 7
    assert evaluation.decision == "revisi" and evaluation.reason
    assert record.status == "draf" and record.version == 2 and record.change_summary
    assert record.sop.dates.revised == evaluation.date
    assert [v.version for v in record.versions] == [1]
    old = record.versions[0]
    assert old.status == "diterapkan" and old.sop.steps != record.sop.steps
    assert old.sop.dates.effective and not record.sop.dates.effective
    questions = [q.text for q in load_pedoman().evaluation_questions]
    failed = [questions[i] for i, a in enumerate(evaluation.answers) if not a]
    texts = [c.text for c in record.reviews]
    for question in failed:
        assert [t for t in texts if question in t and "Tidak" in t], question
    assert any(evaluation.reason in t for t in texts)
    assert not any(c.resolved for c in record.reviews)


# -- people -------------------------------------------------------------------------------------


def test_every_person_named_in_the_demo_is_marked_as_an_example(store: Store) -> None:
    names = list(store.event().facilitators) + [m.name for m in store.members()]
    for _, record in _all_records(store):
        sops = [record.sop] + [v.sop for v in record.versions]
        names += [s.approval.name for s in sops if s.approval.name]
        names += [c.author for c in record.reviews]
        names += [t.who for t in record.trials]
        names += [m.assessor for m in record.monitoring]
    assert len(names) > 30
    unmarked = [n for n in names if not n.endswith(EXAMPLE)]
    assert unmarked == []


# -- the shipped bundle and the command line ----------------------------------------------------


def test_create_demo_does_not_touch_the_shipped_bundle(
    store: Store, shipped_before: dict[str, str]
) -> None:
    assert store.units()  # the copy was made
    assert _hash_tree(demo.demo_bundle_dir()) == shipped_before


def test_each_call_makes_an_independent_copy(tmp_path: Path, store: Store) -> None:
    demo.create_demo(tmp_path / "kedua")
    second = Store.open(tmp_path / "kedua")
    second.update_event(title="Diubah")
    assert store.event().title != "Diubah"
    assert second.path != store.path


def test_create_demo_refuses_a_folder_that_holds_other_files(tmp_path: Path) -> None:
    (tmp_path / "catatan.txt").write_text("milik pengguna", encoding="utf-8")
    with pytest.raises(StoreError, match="sudah berisi berkas lain"):
        demo.create_demo(tmp_path)
    assert (tmp_path / "catatan.txt").read_text(encoding="utf-8") == "milik pengguna"


def test_missing_bundle_gives_an_indonesian_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(resources, "sessions_dir", lambda: tmp_path / "tidak-ada")
    with pytest.raises(demo.DemoError, match="Workshop contoh tidak ditemukan"):
        demo.create_demo(tmp_path / "baru")
    assert not (tmp_path / "baru").exists()


def test_check_on_the_demo_shows_the_draft_findings_and_exits_cleanly(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    status = cli_main(["check", str(store.path)])
    out = capsys.readouterr().out
    assert status == 0
    assert "Penerbitan Kartu Keluarga: 2 peringatan" in out
    assert "tidak diawali kata kerja aktif" in out
    assert "Waktu langkah 4 masih kosong" in out
    assert "0 kesalahan" in out


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_demo", ROOT / "tools" / "build_demo.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_demo"] = module
    spec.loader.exec_module(module)
    return module


def test_shipped_bundle_is_what_the_builder_makes(tmp_path: Path) -> None:
    builder = _builder()
    assert builder.main(["--out", str(tmp_path / "demo")]) == 0
    assert _hash_tree(tmp_path / "demo") == _hash_tree(demo.demo_bundle_dir()), (
        "sessions/demo/ is out of date: run python3 tools/build_demo.py"
    )


async def test_the_app_opens_the_demo_with_its_units_on_screen(
    tmp_path: Path, shipped_before: dict[str, str]
) -> None:
    from textual.widgets import DataTable

    from workshop.tui.app import WorkshopApp

    app = WorkshopApp(demo=True, demo_dir=tmp_path, recent_file=tmp_path / "recent.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.ctx is not None
        assert app.ctx.store.path.parent == tmp_path
        table = app.screen.query_one("#units", DataTable)
        rows = [" ".join(str(cell) for cell in table.get_row_at(i))
                for i in range(table.row_count)]
        assert len(rows) == 7
        assert any("Dinas Kesehatan" in r and "4 orang" in r and "9/9" in r for r in rows)
        assert any("Kecamatan Wonosobo" in r and "Camat" in r for r in rows)
    assert _hash_tree(demo.demo_bundle_dir()) == shipped_before


def test_the_guide_only_names_commands_and_options_that_exist(
    capsys: pytest.CaptureFixture[str],
) -> None:
    guide = (ROOT / "docs" / "panduan.md").read_text(encoding="utf-8")
    commands = set(re.findall(r"sop-workshop (\w+)", guide))
    assert {"demo", "new", "open", "check", "export", "import"} <= commands
    for command in commands:
        with pytest.raises(SystemExit) as done:
            cli_main([command, "--help"])
        assert done.value.code == 0, command
    capsys.readouterr()
    with pytest.raises(SystemExit):
        cli_main(["export", "--help"])
    help_text = capsys.readouterr().out
    for what in set(re.findall(r"--what (\w+)", guide)):
        assert what in help_text, what
    for fmt in set(re.findall(r"--format (\w+)", guide)):
        assert fmt in help_text, fmt


# -- dated to the day it is opened (issue 22) -------------------------------------------------


def test_a_demo_opened_later_is_dated_to_that_day(tmp_path: Path) -> None:
    from datetime import date

    from workshop.stages.monev.monev import due_items

    today = date(2026, 12, 6)
    target = tmp_path / "later"
    demo.create_demo(target, today=today)
    store = Store.open(target)
    event = store.event()
    assert (event.start_date, event.end_date) == ("2026-07-09", "2026-07-10")  # 9-10 Juli
    # Before 9 July the event is last year's.
    assert demo.event_year(date(2027, 3, 1)) == 2026 and demo.event_year(today) == 2026
    assert demo.event_year(date(2026, 7, 9)) == 2026
    units = [(u, store.sops(u.slug)) for u in store.units()]
    items = due_items(units, today, load_pedoman())
    assert items, "the board has something due"
    for item in items:  # nothing years late: upcoming, or late by weeks at most
        assert (today - item.due).days < 60, item
    assert min(abs((item.due - today).days) for item in items) < 60  # something close
    assert all(not s.date or s.date.startswith("2026-07") for s in store.sessions())


def test_the_demo_seen_on_its_own_day_keeps_the_bundles_dates() -> None:
    from datetime import date

    text = (demo.demo_bundle_dir() / "workshop.yaml").read_text(encoding="utf-8")
    assert demo.dated_text(text, demo.DEMO_TODAY) == text
    moved = demo.dated_text("due: '2018-07-17'\nperiod: 2018-S1\n", date(2026, 12, 6))
    assert moved == "due: '2026-12-13'\nperiod: 2026-S1\n"  # the semester before "now"
