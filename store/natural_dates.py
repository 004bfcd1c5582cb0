"""Natural date entry: what a manager types into a date field, read as a date.

Managers plan in words ("下周三", "月底", "+2w", "next fri"), not in ISO
dates, so every date field in clientdesk reads the same forms through
`parse_date` and shows the same live preview through `describe`.

The forms are a table (`_FORMS`): each entry is one regular expression and
one small function from its match to a date, so a new form is one line in
the table and one function, and the order of the table is the only
precedence there is. Text is normalised first (full-width digits and
punctuation to ASCII, lower case, runs of spaces to one), then matched whole.

Where a form names a day without saying which one ("12-5", "5号", "fri"),
`prefer` decides: "future" takes the first such day on or after `today`
(planning a visit), "past" the last on or before it (logging one).

Nothing here reads the clock: `today` is always passed in, so the caller
decides whose today it is (the manager's zone) and tests fix it.
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final, Literal

from store.errors import ClientdeskError
from store.i18n import t

__all__ = ["MAX_YEAR", "MIN_YEAR", "DateParseError", "Prefer", "describe", "parse_date"]

Prefer = Literal["future", "past"]

#: Years a typed date may fall in: wide enough for any birth date or plan,
#: narrow enough that "20261" or "+999y" is caught as a typing slip.
MIN_YEAR: Final = 1900
MAX_YEAR: Final = 2100


class DateParseError(ClientdeskError, ValueError):
    """What was typed is not a usable date; `str(exc)` says why, translated.

    `text` is what the manager typed (quoted in the message so they see what
    was read), `key`/`params` the catalog reason, for tests and callers that
    want to show the reason without the quote.
    """

    def __init__(self, text: str, reason: str, **params: Any) -> None:
        self.text = text
        super().__init__(reason, **params)

    def message(self) -> str:
        reason = t(self.key, **self.params)
        return (
            t("natural_dates.cannot_read", text=self.text, reason=reason) if self.text else reason
        )


class _Problem(Exception):
    """A form matched but names no usable date; `parse_date` adds the text."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


_Resolver = Callable[[re.Match[str], date, Prefer], date]


@dataclass(frozen=True)
class _Form:
    """One way of writing a date: the whole text must match `pattern`."""

    pattern: re.Pattern[str]
    resolve: _Resolver


# --- building dates, with the reason when one does not exist ---------------------------


def _month_label(month: int) -> str:
    return t(f"natural_dates.month.{month}")


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _Problem("natural_dates.year_range", low=MIN_YEAR, high=MAX_YEAR)


def _check_month_day(month: int, day: int) -> None:
    """Refuse a month or a day that no year has (month 13, 2-30, 4-31)."""
    if not 1 <= month <= 12:
        raise _Problem("natural_dates.no_month", month=month)
    if not 1 <= day <= monthrange(2000, month)[1]:  # 2000 is a leap year: 2-29 passes here
        raise _Problem("natural_dates.no_day", month=_month_label(month), day=day)


def _make(year: int, month: int, day: int) -> date:
    """The date, or a `_Problem` naming the part that does not exist."""
    _check_year(year)
    _check_month_day(month, day)
    if day > monthrange(year, month)[1]:  # only 29 February of a common year gets here
        raise _Problem(
            "natural_dates.no_day_in_year", year=year, month=_month_label(month), day=day
        )
    return date(year, month, day)


def _add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the month's end (31 Jan + 1m = 28/29 Feb)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    _check_year(year)
    return date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))


def _on_side(candidate: date, today: date, prefer: Prefer) -> bool:
    return candidate >= today if prefer == "future" else candidate <= today


# --- vocabulary --------------------------------------------------------------------------

_WEEKDAYS: Final[dict[str, int]] = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "weds": 2, "wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4, "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
    "一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
}  # fmt: skip

_DAY_WORDS: Final[dict[str, int]] = {
    "today": 0, "tomorrow": 1, "yesterday": -1,
    "今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3,
    "昨天": -1, "昨日": -1, "前天": -2, "大前天": -3,
}  # fmt: skip

