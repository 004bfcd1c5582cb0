"""Relations between clients (家庭关系 / 关联关系) and a company's key contacts (关键联系人).

A relation row is directed and says `from` is the `kind` of `to` (the
spouse, child, parent, executive, shareholder of, or was referred by).
A manager does not think in rows but in what the other client is to the
one on screen ("her spouse", "the company he works for"): `stored_relation`
turns that role into the row, and `store.client_detail` reads rows back as
roles from either side.

One relationship can be stored two ways (A child of B is B parent of A;
spouses either way round), so a duplicate is found by what a row means,
not by its columns. Key contacts are people at a corporate client who are
not clients themselves; their fields are checked like the client form's
(every bad field named with its reason, nothing written until all are good).

Writes go through `Store.session()`: the capture path stamps them for sync
and audits them (client_relation and key_contact are audited tables).
Removing is a tombstone, never a delete.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from store import clock
from store.client_detail import ROLE_ORDER
from store.client_edit import NOTES_MAX, live_client
from store.errors import ClientdeskError, ValidationError
from store.i18n import t
from store.models import Client, ClientRelation, KeyContact
from store.validation import parse_date, validate_mobile
from store.vocab import ClientKind, RelationKind

__all__ = [
    "CONTACT_FIELDS",
    "NOTE_MAX",
    "ROLES",
    "ContactField",
    "RelationNotFoundError",
    "add_key_contact",
    "add_relation",
    "contact_text",
    "other_kind_for",
    "remove_key_contact",
    "remove_relation",
    "stored_relation",
    "update_key_contact",
    "validate_key_contact",
]

#: The relation row's note column width.
NOTE_MAX: Final = 200
#: What the other client can be to this one, in the order a form offers them.
ROLES: Final[tuple[str, ...]] = ROLE_ORDER

# role → (stored kind, True when the client on screen is the row's `from`).
_ROLE_ROWS: Final[dict[str, tuple[RelationKind, bool]]] = {
    "spouse": (RelationKind.SPOUSE, False),
    "parent": (RelationKind.PARENT, False),  # the other is the parent of this one
    "child": (RelationKind.CHILD, False),
    "employer": (RelationKind.EXECUTIVE, True),  # this one is an executive there
    "holding": (RelationKind.SHAREHOLDER, True),
    "executive": (RelationKind.EXECUTIVE, False),
    "shareholder": (RelationKind.SHAREHOLDER, False),
    "referrer": (RelationKind.REFERRED_BY, True),  # this one was referred by the other
    "referred": (RelationKind.REFERRED_BY, False),
}

# stored kind → (kind `from` must be, kind `to` must be); None accepts either.
_KINDS: Final[dict[RelationKind, tuple[ClientKind | None, ClientKind | None]]] = {
    RelationKind.SPOUSE: (ClientKind.INDIVIDUAL, ClientKind.INDIVIDUAL),
    RelationKind.CHILD: (ClientKind.INDIVIDUAL, ClientKind.INDIVIDUAL),
    RelationKind.PARENT: (ClientKind.INDIVIDUAL, ClientKind.INDIVIDUAL),
    RelationKind.EXECUTIVE: (ClientKind.INDIVIDUAL, ClientKind.CORPORATE),
    RelationKind.SHAREHOLDER: (None, ClientKind.CORPORATE),
    RelationKind.REFERRED_BY: (None, None),
}
_KIND_REASON: Final[dict[RelationKind, str]] = {
    RelationKind.SPOUSE: "client_relations.invalid.family_kinds",
    RelationKind.CHILD: "client_relations.invalid.family_kinds",
    RelationKind.PARENT: "client_relations.invalid.family_kinds",
    RelationKind.EXECUTIVE: "client_relations.invalid.executive_kinds",
    RelationKind.SHAREHOLDER: "client_relations.invalid.shareholder_kinds",
}

_KIND_FIELD: Final = "client_relations.field.role"
_OTHER_FIELD: Final = "client_relations.field.other"
_NOTE_FIELD: Final = "client_relations.field.note"


class RelationNotFoundError(ClientdeskError):
    """The relation or key contact asked for does not exist here (or was removed)."""

    def __init__(self) -> None:
        super().__init__("client_relations.not_found")


def _field_error(column: str, field: str, reason: str, **params: Any) -> ValidationError:
    """A `ValidationError` that also says which input it belongs to (`column`)."""
    error = ValidationError(field, reason, **params)
    error.column = column  # type: ignore[attr-defined]
    return error


# --- relations ------------------------------------------------------------------------


def stored_relation(client_id: str, other_id: str, role: str) -> tuple[str, str, str]:
    """(from, to, kind) of the row saying the other client is `role` to this one.

    `role` is one of `ROLES`, as `RelationRow.role` reads it back: "parent"
    means the other client is this one's parent. The order is that of
    `add_relation`'s arguments: ``add_relation(store, *stored_relation(...))``.
    """
    try:
        kind, this_is_from = _ROLE_ROWS[role]
    except KeyError:
        raise ValueError(f"unknown relation role {role!r}") from None
    if this_is_from:
        return client_id, other_id, kind.value
    return other_id, client_id, kind.value


def other_kind_for(role: str, this_kind: str) -> str | None:
    """The client kind the other side of `role` must be (a picker lists only those).

    None when either kind fits, or when no kind fits because the client on
    screen is itself the wrong kind (then adding says why).
    """
    kind, this_is_from = _ROLE_ROWS[role]
    wanted_from, wanted_to = _KINDS[kind]
    mine, theirs = (wanted_from, wanted_to) if this_is_from else (wanted_to, wanted_from)
    if mine is not None and mine != this_kind:
        return None
    return theirs.value if theirs is not None else None


def _meaning(from_id: str, kind: str, to_id: str) -> tuple[str, str, str]:
    """One form for rows that say the same: spouses unordered, child as parent."""
    if kind == RelationKind.SPOUSE:
        first, second = sorted((from_id, to_id))
        return RelationKind.SPOUSE.value, first, second
    if kind == RelationKind.CHILD:
        return RelationKind.PARENT.value, to_id, from_id
    return kind, from_id, to_id


def _same_meaning_rows(from_id: str, kind: str, to_id: str) -> Any:
    """A condition matching every live row that means what (from, kind, to) means."""
    wanted = _meaning(from_id, kind, to_id)
    forms = [
        (f, k, to)
        for f, k, to in (
            (from_id, kind, to_id),
            (to_id, kind, from_id),
            (from_id, RelationKind.PARENT.value, to_id),
            (to_id, RelationKind.PARENT.value, from_id),
            (from_id, RelationKind.CHILD.value, to_id),
            (to_id, RelationKind.CHILD.value, from_id),
        )
        if _meaning(f, k, to) == wanted
    ]
    return or_(
        *(
            and_(
                ClientRelation.from_client_id == f,
                ClientRelation.kind == k,
                ClientRelation.to_client_id == to,
            )
            for f, k, to in set(forms)
        )
    )


def add_relation(
    store: Any, from_client_id: str, to_client_id: str, kind: str, note: str | None = None
) -> str:
    """Record that `from` is the `kind` of `to`; returns the new relation's id.

    Refused with a `ValidationError` naming the field (nothing written): an
    unknown kind, a client related to itself, a missing other client, kinds
    of client the relation does not fit (a spouse must be a person, an
    employer a company), a note longer than its column, and a relation that
    already exists between the two, stored either way round.
    """
    if kind not in set(RelationKind):
        shown = "、".join(t(f"relation.{k.value}") for k in RelationKind)
        raise _field_error("role", _KIND_FIELD, "invalid.choice", value=kind, choices=shown)
    if from_client_id == to_client_id:
        raise _field_error("other", _OTHER_FIELD, "client_relations.invalid.self")
    text = " ".join((note or "").split()) or None
    if text is not None and len(text) > NOTE_MAX:
        raise _field_error("note", _NOTE_FIELD, "invalid.too_long", limit=NOTE_MAX)
    with store.session() as session:
        source = _related_client(session, from_client_id)
        target = _related_client(session, to_client_id)
        wanted_from, wanted_to = _KINDS[RelationKind(kind)]
        if (wanted_from is not None and source.kind != wanted_from) or (
            wanted_to is not None and target.kind != wanted_to
        ):
            raise _field_error("role", _KIND_FIELD, _KIND_REASON[RelationKind(kind)])
        existing = session.execute(
            select(ClientRelation.id)
            .where(
                _same_meaning_rows(from_client_id, kind, to_client_id),
                ClientRelation.deleted.is_(False),
            )
            .limit(1)
        ).first()
        if existing is not None:
            raise _field_error(
                "other",
                _OTHER_FIELD,
                "client_relations.invalid.duplicate",
                source=source.name,
                target=target.name,
                relation=t(f"relation.{kind}"),
            )
        relation = ClientRelation(
            from_client_id=from_client_id, to_client_id=to_client_id, kind=kind, note=text
        )
        session.add(relation)
        session.flush()  # the id exists from here (uuid7 default)
        return relation.id


def _related_client(session: Session, client_id: str) -> Client:
    client = session.get(Client, client_id)
    if client is None or client.deleted:
        raise _field_error("other", _OTHER_FIELD, "client_relations.invalid.other_missing")
    return client


def remove_relation(store: Any, relation_id: str) -> None:
    """Tombstone a relation (a tombstone syncs to the other laptops; a delete would not)."""
    with store.session() as session:
        relation = session.get(ClientRelation, relation_id)
        if relation is None or relation.deleted:
            raise RelationNotFoundError()
        relation.deleted = True


# --- key contacts ---------------------------------------------------------------------


@dataclass(frozen=True)
class ContactField:
    """One field of the key contact form: its column, catalog label and how it is read."""

    name: str
    label: str
    kind: str  # "text", "mobile", "date", "bool"
    required: bool = False

    @property
    def max_length(self) -> int | None:
        if self.name == "notes":
            return NOTES_MAX
        length = getattr(KeyContact.__table__.columns[self.name].type, "length", None)
        return length if isinstance(length, int) else None


CONTACT_FIELDS: Final[tuple[ContactField, ...]] = (
    ContactField("name", "field.name", "text", required=True),
    ContactField("title", "contact.title", "text"),
    ContactField("phone", "field.phone", "mobile"),
    ContactField("birth_date", "field.birth_date", "date"),
    ContactField("birthday_lunar", "client_edit.field.birthday_lunar", "bool"),
    ContactField("notes", "field.notes", "text"),
)
_CONTACT_BY_NAME: Final = {f.name: f for f in CONTACT_FIELDS}
#: Birth dates before this are typing mistakes, not people.
EARLIEST_BIRTH: Final = date(1900, 1, 1)
_TRUE: Final = frozenset({"1", "true", "yes", "y", "是", "t"})
_FALSE: Final = frozenset({"", "0", "false", "no", "n", "否", "f"})


def validate_key_contact(
    values: Mapping[str, str], *, today: date | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Check a key contact form; (clean values, error sentence by field).

    Every field of `CONTACT_FIELDS` is read (a missing one counts as blank),
    every error is returned at once, and `clean` is only meant to be written
    when `errors` is empty.
    """
    clean, errors = _check_contact(values, today or clock.today())
    return clean, {name: error.message() for name, error in errors.items()}


