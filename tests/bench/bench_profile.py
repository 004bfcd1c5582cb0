"""Measure opening a client profile at 100,000 clients; print JSON lines.

    python3 tests/bench/bench_profile.py [--clients 100000] [--db PATH] [--samples 200]

Fills a fresh demo store (or uses `--db`, a store filled before), then reports:

- ``profile_read_p50`` / ``_p95``: milliseconds of `store.client_detail.client_detail`
  (the profile, relations in both directions, key contacts and the change
  history), what the app's worker does, for random clients;
- ``profile_open_p50`` / ``_p95``: milliseconds from asking the running app
  (headless, 120x40) to open a profile to the profile screen being laid out
  on screen: the worker's read, the message back and composing the screen;
- ``profile_edit_p50``: milliseconds of `store.client_edit.update_client`
  changing one phone number (a write with its stamp, outbox and audit entry).

Not part of the test suite: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

FIXED_NOW = "2026-11-28"


def emit(name: str, value: float, unit: str, clients: int) -> None:
    print(
        json.dumps({"name": name, "value": round(value, 3), "unit": unit, "clients": clients}),
        flush=True,
    )


def fill(path: Path, clients: int) -> None:
    env = {**os.environ, "CLIENTDESK_NOW": FIXED_NOW}
    subprocess.run(
        [sys.executable, "-m", "tui.cli", "--db", str(path), "demo", "--clients", str(clients)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def sample_ids(path: Path, samples: int) -> list[str]:
    from store.db import open_store
    from store.models import Client

    store = open_store(path)
    try:
        with store.read_session() as session:
            ids = list(session.execute(select(Client.id)).scalars())
    finally:
        store.close()
    return random.Random(7).sample(ids, min(samples, len(ids)))


def bench_read(path: Path, ids: list[str]) -> list[float]:
    from store.client_detail import client_detail
    from store.db import open_store

    store = open_store(path)
    timings = []
    try:
        for client_id in ids:
            started = time.perf_counter()
            with store.read_session() as session:
                client_detail(session, client_id)
            timings.append((time.perf_counter() - started) * 1000)
    finally:
        store.close()
    return timings


def bench_edit(path: Path, ids: list[str]) -> list[float]:
    from store.client_edit import update_client
    from store.db import open_store
    from store.tiers import TierRules

    store = open_store(path)
    timings = []
    try:
        for number, client_id in enumerate(ids[:50]):
            clean = {"kind": "individual", "phone": f"139{number:08d}"}
            started = time.perf_counter()
            try:
                update_client(store, client_id, clean, TierRules())
            except ValueError:  # a corporate client: not this kind
                continue
            timings.append((time.perf_counter() - started) * 1000)
    finally:
        store.close()
    return timings


async def bench_open(path: Path, ids: list[str]) -> list[float]:
    from store.config import Config
    from store.db import open_store
    from tui.app import make_app
    from tui.messages import OpenClient
    from tui.screens.client_detail import ClientDetailScreen
    from tui.themes import load_themes

    store = open_store(path)
    app = make_app(store, Config(), load_themes())
    timings = []
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(10):  # let the desk load (an exclusive worker may be replaced)
            await pilot.pause()
            running = [worker for worker in app.workers if not worker.is_finished]
            await asyncio.gather(*(worker.wait() for worker in running), return_exceptions=True)
        for client_id in ids:
            started = time.perf_counter()
            app.post_message(OpenClient(client_id))
            while True:
                screen = app.screen
                if (
                    isinstance(screen, ClientDetailScreen)
                    and screen.client_id == client_id
                    and screen.query("#detail-body")
                    and screen.query_one("#detail-body").region.height > 0
                ):
                    break
                await asyncio.sleep(0.0005)
            timings.append((time.perf_counter() - started) * 1000)
            app.pop_screen()
            await pilot.pause()
    store.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="an already filled store (skips filling)")
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    os.environ["CLIENTDESK_NOW"] = FIXED_NOW
    os.environ["TEXTUAL_ANIMATIONS"] = "none"
    with tempfile.TemporaryDirectory() as folder:
        path = args.db
        if path is None:
            path = Path(folder) / "bench.db"
            fill(path, args.clients)
        os.environ["CLIENTDESK_CONFIG"] = str(Path(folder) / "config.toml")
        ids = sample_ids(path, args.samples)
        reads = bench_read(path, ids)
        emit("profile_read_p50", statistics.median(reads), "ms", args.clients)
        emit("profile_read_p95", percentile(reads, 0.95), "ms", args.clients)
        opens = asyncio.run(bench_open(path, ids[:50]))
        emit("profile_open_p50", statistics.median(opens), "ms", args.clients)
        emit("profile_open_p95", percentile(opens, 0.95), "ms", args.clients)
        if args.db is None:  # never change a store the caller handed in
            edits = bench_edit(path, ids)
            emit("profile_edit_p50", statistics.median(edits), "ms", args.clients)


if __name__ == "__main__":
    main()
