"""The workshop store: a folder of JSON files kept with TinyDB, safe for many processes.

A workshop is a folder::

    workshop.json        the event, units, team members, sessions, votes, the facilitator's log
    units/<slug>.json    per unit: needs rows, existing SOPs, SOP records, the unit's log
    backups/             rolling copies (``backup()``)

This is the only module that imports TinyDB. Public methods take and return the dataclasses of
``workshop.model``; no TinyDB type leaks out. Every write is a transaction (see ``_Files.tx``):
take the file's lock, re-read the file if it changed on disk, apply the change, serialise,
write a temporary file, fsync, ``os.replace`` (``portable.replace``: retried while another
program holds the file open on Windows). See ``docs/store.md``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import functools
import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import stat
import threading
import time
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Final, TypeVar

import filelock
from tinydb import Query, TinyDB
from tinydb.storages import Storage

from workshop import limits, names, portable
from workshop.model import (
    SOP_STATUSES,
    TEAM_ROLES,
    Event,
    ExistingSop,
    LogEntry,
    Member,
    NeedRow,
    Session,
    Sop,
    SopRecord,
    Unit,
    Vote,
)
from workshop.store.codec import (
    decode,
    encode,
    field_names,
    validate_doc,
)
from workshop.store.errors import (
    StoreConflict,
    StoreCorrupt,
    StoreError,
    StoreNotFound,
    StorePermission,
)

FACILITATOR: Final = "fasilitator"
SCHEMA_VERSION: Final = 1
BACKUPS_KEPT: Final = 20
LOCK_TIMEOUT: Final = 15.0  # seconds a writer waits for another process's transaction
LOG_COALESCE_SECONDS: Final = 60  # repeated identical log entries within this window are merged

WORKSHOP_FILE: Final = "workshop.json"
UNITS_DIR: Final = "units"
BACKUPS_DIR: Final = "backups"

_META = "_meta"
_WS_TABLES: Final = ("event", "units", "members", "sessions", "votes", "log")
_UNIT_TABLES: Final = ("needs", "existing", "sops", "log")

T = TypeVar("T")




# ---------------------------------------------------------------------------------------------
# Public small types
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One field of an SOP changed by an editor.

    ``path``: "title", "actors", "steps" (whole list), "steps.4" (whole step 4),
    "steps.4.time", "dates.effective", "approval.name", "legal_basis.2" ... Numbers index lists
    and are 1-based, like step numbers. ``old`` is the value the editor read; ``new`` the value
    to store. Values are model values (``Step`` objects, lists of str, ...).
    """

    path: str
    old: Any
    new: Any


@dataclass
class UnitSummary:
    """Counts for the progress board (cheap: read from the cached files, no conversion)."""

    slug: str
    name: str
    needs: int = 0
    sops: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    members: int = 0
    readiness: int = 0  # number of ticked readiness items
    has_pin: bool = False




# ---------------------------------------------------------------------------------------------
# Files: cache, atomic writes, transactions
# ---------------------------------------------------------------------------------------------

Data = dict[str, dict[str, Any]]

# Migrations: MIGRATIONS[(kind, v)] turns a file of schema v into schema v + 1 (in memory).
MIGRATIONS: dict[tuple[str, int], Callable[[Data], Data]] = {}

# What each table of each kind of file holds (validated on every read from disk).
_WS_SCHEMA: Final[dict[str, type]] = {
    "event": Event,
    "units": Unit,
    "members": Member,
    "sessions": Session,
    "votes": Vote,
    "log": LogEntry,
}
_UNIT_SCHEMA: Final[dict[str, type]] = {
    "needs": NeedRow,
    "existing": ExistingSop,
    "sops": SopRecord,
    "log": LogEntry,
}


def migrate(kind: str, data: Data, version: int) -> Data:
    """Bring a file's data from ``version`` to ``SCHEMA_VERSION`` using ``MIGRATIONS``."""
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get((kind, version))
        if step is None:
            raise ValueError(f"tidak ada migrasi dari versi skema {version}")
        data = step(data)
        version += 1
        data.setdefault(_META, {}).setdefault("1", {})["schema"] = version
    return data


class _BufferStorage(Storage):
    """TinyDB storage over an in-memory dict: the file is written once, at commit."""

    def __init__(self, data: Data, on_write: Callable[[], None] | None) -> None:
        self._data = data
        self._on_write = on_write

    def read(self) -> dict[str, dict[str, Any]] | None:
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self._on_write is None:
            raise RuntimeError("read-only view")
        if data is not self._data:
            self._data.clear()
            self._data.update(data)
        self._on_write()


def _tinydb(data: Data, on_write: Callable[[], None] | None = None) -> TinyDB:
    return TinyDB(storage=lambda: _BufferStorage(data, on_write))


@dataclass
class _Tx:
    db: TinyDB
    data: Data
    path: Path
    lock: filelock.FileLock | None = None
    dirty: bool = False
    poisoned: bool = False  # an error happened inside: never commit

    def touch(self) -> None:
        self.dirty = True


# A cached file is trusted by its stat alone only when it was already this old when read: a later
# write then necessarily has another mtime. Younger files are compared byte for byte, because two
# writes within one timestamp tick can give the same (mtime, size) and a recycled inode number.
_TRUST_AFTER_NS: Final = 2_000_000_000


@dataclass
class _Cached:
    key: tuple[int, int, int]
    raw: bytes | None  # kept only while not trusted (for the byte comparison): saves memory
    data: Data
    trusted: bool


