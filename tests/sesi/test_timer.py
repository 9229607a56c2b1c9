"""The session timer: remaining time, near-end and overrun, and the transitions."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from workshop.model import AgendaItem, Session
from workshop.sesi import timer

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2018, 7, 10, 8, 0, 0)


def _session() -> Session:
    return Session(id="sesi-001", title="Hari 1", agenda=[
        AgendaItem("Pembukaan", "persiapan", 30),
        AgendaItem("Tabel 6", "kebutuhan", 5),
    ])


def at(minutes: float, seconds: float = 0) -> datetime:
    return T0 + timedelta(minutes=minutes, seconds=seconds)


def test_a_started_item_counts_down_its_timebox() -> None:
    s = timer.start(_session(), T0)
    assert s.state == "running" and s.started_at == "2018-07-10T08:00:00"
    state = timer.timer_state(s, at(10))
    assert state.display == "20:00" and state.level == "normal"
    assert state.title == "Pembukaan" and state.position == "Agenda 1/2"


def test_near_end_in_the_last_fifth_or_two_minutes_then_overrun() -> None:
    s = timer.start(_session(), T0)
    assert timer.timer_state(s, at(23, 59)).level == "normal"
    assert timer.timer_state(s, at(24, 1)).level == "near-end"  # last 20% of 30 minutes
    assert timer.timer_state(s, at(30)).display == "00:00"
    over = timer.timer_state(s, at(31, 5))
    assert over.overrun and over.level == "overrun" and over.display == "+01:05"
    short = timer.next_item(s, at(40))
    assert timer.timer_state(short, at(42, 30)).level == "normal"
    assert timer.timer_state(short, at(43, 1)).level == "near-end"  # last two minutes of five


def test_pause_freezes_and_resume_continues() -> None:
    s = timer.pause(timer.start(_session(), T0), at(5))
    assert s.state == "paused" and s.item_elapsed == 300
    assert timer.timer_state(s, at(50)).display == "25:00"
    s = timer.resume(s, at(50))
    assert timer.timer_state(s, at(51)).display == "24:00"
    assert timer.toggle(s, at(52)).state == "paused"


def test_next_and_previous_give_a_fresh_timebox_and_stop_at_the_ends() -> None:
    s = timer.start(_session(), T0)
    s = timer.next_item(s, at(35))
    assert s.current_item == 1
    assert timer.timer_state(s, at(36)).display == "04:00"
    assert timer.next_item(s, at(36)) == s
    back = timer.previous_item(s, at(37))
    assert back.current_item == 0 and timer.timer_state(back, at(37)).display == "30:00"
    assert timer.previous_item(back, at(38)) == back


def test_end_stamps_and_stops_and_state_survives_a_round_trip() -> None:
    s = timer.start(_session(), T0)
    ended = timer.end(s, at(12))
    assert ended.state == "ended" and ended.ended_at == "2018-07-10T08:12:00"
    assert timer.timer_state(ended, at(90)).display == "18:00"
    assert timer.pause(ended, at(91)) == ended


def test_remaining_is_computed_from_the_clock_not_from_a_tick() -> None:
    s = timer.start(_session(), T0)
    copy = Session(**{**s.__dict__})
    assert timer.timer_state(copy, at(7)).remaining == timer.timer_state(s, at(7)).remaining
    assert timer.timer_state(copy, at(7)).remaining == 23 * 60


def test_clock_formats() -> None:
    assert timer.clock(0.2) == "00:01"
    assert timer.clock(3600) == "60:00"
    assert timer.clock(-0.5) == "+00:00"
    assert timer.clock(-125) == "+02:05"


@pytest.mark.parametrize("module", ["workshop.sesi.plans", "workshop.sesi.timer",
                                    "workshop.sesi.minutes", "workshop.sesi.slides"])
def test_session_core_does_not_import_textual(module: str) -> None:
    code = (f"import importlib, sys; importlib.import_module({module!r}); "
            "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_a_planned_session_starts_at_the_item_chosen_before_starting() -> None:
    chosen = timer.go_to(_session(), 1, T0)
    assert chosen.state == "planned" and chosen.current_item == 1
    started = timer.start(chosen, at(1))
    assert started.current_item == 1 and timer.timer_state(started, at(2)).display == "04:00"
