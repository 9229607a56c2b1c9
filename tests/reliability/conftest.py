"""Reliability suite: prints the figures each part measured at the end of a run."""

from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_ANIMATION", "none")

import pytest
from rel_support import FIGURES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FIGURES:
        return
    terminalreporter.section("reliability figures")
    for part in sorted(FIGURES):
        terminalreporter.write_line(f"{part}: {FIGURES[part]}")
