"""Opening, creating and migrating stores, and refusing what is not one."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select

from store import db as store_db
from store.db import HEAD_REVISION, KNOWN_REVISIONS, open_store
from store.errors import StoreOpenError
from store.models import Base, Branch, LocalMeta
from store.models.local import LOCAL_ONLY_COLUMNS, LOCAL_ONLY_INDEXES, LOCAL_ONLY_TABLES


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_store_is_migrated_to_head_and_private(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    opened = open_store(path)
    opened.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with sqlite3.connect(path) as conn:
        (revision,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    assert revision == HEAD_REVISION
    assert not list(tmp_path.glob(".*creating*")), "temporary files were left behind"


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    opened = open_store(tmp_path / "s.db")
    with opened.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": _declared})
        diff = compare_metadata(context, Base.metadata)
        local_only = {row[1] for row in conn.exec_driver_sql("PRAGMA index_list(client)")}
    opened.close()
    assert diff == []
    assert local_only >= LOCAL_ONLY_INDEXES  # what the comparison skipped is there


def _declared(name: str | None, kind: str, parents: dict[str, str | None]) -> bool:
    """Everything but the local-only derived data (revisions 0008 and 0009)."""
    if kind == "table":
        return name not in LOCAL_ONLY_TABLES
    if kind == "column":
        return (parents.get("table_name"), name) not in LOCAL_ONLY_COLUMNS
    return not (kind == "index" and name in LOCAL_ONLY_INDEXES)


def test_known_revisions_match_the_migration_scripts() -> None:
    config = Config()
    config.set_main_option("script_location", "store:migrations")
    scripts = ScriptDirectory.from_config(config)
    chain = [rev.revision for rev in reversed(list(scripts.walk_revisions()))]
    assert tuple(chain) == KNOWN_REVISIONS
    assert scripts.get_current_head() == HEAD_REVISION


def test_reopening_keeps_data_device_and_clock(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    first = open_store(path)
    with first.session() as session:
        session.add(Branch(code="001", name="仁怀支行"))
    device, last = first.device_id, first.hlc.last
    first.close()
    second = open_store(path)
    with second.read_session() as session:
        assert session.scalars(select(Branch.name)).all() == ["仁怀支行"]
    assert second.device_id == device
    assert second.hlc.last == last > 0
    second.close()


def test_missing_folder_is_refused_and_nothing_created(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "s.db"
    with pytest.raises(StoreOpenError) as caught:
        open_store(target)
    assert caught.value.key == "store.no_folder"
    assert "nowhere" in caught.value.message()
    assert not (tmp_path / "nowhere").exists()


def test_unwritable_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root bypasses file modes, so the permission answer is simulated here.
    folder = tmp_path / "readonly"
    folder.mkdir()
    monkeypatch.setattr(store_db.os, "access", lambda *_args, **_kw: False)
    with pytest.raises(StoreOpenError) as caught:
        open_store(folder / "s.db")
    assert caught.value.key == "store.not_writable"
    assert list(folder.iterdir()) == []


def test_a_folder_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreOpenError) as caught:
        open_store(tmp_path)
    assert caught.value.key == "store.is_directory"


def test_a_text_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("客户名单\n张伟, 13800000000\n", encoding="utf-8")
    before = _digest(path)
    with pytest.raises(StoreOpenError) as caught:
        open_store(path)
    assert caught.value.key == "store.not_a_store"
    assert _digest(path) == before


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT)")
        conn.execute("INSERT INTO accounts (owner) VALUES ('someone')")
    before = _digest(path)
    with pytest.raises(StoreOpenError) as caught:
        open_store(path)
    assert caught.value.key == "store.not_a_store"
    assert _digest(path) == before


def test_a_store_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = _digest(path)
    with pytest.raises(StoreOpenError) as caught:
        open_store(path)
    assert caught.value.key == "store.too_new"
    assert "9999" in caught.value.message()
    assert _digest(path) == before


def test_a_failed_creation_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_migration(*_args: object) -> None:
        raise RuntimeError("disk full")

    folder = tmp_path / "stores"
    folder.mkdir()
    monkeypatch.setattr(store_db, "upgrade_schema", broken_migration)
    with pytest.raises(RuntimeError):
        open_store(folder / "s.db")
    assert list(folder.iterdir()) == []


def test_an_empty_file_becomes_a_store(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    opened = open_store(path)
    with opened.read_session() as session:
        assert session.get(LocalMeta, "device_id") is not None
    opened.close()


def test_a_failed_upgrade_leaves_the_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An older store whose upgrade fails keeps every row and its revision."""
    path = tmp_path / "s.db"
    opened = open_store(path)
    with opened.session() as session:
        session.add(Branch(code="001", name="仁怀支行"))
    opened.close()
    monkeypatch.setattr(store_db, "KNOWN_REVISIONS", (*KNOWN_REVISIONS, "9000"))
    monkeypatch.setattr(store_db, "HEAD_REVISION", "9000")

    def failing_upgrade(conn: object) -> None:
        conn.exec_driver_sql("DROP TABLE branch")  # type: ignore[attr-defined]
        raise RuntimeError("boom")

    monkeypatch.setattr(store_db, "upgrade_schema", failing_upgrade)
    with pytest.raises(StoreOpenError) as caught:
        open_store(path)
    assert caught.value.key == "store.migration_failed"
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT name FROM branch").fetchall() == [("仁怀支行",)]
    assert (tmp_path / "s.db.before-9000.bak").exists()
    assert os.stat(tmp_path / "s.db.before-9000.bak").st_mode & 0o077 == 0


def test_an_older_store_is_upgraded_keeping_its_data(tmp_path: Path) -> None:
    """A store left at the first revision opens at head with every row intact."""
    path = tmp_path / "old.db"
    opened = open_store(path)
    with opened.session() as session:
        session.add(Branch(code="001", name="仁怀支行"))
    with opened.engine.begin() as conn:
        from alembic import command
        from alembic.config import Config as AlembicConfig

        config = AlembicConfig()
        config.set_main_option("script_location", "store:migrations")
        config.attributes["connection"] = conn
        command.downgrade(config, KNOWN_REVISIONS[0])
    opened.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            KNOWN_REVISIONS[0],
        )
    upgraded = open_store(path)
    with upgraded.read_session() as session:
        assert session.scalars(select(Branch.name)).all() == ["仁怀支行"]
    upgraded.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            HEAD_REVISION,
        )
        indexes = {row[1] for row in conn.execute("PRAGMA index_list('client')")}
    assert "ix_client_list" in indexes
    assert (tmp_path / f"old.db.before-{HEAD_REVISION}.bak").exists()
