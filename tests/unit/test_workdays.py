"""Working days against the State Council's published holiday schedules (2025, 2026)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from store import i18n
from store.workdays import (
    day_info,
    days_info,
    holiday_warning,
    is_official,
    is_workday,
    previous_workday,
)

# 国务院办公厅关于2026年部分节假日安排的通知: the weekend days that are working days.
MAKEUP_2026 = {
    date(2026, 1, 4),
    date(2026, 2, 14),
    date(2026, 2, 28),
    date(2026, 5, 9),
    date(2026, 9, 20),
    date(2026, 10, 10),
}
# 国务院办公厅关于2025年部分节假日安排的通知.
MAKEUP_2025 = {
    date(2025, 1, 26),
    date(2025, 2, 8),
    date(2025, 4, 27),
    date(2025, 9, 28),
    date(2025, 10, 11),
}
# The same notice for 2026: every period of days off (weekends inside them included).
DAYS_OFF_2026 = {
    "元旦": (date(2026, 1, 1), date(2026, 1, 3)),
    "春节": (date(2026, 2, 15), date(2026, 2, 23)),
    "清明节": (date(2026, 4, 4), date(2026, 4, 6)),
    "劳动节": (date(2026, 5, 1), date(2026, 5, 5)),
    "端午节": (date(2026, 6, 19), date(2026, 6, 21)),
    "中秋节": (date(2026, 9, 25), date(2026, 9, 27)),
    "国庆节": (date(2026, 10, 1), date(2026, 10, 7)),
}


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


@pytest.mark.parametrize(("year", "expected"), [(2025, MAKEUP_2025), (2026, MAKEUP_2026)])
def test_makeup_workdays_are_exactly_the_published_ones(year: int, expected: set[date]) -> None:
    weekend = [d for d in _days(date(year, 1, 1), date(year, 12, 31)) if d.weekday() >= 5]
    assert {d for d in weekend if is_workday(d)} == expected
    assert all(day_info(d).makeup and day_info(d).workday for d in expected)


def test_the_2026_days_off_are_exactly_the_published_periods() -> None:
    i18n.set_language("zh")
    published = {d: name for name, (a, b) in DAYS_OFF_2026.items() for d in _days(a, b)}
    infos = days_info(date(2026, 1, 1), date(2026, 12, 31))
    weekdays_off = {d for d, info in infos.items() if not info.workday and d.weekday() < 5}
    assert weekdays_off == {d for d in published if d.weekday() < 5}
    named = {d: info.holiday for d, info in infos.items() if info.holiday is not None}
    # 2026-02-16 is 除夕, a statutory day off of its own inside the Spring Festival period
    assert named == {**published, date(2026, 2, 16): "农历除夕"}


def test_a_statutory_holiday_inside_another_period_keeps_its_name() -> None:
    i18n.set_language("zh")
    assert day_info(date(2025, 10, 6)).holiday == "中秋节"
    assert day_info(date(2025, 10, 5)).holiday == "国庆节"  # a Sunday in the National Day week
    assert day_info(date(2025, 10, 8)).holiday == "国庆节"  # a moved day off


def test_a_holiday_period_across_new_year_is_named_from_either_side() -> None:
    # 2023's notice: 元旦 2022-12-31 to 2023-01-02.
    i18n.set_language("zh")
    assert [day_info(d).holiday for d in _days(date(2022, 12, 31), date(2023, 1, 2))] == [
        "元旦"
    ] * 3
    assert is_workday(date(2023, 1, 3))


def test_a_makeup_day_of_next_years_schedule_in_december() -> None:
    # 2002's notice: 元旦 1-3 January 2002, working on Saturday/Sunday 2001-12-29/30.
    assert is_workday(date(2001, 12, 29)) and is_workday(date(2001, 12, 30))
    assert day_info(date(2001, 12, 29)).makeup


def test_plain_days() -> None:
    saturday, friday = day_info(date(2026, 11, 28)), day_info(date(2026, 11, 27))
    assert (saturday.holiday, saturday.workday, saturday.makeup) == (None, False, False)
    assert (friday.holiday, friday.workday, friday.makeup) == (None, True, False)
    assert saturday.festival is None and saturday.official


def test_festivals_show_whether_or_not_they_are_days_off() -> None:
    mothers = day_info(date(2026, 5, 10))
    assert mothers.festival == "Mother's Day" and mothers.holiday is None
    christmas = day_info(date(2026, 12, 25))
    assert christmas.festival == "Christmas" and christmas.workday
    assert day_info(date(2026, 3, 3)).festival == "Lantern Festival"
    i18n.set_language("zh")
    assert day_info(date(2026, 6, 21)).festival == "父亲节"
    assert day_info(date(2026, 6, 21)).holiday == "端午节"


def test_two_festivals_on_one_day() -> None:
    i18n.set_language("zh")
    assert day_info(date(2020, 10, 1)).festival == "中秋节、国庆节"


def test_holiday_names_follow_the_language() -> None:
    i18n.set_language("zh")
    assert day_info(date(2026, 10, 3)).holiday == "国庆节"
    i18n.set_language("en")
    assert day_info(date(2026, 10, 3)).holiday == "National Day"
    assert "Spring Festival" in (day_info(date(2026, 2, 20)).holiday or "")


def test_days_info_covers_a_month_grid() -> None:
    start, end = date(2026, 1, 26), date(2026, 3, 8)  # 6 weeks around February
    infos = days_info(start, end)
    assert list(infos) == _days(start, end)
    assert all(infos[d] == day_info(d) for d in infos)
    assert days_info(end, start) == {}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 10, 3), date(2026, 9, 30)),
        (date(2026, 10, 8), date(2026, 9, 30)),  # a working day: strictly before it
        (date(2026, 2, 16), date(2026, 2, 14)),  # the make-up Saturday
        (date(2026, 1, 5), date(2026, 1, 4)),  # the make-up Sunday
        (date(2026, 11, 30), date(2026, 11, 27)),  # Monday -> Friday
    ],
)
def test_previous_workday(day: date, expected: date) -> None:
    assert previous_workday(day) == expected


def test_holiday_warning_on_a_holiday() -> None:
    assert holiday_warning(date(2026, 10, 3)) == (
        "2026-10-03 is a public holiday, National Day; the previous working day is Wed 2026-09-30"
    )
    i18n.set_language("zh")
    assert holiday_warning(date(2026, 10, 3)) == (
        "2026-10-03 是国庆节假期；前一个工作日是 2026-09-30（周三）"
    )


def test_holiday_warning_on_a_weekend() -> None:
    assert holiday_warning(date(2026, 11, 29)) == (
        "2026-11-29 is a Sunday; the previous working day is Fri 2026-11-27"
    )
    i18n.set_language("zh")
    assert holiday_warning(date(2026, 11, 28)) == (
        "2026-11-28 是周六；前一个工作日是 2026-11-27（周五）"
    )


@pytest.mark.parametrize("day", [date(2026, 11, 27), date(2026, 2, 14), date(2026, 10, 10)])
def test_no_warning_on_a_working_day(day: date) -> None:
    assert holiday_warning(day) is None


def _first_unpublished_year() -> int:
    """The first year from 2026 on for which python-holidays has no 调休 make-up day."""
    import holidays

    year = 2026
    while any(d.year == year for d in holidays.China(years=year).weekend_workdays):
        year += 1
    return year


def test_years_are_official_until_the_schedule_runs_out() -> None:
    unpublished = _first_unpublished_year()
    assert is_official(2025) and is_official(2026) and is_official(unpublished - 1)
    assert not is_official(unpublished)
    assert day_info(date(2026, 10, 3)).official
    assert not day_info(date(unpublished, 10, 3)).official


def test_an_estimated_year_says_so() -> None:
    unpublished = _first_unpublished_year()
    national_day = date(unpublished, 10, 1)
    assert not is_workday(national_day)
    assert "(estimated)" in (holiday_warning(national_day) or "")
    i18n.set_language("zh")
    assert "（推定）" in (holiday_warning(national_day) or "")
    assert "（推定）" not in (holiday_warning(date(2026, 10, 1)) or "")


def test_every_day_agrees_with_python_holidays_working_day_rule() -> None:
    """Our cross-year handling (a December make-up day of next year's notice) loses nothing."""
    import holidays

    china = holidays.China(years=range(2000, 2029))
    disagree = [
        day
        for day in _days(date(2001, 1, 1), date(2027, 12, 31))
        if china.is_working_day(day) != is_workday(day)
    ]
    assert disagree == []
