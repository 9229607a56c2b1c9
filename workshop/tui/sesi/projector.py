"""The projector view of the timer: only the current item and a large countdown."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static

from workshop.sesi import timer
from workshop.store import StoreError
from workshop.tui.context import context_of
from workshop.tui.sesi.write import run_transition, stage_name
from workshop.tui.widgets.block_font import BigText
from workshop.tui.widgets.timer_digits import TimerDigits

TICK_SECONDS = 0.5


class TimerProjectorScreen(Screen[None]):
    """Large timer for the room. Space: start/pause; n/b: next/previous item; Esc: back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Kembali"),
        Binding("space", "start_pause", "Mulai/Jeda"),
        Binding("n", "next", "Berikutnya"),
        Binding("b", "previous", "Sebelumnya"),
    ]

    # The clock takes all the room the texts leave (TimerDigits(fit=True) draws block digits as
    # large as fit); on a wide terminal the texts get more air around them.
    DEFAULT_CSS = """
    TimerProjectorScreen { layout: vertical; padding: 1 2; }
    TimerProjectorScreen #projector-item { width: 100%; text-align: center; text-style: bold;
        padding: 0 2; height: auto; }
    TimerProjectorScreen #projector-clock { margin: 1 0; }
    TimerProjectorScreen #projector-status { width: 100%; text-align: center;
        color: $text-muted; height: auto; }
    TimerProjectorScreen #projector-session { width: 100%; text-align: center;
        color: $text-muted; height: auto; margin-bottom: 1; }
    TimerProjectorScreen.-wide { padding: 2 4; }
    TimerProjectorScreen.-wide #projector-item { padding: 1 4; color: $accent; }
    TimerProjectorScreen.-wide #projector-clock { margin: 2 0; }
    TimerProjectorScreen.-wide #projector-status { text-style: bold; }
    """

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id

    def compose(self) -> ComposeResult:
        yield Static("", id="projector-session", markup=False)
        yield BigText("", id="projector-item", min_width=110)
        yield TimerDigits(id="projector-clock", fit=True)
        yield Static("", id="projector-status", markup=False)

    def on_mount(self) -> None:
        self.refresh_timer()
        self.set_interval(TICK_SECONDS, self.refresh_timer)

    def refresh_timer(self) -> None:
        try:
            session = context_of(self).store.session(self.session_id)
        except StoreError as exc:  # shown in place: no toast twice a second
            self.query_one("#projector-status", Static).update(Text(str(exc)))
            return
        state = timer.timer_state(session, context_of(self).now())
        self.query_one("#projector-session", Static).update(Text(session.title))
        self.query_one("#projector-item", BigText).update(state.title or "Belum ada agenda")
        self.query_one(TimerDigits).show(state)
        status = [state.position]
        if state.stage:
            status.append(f"Tahap {stage_name(self, state.stage)}")
        status.append(state.state_name)
        if state.overrun:
            status.append("melewati waktu")
        self.query_one("#projector-status", Static).update(Text(" · ".join(status)))

    def _change(self, change: timer.Transition) -> None:
        run_transition(self, self.session_id, change)
        self.refresh_timer()

    def action_start_pause(self) -> None:
        self._change(timer.toggle)

    def action_next(self) -> None:
        self._change(timer.next_item)

    def action_previous(self) -> None:
        self._change(timer.previous_item)
