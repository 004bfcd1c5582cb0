"""The issue's "done when": two laptops edit the same clients offline, one is
killed (SIGKILL, a real separate process) mid-sync, both sync in either
order, and both end with identical data, nothing lost or doubled, and the
conflicts reviewable."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import select

from store.db import Store, open_store
from store.models import Client, OutboxChange
from store.sync.conflicts import list_conflicts
from store.sync.run import sync
from store.sync.server import init_server
from store.sync.versions import codec, load_versions

pytestmark = pytest.mark.postgres

CLIENTS = 12
BATCH = 4  # small batches: the kill lands between batches, not only at the end

CHILD = textwrap.dedent("""
    import os, signal, sys
    from store.db import open_store
    from store.sync.run import sync

    path, url, stage, nth = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    store = open_store(path)
    seen = 0

    def progress(step):
        global seen
        if step.stage == stage:
            seen += 1
            if seen == nth:
                os.kill(os.getpid(), signal.SIGKILL)

    sync(store, url, progress=progress, batch_size=int(sys.argv[5]))
    sys.exit(3)  # the kill point never came: the test is wrong
""")


@pytest.fixture
def server(pg_url: str) -> str:
    init_server(pg_url, "test")
    return pg_url


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[dict[str, Store]]:
    opened = {name: open_store(tmp_path / f"{name}.db") for name in ("a", "b")}
    yield opened
    for store in opened.values():
        store.close()


def _kill_mid_sync(store: Store, url: str, stage: str, nth: int) -> None:
    store.engine.dispose()  # the child owns the file while it runs
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(store.path), url, stage, str(nth), str(BATCH)],
        capture_output=True, text=True, timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr


def _dump(store: Store) -> dict[str, dict[str, Any]]:
    table_codec = codec("client")
    with store.engine.connect() as conn:
        rows = conn.execute(select(Client.__table__)).mappings().all()
    return {
        row["id"]: {
            **table_codec.decode({k: row[k] for k in table_codec.data_columns}),
            "versions": load_versions(row["sync_versions"]),
        }
        for row in rows
    }


def _server_dump(url: str) -> dict[str, dict[str, Any]]:
    table_codec = codec("client")
    names = ", ".join(["id", "sync_versions", *table_codec.data_columns])
    with psycopg.connect(url) as pg:
        rows = pg.execute(f"SELECT {names} FROM client").fetchall()
    return {
        row[0]: {**dict(zip(table_codec.data_columns, row[2:], strict=True)),
                 "versions": load_versions(row[1])}
        for row in rows
    }


@pytest.mark.parametrize(("stage", "nth", "killed_first"), [
    ("push:sent", 1, True),       # the server has batch 1, the laptop does not know
    ("push:sent", 1, False),
    ("push", 2, True),            # batch 2 accepted on both sides, the rest not sent
    ("push", 2, False),
    ("pull:applying", 1, False),  # mid-pull (b synced first), the local transaction open
])
def test_a_laptop_killed_mid_sync_converges_with_nothing_lost(
    server: str, stores: dict[str, Store], stage: str, nth: int, killed_first: bool
) -> None:
    a, b = stores["a"], stores["b"]
    with a.session() as session:
        for n in range(CLIENTS):
            session.add(Client(id=f"c{n:02d}", name=f"客户{n}", phone="13800000000"))
    for store in (a, b, a):
        sync(store, server)
    # Offline: both laptops edit every client's phone; a also writes notes,
    # b also changes the tier.
    for store, phone in ((a, "13911111111"), (b, "13922222222")):
        with store.session() as session:
            for client in session.scalars(select(Client)):
                client.phone = phone
                if store is a:
                    client.notes = "A 的笔记"
                else:
                    client.tier = "gold"
    if not killed_first:
        sync(b, server)  # b first: a has something to pull when it is killed
    _kill_mid_sync(a, server, stage, nth)
    for store in (a, b, a, b):
        sync(store, server)

    dump_a, dump_b, dump_server = _dump(a), _dump(b), _server_dump(server)
    assert dump_a == dump_b == dump_server
    assert len(dump_a) == CLIENTS
    for row in dump_a.values():
        assert row["notes"] == "A 的笔记"  # a's field survived
        assert row["tier"] == "gold"  # b's field survived
        assert row["phone"] in ("13911111111", "13922222222")
    with psycopg.connect(server) as pg:
        feed = pg.execute(
            "SELECT count(*) FROM sync_change WHERE table_name = 'client'").fetchone()
    assert feed == (CLIENTS * 3,)  # inserts, a's edits, b's edits: each exactly once
    for store in (a, b):
        with store.read_session() as session:
            assert session.scalars(select(OutboxChange)).all() == []
            conflicts = list_conflicts(session)
        assert len(conflicts) == CLIENTS
        for conflict in conflicts:
            assert conflict.field == "phone"
            assert {conflict.kept_value, conflict.lost_value} == {"13911111111", "13922222222"}
            assert dump_a[conflict.row_id]["phone"] == conflict.kept_value
