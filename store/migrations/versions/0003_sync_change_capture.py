"""sync: per-field versions, the outbox, devices, conflicts and the server feed

Every synced table gains `sync_versions`, the per-field clock the merge
needs. Rows written before this revision get a version map from their row
stamp and one outbox change holding all their fields, so a store filled
by an earlier clientdesk pushes everything on its first sync.

On PostgreSQL (the shared database) it also makes the change feed
`sync_change` and `sync_server_info`; those exist only on the server.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: The synced tables as of revision 0002 (a later table is born with the column).
SYNCED_0002 = (
    "branch", "manager", "client", "client_tag", "client_relation", "key_contact",
    "interaction", "interaction_participant", "calendar_event", "event_client", "task",
)
META = {"id", "hlc", "device_id", "sync_versions"}


def _sync_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("sync_versions", sa.Text(), nullable=True),
    ]


def upgrade() -> None:
    for table in SYNCED_0002:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("sync_versions", sa.Text(), nullable=True))
    op.create_table(
        "sync_outbox",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("change_id", sa.String(length=64), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("author", sa.String(length=36), nullable=True),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("base", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sync_outbox")),
        sa.UniqueConstraint("change_id", name=op.f("uq_sync_outbox_change_id")),
    )
    op.create_table(
        "sync_device",
        sa.Column("manager_id", sa.String(length=36), nullable=True),
        sa.Column("label", sa.String(length=100), nullable=False),
        *_sync_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_device")),
    )
    op.create_index(op.f("ix_sync_device_hlc"), "sync_device", ["hlc"], unique=False)
    op.create_table(
        "sync_conflict",
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=12), nullable=False),
        sa.Column("winner_value", sa.Text(), nullable=True),
        sa.Column("winner_version", sa.String(length=64), nullable=False),
        sa.Column("loser_value", sa.Text(), nullable=True),
        sa.Column("loser_version", sa.String(length=64), nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        *_sync_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflict")),
    )
    op.create_index(op.f("ix_sync_conflict_hlc"), "sync_conflict", ["hlc"], unique=False)
    op.create_index(op.f("ix_sync_conflict_row_id"), "sync_conflict", ["row_id"], unique=False)
    op.create_index(
        op.f("ix_sync_conflict_resolved"), "sync_conflict", ["resolved"], unique=False
    )
    if op.get_bind().dialect.name == "postgresql":
        _server_tables()
        _backfill_versions_postgresql()
    else:
        _backfill_sqlite()


def _server_tables() -> None:
    """The shared database's change feed (see store/sync/server.py for its rules).

    `fields` and `base` are JSON kept as text: the merge parses them once,
    where a json column would parse every row again on the way in.
    """
    op.execute("""
        CREATE TABLE sync_change (
            change_id text PRIMARY KEY,
            seq bigint GENERATED ALWAYS AS IDENTITY,
            txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
            table_name text NOT NULL,
            row_id text NOT NULL,
            version text NOT NULL,
            sent_version text,
            device_id text NOT NULL,
            author text,
            fields text NOT NULL,
            base text,
            received_at timestamptz NOT NULL DEFAULT now()
        )
    """)
    op.execute("CREATE INDEX ix_sync_change_feed ON sync_change (txid, seq)")
    op.execute(
        "CREATE INDEX ix_sync_change_sent ON sync_change (sent_version)"
        " WHERE sent_version IS NOT NULL"
    )
    op.execute("CREATE TABLE sync_server_info (key text PRIMARY KEY, value text NOT NULL)")


def _backfill_versions_postgresql() -> None:
    for table in SYNCED_0002:
        op.execute(
            f"UPDATE {table} SET sync_versions = jsonb_build_object("
            f"'', lpad(to_hex(hlc), 16, '0') || ':' || device_id)::text"
        )


def _backfill_sqlite() -> None:
    """Version maps and one whole-row outbox change for every existing row."""
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    for table in SYNCED_0002:
        columns = [c["name"] for c in inspector.get_columns(table) if c["name"] not in META]
        pairs = ", ".join(f"'{name}', \"{name}\"" for name in columns)
        version = "printf('%016x:%s', hlc, device_id)"
        # The text form of store.sync.versions.dump_versions (jsonb's output).
        op.execute(f"UPDATE {table} SET sync_versions = '{{\"\": \"' || {version} || '\"}}'")
        op.execute(
            "INSERT INTO sync_outbox (change_id, table_name, row_id, version, fields)"
            f" SELECT 'm0003-' || id, '{table}', id, {version}, json_object({pairs})"
            f" FROM {table} ORDER BY rowid"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE sync_server_info")
        op.execute("DROP TABLE sync_change")
    op.drop_table("sync_conflict")
    op.drop_table("sync_device")
    op.drop_table("sync_outbox")
    for table in SYNCED_0002:
        # A plain ALTER (SQLite 3.35+): a batch rebuild would drop tables
        # that other rows still reference.
        op.execute(f"ALTER TABLE {table} DROP COLUMN sync_versions")
