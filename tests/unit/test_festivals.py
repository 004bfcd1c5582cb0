"""Festival dates against published dates and against python-holidays' own lunar calendar."""

from __future__ import annotations

from datetime import date

import pytest

from store import i18n
from store.festivals import FESTIVALS, festival_date, festivals_between, occasion_name
from store.vocab import Occasion

PERSONAL = {Occasion.BIRTHDAY, Occasion.WEDDING, Occasion.CONTACT_BIRTHDAY}


@pytest.mark.parametrize(
    ("occasion", "expected"),
    [
        ("spring_festival", date(2024, 2, 10)),
        ("spring_festival", date(2025, 1, 29)),
        ("spring_festival", date(2026, 2, 17)),
        ("spring_festival", date(2027, 2, 6)),
        ("lantern", date(2025, 2, 12)),
        ("lantern", date(2026, 3, 3)),
        ("dragon_boat", date(2024, 6, 10)),
        ("dragon_boat", date(2025, 5, 31)),
        ("dragon_boat", date(2026, 6, 19)),
        ("mid_autumn", date(2024, 9, 17)),
        ("mid_autumn", date(2025, 10, 6)),
        ("mid_autumn", date(2026, 9, 25)),
        ("mothers_day", date(2025, 5, 11)),
        ("mothers_day", date(2026, 5, 10)),
        ("mothers_day", date(2027, 5, 9)),
        ("fathers_day", date(2025, 6, 15)),
        ("fathers_day", date(2026, 6, 21)),
        ("fathers_day", date(2027, 6, 20)),
        ("new_year", date(2026, 1, 1)),
        ("national_day", date(2026, 10, 1)),
        ("christmas", date(2026, 12, 25)),
    ],
)
def test_festival_dates_match_published_dates(occasion: str, expected: date) -> None:
    assert festival_date(occasion, expected.year) == expected


def test_festival_date_accepts_the_occasion_enum() -> None:
    assert festival_date(Occasion.SPRING_FESTIVAL, 2026) == date(2026, 2, 17)


_HOLIDAYS_NAMES = {
    "spring_festival": "Chinese New Year (Spring Festival)",
    "dragon_boat": "Dragon Boat Festival",
    "mid_autumn": "Mid-Autumn Festival",
}


@pytest.mark.parametrize("occasion", sorted(_HOLIDAYS_NAMES))
def test_lunar_festivals_agree_with_python_holidays_2008_to_2060(occasion: str) -> None:
    """python-holidays computes these from its own lunisolar tables: a second source."""
    import holidays

    for year in range(2008, 2061):
        china = holidays.China(years=year, language="en_US", observed=False)
        first = min(day for day, name in china.items() if _HOLIDAYS_NAMES[occasion] in name)
        assert festival_date(occasion, year) == first, year


def test_mothers_and_fathers_days_are_the_right_sundays() -> None:
    for year in range(2020, 2041):
        mothers, fathers = festival_date("mothers_day", year), festival_date("fathers_day", year)
        assert mothers.weekday() == 6 and mothers.month == 5 and 8 <= mothers.day <= 14
        assert fathers.weekday() == 6 and fathers.month == 6 and 15 <= fathers.day <= 21


@pytest.mark.parametrize("occasion", ["birthday", "wedding", "contact_birthday", "easter", ""])
def test_festival_date_refuses_what_is_not_a_festival(occasion: str) -> None:
    with pytest.raises(ValueError, match="not a festival"):
        festival_date(occasion, 2026)


def test_festivals_are_every_non_personal_occasion() -> None:
    assert set(FESTIVALS) == {o.value for o in Occasion} - {o.value for o in PERSONAL}
    assert FESTIVALS[0] == "new_year" and FESTIVALS[-1] == "christmas"


def test_festivals_between_a_whole_year_sorted_by_date() -> None:
    found = festivals_between(date(2026, 1, 1), date(2026, 12, 31))
    assert found == [
        ("new_year", date(2026, 1, 1)),
        ("spring_festival", date(2026, 2, 17)),
        ("lantern", date(2026, 3, 3)),
        ("mothers_day", date(2026, 5, 10)),
        ("dragon_boat", date(2026, 6, 19)),
        ("fathers_day", date(2026, 6, 21)),
        ("mid_autumn", date(2026, 9, 25)),
        ("national_day", date(2026, 10, 1)),
        ("christmas", date(2026, 12, 25)),
    ]


def test_festivals_between_sorts_mid_autumn_after_national_day_in_2025() -> None:
    found = festivals_between(date(2025, 9, 1), date(2025, 10, 31))
    assert found == [("national_day", date(2025, 10, 1)), ("mid_autumn", date(2025, 10, 6))]


def test_festivals_between_crosses_the_new_year() -> None:
    found = festivals_between(date(2026, 12, 20), date(2027, 2, 28))
    assert found == [
        ("christmas", date(2026, 12, 25)),
        ("new_year", date(2027, 1, 1)),
        ("spring_festival", date(2027, 2, 6)),
        ("lantern", date(2027, 2, 20)),
    ]


def test_festivals_between_a_single_day_and_an_empty_window() -> None:
    assert festivals_between(date(2026, 9, 25), date(2026, 9, 25)) == [
        ("mid_autumn", date(2026, 9, 25))
    ]
    assert festivals_between(date(2026, 11, 1), date(2026, 11, 30)) == []
    assert festivals_between(date(2026, 12, 31), date(2026, 1, 1)) == []


@pytest.mark.parametrize(
    ("occasion", "zh", "en"),
    [
        ("spring_festival", "春节", "Spring Festival"),
        ("mid_autumn", "中秋节", "Mid-Autumn Festival"),
        ("mothers_day", "母亲节", "Mother's Day"),
        ("birthday", "生日", "Birthday"),
        ("wedding", "结婚纪念日", "Wedding anniversary"),
        ("contact_birthday", "高管生日", "Key contact's birthday"),
    ],
)
def test_occasion_name_in_both_languages(occasion: str, zh: str, en: str) -> None:
    assert occasion_name(occasion) == en
    i18n.set_language("zh")
    assert occasion_name(occasion) == zh


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_occasion_has_a_name(language: i18n.Language) -> None:
    i18n.set_language(language)
    names = [occasion_name(occasion) for occasion in Occasion]
    assert all(not name.startswith("occasion.") for name in names)
    assert len(set(names)) == len(names)
