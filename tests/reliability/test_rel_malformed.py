"""Malformed SOP files through ``python3 -m workshop check FILE`` in a child process.

Every file of ``tests/data/malformed/`` (first line ``# expect: line N: fragment``) must give,
within a CPU-time and address-space limit: exit 2, ``FILE: tidak terbaca`` and ``KESALAHAN baris N:
...fragment`` on stdout, no "Traceback" anywhere. The files of ``tests/data/hostile/`` say their
exit status too (``# expect-exit S: line N: fragment``): loops without an end are guideline
errors (exit 1, at the step's line), hostile text is just text (exit 0). Files too big to be
an SOP are generated here: over 2 MB, over 100,000 YAML nodes, a 10,000-character line, and a
valid SOP of 2,000 steps (checked in bounded time).
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from rel_support import MALFORMED, ROOT, child_env, figure

HOSTILE = ROOT / "tests" / "data" / "hostile"
CPU_SECONDS = 20
MEMORY_BYTES = 1024 * 1024 * 1024  # address space of the child: 1 GiB
WALL_SECONDS = 60

EXPECT = re.compile(r"# expect: (?:line (\d+)|no line): (.+)")
EXPECT_EXIT = re.compile(r"# expect-exit (\d): (?:line (\d+)|no line): (.+)")


@dataclass(frozen=True)
class Case:
    name: str
    path: Path
    status: int
    line: int | None
    fragment: str


@dataclass(frozen=True)
class Outcome:
    status: int
    out: str
    err: str
    seconds: float


def _limits() -> None:
    import resource  # POSIX only: imported here so that the suite collects on Windows

    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


# Windows has no rlimits (nor preexec_fn): there the wall-clock timeout alone bounds a child.
LIMITS = None if sys.platform == "win32" else _limits


def _generated(folder: Path) -> list[Case]:
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def add(name: str, text: str, status: int, line: int | None, fragment: str) -> None:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        cases.append(Case(name, path, status, line, fragment))

    head = "format: sop-ap/1\ntitle: Besar\n"
    add("over-2mb.yaml", head + "note: |\n" + ("  " + "x" * 98 + "\n") * 31_000,
        2, None, "berkas terlalu besar")
    add("too-many-nodes.yaml", head + "records: [" + ", ".join(["a"] * 150_000) + "]\n",
        2, 3, "terlalu banyak unsur")
    add("long-line-unknown-key.yaml",
        "format: sop-ap/1\ntitle: " + "Judul panjang " * 800 + "\nkunci_asing: 1\n",
        2, 3, "kunci 'kunci_asing' tidak dikenal")
    steps = ["actors: [Petugas, Kepala]", "steps:"]
    n = 2000
    for i in range(1, n + 1):
        kind = "start" if i == 1 else "end" if i == n else "process"
        steps += [f"  - activity: Memeriksa berkas nomor {i}",
                  f"    actor: {'Petugas' if i % 2 else 'Kepala'}",
                  f"    kind: {kind}", f"    time: {i % 50 + 1} menit"]
    add("two-thousand-steps.yaml", head + "\n".join(steps) + "\n", 0, None, "1 SOP diperiksa")
    return cases


def _cases(generated: Path) -> list[Case]:
    cases = []
    for path in sorted(MALFORMED.glob("*.yaml")):
        m = EXPECT.fullmatch(path.read_bytes().split(b"\n", 1)[0].decode("ascii"))
        assert m, path
        line = int(m.group(1)) if m.group(1) else None
        cases.append(Case(path.name, path, 2, line, m.group(2)))
    for path in sorted(HOSTILE.glob("*.yaml")):
        m = EXPECT_EXIT.fullmatch(path.read_bytes().split(b"\n", 1)[0].decode("ascii"))
        assert m, path
        line = int(m.group(2)) if m.group(2) else None
        cases.append(Case(path.name, path, int(m.group(1)), line, m.group(3)))
    return cases + _generated(generated)


def _run(case: Case) -> Outcome:
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "workshop", "check", str(case.path)],
        capture_output=True, text=True, env=child_env(), cwd=ROOT, timeout=WALL_SECONDS,
        preexec_fn=LIMITS, check=False,
    )
    return Outcome(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Case, Outcome]]:
    cases = _cases(tmp_path_factory.mktemp("generated"))
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(_run, cases))
    done = {c.name: (c, o) for c, o in zip(cases, results, strict=True)}
    worst = max(results, key=lambda o: o.seconds)
    ok = sum(1 for c, o in done.values() if _problems(c, o) == [])
    figure(
        "4 malformed",
        f"{len(cases)} files ({len(list(MALFORMED.glob('*.yaml')))} malformed, "
        f"{len(list(HOSTILE.glob('*.yaml')))} hostile, 4 generated): {ok} with file, line and "
        f"message as expected, {sum(1 for o in results if 'Traceback' in o.out + o.err)} "
        f"tracebacks; slowest {worst.seconds:.1f} s under {CPU_SECONDS} s CPU / 1 GiB limits",
    )
    return done


def _problems(case: Case, outcome: Outcome) -> list[str]:
    problems = []
    text = outcome.out + outcome.err
    if outcome.status != case.status:
        problems.append(f"exit {outcome.status}, expected {case.status}")
    if "Traceback" in text or "Error:" in text:
        problems.append("a Python traceback or exception name is shown")
    if str(case.path) not in outcome.out:
        problems.append("the file is not named")
    if case.status == 2:
        where = f"KESALAHAN baris {case.line}: " if case.line is not None else "KESALAHAN: "
        lines = [x for x in outcome.out.splitlines() if x.strip().startswith(where)]
        if f"{case.path}: tidak terbaca" not in outcome.out:
            problems.append("not reported as unreadable")
        if not any(case.fragment in x for x in lines):
            problems.append(f"no line starting {where!r} with {case.fragment!r}")
    elif case.status == 1:
        if not any(f"KESALAHAN baris {case.line}" in x and case.fragment in x
                   for x in outcome.out.splitlines()):
            problems.append(f"no error at line {case.line} with {case.fragment!r}")
    elif case.fragment not in outcome.out:
        problems.append(f"{case.fragment!r} not in the summary")
    return problems


def _names() -> list[str]:
    fixed = [p.name for p in sorted(MALFORMED.glob("*.yaml"))]
    fixed += [p.name for p in sorted(HOSTILE.glob("*.yaml"))]
    return [*fixed, "over-2mb.yaml", "too-many-nodes.yaml", "long-line-unknown-key.yaml",
            "two-thousand-steps.yaml"]


def test_there_are_at_least_thirty_malformed_files() -> None:
    assert len(list(MALFORMED.glob("*.yaml"))) >= 30


@pytest.mark.slow
@pytest.mark.parametrize("name", _names())
def test_check_names_file_and_line_without_traceback(
    name: str, outcomes: dict[str, tuple[Case, Outcome]]
) -> None:
    case, outcome = outcomes[name]
    assert _problems(case, outcome) == [], outcome.out + outcome.err

