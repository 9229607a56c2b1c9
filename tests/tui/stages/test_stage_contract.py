"""The stage pane contract (``tui/stages/base.py``, ``tui/stages/registry.py``): a new stage
pane is a ``StagePane`` subclass and one registry entry. The main screen builds it when it is
first shown, it takes the focus, its unit picker follows the current unit, and it refreshes on
the app's ``WorkshopChanged`` while it is visible (and only then)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, DataTable, Select, Static

from tests.tui.conftest import FROZEN, screen_text
from tests.tui.fast_keys import wait_until
from workshop.store import Store
from workshop.tui.app import WorkshopApp
from workshop.tui.context import context_of
from workshop.tui.screens.main import MainScreen
from workshop.tui.stages import registry
from workshop.tui.stages.base import StagePane


class FakePane(StagePane, Vertical):
    """A stage pane written against the contract only: a unit picker, a list, a line."""

    UNIT_PICKER = "fake-unit"
    FOCUS = "#fake-list"
    PROBLEM = "#fake-line"
    shown: list[str | None] = []  # noqa: RUF012 - what every instance showed, in order

    def compose(self) -> ComposeResult:
        yield from self.compose_unit_bar()
        yield DataTable(id="fake-list")
        yield Static("", id="fake-line", markup=False)

    def show_unit(self) -> None:
        FakePane.shown.append(self.unit_slug)
        units = context_of(self).store.units()
        self.query_one("#fake-line", Static).update(
            Text(f"Tahap uji: {len(units)} unit, dipilih {self.unit_slug}"))


async def shows(pilot: Pilot[Any], app: Any, text: str) -> None:
    await wait_until(pilot, lambda: text in screen_text(app))
    assert text in screen_text(app)


@pytest.fixture
def fake_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The one line a new stage pane adds: its registry entry (here in place of Penerapan's)."""
    monkeypatch.setitem(registry.PANES, "penerapan", f"{__name__}:FakePane")
    monkeypatch.setattr(FakePane, "shown", [])


async def test_a_registered_pane_is_built_on_first_show_focused_and_follows_the_unit(
        tmp_path: Path, fake_registered: None) -> None:
    folder = tmp_path / "ws"
    store = Store.create(folder, "Acara")
    store.add_units(["Dinas A", "Dinas B"])
    app = WorkshopApp(folder, now=lambda: FROZEN, recent_file=tmp_path / "recent.json")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        main = app.screen
        assert isinstance(main, MainScreen)
        assert not main.query(FakePane)  # not built before it is shown
        await pilot.press("ctrl+4")
        await shows(pilot, app, "Tahap uji: 2 unit")
        pane = main.query_one(FakePane)
        assert main.query_one(ContentSwitcher).current == "penerapan"
        assert app.focused is pane.query_one("#fake-list")
        await shows(pilot, app, "dipilih dinas-a")
        # The picker chooses the workshop's current unit; choosing sets it.
        pane.query_one("#fake-unit", Select).value = "dinas-b"
        await shows(pilot, app, "dipilih dinas-b")
        assert context_of(pane).current_unit == "dinas-b"


async def test_a_registered_pane_refreshes_on_workshop_changed_only_when_visible(
        tmp_path: Path, fake_registered: None) -> None:
    folder = tmp_path / "ws"
    store = Store.create(folder, "Acara")
    store.add_units(["Dinas A"])
    app = WorkshopApp(folder, now=lambda: FROZEN, recent_file=tmp_path / "recent.json")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        main = app.screen
        assert isinstance(main, MainScreen)
        await main.open_stage("penerapan")
        await shows(pilot, app, "Tahap uji: 1 unit")
        # Another process adds a unit: the app's watcher posts WorkshopChanged.
        Store.open(folder).add_units(["Dinas B"])
        await shows(pilot, app, "Tahap uji: 2 unit")
        # Hidden, it is not refreshed; shown again, it is.
        await main.open_stage("persiapan")
        await pilot.pause()
        count = len(FakePane.shown)
        Store.open(folder).add_units(["Dinas C"])
        await shows(pilot, app, "Dinas C")
        assert len(FakePane.shown) == count
        await main.open_stage("penerapan")
        await shows(pilot, app, "Tahap uji: 3 unit")


def test_every_registered_pane_is_a_stage_pane() -> None:
    for stage_id in registry.PANES:
        cls = registry.pane_class(stage_id)
        assert cls is not None and issubclass(cls, StagePane), stage_id
