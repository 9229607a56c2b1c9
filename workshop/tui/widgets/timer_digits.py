"""The big session timer: ``Digits`` counting down the current item's timebox."""

from __future__ import annotations

from textual.widgets import Digits

from workshop.timer import TimerState

LEVEL_CLASSES: tuple[str, ...] = ("-near-end", "-overrun")


class TimerDigits(Digits):
    """``MM:SS`` left, ``+MM:SS`` past the end; colour classes ``-near-end``, ``-overrun`` and
    ``-paused`` (``-idle`` when the session is not running or paused)."""

    DEFAULT_CSS = """
    TimerDigits { width: auto; color: $success; }
    TimerDigits.-near-end { color: $warning; }
    TimerDigits.-overrun { color: $error; text-style: bold; }
    TimerDigits.-paused { color: $text-muted; }
    TimerDigits.-idle { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("00:00", id=id, classes=classes)

    def show(self, state: TimerState) -> None:
        self.update(state.display if state.count else "--:--")
        self.set_class(state.level == "near-end", "-near-end")
        self.set_class(state.level == "overrun", "-overrun")
        self.set_class(state.state == "paused", "-paused")
        self.set_class(state.state in ("planned", "ended"), "-idle")
