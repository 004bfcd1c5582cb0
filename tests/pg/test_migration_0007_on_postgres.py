"""Migration 0007 on the shared database: data kept going up from 0006 and back down."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from store.db import upgrade_schema
from tests.unit.test_migration_0006 import columns, downgrade, rows
from tests.unit.test_migration_0007 import (
    ADDED,
    seed,
    with_new_columns_empty,
    without_new_columns,
)

pytestmark = pytest.mark.postgres


def test_0007_keeps_every_row_both_ways_on_postgres(pg_engine: Engine) -> None:
    with pg_engine.begin() as conn:
        upgrade_schema(conn)
        seed(conn)
        at_head = rows(conn)
        downgrade(conn, "0006")
    with pg_engine.begin() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0006"
        for table, added in ADDED.items():
            assert not added & columns(conn, table), table
        at_0006 = rows(conn)
        assert at_0006 == without_new_columns(at_head)
        assert sum(len(data) for data in at_0006.values()) == 14
        upgrade_schema(conn)
    with pg_engine.begin() as conn:
        for table, added in ADDED.items():
            assert added <= columns(conn, table), table
        assert rows(conn) == with_new_columns_empty(at_0006)
        greeting = next(row for row in rows(conn)["interaction"] if row["id"] == "i3")
        assert greeting["channel"] is None and greeting["summary"] == "生日问候"
