"""Bad input from a browser tab under ``sop-workshop serve`` (issue 21): a malformed websocket
message, a huge resize, a flood of keys. The participant's process survives or ends alone; the
server, the other participants and the workshop's files are untouched.

Each test runs a real ``serve`` and talks textual-serve's websocket protocol to it (text
envelopes ``["stdin", keys]`` / ``["resize", {...}]`` in, binary terminal frames out), from the
join address ``serve`` prints and with the page's Origin, as a browser would.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from workshop.model import Sop, Step
from workshop.portable import NICER
from workshop.store import Store

ROOT = Path(__file__).resolve().parents[1]
ESC = re.compile(rb"\x1b\[[0-9;?$>]*[a-zA-Z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-B]")
WAIT = 90.0  # seconds: a participant process starting on a loaded two-core machine

pytestmark = [
    pytest.mark.timeout(600),
    pytest.mark.skipif(sys.platform == "win32", reason="stops serve with SIGINT (see "
                       "tests/test_serve.py); the protocol is the same on Windows"),
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    store = Store.create(tmp_path / "ws", "Pendampingan SOP")
    store.add_unit("Dinas Kesehatan")
    store.add_unit("Dinas Pendidikan")
    store.generate_pin("dinas-kesehatan")
    store.add_sop("dinas-kesehatan", Sop(title="Surat Masuk", actors=["TU"],
                                         steps=[Step("Menerima surat", "TU", kind="start")]))
    return tmp_path / "ws"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.asynccontextmanager
async def serving(folder: Path) -> AsyncIterator[tuple[str, subprocess.Popen[str]]]:
    """``sop-workshop serve`` on a free port; yields (join address as printed, process)."""
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), TEXTUAL_ANIMATIONS="none")
    proc = subprocess.Popen(
        [sys.executable, "-m", "workshop", "serve", str(folder), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT,
        start_new_session=True)
    try:
        assert proc.stdout is not None
        join = None
        while join is None:
            line = await asyncio.to_thread(proc.stdout.readline)
            assert line, "serve stopped before it printed its address"
            found = re.search(r"(https?://\S+)", line)
            join = found.group(1) if found else None
        deadline = time.monotonic() + WAIT
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), 1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "serve does not listen"
                await asyncio.sleep(0.2)
        yield join, proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


class Tab:
    """One browser tab: a websocket to serve and the text of the frames it received."""

    def __init__(self, session: aiohttp.ClientSession, ws: aiohttp.ClientWebSocketResponse):
        self.session = session
        self.ws = ws
        self.text = b""
        self.closed = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for message in self.ws:
                if message.type == aiohttp.WSMsgType.BINARY:
                    self.text = (self.text + ESC.sub(b"", message.data))[-200_000:]
        finally:
            self.closed.set()

    async def sees(self, word: str, timeout: float = WAIT) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if word.encode() in self.text:
                return True
            if self.closed.is_set():
                return False
            await asyncio.sleep(0.05)
        return False

    async def key(self, keys: str) -> None:
        await self.ws.send_json(["stdin", keys])

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.ws.close()
        self._reader.cancel()
        await self.session.close()


async def open_tab(join: str, width: int = 100, height: int = 30) -> Tab:
    session = aiohttp.ClientSession()
    async with session.get(join) as response:
        page = await response.text()
    found = re.search(r'data-session-websocket-url="([^"]+)"', page)
    assert found, page[:300]
    scheme, rest = join.split("//", 1)
    host = rest.split("/", 1)[0]
    url = re.sub(r"^wss?://[^/]+", "ws://" + host, found.group(1).replace("&amp;", "&"))
    url = re.sub(r"([?&])(width|height)=\d+&?", r"\1", url).rstrip("?&")
    url += ("&" if "?" in url else "?") + f"width={width}&height={height}"
    ws = await session.ws_connect(url, origin=f"{scheme}//{host}", max_msg_size=0,
                                  heartbeat=None)
    return Tab(session, ws)


def participants(server: subprocess.Popen[str]) -> dict[int, int]:
    """pid -> RSS (KiB) of every participant process below ``server``."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                parents[int(entry.name)] = int(
                    (entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
    below, todo = set(), [server.pid]
    while todo:
        pid = todo.pop()
        kids = [p for p, parent in parents.items() if parent == pid]
        below.update(kids)
        todo.extend(kids)
    out = {}
    for pid in below:
        with contextlib.suppress(OSError, ValueError):
            args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            if b"participant" in args and not args[0].endswith(b"sh"):
                status = Path(f"/proc/{pid}/status").read_text()
                rss = re.search(r"VmRSS:\s+(\d+)", status)
                out[pid] = int(rss.group(1)) if rss else 0
    return out


def running_participants(folder: Path) -> list[int]:
    """Participant processes of ``folder`` still running, whoever their parent is now."""
    found = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            args = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            if b"participant" in args and str(folder).encode() in args and state != "Z":
                found.append(int(entry.name))
    return found


def nice(pid: int) -> int:
    """A process's nice value (Linux's /proc/PID/stat, field 19)."""
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])


