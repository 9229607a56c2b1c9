"""Writing a session from a screen: re-read it, apply a change, save; failures become toasts."""

from __future__ import annotations

from collections.abc import Callable

from textual.dom import DOMNode

from workshop.model import Session
from workshop.sesi import timer
from workshop.tui.context import attempt, context_of


def update_session(
    node: DOMNode, session_id: str, change: Callable[[Session], Session],
    done: str | None = None,
) -> Session | None:
    """Apply ``change`` to the stored session ``session_id`` and save it; None on failure."""
    ctx = context_of(node)

    def run() -> Session:
        return ctx.store.save_session(change(ctx.store.session(session_id)))

    return attempt(node.app, run, done)


def stage_name(node: DOMNode, stage_id: str) -> str:
    """The stage's name from the guideline (the id when unknown)."""
    try:
        return context_of(node).guide.stage(stage_id).name
    except KeyError:
        return stage_id


def run_transition(node: DOMNode, session_id: str, change: timer.Transition) -> Session | None:
    """Start/pause/resume/next/previous/end a session with the app's clock.

    Starting a planned session takes a backup first ("backups taken at session start"), and
    pauses any other running session: one timer runs at a time.
    """
    ctx = context_of(node)
    now = ctx.now()

    def run() -> Session:
        before = ctx.store.session(session_id)
        after = change(before, now)
        if after == before:
            return before
        if after.state == "running" and before.state != "running":
            if before.state == "planned":
                ctx.store.backup(f"mulai sesi {before.title}")
            for other in ctx.store.sessions():
                if other.id != session_id and other.state == "running":
                    ctx.store.save_session(timer.pause(other, now))
        return ctx.store.save_session(after)

    return attempt(node.app, run)
