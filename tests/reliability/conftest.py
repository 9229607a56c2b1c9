"""Reliability suite: prints the figures each part measured at the end of a run."""

from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

import pytest
from rel_support import FIGURES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FIGURES:
        return
    terminalreporter.section("reliability figures")
    for part in sorted(FIGURES):
        terminalreporter.write_line(f"{part}: {FIGURES[part]}")


def pytest_sessionfinish(session: pytest.Session) -> None:
    # Under pytest-xdist this runs in a worker: hand the figures to the controller, whose
    # tests/conftest.py prints them.
    output = getattr(session.config, "workeroutput", None)
    if output is not None and FIGURES:
        output["reliability_figures"] = dict(FIGURES)
