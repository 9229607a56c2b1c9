"""The import contracts of pyproject.toml (``[tool.importlinter]``) hold, and each one breaks
when the import it forbids is added (a contract that cannot fail would guard nothing).

The contracts replace the static checks that lived in tests/test_core_imports.py (only the store
imports TinyDB; nothing outside tui/ and serve.py imports Textual); that file keeps the check
import-linter cannot make: each core module imported in a fresh interpreter pulls in no Textual,
not even through a third-party package.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

LINT = (
    "import sys\n"
    "from importlinter.cli import lint_imports\n"
    "sys.exit(lint_imports(no_cache=True, no_logo=True))\n"
)


def lint(folder: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on the checkout in ``folder`` (its pyproject.toml, its workshop/)."""
    env = {**os.environ, "COLUMNS": "200"}  # one line per contract
    return subprocess.run([sys.executable, "-c", LINT], cwd=folder, capture_output=True,
                          text=True, timeout=120, env=env)


def test_the_import_contracts_hold() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


# (file under workshop/, the import that breaks the rule, the id of the contract it breaks)
FORBIDDEN = [
    ("model.py", "import textual", "textual-in-tui"),
    ("cli.py", "from textual.app import App", "textual-in-tui"),
    ("stages/kebutuhan/needs.py", "import workshop.tui.context", "core-no-tui"),
    ("bundle.py", "import workshop.cli", "entry-points"),
    ("tui/screens/help.py", "import workshop.tui.app", "screens-no-app"),
    ("tui/stages/monev/pane.py", "import workshop.tui.app", "screens-no-app"),
    ("tui/widgets/tabs.py", "import workshop.tui.screens.help", "widgets-no-screens"),
    ("tui/widgets/tabs.py", "import workshop.tui.stages.monev.pane", "widgets-no-screens"),
    ("bundle.py", "import tinydb", "store-owns-tinydb"),
    ("tui/context.py", "import workshop.tui.app", "no-cycles"),
    # exporting imports bundle; the write jobs both use live in writing.py, so bundle needs no
    # import of exporting and the contract ignores none
    ("bundle.py", "import workshop.exporting", "no-cycles"),
]


def contract_name(contract_id: str) -> str:
    """The contract's name as ``lint-imports`` prints it, from pyproject.toml (one place)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    return str(next(c["name"] for c in contracts if c["id"] == contract_id))


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("checkout")
    shutil.copy2(ROOT / "pyproject.toml", folder / "pyproject.toml")
    shutil.copytree(ROOT / "workshop", folder / "workshop",
                    ignore=shutil.ignore_patterns("__pycache__", "_data"))
    return folder


@pytest.mark.parametrize(("module", "line", "contract"), FORBIDDEN,
                         ids=[f"{m}: {line}" for m, line, _ in FORBIDDEN])
def test_a_forbidden_import_breaks_its_contract(
        checkout: Path, module: str, line: str, contract: str) -> None:
    path = checkout / "workshop" / module
    original = path.read_text(encoding="utf-8")
    path.write_text(original + f"\n{line}  # noqa\n", encoding="utf-8")
    try:
        result = lint(checkout)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode == 1, result.stdout + result.stderr
    broken = [line for line in result.stdout.splitlines() if " BROKEN" in line]
    assert any(line.startswith(contract_name(contract)) for line in broken), result.stdout
