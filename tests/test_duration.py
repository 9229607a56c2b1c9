"""Mutu baku Waktu: what a user may type, and what they read back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop.duration import (
    MINUTES_PER,
    DurationError,
    format_duration,
    parse_duration,
    try_parse_duration,
)

HK = 480  # one working day in minutes


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        # every unit, written out
        ("30 detik", 0.5),
        ("15 menit", 15),
        ("2 jam", 120),
        ("1 hari", HK),
        ("3 hari", 3 * HK),
        ("1 hari kerja", HK),
        ("2 hari kerja", 2 * HK),
        ("1 minggu", 5 * HK),
        ("1 bulan", 22 * HK),
        # abbreviations
        ("90 dtk", 1.5),
        ("5 mnt", 5),
        ("5 mnt.", 5),
        ("1 j", 60),
        ("2 hr", 2 * HK),
        ("1 HK", HK),
        ("3 hk", 3 * HK),
        ("2 hr kerja", 2 * HK),
        ("2 mgg", 10 * HK),
        ("1 bln", 22 * HK),
        # case, spaces, no space
        ("15 MENIT", 15),
        ("15 Menit", 15),
        ("  15    menit  ", 15),
        ("15menit", 15),
        ("1HK", HK),
        ("2 Hari  Kerja", 2 * HK),
        ("15\u00a0menit", 15),
        # decimals
        ("1,5 jam", 90),
        ("1.5 jam", 90),
        ("0,5 hari kerja", HK / 2),
        ("2,25 jam", 135),
        # combined
        ("1 jam 30 menit", 90),
        ("1jam30menit", 90),
        ("1 jam dan 30 menit", 90),
        ("2 hari kerja 3 jam", 2 * HK + 180),
        ("1 menit 30 detik", 1.5),
        # ranges: the upper bound
        ("10-15 menit", 15),
        ("10 - 15 menit", 15),
        ("10 – 15 menit", 15),
        ("10 s.d. 15 menit", 15),
        ("10 s/d 15 menit", 15),
        ("10 sampai 15 menit", 15),
        ("1-2 hari kerja", 2 * HK),
        ("1-2 HK", 2 * HK),
        ("30 menit - 1 jam", 60),
        ("1,5-2 jam", 120),
        # multipliers
        ("2 x 15 menit", 30),
        ("1 x 24 jam", HK),
        ("1x24 jam", HK),
        ("2 x 24 jam", 2 * HK),
        # qualifiers that do not change the value
        ("± 15 menit", 15),
        ("±15 menit", 15),
        ("kurang lebih 10 menit", 10),
        ("sekitar 1 jam", 60),
        ("maks. 3 hari", 3 * HK),
        ("maksimal 3 hari kerja", 3 * HK),
        ("paling lama 14 hari kerja", 14 * HK),
        # zero is a time
        ("0 menit", 0),
    ],
)
def test_parse_accepts(text: str, minutes: float) -> None:
    assert parse_duration(text) == pytest.approx(minutes)
    assert try_parse_duration(text) == pytest.approx(minutes)


@pytest.mark.parametrize(
    "text",
    [
        "cepat",
        "5",
        "1,5",
        "lima menit",
        "",
        "   ",
        "-5 menit",
        "- 5 menit",
        "menit",
        "15 menitan",
        "1 jam 30",
        "1-2-3 menit",
        "10-",
        "-",
        "15 meter",
        "segera",
        "1 jam, 30 menit lagi",
        "5 tahun",
    ],
)
def test_parse_rejects_with_an_indonesian_hint(text: str) -> None:
    with pytest.raises(DurationError) as info:
        parse_duration(text)
    message = str(info.value)
    assert '"15 menit"' in message
    assert "hari kerja" in message
    assert "Traceback" not in message
    assert try_parse_duration(text) is None


def test_error_is_a_value_error_carrying_the_text() -> None:
    with pytest.raises(ValueError, match=r'Waktu "cepat" tidak dapat dibaca') as info:
        parse_duration("cepat")
    assert isinstance(info.value, DurationError)
    assert info.value.text == "cepat"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("5", "satuan waktu belum ditulis"),
        ("-5 menit", "waktu tidak boleh negatif"),
        ("", "Waktu belum diisi"),
    ],
)
def test_error_says_what_is_wrong(text: str, reason: str) -> None:
    with pytest.raises(DurationError, match=reason):
        parse_duration(text)


def test_minutes_per_unit_is_working_time() -> None:
    assert dict(MINUTES_PER) == {
        "detik": pytest.approx(1 / 60),
        "menit": 1,
        "jam": 60,
        "hari": 480,
        "hari kerja": 480,
        "minggu": 2400,
        "bulan": 10560,
    }


def test_a_day_is_never_longer_than_a_working_day() -> None:
    # The reason for the working-time model: totals mixing "hari" and "hari kerja" stay sane.
    assert parse_duration("3 hari") < parse_duration("8 hari kerja")
    assert format_duration(parse_duration("3 hari") + parse_duration("15 menit")) == (
        "3 hari kerja 15 menit"
    )


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0, "0 menit"),
        (1, "1 menit"),
        (15, "15 menit"),
        (60, "1 jam"),
        (90, "1 jam 30 menit"),
        (0.5, "30 detik"),
        (1.5, "1 menit 30 detik"),
        (480, "1 hari kerja"),
        (960, "2 hari kerja"),
        (960 + 60, "2 hari kerja 1 jam"),
        (480 + 5, "1 hari kerja 5 menit"),
        (10560, "22 hari kerja"),
        (2400, "5 hari kerja"),
    ],
)
def test_format(minutes: float, text: str) -> None:
    assert format_duration(minutes) == text


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
def test_format_refuses_nonsense(bad: float) -> None:
    with pytest.raises(ValueError):
        format_duration(bad)


@given(st.integers(min_value=0, max_value=10_000_000))
def test_format_then_parse_gives_the_same_whole_minutes(minutes: int) -> None:
    assert parse_duration(format_duration(minutes)) == minutes


@given(st.text(max_size=30))
def test_parse_never_crashes(text: str) -> None:
    try:
        minutes = parse_duration(text)
    except DurationError as e:
        assert str(e).startswith("Waktu")
    else:
        assert minutes >= 0
