"""client search indexes: a wider list index and phone / ID tail indexes

`ix_client_list` also holds the columns the list filters on (tier,
importance, kind, owner) and the employer a company search reads, so a
filter or "my clients" is answered from the index alone, without reading
the wide table rows (at 100,000 clients a tier filter went from about 80
ms to about 20 ms a keystroke, a phone tail from 55 ms to 3 ms; see
tests/bench/bench_client_book.py).

On SQLite, two expression indexes on the last four characters of the
mobile and ID numbers serve the tail searches (`store.client_list` asks
``substr(col, -4) = ...`` with the -4 as a literal, which is what lets
SQLite match the index). They are SQLite-only: the shared PostgreSQL
database never runs the desk's list query. SQLAlchemy cannot reflect
expression indexes on SQLite, so they are not declared on the model and
the model/schema comparison does not see them; tests check them by name
(tests/unit/test_client_search_indexes.py). A later migration that
rebuilds the client table in batch mode (copy and move) must create them
again, since the rebuild reflects the table and would drop them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: ix_client_list as revision 0002 made it.
LIST_COLUMNS_0002 = ["aum_fen", "id", "name", "name_pinyin", "name_initials", "status", "deleted"]
LIST_COLUMNS = [
    *LIST_COLUMNS_0002, "tier", "importance", "kind", "owner_manager_id", "employer",
]  # fmt: skip
#: SQLite expression indexes: name → column whose last four characters are indexed.
TAIL_INDEXES = {"ix_client_phone_tail": "phone", "ix_client_id_tail": "id_number"}


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    op.drop_index("ix_client_list", table_name="client")
    op.create_index("ix_client_list", "client", LIST_COLUMNS, unique=False)
    if _sqlite():
        for name, column in TAIL_INDEXES.items():
            op.execute(f"CREATE INDEX {name} ON client (substr({column}, -4))")


def downgrade() -> None:
    if _sqlite():
        for name in TAIL_INDEXES:
            op.execute(f"DROP INDEX {name}")
    op.drop_index("ix_client_list", table_name="client")
    op.create_index("ix_client_list", "client", LIST_COLUMNS_0002, unique=False)
