"""Everything the client profile screen shows about one client, read at once.

One worker call reads the profile, its relations in both directions, the
key contacts and the latest changes from the audit log, all by indexed
lookups, so opening a profile stays well under 100 ms at 100k clients.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from store.audit import audit_history
from store.models import (
    Branch,
    Client,
    ClientRelation,
    ClientTag,
    KeyContact,
    Manager,
)

# Profile columns copied as they are; the screen decides how to show each.
PROFILE_FIELDS: tuple[str, ...] = (
    "kind", "name", "english_name", "customer_no", "gender", "birth_date", "birthday_lunar",
    "nationality", "id_type", "id_number", "phone", "email", "address", "occupation",
    "employer", "industry", "income_band", "education", "marital_status", "wedding_date",
    "risk_level", "risk_assessed_on", "tier", "importance", "status", "aum_fen",
    "contribution_fen", "notes", "credit_code", "legal_representative", "ownership",
    "tier_reason", "importance_reason",
)  # fmt: skip

#: What the other client is to this one, by (kind, stored from this client's side).
#: A row says `from` is the `kind` of `to`: on the `from` side the other
#: client is the inverse (a child's row points at a parent).
_ROLES: Final[dict[tuple[str, bool], str]] = {
    ("spouse", True): "spouse", ("spouse", False): "spouse",
    ("child", True): "parent", ("child", False): "child",
    ("parent", True): "child", ("parent", False): "parent",
    ("executive", True): "employer", ("executive", False): "executive",
    ("shareholder", True): "holding", ("shareholder", False): "shareholder",
    ("referred_by", True): "referrer", ("referred_by", False): "referred",
}  # fmt: skip
#: The order relations are listed in: family first, then companies, then referrals.
ROLE_ORDER: Final[tuple[str, ...]] = (
    "spouse", "parent", "child", "employer", "holding", "executive", "shareholder",
    "referrer", "referred",
)  # fmt: skip


@dataclass(frozen=True)
class RelationRow:
    """A related client; `kind` and `outgoing` as stored, `role` as a person reads it."""

    kind: str
    outgoing: bool
    other_id: str
    other_name: str
    note: str | None = None

    @property
    def role(self) -> str:
        """What the other client is to this one: "parent", "employer", "referrer" …"""
        return _ROLES.get((self.kind, self.outgoing), self.kind)


@dataclass(frozen=True)
class ContactRow:
    name: str
    title: str | None
    phone: str | None
    birth_date: date | None
    birthday_lunar: bool


@dataclass(frozen=True)
class HistoryEntry:
    """One change to the client (or to its tags), newest first in `ClientDetail.history`.

    `changes` are (column, old, new) in the audit log's encoding: money in
    fen, dates as ISO text. A tag added or removed reads as a change of the
    column "tags" from nothing to the tag, or back.
    """

    at: datetime
    action: str
    author: str | None
    changes: tuple[tuple[str, Any, Any], ...]


@dataclass(frozen=True)
class ClientDetail:
    id: str
    profile: dict[str, object]
    owner_name: str | None
    branch_name: str | None
    tags: tuple[str, ...]
    relations: tuple[RelationRow, ...]
    contacts: tuple[ContactRow, ...]
    history: tuple[HistoryEntry, ...] = ()


#: How many changes a profile shows; older ones stay in the audit log.
HISTORY_SHOWN: Final = 50


def client_detail(
    session: Session, client_id: str, history_limit: int = HISTORY_SHOWN
) -> ClientDetail | None:
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
        history=tuple(client_history(session, client_id, history_limit)),
    )


def _relations(session: Session, client_id: str) -> list[RelationRow]:
    other = aliased(Client)
    rows: list[RelationRow] = []
    for outgoing, mine, theirs in (
        (True, ClientRelation.from_client_id, ClientRelation.to_client_id),
        (False, ClientRelation.to_client_id, ClientRelation.from_client_id),
    ):
        found = session.execute(
            select(ClientRelation.kind, other.id, other.name, ClientRelation.note)
            .join(other, other.id == theirs)
            .where(mine == client_id, ClientRelation.deleted.is_(False), other.deleted.is_(False))
            .order_by(ClientRelation.kind, other.name)
        ).all()
        rows.extend(RelationRow(kind, outgoing, oid, name, note) for kind, oid, name, note in found)
    rank = {role: i for i, role in enumerate(ROLE_ORDER)}
    rows.sort(key=lambda row: (rank.get(row.role, len(rank)), row.other_name))
    return rows


def _contacts(session: Session, client_id: str) -> list[ContactRow]:
    found = session.execute(
        select(KeyContact)
        .where(KeyContact.client_id == client_id, KeyContact.deleted.is_(False))
        .order_by(KeyContact.name)
    ).scalars()
    names = {f.name for f in fields(ContactRow)}
    return [ContactRow(**{n: getattr(c, n) for n in names}) for c in found]


def client_history(
    session: Session, client_id: str, limit: int = HISTORY_SHOWN
) -> list[HistoryEntry]:
    """The latest audited changes to a client and its tags, newest first.

    The audit log has no entry for a row's creation; `audit_history` reads
    it from the row's first version, and names its author even before this
    laptop's first sync when the session belongs to the store that made it.
    """
    store = session.info.get("store")
    this_device = (store.device_id, store.manager_id) if store is not None else None
    entries = [
        HistoryEntry(
            view.at,
            view.action,
            view.author,
            tuple((name, old, new) for name, (old, new) in view.changes.items()),
        )
        for view in audit_history(
            session, client_id, "client", this_device=this_device, limit=limit
        )
    ]
    # Tags made in the same stamp as the client (a demo, an import) are part of its creation.
    created = min((entry.at for entry in entries if entry.action == "create"), default=None)
    tags = session.execute(
        select(ClientTag.id, ClientTag.tag).where(ClientTag.client_id == client_id)
    ).all()
    for tag_id, tag in tags:
        for view in audit_history(
            session, tag_id, "client_tag", this_device=this_device, limit=limit
        ):
            if view.action == "create" and created is not None and view.at <= created:
                continue
            if view.action in ("create", "restore"):
                change = ("tags", None, tag)
            elif view.action == "delete":
                change = ("tags", tag, None)
            elif "tag" in view.changes:  # renamed in place: not done here, but it may sync in
                change = ("tags", *view.changes["tag"])
            else:
                continue
            entries.append(HistoryEntry(view.at, "update", view.author, (change,)))
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:limit]
