"""A washed-out projector and 80x24 (issue 22): ticked and unticked boxes differ in their glyph,
not only in colour; the footer keeps F1 Bantuan and ctrl+q Keluar at 80 columns."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import SelectionList

from tests.tui.conftest import screen_text
from tests.tui.fast_keys import wait_until
from workshop.store import Store
from workshop.tui.app import WorkshopApp


def footer_line(app: WorkshopApp) -> str:
    return screen_text(app).splitlines()[-1]


async def test_footer_keeps_help_and_quit_at_80x24(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    app = make_app()  # the welcome screen
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "f1 Bantuan" in footer_line(app) and "^q Keluar" in footer_line(app)
    folder = tmp_path / "ws"
    store = Store.create(folder, "Pendampingan SOP AP")
    store.add_unit("Sekretariat Daerah", short_name="Setda")
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = footer_line(app)
        assert "f1 Bantuan" in line and "^q Keluar" in line
        assert "Tambah unit" in line  # the stage's keys follow


async def test_ticked_and_unticked_differ_without_colour(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder = tmp_path / "ws"
    store = Store.create(folder, "Pendampingan SOP AP")
    store.add_unit("Sekretariat Daerah", short_name="Setda")
    app = make_app(folder)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await wait_until(pilot, lambda: "Kesiapan" in screen_text(app))
        checklist = app.screen.query_one("#readiness", SelectionList)
        await wait_until(pilot, lambda: checklist.option_count > 0)
        checklist.focus()
        await pilot.press("space")  # tick the first item
        await pilot.pause()
        await pilot.pause()
        lines = [line for line in screen_text(app).splitlines() if "▐" in line and "▌" in line]
        ticked = [line for line in lines if "▐X▌" in line]
        unticked = [line for line in lines if "▐ ▌" in line]
        assert len(ticked) == 1, lines
        assert len(unticked) == checklist.option_count - 1
