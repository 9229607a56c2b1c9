"""Recently opened workshops, remembered in a small JSON file in the user's config folder
(written atomically, like every file of the program)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from workshop import portable
from workshop.demo import DEMO_FOLDER
from workshop.writing import write_text_atomic

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
    return one_demo([Path(item) for item in data if isinstance(item, str)])[:MAX_RECENT]


def remember(file: Path, folder: Path) -> list[Path]:
    """Put ``folder`` first in the list and save it; failures to save are ignored."""
    folder = folder.resolve()
    items = one_demo([folder] + [p for p in load_recent(file) if p != folder])[:MAX_RECENT]
    _save(file, items)
    return items


def one_demo(items: list[Path]) -> list[Path]:
    """``items`` with only the newest demo folder (``sop-workshop-demo``; older versions
    made one ``sop-workshop-demo-*`` copy per run)."""
    seen = False
    kept = []
    for path in items:
        if path.name.startswith(DEMO_FOLDER):
            if seen:
                continue
            seen = True
        kept.append(path)
    return kept


def forget(file: Path, folder: Path) -> list[Path]:
    """Remove ``folder`` from the list (e.g. when it no longer exists)."""
    folder = folder.resolve()
    items = [p for p in load_recent(file) if p != folder]
    _save(file, items)
    return items


def _save(file: Path, items: list[Path]) -> None:
    """Write the list atomically (UTF-8, ``\\n``); a list not saved is no harm."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(file, json.dumps([str(p) for p in items], ensure_ascii=False, indent=1))
    except OSError:
        pass
