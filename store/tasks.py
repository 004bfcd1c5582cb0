"""Tasks (待办): typed by hand, left by a visit's follow-ups, or generated from cadence.

A task is a row of `store.models.Task`; screens get `TaskRow`s back and
write through the functions here, which check their input at this edge
(field-named messages, nothing written on error) and let the session's
capture path stamp every change for sync and the audit log.

Generated cadence tasks are the one delicate part. Two laptops that are
offline on the same morning both see that 王先生's monthly visit is due and
both generate a task for it. The task's id is therefore derived from what
generated it (client, role and due date, `cadence_task_id`) rather than
made fresh, so sync merges the two rows instead of showing the task twice.
A task the manager already closed is never reopened by a later generation:
an existing row with that id, whatever its status, is left alone.

A cadence task is derived state, so it follows the log rather than the
order things were typed in: `reconcile_cadence_tasks` holds the tasks
against the visits owed now. Logging, correcting and withdrawing a contact
reconcile its client (the last two reopening a task whose visit is owed
again), and generation reconciles its scope first, which also mends a task
that a sync merge left open after the visit that met it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased

from store import clock
from store.errors import ClientdeskError, ValidationError
from store.i18n import t
from store.ids import derived_id
from store.models import Client, Manager, Task
from store.vocab import TaskStatus

if TYPE_CHECKING:
    from store.cadence import CadenceRules, Obligation

__all__ = [
    "NOTES_MAX",
    "TITLE_MAX",
    "TaskNotFoundError",
    "TaskRow",
    "cadence_task_id",
    "create_task",
    "generate_cadence_tasks",
    "held_visits",
    "parse_snooze",
    "reconcile_cadence_tasks",
    "set_task_status",
    "snooze_task",
    "standing_cadence_tasks",
    "task_title",
    "tasks_for",
    "validate_task_text",
]

#: The title column's width; notes are Text but a to-do is not a document.
TITLE_MAX: Final = 200
NOTES_MAX: Final = 2000
#: Obligation states that deserve a task (an "ok" one is weeks away).
_TASK_STATES: Final = frozenset({"overdue", "due"})
_SOURCE_CADENCE: Final = "cadence"
_SOURCE_MANUAL: Final = "manual"
_SOURCE_GREETING: Final = "greeting"
#: Client ids per IN list (SQLite's bound-parameter limit is far above it).
_CHUNK: Final = 900


@dataclass(frozen=True)
class TaskRow:
    """One task as lists show it; names are joined in so no screen looks them up."""

    id: str
    title: str
    client_id: str | None
    client_name: str | None
    assignee_id: str | None
    assignee_name: str | None
    due_on: date | None
    status: str
    snoozed_until: date | None
    source: str
    role: str | None
    interaction_id: str | None
    #: A greeting task's occasion (`store.vocab.Occasion`): what names it when shown.
    occasion: str | None = None


class TaskNotFoundError(ClientdeskError):
    """The task asked for does not exist here (or was removed by a sync)."""

    def __init__(self) -> None:
        super().__init__("tasks.not_found")


def _field_error(column: str, field: str, reason: str, **params: Any) -> ValidationError:
    """A `ValidationError` that also names the form input it belongs to (`column`)."""
    error = ValidationError(field, reason, **params)
    error.column = column  # type: ignore[attr-defined]
    return error


def task_title(row: TaskRow) -> str:
    """What a person reads for a task: a generated task's title is stored empty.

    It is made when shown (a cadence task's from the role, a greeting
    task's from the occasion and the client), so it reads right in either
    language and two laptops never disagree about its wording.
    """
    if row.title:
        return row.title
    if row.source == _SOURCE_CADENCE:
        role = t(f"level.{row.role}") if row.role else ""
        return t("tasks.cadence_title", role=role)
    if row.source == _SOURCE_GREETING:
        from store.festivals import occasion_name

        occasion = occasion_name(row.occasion) if row.occasion else ""
        return t("greetings.task_title", occasion=occasion, client=row.client_name or "")
    return row.title


# --- ids ---------------------------------------------------------------------------


def cadence_task_id(client_id: str, role: str, due_on: date) -> str:
    """The id of the task for `role`'s visit to a client due on `due_on`.

    The same on every laptop (`store.ids.derived_id`), so the same due
    visit generated offline twice is one row after sync.
    """
    return derived_id("cadence-task", client_id, role, due_on.isoformat())


# --- checking input ------------------------------------------------------------------


def validate_task_text(values: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Read the typed fields of a task form (title, due_on, notes).

    Returns (clean values, errors by field); every bad field is reported
    at once, as a sentence naming the field. The choices (client,
    assignee) are checked against the store by `create_task`.
    """
    from store.validation import parse_date

    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    title = (values.get("title") or "").strip()
    if not title:
        errors["title"] = ValidationError("tasks.field.title", "invalid.required").message()
    elif len(title) > TITLE_MAX:
        errors["title"] = ValidationError(
            "tasks.field.title", "invalid.too_long", limit=TITLE_MAX
        ).message()
    clean["title"] = title
    due_text = (values.get("due_on") or "").strip()
    clean["due_on"] = None
    if due_text:
        try:
            clean["due_on"] = parse_date(due_text, "tasks.field.due_on")
        except ValidationError as exc:
            errors["due_on"] = exc.message()
    notes = (values.get("notes") or "").strip()
    if len(notes) > NOTES_MAX:
        errors["notes"] = ValidationError(
            "tasks.field.notes", "invalid.too_long", limit=NOTES_MAX
        ).message()
    clean["notes"] = notes or None
    return clean, errors


_DAYS_AHEAD: Final = re.compile(r"\+?\s*(\d{1,3})\s*[dD天]?")


def parse_snooze(text: str, today: date) -> date:
    """The day a snooze ends, from what the manager typed in the prompt.

    ``2026-12-05`` (any form `parse_date` reads) or a number of days ahead:
    ``+3d``, ``3d``, ``3``, ``3天``. Natural dates ("next Monday") come with
    the calendar issue. The day must be after `today`.
    """
    from datetime import timedelta

    from store.validation import parse_date

    raw = text.strip()
    if not raw:
        raise _field_error("until", "tasks.field.snooze_until", "invalid.required")
    ahead = _DAYS_AHEAD.fullmatch(raw)
    if ahead is not None:
        until = today + timedelta(days=int(ahead.group(1)))
    else:
        try:
            until = parse_date(raw, "tasks.field.snooze_until")
        except ValidationError:
            raise _field_error(
                "until", "tasks.field.snooze_until", "tasks.invalid.snooze_text", value=raw
            ) from None
    if until <= today:
        raise _field_error(
            "until", "tasks.field.snooze_until", "tasks.invalid.snooze_not_later",
            today=today.isoformat(),
        )
    return until


def _check_task(
    session: Session,
    title: str,
    client_id: str | None,
    assignee_id: str | None,
    notes: str | None,
) -> str:
    """Raise the first problem of a new task as a field-named error; return the clean title."""
    clean = title.strip() if isinstance(title, str) else ""
    if not clean:
        raise _field_error("title", "tasks.field.title", "invalid.required")
    if len(clean) > TITLE_MAX:
        raise _field_error("title", "tasks.field.title", "invalid.too_long", limit=TITLE_MAX)
    if notes is not None and len(notes) > NOTES_MAX:
        raise _field_error("notes", "tasks.field.notes", "invalid.too_long", limit=NOTES_MAX)
    if client_id is not None:
        client = session.get(Client, client_id)
        if client is None or client.deleted:
            raise _field_error("client", "tasks.field.client", "tasks.invalid.unknown_client")
    if assignee_id is not None:
        manager = session.get(Manager, assignee_id)
        if manager is None or manager.deleted:
            raise _field_error("assignee", "tasks.field.assignee", "tasks.invalid.unknown_manager")
    return clean


# --- writing -------------------------------------------------------------------------


def create_task(
    store: Any,
    *,
    title: str,
    client_id: str | None,
    assignee_id: str | None,
    due_on: date | None,
    notes: str | None = None,
) -> str:
    """Add a task typed by hand; returns its id.

    The title is required (at most `TITLE_MAX` characters); the client and
    the assignee, when given, must be live rows here. On any problem a
    `ValidationError` names the field (its `column` is the form input) and
    nothing is written.
    """
    notes = notes.strip() or None if notes is not None else None
    with store.session() as session:
        clean_title = _check_task(session, title, client_id, assignee_id, notes)
        task = Task(
            title=clean_title,
            client_id=client_id,
            assignee_id=assignee_id,
            due_on=due_on,
            status=TaskStatus.OPEN.value,
            source=_SOURCE_MANUAL,
            notes=notes,
        )
        session.add(task)
        session.flush()
        return task.id


def _live_task(session: Session, task_id: str) -> Task:
    task = session.get(Task, task_id)
    if task is None or task.deleted:
        raise TaskNotFoundError()
    return task


def set_task_status(store: Any, task_id: str, status: str) -> None:
    """Mark a task open, done or cancelled (reopening a closed one is allowed).

    Reopening also lifts a snooze: a task brought back is wanted now.
    """
    try:
        wanted = TaskStatus(status).value
    except ValueError:
        raise _field_error(
            "status", "tasks.field.status", "tasks.invalid.status", value=status
        ) from None
    with store.session() as session:
        task = _live_task(session, task_id)
        if task.status == wanted:
            return
        task.status = wanted
        if wanted == TaskStatus.OPEN and task.snoozed_until is not None:
            task.snoozed_until = None


def snooze_task(store: Any, task_id: str, until: date, *, today: date | None = None) -> None:
    """Hide an open task from lists until `until`, which must be after today.

    `today` is the manager's local date (the caller knows the zone);
    it defaults to today in the default zone.
    """
    today = today if today is not None else clock.today()
    if until <= today:
        raise _field_error(
            "until", "tasks.field.snooze_until", "tasks.invalid.snooze_not_later",
            today=today.isoformat(),
        )
    with store.session() as session:
        task = _live_task(session, task_id)
        if task.status != TaskStatus.OPEN:
            raise _field_error("until", "tasks.field.snooze_until", "tasks.invalid.not_open")
        task.snoozed_until = until


def generate_cadence_tasks(
    store: Any,
    obligations: Iterable[Obligation],
    today: date,
    *,
    rules: CadenceRules | None = None,
    zone: str = clock.DEFAULT_ZONE,
    manager_id: str | None = None,
) -> int:
    """Make a task for each overdue or due obligation that has none yet; returns how many.

    A task exists when a row with its derived id exists, whatever its
    status (a task the manager closed stays closed) and even as a
    tombstone. An open cadence task for the same client and role, made for
    another due date, also stands for this visit: a client never visited
    is due "today" every day, and one task is enough. Obligations due more
    than a year after `today` are skipped as nonsense rather than stored.

    With `rules`, the scope generated for is first reconciled
    (`reconcile_cadence_tasks`, no reopening) in the same transaction: the
    open tasks assigned to `manager_id`, or without one the tasks of the
    obligations' clients. That is what mends a task reopened by a sync:
    laptop B, offline, generated the task laptop A had closed with a visit,
    and B's later "open" won the merge; once B has A's visit, its next
    generation (my day opening) closes the task again. It is also why an
    open task for a due date that moved no longer stands for the new one.
    """
    obligations = list(obligations)
    wanted: dict[str, Obligation] = {}
    for obligation in obligations:
        if obligation.state not in _TASK_STATES:
            continue
        if (obligation.due_on - today).days > 366:
            continue
        wanted.setdefault(
            cadence_task_id(obligation.client_id, obligation.role, obligation.due_on), obligation
        )
    with store.session() as session:
        if rules is not None:
            scope = None if manager_id is not None else {o.client_id for o in obligations}
            reconcile_cadence_tasks(
                session, rules, today, zone, client_ids=scope, manager_id=manager_id
            )
        if not wanted:
            return 0
        existing = set(
            session.execute(select(Task.id).where(Task.id.in_(list(wanted)))).scalars()
        )
        standing = {
            (row.client_id, row.role)
            for row in session.execute(
                select(Task.client_id, Task.role).where(
                    Task.source == _SOURCE_CADENCE,
                    Task.status == TaskStatus.OPEN.value,
                    Task.deleted.is_(False),
                    Task.client_id.in_({o.client_id for o in wanted.values()}),
                )
            )
        }
        created = 0
        for task_id, obligation in wanted.items():
            if task_id in existing or (obligation.client_id, obligation.role) in standing:
                continue
            standing.add((obligation.client_id, obligation.role))
            session.add(
                Task(
                    id=task_id,
                    title="",
                    client_id=obligation.client_id,
                    assignee_id=obligation.manager_id,
                    due_on=obligation.due_on,
                    status=TaskStatus.OPEN.value,
                    source=_SOURCE_CADENCE,
                    role=obligation.role,
                )
            )
            created += 1
        return created


def reconcile_cadence_tasks(
    session: Session,
    rules: CadenceRules,
    today: date,
    zone: str,
    *,
    client_ids: Collection[str] | None = None,
    manager_id: str | None = None,
    reopen: bool = False,
) -> tuple[int, int]:
    """Bring the cadence tasks in scope in line with the visits owed now; (closed, reopened).

    A cadence task is derived state: it stands for one due visit (client,
    role, due date). Here each one in scope is held against the current
    obligation of its client and role (`store.cadence.obligations`, so
    what is logged, corrected or withdrawn is what counts, never the order
    it was typed in):

    - an open task whose exact due visit is no longer the one owed is done:
      a contact met it, or moved the due date (the new due date gets its
      own task, with its own derived id, when my day next generates);
      a task whose client or role no longer owes visits at all is done too;
    - with `reopen`, a done task whose exact due visit is owed again is
      open again: the contact that met it was withdrawn or corrected away.
      Its snooze, if it had one, comes back with it (this undoes the
      close; it is not the manager asking for it now). A cancelled task is
      never reopened: that was the manager's choice.

    An obligation not yet due (state "ok") with the task's exact due date
    still counts as owed: the task was made for it, and closing it would
    keep its id from ever being generated again.

    The scope is the tasks of `client_ids` (when given) assigned to
    `manager_id` (when given). Runs in the caller's session, so a log, a
    correction or a withdrawal and its effect on the tasks are one
    transaction; the session is flushed first so the obligations see it.
    """
    from store.cadence import STATES, obligations

    if client_ids is not None and not client_ids:
        return 0, 0
    session.flush()
    statuses = [TaskStatus.OPEN.value] + ([TaskStatus.DONE.value] if reopen else [])
    query = select(Task).where(
        Task.source == _SOURCE_CADENCE,
        Task.deleted.is_(False),
        Task.status.in_(statuses),
    )
    if manager_id is not None:
        query = query.where(Task.assignee_id == manager_id)
    if client_ids is None:
        tasks = list(session.execute(query).scalars())
    else:
        wanted = sorted(set(client_ids))
        tasks = [
            task
            for start in range(0, len(wanted), _CHUNK)
            for task in session.execute(
                query.where(Task.client_id.in_(wanted[start : start + _CHUNK]))
            ).scalars()
        ]
    if not tasks:
        return 0, 0
    clients = sorted({task.client_id for task in tasks if task.client_id is not None})
    current = {
        (o.client_id, o.role): o.due_on
        for o in obligations(session, rules, today, zone, client_ids=clients, states=STATES)
    }
    closed = reopened = 0
    for task in tasks:
        owed = task.due_on is not None and current.get((task.client_id, task.role)) == task.due_on
        if task.status == TaskStatus.OPEN and not owed:
            task.status = TaskStatus.DONE.value
            closed += 1
        elif task.status == TaskStatus.DONE and owed:
            task.status = TaskStatus.OPEN.value
            reopened += 1
    return closed, reopened


# --- reading -------------------------------------------------------------------------


def tasks_for(
    session: Session,
    today: date,
    *,
    assignee_id: str | None = None,
    client_id: str | None = None,
    due_by: date | None = None,
    statuses: Collection[str] = ("open",),
    include_snoozed: bool = False,
    limit: int = 500,
) -> list[TaskRow]:
    """Tasks in the given statuses, soonest due first (undated last).

    A task snoozed until after `today` is left out unless `include_snoozed`
    (the full task list shows it marked). `due_by` keeps only dated tasks
    due on or before it. Names of the client and assignee are joined in.
    """
    assignee = aliased(Manager)
    query = (
        select(Task, Client.name, assignee.name)
        .outerjoin(Client, Client.id == Task.client_id)
        .outerjoin(assignee, assignee.id == Task.assignee_id)
        .where(Task.deleted.is_(False), Task.status.in_(list(statuses)))
    )
    if assignee_id is not None:
        query = query.where(Task.assignee_id == assignee_id)
    if client_id is not None:
        query = query.where(Task.client_id == client_id)
    if due_by is not None:
        query = query.where(and_(Task.due_on.is_not(None), Task.due_on <= due_by))
    if not include_snoozed:
        query = query.where(or_(Task.snoozed_until.is_(None), Task.snoozed_until <= today))
    query = query.order_by(
        Task.due_on.is_(None), Task.due_on, Task.title, Task.id
    ).limit(limit)
    return [
        TaskRow(
            id=task.id,
            title=task.title,
            client_id=task.client_id,
            client_name=client_name,
            assignee_id=task.assignee_id,
            assignee_name=assignee_name,
            due_on=task.due_on,
            status=task.status,
            snoozed_until=task.snoozed_until,
            source=task.source,
            role=task.role,
            interaction_id=task.interaction_id,
            occasion=task.occasion,
        )
        for task, client_name, assignee_name in session.execute(query)
    ]


def standing_cadence_tasks(
    session: Session, client_ids: Collection[str]
) -> dict[tuple[str, str], str]:
    """(client, role) → id of the open cadence task standing for that due visit.

    Lets my day act on a visit line's task (snooze it) without knowing
    which due date it was generated for.
    """
    if not client_ids:
        return {}
    rows = session.execute(
        select(Task.id, Task.client_id, Task.role)
        .where(
            Task.source == _SOURCE_CADENCE,
            Task.status == TaskStatus.OPEN.value,
            Task.deleted.is_(False),
            Task.client_id.in_(list(client_ids)),
        )
        .order_by(Task.due_on, Task.id)
    ).all()
    found: dict[tuple[str, str], str] = {}
    for row in rows:
        if row.role:
            found.setdefault((row.client_id, row.role), row.id)
    return found


def held_visits(session: Session, obligations: Iterable[Obligation], today: date) -> set[str]:
    """Ids of the cadence tasks behind `obligations` that the manager put aside.

    My day hides a due visit whose task is snoozed past `today` (the
    client is abroad until March) or was cancelled (this due visit will not
    happen; the next due date brings a new task). A snooze on an open task
    made for an earlier due date of the same client and role holds the
    visit too (that task stands for it, see `generate_cadence_tasks`).
    """
    wanted = {
        cadence_task_id(o.client_id, o.role, o.due_on): (o.client_id, o.role)
        for o in obligations
    }
    if not wanted:
        return set()
    clients = {pair[0] for pair in wanted.values()}
    rows = session.execute(
        select(Task.id, Task.client_id, Task.role, Task.status).where(
            Task.source == _SOURCE_CADENCE,
            Task.deleted.is_(False),
            Task.client_id.in_(clients),
            or_(
                and_(Task.status == TaskStatus.OPEN.value, Task.snoozed_until > today),
                and_(Task.status == TaskStatus.CANCELLED.value, Task.id.in_(list(wanted))),
            ),
        )
    ).all()
    snoozed = {(r.client_id, r.role) for r in rows if r.status == TaskStatus.OPEN.value}
    cancelled = {r.id for r in rows if r.status == TaskStatus.CANCELLED.value}
    return {
        task_id for task_id, pair in wanted.items() if task_id in cancelled or pair in snoozed
    }
