"""A sync killed with SIGKILL mid-way converges when run again (DESIGN.md §4).

The issue's "done when": two laptops edit the same clients offline, one is
killed mid-sync, both sync in either order, and both end with identical
data, nothing lost or duplicated, and the same-field clash reviewable as a
conflict. The kill is real: a child Python process opens laptop A's store,
syncs with a small batch size and sends itself SIGKILL from the progress
callback at a chosen stage and batch, so neither the SQLite nor the
PostgreSQL transaction gets any chance to finish or roll back cleanly.
"""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.pool import NullPool

from store import clock
from store.db import Store, open_store
from store.ids import uuid7
from store.models import Base, Client, Interaction, OutboxChange
from store.sync.conflicts import list_conflicts
from store.sync.run import sync
from store.sync.server import SERVER_DEVICE, init_server
from store.sync.versions import codec, effective, load_versions, synced_table_names
from tests.pg.conftest import fresh_schema, scoped_url, server_url

pytestmark = pytest.mark.postgres

BATCH = 2
CLIENTS_A = 6  # made by A and shared before the offline edits
CLIENTS_B = 4  # made by B; A has not pulled them when it is killed
A_PHONE = "13800000001"
B_PHONE = "13900000002"

#: The child: open the store, sync, and SIGKILL itself at the nth report of a stage.
CHILD = """
import os, signal, sys
from store.db import open_store
from store.sync.run import sync

path, url, stage, nth, batch = sys.argv[1:6]
calls = 0

def progress(step):
    global calls
    if step.stage == stage:
        calls += 1
        if calls == int(nth):
            os.kill(os.getpid(), signal.SIGKILL)

sync(open_store(path), url, progress=progress, batch_size=int(batch))
sys.exit(3)  # the kill point was never reached
"""


def sync_killed(store: Store, url: str, stage: str, nth: int) -> None:
    """Sync `store` in another process that dies by SIGKILL at the `nth` `stage` report."""
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(store.path), url, stage, str(nth), str(BATCH)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, proc.stderr[-2000:])


@dataclass
class World:
    url: str
    server: Engine
    folder: Path
    template: Path
    opened: list[Store]

    def laptop(self, name: str) -> Store:
        """A new empty store with its own device id (a copy of one made once)."""
        path = self.folder / f"{name}.db"
        shutil.copyfile(self.template, path)
        conn = sqlite3.connect(path)
        with conn:
            conn.execute("UPDATE local_meta SET value = ? WHERE key = 'device_id'", (uuid7(),))
        conn.close()
        store = open_store(path)
        self.opened.append(store)
        return store

    def reopen(self, store: Store) -> Store:
        """The killed store, opened again by a new program."""
        store.close()
        again = open_store(store.path)
        self.opened.append(again)
        return again


