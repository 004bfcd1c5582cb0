"""How values look on screen: labels, money, dates, and cell-exact padding.

Widths are terminal cells (a Chinese character is two), never `len()`,
so columns of Chinese names line up.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from rich.cells import cell_len, set_cell_size

from store.i18n import current_language, t
from store.money import format_wan, format_yuan

_VOCAB_PREFIX = {
    "kind": "kind",
    "gender": "gender",
    "id_type": "id_type",
    "level": "level",
    "tier": "tier",
    "importance": "importance",
    "risk_level": "risk",
    "status": "status",
    "marital_status": "marital",
    "education": "education",
    "income_band": "income",
    "ownership": "ownership",
    "interaction": "interaction",
    "purpose": "purpose",
    "event": "event",
}


def label(vocabulary: str, value: str | None) -> str:
    """The display name of a code name, e.g. label("tier", "gold") → 金卡."""
    if value is None or value == "":
        return ""
    return t(f"{_VOCAB_PREFIX.get(vocabulary, vocabulary)}.{value}")


def fit(text: str, width: int, align: str = "left") -> str:
    """`text` cut or padded to exactly `width` cells."""
    if cell_len(text) > width:
        return set_cell_size(text, width)
    pad = " " * (width - cell_len(text))
    return pad + text if align == "right" else text + pad


def aligned_lines(
    rows: Sequence[Sequence[str]], aligns: Sequence[str], gap: str = "  "
) -> list[str]:
    """Rows as lines of columns padded to their widest cell (heading first, if any).

    For tables printed by the command line (`clientdesk due`, `agenda`),
    which a branch mails in a fixed-width font: widths in cells, so
    Chinese names line up.
    """
    widths = [max((cell_len(row[i]) for row in rows), default=0) for i in range(len(aligns))]
    return [
        gap.join(fit(text, width, align)
                 for text, width, align in zip(row, widths, aligns, strict=True)).rstrip()
        for row in rows
    ]  # fmt: skip


def wan(fen: int) -> str:
    """AUM in 万元 (10,000 yuan), as lists show it."""
    return format_wan(fen)


def yuan(fen: int) -> str:
    return format_yuan(fen)


def day(value: date | None) -> str:
    return value.isoformat() if value else ""


def birth_date(born: date, lunar: bool, *, short: bool = False) -> str:
    """A birth date; for someone who keeps the lunar birthday, the lunar day they keep.

    The date itself is always Gregorian: "1990-02-15（过农历生日：正月二十）" /
    "1990-02-15 (keeps the lunar birthday, 1st month day 20)", never a
    bare "（农历）" that reads as if the date were lunar. `short` is for a
    table column ("1990-02-15 农历正月二十" / "1990-02-15, lunar 1/20"): a
    second date there, named lunar, says the same in half the width.
    """
    if not lunar:
        return born.isoformat()
    key = "client_edit.lunar_date_short" if short else "client_edit.lunar_date"
    return t(key, date=born.isoformat(), day=lunar_day(born, short=short))


def lunar_day(born: date, *, short: bool = False) -> str:
    """The lunar day kept: named as a Chinese calendar names it (正月二十, 闰二月初一);
    in English by numbers, there being no English names for them."""
    from store.lunar import lunar_text, to_lunar

    if current_language() == "zh":
        return lunar_text(born).removeprefix("农历")
    kept = to_lunar(born)
    leap = "leap " if kept.leap else ""
    if short:
        return f"{leap}{kept.month}/{kept.day}"
    return f"{leap}{_ordinal(kept.month)} month day {kept.day}"


def _ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th (English; the lunar months number 1 to 12)."""
    suffixes = {1: "st", 2: "nd", 3: "rd"}
    suffix = "th" if 10 <= number % 100 <= 20 else suffixes.get(number % 10, "th")
    return f"{number}{suffix}"


def local_time(value: datetime, zone: str) -> str:
    """An instant as local date and time, e.g. 2026-11-28 14:30."""
    return value.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
