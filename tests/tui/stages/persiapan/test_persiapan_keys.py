"""Persiapan at 80x24: the panel keys 1-4 keep switching panels after "1" (Kegiatan, a panel
of text fields only); nothing is typed into the event's title."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, Tabs

from tests.tui.fast_keys import wait_until
from workshop.store import Store
from workshop.tui.app import WorkshopApp

TITLE = "Pendampingan SOP Wonosobo"


async def test_panel_keys_after_kegiatan_switch_panels_and_type_nothing(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store = Store.create(tmp_path / "ws", TITLE)
    store.add_unit("Dinas Pendidikan")
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tabs = app.screen.query_one("#persiapan-tabs", Tabs)
        for key, tab in (("1", "tab-panel-kegiatan"), ("3", "tab-panel-tim"),
                         ("1", "tab-panel-kegiatan"), ("4", "tab-panel-kesiapan"),
                         ("1", "tab-panel-kegiatan"), ("2", "tab-panel-unit")):
            await pilot.press(key)
            await wait_until(pilot, lambda tab=tab: tabs.active == tab)
            assert tabs.active == tab, key
        title = app.screen.query_one("#ev-title", Input)
        assert title.value == TITLE
        await pilot.press("1", "tab")  # Tab enters the fields
        await wait_until(pilot, lambda: app.focused is title)
        assert app.focused is title
        await pilot.pause(0.5)
        assert store.event().title == TITLE
