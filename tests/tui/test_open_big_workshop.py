"""Opening a workshop from the command line: only what the first screen needs is read or built,
and nothing of what the user sees is lost by that."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest
from textual.app import App

from tests.tui.conftest import screen_text
from workshop.model import Sop, SopRecord
from workshop.store import Store
from workshop.tui.app import WorkshopApp
from workshop.tui.screens import main as main_screen
from workshop.tui.screens.main import MainScreen
from workshop.tui.screens.welcome import WelcomeScreen


def shown(app: WorkshopApp) -> str:
    return screen_text(cast("App[object]", app))


def notes(app: WorkshopApp) -> str:
    return " ".join(n.message for n in app._notifications)


async def test_a_named_folder_opens_without_the_welcome_screen_which_comes_back_on_close(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    Store.create(tmp_path / "ws", "Pendampingan Wonosobo")
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert not any(isinstance(s, WelcomeScreen) for s in app.screen_stack)
        assert "Pendampingan Wonosobo" in shown(app)
        app.close_workshop()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert "Workshop terakhir" in shown(app)
        assert "ws" in shown(app)  # the workshop just closed is in the recent list


async def test_a_damaged_unit_file_of_a_big_workshop_is_named_after_the_first_screen(
    tmp_path: Path, make_app: Callable[..., WorkshopApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.create(tmp_path / "ws", "Acara")
    a, b = store.add_units(["Dinas A", "Dinas B"])
    store.add_sop_records(a.slug, [SopRecord(id="", sop=Sop(title="Satu"))])
    store.add_sop_records(b.slug, [SopRecord(id="", sop=Sop(title="Dua"))])
    damaged = tmp_path / "ws" / "units" / f"{b.slug}.json"
    damaged.write_text('{"sops": {', encoding="utf-8")
    monkeypatch.setattr(main_screen, "BIG_WORKSHOP_BYTES", 0)
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)  # the other units stay usable
        assert "Dinas A" in shown(app)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert f"{damaged} tidak dapat dibaca" in notes(app)
        assert "JSON terpotong" in notes(app) and "Traceback" not in notes(app)
    assert damaged.read_text(encoding="utf-8") == '{"sops": {'  # never overwritten


async def test_a_running_session_is_resumed_when_the_workshop_opens(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    from workshop.model import Session

    store = Store.create(tmp_path / "ws", "Acara")
    store.add_session(Session(id="", title="Hari 1", state="running",
                              started_at="2018-07-10T09:00:00"))
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Hari 1" in shown(app)
        assert not isinstance(app.screen, MainScreen)  # the sessions screen, over the frame
        assert any(isinstance(s, MainScreen) for s in app.screen_stack)
