"""Sessions in the app: plan, start, timer, overrun, attendance, minutes, resume, projector."""

from __future__ import annotations

import os

os.environ["TEXTUAL_ANIMATION"] = "none"

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Button, DataTable, Input, Markdown, SelectionList, TabbedContent

from tests.tui.conftest import screen_text
from tests.tui.fast_keys import press_button, type_keys, wait_for_widget, wait_until
from workshop.cli import main
from workshop.model import Sop
from workshop.store import Store
from workshop.tui.app import WorkshopApp
from workshop.tui.sesi.dialogs import MinutesPreview
from workshop.tui.sesi.projector import TimerProjectorScreen
from workshop.tui.sesi.screen import SesiScreen
from workshop.tui.sesi.slides import SlidesScreen
from workshop.tui.widgets.timer_digits import TimerDigits

START = datetime(2018, 7, 9, 8, 0, 0)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float = 0, seconds: float = 0) -> None:
        self.now += timedelta(minutes=minutes, seconds=seconds)


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    folder = tmp_path / "w"
    assert main(["new", str(folder), "--title", "Pendampingan Wonosobo",
                 "--plan", "pendampingan-2-hari"]) == 0
    store = Store.open(folder)
    store.add_unit("Dinas Sosial")
    store.add_unit("Dinas Kesehatan")
    store.add_member("dinas-sosial", "Siti Aminah", role="ketua")
    store.add_member("dinas-kesehatan", "Budi [Ketua] Santoso")
    return folder


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make(recent_file: Path, clock: Clock) -> Callable[[Path], WorkshopApp]:
    def build(folder: Path) -> WorkshopApp:
        return WorkshopApp(folder, now=clock, recent_file=recent_file)

    return build


def _digits(app: WorkshopApp) -> TimerDigits:
    return app.screen.query_one(TimerDigits)


