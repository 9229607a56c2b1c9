"""The SOP editor's tab keys as real terminals deliver them: F7 / shift+F7, ctrl+PageDown /
ctrl+PageUp, alt+letter, and alt+1..5 as Textual reads them from tmux/xterm (the characters
¡ ™ £ ¢ ∞). Each switches the tab and types nothing into the field that had the cursor."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Tab, TabbedContent

from tests.tui.conftest import screen_text
from tests.tui.fast_keys import wait_until
from workshop.model import Sop, Step
from workshop.store import Store
from workshop.tui.app import WorkshopApp
from workshop.tui.screens.help import KEYS
from workshop.tui.stages.pengembangan.editor import EditorScreen, editor_commands

TITLE = "Pengelolaan Surat Masuk"
ACTIVITY = "Menerima surat masuk"


def workshop(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    store = Store.create(folder, "Pendampingan SOP AP")
    store.add_unit("Sekretariat Daerah", short_name="Setda")
    store.add_sop("sekretariat-daerah", Sop(
        title=TITLE, actors=["Petugas TU"],
        steps=[Step(activity=ACTIVITY, actor="Petugas TU", kind="start"),
               Step(activity="Mengarsipkan surat", actor="Petugas TU", kind="end")]))
    return folder


async def open_editor(pilot: Pilot[None]) -> EditorScreen:
    await pilot.pause()
    await pilot.press("ctrl+3")
    await wait_until(pilot, lambda: pilot.app.screen.query("#sop-list").first().display)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, EditorScreen))
    screen = pilot.app.screen
    assert isinstance(screen, EditorScreen)
    await wait_until(pilot, lambda: screen.record is not None)
    return screen


def active_tab(screen: EditorScreen) -> str:
    return screen.query_one(TabbedContent).active


async def send(pilot: Pilot[None], key: str, character: str | None) -> None:
    """Deliver a key as the terminal driver does, with its character (``Pilot.press`` leaves
    the character out for names like ``pound_sign``, so it could not show a stray "£")."""
    pilot.app.post_message(events.Key(key, character))
    await pilot.pause()


def typed_text(screen: EditorScreen) -> dict[str, str]:
    """Everything the editor's boxes hold, to prove no key put a character in them."""
    return {box.id or "": box.value for box in screen.query(Input)}


def unchanged(screen: EditorScreen, before: dict[str, str]) -> bool:
    """The boxes of ``before`` hold what they held; the boxes of a tab built since (the later
    tabs are built when first shown) hold what the SOP holds, none of the keys' characters."""
    now = typed_text(screen)
    new = [value for key, value in now.items() if key not in before]
    return (all(now[key] == value for key, value in before.items())
            and not any(set(value) & set("¡™£¢∞") for value in new))


# (key, its character, the tab it opens). alt+letter arrives from the terminal as ESC+letter,
# which Textual names alt+letter with the letter as character; alt+1..5 arrive as ESC+digit,
# which Textual turns into the characters ¡ ™ £ ¢ ∞.
DIRECT_KEYS = [
    ("alt+i", "i", "tab-identitas"),
    ("alt+p", "p", "tab-pelaksana"),
    ("alt+g", "g", "tab-bagan"),  # alt+b reaches the app as ctrl+left (ESC b): not used
    ("alt+r", "r", "tab-reviu"),
    ("alt+l", "l", "tab-langkah"),
    ("trade_mark_sign", "™", "tab-identitas"),  # alt+2
    ("pound_sign", "£", "tab-pelaksana"),  # alt+3
    ("cent_sign", "¢", "tab-bagan"),  # alt+4
    ("infinity", "∞", "tab-reviu"),  # alt+5
    ("inverted_exclamation_mark", "¡", "tab-langkah"),  # alt+1
]


