"""Everything the client profile screen shows about one client, read at once.

One worker call reads the profile, its relations in both directions, the
key contacts and the latest changes from the audit log, all by indexed
lookups, so opening a profile stays well under 100 ms at 100k clients.

The history reads as a manager thinks of the client: its own fields (the
owner and branch by name, not by id), its tags, and relations and key
contacts added, changed or removed.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from store.audit import AuditView, audit_history
from store.models import (
    Branch,
    Client,
    ClientRelation,
    ClientTag,
    KeyContact,
    Manager,
)
from store.sync.versions import load_versions, version_hlc

# Profile columns copied as they are; the screen decides how to show each.
PROFILE_FIELDS: tuple[str, ...] = (
    "kind", "name", "english_name", "customer_no", "gender", "birth_date", "birthday_lunar",
    "nationality", "id_type", "id_number", "phone", "email", "address", "occupation",
    "employer", "industry", "income_band", "education", "marital_status", "wedding_date",
    "risk_level", "risk_assessed_on", "tier", "importance", "status", "aum_fen",
    "contribution_fen", "notes", "credit_code", "legal_representative", "ownership",
    "tier_reason", "importance_reason", "owner_manager_id", "preferences", "avoid",
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
    """A related client; `kind` and `outgoing` as stored, `role` as a person reads it.

    `id` is the relation row's (to remove it); `other_id` the related client's (to open it).
    """

    kind: str
    outgoing: bool
    other_id: str
    other_name: str
    note: str | None = None
    id: str = ""

    @property
    def role(self) -> str:
        """What the other client is to this one: "parent", "employer", "referrer" …"""
        return _ROLES.get((self.kind, self.outgoing), self.kind)


@dataclass(frozen=True)
class ContactRow:
    """A key contact of a company, with its id to edit or remove it."""

    name: str
    title: str | None
    phone: str | None
    birth_date: date | None
    birthday_lunar: bool
    id: str = ""
    notes: str | None = None


@dataclass(frozen=True)
class HistoryEntry:
    """One change to the client (or to its tags), newest first in `ClientDetail.history`.

    `changes` are (column, old, new) in the audit log's encoding: money in
    fen, dates as ISO text. A tag added or removed reads as a change of the
    column "tags" from nothing to the tag, or back. The owner and branch
    columns carry names rather than ids.

    `table` says what changed: "client" (its tags included),
    "client_relation" (`about` is the other client's name, `role` what they
    are to this client; the action is create, delete or restore) or
    "key_contact" (`about` is the contact's name; an update lists the
    contact's own columns).
    """

    at: datetime
    action: str
    author: str | None
    changes: tuple[tuple[str, Any, Any], ...]
    table: str = "client"
    about: str | None = None
    role: str | None = None


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


def relations_of(session: Session, client_id: str) -> list[RelationRow]:
    """A client's live relations, family first (as the profile lists them)."""
    return _relations(session, client_id)


def key_contacts_of(session: Session, client_id: str) -> list[ContactRow]:
    """A company's live key contacts, by name."""
    return _contacts(session, client_id)


def _relations(session: Session, client_id: str) -> list[RelationRow]:
    other = aliased(Client)
    rows: list[RelationRow] = []
    for outgoing, mine, theirs in (
        (True, ClientRelation.from_client_id, ClientRelation.to_client_id),
        (False, ClientRelation.to_client_id, ClientRelation.from_client_id),
    ):
        found = session.execute(
            select(
                ClientRelation.kind, other.id, other.name, ClientRelation.note, ClientRelation.id
            )
            .join(other, other.id == theirs)
            .where(mine == client_id, ClientRelation.deleted.is_(False), other.deleted.is_(False))
            .order_by(ClientRelation.kind, other.name)
        ).all()
        rows.extend(
            RelationRow(kind, outgoing, oid, name, note, rid)
            for kind, oid, name, note, rid in found
        )
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
    """The latest audited changes to a client, its tags, relations and key contacts.

    Newest first. The audit log has no entry for a row's creation;
    `audit_history` reads it from the row's first version, and names its
    author even before this laptop's first sync when the session belongs to
    the store that made it. Tags, relations and contacts made with the client
    (a demo, an import) are part of its creation, not lines of their own.
    """
    store = session.info.get("store")
    this_device = (store.device_id, store.manager_id) if store is not None else None

    def views(row_id: str, table: str) -> list[AuditView]:
        return audit_history(session, row_id, table, this_device=this_device, limit=limit)

    entries = [
        HistoryEntry(
            view.at,
            view.action,
            view.author,
            tuple((name, old, new) for name, (old, new) in view.changes.items()),
        )
        for view in views(client_id, "client")
    ]
    created = min((entry.at for entry in entries if entry.action == "create"), default=None)
    client_stamp = _first_stamp(
        session.execute(select(Client.sync_versions).where(Client.id == client_id)).scalar()
    )

    def made_with_client(view: AuditView, versions: str | None = None) -> bool:
        """A creation in the client's own stamp or before it (a demo, an import)."""
        if view.action != "create":
            return False
        if versions is not None and client_stamp is not None:
            stamp = _first_stamp(versions)
            return stamp is not None and stamp <= client_stamp
        return created is not None and view.at <= created

    tags = session.execute(
        select(ClientTag.id, ClientTag.tag).where(ClientTag.client_id == client_id)
    ).all()
    for tag_id, tag in tags:
        for view in views(tag_id, "client_tag"):
            if made_with_client(view):
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
    for relation, versions in _all_relations(session, client_id):
        for view in views(relation.id, "client_relation"):
            if made_with_client(view, versions):
                continue
            changes = tuple(
                (name, old, new)
                for name, (old, new) in view.changes.items()
                if name in ("kind", "note")
            )
            if view.action == "update" and not changes:
                continue
            entries.append(
                HistoryEntry(
                    view.at,
                    view.action,
                    view.author,
                    changes,
                    table="client_relation",
                    about=relation.other_name,
                    role=relation.role,
                )
            )
    contacts = session.execute(
        select(KeyContact.id, KeyContact.name, KeyContact.sync_versions).where(
            KeyContact.client_id == client_id
        )
    ).all()
    for contact_id, contact_name, versions in contacts:
        for view in views(contact_id, "key_contact"):
            if made_with_client(view, versions):
                continue
            changes = tuple(
                (name, old, new)
                for name, (old, new) in view.changes.items()
                if name not in ("deleted", "client_id")
            )
            if view.action == "update" and not changes:
                continue
            entries.append(
                HistoryEntry(
                    view.at,
                    view.action,
                    view.author,
                    changes,
                    table="key_contact",
                    about=contact_name,
                )
            )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return _named(session, entries[:limit])


def _all_relations(session: Session, client_id: str) -> list[tuple[RelationRow, str | None]]:
    """Every relation row of a client with its versions, removed ones too (that is history)."""
    other = aliased(Client)
    rows: list[tuple[RelationRow, str | None]] = []
    for outgoing, mine, theirs in (
        (True, ClientRelation.from_client_id, ClientRelation.to_client_id),
        (False, ClientRelation.to_client_id, ClientRelation.from_client_id),
    ):
        found = session.execute(
            select(
                ClientRelation.kind,
                other.id,
                other.name,
                ClientRelation.id,
                ClientRelation.sync_versions,
            )
            .join(other, other.id == theirs)
            .where(mine == client_id)
        ).all()
        rows.extend(
            (RelationRow(kind, outgoing, oid, name, None, rid), versions)
            for kind, oid, name, rid, versions in found
        )
    return rows


def _first_stamp(versions: str | None) -> int | None:
    """The clock stamp a row was created with (its first version), if known.

    Stamps, unlike wall-clock instants, tell apart two changes made in the
    same millisecond (or under a fixed test clock).
    """
    first = load_versions(versions).get("")
    return version_hlc(first) if first else None


#: History columns that hold a row id, and the table whose `name` a person reads instead.
_NAMED_COLUMNS: Final = {"owner_manager_id": Manager, "branch_id": Branch}


def _named(session: Session, entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """The same entries with manager and branch ids replaced by their names.

    Deleted managers keep their name in the history; an id whose row has not
    reached this laptop stays as it is rather than vanish.
    """
    wanted: dict[str, set[str]] = {column: set() for column in _NAMED_COLUMNS}
    for entry in entries:
        if entry.table != "client":
            continue
        for column, old, new in entry.changes:
            if column in wanted:
                wanted[column].update(value for value in (old, new) if value)
    if not any(wanted.values()):
        return entries
    names: dict[str, dict[str, str]] = {}
    for column, model in _NAMED_COLUMNS.items():
        ids = wanted[column]
        names[column] = (
            dict(session.execute(select(model.id, model.name).where(model.id.in_(ids))).all())
            if ids
            else {}
        )
    named = []
    for entry in entries:
        if entry.table == "client" and any(c in names for c, _, _ in entry.changes):
            changes = tuple(
                (c, names[c].get(old, old), names[c].get(new, new)) if c in names else (c, old, new)
                for c, old, new in entry.changes
            )
            entry = replace(entry, changes=changes)
        named.append(entry)
    return named
