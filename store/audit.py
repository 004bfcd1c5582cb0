"""The audit log (审计日志): building entries as rows change, reading them back.

Entries are made by the capture path (`store.sync.capture`) in the same
flush as the change itself, for every table whose model sets
`__audited__ = True`. Feature code cannot forget to audit a write, and an
entry can never exist for a change that was rolled back.

A row's creation has no entry of its own, which keeps a 100,000-row import
from doubling what sync must carry: the row's first version (`""` in its
`sync_versions`) says when and on which laptop it was made, the laptop's
`sync_device` row says whose it is, and the old values of the later
entries give back what it was created with. `audit_history` shows that
creation as the oldest line.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import clock
from store.ids import uuid7
from store.models import AuditEntry, Base, Device, Manager
from store.sync.versions import encode, load_versions, version_device, version_time

__all__ = [
    "AuditView",
    "audit_entry_row",
    "audit_history",
    "audited_tables",
    "note_change",
    "take_notes",
]

#: `Session.info` key of the changes noted for the next flush (`note_change`).
_NOTES: str = "audit_notes"


@cache
def audited_tables() -> frozenset[str]:
    """Names of the tables whose every change is audited."""
    return frozenset(
        mapper.local_table.name  # type: ignore[union-attr]
        for mapper in Base.registry.mappers
        if getattr(mapper.class_, "__audited__", False)
    )


def audit_entry_row(
    table: str,
    row_id: str,
    changes: Mapping[str, tuple[Any, Any]],
    author: str | None,
    *,
    at: datetime | None = None,
) -> dict[str, Any]:
    """The column values of one audit entry (ids and stamps come from capture)."""
    action = _action(changes)
    return {
        "id": uuid7(),
        "table_name": table,
        "row_id": row_id,
        "action": action,
        "at": at or clock.now(),
        "manager_id": author,
        "changes": json.dumps(
            {name: [encode(old), encode(new)] for name, (old, new) in changes.items()},
            ensure_ascii=False,
            separators=(",", ":"),
        ),
        "deleted": False,
    }


def note_change(
    session: Session, table: str, row_id: str, field: str, old: Any, new: Any
) -> None:
    """Have the next flush's audit entry for a row also say `field` went `old` → `new`.

    For what belongs to an audited row but is not one of its columns (who
    was present at a visit lives in its own rows): the capture path puts the
    note into the row's entry of the same flush, or writes an entry of its
    own when the row's columns did not change, so there is still one writer
    of audit entries. The note rides on the flush of the rows it describes;
    noting twice before it keeps the first old value and the last new one.
    """
    notes: dict[tuple[str, str], dict[str, tuple[Any, Any]]] = session.info.setdefault(_NOTES, {})
    fields = notes.setdefault((table, row_id), {})
    first_old = fields[field][0] if field in fields else old
    fields[field] = (first_old, new)


def take_notes(session: Session) -> dict[tuple[str, str], dict[str, tuple[Any, Any]]]:
    """The changes noted since the last flush, by (table, row id); cleared here."""
    notes: dict[tuple[str, str], dict[str, tuple[Any, Any]]] = session.info.pop(_NOTES, {})
    return notes


def _action(changes: Mapping[str, tuple[Any, Any]]) -> str:
    if "deleted" in changes:
        return "delete" if changes["deleted"][1] else "restore"
    return "update"


@dataclass(frozen=True)
class AuditView:
    """One audit entry as a screen shows it; values in the outbox's JSON encoding."""

    at: datetime
    action: str
    author: str | None
    changes: dict[str, tuple[Any, Any]]


def audit_history(
    session: Session,
    row_id: str,
    table: str = "client",
    *,
    this_device: tuple[str, str | None] | None = None,
    limit: int = 200,
) -> list[AuditView]:
    """The changes to one row of `table`, newest first, ending with its creation.

    `this_device` is (device id, signed-in manager id) of the open store: a
    row made here before the first sync registered this laptop still shows
    who made it.
    """
    found = session.execute(
        select(AuditEntry.at, AuditEntry.action, Manager.name, AuditEntry.changes)
        .outerjoin(Manager, Manager.id == AuditEntry.manager_id)
        .where(
            AuditEntry.table_name == table,
            AuditEntry.row_id == row_id,
            AuditEntry.deleted.is_(False),
        )
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    ).all()
    history = [
        AuditView(
            at=at,
            action=action,
            author=author,
            changes={name: (pair[0], pair[1]) for name, pair in json.loads(changes).items()},
        )
        for at, action, author, changes in found
    ]
    created = _creation(session, table, row_id, this_device)
    if created is not None and len(history) < limit:
        history.append(created)
    return history


def _creation(
    session: Session, table: str, row_id: str, this_device: tuple[str, str | None] | None
) -> AuditView | None:
    """The row's creation, read from its first version and the laptop that made it."""
    model = Base.metadata.tables[table]
    versions = session.execute(
        select(model.c.sync_versions).where(model.c.id == row_id)
    ).scalar_one_or_none()
    first = load_versions(versions).get("")
    if not first:
        return None
    device = version_device(first)
    manager_id = session.execute(
        select(Device.manager_id).where(Device.id == device)
    ).scalar_one_or_none()
    if manager_id is None and this_device is not None and this_device[0] == device:
        manager_id = this_device[1]
    author = (
        session.execute(select(Manager.name).where(Manager.id == manager_id)).scalar_one_or_none()
        if manager_id
        else None
    )
    return AuditView(at=version_time(first), action="create", author=author, changes={})
