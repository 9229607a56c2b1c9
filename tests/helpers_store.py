"""Child-process writers for the store's reliability tests.

Run as a script: ``python3 tests/helpers_store.py MODE DIR ...`` with PYTHONPATH at the repo
root. Each finished save is reported on stdout as one line, flushed, only after the store call
returned (so a reported save must be on disk).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELPER = Path(__file__).resolve()


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def spawn(*args: str) -> subprocess.Popen[str]:
    """Start this helper in a child process with pipes for stdin and stdout."""
    return subprocess.Popen(
        [sys.executable, str(HELPER), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
        cwd=ROOT,
    )


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def loop_writer(directory: str, unit: str, tag: str) -> None:
    """Save forever: new SOPs, one step time of a shared SOP, team members (until killed)."""
    from workshop.model import Sop, Step
    from workshop.store import FieldChange, Store

    store = Store.open(Path(directory))
    shared = store.sops(unit)[0]
    _say("ready")
    n = 0
    while True:
        n += 1
        kind = n % 3
        if kind == 0:
            title = f"{tag}-{n}"
            sop = Sop(title=title, actors=["Petugas"], steps=[Step("Mulai", "Petugas", "start")])
            store.add_sop(unit, sop)
            _say(f"sop {title}")
        elif kind == 1:
            # Values grow across rounds (tag "r<round>"), so the parent can check monotony.
            seq = int(tag.lstrip("r")) * 1_000_000 + n
            current = store.sop(unit, shared.id).sop.steps[0].time
            store.edit_sop(unit, shared.id, [FieldChange("steps.1.time", current, f"{seq} menit")])
            _say(f"edit {seq}")
        else:
            name = f"{tag}-anggota-{n}"
            store.add_member(unit, name)
            _say(f"member {name}")


def race_writer(directory: str, unit: str, index: str, shared_id: str) -> None:
    """One of N concurrent writers: new SOPs, its own field of a shared SOP, a contested title."""
    from workshop.model import Sop, Step
    from workshop.store import FieldChange, Store, StoreConflict

    i = int(index)
    store = Store.open(Path(directory), scope=unit)
    _say("ready")
    sys.stdin.readline()  # wait for "go" so that all writers start together
    added = []
    for k in range(3):
        sop = Sop(title=f"w{i}-{k}", actors=["Petugas"], steps=[Step("Mulai", "Petugas", "start")])
        added.append(store.add_sop(unit, sop).sop.title)
    store.edit_sop(unit, shared_id, [FieldChange(f"steps.{i}.time", "1 menit", f"{i} menit")])
    result: dict[str, object] = {"added": added}
    try:
        store.edit_sop(unit, shared_id, [FieldChange("title", "Bersama", f"Judul {i}")])
        result["title"] = "won"
    except StoreConflict as e:
        result["title"] = "conflict"
        result["theirs"] = e.theirs
        result["yours"] = e.yours
        result["field"] = e.field
    _say(json.dumps(result))


def main(argv: list[str]) -> None:
    mode, *rest = argv
    if mode == "loop":
        loop_writer(*rest)
    elif mode == "race":
        race_writer(*rest)
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
