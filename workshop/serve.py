"""``sop-workshop serve DIR``: the app in participants' browsers (textual-serve).

The server starts one process per browser tab running ``python -m workshop participant DIR``
(participant mode: choose the unit, enter its PIN). It binds to 127.0.0.1 unless the facilitator
names an address. On a room network the doors are ``workshop/room_server.py``'s: a random join
token in the address (``--token`` to choose it), an Origin check on the websocket
(``--allow-origin`` for a proxy), a cap on connections (``--max-peserta``), TLS with
``--cert/--key``; then the unit PIN (tries counted per unit and per address by the store) and
the store's scope keep each participant process inside its unit.
"""

from __future__ import annotations

import contextlib
import os
import socket
import ssl
import sys
from pathlib import Path
from typing import Final

from workshop import portable
from workshop.store import FACILITATOR, Store, StoreError

SERVE_PRESENCE: Final = "serve"  # presence file naming the address participants open
INSTALL_HINT: Final = (
    "Mode peserta lewat peramban memerlukan paket textual-serve. Pasang dengan:\n"
    '  pip install "sop-workshop[web]"\n'  # double quotes: cmd.exe knows no single quotes
    "atau: pip install textual-serve"
)
_ANY_ADDRESS: Final = ("0.0.0.0", "::", "")


class ServeError(Exception):
    """A problem that stops ``serve`` before it starts; the message is for the user."""


def prepare_bytecode() -> None:
    """Compile the app's modules once, before the room joins.

    Every browser tab is a new Python process importing the app. Where Python keeps no bytecode
    cache of its own (``PYTHONDONTWRITEBYTECODE``, a fresh editable install) each of them
    compiled our modules again: forty tabs opening at once paid that forty times on two cores.
    ``compileall`` writes the ``__pycache__`` files Python would write itself (only the stale
    ones; atomically); a folder that cannot be written is left as it is."""
    import compileall
    import io

    package = Path(__file__).resolve().parent
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(OSError):
        compileall.compile_dir(str(package), quiet=2)


def lan_address() -> str:
    """This machine's address on the room's network (no packet is sent), else 127.0.0.1."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.254.254.254", 1))
        return str(probe.getsockname()[0])
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def public_url(host: str, port: int, *, https: bool = False) -> str:
    """The server's address as participants reach it: a wildcard host becomes this machine's."""
    shown = lan_address() if host in _ANY_ADDRESS else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"{'https' if https else 'http'}://{shown}:{port}"


def participant_argv(folder: Path) -> list[str]:
    """The program and arguments the server starts for every browser tab, with no shell between
    (``room_server.ClientAppService``): nothing to quote, one process per participant."""
    return [sys.executable, "-m", "workshop", "participant", str(folder)]


def _child_path() -> str:
    """PYTHONPATH for the tab processes, so ``-m workshop`` works without an install."""
    root = str(Path(__file__).resolve().parents[1])
    old = os.environ.get("PYTHONPATH", "")
    return root if not old else root + os.pathsep + old


def check_folder(directory: str) -> Path:
    folder = Path(directory).expanduser().resolve()
    if not Store.is_workshop(folder):
        raise ServeError(f"{folder} bukan folder workshop. Buat dulu dengan: "
                         f"sop-workshop new {directory}")
    try:
        Store.open(folder)
    except StoreError as exc:
        raise ServeError(str(exc)) from None
    return folder


def announce(folder: Path, url: str) -> None:
    """Tell the facilitator's app where participants join (the join screen reads it)."""
    store = Store.open(folder)
    store.presence.write(SERVE_PRESENCE, {"unit": FACILITATOR, "url": url, "pid": os.getpid(),
                                          "serve": True})


def serving_url(store: Store) -> str | None:
    """The address announced by a running ``serve`` of this workshop, if any."""
    data = store.presence.read().get(SERVE_PRESENCE)
    if not data or not isinstance(data.get("url"), str):
        return None
    pid = data.get("pid")
    if isinstance(pid, int) and pid > 0 and not portable.pid_alive(pid):
        return None
    return str(data["url"])


