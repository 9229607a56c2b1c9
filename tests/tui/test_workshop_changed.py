"""One watcher per app: a write by another process becomes one ``WorkshopChanged`` message per
screen, naming the units whose file changed, and what the screens show follows it; no screen
polls the store on its own."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message
from textual.message_pump import MessagePump

from tests.tui.conftest import FROZEN
from tests.tui.fast_keys import wait_until
from workshop.model import Sop
from workshop.store import Store
from workshop.tui.app import WorkshopApp
from workshop.tui.messages import WorkshopChanged
from workshop.tui.screens.main import MainScreen
from workshop.tui.widgets.rail import Rail


async def test_a_write_elsewhere_reaches_the_screens_as_one_message_naming_the_unit(
        tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    store = Store.create(folder, "Pendampingan SOP AP")
    first, second = store.add_units(["Dinas Kesehatan", "Dinas Pendidikan"])
    seen: list[tuple[MessagePump, WorkshopChanged]] = []

    def hook(message: Message) -> None:
        if isinstance(message, WorkshopChanged):
            seen.append((message._sender, message))  # type: ignore[arg-type]

    app = WorkshopApp(folder, now=lambda: FROZEN, recent_file=tmp_path / "recent.json")
    async with app.run_test(size=(120, 36), message_hook=hook) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.pause(1.2)  # the watcher's first look (every file is new to it)
        seen.clear()
        rail_before = rail_text(app)
        other = Store.open(folder)  # another process: a participant's browser tab
        other.add_sop(second.slug, Sop(title="Penerbitan Izin Praktik"))
        await wait_until(pilot, lambda: bool(seen))
        await pilot.pause(0.3)
        messages = [m for _, m in seen]
        assert len(messages) == len(app.screen_stack)  # one per screen, for one write
        assert [m.units for m in messages] == [frozenset({second.slug})] * len(messages)
        assert first.slug not in messages[0].units
        # The rail counts the new draft (the main screen refreshed on the message).
        await wait_until(pilot, lambda: rail_text(app) != rail_before)
        assert rail_text(app) != rail_before


def rail_text(app: WorkshopApp) -> str:
    rail = app.screen.query_one(Rail)
    return "\n".join(str(rail.get_option_at_index(i).prompt) for i in range(rail.option_count))
