"""Room load (issue 21): N simulated participants join ``sop-workshop serve``, log in with their
unit PIN, open an SOP and type steps.

``python benchmarks/room_load.py [--sizes 10,20,40] [--keys 20] [--json]``; also
``benchmarks/run.py --room`` (the room figures beside the others, off by default: the run is
long).

For each N a fresh synthetic workshop (``synth.py``: 10 units x 4 SOPs x 15 steps, every unit
with a known PIN) is served by ``python -m workshop serve`` on a free port of 127.0.0.1, in a
process of its own. Participant ``i`` takes unit ``i % 10`` and that unit's SOP ``i // 10``, so
up to 40 participants never share an SOP (four people per unit, as in a real room, each on an
own SOP: a save by one reaches the editors of the other three through the store).

Each participant is a websocket client speaking textual-serve 1.1's protocol (``["stdin", s]``
and ``["resize", {...}]`` text envelopes in, binary terminal frames out): it opens the join
address the server prints (which carries the room token when ``serve`` makes one), connects to
the websocket the page names with the page's ``Origin``, chooses its unit, types the PIN, opens
its SOP, goes to the end of the activity field and, once every participant is there, types one
key every ``--interval`` seconds. Latency: key sent -> the first frame whose text shows the last
characters typed (the input line or the steps table repainted).

Figures per N (``--json``: one ``{"name", "value", "unit", "floor", "ratio"}`` object a line,
as ``run.py``): ``room_latency_p50_N`` / ``room_latency_p95_N`` (ms), ``room_rss_N`` (MB, the
server and all its children once everyone is in the editor), ``room_rss_each_N`` (MB, median
participant process in the editor), ``room_rss_login_N`` (MB, median participant process
at its login screen, before the PIN), ``room_cpu_N`` (CPU seconds per second of the typing
phase, server and children: 2.0 = both cores of a 2-core machine busy), ``room_cpu_per_key_N``
(the same CPU divided by the keys typed, ms: what a key costs the machine, much less sensitive
to what else runs on it than the latencies), ``room_failed_N``
(participants that did not reach the editor plus keys never shown within 5 s).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))
BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import synth  # noqa: E402

from workshop.store import Store  # noqa: E402

UNITS = 10
SOPS_PER_UNIT = 4
STEPS = 15
SIZE = (100, 30)  # the browser's terminal, columns x rows
VERBOSE = False
PROFILE_SIGNALS = False
KEY_TIMEOUT = 5.0  # a key not shown by then counts as failed (and as 5 s in the percentiles)
ESC = re.compile(rb"\x1b\[[0-9;?$>]*[a-zA-Z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-B]")
LETTERS = "zyxwvutsrqponmlkjihgfedcba"


def _text(frame: bytes) -> bytes:
    return ESC.sub(b"", frame)


@dataclass
class Room:
    folder: Path
    pins: list[str]  # per unit, in the login list's order
    names: list[str]


def make_room(folder: Path) -> Room:
    """The room's workshop (``synth``'s units and SOPs, every SOP a draft: an approved one is
    read-only in the editor) and a PIN for every unit."""
    rng = random.Random(synth.SEED)
    store = Store.create(folder, "Pendampingan Penyusunan SOP AP (beban ruangan)",
                         now=lambda: synth.FIXED_NOW)
    units = store.add_units(synth.unit_names(UNITS))
    size = synth.Size(units=UNITS, sops=SOPS_PER_UNIT, steps=STEPS)
    for unit in units:
        records = [dataclasses.replace(r, status="draf")
                   for r in synth.unit_records(rng, unit.name, size)]
        store.add_sop_records(unit.slug, records)
    units = store.units()
    pins = [store.generate_pin(u.slug) for u in units]
    return Room(folder, pins, [u.name for u in units])


# ---------------------------------------------------------------------------------------------
# The server and its processes
# ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_options(env: dict[str, str]) -> str:
    """``serve --help`` of the code under test (to pass ``--token`` only where it exists)."""
    out = subprocess.run([sys.executable, "-m", "workshop", "serve", "--help"],
                         capture_output=True, text=True, env=env, cwd=str(ROOT), check=False)
    return out.stdout


@dataclass
class Server:
    proc: subprocess.Popen[str]
    join: str


def start_server(folder: Path, token: str | None, env: dict[str, str]) -> Server:
    port = free_port()
    command = [sys.executable, "-m", "workshop", "serve", str(folder), "--port", str(port)]
    if token and "--token" in serve_options(env):
        command += ["--token", token]
    if "--max-peserta" in serve_options(env):
        command += ["--max-peserta", "100"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, env=env, cwd=str(ROOT), start_new_session=True)
    assert proc.stdout is not None
    join = None
    seen = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen.append(line)
        found = re.search(r"(https?://\S+)", line)
        if found:  # the first address serve prints is the join address
            join = found.group(1)
            break
    if join is None:
        stop_server(proc)
        raise RuntimeError("serve did not start:\n" + "".join(seen))
    # Keep reading its output, so a full pipe never blocks the server.
    import threading

    threading.Thread(target=lambda: [None for _ in proc.stdout or []], daemon=True).start()
    _wait_port(port)
    return Server(proc, join)


def _wait_port(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"serve does not listen on port {port}")


def stop_server(proc: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, 2)  # ctrl+c: the server stops its children
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 9)
        proc.wait()


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (Linux ``/proc``)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def rss_kib(pid: int) -> int:
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU of ``pid`` and of its waited-for children."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        fields = (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1]).split()
        ticks = sum(int(fields[i]) for i in (11, 12, 13, 14))  # utime stime cutime cstime
        return ticks / os.sysconf("SC_CLK_TCK")
    return 0.0


def is_participant(pid: int) -> bool:
    with contextlib.suppress(OSError):
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        return b"participant" in args and b"workshop" in args and not args[0].endswith(b"sh")
    return False


# ---------------------------------------------------------------------------------------------
# The participants
# ---------------------------------------------------------------------------------------------


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    failed_nav: list[int] = field(default_factory=list)
    timeouts: int = 0


async def websocket_address(join: str) -> tuple[str, str]:
    """(websocket address, Origin) as the join page gives them (it may carry a join secret)."""
    import aiohttp

    async with aiohttp.ClientSession() as s, s.get(join) as r:
        page = await r.text()
    m = re.search(r'data-session-websocket-url="([^"]+)"', page)
    if not m:
        raise RuntimeError(f"the join page names no websocket address:\n{page[:500]}")
    ws = m.group(1).replace("&amp;", "&")
    scheme, rest = join.split("//", 1)
    host = rest.split("/", 1)[0]
    ws = re.sub(r"^wss?://[^/]+", ("wss://" if scheme == "https:" else "ws://") + host, ws)
    ws = re.sub(r"([?&])(width|height)=\d+&?", r"\1", ws).rstrip("?&")
    ws += ("&" if "?" in ws else "?") + f"width={SIZE[0]}&height={SIZE[1]}"
    return ws, f"{scheme}//{host}"


class Participant:
    def __init__(self, i: int, room: Room, ws_url: str, origin: str, results: Results) -> None:
        self.i = i
        self.room = room
        self.ws_url = ws_url
        self.origin = origin
        self.results = results
        self.queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()
        self.ws: Any = None

    async def wait_for(self, word: str, timeout: float = 60) -> bool:
        end = time.perf_counter() + timeout
        buf = b""
        while time.perf_counter() < end:
            try:
                _, data = await asyncio.wait_for(self.queue.get(),
                                                 max(0.1, end - time.perf_counter()))
            except TimeoutError:
                break
            buf = (buf + _text(data))[-20000:]
            if word.encode() in buf:
                return True
        return False

    async def settle(self, quiet: float) -> None:
        await asyncio.sleep(quiet)
        while not self.queue.empty():
            self.queue.get_nowait()

    async def key(self, keys: str) -> None:
        await self.ws.send_json(["stdin", keys])

    async def expect(self, word: str) -> bool:
        if await self.wait_for(word):
            return True
        if VERBOSE:
            print(f"participant {self.i}: {word!r} not seen", file=sys.stderr, flush=True)
        return False

    async def navigate(self, at_login: list[int], login_go: asyncio.Event) -> bool:
        unit = self.i % UNITS
        ok = await self.expect("PIN unit")
        at_login.append(self.i)
        await login_go.wait()  # everyone's process measured at its login screen
        await self.settle(1.0)
        await self.key("\r")  # open the unit list
        ok = ok and await self.expect(self.room.names[0][:20])
        await self.settle(0.5)
        for _ in range(unit + 1):
            await self.key("\x1b[B")
        await self.settle(0.3)
        await self.key("\r")
        await self.settle(0.5)
        await self.key(self.room.pins[unit])
        await self.settle(0.3)
        await self.key("\r")
        ok = ok and await self.expect("SOP unit")
        await self.settle(1.5)
        for _ in range(self.i // UNITS):
            await self.key("\x1b[B")
        await self.settle(0.5)
        await self.key("\r")
        ok = ok and await self.expect("Langkah")
        await self.settle(1.5)
        await self.key("\x05")  # end of the activity field
        await self.settle(0.5)
        return ok

    async def run(self, keys: int, interval: float, barriers: Barriers) -> None:
        import aiohttp

        async with aiohttp.ClientSession() as s, s.ws_connect(
                self.ws_url, max_msg_size=0, timeout=aiohttp.ClientWSTimeout(ws_close=10),
                origin=self.origin, heartbeat=None) as ws:
            self.ws = ws

            async def reader() -> None:
                async for m in ws:
                    if m.type == aiohttp.WSMsgType.BINARY:
                        self.queue.put_nowait((time.perf_counter(), m.data))

            read_task = asyncio.create_task(reader())
            try:
                if not await self.navigate(barriers.at_login, barriers.login_go):
                    self.results.failed_nav.append(self.i)
                barriers.ready.append(self.i)
                await barriers.go.wait()
                typed = ""
                for k in range(keys):
                    while not self.queue.empty():
                        self.queue.get_nowait()
                    ch = LETTERS[(k + self.i) % len(LETTERS)]
                    typed += ch
                    want = typed[-3:].encode()
                    sent = time.perf_counter()
                    await self.key(ch)
                    buf = b""
                    deadline = sent + KEY_TIMEOUT
                    try:
                        while True:
                            got, data = await asyncio.wait_for(
                                self.queue.get(), max(0.01, deadline - time.perf_counter()))
                            buf = (buf + _text(data))[-4000:]
                            if want in buf:
                                self.results.latencies.append(got - sent)
                                break
                    except TimeoutError:
                        self.results.latencies.append(KEY_TIMEOUT)
                        self.results.timeouts += 1
                    await asyncio.sleep(max(0.0, interval - (time.perf_counter() - sent)))
                await barriers.done.wait()  # connected until the measurements are taken
            finally:
                read_task.cancel()


@dataclass
class Barriers:
    """Where the participants wait for each other (and for the measurements)."""

    at_login: list[int] = field(default_factory=list)
    login_go: asyncio.Event = field(default_factory=asyncio.Event)
    ready: list[int] = field(default_factory=list)
    go: asyncio.Event = field(default_factory=asyncio.Event)
    done: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class RoomFigures:
    n: int
    p50_ms: float
    p95_ms: float
    rss_mb: float
    rss_each_mb: float
    rss_each_before_login_mb: float
    cpu: float
    cpu_per_key_ms: float
    failed: int
    joined_s: float
    load: str


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _room(n: int, server: Server, room: Room, keys: int, interval: float,
                settle: float = 0.0) -> RoomFigures:
    ws_url, origin = await websocket_address(server.join)
    results = Results()
    b = Barriers()
    people = [Participant(i, room, ws_url, origin, results) for i in range(n)]
    t0 = time.perf_counter()
    tasks = [asyncio.create_task(p.run(keys, interval, b)) for p in people]
    while len(b.at_login) < n and time.perf_counter() - t0 < 600:
        if all(t.done() for t in tasks):
            break
        await asyncio.sleep(0.2)
    await asyncio.sleep(1.0)  # the login screens painted and idle
    before_login = [rss_kib(p) / 1024 for p in descendants(server.proc.pid)
                    if is_participant(p)]
    b.login_go.set()
    while len(b.ready) < n and time.perf_counter() - t0 < 900:
        if all(t.done() for t in tasks):
            break
        await asyncio.sleep(0.5)
    joined = time.perf_counter() - t0
    if VERBOSE:
        print(f"N={n}: {len(b.ready)} ready after {joined:.0f} s", file=sys.stderr, flush=True)
    await asyncio.sleep(1.0 + settle)  # settle: the last joiners' work done before typing
    procs = descendants(server.proc.pid)
    rss = sum(rss_kib(p) for p in procs) / 1024
    each = [rss_kib(p) / 1024 for p in procs if is_participant(p)]
    if PROFILE_SIGNALS:  # a sitecustomize of the profiler's own starts cProfile on SIGUSR1
        for pid in procs:
            if is_participant(pid):
                os.kill(pid, 10)
    cpu0, w0 = sum(cpu_seconds(p) for p in procs), time.perf_counter()
    b.go.set()
    while len(results.latencies) < len(b.ready) * keys and not all(t.done() for t in tasks):
        await asyncio.sleep(0.2)
    procs_after = [p for p in procs if Path(f"/proc/{p}").exists()]
    if PROFILE_SIGNALS:  # ... and writes its figures on SIGUSR2
        for pid in procs_after:
            if is_participant(pid):
                os.kill(pid, 12)
    cpu1, w1 = sum(cpu_seconds(p) for p in procs_after), time.perf_counter()
    if VERBOSE:
        print(f"N={n}: {len(results.latencies)} keys measured", file=sys.stderr, flush=True)
    load = open("/proc/loadavg").read().split()[0]  # noqa: SIM115 - one read
    b.done.set()
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    errors = [o for o in outcomes if isinstance(o, BaseException)]
    lat = results.latencies or [KEY_TIMEOUT]
    return RoomFigures(
        n=n, p50_ms=_percentile(lat, 0.5) * 1000, p95_ms=_percentile(lat, 0.95) * 1000,
        rss_mb=rss, rss_each_mb=statistics.median(each) if each else 0.0,
        rss_each_before_login_mb=statistics.median(before_login) if before_login else 0.0,
        cpu=(cpu1 - cpu0) / max(1e-9, w1 - w0),
        cpu_per_key_ms=(cpu1 - cpu0) * 1000 / max(1, len(results.latencies)),
        failed=len(results.failed_nav) + results.timeouts + len(errors),
        joined_s=joined, load=load)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env.pop("TEXTUAL", None)
    return env


def measure_room(n: int, keys: int = 20, interval: float = 0.25, token: str | None = None,
                 base: Path | None = None, settle: float = 0.0) -> RoomFigures:
    """One room of ``n`` participants on a fresh workshop and a fresh server."""
    temp = Path(tempfile.mkdtemp(prefix="sop-room-", dir=base))
    server = None
    try:
        room = make_room(temp / "workshop")
        env = child_env()
        if env.pop("PYTHONDONTWRITEBYTECODE", None) is not None:  # as run.py: compile once,
            env["PYTHONPYCACHEPREFIX"] = str(temp / "pycache")  # not in every participant
        subprocess.run([sys.executable, "-c", "import workshop.cli, workshop.tui.app, "
                        "workshop.tui.screens.participant, workshop.serve, textual_serve.server"],
                       env=env, cwd=str(ROOT), check=False)
        server = start_server(room.folder, token or os.urandom(12).hex(), env)
        return asyncio.run(_room(n, server, room, keys, interval, settle))
    finally:
        if server is not None:
            stop_server(server.proc)
        shutil.rmtree(temp, ignore_errors=True)


def figure_lines(f: RoomFigures) -> list[dict[str, Any]]:
    """The ``run.py --json`` lines of one room."""
    def line(name: str, value: float, unit: str) -> dict[str, Any]:
        return {"name": f"{name}_{f.n}", "value": round(value, 4), "unit": unit,
                "floor": None, "ratio": None}

    return [
        line("room_latency_p50", f.p50_ms, "ms"),
        line("room_latency_p95", f.p95_ms, "ms"),
        line("room_rss", f.rss_mb, "MB"),
        line("room_rss_each", f.rss_each_mb, "MB"),
        line("room_rss_login", f.rss_each_before_login_mb, "MB"),
        line("room_cpu", f.cpu, "cores"),
        line("room_cpu_per_key", f.cpu_per_key_ms, "ms"),
        line("room_failed", f.failed, "count"),
        line("room_join", f.joined_s, "s"),
    ]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Benchmark ruangan: N peserta lewat serve.")
    p.add_argument("--sizes", default="10,20,40", help="jumlah peserta, dipisah koma")
    p.add_argument("--keys", type=int, default=20, help="tombol per peserta")
    p.add_argument("--interval", type=float, default=0.25, help="detik antar tombol")
    p.add_argument("--token", help="token ruangan (bila serve mengenal --token)")
    p.add_argument("--settle", type=float, default=0.0,
                   help="detik menunggu setelah semua di editor, sebelum mengetik")
    p.add_argument("--json", action="store_true", help="satu objek JSON per baris")
    p.add_argument("--verbose", action="store_true", help="kabar kemajuan ke stderr")
    p.add_argument("--profile-signals", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    global VERBOSE
    VERBOSE = args.verbose
    global PROFILE_SIGNALS
    PROFILE_SIGNALS = args.profile_signals
    for n in (int(x) for x in args.sizes.split(",") if x.strip()):
        f = measure_room(n, args.keys, args.interval, args.token, settle=args.settle)
        if args.json:
            for row in figure_lines(f):
                print(json.dumps(row), flush=True)
        else:
            print(f"N={f.n}: p50 {f.p50_ms:.0f} ms, p95 {f.p95_ms:.0f} ms, RSS {f.rss_mb:.0f} MB "
                  f"(peserta {f.rss_each_before_login_mb:.1f} MB sebelum masuk, "
                  f"{f.rss_each_mb:.1f} MB di editor), CPU {f.cpu:.2f} inti "
                  f"({f.cpu_per_key_ms:.0f} ms per tombol), gagal {f.failed}, "
                  f"semua masuk {f.joined_s:.0f} s, load {f.load}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
