"""The project as a new user gets it: the README's commands, CI, and what the test extra brings.

CI (`.ci/run`) runs the README's test command as written, in a new virtual environment, with no
environment variable of its own; so whatever the tests depend on, they set themselves or the
`test` extra installs.
"""

from __future__ import annotations

import ast
import importlib.metadata as md
import re
import runpy
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from textual.app import App

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = runpy.run_path(str(ROOT / ".ci" / "readme_commands.py"))


def test_apps_in_the_test_process_have_no_animations() -> None:
    """Set by tests/conftest.py, not by the environment: snapshots don't catch a colour fade."""
    assert App().animation_level == "none"


def test_the_readme_quick_start_has_two_commands_and_ci_runs_the_second() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    demo, test = COMMANDS["quick_start"](readme)
    assert demo.endswith("&& sop-workshop demo")
    assert test.endswith("&& python3 -m pytest -q")
    assert "-c constraints.txt" in demo and "-c constraints.txt" in test
    out = subprocess.run([sys.executable, str(ROOT / ".ci" / "readme_commands.py"), "test"],
                         capture_output=True, text=True, check=True).stdout.strip()
    assert out == test


def test_ci_builds_its_own_venv_and_sets_no_variable() -> None:
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    code = [line.split("#", 1)[0].strip() for line in run.splitlines()]
    code = [line for line in code if line]
    assert any(line.startswith("python3 -m venv ") for line in code)
    assert any("readme_commands.py test" in line for line in code)
    assert not [line for line in code if re.match(r"(export|declare -x)\b|\w+=\S+ \S", line)
                and not line.startswith(("work=", "test_command="))]
    assert "pip install" not in run  # only the README's own command installs


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared_distributions() -> set[str]:
    """The distributions the README's test install brings: dependencies, `test`, what it names,
    and everything those require (transitively, as installed here)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras: dict[str, list[str]] = project["optional-dependencies"]
    wanted = list(project["dependencies"]) + list(extras["test"])
    names: set[str] = set()
    while wanted:
        req = Requirement(wanted.pop())
        name = _normal(req.name)
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        if name == "sop-workshop":
            for extra in req.extras:
                wanted.extend(extras[extra])
            continue
        if name in names:
            continue
        names.add(name)
        wanted.extend(md.requires(name) or [])
    return names


def _imported_modules() -> set[str]:
    """Top-level names imported anywhere in the product or the tests (``importorskip`` too:
    a test the README's command would skip still counts)."""
    found: set[str] = set()
    for folder in ("workshop", "tests"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found.add(node.module.split(".")[0])
                elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                      and node.func.attr == "importorskip" and node.args
                      and isinstance(node.args[0], ast.Constant)):
                    found.add(str(node.args[0].value).split(".")[0])
    ours = {path.stem for folder in ("tests", "benchmarks", "tools")
            for path in (ROOT / folder).rglob("*.py")}
    return found - set(sys.stdlib_module_names) - ours - {"tests", "workshop", "__future__"}


def test_the_test_extra_brings_every_package_the_code_and_tests_import() -> None:
    owners = md.packages_distributions()
    declared = _declared_distributions()
    missing = {}
    for module in sorted(_imported_modules()):
        dists = {_normal(d) for d in owners.get(module, [])}
        if not dists & declared:
            missing[module] = sorted(dists) or ["(not installed)"]
    assert not missing, f"imported by tests, not brought by the test extra: {missing}"
