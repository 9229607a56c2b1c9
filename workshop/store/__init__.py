"""The workshop store: a folder of JSON files kept with TinyDB, safe for many processes.

Callers import from here (``from workshop.store import Store, StoreError``); the modules
behind it are the store's seams (see ``docs/store.md``).
"""

from __future__ import annotations

from workshop.store.codec import clean_text, decode, encode, validate_doc
from workshop.store.errors import (
    StoreConflict,
    StoreCorrupt,
    StoreError,
    StoreNotFound,
    StorePermission,
)
from workshop.store.facade import (
    BACKUPS_KEPT,
    FACILITATOR,
    FieldChange,
    Store,
    UnitSummary,
    slugify,
)
from workshop.store.migrations import MIGRATIONS, SCHEMA_VERSION, migrate
from workshop.store.presence import PresenceFiles

__all__ = [
    "BACKUPS_KEPT",
    "FACILITATOR",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "FieldChange",
    "PresenceFiles",
    "Store",
    "StoreConflict",
    "StoreCorrupt",
    "StoreError",
    "StoreNotFound",
    "StorePermission",
    "UnitSummary",
    "clean_text",
    "decode",
    "encode",
    "migrate",
    "slugify",
    "validate_doc",
]
