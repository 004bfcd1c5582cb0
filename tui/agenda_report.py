"""The agenda as `clientdesk agenda` prints it: an aligned table or JSON, for scripts.

Kept apart from `tui/cli.py` (like `tui.due_report`) so it can be tested
without running the command. One line an entry or reminder: date, time,
kind, client, what. An entry on a day off is followed by an indented line
with the holiday warning, as the app would show it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from store.agenda import AgendaEntry
from store.i18n import t
from store.schedule import display_title
from tui.format import aligned_lines

#: (heading key, alignment) of each column, in order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("agenda.col.date", "left"),
    ("agenda.col.time", "left"),
    ("agenda.col.kind", "left"),
    ("agenda.col.client", "left"),
    ("agenda.col.what", "left"),
)
GAP = "  "
_JOIN = " · "


def kind_label(entry: AgendaEntry) -> str:
    """拜访 for an entry's kind, 生日 / 春节 for a reminder's occasion."""
    if entry.source == "reminder":
        from store.festivals import occasion_name

        return occasion_name(entry.kind)
    return t(f"event.{entry.kind}")


def typed_title(entry: AgendaEntry) -> str:
    """An entry's title when it says more than its kind and client, else "".

    An entry saved without a title shows one made from kind and client
    ("拜访张伟"); beside a client column that says "张伟" it only repeats.
    """
    made = display_title(entry.kind, "", entry.clients)
    return entry.title if entry.title != made else ""


def what(entry: AgendaEntry) -> str:
    """What the kind and client columns do not say already.

    An entry: the title typed for it (not one made from kind and client)
    and its location. A reminder: the person greeted when it is not the
    client (a company's key contact), and its detail ("60岁", "总经理").
    """
    if entry.source == "reminder":
        person = entry.person if entry.person not in entry.clients else ""
        parts = [person, entry.detail]
    else:
        parts = [typed_title(entry), entry.detail]
    if entry.status not in ("open", "planned"):
        parts.append(t(f"agenda.status.{entry.status}"))
    return _JOIN.join(part for part in parts if part)


def _cells(entry: AgendaEntry) -> tuple[str, ...]:
    return (
        entry.day.isoformat(),
        entry.at.strftime("%H:%M") if entry.at is not None else t("schedule.all_day"),
        kind_label(entry),
        "、".join(entry.clients),
        what(entry),
    )


def agenda_table(entries: Sequence[AgendaEntry]) -> list[str]:
    """The heading and one line per entry; a holiday warning indented under its entry."""
    rows = [tuple(t(key) for key, _ in COLUMNS), *(_cells(entry) for entry in entries)]
    lines = aligned_lines(rows, [align for _, align in COLUMNS], GAP)
    out = [lines[0]]
    for entry, line in zip(entries, lines[1:], strict=True):
        out.append(line)
        if entry.holiday:
            out.append(f"{GAP}! {entry.holiday}")
    return out


def agenda_json(entries: Sequence[AgendaEntry]) -> list[dict[str, Any]]:
    """JSON-ready records: snake_case keys, ISO dates, code names with their labels."""
    return [
        {
            "date": entry.day.isoformat(),
            "time": entry.at.strftime("%H:%M") if entry.at is not None else None,
            "all_day": entry.at is None,
            "source": entry.source,
            "kind": entry.kind,
            "kind_label": kind_label(entry),
            "id": entry.id,
            "title": entry.title,
            "clients": list(entry.clients),
            "client_ids": list(entry.client_ids),
            "person": entry.person or None,
            "status": entry.status,
            "detail": entry.detail or None,
            "holiday": entry.holiday,
        }
        for entry in entries
    ]


def agenda_json_text(entries: Sequence[AgendaEntry]) -> str:
    return json.dumps(agenda_json(entries), ensure_ascii=False, indent=2)
