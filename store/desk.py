"""Who is signed in on this store, for the desk's header and queries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.models import Branch, Client, LocalMeta, Manager


@dataclass(frozen=True)
class DeskContext:
    manager_id: str | None
    manager_name: str | None
    manager_level: str | None
    branch_name: str | None
    client_count: int


def desk_context(session: Session) -> DeskContext:
    """The signed-in manager (LocalMeta "manager_id") and their branch."""
    manager_id = session.get(LocalMeta, "manager_id")
    manager = session.get(Manager, manager_id.value) if manager_id else None
    branch = session.get(Branch, manager.branch_id) if manager else None
    count = session.execute(
        select(func.count()).select_from(Client).where(Client.deleted.is_(False))
    ).scalar_one()
    return DeskContext(
        manager_id=manager.id if manager else None,
        manager_name=manager.name if manager else None,
        manager_level=manager.level if manager else None,
        branch_name=branch.name if branch else None,
        client_count=int(count),
    )
