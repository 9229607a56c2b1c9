"""The core never imports Textual, checked at run time: each core module imported in a fresh
interpreter pulls in no ``textual`` module, not even through a third-party package.

The static rules (only the store imports TinyDB; nothing outside tui/, cli.py and serve.py
imports Textual or the app) are import-linter contracts in pyproject.toml, checked by
tests/test_import_contracts.py."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "workshop"

# Every module and package directly under workshop/ but the app, the command line, the web
# server and ``python -m workshop``.
NOT_CORE = {"tui", "cli", "serve", "__main__"}
CORE = sorted(
    f"workshop.{info.name}"
    for info in pkgutil.iter_modules([str(PACKAGE)])
    if info.name not in NOT_CORE
)


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "", f"{module} imports {out.stdout.strip()}"
