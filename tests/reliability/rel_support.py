"""Helpers shared by the reliability tests (figures, child processes, paths)."""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CHILDREN = HERE / "rel_children.py"
MALFORMED = ROOT / "tests" / "data" / "malformed"

# Figures of each part ("200 kills: 0 corrupt, 0 lost"), printed in the terminal summary.
FIGURES: dict[str, str] = {}


def figure(part: str, text: str) -> None:
    FIGURES[part] = text


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PYTEST_CURRENT_TEST", None)
    return env
