"""Tabbed panes: switching tabs without the focus pulling the old tab back, a tab bar whose
underline is always under the active tab, and panes built the first time they are needed.

When a pane is hidden, the widget focused in it gets a Hide event and blurs; Textual then hands
the focus to one of that widget's "visible siblings", which are in the pane being hidden (their
own display is on, only the pane's is off). Focusing a widget in a pane makes ``TabbedContent``
activate that pane again (``TabPane.Focused``), so on a loaded machine ctrl+PageDown could land
back on the tab it left (seen in the Sesi screen: the notes tab came back). Dropping the focus
before the switch leaves nothing to hand on; the caller then focuses what the new tab offers.

Textual (8.2) places the tab bar's underline on a resize of the bar, one refresh later, from the
active tab's region. On a loaded machine a pane mounted while on screen can be laid out before
its tabs have finished mounting; their Resize and Show events are then dropped, the underline
keeps the place it got from an empty region, and it is drawn under no tab at all.
``WorkshopTabs`` places it again once it has mounted and whenever it is shown.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual import events
from textual.widget import Widget
from textual.widgets import TabbedContent, TabPane
from textual.widgets._tabbed_content import ContentTabs


def show_tab(tabs: TabbedContent, tab: str) -> None:
    """Make ``tab`` the active pane of ``tabs``; a focus inside the old pane is let go first."""
    if tabs.active == tab:
        return
    screen = tabs.screen
    focused = screen.focused
    if focused is not None and tabs.active:
        old = tabs.get_pane(tabs.active)
        if focused is old or old in focused.ancestors:
            screen.set_focus(None)
    tabs.active = tab


class WorkshopTabs(TabbedContent):
    """A ``TabbedContent`` whose underline is placed again after mounting and when shown."""

    PLACE_TRIES = 50
    """How many times (0.1 s apart) to look for a laid-out active tab after mounting."""

    def on_mount(self) -> None:
        self.call_after_refresh(self._place_underline, self.PLACE_TRIES)

    def on_show(self, event: events.Show) -> None:
        self.call_after_refresh(self._place_underline, 0)

    def _place_underline(self, tries: int) -> None:
        for bar in self.query_children(ContentTabs):
            active = bar.query("#tabs-list > Tab.-active")
            if active and active.first().region.width:
                # The private method Textual itself calls on a resize (Textual 8.2).
                bar._highlight_active(animate=False)
            elif active and tries:
                self.set_timer(0.1, lambda: self._place_underline(tries - 1))


class LazyPane(TabPane):
    """A tab pane whose widgets are made and mounted the first time it is needed.

    A participant's editor opens on its first tab; the other tabs' eighty widgets cost half the
    CPU of opening it and a few MB of every participant process when built up front (issue 21).
    ``make`` returns the pane's widgets (containers built with their children); :meth:`build`
    mounts them once, and callers that reach into the pane await it first.
    """

    def __init__(self, title: str, make: Callable[[], list[Widget]], *, id: str) -> None:
        super().__init__(title, id=id)
        self._make: Callable[[], list[Widget]] | None = make
        self._ready = asyncio.Event()

    @property
    def built(self) -> bool:
        """Whether the pane's widgets are mounted."""
        return self._ready.is_set()

    async def build(self) -> bool:
        """Mount the widgets on the first call (later calls wait for that one); True when this
        call mounted them."""
        make, self._make = self._make, None
        if make is None:
            await self._ready.wait()
            return False
        await self.mount_all(make())
        self._ready.set()
        return True
