"""The festivals managers greet clients on, and the names of every greeting occasion.

Lunar festivals (春节, 元宵, 端午, 中秋) come from `store.lunar`, which
reads lunar_python; the others are fixed dates or "the n-th Sunday" rules.
Nothing heavy is imported here at module level.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache

from store.i18n import t
from store.lunar import from_lunar

_SUNDAY = 6


def _nth_sunday(year: int, month: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(_SUNDAY - first.weekday()) % 7 + 7 * (n - 1))


# Occasion value -> the festival's date in a Gregorian year. A lunar festival
# is taken from the lunar year that starts in that Gregorian year (lunar
# year N always begins in January or February of year N).
_RULES: dict[str, Callable[[int], date]] = {
    "new_year": lambda year: date(year, 1, 1),
    "spring_festival": lambda year: from_lunar(year, 1, 1),
    "lantern": lambda year: from_lunar(year, 1, 15),
    "mothers_day": lambda year: _nth_sunday(year, 5, 2),
    "dragon_boat": lambda year: from_lunar(year, 5, 5),
    "fathers_day": lambda year: _nth_sunday(year, 6, 3),
    "mid_autumn": lambda year: from_lunar(year, 8, 15),
    "national_day": lambda year: date(year, 10, 1),
    "christmas": lambda year: date(year, 12, 25),
}

# The festival occasions in their usual calendar order (端午 can fall after
# 父亲节 and 中秋 after 国庆 in some years; `festivals_between` sorts by date).
FESTIVALS: tuple[str, ...] = tuple(_RULES)


def festival_date(occasion: str, year: int) -> date:
    """The Gregorian date of festival `occasion` (an Occasion value) in Gregorian `year`.

    Raises ValueError for an occasion that is not a festival (birthday,
    wedding, contact_birthday, or an unknown word): those depend on a person.
    """
    rule = _RULES.get(str(occasion))
    if rule is None:
        raise ValueError(f"{occasion!r} is not a festival (festivals: {', '.join(FESTIVALS)})")
    return _festival_date(str(occasion), year)


@lru_cache(maxsize=1024)
def _festival_date(occasion: str, year: int) -> date:
    return _RULES[occasion](year)


def festivals_between(start: date, end: date) -> list[tuple[str, date]]:
    """Every (occasion, date) festival within [start, end], sorted by date then calendar order."""
    found = [
        (occasion, when)
        for year in range(start.year, end.year + 1)
        for occasion in FESTIVALS
        if start <= (when := _festival_date(occasion, year)) <= end
    ]
    return sorted(found, key=lambda pair: (pair[1], FESTIVALS.index(pair[0])))


def occasion_name(occasion: str) -> str:
    """The occasion's name in the current language: "春节" / "Spring Festival", "生日" / …

    An unknown occasion shows as its catalog key ("occasion.xyz"), like any
    missing message, so it is noticed rather than crashing a screen.
    """
    return t(f"occasion.{occasion}")
