"""Issue 10: the board shows which units are connected now and which SOP each is editing."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from tests.tui.conftest import screen_text
from tests.tui.fast_keys import wait_until
from workshop import presence
from workshop.model import Sop, Step
from workshop.store import Store
from workshop.tui.app import WorkshopApp
from workshop.tui.screens.board import ProjectorBoardScreen, presence_text


def _workshop(root: Path) -> tuple[Store, str]:
    store = Store.create(root, "Acara")
    store.add_units(["Dinas Kesehatan", "Dinas Pendidikan"])
    sop = Sop(title="Pengelolaan Surat Masuk [b]", actors=["Petugas"],
              steps=[Step("Menerima surat", "Petugas", kind="start")])
    record = store.add_sop("dinas-kesehatan", sop)
    return store, record.id


async def test_board_names_connected_units_and_what_they_edit(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store, sop_id = _workshop(tmp_path / "ws")
    assert presence_text(store) == ""  # nobody connected: no line at all
    beat = presence.Heartbeat(store, "dinas-kesehatan")
    beat.editing(sop_id, "Pengelolaan Surat Masuk [b]")
    beat.beat()

    async def keep_beating() -> None:
        # as the participant's app does: an entry older than PRESENCE_TTL (10 s) counts as gone,
        # and on a loaded machine this test can take longer than that
        while True:
            await asyncio.sleep(presence.HEARTBEAT_SECONDS)
            beat.beat()

    beating = asyncio.create_task(keep_beating())
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+b")
        # the board fills in after it is shown (its counts come from a worker)
        await wait_until(pilot, lambda: "Pengelolaan Surat Masuk [b]" in screen_text(app))
        text = screen_text(app)
        assert "Terhubung sekarang" in text
        assert "Dinas Kesehatan" in text.split("Terhubung sekarang", 1)[1]
        assert "Pengelolaan Surat Masuk [b]" in text  # user text, never markup
        assert "Dinas Pendidikan:" not in text
        app.push_screen(ProjectorBoardScreen())
        await wait_until(pilot, lambda: isinstance(app.screen, ProjectorBoardScreen)
                         and "Pengelolaan Surat Masuk [b]" in screen_text(app))
        assert "Pengelolaan Surat Masuk [b]" in screen_text(app)
    beating.cancel()
    beat.leave()
    assert presence_text(store) == ""
