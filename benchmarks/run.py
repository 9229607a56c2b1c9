"""Province-scale benchmark (issue 12): ``python benchmarks/run.py [--quick] [--json]``.

Generates a deterministic synthetic workshop (``benchmarks/synth.py``: 40 units x 100 SOPs x
15 steps, or 3 x 5 x 15 with ``--quick``) in a temporary folder, then measures each figure with
its floor in the same run:

- ``startup``: ``sop-workshop open DIR`` (the ``WorkshopApp`` in a fresh ``python3`` process,
  headless, 120x40) from process spawn to the main screen painted, seconds; floor: a minimal
  Textual app (one ``Static``) measured the same way. Medians, runs interleaved.
- ``save``: one step field edit made durable (``Store.edit_sop`` of ``steps.4.time``), median
  ms; floor: serialising that unit's data with ``json`` + write + ``fsync`` + ``os.replace``
  (the faster of ``json.dump`` streamed and ``json.dumps`` + one write: the strict floor).
- ``check_flow_60``: ``rules.check_sop`` + ``flowchart.layout_flowchart`` of a 60-step,
  6-actor SOP, median ms.
- ``export_md_rate`` / ``export_html_rate`` / ``export_docx_rate`` / ``export_pdf_rate``: every
  SOP of the workshop written as Markdown / HTML with SVG flowcharts / Word with the native
  flowchart / PDF (kop, boxes, vector flowchart, the font subset embedded in each file),
  through the same code as ``sop-workshop export DIR --what sop`` (fresh store, read, render,
  write atomically), SOPs per second.
- ``refresh_latency``: a save in this process until a watcher process holding the workshop open
  (polling ``Store.changed()`` every 0.5 s like the main screen) has read the new value,
  median seconds.
- ``peak_memory``: peak RSS (``VmHWM``; ``ru_maxrss`` elsewhere) of the app process with the
  workshop open and its workers done, MB; floor: the minimal app's.

Extra lines (not targets, for diagnosis): ``startup_cpu`` (CPU seconds of the app process up to
its first screen, floor: the minimal app's; less sensitive to a loaded machine than wall time)
and ``app_refresh`` (the main screen's ``refresh_data`` once the workshop is open: what every
poll that sees a change costs the UI thread).

``--room`` adds the room figures of ``benchmarks/room_load.py`` (N participants through
``sop-workshop serve``: ``room_latency_p50_N``, ``room_latency_p95_N``, ``room_rss_N``,
``room_rss_each_N``, ``room_rss_login_N``, ``room_cpu_N``, ``room_cpu_per_key_N``,
``room_failed_N``, ``room_join_N`` for N = 10, 20, 40; ``--room-sizes``, ``--room-keys``). Off
by default: the three rooms take several minutes.

``--json`` prints one JSON object per line: ``{"name", "value", "unit", "floor", "ratio"}``.
``--profile NAME`` runs that figure under cProfile and prints the top entries to stderr.
``--keep DIR`` generates (or reuses) the workshop in DIR instead of a temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import io
import json
import os
import pstats
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))
BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import room_load  # noqa: E402
import sync_bench  # noqa: E402
import synth  # noqa: E402

POLL_SECONDS = 0.5  # as workshop.tui.app.POLL_SECONDS (not imported: no Textual here)
APP_SIZE = (120, 40)

TARGETS: dict[str, str] = {
    "startup": "ratio <= 1.5",
    "save": "<= 20 ms, ratio <= 2",
    "check_flow_60": "<= 16 ms",
    "export_md_rate": ">= 1000 SOP/s",
    "export_html_rate": ">= 300 SOP/s",
    "export_docx_rate": ">= 200 SOP/s",
    "export_pdf_rate": ">= 100 SOP/s",
    "refresh_latency": "<= 1.0 s",
    "peak_memory": "<= 150 MB",
    "room_latency_p95_40": "<= 150 ms",
}


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    floor: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.floor is None or self.floor == 0:
            return None
        return self.value / self.floor

    def as_json(self) -> dict[str, Any]:
        ratio = self.ratio
        return {
            "name": self.name,
            "value": round(self.value, 4),
            "unit": self.unit,
            "floor": None if self.floor is None else round(self.floor, 4),
            "ratio": None if ratio is None else round(ratio, 3),
        }

    def met(self) -> bool | None:
        v, r = self.value, self.ratio
        checks: dict[str, Callable[[], bool]] = {
            "startup": lambda: r is not None and r <= 1.5,
            "save": lambda: v <= 20 and r is not None and r <= 2,
            "check_flow_60": lambda: v <= 16,
            "export_md_rate": lambda: v >= 1000,
            "export_html_rate": lambda: v >= 300,
            "export_docx_rate": lambda: v >= 200,
            "export_pdf_rate": lambda: v >= 100,
            "refresh_latency": lambda: v <= 1.0,
            "peak_memory": lambda: v <= 150,
            "room_latency_p95_40": lambda: v <= 150,
        }
        check = checks.get(self.name)
        return None if check is None else check()


@dataclass(frozen=True)
class Settings:
    quick: bool
    startup_runs: int
    saves: int
    checks: int
    refreshes: int
    settle: float

    @staticmethod
    def make(quick: bool) -> Settings:
        if quick:
            return Settings(quick=True, startup_runs=1, saves=5, checks=5, refreshes=2,
                            settle=0.2)
        return Settings(quick=False, startup_runs=5, saves=50, checks=30, refreshes=8,
                        settle=1.5)


# ---------------------------------------------------------------------------------------------
# Profiling
# ---------------------------------------------------------------------------------------------


@contextlib.contextmanager
def maybe_profile(enabled: bool, label: str, top: int = 30) -> Iterator[None]:
    """Run the block under cProfile when ``enabled`` and print the top entries to stderr."""
    if not enabled:
        yield
        return
    prof = cProfile.Profile()
    prof.enable()
    try:
        yield
    finally:
        prof.disable()
        out = io.StringIO()
        stats = pstats.Stats(prof, stream=out)
        stats.sort_stats("cumulative").print_stats(top)
        stats.sort_stats("tottime").print_stats(top)
        print(f"===== profile: {label} =====\n{out.getvalue()}", file=sys.stderr)


# ---------------------------------------------------------------------------------------------
# Child processes: the app (or the minimal app) to its first screen; the watcher
# ---------------------------------------------------------------------------------------------


def child_app(kind: str, folder: str, settle: float, profile: bool) -> int:
    """Run in a child process: start the app headless, print ``ready <monotonic>`` when its
    first screen is painted, let workers finish and ``settle`` seconds pass, print
    ``refresh <seconds>`` (workshop app only) and ``rss <KiB>``, exit."""
    from textual.app import App, ComposeResult
    from textual.pilot import Pilot
    from textual.widgets import Static

    app: App[None]
    target: Callable[[], bool]
    refresh: Callable[[], None] | None = None
    if kind == "minimal":

        class Minimal(App[None]):
            def compose(self) -> ComposeResult:
                yield Static("sop-workshop")

        app = Minimal()

        def target() -> bool:
            return app.screen.is_mounted

    else:
        from workshop.tui.app import WorkshopApp
        from workshop.tui.screens.main import MainScreen

        # The list of recent folders goes beside the workshop, not into the user's settings.
        app = WorkshopApp(Path(folder), recent_file=Path(folder).parent / "recent.json")

        def target() -> bool:
            return isinstance(app.screen, MainScreen) and app.screen.is_mounted

        def refresh() -> None:
            screen = app.screen
            assert isinstance(screen, MainScreen)
            screen.refresh_data()

    async def pilot(p: Pilot[object]) -> None:
        while not target():
            await asyncio.sleep(0.005)
        painted = asyncio.Event()
        app.screen.call_after_refresh(painted.set)
        await painted.wait()
        print(f"ready {time.monotonic()}", flush=True)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        print(f"cpu {usage.ru_utime + usage.ru_stime}", flush=True)
        await app.workers.wait_for_complete()
        await asyncio.sleep(settle)
        if refresh is not None:
            t = time.perf_counter()
            refresh()
            print(f"refresh {time.perf_counter() - t}", flush=True)
        app.exit()

    with maybe_profile(profile, f"{kind} app to first screen and settled"):
        app.run(headless=True, size=APP_SIZE, auto_pilot=pilot)
    print(f"rss {peak_rss_kib()}", flush=True)
    return 0


def peak_rss_kib() -> int:
    """Peak resident set size of this process, KiB.

    ``VmHWM`` from /proc (Linux): ``ru_maxrss`` survives ``execve`` and so may report the
    parent's peak (the benchmark process holds the generated workshop) instead of the child's.
    """
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child_watch(folder: str, unit: str, sop_id: str) -> int:
    """Run in a child process: hold the workshop open, poll like the main screen, and print
    ``seen <monotonic> <value>`` each time a change is noticed and read."""
    from workshop.store import Store

    store = Store.open(Path(folder))
    store.sop(unit, sop_id)  # warm the cache, as an open screen has it
    print("ready", flush=True)
    while True:
        if store.changed():
            value = store.sop(unit, sop_id).sop.step(4).time
            print(f"seen {time.monotonic()} {value}", flush=True)
        time.sleep(POLL_SECONDS)


# Where the children keep compiled bytecode when the environment forbids writing it beside
# the sources (set by ``main``). See ``_child_env``.
BYTECODE_CACHE: Path | None = None


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p
    )
    env.pop("TEXTUAL", None)  # no devtools
    if BYTECODE_CACHE is not None and env.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
        # An installed app starts from compiled bytecode, as the minimal app does (Textual's
        # files were compiled at install). With PYTHONDONTWRITEBYTECODE set (the shared test
        # machine sets it) every app child compiled the project's sources anew (~0.1-0.2 s of
        # each start): a cost of the checkout, not of the app. A cache of the benchmark's own.
        env["PYTHONPYCACHEPREFIX"] = str(BYTECODE_CACHE)
    return env


@dataclass
class AppRun:
    startup: float
    rss_mb: float
    refresh: float | None
    cpu: float | None


def run_app_child(kind: str, folder: Path, settle: float, profile: bool = False) -> AppRun:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, str(folder),
               "--settle", str(settle)]
    if profile:
        command.append("--child-profile")
    start = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=None, text=True,
                            env=_child_env(), cwd=str(ROOT))
    out, _ = proc.communicate(timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} app child failed ({proc.returncode}):\n{out}")
    ready = rss = refresh = cpu = None
    for line in out.splitlines():
        word, _, rest = line.partition(" ")
        if word == "ready":
            ready = float(rest)
        elif word == "rss":
            rss = int(rest) / 1024  # KiB -> MiB
        elif word == "refresh":
            refresh = float(rest)
        elif word == "cpu":
            cpu = float(rest)
    if ready is None or rss is None:
        raise RuntimeError(f"{kind} app child gave no figures:\n{out}")
    return AppRun(ready - start, rss, refresh, cpu)


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------


def fig_startup_memory(folder: Path, s: Settings, profile: str | None) -> list[Figure]:
    apps: list[AppRun] = []
    minimals: list[AppRun] = []
    run_app_child("minimal", folder, 0.0)  # warm-up, not counted: bytecode compiled and cached
    run_app_child("app", folder, 0.0)
    for _ in range(s.startup_runs):  # interleaved: load on the machine hits both alike
        minimals.append(run_app_child("minimal", folder, s.settle))
        apps.append(run_app_child("app", folder, s.settle))
    if profile in ("startup", "peak_memory"):
        run_app_child("app", folder, s.settle, profile=True)
    figures = [
        Figure("startup", statistics.median(a.startup for a in apps), "s",
               statistics.median(m.startup for m in minimals)),
        Figure("peak_memory", statistics.median(a.rss_mb for a in apps), "MB",
               statistics.median(m.rss_mb for m in minimals)),
    ]
    cpus = [a.cpu for a in apps if a.cpu is not None]
    floor_cpus = [m.cpu for m in minimals if m.cpu is not None]
    if cpus and floor_cpus:  # less sensitive to the load of a shared machine than wall time
        figures.append(Figure("startup_cpu", statistics.median(cpus), "s",
                              statistics.median(floor_cpus)))
    refreshes = [a.refresh for a in apps if a.refresh is not None]
    if refreshes:
        figures.append(Figure("app_refresh", statistics.median(refreshes), "s"))
    return figures


def _save_target(folder: Path) -> tuple[str, str]:
    """The unit in the middle of the workshop and its first SOP."""
    from workshop.store import Store

    store = Store.open(folder)
    units = store.units()
    unit = units[len(units) // 2].slug
    return unit, store.sops(unit)[0].id


def _floor_write(data: Any, target: Path, streamed: bool) -> float:
    tmp = target.with_name(f".{target.name}.tmp")
    t = time.perf_counter()
    with open(tmp, "w", encoding="utf-8") as f:
        if streamed:
            json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
        else:
            f.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, target)
    return time.perf_counter() - t


def fig_save(folder: Path, s: Settings, profile: str | None) -> list[Figure]:
    from workshop.store import FieldChange, Store

    unit, sop_id = _save_target(folder)
    store = Store.open(folder)
    unit_file = folder / "units" / f"{unit}.json"
    floor_dir = Path(tempfile.mkdtemp(prefix="floor-", dir=folder.parent))
    floor_file = floor_dir / unit_file.name
    current = store.sop(unit, sop_id).sop.step(4).time
    saves: list[float] = []
    floors_dumps: list[float] = []
    floors_dump: list[float] = []
    for i in range(s.saves + 2):  # the first two warm up
        new = f"{5 + i % 2} menit" if current != f"{5 + i % 2} menit" else "9 menit"
        change = FieldChange("steps.4.time", current, new)
        with maybe_profile(profile == "save" and i == s.saves + 1, "save (one edit_sop)"):
            t = time.perf_counter()
            store.edit_sop(unit, sop_id, [change])
            dt = time.perf_counter() - t
        current = new
        data = json.loads(unit_file.read_bytes())
        a = _floor_write(data, floor_file, streamed=False)
        b = _floor_write(data, floor_file, streamed=True)
        if i >= 2:
            saves.append(dt)
            floors_dumps.append(a)
            floors_dump.append(b)
    shutil.rmtree(floor_dir, ignore_errors=True)
    floor = min(statistics.median(floors_dumps), statistics.median(floors_dump))
    return [Figure("save", statistics.median(saves) * 1000, "ms", floor * 1000)]


def fig_check_flow(s: Settings, profile: str | None) -> list[Figure]:
    from workshop.flowchart import layout_flowchart
    from workshop.rules import check_sop

    sop = synth.flow_sop_60()
    for _ in range(2):  # warm: the guideline is loaded once per process
        check_sop(sop)
        layout_flowchart(sop)
    times = []
    with maybe_profile(profile == "check_flow_60", "check_flow_60"):
        for _ in range(s.checks):
            t = time.perf_counter()
            check_sop(sop)
            layout_flowchart(sop)
            times.append(time.perf_counter() - t)
    return [Figure("check_flow_60", statistics.median(times) * 1000, "ms")]


def fig_export(folder: Path, fmt: str, profile: str | None) -> list[Figure]:
    from workshop.exporting import run_jobs, workshop_jobs
    from workshop.store import Store

    name = f"export_{fmt}_rate"
    out = Path(tempfile.mkdtemp(prefix=f"export-{fmt}-", dir=folder.parent))
    with maybe_profile(profile == name, name):
        t = time.perf_counter()
        store = Store.open(folder)  # a fresh store: nothing cached, as the export command
        jobs = workshop_jobs(store, "sop", fmt, None)
        written = run_jobs(jobs, out, progress_stream=io.StringIO())
        elapsed = time.perf_counter() - t
    shutil.rmtree(out, ignore_errors=True)
    return [Figure(name, len(written) / elapsed, "SOP/s")]


def fig_refresh(folder: Path, s: Settings, profile: str | None) -> list[Figure]:
    from workshop.store import FieldChange, Store

    unit, sop_id = _save_target(folder)
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "watch", str(folder),
               "--unit", unit, "--sop", sop_id]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=_child_env(),
                            cwd=str(ROOT))
    assert proc.stdout is not None
    try:
        if proc.stdout.readline().strip() != "ready":
            raise RuntimeError("the watcher did not start")
        store = Store.open(folder)
        current = store.sop(unit, sop_id).sop.step(4).time
        rng = random.Random(synth.SEED)
        latencies = []
        for i in range(s.refreshes):
            time.sleep(rng.uniform(0.1, 0.1 + POLL_SECONDS))  # any phase of the poll
            new = f"{20 + i} menit"
            start = time.monotonic()
            store.edit_sop(unit, sop_id, [FieldChange("steps.4.time", current, new)])
            current = new
            while True:
                line = proc.stdout.readline().split()
                if not line:
                    raise RuntimeError("the watcher stopped")
                if line[0] == "seen" and " ".join(line[2:]) == new:
                    latencies.append(float(line[1]) - start)
                    break
    finally:
        proc.kill()
        proc.wait()
    return [Figure("refresh_latency", statistics.median(latencies), "s")]


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------


def fig_sync(folder: Path, work: Path, s: Settings, profile: str | None) -> list[Figure]:
    """``sync``, ``sync_bytes``, ``sync_first``, ``province_first_board`` (sync_bench.py)."""
    with maybe_profile(profile == "sync", "sync"):
        got = sync_bench.measure_sync(folder, work, 1 if s.quick else 3)
    with maybe_profile(profile == "province_first_board", "province_first_board"):
        first_board = sync_bench.measure_province(got["remote"], work)
    return [
        Figure("sync", got["seconds"], "s"),
        Figure("sync_bytes", float(got["bytes"]), "bytes"),
        Figure("sync_first", got["first"], "s"),
        Figure("province_first_board", first_board, "s"),
    ]


def _machine() -> str:
    load = os.getloadavg()
    return (f"{os.cpu_count()} CPU, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
            f"Python {sys.version.split()[0]}")


def _line(f: Figure) -> str:
    floor = "-" if f.floor is None else f"{f.floor:.3f}"
    ratio = "-" if f.ratio is None else f"{f.ratio:.2f}"
    met = f.met()
    verdict = "" if met is None else ("tercapai" if met else "BELUM")
    target = TARGETS.get(f.name, "(info)")
    return (f"| {f.name} | {f.value:.3f} {f.unit} | {floor} | {ratio} | {target} | "
            f"{verdict} |")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Benchmark skala provinsi sop-workshop.")
    p.add_argument("--quick", action="store_true", help="workshop kecil (uji asap CI)")
    p.add_argument("--json", action="store_true", help="satu objek JSON per baris")
    p.add_argument("--profile", metavar="NAMA", help="profil cProfile satu angka ke stderr")
    p.add_argument("--keep", metavar="FOLDER", help="buat/pakai workshop di folder ini")
    p.add_argument("--only", metavar="NAMA", action="append",
                   help="hanya angka ini (boleh berulang)")
    p.add_argument("--room", action="store_true",
                   help="juga beban ruangan: N peserta lewat serve (lama; lihat room_load.py)")
    p.add_argument("--room-sizes", metavar="N,N", help="jumlah peserta (bawaan 10,20,40; "
                   "dengan --quick 2)")
    p.add_argument("--room-keys", type=int, metavar="K",
                   help="tombol per peserta (bawaan 20; dengan --quick 5)")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--settle", type=float, default=0.0, help=argparse.SUPPRESS)
    p.add_argument("--child-profile", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--unit", help=argparse.SUPPRESS)
    p.add_argument("--sop", help=argparse.SUPPRESS)
    p.add_argument("folder", nargs="?", help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    if args.child == "watch":
        return child_watch(args.folder, args.unit, args.sop)
    if args.child in ("app", "minimal"):
        return child_app(args.child, args.folder, args.settle, args.child_profile)

    s = Settings.make(args.quick)
    size = synth.QUICK if args.quick else synth.FULL
    temp: Path | None = None
    if args.keep:
        base = Path(args.keep).resolve()
        folder = base / "workshop"
    else:
        temp = Path(tempfile.mkdtemp(prefix="sop-bench-"))
        base, folder = temp, temp / "workshop"
    global BYTECODE_CACHE
    BYTECODE_CACHE = base / "pycache"
    try:
        if not (folder / "workshop.json").is_file():
            t = time.perf_counter()
            synth.make_workshop(folder, size)
            generated = time.perf_counter() - t
            if not args.json:
                print(f"Workshop sintetis {size.units} unit x {size.sops} SOP x {size.steps} "
                      f"langkah dibuat dalam {generated:.1f} s di {folder}", file=sys.stderr)
        wanted = set(args.only or [])

        def want(*names: str) -> bool:
            return not wanted or bool(wanted.intersection(names))

        figures: list[Figure] = []
        steps: list[tuple[tuple[str, ...], Callable[[], list[Figure]]]] = [
            (("startup", "peak_memory", "startup_cpu", "app_refresh"),
             lambda: fig_startup_memory(folder, s, args.profile)),
            (("save",), lambda: fig_save(folder, s, args.profile)),
            (("check_flow_60",), lambda: fig_check_flow(s, args.profile)),
            (("export_md_rate",), lambda: fig_export(folder, "md", args.profile)),
            (("export_html_rate",), lambda: fig_export(folder, "html", args.profile)),
            (("export_docx_rate",), lambda: fig_export(folder, "docx", args.profile)),
            (("export_pdf_rate",), lambda: fig_export(folder, "pdf", args.profile)),
            (("refresh_latency",), lambda: fig_refresh(folder, s, args.profile)),
            (("sync", "sync_bytes", "sync_first", "province_first_board"),
             lambda: fig_sync(folder, base / "sync", s, args.profile)),
        ]
        order = ["startup", "save", "check_flow_60", "export_md_rate", "export_html_rate",
                 "export_docx_rate", "export_pdf_rate",
                 "refresh_latency", "peak_memory", "sync", "sync_bytes", "province_first_board",
                 "startup_cpu", "app_refresh", "sync_first"]
        load_before = _machine()
        for names, measure in steps:
            if want(*names):
                figures.extend(measure())
        if args.room:  # off by default: three rooms take minutes
            sizes = args.room_sizes or ("2" if args.quick else "10,20,40")
            keys = args.room_keys or (5 if args.quick else 20)
            for n in (int(x) for x in sizes.split(",") if x.strip()):
                room = room_load.measure_room(n, keys, base=base)
                figures.extend(Figure(row["name"], row["value"], row["unit"])
                               for row in room_load.figure_lines(room))
        figures.sort(key=lambda f: order.index(f.name) if f.name in order else len(order))
        if args.json:
            for f in figures:
                print(json.dumps(f.as_json()), flush=True)
        else:
            print(f"Mesin: {load_before} (awal); {_machine()} (akhir)")
            print(f"Workshop: {size.units} unit x {size.sops} SOP x {size.steps} langkah")
            print("| angka | nilai | dasar (floor) | rasio | target | hasil |")
            print("|---|---|---|---|---|---|")
            for f in figures:
                print(_line(f))
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
