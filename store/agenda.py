"""The agenda: the manager's scheduled entries and the generated greeting reminders, together.

One list, one shape (`AgendaEntry`), for the calendar screen, `clientdesk
agenda` and the iCalendar export, so all three agree on what falls on which
day. Scheduled entries come from `store.schedule`; greeting reminders
(birthdays, anniversaries, festivals) are computed from client data by
`store.reminders` and are only asked for when the caller passes greeting
rules. An entry on a day off carries the `store.workdays.holiday_warning`
sentence, so every front end can say "that is a holiday" the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from store.i18n import t
from store.schedule import EventRow, event_rows
from store.vocab import EventStatus

if TYPE_CHECKING:
    from store.greeting_config import GreetingRules
    from store.reminders import Reminder

__all__ = ["AgendaEntry", "agenda_entries", "day_entries", "entries_by_day"]


@dataclass(frozen=True)
class AgendaEntry:
    """One line of the agenda: a scheduled entry or a greeting reminder, in local terms."""

    day: date  # local date
    at: time | None  # local start; None = all day, and for every reminder
    source: str  # "event" | "reminder"
    kind: str  # EventKind for an entry, Occasion for a reminder
    id: str  # the event's id or the reminder's (derived) id
    title: str
    clients: tuple[str, ...]  # client names
    client_ids: tuple[str, ...]
    status: str  # planned/done/cancelled for an entry; open/done/dismissed for a reminder
    detail: str  # a reminder's detail ("农历十月廿一 · 60岁"); an entry's location
    holiday: str | None  # holiday_warning when a planned entry falls on a day off
    person: str = ""  # a reminder's greeted person (a key contact may not be the client)
    owner_id: str | None = None  # whose schedule an entry is on (None for a reminder)


def _from_event(row: EventRow, holiday: str | None) -> AgendaEntry:
    return AgendaEntry(
        day=row.day, at=row.start, source="event", kind=row.kind, id=row.id,
        title=row.shown_title, clients=row.client_names, client_ids=row.client_ids,
        status=row.status, detail=row.location or "", holiday=holiday,
        owner_id=row.owner_manager_id,
    )  # fmt: skip


def _from_reminder(reminder: Reminder) -> AgendaEntry:
    from store.festivals import occasion_name

    return AgendaEntry(
        day=reminder.on, at=None, source="reminder", kind=reminder.occasion, id=reminder.id,
        title=t("agenda.reminder_title", occasion=occasion_name(reminder.occasion),
                person=reminder.person),
        clients=(reminder.client_name,), client_ids=(reminder.client_id,),
        status=reminder.status, detail=reminder.detail, holiday=None, person=reminder.person,
    )  # fmt: skip


def _holiday(row: EventRow) -> str | None:
    """The day-off warning for a planned entry (a cancelled or done one needs none)."""
    if row.status != EventStatus.PLANNED:
        return None
    from store.workdays import holiday_warning  # python-holidays: loaded when first needed

    return holiday_warning(row.day)


def _sort_key(entry: AgendaEntry) -> tuple[date, time, str]:
    """Day, start (all day first), entries before reminders; the stable sort keeps the rest.

    Entries come in `event_rows` order and reminders in `reminders_between`
    order (a client's own days before festivals), which this leaves alone.
    """
    return (entry.day, entry.at or time.min, entry.source)


def agenda_entries(
    session: Session,
    start: date,
    days: int,
    *,
    zone: str,
    manager_id: str | None,
    greetings: GreetingRules | None,
    cancelled: bool = False,
) -> list[AgendaEntry]:
    """Everything on the local days [start, start + days): entries, then reminders if asked.

    `manager_id` None = the whole book's. `greetings` None = scheduled
    entries only; otherwise the reminders those rules generate for the
    manager's clients, with their status (open, done, dismissed).
    `cancelled` also lists cancelled entries (the calendar shows them so
    they can be restored; the agenda command and the export do not).
    Sorted by day, then start (all-day entries and reminders first), then
    entries before reminders.
    """
    if days < 1:
        return []
    statuses = [EventStatus.PLANNED.value, EventStatus.DONE.value]
    if cancelled:
        statuses.append(EventStatus.CANCELLED.value)
    rows = event_rows(session, start, days, zone=zone, manager_id=manager_id, statuses=statuses)
    entries = [_from_event(row, _holiday(row)) for row in rows]
    if greetings is not None:
        from store.reminders import reminders_between

        last = start + timedelta(days=days - 1)
        found = reminders_between(session, greetings, start, last, manager_id=manager_id)
        entries += [_from_reminder(reminder) for reminder in found]
    return sorted(entries, key=_sort_key)


def day_entries(
    session: Session,
    day: date,
    *,
    zone: str,
    manager_id: str | None,
    greetings: GreetingRules | None,
    cancelled: bool = False,
) -> list[AgendaEntry]:
    """One day's agenda (the calendar's day view)."""
    return agenda_entries(
        session, day, 1, zone=zone, manager_id=manager_id, greetings=greetings, cancelled=cancelled
    )


def entries_by_day(entries: Sequence[AgendaEntry]) -> dict[date, list[AgendaEntry]]:
    """`agenda_entries`' list grouped by day, in its order (a month or week grid's marks)."""
    grouped: dict[date, list[AgendaEntry]] = {}
    for entry in entries:
        grouped.setdefault(entry.day, []).append(entry)
    return grouped
