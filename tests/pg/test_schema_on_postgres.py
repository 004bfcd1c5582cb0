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

pytestmark = pytest.mark.postgres


def test_migrations_build_the_model_schema_on_postgres(pg_engine: Engine) -> None:
    with pg_engine.begin() as conn:
        upgrade_schema(conn)
    with pg_engine.connect() as conn:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert revision == HEAD_REVISION
    assert diff == []


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