#: Which week, month or year a prefix points at, relative to today's.
_SHIFTS: Final[dict[str | None, int]] = {
    None: 0, "this": 0, "本": 0, "这": 0, "今": 0,
    "next": 1, "下": 1, "明": 1, "last": -1, "上": -1, "去": -1,
}  # fmt: skip

#: Whether a month/year edge is its last day (True) or its first (False).
_EDGES: Final[dict[str, bool]] = {
    "初": False, "start": False, "beginning": False, "底": True, "末": True, "end": True,
}  # fmt: skip

_UNITS: Final[dict[str, str]] = {
    "d": "day", "day": "day", "days": "day", "天": "day", "日": "day",
    "w": "week", "wk": "week", "wks": "week", "week": "week", "weeks": "week",
    "周": "week", "星期": "week", "个星期": "week", "礼拜": "week", "个礼拜": "week",
    "m": "month", "mo": "month", "month": "month", "months": "month",
    "个月": "month", "月": "month",
    "y": "year", "yr": "year", "yrs": "year", "year": "year", "years": "year", "年": "year",
}  # fmt: skip

_ZH_DIGITS: Final[dict[str, int]] = {
    "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first so "tues" wins over "tue"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _count(text: str) -> int:
    """A count written in digits or in Chinese up to 99 ("3", "三", "两", "十五", "二十")."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return _ZH_DIGITS[text]
    tens, ones = text.split("十")
    return _ZH_DIGITS.get(tens, 1) * 10 + _ZH_DIGITS.get(ones, 0)


def _shift(today: date, count: int, unit: str) -> date:
    if unit == "day":
        return today + timedelta(days=count)
    if unit == "week":
        return today + timedelta(weeks=count)
    return _add_months(today, count * (12 if unit == "year" else 1))


# --- resolvers: one per form, from a match to a date ----------------------------------


def _full_date(m: re.Match[str], today: date, prefer: Prefer) -> date:
    return _make(int(m["y"]), int(m["m"]), int(m["d"]))


def _month_day(m: re.Match[str], today: date, prefer: Prefer) -> date:
    """12-5: this year's, unless that is on the wrong side of today for `prefer`.

    29 February is not hunted for across years: "2-29" typed in 2026 names
    2027's, which does not exist, and says so, rather than jumping to 2028.
    """
    month, day = int(m["m"]), int(m["d"])
    _check_month_day(month, day)
    year = today.year
    if prefer == "future" and (month, day) < (today.month, today.day):
        year += 1
    elif prefer == "past" and (month, day) > (today.month, today.day):
        year -= 1
    return _make(year, month, day)


def _day_of_month(m: re.Match[str], today: date, prefer: Prefer) -> date:
    """5号: this month's 5th, else the nearest month's in the direction of `prefer`.

    A day the month lacks is skipped to the next month that has it ("31号"
    typed on 28 November is 31 December).
    """
    day = int(m["d"])
    if not 1 <= day <= 31:
        raise _Problem("natural_dates.no_day_any_month", day=day)
    step = 1 if prefer == "future" else -1
    for months in range(0, 4 * step, step):
        first = _add_months(today.replace(day=1), months)
        if day <= monthrange(first.year, first.month)[1]:
            candidate = first.replace(day=day)
            if _on_side(candidate, today, prefer):
                return candidate
    raise AssertionError("every day 1..31 recurs within four months")  # pragma: no cover


def _signed(m: re.Match[str], today: date, prefer: Prefer) -> date:
    """+3d, -2w, +1m, +1y, 3天; no unit means days (+3)."""
    count = _count(m["n"]) * (-1 if m["sign"] == "-" else 1)
    return _shift(today, count, _UNITS[m["unit"] or "d"])


def _zh_relative(m: re.Match[str], today: date, prefer: Prefer) -> date:
    """3天后, 两周后, 1个月后, 3天前."""
    count = _count(m["n"]) * (-1 if m["dir"].endswith("前") else 1)
    return _shift(today, count, _UNITS[m["unit"]])


def _en_relative(m: re.Match[str], today: date, prefer: Prefer) -> date:
    """in 3 days, 2 weeks ago."""
    count = int(m["n"]) * (-1 if m["ago"] else 1)
    return _shift(today, count, _UNITS[m["unit"]])


def _day_word(m: re.Match[str], today: date, prefer: Prefer) -> date:
    return today + timedelta(days=_DAY_WORDS[m[0]])


def _weekday(m: re.Match[str], today: date, prefer: Prefer) -> date:
    """fri, 周三: the next such day on or after today ("past": the last on or before)."""
    weekday = _WEEKDAYS[m["wd"]]
    if prefer == "future":
        return today + timedelta(days=(weekday - today.weekday()) % 7)
    return today - timedelta(days=(today.weekday() - weekday) % 7)


def _week_weekday(m: re.Match[str], today: date, prefer: Prefer) -> date:
    """next fri, 下周三, 本周三, 上周五: that day of a Monday-to-Sunday week."""
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(weeks=_SHIFTS[m["which"]], days=_WEEKDAYS[m["wd"]])


def _month_edge(m: re.Match[str], today: date, prefer: Prefer) -> date:
    """月底, 下月初, 下月底, end of next month."""
    first = _add_months(today.replace(day=1), _SHIFTS[m["which"]])
    if _EDGES[m["edge"]]:
        return first.replace(day=monthrange(first.year, first.month)[1])
    return first


def _year_edge(m: re.Match[str], today: date, prefer: Prefer) -> date:
    """年底, 明年初, end of year."""
    year = today.year + _SHIFTS[m["which"]]
    _check_year(year)
    return date(year, 12, 31) if _EDGES[m["edge"]] else date(year, 1, 1)


# --- the table of forms --------------------------------------------------------------

_ZH_NUM = r"\d{1,4}|[一二两三四五六七八九]|[一二两三四五六七八九]?十[一二三四五六七八九]?"
_ZH_WEEK = r"(?:周|星期|礼拜)"
_ZH_WD = r"(?P<wd>[一二三四五六日天])"
_EN_WD = rf"(?P<wd>{_alt(w for w in _WEEKDAYS if w.isascii())})"
_ZH_UNITS = _alt(u for u in _UNITS if not u.isascii())
_EN_UNITS = _alt(("day", "days", "week", "weeks", "month", "months", "year", "years"))
# A bare "5日" is the 5th and "3月" is March, so only a sign makes 日 and 月 units.
_BARE_UNITS = _alt(u for u in _UNITS if u not in ("日", "月"))


def _form(regex: str, resolve: _Resolver) -> _Form:
    return _Form(re.compile(regex), resolve)


_FORMS: Final[tuple[_Form, ...]] = (
    _form(r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})", _full_date),
    _form(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})", _full_date),
    _form(r"(?P<y>\d{4}) ?年 ?(?P<m>\d{1,2}) ?月 ?(?P<d>\d{1,2}) ?[日号]?", _full_date),
    _form(r"(?P<m>\d{1,2})(?P<sep>[-/.])(?P<d>\d{1,2})", _month_day),
    _form(r"(?P<m>\d{1,2}) ?月 ?(?P<d>\d{1,2}) ?[日号]?", _month_day),
    _form(r"(?P<d>\d{1,2}) ?[日号]", _day_of_month),
    _form(rf"(?P<sign>[+-]) ?(?P<n>\d{{1,4}}) ?(?P<unit>{_alt(_UNITS)})?", _signed),
    _form(rf"(?P<sign>)(?P<n>\d{{1,4}}) ?(?P<unit>{_BARE_UNITS})", _signed),
    _form(rf"(?P<n>{_ZH_NUM}) ?(?P<unit>{_ZH_UNITS}) ?(?P<dir>[以之]?[后前])", _zh_relative),
    _form(rf"in (?P<n>\d{{1,4}}) (?P<unit>{_EN_UNITS})(?P<ago>)", _en_relative),
    _form(rf"(?P<n>\d{{1,4}}) (?P<unit>{_EN_UNITS}) (?P<ago>ago)", _en_relative),
    _form(_alt(_DAY_WORDS), _day_word),
    _form(_EN_WD, _weekday),
    _form(_ZH_WEEK + _ZH_WD, _weekday),
    _form(rf"(?P<which>next|this|last) {_EN_WD}", _week_weekday),
    _form(rf"(?P<which>[下本这上])个? ?{_ZH_WEEK}{_ZH_WD}", _week_weekday),
    _form(r"(?:(?P<which>[上下本这])个?)?月(?P<edge>[初底末])", _month_edge),
    _form(r"(?P<edge>start|beginning|end) of (?:(?P<which>this|next|last) )?month", _month_edge),
    _form(r"(?P<which>[去今明])?年(?P<edge>[初底末])", _year_edge),
    _form(r"(?P<edge>start|beginning|end) of (?:(?P<which>this|next|last) )?year", _year_edge),
)

# Dashes and minus signs people paste that NFKC leaves alone.
_DASHES: Final = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-", "\u2010": "-"})
_SPACES: Final = re.compile(r"\s+")


def _normalise(text: str) -> str:
    """Full-width to ASCII, lower case, one space between words, none at the ends."""
    folded = unicodedata.normalize("NFKC", text).translate(_DASHES).lower()
    return _SPACES.sub(" ", folded).strip()


# --- public ----------------------------------------------------------------------------


def parse_date(text: str, today: date, *, prefer: Prefer = "future") -> date:
    """The date `text` names, seen from `today`.

    Raises `DateParseError` (a `ValueError`) whose message names the problem:
    nothing typed, text that is no known form (with examples of what works),
    a date that does not exist ("2月没有30日"), or a year outside
    `MIN_YEAR`..`MAX_YEAR`.
    """
    typed = text.strip()
    normal = _normalise(text)
    if not normal:
        raise DateParseError("", "natural_dates.empty")
    for form in _FORMS:
        match = form.pattern.fullmatch(normal)
        if match is None:
            continue
        try:
            day = form.resolve(match, today, prefer)
            _check_year(day.year)
        except _Problem as problem:
            raise DateParseError(typed, problem.reason, **problem.params) from None
        except OverflowError:  # beyond Python's dates altogether: -9999w from 1900
            raise DateParseError(
                typed, "natural_dates.year_range", low=MIN_YEAR, high=MAX_YEAR
            ) from None
        return day
    raise DateParseError(typed, "natural_dates.examples")


_NEAR: Final[dict[int, str]] = {
    0: "today", 1: "tomorrow", 2: "day_after", -1: "yesterday", -2: "day_before",
}  # fmt: skip


def _relative(day: date, today: date) -> str:
    """How far `day` is from `today` in words: 后天 / in 12 days / 3天前."""
    delta = (day - today).days
    if delta in _NEAR:
        return t(f"natural_dates.rel.{_NEAR[delta]}")
    key = "natural_dates.rel.ahead" if delta > 0 else "natural_dates.rel.ago"
    return t(key, days=abs(delta))


def describe(text: str, today: date, *, prefer: Prefer = "future") -> tuple[date | None, str]:
    """The live preview under a date field: the date and a line to show.

    ``(date(2026, 12, 2), "2026-12-02 周三 · 后天")`` when `text` reads, so the
    manager sees which day they are about to accept; ``(None, reason)`` when
    it does not. A day off (holiday or weekend) adds the working-day
    calendar's warning on a second line, so a visit is not planned on
    National Day by accident.
    """
    try:
        day = parse_date(text, today, prefer=prefer)
    except DateParseError as exc:
        return None, str(exc)
    line = t(
        "natural_dates.preview",
        date=day.isoformat(),
        weekday=t(f"calendar_days.weekday.{day.weekday()}"),  # shared with store.workdays
        relative=_relative(day, today),
    )
    # Imported here: the holiday calendar loads python-holidays, which the
    # desk must not pay for at start-up.
    from store.workdays import holiday_warning

    warning = holiday_warning(day)
    return day, line if warning is None else f"{line}\n{warning}"
