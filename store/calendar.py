"""The manager's calendar: which days have entries, and the agenda ahead."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import CalendarEvent, EventClient
from store.schedule import event_rows
from store.vocab import EventStatus


@dataclass(frozen=True)
class MonthMarks:
    """Days of one month that have the manager's entries / the client's entries."""

    year: int
    month: int
    busy_days: frozenset[int]
    client_days: frozenset[int]


@dataclass(frozen=True)
class AgendaRow:
    id: str
    starts_at: datetime
    all_day: bool
    kind: str
    title: str
    clients: tuple[str, ...]


def _month_bounds(year: int, month: int, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime(year, month, 1, tzinfo=zone)
    following = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
    return start, following


def month_marks(
    session: Session,
    year: int,
    month: int,
    zone: str,
    manager_id: str | None,
    client_id: str | None,
) -> MonthMarks:
    """Which days of the month carry entries, in the manager's time zone."""
    local = ZoneInfo(zone)
    start, end = _month_bounds(year, month, local)
    live = (
        CalendarEvent.deleted.is_(False),
        CalendarEvent.status != "cancelled",
        CalendarEvent.starts_at >= start,
        CalendarEvent.starts_at < end,
    )
    busy: set[int] = set()
    if manager_id is not None:
        mine = session.execute(
            select(CalendarEvent.starts_at).where(
                *live, CalendarEvent.owner_manager_id == manager_id
            )
        ).scalars()
        busy = {when.astimezone(local).day for when in mine}
    client_days: set[int] = set()
    if client_id is not None:
        theirs = session.execute(
            select(CalendarEvent.starts_at)
            .join(EventClient, EventClient.event_id == CalendarEvent.id)
            .where(*live, EventClient.client_id == client_id, EventClient.deleted.is_(False))
        ).scalars()
        client_days = {when.astimezone(local).day for when in theirs}
    return MonthMarks(year, month, frozenset(busy), frozenset(client_days))


def agenda(
    session: Session,
    start_day: date,
    days: int,
    zone: str,
    manager_id: str | None,
    limit: int = 50,
) -> list[AgendaRow]:
    """The manager's planned entries from `start_day` for `days` days (the desk's short list).

    Read through `store.schedule.event_rows`, so the desk, the calendar
    screen and `clientdesk agenda` agree on which day an entry falls
    (all-day entries included).
    """
    rows = event_rows(session, start_day, days, zone=zone, manager_id=manager_id,
                      statuses=(EventStatus.PLANNED.value,))  # fmt: skip
    return [
        AgendaRow(id=r.id, starts_at=r.starts_at, all_day=r.all_day, kind=r.kind,
                  title=r.shown_title, clients=r.client_names)
        for r in rows[:limit]
    ]  # fmt: skip
