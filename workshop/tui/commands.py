"""The command palette (ctrl+p): a command for every action of the app, in Bahasa Indonesia."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider


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
            yield DiscoveryHit(command.name, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(score, matcher.highlight(command.name), command.run,
                          text=command.name, help=command.help)


def bind(fn: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    return partial(fn, *args)
