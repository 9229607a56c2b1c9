"""Names that become paths: unit slugs and record ids are slugs the project makes.

A unit's slug names its file (``units/<slug>.json``) and its bundle folder; a record's id names
its bundle file (``<id>.yaml``). Both are made by sop-workshop (``store.slugify``, ``sop-001``,
``m-001``, ...) and are checked against :func:`is_safe_name` wherever data enters (bundle
import, the store's inserts) and again wherever a path is built from them (bundle export):
lower-case ASCII letters and digits in groups joined by single hyphens, at most
``limits.SLUG_MAX_LENGTH`` characters. So no such name is ever ``..``, absolute, hidden, or
holds a separator, whatever a hand-edited file says.
"""

from __future__ import annotations

import re
from typing import Final

from workshop.limits import SLUG_MAX_LENGTH

_SAFE: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def is_safe_name(name: object) -> bool:
    """``name`` is a slug sop-workshop could have made (and so a safe file or folder name)."""
    return (
        isinstance(name, str)
        and len(name) <= SLUG_MAX_LENGTH
        and _SAFE.fullmatch(name) is not None
    )


def unsafe_name_message(name: object, what: str) -> str:
    """Why ``name`` is refused, in Bahasa Indonesia (``what``: e.g. "id SOP", "slug unit")."""
    shown = repr(name) if not isinstance(name, str) else "'" + name[:80] + "'"
    return (
        f"{what} {shown} tidak sah: hanya huruf kecil a-z, angka dan tanda hubung "
        f"(paling banyak {SLUG_MAX_LENGTH} karakter), mis. 'sop-001'"
    )
