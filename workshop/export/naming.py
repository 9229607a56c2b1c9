"""Safe, stable, unique file names made from titles.

A name made here never contains a path separator, never is ``.``/``..`` or starts with a dot,
is plain lower-case ASCII (letters, digits, hyphens), is capped in length, and is the same for
the same input. :func:`unique_names` adds ``-2``, ``-3`` ... to repeats in input order, so
callers that pass titles in a stable order (e.g. sorted, or store order) get stable names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

MAX_STEM = 60
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str, *, fallback: str = "tanpa-judul", max_len: int = MAX_STEM) -> str:
    """``"Pengelolaan Surat Masuk (Revisi)"`` -> ``"pengelolaan-surat-masuk-revisi"``."""
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    )
    slug = _NON_ALNUM.sub("-", ascii_text).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rstrip("-")
    return slug or fallback


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
    empty, ``.``/``..``, hidden, or holding a path separator or NUL."""
    if (
        not name
        or name in (".", "..")
        or name.startswith(".")
        or "/" in name
        or "\\" in name
        or "\x00" in name
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
