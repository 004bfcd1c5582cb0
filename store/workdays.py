"""Mainland China's working days: public holidays, 调休 make-up workdays, warnings.

The State Council publishes each year's holiday schedule in November or
December of the year before, moving days off next to the holidays and
making some weekend days working days (调休). python-holidays keeps those
published schedules (`holidays.China`: the days off, and `weekend_workdays`
for the make-up days); it is imported lazily and read once per year.

"Official": a year is official when the installed python-holidays carries
the State Council's substitutions for it — its `special_public_holidays`
has 调休 entries for that year. Years after the last such year (and before
the first, 2001) are the library's estimate: the statutory days moved off
weekends by its observed-day rule, no make-up workdays. `DayInfo.official`
and the "(estimated)" in `holiday_warning` say so, and upgrading the
package after the State Council publishes makes them official; no year is
hard-coded here.

Holiday names follow the official notices, which name a whole period
("国庆节：10月1日至7日放假调休"): a weekend day, moved day off (休息日（由
… 调休）) or observed day that belongs to a holiday period is named after
the period's holiday, so a calendar cell shows "国庆节", not a substitution
note; a day that is itself a statutory holiday keeps its own name (2025-10-06
is 中秋节 inside the National Day week).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from store.festivals import festivals_between, occasion_name
from store.i18n import current_language, t

_SATURDAY = 5
# python-holidays' language codes for ours.
_HOLIDAY_LANGUAGES = {"zh": "zh_CN", "en": "en_US"}
# How far a holiday period can reach across New Year (the longest periods are ~10 days).
_YEAR_MARGIN = timedelta(days=16)
# No period of days off is this long, so looking back further means a bug.
_MAX_LOOKBACK = 60


@dataclass(frozen=True)
class DayInfo:
    """What the calendar needs to know about one day."""

    day: date
    holiday: str | None  # public holiday / day-off period name, current language
    workday: bool  # ordinary weekdays and 调休 make-up weekend days
    makeup: bool  # a weekend day that is a working day (调休上班)
    festival: str | None  # festivals falling on the day, even when not a day off
    official: bool  # False when the year's schedule is the library's estimate


@dataclass(frozen=True)
class _Year:
    """One Gregorian year of python-holidays' China data in one language."""

    days_off: dict[date, tuple[str, ...]]  # every holiday entry, its names
    named: dict[date, tuple[str, ...]]  # statutory holidays only (not moved / observed)
    makeup: frozenset[date]  # weekend days that are working days


def _china(year: int, language: str, *, observed: bool = True) -> Any:
    import holidays

    return holidays.China(years=year, language=language, observed=observed)


@lru_cache(maxsize=32)
def _raw_year(year: int, language: str) -> _Year:
    """The holiday entries of `year`, split into statutory and moved/observed days.

    A substituted day off (from `special_public_holidays` entries with a
    source date) and an observed day (present only with observed=True) are
    not statutory holidays; every other entry is.
    """
    full = _china(year, language)
    plain = _china(year, language, observed=False)
    moved = {
        date(year, entry[0], entry[1])
        for entry in full.special_public_holidays.get(year, ())
        if len(entry) >= 4
    }
    return _Year(
        days_off={day: tuple(full.get_list(day)) for day in full},
        named={day: tuple(plain.get_list(day)) for day in plain if day not in moved},
        makeup=frozenset(day for day in full.weekend_workdays),
    )


@lru_cache(maxsize=1)
def _published_years() -> range:
    """The years whose State Council schedule the installed python-holidays carries."""
    substituted = [
        year
        for year, entries in _china(2000, "zh_CN").special_public_holidays.items()
        if any(len(entry) >= 4 for entry in entries)
    ]
    return range(min(substituted), max(substituted) + 1) if substituted else range(0)


def is_official(year: int) -> bool:
    """True when `year`'s holidays and make-up days are the published schedule, not estimates."""
    return year in _published_years()


def _is_makeup(day: date) -> bool:
    # A make-up day in late December can belong to the next year's schedule.
    return day.weekday() >= _SATURDAY and any(
        day in _raw_year(year, "zh_CN").makeup for year in (day.year, day.year + 1)
    )


def _is_off(day: date) -> bool:
    if day in _raw_year(day.year, "zh_CN").days_off:
        return True
    return day.weekday() >= _SATURDAY and not _is_makeup(day)


