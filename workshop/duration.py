"""Mutu baku "Waktu": the time a step takes, as text <-> minutes.

Every time is counted in **working time** (jam kerja), because the total time of an SOP is
read as "how long the procedure keeps the office busy", and the guideline's examples and
Indonesian service standards state times in working days ("paling lama 14 hari kerja"):

=============  ==============================  ==========
unit           read as                         minutes
=============  ==============================  ==========
detik          1/60 menit                      1/60
menit          \\-                              1
jam            60 menit                        60
hari kerja     1 working day = 8 jam kerja     480
hari           the same as ``hari kerja``      480
minggu         5 hari kerja                    2,400
bulan          22 hari kerja (52 x 5 / 12)     10,560
=============  ==============================  ==========

Why ``hari`` = ``hari kerja``: in an SOP "3 hari" means three days of office work. Counting it
as 24 hours would make "3 hari" longer than "8 hari kerja" and a total like "3 hari + 15 menit"
would read as "9 hari kerja 15 menit". The same choice makes "1 x 24 jam" (the usual Indonesian
way of saying "within a day") one working day, not three.

Accepted forms (case-insensitive, extra spaces ignored):

- a number and a unit: ``15 menit``, ``15menit``, ``2 HK``, ``1 hr``, ``5 mnt.``;
- decimal comma or point: ``1,5 jam`` = ``1.5 jam`` = 90 menit (a point is always a decimal
  point, never a thousands separator);
- combined: ``1 jam 30 menit``, ``1 jam dan 30 menit``;
- ranges: ``10-15 menit``, ``10 – 15 menit``, ``10 s.d. 15 menit``, ``10 s/d 15 menit``,
  ``10 sampai 15 menit``, ``30 menit - 1 jam``. A range counts as its **upper bound**: the
  mutu baku is a commitment ("done within"), so a total must not understate it;
- a multiplier: ``2 x 15 menit`` = 30 menit; ``N x 24 jam`` = N hari (see above);
- a leading qualifier that does not change the value: ``±``, ``kurang lebih``, ``sekitar``,
  ``maks.``, ``maksimal``, ``paling lama``.

Abbreviations: dtk/det (detik), mnt (menit), j (jam), hr (hari), HK / hr kerja (hari kerja),
mgg (minggu), bln (bulan). Anything else -- no unit ("5"), words for numbers ("lima menit"),
a negative number ("-5 menit"), free text ("cepat") -- raises :class:`DurationError` with a
message in Bahasa Indonesia that shows what a valid time looks like.

:func:`format_duration` writes minutes back compactly in hari kerja, jam, menit and detik
("1 jam 30 menit", "2 hari kerja 3 jam"); ``parse_duration(format_duration(m)) == m`` for
every whole number of minutes.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Final

__all__ = [
    "MINUTES_PER",
    "DurationError",
    "format_duration",
    "parse_duration",
    "try_parse_duration",
]

WORKDAY_MINUTES: Final = 8 * 60

MINUTES_PER: Final[dict[str, float]] = {
    "detik": 1 / 60,
    "menit": 1.0,
    "jam": 60.0,
    "hari": float(WORKDAY_MINUTES),
    "hari kerja": float(WORKDAY_MINUTES),
    "minggu": 5.0 * WORKDAY_MINUTES,
    "bulan": 22.0 * WORKDAY_MINUTES,
}
"""Canonical unit -> minutes of working time."""

# Seconds per canonical unit, exact integers, used for the arithmetic.
_SECONDS: Final[dict[str, int]] = {
    "detik": 1,
    "menit": 60,
    "jam": 3600,
    "hari": WORKDAY_MINUTES * 60,
    "hari kerja": WORKDAY_MINUTES * 60,
    "minggu": 5 * WORKDAY_MINUTES * 60,
    "bulan": 22 * WORKDAY_MINUTES * 60,
}

# Spelling (after lower-casing and collapsing spaces) -> canonical unit.
_ALIASES: Final[dict[str, str]] = {
    "detik": "detik",
    "dtk": "detik",
    "det": "detik",
    "menit": "menit",
    "mnt": "menit",
    "jam": "jam",
    "j": "jam",
    "hari kerja": "hari kerja",
    "hr kerja": "hari kerja",
    "hk": "hari kerja",
    "hari": "hari",
    "hr": "hari",
    "minggu": "minggu",
    "mgg": "minggu",
    "pekan": "minggu",
    "bulan": "bulan",
    "bln": "bulan",
}

_EXAMPLES: Final = (
    'Tulis angka diikuti satuan, misalnya "15 menit", "1,5 jam", "1 jam 30 menit", '
    '"10-15 menit" atau "2 hari kerja". Satuan yang dikenal: detik, menit, jam, hari, '
    "hari kerja (HK), minggu, bulan."
)

_NUMBER: Final = r"\d+(?:[.,]\d+)?"
_UNIT: Final = "|".join(
    re.escape(a).replace(r"\ ", " ") for a in sorted(_ALIASES, key=len, reverse=True)
)
# One component: optional "N x", a number, a unit (optionally ended by a dot), not followed by
# a letter (so "15 menitan" is not "15 menit" + "an").
_COMPONENT: Final = re.compile(
    rf"(?:dan )?(?:(?P<times>\d+) ?[x×] ?)?(?P<num>{_NUMBER}) ?(?P<unit>{_UNIT})\.?(?![a-z])"
)
_BARE_NUMBER: Final = re.compile(rf"(?P<num>{_NUMBER})")
_RANGE_SEP: Final = re.compile(r" ?(?:-|s\.d\.?|s/d|sampai|hingga) ?")
_QUALIFIERS: Final = re.compile(
    r"^(?:±|\+/?-|kurang lebih|kurang-lebih|sekitar|kira-kira|maksimal|maksimum|maks\.?"
    r"|paling lama|selambat-lambatnya) ?"
)
_DASHES: Final = str.maketrans({"–": "-", "—": "-", "−": "-", "\u00a0": " "})


class DurationError(ValueError):
    """A Waktu that cannot be read. ``str(error)`` is a message for the user."""

    def __init__(self, text: str, message: str) -> None:
        super().__init__(message)
        self.text = text
        self.message = message


def _normalise(text: str) -> str:
    s = " ".join(text.translate(_DASHES).lower().split())
    return _QUALIFIERS.sub("", s, count=1).strip()


def _number(raw: str) -> float:
    return float(raw.replace(",", "."))


def _components(s: str) -> list[tuple[float, str]] | None:
    """``s`` as a sequence of (seconds, unit) components, or None if it is not exactly that."""
    out: list[tuple[float, str]] = []
    pos = 0
    while pos < len(s):
        if s[pos] == " ":
            pos += 1
            continue
        m = _COMPONENT.match(s, pos)
        if m is None:
            return None
        unit = _ALIASES[m.group("unit")]
        value = _number(m.group("num"))
        times = m.group("times")
        if times is not None:
            if unit == "jam" and value == 24:  # "N x 24 jam": N days
                value, unit = 1.0, "hari"
            value *= int(times)
        out.append((value * _SECONDS[unit], unit))
        pos = m.end()
    return out or None


def _invalid(text: str, why: str = "") -> str:
    shown = text.strip()
    lead = f'Waktu "{shown}" tidak dapat dibaca' + (f" ({why})" if why else "")
    return f"{lead}. {_EXAMPLES}"


@lru_cache(maxsize=4096)
def _parse_seconds(text: str) -> float | str:
    """Seconds, or the error message (cached, since the same texts recur in every check)."""
    s = _normalise(text)
    if not s:
        return f"Waktu belum diisi. {_EXAMPLES}"
    if s.startswith("-"):
        return _invalid(text, "waktu tidak boleh negatif")
    whole = _components(s)
    if whole is not None:
        return sum(v for v, _ in whole)
    parts = _RANGE_SEP.split(s)
    if len(parts) == 2:
        left, right = (p.strip() for p in parts)
        upper = _components(right)
        if upper is not None and left:
            lower = _components(left)
            if lower is None and _BARE_NUMBER.fullmatch(left):
                # "10-15 menit": the bare number takes the unit of the right-hand side.
                lower = [(_number(left) * _SECONDS[upper[0][1]], upper[0][1])]
            if lower is not None:
                return max(sum(v for v, _ in lower), sum(v for v, _ in upper))
    if _BARE_NUMBER.fullmatch(s):
        return _invalid(text, "satuan waktu belum ditulis")
    return _invalid(text)


def parse_duration(text: str) -> float:
    """Minutes of working time in ``text``; raises :class:`DurationError` if it is not a time."""
    result = _parse_seconds(text)
    if isinstance(result, str):
        raise DurationError(text, result)
    return result / 60


def try_parse_duration(text: str) -> float | None:
    """Minutes in ``text``, or None when it is empty or cannot be read."""
    result = _parse_seconds(text)
    return None if isinstance(result, str) else result / 60


_FORMAT_UNITS: Final[tuple[tuple[str, int], ...]] = (
    ("hari kerja", _SECONDS["hari kerja"]),
    ("jam", _SECONDS["jam"]),
    ("menit", _SECONDS["menit"]),
    ("detik", _SECONDS["detik"]),
)


def format_duration(minutes: float) -> str:
    """Minutes as compact Indonesian text: ``90`` -> ``"1 jam 30 menit"``.

    Uses hari kerja (8 jam), jam, menit and detik, largest first, leaving out zero parts;
    ``0`` -> ``"0 menit"``. Rounded to whole seconds. Raises :class:`ValueError` for a
    negative or non-finite value.
    """
    if not math.isfinite(minutes) or minutes < 0:
        raise ValueError(f"Lama waktu tidak sah: {minutes!r}")
    rest = round(minutes * 60)
    parts: list[str] = []
    for name, size in _FORMAT_UNITS:
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count} {name}")
    return " ".join(parts) if parts else "0 menit"
