"""Hybrid logical clock stamps for sync.

A stamp is one integer: milliseconds since the epoch shifted left 16 bits,
plus a 16-bit counter. Integers compare and index cheaply on both SQLite
and PostgreSQL, and the order is total once the device id breaks ties.
The clock never goes backwards, even when the laptop's wall clock does,
and `observe()` pulls it forward past any stamp seen from a peer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

COUNTER_BITS = 16
COUNTER_MAX = (1 << COUNTER_BITS) - 1


def pack(ms: int, counter: int) -> int:
    return (ms << COUNTER_BITS) | counter


def unpack(stamp: int) -> tuple[int, int]:
    return stamp >> COUNTER_BITS, stamp & COUNTER_MAX


def stamp_time(stamp: int) -> datetime:
    """The wall-clock part of a stamp, for people reading conflict records."""
    ms, _ = unpack(stamp)
    return datetime.fromtimestamp(ms / 1000, UTC)


@dataclass
class HybridClock:
    """One device's clock. `last` is persisted by the store after each write."""

    wall_ms: Callable[[], int]
    last: int = 0

    def tick(self) -> int:
        """A stamp for a local change, greater than every stamp issued or seen."""
        last_ms, last_counter = unpack(self.last)
        now_ms = self.wall_ms()
        if now_ms > last_ms:
            self.last = pack(now_ms, 0)
        else:
            self.last = _next(last_ms, last_counter)
        return self.last

    def observe(self, remote: int) -> int:
        """Move past a stamp received from a peer; returns the new `last`."""
        if remote > self.last:
            self.last = remote
        return self.tick()


def _next(ms: int, counter: int) -> int:
    if counter >= COUNTER_MAX:
        return pack(ms + 1, 0)
    return pack(ms, counter + 1)
