"""Migration 0007 (greetings) on SQLite: a store with data moves to it and back intact.

The revision only adds nullable columns (a greeting's channel and cost, a
greeting task's occasion), so an existing store must come through with
every row and every value as it was, the new columns empty; going back to
0006 must drop exactly those columns and keep the data. `seed` and the
helpers are shared with the PostgreSQL test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from store.db import HEAD_REVISION, open_store
from store.models import Interaction, Task
from tests.unit import test_migration_0006 as m6

#: What 0007 adds, per table (the migration's own list, restated so a change to it shows).
ADDED = {"interaction": {"channel", "cost_fen"}, "task": {"occasion"}}


def seed(conn: Connection) -> None:
    """0006's rows plus a greeting sent with flowers and its greeting task (at head)."""
    m6.seed(conn)
    conn.execute(Interaction.__table__.insert(), {
        "id": "i3", "client_id": "c1", "kind": "greeting", "purpose": "greeting",
        "occurred_at": datetime(2026, 11, 27, 1, 0, tzinfo=UTC), "summary": "生日问候",
        "recorded_by_id": "m1", "hlc": 17, "device_id": "d1", "channel": "flowers",
        "cost_fen": 38_800,
    })  # fmt: skip
    conn.execute(Task.__table__.insert(), {
        "id": "t4", "title": "", "client_id": "c1", "assignee_id": "m1",
        "due_on": date(2026, 11, 27), "status": "done", "source": "greeting",
        "occasion": "birthday", "interaction_id": "i3", "hlc": 18, "device_id": "d1",
    })  # fmt: skip


def without_new_columns(dump: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    return {
        table: [{k: v for k, v in row.items() if k not in ADDED.get(table, ())} for row in data]
        for table, data in dump.items()
    }


def with_new_columns_empty(
    dump: dict[str, list[dict[str, Any]]],
) -> dict[str, list[dict[str, Any]]]:
    return {
        table: [{**row, **dict.fromkeys(ADDED.get(table, ()))} for row in data]
        for table, data in dump.items()
    }


def _revision(conn: Connection) -> str:
    return str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one())


def test_0007_keeps_every_row_both_ways_on_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = open_store(path)
    with store.engine.begin() as conn:
        seed(conn)
        at_head = m6.rows(conn)
    greeting = next(row for row in at_head["interaction"] if row["id"] == "i3")
    assert (greeting["channel"], greeting["cost_fen"]) == ("flowers", 38_800)  # seeded as meant

    with store.engine.begin() as conn:
        m6.downgrade(conn, "0006")
    with store.engine.connect() as conn:
        assert _revision(conn) == "0006"
        for table, added in ADDED.items():
            assert not added & m6.columns(conn, table), table
        at_0006 = m6.rows(conn)
    store.close()
    assert at_0006 == without_new_columns(at_head)
    assert sum(len(data) for data in at_0006.values()) == 14

    upgraded = open_store(path)  # what a manager's laptop does on the next start
    with upgraded.engine.connect() as conn:
        assert _revision(conn) == HEAD_REVISION
        for table, added in ADDED.items():
            assert added <= m6.columns(conn, table), table
        assert m6.rows(conn) == with_new_columns_empty(at_0006)
    upgraded.close()


def test_the_orm_reads_an_upgraded_greeting_with_empty_new_fields(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = open_store(path)
    with store.engine.begin() as conn:
        seed(conn)
        m6.downgrade(conn, "0006")
    store.close()
    store = open_store(path)
    try:
        with store.read_session() as session:
            entry = session.get(Interaction, "i3")
            assert entry is not None and entry.summary == "生日问候"
            assert (entry.channel, entry.cost_fen) == (None, None)
            task = session.get(Task, "t4")
            assert task is not None and (task.source, task.occasion) == ("greeting", None)
    finally:
        store.close()
