"""``serve`` on a room network (issue 21): the join token, the Origin check, the connection cap,
the offline page, TLS. One real server (a subprocess) per test module; websockets from aiohttp
(textual-serve's own dependency)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import aiohttp
import pytest

from workshop import cli, room_server, serve
from workshop.store import CLIENT_ENV, Store

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "ruang-uji-7q"
TITLE = "Pendampingan SOP Kabupaten Rahasia"
UNITS = ("Dinas Kesehatan", "Badan Perencanaan Pembangunan Daerah")
CAP = 2
FOLDER = "ws R&D (2026) 'kutip' %PATH%; $HOME"  # characters sh and cmd.exe would act on

pytestmark = pytest.mark.skipif(
    sys.platform == "win32",
    reason="stops serve with SIGINT, which Popen.send_signal cannot send on Windows")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Running:
    base: str
    folder: Path
    proc: subprocess.Popen[str]
    stderr_path: Path

    @property
    def join(self) -> str:
        return f"{self.base}/{TOKEN}/"

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")


def get(url: str, *, context: ssl.SSLContext | None = None) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10, context=context) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


def start_serve(tmp: Path, *extra: str, scheme: str = "http",
                context: ssl.SSLContext | None = None) -> Running:
    folder = tmp / FOLDER
    if not Store.is_workshop(folder):
        store = Store.create(folder, TITLE)
        for name in UNITS:
            store.add_unit(name)
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    err_path = tmp / f"serve-{port}.err"
    proc = subprocess.Popen(
        [sys.executable, "-m", "workshop", "serve", str(folder), "--port", str(port),
         "--token", TOKEN, *extra],
        stdout=subprocess.DEVNULL, stderr=err_path.open("w"), text=True, env=env, cwd=ROOT)
    running = Running(f"{scheme}://127.0.0.1:{port}", folder, proc, err_path)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert proc.poll() is None, running.stderr()
        try:
            if get(running.join, context=context)[0] == 200:
                return running
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("serve did not answer: " + running.stderr())


def stop_serve(running: Running) -> None:
    running.proc.send_signal(signal.SIGINT)
    try:
        running.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        running.proc.kill()
        running.proc.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    running = start_serve(tmp_path_factory.mktemp("room"), "--max-peserta", str(CAP),
                          "--allow-origin", "https://proxy.contoh.go.id")
    yield running
    stop_serve(running)


def ws_url(server: Running) -> str:
    return server.join.replace("http://", "ws://") + "ws"


async def open_ws(session: aiohttp.ClientSession, url: str, origin: str | None
                  ) -> aiohttp.ClientWebSocketResponse:
    headers = {"Origin": origin} if origin else {}
    return await session.ws_connect(url, headers=headers, timeout=aiohttp.ClientWSTimeout(
        ws_close=10))


async def first_bytes(ws: aiohttp.ClientWebSocketResponse) -> bytes:
    """The participant process answered (its first screen bytes)."""
    while True:
        msg = await asyncio.wait_for(ws.receive(), timeout=60)
        if msg.type == aiohttp.WSMsgType.BINARY:
            return bytes(msg.data)
        assert msg.type == aiohttp.WSMsgType.TEXT, msg


# -- the join token ---------------------------------------------------------------------------


def test_a_request_without_the_token_learns_nothing(server: Running) -> None:
    for path in ("/", "/ws", "/static/js/textual.js", "/static/css/xterm.css",
                 "/download/0123456789abcdef0123456789abcdef", f"/{TOKEN}x/",
                 f"/{TOKEN[:-1]}/", "/index.html", f"/x/{TOKEN}/"):
        status, body = get(server.base + path)
        assert status == 404, path
        assert "Alamat tidak dikenal" in body, path
        assert TITLE not in body and not any(name in body for name in UNITS), path
        assert "sop-workshop" not in body and "textual" not in body.lower(), path

    async def websocket_without_token() -> int:
        async with aiohttp.ClientSession() as session:
            try:
                await open_ws(session, server.base.replace("http", "ws") + "/ws",
                              server.base)
            except aiohttp.WSServerHandshakeError as err:
                return err.status
        return 101

    assert asyncio.run(websocket_without_token()) == 404
    status, body = get(server.join)
    assert status == 200 and "textual.js" in body
    assert TITLE not in body and not any(name in body for name in UNITS)  # only after a PIN
    status, _ = get(f"{server.base}/{TOKEN}")  # the slash forgotten: led to the page
    assert status == 200


def test_serve_announces_the_join_address_with_the_token(server: Running) -> None:
    assert serve.serving_url(Store.open(server.folder)) == server.join


# -- the Origin check ------------------------------------------------------------------------


def test_a_foreign_origin_is_refused_and_logged(server: Running) -> None:
    async def attempt(origin: str) -> int:
        async with aiohttp.ClientSession() as session:
            try:
                ws = await open_ws(session, ws_url(server), origin)
            except aiohttp.WSServerHandshakeError as err:
                return err.status
            await first_bytes(ws)
            await ws.close()
            return 101

    assert asyncio.run(attempt("http://evil.example")) == 403
    assert asyncio.run(attempt("http://127.0.0.1:1")) == 403  # another port is another site
    assert "Ditolak: websocket dari asal 'http://evil.example'" in server.stderr()
    assert asyncio.run(attempt(server.base)) == 101  # the page's own origin
    assert asyncio.run(attempt("https://proxy.contoh.go.id")) == 101  # --allow-origin


# -- the connection cap ------------------------------------------------------------------------


def test_connection_n_plus_one_gets_the_full_page(server: Running) -> None:
    async def free(session: aiohttp.ClientSession) -> int:
        """The page's status once the server has let go of earlier tests' connections."""
        for _ in range(200):
            async with session.get(server.join) as resp:
                if resp.status == 200:
                    return 200
            await asyncio.sleep(0.1)
        return resp.status

    async def scenario() -> tuple[int, str, int, int]:
        async with aiohttp.ClientSession() as session:
            held: list[aiohttp.ClientWebSocketResponse] = []
            deadline = time.monotonic() + 30
            while len(held) < CAP:  # earlier tests' processes may still be ending
                try:
                    held.append(await open_ws(session, ws_url(server), server.base))
                except aiohttp.WSServerHandshakeError:
                    assert time.monotonic() < deadline
                    await asyncio.sleep(0.2)
            for ws in held:
                await first_bytes(ws)
            async with session.get(server.join) as resp:
                page_status, page = resp.status, await resp.text()
            try:
                await open_ws(session, ws_url(server), server.base)
                extra = 101
            except aiohttp.WSServerHandshakeError as err:
                extra = err.status
            await held[0].close()
            again = await free(session)  # the server notices the close
            for ws in held[1:]:
                await ws.close()
            return page_status, page, extra, again

    page_status, page, extra, again = asyncio.run(scenario())
    assert page_status == 503 and "Ruangan penuh" in page
    assert extra == 503
    assert again == 200
    assert "Ditolak: ruangan penuh (2 koneksi, --max-peserta)" in server.stderr()


def test_the_default_cap_follows_the_memory() -> None:
    assert room_server.MIN_PESERTA <= room_server.default_max_peserta() <= 60


# -- the offline page -----------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action", "poster", "data") and value:
                self.urls.append(value)
            if name == "style" and value:
                self.inline.append(value)
        self._in = tag if tag in ("style", "script") else None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.inline.append(data)


CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""")
ABSOLUTE = re.compile(r"""\b(?:https?|wss?|ftp):/{2}[^\s"'`)<>]*""")


