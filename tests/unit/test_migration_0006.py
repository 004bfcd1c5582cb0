"""Migration 0006 (the visit log) on SQLite: a store with data moves to it and back intact.

The revision only adds nullable columns (and one index), so an existing
store must come through with every row and every value as it was, the new
columns empty; going back to 0005 must drop exactly those columns and keep
the data. `seed` and `rows` are shared with the PostgreSQL test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, inspect, text

from store.db import open_store
from store.models import Branch, Client, Interaction, InteractionParticipant, Manager, Task
from store.models.local import LOCAL_ONLY_COLUMNS

#: What 0006 adds, per table (the migration's own list, restated so a change to it shows).
ADDED = {
    "client": {"preferences", "avoid"},
    "interaction": {"prepared", "needs", "products", "satisfaction", "follow_ups"},
    "interaction_participant": {"level"},
    "task": {"interaction_id", "role"},
}
TABLES = ("branch", "manager", "client", "interaction", "interaction_participant", "task")
#: Columns later revisions add (0007): gone at 0005 as well, empty after the upgrade back.
LATER = {"interaction": {"channel", "cost_fen"}, "task": {"occasion"}}


def _gone(table: str) -> set[str]:
    """What a store at 0005 lacks of `table`: this revision's columns and later ones."""
    return ADDED.get(table, set()) | LATER.get(table, set())


def seed(conn: Connection) -> None:
    """Two clients, a visit with two participants and a call, and three tasks (at head).

    Core inserts with every value spelled out, new columns filled, so a
    migration that lost or shifted any value would show in `rows`.
    """
    _insert(conn, Branch, [
        {"id": "b1", "code": "520382", "name": "仁怀市支行", "hlc": 5, "device_id": "d1"},
    ])  # fmt: skip
    _insert(conn, Manager, [
        {"id": "m1", "employee_no": "RH1", "name": "李娜", "level": "client_manager",
         "branch_id": "b1", "hlc": 6, "device_id": "d1"},
        {"id": "m2", "employee_no": "RH2", "name": "王海涛", "level": "senior_client_manager",
         "branch_id": "b1", "hlc": 7, "device_id": "d1", "phone": "13800138000"},
    ])  # fmt: skip
    _insert(conn, Client, [
        {"id": "c1", "name": "张伟", "customer_no": "0001", "tier": "diamond",
         "aum_fen": 12_345_678_90, "owner_manager_id": "m1", "birth_date": date(1970, 1, 31),
         "hlc": 8,
         "device_id": "d1", "preferences": "喜欢喝茶。", "avoid": "不喜欢电话推销。"},
        {"id": "c2", "name": "刘洋", "customer_no": "0002", "deleted": True, "hlc": 9,
         "device_id": "d2", "sync_versions": '{"": "x"}'},
    ])  # fmt: skip
    _insert(conn, Interaction, [
        {"id": "i1", "client_id": "c1", "kind": "visit",
         "occurred_at": datetime(2026, 11, 2, 2, 30, tzinfo=UTC), "duration_min": 60,
         "purpose": "review", "summary": "检视资产配置。", "outcome": "认购50万元。",
         "next_contact_on": date(2026, 12, 15), "recorded_by_id": "m1", "hlc": 10,
         "device_id": "d1", "prepared": "资产报告", "needs": "养老", "products": "年金保险",
         "satisfaction": 5, "follow_ups": "寄送合同\n✓ 预约体检"},
        {"id": "i2", "client_id": "c2", "kind": "phone",
         "occurred_at": datetime(2026, 11, 20, 8, 0, tzinfo=UTC), "purpose": "care",
         "summary": "电话问候。", "deleted": True, "hlc": 11, "device_id": "d2"},
    ])  # fmt: skip
    _insert(conn, InteractionParticipant, [
        {"id": "p1", "interaction_id": "i1", "manager_id": "m1", "level": "client_manager",
         "hlc": 12, "device_id": "d1"},
        {"id": "p2", "interaction_id": "i1", "manager_id": "m2", "hlc": 13, "device_id": "d1"},
    ])  # fmt: skip
    _insert(conn, Task, [
        {"id": "t1", "title": "跟进张总：寄送合同", "client_id": "c1", "assignee_id": "m1",
         "due_on": date(2026, 12, 15), "source": "follow_up", "interaction_id": "i1",
         "hlc": 14, "device_id": "d1"},
        {"id": "t2", "title": "", "client_id": "c1", "assignee_id": "m2",
         "due_on": date(2027, 1, 31), "source": "cadence", "role": "senior_client_manager",
         "status": "open", "snoozed_until": date(2026, 12, 1), "hlc": 15, "device_id": "d1"},
        {"id": "t3", "title": "准备资料", "status": "done", "notes": "已完成", "hlc": 16,
         "device_id": "d1"},
    ])  # fmt: skip


