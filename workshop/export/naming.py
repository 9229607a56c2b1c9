"""Safe, stable, unique file names made from titles.

A name made here never contains a path separator, never is ``.``/``..`` or starts with a dot,
is plain lower-case ASCII (letters, digits, hyphens), is capped in length, is never a Windows
device name (:mod:`workshop.names`, which makes every name), and is the same for the same
input. :func:`unique_names` adds ``-2``, ``-3`` ... to repeats in input order, so callers that
pass titles in a stable order (e.g. sorted, or store order) get stable names.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from workshop.names import MAX_STEM as MAX_STEM
from workshop.names import is_reserved
from workshop.names import slugify as slugify


def unique_stems(titles: Sequence[str], *, fallback: str = "tanpa-judul") -> list[str]:
    """One safe name (no extension) per title, in the same order, all different.

    Repeats get ``-2``, ``-3`` ... suffixes (a suffix never collides with another title's
    own slug: candidates are checked against every name already given).
    """
    used: set[str] = set()
    names: list[str] = []
    for title in titles:
        stem = slugify(title, fallback=fallback)
        candidate = stem
        n = 2
        while candidate in used:
            candidate = f"{stem}-{n}"
            n += 1
        used.add(candidate)
        names.append(candidate)
    return names


def unique_names(titles: Sequence[str], ext: str, *, fallback: str = "tanpa-judul") -> list[str]:
    """:func:`unique_stems` plus ``.ext`` (``ext`` given without the dot, e.g. ``"md"``)."""
    return [f"{stem}.{ext}" for stem in unique_stems(titles, fallback=fallback)]


def check_name(name: str) -> None:
    """Refuse (``ValueError``) a file or folder name that could leave its folder by itself:
    empty, ``.``/``..``, hidden, or holding a path separator or NUL; or that Windows keeps for
    a device (``con.md``: names made by :func:`slugify` never are)."""
    if (
        not name
        or name in (".", "..")
        or name.startswith(".")
        or "/" in name
        or "\\" in name
        or "\x00" in name
        or is_reserved(name)
    ):
        raise ValueError(f"nama berkas tidak aman: {name!r}")


def safe_path(folder: Path, name: str, *, resolved_folder: Path | None = None) -> Path:
    """``folder / name``, refusing any name that would leave ``folder``.

    Raises ``ValueError`` (a programming error: names should come from :func:`unique_names`).
    ``resolved_folder`` is ``folder.resolve()`` when the caller already has it (a bulk export
    resolves its output folder once instead of once per file).
    """
    check_name(name)
    target = (folder / name).resolve()
    if target.parent != (resolved_folder or folder.resolve()):
        raise ValueError(f"nama berkas tidak aman: {name!r}")
    return folder / name
