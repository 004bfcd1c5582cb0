"""`[greetings]` in the config file: the seed's defaults, a branch's own rules, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.config import Config, load_config
from store.greeting_config import DEFAULT_GREETINGS, GreetingRule, parse_greetings, parse_tiers

GOLD_UP = frozenset({"gold", "platinum", "diamond", "private"})
PLATINUM_UP = frozenset({"platinum", "diamond", "private"})
DIAMOND_UP = frozenset({"diamond", "private"})


def _load(tmp_path: Path, text: str) -> Config:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_the_defaults_are_the_seeds_social_contact_rules() -> None:
    rules = DEFAULT_GREETINGS.rules
    expected = {
        "birthday": (3, GOLD_UP), "wedding": (3, GOLD_UP), "contact_birthday": (3, GOLD_UP),
        "spring_festival": (7, GOLD_UP), "new_year": (3, PLATINUM_UP),
        "mid_autumn": (3, PLATINUM_UP), "national_day": (3, PLATINUM_UP),
        "lantern": (2, DIAMOND_UP), "dragon_boat": (2, DIAMOND_UP),
        "mothers_day": (2, GOLD_UP), "fathers_day": (2, GOLD_UP), "christmas": (5, GOLD_UP),
    }  # fmt: skip
    assert {name: (rule.lead_days, rule.tiers) for name, rule in rules.items()} == expected
    assert all(rule.occasion == name for name, rule in rules.items())
    assert DEFAULT_GREETINGS.recent_days == 3
    assert DEFAULT_GREETINGS.max_lead == 7


def test_no_section_means_the_defaults(tmp_path: Path) -> None:
    config = _load(tmp_path, '[ui]\nlanguage = "zh"\n')
    assert config.greetings == DEFAULT_GREETINGS
    assert config.problems == ()
    assert Config().greetings == DEFAULT_GREETINGS


def test_a_branchs_own_rules(tmp_path: Path) -> None:
    config = _load(tmp_path, """
[greetings]
recent_days = 5

[greetings.birthday]
lead_days = 5
tiers = "platinum+"

[greetings.christmas]
tiers = []

[greetings.lantern]
tiers = ["gold", "private"]

[greetings.wedding]
lead_days = 0
""")
    assert config.problems == ()
    rules = config.greetings
    assert rules.recent_days == 5
    assert rules.rules["birthday"] == GreetingRule("birthday", 5, PLATINUM_UP)
    # A table replaces only the keys it names.
    assert rules.rules["wedding"] == GreetingRule("wedding", 0, GOLD_UP)
    assert rules.rules["lantern"].tiers == frozenset({"gold", "private"})
    assert rules.rules["lantern"].lead_days == 2
    # No tiers: the occasion is not greeted at all.
    assert rules.rule("christmas") is None
    assert rules.rule("birthday") is not None
    # Occasions not written keep their defaults.
    assert rules.rules["spring_festival"] == DEFAULT_GREETINGS.rules["spring_festival"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("gold+", GOLD_UP),
        (" Diamond+ ", DIAMOND_UP),
        ("gold", frozenset({"gold"})),
        ("standard+", frozenset({"standard"}) | GOLD_UP),
        (["private", "diamond"], DIAMOND_UP),
        (["Private", " DIAMOND "], DIAMOND_UP),  # the list form forgives case like the string
        ([], frozenset()),
    ],
)
def test_tier_forms(value: object, expected: frozenset[str]) -> None:
    assert parse_tiers(value) == expected


@pytest.mark.parametrize("value", ["silver+", ["gold", "vip"], 3, None, "+", [1]])
def test_bad_tiers_are_refused_with_the_choices(value: object) -> None:
    with pytest.raises(ValueError, match="standard, gold, platinum, diamond, private"):
        parse_tiers(value)


def test_a_bad_entry_is_reported_with_file_line_and_key_and_the_defaults_are_used(
    tmp_path: Path,
) -> None:
    config = _load(tmp_path, """[ui]
language = "zh"

[greetings]
recent_days = 3

[greetings.birthday]
lead_days = 120
tiers = "silver+"

[greetings.halloween]
lead_days = 1

[greetings.christmas]
lead_days = "5"
colour = "red"
""")
    path = tmp_path / "config.toml"
    assert config.greetings == DEFAULT_GREETINGS
    assert config.problems == (
        f"{path}:8: greetings.birthday.lead_days = 120: must be between 0 and 90 days",
        f'{path}:9: greetings.birthday.tiers = "silver+": unknown tier "silver+"; expected a'
        ' tier, a tier and "+" ("gold+"), or a list of tiers (standard, gold, platinum,'
        " diamond, private)",
        f"{path}:11: greetings.halloween = {{lead_days = 1}}: unknown occasion; expected"
        " recent_days or an occasion (birthday, wedding, contact_birthday, new_year,"
        " spring_festival, lantern, dragon_boat, mid_autumn, mothers_day, fathers_day,"
        " national_day, christmas)",
        f'{path}:15: greetings.christmas.lead_days = "5": expected a whole number of days',
        f'{path}:16: greetings.christmas.colour = "red": unknown key; expected lead_days or'
        " tiers",
        f"{path}: [greetings] ignored; using the default greetings",
    )
    # The rest of the file still counts.
    assert config.language == "zh"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[greetings]\nrecent_days = -1\n",
         ":2: greetings.recent_days = -1: must be between 0 and 30 days"),
        ("[greetings]\nrecent_days = true\n",
         ":2: greetings.recent_days = true: expected a whole number of days"),
        ('[greetings]\nbirthday = "gold+"\n',
         ':2: greetings.birthday = "gold+": expected a table with lead_days and tiers'),
        ('greetings = "all"\n', ':1: greetings = "all": expected a table'),
    ],
)  # fmt: skip
def test_other_bad_entries(tmp_path: Path, text: str, problem: str) -> None:
    config = _load(tmp_path, text)
    assert config.greetings == DEFAULT_GREETINGS
    assert config.problems[0] == f"{tmp_path / 'config.toml'}{problem}"


def test_parse_greetings_of_nothing_is_the_defaults() -> None:
    assert parse_greetings(None, "", "x.toml") == (DEFAULT_GREETINGS, [])
