"""The client list as the desk shows it: filtered, sorted and paged in SQL.

The desk never holds the whole book in memory: it asks for the number of
matching clients (to size the scroll bar) and for the window of rows on
screen. Both use indexes, so a keystroke in the search box costs a few
milliseconds even with 100,000 clients.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.expression import UnaryExpression

from store import clock
from store.models import CalendarEvent, Client, EventClient, Interaction, Manager

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"^[a-z]+$")


@dataclass(frozen=True)
class ClientRow:
    """One line of the client list; plain data, safe to hand to a widget."""

    id: str
    name: str
    kind: str
    tier: str
    importance: str
    aum_fen: int
    owner_name: str | None
    last_contact: date | None
    next_due: date | None


@dataclass(frozen=True)
class ClientQuery:
    """What the list shows: a search text, later filters and sort orders."""

    search: str = ""


def _scanned(column: InstrumentedAttribute[str]) -> ColumnElement[str]:
    """`+column`: the same value, but SQLite will not pick the column's own
    index for it (SQLite's documented way to steer the planner; this query
    only runs on the local SQLite store).

    Measured at 100k clients: scanning the narrow covering index
    `ix_client_list` (in AUM order, holding every searched column) takes
    about 12 ms, where a multi-index OR whose every hit reads the wide table
    row to check the status took 75 ms for a one-letter search.
    """
    return UnaryExpression(column, operator=operators.custom_op("+"), type_=column.type)


def _search_condition(text: str) -> ColumnElement[bool] | None:
    """Name (any part), full pinyin (prefix) or pinyin initials (prefix).

    Pinyin keys are stored lower-case at save time, so a search needs no
    pinyin library loaded.
    """
    needle = text.strip().lower().replace(" ", "")
    if not needle:
        return None
    if _CJK.search(needle):
        return func.instr(Client.name, needle) > 0
    if _LATIN.match(needle):
        upper = needle + "\x7f"
        pinyin, initials = _scanned(Client.name_pinyin), _scanned(Client.name_initials)
        return or_(
            and_(pinyin >= needle, pinyin < upper),
            and_(initials >= needle, initials < upper),
        )
    return func.instr(Client.name, text.strip()) > 0


def _visible(query: ClientQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        Client.deleted.is_(False),
        Client.status != "archived",
    ]
    search = _search_condition(query.search)
    if search is not None:
        conditions.append(search)
    return conditions


def count_clients(session: Session, query: ClientQuery) -> int:
    """How many clients match `query` (sizes the list's scroll bar)."""
    statement = select(func.count()).select_from(Client).where(*_visible(query))
    return int(session.execute(statement).scalar_one())


def client_window(
    session: Session, query: ClientQuery, offset: int, limit: int, zone: str
) -> list[ClientRow]:
    """The rows `offset` … `offset + limit` of the list, biggest AUM first.

    Two steps: the ids of the window from the covering index alone (both
    sort keys descend, so SQLite walks `ix_client_list` backwards and stops
    after `offset + limit` matches), then the columns and last contact for just
    those ids. Asking for everything in one statement made SQLite compute
    the last-contact subquery for every match before sorting.
    """
    window = (
        select(Client.id)
        .where(*_visible(query))
        .order_by(Client.aum_fen.desc(), Client.id.desc())
        .offset(offset)
        .limit(limit)
    )
    ids = list(session.scalars(window))
    if not ids:
        return []
    last_contact = (
        select(func.max(Interaction.occurred_at))
        .where(Interaction.client_id == Client.id, Interaction.deleted.is_(False))
        .correlate(Client)
        .scalar_subquery()
    )
    details = session.execute(
        select(
            Client.id,
            Client.name,
            Client.kind,
            Client.tier,
            Client.importance,
            Client.aum_fen,
            Manager.name,
            last_contact,
        )
        .outerjoin(Manager, Manager.id == Client.owner_manager_id)
        .where(Client.id.in_(ids))
    ).all()
    by_id = {row[0]: row for row in details}
    due = _next_due(session, ids, zone)
    local = ZoneInfo(zone)
    return [
        ClientRow(
            id=row[0],
            name=row[1],
            kind=row[2],
            tier=row[3],
            importance=row[4],
            aum_fen=row[5],
            owner_name=row[6],
            last_contact=_local_date(row[7], local),
            next_due=due.get(row[0]),
        )
        for row in (by_id[client_id] for client_id in ids)
    ]


def _local_date(value: datetime | str | None, zone: ZoneInfo) -> date | None:
    """A UTC instant from a raw column (SQLite returns text from aggregates)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    return value.astimezone(zone).date()


def _next_due(session: Session, client_ids: list[str], zone: str) -> dict[str, date]:
    """Next planned contact per client: the earlier of a scheduled event from
    today on and the next-contact date promised in the latest log entry."""
    if not client_ids:
        return {}
    local = ZoneInfo(zone)
    today = clock.today(zone)
    start_of_today = datetime.combine(today, datetime.min.time(), local)
    due: dict[str, date] = {}
    events = session.execute(
        select(EventClient.client_id, func.min(CalendarEvent.starts_at))
        .join(CalendarEvent, CalendarEvent.id == EventClient.event_id)
        .where(
            EventClient.client_id.in_(client_ids),
            EventClient.deleted.is_(False),
            CalendarEvent.deleted.is_(False),
            CalendarEvent.status == "planned",
            CalendarEvent.starts_at >= start_of_today,
        )
        .group_by(EventClient.client_id)
    ).all()
    for client_id, starts_at in events:
        when = _local_date(starts_at, local)
        if when is not None:
            due[client_id] = when
    latest = (
        select(Interaction.client_id, func.max(Interaction.occurred_at).label("last"))
        .where(Interaction.client_id.in_(client_ids), Interaction.deleted.is_(False))
        .group_by(Interaction.client_id)
        .subquery()
    )
    promised = session.execute(
        select(Interaction.client_id, Interaction.next_contact_on).join(
            latest,
            and_(
                Interaction.client_id == latest.c.client_id,
                Interaction.occurred_at == latest.c.last,
            ),
        )
    ).all()
    for client_id, next_on in promised:
        if next_on is not None and (client_id not in due or next_on < due[client_id]):
            due[client_id] = next_on
    return due

