"""The greeting workflow: a generated reminder completed (logged), dismissed or reopened.

A reminder (`store.reminders`) is computed, never stored; what a manager
does with it is. Completing one writes, in one transaction, a greeting in
the visit log (how it was sent, what it cost) and the reminder's greeting
task, done; dismissing writes the task cancelled. The task's id is the
reminder's id (derived from who is greeted, occasion and year), so two
laptops acting on the same birthday offline write one task, which merges
on sync; two greetings logged for it are two real entries of the log.

The task's title is left empty (like a cadence task's): what a reminder is
called is made from its occasion when shown, in the reader's language, so
two laptops in different languages never disagree about a stored title.

A reminder is acted on once here: completing or dismissing one whose task
is already done is refused (reopen it first), and so is acting on one whose
client was archived or deleted, or whose key contact or spouse is gone
meanwhile (the screen's copy of the reminder is older than the store).
Two laptops offline can still both complete it; sync keeps both entries.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from store import clock
from store.cadence import DEFAULT_CADENCE, CadenceRules
from store.client_edit import choice_value
from store.errors import ClientdeskError, ValidationError
from store.i18n import t
from store.interactions import MAX_TEXT, FormField
from store.models import Client, Interaction, InteractionParticipant, KeyContact, Manager, Task
from store.money import MAX_FEN, format_yuan, parse_yuan
from store.reminders import Reminder
from store.vocab import (
    ClientStatus,
    GreetingChannel,
    InteractionKind,
    Occasion,
    Purpose,
    TaskStatus,
)

__all__ = [
    "CHANNEL_FIELD",
    "GreetingRefused",
    "GreetingsLogged",
    "SkippedGreeting",
    "complete_greeting",
    "complete_greetings",
    "dismiss_greeting",
    "greeting_line",
    "reopen_greeting",
    "validate_greeting_form",
]

SOURCE: Final = "greeting"
#: The channel as a form choice: typed as its code name or its label in either language.
CHANNEL_FIELD: Final = FormField(
    "channel", "greetings.field.channel", "choice", True, "greetings.channel",
    tuple(channel.value for channel in GreetingChannel),
)  # fmt: skip
_COST_LABEL: Final = "greetings.field.cost"
_NOTE_LABEL: Final = "greetings.field.note"


class GreetingRefused(ClientdeskError):
    """The reminder cannot be acted on as asked (already done, its person gone); nothing written."""


def _column_error(column: str, label: str, reason: str, **params: Any) -> ValidationError:
    """A `ValidationError` that also names the form input it belongs to (`column`)."""
    error = ValidationError(label, reason, **params)
    error.column = column  # type: ignore[attr-defined]
    return error


# --- checking input ---------------------------------------------------------------------


def _channel(typed: Any) -> str:
    """A channel's code name from itself or its label in either language."""
    text = " ".join(str(typed or "").split())
    if not text:
        raise _column_error("channel", CHANNEL_FIELD.label, "invalid.required")
    try:
        return choice_value(CHANNEL_FIELD, text)
    except ValidationError as exc:
        exc.column = "channel"  # type: ignore[attr-defined]
        raise


def _check_note(note: str) -> None:
    if len(note) > MAX_TEXT:
        raise _column_error(
            "note", _NOTE_LABEL, "visit_log.invalid.too_long", length=f"{len(note):,}",
            limit=f"{MAX_TEXT:,}",
        )  # fmt: skip


