"""Measure the segments screen's database work at 100,000 clients; print JSON lines.

    python3 tests/bench/bench_segments.py [--clients 100000] [--runs 5] [--db PATH]

Fills a fresh demo store (or measures an existing one given with --db),
then reports the median milliseconds, over ``--runs``, of:

- ``segments_all``: every dimension's segments (one grouped scan);
- ``pareto_aum`` / ``pareto_contribution``: one 80/20 curve each;
- ``book_picture``: all of the above, what one open of the screen costs;
- ``book_picture_mine``: the same for the signed-in manager's clients;
- ``segment_list_count``: counting the clients of every segment through the
  client list's filter (what enter on a row asks the list for), summed.

Not part of the test suite: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from store.client_list import ClientQuery, count_clients
from store.db import Store, open_store
from store.segments import (
    Dimension,
    Measure,
    book_picture,
    book_segments,
    pareto,
    segment_filter,
)

FIXED_NOW = "2026-11-28"
ON = date(2026, 11, 28)


def emit(name: str, value: float, unit: str, clients: int) -> None:
    print(
        json.dumps({"name": name, "value": round(value, 2), "unit": unit, "clients": clients}),
        flush=True,
    )


def fill(path: Path, clients: int) -> float:
    env = {**os.environ, "CLIENTDESK_NOW": FIXED_NOW}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tui.cli", "--db", str(path), "demo", "--clients", str(clients)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def median_ms(store: Store, work: Callable[..., object], runs: int) -> float:
    """Median wall time of `work(session)`, each run in a fresh read session."""
    timings = []
    for _ in range(runs):
        with store.read_session() as session:
            started = time.perf_counter()
            work(session)
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def measure(path: Path, runs: int) -> None:
    store = open_store(path)
    try:
        with store.read_session() as session:
            size = book_segments(session, ON, dimensions=[Dimension.KIND])[Dimension.KIND].clients
        mine = store.manager_id
        emit("segments_all", median_ms(store, lambda s: book_segments(s, ON), runs), "ms", size)
        emit("pareto_aum", median_ms(store, lambda s: pareto(s, Measure.AUM), runs), "ms", size)
        emit(
            "pareto_contribution",
            median_ms(store, lambda s: pareto(s, Measure.CONTRIBUTION), runs),
            "ms",
            size,
        )
        emit("book_picture", median_ms(store, lambda s: book_picture(s, ON), runs), "ms", size)
        if mine is not None:
            emit(
                "book_picture_mine",
                median_ms(store, lambda s: book_picture(s, ON, mine), runs),
                "ms",
                size,
            )

        def every_segment_listed(session) -> None:  # type: ignore[no-untyped-def]
            for breakdown in book_segments(session, ON).values():
                for segment in breakdown.segments:
                    query = ClientQuery(**segment_filter(segment.key))
                    if count_clients(session, query) != segment.clients:
                        raise AssertionError(f"list and segment disagree on {segment.key}")

        emit("segment_list_count", median_ms(store, every_segment_listed, 1), "ms", size)
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, help="measure this existing store instead")
    args = parser.parse_args()
    if args.db is not None:
        measure(args.db, args.runs)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        emit("demo_fill", fill(path, args.clients), "s", args.clients)
        measure(path, args.runs)


if __name__ == "__main__":
    main()
