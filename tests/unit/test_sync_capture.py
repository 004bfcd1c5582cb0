"""One change-capture path: every synced table's writes reach the outbox.

The tables are found from the models, so a table a later feature adds is
covered (and this test fails for it) without anyone editing this file.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Boolean, Date, DateTime, Integer, Table, select, text
from sqlalchemy.orm import Session

from store.db import KNOWN_REVISIONS, Store, open_store
from store.demo import fill_demo
from store.models import Base, OutboxChange, synced_tables
from store.sync.versions import codec, load_versions, make_version


def _model(table: Table) -> Any:
    return next(m.class_ for m in Base.registry.mappers if m.local_table is table)


def _value_for(column: Any) -> Any:
    kind = getattr(column.type, "impl", column.type)
    if isinstance(kind, DateTime):
        return datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
    if isinstance(kind, Date):
        return date(2026, 11, 28)
    if isinstance(kind, Boolean):
        return True
    if isinstance(kind, Integer):
        return 7
    return "x"


def _make_row(session: Session, table: Table, made: dict[str, Any]) -> Any:
    """A row of `table` with every required column filled, parents made first."""
    if table.name in made:
        return made[table.name]
    values: dict[str, Any] = {}
    for column in table.columns:
        if column.name in ("id", "hlc", "device_id", "deleted", "sync_versions"):
            continue
        if column.foreign_keys:
            parent = next(iter(column.foreign_keys)).column.table
            if parent is not table:
                values[column.key] = _make_row(session, parent, made).id
        elif not column.nullable and column.default is None:
            values[column.key] = _value_for(column)
    row = _model(table)(**values)
    session.add(row)
    session.flush()
    made[table.name] = row
    return row


def _outbox(store: Store) -> list[OutboxChange]:
    with store.read_session() as session:
        return list(session.scalars(select(OutboxChange).order_by(OutboxChange.seq)))


@pytest.mark.parametrize("table_name", synced_tables())
def test_every_synced_table_records_inserts_and_updates(store: Store, table_name: str) -> None:
    table = Base.metadata.tables[table_name]
    with store.session() as session:
        row = _make_row(session, table, {})
        row_id = row.id
    (insert,) = [c for c in _outbox(store) if c.row_id == row_id]
    assert insert.table_name == table_name
    assert insert.base is None
    assert set(json.loads(insert.fields)) == set(codec(table_name).data_columns)
    assert insert.version == make_version(row.hlc, store.device_id)
    with store.session() as session:
        loaded = session.get(_model(table), row_id)
        loaded.deleted = True
    update = [c for c in _outbox(store) if c.row_id == row_id][-1]
    assert (update.row_id, json.loads(update.fields)) == (row_id, {"deleted": True})
    assert load_versions(update.base) == {"": insert.version}
    with store.read_session() as session:
        versions = load_versions(session.get(_model(table), row_id).sync_versions)
    assert versions == {"": insert.version, "deleted": update.version}


def test_an_unchanged_assignment_records_nothing(store: Store) -> None:
    from store.models import Branch

    with store.session() as session:
        branch = Branch(code="001", name="仁怀支行")
        session.add(branch)
    with store.session() as session:
        session.get(Branch, branch.id).name = "仁怀支行"
    assert len(_outbox(store)) == 1


def test_the_change_and_its_row_commit_together(store: Store) -> None:
    from store.models import Branch

    with pytest.raises(RuntimeError), store.session() as session:
        session.add(Branch(code="001", name="仁怀支行"))
        session.flush()
        raise RuntimeError("crash before commit")
    assert _outbox(store) == []
    with store.read_session() as session:
        assert session.scalars(select(Branch)).all() == []


def test_a_store_filled_before_sync_existed_queues_every_row(tmp_path: Path) -> None:
    """Migration 0003 gives old rows versions and one outbox change each."""
    path = tmp_path / "old.db"
    store = open_store(path)
    fill_demo(store, clients=20, seed=2)
    with store.engine.begin() as conn:
        from alembic import command
        from alembic.config import Config as AlembicConfig

        config = AlembicConfig()
        config.set_main_option("script_location", "store:migrations")
        config.attributes["connection"] = conn
        command.downgrade(config, KNOWN_REVISIONS[1])
    store.close()
    with sqlite3.connect(path) as conn:
        existing = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
        counts = {
            name: conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            for name in synced_tables() if not name.startswith("sync_") and name in existing
        }
    upgraded = open_store(path)
    queued = _outbox(upgraded)
    assert len(queued) == sum(counts.values()) > 20
    with upgraded.engine.connect() as conn:
        for name, count in counts.items():
            assert conn.execute(text(
                f"SELECT count(*) FROM {name} WHERE sync_versions IS NOT NULL")).scalar() == count
    # Columns added by later revisions start empty on the server too.
    added_after_0003 = {
        "client": {"tier_reason", "importance_reason", "preferences", "avoid"},  # 0004, 0006
        "interaction": {"prepared", "needs", "products", "satisfaction", "follow_ups",
                        "channel", "cost_fen"},  # 0006, 0007
        "interaction_participant": {"level"},
        "task": {"interaction_id", "role", "occasion"},  # 0006, 0007
    }
    for change in queued:
        decoded = codec(change.table_name).decode(json.loads(change.fields))
        expected = set(codec(change.table_name).data_columns)
        assert set(decoded) == expected - added_after_0003.get(change.table_name, set())
    client_changes = [c for c in queued if c.table_name == "client"]
    sample = codec("client").decode(json.loads(client_changes[0].fields))
    assert isinstance(sample["birthday_lunar"], bool)
    assert isinstance(sample["aum_fen"], int)
    upgraded.close()
