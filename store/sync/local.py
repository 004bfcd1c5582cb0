"""The laptop's side of a sync: the outbox, pulled changes and sync facts.

Every function here that writes takes a connection inside the caller's
one IMMEDIATE transaction, so data, outbox and cursor move together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Connection, delete, func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from store.models import Base, LocalMeta, OutboxChange
from store.sync.merge import Change, RowState, apply_change
from store.sync.server import FeedCursor, Outgoing, row_tuple
from store.sync.versions import codec, dump_versions, load_versions, synced_table_names

CURSOR_KEY = "sync_cursor"
LAST_SYNC_KEY = "sync_last_at"
#: SQLite binds at most 32766 values per statement; stay well below.
_ID_CHUNK = 5000


def pending_count(conn: Connection) -> int:
    """Local changes not yet accepted by the shared database."""
    return int(conn.execute(select(func.count()).select_from(OutboxChange)).scalar_one())


def outbox_batch(conn: Connection, after_seq: int, up_to_seq: int, size: int
                 ) -> tuple[list[Outgoing], int]:
    """The next `size` outbox entries in write order, and the last seq read."""
    rows = conn.execute(
        select(OutboxChange).where(OutboxChange.seq > after_seq, OutboxChange.seq <= up_to_seq)
        .order_by(OutboxChange.seq).limit(size)
    ).all()
    batch = [
        Outgoing(r.change_id, r.table_name, r.row_id, r.version, r.author, r.fields, r.base)
        for r in rows
    ]
    return batch, (rows[-1].seq if rows else after_seq)


def last_outbox_seq(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.max(OutboxChange.seq), 0))).scalar_one())


def accept_pushed(conn: Connection, batch: Sequence[Outgoing], corrections: dict[str, str]
                  ) -> None:
    """Drop pushed entries from the outbox; adopt versions the server re-stamped."""
    ids = [c.change_id for c in batch]
    for start in range(0, len(ids), _ID_CHUNK):
        conn.execute(delete(OutboxChange).where(
            OutboxChange.change_id.in_(ids[start:start + _ID_CHUNK])))
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
        conn.execute(update(table).where(table.c.id == row_id)
                     .values(sync_versions=dump_versions(versions)))
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
    table_codec = codec(table_name)
    states = _local_rows(conn, table_name, sorted({c.row_id for c in changes}))
    touched: dict[str, RowState] = {}
    for change in changes:
        state, result = apply_change(
            states.get(change.row_id), change, table_codec.data_columns, detect=False
        )
        states[change.row_id] = state
        if result.changed:
            touched[change.row_id] = state
    if touched:
        table = Base.metadata.tables[table_name]
        columns = table_codec.columns
        rows = [dict(zip(columns, row_tuple(table_name, row_id, state), strict=True))
                for row_id, state in touched.items()]
        statement = sqlite_insert(table)
        statement = statement.on_conflict_do_update(
            index_elements=["id"],
            set_={name: statement.excluded[name] for name in columns if name != "id"},
        )
        conn.execute(statement, rows)
    return len(touched)


def _local_rows(conn: Connection, table_name: str, ids: list[str]) -> dict[str, RowState]:
    table = Base.metadata.tables[table_name]
    columns = codec(table_name).data_columns
    states: dict[str, RowState] = {}
    for start in range(0, len(ids), _ID_CHUNK):
        query = select(table.c.id, table.c.sync_versions, *(table.c[n] for n in columns)).where(
            table.c.id.in_(ids[start:start + _ID_CHUNK]))
        for row in conn.execute(query):
            states[row[0]] = RowState(
                dict(zip(columns, row[2:], strict=True)), load_versions(row[1])
            )
    return states


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