class _Files:
    """Reads (cached by stat) and transactional writes of the JSON files of one workshop."""

    def __init__(self, root: Path, backups: Callable[[Path], Path | None]) -> None:
        self.root = root
        self._cache: dict[Path, _Cached] = {}
        self._locks: dict[Path, filelock.FileLock] = {}
        self._newest_backup = backups
        self._open: dict[Path, _Tx] = {}
        # path -> SOP doc id -> (a copy of the doc as last written, its JSON text); see _dumps
        self._sop_json: dict[Path, dict[str, tuple[Any, str]]] = {}
        self._batch_depth = 0

    def lock(self, path: Path) -> filelock.FileLock:
        lk = self._locks.get(path)
        if lk is None:
            lk = filelock.FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT)
            self._locks[path] = lk
        return lk

    def forget(self, path: Path) -> None:
        self._cache.pop(path, None)

    def load(self, path: Path, kind: str) -> Data | None:
        """The parsed, validated file, or None when it does not exist. See ``_Cached``.

        Inside an open transaction on ``path``, its (uncommitted) data.
        """
        active = self._open.get(path)
        if active is not None:
            return active.data
        loaded = self._read(path, kind, want_raw=False)
        return None if loaded is None else loaded[1]

    def load_raw(self, path: Path, kind: str) -> tuple[bytes, Data] | None:
        """The file's bytes and parsed data (validated), or None when it does not exist."""
        loaded = self._read(path, kind, want_raw=True)
        if loaded is None:
            return None
        raw, data = loaded
        assert raw is not None
        return raw, data

    def _read(self, path: Path, kind: str, want_raw: bool) -> tuple[bytes | None, Data] | None:
        """The file's data (and bytes when ``want_raw``: otherwise None on a cache hit)."""
        try:
            # O_NONBLOCK: a FIFO put in place of a data file must not block the reader.
            fd = os.open(path, os.O_RDONLY | portable.O_BINARY | getattr(os, "O_NONBLOCK", 0))
        except FileNotFoundError:
            self._cache.pop(path, None)
            return None
        except OSError as e:
            raise self._corrupt(path, f"tidak bisa dibuka ({e.strerror})") from None
        try:
            st = os.fstat(fd)
            _check_data_file(st, lambda problem: self._corrupt(path, problem))
            key = (st.st_mtime_ns, st.st_size, st.st_ino)
            cached = self._cache.get(path)
            trusted_hit = cached is not None and cached.key == key and cached.trusted
            if cached is not None and trusted_hit and not want_raw:
                return None, cached.data
            chunks = []
            size = 0
            while size <= limits.STORE_FILE_MAX_BYTES:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            if size > limits.STORE_FILE_MAX_BYTES:
                raise self._corrupt(path, _too_big_problem(size))
        except OSError as e:
            raise self._corrupt(path, f"tidak bisa dibaca ({e.strerror or e})") from None
        finally:
            os.close(fd)
        raw = b"".join(chunks)
        if cached is not None and trusted_hit:
            return raw, cached.data  # same stat as a trusted read: same bytes (read from fd)
        if cached is not None and cached.raw is not None and cached.raw == raw:
            data = cached.data
        else:
            data = self._parse(path, raw, kind)
        self._remember(path, st, raw, data)
        return raw, data

    def _remember(self, path: Path, st: os.stat_result, raw: bytes, data: Data) -> None:
        trusted = time.time_ns() - st.st_mtime_ns > _TRUST_AFTER_NS
        key = (st.st_mtime_ns, st.st_size, st.st_ino)
        # A trusted entry is never compared byte for byte again: its bytes are not kept.
        self._cache[path] = _Cached(key, None if trusted else raw, data, trusted)

    def _corrupt(self, path: Path, problem: str) -> StoreCorrupt:
        return StoreCorrupt(path, problem, self._newest_backup(path))

    def _parse(self, path: Path, raw: bytes, kind: str) -> Data:
        try:
            return self._parse_checked(path, raw, kind)
        except RecursionError:  # json.loads (or a check) of data nested far too deep
            raise self._corrupt(
                path, "isinya bersarang terlalu dalam; ini bukan berkas buatan sop-workshop"
            ) from None

    def _parse_checked(self, path: Path, raw: bytes, kind: str) -> Data:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise self._corrupt(
                path, f"isinya bukan teks UTF-8 yang sah (bita ke-{e.start + 1})"
            ) from None
        if not text.strip():
            raise self._corrupt(path, "berkas kosong")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            cut = e.pos >= len(text.rstrip()) or e.msg.startswith("Unterminated string")
            what = "terpotong" if cut else "rusak"
            raise self._corrupt(
                path, f"JSON {what} (baris {e.lineno}, kolom {e.colno}: {e.msg})"
            ) from None
        if type(data) is not dict or not all(type(t) is dict for t in data.values()):
            raise self._corrupt(path, "bukan berkas workshop sop-workshop")
        meta = data.get(_META, {}).get("1")
        if type(meta) is not dict or meta.get("kind") != kind:
            raise self._corrupt(path, f"bukan berkas {_KIND_NAMES.get(kind, kind)} sop-workshop")
        version = meta.get("schema")
        if type(version) is not int or version < 1:
            raise self._corrupt(path, "versi skema tidak dikenal")
        if version > SCHEMA_VERSION:
            raise self._corrupt(
                path,
                f"dibuat oleh versi sop-workshop yang lebih baru (skema {version}; versi ini "
                f"membaca sampai skema {SCHEMA_VERSION}). Perbarui sop-workshop",
            )
        if version < SCHEMA_VERSION:
            try:
                data = migrate(kind, data, version)
            except ValueError as e:
                raise self._corrupt(path, str(e)) from None
        schema = _WS_SCHEMA if kind == "workshop" else _UNIT_SCHEMA
        for table, cls in schema.items():
            docs = data.get(table, {})
            if type(docs) is not dict:
                raise self._corrupt(path, f"tabel {table} bukan objek")
            for doc_id, doc in docs.items():
                try:
                    validate_doc(cls, doc, f"{table}[{doc_id}]")
                except ValueError as e:
                    raise self._corrupt(path, f"isi tidak sesuai: {e}") from None
        return typing.cast(Data, data)

    def _dumps(self, path: Path, data: Data) -> str:
        """``json.dumps(data)`` (compact, UTF-8 text), reusing the JSON of unchanged SOP records.

        A unit file is mostly its SOP records and a save changes one of them: serialising the
        whole file again was most of a save (~7 of ~13 ms for 100 SOPs x 15 steps). The JSON
        text of each record written last is kept with a copy of the record (``json.loads`` of
        that text: a deep copy independent of the live data); a record equal to its copy (a
        dict comparison in C, ~10 us) gets its text again, any other is serialised. Equality
        of JSON values means the same JSON document, so the file is the same as a full
        ``json.dumps`` (key order aside). Kept for the 2 files written last (memory).
        """
        sops = data.get("sops")
        if type(sops) is not dict or len(sops) < _SPLICE_MIN_SOPS:
            return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        known = self._sop_json.pop(path, None) or {}
        fresh: dict[str, tuple[Any, str]] = {}
        parts = []
        for doc_id, doc in sops.items():
            hit = known.get(doc_id)
            if hit is not None and hit[0] == doc:
                text = hit[1]
                fresh[doc_id] = hit
            else:
                text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
                fresh[doc_id] = (json.loads(text), text)
            parts.append(f"{json.dumps(doc_id, ensure_ascii=False)}:{text}")
        tables = [
            f"{json.dumps(name, ensure_ascii=False)}:"
            + ("{" + ",".join(parts) + "}" if name == "sops"
               else json.dumps(value, ensure_ascii=False, separators=(",", ":")))
            for name, value in data.items()
        ]
        self._sop_json[path] = fresh
        while len(self._sop_json) > _SPLICE_FILES:
            del self._sop_json[next(iter(self._sop_json))]
        return "{" + ",".join(tables) + "}"

    def write(self, path: Path, data: Data) -> None:
        """Serialise first, then temp file, fsync, os.replace, fsync the folder."""
        try:
            payload = self._dumps(path, data).encode()
        except (TypeError, ValueError) as e:  # validated before: a bug, but never a half file
            self._sop_json.pop(path, None)
            raise StoreError(f"Data untuk {path} tidak dapat disimpan: {e}.") from None
        try:
            self._replace(path, payload)
        except OSError as e:
            raise StoreError(
                f"Berkas {path} tidak dapat disimpan: {portable.write_problem(e)}. Perubahan "
                "terakhir tidak tersimpan; berkas lama tetap utuh."
            ) from None
        self._remember(path, os.stat(path), payload, data)

    def _replace(self, path: Path, payload: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | portable.O_BINARY, 0o644)
            try:
                view = memoryview(payload)
                while view:
                    n = os.write(fd, view)
                    view = view[n:]
                os.fsync(fd)
            finally:
                os.close(fd)
            portable.replace(tmp, path)  # retried while a reader holds it open (Windows)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _fsync_dir(path.parent)

    @contextlib.contextmanager
    def tx(self, path: Path, kind: str, fresh: Callable[[], Data]) -> Iterator[_Tx]:
        """A transaction on one file; commits (one write) only if something changed.

        Inside a batch (``batch()``) or another transaction on the same file, the open
        transaction is reused and committed when the outermost one ends.
        """
        active = self._open.get(path)
        if active is not None:
            try:
                yield active
            except BaseException:
                active.poisoned = True
                raise
            return
        lk = self.lock(path)
        try:
            lk.acquire()
        except filelock.Timeout:
            raise StoreError(
                f"Berkas {path} sedang dipakai terlalu lama oleh proses lain. Coba lagi."
            ) from None
        except OSError as e:
            raise StoreError(
                f"Berkas {path} tidak dapat dikunci untuk disimpan ({e.strerror or e}). "
                "Periksa izin folder workshop."
            ) from None
        try:
            data = self.load(path, kind)
        except BaseException:
            lk.release()
            raise
        if data is None:
            data = fresh()
        tx = _Tx(db=_tinydb(data), data=data, path=path, lock=lk)
        tx.db = _tinydb(data, tx.touch)  # writes only mark the transaction dirty
        self._open[path] = tx
        try:
            yield tx
        except BaseException:
            tx.poisoned = True
            if not self._batch_depth:
                self._finish(tx)
            raise
        if not self._batch_depth:
            self._finish(tx)
            if tx.poisoned:
                raise StoreError(_POISONED)

    def _finish(self, tx: _Tx) -> None:
        """Commit (unless poisoned) and release one open transaction."""
        self._open.pop(tx.path, None)
        try:
            if tx.poisoned:
                # The cached dict may hold half-applied changes: drop it; re-read from disk.
                self.forget(tx.path)
            elif tx.dirty:
                try:
                    self.write(tx.path, tx.data)
                except BaseException:
                    self.forget(tx.path)
                    raise
        finally:
            if tx.lock is not None:
                tx.lock.release()

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Keep every transaction opened inside open until the end, then commit each once."""
        self._batch_depth += 1
        failed = False
        try:
            yield
        except BaseException:
            failed = True
            raise
        finally:
            self._batch_depth -= 1
            if self._batch_depth == 0:
                failed = self._end_batch(failed) or failed
        if failed:
            raise StoreError(_POISONED)

    def _end_batch(self, failed: bool) -> bool:
        """Commit the open transactions in the order they were opened; True if any failed."""
        txs = list(self._open.values())
        failed = failed or any(t.poisoned for t in txs)
        error: BaseException | None = None
        for t in txs:
            if failed or error is not None:
                t.poisoned = True
            try:
                self._finish(t)
            except BaseException as e:
                error = error or e
        if error is not None:
            raise error
        return failed


_SPLICE_MIN_SOPS: Final = 16  # fewer SOP records: one json.dumps of the file is as quick
_SPLICE_FILES: Final = 2  # files whose records are kept (a parsed copy: a few MB each)

_POISONED: Final = "Perubahan dibatalkan karena ada galat di tengah jalan; tidak ada yang disimpan."


_KIND_NAMES: Final = {"workshop": "workshop", "unit": "unit"}


def _too_big_problem(size: int) -> str:
    return (
        f"berkas terlalu besar (lebih dari {limits.STORE_FILE_MAX_BYTES // limits.MB} MB; "
        f"terbaca {size // limits.MB} MB)"
    )


def _check_data_file(st: os.stat_result, corrupt: Callable[[str], StoreError]) -> None:
    """A data file must be a regular file of at most ``limits.STORE_FILE_MAX_BYTES``."""
    if stat.S_ISDIR(st.st_mode):
        raise corrupt("ini sebuah folder, bukan berkas")
    if not stat.S_ISREG(st.st_mode):
        raise corrupt("ini bukan berkas biasa (mis. FIFO atau perangkat)")
    if st.st_size > limits.STORE_FILE_MAX_BYTES:
        raise corrupt(_too_big_problem(st.st_size))


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | portable.O_BINARY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as e:  # some file systems do not support it
        if e.errno not in (errno.EINVAL, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _fresh(kind: str, **meta: Any) -> Data:
    tables = _WS_TABLES if kind == "workshop" else _UNIT_TABLES
    data: Data = {_META: {"1": {"schema": SCHEMA_VERSION, "kind": kind, **meta}}}
    for t in tables:
        data[t] = {}
    return data


def _docs(data: Data, table: str) -> list[dict[str, Any]]:
    """The documents of a table in insertion order (TinyDB doc ids ascending)."""
    docs = data.get(table, {})
    return [docs[k] for k in sorted(docs, key=int)]


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


UNIT_SLUG_MAX: Final = 40


def slugify(name: str) -> str:
    """A file-safe, lower-case ASCII slug of a unit name ("Dinas Kesehatan" -> dinas-kesehatan;
    never a Windows device name: "NUL" -> nul-1): ``names.slugify``, which makes every name."""
    return names.slugify(name, fallback="unit", max_len=UNIT_SLUG_MAX)


# Where a unit's PIN and the salt of its hash come from: slug -> (6 digits, >= 16 bytes).
PinSource = Callable[[str], tuple[str, bytes]]


def random_pin(slug: str) -> tuple[str, bytes]:
    """A random 6-digit PIN and a random 16-byte salt (the app's only PIN source)."""
    return f"{secrets.randbelow(10**6):06d}", secrets.token_bytes(16)


def _hash_pin(pin: str, salt: bytes) -> str:
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"{salt.hex()}${digest.hex()}"


_Q = Query()


def _q_id(value: str) -> Any:
    return _Q.id == value


def _next_id(meta: dict[str, Any], counter: str, prefix: str, taken: set[str]) -> str:
    n = int(meta.get(counter, 0))
    while True:
        n += 1
        candidate = f"{prefix}-{n:03d}"
        if candidate not in taken:
            meta[counter] = n
            return candidate


def _resolve(root: Any, parts: list[str], path: str) -> tuple[Any, str | int]:
    """The container and key of a field path inside an SOP (1-based list numbers)."""
    obj = root
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        key: str | int
        if isinstance(obj, list):
            if not part.isdigit() or int(part) < 1:
                raise StoreError(f"Bidang tidak dikenal: {path}")
            key = int(part) - 1
        elif dataclasses.is_dataclass(obj) and part in field_names(type(obj)):
            key = part
        else:
            raise StoreError(f"Bidang tidak dikenal: {path}")
        if last:
            return obj, key
        if isinstance(key, int) and key >= len(obj):
            raise _Gone(path)
        obj = obj[key] if isinstance(key, int) else getattr(obj, key)
    raise StoreError(f"Bidang tidak dikenal: {path}")


class _Gone(Exception):
    """The field's container no longer exists (e.g. the step was removed)."""


_MISSING: Final = object()


def _get(container: Any, key: str | int) -> Any:
    if isinstance(key, int):
        return container[key] if 0 <= key < len(container) else _MISSING
    return getattr(container, key)


def _set(container: Any, key: str | int, value: Any) -> None:
    if isinstance(key, int):
        container[key] = value
    else:
        setattr(container, key, value)


# ---------------------------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------------------------


class Store:
    """One workshop folder, opened on behalf of the facilitator or of one unit."""

    def __init__(
        self, path: Path, scope: str, now: Callable[[], datetime] | None = None
    ) -> None:
        self.path = Path(path)
        self.scope = scope
        self._now = now or (lambda: datetime.now().astimezone())
        self._files = _Files(self.path, self.newest_backup)
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
        with store._files.tx(wpath, "workshop", lambda: _fresh("workshop")) as tx:
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
                m = _TMP_NAME.match(entry.name)
                if m is None:
                    if folder == backups and _backup_seq(entry.name) and _half_made(entry):
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

    def _unit_files(self) -> list[Path]:
        try:
            names = sorted(
                e.name
                for e in os.scandir(self.path / UNITS_DIR)
                if e.name.endswith(".json") and not e.name.startswith(".")
            )
        except FileNotFoundError:
            return []
        return [self.path / UNITS_DIR / n for n in names]

    # -- internals: files, scope, log ----------------------------------------------------------

    @property
    def _wpath(self) -> Path:
        return self.path / WORKSHOP_FILE

    def _upath(self, slug: str) -> Path:
        if not names.is_safe_name(slug):  # a hand-edited workshop.json must not lead elsewhere
            raise StoreError(names.unsafe_name_message(slug, "Slug unit") + ".")
        return self.path / UNITS_DIR / f"{slug}.json"

    def _ws(self) -> Data:
        data = self._files.load(self._wpath, "workshop")
        if data is None:
            raise StoreNotFound(f"{self.path} bukan folder workshop (tidak ada {WORKSHOP_FILE}).")
        return data

    def _ud(self, slug: str) -> Data:
        data = self._files.load(self._upath(slug), "unit")
        return data if data is not None else _fresh("unit", unit=slug)

    def _ws_tx(self) -> contextlib.AbstractContextManager[_Tx]:
        return self._files.tx(self._wpath, "workshop", lambda: _fresh("workshop"))

    @contextlib.contextmanager
    def _unit_tx(self, slug: str) -> Iterator[_Tx]:
        self._require_unit(slug)
        with self._files.tx(self._upath(slug), "unit", lambda: _fresh("unit", unit=slug)) as tx:
            # Re-check inside the lock: the unit may have been removed meanwhile.
            self._require_unit(slug)
            yield tx

    def _unit_doc(self, slug: str) -> dict[str, Any] | None:
        for doc in self._ws().get("units", {}).values():
            if doc.get("slug") == slug:
                return typing.cast(dict[str, Any], doc)
        return None

    def _require_unit(self, slug: str) -> dict[str, Any]:
        doc = self._unit_doc(slug)
        if doc is None:
            raise StoreNotFound(f"Unit '{slug}' tidak ada di workshop ini.")
        return doc

    def _check_facilitator(self, what: str) -> None:
        if self.scope != FACILITATOR:
            raise StorePermission(
                f"Hanya fasilitator yang boleh {what}. Anda masuk sebagai unit '{self.scope}'."
            )

    def _check_unit(self, slug: str) -> None:
        if self.scope != FACILITATOR and self.scope != slug:
            raise StorePermission(
                f"Anda masuk sebagai unit '{self.scope}' dan tidak boleh mengubah data unit "
                f"'{slug}'."
            )

    def _stamp(self) -> str:
        return self._now().isoformat(timespec="seconds")

    def _log_into(
        self, tx: _Tx, action: str, unit: str = "", target: str = "", detail: str = ""
    ) -> None:
        entry = LogEntry(
            at=self._stamp(), who=self.scope, action=action, unit=unit, target=target,
            detail=detail,
        )
        table = tx.db.table("log")
        docs = tx.data.get("log", {})
        if docs:
            last_id = max(docs, key=int)
            last = docs[last_id]
            same = all(
                last.get(k) == getattr(entry, k) for k in ("who", "action", "unit", "target",
                                                           "detail")
            )
            if same and _seconds_between(str(last.get("at")), entry.at) <= LOG_COALESCE_SECONDS:
                table.update({"at": entry.at}, doc_ids=[int(last_id)])
                return
        table.insert(encode(entry))

    # -- event ---------------------------------------------------------------------------------

    def event(self) -> Event:
        docs = _docs(self._ws(), "event")
        return decode(Event, docs[0]) if docs else Event()

    def update_event(self, **fields: Any) -> Event:
        self._check_facilitator("mengubah data kegiatan")
        _check_fields(Event, fields, "kegiatan")
        with self._ws_tx() as tx:
            docs = _docs(tx.data, "event")
            event = _replace(Event, docs[0] if docs else encode(Event()), fields)
            tx.db.table("event").truncate()
            tx.db.table("event").insert(encode(event))
            self._log_into(tx, "event.update", detail=", ".join(sorted(fields)))
        return event

    # -- units ---------------------------------------------------------------------------------

    def units(self) -> list[Unit]:
        return [decode(Unit, d) for d in _docs(self._ws(), "units")]

    def unit(self, slug: str) -> Unit:
        return decode(Unit, self._require_unit(slug))

    def find_unit(self, name_or_slug: str) -> Unit | None:
        key = name_or_slug.strip()
        low = key.casefold()
        units = self.units()
        for u in units:
            if u.slug == key:
                return u
        for u in units:
            if u.name.casefold() == low or (u.short_name and u.short_name.casefold() == low):
                return u
        for u in units:
            if u.slug == slugify(key):
                return u
        return None

    def _insert_unit(self, tx: _Tx, name: str, fields: dict[str, Any]) -> Unit:
        taken = {d.get("slug") for d in tx.data.get("units", {}).values()}
        base = slugify(name)
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        unit = _replace(Unit, encode(Unit(slug=slug, name=name.strip())), fields)
        tx.db.table("units").insert(encode(unit))
        self._log_into(tx, "unit.create", unit=slug, detail=unit.name)
        return unit

    def add_unit(self, name: str, **fields: Any) -> Unit:
        self._check_facilitator("menambah unit")
        if not name.strip():
            raise StoreError("Nama unit tidak boleh kosong.")
        _check_fields(Unit, fields, "unit", forbidden=("slug", "name", "pin_hash"))
        with self._ws_tx() as tx:
            return self._insert_unit(tx, name, fields)

    def ensure_unit(self, name: str) -> tuple[Unit, bool]:
        """The unit called ``name`` (by slug, name or short name), created when missing.

        Atomic across processes: eight imports into a new unit create it once.
        Returns (unit, created).
        """
        found = self.find_unit(name)
        if found is not None:
            return found, False
        self._check_facilitator("menambah unit")
        if not name.strip():
            raise StoreError("Nama unit tidak boleh kosong.")
        with self._ws_tx() as tx:
            found = self.find_unit(name)  # re-read under the lock
            if found is not None:
                return found, False
            return self._insert_unit(tx, name, {}), True

    def add_units(self, names: Iterable[str]) -> list[Unit]:
        """Add many units at once (one per name); blank names and duplicates are skipped."""
        self._check_facilitator("menambah unit")
        added: list[Unit] = []
        with self._ws_tx() as tx:
            seen = {d.get("name", "").casefold() for d in tx.data.get("units", {}).values()}
            for raw in names:
                name = raw.strip()
                if not name or name.casefold() in seen:
                    continue
                seen.add(name.casefold())
                added.append(self._insert_unit(tx, name, {}))
        return added

    def restore_unit(self, unit: Unit) -> Unit:
        """Insert a unit exactly as given (slug, PIN hash, ...): bundles and restores.

        Raises StoreError when the slug is already taken.
        """
        self._check_facilitator("menambah unit")
        _validate(Unit, unit)
        if unit.slug != slugify(unit.slug) or not unit.name.strip():
            raise StoreError(f"Slug unit '{unit.slug}' atau namanya tidak sah.")
        with self._ws_tx() as tx:
            if self._unit_doc(unit.slug) is not None:
                raise StoreError(f"Unit '{unit.slug}' sudah ada.")
            tx.db.table("units").insert(encode(unit))
            self._log_into(tx, "unit.create", unit=unit.slug, detail=unit.name)
        return unit

    def update_unit(self, slug: str, **fields: Any) -> Unit:
        self._check_unit(slug)
        _check_fields(Unit, fields, "unit", forbidden=("slug", "pin_hash"))
        with self._ws_tx() as tx:
            doc = self._require_unit(slug)
            unit = _replace(Unit, doc, fields)
            tx.db.table("units").update(encode(unit), _Q.slug == slug)
            self._log_into(tx, "unit.update", unit=slug, detail=", ".join(sorted(fields)))
        return unit

    def remove_unit(self, slug: str) -> None:
        """Remove a unit, its members and votes and its file (a backup is taken first)."""
        self._check_facilitator("menghapus unit")
        self._require_unit(slug)
        backup = self.backup(f"hapus unit {slug}")
        with self._ws_tx() as tx:
            self._require_unit(slug)
            tx.db.table("units").remove(_Q.slug == slug)
            tx.db.table("members").remove(_Q.unit == slug)
            tx.db.table("votes").remove(_Q.unit == slug)
            self._log_into(tx, "unit.remove", unit=slug)
            upath = self._upath(slug)
            with self._files.lock(upath):
                kept = backup / UNITS_DIR / upath.name
                if upath.exists() and not kept.exists():
                    # Damaged (so not in the backup): keep it beside the backup, by hand only.
                    kept.parent.mkdir(parents=True, exist_ok=True)
                    shutil.move(upath, kept.with_name(upath.name + ".rusak"))
                with contextlib.suppress(FileNotFoundError):
                    upath.unlink()
                self._files.forget(upath)

    def generate_pin(self, slug: str, *, source: PinSource | None = None) -> str:
        """A new 6-digit PIN for the unit; only its salted scrypt hash is stored.

        ``source`` (slug -> (PIN, salt)) replaces the random PIN and salt: for a reproducible
        build (the demo's fixed PINs, tools/build_demo.py), never in the app."""
        self._check_facilitator("membuat PIN unit")
        pin, salt = (source or random_pin)(slug)
        if not (len(pin) == 6 and pin.isascii() and pin.isdigit()) or len(salt) < 16:
            raise ValueError("a PIN source gives 6 digits and a salt of 16 bytes or more")
        hashed = _hash_pin(pin, salt)
        with self._ws_tx() as tx:
            self._require_unit(slug)
            tx.db.table("units").update({"pin_hash": hashed}, _Q.slug == slug)
            self._log_into(tx, "unit.pin", unit=slug)
        return pin

    def verify_pin(self, slug: str, pin: str) -> bool:
        doc = self._unit_doc(slug)
        if doc is None or not doc.get("pin_hash") or "$" not in doc["pin_hash"]:
            return False
        salt_hex, _ = str(doc["pin_hash"]).split("$", 1)
        try:
            salt = bytes.fromhex(salt_hex)
        except ValueError:
            return False
        return hmac.compare_digest(_hash_pin(pin.strip(), salt), str(doc["pin_hash"]))

    def set_readiness(self, slug: str, item: str, done: bool) -> Unit:
        self._check_unit(slug)
        with self._ws_tx() as tx:
            unit = decode(Unit, self._require_unit(slug))
            if done and item not in unit.readiness:
                unit.readiness.append(item)
            elif not done and item in unit.readiness:
                unit.readiness.remove(item)
            else:
                return unit
            tx.db.table("units").update({"readiness": unit.readiness}, _Q.slug == slug)
            self._log_into(
                tx, "unit.readiness", unit=slug, target=item, detail="ya" if done else "tidak"
            )
        return unit

    # -- team ----------------------------------------------------------------------------------

    def members(self, unit: str | None = None) -> list[Member]:
        docs = _docs(self._ws(), "members")
        return [decode(Member, d) for d in docs if unit is None or d.get("unit") == unit]

    def add_member(
        self,
        unit: str,
        name: str,
        *,
        nip: str = "",
        position: str = "",
        role: str = "anggota",
    ) -> Member:
        self._check_unit(unit)
        if not name.strip():
            raise StoreError("Nama anggota tim tidak boleh kosong.")
        _check_role(role)
        with self._ws_tx() as tx:
            self._require_unit(unit)
            meta = tx.data[_META]["1"]
            taken = {str(d.get("id")) for d in tx.data.get("members", {}).values()}
            member = Member(
                id=_next_id(meta, "next_member", "m", taken),
                unit=unit, name=name.strip(), nip=nip.strip(), position=position.strip(),
                role=role,
            )
            tx.db.table("members").insert(encode(member))
            tx.touch()
            self._log_into(tx, "member.create", unit=unit, target=member.id, detail=member.name)
        return member

    def add_member_record(self, member: Member) -> Member:
        """Insert a member keeping its id when free; an identical member is not duplicated."""
        self._check_unit(member.unit)
        _validate(Member, member)
        _check_role(member.role)
        with self._ws_tx() as tx:
            self._require_unit(member.unit)
            docs = tx.data.get("members", {}).values()
            for doc in docs:
                if doc.get("id") == member.id and decode(Member, doc) == member:
                    return member
            taken = {str(d.get("id")) for d in docs}
            if not member.id or member.id in taken:
                member = dataclasses.replace(
                    member, id=_next_id(tx.data[_META]["1"], "next_member", "m", taken)
                )
            tx.db.table("members").insert(encode(member))
            self._log_into(tx, "member.create", unit=member.unit, target=member.id,
                           detail=member.name)
        return member

    def _member_doc(self, data: Data, member_id: str) -> dict[str, Any]:
        for doc in data.get("members", {}).values():
            if doc.get("id") == member_id:
                return typing.cast(dict[str, Any], doc)
        raise StoreNotFound(f"Anggota tim '{member_id}' tidak ada.")

    def update_member(self, member_id: str, **fields: Any) -> Member:
        _check_fields(Member, fields, "anggota tim", forbidden=("id", "unit"))
        if "role" in fields:
            _check_role(fields["role"])
        self._check_unit(str(self._member_doc(self._ws(), member_id).get("unit")))
        with self._ws_tx() as tx:
            doc = self._member_doc(tx.data, member_id)
            self._check_unit(str(doc.get("unit")))
            member = _replace(Member, doc, fields)
            tx.db.table("members").update(encode(member), _q_id(member_id))
            self._log_into(tx, "member.update", unit=member.unit, target=member_id,
                           detail=", ".join(sorted(fields)))
        return member

    def remove_member(self, member_id: str) -> None:
        self._check_unit(str(self._member_doc(self._ws(), member_id).get("unit")))
        with self._ws_tx() as tx:
            doc = self._member_doc(tx.data, member_id)
            self._check_unit(str(doc.get("unit")))
            tx.db.table("members").remove(_q_id(member_id))
            tx.db.table("votes").remove(_Q.member == member_id)
            self._log_into(tx, "member.remove", unit=str(doc.get("unit")), target=member_id)

    # -- sessions ------------------------------------------------------------------------------

    def sessions(self) -> list[Session]:
        return [decode(Session, d) for d in _docs(self._ws(), "sessions")]

    def session(self, id: str) -> Session:
        for d in _docs(self._ws(), "sessions"):
            if d.get("id") == id:
                return decode(Session, d)
        raise StoreNotFound(f"Sesi '{id}' tidak ada.")

    def _insert_session(self, tx: _Tx, session: Session) -> Session:
        taken = {str(d.get("id")) for d in tx.data.get("sessions", {}).values()}
        if not session.id or session.id in taken:
            session = dataclasses.replace(
                session, id=_next_id(tx.data[_META]["1"], "next_session", "sesi", taken)
            )
        tx.db.table("sessions").insert(encode(session))
        self._log_into(tx, "session.create", target=session.id, detail=session.title)
        return session

    def add_session(self, session: Session) -> Session:
        """Store a new session; an empty or taken id gets a fresh one (returned)."""
        self._check_facilitator("menambah sesi")
        _validate(Session, session)
        with self._ws_tx() as tx:
            return self._insert_session(tx, session)

    def save_session(self, session: Session) -> Session:
        self._check_facilitator("mengubah sesi")
        _validate(Session, session)
        with self._ws_tx() as tx:
            if not tx.db.table("sessions").update(encode(session), _q_id(session.id)):
                raise StoreNotFound(f"Sesi '{session.id}' tidak ada.")
            self._log_into(tx, "session.update", target=session.id)
        return session

    def remove_session(self, id: str) -> None:
        self._check_facilitator("menghapus sesi")
        with self._ws_tx() as tx:
            if not tx.db.table("sessions").remove(_q_id(id)):
                raise StoreNotFound(f"Sesi '{id}' tidak ada.")
            self._log_into(tx, "session.remove", target=id)

    # -- votes ---------------------------------------------------------------------------------

    def votes(self, unit: str | None = None) -> list[Vote]:
        docs = _docs(self._ws(), "votes")
        return [decode(Vote, d) for d in docs if unit is None or d.get("unit") == unit]

    def set_vote(self, vote: Vote) -> None:
        """Set a member's vote on a needs row (count 0 removes it)."""
        self._check_unit(vote.unit)
        _validate(Vote, vote)
        with self._ws_tx() as tx:
            self._require_unit(vote.unit)
            if self._member_doc(tx.data, vote.member).get("unit") != vote.unit:
                raise StoreError(f"Anggota tim '{vote.member}' bukan anggota unit {vote.unit}.")
            cond = (_Q.unit == vote.unit) & (_Q.member == vote.member) & (_Q.need == vote.need)
            table = tx.db.table("votes")
            if vote.count <= 0:
                table.remove(cond)
            elif not table.update({"count": vote.count}, cond):
                table.insert(encode(vote))
            self._log_into(tx, "vote.set", unit=vote.unit, target=vote.need,
                           detail=f"{vote.member}={vote.count}")

    # -- log -----------------------------------------------------------------------------------

    def log(self, unit: str | None = None, since: str | None = None) -> list[LogEntry]:
        """The activity log (workshop and unit files merged), oldest first."""
        docs = list(_docs(self._ws(), "log"))
        slugs = [unit] if unit else [d.get("slug") for d in _docs(self._ws(), "units")]
        for slug in slugs:
            if slug and self._unit_doc(str(slug)) is not None:
                docs += _docs(self._ud(str(slug)), "log")
        entries = [decode(LogEntry, d) for d in docs]
        if unit:
            entries = [e for e in entries if e.unit == unit]
        if since:
            entries = [e for e in entries if e.at > since]
        entries.sort(key=lambda e: e.at)
        return entries

    # -- needs (Tabel 6) -----------------------------------------------------------------------

    def needs(self, unit: str) -> list[NeedRow]:
        self._require_unit(unit)
        return [decode(NeedRow, d) for d in _docs(self._ud(unit), "needs")]

    def _add_rows(
        self, unit: str, table: str, rows: Sequence[Any], prefix: str, action: str
    ) -> list[Any]:
        """Insert rows in one transaction; an empty or taken id gets a fresh one."""
        self._check_unit(unit)
        if table == "sops":  # a record's id names its file in bundles: a slug, never a path
            for row in rows:
                if row.id and not names.is_safe_name(row.id):
                    raise StoreError(names.unsafe_name_message(row.id, "Id SOP") + ".")
        checked = [(row, _checked_doc(type(row), row)) for row in rows]
        added: list[Any] = []
        if not rows:
            return added
        with self._unit_tx(unit) as tx:
            taken = {str(d.get("id")) for d in tx.data.get(table, {}).values()}
            docs = []
            for row, doc in checked:
                if not row.id or row.id in taken:
                    new_id = _next_id(tx.data[_META]["1"], f"next_{table}", prefix, taken)
                    row = dataclasses.replace(row, id=new_id)
                    doc["id"] = new_id
                taken.add(row.id)
                docs.append(doc)
                added.append(row)
            tx.db.table(table).insert_multiple(docs)
            tx.touch()
            for row in added:
                title = getattr(row, "title", "") or getattr(getattr(row, "sop", None), "title", "")
                self._log_into(tx, action, unit=unit, target=row.id, detail=str(title))
        return added

    def _update_row(self, unit: str, table: str, cls: type[T], row_id: str,
                    fields: dict[str, Any], action: str, what: str) -> T:
        self._check_unit(unit)
        _check_fields(cls, fields, what, forbidden=("id",))
        with self._unit_tx(unit) as tx:
            docs = tx.db.table(table).search(_q_id(row_id))
            if not docs:
                raise StoreNotFound(f"{what.capitalize()} '{row_id}' tidak ada di unit {unit}.")
            row = _replace(cls, dict(docs[0]), fields)
            tx.db.table(table).update(encode(row), _q_id(row_id))
            self._log_into(tx, action, unit=unit, target=row_id, detail=", ".join(sorted(fields)))
        return row

    def _remove_row(self, unit: str, table: str, row_id: str, action: str, what: str) -> None:
        self._check_unit(unit)
        with self._unit_tx(unit) as tx:
            if not tx.db.table(table).remove(_q_id(row_id)):
                raise StoreNotFound(f"{what.capitalize()} '{row_id}' tidak ada di unit {unit}.")
            self._log_into(tx, action, unit=unit, target=row_id)

    def add_need(self, unit: str, row: NeedRow) -> NeedRow:
        """Add a Tabel 6 row; an empty or taken id gets a fresh one (returned)."""
        result: NeedRow = self._add_rows(unit, "needs", [row], "k", "need.create")[0]
        return result

    def add_needs(self, unit: str, rows: Sequence[NeedRow]) -> list[NeedRow]:
        """Add many Tabel 6 rows in one transaction (ids kept when free)."""
        return self._add_rows(unit, "needs", rows, "k", "need.create")

    def update_need(self, unit: str, need_id: str, **fields: Any) -> NeedRow:
        return self._update_row(unit, "needs", NeedRow, need_id, fields, "need.update",
                                "baris kebutuhan")

    def remove_need(self, unit: str, need_id: str) -> None:
        self._remove_row(unit, "needs", need_id, "need.remove", "baris kebutuhan")

    # -- existing SOPs -------------------------------------------------------------------------

    def existing_sops(self, unit: str) -> list[ExistingSop]:
        self._require_unit(unit)
        return [decode(ExistingSop, d) for d in _docs(self._ud(unit), "existing")]

    def add_existing_sop(self, unit: str, row: ExistingSop) -> ExistingSop:
        result: ExistingSop = self._add_rows(unit, "existing", [row], "ada", "existing.create")[0]
        return result

    def add_existing_sops(self, unit: str, rows: Sequence[ExistingSop]) -> list[ExistingSop]:
        return self._add_rows(unit, "existing", rows, "ada", "existing.create")

    def update_existing_sop(self, unit: str, existing_id: str, **fields: Any) -> ExistingSop:
        return self._update_row(unit, "existing", ExistingSop, existing_id, fields,
                                "existing.update", "SOP yang ada")

    def remove_existing_sop(self, unit: str, existing_id: str) -> None:
        self._remove_row(unit, "existing", existing_id, "existing.remove", "SOP yang ada")

    # -- SOPs ----------------------------------------------------------------------------------

    def sops(self, unit: str) -> list[SopRecord]:
        self._require_unit(unit)
        return [decode(SopRecord, d) for d in _docs(self._ud(unit), "sops")]

    def sop(self, unit: str, sop_id: str) -> SopRecord:
        self._require_unit(unit)
        for d in self._ud(unit).get("sops", {}).values():
            if d.get("id") == sop_id:
                return decode(SopRecord, d)
        raise StoreNotFound(f"SOP '{sop_id}' tidak ada di unit {unit}.")

    def add_sop(
        self,
        unit: str,
        sop: Sop,
        *,
        status: str = "draf",
        template: str = "",
        need: str = "",
    ) -> SopRecord:
        _check_status(status)
        record = SopRecord(id="", sop=sop, status=status, template=template, need=need)
        return self.add_sop_record(unit, record)

    def add_sop_record(self, unit: str, record: SopRecord) -> SopRecord:
        """Store a whole record (imports); an empty or taken id gets a fresh one (returned)."""
        return self.add_sop_records(unit, [record])[0]

    def add_sop_records(self, unit: str, records: Sequence[SopRecord]) -> list[SopRecord]:
        """Store many records in one transaction (ids kept when free)."""
        for record in records:
            _check_status(record.status)
        return self._add_rows(unit, "sops", records, "sop", "sop.create")

    def _sop_tx_record(self, tx: _Tx, unit: str, sop_id: str) -> SopRecord:
        docs = tx.db.table("sops").search(_q_id(sop_id))
        if not docs:
            raise StoreNotFound(f"SOP '{sop_id}' tidak ada di unit {unit}.")
        return decode(SopRecord, dict(docs[0]))

    def edit_sop(self, unit: str, sop_id: str, changes: Sequence[FieldChange]) -> SopRecord:
        """Apply field changes to an SOP in one transaction.

        A change is refused with StoreConflict (and nothing of the batch is stored) when the
        stored value differs from ``old`` (what the editor read) and from ``new``.
        """
        self._check_unit(unit)
        with self._unit_tx(unit) as tx:
            record = self._sop_tx_record(tx, unit, sop_id)
            for ch in changes:
                try:
                    container, key = _resolve(record.sop, ch.path.split("."), ch.path)
                except _Gone:
                    raise StoreConflict(ch.path, None, ch.new) from None
                current = _get(container, key)
                if current is _MISSING:
                    raise StoreConflict(ch.path, None, ch.new)
                if current == ch.new:
                    continue
                if current != ch.old:
                    raise StoreConflict(ch.path, current, ch.new)
                _set(container, key, ch.new)
            try:
                doc = encode(record)
                record = decode(SopRecord, doc)
            except (ValueError, TypeError) as e:
                raise StoreError(f"Nilai tidak sah untuk SOP {sop_id}: {e}.") from None
            tx.db.table("sops").update(doc, _q_id(sop_id))
            self._log_into(tx, "sop.edit", unit=unit, target=sop_id,
                           detail=", ".join(c.path for c in changes))
        return record

    def set_sop_status(self, unit: str, sop_id: str, status: str) -> SopRecord:
        self._check_unit(unit)
        _check_status(status)
        with self._unit_tx(unit) as tx:
            record = self._sop_tx_record(tx, unit, sop_id)
            if record.status == status:
                return record
            record.status = status
            tx.db.table("sops").update({"status": status}, _q_id(sop_id))
            self._log_into(tx, "sop.status", unit=unit, target=sop_id, detail=status)
        return record

    def update_record(
        self, unit: str, sop_id: str, fn: Callable[[SopRecord], None], action: str = "sop.update"
    ) -> SopRecord:
        """Transactional read-modify-write of one SOP record (reviews, versions, ...)."""
        return self._update_record(unit, sop_id, lambda record, _tx: fn(record), action)

    def update_record_in_unit(
        self,
        unit: str,
        sop_id: str,
        fn: Callable[[SopRecord, list[SopRecord]], None],
        action: str = "sop.update",
    ) -> SopRecord:
        """Like ``update_record``; ``fn`` also gets every SOP record of the unit as stored
        inside the same transaction (under the lock).

        For what depends on the other SOPs of the unit, such as the approval's sequence number:
        counted from records read before the lock, two approvals at the same moment could take
        the same number.
        """

        def run(record: SopRecord, tx: _Tx) -> None:
            others = [decode(SopRecord, dict(d)) for d in tx.db.table("sops").all()]
            fn(record, others)

        return self._update_record(unit, sop_id, run, action)

    def _update_record(
        self, unit: str, sop_id: str, fn: Callable[[SopRecord, _Tx], None], action: str
    ) -> SopRecord:
        self._check_unit(unit)
        with self._unit_tx(unit) as tx:
            record = self._sop_tx_record(tx, unit, sop_id)
            fn(record, tx)
            if record.id != sop_id:
                raise StoreError("Id SOP tidak boleh diubah.")
            _check_status(record.status)
            try:
                doc = encode(record)
                record = decode(SopRecord, doc)
            except (ValueError, TypeError) as e:
                raise StoreError(f"Nilai tidak sah untuk SOP {sop_id}: {e}.") from None
            tx.db.table("sops").update(doc, _q_id(sop_id))
            self._log_into(tx, action, unit=unit, target=sop_id)
        return record

    def remove_sop(self, unit: str, sop_id: str) -> None:
        self._remove_row(unit, "sops", sop_id, "sop.remove", "SOP")

    # -- progress board ------------------------------------------------------------------------

    def unit_summary(self, slug: str) -> UnitSummary:
        doc = self._require_unit(slug)
        ud = self._ud(slug)
        by_status: dict[str, int] = {}
        sops = ud.get("sops", {})
        for d in sops.values():
            st = str(d.get("status"))
            by_status[st] = by_status.get(st, 0) + 1
        members = sum(1 for d in self._ws().get("members", {}).values() if d.get("unit") == slug)
        return UnitSummary(
            slug=slug,
            name=str(doc.get("name", "")),
            needs=len(ud.get("needs", {})),
            sops=len(sops),
            by_status=by_status,
            members=members,
            readiness=len(doc.get("readiness", [])),
            has_pin=bool(doc.get("pin_hash")),
        )

    # -- backups -------------------------------------------------------------------------------

    def backup(self, reason: str) -> Path:
        """Copy every readable data file into ``backups/<seq>_<time>_<reason>/`` (newest N kept)."""
        # Facilitator only: each backup drops the oldest, so a participant could push out all.
        self._check_facilitator("membuat cadangan")
        try:
            return self._backup(reason)
        except OSError as e:
            raise StoreError(
                f"Cadangan workshop {self.path} tidak dapat dibuat: {portable.write_problem(e)}."
            ) from None

    def _backup(self, reason: str) -> Path:
        root = self.path / BACKUPS_DIR
        root.mkdir(exist_ok=True)
        stamp = self._now().strftime("%Y%m%dT%H%M%S")
        label = slugify(reason)[:30]
        # Built under a temporary name, renamed when complete: a crash never leaves a
        # half-made backup under a backup's name (Store.open removes the temporary folder).
        building = root / f".{label}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        building.mkdir()
        try:
            self._copy_into(building)
            seq = max((_backup_seq(p.name) for p in root.iterdir() if p.is_dir()), default=0)
            while True:
                seq += 1
                target = root / f"{seq:05d}_{stamp}_{label}"
                if target.exists():
                    continue
                try:
                    os.rename(building, target)
                    break
                except OSError as e:  # another process took that number meanwhile
                    if e.errno not in (errno.EEXIST, errno.ENOTEMPTY) or not target.exists():
                        raise
            _fsync_dir(root)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        dirs = sorted((p for p in root.iterdir() if p.is_dir() and _backup_seq(p.name)),
                      key=lambda p: _backup_seq(p.name))
        for old in dirs[:-BACKUPS_KEPT]:
            shutil.rmtree(old, ignore_errors=True)
        return target

    def _copy_into(self, target: Path) -> None:
        """Copy every readable data file into ``target`` (a damaged one is skipped)."""
        for src in [self._wpath, *self._unit_files()]:
            kind = "workshop" if src == self._wpath else "unit"
            with self._files.lock(src):
                try:
                    loaded = self._files.load_raw(src, kind)
                except StoreCorrupt:
                    continue  # never offer a damaged file as the copy to restore
            if loaded is None:
                continue
            # Atomic too: a copy cut by a crash must not become "the newest backup".
            self._files._replace(target / src.relative_to(self.path), loaded[0])

    def backups(self) -> list[Path]:
        """Backup folders, newest first."""
        root = self.path / BACKUPS_DIR
        if not root.is_dir():
            return []
        dirs = [p for p in root.iterdir() if p.is_dir() and _backup_seq(p.name)]
        return sorted(dirs, key=lambda p: _backup_seq(p.name), reverse=True)

    def newest_backup(self, file: Path) -> Path | None:
        """The newest backup copy of ``file`` (a path inside this workshop), if any."""
        try:
            rel = Path(file).resolve().relative_to(self.path.resolve())
        except ValueError:
            return None
        for d in self.backups():
            candidate = d / rel
            if candidate.is_file():
                return candidate
        return None

    # -- presence (who is connected; issue 10) -------------------------------------------------

    @property
    def presence(self) -> PresenceFiles:
        """Heartbeat files of connected app instances (``presence/<name>.json``). Not workshop
        data: outside the change token and the backups; any scope may write its own."""
        return PresenceFiles(self.path / PRESENCE_DIR, self._files)


PRESENCE_DIR: Final = "presence"
_PRESENCE_NAME: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
class PresenceFiles:
    """Small JSON files written atomically, one per app instance (see ``workshop.presence``)."""

    def __init__(self, folder: Path, files: _Files) -> None:
        self.folder = folder
        self._files = files

    def write(self, name: str, data: dict[str, Any]) -> None:
        if not _PRESENCE_NAME.match(name):
            raise StoreError(f"Nama kehadiran '{name}' tidak sah.")
        try:
            payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
            self._files._replace(self.folder / f"{name}.json", payload)
        except (TypeError, ValueError) as e:
            raise StoreError(f"Data kehadiran tidak dapat disimpan: {e}.") from None
        except OSError as e:
            raise StoreError(
                f"Kehadiran tidak dapat dicatat di {self.folder} ({e.strerror or e})."
            ) from None

    def read(self) -> dict[str, dict[str, Any]]:
        """Every readable file: name -> its JSON object (unreadable ones skipped)."""
        out: dict[str, dict[str, Any]] = {}
        try:
            entries = sorted(os.scandir(self.folder), key=lambda e: e.name)
        except OSError:
            return out
        for entry in entries:
            stem = entry.name[:-5] if entry.name.endswith(".json") else ""
            if not _PRESENCE_NAME.match(stem):
                continue
            try:
                with open(entry.path, "rb") as fh:
                    data = json.loads(fh.read())
            except (OSError, ValueError):
                continue
            if isinstance(data, dict):
                out[stem] = data
        return out

    def remove(self, name: str) -> None:
        if _PRESENCE_NAME.match(name):
            with contextlib.suppress(OSError):
                os.unlink(self.folder / f"{name}.json")


_TMP_NAME: Final = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$")
STALE_TEMP_SECONDS: Final = 3600  # a temporary file this old is stale whatever its pid


def _half_made(entry: os.DirEntry[str]) -> bool:
    """A backup folder (of an older version) without its ``workshop.json``: cut short."""
    return entry.is_dir(follow_symlinks=False) and not os.path.isfile(
        os.path.join(entry.path, WORKSHOP_FILE)
    )


def _backup_seq(name: str) -> int:
    head = name.split("_", 1)[0]
    return int(head) if head.isdigit() else 0


def _seconds_between(a: str, b: str) -> float:
    try:
        return abs((datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds())
    except (ValueError, TypeError):
        return float("inf")


def _check_fields(
    cls: type, fields: dict[str, Any], what: str, forbidden: Sequence[str] = ()
) -> None:
    known = field_names(cls)
    for name in fields:
        if name not in known:
            raise StoreError(f"Bidang '{name}' tidak dikenal untuk {what}.")
        if name in forbidden:
            raise StoreError(f"Bidang '{name}' {what} tidak boleh diubah di sini.")


def _replace(cls: type[T], doc: dict[str, Any], fields: dict[str, Any]) -> T:
    merged = dict(doc)
    merged.update({k: encode(v) for k, v in fields.items()})
    try:
        return decode(cls, merged)
    except ValueError as e:
        raise StoreError(f"Nilai tidak sah: {e}.") from None


def _checked_doc(cls: type, value: Any) -> dict[str, Any]:
    """``value`` encoded, after checking that it decodes (right types everywhere)."""
    if not isinstance(value, cls):
        raise StoreError(f"Nilai tidak sah: diharapkan {cls.__name__}.")
    try:
        doc: dict[str, Any] = encode(value)
        decode(cls, doc)
    except (ValueError, TypeError) as e:
        raise StoreError(f"Nilai tidak sah: {e}.") from None
    return doc


def _validate(cls: type, value: Any) -> None:
    _checked_doc(cls, value)


def _check_status(status: str) -> None:
    if status not in SOP_STATUSES:
        raise StoreError(
            f"Status SOP '{status}' tidak dikenal. Pilihan: {', '.join(SOP_STATUSES)}."
        )


def _check_role(role: str) -> None:
    if role not in TEAM_ROLES:
        raise StoreError(f"Peran '{role}' tidak dikenal. Pilihan: {', '.join(TEAM_ROLES)}.")


P = typing.ParamSpec("P")
R = TypeVar("R")


def _serialised(fn: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with typing.cast(Store, args[0])._mutex:
            return fn(*args, **kwargs)

    return wrapper


def _serialise_public_methods(cls: type) -> None:
    for name, value in list(vars(cls).items()):
        if name.startswith("_") or not callable(value):
            continue
        if isinstance(value, staticmethod | classmethod):
            continue
        setattr(cls, name, _serialised(value))


_serialise_public_methods(Store)
