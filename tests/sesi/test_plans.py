"""Session plans: the shipped plans load, bad plans say file and line, new --plan stores them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import yaml

from workshop.cli import main
from workshop.model import AgendaItem, Session
from workshop.sesi.plans import (
    PlanError,
    agenda_insert,
    agenda_move,
    agenda_remove,
    agenda_replace,
    available_plans,
    load_plan,
    moved,
    parse_plan,
    plan_sessions,
)
from workshop.store import Store

GOOD = """\
format: rencana-sesi/1
title: Uji
sessions:
  - title: Hari 1
    day: 1
    agenda:
      - title: Pembukaan
        stage: persiapan
        minutes: 30
      - title: Tabel 6
        stage: kebutuhan
        minutes: 90
        notes: Judul = aspek + output
"""


def test_the_three_shipped_plans_load_with_stages_of_the_guideline() -> None:
    assert {"pendampingan-2-hari", "klinik-sop", "monev"} <= set(available_plans())
    two_days = load_plan("pendampingan-2-hari")
    assert [s.title[:6] for s in two_days.sessions] == ["Hari 1", "Hari 2"]
    day1 = [i.stage for i in two_days.sessions[0].agenda]
    assert day1[0] == "persiapan" and "kebutuhan" in day1
    day2 = [i.stage for i in two_days.sessions[1].agenda]
    assert "pengembangan" in day2 and "penerapan" in day2
    assert {i.stage for i in load_plan("monev").sessions[0].agenda} <= {"monev", "kebutuhan"}
    assert all(i.minutes > 0 for s in load_plan("klinik-sop").sessions for i in s.agenda)


def test_sessions_from_a_plan_carry_agenda_dates_and_the_plan_name() -> None:
    plan = parse_plan(GOOD, "uji.yaml", name="uji")
    [session] = plan_sessions(plan, start_date="2018-07-09")
    assert session.title == "Hari 1" and session.date == "2018-07-09" and session.plan == "uji"
    assert [(i.title, i.stage, i.minutes) for i in session.agenda] == [
        ("Pembukaan", "persiapan", 30), ("Tabel 6", "kebutuhan", 90)]
    assert session.agenda[1].notes == "Judul = aspek + output"
    assert session.state == "planned" and session.id == ""
    two = plan_sessions(load_plan("pendampingan-2-hari"), start_date="2018-07-09")
    assert [s.date for s in two] == ["2018-07-09", "2018-07-10"]


def test_a_syntax_error_names_file_and_line() -> None:
    text = GOOD.replace("        minutes: 90\n", "        minutes: [90\n")
    with pytest.raises(PlanError) as info:
        parse_plan(text, "sessions/rusak.yaml")
    assert str(info.value).startswith("sessions/rusak.yaml:")
    assert info.value.line is not None and info.value.line >= 12
    assert "YAML tidak sah" in str(info.value)


def test_an_unknown_stage_names_file_line_and_the_known_stages() -> None:
    text = GOOD.replace("stage: kebutuhan", "stage: penyusunan")
    with pytest.raises(PlanError) as info:
        parse_plan(text, "x.yaml")
    assert str(info.value) == (
        "x.yaml:11: tahap 'penyusunan' tidak dikenal (yang dikenal: persiapan, kebutuhan, "
        "pengembangan, penerapan, monev)"
    )


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("        minutes: 30", "        minutes: setengah jam", 9, "bilangan bulat"),
        ("        minutes: 30", "        minutes: 0", 9, "antara 1 dan"),
        ("        minutes: 30", "        minute: 30", 9, "kunci 'minute' tidak dikenal"),
        ("      - title: Pembukaan\n", "      - stage: x\n", 7, "kunci 'title' wajib"),
        ("format: rencana-sesi/1", "format: sop-ap/1", 1, "format harus 'rencana-sesi/1'"),
        ("    day: 1", "    day: satu", 5, "bilangan bulat (hari)"),
    ],
)
def test_shape_errors_point_at_their_line(old: str, new: str, line: int, words: str) -> None:
    with pytest.raises(PlanError) as info:
        parse_plan(GOOD.replace(old, new), "p.yaml")
    assert info.value.line == line
    assert words in info.value.message


def test_an_unknown_plan_lists_the_shipped_ones() -> None:
    with pytest.raises(PlanError) as info:
        load_plan("tiga-minggu")
    assert "rencana sesi tidak ditemukan" in str(info.value)
    assert "pendampingan-2-hari" in str(info.value)


def test_new_with_a_plan_stores_its_sessions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", str(tmp_path / "w"), "--plan", "pendampingan-2-hari"]) == 0
    out = capsys.readouterr().out
    assert "Rencana sesi 'pendampingan-2-hari': 2 sesi dibuat" in out
    sessions = Store.open(tmp_path / "w").sessions()
    assert [s.title for s in sessions] == [s.title for s in
                                            load_plan("pendampingan-2-hari").sessions]
    assert all(s.plan == "pendampingan-2-hari" and s.agenda for s in sessions)


def test_moved_moves_one_item_and_clamps() -> None:
    assert moved(["a", "b", "c"], 0, 1) == ["b", "a", "c"]
    assert moved(["a", "b", "c"], 2, 5) == ["a", "b", "c"]
    assert moved(["a", "b", "c"], 2, -1) == ["a", "c", "b"]


def _running() -> Session:
    return Session(id="s", title="Hari 1", state="running", current_item=1,
                   item_started_at="2018-07-10T08:00:00", item_elapsed=30.0,
                   agenda=[AgendaItem("A", "persiapan", 10), AgendaItem("B", "kebutuhan", 20),
                           AgendaItem("C", "kebutuhan", 30)])


def _titles(session: Session) -> list[str]:
    return [item.title for item in session.agenda]


def test_agenda_edits_keep_the_current_item_current() -> None:
    s = _running()
    inserted = agenda_insert(s, AgendaItem("Baru", "persiapan", 5), 0)
    assert _titles(inserted) == ["Baru", "A", "B", "C"] and inserted.current_item == 2
    moved_up = agenda_move(s, 1, -1)
    assert _titles(moved_up) == ["B", "A", "C"] and moved_up.current_item == 0
    moved_other = agenda_move(s, 2, -2)
    assert _titles(moved_other) == ["C", "A", "B"] and moved_other.current_item == 2
    removed_before = agenda_remove(s, 0)
    assert _titles(removed_before) == ["B", "C"] and removed_before.current_item == 0
    assert removed_before.item_elapsed == 30.0
    replaced = agenda_replace(s, 1, AgendaItem("B2", "kebutuhan", 25))
    assert _titles(replaced) == ["A", "B2", "C"] and replaced.current_item == 1


def test_removing_the_current_item_starts_the_next_with_a_fresh_timebox() -> None:
    removed = agenda_remove(_running(), 1, datetime(2018, 7, 10, 9, 0, 0))
    assert _titles(removed) == ["A", "C"] and removed.current_item == 1
    assert removed.item_elapsed == 0.0 and removed.item_started_at == "2018-07-10T09:00:00"
    last = agenda_remove(removed, 1)
    assert _titles(last) == ["A"] and last.current_item == 0


def test_a_yaml_error_reads_as_it_always_has(monkeypatch: pytest.MonkeyPatch) -> None:
    """The C loader reads plans; a broken plan is still described in the pure-Python loader's
    words, with or without libyaml."""
    from workshop import yamllines

    text = GOOD.replace("    day: 1\n", "    day: 1: 2\n")
    expected = "p.yaml:5: YAML tidak sah: mapping values are not allowed here"
    fast_good = parse_plan(GOOD, "p.yaml", name="uji")
    with pytest.raises(PlanError) as info:
        parse_plan(text, "p.yaml")
    assert str(info.value) == expected
    monkeypatch.setattr(yamllines, "_FAST_SAFE_LOADER", yaml.SafeLoader)
    with pytest.raises(PlanError) as info:
        parse_plan(text, "p.yaml")
    assert str(info.value) == expected
    assert parse_plan(GOOD, "p.yaml", name="uji") == fast_good


def test_an_alias_bomb_is_refused_at_once() -> None:
    """Aliases of aliases (a 'billion laughs') neither hang nor exhaust memory."""
    bomb = ['a0: &a0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    bomb += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)]
    text = GOOD.replace("title: Uji\n", "title: Uji\n" + "\n".join(bomb) + "\n")
    with pytest.raises(PlanError) as info:
        parse_plan(text, "p.yaml")
    assert str(info.value).startswith("p.yaml:3: kunci 'a0' tidak dikenal")
