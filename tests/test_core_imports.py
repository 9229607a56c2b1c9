"""The core never imports Textual; the store is the only module that imports TinyDB."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "workshop"

CORE = [
    "workshop.model",
    "workshop.sopfile",
    "workshop.rules",
    "workshop.flow",
    "workshop.duration",
    "workshop.pedoman",
    "workshop.store",
    "workshop.export",
    "workshop.checkrun",
    "workshop.flowchart",
    "workshop.needs",
    "workshop.editing",
    "workshop.approval",
    "workshop.bundle",
    "workshop.exporting",
    "workshop.plans",
    "workshop.timer",
    "workshop.minutes",
    "workshop.slides",
    "workshop.monev",
    "workshop.handoff",
    "workshop.demo",
]


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


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_store_imports_tinydb() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in PACKAGE.rglob("*.py")
        if "tinydb" in _imports(p) and p.name != "store.py"
    ]
    assert offenders == []


def test_nothing_outside_tui_imports_textual() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in PACKAGE.rglob("*.py")
        if "tui" not in p.relative_to(PACKAGE).parts
        and p.name != "serve.py"
        and "textual" in _imports(p)
    ]
    assert offenders == []
