"""The workshop store: a folder of JSON files kept with TinyDB, safe for many processes.

Callers import from here (``from workshop.store import Store, StoreError``); no TinyDB type
leaks out, public methods take and return the dataclasses of ``workshop.model``. The package
is split along its seams, each module holding one rule (``docs/store.md``):

- ``errors``      the ``StoreError`` family (messages in Bahasa Indonesia)
- ``codec``       dataclass <-> JSON, strict, with generated decoders and validators
- ``migrations``  what each file holds, its schema version, ``MIGRATIONS``
- ``files``       the ``Files`` engine: cached reads, locks, transactions, batches, atomic writes
- ``presence``    presence files (who is connected)
- ``pins``        PIN attempts counted per unit and per address, under one lock
- ``base``        ``StoreBase``: paths, transactions, scope checks, the log, shared record rules
- ``backups``, ``units``, ``sessions``, ``rows``, ``needs``, ``sops``, ``documents``: the record
  facades
- ``facade``      ``Store``, joined from the facades: open/create, batches, change tokens

This package is the only place that imports TinyDB (``tests/test_core_imports.py``).
"""

from __future__ import annotations

from workshop.store.backups import BACKUPS_KEPT
from workshop.store.base import FACILITATOR, slugify
from workshop.store.codec import clean_text, decode, encode, validate_doc
from workshop.store.errors import (
    StoreConflict,
    StoreCorrupt,
    StoreError,
    StoreNotFound,
    StorePermission,
)
from workshop.store.facade import Store
from workshop.store.migrations import MIGRATIONS, SCHEMA_VERSION, migrate
from workshop.store.pins import CLIENT_ENV, PinCheck, PinFailures
from workshop.store.presence import PresenceFiles
from workshop.store.sops import FieldChange, apply_field_change
from workshop.store.units import PinSource, UnitSummary, random_pin

__all__ = [
    "BACKUPS_KEPT",
    "CLIENT_ENV",
    "FACILITATOR",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "FieldChange",
    "PinCheck",
    "PinFailures",
    "PinSource",
    "PresenceFiles",
    "Store",
    "StoreConflict",
    "StoreCorrupt",
    "StoreError",
    "StoreNotFound",
    "StorePermission",
    "UnitSummary",
    "apply_field_change",
    "clean_text",
    "decode",
    "encode",
    "migrate",
    "random_pin",
    "slugify",
    "validate_doc",
]
