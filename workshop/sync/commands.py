"""The function behind ``sop-workshop sync DIR [REMOTE]``.

Credentials for smart HTTP(S) come from ``SOP_WORKSHOP_GIT_USER`` / ``SOP_WORKSHOP_GIT_TOKEN``
or are asked for on a terminal; they are never written anywhere. A unit team syncs with
``--unit NAMA`` and its PIN (``SOP_WORKSHOP_PIN`` or asked for). Conflicts are printed with
both values; ``--pilih KUNCI=lokal|remote`` (repeatable) or ``--semua lokal|remote`` decides
them on the next run. Exit status: 0 done, 1 refused or failed (nothing changed locally),
3 conflicts to decide (nothing changed).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from workshop.safetext import terminal_text
from workshop.store import FACILITATOR, Store, StoreError
from workshop.sync.engine import SyncReport, conflict_lines, sync
from workshop.sync.gitrepo import (
    AuthError,
    Credentials,
    SyncError,
    create_folder_remote,
    shown_url,
)
from workshop.sync.merge import LOCAL, REMOTE

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_CONFLICTS = 3
USER_ENV = "SOP_WORKSHOP_GIT_USER"
TOKEN_ENV = "SOP_WORKSHOP_GIT_TOKEN"
PIN_ENV = "SOP_WORKSHOP_PIN"


def _out(message: str) -> None:
    print(terminal_text(message))


def _err(message: str) -> None:
    print(terminal_text(message), file=sys.stderr)


def credentials(url: str) -> Credentials:
    """From the environment (HTTP(S) remotes only); nothing is asked here."""
    if not url.startswith(("http://", "https://")):
        return Credentials()
    return Credentials(os.environ.get(USER_ENV) or None, os.environ.get(TOKEN_ENV) or None)


def _ask_credentials(url: str) -> Credentials | None:
    """Asked on a terminal after the remote refused (None: no terminal, or already given)."""
    if os.environ.get(TOKEN_ENV) or not sys.stdin.isatty():
        return None
    user = input(f"Nama pengguna git untuk {shown_url(url)}: ").strip() or None
    token = getpass.getpass("Token/kata sandi git (tidak disimpan): ") or None
    return Credentials(user, token)


def _scope(path: Path, unit: str | None) -> str:
    if not unit:
        return FACILITATOR
    store = Store.open(path)
    found = store.find_unit(unit)
    if found is None:
        raise SyncError(f"Unit '{unit}' tidak ada di workshop ini.")
    pin = os.environ.get(PIN_ENV)
    if pin is None and sys.stdin.isatty():
        pin = getpass.getpass(f"PIN unit {found.name}: ")
    if not pin or not store.verify_pin(found.slug, pin):
        raise SyncError(f"PIN unit '{found.name}' salah. Tidak ada yang diubah.")
    return found.slug


def _choices(args: argparse.Namespace) -> dict[str, str] | None:
    out: dict[str, str] = {}
    for item in getattr(args, "pilih", None) or []:
        key, sep, value = item.rpartition("=")
        if not sep or value not in (LOCAL, REMOTE):
            raise SyncError(f"--pilih '{item}': tulis KUNCI=lokal atau KUNCI=remote.")
        out[key] = value
    return out


class _AllChoices(dict[str, str]):
    def __init__(self, default: str, given: dict[str, str]) -> None:
        super().__init__(given)
        self.default = default

    def get(self, key: str, default: object = None) -> str:
        return super().get(key, self.default)


def cmd_sync(args: argparse.Namespace) -> int:
    path = Path(args.directory)
    remote: str | None = args.remote
    try:
        from workshop.sync.engine import remembered_remote

        url = remote or remembered_remote(path)
        if url and getattr(args, "buat_remote", False) and create_folder_remote(url):
            _err(terminal_text(f"Remote kosong dibuat di {url}."))
        scope = _scope(path, args.unit) if Store.is_workshop(path) else FACILITATOR
        choices = _choices(args) or {}
        if args.semua:
            choices = _AllChoices(args.semua, choices)
        try:
            report = sync(path, remote, creds=credentials(url), scope=scope, choices=choices,
                          progress=_err)
        except AuthError:
            asked = _ask_credentials(url)
            if asked is None:
                raise
            report = sync(path, remote, creds=asked, scope=scope, choices=choices,
                          progress=_err)
    except (SyncError, StoreError) as e:
        _err(str(e))
        return EXIT_ERRORS
    return _show(report)


def _show(report: SyncReport) -> int:
    if report.conflicts:
        _out(f"{len(report.conflicts)} konflik dengan {report.remote}: bidang yang sama diubah "
             "di kedua sisi. Tidak ada yang disimpan atau dikirim.")
        for line in conflict_lines(report.conflicts):
            _out(line)
        _out("Pilih per konflik lalu jalankan lagi: --pilih KUNCI=lokal atau KUNCI=remote "
             "(atau --semua lokal|remote).")
        return EXIT_CONFLICTS
    if report.incoming:
        _out(f"Masuk dari remote: {len(report.incoming)} data berubah.")
        for key in report.incoming[:20]:
            _out(f"  {key}")
        if len(report.incoming) > 20:
            _out(f"  … dan {len(report.incoming) - 20} lainnya")
    if report.pushed:
        _out(f"Dikirim ke {report.remote} ({report.objects_sent} objek git).")
    if not report.incoming and not report.pushed:
        _out(f"Sudah sama dengan {report.remote}; tidak ada yang berubah.")
    _out(f"Sinkronisasi selesai ({report.head[:10]}).")
    return EXIT_OK


def cmd_province(args: argparse.Namespace) -> int:
    """``sop-workshop provinsi DIR REMOTE...``: read only; boards as they come, then the
    register and board as Markdown and HTML in DIR."""
    from workshop.sync.province import Board, board_lines, read_province, write_exports
    from workshop.writing import ExportFailed

    folder = Path(args.directory)
    failed: list[str] = []

    def show(board: Board) -> None:
        for line in board_lines(board):
            _out(line)

    def problem(url: str, message: str) -> None:
        failed.append(url)
        _err(message)

    try:
        folder.mkdir(parents=True, exist_ok=True)
        boards = read_province(folder, args.remotes, credentials, show, problem)
        written = write_exports(folder, boards)
    except (OSError, ExportFailed) as e:
        _err(f"Folder provinsi {folder} tidak dapat ditulis: {e}")
        return EXIT_ERRORS
    for path in written:
        _out(f"Ditulis: {path}")
    if failed:
        _err(f"{len(failed)} dari {len(args.remotes)} remote tidak terbaca (lihat di atas).")
        return EXIT_ERRORS
    return EXIT_OK
