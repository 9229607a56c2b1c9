"""Smoke test of the province-scale benchmark: ``benchmarks/run.py --quick --json`` runs from a
checkout and prints every figure as a parseable JSON line. No timing assertions."""

from __future__ import annotations

import json
import math
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUN = ROOT / "benchmarks" / "run.py"

FIGURES = {
    "startup": "s",
    "save": "ms",
    "check_flow_60": "ms",
    "export_md_rate": "SOP/s",
    "export_html_rate": "SOP/s",
    "export_docx_rate": "SOP/s",
    "export_pdf_rate": "SOP/s",
    "refresh_latency": "s",
    "peak_memory": "MB",
    "sync": "s",
    "sync_bytes": "bytes",
    "province_first_board": "s",
}
WITH_FLOOR = {"startup", "save", "peak_memory"}


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)  # the script must find the package by itself
    env["TMPDIR"] = str(cwd)
    return subprocess.run(
        [sys.executable, str(RUN), *args],
        capture_output=True, text=True, timeout=360, cwd=cwd, env=env, check=False,
    )


@pytest.mark.timeout(150)
def test_quick_json_prints_every_figure(tmp_path: Path) -> None:
    result = _run("--quick", "--json", cwd=tmp_path)  # not from the repo root: fresh-checkout use
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    rows = [json.loads(line) for line in lines]  # every line is one JSON object
    by_name = {row["name"]: row for row in rows}
    assert set(FIGURES) <= set(by_name), result.stdout
    for name, unit in FIGURES.items():
        row = by_name[name]
        assert set(row) == {"name", "value", "unit", "floor", "ratio"}
        assert row["unit"] == unit
        assert isinstance(row["value"], float | int) and math.isfinite(row["value"])
        assert row["value"] > 0
        if name in WITH_FLOOR:
            assert row["floor"] > 0
            assert row["ratio"] == pytest.approx(row["value"] / row["floor"], rel=0.01)
        else:
            assert row["floor"] is None and row["ratio"] is None
    # the temporary workshop (made under TMPDIR) is removed afterwards
    assert not list(tmp_path.iterdir())


def test_the_generator_is_deterministic_and_valid(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import synth
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    from workshop.rules import check_sop

    a = synth.make_sop(random.Random(5))
    b = synth.make_sop(random.Random(5))
    assert a == b
    assert len(a.steps) == 15
    assert [f.code for f in check_sop(a) if f.severity == "error"] == []
    big = synth.flow_sop_60()
    assert len(big.steps) == 60 and len(big.actors) == 6
    assert [f.code for f in check_sop(big) if f.severity == "error"] == []

    store = synth.make_workshop(tmp_path / "ws", synth.Size(units=2, sops=3, steps=15))
    units = store.units()
    assert len(units) == 2
    assert [len(store.sops(u.slug)) for u in units] == [3, 3]
    again = synth.make_workshop(tmp_path / "ws2", synth.Size(units=2, sops=3, steps=15))
    assert [r.sop for r in again.sops(units[0].slug)] == [r.sop for r in store.sops(units[0].slug)]


@pytest.mark.timeout(400)
def test_room_figures_are_printed_with_room(tmp_path: Path) -> None:
    """``--room`` (off by default) adds the room-load lines: two participants join through a
    real ``serve``, log in with their PIN, open an SOP and type."""
    result = _run("--quick", "--json", "--room", "--only", "room", "--room-keys", "3",
                  cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {row["name"]: row for row in map(json.loads, result.stdout.splitlines())}
    units = {"room_latency_p50_2": "ms", "room_latency_p95_2": "ms", "room_rss_2": "MB",
             "room_rss_each_2": "MB", "room_rss_login_2": "MB", "room_cpu_2": "cores",
             "room_cpu_per_key_2": "ms", "room_failed_2": "count", "room_join_2": "s"}
    assert set(rows) == set(units), result.stdout
    for name, unit in units.items():
        assert rows[name]["unit"] == unit
        assert math.isfinite(rows[name]["value"])
    assert rows["room_failed_2"]["value"] == 0, result.stderr  # both reached their editor
    assert rows["room_rss_2"]["value"] > rows["room_rss_each_2"]["value"] > 0
    assert not list(tmp_path.iterdir())
