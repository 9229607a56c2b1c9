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
from workshop.tui.sesi.projector import TimerProjectorScreen
from workshop.tui.sesi.screen import SesiScreen
from workshop.tui.widgets.block_font import BigText, layout
from workshop.tui.widgets.timer_digits import TimerDigits, block_lines, block_scale


def new_workshop(folder: Path) -> Path:
    assert main(["new", str(folder), "--title", "Pendampingan Wonosobo",
                 "--plan", "pendampingan-2-hari"]) == 0
    return folder


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    return new_workshop(tmp_path / "w")


def block_rows(app: WorkshopApp) -> list[str]:
    """The lines of the timer's region that carry block digits."""
    region = app.screen.query_one(TimerDigits).region
    lines = screen_text(app).splitlines()[region.y:region.bottom]
    return [line[region.x:region.right] for line in lines if "██" in line]


def digit_width(rows: list[str]) -> int:
    """Columns from the first to the last lit cell of the block digits."""
    starts = [len(line) - len(line.lstrip()) for line in rows]
    ends = [len(line.rstrip()) for line in rows]
    return max(ends) - min(starts)


async def projector_view(make: Callable[[], WorkshopApp],
                         size: tuple[int, int]) -> tuple[list[str], str, str]:
    """The timer's block rows, the item title's drawing style and the screen's text."""
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
        title = app.screen.query_one("#projector-item", BigText)
        assert title.text == "Pembukaan dan kesepakatan hasil dua hari"
        text = screen_text(app)
        assert "Agenda 1/5" in text
        return block_rows(app), title.style_used, text


async def test_projector_timer_and_title_are_larger_at_200x60(
    tmp_path: Path, recent_file: Path
) -> None:
    def maker(name: str) -> Callable[[], WorkshopApp]:
        folder = new_workshop(tmp_path / name)  # each run starts the session afresh
        return lambda: WorkshopApp(folder, now=frozen_now, recent_file=recent_file)

    small, small_style, small_text = await projector_view(maker("small"), (80, 24))
    large, large_style, large_text = await projector_view(maker("large"), (200, 60))
    assert len(small) == 5  # one row per font row at 80x24
    assert len(large) >= 4 * len(small)  # at least four times as tall
    assert digit_width(large) >= 3 * digit_width(small)
    assert digit_width(large) <= 200
    # The item's title: plain text in an 80-column window, block letters on the projector.
    assert small_style == ""
    assert "Pembukaan dan kesepakatan hasil dua hari" in small_text
    assert large_style in ("full", "half")
    assert "Pembukaan dan kesepakatan" not in large_text
    above_timer = large_text.splitlines()[:12]
    assert sum(1 for line in above_timer if set(line) & set("█▀▄")) >= 3  # the title


async def test_sesi_screen_timer_is_block_digits_only_when_wide(
    workshop: Path, recent_file: Path
) -> None:
    for size, expect_blocks in (((80, 24), False), ((200, 60), True)):
        # The session is not started here, so both runs open on the main screen.
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


def test_block_letters_wrap_centre_and_fall_back() -> None:
    style, rows = layout("Reviu silang", 200, 20)
    assert style == "full" and len(rows) == 5
    style, rows = layout("Reviu silang dan uji coba di atas kertas", 100, 20)
    assert style == "half" and len(rows) == 7  # two lines of three rows, one blank between
    assert len({len(r) for r in rows if r}) == 1  # lines centred under the widest
    assert layout("Rapat [evaluasi] ✓", 200, 20) == ("", [])  # no glyph: plain text
    assert layout("Sosialisasi Pedoman Penyusunan SOP AP dan seterusnya", 40, 20) == ("", [])
