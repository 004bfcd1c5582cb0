"""Logging, correcting and withdrawing contacts with clients (the visit log).

A manager logs what happened: a visit, a call, a message, a gift. The form
is described here as data (`FORM_FIELDS`) and read by
`validate_interaction_form`, so the screen and the tests check the same
rules and every bad field is reported at once, naming the field. A logged
contact is something that happened: a time in the future is refused (plan
those in the calendar).

`log_interaction` writes, in one transaction, the entry, who was present
from the bank with the level each held then (a later promotion must not
rewrite who visited as what), one task per unfinished follow-up, closes the
cadence tasks the contact satisfies and clears the brief's ticked checklist.
Corrections (`edit_interaction`) write only changed fields and the capture
path audits them (old → new, `Interaction.__audited__`); a withdrawal is a
tombstone, audited the same way, so nothing said in the log is ever lost.
All three bring the client's cadence tasks in line with the visits owed
after them (`store.tasks.reconcile_cadence_tasks`): cadence tasks follow
the log, not the order entries were typed in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import clock
from store.audit import note_change
from store.cadence import DEFAULT_CADENCE, CadenceRules
from store.client_edit import ChangedElsewhereError as _ClientChangedElsewhere
from store.client_edit import choice_value
from store.errors import ClientdeskError, ValidationError
from store.i18n import t
from store.models import Client, Interaction, InteractionParticipant, Manager, Task
from store.natural_dates import DateParseError, describe, parse_date
from store.vocab import InteractionKind, ManagerLevel, Purpose, TaskStatus

__all__ = [
    "DONE_MARKS",
    "EDITABLE",
    "FIELD_LABELS",
    "FORM_FIELDS",
    "MAX_TEXT",
    "TASK_TITLE_MAX",
    "ChangedElsewhereError",
    "EntryNotFoundError",
    "FormField",
    "InteractionDraft",
    "cadence_roles",
    "describe_when",
    "draft_from",
    "edit_interaction",
    "entry_text",
    "log_interaction",
    "open_follow_ups",
    "stored_value",
    "validate_interaction_form",
    "withdraw_interaction",
]

#: Characters per free-text field; longer is refused with a message.
MAX_TEXT: Final = 10_000
#: A follow-up line becomes a task title (Task.title is 200 wide).
TASK_TITLE_MAX: Final = 200
#: A follow-up line starting with one of these was done at the visit: no task.
DONE_MARKS: Final = ("✓", "✔", "√", "x ", "X ")
#: Days after the contact a follow-up is due when no next contact date is given.
FOLLOW_UP_DAYS: Final = 7
MAX_MINUTES: Final = 24 * 60
#: A date alone that is not today means the start of a working day.
_DAY_START: Final = time(9, 0)
_NOW_WORDS: Final = frozenset({"now", "现在", "刚才"})
_TIME = re.compile(r"(?P<h>\d{1,2})[:：](?P<m>\d{2})")
#: A date in words or figures followed by a clock time: "昨天 15:00", "昨天15:00", "11-27 9:30".
_DAY_AND_TIME = re.compile(r"(?P<day>.+?) ?(?P<at>\d{1,2}:\d{2})")
_DAY_SHAPE = re.compile(r"(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?")

Prefer = Literal["future", "past"]
FieldKind = Literal["choice", "when", "ends", "minutes", "ids", "text", "lines", "date", "rating"]


@dataclass(frozen=True)
class FormField:
    """One field of the contact form: its name, catalog label and how its text is read."""

    name: str
    label: str
    kind: FieldKind
    required: bool = False
    vocabulary: str | None = None
    choices: tuple[str, ...] = ()


FORM_FIELDS: Final[tuple[FormField, ...]] = (
    FormField("kind", "visit_log.field.kind", "choice", True, "interaction",
              tuple(k.value for k in InteractionKind)),
    FormField("when", "visit_log.field.when", "when", True),
    FormField("ends", "visit_log.field.ends", "ends"),
    FormField("duration_min", "visit_log.field.duration", "minutes"),
    FormField("participants", "visit_log.field.participants", "ids"),
    FormField("purpose", "visit_log.field.purpose", "choice", True, "purpose",
              tuple(p.value for p in Purpose)),
    FormField("summary", "visit_log.field.summary", "text", True),
    FormField("prepared", "visit_log.field.prepared", "text"),
    FormField("needs", "visit_log.field.needs", "text"),
    FormField("products", "visit_log.field.products", "text"),
    FormField("outcome", "visit_log.field.outcome", "text"),
    FormField("satisfaction", "visit_log.field.satisfaction", "rating"),
    FormField("follow_ups", "visit_log.field.follow_ups", "lines"),
    FormField("next_contact_on", "visit_log.field.next_contact_on", "date"),
)  # fmt: skip
_BY_NAME: Final = {f.name: f for f in FORM_FIELDS}

#: Catalog key naming each interaction column (errors, the correction history).
FIELD_LABELS: Final[Mapping[str, str]] = {
    **{f.name: f.label for f in FORM_FIELDS},
    "occurred_at": "visit_log.field.when",
    "participant_ids": "visit_log.field.participants",
    "deleted": "visit_log.field.deleted",
    "recorded_by_id": "visit_log.field.recorded_by",
    "client_id": "visit_log.field.client",
}


@dataclass(frozen=True)
class InteractionDraft:
    """A contact as the store writes it; `participant_ids` empty = the signed-in manager."""

    client_id: str
    kind: str
    occurred_at: datetime  # aware UTC
    duration_min: int | None
    purpose: str
    summary: str
    participant_ids: tuple[str, ...]
    prepared: str | None = None
    needs: str | None = None
    products: str | None = None
    outcome: str | None = None
    satisfaction: int | None = None
    follow_ups: tuple[str, ...] = ()  # one per line; "✓ …" or "x …" was done at the visit
    next_contact_on: date | None = None


#: Columns of Interaction a correction may change (participants apart).
EDITABLE: Final = (
    "kind", "occurred_at", "duration_min", "purpose", "summary", "prepared", "needs",
    "products", "outcome", "satisfaction", "follow_ups", "next_contact_on",
)  # fmt: skip


class ChangedElsewhereError(_ClientChangedElsewhere):
    """A field being corrected was changed in the store since the form opened."""

    def __init__(self, column: str) -> None:
        ValidationError.__init__(
            self, FIELD_LABELS.get(column, column), "visit_log.invalid.changed_elsewhere"
        )
        self.column = _form_name(column)


class EntryNotFoundError(ClientdeskError):
    """The entry does not exist here or was withdrawn."""

    def __init__(self) -> None:
        super().__init__("visit_log.invalid.not_found")


def _form_name(column: str) -> str:
    return {"occurred_at": "when", "participant_ids": "participants"}.get(column, column)


# --- reading the form ------------------------------------------------------------


def validate_interaction_form(
    values: Mapping[str, str], zone: str, now: datetime | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Check every field of a contact form; return (clean values, errors by field).

    `values` maps form field names (`FORM_FIELDS`) to the text typed; choices
    as code names or labels, participants as manager ids separated by commas
    or spaces. `clean` holds what `draft_from` turns into an
    `InteractionDraft` (``occurred_at`` aware UTC, ``duration_min``,
    ``participant_ids``, ``follow_ups`` as a tuple of lines …) and is only
    meant to be written when `errors` is empty; each error names its field.

    When is a date followed by a time ("2026-11-27 15:00", "昨天 15:00",
    "11-27 15:00", "fri 9:30"), "HH:MM" (today), "now", or a date alone:
    today's date alone means now, another day means 09:00 that day (a
    manager logging yesterday's visit rarely remembers the minute). The date
    is any form `store.natural_dates` reads, seen from today with
    prefer="past" (a contact logged happened already: "11-27" is the last
    27 November). Ends is "HH:MM" on the contact's day or a date and time;
    a duration typed as well must agree with it. Next contact is a natural
    date with prefer="future" ("+2w", "下周三").
    """
    now = now or clock.now()
    unknown = set(values) - set(_BY_NAME)
    if unknown:
        raise ValueError(f"not contact form fields: {sorted(unknown)}")
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}

    def read(name: str, reader: Any, *args: Any) -> Any:
        field = _BY_NAME[name]
        text = str(values.get(name, "") or "")
        try:
            value = reader(field, text, *args)
        except ValidationError as exc:
            errors[name] = exc.message()
            return None
        clean[_column(name)] = value
        return value

    for name in ("kind", "purpose"):
        read(name, _choice)
    start = read("when", _when, zone, now)
    ends = read("ends", _ends, start, zone, now) if start is not None else None
    minutes = read("duration_min", _minutes)
    if ends is not None and start is not None:
        from_end = int((ends - start).total_seconds() // 60)
        if minutes is not None and minutes != from_end:
            errors["duration_min"] = ValidationError(
                _BY_NAME["duration_min"].label, "visit_log.invalid.duration_mismatch",
                minutes=from_end,
            ).message()  # fmt: skip
        clean["duration_min"] = from_end
    clean.pop("ends", None)
    read("participants", _ids)
    for name in ("summary", "prepared", "needs", "products", "outcome"):
        read(name, _text)
    read("satisfaction", _rating)
    read("follow_ups", _lines)
    day = start.astimezone(ZoneInfo(zone)).date() if start is not None else None
    read("next_contact_on", _next_contact, day, now.astimezone(ZoneInfo(zone)).date())
    return clean, errors


def describe_when(text: str, zone: str, now: datetime | None = None) -> tuple[datetime | None, str]:
    """The live preview under the form's "when": the instant it reads as, or why not.

    ``(instant, "2026-11-27 周五 · 昨天 15:00")``, so the manager sees which
    day "昨天" or "11-27" became before saving; ``(None, reason)`` when the
    text cannot be read or is in the future. The same reader as the
    validator, so the preview never promises what the save refuses.
    """
    now = now or clock.now()
    local = ZoneInfo(zone)
    try:
        instant = _when(_BY_NAME["when"], text, zone, now)
    except ValidationError as exc:
        return None, t(exc.reason, **exc.params)
    here = instant.astimezone(local)
    # The first line only: a holiday warning is advice for planning, not for logging.
    day_line = describe(here.date().isoformat(), now.astimezone(local).date())[1].splitlines()[0]
    return instant, t("visit_log.when_preview", day=day_line, time=here.strftime("%H:%M"))


def _column(name: str) -> str:
    return {"when": "occurred_at", "participants": "participant_ids"}.get(name, name)


def _normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _choice(field: FormField, raw: str) -> str:
    """A code name from itself or its label in either language."""
    text = _normalised(raw)
    if not text:
        raise ValidationError(field.label, "invalid.required")
    return choice_value(field, text)


class _Unreadable(ValidationError):
    """No date form matched the text: the caller names the forms its field takes."""


def _day(field: FormField, text: str, today: date, prefer: Prefer) -> date:
    """A natural date (`store.natural_dates`) seen from `today`.

    A full year-month-day the calendar lacks ("2026-02-30") is named as
    such; any other problem is the natural-date reader's own sentence.
    """
    shape = _DAY_SHAPE.fullmatch(text)
    if shape:
        try:
            return date(int(shape["y"]), int(shape["m"]), int(shape["d"]))
        except ValueError:
            reason = "visit_log.invalid.no_such_date"
            raise ValidationError(field.label, reason, value=text) from None
    try:
        return parse_date(text, today, prefer=prefer)
    except DateParseError as exc:
        error = _Unreadable if exc.key == "natural_dates.examples" else ValidationError
        raise error(field.label, "visit_log.invalid.date", problem=str(exc)) from None


def _clock_time(field: FormField, text: str) -> time:
    match = _TIME.fullmatch(text)
    if match is None:
        raise ValidationError(field.label, "visit_log.invalid.time", value=text)
    hour, minute = int(match["h"]), int(match["m"])
    if hour > 23 or minute > 59:
        raise ValidationError(field.label, "visit_log.invalid.time", value=text)
    return time(hour, minute)


def _split_time(text: str) -> tuple[str, str | None]:
    """("昨天", "15:00") from "昨天 15:00" or "昨天15:00"; ("", "15:00") from a time alone.

    A date ending in a figure needs the space ("11-27 9:30"): "11-279:30"
    is a typing slip, not 27 November.
    """
    if _TIME.fullmatch(text):
        return "", text
    match = _DAY_AND_TIME.fullmatch(text)
    if match is None:
        return text, None
    day = match["day"]
    if day[-1].isdigit() and text[len(day)] != " ":
        return text, None
    return day, match["at"]


def _local_instant(
    field: FormField, text: str, zone: str, on: date | None, now: datetime, prefer: Prefer
) -> datetime:
    """An instant from a date and a time, "HH:MM" (on `on`, else today) or a date alone."""
    local = ZoneInfo(zone)
    here = now.astimezone(local)
    day_text, at_text = _split_time(text)
    if at_text is not None:
        at = _clock_time(field, at_text)
        day = _day(field, day_text, here.date(), prefer) if day_text else on or here.date()
    else:
        day = _day(field, text, here.date(), prefer)
        at = here.time().replace(second=0, microsecond=0) if day == here.date() else _DAY_START
    return datetime.combine(day, at, tzinfo=local).astimezone(UTC)


def _when(field: FormField, raw: str, zone: str, now: datetime) -> datetime:
    text = _normalised(raw)
    if not text:
        raise ValidationError(field.label, "invalid.required")
    if text.casefold() in _NOW_WORDS:
        return now.replace(second=0, microsecond=0)
    try:
        instant = _local_instant(field, text, zone, None, now, "past")
    except _Unreadable:  # neither a date nor a time: say what is accepted
        raise ValidationError(field.label, "visit_log.invalid.when", value=text) from None
    if instant > now.replace(second=0, microsecond=0) + timedelta(seconds=59):
        raise ValidationError(field.label, "visit_log.invalid.future", value=text)
    return instant


def _ends(
    field: FormField, raw: str, start: datetime, zone: str, now: datetime
) -> datetime | None:
    text = _normalised(raw)
    if not text:
        return None
    local_start = start.astimezone(ZoneInfo(zone))
    try:
        # Seen from the start: "明天 01:00" ends a late visit after midnight.
        end = _local_instant(field, text, zone, local_start.date(), start, "future")
    except _Unreadable:
        raise ValidationError(field.label, "visit_log.invalid.time", value=text) from None
    if end < start:
        raise ValidationError(
            field.label, "visit_log.invalid.ends_before", start=local_start.strftime("%H:%M")
        )
    if end > now.replace(second=0, microsecond=0) + timedelta(seconds=59):
        raise ValidationError(field.label, "visit_log.invalid.future", value=text)
    minutes = (end - start).total_seconds() // 60
    if not 1 <= minutes <= MAX_MINUTES:
        raise ValidationError(field.label, "visit_log.invalid.duration", value=int(minutes))
    return end


def _minutes(field: FormField, raw: str) -> int | None:
    text = _normalised(raw)
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= MAX_MINUTES:
        raise ValidationError(field.label, "visit_log.invalid.duration", value=text)
    return int(text)


def _ids(_field: FormField, raw: str) -> tuple[str, ...]:
    found: list[str] = []
    for part in re.split(r"[\s,，]+", raw.strip()):
        if part and part not in found:
            found.append(part)
    return tuple(found)


def _too_long(field: FormField, text: str) -> None:
    if len(text) > MAX_TEXT:
        raise ValidationError(
            field.label, "visit_log.invalid.too_long",
            length=f"{len(text):,}", limit=f"{MAX_TEXT:,}",
        )  # fmt: skip


def _text(field: FormField, raw: str) -> str | None:
    text = raw.strip()
    _too_long(field, text)
    if not text:
        if field.required:
            raise ValidationError(field.label, "invalid.required")
        return None
    return text


def _rating(field: FormField, raw: str) -> int | None:
    text = _normalised(raw)
    if not text:
        return None
    if text not in {"1", "2", "3", "4", "5"}:
        raise ValidationError(field.label, "visit_log.invalid.satisfaction", value=text)
    return int(text)


def _lines(field: FormField, raw: str) -> tuple[str, ...]:
    _too_long(field, raw.strip())
    lines = tuple(line.strip() for line in raw.splitlines() if line.strip())
    for number, line in enumerate(lines, start=1):
        if len(line) > TASK_TITLE_MAX:
            raise ValidationError(
                field.label, "visit_log.invalid.line_too_long", line=number, limit=TASK_TITLE_MAX
            )
    return lines


def _next_contact(
    field: FormField, raw: str, contact_day: date | None, today: date
) -> date | None:
    text = _normalised(raw)
    if not text:
        return None
    day = _day(field, text, today, "future")
    if contact_day is not None and day < contact_day:
        raise ValidationError(
            field.label, "visit_log.invalid.next_before",
            value=day.isoformat(), day=contact_day.isoformat(),
        )  # fmt: skip
    return day


def draft_from(client_id: str, clean: Mapping[str, Any]) -> InteractionDraft:
    """The draft a clean form describes (`validate_interaction_form` with no errors)."""
    names = {f.name for f in fields(InteractionDraft)} - {"client_id"}
    values = {name: clean[name] for name in names if name in clean}
    values.setdefault("participant_ids", ())
    values.setdefault("follow_ups", ())
    return InteractionDraft(client_id=client_id, **values)


def entry_text(entry: Any, participant_ids: Sequence[str], zone: str) -> dict[str, str]:
    """A stored entry as the text a correction form opens with (read back by the validator).

    `entry` is an `Interaction` or anything with its columns (the screens'
    `store.visit_log.InteractionDetail`).
    """
    local = entry.occurred_at.astimezone(ZoneInfo(zone))
    return {
        "kind": entry.kind,
        "when": local.strftime("%Y-%m-%d %H:%M"),
        "ends": "",
        "duration_min": str(entry.duration_min) if entry.duration_min else "",
        "participants": ",".join(participant_ids),
        "purpose": entry.purpose,
        "summary": entry.summary or "",
        "prepared": entry.prepared or "",
        "needs": entry.needs or "",
        "products": entry.products or "",
        "outcome": entry.outcome or "",
        "satisfaction": str(entry.satisfaction) if entry.satisfaction else "",
        "follow_ups": entry.follow_ups or "",
        "next_contact_on": entry.next_contact_on.isoformat() if entry.next_contact_on else "",
    }


# --- writing ---------------------------------------------------------------------


def open_follow_ups(lines: Sequence[str]) -> list[str]:
    """The follow-up lines not already done at the visit (those become tasks)."""
    return [line for line in lines if line and not line.startswith(DONE_MARKS)]


def cadence_roles(levels: Collection[str | None]) -> tuple[str, ...]:
    """The roles a contact satisfies: every level at or below the highest one present.

    A branch leader's visit counts for the client manager's monthly one
    too; a client manager's visit does not stand in for the leader's.
    """
    known = {level.value for level in ManagerLevel}
    ranks = [ManagerLevel(level).rank for level in levels if level in known]
    if not ranks:
        return ()
    top = max(ranks)
    return tuple(level.value for level in ManagerLevel if level.rank <= top)


def _check_draft(draft: InteractionDraft, now: datetime, zone: str) -> None:
    """The store's own check of what a form (or a script) hands it: one error, nothing written."""
    _choice(_BY_NAME["kind"], draft.kind)
    _choice(_BY_NAME["purpose"], draft.purpose)
    if draft.occurred_at.tzinfo is None:
        raise ValueError("occurred_at must be an aware instant")
    if draft.occurred_at > now + timedelta(seconds=59):
        shown = draft.occurred_at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
        raise ValidationError(_BY_NAME["when"].label, "visit_log.invalid.future", value=shown)
    if draft.duration_min is not None and not 1 <= draft.duration_min <= MAX_MINUTES:
        raise ValidationError(
            _BY_NAME["duration_min"].label, "visit_log.invalid.duration", value=draft.duration_min
        )
    for name in ("summary", "prepared", "needs", "products", "outcome"):
        _text(_BY_NAME[name], getattr(draft, name) or "")
    _lines(_BY_NAME["follow_ups"], "\n".join(draft.follow_ups))
    if draft.satisfaction is not None:
        _rating(_BY_NAME["satisfaction"], str(draft.satisfaction))
    if draft.next_contact_on is not None:
        day = draft.occurred_at.astimezone(ZoneInfo(zone)).date()
        _next_contact(_BY_NAME["next_contact_on"], draft.next_contact_on.isoformat(), day, day)


def _participants(
    session: Session, ids: Sequence[str], signed_in: str | None
) -> list[Manager]:
    """The managers present, live ones only; none named means the signed-in manager."""
    wanted = list(ids) or ([signed_in] if signed_in else [])
    found = {
        m.id: m
        for m in session.execute(
            select(Manager).where(Manager.id.in_(wanted), Manager.deleted.is_(False))
        ).scalars()
    }
    for manager_id in wanted:
        if manager_id not in found:
            error = ValidationError(
                "visit_log.field.participants", "visit_log.invalid.unknown_manager",
                value=manager_id,
            )  # fmt: skip
            error.column = "participants"  # type: ignore[attr-defined]
            raise error
    return [found[m] for m in wanted]


def _add_follow_up_tasks(
    session: Session, entry: Interaction, lines: Sequence[str], assignee: str | None, zone: str
) -> int:
    day = entry.occurred_at.astimezone(ZoneInfo(zone)).date()
    due = entry.next_contact_on or day + timedelta(days=FOLLOW_UP_DAYS)
    titles = open_follow_ups(lines)
    for title in titles:
        session.add(
            Task(
                title=title,
                client_id=entry.client_id,
                assignee_id=assignee,
                due_on=due,
                status=TaskStatus.OPEN.value,
                source="follow_up",
                interaction_id=entry.id,
            )
        )
    return len(titles)


def log_interaction(
    store: Any,
    draft: InteractionDraft,
    *,
    zone: str = clock.DEFAULT_ZONE,
    rules: CadenceRules = DEFAULT_CADENCE,
) -> str:
    """Write one contact with everything it implies, in one transaction; return its id.

    - the entry, recorded by the signed-in manager;
    - who was present, each with the level they hold now (kept: a later
      promotion does not change who visited as what);
    - one open task per unfinished follow-up, for the signed-in manager, due
      on the next contact date or a week after the contact;
    - the client's open cadence tasks are reconciled with the visits owed
      now (`rules`, the config's cadence; `store.tasks.reconcile_cadence_tasks`):
      a task whose due visit this contact met is done, while one still owed
      (an old visit typed in late, a call that does not count) stays open;
    - a visit (a call) planned in the calendar for that client on that day
      is marked done (`store.schedule.settle_planned_entries`);
    - the brief's ticked preparation items are cleared for the next visit.

    Raises `ValidationError` (nothing written) for a bad draft, an unknown
    participant or a client that does not exist.
    """
    from store.brief import clear_ticks
    from store.schedule import settle_planned_entries
    from store.tasks import reconcile_cadence_tasks

    _check_draft(draft, clock.now(), zone)
    with store.session() as session:
        client = session.get(Client, draft.client_id)
        if client is None or client.deleted:
            raise ValidationError("visit_log.field.client", "visit_log.invalid.client_missing")
        present = _participants(session, draft.participant_ids, store.manager_id)
        entry = Interaction(
            client_id=draft.client_id,
            kind=draft.kind,
            occurred_at=draft.occurred_at,
            duration_min=draft.duration_min,
            purpose=draft.purpose,
            summary=draft.summary,
            prepared=draft.prepared,
            needs=draft.needs,
            products=draft.products,
            outcome=draft.outcome,
            satisfaction=draft.satisfaction,
            follow_ups="\n".join(draft.follow_ups) or None,
            next_contact_on=draft.next_contact_on,
            recorded_by_id=store.manager_id,
        )
        session.add(entry)
        session.flush()  # the id exists from here (uuid7 default)
        for manager in present:
            session.add(
                InteractionParticipant(
                    interaction_id=entry.id, manager_id=manager.id, level=manager.level
                )
            )
        _add_follow_up_tasks(session, entry, draft.follow_ups, store.manager_id, zone)
        reconcile_cadence_tasks(
            session, rules, clock.today(zone), zone, client_ids=[draft.client_id]
        )
        settle_planned_entries(session, draft.client_id, draft.kind, draft.occurred_at, zone)
        clear_ticks(session, draft.client_id)
        return entry.id


def _live_entry(session: Session, interaction_id: str) -> Interaction:
    entry = session.get(Interaction, interaction_id)
    if entry is None or entry.deleted:
        raise EntryNotFoundError()
    return entry


def _live_participants(session: Session, interaction_id: str) -> list[InteractionParticipant]:
    return list(
        session.execute(
            select(InteractionParticipant)
            .where(
                InteractionParticipant.interaction_id == interaction_id,
                InteractionParticipant.deleted.is_(False),
            )
            .order_by(InteractionParticipant.id)
        ).scalars()
    )


def stored_value(entry: Interaction, name: str) -> Any:
    value = getattr(entry, name)
    if name == "follow_ups":
        return tuple(line for line in (value or "").splitlines() if line.strip())
    if name == "occurred_at" and value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _as_column(name: str, value: Any) -> Any:
    if name == "follow_ups":
        return "\n".join(value) or None
    return value


def edit_interaction(
    store: Any,
    interaction_id: str,
    changes: Mapping[str, Any],
    expected: Mapping[str, Any],
    *,
    zone: str = clock.DEFAULT_ZONE,
    rules: CadenceRules = DEFAULT_CADENCE,
) -> list[str]:
    """Correct an entry: write the fields in `changes` that differ; return their names.

    A correction that changed anything reconciles the client's cadence
    tasks with the visits owed now (`rules`), reopening too: a call
    corrected into a visit, a visit moved later or a senior added as
    present closes the tasks it now meets; a visit moved earlier or
    corrected into a call reopens the task it no longer meets.

    `changes` holds clean values (`validate_interaction_form`), by column
    (``occurred_at``, ``participant_ids`` …); `expected` the values the form
    opened with for those fields. A field changed elsewhere since (a sync,
    another session) raises `ChangedElsewhereError` naming it and nothing is
    written. The capture path audits the entry's changes (old → new), who
    was present included (``participant_ids``, noted on the entry's audit
    entry). Participants are replaced (removed ones tombstoned, new ones at their
    current level); follow-up lines that are new and unfinished become tasks,
    and the open task of a line now ticked (✓) is done, of a line taken out
    cancelled. The corrected entry is checked as a whole (no future time, next contact
    not before the contact's day).
    """
    unknown = set(changes) - set(EDITABLE) - {"participant_ids"}
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "participant_ids" in changes and not changes["participant_ids"]:
        # Logging with nobody named means "me"; correcting to nobody would
        # quietly keep who was there, so it is refused rather than guessed.
        error = ValidationError("visit_log.field.participants", "visit_log.invalid.no_participants")
        error.column = "participants"  # type: ignore[attr-defined]
        raise error
    with store.session() as session:
        entry = _live_entry(session, interaction_id)
        participants = _live_participants(session, interaction_id)
        current_ids = tuple(p.manager_id for p in participants)
        for name, opened in expected.items():
            if name not in changes:
                continue
            now_value = current_ids if name == "participant_ids" else stored_value(entry, name)
            if name == "participant_ids":
                opened, wanted = set(opened), set(changes[name])
                now_value = set(now_value)
            else:
                wanted = changes[name]
            if now_value != opened and now_value != wanted:
                raise ChangedElsewhereError(name)
        merged = {name: stored_value(entry, name) for name in EDITABLE}
        merged.update({n: v for n, v in changes.items() if n in EDITABLE})
        _check_draft(
            InteractionDraft(client_id=entry.client_id, participant_ids=(), **merged),
            clock.now(),
            zone,
        )
        new_present = None
        if "participant_ids" in changes and set(changes["participant_ids"]) != set(current_ids):
            # Looked up before any column is set, so no autoflush splits the
            # correction into two audit entries.
            new_present = _participants(session, tuple(changes["participant_ids"]), None)
        written = [n for n in EDITABLE if n in changes and stored_value(entry, n) != changes[n]]
        old_lines = set(stored_value(entry, "follow_ups"))
        for name in written:
            setattr(entry, name, _as_column(name, changes[name]))
        if new_present is not None:
            present = new_present
            note_change(
                session, "interaction", entry.id, "participant_ids",
                list(current_ids), [m.id for m in present],
            )  # fmt: skip
            keep = {m.id for m in present}
            for row in participants:
                if row.manager_id not in keep:
                    row.deleted = True
            for manager in present:
                if manager.id not in current_ids:
                    session.add(
                        InteractionParticipant(
                            interaction_id=entry.id, manager_id=manager.id, level=manager.level
                        )
                    )
            written.append("participant_ids")
        if "follow_ups" in written:
            new_lines = [line for line in changes["follow_ups"] if line not in old_lines]
            _add_follow_up_tasks(session, entry, new_lines, store.manager_id, zone)
            _settle_follow_up_tasks(session, entry.id, changes["follow_ups"])
        if written:
            _reconcile_client(session, entry.client_id, rules, zone)
        return written


def _settle_follow_up_tasks(session: Session, interaction_id: str, lines: Sequence[str]) -> None:
    """A corrected entry's follow-ups: a line now ticked (✓) is done, a line taken out cancelled.

    Only open tasks are touched: one the manager already finished or
    cancelled stays as they left it.
    """
    still_open = set(open_follow_ups(lines))
    ticked = {_unmarked(line) for line in lines if line.startswith(DONE_MARKS)}
    tasks = session.execute(
        select(Task).where(
            Task.interaction_id == interaction_id,
            Task.source == "follow_up",
            Task.status == TaskStatus.OPEN.value,
            Task.deleted.is_(False),
        )
    ).scalars()
    for task in tasks:
        if task.title not in still_open:
            done = task.title in ticked
            task.status = (TaskStatus.DONE if done else TaskStatus.CANCELLED).value


def _unmarked(line: str) -> str:
    """A follow-up line without its "done at the visit" mark."""
    for mark in DONE_MARKS:
        if line.startswith(mark):
            return line[len(mark):].strip()
    return line


def _reconcile_client(session: Session, client_id: str, rules: CadenceRules, zone: str) -> None:
    """After a correction or a withdrawal: the contact that met a due visit may be gone."""
    from store.tasks import reconcile_cadence_tasks

    reconcile_cadence_tasks(
        session, rules, clock.today(zone), zone, client_ids=[client_id], reopen=True
    )


def withdraw_interaction(
    store: Any,
    interaction_id: str,
    *,
    zone: str = clock.DEFAULT_ZONE,
    rules: CadenceRules = DEFAULT_CADENCE,
) -> None:
    """Withdraw an entry: a tombstone (audited), so it leaves the log but is never lost.

    Its follow-up tasks stay as they are: what was promised to the client
    may still be owed. Its cadence tasks do not: a due visit the withdrawn
    contact had met is owed again, so its task is reopened (and any other
    open one reconciled) in the same transaction (`rules`, `zone`: the
    config's cadence and where the manager is).
    """
    with store.session() as session:
        entry = _live_entry(session, interaction_id)
        entry.deleted = True
        _reconcile_client(session, entry.client_id, rules, zone)
