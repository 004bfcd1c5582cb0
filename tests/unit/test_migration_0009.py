"""Migration 0009 (search grams) on SQLite: backfilled on the way up, gone on the way down.

The revision adds a local-only table `search_gram` of every character and
adjacent pair of every name and employer, an index on `client.employer`
and the triggers that add a text's grams. Going up must cover the texts
written before it (by an older clientdesk, with no trigger running);
going down must remove exactly what it added and keep every row.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, text

from store.db import HEAD_REVISION, open_store
from store.models import Client
from store.models.local import LOCAL_ONLY_TABLES
from tests.unit import test_migration_0006 as m6
from tests.unit.test_migration_0007 import seed
from tests.unit.test_migration_0008 import objects

#: The triggers 0009 creates (the migration's own names, restated so a change shows).
TRIGGERS = {
    "trg_client_search_name_insert", "trg_client_search_employer_insert",
    "trg_client_search_name_update", "trg_client_search_employer_update",
}  # fmt: skip


def grams(conn: Connection, of: str) -> set[str]:
    found = conn.execute(text("SELECT gram FROM search_gram WHERE text = :t"), {"t": of})
    return set(found.scalars())


def test_0009_backfills_and_goes_back_cleanly_on_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = open_store(path)
    with store.engine.begin() as conn:
        seed(conn)
        at_head = m6.rows(conn)
        m6.downgrade(conn, "0008")
    with store.engine.begin() as conn:
        assert str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar()) == "0008"
        assert not LOCAL_ONLY_TABLES & objects(conn, "table")
        assert not TRIGGERS & objects(conn, "trigger")
        assert "ix_client_employer" not in objects(conn, "index")
        assert m6.rows(conn) == at_head
        # Written while at 0008 (an older clientdesk): no trigger runs; the upgrade backfills.
        conn.execute(Client.__table__.insert(), {
            "id": "c9", "kind": "individual", "name": "欧阳娜娜", "employer": "仁怀市酒厂",
            "hlc": 30, "device_id": "d1",
        })  # fmt: skip
        at_0008 = m6.rows(conn)
    store.close()

    upgraded = open_store(path)  # what a manager's laptop does on the next start
    with upgraded.engine.begin() as conn:
        assert str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar()) == (
            HEAD_REVISION
        )
        assert m6.rows(conn) == at_0008
        assert objects(conn, "trigger") >= TRIGGERS
        assert "ix_client_employer" in objects(conn, "index")
        assert grams(conn, "欧阳娜娜") == {"欧", "阳", "娜", "欧阳", "阳娜", "娜娜"}
        assert grams(conn, "仁怀市酒厂") == {
            "仁", "怀", "市", "酒", "厂", "仁怀", "怀市", "市酒", "酒厂",
        }  # fmt: skip
        conn.execute(text("UPDATE client SET name = '欧阳' WHERE id = 'c9'"))
        assert grams(conn, "欧阳") == {"欧", "阳", "欧阳"}  # the triggers run again
    upgraded.close()


def test_an_upsert_or_replace_of_a_client_keeps_its_grams(tmp_path: Path) -> None:
    """Statements with their own conflict handling impose it on the triggers."""
    store = open_store(tmp_path / "s.db")
    with store.engine.begin() as conn:
        conn.execute(Client.__table__.insert(), {
            "id": "c1", "kind": "individual", "name": "张伟", "employer": "贵州茅台",
            "hlc": 1, "device_id": "d1",
        })  # fmt: skip
        again = "INSERT INTO client SELECT * FROM client WHERE id = 'c1'"
        conn.execute(text(f"{again} ON CONFLICT (id) DO UPDATE SET employer = '贵州茅台酒厂'"))
        conn.execute(text(again.replace("INSERT", "INSERT OR REPLACE")))
        conn.execute(text("UPDATE OR IGNORE client SET name = '张伟' WHERE id = 'c1'"))
        assert grams(conn, "张伟") == {"张", "伟", "张伟"}
        assert "酒厂" in grams(conn, "贵州茅台酒厂")
    store.close()
