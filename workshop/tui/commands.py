"""The command palette (ctrl+p): a command for every action of the app, in Bahasa Indonesia."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.widgets.option_list import Option

NO_MATCHES = "Tidak ada perintah yang cocok"


@dataclass(frozen=True)
class PaletteCommand:
    name: str
    help: str
    run: Callable[[], Any]


class WorkshopCommands(Provider):
    """Asks the app for its current commands (they depend on the workshop and the screen)."""

    def _commands(self) -> list[PaletteCommand]:
        source = getattr(self.app, "palette_commands", None)
        return list(source()) if callable(source) else []

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(Content(command.name), command.run, text=command.name,
                               help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(score, highlight(matcher, command.name), command.run,
                          text=command.name, help=command.help)


def highlight(matcher: Matcher, candidate: str) -> Content:
    """Like ``Matcher.highlight`` but the candidate is plain text (unit names are user text)."""
    content = Content(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if not score:
        return content
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize("bold underline", offset, offset + 1)
    return content


def bind(fn: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    return partial(fn, *args)


class Palette(CommandPalette):
    """Textual's command palette with its one built-in English line ("No matches found") in
    Bahasa Indonesia.

    Textual (8.x, pinned below 9 in pyproject.toml) adds that line from a nested function of
    ``_start_no_matches_countdown``; this override does the same with our text.
    """

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(NO_MATCHES, style="not bold")), disabled=True,
                           id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
