"""Participant mode, live updates between app instances, presence, following, joining."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import IO, Any, cast

import pytest
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from tests.tui.conftest import screen_text as _screen_text
from tests.tui.conftest import table_rows, two_unit_workshop
from tests.tui.fast_keys import press_button
from workshop import presence
from workshop.model import Sop, Step
from workshop.store import FieldChange, Store, StorePermission
from workshop.tui.app import WorkshopApp
from workshop.tui.screens.join import JoinScreen, big_text, qr_lines
from workshop.tui.screens.participant import (
    LOGIN_SCOPE,
    ParticipantLoginScreen,
    ParticipantScreen,
    PinGate,
    sop_document,
)
from workshop.tui.screens.participant_presence import FollowScreen, PresenceScreen
from workshop.tui.stages.pengembangan.editor import EditorScreen
from workshop.tui.stages.pengembangan.live_editor import ConflictDialog, LiveEditorScreen
from workshop.tui.widgets.flowchart import FlowchartView

ROOT = Path(__file__).resolve().parents[2]


def screen_text(app: WorkshopApp) -> str:
    return _screen_text(cast("App[object]", app))
SIZE = (110, 32)
LIVE_BOUND = 10.0  # seconds: a change saved elsewhere shows up within this


@pytest.fixture
def workshop(tmp_path: Path) -> tuple[Path, str]:
    pin = two_unit_workshop(tmp_path / "ws", activity="Menerima surat masuk",
                            other=Sop(title="Cuti Pegawai [Rahasia]"))
    return tmp_path / "ws", pin


def participant_app(folder: Path, tmp_path: Path) -> WorkshopApp:
    return WorkshopApp(folder, participant=True, recent_file=tmp_path / "recent.json")


@contextlib.asynccontextmanager
async def at_login(folder: Path, tmp_path: Path
                   ) -> AsyncIterator[tuple[WorkshopApp, Pilot[None], ParticipantLoginScreen]]:
    """A participant tab at its login screen."""
    app = participant_app(folder, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ParticipantLoginScreen)
        yield app, pilot, screen


async def log_in(app: WorkshopApp, pin: str, unit: str = "dinas-kesehatan") -> str:
    screen = app.screen
    assert isinstance(screen, ParticipantLoginScreen)
    screen.query_one("#login-unit", Select).value = unit
    screen.query_one("#login-pin", Input).value = pin
    screen.submit()
    message = screen.query_one("#login-message", Static)
    return str(message.render())


def wrong(pin: str) -> str:
    return f"{(int(pin) + 1) % 10**6:06d}"


async def wait_for(pilot: object, condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    """Let the app run until ``condition`` holds (slow shared machines need more than a tick)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.05)
    return condition()


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_pin_gate_waits_after_three_wrong_tries(workshop: tuple[Path, str]) -> None:
    folder, pin = workshop
    clock = Clock()
    gate = PinGate(Store(folder, LOGIN_SCOPE), client="10.0.0.66", now=clock)
    assert gate.attempt("dinas-kesehatan", "").message.startswith("Isi PIN unit")
    assert gate.attempt("dinas-kesehatan", wrong(pin)).message == "PIN salah. Sisa percobaan: 2."
    assert gate.attempt("dinas-kesehatan", wrong(pin)).message == "PIN salah. Sisa percobaan: 1."
    third = gate.attempt("dinas-kesehatan", wrong(pin))
    assert third.message == "PIN salah. Tunggu 30 detik sebelum mencoba lagi."
    assert gate.attempt("dinas-kesehatan", pin).message.startswith(
        "Terlalu banyak PIN salah. Tunggu 30 detik")
    clock.t += 29.5
    assert not gate.attempt("dinas-kesehatan", pin).ok
    clock.t += 1
    assert gate.attempt("dinas-kesehatan", pin).ok


