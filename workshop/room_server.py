"""The web server of ``sop-workshop serve`` for a room network: textual-serve's ``Server`` with
the doors a hotel Wi-Fi needs.

- **A join token** in the address (``http://host:port/<token>/``): every request without it
  gets the short :data:`UNKNOWN_PAGE` (HTTP 404) and nothing of the workshop, not even its
  title. The one exception is textual-serve's ``/download/<key>`` (its page asks for downloads
  at the site's root): the key is a random 128-bit value that only the tab that asked for the
  download knows, and an unknown key gets the same page.
- **An Origin check** on the websocket: a browser page of another site cannot drive a
  participant process. The page's own origin (the scheme, host and port the request came to)
  is allowed, plus ``allow_origins`` (a reverse proxy's public address); a refusal is a line on
  the console. A request without an Origin is not a browser page and is let through (it had to
  know the token).
- **A connection cap**: at most ``max_peserta`` websockets (each one a participant process of
  ~60 MB in the editor); the page and the websocket beyond that get :data:`FULL_PAGE` (HTTP 503).
- **The client address** goes to each participant process in ``CLIENT_ENV``, where the PIN
  tries are counted per address (``workshop/store/pins.py``).
- **No shell**: each participant process is the server's own child, started from its argv
  (:class:`ClientAppService`), not through ``sh -c``/``cmd.exe /c`` as textual-serve does.
- **No process left behind**: the participant's driver (:data:`PARTICIPANT_DRIVER`) ends its
  app when the server's pipe ends, so a killed or crashed ``serve`` leaves no participant
  process running.
- **An offline page** (:data:`PAGE`): textual-serve's own page loads a web font from the
  internet; this one uses only files served from here (``/<token>/static/``: the terminal's
  script, its style sheet and the Roboto Mono font textual-serve ships).
- **TLS** when given an ``ssl.SSLContext`` (``serve --cert/--key``).
- **A console in Bahasa**: ``serve`` prints its own lines; textual-serve's banner and English
  "Serving … / Press Ctrl+C" are not printed, aiohttp's per-request access log is off, and the
  few warnings and errors textual-serve logs come out as ``Server: …`` lines, in Bahasa where
  :data:`LOG_WORDS` knows the sentence.

No Textual here (textual-serve does not import it); imported by ``serve`` only when
textual-serve is installed.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import html
import logging
import os
import re
import secrets
import ssl
import sys
from asyncio.subprocess import Process
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Final

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from workshop.safetext import one_line
from workshop.store import CLIENT_ENV

log = logging.getLogger("sop-workshop")

TOKEN_ALPHABET: Final = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
TOKEN_LENGTH: Final = 8  # 31**8 ~ 2**40: not guessed over a room's network
TOKEN_PATTERN: Final = re.compile(r"^[A-Za-z0-9_-]{6,64}$")  # what --token accepts
MAX_PESERTA: Final = 60  # connections at most by default (2.87 GB measured for 60 processes)
PROCESS_BYTES: Final = 64 * 1024 * 1024  # a participant with headroom (56-62 MB in the editor)
MIN_PESERTA: Final = 5
STOP_GRACE: Final = 30.0  # seconds a closed tab's process has to exit before it is killed

_SHELL: Final = """<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ background: #0c181f; color: #f0f0f0; font-family: system-ui, sans-serif;
       max-width: 36em; margin: 4em auto; padding: 0 1em; line-height: 1.5; }}