@pytest.fixture(autouse=True)
def clock_behind_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin the laptops' clock (parent and child) well behind the server's, so
    their stamps come from the server's time whatever day CI runs on; a pinned
    clock ahead of the server repeats stamps once the server bounds them."""
    monkeypatch.setenv("CLIENTDESK_NOW", "2026-01-05")


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Engine, Path]]:
    """One shared database for the module (emptied per test) and a template store."""
    url = server_url()
    with fresh_schema(url, "kill") as schema:
        scoped = scoped_url(url, schema)
        init_server(scoped, "test")
        template = tmp_path_factory.mktemp("template") / "template.db"
        open_store(template).close()
        engine = create_engine("postgresql+psycopg://", creator=lambda: psycopg.connect(scoped),
                               poolclass=NullPool)
        yield scoped, engine, template
        engine.dispose()


@pytest.fixture
def world(shared: tuple[str, Engine, Path], tmp_path: Path) -> Iterator[World]:
    url, engine, template = shared
    with psycopg.connect(url, autocommit=True) as pg, pg.transaction():
        for table in ("sync_change", *reversed(synced_table_names())):
            pg.execute(f"DELETE FROM {table}")
    made = World(url, engine, tmp_path, template, [])
    yield made
    for store in made.opened:
        store.close()


# --- helpers ------------------------------------------------------------------


def add_client(store: Store, n: int) -> str:
    with store.session() as session:
        client = Client(name=f"客户{n}", phone=f"137{n:08d}", notes=f"n{n}", tier="gold",
                        aum_fen=n * 1_000_000)
        session.add(client)
    return client.id


def edit(store: Store, client_id: str, **values: Any) -> str:
    """Change fields of a client; returns the version the change got."""
    with store.session() as session:
        client = session.get(Client, client_id)
        assert client is not None
        for key, value in values.items():
            setattr(client, key, value)
    return effective(load_versions(client.sync_versions), next(iter(values)))


def log_visit(store: Store, client_id: str, summary: str) -> str:
    with store.session() as session:
        entry = Interaction(client_id=client_id, kind="visit", occurred_at=clock.now(),
                            summary=summary)
        session.add(entry)
    return entry.id


def outbox(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        return set(conn.execute(select(OutboxChange.change_id)).scalars())


def table_data(engine: Engine) -> dict[str, dict[str, tuple[Any, ...]]]:
    """Every synced table: row id -> data columns and the per-field versions."""
    data: dict[str, dict[str, tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for name in synced_table_names():
            table = Base.metadata.tables[name]
            columns = codec(name).data_columns
            data[name] = {
                row["id"]: (*(row[c] for c in columns), load_versions(row["sync_versions"]))
                for row in conn.execute(select(table)).mappings()
            }
    return data


class Offline:
    """Two laptops that share clients, then edit the same ones offline."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.a = world.laptop("a")
        self.b = world.laptop("b")
        self.made: set[str] = set()  # every change id either laptop ever queued
        self.clients = [add_client(self.a, n) for n in range(CLIENTS_A)]
        self.sync(self.a)
        self.sync(self.b)
        self.clients += [add_client(self.b, 100 + n) for n in range(CLIENTS_B)]
        self.sync(self.b)  # A pulls these only when it syncs again (or is killed doing so)
        shared = self.clients[:CLIENTS_A]
        # Offline: A writes notes, B writes aum_fen (different fields: both keep),
        # both write the phone of the first client (the same field: one loses).
        self.version_a = edit(self.a, shared[0], phone=A_PHONE)
        self.version_b = edit(self.b, shared[0], phone=B_PHONE)
        for n, client_id in enumerate(shared):
            edit(self.a, client_id, notes=f"A says {n}")
            edit(self.b, client_id, aum_fen=7_000_000 + n)
        self.visits = {
            log_visit(self.a, shared[1], "A visit 1"), log_visit(self.a, shared[2], "A visit 2"),
            log_visit(self.b, shared[1], "B visit 1"), log_visit(self.b, shared[3], "B visit 2"),
        }

    def queued(self) -> None:
        self.made |= outbox(self.a) | outbox(self.b)

    def sync(self, store: Store) -> None:
        self.queued()
        sync(store, self.world.url, batch_size=BATCH)

    def kill_a(self, stage: str, nth: int) -> None:
        self.queued()
        sync_killed(self.a, self.world.url, stage, nth)
        self.a = self.world.reopen(self.a)

    def check_converged(self) -> None:
        server = table_data(self.world.server)
        for store in (self.a, self.b):
            assert outbox(store) == set()
            assert table_data(store.engine) == server
        clients, visits = server["client"], server["interaction"]
        columns = codec("client").data_columns
        phone, notes, aum = (columns.index(c) for c in ("phone", "notes", "aum_fen"))
        assert set(clients) == set(self.clients)  # none lost, none duplicated
        assert set(visits) == self.visits
        for n, client_id in enumerate(self.clients[:CLIENTS_A]):
            assert clients[client_id][notes] == f"A says {n}"
            assert clients[client_id][aum] == 7_000_000 + n

        with psycopg.connect(self.world.url) as pg:
            total, distinct = pg.execute(
                "SELECT count(*), count(DISTINCT change_id) FROM sync_change").fetchone() or (0, 0)
            pushed = dict(pg.execute(
                "SELECT change_id, table_name FROM sync_change WHERE device_id <> %s",
                (SERVER_DEVICE,)).fetchall())
            accepted = dict(pg.execute(
                "SELECT sent_version, version FROM sync_change WHERE sent_version IS NOT NULL"
            ).fetchall())
        assert total == distinct
        # Every change either laptop queued was applied, each exactly once; the
        # only others are the two laptops registering themselves.
        assert {c for c, table in pushed.items() if table != "sync_device"} == self.made
        assert sorted(pushed.values()).count("sync_device") == 2

        # The phone clash: the newer version wins everywhere, the other is reviewable.
        first = self.clients[0]
        newer_a = accepted.get(self.version_a, self.version_a) > accepted.get(
            self.version_b, self.version_b)
        won, lost = (A_PHONE, B_PHONE) if newer_a else (B_PHONE, A_PHONE)
        assert clients[first][phone] == won
        for store in (self.a, self.b):
            with store.read_session() as session:
                views = list_conflicts(session)
                count = session.execute(select(func.count()).select_from(Client)).scalar_one()
            assert count == CLIENTS_A + CLIENTS_B
            assert [(v.row_id, v.field, v.kept_value, v.lost_value) for v in views] == [
                (first, "phone", won, lost)
            ]


STAGES = ["push:sent", "push", "pull:applying"]


@pytest.mark.parametrize("order", ["killed-first", "other-first"])
@pytest.mark.parametrize("nth", [1, 2], ids=["first-batch", "middle-batch"])
@pytest.mark.parametrize("stage", STAGES)
def test_a_laptop_killed_mid_sync_converges(world: World, stage: str, nth: int, order: str
                                            ) -> None:
    laptops = Offline(world)
    if order == "other-first":
        laptops.sync(laptops.b)
    laptops.kill_a(stage, nth)
    laptops.sync(laptops.a)  # the restarted program syncs again
    laptops.sync(laptops.b)
    if order == "killed-first":
        laptops.sync(laptops.a)
    laptops.check_converged()


def test_a_batch_pushed_twice_is_applied_once(world: World) -> None:
    """Killed after the server committed batch 2 and before the laptop heard:
    the next sync sends that batch again, and the server applies nothing twice."""
    laptops = Offline(world)
    queued = outbox(laptops.a)
    laptops.kill_a("push:sent", 2)
    with psycopg.connect(world.url) as pg:
        on_server = {r[0] for r in pg.execute("SELECT change_id FROM sync_change")}
    assert len(queued & on_server) == 2 * BATCH  # batches 1 and 2 committed on the server
    assert len(outbox(laptops.a) & on_server) == BATCH  # batch 2 is still queued here

    laptops.sync(laptops.a)
    with psycopg.connect(world.url) as pg:
        counts = dict(pg.execute(
            "SELECT change_id, count(*) FROM sync_change WHERE change_id = ANY(%s)"
            " GROUP BY change_id", (list(queued),)).fetchall())
    assert counts == dict.fromkeys(queued, 1)
    laptops.sync(laptops.b)
    laptops.sync(laptops.a)
    laptops.check_converged()
