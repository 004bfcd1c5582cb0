"""How values look on screen: labels, money, dates, and cell-exact padding.

Widths are terminal cells (a Chinese character is two), never `len()`,
so columns of Chinese names line up.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from rich.cells import cell_len, set_cell_size

from store.i18n import t
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


def local_time(value: datetime, zone: str) -> str:
    """An instant as local date and time, e.g. 2026-11-28 14:30."""
    return value.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
