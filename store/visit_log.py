"""A client's visit log (interactions), newest first, as plain rows; one entry in full.

The log pane shows which entries were corrected (`InteractionRow.edited`:
an audit entry exists for it, found with one query for the rows listed);
the entry screen shows everything about one entry, who was present at the
level they held then, the tasks its follow-ups became and its corrections
read from the audit log (old → new).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.audit import AuditView, audit_history
from store.links import names_by_owner
from store.models import AuditEntry, Client, Interaction, InteractionParticipant, Manager, Task


@dataclass(frozen=True)
class InteractionRow:
    id: str
    occurred_at: datetime
    kind: str
    purpose: str
    summary: str
    outcome: str | None
    next_contact_on: date | None
    participants: tuple[str, ...]
    edited: bool = False
    needs: str | None = None
    follow_ups: str | None = None
    prepared: str | None = None
    products: str | None = None
    satisfaction: int | None = None
    duration_min: int | None = None
    #: A greeting's channel (GreetingChannel) and cost in fen (`store.greetings.greeting_line`).
    channel: str | None = None
    cost_fen: int | None = None


def interactions_for_client(
    session: Session, client_id: str, limit: int = 200
) -> list[InteractionRow]:
    """The `limit` latest log entries of one client, withdrawn ones left out."""
    entries = session.execute(
        select(Interaction)
        .where(Interaction.client_id == client_id, Interaction.deleted.is_(False))
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
        .limit(limit)
    ).scalars().all()
    ids = [e.id for e in entries]
    names = names_by_owner(
        session,
        InteractionParticipant,
        "interaction_id",
        Manager,
        "manager_id",
        ids,
    )
    edited = _edited(session, ids)
    return [
        InteractionRow(
            id=e.id,
            occurred_at=e.occurred_at,
            kind=e.kind,
            purpose=e.purpose,
            summary=e.summary,
            outcome=e.outcome,
            next_contact_on=e.next_contact_on,
            participants=names.get(e.id, ()),
            edited=e.id in edited,
            needs=e.needs,
            follow_ups=e.follow_ups,
            prepared=e.prepared,
            products=e.products,
            satisfaction=e.satisfaction,
            duration_min=e.duration_min,
            channel=e.channel,
            cost_fen=e.cost_fen,
        )
        for e in entries
    ]


def _edited(session: Session, ids: Sequence[str]) -> set[str]:
    """The ids among `ids` that have an audit entry (a creation has none)."""
    if not ids:
        return set()
    return set(
        session.execute(
            select(AuditEntry.row_id)
            .where(
                AuditEntry.table_name == "interaction",
                AuditEntry.row_id.in_(list(ids)),
                AuditEntry.deleted.is_(False),
            )
            .distinct()
        ).scalars()
    )


@dataclass(frozen=True)
class Participant:
    manager_id: str
    name: str
    level: str | None  # at the time of the contact; the current one for old rows


@dataclass(frozen=True)
class FollowUpTask:
    id: str
    title: str
    due_on: date | None
    status: str
    assignee_name: str | None


@dataclass(frozen=True)
class InteractionDetail:
    """One entry in full, for the entry screen and the correction form."""

    id: str
    client_id: str
    client_name: str
    kind: str
    occurred_at: datetime
    duration_min: int | None
    purpose: str
    summary: str
    prepared: str | None
    needs: str | None
    products: str | None
    outcome: str | None
    satisfaction: int | None
    follow_ups: str | None
    next_contact_on: date | None
    recorded_by: str | None
    participants: tuple[Participant, ...]
    tasks: tuple[FollowUpTask, ...]
    history: tuple[AuditView, ...]
    #: The stored values a correction form opens with, by column (for ChangedElsewhere).
    stored: dict[str, Any]
    #: A greeting's channel (GreetingChannel) and cost in fen.
    channel: str | None = None
    cost_fen: int | None = None

    @property
    def participant_ids(self) -> tuple[str, ...]:
        return tuple(p.manager_id for p in self.participants)

    @property
    def edited(self) -> bool:
        return any(entry.action != "create" for entry in self.history)


def interaction_detail(
    session: Session, interaction_id: str, *, this_device: tuple[str, str | None] | None = None
) -> InteractionDetail | None:
    """Everything about one live entry, or None for a missing or withdrawn one."""
    from store.interactions import EDITABLE, stored_value

    entry = session.get(Interaction, interaction_id)
    if entry is None or entry.deleted:
        return None
    client_name = session.execute(
        select(Client.name).where(Client.id == entry.client_id)
    ).scalar_one_or_none()
    present = session.execute(
        select(InteractionParticipant.manager_id, Manager.name,
               InteractionParticipant.level, Manager.level)
        .join(Manager, Manager.id == InteractionParticipant.manager_id)
        .where(InteractionParticipant.interaction_id == interaction_id,
               InteractionParticipant.deleted.is_(False))
        .order_by(Manager.name)
    ).all()  # fmt: skip
    tasks = session.execute(
        select(Task.id, Task.title, Task.due_on, Task.status, Manager.name)
        .outerjoin(Manager, Manager.id == Task.assignee_id)
        .where(Task.interaction_id == interaction_id, Task.deleted.is_(False))
        .order_by(Task.due_on, Task.title)
    ).all()
    recorded_by = (
        session.execute(
            select(Manager.name).where(Manager.id == entry.recorded_by_id)
        ).scalar_one_or_none()
        if entry.recorded_by_id
        else None
    )
    history = _named(
        session,
        audit_history(session, interaction_id, table="interaction", this_device=this_device),
    )
    stored = {name: stored_value(entry, name) for name in EDITABLE}
    stored["participant_ids"] = tuple(row[0] for row in present)
    return InteractionDetail(
        id=entry.id,
        client_id=entry.client_id,
        client_name=client_name or "",
        kind=entry.kind,
        occurred_at=entry.occurred_at,
        duration_min=entry.duration_min,
        purpose=entry.purpose,
        summary=entry.summary,
        prepared=entry.prepared,
        needs=entry.needs,
        products=entry.products,
        outcome=entry.outcome,
        satisfaction=entry.satisfaction,
        follow_ups=entry.follow_ups,
        next_contact_on=entry.next_contact_on,
        recorded_by=recorded_by,
        participants=tuple(
            Participant(manager_id, name, then or now)
            for manager_id, name, then, now in present
        ),
        tasks=tuple(FollowUpTask(*row) for row in tasks),
        history=tuple(history),
        stored=stored,
        channel=entry.channel,
        cost_fen=entry.cost_fen,
    )


#: History columns holding manager ids (one, or a list for who was present).
_MANAGER_COLUMNS = ("participant_ids", "recorded_by_id")


def _named(session: Session, history: list[AuditView]) -> list[AuditView]:
    """The history with manager ids replaced by names, so a person can read it.

    A departed manager keeps their name; an id not (yet) on this laptop
    stays as it is rather than vanish.
    """
    wanted: set[str] = set()
    for view in history:
        for column in _MANAGER_COLUMNS:
            for value in view.changes.get(column, ()):
                wanted.update(value if isinstance(value, list) else [value] if value else [])
    if not wanted:
        return history
    names = dict(
        session.execute(select(Manager.id, Manager.name).where(Manager.id.in_(wanted))).all()
    )

    def named(value: Any) -> Any:
        if isinstance(value, list):
            return [names.get(v, v) for v in value]
        return names.get(value, value) if value else value

    return [
        replace(view, changes={
            column: (named(old), named(new)) if column in _MANAGER_COLUMNS else (old, new)
            for column, (old, new) in view.changes.items()
        })
        if any(c in view.changes for c in _MANAGER_COLUMNS) else view
        for view in history
    ]  # fmt: skip
