"""The Sesi screen's tabs by keyboard (1-3, ctrl+PageDown/PageUp) and its texts at 80x24."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TabbedContent, TextArea

from tests.tui.conftest import frozen_now, screen_text
from tests.tui.fast_keys import wait_until
from workshop.cli import main
from workshop.tui.app import WorkshopApp
from workshop.tui.sesi.screen import SesiScreen


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    folder = tmp_path / "w"
    assert main(["new", str(folder), "--title", "Pendampingan Wonosobo",
                 "--plan", "pendampingan-2-hari"]) == 0
    return folder


async def test_tabs_by_keyboard_and_minutes_texts(workshop: Path, recent_file: Path) -> None:
    app = WorkshopApp(workshop, now=frozen_now, recent_file=recent_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, SesiScreen))
        tabs = app.screen.query_one("#sesi-tabs", TabbedContent)
        await pilot.press("2")
        await wait_until(pilot, lambda: tabs.active == "tab-hadir")
        assert tabs.active == "tab-hadir"
        await pilot.press("3")
        await wait_until(pilot, lambda: isinstance(app.focused, TextArea))
        assert tabs.active == "tab-notulen"
        assert isinstance(app.focused, TextArea)  # the notes box, ready to type
        text = screen_text(app)
        assert "Tindak lanjut (Enter: ubah, spasi: selesai," in text
        assert "Delete: hapus)" in text  # wrapped, not cut
        assert "parking lot" not in text
        await pilot.press("1")  # typed into the notes: a text box keeps its digits
        await wait_until(pilot, lambda: app.screen.query_one("#mn-notes", TextArea).text == "1")
        assert tabs.active == "tab-notulen"
        await pilot.press("ctrl+pagedown")  # leaves the box
        await wait_until(pilot, lambda: tabs.active == "tab-jalan")
        assert tabs.active == "tab-jalan"
        await pilot.press("ctrl+pageup")
        await wait_until(pilot, lambda: tabs.active == "tab-notulen")
        assert tabs.active == "tab-notulen"
