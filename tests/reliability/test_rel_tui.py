"""Hostile text through the app (Pilot): shown literally, never markup, never a crash.

Two ways in: a workshop whose every field already holds hostile text (as an import or another
participant would leave it) shown on every screen; and hostile text typed into every input of
the Persiapan screens (event fields, unit form, member form, SK fields), then read back from
the store and from the screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rel_support import (
    HOSTILE_TEXTS,
    LONG_TEXT,
    VISIBLE,
    figure,
    hostile_workshop,
    screen_text,
)
from textual.widgets import Input

from tests.tui.conftest import frozen_now
from tests.tui.fast_keys import (
    palette_offers,
    press_button,
    type_keys,
    wait_for_widget,
    wait_until,
)
from workshop.store import Store, clean_text
from workshop.tui.app import WorkshopApp
from workshop.tui.screens.main import MainScreen

STAGES = ("persiapan", "kebutuhan", "pengembangan", "penerapan", "monev", "papan")
_seen: dict[str, set[str]] = {}


def _app(root: Path, tmp_path: Path) -> WorkshopApp:
    return WorkshopApp(root, now=frozen_now, recent_file=tmp_path / "recent.json")


def _record(size: str, place: str, text: str) -> None:
    seen = _seen.setdefault(size, set())
    seen.update(v for v in VISIBLE if v in text)
    figure(
        "5 hostile text (app)",
        "; ".join(f"{s}: {len(v)}/{len(VISIBLE)} hostile strings seen literally, no crash"
                  for s, v in sorted(_seen.items())),
    )


async def _more_screens(app: WorkshopApp, pilot: Any, main: MainScreen, shown: list[str]) -> None:
    """The SOP editor, the projector board, sessions, help and the palette."""
    # The SOP editor on a hostile SOP, each of its panels.
    await main.open_stage("pengembangan")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    from workshop.tui.stages.pengembangan.editor import EditorScreen

    assert isinstance(app.screen, EditorScreen)
    for key in ("alt+1", "alt+2", "alt+3", "alt+4"):
        await pilot.press(key)
        await pilot.pause()
        shown.append(screen_text(app))
    await pilot.press("escape")
    await pilot.pause()
    # Projector board, sessions (agenda, minutes), help, the palette with unit names.
    for keys in (["f5"], ["f6"], ["f1"]):
        await pilot.press(*keys)
        await pilot.pause()
        shown.append(screen_text(app))
        await pilot.press("escape")
        await pilot.pause()
    await pilot.press("ctrl+p")
    await pilot.pause()
    await type_keys(pilot, *"Buka unit")
    # the palette searches in the background: wait (bounded) for its answer, not 0.5 s
    await wait_until(pilot, lambda: palette_offers(app, "Buka unit"))
    shown.append(screen_text(app))
    await pilot.press("escape")
    await pilot.pause()


@pytest.mark.parametrize("size", [(200, 60), (80, 24)], ids=["200x60", "80x24"])
async def test_every_screen_shows_hostile_text_literally(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    root = tmp_path / "ws"
    hostile_workshop(root, now=frozen_now)
    app = _app(root, tmp_path)
    label = f"{size[0]}x{size[1]}"
    shown: list[str] = []
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        main = app.screen
        assert isinstance(main, MainScreen)
        for stage in STAGES:
            await main.open_stage(stage)
            await pilot.pause()
            shown.append(screen_text(app))
            assert app.is_running, stage
        if size == (200, 60):  # at 80x24 the stages are enough (keeps the run short)
            await _more_screens(app, pilot, main, shown)
        assert app.is_running  # [@click=app.quit] never became a link that quits
        for text in shown:
            _record(label, "", text)
    assert app.return_code in (0, None)
    everything = "\n".join(shown)
    missing = [v for v in VISIBLE if v not in everything]
    # At 80x24 long cells are cut; on the projector size everything must be seen whole.
    if size == (200, 60):
        assert missing == []
    else:
        assert len(missing) < len(VISIBLE)


async def test_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    store = Store.create(root, "Pendampingan", now=frozen_now)
    store.update_event(facilitators=["Lonceng\x07 dan \x1b]0;judul jendela\x07 \x1b[31mmerah"])
    app = _app(root, tmp_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        text = screen_text(app)
    assert "merah" in text
    assert "\x1b" not in text and "\x07" not in text


async def _fill(app: WorkshopApp, pilot: Any, values: dict[str, str]) -> None:
    """Set the inputs of the open dialog (typed text and pasted control characters alike)."""
    await wait_for_widget(pilot, f"#{next(iter(values))}")  # the dialog is open
    for widget_id, value in values.items():
        box = app.screen.query_one(f"#{widget_id}", Input)
        box.focus()
        box.value = value
    await pilot.pause()
    dialog = app.screen
    await press_button(pilot, "#ok")
    await wait_until(pilot, lambda: app.screen is not dialog)


async def test_hostile_text_typed_into_every_persiapan_input(tmp_path: Path) -> None:
    from workshop.tui.stages.persiapan.pane import PersiapanPane, TeamPanel, UnitsPanel

    h = HOSTILE_TEXTS
    root = tmp_path / "ws"
    Store.create(root, "Pendampingan", now=frozen_now)
    app = _app(root, tmp_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(PersiapanPane)
        # Event fields: typed key by key where the keyboard can, set where it cannot.
        for key, value in (("title", h[0]), ("organiser", h[4]), ("host_government", h[5]),
                           ("venue", h[6] + " " + h[8]), ("facilitators", h[2] + "; " + h[3])):
            box = pane.query_one(f"#ev-{key}", Input)
            box.focus()
            box.value = ""
            if "\x1b" in value or "\x07" in value:
                box.value = value
            else:
                await type_keys(pilot, *value)
            await pilot.press("enter")
            await pilot.pause()
        # A unit through the form, every field hostile.
        pane.query_one(UnitsPanel).action_add()
        await pilot.pause()
        await _fill(app, pilot, {"f-name": h[1] + " " + h[0], "f-short_name": h[2],
                                 "f-head_position": h[4], "f-numbering": h[6] + "{seq}"})
        pane.query_one(UnitsPanel).action_add()
        await pilot.pause()
        await _fill(app, pilot, {"f-name": LONG_TEXT})
        # A member of the first unit, every field hostile.
        pane.show_tab("panel-tim")
        await pilot.pause()
        pane.query_one(TeamPanel).action_add_member()
        await pilot.pause()
        await _fill(app, pilot, {"f-name": h[3] + " " + h[9], "f-nip": h[8],
                                 "f-position": h[5]})
        # SK number and date of the chosen unit.
        sk = pane.query_one("#sk-number", Input)
        sk.focus()
        await pilot.pause()
        sk.value = h[7]
        await pilot.press("enter")
        await pilot.pause()
        date = pane.query_one("#sk-date", Input)
        date.focus()
        await pilot.pause()
        date.value = h[0]
        await pilot.press("enter")  # not a date: refused with a message, nothing stored
        await pilot.pause()
        text = screen_text(app)
        notes = "\n".join(str(n.message) for n in app._notifications)
        assert app.is_running
    store = Store.open(root)
    # Stored as typed, less control characters (the store drops them: they would reach other
    # people's terminals as escape sequences).
    h = tuple(clean_text(x) for x in h)
    event = store.event()
    assert (event.title, event.organiser, event.host_government) == (h[0], h[4], h[5])
    assert event.venue == h[6] + " " + h[8]
    assert event.facilitators == [h[2], h[3]]
    first, long_unit = store.units()
    assert (first.name, first.short_name, first.head_position) == (h[1] + " " + h[0], h[2], h[4])
    assert first.numbering == h[6] + "{seq}"
    assert long_unit.name == LONG_TEXT.strip()
    # The team panel follows the unit added last.
    assert long_unit.sk_number == h[7]
    assert long_unit.sk_date is None
    assert "Tanggal ditulis TTTT-BB-HH" in notes
    [member] = store.members()
    assert (member.name, member.nip, member.position) == (h[3] + " " + h[9], h[8], h[5])
    assert member.unit == long_unit.slug
    for shown in (h[0], h[1], h[2], h[3], h[4], h[5]):
        assert shown in text, shown
    _record("typed into Persiapan (200x60)", "", text)


async def test_participant_mode_shows_hostile_text_literally(tmp_path: Path) -> None:
    from textual.widgets import Select, Static

    from workshop.tui.screens.participant import ParticipantLoginScreen

    root = tmp_path / "ws"
    store = hostile_workshop(root, now=frozen_now)
    unit = store.units()[0]
    pin = store.generate_pin(unit.slug)
    app = WorkshopApp(root, participant=True, recent_file=tmp_path / "recent.json")
    shown: list[str] = []
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ParticipantLoginScreen)
        screen.query_one("#login-unit", Select).value = unit.slug
        await pilot.pause()
        shown.append(screen_text(app))
        screen.query_one("#login-pin", Input).value = pin
        screen.submit()
        await wait_until(pilot, lambda: not isinstance(app.screen, ParticipantLoginScreen))
        assert not isinstance(app.screen, ParticipantLoginScreen), str(
            screen.query_one("#login-message", Static).render())
        shown.append(screen_text(app))
        for key in ("tab", "enter", "escape", "tab", "tab", "enter", "escape"):
            await pilot.press(key)
            await pilot.pause()
            shown.append(screen_text(app))
        assert app.is_running
    everything = "\n".join(shown)
    assert unit.name in everything
    _record("participant mode (200x60)", "", everything)
