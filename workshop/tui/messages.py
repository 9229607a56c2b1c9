"""The app's messages: what a screen or a panel tells the screens above it ("attributes down,
messages up"). A panel that wrote to the workshop, or a login that succeeded, posts one of
these; the screen (or the app) that owns the decision handles it once, with ``@on``.

Nothing here imports a screen: every layer of ``workshop.tui`` may import this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from workshop.store import Store


class UnitEntered(Message):
    """A participant entered their unit's PIN: the app holds ``store`` (opened with the unit's
    scope) and shows the unit's screen."""

    def __init__(self, store: Store, slug: str) -> None:
        super().__init__()
        self.store = store
        self.slug = slug


class WorkshopChanged(Message, bubble=False):
    """The workshop's files changed (a write by this process or another one: a participant's
    browser tab, a second facilitator). Posted by the app's one watcher to every screen of the
    stack; a screen re-reads what it shows (the context's per-unit caches re-read only changed
    unit files).

    ``units``: the slugs of the units whose file changed, appeared or went away since the last
    message (empty when only the workshop file changed)."""

    def __init__(self, units: frozenset[str]) -> None:
        super().__init__()
        self.units = units


class WorkshopEdited(Message):
    """A panel wrote to the workshop: the screen above it refreshes what depends on it (the
    rail's figures, the other panels of the stage) at once, without waiting for the watcher."""


class InputDropped(Message, bubble=False):
    """Keys came from the participant's browser faster than the app could handle them and the
    driver dropped some (``participant_driver``); posted once per flood, from the driver's
    input thread."""
