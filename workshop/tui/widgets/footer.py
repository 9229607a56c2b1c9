"""The footer of every screen: the app's own keys first, so that F1 Bantuan and ctrl+q Keluar
stay on screen at 80 columns, where the keys of a stage fill the line.

Textual's ``Footer`` lists the focused widget's keys, then the screen's, then the app's: at
80x24 the app's were cut off. :class:`KeyFooter` puts the keys whose actions are in
:data:`FIRST` ahead of the others (the command palette's key stays at the right edge).
"""

from __future__ import annotations

from typing import Final

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

FIRST: Final = ("help", "quit")


class KeyFooter(Footer):
    """A ``Footer`` with F1 (help) and ctrl+q (quit) first."""

    def compose(self) -> ComposeResult:
        widgets: list[Widget] = list(super().compose())

        def rank(widget: Widget) -> int:
            if isinstance(widget, FooterKey) and widget.action in FIRST:
                return FIRST.index(widget.action)
            return len(FIRST)

        yield from sorted(widgets, key=rank)  # stable: the others keep their order


__all__ = ["FIRST", "KeyFooter"]
