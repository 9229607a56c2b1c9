"""Where the shipped data lives: ``templates/`` and ``sessions/``.

In a wheel they are mapped to ``workshop/_data/`` (see pyproject's force-include); in a source
checkout or an editable install they sit at the repository root.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder of shipped data called ``name`` ("templates" or "sessions")."""
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / name


def templates_dir() -> Path:
    return data_dir("templates")


def sessions_dir() -> Path:
    return data_dir("sessions")


def sop_templates_dir() -> Path:
    return templates_dir() / "sop"


def pedoman_path() -> Path:
    return templates_dir() / "pedoman.yaml"