def test_pin_wait_holds_for_a_new_browser_tab(workshop: tuple[Path, str]) -> None:
    folder, pin = workshop
    clock = Clock()
    first = PinGate(Store(folder, LOGIN_SCOPE), client="10.0.0.66", now=clock)
    for _ in range(3):
        assert not first.attempt("dinas-kesehatan", wrong(pin)).ok
    # A reloaded tab is a new process with a new gate: the wait is still there.
    second = PinGate(Store(folder, LOGIN_SCOPE), client="10.0.0.66", now=clock)
    result = second.attempt("dinas-kesehatan", pin)
    assert result.message == "Terlalu banyak PIN salah. Tunggu 30 detik, lalu coba lagi."
    assert second.attempt("dinas-pendidikan", "000000").message.startswith("PIN salah.")
    clock.t += 30
    assert second.attempt("dinas-kesehatan", pin).ok
    assert presence.connected(Store.open(folder), now=clock) == []  # not a participant


async def test_the_login_screen_store_cannot_write(
        workshop: tuple[Path, str], tmp_path: Path) -> None:
    folder, _ = workshop
    async with at_login(folder, tmp_path) as (_app, _pilot, screen):
        assert screen.gate is not None
        with pytest.raises(StorePermission):
            screen.gate.store.add_sop("dinas-kesehatan", Sop(title="Titipan"))
        with pytest.raises(StorePermission):
            screen.gate.store.update_event(title="Diubah")
        with pytest.raises(StorePermission):
            screen.gate.store.generate_pin("dinas-kesehatan")
        with pytest.raises(StorePermission):
            screen.gate.store.clear_pin_lock("dinas-kesehatan")
    assert Store.open(folder).event().title == "Pendampingan SOP"


