"""Money as an integer number of fen (分), never as a float.

Binary floats cannot hold 0.1 yuan exactly, so sums of balances drift and
``0.1 + 0.2 != 0.3`` shows up as a one-fen discrepancy a client will notice.
The store keeps every amount as an `int` of fen; parsing goes through
`Decimal` (exact for decimal text) and formatting through integer
arithmetic, so no value ever passes through a float.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, Inexact, localcontext

from store.errors import ValidationError

__all__ = ["MAX_FEN", "fen_to_decimal", "format_wan", "format_yuan", "parse_yuan"]

#: The largest magnitude the store accepts: what fits a signed 64-bit
#: SQLite INTEGER. Anything larger is a typing accident, not a balance.
MAX_FEN = 2**63 - 1

_FEN_PER_WAN = 1_000_000  # 1 万元 = 10,000 yuan = 1,000,000 fen

# Sign, optional currency sign (either side of the sign), digits with
# optional correctly grouped thousands separators, optional fraction,
# optional trailing 元. Whitespace is allowed between the parts.
_AMOUNT = re.compile(
    r"""
    (?P<sign1>[-+]?)\s*
    (?:¥\s*)?
    (?P<sign2>[-+]?)\s*
    (?P<int>\d{1,3}(?:,\d{3})+|\d+)?
    (?:\.(?P<frac>\d*))?
    \s*(?:元)?
    """,
    re.VERBOSE,
)
# Minus signs that NFKC does not fold to "-" but that spreadsheets emit.
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})


def parse_yuan(text: str, field: str = "field.amount", *, allow_negative: bool = False) -> int:
    """An amount typed in yuan (``¥1,234.5``, ``１２３``) as integer fen.

    Raises `TypeError` for a `float`, because by the time a float reaches
    this function the damage (0.1 stored as 0.1000000000000000055...) is
    done; callers must pass the text the user typed. More than two
    significant decimals is refused rather than rounded: silently dropping
    part of a fen would make the stored amount differ from the paperwork.
    Trailing zeros (``1.230``) are exact and accepted.
    """
    if isinstance(text, float):
        raise TypeError("parse_yuan() takes the amount as text, never as a float")
    if not isinstance(text, str):
        raise TypeError(f"parse_yuan() takes str, not {type(text).__name__}")
    cleaned = unicodedata.normalize("NFKC", text).translate(_MINUS_SIGNS).strip()
    if not cleaned:
        raise ValidationError(field, "invalid.required")
    match = _AMOUNT.fullmatch(cleaned)
    if match is None or (match["int"] is None and not match["frac"]):
        raise ValidationError(field, "invalid.amount", value=text.strip())
    if match["sign1"] and match["sign2"]:
        raise ValidationError(field, "invalid.amount", value=text.strip())
    sign = match["sign1"] or match["sign2"]
    digits = (match["int"] or "0").replace(",", "") + "." + (match["frac"] or "0")
    amount = Decimal(("-" if sign == "-" else "") + digits)  # exact: built from text
    with localcontext() as ctx:
        # Enough precision that scaling by 100 is exact, and a trap in case
        # it ever is not, so no digit is rounded away unnoticed.
        ctx.prec = len(digits) + 3
        ctx.traps[Inexact] = True
        scaled = amount.scaleb(2)
    if scaled != scaled.to_integral_value():
        raise ValidationError(field, "invalid.amount_precision", value=text.strip())
    fen = int(scaled)
    if abs(fen) > MAX_FEN:
        raise ValidationError(field, "invalid.amount", value=text.strip())
    if fen < 0 and not allow_negative:
        raise ValidationError(field, "invalid.amount_negative")
    return fen


def _require_int(fen: int, name: str) -> None:
    """Refuse floats and bools, which `int` arithmetic would quietly accept."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"{name}() takes an int of fen, not {type(fen).__name__}")


def format_yuan(fen: int) -> str:
    """Fen as yuan with thousands separators and two decimals: ``1,234,567.89``.

    This is the inverse of `parse_yuan`, so a formatted amount can be
    edited and saved back unchanged.
    """
    _require_int(fen, "format_yuan")
    yuan, cents = divmod(abs(fen), 100)
    sign = "-" if fen < 0 else ""
    return f"{sign}{yuan:,}.{cents:02d}"


def format_wan(fen: int, decimals: int = 2) -> str:
    """Fen as 万元 (tens of thousands of yuan), rounded half up: ``123.46``.

    Relationship managers read portfolio sizes in 万; half-up rounding is
    what they expect from the bank's reports (banker's rounding would turn
    0.125 into 0.12 and look like an error).
    """
    _require_int(fen, "format_wan")
    if decimals < 0:
        raise ValueError("decimals must not be negative")
    with localcontext() as ctx:
        # The default 28-digit context would round very large amounts; size
        # the precision to the number so dividing by 10^6 stays exact.
        ctx.prec = len(str(abs(fen))) + decimals + 10
        wan = Decimal(fen) / Decimal(_FEN_PER_WAN)
        rounded = wan.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = abs(rounded)  # never show "-0.00"
    return f"{rounded:,.{decimals}f}"


def fen_to_decimal(fen: int) -> Decimal:
    """Fen as an exact `Decimal` of yuan (``123456`` → ``Decimal('1234.56')``)."""
    _require_int(fen, "fen_to_decimal")
    return Decimal(f"{fen}E-2")
