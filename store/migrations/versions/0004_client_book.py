"""client book: audit log, saved filters, manual tier and importance reasons

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _sync_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("sync_versions", sa.Text(), nullable=True),
    ]


def upgrade() -> None:
    op.add_column("client", sa.Column("tier_reason", sa.String(length=200), nullable=True))
    op.add_column("client", sa.Column("importance_reason", sa.String(length=200), nullable=True))
    op.create_table(
        "audit_entry",
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("manager_id", sa.String(length=36), nullable=True),
        sa.Column("changes", sa.Text(), nullable=False),
        *_sync_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    op.create_index(op.f("ix_audit_entry_hlc"), "audit_entry", ["hlc"], unique=False)
    op.create_index("ix_audit_entry_row", "audit_entry", ["row_id", "at"], unique=False)
    op.create_table(
        "saved_filter",
        sa.Column("manager_id", sa.String(length=36), nullable=True),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("spec", sa.Text(), nullable=False),
        *_sync_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_filter")),
    )
    op.create_index(op.f("ix_saved_filter_hlc"), "saved_filter", ["hlc"], unique=False)
    op.create_index(
        op.f("ix_saved_filter_manager_id"), "saved_filter", ["manager_id"], unique=False
    )


def downgrade() -> None:
    op.drop_table("saved_filter")
    op.drop_table("audit_entry")
    # A plain ALTER (SQLite 3.35+): a batch rebuild would drop a table that
    # other rows still reference.
    op.execute("ALTER TABLE client DROP COLUMN importance_reason")
    op.execute("ALTER TABLE client DROP COLUMN tier_reason")
