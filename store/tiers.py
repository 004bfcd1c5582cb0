"""Client tiers (客户等级) from assets under management.

A client's tier decides who looks after them and how often they are
visited, so it must be computed the same way everywhere: on import, in the
demo data and when a balance changes. The thresholds are the lower bounds
of each tier in integer fen (1 万元 = 1,000,000 fen), never floats, so a
client exactly on a boundary lands in the same tier on every machine.

The defaults below are the usual figures for a Chinese sub-branch; a branch
changes them in the TOML configuration (`[tiers]`, `[importance]`, figures
in 万元), read by `parse_rules` into a `TierRules` that the config carries.
Importance (重要性 A/B/C) follows the client's yearly contribution to the
bank by default, or AUM where a branch prefers. A manual tier or importance
set with a reason (`Client.tier_reason`, `importance_reason`) is left alone
by the rules: `TierRules.derive` returns only what the rules may change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Literal

from store.vocab import Importance, Tier

__all__ = [
    "DEFAULT_IMPORTANCE_THRESHOLDS",
    "DEFAULT_TIER_THRESHOLDS",
    "FEN_PER_WAN",
    "TierRules",
    "parse_rules",
    "tier_for_aum",
]

#: 1 万元 (10,000 yuan) in fen; thresholds are quoted in 万元 by the bank.
FEN_PER_WAN: Final = 1_000_000

#: The lowest AUM, in fen, that reaches each tier. Read-only so that no
#: caller can change the rules for everyone else by accident.
DEFAULT_TIER_THRESHOLDS: Final[Mapping[Tier, int]] = MappingProxyType(
    {
        Tier.STANDARD: 0,
        Tier.GOLD: 50 * FEN_PER_WAN,
        Tier.PLATINUM: 200 * FEN_PER_WAN,
        Tier.DIAMOND: 600 * FEN_PER_WAN,
        Tier.PRIVATE: 3000 * FEN_PER_WAN,
    }
)


def tier_for_aum(aum_fen: int, thresholds: Mapping[Tier, int] = DEFAULT_TIER_THRESHOLDS) -> str:
    """The tier (a `vocab.Tier` value) whose threshold `aum_fen` reaches.

    The highest tier whose lower bound is at most `aum_fen` wins; a balance
    below every bound (or a mapping without `standard`) is `standard`, the
    tier every client starts in. A float is refused with `TypeError`:
    money reaching this point as a float has already lost fen.
    """
    if isinstance(aum_fen, bool) or not isinstance(aum_fen, int):
        raise TypeError(f"aum_fen must be an int of fen, not {type(aum_fen).__name__}")
    best: Tier = Tier.STANDARD
    best_bound = -1
    for tier, bound in thresholds.items():
        if bound <= aum_fen and bound > best_bound:
            best, best_bound = tier, bound
    return best.value


#: The lowest yearly contribution (or AUM, see `TierRules.importance_basis`),
#: in fen, that makes a client A or B; everyone below B is C.
DEFAULT_IMPORTANCE_THRESHOLDS: Final[Mapping[Importance, int]] = MappingProxyType(
    {Importance.A: 5 * FEN_PER_WAN, Importance.B: 1 * FEN_PER_WAN}
)

ImportanceBasis = Literal["contribution", "aum"]


@dataclass(frozen=True)
class TierRules:
    """How tier and importance follow from a client's figures (configurable)."""

    tier_thresholds: Mapping[Tier, int] = field(default_factory=lambda: DEFAULT_TIER_THRESHOLDS)
    importance_thresholds: Mapping[Importance, int] = field(
        default_factory=lambda: DEFAULT_IMPORTANCE_THRESHOLDS
    )
    importance_basis: ImportanceBasis = "contribution"

    def tier_for(self, aum_fen: int) -> str:
        return tier_for_aum(aum_fen, self.tier_thresholds)

    def importance_for(self, aum_fen: int, contribution_fen: int) -> str:
        figure = contribution_fen if self.importance_basis == "contribution" else aum_fen
        if figure >= self.importance_thresholds[Importance.A]:
            return Importance.A.value
        if figure >= self.importance_thresholds[Importance.B]:
            return Importance.B.value
        return Importance.C.value

    def derive(
        self,
        aum_fen: int,
        contribution_fen: int,
        *,
        tier_reason: str | None = None,
        importance_reason: str | None = None,
    ) -> dict[str, str]:
        """The rule values of `tier` and `importance`, leaving out any set by hand."""
        derived: dict[str, str] = {}
        if not tier_reason:
            derived["tier"] = self.tier_for(aum_fen)
        if not importance_reason:
            derived["importance"] = self.importance_for(aum_fen, contribution_fen)
        return derived


