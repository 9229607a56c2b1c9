"""``Store``: the one class callers use, joined from the record facades of the package.

A workshop is a folder::

    workshop.json        the event, units, team members, sessions, votes, the facilitator's log
    units/<slug>.json    per unit: needs rows, existing SOPs, SOP records, the unit's log
    backups/             rolling copies (``backup()``)
    presence/            who is connected, wrong PIN counts (not workshop data)

``Store`` adds to its facades (``units``, ``sessions``, ``needs``, ``sops``, ``backups``) what
concerns the whole folder: creating and opening it (``Store.open`` also removes what writers
killed mid-save left behind), batches, the change tokens the app polls, presence. Every public
method of every facade holds the ``Store``'s re-entrant lock (``_serialise_public_methods``):
a transaction mutates the cached dict in place, so a ``Store`` may be used from Textual workers
and the UI thread at once. See ``docs/store.md``.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import threading
import time
import typing
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from workshop import portable
from workshop.model import (
    Event,
    Session,
)
from workshop.store.backups import backup_seq, half_made
from workshop.store.base import (
    BACKUPS_DIR,
    FACILITATOR,
    UNITS_DIR,
    WORKSHOP_FILE,
)
from workshop.store.codec import encode
from workshop.store.documents import Documents
from workshop.store.errors import (
    StoreError,
    StoreNotFound,
)
from workshop.store.files import STALE_TEMP_SECONDS, TMP_NAME, Files
from workshop.store.migrations import fresh
from workshop.store.needs import Needs
from workshop.store.pins import PinAttempts
from workshop.store.presence import PRESENCE_DIR, PresenceFiles
from workshop.store.sessions import Sessions
from workshop.store.sops import Sops


class Store(PinAttempts, Sessions, Needs, Sops, Documents):
    """One workshop folder, opened on behalf of the facilitator or of one unit."""

    def __init__(
        self, path: Path, scope: str, now: Callable[[], datetime] | None = None
    ) -> None:
        self.path = Path(path)
        self.scope = scope
        self._now = now or (lambda: datetime.now().astimezone())
        self._files = Files(self.path, self.newest_backup)
        self._last_token: tuple[int, ...] | None = None
        # Public methods hold this lock (see _serialise_public_methods): a transaction mutates
        # the cached dict in place, so other threads of this process must not read meanwhile.
        self._mutex = threading.RLock()

    # -- opening -------------------------------------------------------------------------------

    @staticmethod
    def is_workshop(path: Path) -> bool:
        return (Path(path) / WORKSHOP_FILE).is_file()

    @classmethod
    def create(
        cls,
        path: Path,
        title: str,
        *,
        now: Callable[[], datetime] | None = None,
        plan: Session | None = None,
    ) -> Store:
        """Create a new workshop folder (empty or not yet existing) and open it."""
        path = Path(path)
        if cls.is_workshop(path):
            raise StoreError(f"Folder {path} sudah berisi workshop.")
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path} adalah berkas, bukan folder.")
        if path.is_dir() and any(
            p.name not in (UNITS_DIR, BACKUPS_DIR, "exports") for p in path.iterdir()
        ):
            raise StoreError(
                f"Folder {path} sudah berisi berkas lain. Pilih folder baru atau folder kosong."
            )
        try:
            (path / UNITS_DIR).mkdir(parents=True, exist_ok=True)
            (path / BACKUPS_DIR).mkdir(exist_ok=True)
        except OSError as e:
            raise StoreError(f"Folder {path} tidak dapat dibuat: {e.strerror}.") from None
        store = cls(path, FACILITATOR, now)
        wpath = path / WORKSHOP_FILE
        with store._files.tx(wpath, "workshop", lambda: fresh("workshop")) as tx:
            tx.db.table("event").insert(encode(Event(title=title)))
            store._log_into(tx, "workshop.create", detail=title)
            if plan is not None:
                store._insert_session(tx, plan)
        return store

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        scope: str = FACILITATOR,
        now: Callable[[], datetime] | None = None,
    ) -> Store:
        """Open a workshop folder; raises StoreNotFound / StoreCorrupt / StorePermission."""
        path = Path(path)
        if not cls.is_workshop(path):
            raise StoreNotFound(f"{path} bukan folder workshop (tidak ada {WORKSHOP_FILE}).")
        store = cls(path, scope, now)
        store._ws()
        if scope != FACILITATOR:
            unit = store.find_unit(scope)
            if unit is None:
                raise StoreNotFound(f"Unit '{scope}' tidak ada di workshop ini.")
            store.scope = unit.slug
        store._remove_stale_temps()
        store._last_token = store.change_token()
        return store

    def _remove_stale_temps(self) -> None:
        """Delete what writers killed mid-save left: temporary files and backup folders.

        A temporary name (``.<name>.<pid>.<hex>.tmp``, a file or a backup being built) is
        stale when its process no longer runs, or when it is older than
        ``STALE_TEMP_SECONDS`` (the pid may have been reused; no save takes that long). A
        backup folder without ``workshop.json`` was cut short by an older version (backups
        are now built under a temporary name and renamed when complete) and is removed.
        """
        now = time.time()
        backups = self.path / BACKUPS_DIR
        for folder in (self.path, self.path / UNITS_DIR, backups, self.path / PRESENCE_DIR):
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                m = TMP_NAME.match(entry.name)
                if m is None:
                    if folder == backups and backup_seq(entry.name) and half_made(entry):
                        shutil.rmtree(entry.path, ignore_errors=True)
                    continue
                try:
                    age = now - entry.stat(follow_symlinks=False).st_mtime
                except OSError:
                    continue
                if portable.pid_alive(int(m.group(1))) and age < STALE_TEMP_SECONDS:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group many writes: each file touched is locked once and written once, at the end.

        If anything inside fails, nothing of the batch is stored (per file). Other processes
        wait for the batch's locks, so keep batches short (imports, not user sessions).
        """
        with self._mutex, self._files.batch():
            yield

    # -- change notification -------------------------------------------------------------------

    def change_token(self) -> tuple[int, ...]:
        """Stat of every data file: differs after any write by any process."""
        out: list[int] = []
        for p in [self.path / WORKSHOP_FILE, *self._unit_files()]:
            try:
                st = os.stat(p)
            except FileNotFoundError:
                continue
            out += (st.st_ino, st.st_mtime_ns, st.st_size)
        return tuple(out)

    def workshop_token(self) -> tuple[int, ...]:
        """Stat of ``workshop.json`` (the event, the units, their PINs): nothing read."""
        try:
            st = os.stat(self.path / WORKSHOP_FILE)
        except FileNotFoundError:
            return ()
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def unit_token(self, slug: str) -> tuple[int, ...]:
        """Stat of one unit's file: lets a screen re-read (and re-check) only changed units."""
        try:
            st = os.stat(self._upath(slug))
        except FileNotFoundError:
            return ()
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def units_size(self) -> int:
        """Bytes of all unit files (one ``stat`` each, nothing read): what a full count of the
        workshop has to parse, so a screen can tell a big workshop before reading it."""
        total = 0
        for p in self._unit_files():
            try:
                total += os.stat(p).st_size
            except FileNotFoundError:
                continue
        return total

    def changed(self) -> bool:
        """True once after any write (by another process or this one) since the last call."""
        token = self.change_token()
        if token != self._last_token:
            self._last_token = token
            return True
        return False

    # -- presence (who is connected; issue 10) -------------------------------------------------

    @property
    def presence(self) -> PresenceFiles:
        """Heartbeat files of connected app instances (``presence/<name>.json``). Not workshop
        data: outside the change token and the backups; any scope may write its own."""
        return PresenceFiles(self.path / PRESENCE_DIR, self._files)


P = typing.ParamSpec("P")
R = TypeVar("R")


def _serialised(fn: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with typing.cast(Store, args[0])._mutex:
            return fn(*args, **kwargs)

    return wrapper


def _serialise_public_methods(cls: type) -> None:
    """Wrap every public method of ``cls`` and of the package's classes it is made of (the
    record facades) in ``_serialised``, set on ``cls`` itself (the most derived one wins)."""
    package = __name__.rsplit(".", 1)[0] + "."
    methods: dict[str, object] = {}
    for part in reversed(cls.__mro__):
        if part is cls or part.__module__.startswith(package):
            methods.update(vars(part))
    for name, value in methods.items():
        if name.startswith("_") or not callable(value):
            continue
        if isinstance(value, staticmethod | classmethod):
            continue
        setattr(cls, name, _serialised(value))


_serialise_public_methods(Store)