def test_the_page_loads_nothing_from_outside_the_machine(server: Running) -> None:
    """Every URL the page references (HTML, its CSS, its scripts) is served from here."""
    status, page = get(server.join)
    assert status == 200
    parser = _Links()
    parser.feed(page)
    referenced = list(parser.urls)
    for block in parser.inline:
        referenced += CSS_URL.findall(block)
    texts = {server.join: page}
    for url in list(referenced):
        full = urljoin(server.join, url)
        assert urlsplit(full).netloc == urlsplit(server.join).netloc, url
        status, body = get(full)
        assert status == 200, url
        texts[full] = body
        referenced += [urljoin(full, u) for u in CSS_URL.findall(body)] if url.endswith(
            ".css") else []
    print("the page references:", sorted(set(referenced)))
    assert {u.rsplit("/", 1)[-1] for u in referenced} >= {
        "xterm.css", "textual.js", "RobotoMono-VariableFont_wght.ttf"}
    for url, text in texts.items():
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)  # comments (credits) load nothing
        here = urlsplit(server.join).netloc
        outside = [u for u in ABSOLUTE.findall(text)
                   if urlsplit(u).netloc not in ("", here)  # "ws://" + location.host: here
                   and not u.startswith("http://www.w3.org/")]  # XML namespace names
        assert outside == [], f"{url} names {outside}"
    for url in referenced:
        assert get(urljoin(server.join, url))[0] == 200, url


def test_the_client_address_reaches_the_participant_process() -> None:
    service = room_server.ClientAppService(
        "true", client="10.1.2.3", write_bytes=None, write_str=None, close=None,
        download_manager=None)
    assert service._build_environment()[CLIENT_ENV] == "10.1.2.3"


def children(pid: int) -> list[list[str]]:
    """The argv of each child process of ``pid`` (Linux's /proc)."""
    found = []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        with contextlib.suppress(OSError):
            found.append(Path(f"/proc/{child}/cmdline").read_bytes().decode().split("\0")[:-1])
    return found


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(),
                    reason="reads the server's child processes from Linux's /proc")
