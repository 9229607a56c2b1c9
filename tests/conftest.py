"""Settings every test shares: no animations, and Pilot waits that hold on a loaded machine.

Textual's Pilot decides that the app "went idle" after a key or a pause by comparing the
process's CPU time with the wall clock over 20 ms slices (`textual._wait.wait_for_idle`).
On a loaded machine (CI's two cores running two workers plus subprocesses) the test process
often gets no CPU in such a slice, which reads as "idle" while messages are still queued:
`pilot.press("f6"); await pilot.pause()` could return before the screen was pushed. That was
the common root of the timing flakes in tests/tui and tests/reliability.

`settled_idle` keeps Textual's wait (so nothing gets slower on an idle machine) and then also
waits, bounded, until no message is queued in the running app or any of its widgets. The
bound keeps a continuously busy app from stalling a test; a test still asserts the state it
waits for.
"""

from __future__ import annotations

import os

os.environ["TEXTUAL_ANIMATIONS"] = "none"  # for the app processes the tests start

import asyncio
from time import monotonic
from typing import Any

import pytest
import textual.app
import textual.constants
import textual.pilot
from textual._context import active_app
from textual._wait import SLEEP_GRANULARITY
from textual._wait import wait_for_idle as _cpu_idle

# Extra wait, in seconds, for queued messages after Textual's own idle check (0: Textual's
# behaviour alone, for comparisons).
QUEUE_WAIT = float(os.environ.get("SOP_TEST_QUEUE_WAIT", "5"))


def _queues_empty(app: textual.app.App[object]) -> bool:
    if app.message_queue_size:
        return False
    try:
        nodes = list(app._registry)
    except RuntimeError:  # the registry changed while it was read: not settled
        return False
    return not any(node.message_queue_size for node in nodes)


async def settled_idle(min_sleep: float = SLEEP_GRANULARITY, max_sleep: float = 1) -> None:
    """Textual's idle wait, then (at most QUEUE_WAIT s) until no app message is queued."""
    await _cpu_idle(min_sleep, max_sleep)
    try:
        app = active_app.get()
    except LookupError:
        return
    deadline = monotonic() + QUEUE_WAIT
    quiet = 0
    while quiet < 2 and monotonic() < deadline:
        if _queues_empty(app):
            quiet += 1
            await asyncio.sleep(0)
        else:
            quiet = 0
            await asyncio.sleep(0.005)


# No animations in this process either. Textual reads TEXTUAL_ANIMATIONS once, when
# textual.constants is first imported, and pytest-textual-snapshot imports Textual while pytest
# loads plugins, before this file runs: setting the variable above is too late for this process.
# A button's hover/press colour fade then shows in a snapshot taken mid-animation (seen on a fresh
# venv: the adoption dialog's "Pilih semua" button). Each App reads the constant in __init__.
textual.constants.TEXTUAL_ANIMATIONS = "none"  # type: ignore[misc]

# Pilot.pause/press/click and App._press_keys look the name up in their module at call time.
textual.app.wait_for_idle = settled_idle  # type: ignore[attr-defined]
textual.pilot.wait_for_idle = settled_idle  # type: ignore[attr-defined]


# -- reliability figures from xdist workers -------------------------------------------------
# tests/reliability/conftest.py hands each worker's figures over in `workeroutput`; the
# controller (which loads only this conftest) prints them once at the end.

_WORKER_FIGURES: dict[str, str] = {}


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    figures = getattr(node, "workeroutput", {}).get("reliability_figures", {})
    _WORKER_FIGURES.update(figures)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _WORKER_FIGURES:
        return
    terminalreporter.section("reliability figures")
    for part in sorted(_WORKER_FIGURES):
        terminalreporter.write_line(f"{part}: {_WORKER_FIGURES[part]}")
