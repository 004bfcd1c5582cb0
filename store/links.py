"""Names reached through link tables (an event's clients, a visit's managers)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import Client, EventClient, InteractionParticipant, Manager

Link = type[EventClient] | type[InteractionParticipant]
Named = type[Client] | type[Manager]


def names_by_owner(
    session: Session,
    link: Link,
    owner_key: str,
    target: Named,
    target_key: str,
    owner_ids: Sequence[str],
) -> dict[str, tuple[str, ...]]:
    """For each owner id, the names its live link rows point at, sorted.

    One query for a whole screenful of owners instead of one per row.
    """
    if not owner_ids:
        return {}
    owner = getattr(link, owner_key)
    rows = session.execute(
        select(owner, target.name)
        .join(target, target.id == getattr(link, target_key))
        .where(owner.in_(list(owner_ids)), link.deleted.is_(False))
        .order_by(target.name)
    ).all()
    names: dict[str, list[str]] = defaultdict(list)
    for owner_id, name in rows:
        names[owner_id].append(name)
    return {owner_id: tuple(found) for owner_id, found in names.items()}
