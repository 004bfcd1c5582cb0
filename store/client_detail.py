"""Everything the read-only client detail screen shows about one client."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from store.models import Branch, Client, ClientRelation, ClientTag, KeyContact, Manager

# Profile columns copied as they are; the screen decides how to show each.
PROFILE_FIELDS: tuple[str, ...] = (
    "kind", "name", "english_name", "customer_no", "gender", "birth_date", "birthday_lunar",
    "nationality", "id_type", "id_number", "phone", "email", "address", "occupation",
    "employer", "industry", "income_band", "education", "marital_status", "wedding_date",
    "risk_level", "risk_assessed_on", "tier", "importance", "status", "aum_fen",
    "contribution_fen", "notes", "credit_code", "legal_representative", "ownership",
)  # fmt: skip


@dataclass(frozen=True)
class RelationRow:
    """`kind` read from this client's side: "spouse", "executive" (of), "referred_by" …"""

    kind: str
    outgoing: bool
    other_id: str
    other_name: str


@dataclass(frozen=True)
class ContactRow:
    name: str
    title: str | None
    phone: str | None
    birth_date: date | None
    birthday_lunar: bool


@dataclass(frozen=True)
class ClientDetail:
    id: str
    profile: dict[str, object]
    owner_name: str | None
    branch_name: str | None
    tags: tuple[str, ...]
    relations: tuple[RelationRow, ...]
    contacts: tuple[ContactRow, ...]


def client_detail(session: Session, client_id: str) -> ClientDetail | None:
    """The whole profile of a client, or None if it does not exist."""
    client = session.get(Client, client_id)
    if client is None or client.deleted:
        return None
    owner = session.get(Manager, client.owner_manager_id) if client.owner_manager_id else None
    branch = session.get(Branch, client.branch_id) if client.branch_id else None
    tags = session.execute(
        select(ClientTag.tag)
        .where(ClientTag.client_id == client_id, ClientTag.deleted.is_(False))
        .order_by(ClientTag.tag)
    ).scalars()
    return ClientDetail(
        id=client.id,
        profile={name: getattr(client, name) for name in PROFILE_FIELDS},
        owner_name=owner.name if owner else None,
        branch_name=branch.name if branch else None,
        tags=tuple(tags),
        relations=tuple(_relations(session, client_id)),
        contacts=tuple(_contacts(session, client_id)),
    )


def _relations(session: Session, client_id: str) -> list[RelationRow]:
    other = aliased(Client)
    rows: list[RelationRow] = []
    for outgoing, mine, theirs in (
        (True, ClientRelation.from_client_id, ClientRelation.to_client_id),
        (False, ClientRelation.to_client_id, ClientRelation.from_client_id),
    ):
        found = session.execute(
            select(ClientRelation.kind, other.id, other.name)
            .join(other, other.id == theirs)
            .where(mine == client_id, ClientRelation.deleted.is_(False), other.deleted.is_(False))
            .order_by(ClientRelation.kind, other.name)
        ).all()
        rows.extend(RelationRow(kind, outgoing, oid, name) for kind, oid, name in found)
    return rows


def _contacts(session: Session, client_id: str) -> list[ContactRow]:
    found = session.execute(
        select(KeyContact)
        .where(KeyContact.client_id == client_id, KeyContact.deleted.is_(False))
        .order_by(KeyContact.name)
    ).scalars()
    names = {f.name for f in fields(ContactRow)}
    return [ContactRow(**{n: getattr(c, n) for n in names}) for c in found]
