"""Typing text into the focused widget without an idle wait after every key.

`Pilot.press` waits for the whole process to go idle after each key (at least ~40 ms, up to
2 s while the app is busy re-rendering). For plain text typed into one field that wait buys
nothing: the keys are delivered through the same driver, in the same order, to the same
focused widget. `type_keys` sends the keys exactly as `Pilot.press` does, only with a bare
event-loop yield between them, then waits once until the screen has processed everything.

Use it only for keys that stay in the focused field (letters, digits, punctuation, space,
backspace, home/end, ctrl+u). Keys that move focus or open screens (tab, enter, function keys)
go through `pilot.press` so the app settles before the next key.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import textual.app
from textual.app import App
from textual.command import CommandList
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Tabs
from textual.widgets._tabs import Tab, Underline

_APP_GLOBALS = vars(textual.app)


async def _yield_only(min_sleep: float = 0.0, max_sleep: float = 1.0) -> None:
    await asyncio.sleep(0)


@contextmanager
def _no_idle_wait_between_keys() -> Iterator[None]:
    # textual.app.App._press_keys is the only caller of textual.app.wait_for_idle.
    # Read at call time: tests/conftest.py installs its own idle wait there.
    idle_wait = _APP_GLOBALS["wait_for_idle"]
    _APP_GLOBALS["wait_for_idle"] = _yield_only
    try:
        yield
    finally:
        _APP_GLOBALS["wait_for_idle"] = idle_wait


async def type_keys(pilot: Pilot[Any], *keys: str) -> None:
    """Press `keys` (e.g. `*"some text"`) in the focused field, then wait for the app to settle."""
    if not keys:
        return
    with _no_idle_wait_between_keys():
        await pilot.press(*keys)
    # Twice: the first round lets the focused widget receive the forwarded keys, the second its
    # Changed messages reach their handlers.
    await pilot.pause()
    await pilot.pause()


async def wait_until(
    pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 20.0
) -> None:
    """Let the app run until `condition()` holds (at most `timeout` seconds), then settle.

    Replaces fixed sleeps that wait for a timer tick or a delayed save: fast when the machine
    is idle, still correct when it is loaded. The caller asserts the condition afterwards, so a
    timeout shows up as the ordinary assertion failure.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition() and loop.time() < deadline:
        await pilot.pause(0.05)
    await pilot.pause()


def palette_offers(app: App[Any], text: str) -> bool:
    """True when the open command palette highlights a command whose name contains `text`."""
    lists = app.screen.query(CommandList)
    if not lists:
        return False
    options = lists.first()
    index = options.highlighted
    if index is None:
        return False
    return text in str(options.get_option_at_index(index).prompt)


def _shows(app: App[Any], selector: str) -> bool:
    try:
        return bool(app.screen.query(selector))
    except Exception:  # the screen stack is changing
        return False


async def wait_for_widget(pilot: Pilot[Any], selector: str, timeout: float = 30.0) -> None:
    """Let the app run until the current screen holds a widget matching `selector`.

    A key that opens a dialog returns before the dialog is mounted when the machine is busy:
    wait for the dialog's field before setting it.
    """
    await wait_until(pilot, lambda: _shows(pilot.app, selector), timeout)


async def press_button(pilot: Pilot[Any], selector: str, timeout: float = 30.0) -> None:
    """Press the button `selector` of the current screen, as a click on it would.

    `pilot.click` turns the selector into screen coordinates at the moment of the call; a
    dialog that is still being laid out (or re-laid out after showing a message) moves its
    buttons, and the click lands beside them. Pressing the Button itself does not depend on
    the layout. Waits (bounded) until the button exists and is enabled; the caller waits for
    the effect.
    """
    app = pilot.app

    def ready() -> bool:
        if not _shows(app, selector):
            return False
        found = app.screen.query(selector).first()
        return isinstance(found, Button) and not found.disabled and found.display

    await wait_until(pilot, ready, timeout)
    app.screen.query_one(selector, Button).press()
    await pilot.pause()


def _underlines_placed(app: App[Any]) -> bool:
    for tabs in app.screen.query(Tabs):
        active = tabs.query("#tabs-list > Tab.-active")
        shown = [node.display for node in tabs.ancestors_with_self if isinstance(node, Widget)]
        hidden = not all(shown)
        if hidden or not active:
            continue
        tab = active.first(Tab)
        if not tab.region.width:
            return False
        start, end = tab.virtual_region.shrink(tab.styles.gutter).column_span
        underline = tabs.query_one(Underline)
        if (underline.highlight_start, underline.highlight_end) != (start, end):
            return False
    return True


async def wait_for_tab_underlines(pilot: Pilot[Any]) -> None:
    """Wait until every tab bar on the screen draws its bar under its active tab.

    Textual places the bar after a refresh; on a loaded machine a snapshot could be taken
    before that, with no bar at all.
    """
    await wait_until(pilot, lambda: _underlines_placed(pilot.app))
