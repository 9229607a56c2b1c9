"""The timer of a running session: pure state from a ``Session`` and the clock.

Nothing here reads a clock: every function takes ``now``. The state that survives a restart
lives in the session itself (``state``, ``current_item``, ``item_started_at``, ``item_elapsed``,
``started_at``, ``ended_at``), so a reopened app computes the same remaining time.

- ``item_elapsed`` holds the seconds spent on the current item before ``item_started_at``;
  while running, the time since ``item_started_at`` is added.
- Transitions (``start``, ``pause``, ``resume``, ``next_item``, ``previous_item``, ``go_to``,
  ``end``) return a new ``Session``; the caller saves it. They never raise: a transition that
  does not apply (pause when not running) returns the session unchanged.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Final, TypeAlias

from workshop.model import AgendaItem, Session

NEAR_END_SHARE: Final = 0.2  # the last 20% of the timebox ...
NEAR_END_SECONDS: Final = 120.0  # ... or the last two minutes, whichever comes first

Transition: TypeAlias = Callable[[Session, datetime], Session]

STATE_NAMES: Final[dict[str, str]] = {
    "planned": "direncanakan",
    "running": "berjalan",
    "paused": "jeda",
    "ended": "selesai",
}


def stamp(now: datetime) -> str:
    """The ISO timestamp stored for ``now`` (seconds precision, like the store's log)."""
    return now.isoformat(timespec="seconds")


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _seconds_since(start: datetime, now: datetime) -> float:
    if start.tzinfo is not None and now.tzinfo is None:
        now = now.replace(tzinfo=start.tzinfo)
    elif start.tzinfo is None and now.tzinfo is not None:
        start = start.replace(tzinfo=now.tzinfo)
    return max(0.0, (now - start).total_seconds())


def elapsed(session: Session, now: datetime) -> float:
    """Seconds spent on the current agenda item."""
    total = max(0.0, session.item_elapsed)
    started = _parse(session.item_started_at)
    if session.state == "running" and started is not None:
        total += _seconds_since(started, now)
    return total


def current(session: Session) -> AgendaItem | None:
    """The current agenda item, or None (no agenda)."""
    if 0 <= session.current_item < len(session.agenda):
        return session.agenda[session.current_item]
    return None


@dataclass(frozen=True)
class TimerState:
    """What the big timer shows."""

    state: str  # planned | running | paused | ended
    index: int  # current item, 0-based
    count: int  # items in the agenda
    title: str  # the current item's title ("" without an agenda)
    stage: str
    timebox: float  # seconds
    elapsed: float  # seconds
    remaining: float  # seconds, negative when overrun

    @property
    def overrun(self) -> bool:
        return self.timebox > 0 and self.remaining < 0

    @property
    def near_end(self) -> bool:
        """In the last 20% of the timebox or the last two minutes (not yet overrun)."""
        if self.timebox <= 0 or self.overrun:
            return False
        return self.remaining <= max(self.timebox * NEAR_END_SHARE, NEAR_END_SECONDS)

    @property
    def running(self) -> bool:
        return self.state == "running"

    @property
    def level(self) -> str:
        """"overrun", "near-end" or "normal": the colour class of the timer."""
        if self.overrun:
            return "overrun"
        if self.near_end:
            return "near-end"
        return "normal"

    @property
    def display(self) -> str:
        """``MM:SS`` left, or ``+MM:SS`` past the timebox (hours fold into minutes)."""
        return clock(self.remaining)

    @property
    def position(self) -> str:
        """``Agenda 2/5``."""
        if not self.count:
            return "Tanpa agenda"
        return f"Agenda {self.index + 1}/{self.count}"

    @property
    def state_name(self) -> str:
        return STATE_NAMES.get(self.state, self.state)


def clock(remaining: float) -> str:
    """``25:00`` for 1500 s left; ``+01:05`` for 65 s past the end."""
    if remaining < 0:
        total = int(-remaining)  # whole seconds past the end
        minutes, seconds = divmod(total, 60)
        return f"+{minutes:02}:{seconds:02}"
    total = int(remaining + 0.999)  # a countdown shows 00:01 until the very end
    minutes, seconds = divmod(total, 60)
    return f"{minutes:02}:{seconds:02}"


def timer_state(session: Session, now: datetime) -> TimerState:
    item = current(session)
    timebox = float(item.minutes * 60) if item is not None else 0.0
    spent = elapsed(session, now)
    return TimerState(
        state=session.state,
        index=session.current_item,
        count=len(session.agenda),
        title=item.title if item is not None else "",
        stage=item.stage if item is not None else "",
        timebox=timebox,
        elapsed=spent,
        remaining=timebox - spent,
    )


# ---------------------------------------------------------------------------------------------
# Transitions
# ---------------------------------------------------------------------------------------------


def start(session: Session, now: datetime) -> Session:
    """Start a planned session (or restart an ended one) at its current item (the first one
    unless the facilitator chose another before starting)."""
    if session.state in ("running", "paused"):
        return resume(session, now)
    index = session.current_item
    index = max(0, min(index, len(session.agenda) - 1)) if session.agenda else 0
    return dataclasses.replace(
        session,
        state="running",
        current_item=index,
        item_started_at=stamp(now),
        item_elapsed=0.0 if session.state == "planned" else session.item_elapsed,
        started_at=session.started_at or stamp(now),
        ended_at=None,
    )


def pause(session: Session, now: datetime) -> Session:
    if session.state != "running":
        return session
    return dataclasses.replace(
        session, state="paused", item_elapsed=elapsed(session, now), item_started_at=None
    )


def resume(session: Session, now: datetime) -> Session:
    if session.state != "paused":
        return session
    return dataclasses.replace(session, state="running", item_started_at=stamp(now))


def toggle(session: Session, now: datetime) -> Session:
    """Start, pause or resume: what the space key does."""
    if session.state == "running":
        return pause(session, now)
    if session.state == "paused":
        return resume(session, now)
    return start(session, now)


def go_to(session: Session, index: int, now: datetime) -> Session:
    """Make agenda item ``index`` current with a fresh timebox (running stays running)."""
    if not session.agenda or not 0 <= index < len(session.agenda):
        return session
    if index == session.current_item and session.state in ("running", "paused"):
        return session
    running = session.state == "running"
    return dataclasses.replace(
        session,
        current_item=index,
        item_elapsed=0.0,
        item_started_at=stamp(now) if running else None,
    )


def next_item(session: Session, now: datetime) -> Session:
    return go_to(session, session.current_item + 1, now)


def previous_item(session: Session, now: datetime) -> Session:
    return go_to(session, session.current_item - 1, now)


def end(session: Session, now: datetime) -> Session:
    """End the session: the timer stops where it was; ``ended_at`` is stamped."""
    if session.state not in ("running", "paused"):
        return session
    return dataclasses.replace(
        session,
        state="ended",
        item_elapsed=elapsed(session, now),
        item_started_at=None,
        ended_at=stamp(now),
    )
