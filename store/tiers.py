"""Client tiers (客户等级) from assets under management.

A client's tier decides who looks after them and how often they are
visited, so it must be computed the same way everywhere: on import, in the
demo data and when a balance changes. The thresholds are the lower bounds
of each tier in integer fen (1 万元 = 1,000,000 fen), never floats, so a
client exactly on a boundary lands in the same tier on every machine.

The defaults below are the usual figures for a Chinese sub-branch; a later
change reads overrides from the TOML configuration, which is why
`tier_for_aum` takes the thresholds as a parameter rather than reading a
global.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from store.vocab import Tier

__all__ = ["DEFAULT_TIER_THRESHOLDS", "FEN_PER_WAN", "tier_for_aum"]

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
