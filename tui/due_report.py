"""The due & overdue list as `clientdesk due` prints it: an aligned table or JSON.

Kept apart from `tui/cli.py` so the table can be tested without running
the command. Widths are terminal cells (`rich.cells.cell_len`): Chinese
names are two cells a character, and a branch mails this table every
morning, so the columns must line up in a terminal and in a fixed-width
mail font alike. No ambiguous-width characters are used as fillers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
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


def due_table(items: Sequence[Obligation]) -> list[str]:
    """The heading and one line per obligation, every column padded to its widest cell."""
    rows = [tuple(t(key) for key, _ in COLUMNS), *(_cells(item) for item in items)]
    return aligned_lines(rows, [align for _, align in COLUMNS], GAP)


def due_json(items: Sequence[Obligation]) -> list[dict[str, Any]]:
    """JSON-ready records: code names with their labels, ISO dates, null for never."""
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
        }
        for item in items
    ]


def due_json_text(items: Sequence[Obligation]) -> str:
    return json.dumps(due_json(items), ensure_ascii=False, indent=2)
