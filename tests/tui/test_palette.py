"""The command palette (ctrl+p): the editor's tabs are commands while the editor is open, and
a search with no match says so in Bahasa Indonesia (Textual's own line is English)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input

from tests.tui.conftest import screen_text
from tests.tui.fast_keys import type_keys, wait_until
from tests.tui.stages.pengembangan.test_editor_keys import active_tab, open_editor, workshop
from workshop.tui.app import WorkshopApp
from workshop.tui.commands import NO_MATCHES
from workshop.tui.screens.main import MainScreen


async def test_editor_tab_from_the_palette(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    app = make_app(workshop(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot)
        assert active_tab(editor) == "tab-langkah"
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await type_keys(pilot, *"tab Bagan")
        await wait_until(pilot, lambda: "Editor: tab Bagan alir" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is editor and active_tab(editor) == "tab-bagan")
        assert active_tab(editor) == "tab-bagan"


async def test_no_match_is_said_in_indonesian(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    app = make_app(workshop(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await type_keys(pilot, *"qqzzxx")
        assert app.screen.query_one(Input).value == "qqzzxx"
        await wait_until(pilot, lambda: NO_MATCHES in screen_text(app))
        text = screen_text(app)
        assert NO_MATCHES in text
        assert "No matches" not in text


async def test_ctrl_pagedown_steps_through_the_stages(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    app = make_app(workshop(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.current == "persiapan"
        ring = ["kebutuhan", "pengembangan", "penerapan", "monev", "papan", "persiapan"]
        for expected in ring:
            await pilot.press("ctrl+pagedown")
            # A stage's screen is mounted the first time it is shown: slow on a loaded machine.
            await wait_until(pilot, lambda want=expected: screen.current == want, timeout=90)
            assert screen.current == expected
        await pilot.press("ctrl+pageup")
        await wait_until(pilot, lambda: screen.current == "papan", timeout=90)
        assert screen.current == "papan"


def palette_names(app: WorkshopApp) -> list[str]:
    return [c.name for c in app.palette_commands()]


async def run_command(pilot, app: WorkshopApp, query: str, name: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
    await type_keys(pilot, *query)
    await wait_until(pilot, lambda: name in screen_text(app))
    await pilot.press("enter")
    await pilot.pause()


async def test_palette_has_a_command_for_every_named_action(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    """Issue 22: check, each export, each stage, new SOP from a template, add unit."""
    from workshop.documents import DOCUMENTS
    from workshop.tui.app import export_command
    from workshop.tui.screens.export_plan import formats_for

    app = make_app(workshop(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        names = palette_names(app)
        for wanted in ("Periksa SOP", "SOP baru dari templat", "Tambah unit",
                       "Tahap 1: Persiapan", "Tahap 5: Monitoring dan Evaluasi"):
            assert wanted in names
        for document in DOCUMENTS:
            for _, fmt in formats_for(document.key):
                assert export_command(document.label, fmt) in names
        shown: list[str] = []
        notify = app.notify
        app.notify = lambda message, **kw: (shown.append(message), notify(message, **kw))  # type: ignore[method-assign]
        await run_command(pilot, app, "Periksa SOP", "Periksa SOP")
        await wait_until(pilot, lambda: any(m.startswith("Periksa SOP: 1 SOP") for m in shown))
        await run_command(pilot, app, "SOP baru dari templat", "SOP baru dari templat")
        await wait_until(pilot, lambda: "Pilih SOP umum" in screen_text(app))


async def test_periksa_sop_in_the_editor_counts_and_goes_to_the_findings(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    from workshop.tui.stages.pengembangan.findings import FindingsList

    app = make_app(workshop(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot)
        await run_command(pilot, app, "Periksa SOP", "Periksa SOP")
        await wait_until(pilot, lambda: app.screen is editor)
        await wait_until(pilot, lambda: isinstance(app.focused, FindingsList))
        said = [n.message for n in app._notifications if n.message.startswith("Periksa SOP:")]
        assert said and "kesalahan" in said[0] and "peringatan" in said[0]
