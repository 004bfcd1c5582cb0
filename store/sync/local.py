"""The laptop's side of a sync: the outbox, pulled changes and sync facts.

Every function here that writes takes a connection inside the caller's
one IMMEDIATE transaction, so data, outbox and cursor move together.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from store.models import Base, LocalMeta, OutboxChange
from store.sync.merge import Change, RowState, apply_change
from store.sync.push_plan import Outgoing
from store.sync.server import FeedCursor, row_values
from store.sync.versions import (
    codec,
    dump_versions,
    latest,
    load_versions,
    synced_table_names,
    version_device,
    version_hlc,
)

CURSOR_KEY = "sync_cursor"
LAST_SYNC_KEY = "sync_last_at"
#: SQLite binds at most 32766 values per statement; stay well below.
_ID_CHUNK = 5000


#: Rows that ride along with a person's changes: the audit trail the capture
#: path writes with each edit, the laptop's own `sync_device` row its first
#: sync adds, and conflict records (made by the shared database, closed with
#: the resolving edit, and reported as conflicts, not changes). They sync
#: like any row but are not counted, so one edit or one resolution shows as
#: one pending change, one pushed change.
BOOKKEEPING_TABLES: frozenset[str] = frozenset({"audit_entry", "sync_device", "sync_conflict"})


def pending_count(conn: Connection, *, bookkeeping: bool = True) -> int:
    """Local changes not yet accepted by the shared database.

    `bookkeeping=False` leaves out audit entries: the figure a person sees.
    """
    statement = select(func.count()).select_from(OutboxChange)
    if not bookkeeping:
        statement = statement.where(OutboxChange.table_name.not_in(BOOKKEEPING_TABLES))
    return int(conn.execute(statement).scalar_one())


def counted(changes: Sequence[Any]) -> int:
    """How many of `changes` (anything with a `.table`) a person made."""
    return sum(1 for change in changes if change.table not in BOOKKEEPING_TABLES)


def outbox_batch(conn: Connection, after_seq: int, up_to_seq: int, size: int
                 ) -> tuple[list[Outgoing], int]:
    """The next `size` outbox entries in write order, and the last seq read."""
    rows = conn.exec_driver_sql(
        "SELECT seq, change_id, table_name, row_id, version, author, fields, base"
        " FROM sync_outbox WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
        (after_seq, up_to_seq, size),
    ).fetchall()
    return [Outgoing(*row[1:]) for row in rows], (rows[-1][0] if rows else after_seq)


def last_outbox_seq(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.max(OutboxChange.seq), 0))).scalar_one())


def accept_pushed(conn: Connection, batch: Sequence[Outgoing], seqs: tuple[int, int],
                  corrections: dict[str, str]) -> None:
    """Drop a pushed batch (outbox seqs after `seqs[0]` up to `seqs[1]`) from the
    outbox, and adopt the versions the server re-stamped."""
    conn.execute(delete(OutboxChange).where(
        OutboxChange.seq > seqs[0], OutboxChange.seq <= seqs[1]))
    by_id = {c.change_id: c for c in batch}
    for change_id, version in corrections.items():
        sent = by_id[change_id]
        _restamp(conn, sent.table, sent.row_id, sent.version, version)


def _restamp(conn: Connection, table_name: str, row_id: str, sent: str, accepted: str) -> None:
    """Replace a version the server bounded, in the row and in queued changes."""
    table = Base.metadata.tables[table_name]
    row = conn.execute(select(table.c.sync_versions).where(table.c.id == row_id)).first()
    if row is not None:
        versions = {k: (accepted if v == sent else v) for k, v in load_versions(row[0]).items()}
        newest = latest(versions)
        conn.execute(update(table).where(table.c.id == row_id).values(
            sync_versions=dump_versions(versions), hlc=version_hlc(newest),
            device_id=version_device(newest)))
    queued = conn.execute(select(OutboxChange.seq, OutboxChange.base).where(
        OutboxChange.table_name == table_name, OutboxChange.row_id == row_id)).all()
    for seq, base in queued:
        if base and sent in base:
            conn.execute(update(OutboxChange).where(OutboxChange.seq == seq)
                         .values(base=base.replace(sent, accepted)))


def apply_pulled(conn: Connection, changes: Iterable[Change]) -> int:
    """Merge pulled changes into local rows (parents first); returns rows changed."""
    by_table: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        by_table[change.table].append(change)
    written = 0
    for table in synced_table_names():
        if table in by_table:
            written += _apply_table(conn, table, by_table[table])
    return written


def _apply_table(conn: Connection, table_name: str, changes: list[Change]) -> int:
    """Merge one table's pulled changes: new rows inserted whole, others updated
    in just the fields that won (fields that lost are not even read)."""
    data_columns = codec(table_name).data_columns
    versions = _local_versions(conn, table_name, sorted({c.row_id for c in changes}))
    new_rows: dict[str, RowState] = {}
    updated: dict[str, RowState] = {}
    for change in changes:
        row_id = change.row_id
        if row_id in new_rows:
            apply_change(new_rows[row_id], change, data_columns, detect=False)
        elif row_id in versions:
            state = updated.get(row_id) or RowState({}, versions[row_id])
            state, result = apply_change(state, change, data_columns, detect=False)
            if result.changed:
                updated[row_id] = state
        else:
            new_rows[row_id], _ = apply_change(None, change, data_columns, detect=False)
    _insert_local(conn, table_name, new_rows)
    _update_local(conn, table_name, updated)
    return len(new_rows) + len(updated)


def _local_versions(conn: Connection, table_name: str, ids: list[str]) -> dict[str, dict[str, str]]:
    found = conn.exec_driver_sql(
        f'SELECT id, sync_versions FROM "{table_name}"'
        " WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),),
    )
    return {row_id: load_versions(text) for row_id, text in found}


def _insert_local(conn: Connection, table_name: str, rows: dict[str, RowState]) -> None:
    if not rows:
        return
    table_codec = codec(table_name)
    columns = table_codec.columns
    names = ", ".join(f'"{name}"' for name in columns)
    marks = ", ".join("?" for _ in columns)
    conn.exec_driver_sql(
        f'INSERT INTO "{table_name}" ({names}) VALUES ({marks})',
        [table_codec.for_sqlite(columns, row_values(columns, row_id, state))
         for row_id, state in rows.items()],
    )


def _update_local(conn: Connection, table_name: str, rows: dict[str, RowState]) -> None:
    """One executemany per set of fields that won (usually one set)."""
    table_codec = codec(table_name)
    by_fields: dict[tuple[str, ...], list[tuple[str, RowState]]] = defaultdict(list)
    for row_id, state in rows.items():
        by_fields[tuple(sorted(state.values))].append((row_id, state))
    for fields, group in by_fields.items():
        columns = [*fields, "hlc", "device_id", "sync_versions", "id"]
        assignments = ", ".join(f'"{name}" = ?' for name in columns[:-1])
        conn.exec_driver_sql(
            f'UPDATE "{table_name}" SET {assignments} WHERE id = ?',
            [table_codec.for_sqlite(columns, row_values(columns, row_id, state))
             for row_id, state in group],
        )


def read_meta(conn: Connection, key: str) -> str | None:
    return conn.execute(select(LocalMeta.value).where(LocalMeta.key == key)).scalar()


def write_meta(conn: Connection, key: str, value: str) -> None:
    statement = sqlite_insert(LocalMeta).values(key=key, value=value)
    conn.execute(statement.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def last_sync_at(conn: Connection) -> datetime | None:
    value = read_meta(conn, LAST_SYNC_KEY)
    return datetime.fromisoformat(value) if value else None


def sync_cursor(conn: Connection) -> FeedCursor:
    return FeedCursor.loads(read_meta(conn, CURSOR_KEY))
