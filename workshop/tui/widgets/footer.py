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
    """A ``Footer`` with F1 (help) and ctrl+q (quit) first, rebuilt only when what it shows
    changes.

    Textual's ``Footer`` builds all its key widgets again whenever the screen's bindings *may*
    have changed (every focus change): ~15 widgets mounted and styled each time, most of the
    time to show the same keys (issue 21: a participant's login and opening of an SOP did it
    about ten times, when forty processes share two cores)."""

    _shown: tuple[object, ...] | None = None

    def _signature(self) -> tuple[object, ...]:
        return (self.compact, self.show_command_palette, tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"))

    async def recompose(self) -> None:
        if not self.is_attached or not self._bindings_ready:
            await super().recompose()
            return
        signature = self._signature()
        if signature == self._shown:
            return
        self._shown = signature
        await super().recompose()

    def compose(self) -> ComposeResult:
        widgets: list[Widget] = list(super().compose())

        def rank(widget: Widget) -> int:
            if isinstance(widget, FooterKey) and widget.action in FIRST:
                return FIRST.index(widget.action)
            return len(FIRST)

        yield from sorted(widgets, key=rank)  # stable: the others keep their order


__all__ = ["FIRST", "KeyFooter"]
