"""Issue 21: the facilitator sees wrong PINs on the board and can end a unit's wait there."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.tui.conftest import screen_text
from tests.tui.fast_keys import wait_until
from workshop.store import Store
from workshop.store.pins import ADDRESS_TRIES
from workshop.tui.app import WorkshopApp
from workshop.tui.dialogs import ConfirmScreen


async def test_board_shows_wrong_pins_and_the_facilitator_unlocks(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store = Store.create(tmp_path / "ws", "Acara")
    store.add_units(["Dinas Kesehatan", "Dinas Pendidikan"])
    pin = store.generate_pin("dinas-kesehatan")
    wrong = f"{(int(pin) + 1) % 10**6:06d}"
    for _ in range(ADDRESS_TRIES):
        store.try_pin("dinas-kesehatan", wrong, client="10.0.0.66")
    assert not store.try_pin("dinas-kesehatan", pin, client="10.0.0.66").checked  # waiting
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+b")
        await wait_until(pilot, lambda: "PIN salah" in screen_text(app))
        text = screen_text(app)
        assert "Dinas Kesehatan: 3 kali dari 1 alamat (tunggu" in text
        app.screen.query_one("#board-unlock").press()
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        app.screen.query_one("#yes").press()
        await wait_until(pilot, lambda: "PIN salah" not in screen_text(app))
    assert store.pin_failures() == []
    assert store.try_pin("dinas-kesehatan", pin, client="10.0.0.66").ok