</style>
</head>
<body>
<h1>{title}</h1>
{body}
</body>
</html>
"""

UNKNOWN_PAGE: Final = _SHELL.format(
    title="Alamat tidak dikenal",
    body="<p>Alamat ini tidak dikenal. Ketik alamat lengkap yang tampil di layar proyektor, "
         "termasuk kode di belakang garis miring, atau pindai kode QR-nya.</p>")

FULL_PAGE: Final = _SHELL.format(
    title="Ruangan penuh",
    body="<p>Ruangan penuh: sudah terlalu banyak peserta terhubung. Tunggu sebentar lalu muat "
         "ulang halaman ini, atau tutup tab peserta lain yang tidak dipakai. Bila perlu, "
         "fasilitator dapat menaikkan batasnya (<code>--max-peserta</code>).</p>")

# The participant's page: only files from this server (no web font, no CDN).
PAGE: Final = """<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="stylesheet" href="static/css/xterm.css">
<style>
@font-face {{ font-family: "Roboto Mono"; font-style: normal;
  src: url("static/fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }}
@font-face {{ font-family: "Roboto Mono"; font-style: italic;
  src: url("static/fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype"); }}
body {{ background: #0c181f; margin: 0; }}
.dialog-container {{ position: absolute; width: 100vw; height: 100vh; display: flex;
  align-items: center; justify-content: center; z-index: 10; }}
.intro {{ width: 640px; max-width: 90vw; min-height: 160px; font-size: 16px; z-index: 20;
  font-family: "Roboto Mono", monospace; text-align: center; color: #f2f2f2;
  background-color: #12232d; display: flex; flex-direction: column; align-items: center;
  justify-content: center; margin: 32px; padding: 16px; }}
body.-first-byte .intro-dialog {{ display: none; }}
body .textual-terminal {{ opacity: 0; }}
body.-first-byte .textual-terminal {{ opacity: 1; transition: opacity 0.3s ease-out; }}
button {{ padding: 12px 28px; background-color: #5e0ba7; color: #f2f2f2; border: none;
  font-family: "Roboto Mono", monospace; margin: 16px; cursor: pointer; }}
.closed-dialog {{ display: none; }}
body.-closed .closed-dialog {{ display: flex; }}
#start {{ display: none; }}
#start.-delay {{ display: flex; }}
</style>
<script src="static/js/textual.js"></script>
<script>
function refresh() {{ window.location.href = window.location.pathname; }}
</script>
</head>
<body>
<div class="dialog-container intro-dialog"><div class="intro">
<div>{title}</div><div>Menghubungkan&hellip;</div>
<button type="button" onclick="refresh()" id="start">Mulai</button>
</div></div>
<div class="dialog-container closed-dialog"><div class="intro">
<div class="message">Sesi berakhir (atau ruangan penuh).</div>
<button type="button" onclick="refresh()">Mulai lagi</button>
</div></div>
<div id="terminal" class="textual-terminal" data-session-websocket-url="{websocket}"
     data-font-size="16"></div>
<script>
// The websocket goes where this page came from (any host name or proxy the browser used).
document.getElementById("terminal").dataset.sessionWebsocketUrl =
  (location.protocol === "https:" ? "wss://" : "ws://") + location.host +
  location.pathname.replace(/\\/?$/, "/") + "ws";
</script>
</body>
</html>
"""


def new_token() -> str:
    """A random join token, easy to read off a projector and type."""
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def default_max_peserta() -> int:
    """Participants by default: as many processes as half of this machine's memory holds,
    between MIN_PESERTA and MAX_PESERTA (MAX_PESERTA where the memory cannot be read)."""
    try:
        memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return MAX_PESERTA
    return max(MIN_PESERTA, min(MAX_PESERTA, int(memory // 2 // PROCESS_BYTES)))


def _html(text: str, status: int) -> web.Response:
    response = web.Response(text=text, status=status, content_type="text/html", charset="utf-8")
    response.headers["Cache-Control"] = "no-store"
    return response


def _console(message: str) -> None:
    print(one_line(message), file=sys.stderr, flush=True)


# textual-serve's driver, which also ends the app when the server's pipe ends (a string: this
# module imports no Textual).
PARTICIPANT_DRIVER: Final = "workshop.tui.participant_driver:ParticipantDriver"


class ClientAppService(AppService):
    """textual-serve's process runner, telling the process its browser's address, and starting
    it with no shell between (textual-serve runs a command line through ``sh -c`` or
    ``cmd.exe /c``: a second process per participant, 1.7 MB each here, and a command line to
    quote for each platform's shell)."""

    def __init__(self, argv: Sequence[str], *, client: str, **kwargs: Any) -> None:
        super().__init__(" ".join(argv), **kwargs)  # textual-serve shows it; never run
        self.argv = tuple(argv)
        self.client = client

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height))
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        """textual-serve's stop ("quit" to the app, wait for its reader), then what it misses.

        textual-serve stops reading the process's screen output when the browser's socket has
        gone. A process with more to write (a flooded one, measured) then blocked on the full
        pipe, never handled the "quit", and stayed until ``serve`` stopped. Its output is read
        and dropped until it exits; one that has not exited :data:`STOP_GRACE` seconds later is
        killed (its last save is a second after its last key: long done)."""
        process = self._process
        await super().stop()
        if process is None or process.returncode is not None:
            return

        async def drop(stream: asyncio.StreamReader | None) -> None:
            while stream is not None and await stream.read(65536):
                pass

        try:
            await asyncio.wait_for(asyncio.gather(drop(process.stdout), drop(process.stderr),
                                                  process.wait()), STOP_GRACE)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        env = dict(super()._build_environment(width=width, height=height))
        env[CLIENT_ENV] = self.client
        env["TEXTUAL_DRIVER"] = PARTICIPANT_DRIVER
        return env


class RoomServer(Server):
    """textual-serve's ``Server`` behind a join token, an Origin check and a connection cap."""

    def __init__(self, argv: Sequence[str], *, host: str, port: int, token: str, title: str,
                 public_url: str, max_peserta: int, allow_origins: tuple[str, ...] = (),
                 ssl_context: ssl.SSLContext | None = None) -> None:
        super().__init__(" ".join(argv), host=host, port=port, title=title,
                         public_url=public_url)
        self.argv = tuple(argv)  # what each participant's process runs
        self.token = token
        self.max_peserta = max_peserta
        self.allow_origins = frozenset(o.rstrip("/").lower() for o in allow_origins)
        self.ssl_context = ssl_context
        self.live = 0  # websockets open now

    # -- the doors --------------------------------------------------------------------------

    def _has_token(self, path: str) -> bool:
        first = path.lstrip("/").split("/", 1)[0]
        return hmac.compare_digest(first.encode(), self.token.encode())

    @web.middleware
    async def _doors(self, request: web.Request,
                     handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                     ) -> web.StreamResponse:
        if not self._has_token(request.path):
            key = request.path.removeprefix("/download/")
            if request.path.startswith("/download/") and key in self._active_downloads():
                return await self._download(request, key)
            return _html(UNKNOWN_PAGE, 404)
        if request.path == f"/{self.token}":
            raise web.HTTPFound(f"/{self.token}/")
        try:
            return await handler(request)
        except web.HTTPNotFound:
            return _html(UNKNOWN_PAGE, 404)

    def _active_downloads(self) -> set[str]:
        return set(getattr(self.download_manager, "_active_downloads", {}))

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        return await self._download(request, request.match_info["key"])

    async def _download(self, request: web.Request, key: str) -> web.StreamResponse:
        """textual-serve's download handler, for a key from the route or the root path."""
        try:
            meta = await self.download_manager.get_download_metadata(key)
        except KeyError:
            return _html(UNKNOWN_PAGE, 404)
        response = web.StreamResponse()
        content_type = meta.mime_type
        if meta.encoding:
            content_type += f"; charset={meta.encoding}"
        response.headers["Content-Type"] = content_type
        disposition = "inline" if meta.open_method == "browser" else "attachment"
        response.headers["Content-Disposition"] = f"{disposition}; filename={meta.file_name}"
        await response.prepare(request)
        async for chunk in self.download_manager.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    def own_origin(self, request: web.Request) -> str:
        scheme = "https" if self.ssl_context is not None or request.secure else "http"
        return f"{scheme}://{request.host}".lower()

    def origin_allowed(self, request: web.Request) -> bool:
        origin = request.headers.get("Origin")
        if origin is None:
            return True  # not a browser page (a browser always sends one on a websocket)
        origin = origin.rstrip("/").lower()
        return origin == self.own_origin(request) or origin in self.allow_origins

    def full(self) -> bool:
        return self.live >= self.max_peserta

    # -- the app ----------------------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._doors])
        prefix = f"/{self.token}"
        app.add_routes([
            web.get(prefix + "/", self.handle_index, name="index"),
            web.get(prefix + "/ws", self.handle_websocket, name="websocket"),
            web.get(prefix + "/download/{key}", self.handle_download, name="download"),
            web.static(prefix + "/static", self.statics_path, name="static"),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def handle_index(self, request: web.Request) -> web.Response:
        if self.full():
            return _html(FULL_PAGE, 503)
        scheme = "wss" if self.own_origin(request).startswith("https") else "ws"
        websocket = f"{scheme}://{request.host}/{self.token}/ws"
        return _html(PAGE.format(title=html.escape(self.title),
                                 websocket=html.escape(websocket, quote=True)), 200)

    async def handle_websocket(  # type: ignore[override]
            self, request: web.Request) -> web.StreamResponse:
        remote = request.remote or ""
        if not self.origin_allowed(request):
            _console(f"Ditolak: websocket dari asal {request.headers.get('Origin')!r} "
                     f"(alamat {remote}); hanya {self.own_origin(request)} yang diterima. "
                     "Di balik proxy, tambahkan --allow-origin ALAMAT-PROXY.")
            return _html(UNKNOWN_PAGE, 403)
        if self.full():
            _console(f"Ditolak: ruangan penuh ({self.max_peserta} koneksi, --max-peserta); "
                     f"alamat {remote}.")
            return _html(FULL_PAGE, 503)
        self.live += 1
        try:
            return await self._run_participant(request, remote)
        finally:
            self.live -= 1

    async def _run_participant(self, request: web.Request, client: str
                               ) -> web.WebSocketResponse:
        """textual-serve's websocket handler, with the client's address for the process."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _int(request.query.get("width"), 80)
        height = _int(request.query.get("height"), 24)
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            app_service = ClientAppService(
                self.argv, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                close=websocket.close, download_manager=self.download_manager,
                debug=self.debug, client=client)
            await app_service.start(width, height)
            try:
                await self._process_messages(websocket, app_service)
            finally:
                await app_service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:
            log.exception(error)
        finally:
            if app_service is not None:
                await app_service.stop()
        return websocket

    def serve(self, debug: bool = False) -> None:
        """Run until ctrl+c (textual-serve's ``serve``, with TLS when given)."""
        import signal

        from aiohttp.web_runner import GracefulExit

        self.debug = debug
        console_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)

        def stop() -> None:
            raise GracefulExit()

        for sig in (signal.SIGINT, signal.SIGTERM):
            # Windows has no signal handlers in the loop: ctrl+c arrives as KeyboardInterrupt
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop)
        web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False,
                    loop=loop, ssl_context=self.ssl_context, print=lambda *args: None,
                    access_log=None)

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: ``serve`` has printed the address and how to stop, in Bahasa."""


LOG_WORDS: Final[dict[str, str]] = {
    "Application failed to start": "aplikasi peserta gagal dimulai",
    "Missing key in `deliver_file_start` meta packet": "permintaan unduhan tanpa kunci ditolak",
}
"""textual-serve's log sentences, in Bahasa (any other is printed after "rincian teknis:")."""
LOGGERS: Final = ("textual-serve", "aiohttp", "sop-workshop")


class _BahasaLog(logging.Filter):
    """Rewrites a log record's message to its Bahasa line (see :data:`LOG_WORDS`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = LOG_WORDS.get(message, f"rincian teknis: {message}")
        record.args = ()
        record.exc_info = record.exc_text = None  # no traceback on the facilitator's console
        return True


def console_logging() -> logging.Handler:
    """Warnings and errors of the server's libraries as ``Server: …`` lines on stderr; their
    INFO chatter (every request) is not shown. Returns the handler (tests remove it)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("Server: %(message)s"))
    handler.addFilter(_BahasaLog())
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(logging.WARNING)
        logger.addHandler(handler)
        logger.propagate = False
    return handler


def _int(value: str | None, default: int) -> int:
    try:
        return max(1, min(1000, int(value or "")))
    except ValueError:
        return default
