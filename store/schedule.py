"""The manager's schedule (日程): planned visits, calls, meetings and club activities.

An entry (`CalendarEvent`) concerns one or more clients (`EventClient` links)
and belongs to the manager who planned it. Screens and tests read the same
form description (`EVENT_FIELDS`) and the same checks
(`validate_event_form`): every bad field is named with its reason at once
and nothing is written. Writes go through `store.session()`, so sync's
change capture and the audit log see every one of them.

Time. A timed entry is an instant, stored in UTC and shown in whatever zone
the reader is in. An all-day entry is a *date*, the same date wherever it is
read (a client's 80th birthday lunch does not move to the day before in
London). The column holds an instant, so an all-day entry is stored at
12:00 UTC on its date: that instant falls on the same calendar date in
every zone from UTC-11 to UTC+11, so code that reads `starts_at` in the
local zone (the desk's month marks, the client list's next contact) sees
the right day, and this module reads the date back in UTC, exactly.

Lifecycle. An entry is planned, then done or cancelled. Cancelling keeps
the row (it syncs, and `restore_event` brings it back); nothing here
deletes. Only a planned entry is moved.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import clock
from store.client_edit import choice_value
from store.errors import ClientdeskError, ValidationError
from store.i18n import t
from store.models import CalendarEvent, Client, EventClient
from store.vocab import EventKind, EventStatus

__all__ = [
    "ALL_DAY_ALARM_HOUR",
    "DEFAULT_MINUTES",
    "EVENT_FIELDS",
    "MAX_REMINDER_DAYS",
    "EventDraft",
    "EventField",
    "EventNotFoundError",
    "EventRow",
    "cancel_event",
    "display_title",
    "event_form_values",
    "event_row",
    "event_rows",
    "format_span",
    "local_day_and_time",
    "move_event",
    "parse_clock_time",
    "reschedule_event",
    "restore_event",
    "ringing_entries",
    "rings_at",
    "schedule_event",
    "validate_event_form",
]

TITLE_MAX: Final = 200  # CalendarEvent.title is String(200)
LOCATION_MAX: Final = 200
NOTES_MAX: Final = 10_000
MAX_MINUTES: Final = 24 * 60
MAX_REMINDER_DAYS: Final = 14
_MAX_LEAD: Final = MAX_REMINDER_DAYS * 24 * 60
#: How long an entry lasts when a start time is given without a duration.
DEFAULT_MINUTES: Final[Mapping[str, int]] = {
    EventKind.VISIT: 60, EventKind.CALL: 30, EventKind.MEETING: 60,
    EventKind.CLUB: 120, EventKind.OTHER: 60,
}  # fmt: skip
#: Kinds that make no sense without a client: one visits or calls somebody.
_NEED_CLIENT: Final = frozenset({EventKind.VISIT.value, EventKind.CALL.value})
#: An all-day entry's instant: noon UTC is the same date from UTC-11 to UTC+11.
_ALL_DAY_AT: Final = time(12, 0)

FieldKind = Literal["choice", "ids", "date", "time", "minutes", "lead", "text"]


@dataclass(frozen=True)
class EventField:
    """One field of the entry form: name, catalog label, how its text is read."""

    name: str
    label: str
    kind: FieldKind
    required: bool = False
    vocabulary: str | None = None
    choices: tuple[str, ...] = ()
    limit: int | None = None


EVENT_FIELDS: Final[tuple[EventField, ...]] = (
    EventField("kind", "schedule.field.kind", "choice", True, "event",
               tuple(k.value for k in EventKind)),
    EventField("clients", "schedule.field.clients", "ids"),
    EventField("date", "schedule.field.date", "date", True),
    EventField("time", "schedule.field.time", "time"),
    EventField("duration", "schedule.field.duration", "minutes"),
    EventField("title", "schedule.field.title", "text", limit=TITLE_MAX),
    EventField("location", "schedule.field.location", "text", limit=LOCATION_MAX),
    EventField("reminder", "schedule.field.reminder", "lead"),
    EventField("notes", "schedule.field.notes", "text", limit=NOTES_MAX),
)  # fmt: skip
_FIELD: Final = {f.name: f for f in EVENT_FIELDS}


@dataclass(frozen=True)
class EventDraft:
    """An entry as the store writes it; day and start are local to the writer's zone."""

    kind: str
    title: str  # "" = made when shown from the kind and the clients (`display_title`)
    day: date
    start: time | None  # None = all day
    duration_min: int | None
    client_ids: tuple[str, ...]
    location: str | None = None
    notes: str | None = None
    reminder_min: int | None = None  # minutes before the start; None = no reminder


