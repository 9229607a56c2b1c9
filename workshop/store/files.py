"""Files and transactions: cached reads, atomic writes, locks, batches.

The one place that reads and writes the store's JSON files (``Files``; the record facades
never touch a file themselves):

- a read is cached per path by stat (``Cached``); a young file is compared byte for byte,
  because two writes within one timestamp tick can look alike (``_TRUST_AFTER_NS``);
- every file read is parsed, brought to the current schema (``migrations.upgrade``) and
  validated document by document, so a damaged file is ``StoreCorrupt`` and never overwritten;
  a data file is read only when it is a regular file of at most ``limits.STORE_FILE_MAX_BYTES``;
- every write is a transaction (``Files.tx``): take the file's lock, load it, apply the change
  through a TinyDB whose storage is the loaded dict (``BufferStorage``: writes only mark the
  transaction dirty), serialise (``_dumps``: unchanged SOP records keep their JSON text),
  write a temporary file, fsync, ``portable.replace``, fsync the folder (``fsync_dir``);
- ``Files.batch`` keeps the transactions opened inside it open and commits each file once.

This package is the only place that imports TinyDB. See ``docs/store.md``.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import filelock
from tinydb import TinyDB
from tinydb.storages import Storage

from workshop import limits, portable
from workshop.store import migrations
from workshop.store.codec import validate_doc
from workshop.store.errors import StoreCorrupt, StoreError
from workshop.store.migrations import Data

LOCK_TIMEOUT: Final = 15.0  # seconds a writer waits for another process's transaction
# Temporary names (``.<name>.<pid>.<hex>.tmp``): files being written, backups being built.
TMP_NAME: Final = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$")
STALE_TEMP_SECONDS: Final = 3600  # a temporary file this old is stale whatever its pid


def tmp_name(name: str) -> str:
    """A temporary name for ``name`` in the same folder, unique to this process (``TMP_NAME``)."""
    return f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"


class BufferStorage(Storage):
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


def tinydb(data: Data, on_write: Callable[[], None] | None = None) -> TinyDB:
    return TinyDB(storage=lambda: BufferStorage(data, on_write))


@dataclass
class Tx:
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
class Cached:
    key: tuple[int, int, int]
    raw: bytes | None  # kept only while not trusted (for the byte comparison): saves memory
    data: Data
    trusted: bool


class Files:
    """Reads (cached by stat) and transactional writes of the JSON files of one workshop."""

    def __init__(self, root: Path, backups: Callable[[Path], Path | None]) -> None:
        self.root = root
        self._cache: dict[Path, Cached] = {}
        self._locks: dict[Path, filelock.FileLock] = {}
        self._newest_backup = backups
        self._open: dict[Path, Tx] = {}
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
        """The parsed, validated file, or None when it does not exist. See ``Cached``.

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
            check_data_file(st, lambda problem: self._corrupt(path, problem))
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
        self._cache[path] = Cached(key, None if trusted else raw, data, trusted)

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
        try:
            data = migrations.upgrade(kind, data)
        except ValueError as e:
            raise self._corrupt(path, str(e)) from None
        for table, cls in migrations.schema_of(kind).items():
            docs = data.get(table, {})
            if type(docs) is not dict:
                raise self._corrupt(path, f"tabel {table} bukan objek")
            for doc_id, doc in docs.items():
                try:
                    validate_doc(cls, doc, f"{table}[{doc_id}]")
                except ValueError as e:
                    raise self._corrupt(path, f"isi tidak sesuai: {e}") from None
        return data

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

    def _replace(self, path: Path, payload: bytes, *, durable: bool = True) -> None:
        """Temp file, ``os.replace``: readers see the old file or the new one, never half.
        ``durable``: fsync the file and its folder too (data); without it a crash may lose the
        write (only for files that are renewed every few seconds anyway: heartbeats)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(tmp_name(path.name))
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | portable.O_BINARY, 0o644)
            try:
                view = memoryview(payload)
                while view:
                    n = os.write(fd, view)
                    view = view[n:]
                if durable:
                    os.fsync(fd)
            finally:
                os.close(fd)
            portable.replace(tmp, path)  # retried while a reader holds it open (Windows)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        if durable:
            fsync_dir(path.parent)

    @contextlib.contextmanager
    def tx(self, path: Path, kind: str, fresh: Callable[[], Data]) -> Iterator[Tx]:
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
        tx = Tx(db=tinydb(data), data=data, path=path, lock=lk)
        tx.db = tinydb(data, tx.touch)  # writes only mark the transaction dirty
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

    def _finish(self, tx: Tx) -> None:
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

_POISONED: Final = (
    "Perubahan dibatalkan karena ada kesalahan di tengah jalan; tidak ada yang disimpan."
)


def _too_big_problem(size: int) -> str:
    return (
        f"berkas terlalu besar (lebih dari {limits.STORE_FILE_MAX_BYTES // limits.MB} MB; "
        f"terbaca {size // limits.MB} MB)"
    )


def check_data_file(st: os.stat_result, corrupt: Callable[[str], StoreError]) -> None:
    """A data file must be a regular file of at most ``limits.STORE_FILE_MAX_BYTES``."""
    if stat.S_ISDIR(st.st_mode):
        raise corrupt("ini sebuah folder, bukan berkas")
    if not stat.S_ISREG(st.st_mode):
        raise corrupt("ini bukan berkas biasa (mis. FIFO atau perangkat)")
    if st.st_size > limits.STORE_FILE_MAX_BYTES:
        raise corrupt(_too_big_problem(st.st_size))


def fsync_dir(path: Path) -> None:
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

