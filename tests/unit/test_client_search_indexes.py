"""Migration 0005: the wider client list index and the phone / ID tail indexes.

SQLAlchemy cannot reflect expression indexes on SQLite, so the
model/schema comparison (test_store_open.py) does not see the tail
indexes; these tests check them by name and by the query plans that
should use them.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, select

from store import client_list
from store.client_list import ClientQuery, client_page, count_clients
from store.db import HEAD_REVISION, Store, open_store, upgrade_schema
from store.models import Client, ClientTag

ZONE = "Asia/Shanghai"
TAIL_INDEXES = {"ix_client_phone_tail", "ix_client_id_tail"}
LIST_0004 = ["aum_fen", "id", "name", "name_pinyin", "name_initials", "status", "deleted"]
LIST_0005 = [*LIST_0004, "tier", "importance", "kind", "owner_manager_id", "employer"]

# name, tier, importance, kind, phone, id number, status
CLIENTS = [
    ("张伟", "gold", "A", "individual", "13800001234", "110101199003070019", "active"),
    ("王芳", "platinum", "B", "individual", "13900005678", "11010119900307123X", "active"),
    ("李娜", "standard", "C", "individual", None, None, "archived"),
    ("茅台酒厂", "diamond", "A", "corporate", "085122386002", None, "active"),
]


def _add_clients(store: Store) -> None:
    with store.session() as session:
        for aum, (name, tier, importance, kind, phone, id_number, status) in enumerate(CLIENTS):
            session.add(
                Client(
                    name=name, tier=tier, importance=importance, kind=kind, phone=phone,
                    id_number=id_number, status=status, aum_fen=(aum + 1) * 1_000_000,
                )
            )  # fmt: skip


def _client_rows(path: Path) -> list[tuple[Any, ...]]:
    """Every client's columns as of revision 0005 (later revisions add others)."""
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT id, name, name_pinyin, phone, id_number, tier, importance, status, aum_fen"
            " FROM client ORDER BY id"
        ).fetchall()


