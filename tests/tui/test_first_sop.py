"""The first-SOP path (issue 22, item 9; docs/panduan.md, Bab 1): from ``sop-workshop demo``
and from the welcome screen's new workshop, pick a unit, make an SOP from a template, change
its title and two steps, check it and export it, in at most 40 keys besides the typed text and
without a detour (every screen on the way is one the path needs)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.conftest import screen_text
from tests.tui.fast_keys import type_keys, wait_until
from workshop.store import Store
from workshop.tui.app import WorkshopApp
from workshop.tui.stages.pengembangan.editor import EditorScreen

MAX_KEYS = 40
# The screens of the path, in order: no other dialog, no step back (the editor's screen is
# live: it follows other people's saves).
PATH_SCREENS = ["MainScreen", "ChoiceDialog", "ActorMapDialog", "LiveEditorScreen", "Palette",
                "LiveEditorScreen", "Palette", "ExportScreen"]
TITLE = "Pelayanan Legalisasi Fotokopi Ijazah"
STEP_1 = "Menerima permohonan legalisasi dan fotokopi ijazah"
STEP_2 = "Memeriksa kecocokan fotokopi dengan ijazah asli"


class Path_:
    """Keys pressed (counted) and text typed (not counted), with the screens passed."""

    def __init__(self, pilot: Pilot[Any]) -> None:
        self.pilot = pilot
        self.keys: list[str] = []
        self.screens: list[str] = []

    def _seen(self) -> None:
        name = type(self.pilot.app.screen).__name__
        if not self.screens or self.screens[-1] != name:
            self.screens.append(name)

    async def press(self, *keys: str) -> None:
        for key in keys:
            self.keys.append(key)
            await self.pilot.press(key)
            await self.pilot.pause()
            self._seen()

    async def type(self, text: str) -> None:
        await type_keys(self.pilot, *text)
        self._seen()

    async def until(self, condition: Callable[[], bool]) -> None:
        await wait_until(self.pilot, condition)
        self._seen()


async def first_sop(path: Path_, app: WorkshopApp, unit_downs: int) -> EditorScreen:
    """The path from the Persiapan stage (units table focused) to an exported SOP."""
    await path.press(*["down"] * unit_downs)  # 1. pick the unit in Persiapan's unit table
    await path.press("ctrl+pagedown", "ctrl+pagedown")  # 2. to Pengembangan
    await path.until(lambda: bool(app.screen.query("#sop-list")))
    await path.press("t")  # 3. an SOP from a template: the first one, its actors as they are
    await path.until(lambda: "SOP dari templat" in screen_text(app))
    await path.press("enter")
    await path.until(lambda: type(app.screen).__name__ == "ActorMapDialog"
                     and isinstance(app.focused, Input))
    await path.press("enter")
    await path.until(lambda: isinstance(app.screen, EditorScreen))
    editor = app.screen
    assert isinstance(editor, EditorScreen)
    await path.until(lambda: editor.record is not None)
    await path.press("alt+i")  # 4. the title
    await path.until(lambda: app.focused is editor.query_one("#id-title", Input))
    await path.press("ctrl+u")
    await path.type(TITLE)
    await path.press("alt+l")  # 5. two steps: step 1 ...
    await path.until(lambda: app.focused is editor.query_one("#sf-activity", Input))
    await path.press("ctrl+u")
    await path.type(STEP_1)
    await path.press("pagedown")  # ... and step 2
    await path.press("ctrl+u")
    await path.type(STEP_2)
    await path.press("ctrl+p")  # 6. check it
    await path.type("Periksa SOP")
    await path.press("enter")
    await path.until(lambda: any(n.message.startswith("Periksa SOP:")
                                 for n in app._notifications))
    await path.press("ctrl+p")  # 7. export it
    await path.type("Ekspor SOP satu berkas Markdown")
    await path.until(lambda: "Ekspor SOP (satu berkas per SOP): Markdown" in screen_text(app))
    await path.press("enter")
    return editor


def exported(folder: Path) -> list[Path]:
    return [p for p in (folder / "exports").rglob("*.md") if TITLE in p.read_text("utf-8")]


async def test_first_sop_from_the_demo_in_40_keys(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    app = make_app(demo=True, demo_dir=tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await wait_until(pilot, lambda: app.ctx is not None)
        assert app.ctx is not None
        folder = app.ctx.store.path
        path = Path_(pilot)
        await first_sop(path, app, unit_downs=1)
        await wait_until(pilot, lambda: bool(exported(folder)), timeout=60)
        unit = Store.open(folder).units()[1]
        record = next(r for r in Store.open(folder).sops(unit.slug) if r.sop.title == TITLE)
        assert [s.activity for s in record.sop.steps[:2]] == [STEP_1, STEP_2]
        assert record.template  # made from a template
        assert len(path.keys) <= MAX_KEYS, path.keys
        assert path.screens == PATH_SCREENS, path.screens
        print(f"first SOP from the demo: {len(path.keys)} keys: {' '.join(path.keys)}")


async def test_first_sop_from_a_new_workshop_in_40_keys(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder = tmp_path / "baru"
    app = make_app(folder)  # `sop-workshop open baru`: the welcome asks for the title
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        path = Path_(pilot)
        await path.type("Pendampingan SOP AP")
        await path.press("enter")
        await path.until(lambda: type(app.screen).__name__ == "MainScreen")
        await path.press("a")  # the first unit
        await path.until(lambda: type(app.screen).__name__ == "UnitForm")
        await path.type("Dinas Pendidikan")
        await path.press("enter")
        await path.until(lambda: bool(Store.open(folder).units()))
        await first_sop(path, app, unit_downs=0)
        await wait_until(pilot, lambda: bool(exported(folder)), timeout=60)
        assert len(path.keys) <= MAX_KEYS, path.keys
        assert path.screens == ["NewWorkshopScreen", "MainScreen", "UnitForm", *PATH_SCREENS
                                ], path.screens
        print(f"first SOP from a new workshop: {len(path.keys)} keys: {' '.join(path.keys)}")


@pytest.fixture(autouse=True)
def _no_real_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOP_WORKSHOP_RECENT", str(tmp_path / "recent.json"))
