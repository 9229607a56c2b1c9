"""The workshop store: a folder of JSON files kept with TinyDB, safe for many processes.

A workshop is a folder::

    workshop.json        the event, units, team members, sessions, votes, the facilitator's log
    units/<slug>.json    per unit: needs rows, existing SOPs, SOP records, the unit's log
    backups/             rolling copies (``backup()``)

This is the only module that imports TinyDB. Public methods take and return the dataclasses of
``workshop.model``; no TinyDB type leaks out. Every write is a transaction (see ``Files.tx``):
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
import os
import secrets
import shutil
import threading
import time
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Final, TypeVar

from tinydb import Query

from workshop import names, portable
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
)
from workshop.store.errors import (
    StoreConflict,
    StoreCorrupt,
    StoreError,
    StoreNotFound,
    StorePermission,
)
from workshop.store.files import STALE_TEMP_SECONDS, TMP_NAME, Files, Tx, fsync_dir, tmp_name
from workshop.store.migrations import META, Data, fresh
from workshop.store.presence import PRESENCE_DIR, PresenceFiles

FACILITATOR: Final = "fasilitator"
BACKUPS_KEPT: Final = 20
LOG_COALESCE_SECONDS: Final = 60  # repeated identical log entries within this window are merged

WORKSHOP_FILE: Final = "workshop.json"
UNITS_DIR: Final = "units"
BACKUPS_DIR: Final = "backups"


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
        return data if data is not None else fresh("unit", unit=slug)

    def _ws_tx(self) -> contextlib.AbstractContextManager[Tx]:
        return self._files.tx(self._wpath, "workshop", lambda: fresh("workshop"))

    @contextlib.contextmanager
    def _unit_tx(self, slug: str) -> Iterator[Tx]:
        self._require_unit(slug)
        with self._files.tx(self._upath(slug), "unit", lambda: fresh("unit", unit=slug)) as tx:
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
        self, tx: Tx, action: str, unit: str = "", target: str = "", detail: str = ""
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

    def _insert_unit(self, tx: Tx, name: str, fields: dict[str, Any]) -> Unit:
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
            meta = tx.data[META]["1"]
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
                    member, id=_next_id(tx.data[META]["1"], "next_member", "m", taken)
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

    def _insert_session(self, tx: Tx, session: Session) -> Session:
        taken = {str(d.get("id")) for d in tx.data.get("sessions", {}).values()}
        if not session.id or session.id in taken:
            session = dataclasses.replace(
                session, id=_next_id(tx.data[META]["1"], "next_session", "sesi", taken)
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
                    new_id = _next_id(tx.data[META]["1"], f"next_{table}", prefix, taken)
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

    def _sop_tx_record(self, tx: Tx, unit: str, sop_id: str) -> SopRecord:
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

        def run(record: SopRecord, tx: Tx) -> None:
            others = [decode(SopRecord, dict(d)) for d in tx.db.table("sops").all()]
            fn(record, others)

        return self._update_record(unit, sop_id, run, action)

    def _update_record(
        self, unit: str, sop_id: str, fn: Callable[[SopRecord, Tx], None], action: str
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
        building = root / tmp_name(label)
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
            fsync_dir(root)
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
