"""What the store raises: one ``StoreError`` family, every message in Bahasa Indonesia.

Callers catch ``StoreError`` (or a subclass) and show ``str(e)`` to the user as it is: the
message names the file, the unit or the field and says what to do. ``show_value`` is the one
way a stored value appears inside such a message (short, no Python reprs).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from workshop.model import Step


class StoreError(Exception):
    """A store operation failed; ``message`` (and ``str(e)``) is in Bahasa Indonesia."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class StoreCorrupt(StoreError):
    """A file cannot be read (damaged, wrong types, or written by a newer version)."""

    def __init__(self, path: Path, problem: str, backup: Path | None) -> None:
        where = f"Cadangan terbaru: {backup}" if backup else "Belum ada cadangan untuk berkas ini."
        super().__init__(
            f"Berkas {path} tidak dapat dibaca: {problem}. Berkas itu tidak diubah. {where}"
        )
        self.path = path
        self.problem = problem
        self.backup = backup


class StoreConflict(StoreError):
    """The field was changed by someone else since the editor read it."""

    def __init__(self, field: str, theirs: Any, yours: Any) -> None:
        super().__init__(
            f"Bidang '{field}' sudah diubah orang lain sejak Anda membukanya "
            f"(sekarang: {show_value(theirs)}; isian Anda: {show_value(yours)}). "
            "Perubahan Anda tidak disimpan; muat ulang lalu ulangi bila perlu."
        )
        self.field = field
        self.theirs = theirs
        self.yours = yours


class StorePermission(StoreError):
    """A unit-scoped writer tried to change something outside its unit."""


class StoreNotFound(StoreError):
    """No such workshop, unit, SOP, member, session, ..."""


def show_value(value: Any) -> str:
    """A value as users read it in a message (short; no Python reprs of dataclasses)."""
    if value is None:
        text = "(kosong)"
    elif isinstance(value, str):
        text = f'"{value}"'
    elif isinstance(value, bool):
        text = "ya" if value else "tidak"
    elif isinstance(value, list) and value and all(isinstance(v, Step) for v in value):
        text = f"{len(value)} langkah"
    elif isinstance(value, list):
        text = "[" + ", ".join(show_value(v) for v in value) + "]"
    elif isinstance(value, Step):
        text = f'langkah "{value.activity}"'
    elif dataclasses.is_dataclass(value):
        text = "(isian lain)"
    else:
        text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."
