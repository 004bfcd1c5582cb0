"""PostgreSQL tests: the server URL comes from one environment variable.

On a laptop without a server they are skipped with the reason; in CI
(`CI=true`) a missing server is a failure, because CI must run them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text

PG_ENV = "CLIENTDESK_TEST_PG_URL"


def _sqlalchemy_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    """An engine on a fresh, empty schema of the test database."""
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{PG_ENV} is not set; CI must provide PostgreSQL")
        pytest.skip(f"{PG_ENV} is not set; no PostgreSQL server to test against")
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