def _check_contact(
    values: Mapping[str, str], today: date
) -> tuple[dict[str, Any], dict[str, ValidationError]]:
    for name in values:
        if name not in _CONTACT_BY_NAME:
            raise ValueError(f"{name!r} is not a key contact field")
    clean: dict[str, Any] = {}
    errors: dict[str, ValidationError] = {}
    for field in CONTACT_FIELDS:
        try:
            clean[field.name] = _read_contact(field, str(values.get(field.name, "") or ""), today)
        except ValidationError as exc:
            exc.column = field.name  # type: ignore[attr-defined]
            errors[field.name] = exc
    if clean.get("birthday_lunar") and "birth_date" in clean and clean["birth_date"] is None:
        errors["birthday_lunar"] = _field_error(
            "birthday_lunar",
            "client_edit.field.birthday_lunar",
            "client_relations.invalid.lunar_needs_date",
        )
    return clean, errors


def _read_contact(field: ContactField, raw: str, today: date) -> Any:
    text = raw.strip() if field.kind == "text" else unicodedata.normalize("NFKC", raw).strip()
    if not text:
        if field.required:
            raise ValidationError(field.label, "invalid.required")
        return False if field.kind == "bool" else None
    limit = field.max_length
    if field.kind == "text" and limit is not None and len(text) > limit:
        raise ValidationError(field.label, "invalid.too_long", limit=limit)
    if field.kind == "mobile":
        return validate_mobile(text)
    if field.kind == "date":
        day = parse_date(text, field.label)
        if day > today:
            raise ValidationError(
                field.label, "client_edit.invalid.future_date", value=day.isoformat()
            )
        if day < EARLIEST_BIRTH:
            raise ValidationError(
                field.label, "client_relations.invalid.too_early", value=day.isoformat()
            )
        return day
    if field.kind == "bool":
        lowered = text.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValidationError(field.label, "invalid.yes_no", value=text)
    return text


