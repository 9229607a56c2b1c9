"""Presence files: who is connected, one small JSON file per app instance.

``presence/<name>.json`` (see ``workshop.presence`` for the heartbeat rule). Not workshop data:
outside the change token, the backups and the scope rules (any scope writes its own file). Each
file is written atomically through ``Files._replace``; a name is a short ASCII token, never a
path; an unreadable file is skipped.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path
from typing import Any, Final

from workshop.store.errors import StoreError
from workshop.store.files import Files

PRESENCE_DIR: Final = "presence"
_PRESENCE_NAME: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


class PresenceFiles:
    """Small JSON files written atomically, one per app instance (see ``workshop.presence``)."""

    def __init__(self, folder: Path, files: Files) -> None:
        self.folder = folder
        self._files = files

    def write(self, name: str, data: dict[str, Any], *, durable: bool = True) -> None:
        """Write ``presence/<name>.json`` atomically. ``durable=False``: no fsync (a heartbeat,
        renewed every few seconds: a write lost in a crash costs nothing, while an fsync on
        the UI thread of every participant process costs a room of forty ~20 ms each time)."""
        if not _PRESENCE_NAME.match(name):
            raise StoreError(f"Nama kehadiran '{name}' tidak sah.")
        try:
            payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
            self._files._replace(self.folder / f"{name}.json", payload, durable=durable)
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