async def still_works(tab: Tab) -> bool:
    """The tab's participant still answers keys: Enter opens the unit list."""
    tab.text = b""
    await tab.key("\r")
    return await tab.sees("Dinas Pendidikan")


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in [folder / "workshop.json",
                                             *sorted((folder / "units").glob("*.json"))]}


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="counts processes through /proc")
async def test_malformed_messages_end_only_their_own_participant(folder: Path) -> None:
    before = files_of(folder)
    async with serving(folder) as (join, server):
        other = await open_tab(join)
        try:
            assert await other.sees("PIN unit"), other.text[-500:]
            for bad in ("{not json", "[]", '"stdin"', '["stdin"]', '["resize", {}]',
                        '["resize", {"width": "lebar", "height": null}]', '[{"a": 1}]'):
                tab = await open_tab(join)
                try:
                    assert await tab.sees("PIN unit"), tab.text[-500:]
                    await tab.ws.send_str(bad)
                    await tab.ws.send_bytes(b"\x00\xff binary")
                    # It either goes on working or ends; either way only this tab.
                    await asyncio.sleep(0.5)
                    if not tab.closed.is_set():
                        await tab.key("\x1b")
                finally:
                    await tab.close()
                assert server.poll() is None, f"serve died on {bad!r}"
                assert await still_works(other), f"the other tab stopped after {bad!r}"
                await other.key("\x1b")  # close the list again
            deadline = time.monotonic() + WAIT
            while len(participants(server)) > 1 and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
            assert len(participants(server)) == 1  # the closed tabs' processes ended
        finally:
            await other.close()
    assert files_of(folder) == before


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process memory through /proc")
async def test_a_huge_resize_is_clamped_and_harms_nobody(folder: Path) -> None:
    async with serving(folder) as (join, server):
        other = await open_tab(join)
        huge = await open_tab(join, width=100_000, height=100_000)  # from the address too
        try:
            assert await other.sees("PIN unit"), other.text[-500:]
            assert await huge.sees("PIN unit"), huge.text[-500:]
            await huge.ws.send_json(["resize", {"width": 10**9, "height": 10**9}])
            await huge.ws.send_json(["resize", {"width": -5, "height": 2**70}])
            await huge.ws.send_json(["resize", {"width": 1_000_000, "height": 30}])
            await asyncio.sleep(2.0)
            assert not huge.closed.is_set()
            assert await still_works(huge)  # it survived, and answers keys
            assert await still_works(other)
            sizes = participants(server)
            assert len(sizes) == 2
            assert max(sizes.values()) < 300 * 1024, sizes  # KiB: no 10^10-cell screen
        finally:
            await huge.close()
            await other.close()
        assert server.poll() is None


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process memory through /proc")
async def test_a_flood_of_keys_leaves_the_others_working(folder: Path) -> None:
    before = files_of(folder)
    async with serving(folder) as (join, server):
        other = await open_tab(join)
        flood = await open_tab(join)
        try:
            assert await other.sees("PIN unit"), other.text[-500:]
            assert await flood.sees("PIN unit"), flood.text[-500:]
            await flood.key("\t")  # to the PIN box
            chunk = "7" * 4096 + "\x1b[A\x1b[B\t\r"
            for _ in range(100):  # ~400 KB of keys as fast as the socket takes them
                await flood.ws.send_json(["stdin", chunk])
            await flood.ws.send_json(["stdin", "x" * 1_000_000])  # one 1 MB paste
            started = time.monotonic()
            assert await still_works(other)
            assert time.monotonic() - started < WAIT
            assert server.poll() is None
            assert await flood.sees("Ketikan terlalu cepat"), flood.text[-500:]
            # What the app cannot take is dropped, not held (its process took 3 GB in 30 s
            # when every key was kept: limits.INPUT_BACKLOG).
            peak = 0
            for _ in range(50):
                peak = max(peak, *participants(server).values())
                await asyncio.sleep(0.2)
            assert peak < 300 * 1024, f"{peak // 1024} MB"  # KiB
            # The flooding process gave way to the others (it still parses what it was sent).
            base = os.nice(0)
            niceness = sorted(nice(pid) for pid in participants(server))
            assert niceness == [base, min(19, base + NICER)]
            await flood.close()
            deadline = time.monotonic() + WAIT
            while len(participants(server)) > 1 and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
            assert len(participants(server)) == 1  # the flood's process ended with its tab
            await other.key("\x1b")  # close the list still_works opened
            await asyncio.sleep(1)  # an escape followed at once by Enter reads as alt+Enter
            assert await still_works(other)
        finally:
            await flood.close()
            await other.close()
    assert files_of(folder) == before  # no wrong-PIN flood wrote into the workshop
    # serve has stopped: the flooding process ends with it (the pipe's end ends its app), where
    # it used to stay behind, growing.
    deadline = time.monotonic() + WAIT
    while running_participants(folder) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    assert running_participants(folder) == []