def parse_rules(
    tiers: Any, importance: Any, path: Path | str
) -> tuple[TierRules, list[str]]:
    """`TierRules` from the `[tiers]` and `[importance]` tables of a config file.

    Figures are 万元 (what the bank's rule book quotes), integers or decimal
    strings; a section with any bad entry is ignored whole, with a problem
    naming the file and key, so a typo never yields half a rule set.
    """
    problems: list[str] = []
    rules = TierRules()
    if tiers is not None:
        thresholds = _thresholds(tiers, Tier, f"{path}: [tiers]", problems)
        if thresholds is not None:
            merged = dict(DEFAULT_TIER_THRESHOLDS) | thresholds
            bounds = [merged[tier] for tier in Tier]
            if bounds != sorted(bounds) or len(set(bounds)) != len(bounds):
                problems.append(f"{path}: [tiers] thresholds must rise from standard to private")
            else:
                rules = TierRules(tier_thresholds=MappingProxyType(merged))
    if importance is not None:
        rules = _importance_rules(rules, importance, f"{path}: [importance]", problems)
    return rules, problems


def _importance_rules(rules: TierRules, section: Any, where: str, problems: list[str]
                      ) -> TierRules:
    if not isinstance(section, dict):
        problems.append(f"{where} must be a table")
        return rules
    section = dict(section)
    basis = section.pop("basis", "contribution")
    if basis not in ("contribution", "aum"):
        problems.append(f"{where} basis = {basis!r}; expected contribution or aum")
        return rules
    thresholds = _thresholds(section, Importance, where, problems, allowed={"A", "B"})
    if thresholds is None:
        return rules
    merged = dict(DEFAULT_IMPORTANCE_THRESHOLDS) | thresholds
    if merged[Importance.A] <= merged[Importance.B]:
        problems.append(f"{where} A must need more than B")
        return rules
    return TierRules(rules.tier_thresholds, MappingProxyType(merged), basis)


def _thresholds(section: Any, vocabulary: Any, where: str, problems: list[str],
                allowed: set[str] | None = None) -> dict[Any, int] | None:
    if not isinstance(section, dict):
        problems.append(f"{where} must be a table")
        return None
    names = {member.value.lower(): member for member in vocabulary}
    found: dict[Any, int] = {}
    for key, value in section.items():
        member = names.get(str(key).lower())
        if member is None or (allowed is not None and member.value not in allowed):
            expected = ", ".join(sorted(allowed or {m.value for m in vocabulary}))
            problems.append(f"{where} {key!r} is not known; expected one of {expected}")
            return None
        fen = _wan_to_fen(value)
        if fen is None:
            problems.append(f"{where} {key} = {value!r} must be a non-negative figure in 万元")
            return None
        found[member] = fen
    return found


def _wan_to_fen(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | str | float):
        return None
    try:
        wan = Decimal(str(value))
    except InvalidOperation:
        return None
    if not wan.is_finite() or wan < 0:
        return None
    fen = wan * FEN_PER_WAN
    return int(fen) if fen == fen.to_integral_value() else None
