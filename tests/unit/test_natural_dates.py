"""store.natural_dates: every accepted form in both languages, on fixed days.

The expected dates are written out by hand from a printed calendar, not
computed, so a wrong rule in the module cannot agree with itself here. The
fixed days are chosen for their edges:

- Saturday 2026-11-28 (the session's today): the end of a Mon-Sun week;
- Sunday 2027-01-31: the last day of a 31-day month before a 28-day one
  (month arithmetic must clamp) and of a week;
- Thursday 2026-12-31: the last day of a year (everything "next" rolls over);
- Monday 2028-02-28 and Tuesday 2028-02-29: a leap February.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store import i18n
from store.natural_dates import MAX_YEAR, MIN_YEAR, DateParseError, describe, parse_date

SAT = date(2026, 11, 28)
SUN_JAN31 = date(2027, 1, 31)
NEW_YEARS_EVE = date(2026, 12, 31)
LEAP_MON = date(2028, 2, 28)
LEAP_DAY = date(2028, 2, 29)

D = date  # keeps the tables below one case a line

# (typed, today, with prefer="future", with prefer="past")
CASES: list[tuple[str, date, date, date | None]] = [
    # --- ISO and other full dates: prefer does not matter --------------------------
    ("2026-12-05", SAT, D(2026, 12, 5), D(2026, 12, 5)),
    ("2026/12/5", SAT, D(2026, 12, 5), D(2026, 12, 5)),
    ("2026.12.05", SAT, D(2026, 12, 5), D(2026, 12, 5)),
    ("20261205", SAT, D(2026, 12, 5), D(2026, 12, 5)),
    ("2026年12月5日", SAT, D(2026, 12, 5), D(2026, 12, 5)),
    ("2026年12月5号", SAT, D(2026, 12, 5), D(2026, 12, 5)),
    ("1900-01-01", SAT, D(1900, 1, 1), D(1900, 1, 1)),
    ("2100-12-31", SAT, D(2100, 12, 31), D(2100, 12, 31)),
    ("2028-02-29", SAT, D(2028, 2, 29), D(2028, 2, 29)),
    # --- month and day: the next one on or after today, or the last on or before ---
    ("12-5", SAT, D(2026, 12, 5), D(2025, 12, 5)),
    ("12/5", SAT, D(2026, 12, 5), D(2025, 12, 5)),
    ("12.5", SAT, D(2026, 12, 5), D(2025, 12, 5)),
    ("12月5日", SAT, D(2026, 12, 5), D(2025, 12, 5)),
    ("12月5号", SAT, D(2026, 12, 5), D(2025, 12, 5)),
    ("11-28", SAT, SAT, SAT),
    ("1-5", SAT, D(2027, 1, 5), D(2026, 1, 5)),
    ("12-5", SUN_JAN31, D(2027, 12, 5), D(2026, 12, 5)),
    ("2-1", SUN_JAN31, D(2027, 2, 1), D(2026, 2, 1)),
    ("1-1", NEW_YEARS_EVE, D(2027, 1, 1), D(2026, 1, 1)),
    ("12-31", NEW_YEARS_EVE, NEW_YEARS_EVE, NEW_YEARS_EVE),
    ("2-29", LEAP_MON, D(2028, 2, 29), None),
    ("2-28", LEAP_DAY, D(2029, 2, 28), D(2028, 2, 28)),
    # --- day of the month, rolling over months that lack it -------------------------
    ("5日", SAT, D(2026, 12, 5), D(2026, 11, 5)),
    ("5号", SAT, D(2026, 12, 5), D(2026, 11, 5)),
    ("28号", SAT, SAT, SAT),
    ("31号", SAT, D(2026, 12, 31), D(2026, 10, 31)),
    ("30号", SUN_JAN31, D(2027, 3, 30), D(2027, 1, 30)),
    ("1号", SUN_JAN31, D(2027, 2, 1), D(2027, 1, 1)),
    ("5号", NEW_YEARS_EVE, D(2027, 1, 5), D(2026, 12, 5)),
    ("29号", LEAP_MON, D(2028, 2, 29), D(2028, 1, 29)),
    # --- relative: signed, Chinese and English; prefer does not matter -------------
    ("+3d", SAT, D(2026, 12, 1), D(2026, 12, 1)),
    ("+2w", SAT, D(2026, 12, 12), D(2026, 12, 12)),
    ("+1m", SAT, D(2026, 12, 28), D(2026, 12, 28)),
    ("+2m", SAT, D(2027, 1, 28), D(2027, 1, 28)),
    ("+1y", SAT, D(2027, 11, 28), D(2027, 11, 28)),
    ("-3d", SAT, D(2026, 11, 25), D(2026, 11, 25)),
    ("+3", SAT, D(2026, 12, 1), D(2026, 12, 1)),
    ("3d", SAT, D(2026, 12, 1), D(2026, 12, 1)),
    ("+3天", SAT, D(2026, 12, 1), D(2026, 12, 1)),
    ("+1月", SAT, D(2026, 12, 28), D(2026, 12, 28)),
    ("3个月", SAT, D(2027, 2, 28), D(2027, 2, 28)),
    ("3天后", SAT, D(2026, 12, 1), D(2026, 12, 1)),
    ("2周后", SAT, D(2026, 12, 12), D(2026, 12, 12)),
    ("两周后", SAT, D(2026, 12, 12), D(2026, 12, 12)),
    ("1个月后", SAT, D(2026, 12, 28), D(2026, 12, 28)),
    ("十五天后", SAT, D(2026, 12, 13), D(2026, 12, 13)),
    ("3天前", SAT, D(2026, 11, 25), D(2026, 11, 25)),
    ("1年以后", SAT, D(2027, 11, 28), D(2027, 11, 28)),
    ("in 3 days", SAT, D(2026, 12, 1), D(2026, 12, 1)),
    ("2 weeks ago", SAT, D(2026, 11, 14), D(2026, 11, 14)),
    ("+1m", SUN_JAN31, D(2027, 2, 28), D(2027, 2, 28)),
    ("1个月后", SUN_JAN31, D(2027, 2, 28), D(2027, 2, 28)),
    ("-1m", SUN_JAN31, D(2026, 12, 31), D(2026, 12, 31)),
    ("+1y", SUN_JAN31, D(2028, 1, 31), D(2028, 1, 31)),
    ("+1d", SUN_JAN31, D(2027, 2, 1), D(2027, 2, 1)),
    ("+2w", SUN_JAN31, D(2027, 2, 14), D(2027, 2, 14)),
    ("+1m", NEW_YEARS_EVE, D(2027, 1, 31), D(2027, 1, 31)),
    ("+2m", NEW_YEARS_EVE, D(2027, 2, 28), D(2027, 2, 28)),
    ("-10m", NEW_YEARS_EVE, D(2026, 2, 28), D(2026, 2, 28)),
    ("+1m", SUN_JAN31.replace(year=2028), D(2028, 2, 29), D(2028, 2, 29)),
    ("+1d", LEAP_MON, LEAP_DAY, LEAP_DAY),
    ("+1y", LEAP_DAY, D(2029, 2, 28), D(2029, 2, 28)),
    ("-1y", LEAP_DAY, D(2027, 2, 28), D(2027, 2, 28)),
    ("+4y", LEAP_DAY, D(2032, 2, 29), D(2032, 2, 29)),
    ("+1m", LEAP_DAY, D(2028, 3, 29), D(2028, 3, 29)),
    # --- English words --------------------------------------------------------------
    ("today", SAT, SAT, SAT),
    ("tomorrow", SAT, D(2026, 11, 29), D(2026, 11, 29)),
    ("yesterday", SAT, D(2026, 11, 27), D(2026, 11, 27)),
    ("tomorrow", NEW_YEARS_EVE, D(2027, 1, 1), D(2027, 1, 1)),
    ("mon", SAT, D(2026, 11, 30), D(2026, 11, 23)),
    ("monday", SAT, D(2026, 11, 30), D(2026, 11, 23)),
    ("tues", SAT, D(2026, 12, 1), D(2026, 11, 24)),
    ("wednesday", SAT, D(2026, 12, 2), D(2026, 11, 25)),
    ("thurs", SAT, D(2026, 12, 3), D(2026, 11, 26)),
    ("fri", SAT, D(2026, 12, 4), D(2026, 11, 27)),
    ("sat", SAT, SAT, SAT),
    ("sunday", SAT, D(2026, 11, 29), D(2026, 11, 22)),
    ("sun", SUN_JAN31, SUN_JAN31, SUN_JAN31),
    ("mon", SUN_JAN31, D(2027, 2, 1), D(2027, 1, 25)),
    ("mon", LEAP_MON, LEAP_MON, LEAP_MON),
    ("next fri", SAT, D(2026, 12, 4), D(2026, 12, 4)),
    ("next mon", SAT, D(2026, 11, 30), D(2026, 11, 30)),
    ("this fri", SAT, D(2026, 11, 27), D(2026, 11, 27)),
    ("last fri", SAT, D(2026, 11, 20), D(2026, 11, 20)),
    ("next sun", SUN_JAN31, D(2027, 2, 7), D(2027, 2, 7)),
    ("this sun", SUN_JAN31, SUN_JAN31, SUN_JAN31),
    ("last sun", SUN_JAN31, D(2027, 1, 24), D(2027, 1, 24)),
    ("next mon", NEW_YEARS_EVE, D(2027, 1, 4), D(2027, 1, 4)),
    ("end of month", SAT, D(2026, 11, 30), D(2026, 11, 30)),
    ("start of next month", SAT, D(2026, 12, 1), D(2026, 12, 1)),
    ("end of next month", SUN_JAN31, D(2027, 2, 28), D(2027, 2, 28)),
    ("end of year", SAT, D(2026, 12, 31), D(2026, 12, 31)),
    ("start of next year", SAT, D(2027, 1, 1), D(2027, 1, 1)),
    # --- Chinese words ----------------------------------------------------------------
    ("今天", SAT, SAT, SAT),
    ("明天", SAT, D(2026, 11, 29), D(2026, 11, 29)),
    ("后天", SAT, D(2026, 11, 30), D(2026, 11, 30)),
    ("大后天", SAT, D(2026, 12, 1), D(2026, 12, 1)),
    ("昨天", SAT, D(2026, 11, 27), D(2026, 11, 27)),
    ("前天", SAT, D(2026, 11, 26), D(2026, 11, 26)),
    ("明天", SUN_JAN31, D(2027, 2, 1), D(2027, 2, 1)),
    ("后天", NEW_YEARS_EVE, D(2027, 1, 2), D(2027, 1, 2)),
    ("周三", SAT, D(2026, 12, 2), D(2026, 11, 25)),
    ("星期三", SAT, D(2026, 12, 2), D(2026, 11, 25)),
    ("礼拜三", SAT, D(2026, 12, 2), D(2026, 11, 25)),
    ("周六", SAT, SAT, SAT),
    ("周日", SAT, D(2026, 11, 29), D(2026, 11, 22)),
    ("星期天", SAT, D(2026, 11, 29), D(2026, 11, 22)),
    ("周三", SUN_JAN31, D(2027, 2, 3), D(2027, 1, 27)),
    ("下周三", SAT, D(2026, 12, 2), D(2026, 12, 2)),
    ("下星期三", SAT, D(2026, 12, 2), D(2026, 12, 2)),
    ("下个礼拜三", SAT, D(2026, 12, 2), D(2026, 12, 2)),
    ("本周三", SAT, D(2026, 11, 25), D(2026, 11, 25)),
    ("这周三", SAT, D(2026, 11, 25), D(2026, 11, 25)),
    ("上周五", SAT, D(2026, 11, 20), D(2026, 11, 20)),
    ("下周三", SUN_JAN31, D(2027, 2, 3), D(2027, 2, 3)),
    ("本周三", SUN_JAN31, D(2027, 1, 27), D(2027, 1, 27)),
    ("下周一", LEAP_MON, D(2028, 3, 6), D(2028, 3, 6)),
    ("下周一", NEW_YEARS_EVE, D(2027, 1, 4), D(2027, 1, 4)),
    ("月底", SAT, D(2026, 11, 30), D(2026, 11, 30)),
    ("下月初", SAT, D(2026, 12, 1), D(2026, 12, 1)),
    ("下月底", SAT, D(2026, 12, 31), D(2026, 12, 31)),
    ("年底", SAT, D(2026, 12, 31), D(2026, 12, 31)),
    ("月底", SUN_JAN31, SUN_JAN31, SUN_JAN31),
    ("下月底", SUN_JAN31, D(2027, 2, 28), D(2027, 2, 28)),
    ("下个月初", SUN_JAN31, D(2027, 2, 1), D(2027, 2, 1)),
    ("年底", SUN_JAN31, D(2027, 12, 31), D(2027, 12, 31)),
    ("月底", LEAP_MON, LEAP_DAY, LEAP_DAY),
    ("下月初", NEW_YEARS_EVE, D(2027, 1, 1), D(2027, 1, 1)),
    ("下月底", NEW_YEARS_EVE, D(2027, 1, 31), D(2027, 1, 31)),
    ("明年初", NEW_YEARS_EVE, D(2027, 1, 1), D(2027, 1, 1)),
    ("去年底", NEW_YEARS_EVE, D(2025, 12, 31), D(2025, 12, 31)),
    # --- typing noise: full-width, case, spaces, pasted minus signs -----------------
    ("１２－５", SAT, D(2026, 12, 5), D(2025, 12, 5)),
    ("２０２６／１２／５", SAT, D(2026, 12, 5), D(2026, 12, 5)),
    ("＋３ｄ", SAT, D(2026, 12, 1), D(2026, 12, 1)),
    ("  Tomorrow ", SAT, D(2026, 11, 29), D(2026, 11, 29)),
    ("NEXT   Fri", SAT, D(2026, 12, 4), D(2026, 12, 4)),
    ("12 月 5 日", SAT, D(2026, 12, 5), D(2025, 12, 5)),
    ("2026\u221212\u221205", SAT, D(2026, 12, 5), D(2026, 12, 5)),
    ("\u22123d", SAT, D(2026, 11, 25), D(2026, 11, 25)),
]


def _case_id(case: tuple[str, date, date, date | None]) -> str:
    return f"{case[0]}@{case[1].isoformat()}"


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_each_form_resolves_to_the_day_on_the_calendar(
    case: tuple[str, date, date, date | None],
) -> None:
    typed, today, future, past = case
    assert parse_date(typed, today) == future
    assert parse_date(typed, today, prefer="future") == future
    if past is None:
        with pytest.raises(DateParseError):
            parse_date(typed, today, prefer="past")
    else:
        assert parse_date(typed, today, prefer="past") == past


@pytest.mark.parametrize("typed", ["12-5", "5号", "fri", "周三", "12月5日"])
def test_prefer_decides_only_when_the_text_leaves_the_year_or_week_open(typed: str) -> None:
    future = parse_date(typed, SAT, prefer="future")
    past = parse_date(typed, SAT, prefer="past")
    assert past < SAT < future


@pytest.mark.parametrize("typed", ["2026-12-05", "+3d", "next fri", "下周三", "明天", "月底"])
def test_prefer_does_not_move_a_date_the_text_fixes(typed: str) -> None:
    assert parse_date(typed, SAT, prefer="future") == parse_date(typed, SAT, prefer="past")


def test_the_language_of_the_interface_does_not_change_what_is_read() -> None:
    i18n.set_language("zh")
    assert parse_date("next fri", SAT) == D(2026, 12, 4)
    i18n.set_language("en")
    assert parse_date("下周五", SAT) == D(2026, 12, 4)


# --- refusals ------------------------------------------------------------------------

# (typed, today, reason key, words the Chinese message must hold, words the English one must)
REFUSALS: list[tuple[str, date, str, tuple[str, ...], tuple[str, ...]]] = [
    ("2月30日", SAT, "natural_dates.no_day", ("2月没有30日",), ("February has no day 30",)),
    ("2-30", SAT, "natural_dates.no_day", ("2月没有30日",), ("February has no day 30",)),
    ("4/31", SAT, "natural_dates.no_day", ("4月没有31日",), ("April has no day 31",)),
    ("12-32", SAT, "natural_dates.no_day", ("12月没有32日",), ("December has no day 32",)),
    ("2026-02-29", SAT, "natural_dates.no_day_in_year", ("2026年2月没有29日",),
     ("February 2026 has no day 29",)),
    ("2-29", SAT, "natural_dates.no_day_in_year", ("2027年2月没有29日",),
     ("February 2027 has no day 29",)),
    ("2026-02-30", SAT, "natural_dates.no_day", ("2月没有30日",), ("February has no day 30",)),
    ("13-5", SAT, "natural_dates.no_month", ("没有13月",), ("no month 13",)),
    ("2026-00-10", SAT, "natural_dates.no_month", ("没有0月",), ("no month 0",)),
    ("32号", SAT, "natural_dates.no_day_any_month", ("32日",), ("day 32",)),
    ("0日", SAT, "natural_dates.no_day_any_month", ("0日",), ("day 0",)),
    ("1899-12-31", SAT, "natural_dates.year_range", ("1900", "2100"), ("1900", "2100")),
    ("2101-01-01", SAT, "natural_dates.year_range", ("1900", "2100"), ("1900", "2100")),
    ("21010101", SAT, "natural_dates.year_range", ("1900", "2100"), ("1900", "2100")),
    ("+100y", SAT, "natural_dates.year_range", ("1900", "2100"), ("1900", "2100")),
    ("-9999w", SAT, "natural_dates.year_range", ("1900", "2100"), ("1900", "2100")),
    ("tomorrow", D(2100, 12, 31), "natural_dates.year_range", ("1900", "2100"), ("1900", "2100")),
    ("12-5", D(2100, 12, 31), "natural_dates.year_range", ("1900", "2100"), ("1900", "2100")),
]  # fmt: skip


@pytest.mark.parametrize("refusal", REFUSALS, ids=[r[0] for r in REFUSALS])
@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_date_that_cannot_be_is_refused_naming_the_problem(
    refusal: tuple[str, date, str, tuple[str, ...], tuple[str, ...]], language: i18n.Language
) -> None:
    typed, today, key, zh_words, en_words = refusal
    i18n.set_language(language)
    with pytest.raises(DateParseError) as caught:
        parse_date(typed, today)
    message = str(caught.value)
    assert caught.value.key == key
    assert f"\u201c{typed}\u201d" in message  # the manager sees what was read, quoted
    for words in zh_words if language == "zh" else en_words:
        assert words in message


# Examples the "cannot read" message offers; each must itself be readable.
EXAMPLES = {"zh": ["2026-12-05", "12-5", "+3d", "明天", "下周三"],
            "en": ["2026-12-05", "12-5", "+3d", "tomorrow", "next wed"]}  # fmt: skip


@pytest.mark.parametrize("typed", ["xyz", "12", "next", "2026年12月", "下下周三", "12-5-7", "3月"])
@pytest.mark.parametrize("language", ["zh", "en"])
def test_unreadable_text_is_quoted_with_examples_that_work(
    typed: str, language: i18n.Language
) -> None:
    i18n.set_language(language)
    with pytest.raises(DateParseError) as caught:
        parse_date(typed, SAT)
    message = str(caught.value)
    assert caught.value.key == "natural_dates.examples"
    assert typed in message
    assert message.startswith("看不懂" if language == "zh" else "cannot read")
    for example in EXAMPLES[language]:
        assert example in message
        parse_date(example, SAT)  # raises if the advice were wrong


@pytest.mark.parametrize("typed", ["", "   ", "\u3000"])
@pytest.mark.parametrize("language", ["zh", "en"])
def test_nothing_typed_asks_for_a_date(typed: str, language: i18n.Language) -> None:
    i18n.set_language(language)
    with pytest.raises(DateParseError) as caught:
        parse_date(typed, SAT)
    assert caught.value.key == "natural_dates.empty"
    assert str(caught.value).startswith("请输入日期" if language == "zh" else "enter a date")


def test_a_refusal_is_a_value_error_for_callers_that_catch_those() -> None:
    with pytest.raises(ValueError, match="February has no day 30"):
        parse_date("2-30", SAT)


# --- the preview ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "zh", "en"),
    [
        ("后天", "2026-11-30 周一 · 后天", "Mon 2026-11-30 · the day after tomorrow"),
        ("周三", "2026-12-02 周三 · 4天后", "Wed 2026-12-02 · in 4 days"),
        ("+3d", "2026-12-01 周二 · 3天后", "Tue 2026-12-01 · in 3 days"),
        ("-3d", "2026-11-25 周三 · 3天前", "Wed 2026-11-25 · 3 days ago"),
        ("昨天", "2026-11-27 周五 · 昨天", "Fri 2026-11-27 · yesterday"),
        ("前天", "2026-11-26 周四 · 前天", "Thu 2026-11-26 · the day before yesterday"),
    ],
)
def test_preview_of_a_working_day_is_one_line(typed: str, zh: str, en: str) -> None:
    i18n.set_language("zh")
    assert describe(typed, SAT) == (parse_date(typed, SAT), zh)
    i18n.set_language("en")
    assert describe(typed, SAT) == (parse_date(typed, SAT), en)


def test_preview_of_a_public_holiday_adds_the_warning_on_a_second_line() -> None:
    # 2026-10-03 falls in the published National Day week (1-7 October 2026).
    i18n.set_language("zh")
    day, text = describe("10-3", SAT, prefer="past")
    assert day == D(2026, 10, 3)
    first, second = text.split("\n")
    assert first == "2026-10-03 周六 · 56天前"
    assert "国庆节" in second and "2026-09-30" in second
    i18n.set_language("en")
    _, text = describe("10-3", SAT, prefer="past")
    assert "National Day" in text.split("\n")[1]


def test_preview_of_a_weekend_says_so_and_offers_the_friday() -> None:
    i18n.set_language("en")
    day, text = describe("today", SAT)
    assert day == SAT
    first, second = text.split("\n")
    assert first == "Sat 2026-11-28 · today"
    assert "Saturday" in second and "2026-11-27" in second


@pytest.mark.parametrize(
    ("typed", "zh", "en"),
    [
        ("12-32", "看不懂“12-32”：12月没有32日",
         "cannot read \u201c12-32\u201d: December has no day 32"),
        ("", "请输入日期，如 2026-12-05、明天 或 下周三",
         "enter a date, e.g. 2026-12-05, tomorrow or next wed"),
    ],
)  # fmt: skip
def test_preview_of_a_refusal_has_no_date_and_the_reason(typed: str, zh: str, en: str) -> None:
    i18n.set_language("zh")
    assert describe(typed, SAT) == (None, zh)
    i18n.set_language("en")
    assert describe(typed, SAT) == (None, en)


# --- properties ----------------------------------------------------------------------

IN_RANGE = st.dates(date(MIN_YEAR, 1, 1), date(MAX_YEAR, 12, 31))


@given(day=IN_RANGE, today=IN_RANGE)
def test_an_iso_date_reads_as_itself_whatever_today_is(day: date, today: date) -> None:
    assert parse_date(day.isoformat(), today) == day
    assert parse_date(day.isoformat(), today, prefer="past") == day


@given(day=IN_RANGE, today=IN_RANGE)
def test_a_month_and_day_is_the_nearest_on_the_preferred_side(day: date, today: date) -> None:
    typed = f"{day.month}-{day.day}"
    for prefer, sign in (("future", 1), ("past", -1)):
        try:
            got = parse_date(typed, today, prefer=prefer)
        except DateParseError as exc:  # 29 February of a common year, or beyond 1900-2100
            assert exc.key in ("natural_dates.no_day_in_year", "natural_dates.year_range")
            continue
        assert (got.month, got.day) == (day.month, day.day)
        assert 0 <= (got - today).days * sign < 366


@given(today=IN_RANGE.filter(lambda d: d.year < MAX_YEAR), weekday=st.sampled_from(
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]))  # fmt: skip
def test_a_weekday_is_within_the_coming_or_past_week(today: date, weekday: str) -> None:
    ahead = parse_date(weekday, today)
    assert 0 <= (ahead - today).days <= 6
    if today.year > MIN_YEAR:
        behind = parse_date(weekday, today, prefer="past")
        assert 0 <= (today - behind).days <= 6
        assert behind.weekday() == ahead.weekday()
    assert parse_date(f"next {weekday}", today) - parse_date(f"this {weekday}", today) == (
        timedelta(weeks=1)
    )


@given(today=IN_RANGE.filter(lambda d: 1901 <= d.year <= 2099), days=st.integers(0, 300))
def test_days_ahead_agree_in_every_spelling(today: date, days: int) -> None:
    expected = today + timedelta(days=days)
    assert parse_date(f"+{days}d", today) == expected
    assert parse_date(f"{days}天后", today) == expected
    assert parse_date(f"in {days} days", today) == expected
    assert parse_date(f"-{days}d", today) == today - timedelta(days=days)
