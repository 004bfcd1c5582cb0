"""Ids for test rows that must look made on a given day."""

from __future__ import annotations

import uuid
from datetime import datetime


def uuid7_made_at(moment: datetime) -> str:
    """A UUIDv7 carrying `moment` (store.ids.uuid7 never goes back in time).

    Cadence reads a never-visited client's first due date from the day its
    record was made, which is the time inside its UUIDv7 id.
    """
    ms = int(moment.timestamp() * 1000)
    random = uuid.uuid4().int & ((1 << 62) - 1)
    return str(uuid.UUID(int=(ms << 80) | (0x7 << 76) | (0b10 << 62) | random))