def _period_name(run: list[date], language: str) -> str | None:
    """The holiday a run of consecutive days off is named after, or None for a plain weekend.

    The statutory name met most often in the run (春节 beats 农历除夕);
    ties go to the earliest.
    """
    names: list[str] = []
    labels: list[str] = []
    for day in run:
        year = _raw_year(day.year, language)
        labels += year.days_off.get(day, ())
        names += year.named.get(day, ())
    if not labels:
        return None
    if not names:  # only moved / observed days: fall back on their own labels
        return labels[0]
    counts = Counter(names)
    return max(names, key=lambda name: (counts[name], -names.index(name)))


@lru_cache(maxsize=32)
def _holiday_names(year: int, language: str) -> dict[date, str]:
    """The holiday name of every day off in `year` that belongs to a holiday period."""
    names: dict[date, str] = {}
    day, last = date(year, 1, 1) - _YEAR_MARGIN, date(year, 12, 31) + _YEAR_MARGIN
    run: list[date] = []
    while day <= last + timedelta(days=1):
        if day <= last and _is_off(day):
            run.append(day)
        elif run:
            period = _period_name(run, language)
            for member in run:
                own = _raw_year(member.year, language).named.get(member)
                name = " / ".join(own) if own else period
                if member.year == year and name:
                    names[member] = name
            run = []
        day += timedelta(days=1)
    return names


def _festival_names(start: date, end: date) -> dict[date, str]:
    by_day: dict[date, list[str]] = {}
    for occasion, when in festivals_between(start, end):
        by_day.setdefault(when, []).append(occasion_name(occasion))
    return {when: t("calendar_days.festival_join").join(names) for when, names in by_day.items()}


def _info(day: date, festival: str | None) -> DayInfo:
    language = _HOLIDAY_LANGUAGES[current_language()]
    return DayInfo(
        day=day,
        holiday=_holiday_names(day.year, language).get(day),
        workday=not _is_off(day),
        makeup=_is_makeup(day),
        festival=festival,
        official=is_official(day.year),
    )


def day_info(day: date) -> DayInfo:
    """Holiday, working-day and festival facts about one day, names in the current language."""
    return _info(day, _festival_names(day, day).get(day))


def days_info(start: date, end: date) -> dict[date, DayInfo]:
    """`day_info` for every day of [start, end] (a month grid) in one call."""
    festivals = _festival_names(start, end)
    count = (end - start).days + 1
    days = (start + timedelta(days=offset) for offset in range(max(count, 0)))
    return {day: _info(day, festivals.get(day)) for day in days}


def is_workday(day: date) -> bool:
    """True on ordinary weekdays and 调休 make-up weekend days; False on holidays and weekends."""
    return not _is_off(day)


def previous_workday(day: date) -> date:
    """The last working day strictly before `day`."""
    candidate = day - timedelta(days=1)
    for _ in range(_MAX_LOOKBACK):
        if is_workday(candidate):
            return candidate
        candidate -= timedelta(days=1)
    raise ValueError(f"no working day in the {_MAX_LOOKBACK} days before {day.isoformat()}")


def days_off_ahead(days: Iterable[date], today: date) -> dict[date, date]:
    """Each of `days` from `today` on that is a weekend or holiday, with the working day before.

    For lists of due dates (my day, the due list): a visit due on a day off
    is made on the working day before it, which is only worth saying while
    that day can still come. Call it off the UI thread: the holiday tables
    are built on first use.
    """
    return {day: previous_workday(day) for day in set(days) if day >= today and _is_off(day)}


def _weekday(day: date) -> str:
    return t(f"calendar_days.weekday.{day.weekday()}")


def holiday_warning(day: date) -> str | None:
    """None on a working day; else one sentence naming the day off and the previous working day.

    "2026-10-03 是国庆节假期；前一个工作日是 2026-09-30（周三）" /
    "2026-10-03 is a public holiday, National Day; the previous working
    day is Wed 2026-09-30". A plain weekend names the weekday instead; a
    year whose schedule is not yet published is marked as estimated.
    """
    if is_workday(day):
        return None
    before = previous_workday(day)
    previous = t("calendar_days.previous_day", day=before.isoformat(), weekday=_weekday(before))
    estimated = "" if is_official(day.year) else t("calendar_days.estimated")
    holiday = day_info(day).holiday
    if holiday is not None:
        return t(
            "calendar_days.warning.holiday",
            day=day.isoformat(),
            holiday=holiday,
            estimated=estimated,
            previous=previous,
        )
    return t(
        "calendar_days.warning.weekend",
        day=day.isoformat(),
        weekday=t(f"calendar_days.weekday_long.{day.weekday()}"),
        estimated=estimated,
        previous=previous,
    )
