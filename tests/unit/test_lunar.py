"""The lunar calendar against published dates: conversions, labels, lunar and solar birthdays."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from store.lunar import (
    LunarDate,
    anniversaries_between,
    from_lunar,
    lunar_anniversary,
    lunar_day_label,
    lunar_text,
    solar_anniversary,
    to_lunar,
)

ROOT = Path(__file__).resolve().parents[2]


# --- conversions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 2, 10), LunarDate(2024, 1, 1, False)),  # 2024 Spring Festival
        (date(2024, 2, 9), LunarDate(2023, 12, 30, False)),  # 2024's 除夕 was 腊月三十
        (date(2025, 1, 29), LunarDate(2025, 1, 1, False)),  # 2025 Spring Festival
        (date(2026, 2, 17), LunarDate(2026, 1, 1, False)),  # 2026 Spring Festival
        (date(2026, 2, 16), LunarDate(2025, 12, 29, False)),  # 2026's 除夕 is 腊月廿九
        (date(2026, 3, 3), LunarDate(2026, 1, 15, False)),  # 2026 Lantern Festival
        (date(2025, 10, 6), LunarDate(2025, 8, 15, False)),  # 2025 Mid-Autumn
        (date(2025, 7, 25), LunarDate(2025, 6, 1, True)),  # 2025 闰六月初一
        (date(2025, 8, 22), LunarDate(2025, 6, 29, True)),  # the leap month has 29 days
        (date(2025, 8, 23), LunarDate(2025, 7, 1, False)),  # 七月初一 follows it
        (date(2023, 3, 22), LunarDate(2023, 2, 1, True)),  # 2023 闰二月初一
        (date(2023, 4, 20), LunarDate(2023, 3, 1, False)),  # 2023 三月初一
    ],
)
def test_to_lunar_matches_published_dates(day: date, expected: LunarDate) -> None:
    assert to_lunar(day) == expected


@pytest.mark.parametrize(
    ("year", "month", "day", "leap", "expected"),
    [
        (2027, 1, 1, False, date(2027, 2, 6)),
        (2025, 5, 5, False, date(2025, 5, 31)),
        (2026, 8, 15, False, date(2026, 9, 25)),
        (2025, 6, 1, True, date(2025, 7, 25)),
        (2025, 6, 1, False, date(2025, 6, 25)),
    ],
)
def test_from_lunar_matches_published_dates(
    year: int, month: int, day: int, leap: bool, expected: date
) -> None:
    assert from_lunar(year, month, day, leap) == expected


def test_from_lunar_inverts_to_lunar_every_day_of_three_years() -> None:
    day = date(2024, 1, 1)
    while day < date(2027, 1, 1):
        lunar = to_lunar(day)
        assert from_lunar(lunar.year, lunar.month, lunar.day, lunar.leap) == day
        day += timedelta(days=1)


def test_consecutive_days_advance_the_lunar_day_by_one_or_start_a_month() -> None:
    day = date(2025, 1, 1)
    while day < date(2026, 12, 31):
        today, tomorrow = to_lunar(day), to_lunar(day + timedelta(days=1))
        if tomorrow.day == 1:
            assert today.day in (29, 30)
        else:
            assert (tomorrow.year, tomorrow.month, tomorrow.leap) == (
                today.year,
                today.month,
                today.leap,
            )
            assert tomorrow.day == today.day + 1
        day += timedelta(days=1)


def test_from_lunar_rejects_a_thirtieth_in_a_29_day_month() -> None:
    # 2025's second month has 29 days (三月初一 is 2025-03-29, 二月初一 2025-02-28).
    assert (date(2025, 3, 29) - date(2025, 2, 28)).days == 29
    assert from_lunar(2025, 2, 29) == date(2025, 3, 28)
    with pytest.raises(ValueError, match="29 days, not day 30"):
        from_lunar(2025, 2, 30)


def test_from_lunar_rejects_a_leap_month_the_year_does_not_have() -> None:
    with pytest.raises(ValueError, match="no leap month 6"):
        from_lunar(2026, 6, 1, leap=True)


@pytest.mark.parametrize(("month", "day"), [(0, 1), (13, 1), (1, 0), (1, 31)])
def test_from_lunar_rejects_impossible_months_and_days(month: int, day: int) -> None:
    with pytest.raises(ValueError):
        from_lunar(2026, month, day)


# --- labels ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2026, 2, 17), "正月"),  # 初一 shows the month's name
        (date(2026, 2, 18), "初二"),
        (date(2026, 3, 3), "十五"),
        (date(2026, 3, 9), "廿一"),
        (date(2026, 2, 16), "廿九"),
        (date(2024, 2, 9), "三十"),
        (date(2025, 7, 25), "闰六月"),
        (date(2025, 7, 27), "初三"),
        (date(2025, 12, 20), "冬月"),  # the eleventh month
        (date(2026, 1, 19), "腊月"),  # the twelfth month
        (date(2025, 11, 20), "十月"),
    ],
)
def test_lunar_day_label(day: date, label: str) -> None:
    assert lunar_day_label(day) == label


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2025, 7, 27), "农历闰六月初三"),
        (date(2026, 2, 17), "农历正月初一"),
        (date(2026, 11, 29), "农历十月廿一"),
        (date(2024, 2, 9), "农历腊月三十"),
    ],
)
def test_lunar_text(day: date, text: str) -> None:
    assert lunar_text(day) == text


# --- lunar birthdays ---------------------------------------------------------------------


def test_lunar_birthday_keeps_month_and_day() -> None:
    born = date(1966, 12, 3)  # lunar 1966 十月廿二
    assert to_lunar(born) == LunarDate(1966, 10, 22, False)
    for lunar_year in (2024, 2025, 2026, 2027):
        assert to_lunar(lunar_anniversary(born, lunar_year)) == LunarDate(lunar_year, 10, 22, False)


def test_born_in_a_leap_month_celebrates_in_the_ordinary_month() -> None:
    born = date(2025, 7, 25)  # 闰六月初一
    assert lunar_anniversary(born, 2026) == date(2026, 7, 14)  # 2026 六月初一
    assert to_lunar(date(2026, 7, 14)) == LunarDate(2026, 6, 1, False)
    # in the leap year itself the ordinary month comes first
    assert lunar_anniversary(born, 2025) == date(2025, 6, 25)


def test_born_in_leap_second_month_of_2023() -> None:
    born = date(2023, 3, 22)  # 闰二月初一
    assert lunar_anniversary(born, 2024) == date(2024, 3, 10)  # 2024 二月初一
    assert to_lunar(lunar_anniversary(born, 2026)) == LunarDate(2026, 2, 1, False)


def test_a_thirtieth_falls_on_the_29th_when_the_month_is_short() -> None:
    born = date(2024, 2, 9)  # 2023 腊月三十 (除夕)
    # 2025's 腊月 has 29 days: the birthday is its last day, 2026-02-16 (除夕).
    assert lunar_anniversary(born, 2025) == date(2026, 2, 16)
    # So has 2026's: 2027-02-05, the eve of the 2027 Spring Festival (2027-02-06).
    assert lunar_anniversary(born, 2026) == date(2027, 2, 5)
    assert to_lunar(date(2027, 2, 5)) == LunarDate(2026, 12, 29, False)
    # 2029's 腊月 has 30 days: the eve of the 2030 Spring Festival (2030-02-03) is 三十.
    assert lunar_anniversary(born, 2029) == date(2030, 2, 2)
    assert to_lunar(date(2030, 2, 2)) == LunarDate(2029, 12, 30, False)


def test_lunar_anniversaries_between_use_the_lunar_year_as_key() -> None:
    born = date(2024, 2, 9)  # lunar 2023 腊月三十
    found = anniversaries_between(born, date(2026, 1, 1), date(2027, 12, 31), lunar=True)
    assert found == [(2025, date(2026, 2, 16)), (2026, date(2027, 2, 5))]


def test_lunar_anniversaries_start_the_year_after_birth() -> None:
    born = date(2025, 7, 25)  # lunar 2025, 闰六月初一
    found = anniversaries_between(born, date(2025, 1, 1), date(2026, 12, 31), lunar=True)
    assert found == [(2026, date(2026, 7, 14))]


def test_lunar_and_solar_birthdays_fall_on_different_days() -> None:
    born = date(1980, 11, 30)
    solar = anniversaries_between(born, date(2026, 1, 1), date(2026, 12, 31), lunar=False)
    lunar = anniversaries_between(born, date(2026, 1, 1), date(2026, 12, 31), lunar=True)
    assert solar == [(2026, date(2026, 11, 30))]
    assert len(lunar) == 1 and lunar[0][1] != date(2026, 11, 30)
    assert (to_lunar(lunar[0][1]).month, to_lunar(lunar[0][1]).day) == (
        to_lunar(born).month,
        to_lunar(born).day,
    )


# --- solar birthdays ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "year", "expected"),
    [
        (date(1990, 12, 5), 2026, date(2026, 12, 5)),
        (date(2000, 2, 29), 2026, date(2026, 2, 28)),
        (date(2000, 2, 29), 2028, date(2028, 2, 29)),
        (date(2000, 2, 29), 2100, date(2100, 2, 28)),  # 2100 is not a leap year
    ],
)
def test_solar_anniversary(born: date, year: int, expected: date) -> None:
    assert solar_anniversary(born, year) == expected


def test_solar_anniversaries_between_skip_the_birth_year() -> None:
    born = date(2026, 12, 1)
    assert anniversaries_between(born, date(2026, 11, 28), date(2027, 12, 31), lunar=False) == [
        (2027, date(2027, 12, 1))
    ]


def test_leap_day_birthdays_across_four_years() -> None:
    found = anniversaries_between(
        date(1992, 2, 29), date(2026, 1, 1), date(2029, 12, 31), lunar=False
    )
    assert found == [
        (2026, date(2026, 2, 28)),
        (2027, date(2027, 2, 28)),
        (2028, date(2028, 2, 29)),
        (2029, date(2029, 2, 28)),
    ]


def test_an_empty_or_reversed_window_has_no_anniversaries() -> None:
    born = date(1980, 1, 1)
    assert anniversaries_between(born, date(2026, 1, 2), date(2026, 12, 31), lunar=False) == []
    assert anniversaries_between(born, date(2026, 5, 1), date(2026, 4, 1), lunar=True) == []


# --- start-up cost -----------------------------------------------------------------------


def test_importing_the_calendar_modules_loads_neither_library() -> None:
    """The desk imports these at start; lunar_python and holidays must wait until first use."""
    code = (
        "import sys, store.lunar, store.festivals, store.workdays\n"
        "print(','.join(m for m in ('lunar_python', 'holidays') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
