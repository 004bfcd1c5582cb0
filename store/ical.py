"""The schedule as an iCalendar file (RFC 5545) that Outlook and phone calendars import.

Written with the `icalendar` package, imported here only, and this module
only by the export: the app's start-up never pays for it.

What goes in the file, and why:

- one VEVENT per scheduled entry, UID "<entry id>@clientdesk", so importing
  a newer export updates the entries instead of doubling them; timed
  entries with DTSTART/DTEND in UTC (no VTIMEZONE needed: every calendar
  shows them at the right local time wherever the phone is); all-day
  entries as VALUE=DATE with DTEND the next day (RFC 5545 §3.6.1, the end
  is exclusive); the entry's reminder lead as a VALARM;
- a cancelled entry in the window is written too, with STATUS:CANCELLED
  (planned and done ones CONFIRMED), so a phone that imported an earlier
  file drops it on re-import instead of keeping a visit that will not
  happen, and brings it back if it is restored. Each entry carries a
  SEQUENCE that grows with every change of it: the number of its audit
  entries (`_sequences`). The audit log is append-only and synced and
  every move, edit, cancel and restore of an entry adds one line, so the
  count only ever grows, by one a change (an entry never changed is 0);
  an HLC stamp cut to 31 bits would have to drop its counter and most of
  its milliseconds, and two changes in one second would share a number;
- optionally one all-day VEVENT per greeting reminder (transparent: it
  does not block time), with a VALARM at 09:00 on the day the reminder
  starts (its lead days before the occasion);
- a phone's calendar is shared with other apps and often synced to a
  cloud, so by default a file carries no client data beyond names: the
  kind, a typed title and the clients' names. Location, notes and a
  reminder's detail (a lunar birthday, an age) are added only with
  ``details=True`` (``--details``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from store import clock
from store.i18n import current_language, t
from store.schedule import ALL_DAY_ALARM_HOUR, EventRow, event_rows
from store.version import app_version
from store.vocab import EventStatus

if TYPE_CHECKING:
    from store.greeting_config import GreetingRules
    from store.reminders import Reminder

__all__ = ["UID_DOMAIN", "calendar_ics", "export_calendar", "ics_path"]

UID_DOMAIN: Final = "clientdesk"
#: A greeting reminder's alarm rings at this hour (local) on its first day.
_REMINDER_ALARM_HOUR: Final = ALL_DAY_ALARM_HOUR
_SEPARATOR: Final = " · "


def ics_path(path: str | Path) -> Path:
    """The target file, refused unless it ends in .ics or its folder is missing."""
    from store.exporting import ExportError

    target = Path(path).expanduser()
    if target.suffix.lower() != ".ics":
        raise ExportError("ical.not_ics", path=path)
    if target.is_dir():
        raise ExportError("export.is_directory", path=target)
    if not target.parent.is_dir():
        raise ExportError("export.no_folder", folder=target.parent)
    return target


def _names(names: Sequence[str]) -> str:
    return "、".join(names)


def _event_summary(row: EventRow) -> str:
    """ "拜访 · 张伟", "俱乐部活动 · 高尔夫体验课 · 张伟、李娜": kind, a typed title, names."""
    parts = [t(f"event.{row.kind}"), row.title.strip(), _names(row.client_names)]
    return _SEPARATOR.join(part for part in parts if part)


def _reminder_summary(reminder: Reminder) -> str:
    """ "生日 · 张伟"; a key contact's: "高管生日 · 王强 · 贵州茅台酒股份有限公司"."""
    from store.festivals import occasion_name

    parts = [occasion_name(reminder.occasion), reminder.person]
    if reminder.client_name != reminder.person:
        parts.append(reminder.client_name)
    return _SEPARATOR.join(part for part in parts if part)


def _alarm(summary: str, before: timedelta) -> Any:
    """A display alarm `before` the start (a negative trigger, relative to DTSTART)."""
    import icalendar

    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", -before)
    return alarm


def _vevent(
    uid: str,
    stamp: datetime,
    summary: str,
    start: date | datetime,
    end: date | datetime | None,
    alarm_before: timedelta | None,
    **optional: Any,
) -> Any:
    """One VEVENT; `optional` properties are added only when they have a value."""
    import icalendar

    event = icalendar.Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    if end is not None:
        event.add("dtend", end)
    event.add("summary", summary)
    for name, value in optional.items():
        if value:
            event.add(name, value)
    if alarm_before is not None:
        event.add_component(_alarm(summary, alarm_before))
    return event