@dataclass(frozen=True)
class EventRow:
    """One entry as the form, the detail view and the export read it (local day and time)."""

    id: str
    kind: str
    title: str  # as stored: "" when the form left it empty
    shown_title: str  # what a person reads (`display_title`)
    day: date
    start: time | None
    duration_min: int | None
    starts_at: datetime  # the stored instant, aware UTC
    ends_at: datetime | None
    client_ids: tuple[str, ...]
    client_names: tuple[str, ...]
    location: str | None
    notes: str | None
    reminder_min: int | None
    status: str
    owner_manager_id: str | None

    @property
    def all_day(self) -> bool:
        return self.start is None


class EventNotFoundError(ClientdeskError):
    """The entry does not exist here (or was removed by a sync)."""

    def __init__(self) -> None:
        super().__init__("schedule.not_found")


# --- reading the form ----------------------------------------------------------------


def _normalised(text: str) -> str:
    """Full-width digits and punctuation folded, spaces collapsed (people type both)."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


_CLOCK = re.compile(
    r"(?P<part>上午|早上|中午|下午|晚上)?\s*"
    r"(?:(?P<h>\d{1,2})[:.](?P<m>\d{2})|(?P<hh>\d{2})(?P<mm>\d{2})"
    r"|(?P<ch>\d{1,2})\s*[点時时](?:(?P<half>半)|(?P<cm>\d{1,2})分?)?"
    r"|(?P<oh>\d{1,2}))"
    r"\s*(?P<ampm>am|pm)?",
)


def _twenty_four(hour: int, part: str | None, ampm: str | None) -> int | None:
    """The hour on a 24-hour clock, or None when the words and the number disagree."""
    if ampm is not None:
        if not 1 <= hour <= 12 or part is not None:
            return None
        return hour % 12 + (12 if ampm == "pm" else 0)
    if part in ("上午", "早上", "晚上") and hour == 12:
        return None  # 晚上12点 is midnight, 上午12点 unclear: ask for 00:00 or 12:00
    if part in ("下午", "晚上") and hour < 12:
        return hour + 12
    if part == "中午" and hour <= 2:  # 中午1点 is 13:00; 中午12点 stays
        return hour + 12
    if part in ("上午", "早上") and hour > 12:
        return None
    return hour


def parse_clock_time(raw: str, label: str = "schedule.field.time") -> time | None:
    """A start time from "10:00", "9:30", "1430", "10", "3pm", "下午3点", "9点半"; "" = all day."""
    text = _normalised(raw).casefold()
    if not text:
        return None
    match = _CLOCK.fullmatch(text)
    hour = minute = None
    if match is not None:
        digits = match["h"] or match["hh"] or match["ch"] or match["oh"]
        hour = _twenty_four(int(digits), match["part"], match["ampm"])
        minute = 30 if match["half"] else int(match["m"] or match["mm"] or match["cm"] or 0)
    if hour is None or minute is None or hour > 23 or minute > 59:
        raise ValidationError(label, "schedule.invalid.time", value=raw.strip())
    return time(hour, minute)


_UNITS: Final[Mapping[str, int]] = {
    **dict.fromkeys(("w", "wk", "week", "weeks", "周", "星期"), 7 * 24 * 60),
    **dict.fromkeys(("d", "day", "days", "天", "日"), 24 * 60),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "小时", "个小时", "钟头"), 60),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes", "分", "分钟"), 1),
}
_SPAN_PART = re.compile(
    r"(\d{1,7}(?:\.\d{1,3})?)\s*([a-z]+|个小时|小时|钟头|分钟|分|天|日|周|星期)?"
)


def _span_minutes(text: str) -> int | None:
    """Minutes in "90", "45m", "1h30m", "1.5h", "1小时30分", "2d"; None when unreadable."""
    compact = text.casefold().replace(" ", "")
    if compact in ("半小时", "半个小时"):
        return 30
    total, position = Decimal(0), 0
    while position < len(compact):
        part = _SPAN_PART.match(compact, position)
        if part is None or part.end() == position:
            return None
        unit = part.group(2) or "m"
        if unit not in _UNITS:
            return None
        total += Decimal(part.group(1)) * _UNITS[unit]
        position = part.end()
    return round(total) if compact and total == int(total) else None


def format_span(minutes: int) -> str:
    """Minutes as the form shows them again: "1d", "2h", "1h30m", "45m", "0m"."""
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{days}d" if days else "", f"{hours}h" if hours else "", f"{mins}m" if mins else ""]
    return "".join(parts) or "0m"


def _read_span(field: EventField, raw: str, examples: str) -> int | None:
    text = _normalised(raw)
    if not text:
        return None
    minutes = _span_minutes(text)
    if minutes is None:
        raise ValidationError(
            field.label, "schedule.invalid.span", value=text, examples=t(examples)
        )
    return minutes


def _duration(field: EventField, raw: str) -> int | None:
    minutes = _read_span(field, raw, "schedule.span_examples.duration")
    if minutes is not None and not 1 <= minutes <= MAX_MINUTES:
        raise ValidationError(field.label, "schedule.invalid.duration_range", value=raw.strip())
    return minutes


def _reminder(field: EventField, raw: str) -> int | None:
    minutes = _read_span(field, raw, "schedule.span_examples.reminder")
    if minutes is not None and minutes > _MAX_LEAD:
        raise ValidationError(
            field.label,
            "schedule.invalid.reminder_range",
            value=raw.strip(),
            limit=MAX_REMINDER_DAYS,
        )
    return minutes


def _text(field: EventField, raw: str) -> str | None:
    text = raw.strip()
    if field.limit is not None and len(text) > field.limit:
        raise ValidationError(field.label, "invalid.too_long", limit=field.limit)
    return text or None


def _ids(raw: str) -> tuple[str, ...]:
    found: list[str] = []
    for part in re.split(r"[\s,，、;；]+", raw.strip()):
        if part and part not in found:
            found.append(part)
    return tuple(found)


def _day(field: EventField, raw: str, today: date) -> date:
    """A natural date (`store.natural_dates`): "下周三", "+2w", "12-5", "2026-12-05"."""
    from store.natural_dates import DateParseError, parse_date

    try:
        return parse_date(raw, today, prefer="future")
    except DateParseError as exc:
        raise ValidationError(field.label, "schedule.invalid.date", problem=str(exc)) from None


def validate_event_form(
    values: Mapping[str, str],
    today: date,
    *,
    client_ids: Sequence[str] | None = None,
    original_day: date | None = None,
) -> tuple[EventDraft | None, dict[str, str]]:
    """Read the entry form; return (the draft, {}) or (None, every error by field name).

    `values` maps `EVENT_FIELDS` names to the typed text; the clients are
    `client_ids` when the screen picked them, else the "clients" text (ids
    separated by commas or spaces). Whether those clients exist is checked
    when writing. `today` is the manager's local date: a day before it is
    refused, except for an entry being edited (`original_day`) that keeps
    its day, so an old entry's notes can still be corrected.
    """
    unknown = set(values) - set(_FIELD)
    if unknown:
        raise ValueError(f"not entry form fields: {sorted(unknown)}")
    errors: dict[str, str] = {}

    def read(name: str, reader: Any, *args: Any) -> Any:
        text = str(values.get(name, "") or "")
        try:
            return reader(_FIELD[name], text, *args)
        except ValidationError as exc:
            errors[name] = exc.message()
            return None

    kind = read("kind", _choice)
    day = read("date", _required_day, today)
    start = read("time", lambda field, text: parse_clock_time(text, field.label))
    duration = read("duration", _duration)
    reminder = read("reminder", _reminder)
    texts = {name: read(name, _text) for name in ("title", "location", "notes")}
    if client_ids is not None:
        ids = tuple(dict.fromkeys(client_ids))
    else:
        ids = _ids(str(values.get("clients", "") or ""))
    if start is not None and duration is None and kind is not None:
        duration = DEFAULT_MINUTES[kind]
    draft = EventDraft(
        kind=kind or EventKind.OTHER.value,
        title=texts["title"] or "",
        day=day or today,
        start=start,
        duration_min=duration,
        client_ids=ids,
        location=texts["location"],
        notes=texts["notes"],
        reminder_min=reminder,
    )
    # Whole-draft rules, except where a field they rest on could not be read.
    resting_on = {"clients": "kind", "title": "kind", "duration": "time", "date": "date"}
    for name, error in _draft_problems(draft, today, original_day).items():
        if name not in errors and resting_on.get(name, name) not in errors:
            errors[name] = error.message()
    return (None, errors) if errors else (draft, {})


def _choice(field: EventField, raw: str) -> str:
    text = _normalised(raw)
    if not text:
        raise ValidationError(field.label, "invalid.required")
    return choice_value(field, text)


def _required_day(field: EventField, raw: str, today: date) -> date:
    if not raw.strip():
        raise ValidationError(field.label, "invalid.required")
    return _day(field, raw, today)


def _draft_problems(
    draft: EventDraft, today: date, original_day: date | None
) -> dict[str, ValidationError]:
    """What is wrong with a draft as a whole, by form field (empty when it can be written).

    The form's readers check each text already; these rules hold for a
    draft however it was made (a screen's quick "move", a test, a script).
    """
    problems: dict[str, ValidationError] = {}

    def problem(name: str, reason: str, **params: Any) -> None:
        problems.setdefault(name, ValidationError(_FIELD[name].label, reason, **params))

    if draft.kind not in _FIELD["kind"].choices:
        problem(
            "kind", "invalid.choice", value=draft.kind, choices=", ".join(_FIELD["kind"].choices)
        )
    if draft.day < today and draft.day != original_day:
        problem("date", "schedule.invalid.past", day=draft.day.isoformat(), today=today.isoformat())
    if draft.start is None and draft.duration_min is not None:
        problem("duration", "schedule.invalid.duration_all_day")
    if draft.duration_min is not None and not 1 <= draft.duration_min <= MAX_MINUTES:
        problem("duration", "schedule.invalid.duration_range", value=draft.duration_min)
    if draft.reminder_min is not None and not 0 <= draft.reminder_min <= _MAX_LEAD:
        problem(
            "reminder",
            "schedule.invalid.reminder_range",
            value=draft.reminder_min,
            limit=MAX_REMINDER_DAYS,
        )
    if not draft.client_ids and draft.kind in _NEED_CLIENT:
        problem("clients", "schedule.invalid.needs_client", kind=t(f"event.{draft.kind}"))
    elif not draft.client_ids and not draft.title.strip():
        problem("title", "schedule.invalid.needs_title")
    for name, value in (
        ("title", draft.title),
        ("location", draft.location),
        ("notes", draft.notes),
    ):
        limit = _FIELD[name].limit or 0
        if value is not None and len(value) > limit:
            problem(name, "invalid.too_long", limit=limit)
    return problems


def _check_draft(draft: EventDraft, today: date, original_day: date | None) -> None:
    """Raise the first problem of a draft handed to a writer (with `column` = form field)."""
    for name, error in _draft_problems(draft, today, original_day).items():
        error.column = name  # type: ignore[attr-defined]
        raise error


# --- time ---------------------------------------------------------------------------------


def _instants(
    draft_day: date, start: time | None, duration_min: int | None, zone: str
) -> tuple[datetime, datetime | None]:
    """(starts_at, ends_at) in UTC for a local day and start; all day: noon UTC, no end."""
    if start is None:
        return datetime.combine(draft_day, _ALL_DAY_AT, UTC), None
    local = datetime.combine(draft_day, start, ZoneInfo(zone))
    begins = local.astimezone(UTC)
    if begins.astimezone(local.tzinfo).replace(tzinfo=None) != local.replace(tzinfo=None):
        # A clock time skipped when the clocks go forward: zoneinfo would
        # silently move it an hour; the manager must pick a real time.
        error = ValidationError(
            "schedule.field.time", "schedule.invalid.time_skipped",
            time=start.strftime("%H:%M"), day=draft_day.isoformat(), zone=zone,
        )  # fmt: skip
        error.column = "time"  # type: ignore[attr-defined]  # the form field, as _check sets it
        raise error
    ends = begins + timedelta(minutes=duration_min) if duration_min is not None else None
    return begins, ends


def local_day_and_time(starts_at: datetime, all_day: bool, zone: str) -> tuple[date, time | None]:
    """Where an entry falls for a reader in `zone`: its date, and its local start unless all day."""
    if all_day:
        return starts_at.astimezone(UTC).date(), None
    local = starts_at.astimezone(ZoneInfo(zone))
    return local.date(), local.time().replace(tzinfo=None)


def _minutes_between(starts_at: datetime, ends_at: datetime | None) -> int | None:
    if ends_at is None:
        return None
    return int((ends_at - starts_at).total_seconds() // 60)


# --- what a person reads ------------------------------------------------------------------


def display_title(kind: str, title: str, client_names: Sequence[str]) -> str:
    """The title typed, or one made from the kind and the first client: "拜访张伟".

    Made when shown rather than stored, so it reads right in either
    language and follows a change of the entry's clients.
    """
    if title.strip():
        return title.strip()
    kind_label = t(f"event.{kind}")
    if not client_names:
        return kind_label
    if len(client_names) == 1:
        return t("schedule.auto_title", kind=kind_label, name=client_names[0])
    return t(
        "schedule.auto_title_more",
        kind=kind_label,
        name=client_names[0],
        count=len(client_names),
    )


def _links(session: Session, event_ids: Collection[str]) -> dict[str, list[tuple[str, str]]]:
    """For each event, its live clients as (id, name), in name order; one query for all."""
    if not event_ids:
        return {}
    rows = session.execute(
        select(EventClient.event_id, Client.id, Client.name)
        .join(Client, Client.id == EventClient.client_id)
        .where(
            EventClient.event_id.in_(list(event_ids)),
            EventClient.deleted.is_(False),
            Client.deleted.is_(False),
        )
        .order_by(Client.name, Client.id)
    ).all()
    found: dict[str, list[tuple[str, str]]] = {}
    for event_id, client_id, name in rows:
        found.setdefault(event_id, []).append((client_id, name))
    return found


def _row(event: CalendarEvent, clients: Sequence[tuple[str, str]], zone: str) -> EventRow:
    day, start = local_day_and_time(event.starts_at, event.all_day, zone)
    names = tuple(name for _, name in clients)
    return EventRow(
        id=event.id, kind=event.kind, title=event.title,
        shown_title=display_title(event.kind, event.title, names),
        day=day, start=start, duration_min=_minutes_between(event.starts_at, event.ends_at),
        starts_at=event.starts_at, ends_at=event.ends_at,
        client_ids=tuple(client_id for client_id, _ in clients), client_names=names,
        location=event.location, notes=event.notes, reminder_min=event.reminder_min,
        status=event.status, owner_manager_id=event.owner_manager_id,
    )  # fmt: skip


def event_row(session: Session, event_id: str, zone: str) -> EventRow | None:
    """One live entry for the form or the detail view; None when it is not here."""
    event = session.get(CalendarEvent, event_id)
    if event is None or event.deleted:
        return None
    return _row(event, _links(session, [event.id]).get(event.id, []), zone)


def event_rows(
    session: Session,
    start: date,
    days: int,
    *,
    zone: str,
    manager_id: str | None,
    statuses: Collection[str] = (EventStatus.PLANNED.value, EventStatus.DONE.value),
) -> list[EventRow]:
    """The entries falling on the local days [start, start + days), in time order.

    `manager_id` None = everyone's. A timed entry falls on its local date in
    `zone`; an all-day one on its own date. Sorted by day, all-day first, then
    start time and id.
    """
    end = start + timedelta(days=days)
    # Wide enough for any zone and for all-day entries (noon UTC); trimmed below.
    low = datetime.combine(start - timedelta(days=1), time.min, UTC)
    high = datetime.combine(end + timedelta(days=1), time.min, UTC)
    conditions = [
        CalendarEvent.deleted.is_(False),
        CalendarEvent.status.in_(list(statuses)),
        CalendarEvent.starts_at >= low,
        CalendarEvent.starts_at < high,
    ]
    if manager_id is not None:
        conditions.append(CalendarEvent.owner_manager_id == manager_id)
    events = session.execute(select(CalendarEvent).where(*conditions)).scalars().all()
    links = _links(session, [e.id for e in events])
    rows = [_row(e, links.get(e.id, []), zone) for e in events]
    rows = [row for row in rows if start <= row.day < end]
    return sorted(rows, key=lambda r: (r.day, r.start is not None, r.start or time.min, r.id))


def event_form_values(row: EventRow) -> dict[str, str]:
    """The form's text for an existing entry (what `validate_event_form` reads back)."""
    return {
        "kind": row.kind,
        "clients": " ".join(row.client_ids),
        "date": row.day.isoformat(),
        "time": row.start.strftime("%H:%M") if row.start is not None else "",
        "duration": format_span(row.duration_min) if row.duration_min is not None else "",
        "title": row.title,
        "location": row.location or "",
        "reminder": format_span(row.reminder_min) if row.reminder_min is not None else "",
        "notes": row.notes or "",
    }


# --- writing --------------------------------------------------------------------------------


def _check_clients(session: Session, client_ids: Sequence[str]) -> None:
    if not client_ids:
        return
    live = set(
        session.execute(
            select(Client.id).where(Client.id.in_(list(client_ids)), Client.deleted.is_(False))
        ).scalars()
    )
    for client_id in client_ids:
        if client_id not in live:
            error = ValidationError(
                "schedule.field.clients", "schedule.invalid.unknown_client", value=client_id
            )
            error.column = "clients"  # type: ignore[attr-defined]
            raise error


def _set_clients(session: Session, event_id: str, client_ids: Sequence[str]) -> None:
    """Make the event's live links exactly `client_ids`: tombstone, revive or add."""
    existing = (
        session.execute(select(EventClient).where(EventClient.event_id == event_id)).scalars().all()
    )
    by_client: dict[str, EventClient] = {}
    for link in existing:
        if link.client_id in client_ids and (link.client_id not in by_client or not link.deleted):
            by_client[link.client_id] = link
        elif not link.deleted:
            link.deleted = True
    for client_id in client_ids:
        link = by_client.get(client_id)
        if link is None:
            session.add(EventClient(event_id=event_id, client_id=client_id))
        elif link.deleted:
            link.deleted = False
    for link in existing:  # a second live link to one client (two laptops offline)
        if not link.deleted and by_client.get(link.client_id) is not link:
            link.deleted = True


def _apply(event: CalendarEvent, draft: EventDraft, zone: str) -> None:
    """Set the columns a draft decides, only where they differ (so audit sees true changes)."""
    starts_at, ends_at = _instants(draft.day, draft.start, draft.duration_min, zone)
    wanted = {
        "kind": draft.kind,
        "title": draft.title.strip(),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "all_day": draft.start is None,
        "location": draft.location,
        "notes": draft.notes,
        "reminder_min": draft.reminder_min,
    }
    for column, value in wanted.items():
        if getattr(event, column) != value:
            setattr(event, column, value)


def schedule_event(store: Any, draft: EventDraft, *, zone: str) -> str:
    """Write a new planned entry for the signed-in manager (`store.manager_id`); return its id.

    Raises `ValidationError` naming the field (its `column` is the form
    input) and writes nothing for a day in the past, a visit without a
    client, a client that does not exist, or any other bad value.
    """
    _check_draft(draft, clock.today(zone), None)
    with store.session() as session:
        _check_clients(session, draft.client_ids)
        event = CalendarEvent(owner_manager_id=store.manager_id, status=EventStatus.PLANNED.value)
        _apply(event, draft, zone)
        session.add(event)
        session.flush()  # the id exists from here (uuid7 default)
        _set_clients(session, event.id, draft.client_ids)
        return event.id


def _live_event(session: Session, event_id: str) -> CalendarEvent:
    event = session.get(CalendarEvent, event_id)
    if event is None or event.deleted:
        raise EventNotFoundError()
    return event


def _must_be_planned(event: CalendarEvent) -> None:
    if event.status != EventStatus.PLANNED:
        error = ValidationError("schedule.field.date", "schedule.invalid.not_planned")
        error.column = "date"  # type: ignore[attr-defined]
        raise error


def reschedule_event(store: Any, event_id: str, draft: EventDraft, *, zone: str) -> None:
    """Edit a planned entry to match `draft` (day, time, clients, text and all).

    The entry keeps its day even if that is now past (so old notes can be
    corrected); a changed day must be today or later. The owner does not
    change. Raises `EventNotFoundError` or a field-named `ValidationError`
    and writes nothing.
    """
    with store.session() as session:
        event = _live_event(session, event_id)
        _must_be_planned(event)
        original_day, _ = local_day_and_time(event.starts_at, event.all_day, zone)
        _check_draft(draft, clock.today(zone), original_day)
        _check_clients(session, draft.client_ids)
        _apply(event, draft, zone)
        _set_clients(session, event.id, draft.client_ids)


def move_event(
    store: Any,
    event_id: str,
    day: date,
    start: time | Literal["keep"] | None = "keep",
    *,
    zone: str,
) -> None:
    """Move a planned entry to another day (and start time), keeping its duration.

    `start` "keep" keeps the entry's local start time (or all day); None
    makes it all day; a time sets it. The new day must be today or later.
    """
    with store.session() as session:
        event = _live_event(session, event_id)
        _must_be_planned(event)
        row = _row(event, _links(session, [event.id]).get(event.id, []), zone)
        new_start = row.start if start == "keep" else start
        duration = None
        if new_start is not None:
            duration = row.duration_min or DEFAULT_MINUTES[row.kind]
        draft = EventDraft(
            kind=row.kind,
            title=row.title,
            day=day,
            start=new_start,
            duration_min=duration,
            client_ids=row.client_ids,
            location=row.location,
            notes=row.notes,
            reminder_min=row.reminder_min,
        )
        _check_draft(draft, clock.today(zone), row.day)
        _apply(event, draft, zone)


def cancel_event(store: Any, event_id: str) -> None:
    """Cancel a planned entry: it stays (synced, shown as cancelled) and can be restored."""
    with store.session() as session:
        event = _live_event(session, event_id)
        if event.status == EventStatus.DONE:
            raise ValidationError("schedule.field.date", "schedule.invalid.cancel_done")
        if event.status != EventStatus.CANCELLED:
            event.status = EventStatus.CANCELLED.value


def restore_event(store: Any, event_id: str) -> None:
    """Undo a cancellation: the entry is planned again, where it was."""
    with store.session() as session:
        event = _live_event(session, event_id)
        if event.status == EventStatus.CANCELLED:
            event.status = EventStatus.PLANNED.value


#: Which logged contact meets which planned entry: a visit a visit, a phone call a call.
_MET_BY: Final[Mapping[str, str]] = {"visit": EventKind.VISIT.value, "phone": EventKind.CALL.value}


def settle_planned_entries(
    session: Session, client_id: str, kind: str, occurred_at: datetime, zone: str
) -> list[str]:
    """Mark done the client's planned entries a logged contact has met; return their ids.

    A visit logged for 张伟 on a day the calendar planned a visit to him (a
    call: a call) closes that entry, so the agenda and the exported calendar
    stop showing it as still to do. Only entries of the same local day are
    met: a visit on Monday does not settle the one planned for Friday. Runs
    in the caller's session, inside the contact's own transaction.
    """
    wanted = _MET_BY.get(kind)
    if wanted is None:
        return []
    local = ZoneInfo(zone)
    day = occurred_at.astimezone(local).date()
    start = datetime.combine(day, time(0), local).astimezone(UTC)
    # All-day entries are stored at noon UTC of their date (see `_instants`).
    noon = datetime.combine(day, _ALL_DAY_AT, UTC)
    planned = session.execute(
        select(CalendarEvent)
        .join(EventClient, EventClient.event_id == CalendarEvent.id)
        .where(
            EventClient.client_id == client_id,
            EventClient.deleted.is_(False),
            CalendarEvent.deleted.is_(False),
            CalendarEvent.status == EventStatus.PLANNED.value,
            CalendarEvent.kind == wanted,
            (
                (CalendarEvent.all_day.is_(False)
                 & (CalendarEvent.starts_at >= start)
                 & (CalendarEvent.starts_at < start + timedelta(days=1)))
                | (CalendarEvent.all_day.is_(True) & (CalendarEvent.starts_at == noon))
            ),
        )
    ).scalars().all()  # fmt: skip
    for event in planned:
        event.status = EventStatus.DONE.value
    return [event.id for event in planned]


#: An all-day entry's reminder rings at this local hour, on its day or the
#: days before (the .ics alarm does the same): "an hour before" midnight
#: would ring in the evening before.
ALL_DAY_ALARM_HOUR: Final = 9


def rings_at(row: EventRow, zone: str) -> datetime | None:
    """When an entry's reminder goes off (aware), or None without a reminder lead."""
    if row.reminder_min is None:
        return None
    if row.all_day:
        day = row.day - timedelta(days=row.reminder_min // (24 * 60))
        return datetime.combine(day, time(ALL_DAY_ALARM_HOUR), ZoneInfo(zone))
    return row.starts_at - timedelta(minutes=row.reminder_min)


def ringing_entries(
    session: Session, now: datetime, *, zone: str, manager_id: str | None
) -> list[EventRow]:
    """The manager's planned entries whose reminder has gone off and that have not begun.

    What the running app tells the manager about ("拜访张伟 at 10:00, in 30
    minutes"); an all-day entry counts as begun at the end of its day. Leads
    are at most `MAX_REMINDER_DAYS`, so only that many days ahead are read.
    """
    local = ZoneInfo(zone)
    today = now.astimezone(local).date()
    rows = event_rows(session, today, MAX_REMINDER_DAYS + 1, zone=zone,
                      manager_id=manager_id, statuses=(EventStatus.PLANNED.value,))  # fmt: skip
    ringing = []
    for row in rows:
        ring = rings_at(row, zone)
        if row.all_day:
            over = datetime.combine(row.day + timedelta(days=1), time.min, local)
        else:
            over = row.starts_at
        if ring is not None and ring <= now < over:
            ringing.append(row)
    return ringing