async def test_a_tab_that_never_logs_in_is_closed(
        workshop: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """It holds a process and one of serve's places (--max-peserta): it is let go."""
    from workshop.tui.screens import participant as participant_module

    folder, _ = workshop
    monkeypatch.setattr(participant_module, "LOGIN_IDLE_SECONDS", 0.5)
    app = participant_app(folder, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert await wait_for(pilot, lambda: not app.is_running, timeout=15)


async def test_wrong_pin_is_refused_on_screen(workshop: tuple[Path, str], tmp_path: Path) -> None:
    folder, pin = workshop
    app = participant_app(folder, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Masuk sebagai peserta" in screen_text(app)
        clock = Clock()
        screen = app.screen
        assert isinstance(screen, ParticipantLoginScreen)
        screen.gate = PinGate(Store(folder, LOGIN_SCOPE), now=clock)
        for _ in range(3):
            await log_in(app, wrong(pin))
        await pilot.pause()
        assert "PIN salah. Tunggu 30 detik" in screen_text(app)
        await log_in(app, pin)  # even the right PIN waits
        await pilot.pause()
        assert "Terlalu banyak PIN salah" in screen_text(app)
        assert app.ctx is None
        clock.t += 31
        await log_in(app, pin)
        await wait_for(pilot, lambda: isinstance(app.screen, ParticipantScreen))
        assert isinstance(app.screen, ParticipantScreen)
        await pilot.pause()  # the app pushes it (UnitEntered): let it finish mounting


def arrive_together(app: WorkshopApp, keys: list[str]) -> None:
    """Keys that reach a busy participant process in one read: the app hands each to the widget
    focused when it arrives, before any of them is handled."""
    for key in keys:
        character = "\r" if key == "enter" else key if len(key) == 1 else None
        app.post_message(events.Key(key, character))


async def test_unit_pin_and_enter_typed_at_once_still_log_in(
        workshop: tuple[Path, str], tmp_path: Path) -> None:
    folder, pin = workshop
    async with at_login(folder, tmp_path) as (app, pilot, _):
        await pilot.press("enter")  # the unit list opens
        select = app.screen.query_one("#login-unit", Select)
        assert await wait_for(pilot, lambda: select.expanded)
        arrive_together(app, ["down", "enter", *pin, "enter"])  # Dinas Kesehatan, PIN, Enter
        assert await wait_for(pilot, lambda: isinstance(app.screen, ParticipantScreen)), \
            screen_text(app)
        await pilot.pause()
        assert "Pengelolaan Surat Masuk" in screen_text(app)
    assert Store.open(folder).pin_failures() == []  # no digit was lost: no wrong try counted


async def test_pin_typed_while_the_unit_list_has_the_focus_goes_into_the_pin_box(
        workshop: tuple[Path, str], tmp_path: Path) -> None:
    folder, pin = workshop
    async with at_login(folder, tmp_path) as (app, pilot, screen):
        screen.query_one("#login-unit", Select).value = "dinas-kesehatan"
        await pilot.pause()  # the choice moves the focus to the PIN box ...
        screen.query_one("#login-unit", Select).focus()  # ... and the participant goes back
        await pilot.pause()
        assert app.focused is screen.query_one("#login-unit", Select)
        arrive_together(app, [*pin[:3]])
        await pilot.pause()
        assert screen.query_one("#login-pin", Input).value == pin[:3]
        assert app.focused is screen.query_one("#login-pin", Input)
        await pilot.press(*pin[3:], "enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ParticipantScreen)), \
            (screen.query_one("#login-pin", Input).value, screen_text(app))
        await pilot.pause()


async def test_enter_on_an_empty_pin_or_without_a_unit_says_what_is_missing(
        workshop: tuple[Path, str], tmp_path: Path) -> None:
    folder, pin = workshop
    async with at_login(folder, tmp_path) as (app, pilot, screen):
        box = screen.query_one("#login-pin", Input)
        box.focus()
        await pilot.press(*pin, "enter")  # a PIN before any unit
        assert "Pilih unit Anda dulu." in screen_text(app)
        screen.query_one("#login-unit", Select).value = "dinas-kesehatan"
        box.value = ""
        box.focus()
        await pilot.pause()
        await pilot.press("enter")
        assert "Isi PIN unit" in screen_text(app)
        assert isinstance(app.screen, ParticipantLoginScreen)
        assert Store.open(folder).pin_failures() == []


async def test_keys_typed_as_the_editor_opens_add_to_the_activity(
        workshop: tuple[Path, str], tmp_path: Path) -> None:
    """The editor puts the cursor after the activity's text: the first key typed adds to it
    (a selected text would have been replaced by it)."""
    folder, pin = workshop
    async with at_login(folder, tmp_path) as (app, pilot, _):
        await log_in(app, pin)
        assert await wait_for(pilot, lambda: isinstance(app.screen, ParticipantScreen))
        await pilot.pause()
        await pilot.press("enter")  # the SOP list has the focus: open the first SOP
        assert await wait_for(pilot, lambda: isinstance(app.screen, LiveEditorScreen))
        box = app.screen.query_one("#sf-activity", Input)
        assert await wait_for(pilot, lambda: app.focused is box)
        await pilot.press("space", "d", "i", "T", "U")
        assert box.value == "Menerima surat masuk diTU"
        await pilot.press("escape")  # leaving saves
        assert await wait_for(pilot, lambda: Store.open(folder).sops("dinas-kesehatan")[0]
                              .sop.steps[0].activity == "Menerima surat masuk diTU")
        assert box.select_on_focus  # a box entered with Tab still selects its text


async def test_participant_sees_only_its_unit_and_cannot_write_another(
        workshop: tuple[Path, str], tmp_path: Path) -> None:
    folder, pin = workshop
    app = participant_app(folder, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await log_in(app, pin)
        await wait_for(pilot, lambda: "Pengelolaan Surat Masuk" in screen_text(app))
        text = screen_text(app)
        assert "Peserta: Dinas Kesehatan" in text
        assert "Pengelolaan Surat Masuk" in text
        assert "Cuti Pegawai" not in text
        assert app.ctx is not None
        assert app.ctx.store.scope == "dinas-kesehatan"
        with pytest.raises(StorePermission):
            app.ctx.store.add_sop("dinas-pendidikan", Sop(title="Titipan"))
        assert "u/h/w/p: unduh SOP" in text and "impor berkas" not in text
        assert app.focused is app.screen.query_one("#sop-list")  # the list has the keys
        await pilot.press("i")  # importing a path would read the facilitator's disk
        assert await wait_for(pilot, lambda: any(
            "Impor berkas tidak tersedia di mode peserta" in str(n.message)
            for n in app._notifications))
        assert "Impor" not in screen_text(app)  # not offered in the footer
        delivered: list[tuple[str, str]] = []

        def deliver(f: IO[str], save_filename: str | None = None, **kw: Any) -> str:
            delivered.append((str(save_filename), f.read()))
            return "key"

        binaries: list[tuple[str, bytes, str]] = []

        def deliver_binary(f: IO[bytes], save_filename: str | None = None,
                           mime_type: str = "", **kw: Any) -> str:
            binaries.append((str(save_filename), f.read(), mime_type))
            return "key"

        app.deliver_text = deliver  # type: ignore[method-assign,assignment]
        app.deliver_binary = deliver_binary  # type: ignore[method-assign,assignment]
        await pilot.press("w")
        await pilot.press("p")
        await wait_for(pilot, lambda: len(binaries) == 2)
        (word, word_bytes, word_mime), (pdf, pdf_bytes, pdf_mime) = binaries
        assert (word, pdf) == ("pengelolaan-surat-masuk.docx", "pengelolaan-surat-masuk.pdf")
        assert word_bytes.startswith(b"PK") and "wordprocessingml" in word_mime
        assert pdf_bytes.startswith(b"%PDF") and pdf_mime == "application/pdf"
        from io import BytesIO

        from docx import Document as WordDocument
        from pypdf import PdfReader

        assert "Menerima surat masuk" in "\n".join(
            c.text for t in WordDocument(BytesIO(word_bytes)).tables for r in t.rows
            for c in r.cells)
        assert "Menerima surat masuk" in "".join(
            page.extract_text() for page in PdfReader(BytesIO(pdf_bytes)).pages)
        await pilot.press("u")
        await wait_for(pilot, lambda: bool(delivered))
        assert delivered and delivered[0][0] == "pengelolaan-surat-masuk.md"
        assert "Menerima surat masuk" in delivered[0][1]
        # The palette offers the unit's own things only (no export of the whole workshop).
        names = [c.name for c in app.palette_commands()]
        assert "Unduh SOP terpilih (Markdown)" in names
        assert {"Unduh SOP terpilih (Word)", "Unduh SOP terpilih (PDF)"} <= set(names)
        assert not any(n.startswith("Ekspor") or n.startswith("Tambah unit") for n in names)


def test_downloaded_sop_documents() -> None:
    from workshop.model import SopRecord

    record = SopRecord(id="sop-001", sop=Sop(title="Surat | Masuk", actors=["Petugas"],
                                             steps=[Step("Menerima surat", "Petugas")]))
    name, text = sop_document(record, "md")
    assert name == "surat-masuk.md"
    assert "Menerima surat" in text
    name, html = sop_document(record, "html")
    assert name == "surat-masuk.html"
    assert isinstance(html, str)
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    name, pdf = sop_document(record, "pdf")
    assert name == "surat-masuk.pdf" and isinstance(pdf, bytes) and pdf.startswith(b"%PDF")


CHILD = r"""
import asyncio, sys, time
from pathlib import Path
from textual.widgets import Input, Select
from tests.tui.fast_keys import type_keys
from workshop import presence
from workshop.store import Store
from workshop.tui.app import WorkshopApp

folder, pin, recent, done = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])
TEXT = "Mencatat surat dalam buku agenda"

async def until(pilot, condition, what, timeout=60.0):
    # bounded by time, not by a count of pauses: the machine may be busy
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        await pilot.pause(0.05)

def shown(app):
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())

def saved():
    steps = Store.open(folder).sops("dinas-kesehatan")[0].sop.steps
    return len(steps) == 2 and steps[1].activity == TEXT

async def main():
    app = WorkshopApp(folder, participant=True, recent_file=recent)
    async with app.run_test(size=(110, 32)) as pilot:
        await until(pilot, lambda: bool(app.screen.query("#login-pin")), "the login screen")
        screen = app.screen
        screen.query_one("#login-unit", Select).value = "dinas-kesehatan"
        screen.query_one("#login-pin", Input).value = pin
        screen.submit()
        await until(pilot, lambda: type(app.screen).__name__ == "ParticipantScreen"
                    and "Pengelolaan Surat Masuk" in shown(app)
                    and "DataTable" in [k.__name__ for k in type(app.focused).__mro__],
                    "the SOP list, focused")
        await pilot.pause()
        await pilot.press("enter")  # open the SOP under the cursor
        await until(pilot, lambda: type(app.screen).__name__ == "LiveEditorScreen"
                    or type(app.screen).__name__ == "EditorScreen", "the editor")
        await pilot.pause()
        print("EDITOR", type(app.screen).__name__, flush=True)
        # a heartbeat names the SOP being edited
        await until(pilot, lambda: any(e.sop_id for e in presence.connected(Store.open(folder))),
                    "the heartbeat")
        await pilot.press("enter")  # on the last step: a new step
        await type_keys(pilot, *TEXT)
        await until(pilot, saved, "the save")  # the editor saves 0.3 s after the last key
        print("SAVED", flush=True)
        await until(pilot, done.exists, "the facilitator", timeout=120)

asyncio.run(main())
"""


async def test_step_typed_by_a_participant_appears_for_the_facilitator(
        workshop: tuple[Path, str], tmp_path: Path, make_app: Callable[..., WorkshopApp]) -> None:
    folder, pin = workshop
    facilitator = make_app(folder)
    env = dict(os.environ, PYTHONPATH=str(ROOT), TEXTUAL_ANIMATIONS="none")
    done = tmp_path / "facilitator-done"
    async with facilitator.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sop_id = Store.open(folder).sops("dinas-kesehatan")[0].id
        facilitator.push_screen(FollowScreen("dinas-kesehatan"))
        await pilot.pause()
        follow = facilitator.screen
        assert isinstance(follow, FollowScreen)
        facilitator.push_screen(EditorScreen("dinas-kesehatan", sop_id))
        await pilot.pause()
        editor = facilitator.screen
        assert isinstance(editor, EditorScreen)
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-c", CHILD, str(folder), pin, str(tmp_path / "child-recent.json"),
            str(done), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env,
            cwd=ROOT)
        assert child.stdout is not None
        try:
            line = await asyncio.wait_for(child.stdout.readline(), 120)
            assert line.decode().strip() == "EDITOR LiveEditorScreen"
            line = await asyncio.wait_for(child.stdout.readline(), 120)
            assert line.decode().strip() == "SAVED"
            saved_at = time.monotonic()
            seen_at = None
            # The screens poll about twice a second; the bound leaves room for a loaded machine
            # (a 1 s bound failed under load) and still fails when no refresh comes at all.
            while time.monotonic() - saved_at < LIVE_BOUND:
                rows = table_rows(editor.query_one("#steps", DataTable))
                flow = follow.query_one(FlowchartView).sop
                # (an earlier save may have carried part of the text: wait for the whole of it)
                if (len(rows) == 2 and rows[1][1] == "Mencatat surat dalam buku agenda"
                        and flow is not None and len(flow.steps) == 2
                        and flow.steps[1].activity == rows[1][1]):
                    seen_at = time.monotonic()
                    break
                await asyncio.sleep(0.05)
            assert seen_at is not None, "the step never appeared"
            assert rows[1][1] == "Mencatat surat dalam buku agenda"
            assert flow is not None and flow.steps[1].activity == rows[1][1]
            title = str(follow.query_one("#follow-title", Static).render())
            assert title == "Mengikuti Dinas Kesehatan — Pengelolaan Surat Masuk (2 langkah)"
            # Presence: the facilitator sees who is connected and what they edit.
            facilitator.pop_screen()
            facilitator.push_screen(PresenceScreen())
            await wait_for(pilot, lambda: "1 terhubung · Pengelolaan Surat Masuk"
                           in screen_text(facilitator), timeout=30)
            text = screen_text(facilitator)
            assert "Peserta terhubung: 1 dari 2 unit" in text
            assert "1 terhubung · Pengelolaan Surat Masuk" in text
        finally:
            done.touch()
            _, err = await asyncio.wait_for(child.communicate(), 120)
        assert child.returncode == 0, err.decode()[-2000:]


async def test_same_field_conflict_shows_both_values_and_lets_the_user_choose(
        workshop: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder, pin = workshop
    # Our save waits 5 s after the last key, so the other save surely lands in between (even
    # when a pause takes a second or two on a loaded machine).
    monkeypatch.setattr("workshop.tui.stages.pengembangan.editor_base.SAVE_DELAY", 5.0)
    app = participant_app(folder, tmp_path)
    other = Store.open(folder, scope="dinas-kesehatan")
    sop_id = other.sops("dinas-kesehatan")[0].id
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await log_in(app, pin)
        # Enter opens the SOP under the cursor once the list has the focus (under load the
        # list shows before it is focused, and an Enter pressed then goes nowhere)
        await wait_for(pilot, lambda: "Pengelolaan Surat Masuk" in screen_text(app)
                       and isinstance(app.focused, DataTable) and app.focused.row_count > 0)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LiveEditorScreen))
        editor = app.screen
        assert isinstance(editor, LiveEditorScreen)
        # We type into step 1's activity (not saved yet) ...
        box = editor.query_one("#sf-activity", Input)
        box.value = "Menerima dan memeriksa surat"
        await pilot.pause()
        # ... while someone else saves the same field.
        other.edit_sop("dinas-kesehatan", sop_id, [FieldChange(
            "steps.1.activity", "Menerima surat masuk", "Menerima surat dari ekspedisi")])
        assert await wait_for(pilot, lambda: isinstance(app.screen, ConflictDialog))
        await pilot.pause()
        text = screen_text(app)
        assert "Bidang: Langkah 1: Kegiatan" in text
        assert "Isian orang lain (tersimpan): Menerima surat dari ekspedisi" in text
        assert "Isian Anda: Menerima dan memeriksa surat" in text
        await press_button(pilot, "#use-mine")
        assert await wait_for(pilot, lambda: app.screen is editor and (
            Store.open(folder).sop("dinas-kesehatan", sop_id).sop.steps[0].activity
            == "Menerima dan memeriksa surat"))
        stored = Store.open(folder).sop("dinas-kesehatan", sop_id).sop
        assert stored.steps[0].activity == "Menerima dan memeriksa surat"
        # The other way round: keep theirs.
        box.value = "Versi saya"
        await pilot.pause()
        other.edit_sop("dinas-kesehatan", sop_id, [FieldChange(
            "steps.1.activity", "Menerima dan memeriksa surat", "Menerima surat (versi tim)")])
        assert await wait_for(pilot, lambda: isinstance(app.screen, ConflictDialog))
        await pilot.pause()
        await press_button(pilot, "#use-theirs")
        assert await wait_for(pilot, lambda: editor.query_one("#sf-activity", Input).value
                              == "Menerima surat (versi tim)")
        stored = Store.open(folder).sop("dinas-kesehatan", sop_id).sop
        assert stored.steps[0].activity == "Menerima surat (versi tim)"
        assert editor.query_one("#sf-activity", Input).value == "Menerima surat (versi tim)"


async def test_join_screen_shows_address_and_qr(
        workshop: tuple[Path, str], make_app: Callable[..., WorkshopApp]) -> None:
    folder, _ = workshop
    app = make_app(folder)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        app.push_screen(JoinScreen())
        await pilot.pause()
        assert "Server peserta belum berjalan." in screen_text(app)
        app.pop_screen()
        app.push_screen(JoinScreen("http://192.168.1.5:8000"))
        await pilot.pause()
        text = screen_text(app)
        assert "http://192.168.1.5:8000" in text
        for line in qr_lines("http://192.168.1.5:8000"):
            assert line in text
        big = big_text("192.168.1.5:8000")
        assert big is not None and big[0] in text
        assert "pilih unit Anda, lalu masukkan PIN unit dari fasilitator." in text


def test_qr_lines_carry_the_finder_patterns() -> None:
    lines = qr_lines("http://10.0.0.2:8000", border=0)
    # Version 2 (25 modules): 13 text rows of 25 columns. Rows 1-2 of the 7x7 finder patterns:
    # a solid top edge over a ring -> full block at the sides, upper halves between.
    assert len(lines) == 13 and {len(line) for line in lines} == {25}
    assert lines[0].startswith("█▀▀▀▀▀█") and lines[0].endswith("█▀▀▀▀▀█")
    assert big_text("a.b") is None


async def test_presence_is_announced_while_a_participant_is_in(
        workshop: tuple[Path, str], tmp_path: Path) -> None:
    folder, pin = workshop
    app = participant_app(folder, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await log_in(app, pin)
        await wait_for(pilot, lambda: bool(presence.connected(Store.open(folder))))
        entries = presence.connected(Store.open(folder))
        assert [(e.unit, e.sop_id) for e in entries] == [("dinas-kesehatan", "")]
    assert presence.connected(Store.open(folder)) == []  # left on exit
