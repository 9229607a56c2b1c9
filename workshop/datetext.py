"""Dates as people read them in an Indonesian official document ("9 Juli 2018").

The store and YAML keep ISO dates (``2018-07-09``); every document (Markdown, HTML, Word,
PDF) prints them through :func:`long_date`, and the place a person must fill in by hand as
:data:`BLANK`. One declaration of the month names, used by every renderer.
"""

from __future__ import annotations

import datetime as _dt
from typing import Final

__all__ = ["BLANK", "MONTHS", "long_date", "semester_label", "wait_text"]

MONTHS: Final[tuple[str, ...]] = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)

BLANK: Final = "........"
"""What a document prints where a person must write by hand (a missing date, name, NIP)."""


def long_date(value: str | _dt.date | None, *, blank: str = BLANK) -> str:
    """``"2018-07-09"`` → ``"9 Juli 2018"``; None or empty → ``blank``.

    A value that is not an ISO date (e.g. a free text a user typed) is returned as it is,
    stripped: a document shows what was written rather than losing it.
    """
    if value is None:
        return blank
    if isinstance(value, _dt.date):
        day = value
    else:
        text = value.strip()
        if not text:
            return blank
        try:
            day = _dt.date.fromisoformat(text[:10])
        except ValueError:
            return text
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def semester_label(day: _dt.date) -> str:
    """The semester a day falls in, as a monitoring period: ``"Semester II 2026"``."""
    return f"Semester {'I' if day.month <= 6 else 'II'} {day.year}"


def wait_text(seconds: float) -> str:
    """A wait as a person reads it: ``"30 detik"``, ``"2 menit"`` (rounded up, so it never
    promises a try too early)."""
    whole = int(seconds + 0.999)
    if whole < 120:
        return f"{whole} detik"
    return f"{(whole + 59) // 60} menit"
