"""Alembic environment: always run by `store.db` on a connection it owns.

clientdesk never runs Alembic against a URL from an ini file; the store
passes its open connection in `config.attributes["connection"]`, so the
migration runs inside the transaction the store controls (SQLite DDL is
transactional: a failed upgrade rolls back and leaves the file as it was).
"""

from __future__ import annotations

from alembic import context

from store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
