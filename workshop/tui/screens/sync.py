"""Sync from the app (palette: "Sinkronkan lewat git"): the remote, an optional user name and
token (never stored), a progress indicator while ``sync.engine.sync`` runs in a thread, the list
of what came in, and a conflict dialog that shows both values of each conflict and needs a
choice for every one before the sync runs again with those choices (nothing is decided
silently). All text from the workshop or the remote is shown as data (``rich.text.Text``).
"""

from __future__ import annotations

import os
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, LoadingIndicator, RadioButton, RadioSet, Static

from workshop.store import StoreError
from workshop.sync.commands import TOKEN_ENV, USER_ENV
from workshop.sync.engine import SyncReport, conflict_lines, remembered_remote, sync
from workshop.sync.gitrepo import Credentials, SyncError
from workshop.sync.merge import LOCAL, REMOTE, Conflict
from workshop.tui.commands import PaletteCommand
from workshop.tui.context import open_context
from workshop.tui.dialogs import Dialog, dialog_buttons


class ConflictScreen(Dialog[dict[str, str] | None]):
    """Each conflict with both values and a choice (lokal / remote); all must be chosen."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__()
        self.conflicts = conflicts

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(f"{len(self.conflicts)} konflik: bidang yang sama diubah di kedua "
                         "sisi. Pilih untuk setiap konflik.", classes="dialog-title")
            with VerticalScroll(id="conflicts"):
                for i, conflict in enumerate(self.conflicts):
                    lines = conflict_lines([conflict])
                    yield Static(Text("\n".join(lines)), classes="conflict")
                    with RadioSet(id=f"choice-{i}"):
                        yield RadioButton("Pakai lokal", id=f"lokal-{i}")
                        yield RadioButton("Pakai remote", id=f"remote-{i}")
            yield Static("", id="problem", classes="problem")
            yield dialog_buttons("Terapkan pilihan")

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        choices: dict[str, str] = {}
        for i, conflict in enumerate(self.conflicts):
            pressed = self.query_one(f"#choice-{i}", RadioSet).pressed_button
            if pressed is None:
                self.query_one("#problem", Static).update(
                    "Pilih lokal atau remote untuk setiap konflik."
                )
                return
            choices[conflict.key] = LOCAL if (pressed.id or "").startswith("lokal") else REMOTE
        self.dismiss(choices)


class SyncScreen(Dialog[None]):
    """The remote, credentials, progress, and what came in."""

    DEFAULT_CSS: ClassVar[str] = """
    SyncScreen #progress { height: 1; display: none; }
    SyncScreen.running #progress { display: block; }
    SyncScreen #incoming { max-height: 12; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.choices: dict[str, str] = {}
        self.report: SyncReport | None = None

    def compose(self) -> ComposeResult:
        ctx = open_context(self.app)
        remote = remembered_remote(ctx.store.path) if ctx is not None else ""
        with Vertical(classes="dialog-box"):
            yield Static("Sinkronisasi lewat git", classes="dialog-title")
            yield Label("Alamat remote (folder, file:// atau https://)")
            yield Input(remote, id="remote")
            yield Label("Nama pengguna dan token (hanya untuk HTTP(S); tidak disimpan)")
            yield Input(os.environ.get(USER_ENV, ""), placeholder="nama pengguna", id="user")
            yield Input(os.environ.get(TOKEN_ENV, ""), placeholder="token", password=True,
                        id="token")
            yield LoadingIndicator(id="progress")
            yield Static("", id="status")
            yield VerticalScroll(Static("", id="incoming-list"), id="incoming")
            yield dialog_buttons("Sinkronkan", cancel_label="Tutup")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _start(self) -> None:
        remote = self.query_one("#remote", Input).value.strip()
        if not remote:
            self._say("Isi alamat remote dulu.")
            return
        creds = Credentials(self.query_one("#user", Input).value.strip() or None,
                            self.query_one("#token", Input).value or None)
        self.add_class("running")
        self.query_one("#ok", Button).disabled = True
        self._run(remote, creds, dict(self.choices))

    def _say(self, message: str) -> None:
        self.query_one("#status", Static).update(Text(message))

    @work(thread=True, exclusive=True)
    def _run(self, remote: str, creds: Credentials, choices: dict[str, str]) -> None:
        ctx = open_context(self.app)
        if ctx is None:
            return
        try:
            report = sync(ctx.store.path, remote, creds=creds, choices=choices,
                          progress=lambda m: self.app.call_from_thread(self._say, m))
        except (SyncError, StoreError) as e:
            self.app.call_from_thread(self._finished, None, str(e))
            return
        self.app.call_from_thread(self._finished, report, "")

    def _finished(self, report: SyncReport | None, problem: str) -> None:
        self.remove_class("running")
        self.query_one("#ok", Button).disabled = False
        if report is None:
            self._say(problem)
            return
        self.report = report
        if report.conflicts:
            self._say(f"{len(report.conflicts)} konflik; tidak ada yang disimpan atau dikirim.")
            self.app.push_screen(ConflictScreen(report.conflicts), self._chosen)
            return
        lines = [f"Masuk dari remote: {len(report.incoming)} data berubah."] if report.incoming \
            else ["Tidak ada perubahan yang masuk."]
        lines += [f"  {key}" for key in report.incoming]
        self.query_one("#incoming-list", Static).update(Text("\n".join(lines)))
        sent = f" Dikirim: {report.objects_sent} objek git." if report.pushed else ""
        self._say(f"Sinkronisasi selesai.{sent}")
        self.choices = {}

    def _chosen(self, choices: dict[str, str] | None) -> None:
        if choices is None:
            self._say("Konflik belum dipilih; tidak ada yang disimpan atau dikirim.")
            return
        self.choices.update(choices)
        self._start()


def sync_commands(app: App[Any]) -> list[PaletteCommand]:
    """The palette's sync command (a workshop must be open)."""
    if open_context(app) is None:
        return []
    return [PaletteCommand("Sinkronkan lewat git",
                           "Kirim dan terima perubahan lewat remote git (dua laptop, kantor OPD)",
                           lambda: app.push_screen(SyncScreen()))]
