"""Indonesian long dates and the document settings' derived values (workshop.datetext,
workshop.docsettings)."""

from __future__ import annotations

import datetime as dt

import pytest

from workshop.datetext import BLANK, MONTHS, long_date, semester_label
from workshop.docsettings import PAPERS, DocumentSettings, find_paper, letterhead_lines
from workshop.model import Event, Unit


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("2018-07-09", "9 Juli 2018"),
        ("2026-12-31", "31 Desember 2026"),
        (dt.date(2026, 1, 1), "1 Januari 2026"),
        (None, BLANK),
        ("  ", BLANK),
        ("awal Juli", "awal Juli"),
    ],
)
def test_long_date(value: str | dt.date | None, text: str) -> None:
    assert long_date(value) == text


def test_twelve_months() -> None:
    assert len(MONTHS) == 12 and len(set(MONTHS)) == 12


def test_semester() -> None:
    assert semester_label(dt.date(2026, 6, 30)) == "Semester I 2026"
    assert semester_label(dt.date(2026, 7, 1)) == "Semester II 2026"


def test_papers_are_landscape_and_found_by_key() -> None:
    assert [p.key for p in PAPERS] == ["a4", "f4"]
    assert find_paper("F4") is not None and find_paper("F4").landscape == (330.0, 215.0)
    assert find_paper("legal") is None
    assert DocumentSettings(paper="legal").paper_size.key == "a4"


def test_letterhead_from_event_and_unit() -> None:
    event = Event(host_government="Pemerintah Kabupaten Wonosobo")
    unit = Unit(slug="dinas-pendidikan", name="Dinas Pendidikan")
    assert letterhead_lines(DocumentSettings(), event, unit) == (
        "PEMERINTAH KABUPATEN WONOSOBO",
        "DINAS PENDIDIKAN",
    )
    custom = DocumentSettings(
        government=("PEMERINTAH PROVINSI JAWA TENGAH",),
        unit_lines={"dinas-pendidikan": ("DINAS PENDIDIKAN", "BIDANG PEMBINAAN SD")},
    )
    assert letterhead_lines(custom, event, unit) == (
        "PEMERINTAH PROVINSI JAWA TENGAH",
        "DINAS PENDIDIKAN",
        "BIDANG PEMBINAAN SD",
    )
    assert letterhead_lines(DocumentSettings(), Event(), None) == ()