def _insert(conn: Connection, model: Any, values: list[dict[str, Any]]) -> None:
    """One statement per row: rows naming different columns cannot share an executemany."""
    for row in values:
        conn.execute(model.__table__.insert(), row)


def rows(conn: Connection) -> dict[str, list[dict[str, Any]]]:
    """Every row of the seeded tables as the database holds it, by id; without the
    local store's derived columns (revision 0008), which migrations recompute."""
    return {
        table: [
            {k: v for k, v in r._mapping.items() if (table, k) not in LOCAL_ONLY_COLUMNS}
            for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY id"))
        ]
        for table in TABLES
    }


def without_new_columns(dump: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    return {
        table: [{k: v for k, v in row.items() if k not in _gone(table)} for row in data]
        for table, data in dump.items()
    }


def with_new_columns_empty(
    dump: dict[str, list[dict[str, Any]]],
) -> dict[str, list[dict[str, Any]]]:
    return {
        table: [{**row, **dict.fromkeys(_gone(table))} for row in data]
        for table, data in dump.items()
    }


def columns(conn: Connection, table: str) -> set[str]:
    return {column["name"] for column in inspect(conn).get_columns(table)}


def downgrade(conn: Connection, target: str) -> None:
    config = Config()
    config.set_main_option("script_location", "store:migrations")
    config.attributes["connection"] = conn
    command.downgrade(config, target)


def _revision(conn: Connection) -> str:
    return str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one())


def test_0006_keeps_every_row_both_ways_on_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = open_store(path)
    with store.engine.begin() as conn:
        seed(conn)
        at_head = rows(conn)
    assert at_head["interaction"][0]["follow_ups"] == "寄送合同\n✓ 预约体检"  # seeded as meant

    with store.engine.begin() as conn:
        downgrade(conn, "0005")
    with store.engine.connect() as conn:
        assert _revision(conn) == "0005"
        for table, added in ADDED.items():
            assert not added & columns(conn, table), table
        assert "ix_task_interaction_id" not in {
            index["name"] for index in inspect(conn).get_indexes("task")
        }
        at_0005 = rows(conn)
    store.close()
    assert at_0005 == without_new_columns(at_head)
    assert sum(len(data) for data in at_0005.values()) == 12

    upgraded = open_store(path)  # what a manager's laptop does on the next start
    with upgraded.engine.connect() as conn:
        assert _revision(conn) != "0005"
        for table, added in ADDED.items():
            assert added <= columns(conn, table), table
        assert rows(conn) == with_new_columns_empty(at_0005)
    upgraded.close()
    # The upgrade kept a copy of the 0005 store first, as every migration on open does.
    assert any(p.name.startswith("s.db.before-") for p in tmp_path.iterdir())


def test_the_orm_reads_an_upgraded_row_with_empty_new_fields(tmp_path: Path) -> None:
    """After the round trip the app's own models load the old visit: new fields None."""
    path = tmp_path / "s.db"
    store = open_store(path)
    with store.engine.begin() as conn:
        seed(conn)
        downgrade(conn, "0005")
    store.close()
    store = open_store(path)
    try:
        with store.read_session() as session:
            visit = session.get(Interaction, "i1")
            assert visit is not None
            assert (visit.summary, visit.next_contact_on) == ("检视资产配置。", date(2026, 12, 15))
            assert visit.occurred_at == datetime(2026, 11, 2, 2, 30, tzinfo=UTC)
            assert (visit.prepared, visit.satisfaction, visit.follow_ups) == (None, None, None)
            participant = session.get(InteractionParticipant, "p1")
            assert participant is not None and participant.level is None
            client = session.get(Client, "c1")
            assert client is not None and (client.preferences, client.avoid) == (None, None)
            task = session.get(Task, "t2")
            assert task is not None and (task.role, task.interaction_id) == (None, None)
            assert task.snoozed_until == date(2026, 12, 1)
    finally:
        store.close()
