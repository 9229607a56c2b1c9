"""What every record facade of the ``Store`` stands on: paths, transactions, scope, the log.

``StoreBase`` is the common base of the record facades (``units``, ``sessions``, ``needs``,
``sops``, ``backups``), which ``facade.Store`` joins into the one class callers use. It holds
no state of its own beyond what ``Store.__init__`` sets: the folder, the scope, the clock and
the ``Files`` engine. Its rules:

- paths: ``workshop.json`` and ``units/<slug>.json``; a slug is checked before it becomes a
  path (``_upath``: a hand-edited ``workshop.json`` must not lead elsewhere);
- transactions: ``_ws_tx`` (the workshop file) and ``_unit_tx`` (a unit file, which re-checks
  inside the lock that the unit still exists); lock order workshop file before unit files;
- scope: ``_check_facilitator`` / ``_check_unit`` before any file is touched (every public
  writer passes one: ``tests/reliability/test_rel_access.py`` reads the sources to check);
- the log lives in the file that was written (``_log_into``; an identical entry within
  ``LOG_COALESCE_SECONDS`` only moves the last entry's time), ``log()`` merges the files.

The module-level helpers are the shared rules of records: ids never reused (``next_id``),
field updates checked against the dataclass (``check_fields``, ``replaced``), whole values
checked by a decode round trip (``checked_doc``).
"""

from __future__ import annotations

import contextlib
import os
import typing
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Final, TypeVar

from tinydb import Query

from workshop import names
from workshop.model import (
    LogEntry,
)
from workshop.store.codec import decode, encode, field_names
from workshop.store.errors import (
    StoreError,
    StoreNotFound,
    StorePermission,
)
from workshop.store.files import Files, Tx
from workshop.store.migrations import Data, fresh

FACILITATOR: Final = "fasilitator"
LOG_COALESCE_SECONDS: Final = 60  # repeated identical log entries within this window are merged

WORKSHOP_FILE: Final = "workshop.json"
UNITS_DIR: Final = "units"
BACKUPS_DIR: Final = "backups"
UNIT_SLUG_MAX: Final = 40

T = TypeVar("T")
Q = Query()


class StoreBase:
    """One workshop folder, opened on behalf of the facilitator or of one unit (the state that
    ``Store.__init__`` sets, and the internals every record facade uses)."""

    path: Path
    scope: str
    _now: Callable[[], datetime]
    _files: Files

    # -- internals: files, scope, log ----------------------------------------------------------

    def _unit_files(self) -> list[Path]:
        """The unit files, by name (temporary files left out)."""
        try:
            names = sorted(
                e.name
                for e in os.scandir(self.path / UNITS_DIR)
                if e.name.endswith(".json") and not e.name.startswith(".")
            )
        except FileNotFoundError:
            return []
        return [self.path / UNITS_DIR / n for n in names]

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

    # -- log -----------------------------------------------------------------------------------

    def log(self, unit: str | None = None, since: str | None = None) -> list[LogEntry]:
        """The activity log (workshop and unit files merged), oldest first."""
        docs = list(table_docs(self._ws(), "log"))
        slugs = [unit] if unit else [d.get("slug") for d in table_docs(self._ws(), "units")]
        for slug in slugs:
            if slug and self._unit_doc(str(slug)) is not None:
                docs += table_docs(self._ud(str(slug)), "log")
        entries = [decode(LogEntry, d) for d in docs]
        if unit:
            entries = [e for e in entries if e.unit == unit]
        if since:
            entries = [e for e in entries if e.at > since]
        entries.sort(key=lambda e: e.at)
        return entries


def table_docs(data: Data, table: str) -> list[dict[str, Any]]:
    """The documents of a table in insertion order (TinyDB doc ids ascending)."""
    docs = data.get(table, {})
    return [docs[k] for k in sorted(docs, key=int)]


def slugify(name: str) -> str:
    """A file-safe, lower-case ASCII slug of a unit name ("Dinas Kesehatan" -> dinas-kesehatan;
    never a Windows device name: "NUL" -> nul-1): ``names.slugify``, which makes every name."""
    return names.slugify(name, fallback="unit", max_len=UNIT_SLUG_MAX)


def q_id(value: str) -> Any:
    return Q.id == value


def next_id(meta: dict[str, Any], counter: str, prefix: str, taken: set[str]) -> str:
    n = int(meta.get(counter, 0))
    while True:
        n += 1
        candidate = f"{prefix}-{n:03d}"
        if candidate not in taken:
            meta[counter] = n
            return candidate


def _seconds_between(a: str, b: str) -> float:
    try:
        return abs((datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds())
    except (ValueError, TypeError):
        return float("inf")


def check_fields(
    cls: type, fields: dict[str, Any], what: str, forbidden: Sequence[str] = ()
) -> None:
    """Every name in ``fields`` is a stored field of ``cls`` and none is ``forbidden``."""
    known = field_names(cls)
    for name in fields:
        if name not in known:
            raise StoreError(f"Bidang '{name}' tidak dikenal untuk {what}.")
        if name in forbidden:
            raise StoreError(f"Bidang '{name}' {what} tidak boleh diubah di sini.")


def replaced(cls: type[T], doc: dict[str, Any], fields: dict[str, Any]) -> T:
    merged = dict(doc)
    merged.update({k: encode(v) for k, v in fields.items()})
    try:
        return decode(cls, merged)
    except ValueError as e:
        raise StoreError(f"Nilai tidak sah: {e}.") from None


def checked_doc(cls: type, value: Any) -> dict[str, Any]:
    """``value`` encoded, after checking that it decodes (right types everywhere)."""
    if not isinstance(value, cls):
        raise StoreError(f"Nilai tidak sah: diharapkan {cls.__name__}.")
    try:
        doc: dict[str, Any] = encode(value)
        decode(cls, doc)
    except (ValueError, TypeError) as e:
        raise StoreError(f"Nilai tidak sah: {e}.") from None
    return doc


def validate(cls: type, value: Any) -> None:
    checked_doc(cls, value)
