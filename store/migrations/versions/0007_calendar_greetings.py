"""calendar greetings: a greeting's channel and cost, a greeting task's occasion

Completing a generated greeting reminder (a birthday, a festival) logs a
greeting in the visit log, which now says how it was sent (`channel`, a
GreetingChannel: SMS, card, flowers, cake, gift, call) and what it cost
(`cost_fen`, integer fen: money is never a float). The reminder's state is
a task whose id derives from (client, occasion, year), so two laptops that
complete or dismiss the same greeting offline write one row; `occasion`
names the Occasion that task stands for.

Only nullable columns are added, so existing rows keep their data and
older laptops' pushes (which do not name these fields) stay valid.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

#: (table, column) pairs this revision adds, in order.
ADDED = [
    ("interaction", sa.Column("channel", sa.String(length=12), nullable=True)),
    ("interaction", sa.Column("cost_fen", sa.BigInteger(), nullable=True)),
    ("task", sa.Column("occasion", sa.String(length=30), nullable=True)),
]


def upgrade() -> None:
    for table, column in ADDED:
        op.add_column(table, column)


def downgrade() -> None:
    # A plain ALTER (SQLite 3.35+): a batch rebuild would drop a table that
    # other rows still reference, and the client table's expression indexes.
    for table, column in reversed(ADDED):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column.name}")
