"""Names made from text that become file and folder names: the one place they are made.

:func:`slugify` turns a title or a unit name into plain lower-case ASCII (letters, digits,
hyphens), capped in length, never empty, never starting with a dot, holding no separator, and
never a name Windows keeps for a device (``con``, ``nul``, ``com1``... get ``-1``): unit slugs
(``store.slugify``) and export file names (``export.naming``) both come from it, so a workshop
made on Linux opens on Windows. A leaf module: the store imports it at every start.

:func:`is_safe_name` checks a name that arrives as data (a unit slug or a record id from a
bundle or a hand-edited file, issue 17) where it enters and again where it becomes a path: it
must be a name this module could have made (``a-z0-9`` groups joined by single hyphens, at most
``limits.SLUG_MAX_LENGTH`` characters, no device name), so never ``..``, absolute, hidden or
holding a separator.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from workshop.limits import SLUG_MAX_LENGTH

MAX_STEM: Final = 60
_NON_ALNUM: Final = re.compile(r"[^a-z0-9]+")

# Names Windows gives to devices, with or without an extension, in any case: a file called
# ``con.md`` or a folder ``nul`` cannot be made there (or reaches the device).
WINDOWS_RESERVED: Final = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"{dev}{n}" for dev in ("com", "lpt") for n in "0123456789\u00b9\u00b2\u00b3"]
)
RESERVED_SUFFIX: Final = "-1"


def is_reserved(name: str) -> bool:
    """Is ``name`` (a file or folder name) one Windows keeps for a device? The part before the
    first dot counts, in any case, trailing spaces and dots ignored (``CON``, ``nul.md``,
    ``Com1.tar.gz``, ``aux .txt``)."""
    return name.split(".", 1)[0].rstrip(" .").lower() in WINDOWS_RESERVED


def slugify(text: str, *, fallback: str = "tanpa-judul", max_len: int = MAX_STEM) -> str:
    """``"Pengelolaan Surat Masuk (Revisi)"`` -> ``"pengelolaan-surat-masuk-revisi"``;
    ``"CON"`` -> ``"con-1"``. ``fallback`` when nothing is left (it must be safe itself)."""
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    )
    slug = _NON_ALNUM.sub("-", ascii_text).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rstrip("-")
    slug = slug or fallback
    if is_reserved(slug):
        slug += RESERVED_SUFFIX
    return slug


_SAFE: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def is_safe_name(name: object) -> bool:
    """``name`` is a slug sop-workshop could have made (so a safe file or folder name)."""
    return (
        isinstance(name, str)
        and len(name) <= SLUG_MAX_LENGTH
        and _SAFE.fullmatch(name) is not None
        and not is_reserved(name)
    )


def unsafe_name_message(name: object, what: str) -> str:
    """Why ``name`` is refused, in Bahasa Indonesia (``what``: e.g. "Id SOP", "slug")."""
    shown = "'" + name[:80] + "'" if isinstance(name, str) else repr(name)[:80]
    return (
        f"{what} {shown} tidak sah: hanya huruf kecil a-z, angka dan tanda hubung "
        f"(paling banyak {SLUG_MAX_LENGTH} karakter), mis. 'sop-001'"
    )
