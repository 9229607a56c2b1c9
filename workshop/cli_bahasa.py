"""argparse in Bahasa Indonesia: its own words (usage, options, errors) translated.

argparse looks every one of its sentences up through ``gettext`` (``argparse._`` and
``argparse.ngettext``) when a parser is built, when help is formatted and when an error is
raised. :func:`bahasa` swaps those two names for lookups in :data:`MESSAGES` for the duration
of a ``with`` block, so the command line speaks Bahasa without touching anyone else's argparse
and without shipping a compiled catalogue. A sentence argparse adds in a later Python that is
not in the table is printed as argparse wrote it (English), never lost.

The keys are argparse's own message ids (Python 3.11–3.13), the values ours.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from typing import Final

__all__ = ["MESSAGES", "bahasa", "translate"]

MESSAGES: Final[dict[str, str]] = {
    "usage: ": "penggunaan: ",
    "positional arguments": "argumen",
    "options": "opsi",
    "optional arguments": "opsi",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "show program's version number and exit": "tampilkan versi program lalu keluar",
    "%(prog)s: error: %(message)s\n": "%(prog)s: kesalahan: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "pilihan tidak dikenal: %(value)r (pilih salah satu: %(choices)s)",
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)":
        "pilihan tidak dikenal: %(value)r, maksudnya %(closest)r? "
        "(pilih salah satu: %(choices)s)",
    "invalid %(type)s value: %(value)r": "nilai %(type)s tidak sah: %(value)r",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "expected one argument": "perlu satu nilai",
    "expected at most one argument": "paling banyak satu nilai",
    "expected at least one argument": "perlu paling sedikit satu nilai",
    "expected %s argument": "perlu %s nilai",
    "expected %s arguments": "perlu %s nilai",
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
    "ignored explicit argument %r": "nilai %r diabaikan",
    "one of the arguments %s is required": "salah satu argumen %s wajib diisi",
    "ambiguous option: %(option)s could match %(matches)s":
        "opsi %(option)s tidak jelas: bisa berarti %(matches)s",
    "option '%(option)s' is ambiguous; possible matches:%(matches)s":
        "opsi '%(option)s' tidak jelas; bisa berarti:%(matches)s",
    "unexpected option string: %s": "opsi tak terduga: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "perintah tidak dikenal %(parser_name)r (pilihan: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "tidak dapat membuka '%(filename)s': %(error)s",
    "argument \"-\" with mode %r": "argumen \"-\" dengan mode %r",
}


def translate(message: str) -> str:
    """argparse's sentence ``message`` in Bahasa (unchanged when the table lacks it)."""
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return translate(singular if n == 1 else plural)


@contextlib.contextmanager
def bahasa() -> Iterator[None]:
    """Within the block, argparse builds, formats and complains in Bahasa Indonesia."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
