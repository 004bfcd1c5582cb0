"""Migrations 0008 and 0009 on the shared database: nothing added (the kept last
contact and the search grams are local-only), and every row kept going down
to 0007 and up again."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, Engine, text

from store.db import HEAD_REVISION, upgrade_schema
from tests.unit.test_migration_0006 import columns, downgrade, rows
from tests.unit.test_migration_0007 import seed

pytestmark = pytest.mark.postgres


def _schema(conn: Connection) -> tuple[set[str], set[str], int, set[str]]:
    """Client columns, index names on client, the number of triggers and the
    table names of the schema."""
    indexes = set(conn.execute(text(
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
        " AND tablename = 'client'"
    )).scalars())  # fmt: skip
    triggers = conn.execute(text(
        "SELECT count(*) FROM information_schema.triggers"
        " WHERE trigger_schema = current_schema()"
    )).scalar_one()  # fmt: skip
    tables = set(conn.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    )).scalars())  # fmt: skip
    return columns(conn, "client"), indexes, int(triggers), tables


def test_0008_and_0009_add_nothing_and_keep_every_row_on_postgres(pg_engine: Engine) -> None:
    with pg_engine.begin() as conn:
        upgrade_schema(conn, "0007")
        at_0007_schema = _schema(conn)
        upgrade_schema(conn)
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == (
            HEAD_REVISION
        )
        assert _schema(conn) == at_0007_schema
        assert "last_contact_at" not in at_0007_schema[0]
        seed(conn)
        at_head = rows(conn)
        downgrade(conn, "0007")
    with pg_engine.begin() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0007"
        assert rows(conn) == at_head
        assert _schema(conn) == at_0007_schema
        upgrade_schema(conn)
    with pg_engine.begin() as conn:
        assert rows(conn) == at_head
        assert _schema(conn) == at_0007_schema
