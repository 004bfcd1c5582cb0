"""client last contact: a local, trigger-kept `client.last_contact_at` (SQLite only)

The client list's "no contact for N days" filter and its sort by last
contact computed each client's latest visit-log entry per query: at
100,000 clients about 400 ms and 800 ms a keystroke. This revision keeps
that value on the client row instead, in a column of the local store only:

    last_contact_at = max(occurred_at) of the client's interactions
                      that are not withdrawn (deleted = 0), NULL if none

(exactly `store.client_list._last_contact_of_client`). SQLite triggers keep
it: after an interaction is inserted, after its time, tombstone or client
changes (a correction moving it to another client updates both clients),
after a row is deleted outright, and after a client is inserted that
already has entries. Sync writes pulled rows with plain INSERT/UPDATE
statements, so the triggers fire for them as for the app's own writes.

The column is derived data: it is not on the ORM model, so sync (the
codecs are built from the models), change capture and the audit log never
see it, and the shared PostgreSQL database does not get it, nor the
triggers or indexes (the server never runs the list query). The
model/schema test on SQLite leaves it out by name (`LOCAL_ONLY_COLUMNS`).
Two indexes serve the list: one in last-contact order (the sort, and the
count of the filter), one in the list's AUM order holding the column (the
filter's first window, walked without reading table rows).

A later migration that rebuilds `client` or `interaction` in batch mode
must create the triggers again (a rebuild drops them).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMN = "last_contact_at"
#: index name → its columns (SQLite; see the module docstring).
INDEXES = {
    "ix_client_last_contact": "last_contact_at, aum_fen DESC, id DESC, deleted, status",
    "ix_client_contact_by_aum": "aum_fen, id, last_contact_at, deleted, status",
}


def _latest(client: str) -> str:
    """SQL for the last contact of the client whose id is the expression `client`."""
    return f"(SELECT max(occurred_at) FROM interaction WHERE client_id = {client} AND deleted = 0)"


def _refresh(client: str) -> str:
    """An UPDATE setting one client's column; it writes only when the value changes."""
    return (
        f"UPDATE client SET {COLUMN} = {_latest(client)}"
        f" WHERE id = {client} AND {COLUMN} IS NOT {_latest(client)};"
    )


#: trigger name → its CREATE statement.
TRIGGERS = {
    "trg_interaction_contact_insert": (
        "CREATE TRIGGER trg_interaction_contact_insert AFTER INSERT ON interaction"
        f" BEGIN {_refresh('NEW.client_id')} END"
    ),
    "trg_interaction_contact_update": (
        "CREATE TRIGGER trg_interaction_contact_update"
        " AFTER UPDATE OF occurred_at, deleted, client_id ON interaction"
        f" BEGIN {_refresh('NEW.client_id')} {_refresh('OLD.client_id')} END"
    ),
    "trg_interaction_contact_delete": (
        "CREATE TRIGGER trg_interaction_contact_delete AFTER DELETE ON interaction"
        f" BEGIN {_refresh('OLD.client_id')} END"
    ),
    "trg_client_contact_insert": (
        "CREATE TRIGGER trg_client_contact_insert AFTER INSERT ON client"
        " WHEN EXISTS (SELECT 1 FROM interaction WHERE client_id = NEW.id)"
        f" BEGIN {_refresh('NEW.id')} END"
    ),
}


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    if not _sqlite():
        return  # the shared database never lists clients: nothing to keep there
    op.execute(f"ALTER TABLE client ADD COLUMN {COLUMN} DATETIME")
    op.execute(
        f"UPDATE client SET {COLUMN} = latest.at FROM ("
        " SELECT client_id, max(occurred_at) AS at FROM interaction"
        " WHERE deleted = 0 GROUP BY client_id"
        ") AS latest WHERE client.id = latest.client_id"
    )
    for name, columns in INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON client ({columns})")
    for statement in TRIGGERS.values():
        op.execute(statement)


def downgrade() -> None:
    if not _sqlite():
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    for name in INDEXES:
        op.execute(f"DROP INDEX {name}")
    # A plain ALTER (SQLite 3.35+): a batch rebuild would drop the expression indexes.
    op.execute(f"ALTER TABLE client DROP COLUMN {COLUMN}")