def _clean_contact(values: Mapping[str, str]) -> dict[str, Any]:
    """The stored values of a key contact form, or the first bad field's error."""
    clean, errors = _check_contact(values, clock.today())
    if errors:
        first = next(f.name for f in CONTACT_FIELDS if f.name in errors)
        raise errors[first]
    return clean


def add_key_contact(store: Any, client_id: str, values: Mapping[str, str]) -> str:
    """A new key contact of a corporate client from the form's text; returns its id.

    Raises a `ValidationError` (with ``column``, the bad field) and writes
    nothing if a field is bad or the client is not a company.
    """
    clean = _clean_contact(values)
    with store.session() as session:
        client = live_client(session, client_id)
        if client.kind != ClientKind.CORPORATE:
            raise _field_error(
                "name", "client_relations.field.contact", "client_relations.invalid.not_company"
            )
        contact = KeyContact(client_id=client_id, **clean)
        session.add(contact)
        session.flush()
        return contact.id


def update_key_contact(store: Any, contact_id: str, values: Mapping[str, str]) -> list[str]:
    """Write the fields of a key contact form that differ; returns their names."""
    clean = _clean_contact(values)
    with store.session() as session:
        contact = _live_contact(session, contact_id)
        changed = [name for name, value in clean.items() if getattr(contact, name) != value]
        for name in changed:
            setattr(contact, name, clean[name])
        return changed


def remove_key_contact(store: Any, contact_id: str) -> None:
    """Tombstone a key contact."""
    with store.session() as session:
        _live_contact(session, contact_id).deleted = True


def _live_contact(session: Session, contact_id: str) -> KeyContact:
    contact = session.get(KeyContact, contact_id)
    if contact is None or contact.deleted:
        raise RelationNotFoundError()
    return contact


def contact_text(row: Any) -> dict[str, str]:
    """A stored key contact (a `ContactRow`) as the text its form shows."""
    birth = getattr(row, "birth_date", None)
    return {
        "name": row.name or "",
        "title": row.title or "",
        "phone": row.phone or "",
        "birth_date": birth.isoformat() if birth else "",
        "birthday_lunar": "yes" if row.birthday_lunar else "no",
        "notes": getattr(row, "notes", None) or "",
    }
