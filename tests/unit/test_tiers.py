"""Tier thresholds: the boundaries decide who a client's manager is."""

from __future__ import annotations

import pytest

from store.config import _from_mapping
from store.tiers import (
    DEFAULT_TIER_THRESHOLDS,
    FEN_PER_WAN,
    TierRules,
    parse_rules,
    tier_for_aum,
)
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


# --- configurable rules ([tiers], [importance]) ------------------------------


def test_a_branch_can_move_the_tier_thresholds_in_wan() -> None:
    rules, problems = parse_rules({"gold": 30, "platinum": "150.5"}, None, "c.toml")
    assert problems == []
    assert rules.tier_for(30 * WAN - 1) == "standard"
    assert rules.tier_for(30 * WAN) == "gold"
    assert rules.tier_for(150 * WAN) == "gold"
    assert rules.tier_for(150 * WAN + WAN // 2) == "platinum"
    assert rules.tier_for(600 * WAN) == "diamond"  # untouched defaults still apply


def test_thresholds_that_do_not_rise_are_refused_whole() -> None:
    rules, problems = parse_rules({"gold": 700}, None, "c.toml")  # above platinum's 200
    assert problems == ["c.toml: [tiers] thresholds must rise from standard to private"]
    assert rules == TierRules()


def test_an_unknown_tier_or_a_bad_figure_names_the_file_and_key() -> None:
    config = _from_mapping({"tiers": {"vip": 3}, "importance": {"A": "lots"}}, "c.toml")
    assert config.problems == (
        "c.toml: [tiers] 'vip' is not known; expected one of diamond, gold, platinum, "
        "private, standard",
        "c.toml: [importance] A = 'lots' must be a non-negative figure in 万元",
    )
    assert config.tier_rules == TierRules()


def test_fractions_of_a_fen_are_refused() -> None:
    _, problems = parse_rules({"gold": "0.0000001"}, None, "c.toml")  # a tenth of a fen
    assert problems and "gold" in problems[0]


def test_importance_follows_contribution_by_default_or_aum_when_configured() -> None:
    default = TierRules()
    assert default.importance_for(10_000 * WAN, 0) == "C"
    assert default.importance_for(0, 5 * WAN) == "A"
    assert default.importance_for(0, 1 * WAN) == "B"
    by_aum, problems = parse_rules(None, {"basis": "aum", "A": 600, "B": 200}, "c.toml")
    assert problems == []
    assert by_aum.importance_for(600 * WAN, 0) == "A"
    assert by_aum.importance_for(599 * WAN, 0) == "B"


def test_a_manual_value_with_a_reason_is_left_alone() -> None:
    rules = TierRules()
    assert rules.derive(700 * WAN, 0) == {"tier": "diamond", "importance": "C"}
    assert rules.derive(700 * WAN, 0, tier_reason="行长指定") == {"importance": "C"}
    assert rules.derive(0, 0, tier_reason="x", importance_reason="y") == {}