async def test_run_day_one_overrun_attendance_minutes(
    workshop: Path, make: Callable[[Path], WorkshopApp], clock: Clock
) -> None:
    app = make(workshop)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, SesiScreen)
        text = screen_text(app)
        assert "Hari 1: Sosialisasi" in text and "direncanakan" in text
        assert "Pembukaan dan kesepakatan hasil dua hari" in text

        await pilot.press("space")  # start day 1
        await wait_until(pilot, lambda: _digits(app).value == "30:00")
        assert _digits(app).value == "30:00"
        assert Store.open(workshop).backups(), "a backup is taken at session start"
        clock.advance(minutes=10)
        await wait_until(pilot, lambda: _digits(app).value == "20:00")
        assert _digits(app).value == "20:00"

        await pilot.press("n")  # sosialisasi, 90 minutes
        await wait_until(pilot, lambda: "Agenda 2/5" in screen_text(app))
        assert "Sosialisasi Pedoman Penyusunan SOP AP" in screen_text(app)
        assert "Agenda 2/5" in screen_text(app)
        clock.advance(minutes=80)
        await wait_until(pilot, lambda: _digits(app).has_class("-near-end"))
        assert _digits(app).has_class("-near-end")
        clock.advance(minutes=11, seconds=5)
        await wait_until(pilot, lambda: _digits(app).value == "+01:05")
        assert _digits(app).value == "+01:05"
        assert _digits(app).has_class("-overrun")
        assert "melewati waktu" in screen_text(app)

        # attendance: tick a unit and a member (whose unit is ticked with them), add a guest
        app.screen.query_one(TabbedContent).active = "tab-hadir"
        await pilot.pause()
        units: SelectionList[str] = app.screen.query_one("#att-units", SelectionList)
        units.focus()
        units.highlighted = 0
        await pilot.press("space")
        members: SelectionList[str] = app.screen.query_one("#att-members", SelectionList)
        members.focus()
        members.highlighted = 1
        await pilot.press("space")
        guest = app.screen.query_one("#att-guests Input", Input)
        guest.focus()
        await type_keys(pilot, *"Inspektorat")
        await pilot.press("enter")
        await wait_until(pilot,
                         lambda: Store.open(workshop).sessions()[0].guests == ["Inspektorat"])
        stored = Store.open(workshop).sessions()[0]
        assert sorted(stored.attended_units) == ["dinas-kesehatan", "dinas-sosial"]
        assert len(stored.attended_members) == 1 and stored.guests == ["Inspektorat"]
        assert "Budi [Ketua] Santoso — Dinas Kesehatan" in screen_text(app)

        # minutes: a decision and an action item
        app.screen.query_one(TabbedContent).active = "tab-notulen"
        await pilot.pause()
        decision = app.screen.query_one("#mn-decisions Input", Input)
        decision.focus()
        await type_keys(pilot, *"SK tim menyusul [Senin]")
        await pilot.press("enter")
        await pilot.pause()
        await press_button(pilot, "#mn-add-action")
        await wait_for_widget(pilot, "#t-what")
        app.screen.query_one("#t-what", Input).value = "Menyerahkan Tabel 6"
        app.screen.query_one("#t-due", Input).value = "2018-07-20"
        await press_button(pilot, "#ok")
        await wait_until(pilot, lambda: "Menyerahkan Tabel 6" in screen_text(app))
        text = screen_text(app)
        assert "SK tim menyusul [Senin]" in text and "Menyerahkan Tabel 6" in text

        # a unit drafts an SOP meanwhile (another process, same folder)
        other = Store.open(workshop, now=clock)
        other.add_sop("dinas-sosial", Sop(title="Surat Masuk"))

        # end the session
        app.screen.query_one("#sesi-agenda", DataTable).focus()
        await pilot.press("x")
        await press_button(pilot, "#yes")
        await wait_until(pilot, lambda: Store.open(workshop).sessions()[0].state == "ended")
        ended = Store.open(workshop).sessions()[0]
        assert ended.state == "ended" and ended.ended_at is not None
        assert ended.decisions == ["SK tim menyusul [Senin]"]
        assert ended.actions[0].what == "Menyerahkan Tabel 6"
        assert ended.actions[0].due == "2018-07-20"

        app.screen.query_one(TabbedContent).active = "tab-notulen"
        await wait_until(pilot, lambda: "Disusun: Surat Masuk" in screen_text(app))
        assert "Disusun: Surat Masuk" in screen_text(app)
        await press_button(pilot, "#mn-preview")
        await wait_until(pilot, lambda: isinstance(app.screen, MinutesPreview))
        assert isinstance(app.screen, MinutesPreview)
        markdown = app.screen.markdown
        assert "SK tim menyusul \\[Senin\\]" in markdown or "SK tim menyusul [Senin]" in markdown
        assert "Menyerahkan Tabel 6" in markdown and "2018-07-20" in markdown
        assert "Inspektorat" in markdown and "Surat Masuk" in markdown
        assert app.screen.query_one(Markdown) is not None


async def test_resume_returns_to_the_same_item_and_remaining_time(
    workshop: Path, make: Callable[[Path], WorkshopApp], clock: Clock
) -> None:
    app = make(workshop)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("space", "n", "n")  # third item: team readiness, 45 minutes
        await pilot.pause()
        clock.advance(minutes=12, seconds=30)
        await wait_until(pilot, lambda: _digits(app).value == "32:30")
        before = _digits(app).value
        assert before == "32:30"
        await pilot.press("ctrl+q")

    again = make(workshop)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, SesiScreen)
        assert _digits(again).value == before
        assert "Kesiapan Tim Penyusun SOP tiap OPD" in screen_text(again)
        assert "Agenda 3/5" in screen_text(again)
        clock.advance(minutes=1)
        await wait_until(pilot, lambda: _digits(again).value == "31:30")
        assert _digits(again).value == "31:30"


async def test_pause_holds_the_time_across_a_restart(
    workshop: Path, make: Callable[[Path], WorkshopApp], clock: Clock
) -> None:
    app = make(workshop)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("space")
        clock.advance(minutes=5)
        await pilot.press("space")  # pause at 25:00
        await pilot.pause()
    clock.advance(minutes=60)
    again = make(workshop)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert _digits(again).value == "25:00" and _digits(again).has_class("-paused")
        assert "jeda" in screen_text(again)


