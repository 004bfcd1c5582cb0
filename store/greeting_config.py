"""The `[greetings]` section of the config file: who is greeted on which occasion, how early.

```toml
[greetings]
recent_days = 3                  # a missed greeting stays in my day this long after its day
[greetings.birthday]             # an occasion (Occasion values)
lead_days = 3                    # shown from this many days before the day
tiers = "gold+"                  # "gold+" = gold and above; or a list: ["diamond", "private"]
[greetings.christmas]
tiers = []                       # nobody: the occasion is not greeted
```

An occasion table replaces that occasion's defaults key by key (a table
naming only `lead_days` keeps the default tiers); an occasion not written
keeps its defaults (`DEFAULT_GREETINGS`, the seed's social contact rules).
Like `[cadence]` (`store.cadence_config`), a mistyped entry is reported
naming the file, the line and the key, and the whole `[greetings]` section
falls back to the defaults: half a rule set would silently drop greetings.
This module stays light (no lunar library): `store.config` imports it at
start-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

from store.config_problems import BadEntry, choices, shown, whole_section
from store.vocab import Occasion, Tier

__all__ = [
    "DEFAULT_GREETINGS",
    "MAX_LEAD_DAYS",
    "MAX_RECENT_DAYS",
    "GreetingRule",
    "GreetingRules",
    "parse_greetings",
    "parse_tiers",
]

#: Longest lead a greeting may ask for: a Spring Festival gift is ordered weeks ahead,
#: not seasons ahead.
MAX_LEAD_DAYS: Final = 90
#: Longest a missed greeting stays in my day after its day.
MAX_RECENT_DAYS: Final = 30
_TIERS: Final = tuple(tier.value for tier in Tier)  # lowest first


def _from(lowest: Tier) -> frozenset[str]:
    """`lowest` and every tier above it."""
    return frozenset(_TIERS[_TIERS.index(lowest.value):])


@dataclass(frozen=True)
class GreetingRule:
    """One occasion: shown `lead_days` before the day, for clients of `tiers`."""

    occasion: str
    lead_days: int
    tiers: frozenset[str]


@dataclass(frozen=True)
class GreetingRules:
    """The greeting rules by occasion; an occasion absent (or with no tiers) is not greeted."""

    rules: Mapping[str, GreetingRule]
    #: A greeting missed stays in my day this many days after its day.
    recent_days: int = 3

    def rule(self, occasion: str) -> GreetingRule | None:
        """The rule of `occasion` if it greets anybody."""
        found = self.rules.get(occasion)
        return found if found is not None and found.tiers else None

    @property
    def max_lead(self) -> int:
        """The longest lead of any rule: how far ahead a "due" reminder can be."""
        return max((r.lead_days for r in self.rules.values() if r.tiers), default=0)


def _rules(*entries: tuple[Occasion, int, Tier]) -> Mapping[str, GreetingRule]:
    return MappingProxyType({
        occasion.value: GreetingRule(occasion.value, lead, _from(lowest))
        for occasion, lead, lowest in entries
    })  # fmt: skip


#: The seed's social contact rules: a client's own days and Spring Festival for
#: gold and above, the smaller festivals for the best clients.
DEFAULT_GREETINGS: Final = GreetingRules(
    rules=_rules(
        (Occasion.BIRTHDAY, 3, Tier.GOLD),
        (Occasion.WEDDING, 3, Tier.GOLD),
        (Occasion.CONTACT_BIRTHDAY, 3, Tier.GOLD),
        (Occasion.NEW_YEAR, 3, Tier.PLATINUM),
        (Occasion.SPRING_FESTIVAL, 7, Tier.GOLD),
        (Occasion.LANTERN, 2, Tier.DIAMOND),
        (Occasion.DRAGON_BOAT, 2, Tier.DIAMOND),
        (Occasion.MID_AUTUMN, 3, Tier.PLATINUM),
        (Occasion.MOTHERS_DAY, 2, Tier.GOLD),
        (Occasion.FATHERS_DAY, 2, Tier.GOLD),
        (Occasion.NATIONAL_DAY, 3, Tier.PLATINUM),
        (Occasion.CHRISTMAS, 5, Tier.GOLD),
    ),
    recent_days=3,
)


def parse_tiers(value: Any) -> frozenset[str]:
    """Tiers from their config form: "gold+" (gold and above), "gold", or a list of tiers.

    Case and surrounding spaces are ignored in either form ("Gold", ["Gold", " diamond"]).

    Raises ValueError with the reason (in English, like every config problem).
    """
    expected = f'expected a tier, a tier and "+" ("gold+"), or a list of tiers ({choices(_TIERS)})'
    if isinstance(value, str):
        name = value.strip().lower()
        upward = name.endswith("+")
        name = name.removesuffix("+").strip()
        if name not in _TIERS:
            raise ValueError(f"unknown tier {shown(value)}; {expected}")
        return _from(Tier(name)) if upward else frozenset({name})
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        names = [item.strip().lower() for item in value]  # as forgiving as the string form
        unknown = [item for item, name in zip(value, names, strict=True) if name not in _TIERS]
        if unknown:
            raise ValueError(f"unknown tier {shown(unknown[0])}; {expected}")
        return frozenset(names)
    raise ValueError(expected)


def _days(key: tuple[str, ...], value: Any, limit: int, bad: list[BadEntry]) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        bad.append(BadEntry(key, value, "expected a whole number of days"))
        return None
    if not 0 <= value <= limit:
        bad.append(BadEntry(key, value, f"must be between 0 and {limit} days"))
        return None
    return value


def _occasion(
    name: str, table: dict[str, Any], default: GreetingRule, bad: list[BadEntry]
) -> GreetingRule:
    """One occasion's table over its default rule, key by key."""
    lead, tiers = default.lead_days, default.tiers
    for key, value in table.items():
        where = ("greetings", name, key)
        if key == "lead_days":
            days = _days(where, value, MAX_LEAD_DAYS, bad)
            lead = lead if days is None else days
        elif key == "tiers":
            try:
                tiers = parse_tiers(value)
            except ValueError as exc:
                bad.append(BadEntry(where, value, str(exc)))
        else:
            bad.append(BadEntry(where, value, "unknown key; expected lead_days or tiers"))
    return GreetingRule(name, lead, tiers)


def _section(section: dict[str, Any]) -> tuple[GreetingRules, list[BadEntry]]:
    bad: list[BadEntry] = []
    rules = dict(DEFAULT_GREETINGS.rules)
    recent = DEFAULT_GREETINGS.recent_days
    occasions = [occasion.value for occasion in Occasion]
    for name, value in section.items():
        key = ("greetings", name)
        if name == "recent_days":
            days = _days(key, value, MAX_RECENT_DAYS, bad)
            recent = recent if days is None else days
        elif name not in occasions:
            bad.append(BadEntry(key, value, f"unknown occasion; expected recent_days or an"
                                        f" occasion ({choices(occasions)})"))
        elif not isinstance(value, dict):
            bad.append(BadEntry(key, value, "expected a table with lead_days and tiers"))
        else:
            rules[name] = _occasion(name, value, rules[name], bad)
    return GreetingRules(rules=MappingProxyType(rules), recent_days=recent), bad


def parse_greetings(
    section: Any, text: str, path: Path | str
) -> tuple[GreetingRules, list[str]]:
    """Greeting rules from the `[greetings]` table (None: absent) and problems.

    Any problem means the defaults, whole: see the module docstring.
    """
    return whole_section(
        "greetings", section, text, path, DEFAULT_GREETINGS, _section, "the default greetings"
    )
