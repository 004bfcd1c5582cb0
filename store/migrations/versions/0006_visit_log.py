"""visit log: structured visit records, role at the time, follow-up tasks, preferences

The visit record follows the seed's structure (what was prepared, what was
discussed, needs, next steps), so `interaction` gains the fields a
structured record needs. A participant keeps the level they held at the
visit (`level`): cadence is tracked by role, and a manager promoted next
year must not turn last year's client-manager visits into senior ones.
Rows written before this revision have no level; readers fall back to the
manager's current level. A task made from a follow-up points at its
visit; a task made from cadence names the role whose visit is due. A
client's preferences and things to avoid feed the pre-visit brief.

Only nullable columns are added, so existing rows keep their data and
older laptops' pushes (which do not name these fields) stay valid.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

#: (table, column) pairs this revision adds, in order.
ADDED = [
    ("client", sa.Column("preferences", sa.Text(), nullable=True)),
    ("client", sa.Column("avoid", sa.Text(), nullable=True)),
    ("interaction", sa.Column("prepared", sa.Text(), nullable=True)),
    ("interaction", sa.Column("needs", sa.Text(), nullable=True)),
    ("interaction", sa.Column("products", sa.Text(), nullable=True)),
    ("interaction", sa.Column("satisfaction", sa.Integer(), nullable=True)),
    ("interaction", sa.Column("follow_ups", sa.Text(), nullable=True)),
    ("interaction_participant", sa.Column("level", sa.String(length=30), nullable=True)),
    ("task", sa.Column("interaction_id", sa.String(length=36), nullable=True)),
    ("task", sa.Column("role", sa.String(length=30), nullable=True)),
]


def upgrade() -> None:
    for table, column in ADDED:
        op.add_column(table, column)
    op.create_index(op.f("ix_task_interaction_id"), "task", ["interaction_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_task_interaction_id"), table_name="task")
    # A plain ALTER (SQLite 3.35+): a batch rebuild would drop a table that
    # other rows still reference, and the client table's expression indexes.
    for table, column in reversed(ADDED):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column.name}")
