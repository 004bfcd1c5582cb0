"""The audit log (审计日志): building entries as rows change, reading them back.

Entries are made by the capture path (`store.sync.capture`) in the same
flush or bulk insert as the change itself, for every table whose model sets
`__audited__ = True`. Feature code cannot forget to audit a write, and an
entry can never exist for a change that was rolled back.
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
from store.models import AuditEntry, Base, Manager
from store.sync.versions import encode

__all__ = ["AuditView", "audit_entry_row", "audit_history", "audited_tables"]


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
    created: bool = False,
    at: datetime | None = None,
) -> dict[str, Any]:
    """The column values of one audit entry (ids and stamps come from capture)."""
    action = "create" if created else _action(changes)
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


def audit_history(session: Session, row_id: str, limit: int = 200) -> list[AuditView]:
    """The changes to one row, newest first (name of the manager who made each)."""
    found = session.execute(
        select(AuditEntry.at, AuditEntry.action, Manager.name, AuditEntry.changes)
        .outerjoin(Manager, Manager.id == AuditEntry.manager_id)
        .where(AuditEntry.row_id == row_id, AuditEntry.deleted.is_(False))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    ).all()
    return [
        AuditView(
            at=at,
            action=action,
            author=author,
            changes={name: (pair[0], pair[1]) for name, pair in json.loads(changes).items()},
        )
        for at, action, author, changes in found
    ]
