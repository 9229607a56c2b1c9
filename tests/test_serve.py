"""``sop-workshop serve``: loopback only — answers HTTP 200, stops cleanly, clear messages."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from workshop import cli, serve
from workshop.store import Store

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    store = Store.create(tmp_path / "ws", "Pendampingan SOP")
    store.add_unit("Dinas Kesehatan")
    return tmp_path / "ws"


@pytest.mark.skipif(sys.platform == "win32",
                    reason="stops serve with SIGINT, which Popen.send_signal cannot send on "
                           "Windows (the command line is tested in tests/test_portable.py)")
def test_serve_answers_http_200_and_stops_cleanly(folder: Path) -> None:
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "workshop", "serve", str(folder), "--host", "127.0.0.1",
         "--port", str(port), "--token", "kode-uji"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        body = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/kode-uji/",
                                            timeout=2) as resp:
                    assert resp.status == 200
                    body = resp.read().decode()
                    break
            except OSError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                time.sleep(0.2)
        assert "sop-workshop" in body  # the participant's page
        assert serve.serving_url(Store.open(folder)) == f"http://127.0.0.1:{port}/kode-uji/"
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert f"Peserta membuka alamat ini di peramban: http://127.0.0.1:{port}/kode-uji/" in out
    assert "Server berhenti." in out
    assert serve.serving_url(Store.open(folder)) is None
    # Everything on the console is ours, in Bahasa: no banner, no English, no request log.
    for english in ("Serving", "Press Ctrl+C", "GET /", "HTTP/1.1", "INFO", "___"):
        assert english not in out + err, english


def test_serve_refuses_a_folder_that_is_not_a_workshop(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["serve", str(tmp_path / "kosong")]) == 1
    err = capsys.readouterr().err
    assert "bukan folder workshop" in err
    assert "sop-workshop new" in err


def test_serve_without_textual_serve_says_what_to_install(
        folder: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert cli.main(["serve", str(folder)]) == 1
    err = capsys.readouterr().err
    assert 'pip install "sop-workshop[web]"' in err  # double quotes work in cmd.exe too
    assert "Traceback" not in err


def test_public_url_names_the_loopback_or_this_machine() -> None:
    assert serve.public_url("127.0.0.1", 8123) == "http://127.0.0.1:8123"
    wildcard = serve.public_url("0.0.0.0", 8123)
    assert wildcard.startswith("http://") and wildcard.endswith(":8123")
    assert "0.0.0.0" not in wildcard


def test_participant_command_refuses_a_missing_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["participant", str(tmp_path / "tidak-ada")]) == 1
    assert "bukan folder workshop" in capsys.readouterr().err


def test_server_log_lines_are_bahasa_and_without_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import logging

    from workshop.room_server import LOGGERS, console_logging

    handler = console_logging()
    try:
        logging.getLogger("aiohttp.access").info("GET / HTTP/1.1 200")
        logging.getLogger("textual-serve").error("Application failed to start")
        try:
            raise ValueError("rusak")
        except ValueError:
            logging.getLogger("textual-serve").exception("something odd")
    finally:
        for name in LOGGERS:
            logging.getLogger(name).removeHandler(handler)
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "Server: aplikasi peserta gagal dimulai",
        "Server: rincian teknis: something odd",
    ]