async def test_direct_tab_keys_switch_and_type_nothing(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    app = make_app(workshop(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(pilot)
        before = typed_text(screen)
        assert ACTIVITY in before.values()
        inputs_hit = 0
        for key, character, tab in DIRECT_KEYS:
            inputs_hit += isinstance(app.focused, Input)  # the cursor is in a box
            await send(pilot, key, character)
            await wait_until(pilot, lambda tab=tab: active_tab(screen) == tab)
            assert active_tab(screen) == tab, key
            assert unchanged(screen, before), key
        assert inputs_hit >= 8  # all but the flowchart's tab put the cursor in a box
        await pilot.pause()
        assert screen.editor.sop.title == TITLE
        assert screen.editor.sop.steps[0].activity == ACTIVITY


async def test_f7_and_ctrl_page_keys_step_through_the_tabs(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    app = make_app(workshop(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(pilot)
        before = typed_text(screen)
        order = ["tab-langkah", "tab-identitas", "tab-pelaksana", "tab-bagan", "tab-reviu"]
        assert active_tab(screen) == order[0]
        for expected in [*order[1:], order[0]]:  # F7 goes round
            await pilot.press("f7")
            await wait_until(pilot, lambda expected=expected: active_tab(screen) == expected)
            assert active_tab(screen) == expected
        await pilot.press("shift+f7")
        await wait_until(pilot, lambda: active_tab(screen) == "tab-reviu")
        assert active_tab(screen) == "tab-reviu"
        await pilot.press("ctrl+pagedown")
        await wait_until(pilot, lambda: active_tab(screen) == "tab-langkah")
        assert active_tab(screen) == "tab-langkah"
        await pilot.press("ctrl+pageup")
        await wait_until(pilot, lambda: active_tab(screen) == "tab-reviu")
        assert active_tab(screen) == "tab-reviu"
        assert unchanged(screen, before)
        assert len(typed_text(screen)) > len(before)  # the later tabs were built on the way
        assert "f7 Tab berikutnya" in screen_text(app)  # the footer names the key


async def test_the_pound_sign_still_types_outside_the_editor(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    """Only the editor's boxes give ¡ ™ £ ¢ ∞ to the tab keys; other fields keep them."""
    app = make_app(workshop(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        box = Input()
        await app.screen.mount(box)
        box.focus()
        await send(pilot, "pound_sign", "£")
        await wait_until(pilot, lambda: box.value == "£")
        assert box.value == "£"


@pytest.mark.parametrize(("size", "labels"), [
    ((80, 24), ["Langkah", "Identitas", "Pelaksana", "Bagan", "Reviu"]),
    ((160, 48), ["Langkah", "Identitas", "Pelaksana", "Bagan Alir", "Reviu & Uji Coba"]),
])
async def test_all_five_tabs_are_visible(
    tmp_path: Path, make_app: Callable[..., WorkshopApp], size: tuple[int, int],
    labels: list[str]
) -> None:
    app = make_app(workshop(tmp_path))
    async with app.run_test(size=size) as pilot:
        screen = await open_editor(pilot)
        await pilot.pause()
        tabs = list(screen.query(Tab))
        assert [t.label.plain for t in tabs] == labels
        bar = screen.query_one(TabbedContent).region
        for tab in tabs:
            assert tab.region.right <= bar.right, (tab.label.plain, tab.region, bar)
        tab_line = screen_text(app).splitlines()[1]
        assert all(label in tab_line for label in labels), tab_line


def test_help_names_the_editor_tab_keys() -> None:
    assert "`F7`" in KEYS and "`alt+L`" in KEYS and "ctrl+PageDown" in KEYS


async def test_palette_commands_for_the_editor_tabs(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    app = make_app(workshop(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert editor_commands(app) == []  # not on the main screen
        screen = await open_editor(pilot)
        commands = {c.name: c for c in editor_commands(app)}
        assert list(commands) == ["Editor: tab Langkah", "Editor: tab Identitas",
                                  "Editor: tab Pelaksana", "Editor: tab Bagan alir",
                                  "Editor: tab Reviu dan uji coba"]
        commands["Editor: tab Pelaksana"].run()
        await wait_until(pilot, lambda: active_tab(screen) == "tab-pelaksana")
        assert active_tab(screen) == "tab-pelaksana"
