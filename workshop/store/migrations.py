"""What a store file holds, which schema version it is in, and how an older one is brought up.

Every file carries ``_meta`` doc 1: ``schema`` (the version), ``kind`` (``workshop`` /
``unit``), ``unit`` (the slug, unit files) and the id counters. ``WORKSHOP_SCHEMA`` and
``UNIT_SCHEMA`` say which dataclass each table holds: every document of a file read from disk
is validated against them.

To change the format: bump ``SCHEMA_VERSION``, add ``MIGRATIONS[("workshop", n)]`` and
``MIGRATIONS[("unit", n)]`` (each turns the data of schema n into schema n + 1, in memory), and
a test with a file of the old version. A file is rewritten in the new schema at its next write.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from workshop.docsettings import DocumentSettings
from workshop.model import (
    Event,
    ExistingSop,
    LogEntry,
    Member,
    NeedRow,
    Session,
    SopRecord,
    Unit,
    Vote,
)

Data = dict[str, dict[str, Any]]  # a file: table -> doc id -> document

SCHEMA_VERSION: Final = 1
META: Final = "_meta"

# Migrations: MIGRATIONS[(kind, v)] turns a file of schema v into schema v + 1 (in memory).
MIGRATIONS: dict[tuple[str, int], Callable[[Data], Data]] = {}

# What each table of each kind of file holds (validated on every read from disk).
WORKSHOP_SCHEMA: Final[dict[str, type]] = {
    "event": Event,
    "units": Unit,
    "members": Member,
    "sessions": Session,
    "votes": Vote,
    "log": LogEntry,
    "documents": DocumentSettings,  # one doc; a file without it reads as the defaults
}
UNIT_SCHEMA: Final[dict[str, type]] = {
    "needs": NeedRow,
    "existing": ExistingSop,
    "sops": SopRecord,
    "log": LogEntry,
}
_KIND_NAMES: Final = {"workshop": "workshop", "unit": "unit"}


def schema_of(kind: str) -> dict[str, type]:
    """The tables of a file of ``kind`` and the dataclass each holds."""
    return WORKSHOP_SCHEMA if kind == "workshop" else UNIT_SCHEMA


def fresh(kind: str, **meta: Any) -> Data:
    """The data of a new, empty file of ``kind`` in the current schema."""
    data: Data = {META: {"1": {"schema": SCHEMA_VERSION, "kind": kind, **meta}}}
    for table in schema_of(kind):
        data[table] = {}
    return data


def upgrade(kind: str, data: dict[str, Any]) -> Data:
    """``data`` (parsed JSON of a file of ``kind``) in the current schema.

    Raises ``ValueError`` with the problem (Indonesian) when it is not a file of that kind, its
    schema is unknown or newer than this version reads, or a migration step is missing.
    """
    meta = data.get(META, {}).get("1")
    if type(meta) is not dict or meta.get("kind") != kind:
        raise ValueError(f"bukan berkas {_KIND_NAMES.get(kind, kind)} sop-workshop")
    version = meta.get("schema")
    if type(version) is not int or version < 1:
        raise ValueError("versi skema tidak dikenal")
    if version > SCHEMA_VERSION:
        raise ValueError(
            f"dibuat oleh versi sop-workshop yang lebih baru (skema {version}; versi ini "
            f"membaca sampai skema {SCHEMA_VERSION}). Perbarui sop-workshop"
        )
    return migrate(kind, data, version) if version < SCHEMA_VERSION else data


def migrate(kind: str, data: Data, version: int) -> Data:
    """Bring a file's data from ``version`` to ``SCHEMA_VERSION`` using ``MIGRATIONS``."""
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get((kind, version))
        if step is None:
            raise ValueError(f"tidak ada migrasi dari versi skema {version}")
        data = step(data)
        version += 1
        data.setdefault(META, {}).setdefault("1", {})["schema"] = version
    return data
