"""Reviewing what lost a merge: list conflicts, keep one value or type another.

A resolution is an ordinary local change (the field, and the conflict's
`resolved` flag), so it syncs to every laptop like any edit and closes
the conflict everywhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import vocab
from store.db import Store
from store.errors import ValidationError
from store.i18n import CATALOG, t
from store.models import Base, Conflict, Device, Manager
from store.sync.versions import codec, version_device, version_time

Choice = Literal["keep", "theirs", "other"]
#: Columns that name a row for a person, tried in this order.
_LABEL_COLUMNS = ("name", "title", "label", "code")


@dataclass(frozen=True)
class ConflictView:
    """One unresolved conflict, ready to show (values decoded from their JSON)."""

    id: str
    table: str
    row_id: str
    record: str
    field: str
    field_label: str
    reason: str
    kept_value: Any
    kept_by: str
    kept_at: datetime
    lost_value: Any
    lost_by: str
    lost_at: datetime
    detected_at: datetime


def field_label(name: str) -> str:
    key = f"field.{name}"
    return t(key) if key in CATALOG else name


def list_conflicts(session: Session) -> list[ConflictView]:
    """Unresolved conflicts, newest first."""
    rows = session.scalars(
        select(Conflict).where(Conflict.resolved.is_(False), Conflict.deleted.is_(False))
        .order_by(Conflict.detected_at.desc(), Conflict.id)
    ).all()
    who = _device_names(session)
    return [
        ConflictView(
            id=row.id, table=row.table_name, row_id=row.row_id,
            record=_record_label(session, row.table_name, row.row_id),
            field=row.field, field_label=field_label(row.field), reason=row.reason,
            kept_value=_json(row.winner_value), kept_by=_who(who, row.winner_version),
            kept_at=version_time(row.winner_version),
            lost_value=_json(row.loser_value), lost_by=_who(who, row.loser_version),
            lost_at=version_time(row.loser_version), detected_at=row.detected_at,
        )
        for row in rows
    ]


def _json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _device_names(session: Session) -> dict[str, str]:
    """Device id -> the manager signed in there, else the laptop's name."""
    query = select(Device.id, Manager.name, Device.label).outerjoin(
        Manager, Manager.id == Device.manager_id
    )
    return {device: name or label for device, name, label in session.execute(query)
            if name or label}


def _who(names: dict[str, str], version: str) -> str:
    device = version_device(version)
    return names.get(device, t("sync.device", device=device[-8:]))


def _record_label(session: Session, table_name: str, row_id: str) -> str:
    table = Base.metadata.tables.get(table_name)
    if table is not None:
        for column in _LABEL_COLUMNS:
            if column in table.c:
                label = session.execute(
                    select(table.c[column]).where(table.c.id == row_id)
                ).scalar()
                if label:
                    return str(label)
    return row_id[-8:]


def resolve_conflict(store: Store, conflict_id: str, choice: Choice, typed: str = "") -> None:
    """Close a conflict: `keep` the current value, take `theirs` (the lost one),
    or set an `other` value typed by the user (checked against the column).

    For an edit that lost to a delete, taking it (or typing a value) also
    restores the row: the person chose the edit over the deletion.

    Raises `ValidationError` naming the field when a typed value does not
    fit; nothing is written then.
    """
    with store.session() as session:
        conflict = session.get(Conflict, conflict_id)
        if conflict is None or conflict.resolved:
            return
        if choice != "keep":
            table = Base.metadata.tables[conflict.table_name]
            if choice == "theirs":
                raw = _json(conflict.loser_value)
                value = codec(conflict.table_name).decode({conflict.field: raw})[conflict.field]
            else:
                value = parse_typed(table.c[conflict.field], conflict.field, typed)
            mapper = next(m for m in Base.registry.mappers if m.local_table is table)
            row = session.get(mapper.class_, conflict.row_id)
            if row is not None:
                setattr(row, conflict.field, value)
                if conflict.reason == "deleted":
                    row.deleted = False
        conflict.resolved = True


def parse_typed(column: Any, name: str, typed: str) -> Any:
    """A value typed for `column`, converted to its type, or a `ValidationError`."""
    from store import validation

    field_key = f"field.{name}" if f"field.{name}" in CATALOG else "field.value"
    text = typed.strip()
    python_type = column.type.python_type
    if not text:
        if column.nullable:
            return None
        raise ValidationError(field_key, "invalid.required")
    if name in _CHECKED:
        return _CHECKED[name](text)
    vocabulary = _CHOICES.get((column.table.name, name))
    if vocabulary is not None:
        choices = [member.value for member in vocabulary]
        if text not in choices:
            raise ValidationError(field_key, "invalid.choice", value=text,
                                  choices=", ".join(choices))
        return text
    if python_type is bool:
        if text.lower() in ("1", "y", "yes", "true", "是"):
            return True
        if text.lower() in ("0", "n", "no", "false", "否"):
            return False
        raise ValidationError(field_key, "invalid.yes_no", value=text)
    if python_type is int:
        try:
            return int(text)
        except ValueError:
            raise ValidationError(field_key, "invalid.number", value=text) from None
    if python_type is date:
        return validation.parse_date(text, field=field_key)
    if python_type is datetime:
        raise ValidationError(field_key, "invalid.not_typed_here")
    length = getattr(column.type, "length", None)
    if length is not None and len(text) > length:
        raise ValidationError(field_key, "invalid.too_long", limit=length)
    return text


def _checked_fields() -> dict[str, Any]:
    from store import validation

    return {
        "phone": validation.validate_mobile,
        "email": validation.validate_email,
        "credit_code": validation.validate_credit_code,
    }


#: Fields with their own validator (the same ones the profile forms use).
_CHECKED = _checked_fields()
#: (table, field) that hold one word of a fixed vocabulary (store.vocab).
_CHOICES: dict[tuple[str, str], type[StrEnum]] = {
    ("client", "kind"): vocab.ClientKind, ("client", "gender"): vocab.Gender,
    ("client", "id_type"): vocab.IdType, ("client", "tier"): vocab.Tier,
    ("client", "importance"): vocab.Importance, ("client", "risk_level"): vocab.RiskLevel,
    ("client", "status"): vocab.ClientStatus, ("client", "marital_status"): vocab.MaritalStatus,
    ("client", "education"): vocab.Education, ("client", "income_band"): vocab.IncomeBand,
    ("client", "ownership"): vocab.Ownership, ("interaction", "kind"): vocab.InteractionKind,
    ("interaction", "purpose"): vocab.Purpose, ("calendar_event", "kind"): vocab.EventKind,
    ("calendar_event", "status"): vocab.EventStatus, ("task", "status"): vocab.TaskStatus,
    ("client_relation", "kind"): vocab.RelationKind, ("manager", "level"): vocab.ManagerLevel,
}