def test_a_participant_is_the_servers_own_python_given_the_folder_as_it_is(
        server: Running) -> None:
    """No shell between the server and a tab's process (textual-serve runs ``sh -c``): one
    process per participant, and a folder named with ``&``, ``(``, ``'``, ``%``, ``;`` and
    ``$`` reaches it untouched (the tab shows the app, so the process found the folder)."""
    async def scenario() -> list[list[str]]:
        async with aiohttp.ClientSession() as session:
            deadline = time.monotonic() + 30
            while True:  # the cap test's connections may still be closing
                try:
                    ws = await open_ws(session, ws_url(server), server.base)
                    break
                except aiohttp.WSServerHandshakeError:
                    assert time.monotonic() < deadline
                    await asyncio.sleep(0.2)
            await first_bytes(ws)
            found = children(server.proc.pid)
            await ws.close()
            return found

    found = asyncio.run(scenario())
    participant = [sys.executable, "-m", "workshop", "participant", str(server.folder.resolve())]
    assert participant in found
    assert all(argv[0] == sys.executable for argv in found), found


def running_process(pid: int) -> bool:
    """Whether ``pid`` runs (an ended process its new parent has not reaped yet is a zombie)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(),
                    reason="reads the server's child processes from Linux's /proc")
def test_a_killed_serve_leaves_no_participant_process_running(tmp_path: Path) -> None:
    """textual-serve's driver let the app idle on when the server's pipe ended: every
    participant's process (~55 MB) outlived a crashed or killed ``serve``."""
    running = start_serve(tmp_path)
    pids: list[int] = []
    try:
        async def scenario() -> None:
            async with aiohttp.ClientSession() as session:
                ws = await open_ws(session, ws_url(running), running.base)
                screen = b""
                while b"PIN" not in screen:  # the login screen is up: the app is idle
                    screen += re.sub(rb"\x1b\[[0-9;?]*[a-zA-Z]", b"", await first_bytes(ws))
                await asyncio.sleep(1)
                pids.extend(int(p) for p in Path(
                    f"/proc/{running.proc.pid}/task/{running.proc.pid}/children"
                ).read_text().split())
                running.proc.kill()
                running.proc.wait()
                await ws.close()

        asyncio.run(scenario())
        assert len(pids) == 1
        deadline = time.monotonic() + 20
        while running_process(pids[0]) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not running_process(pids[0]), "the participant's process runs on"
    finally:
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if running.proc.poll() is None:
            stop_serve(running)


# -- TLS and the options ---------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("openssl") is None,
                    reason="openssl (the command) makes the test certificate")
def test_serve_with_cert_and_key_speaks_https(tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    context = ssl.create_default_context(cafile=str(cert))
    context.check_hostname = False
    running = start_serve(tmp_path, "--cert", str(cert), "--key", str(key), scheme="https",
                          context=context)
    try:
        status, page = get(running.join, context=context)
        assert status == 200 and "wss://127.0.0.1:" in page
        assert serve.serving_url(Store.open(running.folder)) == running.join
        assert running.join.startswith("https://")
    finally:
        stop_serve(running)


def test_serve_refuses_bad_tls_files_and_tokens_in_indonesian(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.create(tmp_path / "ws", TITLE)
    del store
    folder = str(tmp_path / "ws")
    assert cli.main(["serve", folder, "--cert", str(tmp_path / "tidak-ada.pem"),
                     "--key", str(tmp_path / "tidak-ada.key")]) == 1
    assert "Berkas sertifikat tidak ditemukan" in capsys.readouterr().err
    (tmp_path / "bukan.pem").write_text("bukan sertifikat")
    assert cli.main(["serve", folder, "--cert", str(tmp_path / "bukan.pem"),
                     "--key", str(tmp_path / "bukan.pem")]) == 1
    assert "Sertifikat atau kunci tidak dapat dipakai" in capsys.readouterr().err
    assert cli.main(["serve", folder, "--cert", str(tmp_path / "bukan.pem")]) == 1
    assert "beri keduanya" in capsys.readouterr().err
    assert cli.main(["serve", folder, "--token", "a b/../c"]) == 1
    assert "Token tidak sah" in capsys.readouterr().err
    assert cli.main(["serve", folder, "--max-peserta", "0"]) == 1
    err = capsys.readouterr().err
    assert "--max-peserta harus 1 atau lebih" in err and "Traceback" not in err


def test_new_tokens_are_random_and_easy_to_read() -> None:
    tokens = {room_server.new_token() for _ in range(50)}
    assert len(tokens) == 50
    assert all(room_server.TOKEN_PATTERN.match(t) and not set(t) & set("0o1li") for t in tokens)