def validate_greeting_form(values: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Read the greeting form: (clean values, errors by field), every bad field at once.

    - ``channel``: a `GreetingChannel` code name or its label in either
      language ("gift", "礼品", "Gift"); required;
    - ``cost``: yuan as typed ("200", "1,200.50", "¥88"), "" = not recorded;
      never negative; becomes ``cost_fen`` (int fen);
    - ``note`` (optional): the entry's summary instead of the generated one.
    """
    clean: dict[str, Any] = {"channel": None, "cost_fen": None, "note": ""}
    errors: dict[str, str] = {}
    cost = str(values.get("cost", "") or "").strip()
    note = str(values.get("note", "") or "").strip()
    readers = (
        ("channel", "channel", lambda: _channel(values.get("channel"))),
        ("cost", "cost_fen", lambda: parse_yuan(cost, _COST_LABEL) if cost else None),
        ("note", "note", lambda: _check_note(note) or note),
    )
    for field, key, read in readers:
        try:
            clean[key] = read()
        except ValidationError as exc:
            errors[field] = exc.message()
    return clean, errors


def _check(channel: str, cost_fen: int | None, note: str) -> str:
    """The store's own check of what a form (or a script) hands it; returns the channel's code.

    The first problem raises (nothing written); a channel may be given as
    its code name or its label.
    """
    code = _channel(channel)
    if cost_fen is not None:
        if isinstance(cost_fen, bool) or not isinstance(cost_fen, int):
            raise TypeError("cost_fen must be an int of fen")
        if cost_fen < 0:
            raise _column_error("cost", _COST_LABEL, "invalid.amount_negative")
        if cost_fen > MAX_FEN:
            raise _column_error("cost", _COST_LABEL, "invalid.amount", value=cost_fen)
    _check_note(note)
    return code


def greeting_line(channel: str | None, cost_fen: int | None) -> str:
    """How a logged greeting went out, for the visit log: "Gift · ¥388.00"; "" if unknown."""
    parts = [t(f"greetings.channel.{channel}")] if channel else []
    if cost_fen is not None:
        parts.append("¥" + format_yuan(cost_fen))
    return t("greetings.detail.join").join(parts)


# --- writing ------------------------------------------------------------------------------


def _summary(reminder: Reminder, channel: str) -> str:
    """"Birthday greeting by Flowers", in the current language; a key contact is named."""
    from store.festivals import occasion_name

    params = {
        "occasion": occasion_name(reminder.occasion),
        "channel": t(f"greetings.channel.{channel}"),
    }
    if reminder.person != reminder.client_name:
        return t("greetings.summary_person", person=reminder.person, **params)
    return t("greetings.summary", **params)


def _put_task(
    session: Session, reminder: Reminder, assignee: str | None, status: str,
    interaction_id: str | None,
) -> None:  # fmt: skip
    """Write the reminder's greeting task with `status`: a new row, or the one already there.

    A task reopened earlier is a tombstone (`reopen_greeting`); acting on
    the reminder again brings it back.
    """
    task = session.get(Task, reminder.id)
    if task is None:
        session.add(
            Task(
                id=reminder.id,
                title="",
                client_id=reminder.client_id,
                assignee_id=assignee,
                due_on=reminder.on,
                status=status,
                source=SOURCE,
                occasion=reminder.occasion,
                interaction_id=interaction_id,
            )
        )
        return
    task.deleted = False
    task.status = status
    task.due_on = reminder.on
    task.occasion = reminder.occasion
    if interaction_id is not None:
        task.interaction_id = interaction_id
    if task.assignee_id is None:
        task.assignee_id = assignee


def _live_client(session: Session, client_id: str) -> None:
    client = session.get(Client, client_id)
    if client is None or client.deleted:
        raise _column_error("client", "visit_log.field.client", "greetings.invalid.client_missing")
    if client.status == ClientStatus.ARCHIVED:
        raise _column_error("client", "visit_log.field.client", "greetings.invalid.client_archived")


def _still_greeted(session: Session, reminder: Reminder) -> None:
    """Refuse a reminder whose client, key contact or spouse is gone since it was made."""
    _live_client(session, reminder.client_id)
    for subject in reminder.subject_ids:
        if subject == reminder.client_id:
            continue
        if reminder.occasion == Occasion.CONTACT_BIRTHDAY:
            contact = session.get(KeyContact, subject)
            if contact is None or contact.deleted or contact.client_id != reminder.client_id:
                raise GreetingRefused("greetings.refused.contact_gone", person=reminder.person)
            continue
        spouse = session.get(Client, subject)
        if spouse is None or spouse.deleted or spouse.status == ClientStatus.ARCHIVED:
            raise GreetingRefused("greetings.not_found")


def _logged_on(session: Session, task: Task, zone: str) -> date | None:
    """The local day the greeting that completed `task` was logged, if one is on record."""
    entry = session.get(Interaction, task.interaction_id) if task.interaction_id else None
    if entry is None or entry.deleted:
        return None
    return entry.occurred_at.astimezone(ZoneInfo(zone)).date()


def _not_done(session: Session, reminder: Reminder, zone: str, *, dismissing: bool) -> None:
    """Refuse a reminder already done: a second completion would log and count it twice."""
    task = session.get(Task, reminder.id)
    if task is None or task.deleted or task.status != TaskStatus.DONE:
        return
    from store.festivals import occasion_name

    params = {"person": reminder.person, "occasion": occasion_name(reminder.occasion)}
    logged = _logged_on(session, task, zone)
    key = "greetings.refused.done" if logged is None else "greetings.refused.done_on"
    if logged is not None:
        params["on"] = logged.isoformat()
    if dismissing:
        key += "_dismiss"
    raise GreetingRefused(key, **params)


def _log_one(
    session: Session, store: Any, reminder: Reminder, channel: str, cost_fen: int | None,
    note: str, zone: str,
) -> str:  # fmt: skip
    """Check one reminder is still to greet, then log its entry and close its task.

    The one writer `complete_greeting` and `complete_greetings` share: it
    raises (`ValidationError`, `GreetingRefused`) before writing anything for
    this reminder, so a batch can skip the reminder and go on.
    """
    _still_greeted(session, reminder)
    _not_done(session, reminder, zone, dismissing=False)
    entry = Interaction(
        client_id=reminder.client_id,
        kind=InteractionKind.GREETING.value,
        occurred_at=clock.now(),
        purpose=Purpose.GREETING.value,
        summary=note or _summary(reminder, channel),
        channel=channel,
        cost_fen=cost_fen,
        recorded_by_id=store.manager_id,
    )
    session.add(entry)
    session.flush()
    manager = session.get(Manager, store.manager_id) if store.manager_id else None
    if manager is not None and not manager.deleted:
        session.add(InteractionParticipant(
            interaction_id=entry.id, manager_id=manager.id, level=manager.level))  # fmt: skip
    _put_task(session, reminder, store.manager_id, TaskStatus.DONE.value, entry.id)
    return entry.id


def complete_greeting(
    store: Any,
    reminder: Reminder,
    *,
    channel: str,
    cost_fen: int | None,
    note: str = "",
    zone: str = clock.DEFAULT_ZONE,
    rules: CadenceRules = DEFAULT_CADENCE,
) -> str:
    """Log the greeting and mark the reminder done, in one transaction; return the entry's id.

    The entry is a visit-log greeting (kind and purpose "greeting") for
    the reminder's client, now, recorded by and with the signed-in manager,
    with `channel` and `cost_fen`; its summary is `note`, or one made from
    the occasion and channel ("Birthday greeting by Gift"). The reminder's
    task (id = reminder id) is written done and linked to the entry. The
    client's cadence tasks are reconciled (`rules`, `zone`) in case the
    branch counts greetings as contacts. Raises `ValidationError` (nothing
    written) for an unknown channel, a negative cost or a client gone or
    archived; `GreetingRefused` for a reminder already done (its task: the
    day it was logged is named) or whose key contact or spouse is gone.
    """
    from store.tasks import reconcile_cadence_tasks

    note = note.strip()
    channel = _check(channel, cost_fen, note)
    with store.session() as session:
        entry_id = _log_one(session, store, reminder, channel, cost_fen, note, zone)
        reconcile_cadence_tasks(
            session, rules, clock.today(zone), zone, client_ids=[reminder.client_id]
        )
        return entry_id


@dataclass(frozen=True)
class SkippedGreeting:
    """A reminder a batch left alone, and why (already done, its person gone), translated."""

    reminder: Reminder
    reason: str


@dataclass(frozen=True)
class GreetingsLogged:
    """What `complete_greetings` did: the entries logged (ids, in order) and the skipped."""

    entry_ids: list[str] = dataclasses.field(default_factory=list)
    skipped: list[SkippedGreeting] = dataclasses.field(default_factory=list)


def complete_greetings(
    store: Any,
    reminders: Iterable[Reminder],
    *,
    channel: str,
    cost_fen: int | None,
    note: str = "",
    zone: str = clock.DEFAULT_ZONE,
    rules: CadenceRules = DEFAULT_CADENCE,
) -> GreetingsLogged:
    """Log one greeting per reminder (300 Spring Festival SMS at once), in one transaction.

    Each is written as `complete_greeting` writes one, with the same
    `channel`, `cost_fen` (per greeting) and `note`. Bad input refuses the
    whole batch (`ValidationError`, nothing written); a reminder already done
    or whose person is gone is skipped and reported, not fatal, since with
    hundreds of lines the screen's copy is likely to be a little stale.
    """
    from store.tasks import reconcile_cadence_tasks

    note = note.strip()
    channel = _check(channel, cost_fen, note)
    logged = GreetingsLogged()
    clients: set[str] = set()
    with store.session() as session:
        for reminder in reminders:
            try:  # `_log_one` refuses before writing anything for this reminder
                entry_id = _log_one(session, store, reminder, channel, cost_fen, note, zone)
            except ClientdeskError as exc:
                logged.skipped.append(SkippedGreeting(reminder, exc.message()))
                continue
            logged.entry_ids.append(entry_id)
            clients.add(reminder.client_id)
        if clients:
            reconcile_cadence_tasks(
                session, rules, clock.today(zone), zone, client_ids=sorted(clients)
            )
    return logged


def dismiss_greeting(store: Any, reminder: Reminder, *, zone: str = clock.DEFAULT_ZONE) -> None:
    """Put a reminder aside without greeting: its task is written cancelled ("dismissed").

    Refused like `complete_greeting` for a person gone, and for a greeting
    already done (it was sent: reopen it first); `zone` dates that message.
    """
    with store.session() as session:
        _still_greeted(session, reminder)
        _not_done(session, reminder, zone, dismissing=True)
        _put_task(session, reminder, store.manager_id, TaskStatus.CANCELLED.value, None)


def reopen_greeting(store: Any, reminder_id: str) -> None:
    """Undo a completion or dismissal: the reminder is open again.

    Its task is withdrawn (a tombstone, so the undo syncs too); a greeting
    the completion logged stays in the visit log, where it can be withdrawn
    like any entry if it should not stand. Nothing to undo: nothing happens.
    """
    with store.session() as session:
        task = session.get(Task, reminder_id)
        if task is None or task.deleted or task.source != SOURCE:
            return
        task.deleted = True
