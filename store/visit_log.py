"""A client's visit log (interactions), newest first, as plain rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.links import names_by_owner
from store.models import Interaction, InteractionParticipant, Manager


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
    names = names_by_owner(
        session,
        InteractionParticipant,
        "interaction_id",
        Manager,
        "manager_id",
        [e.id for e in entries],
    )
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
        )
        for e in entries
    ]
