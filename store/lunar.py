"""The Chinese lunar calendar (农历): conversions, calendar labels and lunar birthdays.

The conversion itself comes from `lunar_python` (6tail's astronomical
calendar); nothing here is a hand-written table. That package is imported
inside the functions that need it, never at module level, so the desk's
start-up does not pay for it. Its `Lunar` objects compute solar terms and
much else we never show, so we read only its month layout (`LunarYear`:
first day and length of every lunar month) once per year, cache it, and
do the day arithmetic ourselves: a 42-day month grid costs one lookup per
year instead of 42 full `Lunar` objects.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

# `date.fromordinal(jd - _JULIAN_OFFSET)` is the Gregorian date of a Julian day number.
_JULIAN_OFFSET = 1721425


@dataclass(frozen=True)
class LunarDate:
    """A day of the lunar calendar; `month` is 1..12, `leap` marks a 闰月."""

    year: int
    month: int
    day: int
    leap: bool = False


@dataclass(frozen=True)
class _Month:
    """One lunar month as lunar_python lays it out."""

    year: int  # the lunar year the month belongs to
    number: int  # 1..12
    leap: bool
    first: date  # Gregorian date of 初一
    days: int  # 29 or 30


def _month_from(source: object) -> _Month:
    """Our plain copy of a `lunar_python.LunarMonth` (its month is negative for 闰月)."""
    signed = source.getMonth()  # type: ignore[attr-defined]
    first = date.fromordinal(int(source.getFirstJulianDay()) - _JULIAN_OFFSET)  # type: ignore[attr-defined]
    return _Month(source.getYear(), abs(signed), signed < 0, first, source.getDayCount())  # type: ignore[attr-defined]


@lru_cache(maxsize=512)
def _months_around(gregorian_year: int) -> tuple[_Month, ...]:
    """Every lunar month overlapping Gregorian `gregorian_year`, in order.

    lunar_python's `LunarYear(y).getMonths()` starts a little before the
    winter solstice of y-1 and runs past the end of y, so it covers every
    day of Gregorian year y (its own `Lunar.fromSolar` relies on this).
    """
    from lunar_python import LunarYear

    return tuple(_month_from(m) for m in LunarYear.fromYear(gregorian_year).getMonths())


@lru_cache(maxsize=512)
def _months_of(lunar_year: int) -> tuple[_Month, ...]:
    """The 12 or 13 months of lunar year `lunar_year` (正月 to 腊月, a 闰月 after its namesake)."""
    from lunar_python import LunarYear

    return tuple(_month_from(m) for m in LunarYear.fromYear(lunar_year).getMonthsInYear())


def _month_containing(day: date) -> _Month:
    months = _months_around(day.year)
    index = bisect_right([m.first for m in months], day) - 1
    if index < 0 or day >= months[index].first + timedelta(days=months[index].days):
        raise ValueError(f"{day.isoformat()} is outside the lunar calendar's range")
    return months[index]


@lru_cache(maxsize=32768)
def to_lunar(day: date) -> LunarDate:
    """The lunar date of a Gregorian day."""
    month = _month_containing(day)
    return LunarDate(month.year, month.number, (day - month.first).days + 1, month.leap)


def _month_name(month: int, leap: bool) -> str:
    """A month's name as lunar_python writes it: 正月 … 十月, 冬月, 腊月, 闰六月."""
    from lunar_python.util import LunarUtil

    return ("闰" if leap else "") + LunarUtil.MONTH[month] + "月"


def _day_name(day: int) -> str:
    """A day's name: 初一 … 初十, 十一 … 二十, 廿一 … 廿九, 三十."""
    from lunar_python.util import LunarUtil

    return LunarUtil.DAY[day]


def lunar_day_label(day: date) -> str:
    """What a calendar cell shows under the day number (always Chinese).

    Printed Chinese calendars mark the first of a lunar month with the
    month's name instead of "初一", so a reader sees where months begin;
    every other day shows its day name. English has no names for these
    that people use, so there is no English form.
    """
    lunar = to_lunar(day)
    if lunar.day == 1:
        return _month_name(lunar.month, lunar.leap)
    return _day_name(lunar.day)


def lunar_text(day: date) -> str:
    """The full lunar date as people write it: "农历十月廿一", "农历闰六月初三"."""
    lunar = to_lunar(day)
    return f"农历{_month_name(lunar.month, lunar.leap)}{_day_name(lunar.day)}"


def _find_month(year: int, month: int, leap: bool) -> _Month | None:
    for candidate in _months_of(year):
        if candidate.number == month and candidate.leap == leap:
            return candidate
    return None


def from_lunar(year: int, month: int, day: int, leap: bool = False) -> date:
    """The Gregorian date of a lunar date.

    Raises ValueError naming the part that does not exist: a month outside
    1..12, a leap month the year does not have, or a day past the month's
    end (day 30 of a 29-day month).
    """
    if not 1 <= month <= 12:
        raise ValueError(f"lunar month {month} does not exist (months are 1 to 12)")
    found = _find_month(year, month, leap)
    if found is None:
        raise ValueError(
            f"lunar year {year} has no leap month {month} ({_month_name(month, leap=True)})"
        )
    if not 1 <= day <= found.days:
        raise ValueError(
            f"lunar {year} {'leap ' if leap else ''}month {month} has {found.days} days, "
            f"not day {day}"
        )
    return found.first + timedelta(days=day - 1)


def lunar_anniversary(born: date, lunar_year: int) -> date:
    """The Gregorian date of `born`'s lunar anniversary in lunar year `lunar_year`.

    The rules families follow, so the reminder lands on the day they keep:
    - born in a leap month (闰月): celebrated in the ordinary month of the
      same number — the leap month itself returns only every few decades,
      and when a year has both, the ordinary (first) one is the birthday;
    - born on day 30 when that month has only 29 days in `lunar_year`:
      celebrated on day 29, the month's last day (never spilled into the
      next month);
    - everyone else: the same month and day.
    """
    lunar = to_lunar(born)
    month = _find_month(lunar_year, lunar.month, leap=False)
    if month is None:  # every lunar year has all twelve ordinary months
        raise ValueError(f"lunar year {lunar_year} has no month {lunar.month}")
    return month.first + timedelta(days=min(lunar.day, month.days) - 1)


def solar_anniversary(born: date, year: int) -> date:
    """`born`'s Gregorian anniversary in `year`; 29 February falls on 28 February in common years.

    28 February keeps the greeting inside the birthday month, which is how
    people born on a leap day usually celebrate (rather than 1 March).
    """
    try:
        return born.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def anniversaries_between(
    born: date, start: date, end: date, *, lunar: bool
) -> list[tuple[int, date]]:
    """Every (year key, Gregorian date) anniversary of `born` within [start, end], in order.

    Only years after the year of birth count. The year key is the Gregorian
    year for a solar anniversary and the lunar year for a lunar one, so a
    birthday in 腊月 of lunar year 2026 that falls in January 2027 keeps the
    key 2026 (reminder ids built from it stay the same on every laptop).
    """
    if end < start:
        return []
    if lunar:
        first_key = max(to_lunar(born).year + 1, to_lunar(start).year)
        keys = range(first_key, to_lunar(end).year + 1)
        pairs = [(key, lunar_anniversary(born, key)) for key in keys]
    else:
        keys = range(max(born.year + 1, start.year), end.year + 1)
        pairs = [(key, solar_anniversary(born, key)) for key in keys]
    return [(key, when) for key, when in pairs if start <= when <= end]
