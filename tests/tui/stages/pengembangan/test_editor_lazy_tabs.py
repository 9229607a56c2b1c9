"""The editor's later tabs (Identitas, Pelaksana, Bagan alir, Reviu) are built the first time
they are shown: the editor opens with half its widgets, and each tab, once built, shows the SOP
as it is then, locked when the SOP is approved, and is reached by the findings too."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from tests.tui.fast_keys import wait_until
from tests.tui.stages.pengembangan.test_editor_keys import TITLE, open_editor, workshop
from workshop.rules import Finding
from workshop.status import SopStatus
from workshop.store import Store
from workshop.tui.app import WorkshopApp
from workshop.tui.stages.pengembangan.editor import EditorScreen
from workshop.tui.stages.pengembangan.editor_panes import PANE_WIDGETS
from workshop.tui.stages.pengembangan.findings import FindingsList
from workshop.tui.widgets.tabs import LazyPane

LATER = ("#id-title", "#actors", "#actor-new", "#flowchart", "#comments", "#rv-author")


def built(screen: EditorScreen) -> list[str]:
    return [selector for selector in LATER if screen.query(selector)]


def focused_id(app: WorkshopApp) -> str | None:
    return app.focused.id if app.focused is not None else None


@asynccontextmanager
async def fresh_editor(
    folder: Path, make_app: Callable[..., WorkshopApp]
) -> AsyncIterator[tuple[WorkshopApp, Pilot[None], EditorScreen]]:
    """The editor of the workshop's one SOP, just opened: none of the later tabs built."""
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(pilot)
        assert built(screen) == []
        yield app, pilot, screen


def test_the_lazy_tabs_are_the_tabs_after_the_first() -> None:
    assert list(PANE_WIDGETS) == [tab for tab, _, _ in EditorScreen.TAB_LABELS[1:]]
    assert list(PANE_WIDGETS) == list(EditorScreen.TAB_FOCUS)[1:]
    assert list(PANE_WIDGETS) == list(EditorScreen.PANE_FILLS)
    assert all(callable(getattr(EditorScreen, fill)) for fill in EditorScreen.PANE_FILLS.values())


async def test_later_tabs_are_built_when_first_shown(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    async with fresh_editor(workshop(tmp_path), make_app) as (app, pilot, screen):
        assert all(not pane.built for pane in screen.query(LazyPane))

        await pilot.press("alt+i")
        await wait_until(pilot, lambda: focused_id(app) == "id-title")
        title = screen.query_one("#id-title", Input)
        assert app.focused is title
        assert title.value == TITLE
        assert built(screen) == ["#id-title"]

        await pilot.press("alt+p")
        await wait_until(pilot, lambda: bool(screen.query("#actors")))
        actors = screen.query_one("#actors", DataTable)
        await wait_until(pilot, lambda: actors.row_count == 1)
        assert [str(cell) for cell in actors.get_row_at(0)][:2] == ["1", "Petugas TU"]

        await pilot.press("alt+r")
        await wait_until(pilot, lambda: focused_id(app) == "rv-author")
        assert built(screen) == ["#id-title", "#actors", "#actor-new", "#comments", "#rv-author"]

        # Built once: coming back finds the same box, with what was typed into it.
        await pilot.press("alt+i")
        await wait_until(pilot, lambda: app.focused is title)
        assert app.focused is title
        assert len(screen.query("#id-title")) == 1


async def test_a_tab_built_late_shows_the_sop_as_it_is_then(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    async with fresh_editor(workshop(tmp_path), make_app) as (_, pilot, screen):
        screen.editor.sop.title = "Judul yang diubah sebelum tab dibuka"
        await pilot.press("alt+i")
        await wait_until(pilot, lambda: bool(screen.query("#id-title")))
        await pilot.pause()
        assert screen.query_one("#id-title", Input).value == "Judul yang diubah sebelum tab dibuka"


async def test_a_finding_on_an_identity_field_builds_its_tab_and_puts_the_cursor_there(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    async with fresh_editor(workshop(tmp_path), make_app) as (app, pilot, screen):
        finding = Finding("warning", "no-title", "Isi judul.", None, field="title")
        screen.query_one(FindingsList).post_message(FindingsList.Chosen(finding))
        await wait_until(pilot, lambda: focused_id(app) == "id-title")
        assert app.focused is screen.query_one("#id-title", Input)

        finding = Finding("warning", "no-actors", "Isi pelaksana.", None, field="actors")
        screen.query_one(FindingsList).post_message(FindingsList.Chosen(finding))
        await wait_until(pilot, lambda: focused_id(app) == "actor-new")
        assert app.focused is screen.query_one("#actor-new", Input)


async def test_an_approved_sop_gets_its_later_tabs_locked_when_they_are_built(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder = workshop(tmp_path)
    store = Store.open(folder)
    (record,) = store.sops("sekretariat-daerah")
    store.set_sop_status("sekretariat-daerah", record.id, SopStatus.DISAHKAN)
    async with fresh_editor(folder, make_app) as (_, pilot, screen):
        assert screen.read_only
        await pilot.press("alt+i")
        await wait_until(pilot, lambda: bool(screen.query("#id-title")))
        await pilot.pause()
        boxes = list(screen.query("#tab-identitas Input"))
        assert boxes and all(box.disabled for box in boxes)
        assert screen.query_one("#id-title", Input).value == TITLE
