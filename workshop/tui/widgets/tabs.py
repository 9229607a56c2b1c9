"""Switching the tab of a ``TabbedContent`` without the focus pulling the old tab back.

When a pane is hidden, the widget focused in it gets a Hide event and blurs; Textual then hands
the focus to one of that widget's "visible siblings", which are in the pane being hidden (their
own display is on, only the pane's is off). Focusing a widget in a pane makes ``TabbedContent``
activate that pane again (``TabPane.Focused``), so on a loaded machine ctrl+PageDown could land
back on the tab it left (seen in the Sesi screen: the notes tab came back). Dropping the focus
before the switch leaves nothing to hand on; the caller then focuses what the new tab offers.
"""

from __future__ import annotations

from textual.widgets import TabbedContent


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
