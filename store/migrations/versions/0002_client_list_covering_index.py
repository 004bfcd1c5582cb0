"""client list covering index

The desk's list is ordered by AUM and searched by name and pinyin; one
index holding all of those lets SQLite answer a keystroke from the index
alone at 100,000 clients. It replaces the narrower ix_client_aum.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LIST_COLUMNS = ["aum_fen", "id", "name", "name_pinyin", "name_initials", "status", "deleted"]


def upgrade() -> None:
    op.drop_index("ix_client_aum", table_name="client")
    op.create_index("ix_client_list", "client", LIST_COLUMNS, unique=False)


def downgrade() -> None:
    op.drop_index("ix_client_list", table_name="client")
    op.create_index("ix_client_aum", "client", ["aum_fen", "id"], unique=False)
