"""PostgreSQL tests: the server URL comes from one environment variable.

On a laptop without a server they are skipped with the reason; in CI
(`CI=true`) a missing server is a failure, because CI must run them.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from store.db import Store, open_store

PG_ENV = "CLIENTDESK_TEST_PG_URL"
_counter = itertools.count()


def _sqlalchemy_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def server_url() -> str:
    """The test server's URL; skips (or fails in CI) when there is none."""
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{PG_ENV} is not set; CI must provide PostgreSQL")
        pytest.skip(f"{PG_ENV} is not set; no PostgreSQL server to test against")
    return url


def scoped_url(url: str, schema: str) -> str:
    """A libpq URL whose connections work in `schema` only."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}"


@contextmanager
def fresh_schema(url: str, name: str) -> Iterator[str]:
    """A new empty schema, dropped afterwards (with everything in it)."""
    schema = f"{name}_{os.getpid()}_{next(_counter)}"
    engine = create_engine(_sqlalchemy_url(url))
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield schema
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A libpq URL onto a fresh, empty schema (a shared database not yet set up)."""
    url = server_url()
    with fresh_schema(url, "s") as schema:
        yield scoped_url(url, schema)


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    """An engine on a fresh, empty schema of the test database."""
    url = server_url()
    engine = create_engine(_sqlalchemy_url(url))
    schema = f"t_{os.getpid()}_{id(engine) % 100000}"
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped = create_engine(
        _sqlalchemy_url(url), connect_args={"options": f"-c search_path={schema}"}
    )
    yield scoped
    scoped.dispose()
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def server(pg_url: str) -> str:
    """A fresh shared database, initialised as `clientdesk server init` does."""
    from store.sync.server import init_server

    init_server(pg_url, "test")
    return pg_url


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[Callable[..., Store]]:
    """`laptops(name, manager_id=None)`: a new local store (a laptop), closed after the test."""
    opened: list[Store] = []

    def make(name: str, manager_id: str | None = None) -> Store:
        store = open_store(tmp_path / f"{name}.db")
        store.manager_id = manager_id
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()