def join_url(base: str, token: str) -> str:
    """The address on the projector and in the QR code: the server's, with the room token."""
    return f"{base}/{token}/"


def tls_context(cert: str | None, key: str | None) -> ssl.SSLContext | None:
    """The TLS context for ``--cert/--key`` (None without them); ServeError in Indonesian."""
    if not cert and not key:
        return None
    if not cert or not key:
        raise ServeError("Untuk HTTPS beri keduanya: --cert BERKAS.pem --key BERKAS.key.")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(cert, key)
    except FileNotFoundError as exc:
        raise ServeError(f"Berkas sertifikat tidak ditemukan: {exc.filename}.") from None
    except (ssl.SSLError, OSError) as exc:
        raise ServeError(f"Sertifikat atau kunci tidak dapat dipakai ({cert}, {key}): "
                         f"{getattr(exc, 'reason', None) or exc}.") from None
    return context


def run(directory: str, host: str = "127.0.0.1", port: int = 8000, *,
        token: str | None = None, max_peserta: int | None = None,
        allow_origins: tuple[str, ...] = (), cert: str | None = None,
        key: str | None = None) -> int:
    """Serve the workshop until ctrl+c; exit status for the command line."""
    try:
        import textual_serve.server  # noqa: F401  (the optional extra "web")

        from workshop import room_server
    except ImportError:
        print(INSTALL_HINT, file=sys.stderr)
        return 1
    try:
        folder = check_folder(directory)
        ssl_context = tls_context(cert, key)
    except ServeError as exc:
        print(exc, file=sys.stderr)
        return 1
    if not 0 < port < 65536:
        print(f"Port {port} tidak sah (1-65535).", file=sys.stderr)
        return 1
    if token is not None and not room_server.TOKEN_PATTERN.match(token):
        print("Token tidak sah: 6-64 huruf, angka, '-' atau '_'.", file=sys.stderr)
        return 1
    if max_peserta is not None and max_peserta < 1:
        print("--max-peserta harus 1 atau lebih.", file=sys.stderr)
        return 1
    token = token or room_server.new_token()
    base = public_url(host, port, https=ssl_context is not None)
    url = join_url(base, token)
    os.environ["PYTHONPATH"] = _child_path()
    try:
        announce(folder, url)
    except StoreError as exc:
        print(f"Peringatan: {exc}", file=sys.stderr)
    print(f"Peserta membuka alamat ini di peramban: {url}", flush=True)
    if host in ("127.0.0.1", "localhost", "::1"):
        print("Hanya komputer ini yang dapat membuka alamat itu. Untuk peserta di jaringan "
              "ruangan: sop-workshop serve FOLDER --host 0.0.0.0", flush=True)
    cap = max_peserta or room_server.default_max_peserta()
    print(f"Batas peserta: {cap} koneksi sekaligus (--max-peserta).", flush=True)
    if ssl_context is None and host not in ("127.0.0.1", "localhost", "::1"):
        print("Tanpa --cert/--key koneksi tidak terenkripsi: di Wi-Fi bersama, orang lain di "
              "jaringan itu dapat membaca alamat dan PIN. Lihat docs/panduan.md.", flush=True)
    prepare_bytecode()
    print("Tekan ctrl+c untuk berhenti.", flush=True)
    server = room_server.RoomServer(
        participant_argv(folder), host=host, port=port, token=token,
        title="sop-workshop — peserta", public_url=base,
        max_peserta=cap,
        allow_origins=allow_origins, ssl_context=ssl_context)
    try:
        server.serve()
    except OSError as exc:
        print(f"Server tidak dapat berjalan di {host}:{port}: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        with contextlib.suppress(StoreError, OSError):
            Store.open(folder).presence.remove(SERVE_PRESENCE)
    print("Server berhenti.", flush=True)
    return 0

