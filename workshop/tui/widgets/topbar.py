"""The header: the event, the current session and its timer."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from workshop.model import Event, Session


def _parse(stamp: str | None) -> datetime | None:
    if not stamp:
        return None
    try:
        return datetime.fromisoformat(stamp)
    except ValueError:
        return None


def clock(seconds: float) -> str:
    """``mm:ss`` (or ``h:mm:ss`` past an hour)."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes:02}:{secs:02}"


def item_elapsed(session: Session, now: datetime) -> float:
    """Seconds spent on the session's current agenda item."""
    elapsed = session.item_elapsed
    started = _parse(session.item_started_at)
    if session.state == "running" and started is not None:
        if started.tzinfo is not None and now.tzinfo is None:
            now = now.replace(tzinfo=started.tzinfo)
        elif started.tzinfo is None and now.tzinfo is not None:
            started = started.replace(tzinfo=now.tzinfo)
        elapsed += max(0.0, (now - started).total_seconds())
    return elapsed


def current_session(sessions: list[Session]) -> Session | None:
    """The running (or paused) session, if any."""
    for state in ("running", "paused"):
        for session in sessions:
            if session.state == state:
                return session
    return None


def session_text(session: Session | None, now: datetime) -> str:
    """Timer first (it matters most and survives truncation), then the item and the session."""
    if session is None:
        return "Tidak ada sesi berjalan"
    parts: list[str] = []
    timer = f"⏱ {clock(item_elapsed(session, now))}"
    if 0 <= session.current_item < len(session.agenda):
        item = session.agenda[session.current_item]
        if item.minutes:
            timer += f" / {clock(item.minutes * 60)}"
        parts = [timer, item.title, session.title]
    else:
        parts = [timer, session.title]
    if session.state == "paused":
        parts.insert(1, "jeda")
    return " · ".join(parts)


class TopBar(Horizontal):
    """One line: event title left, session and timer right."""

    def compose(self) -> ComposeResult:
        yield Static("", id="event-title", markup=False)
        yield Static("", id="session-info", markup=False)

    def show(self, event: Event, session: Session | None, now: datetime) -> None:
        title = event.title or "(tanpa judul)"
        where = event.host_government
        label = Text(title, style="bold")
        if where:
            label.append(f" — {where}")
        self.query_one("#event-title", Static).update(label)
        self.query_one("#session-info", Static).update(Text(session_text(session, now)))
