"""client search grams: find a rare Chinese name without reading the whole book (SQLite only)

A Chinese search tests whether a client's name (or, from two characters,
employer) contains the typed text. Few clients match a full name (张伟: 80
of 100,000), and the list found them by walking every entry of its
covering index: one full scan a keystroke, growing with the book.

This revision keeps, in a table of the local store only, every character
and every pair of adjacent characters of every name and employer the
store holds, with the text they come from:

    search_gram (gram, text): ("张", "张伟宁"), ("伟宁", "张伟宁"), ...

The texts of a typed search are those holding its first one or two
characters that also contain the whole search (`instr`), and the clients
are those whose name or employer is one of those texts: looked up through
an index on each column (`ix_client_name`, and `ix_client_employer` made
here). Keyed by the text, not by client, the table stays small (names
repeat, employers repeat far more), a client's edit only adds the new
text's grams, and rows that no client uses any more are harmless: a text
nobody has matches nobody.

SQLite triggers add the grams of a name or employer when a client is
inserted and when either column changes; sync writes pulled rows with
plain INSERT/UPDATE statements, so the triggers fire for them too. The
table is derived data like 0008's column: no model declares it, so sync,
change capture and the audit log never see it, and the shared PostgreSQL
database does not get it (the server never runs the list query).

A later migration that rebuilds `client` in batch mode must create the
triggers again (a rebuild drops them).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TABLE = "search_gram"
#: Positions 1..1000 (ten times the longest name and employer the models
#: allow), for cutting a text into grams without a recursive query
#: (triggers allow none).
POSITIONS = "search_gram_position"
MAX_LENGTH = 1000
EMPLOYER_INDEX = "ix_client_employer"
COLUMNS = ("name", "employer")


def _grams_of(text: str) -> str:
    """SELECT of every (gram, text) of the SQL expression `text` (NULL: none)."""
    return (
        f"SELECT substr({text}, p.i, 1) AS gram, {text} AS text FROM {POSITIONS} AS p"
        f" WHERE {text} IS NOT NULL AND p.i <= length({text})"
        f" UNION SELECT substr({text}, p.i, 2), {text} FROM {POSITIONS} AS p"
        f" WHERE {text} IS NOT NULL AND p.i < length({text})"
    )


def _trigger(name: str, event: str, column: str) -> str:
    """A trigger adding the grams of NEW.`column` when the text has none yet.

    A text's grams go in together, its first character among them, so that
    one row tells whether the rest are there: a repeated employer costs one
    lookup. Nothing the body inserts can already exist, which matters
    because a statement that fires a trigger imposes its own conflict
    handling on the trigger's statements (an ``INSERT OR IGNORE`` here made
    an upsert of a client fail).
    """
    text = f"NEW.{column}"
    return (
        f"CREATE TRIGGER {name} AFTER {event} ON client"
        f" WHEN {text} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {TABLE}"
        f" WHERE gram = substr({text}, 1, 1) AND text = {text})"
        f" BEGIN INSERT INTO {TABLE} (gram, text) {_grams_of(text)}; END"
    )


#: trigger name → its CREATE statement.
TRIGGERS = {
    name: _trigger(name, event, column)
    for name, event, column in (
        ("trg_client_search_name_insert", "INSERT", "name"),
        ("trg_client_search_employer_insert", "INSERT", "employer"),
        ("trg_client_search_name_update", "UPDATE OF name", "name"),
        ("trg_client_search_employer_update", "UPDATE OF employer", "employer"),
    )
}


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    if not _sqlite():
        return  # the shared database never lists clients: nothing to keep there
    op.execute(f"CREATE TABLE {POSITIONS} (i INTEGER PRIMARY KEY)")
    op.execute(
        f"INSERT INTO {POSITIONS} (i) SELECT value FROM json_each("
        f"'[{','.join(str(i) for i in range(1, MAX_LENGTH + 1))}]')"
    )
    op.execute(
        f"CREATE TABLE {TABLE} (gram TEXT NOT NULL, text TEXT NOT NULL,"
        " PRIMARY KEY (gram, text)) WITHOUT ROWID"
    )
    for column in COLUMNS:
        texts = f"SELECT DISTINCT {column} AS t FROM client WHERE {column} IS NOT NULL"
        op.execute(
            f"INSERT OR IGNORE INTO {TABLE} (gram, text)"
            f" SELECT substr(c.t, p.i, 1), c.t FROM ({texts}) AS c"
            f" JOIN {POSITIONS} AS p ON p.i <= length(c.t)"
            f" UNION SELECT substr(c.t, p.i, 2), c.t FROM ({texts}) AS c"
            f" JOIN {POSITIONS} AS p ON p.i < length(c.t)"
        )
    op.execute(f"CREATE INDEX {EMPLOYER_INDEX} ON client (employer)")
    for statement in TRIGGERS.values():
        op.execute(statement)


def downgrade() -> None:
    if not _sqlite():
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.execute(f"DROP INDEX {EMPLOYER_INDEX}")
    op.execute(f"DROP TABLE {TABLE}")
    op.execute(f"DROP TABLE {POSITIONS}")
