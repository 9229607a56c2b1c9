"""Child processes of the reliability suite (run as a script, never imported by pytest).

``python3 tests/reliability/rel_children.py zygote``
    Imports the whole core once, then forks writers on demand, so that 200 kills cost
    milliseconds each instead of a Python start-up each. Commands on stdin, one per line:
    ``spawn <kind> <args...>`` forks a writer and answers ``pid <n>``; ``reap <pid>`` waits for
    it and answers ``status <returncode-like>``; ``quit`` ends. The forked writer's stdout goes
    to /dev/null: reports go to a file (``os.write`` of one line at a time, so a line in the
    file means the call that produced it had returned before the line was written).

``python3 tests/reliability/rel_children.py race DIR UNIT INDEX SOP_ID OPS``
    One of the concurrent writers (see ``race_writer``); prints one JSON line at the end.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# A clean SOP (no errors of the guideline checks): approvals need one.
GOOD_SOP = """\
format: sop-ap/1
title: {title}
legal_basis: [Peraturan Bupati tentang Pengelolaan Barang Milik Daerah]
qualifications: [Memahami tata kelola persediaan]
related: []
equipment: [Formulir permintaan]
warnings: [Persediaan habis tanpa tercatat]
records: [Kartu persediaan]
actors: [Pemohon, Kasubbag Umum, Pengurus Barang]
steps:
  - activity: Mengisi formulir permintaan ATK
    actor: Pemohon
    kind: start
    requirements: [Formulir permintaan]
    time: 5 menit
    output: Formulir terisi
  - activity: Apakah permintaan disetujui?
    actor: Kasubbag Umum
    kind: decision
    if_no: 1
  - activity: Menyerahkan ATK kepada pemohon
    actor: Pengurus Barang
    kind: end
    requirements: [Formulir disetujui]
    time: 10 menit
    output: ATK diterima
"""


def kill_writer(
    directory: str, unit: str, tag: str, report: str, scratch: str, phase: str = "0"
) -> None:
    """Write forever (until SIGKILL): saves, imports and approvals, in turn.

    Report lines: ``ready``; ``sop <title>``; ``edit <n>`` (the shared SOP's step 1 time is
    ``"<n> menit"``, n growing); ``member <name>``; ``import <title>`` (``sop-workshop import``
    finished with exit 0); ``approve <sop id> <number>``.
    """
    from workshop import cli
    from workshop.model import Approval, Sop, Step
    from workshop.sopfile import loads_sop
    from workshop.stages.pengembangan import approval
    from workshop.store import FieldChange, Store

    fd = os.open(report, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def say(line: str) -> None:
        os.write(fd, (line + "\n").encode())

    root = Path(directory)
    store = Store.open(root)
    shared = store.sops(unit)[0]
    unit_name = store.unit(unit).name
    base = int(tag.lstrip("r")) * 1_000_000
    say("ready")
    n = int(phase)  # where in the cycle of five kinds this writer starts
    while True:
        n += 1
        kind = n % 5
        if kind == 0:
            title = f"{tag}-sop-{n}"
            sop = Sop(title=title, actors=["Petugas"], steps=[Step("Mulai", "Petugas", "start")])
            store.add_sop(unit, sop)
            say(f"sop {title}")
        elif kind == 1:
            current = store.sop(unit, shared.id).sop.steps[0].time
            store.edit_sop(
                unit, shared.id, [FieldChange("steps.1.time", current, f"{base + n} menit")]
            )
            say(f"edit {base + n}")
        elif kind == 2:
            name = f"{tag}-anggota-{n}"
            store.add_member(unit, name)
            say(f"member {name}")
        elif kind == 3:
            title = f"{tag}-impor-{n}"
            path = Path(scratch) / f"{title}.yaml"
            path.write_text(GOOD_SOP.format(title=title), encoding="utf-8")
            status = cli.main(["import", directory, str(path), "--unit", unit_name])
            if status == 0:
                say(f"import {title}")
        else:
            title = f"{tag}-sah-{n}"
            record = store.add_sop(unit, loads_sop(GOOD_SOP.format(title=title)))
            number = f"800/{n}/{tag}"
            store.update_record(
                unit,
                record.id,
                lambda r, number=number: approval.approve(  # type: ignore[misc]
                    r,
                    number=number,
                    signer=Approval("Kepala Dinas", "Budi", ""),
                    signed="2018-07-12",
                ),
                "sop.approve",
            )
            say(f"approve {record.id} {number}")


def race_writer(directory: str, unit: str, index: str, shared_id: str, ops: str) -> None:
    """One of N writers on one unit and one SOP, started together (waits for a line on stdin).

    Each operation k (0..OPS-1) does one of, in turn:
    - its own field: step ``index`` note, from what it wrote last to ``w<i>-<k>`` (never a
      conflict: nobody else writes it);
    - the contested field: the SOP's title, from the value just read to ``w<i>-<k>``
      (either stored, or refused with StoreConflict);
    - an insert: a team member ``w<i>-m<k>`` into workshop.json (never lost).
    Prints one JSON object with every outcome.
    """
    from workshop.store import FieldChange, Store, StoreConflict

    i = int(index)
    think = random.Random(i)
    store = Store.open(Path(directory), scope=unit)
    print("ready", flush=True)
    sys.stdin.readline()
    own = "awal"
    outcomes: list[dict[str, Any]] = []
    for k in range(int(ops)):
        new = f"w{i}-{k}"
        kind = k % 3
        if kind == 0:
            store.edit_sop(unit, shared_id, [FieldChange(f"steps.{i}.note", own, new)])
            own = new
            outcomes.append({"op": "own", "new": new})
        elif kind == 1:
            old = store.sop(unit, shared_id).sop.title
            # A person reads, then types: without this window a quiet machine may serialise the
            # writers completely and no collision would be exercised.
            time.sleep(think.uniform(0.002, 0.02))
            try:
                store.edit_sop(unit, shared_id, [FieldChange("title", old, new)])
                outcomes.append({"op": "title", "old": old, "new": new, "ok": True})
            except StoreConflict as e:
                outcomes.append({"op": "title", "old": old, "new": new, "ok": False,
                                 "theirs": e.theirs, "message": e.message})
        else:
            store.add_member(unit, f"w{i}-m{k}")
            outcomes.append({"op": "member", "name": f"w{i}-m{k}"})
    print(json.dumps({"own": own, "outcomes": outcomes}), flush=True)


def zygote() -> None:
    """Preload the core, then fork writers on request (see the module docstring)."""
    import signal

    from workshop import cli, sopfile, store, workshop_commands  # noqa: F401
    from workshop.rules import check_sop

    check_sop(sopfile.loads_sop(GOOD_SOP.format(title="Pemanasan")))  # load the guideline once
    print("zygote ready", flush=True)
    for line in sys.stdin:
        cmd, *args = line.split()
        if cmd == "spawn":
            pid = os.fork()
            if pid == 0:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                devnull = os.open(os.devnull, os.O_RDWR)
                os.dup2(devnull, 0)
                os.dup2(devnull, 1)
                try:
                    if args[0] == "kill":
                        kill_writer(*args[1:])
                finally:
                    os._exit(3)
            print(f"pid {pid}", flush=True)
        elif cmd == "reap":
            _, status = os.waitpid(int(args[0]), 0)
            code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
            print(f"status {code}", flush=True)
        elif cmd == "quit":
            break


def main(argv: list[str]) -> None:
    mode, *rest = argv
    if mode == "zygote":
        zygote()
    elif mode == "race":
        race_writer(*rest)
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
