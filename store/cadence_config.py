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
back to the seed's defaults (half a rule set would silently drop visits).
`tomllib` gives no line numbers, so `find_line` finds them by reading the
text for the table header and the `key =` line under it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from store.cadence import DEFAULT_CADENCE, CadenceRules, Interval
from store.vocab import InteractionKind, ManagerLevel, Tier

__all__ = ["find_line", "parse_cadence", "parse_checklist", "parse_interval"]

_INTERVAL: Final = re.compile(r"^\s*([+-]?\d+)\s*([mwd])\s*$", re.IGNORECASE)
#: Longest lead a branch may ask for: a year ahead is no longer "due".
MAX_LEAD_DAYS: Final = 366
#: Longest interval a rule may set (ten years). Anything longer is a typo,
#: and a due date past the calendar's year 9999 would crash every due list.
MAX_INTERVAL_MONTHS: Final = 120
MAX_INTERVAL_DAYS: Final = 3660
_BARE_KEY: Final = r"[A-Za-z0-9_-]+"
_QUOTED_KEY: Final = r"\"(?:[^\"\\]|\\.)*\"|'[^']*'"
_KEY_PART: Final = rf"(?:{_BARE_KEY}|{_QUOTED_KEY})"
_DOTTED: Final = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER_LINE: Final = re.compile(rf"^\s*\[\s*({_DOTTED})\s*\]\s*(?:#.*)?$")
_KEY_LINE: Final = re.compile(rf"^\s*({_DOTTED})\s*=")
_PART: Final = re.compile(_KEY_PART)


class _Bad(ValueError):
    """One bad entry: the key path, the value as written, and why."""

    def __init__(self, key: tuple[str, ...], value: Any, reason: str) -> None:
        super().__init__(reason)
        self.key = key
        self.value = value
        self.reason = reason


def _split(dotted: str) -> tuple[str, ...]:
    parts = []
    for match in _PART.finditer(dotted):
        part = match.group(0)
        if part[0] in "\"'":
            part = json.loads(part) if part[0] == '"' else part[1:-1]
        parts.append(part)
    return tuple(parts)


def find_line(text: str, key: Sequence[str]) -> int | None:
    """The 1-based line of `text` (a TOML file) that defines `key`, e.g.
    ("cadence", "platinum", "client_manager"); None if it is not written.

    The `key = ...` line under its table header when there is one; else the
    line that comes closest (the table header, or an inline table holding
    it). Lines inside multi-line strings are not told apart: good enough to
    point a person at the right place.
    """
    wanted = tuple(key)
    best: int | None = None
    best_length = 0
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER_LINE.match(line)
        if header:
            table = _split(header.group(1))
            full = table
        else:
            assignment = _KEY_LINE.match(line)
            if assignment is None:
                continue
            full = table + _split(assignment.group(1))
        if full == wanted:
            return number
        if len(full) > best_length and wanted[: len(full)] == full:
            best, best_length = number, len(full)
    return best


def _shown(value: Any) -> str:
    """A value as TOML writes it, so the message quotes what the user typed."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_shown(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_shown(v)}" for k, v in value.items()) + "}"
    return str(value)


def _problem(path: Path | str, text: str, bad: _Bad) -> str:
    line = find_line(text, bad.key)
    where = f"{path}:{line}" if line is not None else f"{path}"
    return f"{where}: {'.'.join(bad.key)} = {_shown(bad.value)}: {bad.reason}"


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


def _choices(values: Sequence[str]) -> str:
    return ", ".join(values)


def _rules(section: dict[str, Any]) -> tuple[CadenceRules, list[_Bad]]:
    bad: list[_Bad] = []
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
                bad.append(_Bad(key, value, "expected a list of interaction kinds"))
                continue
            unknown = [v for v in value if v not in kinds]
            if not value:  # no contact would ever count: every client overdue forever
                bad.append(_Bad(key, value, f"name at least one interaction kind"
                                            f" ({_choices(kinds)})"))
                continue
            if unknown:
                bad.append(_Bad(key, value, f"unknown interaction kind {_shown(unknown[0])};"
                                            f" expected some of {_choices(kinds)}"))
                continue
            counted = frozenset(value)
        elif name == "lead_days":
            if isinstance(value, bool) or not isinstance(value, int):
                bad.append(_Bad(key, value, "expected a whole number of days"))
            elif not 0 <= value <= MAX_LEAD_DAYS:
                bad.append(_Bad(key, value, f"must be between 0 and {MAX_LEAD_DAYS} days"))
            else:
                lead_days = value
        elif name not in tiers:
            bad.append(_Bad(key, value, f"unknown tier; expected counts, lead_days or a tier"
                                        f" ({_choices(tiers)})"))
        elif not isinstance(value, dict):
            bad.append(_Bad(key, value, "expected a table of levels and intervals"))
        else:
            # A tier written at all replaces its defaults wholly.
            intervals = {k: v for k, v in intervals.items() if k[0] != name}
            for role, raw in value.items():
                role_key = (*key, role)
                if role not in levels:
                    bad.append(_Bad(role_key, raw, f"unknown level; expected one of"
                                                   f" {_choices(levels)}"))
                    continue
                try:
                    intervals[(name, role)] = parse_interval(raw)
                except ValueError as exc:
                    bad.append(_Bad(role_key, raw, str(exc)))
    return CadenceRules(intervals=intervals, counted_kinds=counted, lead_days=lead_days), bad


def parse_cadence(section: Any, text: str, path: Path | str) -> tuple[CadenceRules, list[str]]:
    """Cadence rules from the `[cadence]` table (None: absent) and problems.

    Any problem means the defaults, whole: see the module docstring.
    """
    if section is None:
        return DEFAULT_CADENCE, []
    if not isinstance(section, dict):
        bad = _Bad(("cadence",), section, "expected a table")
        return DEFAULT_CADENCE, [_problem(path, text, bad)]
    rules, bad_entries = _rules(section)
    if bad_entries:
        problems = [_problem(path, text, bad) for bad in bad_entries]
        problems.append(f"{path}: [cadence] ignored; using the default visit cadence")
        return DEFAULT_CADENCE, problems
    return rules, []


def parse_checklist(
    section: Any, text: str, path: Path | str
) -> tuple[tuple[str, ...] | None, list[str]]:
    """The pre-visit checklist from `[brief]` (None: the built-in list) and problems."""
    if section is None:
        return None, []
    if not isinstance(section, dict):
        return None, [_problem(path, text, _Bad(("brief",), section, "expected a table"))]
    if "checklist" not in section:
        return None, []
    value = section["checklist"]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        bad = _Bad(("brief", "checklist"), value, "expected a list of non-empty strings")
        return None, [_problem(path, text, bad)]
    return tuple(item.strip() for item in value), []
