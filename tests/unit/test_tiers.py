"""Tier thresholds: the boundaries decide who a client's manager is."""

from __future__ import annotations

import pytest

from store.tiers import DEFAULT_TIER_THRESHOLDS, FEN_PER_WAN, tier_for_aum
from store.vocab import Tier

WAN = FEN_PER_WAN  # 1 万元 in fen


def test_one_wan_is_a_million_fen() -> None:
    assert WAN == 10_000 * 100


@pytest.mark.parametrize(
    ("aum_fen", "expected"),
    [
        (0, "standard"),
        (50 * WAN - 1, "standard"),
        (50 * WAN, "gold"),
        (200 * WAN - 1, "gold"),
        (200 * WAN, "platinum"),
        (600 * WAN - 1, "platinum"),
        (600 * WAN, "diamond"),
        (3000 * WAN - 1, "diamond"),
        (3000 * WAN, "private"),
        (10**15, "private"),
        (-1, "standard"),
    ],
)
def test_boundaries_are_inclusive_lower_bounds(aum_fen: int, expected: str) -> None:
    assert tier_for_aum(aum_fen) == expected


def test_result_is_a_tier_code_name() -> None:
    results = {tier_for_aum(n * WAN) for n in (0, 60, 300, 700, 5000)}
    assert results == {t.value for t in Tier}


def test_defaults_are_read_only() -> None:
    with pytest.raises(TypeError):
        DEFAULT_TIER_THRESHOLDS[Tier.GOLD] = 1  # type: ignore[index]


def test_defaults_rise_with_the_tier_order() -> None:
    bounds = [DEFAULT_TIER_THRESHOLDS[t] for t in Tier]
    assert bounds == sorted(bounds)
    assert len(set(bounds)) == len(bounds)


def test_custom_thresholds_are_used() -> None:
    lower = {Tier.GOLD: 10 * WAN, Tier.PLATINUM: 100 * WAN}
    assert tier_for_aum(20 * WAN, lower) == "gold"
    assert tier_for_aum(150 * WAN, lower) == "platinum"
    assert tier_for_aum(9 * WAN, lower) == "standard"  # no standard entry: the floor
    assert tier_for_aum(20 * WAN) == "standard"  # defaults untouched


@pytest.mark.parametrize("bad", [50.0 * WAN, True, "5000000"])
def test_non_int_money_is_refused(bad: object) -> None:
    with pytest.raises(TypeError):
        tier_for_aum(bad)  # type: ignore[arg-type]
