"""tui.format.birth_date: a lunar-birthday person's birth date is shown as Gregorian.

"1990-02-15（农历）" read as if 1990-02-15 were a lunar date; the date is the
Gregorian birth date of someone who keeps the lunar birthday, so the lunar
day they keep is named beside it. Lunar days checked against published
calendars: Spring Festival 1990 was 27 January (so 15 February is 正月二十),
1987 had a leap sixth month from 26 July, 2023 a leap second month from
22 March.
"""

from __future__ import annotations

from datetime import date

import pytest

from store import i18n
from tui.format import birth_date


@pytest.mark.parametrize(
    ("born", "zh", "en"),
    [
        (date(1990, 2, 15), "1990-02-15（过农历生日：正月二十）",
         "1990-02-15 (keeps the lunar birthday, 1st month day 20)"),
        (date(1990, 1, 15), "1990-01-15（过农历生日：腊月十九）",
         "1990-01-15 (keeps the lunar birthday, 12th month day 19)"),
        (date(2023, 3, 25), "2023-03-25（过农历生日：闰二月初四）",
         "2023-03-25 (keeps the lunar birthday, leap 2nd month day 4)"),
        (date(1987, 7, 25), "1987-07-25（过农历生日：六月三十）",
         "1987-07-25 (keeps the lunar birthday, 6th month day 30)"),
    ],
)  # fmt: skip
def test_a_lunar_birthday_names_the_lunar_day_kept(born: date, zh: str, en: str) -> None:
    assert birth_date(born, True) == en
    i18n.set_language("zh")  # the autouse fixture puts English back
    assert birth_date(born, True) == zh


def test_the_short_form_fits_a_table_column() -> None:
    assert birth_date(date(2023, 3, 25), True, short=True) == "2023-03-25, lunar leap 2/4"
    i18n.set_language("zh")
    assert birth_date(date(1990, 2, 15), True, short=True) == "1990-02-15 农历正月二十"


def test_a_solar_birthday_is_the_date_alone() -> None:
    assert birth_date(date(1990, 2, 15), False) == "1990-02-15"
    assert birth_date(date(1990, 2, 15), False, short=True) == "1990-02-15"
