"""Where this laptop stands with the shared database, for the status line.

One read transaction, so the three numbers agree with each other even
while a sync is writing (WAL: readers never wait for the writer).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select

from store.db import Store
from store.models import Conflict
from store.sync import local


@dataclass(frozen=True)
class SyncStatus:
    """Local changes not yet accepted, the last good sync, conflicts to review."""

    pending: int
    last_sync_at: datetime | None
    unresolved: int


def unresolved_count(conn: Connection) -> int:
    """Conflicts nobody has reviewed yet (the conflict screen lists these)."""
    return int(conn.execute(
        select(func.count()).select_from(Conflict)
        .where(Conflict.resolved.is_(False), Conflict.deleted.is_(False))
    ).scalar_one())


def sync_status(store: Store) -> SyncStatus:
    """The sync facts of `store`, read in one transaction."""
    with store.engine.connect() as conn, conn.begin():
        return SyncStatus(
            pending=local.pending_count(conn, bookkeeping=False),
            last_sync_at=local.last_sync_at(conn),
            unresolved=unresolved_count(conn),
        )
