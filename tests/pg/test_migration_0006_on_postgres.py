"""Migration 0006 on the shared database: data kept going up from 0005 and back down."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, inspect, text

from store.db import upgrade_schema
from tests.unit.test_migration_0006 import (
    ADDED,
    columns,
    downgrade,
    rows,
    seed,
    with_new_columns_empty,
    without_new_columns,
)

pytestmark = pytest.mark.postgres


def test_0006_keeps_every_row_both_ways_on_postgres(pg_engine: Engine) -> None:
    with pg_engine.begin() as conn:
        upgrade_schema(conn)
        seed(conn)
        at_head = rows(conn)
        downgrade(conn, "0005")
    with pg_engine.begin() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0005"
        for table, added in ADDED.items():
            assert not added & columns(conn, table), table
        assert "ix_task_interaction_id" not in {
            index["name"] for index in inspect(conn).get_indexes("task")
        }
        at_0005 = rows(conn)
        assert at_0005 == without_new_columns(at_head)
        assert sum(len(data) for data in at_0005.values()) == 12
        upgrade_schema(conn)
    with pg_engine.begin() as conn:
        for table, added in ADDED.items():
            assert added <= columns(conn, table), table
        assert rows(conn) == with_new_columns_empty(at_0005)
        assert "ix_task_interaction_id" in {
            index["name"] for index in inspect(conn).get_indexes("task")
        }
