"""Tests for store.money: parsing yuan text to integer fen and formatting back."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.errors import ValidationError
from store.money import MAX_FEN, fen_to_decimal, format_wan, format_yuan, parse_yuan

DETERMINISTIC = settings(derandomize=True, database=None, max_examples=500, deadline=None)
BOUND = 10**15


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("1234567.89", 123456789),
        ("1,234,567.89", 123456789),
        ("¥1,234.5", 123450),
        ("￥1,234.50", 123450),
        ("¥ 1,234", 123400),
        ("１２３", 12300),
        ("１，２３４．５６", 123456),
        ("  12.3\t", 1230),
        ("0.01", 1),
        (".5", 50),
        ("7.", 700),
        ("100元", 10000),
        ("1.230", 123),  # trailing zeros lose nothing
        ("0", 0),
        ("-0", 0),
        ("+5", 500),
        ("999", 99900),
    ],
)
def test_parse_yuan_accepts(text: str, fen: int) -> None:
    assert parse_yuan(text) == fen


@pytest.mark.parametrize(
    ("text", "fen"),
    [("-12.5", -1250), ("¥-12.5", -1250), ("-¥1,234.56", -123456), ("−3", -300)],
)
def test_parse_yuan_negative_when_allowed(text: str, fen: int) -> None:
    assert parse_yuan(text, allow_negative=True) == fen


def test_parse_yuan_negative_rejected_by_default() -> None:
    with pytest.raises(ValidationError) as exc:
        parse_yuan("-12.50")
    assert exc.value.field == "field.amount"
    assert exc.value.reason == "invalid.amount_negative"


@pytest.mark.parametrize("text", ["1.234", "0.001", "1,234.567", "1.2300001"])
def test_parse_yuan_more_than_two_decimals(text: str) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_yuan(text, "field.aum")
    assert exc.value.field == "field.aum"
    assert exc.value.reason == "invalid.amount_precision"
    assert exc.value.params == {"value": text}


def test_parse_yuan_precision_not_lost_beyond_default_decimal_context() -> None:
    # 40 significant digits: a 28-digit context would round the trailing 1
    # away and accept the value.
    with pytest.raises(ValidationError) as exc:
        parse_yuan("1." + "0" * 38 + "1")
    assert exc.value.reason == "invalid.amount_precision"


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "12a",
        "1,23",
        "12,3456",
        "1234,567",
        "1.2.3",
        "--1",
        "-¥-1",
        "1e5",
        "¥",
        ".",
        "-",
        "1 234",
        "nan",
        "Infinity",
        str(MAX_FEN // 100 + 1),
    ],
)
def test_parse_yuan_rejects_garbage(text: str) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_yuan(text, allow_negative=True)
    assert exc.value.reason == "invalid.amount"
    assert exc.value.params == {"value": text}


def test_parse_yuan_largest_allowed() -> None:
    yuan, fen = divmod(MAX_FEN, 100)
    assert parse_yuan(f"{yuan}.{fen:02d}") == MAX_FEN


def test_parse_yuan_empty_is_required() -> None:
    with pytest.raises(ValidationError) as exc:
        parse_yuan("   ")
    assert exc.value.reason == "invalid.required"


@pytest.mark.parametrize("value", [1.5, 0.1, 100.0])
def test_parse_yuan_rejects_float(value: float) -> None:
    with pytest.raises(TypeError, match="float"):
        parse_yuan(value)  # type: ignore[arg-type]


def test_parse_yuan_rejects_other_non_text() -> None:
    with pytest.raises(TypeError):
        parse_yuan(150)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        parse_yuan(Decimal("1.5"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (0, "0.00"),
        (1, "0.01"),
        (10, "0.10"),
        (100, "1.00"),
        (99999, "999.99"),
        (100000, "1,000.00"),
        (123456789, "1,234,567.89"),
        (-123400, "-1,234.00"),
        (-5, "-0.05"),
        (10**17, "1,000,000,000,000,000.00"),
    ],
)
def test_format_yuan(fen: int, text: str) -> None:
    assert format_yuan(fen) == text


@pytest.mark.parametrize("bad", [1.0, True, "100"])
def test_format_functions_reject_non_int(bad: object) -> None:
    for func in (format_yuan, format_wan, fen_to_decimal):
        with pytest.raises(TypeError):
            func(bad)  # type: ignore[arg-type]


@DETERMINISTIC
@given(st.integers(min_value=-BOUND, max_value=BOUND))
def test_property_format_then_parse_round_trips(fen: int) -> None:
    text = format_yuan(fen)
    assert parse_yuan(text, allow_negative=True) == fen
    if fen >= 0:
        assert parse_yuan(text) == fen


@DETERMINISTIC
@given(st.integers(min_value=-BOUND, max_value=BOUND))
def test_property_format_yuan_shape_and_value(fen: int) -> None:
    text = format_yuan(fen)
    assert re.fullmatch(r"-?\d{1,3}(,\d{3})*\.\d{2}", text)
    assert Decimal(text.replace(",", "")) == Decimal(fen) / 100
    assert text.startswith("-") == (fen < 0)


@pytest.mark.parametrize(
    ("fen", "decimals", "text"),
    [
        (123456789, 2, "123.46"),  # 1,234,567.89 yuan = 123.456789 万
        (123456789, 4, "123.4568"),
        (123456789, 0, "123"),
        (1_125_000, 2, "1.13"),  # exactly half: up, where banker's gives 1.12
        (1_124_999, 2, "1.12"),
        (1_135_000, 2, "1.14"),
        (-1_125_000, 2, "-1.13"),
        (1_500_000, 0, "2"),
        (2_500_000, 0, "3"),  # banker's rounding would give 2
        (0, 2, "0.00"),
        (-1, 2, "0.00"),  # never "-0.00"
        (10**12, 2, "1,000,000.00"),
        (123_456_789_012_345_678, 2, "123,456,789,012.35"),
    ],
)
def test_format_wan(fen: int, decimals: int, text: str) -> None:
    assert format_wan(fen, decimals) == text


def test_format_wan_default_is_two_decimals() -> None:
    assert format_wan(1_000_000) == "1.00"


def test_format_wan_exact_for_huge_amounts() -> None:
    # 30 digits of fen: beyond the default 28-digit Decimal context.
    fen = 10**29 + 5_000
    assert format_wan(fen, 3) == f"{10**23:,}.005"


def test_format_wan_rejects_negative_decimals() -> None:
    with pytest.raises(ValueError):
        format_wan(100, -1)


@pytest.mark.parametrize(
    ("fen", "yuan"),
    [
        (123456, "1234.56"),
        (-5, "-0.05"),
        (0, "0.00"),
        (10**30 + 1, "10000000000000000000000000000.01"),
    ],
)
def test_fen_to_decimal_is_exact(fen: int, yuan: str) -> None:
    result = fen_to_decimal(fen)
    assert isinstance(result, Decimal)
    assert result == Decimal(yuan)
    assert str(result) == yuan
