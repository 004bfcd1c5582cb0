"""Migration 0005 on the shared database: the wider list index, no SQLite tail indexes."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, text

from store.db import upgrade_schema

pytestmark = pytest.mark.postgres

LIST_0004 = ["aum_fen", "id", "name", "name_pinyin", "name_initials", "status", "deleted"]
LIST_0005 = [*LIST_0004, "tier", "importance", "kind", "owner_manager_id", "employer"]


def _client_indexes(conn: Connection) -> dict[str, str]:
    rows = conn.execute(
        text(
            "SELECT indexname, indexdef FROM pg_indexes"
            " WHERE schemaname = current_schema() AND tablename = 'client'"
        )
    ).all()
    return {name: definition for name, definition in rows}


def _list_columns(conn: Connection) -> list[str]:
    definition = _client_indexes(conn)["ix_client_list"]
    inside = definition[definition.index("(") + 1 : definition.rindex(")")]
    return [column.strip() for column in inside.split(",")]


def test_0005_widens_the_list_index_and_downgrades_on_postgres(pg_engine: Engine) -> None:
    with pg_engine.begin() as conn:
        upgrade_schema(conn, "0004")
        before = _client_indexes(conn)
        upgrade_schema(conn)
        assert _list_columns(conn) == LIST_0005
        assert not {"ix_client_phone_tail", "ix_client_id_tail"} & _client_indexes(conn).keys()
        config = Config()
        config.set_main_option("script_location", "store:migrations")
        config.attributes["connection"] = conn
        command.downgrade(config, "0004")
        assert _client_indexes(conn) == before
        assert _list_columns(conn) == LIST_0004