def _event_component(row: EventRow, stamp: datetime, details: bool, sequence: int) -> Any:
    """A scheduled entry: a timed one in UTC, an all-day one as its date to the next.

    STATUS and SEQUENCE are always written (0 and CONFIRMED are values too):
    an importer replaces its copy only with a higher SEQUENCE, and a restored
    entry must say CONFIRMED to undo an earlier CANCELLED.
    """
    start: date | datetime = row.day
    end: date | datetime | None = row.day + timedelta(days=1)
    if not row.all_day:
        start = row.starts_at.astimezone(UTC)
        end = row.ends_at.astimezone(UTC) if row.ends_at is not None else None
    before = timedelta(minutes=row.reminder_min) if row.reminder_min is not None else None
    if row.all_day and before is not None:
        # Counted back from midnight, "1 hour before" would ring at 23:00 the
        # evening before: ring at the reminder hour on the day(s) before instead.
        lead_days = (row.reminder_min or 0) // (24 * 60)
        before = timedelta(days=lead_days, hours=-_REMINDER_ALARM_HOUR)
    cancelled = row.status == EventStatus.CANCELLED
    event = _vevent(
        row.id, stamp, _event_summary(row), start, end, None if cancelled else before,
        categories=[t(f"event.{row.kind}")],
        location=row.location if details else None,
        description=row.notes if details else None,
    )  # fmt: skip
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("sequence", sequence)
    return event


def _sequences(session: Any, event_ids: Sequence[str]) -> dict[str, int]:
    """How many times each entry was changed: its audit entries (see the module docstring)."""
    from sqlalchemy import func, select

    from store.models import AuditEntry

    counts: dict[str, int] = {}
    for chunk in (event_ids[i : i + 500] for i in range(0, len(event_ids), 500)):
        found = session.execute(
            select(AuditEntry.row_id, func.count())
            .where(AuditEntry.table_name == "calendar_event", AuditEntry.row_id.in_(chunk))
            .group_by(AuditEntry.row_id)
        ).all()
        counts.update({row_id: count for row_id, count in found})
    return counts


def _reminder_component(reminder: Reminder, stamp: datetime, details: bool) -> Any:
    """A greeting: all day, not blocking time, its alarm at 09:00 on its first day."""
    lead = (reminder.on - reminder.remind_from).days
    return _vevent(
        reminder.id, stamp, _reminder_summary(reminder), reminder.on,
        reminder.on + timedelta(days=1),
        timedelta(days=lead, hours=-_REMINDER_ALARM_HOUR),
        transp="TRANSPARENT",
        description=reminder.detail if details else None,
    )  # fmt: skip


def calendar_ics(
    events: Sequence[EventRow],
    reminders: Sequence[Reminder] = (),
    *,
    details: bool,
    stamp: datetime | None = None,
    sequences: Mapping[str, int] | None = None,
) -> bytes:
    """The whole VCALENDAR for `events` (and greeting `reminders`), as the bytes of a file.

    No time zone is named (not even the non-standard X-WR-TIMEZONE): every
    instant is UTC and every all-day entry a plain date, so the file means
    the same to every importer. `stamp` (DTSTAMP) defaults to now;
    `sequences` gives each entry's SEQUENCE by id (absent: 0).
    """
    import icalendar

    made = (stamp or clock.now()).astimezone(UTC).replace(microsecond=0)
    calendar = icalendar.Calendar()
    language = "ZH" if current_language() == "zh" else "EN"
    calendar.add("prodid", f"-//clientdesk//clientdesk {app_version()}//{language}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", t("ical.calendar_name"))
    for row in events:
        sequence = (sequences or {}).get(row.id, 0)
        calendar.add_component(_event_component(row, made, details, sequence))
    for reminder in reminders:
        calendar.add_component(_reminder_component(reminder, made, details))
    return bytes(calendar.to_ical())


def export_calendar(
    store: Any,
    path: str | Path,
    *,
    start: date,
    days: int,
    zone: str,
    manager_id: str | None,
    greetings: GreetingRules | None,
    details: bool,
) -> int:
    """Write the schedule of the local days [start, start + days) to `path`; return the count.

    Planned and done entries of `manager_id` (None = the whole book's), and
    its cancelled ones marked STATUS:CANCELLED so an earlier import drops
    them; the count returned leaves those out (they are not on the
    schedule), but a window holding only cancelled entries is still written.
    With `greetings` (the config's rules) the
    greeting reminders of those days too, except dismissed ones. The file
    is written beside the target and renamed over it when complete, so a
    crash never leaves half a calendar; `ExportError` (nothing written)
    for a name not ending .ics, a missing folder or a write that fails.
    """
    from store.exporting import ExportError, written_in_place

    target = ics_path(path)
    with store.read_session() as session:
        rows = event_rows(session, start, days, zone=zone, manager_id=manager_id,
                          statuses=tuple(EventStatus))  # fmt: skip
        sequences = _sequences(session, [row.id for row in rows])
        reminders: list[Reminder] = []
        if greetings is not None and days > 0:
            from store.reminders import reminders_between

            found = reminders_between(
                session, greetings, start, start + timedelta(days=days - 1), manager_id=manager_id
            )
            reminders = [r for r in found if r.status != "dismissed"]
    if not rows and not reminders:
        # RFC 5545 wants at least one component; an empty file would also
        # silently wipe what an earlier export put in a phone's calendar.
        last = start + timedelta(days=max(days, 1) - 1)
        raise ExportError("ical.nothing", start=start.isoformat(), end=last.isoformat())
    data = calendar_ics(rows, reminders, details=details, sequences=sequences)
    with written_in_place(target) as temp:
        temp.write_bytes(data)
    return sum(row.status != EventStatus.CANCELLED for row in rows) + len(reminders)
