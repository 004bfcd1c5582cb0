"""The same migrations build the same schema on PostgreSQL (the shared database)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from store.db import HEAD_REVISION, upgrade_schema
from store.models import Base, Branch, CalendarEvent
from store.sync.server import SERVER_ONLY_TABLES

pytestmark = pytest.mark.postgres


def test_migrations_build_the_model_schema_on_postgres(pg_engine: Engine) -> None:
    with pg_engine.begin() as conn:
        upgrade_schema(conn)
    with pg_engine.connect() as conn:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        context = MigrationContext.configure(
            conn, opts={"include_name": _not_server_only}
        )
        diff = compare_metadata(context, Base.metadata)
        server_tables = set(conn.execute(text(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )).scalars())
    assert revision == HEAD_REVISION
    assert diff == []
    assert server_tables >= SERVER_ONLY_TABLES


def _not_server_only(name: str | None, kind: str, parents: dict[str, str | None]) -> bool:
    """The feed tables exist only on the server and on purpose have no model."""
    table = name if kind == "table" else parents.get("table_name")
    return table not in SERVER_ONLY_TABLES


def test_instants_round_trip_in_utc_on_postgres(pg_engine: Engine) -> None:
    with pg_engine.begin() as conn:
        upgrade_schema(conn)
    when = datetime(2026, 11, 28, 6, 30, tzinfo=UTC)
    with Session(pg_engine) as session, session.begin():
        session.add(Branch(id="b1", code="001", name="仁怀支行", hlc=1, device_id="d"))
        session.add(CalendarEvent(id="e1", title="拜访", starts_at=when, hlc=1, device_id="d"))
    with Session(pg_engine) as session:
        stored = session.scalars(select(CalendarEvent.starts_at)).one()
    assert stored == when
    assert stored.utcoffset() is not None
