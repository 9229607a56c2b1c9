"""Many processes on one workshop: SIGKILL during saves, concurrent writers, concurrent imports."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers_store import ROOT, child_env, spawn

from workshop.model import Sop, Step
from workshop.store import Store

KILLS = 50
ROUNDS_PER_UNIT = 10


def _shared_sop(steps: int) -> Sop:
    return Sop(
        title="Bersama",
        actors=["Petugas"],
        steps=[Step(f"Langkah {i}", "Petugas", time="1 menit") for i in range(1, steps + 1)],
    )


def _read_reported(proc: subprocess.Popen[str]) -> list[str]:
    out, _ = proc.communicate(timeout=30)
    # Only complete lines are reports; a line cut by the kill was never finished.
    lines = out.split("\n")
    return [line for line in lines[:-1] if line]


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX-only")
def test_sigkill_during_saves_loses_nothing_reported(tmp_path: Path) -> None:
    rng = random.Random(20180710)
    root = tmp_path / "ws"
    store = Store.create(root, "Uji ketahanan")
    units = [
        store.add_unit(f"Unit {k}").slug for k in range(KILLS // ROUNDS_PER_UNIT)
    ]
    for slug in units:
        store.add_sop(slug, _shared_sop(1))
    reported_sops: dict[str, set[str]] = {slug: set() for slug in units}
    reported_members: dict[str, set[str]] = {slug: set() for slug in units}
    last_edit: dict[str, int] = {slug: 0 for slug in units}
    kills = 0
    saves = 0
    for round_no in range(KILLS):
        slug = units[round_no // ROUNDS_PER_UNIT]
        proc = spawn("loop", str(root), slug, f"r{round_no}")
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.strip() == "ready", proc.stderr.read() if proc.stderr else ""
        # Let it finish one save, then kill it at a random moment of the following ones.
        early = proc.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.08))
        proc.send_signal(signal.SIGKILL)
        reports = [early.strip(), *_read_reported(proc)]
        saves += len(reports)
        for line in reports:
            kind, _, rest = line.partition(" ")
            if kind == "sop":
                reported_sops[slug].add(rest)
            elif kind == "member":
                reported_members[slug].add(rest)
            elif kind == "edit":
                last_edit[slug] = int(rest)
        assert proc.returncode == -signal.SIGKILL
        kills += 1

        # The folder always opens and every reported save is there.
        opened = Store.open(root)
        titles = {r.sop.title for r in opened.sops(slug)}
        assert reported_sops[slug] <= titles
        names = {m.name for m in opened.members(slug)}
        assert reported_members[slug] <= names
        shared = opened.sops(slug)[0]
        stored_n = int(shared.sop.steps[0].time.split()[0])
        # The stored value is the last reported edit, or a later one finished before the kill.
        assert stored_n >= last_edit[slug]
    assert kills >= 50
    # Every file parses, and no stray temporary file survives a re-open by the facilitator.
    final = Store.open(root)
    for slug in units:
        assert {r.sop.title for r in final.sops(slug)} >= reported_sops[slug]
    leftovers = [p.name for p in root.rglob("*.tmp")]
    assert leftovers == []
    assert saves >= KILLS  # every child finished at least one save before its kill


def test_eight_writers_to_one_unit(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    store = Store.create(root, "Uji bersamaan")
    slug = store.add_unit("Dinas Pendidikan").slug
    shared = store.add_sop(slug, _shared_sop(8))
    procs = [spawn("race", str(root), slug, str(i), shared.id) for i in range(1, 9)]
    for p in procs:
        assert p.stdout is not None
        assert p.stdout.readline().strip() == "ready"
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    results = []
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))

    after = Store.open(root)
    records = after.sops(slug)
    titles = {r.sop.title for r in records}
    # New SOPs: nothing lost.
    for i in range(1, 9):
        assert {f"w{i}-0", f"w{i}-1", f"w{i}-2"} <= titles
    assert len(records) == 1 + 8 * 3
    # Different fields of one SOP: all eight land.
    final = after.sop(slug, shared.id)
    assert [s.time for s in final.sop.steps] == [f"{i} menit" for i in range(1, 9)]
    # Same field: exactly one winner, a conflict carrying both values for the rest.
    winners = [r for r in results if r["title"] == "won"]
    losers = [r for r in results if r["title"] == "conflict"]
    assert len(winners) == 1
    assert len(losers) == 7
    assert all(r["theirs"] == final.sop.title for r in losers)
    assert all(r["field"] == "title" for r in losers)
    assert sorted(r["yours"] for r in [*losers, {"yours": final.sop.title}]) == sorted(
        f"Judul {i}" for i in range(1, 9)
    )


def test_eight_imports_at_once_into_one_new_unit(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    Store.create(root, "Uji impor")
    files = []
    for i in range(8):
        f = tmp_path / f"sop{i}.yaml"
        f.write_text(
            "format: sop-ap/1\n"
            f"title: Impor Bersamaan {i}\n"
            "actors: [Petugas]\n"
            "steps:\n"
            "  - activity: Memulai\n"
            "    actor: Petugas\n"
            "    kind: start\n",
            encoding="utf-8",
        )
        files.append(f)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "workshop", "import", str(root), str(f), "--unit",
             "Dinas Baru"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(),
            cwd=ROOT,
        )
        for f in files
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for p, (_, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
    store = Store.open(root)
    units = store.units()
    assert [u.name for u in units] == ["Dinas Baru"]
    titles = sorted(r.sop.title for r in store.sops(units[0].slug))
    assert titles == [f"Impor Bersamaan {i}" for i in range(8)]
    created = [out for out, _ in outputs if "belum ada; unit dibuat" in out]
    assert len(created) == 1