async def test_sessions_and_agenda_can_be_added_edited_and_moved(
    workshop: Path, make: Callable[[Path], WorkshopApp]
) -> None:
    app = make(workshop)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        app.screen.query_one("#sesi-list", DataTable).focus()
        await pilot.press("a")
        await wait_for_widget(pilot, "#s-title")
        app.screen.query_one("#s-title", Input).value = "Klinik [SOP] 1"
        app.screen.query_one("#s-date", Input).value = "2018-08-14"
        await press_button(pilot, "#ok")
        await wait_until(pilot, lambda: "Klinik [SOP] 1" in screen_text(app))
        assert "Klinik [SOP] 1" in screen_text(app)
        app.screen.query_one("#sesi-agenda", DataTable).focus()
        await pilot.press("i")
        await wait_for_widget(pilot, "#a-title")
        app.screen.query_one("#a-title", Input).value = "Reviu bersama"
        app.screen.query_one("#a-minutes", Input).value = "45"
        await press_button(pilot, "#ok")
        await wait_until(pilot, lambda: not app.screen.query("#a-title"))
        await pilot.press("i")
        await wait_for_widget(pilot, "#a-title")
        app.screen.query_one("#a-title", Input).value = "Pembukaan klinik"
        app.screen.query_one("#a-minutes", Input).value = "dua"
        await press_button(pilot, "#ok")
        await wait_until(pilot, lambda: "Waktu ditulis dalam menit" in screen_text(app))
        assert "Waktu ditulis dalam menit" in screen_text(app)
        app.screen.query_one("#a-minutes", Input).value = "10"
        # the refusal message moved the buttons: press OK itself, not stale coordinates
        app.screen.query_one("#ok", Button).press()

        def agenda_titles() -> list[str]:
            found = [s for s in Store.open(workshop).sessions() if s.title == "Klinik [SOP] 1"]
            return [i.title for i in found[0].agenda] if found else []

        await wait_until(pilot, lambda: len(agenda_titles()) == 2)
        app.screen.query_one("#sesi-agenda", DataTable).focus()
        await pilot.pause()
        await pilot.press("ctrl+up")
        await wait_until(pilot, lambda: agenda_titles()[:1] == ["Pembukaan klinik"])
        klinik = next(s for s in Store.open(workshop).sessions() if s.title == "Klinik [SOP] 1")
        assert [(i.title, i.minutes) for i in klinik.agenda] == [
            ("Pembukaan klinik", 10), ("Reviu bersama", 45)]
        assert klinik.date == "2018-08-14"

        # move the session to another date
        app.screen.query_one("#sesi-list", DataTable).focus()
        await pilot.press("e")
        await wait_for_widget(pilot, "#s-date")
        app.screen.query_one("#s-date", Input).value = "2018-08-21"
        await press_button(pilot, "#ok")
        await wait_until(pilot, lambda: Store.open(workshop).session(klinik.id).date
                         == "2018-08-21")
        assert Store.open(workshop).session(klinik.id).date == "2018-08-21"


async def test_projector_view_shows_only_the_item_and_the_timer(
    workshop: Path, make: Callable[[Path], WorkshopApp], clock: Clock
) -> None:
    app = make(workshop)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("space")
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, TimerProjectorScreen)
        text = screen_text(app)
        assert "Pembukaan dan kesepakatan hasil dua hari" in text
        assert "Agenda 1/5" in text and "Tahap Persiapan" in text
        await pilot.press("n")
        await pilot.pause()
        assert "Sosialisasi Pedoman" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SesiScreen)


async def test_slides_move_with_the_arrow_keys(
    workshop: Path, make: Callable[[Path], WorkshopApp]
) -> None:
    app = make(workshop)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, SlidesScreen)
        assert "Sosialisasi Pedoman Penyusunan SOP AP" in screen_text(app)
        assert "Salindia 1/" in screen_text(app)
        await pilot.press("right", "right")
        await pilot.pause()
        assert "prinsip penyusunan" in screen_text(app)
        assert "Kemudahan dan kejelasan" in screen_text(app)
        await pilot.press("left")
        await pilot.pause()
        assert "Untuk apa SOP AP?" in screen_text(app)


