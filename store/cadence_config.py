"""The `[cadence]` and `[brief]` sections of the config file.

```toml
[cadence]
counts = ["visit", "event"]      # interaction kinds that count (InteractionKind values)
lead_days = 7                    # due within this many days = "due"
[cadence.platinum]               # a tier (Tier values)
client_manager = "1m"            # "<n>m" months, "<n>w" weeks, "<n>d" days; an integer = months
senior_client_manager = "3m"
branch_leader = "6m"

[brief]
checklist = ["Bring the latest statement", "..."]
```

A tier table replaces that tier's defaults wholly (`[cadence.gold]` with
nothing under it gives gold no cadence). A branch that mistypes a rule must
notice, and must still get a working app: any bad entry is reported naming
the file, the line and the key, and the whole `[cadence]` section falls
back to the seed's defaults (half a rule set would silently drop visits);
`store.config_problems` holds that rule, shared with `[greetings]`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Final

from store.cadence import DEFAULT_CADENCE, CadenceRules, Interval
from store.config_problems import BadEntry, choices, problem, shown, whole_section
from store.vocab import InteractionKind, ManagerLevel, Tier

__all__ = ["parse_cadence", "parse_checklist", "parse_interval"]

_INTERVAL: Final = re.compile(r"^\s*([+-]?\d+)\s*([mwd])\s*$", re.IGNORECASE)
#: Longest lead a branch may ask for: a year ahead is no longer "due".
MAX_LEAD_DAYS: Final = 366
#: Longest interval a rule may set (ten years). Anything longer is a typo,
#: and a due date past the calendar's year 9999 would crash every due list.
MAX_INTERVAL_MONTHS: Final = 120
MAX_INTERVAL_DAYS: Final = 3660
def parse_interval(value: Any) -> Interval:
    """An interval from its config form: "1m", "2w", "30d", or an integer of months.

    Raises ValueError with the reason (in English, like every config problem).
    """
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError('expected a string like "1m", "2w" or "30d", or a whole number of months')
    if isinstance(value, int):
        amount, unit = value, "m"
    else:
        match = _INTERVAL.match(value)
        if match is None:
            raise ValueError('expected "<n>m" (months), "<n>w" (weeks) or "<n>d" (days)')
        amount, unit = int(match.group(1)), match.group(2).lower()
    if amount < 1:
        raise ValueError("an interval must be at least one day")
    days = amount * (7 if unit == "w" else 1)
    too_long = amount > MAX_INTERVAL_MONTHS if unit == "m" else days > MAX_INTERVAL_DAYS
    if too_long:
        raise ValueError(
            f"an interval must be at most {MAX_INTERVAL_MONTHS} months"
            f" ({MAX_INTERVAL_DAYS} days)"
        )
    if unit == "m":
        return Interval(months=amount)
    return Interval(days=days)


def _rules(section: dict[str, Any]) -> tuple[CadenceRules, list[BadEntry]]:
    bad: list[BadEntry] = []
    counted = DEFAULT_CADENCE.counted_kinds
    lead_days = DEFAULT_CADENCE.lead_days
    intervals = dict(DEFAULT_CADENCE.intervals)
    tiers = [tier.value for tier in Tier]
    levels = [level.value for level in ManagerLevel]
    kinds = [kind.value for kind in InteractionKind]
    for name, value in section.items():
        key = ("cadence", name)
        if name == "counts":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                bad.append(BadEntry(key, value, "expected a list of interaction kinds"))
                continue
            unknown = [v for v in value if v not in kinds]
            if not value:  # no contact would ever count: every client overdue forever
                bad.append(BadEntry(key, value, f"name at least one interaction kind"
                                            f" ({choices(kinds)})"))
                continue
            if unknown:
                bad.append(BadEntry(key, value, f"unknown interaction kind {shown(unknown[0])};"
                                            f" expected some of {choices(kinds)}"))
                continue
            counted = frozenset(value)
        elif name == "lead_days":
            if isinstance(value, bool) or not isinstance(value, int):
                bad.append(BadEntry(key, value, "expected a whole number of days"))
            elif not 0 <= value <= MAX_LEAD_DAYS:
                bad.append(BadEntry(key, value, f"must be between 0 and {MAX_LEAD_DAYS} days"))
            else:
                lead_days = value
        elif name not in tiers:
            bad.append(BadEntry(key, value, f"unknown tier; expected counts, lead_days or a tier"
                                        f" ({choices(tiers)})"))
        elif not isinstance(value, dict):
            bad.append(BadEntry(key, value, "expected a table of levels and intervals"))
        else:
            # A tier written at all replaces its defaults wholly.
            intervals = {k: v for k, v in intervals.items() if k[0] != name}
            for role, raw in value.items():
                role_key = (*key, role)
                if role not in levels:
                    bad.append(BadEntry(role_key, raw, f"unknown level; expected one of"
                                                   f" {choices(levels)}"))
                    continue
                try:
                    intervals[(name, role)] = parse_interval(raw)
                except ValueError as exc:
                    bad.append(BadEntry(role_key, raw, str(exc)))
    return CadenceRules(intervals=intervals, counted_kinds=counted, lead_days=lead_days), bad


def parse_cadence(section: Any, text: str, path: Path | str) -> tuple[CadenceRules, list[str]]:
    """Cadence rules from the `[cadence]` table (None: absent) and problems.

    Any problem means the defaults, whole: see the module docstring.
    """
    return whole_section(
        "cadence", section, text, path, DEFAULT_CADENCE, _rules, "the default visit cadence"
    )


def parse_checklist(
    section: Any, text: str, path: Path | str
) -> tuple[tuple[str, ...] | None, list[str]]:
    """The pre-visit checklist from `[brief]` (None: the built-in list) and problems."""
    if section is None:
        return None, []
    if not isinstance(section, dict):
        return None, [problem(path, text, BadEntry(("brief",), section, "expected a table"))]
    if "checklist" not in section:
        return None, []
    value = section["checklist"]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        bad = BadEntry(("brief", "checklist"), value, "expected a list of non-empty strings")
        return None, [problem(path, text, bad)]
    return tuple(item.strip() for item in value), []
