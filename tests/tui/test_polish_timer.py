"""The session timer grows with the terminal: a 200x60 projector terminal shows far larger
digits than an 80x24 window, in the projector view and on the Sesi screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.tui.conftest import frozen_now, screen_text
from tests.tui.fast_keys import wait_until
from workshop.cli import main
from workshop.tui.app import WorkshopApp
from workshop.tui.screens.sesi import SesiScreen
from workshop.tui.screens.sesi_projector import TimerProjectorScreen
from workshop.tui.widgets.timer_digits import TimerDigits, block_lines, block_scale


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    folder = tmp_path / "w"
    assert main(["new", str(folder), "--title", "Pendampingan Wonosobo",
                 "--plan", "pendampingan-2-hari"]) == 0
    return folder


def block_rows(app: WorkshopApp) -> list[str]:
    """The screen's lines that carry block digits."""
    return [line for line in screen_text(app).splitlines() if "██" in line]


def digit_width(rows: list[str]) -> int:
    """Columns from the first to the last lit cell of the block digits."""
    starts = [len(line) - len(line.lstrip()) for line in rows]
    ends = [len(line.rstrip()) for line in rows]
    return max(ends) - min(starts)


async def projector_rows(make: Callable[[], WorkshopApp], size: tuple[int, int]) -> list[str]:
    app = make()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, SesiScreen))
        await pilot.press("space")
        await wait_until(pilot, lambda: app.screen.query_one(TimerDigits).value == "30:00")
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, TimerProjectorScreen))
        await wait_until(pilot, lambda: bool(block_rows(app)))
        rows = block_rows(app)
        text = screen_text(app)
        assert "Pembukaan dan kesepakatan hasil dua hari" in text  # the item stays readable
        assert "Agenda 1/5" in text
        return rows


async def test_projector_timer_is_larger_at_200x60(
    workshop: Path, recent_file: Path
) -> None:
    def make() -> WorkshopApp:
        return WorkshopApp(workshop, now=frozen_now, recent_file=recent_file)

    small = await projector_rows(make, (80, 24))
    large = await projector_rows(make, (200, 60))
    assert len(small) == 5  # one row per font row at 80x24
    assert len(large) >= 4 * len(small)  # at least four times as tall
    assert digit_width(large) >= 3 * digit_width(small)
    assert digit_width(large) <= 200


async def test_sesi_screen_timer_is_block_digits_only_when_wide(
    workshop: Path, recent_file: Path
) -> None:
    for size, expect_blocks in (((80, 24), False), ((200, 60), True)):
        app = WorkshopApp(workshop, now=frozen_now, recent_file=recent_file)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.press("f6")
            await wait_until(pilot, lambda app=app: isinstance(app.screen, SesiScreen))
            clock = app.screen.query_one(TimerDigits)
            await wait_until(pilot, lambda clock=clock: clock.value != "00:00")
            await pilot.pause()
            rows = block_rows(app)
            if expect_blocks:
                assert len(rows) >= 10, size
                assert clock.scale[0] >= 2
                text = screen_text(app)
                assert "Pembukaan dan kesepakatan hasil dua hari" in text
            else:
                assert rows == [], size  # the three-line clock beside the item
                assert clock.scale == (0, 0)
                assert clock.region.height == 3


def test_block_scale_fits_the_room() -> None:
    assert block_scale("25:00", 41, 100) == (0, 0)  # "+00:00" needs 42 columns at scale 1
    assert block_scale("25:00", 42, 5) == (1, 1)
    assert block_scale("25:00", 192, 46) == (4, 6)  # taller, at most 1.5x
    assert block_scale("25:00", 192, 12) == (4, 2)  # height-bound
    lines = block_lines("1:", 1, 2)
    assert len(lines) == 10 and len(set(map(len, lines))) == 1