def _client_indexes(path: Path) -> dict[str, str]:
    """Every index on `client` (SQLite's own excepted) → its CREATE statement."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'client'"
            " AND sql IS NOT NULL"
        ).fetchall()
    return dict(rows)


def _list_columns(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("PRAGMA index_info(ix_client_list)").fetchall()
    return [row[2] for row in rows]


def _revision(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def _downgrade(store: Store, target: str) -> None:
    config = Config()
    config.set_main_option("script_location", "store:migrations")
    with store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, target)


def test_a_new_store_has_the_search_indexes(store: Store) -> None:
    indexes = _client_indexes(store.path)
    assert indexes.keys() >= TAIL_INDEXES
    assert "substr(phone, -4)" in indexes["ix_client_phone_tail"]
    assert "substr(id_number, -4)" in indexes["ix_client_id_tail"]
    assert _list_columns(store.path) == LIST_0005


def test_a_store_at_0004_upgrades_in_place_and_downgrades(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    opened = open_store(path)
    _add_clients(opened)
    rows = _client_rows(path)
    _downgrade(opened, "0004")
    opened.close()

    # The downgrade leaves exactly the indexes a store built to 0004 has.
    fresh = tmp_path / "fresh_0004.db"
    engine = create_engine(f"sqlite+pysqlite:///{fresh}")
    with engine.begin() as conn:
        upgrade_schema(conn, "0004")
    engine.dispose()
    assert _revision(path) == "0004"
    assert _client_indexes(path) == _client_indexes(fresh)
    assert not TAIL_INDEXES & _client_indexes(path).keys()
    assert _list_columns(path) == LIST_0004
    assert _client_rows(path) == rows

    upgraded = open_store(path)
    upgraded.close()
    assert _revision(path) == HEAD_REVISION
    assert _client_indexes(path).keys() >= TAIL_INDEXES
    assert _list_columns(path) == LIST_0005
    assert _client_rows(path) == rows
    assert (tmp_path / f"s.db.before-{HEAD_REVISION}.bak").exists()


# --- the plans the desk's queries get --------------------------------------------------


@pytest.fixture
def book(store: Store) -> Iterator[Store]:
    _add_clients(store)
    store.manager_id = "me"  # "my clients" needs someone signed in; the plan does not
    yield store


def _list_plans(store: Store, query: ClientQuery) -> dict[str, list[str]]:
    """EXPLAIN QUERY PLAN of `count_clients` and of the ids `client_page` reads.

    Keys: ``count`` and ``ids`` (the window or one-pass ids); the row
    details and next-due statements that follow look clients up by id.
    """
    statements: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, sql: str, params: Any, *_: Any) -> None:
        statements.append((sql, params))

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        with store.read_session() as session:
            count_clients(session, query, ZONE)
            client_page(session, query, 100, ZONE)
            raw = session.connection().connection.driver_connection
            plans: dict[str, list[str]] = {}
            for sql, params in statements:
                flat = " ".join(sql.split())
                if "FROM (SELECT 1" in flat:
                    continue  # the sparse-prefix probe (its own test below)
                if flat.startswith("SELECT count(*)"):
                    kind = "count"
                elif flat.startswith("SELECT client.id FROM client WHERE"):
                    kind = "ids"
                else:
                    continue
                plan = raw.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
                plans[kind] = [row[3] for row in plan]
    finally:
        event.remove(store.engine, "before_cursor_execute", record)
    return plans


def _reads_the_table(plan: list[str]) -> bool:
    """A full scan of the client table (not of one of its indexes)."""
    return any(re.fullmatch(r"SCAN client", step) for step in plan)


@pytest.mark.parametrize(
    ("search", "indexes"),
    [
        ("1234", TAIL_INDEXES),  # a mobile or ID tail: both indexes, OR-ed
        ("001234", TAIL_INDEXES),  # a longer tail: the last four find, the rest checks
        ("123x", {"ix_client_id_tail"}),  # ends with the ID check character
    ],
)
def test_tail_searches_use_the_expression_indexes(
    book: Store, search: str, indexes: set[str]
) -> None:
    plans = _list_plans(book, ClientQuery(search=search))
    assert plans.keys() == {"count", "ids"}
    for plan in plans.values():
        used = {name for step in plan for name in TAIL_INDEXES if f"INDEX {name} " in step}
        assert used == indexes
        assert not _reads_the_table(plan)


@pytest.mark.parametrize(
    "query",
    [
        ClientQuery(tiers=("gold",)),
        ClientQuery(tiers=("diamond", "private")),
        ClientQuery(importance=("A",)),
        ClientQuery(kind="corporate"),
        ClientQuery(mine=True),
        ClientQuery(mine=True, search="wang"),
        ClientQuery(search="茅台酒"),  # a company: the employer is in the index
    ],
)
def test_filters_are_answered_from_the_covering_index(
    book: Store, query: ClientQuery, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every pinyin prefix counts as shared by many clients (this book is tiny).
    monkeypatch.setattr(client_list, "SPARSE_LIMIT", -1)
    covering = ["SCAN client USING COVERING INDEX ix_client_list"]
    # No table row read and, for the window, no sort: it walks the index in
    # AUM order and stops when full.
    assert _list_plans(book, query) == {"count": covering, "ids": covering}


@pytest.mark.parametrize(
    ("search", "indexes"),
    [
        ("z", {"ix_client_name_initials"}),  # one letter: the initials say it all
        ("zw", {"ix_client_name_pinyin", "ix_client_name_initials"}),
        ("zhangwei", {"ix_client_name_pinyin", "ix_client_name_initials"}),
    ],
)
def test_a_prefix_few_clients_share_is_looked_up_in_the_pinyin_indexes(
    book: Store, search: str, indexes: set[str]
) -> None:
    """Few matches (every prefix is rare in this book): no walk of the whole
    list's index; the keys' indexes find them and the matches are sorted."""
    plans = _list_plans(book, ClientQuery(search=search))
    keys = ("ix_client_name_pinyin", "ix_client_name_initials")
    used = {name for step in plans["ids"] for name in keys if f"INDEX {name} " in step}
    assert used == indexes
    assert not any("ix_client_list" in step for step in plans["ids"])
    assert "USE TEMP B-TREE FOR ORDER BY" in plans["ids"]


@pytest.mark.parametrize(
    ("search", "indexes"),
    [
        ("张", {"ix_client_name"}),  # one character: names only
        ("茅台", {"ix_client_name", "ix_client_employer"}),
    ],
)
def test_chinese_text_few_clients_match_is_looked_up_through_its_grams(
    book: Store, search: str, indexes: set[str]
) -> None:
    plans = _list_plans(book, ClientQuery(search=search))
    columns = ("ix_client_name", "ix_client_employer")
    used = {name for step in plans["ids"] for name in columns if f"INDEX {name} " in step}
    assert used == indexes
    assert any("search_gram" in step for step in plans["ids"])
    assert not any("ix_client_list" in step for step in plans["ids"])


def test_a_tag_many_clients_carry_is_walked_in_list_order(
    book: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No sort of every tagged client: the window walks an index in AUM order."""
    monkeypatch.setattr(client_list, "SPARSE_LIMIT", -1)  # every tag counts as common
    with book.session() as session:
        client = session.scalars(select(Client)).first()
        assert client is not None
        session.add(ClientTag(client_id=client.id, tag="高尔夫"))
    plan = _list_plans(book, ClientQuery(tags=("高尔夫",)))["ids"]
    assert any(re.match(r"SCAN client USING COVERING INDEX ix_client_", step) for step in plan)
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan
