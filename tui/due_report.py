"""The due & overdue list as `clientdesk due` prints it: an aligned table or JSON.

Kept apart from `tui/cli.py` so the table can be tested without running
the command. Widths are terminal cells (`rich.cells.cell_len`): Chinese
names are two cells a character, and a branch mails this table every
morning, so the columns must line up in a terminal and in a fixed-width
mail font alike. No ambiguous-width characters are used as fillers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from store.cadence import Obligation
from store.i18n import t
from tui.format import aligned_lines, day, label

#: (heading key, alignment) of each column, in order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("cadence.col.client", "left"),
    ("cadence.col.tier", "left"),
    ("cadence.col.role", "left"),
    ("cadence.col.manager", "left"),
    ("cadence.col.last_contact", "left"),
    ("cadence.col.due_on", "left"),
    ("cadence.col.days_overdue", "right"),
)
GAP = "  "


def _cells(item: Obligation) -> tuple[str, ...]:
    return (
        item.client_name,
        label("tier", item.tier),
        label("level", item.role),
        item.manager_name or t("cadence.nobody"),
        day(item.last_contact) if item.last_contact else t("cadence.never"),
        day(item.due_on),
        str(item.days_overdue) if item.state == "overdue" else "-",
    )


def due_table(
    items: Sequence[Obligation], off_days: Mapping[date, date] | None = None
) -> list[str]:
    """The heading and one line per obligation, every column padded to its widest cell.

    `off_days` (`store.workdays.days_off_ahead`): a visit due on a weekend or
    holiday ahead gets a last column naming the working day before, as my
    day says it; without any such visit the table has no such column.
    """
    columns, rows = list(COLUMNS), [tuple(t(key) for key, _ in COLUMNS)]
    rows += [_cells(item) for item in items]
    notes = [_off_note(item, off_days or {}) for item in items]
    if any(notes):
        columns.append(("cadence.col.note", "left"))
        rows = [(*rows[0], t("cadence.col.note"))] + [
            (*row, note) for row, note in zip(rows[1:], notes, strict=True)
        ]
    return aligned_lines(rows, [align for _, align in columns], GAP)


def _off_note(item: Obligation, off_days: Mapping[date, date]) -> str:
    workday = off_days.get(item.due_on)
    return t("my_day.due_off", day=workday.isoformat()) if workday else ""


def due_json(
    items: Sequence[Obligation], off_days: Mapping[date, date] | None = None
) -> list[dict[str, Any]]:
    """JSON-ready records: code names with their labels, ISO dates, null for never.

    ``previous_workday`` is the working day before a due date ahead that
    falls on a day off (`off_days`), else null.
    """
    off_days = off_days or {}
    return [
        {
            "client_id": item.client_id,
            "client": item.client_name,
            "tier": item.tier,
            "tier_label": label("tier", item.tier),
            "role": item.role,
            "role_label": label("level", item.role),
            "manager_id": item.manager_id,
            "manager": item.manager_name,
            "last_contact": item.last_contact.isoformat() if item.last_contact else None,
            "due_on": item.due_on.isoformat(),
            "days_overdue": item.days_overdue,
            "state": item.state,
            "previous_workday": (
                off_days[item.due_on].isoformat() if item.due_on in off_days else None
            ),
        }
        for item in items
    ]


def due_json_text(
    items: Sequence[Obligation], off_days: Mapping[date, date] | None = None
) -> str:
    return json.dumps(due_json(items, off_days), ensure_ascii=False, indent=2)
