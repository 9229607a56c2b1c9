"""The demo workshop: a fresh copy of the shipped bundle ``sessions/demo/``, dated to the day.

``sop-workshop demo`` calls :func:`create_demo` on the one demo folder
(:data:`DEMO_FOLDER` in the temp folder, made afresh each time) and opens it. The shipped
bundle is only read, never written: the copy is made by importing the bundle into a new store.
The bundle itself is built by ``tools/build_demo.py``; the unit PINs are listed in
``docs/panduan.md``.

Dating: the bundle tells the story of a workshop held 9-10 July 2018, seen on its second day
(:data:`DEMO_TODAY`). Given ``today``, the copy moves (:func:`dated_text`) the dates of the
workshop itself (its preparation from June to the event) by whole years, so the event is
"9-10 Juli" of the current year once that day is past, else of last year; every other date
(earlier history, due dates, monitoring, evaluations) moves by the days from DEMO_TODAY to
``today``, so what was due in a week is due in a week, and what was late is a few days late.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Final

from workshop import resources
from workshop.store import Store, StoreError

DEMO_NAME: Final = "demo"
PLACEHOLDER_TITLE: Final = "Workshop contoh"
DEMO_FOLDER: Final = "sop-workshop-demo"  # the one demo folder (in the temp folder)

DEMO_TODAY: Final = date(2018, 7, 10)  # the day the bundle's story is seen from
EVENT_START: Final = date(2018, 7, 9)
# The workshop's own calendar (its preparation and the event): moved by whole years.
WORKSHOP_DAYS: Final = (date(2018, 6, 1), date(2018, 7, 10))
_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_PERIOD = re.compile(r"(?<![\d-])(\d{4})-S([12])(?![\d-])")
_DUE_KEY = re.compile(r"^\s*(?:-\s+)?due:")


class DemoError(StoreError):
    """The demo could not be created; the message (Bahasa Indonesia) says why."""


def demo_bundle_dir() -> Path:
    """The shipped demo bundle (read only)."""
    return resources.sessions_dir() / DEMO_NAME


def event_year(today: date) -> int:
    """The year of the demo's "9-10 Juli": this year once 9 July is reached, else last year."""
    return today.year if (today.month, today.day) >= (EVENT_START.month, EVENT_START.day) \
        else today.year - 1


def _moved(day: date, years: int, days: int, workshop_day: bool) -> date:
    if workshop_day:
        try:
            return day.replace(year=day.year + years)
        except ValueError:  # 29 February
            return day.replace(year=day.year + years, day=28)
    return day + timedelta(days=days)


def dated_text(text: str, today: date) -> str:
    """``text`` (a YAML file of the bundle) with its dates and semesters moved to ``today``
    (see the module's docstring); the same text when ``today`` is :data:`DEMO_TODAY`."""
    years = event_year(today) - EVENT_START.year
    days = (today - DEMO_TODAY).days
    low, high = WORKSHOP_DAYS

    def line_dates(line: str) -> str:
        due = bool(_DUE_KEY.match(line))

        def date_of(m: re.Match[str]) -> str:
            try:
                day = date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return m[0]
            return _moved(day, years, days, not due and low <= day <= high).isoformat()

        def period_of(m: re.Match[str]) -> str:
            start = date(int(m[1]), 1 if m[2] == "1" else 7, 1)
            moved = start + timedelta(days=days + 15)  # mid-month: no edge of a semester
            return f"{moved.year}-S{1 if moved.month <= 6 else 2}"

        return _PERIOD.sub(period_of, _DATE.sub(date_of, line))

    return "".join(line_dates(line) for line in text.splitlines(keepends=True))


def _dated_bundle(source: Path, today: date, into: Path) -> Path:
    """A copy of the bundle ``source`` in ``into`` with every YAML file dated to ``today``."""
    for path in sorted(source.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        target = into / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix in (".yaml", ".yml"):
            target.write_text(dated_text(path.read_text(encoding="utf-8"), today),
                              encoding="utf-8")
        else:
            shutil.copyfile(path, target)
    return into


def create_demo(target: Path, *, now: Callable[[], datetime] | None = None,
                today: date | None = None) -> None:
    """Create a fresh copy of the demo workshop in ``target`` (a new or empty folder), dated
    to ``today`` when given (else with the bundle's own dates).

    Raises :class:`DemoError` (a ``StoreError``) when the bundle is missing or cannot be read,
    and ``StoreError`` when ``target`` cannot hold a new workshop.
    """
    from workshop.bundle import import_bundle, is_bundle

    source = demo_bundle_dir()
    if not is_bundle(source):
        raise DemoError(
            f"Workshop contoh tidak ditemukan di {source}. Pasang ulang sop-workshop atau "
            "jalankan tools/build_demo.py dari folder sumbernya."
        )
    store = Store.create(Path(target), PLACEHOLDER_TITLE, now=now)
    with tempfile.TemporaryDirectory(prefix="sop-workshop-dated-bundle-") as scratch:
        try:
            bundle = source if today is None or today == DEMO_TODAY else \
                _dated_bundle(source, today, Path(scratch) / "demo")
        except OSError as exc:
            raise DemoError(f"Workshop contoh tidak dapat disalin: {exc}") from exc
        report = import_bundle(store, bundle)
    if not report.ok:
        raise DemoError(
            "Workshop contoh tidak dapat disalin: " + "; ".join(report.errors)
        )


def demo_folder(base: Path | None = None) -> Path:
    """The one demo folder: :data:`DEMO_FOLDER` in ``base`` (default: the temp folder)."""
    return Path(base if base is not None else tempfile.gettempdir()) / DEMO_FOLDER


def is_demo_folder(path: Path) -> bool:
    """A folder the demo made (this version's one folder, or an older version's copies)."""
    return Path(path).name.startswith(DEMO_FOLDER)


__all__ = ["DEMO_FOLDER", "DemoError", "create_demo", "dated_text", "demo_bundle_dir",
           "demo_folder", "event_year", "is_demo_folder"]
