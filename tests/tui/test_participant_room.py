"""A room of participants (issue 21): what one participant process does when the others save,
what it imports, and what typing in its editor costs the shared machine."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input

from tests.tui.conftest import two_unit_workshop
from workshop import presence
from workshop.model import Sop, Step
from workshop.store import FieldChange, Store
from workshop.tui.app import WorkshopApp
from workshop.tui.messages import WorkshopChanged
from workshop.tui.screens.participant import ParticipantLoginScreen, ParticipantScreen
from workshop.tui.stages.pengembangan.live_editor import LiveEditorScreen

ROOT = Path(__file__).resolve().parents[2]
SIZE = (110, 32)


@pytest.fixture
def room(tmp_path: Path) -> tuple[Path, str]:
    pin = two_unit_workshop(tmp_path / "ws", activity="Menerima surat", other=Sop(
        title="Cuti Pegawai", actors=["Kepala"], steps=[Step("Mengajukan cuti", "Kepala")]))
    return tmp_path / "ws", pin


async def enter(app: WorkshopApp, pilot: Any, pin: str) -> ParticipantScreen:
    login = app.screen
    assert isinstance(login, ParticipantLoginScreen)
    login.query_one("#login-unit").value = "dinas-kesehatan"  # type: ignore[attr-defined]
    login.query_one("#login-pin", Input).value = pin
    login.submit()
    for _ in range(200):
        await pilot.pause(0.02)
        if isinstance(app.screen, ParticipantScreen):
            return app.screen
    raise AssertionError("the unit's screen did not open")


def record_messages(app: WorkshopApp) -> list[WorkshopChanged]:
    """Every WorkshopChanged posted to a screen of the stack from now on."""
    seen: list[WorkshopChanged] = []
    for screen in app.screen_stack:
        original = screen.post_message

        def post(message: Message, original: Any = original) -> bool:
            if isinstance(message, WorkshopChanged):
                seen.append(message)
            return bool(original(message))

        screen.post_message = post  # type: ignore[method-assign]
    return seen


async def test_another_units_save_costs_a_participant_nothing(
        room: tuple[Path, str], tmp_path: Path) -> None:
    """In a room of N, every save used to wake the N-1 other participant processes (decode the
    workshop file, write a heartbeat, post to every screen): O(N^2) work on two cores."""
    folder, pin = room
    app = WorkshopApp(folder, participant=True, recent_file=tmp_path / "recent.json")
    async with app.run_test(size=SIZE) as pilot:
        await enter(app, pilot, pin)
        await pilot.pause(0.1)
        app.check_store()  # settle: nothing pending
        seen = record_messages(app)
        facilitator = Store.open(folder)
        other = facilitator.sops("dinas-pendidikan")[0]
        facilitator.edit_sop("dinas-pendidikan", other.id,
                             [FieldChange("steps.1.time", "", "5 menit")])
        app.check_store()
        await pilot.pause()
        assert seen == []
        # The own unit's change still reaches the screens, naming the unit.
        own = facilitator.sops("dinas-kesehatan")[0]
        facilitator.edit_sop("dinas-kesehatan", own.id,
                             [FieldChange("steps.1.time", "", "2 menit")])
        app.check_store()
        await pilot.pause()
        assert [m.units for m in seen][-1:] == [frozenset({"dinas-kesehatan"})]
        # A change of the workshop file (the event, the units) too, naming no unit.
        seen.clear()
        facilitator.update_event(venue="Aula Setda")
        app.check_store()
        await pilot.pause()
        assert seen and seen[-1].units == frozenset()


def test_a_heartbeat_is_written_without_fsync_the_pin_lock_with(
        room: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    folder, _ = room
    store = Store.open(folder, scope="dinas-kesehatan")
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    beat = presence.Heartbeat(store, "dinas-kesehatan")
    assert beat.beat()
    assert synced == []
    entries = presence.connected(Store.open(folder))
    assert [(e.unit, e.id) for e in entries] == [("dinas-kesehatan", beat.id)]
    store.presence.write("lock-test", {"failures": 1, "until": 0.0})  # durable by default
    assert synced


async def test_typing_in_the_participant_editor_does_not_lay_out_the_screen(
        room: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual's Input lays out the whole screen on every key (its virtual size follows the
    text): with the editor's ~70 widgets, about half a key's CPU in a room of forty."""
    folder, pin = room
    layouts: list[float] = []
    real = Screen._refresh_layout

    def counting(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
        layouts.append(time.monotonic())
        real(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counting)
    app = WorkshopApp(folder, participant=True, recent_file=tmp_path / "recent.json")
    async with app.run_test(size=SIZE) as pilot:
        await enter(app, pilot, pin)
        sop_id = Store.open(folder).sops("dinas-kesehatan")[0].id
        await app.push_screen(LiveEditorScreen("dinas-kesehatan", sop_id))
        await pilot.pause(0.3)
        box = app.focused
        assert isinstance(box, Input) and box.id == "sf-activity"
        assert box.cursor_blink is False  # no frame twice a second from an idle tab
        await pilot.press("end")
        await pilot.pause(0.3)
        layouts.clear()
        typed = " masuk dari ekspedisi dan dicatat"
        for ch in typed:
            await pilot.press("space" if ch == " " else ch)
        await pilot.pause(0.5)
        assert box.value == "Menerima surat" + typed
        assert len(layouts) <= 3, f"{len(layouts)} layouts for {len(typed)} keys"
        # The text is still scrolled to the cursor once it is wider than the box.
        more = "x" * (box.content_region.width + 10)
        for ch in more:
            await pilot.press(ch)
        await pilot.pause(0.3)
        assert box.scroll_x > 0
        assert box.cursor_position == len(box.value)
    await asyncio.sleep(0)


def test_a_participant_process_imports_no_exporter_and_no_process_pool() -> None:
    code = ("import sys, workshop.tui.app, workshop.tui.screens.participant\n"
            "print(' '.join(sorted(m for m in ('markdown_it', 'workshop.export.html', "
            "'workshop.export.svg', 'multiprocessing', 'concurrent.futures.process') "
            "if m in sys.modules)))")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, cwd=ROOT, check=True, timeout=120)
    assert out.stdout.strip() == ""


LOGIN_PROBE = """
import asyncio, sys
from pathlib import Path
from workshop.tui.app import WorkshopApp

async def main():
    app = WorkshopApp(Path(sys.argv[1]), participant=True, recent_file=Path(sys.argv[2]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)
        print(type(app.screen).__name__)
        heavy = ("yaml", "workshop.pedoman", "workshop.tui.stages.pengembangan.editor",
                 "workshop.tui.stages.kebutuhan.tabel6", "workshop.tui.screens.welcome",
                 "workshop.tui.screens.participant_unit")
        print(" ".join(m for m in heavy if m in sys.modules) or "-")

asyncio.run(main())
"""


def test_a_participant_waiting_at_the_login_screen_has_not_imported_the_unit_screen(
        room: tuple[Path, str], tmp_path: Path) -> None:
    """Forty processes wait at the login screen: the editor, Tabel 6, the welcome screen and
    the guideline's YAML come only after the PIN (~6 MB of each process)."""
    folder, _ = room
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", LOGIN_PROBE, str(folder),
                          str(tmp_path / "recent.json")], capture_output=True, text=True,
                         env=env, cwd=ROOT, check=True, timeout=120)
    assert out.stdout.split("\n")[:2] == ["ParticipantLoginScreen", "-"], out.stdout