def test_snapshot_timer_projector(
    workshop: Path, snap_compare: Callable[..., bool], recent_file: Path
) -> None:
    clock = Clock()
    store = Store.open(workshop, now=clock)
    from workshop.sesi import timer

    first = store.sessions()[0]
    running = timer.next_item(timer.start(first, clock()), clock())
    store.save_session(running)
    clock.advance(minutes=91, seconds=5)

    async def run_before(pilot: object) -> None:
        app = pilot.app  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
        app.push_screen(TimerProjectorScreen(first.id))
        await pilot.pause()  # type: ignore[attr-defined]

    app = WorkshopApp(workshop, now=clock, recent_file=recent_file)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_snapshot_symbols_slide(
    workshop: Path, snap_compare: Callable[..., bool], recent_file: Path
) -> None:
    from workshop.tui.sesi.slides import load_slides

    slides, _ = load_slides()
    index = next(i for i, s in enumerate(slides) if s.title.endswith("simbol diagram alir"))

    async def run_before(pilot: object) -> None:
        app = pilot.app  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
        app.push_screen(SlidesScreen(start=index))
        await pilot.pause()  # type: ignore[attr-defined]

    app = WorkshopApp(workshop, now=lambda: START, recent_file=recent_file)
    assert snap_compare(app, terminal_size=(100, 34), run_before=run_before)


async def test_a_failed_save_is_a_toast_not_a_traceback(
    workshop: Path, make: Callable[[Path], WorkshopApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    from workshop.store import StoreError

    def refuse(self: Store, session: object) -> None:
        raise StoreError("Berkas workshop.json sedang dikunci proses lain.")

    app = make(workshop)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        monkeypatch.setattr(Store, "save_session", refuse)
        await pilot.press("space")
        await pilot.pause()
        toasts = " ".join(f"{n.title} {n.message}" for n in app._notifications)
        assert "Gagal menyimpan" in toasts and "sedang dikunci proses lain" in toasts
        assert isinstance(app.screen, SesiScreen)
        assert Store.open(workshop).sessions()[0].state == "planned"


async def test_notes_are_saved_when_leaving_the_box(
    workshop: Path, make: Callable[[Path], WorkshopApp]
) -> None:
    from textual.widgets import TextArea

    app = make(workshop)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        app.screen.query_one(TabbedContent).active = "tab-notulen"
        await pilot.pause()
        notes = app.screen.query_one("#mn-notes", TextArea)
        notes.focus()
        await type_keys(pilot, *"Peserta [30 orang]")
        app.screen.query_one("#mn-decisions Input", Input).focus()
        await pilot.pause()
        assert Store.open(workshop).sessions()[0].notes == "Peserta [30 orang]"


async def test_the_palette_offers_sessions_timer_and_slides(
    workshop: Path, make: Callable[[Path], WorkshopApp]
) -> None:
    app = make(workshop)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        commands = {c.name: c for c in app.palette_commands()}
        assert {"Sesi dan agenda", "Timer sesi: tampilan proyektor",
                "Salindia sosialisasi"} <= set(commands)
        commands["Timer sesi: tampilan proyektor"].run()
        await pilot.pause()
        assert isinstance(app.screen, TimerProjectorScreen)
        assert "Pembukaan dan kesepakatan hasil dua hari" in screen_text(app)


async def test_moving_in_the_session_list_shows_that_session(
    workshop: Path, make: Callable[[Path], WorkshopApp]
) -> None:
    app = make(workshop)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        app.screen.query_one("#sesi-list", DataTable).focus()
        await pilot.press("down")
        await pilot.pause()
        text = screen_text(app)
        assert "Hari 2: Penyusunan, uji coba, dan rencana penerapan · direncanakan" in text
        assert "Ulasan hari pertama dan pembagian kerja tim" in text


async def test_t_opens_the_stage_of_the_current_item_and_f6_comes_back(
    workshop: Path, make: Callable[[Path], WorkshopApp]
) -> None:
    from workshop.tui.screens.main import MainScreen

    app = make(workshop)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("space", "n", "n", "n")  # item 4 serves Penilaian Kebutuhan
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and app.screen.current == "kebutuhan"
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, SesiScreen) and "Agenda 4/5" in screen_text(app)


async def test_minutes_export_writes_one_file_per_session(
    workshop: Path, make: Callable[[Path], WorkshopApp]
) -> None:
    app = make(workshop)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        app.screen.query_one(TabbedContent).active = "tab-notulen"
        await pilot.pause()
        decision = app.screen.query_one("#mn-decisions Input", Input)
        decision.focus()
        await type_keys(pilot, *"Klinik tanggal 14 Agustus")
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#mn-export").press()  # type: ignore[attr-defined]
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    files = sorted((workshop / "exports").glob("notulen-*.md"))
    assert len(files) == 2
    assert "Klinik tanggal 14 Agustus" in files[0].read_text(encoding="utf-8")
