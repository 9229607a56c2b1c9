"""Crash: 200 SIGKILLs at random moments of writers doing saves, imports and approvals.

After every kill the folder is opened again and every file is read: 0 unreadable files and 0
saves lost that the writer had reported as done (a report line is written only after the
store call returned). Writers are forked from a preloaded "zygote" process so a kill costs
milliseconds (see rel_children.py).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rel_support import CHILDREN, ROOT, child_env, figure

from workshop.model import Sop, Step
from workshop.store import Store, StoreCorrupt

KILLS = int(os.environ.get("REL_KILLS", "200"))  # fewer while developing
UNITS = 4
CYCLE = ("sop", "edit", "member", "import", "approve")  # the writer's operation n % 5


@dataclass
class Expected:
    """What writers reported as done, per unit."""

    sops: set[str] = field(default_factory=set)
    members: set[str] = field(default_factory=set)
    imports: set[str] = field(default_factory=set)
    approvals: dict[str, str] = field(default_factory=dict)  # sop id -> number
    last_edit: int = 0


class Zygote:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILDREN), "zygote"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=child_env(),
            cwd=ROOT,
        )
        assert self._read() == "zygote ready"

    def _read(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()

    def _send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def spawn(self, *args: str) -> int:
        self._send("spawn " + " ".join(args))
        answer = self._read()
        assert answer.startswith("pid "), answer
        return int(answer.split()[1])

    def reap(self, pid: int) -> int:
        self._send(f"reap {pid}")
        answer = self._read()
        assert answer.startswith("status "), answer
        return int(answer.split()[1])

    def close(self) -> None:
        self._send("quit")
        self.proc.wait(timeout=30)


def _complete_lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    return [line for line in text.split("\n")[:-1] if line]  # a cut last line never counts


def _wait_for_saves(path: Path, count: int, timeout: float = 30.0) -> None:
    """Until the report holds ``ready`` and ``count`` finished saves."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(_complete_lines(path)) >= 1 + count:
            return
        time.sleep(0.002)
    raise AssertionError(f"the writer reported nothing in {timeout}s: {path}")


def _read_everything(root: Path) -> tuple[Store | None, list[str]]:
    """Open the folder and read every file through the store; the unreadable ones."""
    bad: list[str] = []
    try:
        store = Store.open(root)
        units = store.units()
        store.members()
        store.sessions()
    except StoreCorrupt as e:
        return None, [str(e.path)]
    for u in units:
        try:
            store.sops(u.slug)
            store.needs(u.slug)
            store.existing_sops(u.slug)
        except StoreCorrupt as e:
            bad.append(str(e.path))
    # Backups are offered as "the copy to restore": each must parse too.
    for copy in (root / "backups").rglob("*.json"):
        try:
            json.loads(copy.read_bytes())
        except ValueError:
            bad.append(str(copy))
    return store, bad


def _lost(store: Store, slug: str, exp: Expected) -> list[str]:
    records = store.sops(slug)
    titles = {r.sop.title for r in records}
    by_id = {r.id: r for r in records}
    lost = [f"sop {t}" for t in exp.sops - titles]
    lost += [f"import {t}" for t in exp.imports - titles]
    names = {m.name for m in store.members(slug)}
    lost += [f"member {n}" for n in exp.members - names]
    for sop_id, number in exp.approvals.items():
        r = by_id.get(sop_id)
        if r is None or r.status != "disahkan" or r.sop.number != number:
            lost += [f"approve {sop_id}"]
    shared = records[0]
    stored = int(shared.sop.steps[0].time.split()[0])
    if stored < exp.last_edit:  # a later edit may have finished just before the kill
        lost.append(f"edit {exp.last_edit} (stored {stored})")
    return lost


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32",
                    reason="SIGKILL and the forked writers (os.fork, rel_children.py) are POSIX")
def test_200_kills_during_saves_imports_and_approvals(tmp_path: Path) -> None:
    rng = random.Random(13)
    root = tmp_path / "ws"
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    reports = tmp_path / "reports"
    reports.mkdir()
    store = Store.create(root, "Uji 200 kematian")
    slugs = [store.add_unit(f"Dinas Uji {k}").slug for k in range(UNITS)]
    for slug in slugs:
        store.add_sop(slug, Sop(title="Bersama", actors=["Petugas"],
                                steps=[Step("Mulai", "Petugas", "start", time="0 menit")]))
    expected = {slug: Expected() for slug in slugs}
    corrupt: list[str] = []
    lost: list[str] = []
    saves = 0
    by_kind: dict[str, int] = {}
    killed_in: dict[str, int] = {}
    zygote = Zygote()
    started = time.monotonic()
    try:
        for round_no in range(KILLS):
            slug = slugs[round_no % UNITS]
            report = reports / f"{round_no}.log"
            pid = zygote.spawn("kill", str(root), slug, f"r{round_no + 1}", str(report),
                               str(scratch), str(round_no % 5))
            # At least one finished save, then a kill at a random later moment (a save, an
            # import with its backup, or an approval may be half done).
            _wait_for_saves(report, rng.choice((1, 1, 2, 3)))
            time.sleep(rng.uniform(0.0, 0.06))
            signal_sent = True
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                signal_sent = False
            status = zygote.reap(pid)
            assert signal_sent and status == -signal.SIGKILL, (status, report.read_text())
            exp = expected[slug]
            done = _complete_lines(report)[1:]
            # The writer was killed inside operation number phase + len(done) + 1.
            cut = CYCLE[(round_no % 5 + len(done) + 1) % 5]
            killed_in[cut] = killed_in.get(cut, 0) + 1
            for line in done:
                kind, _, rest = line.partition(" ")
                saves += 1
                by_kind[kind] = by_kind.get(kind, 0) + 1
                if kind == "sop":
                    exp.sops.add(rest)
                elif kind == "member":
                    exp.members.add(rest)
                elif kind == "import":
                    exp.imports.add(rest)
                elif kind == "approve":
                    sop_id, number = rest.split()
                    exp.approvals[sop_id] = number
                elif kind == "edit":
                    exp.last_edit = int(rest)
            opened, bad = _read_everything(root)
            corrupt += bad
            if opened is not None:
                lost += _lost(opened, slug, exp)
    finally:
        zygote.close()
    elapsed = time.monotonic() - started
    leftovers = [p for p in root.rglob("*.tmp") if "backups" not in p.parts]
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items()))
    cut_in = ", ".join(f"{k} {v}" for k, v in sorted(killed_in.items()))
    figure(
        "1 crash",
        f"{KILLS} kills: {len(set(corrupt))} corrupt, {len(lost)} lost "
        f"(killed inside: {cut_in}; {saves} reported saves: {kinds}; "
        f"{len(leftovers)} stray temp files; {elapsed:.0f} s)",
    )
    assert corrupt == []
    assert lost == []
    assert leftovers == []
    assert by_kind.get("import", 0) > 0 and by_kind.get("approve", 0) > 0
