"""Search, filter, sort and profile timings on a 100,000-client store; JSON lines.

    python3 tests/bench/bench_client_book.py [--clients 100000] [--repeats 5]
                                             [--cache DIR] [--proposed]

Builds a seeded demo store once (about a minute at 100k clients) and keeps
it in ``DIR`` (default: ``<tmp>/clientdesk-bench``), named after the size
and the schema revision, so later runs start at once. Every figure is the
database work behind one keystroke or one change of filter, as the desk's
worker does it: ``first_page`` (the first 100 rows and a count that stops
past 1,000 matches: the list shows "1,000+" at once).

- ``search_<kind>_p50/_p95``: ms per keystroke while typing searches of one
  kind (one letter, initials "zw", a full pinyin prefix, a Chinese surname,
  a Chinese full name, a company, a phone tail, an ID tail). Tails count
  from the fourth digit, where a tail search starts;
- ``filter_<name>_p50/_p95``: ms to list a filter (a tier, no contact for
  90 days, a tag, my clients ...), and the same filter under a search;
- ``<search or filter>_exact_count_p50/_p95``: ms of the exact count the
  desk's worker runs after a first page whose count stopped early (the
  list is on screen meanwhile; a further keystroke drops it);
- ``sort_<column>_p50``: ms to list the whole book in each sort order;
- ``profile_open_p50/_p95``: ms of ``client_detail`` for random clients.

``--proposed`` also measures a copy of the store with the indexes proposed
to the lead (`PROPOSED_INDEXES`): figures carry ``"schema": "proposed"``.
Not part of the test suite: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy import select

from store.client_detail import client_detail
from store.client_list import ClientQuery, count_clients, first_page
from store.db import HEAD_REVISION, Store, open_store
from store.models import Client, ClientTag

FIXED_NOW = "2026-11-28"
ZONE = "Asia/Shanghai"
PAGE = 100

#: What the search/filter figures would be with a schema change (see the
#: client-filter report): the list's covering index also holds the filtered
#: columns, and SQLite expression indexes serve phone and ID tails.
PROPOSED_INDEXES = (
    "DROP INDEX ix_client_list",
    "CREATE INDEX ix_client_list ON client (aum_fen, id, name, name_pinyin, name_initials,"
    " status, deleted, tier, importance, kind, owner_manager_id, employer)",
    "CREATE INDEX ix_client_phone_tail ON client (substr(phone, -4))",
    "CREATE INDEX ix_client_id_tail ON client (substr(id_number, -4))",
)


def emit(
    name: str, value: float, unit: str, clients: int, schema: str, cpu: float | None = None
) -> None:
    """One figure; `cpu` is the same statistic in this thread's CPU time, which
    other processes on a busy machine do not inflate (SQLite runs in-process)."""
    record = {"name": name, "value": round(value, 3), "unit": unit, "clients": clients,
              "schema": schema}  # fmt: skip
    if cpu is not None:
        record["cpu"] = round(cpu, 3)
    print(json.dumps(record), flush=True)


def emit_timings(name: str, timings: Timings, clients: int, schema: str) -> None:
    wall, cpu = timings
    emit(f"{name}_p50", statistics.median(wall), "ms", clients, schema, statistics.median(cpu))
    emit(f"{name}_p95", p95(wall), "ms", clients, schema, p95(cpu))


def run_on_book(measure: Callable[[Store, int], None], description: str) -> None:
    """The command line of a bench that measures the cached demo book.

    Parses ``--clients``, ``--repeats`` and ``--cache``, fixes the clock at
    `FIXED_NOW` (the book's dates are relative to it) and calls
    ``measure(store, repeats)`` on the store, closing it afterwards.
    """
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cache", type=Path,
                        default=Path(tempfile.gettempdir()) / "clientdesk-bench")
    args = parser.parse_args()
    os.environ["CLIENTDESK_NOW"] = FIXED_NOW
    store = open_store(cached_store(args.cache, args.clients))
    try:
        measure(store, args.repeats)
    finally:
        store.close()


def cached_store(folder: Path, clients: int) -> Path:
    """The demo store of `clients` clients, built once per size and schema revision."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"client_book_{clients}_r{HEAD_REVISION}.db"
    if path.exists():
        return path
    building = path.with_suffix(".building")
    for stale in folder.glob(f"{building.name}*"):
        stale.unlink()
    env = {**os.environ, "CLIENTDESK_NOW": FIXED_NOW}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tui.cli", "--db", str(building), "demo",
         "--clients", str(clients)],
        check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    print(f"# built {path} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    _checkpoint(building)
    building.rename(path)
    return path


def _checkpoint(path: Path) -> None:
    """Fold the WAL into the file so copying or renaming it keeps everything."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def proposed_store(current: Path) -> Path:
    """A copy of `current` with `PROPOSED_INDEXES` (cached beside it)."""
    path = current.with_name(current.stem + "_proposed.db")
    if not path.exists():
        temp = path.with_suffix(".building")
        shutil.copyfile(current, temp)
        with sqlite3.connect(temp) as conn:
            for statement in PROPOSED_INDEXES:
                conn.execute(statement)
        _checkpoint(temp)
        temp.rename(path)
    return path


def keystrokes(words: Iterable[str], first: int = 1) -> list[str]:
    """Every prefix typed, from `first` characters on, of each word."""
    return [word[:end] for word in words for end in range(first, len(word) + 1)]


Timings = tuple[list[float], list[float]]  # wall-clock ms, thread CPU ms


def list_ms(store: Store, queries: list[ClientQuery], repeats: int) -> tuple[Timings, Timings]:
    """ms of each keystroke's first page (rows and a quick count, as the desk
    asks first), and ms of the exact count that follows a quick count which
    stopped early (empty when every quick count was exact), `repeats` times over."""
    wall: list[float] = []
    cpu: list[float] = []
    count_wall: list[float] = []
    count_cpu: list[float] = []
    with store.read_session() as session:
        for _ in range(repeats):
            for query in queries:
                started, started_cpu = time.perf_counter(), time.thread_time()
                page = first_page(session, query, PAGE, ZONE)
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.thread_time() - started_cpu) * 1000)
                if page.exact:
                    continue
                started, started_cpu = time.perf_counter(), time.thread_time()
                count_clients(session, query, ZONE)
                count_wall.append((time.perf_counter() - started) * 1000)
                count_cpu.append((time.thread_time() - started_cpu) * 1000)
    return (wall, cpu), (count_wall, count_cpu)


def emit_list_timings(name: str, timings: tuple[Timings, Timings], clients: int,
                      schema: str) -> None:
    """`<name>_p50/_p95` for the first page, `<name>_exact_count_p50/_p95` after it."""
    first, exact_count = timings
    emit_timings(name, first, clients, schema)
    if exact_count[0]:
        emit_timings(f"{name}_exact_count", exact_count, clients, schema)


def p95(values: list[float]) -> float:
    """The 95th percentile (the value itself when there is only one)."""
    return statistics.quantiles(values, n=20)[18] if len(values) >= 2 else values[0]


def samples(store: Store, seed: int = 11) -> dict[str, list[str]]:
    """Realistic things to type, drawn from the store itself."""
    rng = random.Random(seed)
    with store.read_session() as session:
        rows = session.execute(
            select(Client.phone, Client.id_number, Client.kind).where(Client.deleted.is_(False))
        ).all()
        tags = list(session.scalars(select(ClientTag.tag).distinct().order_by(ClientTag.tag)))
    people = [row for row in rows if row.kind == "individual"]
    picked = rng.sample(people, 8)
    with_x = [row.id_number for row in people if row.id_number and row.id_number.endswith("X")]
    return {
        "phone": [row.phone[-6:] for row in picked if row.phone],
        "id": [row.id_number[-6:] for row in picked[:4] if row.id_number]
        + [value[-5:].lower() for value in rng.sample(with_x, min(4, len(with_x)))],
        "tags": tags,
    }


def measure(path: Path, clients: int, repeats: int, schema: str) -> None:
    store = open_store(path)
    try:
        typed = samples(store)
        searches: dict[str, list[str]] = {
            "one_letter": list("zlwcyhx"),
            "initials_zw": keystrokes(["zw", "lxm", "wjg"]),
            "pinyin_prefix": keystrokes(["zhangwei", "liuf"], 2),
            "chinese_surname": list("王张李单曾"),
            "chinese_name": keystrokes(["张伟", "王芳", "李娜"], 2),
            "company": keystrokes(["茅台酒", "仁怀市"], 2),
            "phone_tail": keystrokes(typed["phone"], 4),
            "id_tail": keystrokes(typed["id"], 4),
        }
        for name, texts in searches.items():
            timings = list_ms(store, [ClientQuery(search=text) for text in texts], repeats)
            emit_list_timings(f"search_{name}", timings, clients, schema)
        tag = typed["tags"][0]
        filters = {
            "tier_gold": ClientQuery(tiers=("gold",)),
            "tier_diamond_private": ClientQuery(tiers=("diamond", "private")),
            "importance_a": ClientQuery(importance=("A",)),
            "corporate": ClientQuery(kind="corporate"),
            "no_contact_90": ClientQuery(no_contact_days=90),
            "tag": ClientQuery(tags=(tag,)),
            "mine": ClientQuery(mine=True),
            "dormant": ClientQuery(statuses=("dormant",)),
            "gold_searching_zw": ClientQuery(tiers=("gold",), search="zw"),
            "mine_searching_wang": ClientQuery(mine=True, search="wang"),
        }
        for name, query in filters.items():
            timings = list_ms(store, [query], repeats * 3)
            emit_list_timings(f"filter_{name}", timings, clients, schema)
        for column in ("name", "tier", "importance", "aum", "owner", "last_contact"):
            query = ClientQuery().sorted_by(column)
            (wall, cpu), _ = list_ms(store, [query], max(3, repeats))
            emit(f"sort_{column}_p50", statistics.median(wall), "ms", clients, schema,
                 statistics.median(cpu))  # fmt: skip
        profile_timings(store, clients, schema)
    finally:
        store.close()


def profile_timings(store: Store, clients: int, schema: str, count: int = 60) -> None:
    rng = random.Random(5)
    wall: list[float] = []
    cpu: list[float] = []
    with store.read_session() as session:
        ids = list(session.scalars(select(Client.id).where(Client.deleted.is_(False))))
        for client_id in rng.sample(ids, count):
            started, started_cpu = time.perf_counter(), time.thread_time()
            client_detail(session, client_id)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - started_cpu) * 1000)
    emit_timings("profile_open", (wall, cpu), clients, schema)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "clientdesk-bench"
    )
    parser.add_argument(
        "--proposed", action="store_true", help="also measure a copy with the proposed indexes"
    )
    args = parser.parse_args()  # fmt: skip
    os.environ["CLIENTDESK_NOW"] = FIXED_NOW  # "no contact for N days" counts from here
    current = cached_store(args.cache, args.clients)
    measure(current, args.clients, args.repeats, "current")
    if args.proposed:
        measure(proposed_store(current), args.clients, args.repeats, "proposed")


if __name__ == "__main__":
    main()
