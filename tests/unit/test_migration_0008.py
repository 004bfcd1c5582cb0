"""Migration 0008 (kept last contact) on SQLite: backfilled on the way up, gone on the way down.

The revision adds a derived, local-only column `client.last_contact_at`,
two indexes on it and the triggers that keep it. Going up must fill it for
entries logged before (the latest entry that was not withdrawn) and leave
every other value as it was; going down must remove exactly the column,
the indexes and the triggers. `seed` is 0007's, shared with PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, text

from store.db import HEAD_REVISION, open_store
from store.models import Interaction
from store.models.local import LOCAL_ONLY_INDEXES
from tests.unit import test_migration_0006 as m6
from tests.unit.test_migration_0007 import seed

#: The triggers 0008 creates (the migration's own names, restated so a change shows).
TRIGGERS = {
    "trg_interaction_contact_insert", "trg_interaction_contact_update",
    "trg_interaction_contact_delete", "trg_client_contact_insert",
}  # fmt: skip


def objects(conn: Connection, kind: str) -> set[str]:
    found = conn.execute(text("SELECT name FROM sqlite_master WHERE type = :kind"), {"kind": kind})
    return set(found.scalars())


def kept(conn: Connection) -> dict[str, str | None]:
    return dict(conn.execute(text("SELECT id, last_contact_at FROM client ORDER BY id")).all())


def test_0008_backfills_and_goes_back_cleanly_on_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = open_store(path)
    with store.engine.begin() as conn:
        seed(conn)  # c1: i1 (11-02) and i3 (11-27); c2: i2, withdrawn
        assert kept(conn) == {"c1": "2026-11-27 01:00:00.000000", "c2": None}  # by the triggers
        at_head = m6.rows(conn)
        m6.downgrade(conn, "0007")
    with store.engine.begin() as conn:
        assert str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar()) == "0007"
        assert "last_contact_at" not in m6.columns(conn, "client")
        assert not TRIGGERS & objects(conn, "trigger")
        assert not LOCAL_ONLY_INDEXES & objects(conn, "index")
        assert m6.rows(conn) == at_head
        # Logged while at 0007 (an older clientdesk): no trigger runs; the upgrade backfills.
        conn.execute(Interaction.__table__.insert(), {
            "id": "i4", "client_id": "c2", "kind": "phone", "purpose": "care", "summary": "",
            "occurred_at": datetime(2026, 11, 28, 2, 0, tzinfo=UTC), "hlc": 19,
            "device_id": "d1",
        })  # fmt: skip
        at_0007 = m6.rows(conn)
    store.close()

    upgraded = open_store(path)  # what a manager's laptop does on the next start
    with upgraded.engine.begin() as conn:
        assert str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar()) == (
            HEAD_REVISION
        )
        assert kept(conn) == {
            "c1": "2026-11-27 01:00:00.000000", "c2": "2026-11-28 02:00:00.000000",
        }  # fmt: skip
        assert m6.rows(conn) == at_0007
        assert objects(conn, "trigger") >= TRIGGERS
        assert objects(conn, "index") >= LOCAL_ONLY_INDEXES
        conn.execute(text("UPDATE interaction SET deleted = 1 WHERE id = 'i4'"))
        assert kept(conn)["c2"] is None  # the triggers run again
    upgraded.close()
