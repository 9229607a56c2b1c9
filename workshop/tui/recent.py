"""Recently opened workshops, remembered in a small JSON file in the user's config folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

from workshop import portable

MAX_RECENT = 10
RECENT_NAME = "recent.json"


def default_recent_file() -> Path:
    """``recent.json`` in the user's configuration folder (:func:`portable.config_dir`:
    ``%APPDATA%\\sop-workshop`` on Windows, ``$XDG_CONFIG_HOME/sop-workshop`` or
    ``~/.config/sop-workshop`` on Linux).

    A list kept by an older version in ``$XDG_CONFIG_HOME`` or ``~/.config`` (on every system)
    goes on being used while the new file does not exist, so nobody loses it.
    ``SOP_WORKSHOP_RECENT`` overrides the whole path (used by tests and by ``serve``).
    """
    override = os.environ.get("SOP_WORKSHOP_RECENT")
    if override:
        return Path(override)
    current = portable.config_dir() / RECENT_NAME
    legacy = _legacy_recent_file()
    if not current.exists() and legacy.is_file():
        return legacy
    return current


def _legacy_recent_file() -> Path:
    """Where versions before platformdirs kept the list, on every system."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / portable.APP_NAME / RECENT_NAME


def load_recent(file: Path) -> list[Path]:
    """The remembered folders, newest first; an unreadable file counts as empty."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    return [Path(item) for item in data if isinstance(item, str)][:MAX_RECENT]


def remember(file: Path, folder: Path) -> list[Path]:
    """Put ``folder`` first in the list and save it; failures to save are ignored."""
    folder = folder.resolve()
    items = [folder] + [p for p in load_recent(file) if p != folder]
    items = items[:MAX_RECENT]
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_suffix(".tmp")
        tmp.write_text(json.dumps([str(p) for p in items], ensure_ascii=False, indent=1),
                       encoding="utf-8")
        os.replace(tmp, file)
    except OSError:
        pass
    return items


def forget(file: Path, folder: Path) -> list[Path]:
    """Remove ``folder`` from the list (e.g. when it no longer exists)."""
    folder = folder.resolve()
    items = [p for p in load_recent(file) if p != folder]
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(json.dumps([str(p) for p in items], ensure_ascii=False, indent=1),
                        encoding="utf-8")
    except OSError:
        pass
    return items
