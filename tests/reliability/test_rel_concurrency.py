"""Concurrency: 8 writer processes x 50 operations on one unit and one SOP.

Each writer edits its own field of the shared SOP (a step's note), the same field as everyone
else (the SOP's title, from the value it just read) and adds team members. Afterwards:
- 0 lost updates: every writer's own field holds its last value, every member is there;
- every same-field collision is a conflict error: the successful title writes form one chain
  from the first title to the stored one (each write's ``old`` is the previous write's
  ``new``), so no write ever replaced a value its writer had not seen; every refused write's
  writer had read a value that was no longer stored, and was told the stored one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rel_support import CHILDREN, ROOT, child_env, figure

from workshop.model import Sop, Step
from workshop.store import Store

WRITERS = 8
OPS = 50


@pytest.mark.slow
def test_eight_writers_fifty_operations_one_unit_one_sop(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    store = Store.create(root, "Uji bersamaan 8x50")
    slug = store.add_unit("Dinas Pendidikan").slug
    shared = store.add_sop(slug, Sop(
        title="Judul awal",
        actors=["Petugas"],
        steps=[Step(f"Langkah {i}", "Petugas", note="awal") for i in range(1, WRITERS + 1)],
    ))
    procs = [
        subprocess.Popen(
            [sys.executable, str(CHILDREN), "race", str(root), slug, str(i), shared.id,
             str(OPS)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=child_env(), cwd=ROOT,
        )
        for i in range(1, WRITERS + 1)
    ]
    for p in procs:
        assert p.stdout is not None
        assert p.stdout.readline().strip() == "ready"
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    results: list[dict[str, Any]] = []
    for p in procs:
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))

    after = Store.open(root)
    final = after.sop(slug, shared.id)
    lost: list[str] = []
    # Own fields: the last value each writer stored.
    for i, result in enumerate(results, start=1):
        if final.sop.steps[i - 1].note != result["own"]:
            lost.append(f"step {i} note: {final.sop.steps[i - 1].note} != {result['own']}")
    # Inserts: every member.
    names = {m.name for m in after.members(slug)}
    wanted = {o["name"] for r in results for o in r["outcomes"] if o["op"] == "member"}
    lost += [f"member {n}" for n in wanted - names]

    titles = [o for r in results for o in r["outcomes"] if o["op"] == "title"]
    won = [o for o in titles if o["ok"]]
    refused = [o for o in titles if not o["ok"]]
    # The chain of successful title writes.
    successor: dict[str, str] = {}
    overwrites: list[str] = []
    for o in won:
        if o["old"] in successor:  # two writes both replaced the same value: one was silent
            overwrites.append(f"{o['old']} -> {successor[o['old']]} and -> {o['new']}")
        successor[o["old"]] = o["new"]
    chain = ["Judul awal"]
    while chain[-1] in successor and len(chain) <= len(won):
        chain.append(successor[chain[-1]])
    unchained = len(won) - (len(chain) - 1)
    bad_refusals = [
        o for o in refused
        if o["theirs"] == o["old"] or "sudah diubah orang lain" not in o["message"]
    ]
    edits = sum(1 for r in results for o in r["outcomes"] if o["op"] == "own")
    figure(
        "2 concurrency",
        f"{WRITERS} writers x {OPS} operations: {len(lost)} lost updates, "
        f"{len(overwrites) + unchained} silent overwrites; contested title: {len(won)} stored, "
        f"{len(refused)} conflict errors, {len(bad_refusals)} wrong refusals; "
        f"{edits} own-field edits, {len(wanted)} members added",
    )
    assert lost == []
    assert overwrites == []
    assert unchained == 0
    assert chain[-1] == final.sop.title
    assert bad_refusals == []
    assert len(titles) == WRITERS * len(range(1, OPS, 3))
    assert len(refused) > 0  # the writers did collide
