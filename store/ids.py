"""UUIDv7 identifiers made on the device that creates a row.

Time-ordered ids keep SQLite's and PostgreSQL's B-tree indexes compact
and let two offline laptops create rows without ever colliding, which an
autoincrement id could not. Python 3.11 has no `uuid.uuid7`, so it is
built here per RFC 9562.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from datetime import datetime

from store import clock

_lock = threading.Lock()
_last_ms = -1
_last_seq = 0


def uuid7(at: datetime | None = None) -> str:
    """A new UUIDv7 as text; ids made in one process are strictly increasing.

    Within one millisecond a 12-bit counter (seeded randomly) keeps the order;
    if it runs out the timestamp is borrowed from the next millisecond.
    """
    global _last_ms, _last_seq
    moment = at if at is not None else clock.now()
    ms = int(moment.timestamp() * 1000)
    with _lock:
        if ms <= _last_ms:
            ms = _last_ms
            _last_seq += 1
            if _last_seq > 0xFFF:
                ms += 1
                _last_seq = int.from_bytes(os.urandom(2), "big") & 0x7FF
        else:
            _last_seq = int.from_bytes(os.urandom(2), "big") & 0x7FF
        _last_ms = ms
        seq = _last_seq
    rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= seq << 64
    value |= 0b10 << 62
    value |= rand_b
    return str(uuid.UUID(int=value))


def uuid7_time_ms(value: str) -> int:
    """The millisecond timestamp inside a UUIDv7 (used by tests and sync)."""
    return uuid.UUID(value).int >> 80


def derived_id(namespace: str, *parts: str) -> str:
    """A deterministic id for a generated row (a cadence task, a reminder).

    Two laptops that generate the same thing offline derive the same id, so
    the rows merge on sync instead of duplicating. UUIDv5 over a fixed
    namespace; the parts are joined with a separator that cannot occur in
    them: JSON keeps ("a", "b,c") apart from ("a,b", "c").
    """
    name = json.dumps([namespace, *parts], ensure_ascii=False)
    return str(uuid.uuid5(_NAMESPACE, name))


_NAMESPACE = uuid.UUID("0193a3b0-7c1e-7000-8000-c11e47de5c00")
