"""The shared PostgreSQL: its schema, the push merge and the pull feed.

There is no sync server process; a laptop talks to PostgreSQL directly
(libpq URLs, passwords from `.pgpass` or `PGPASSWORD`), and these rules
keep many laptops safe on one database:

- **Pushes are serialised** by a transaction-level advisory lock, so two
  laptops merging into the same row cannot both read its old state.
- **Every change is recorded once**: `sync_change.change_id` is unique and
  a replayed change is skipped, so a push retried after a kill does
  nothing twice. The feed row, the merged data rows and the conflict rows
  of a push commit in one transaction.
- **The feed skips nothing**: each feed row carries the id of the
  transaction that wrote it (`txid`). Sequence numbers are handed out
  before commit, so a plain `seq > cursor` feed passes over a slow push
  that commits after a faster one. A pull instead remembers its snapshot's
  `xmin` (every older transaction had finished) and which newer
  transactions it already read (`FeedCursor`); the next pull reads every
  other row from that `xmin` on, so a push still open during one pull is
  read by the next.
- **Clocks from the future are bounded**: a change stamped more than
  `FUTURE_TOLERANCE_MS` past the server's clock is re-stamped at that
  bound; the laptop is told and rewrites its own copy, so a laptop whose
  clock is a year ahead cannot win every merge for a year.

The protocol uses plain tables and statements, so a later issue can give
each laptop its own database role under row-level security unchanged.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import sql

from store.errors import SyncError
from store.hlc import pack
from store.ids import derived_id
from store.sync.merge import Change, Loss, RowState, apply_change
from store.sync.push_plan import (
    NewRow,
    Outgoing,
    PushPlan,
    copy_line,
    id_list,
    new_row_columns,
    plan_push,
)
from store.sync.versions import (
    codec,
    dump_fields,
    dump_versions,
    encode,
    latest,
    load_versions,
    make_version,
    synced_table_names,
    version_device,
    version_hlc,
)

#: How far past the server's clock a change's stamp may be (laptop clock skew).
FUTURE_TOLERANCE_MS = 5 * 60 * 1000
#: Advisory lock keys ("CDSK" push / init), one namespace for clientdesk.
PUSH_LOCK = 0x4344534B01
INIT_LOCK = 0x4344534B02
#: The device id written on feed rows the merge itself makes (conflicts).
SERVER_DEVICE = "server"
CONFLICT_TABLE = "sync_conflict"
#: Tables only the shared database has (made by migration 0003, not in the models).
SERVER_ONLY_TABLES = frozenset({"sync_change", "sync_server_info"})
FEED_COLUMNS = ("change_id", "table_name", "row_id", "version", "sent_version",
                "device_id", "author", "fields", "base")
#: A list of ids as one query parameter: `ANY(ID_LIST)` with `id_list(ids)`.
ID_LIST = "ARRAY(SELECT json_array_elements_text(%s::json))"


def describe(url: str) -> str:
    """A URL fit for a message: user, host and database, never a password."""
    try:
        parts = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "?"
    user = f"{parts['user']}@" if parts.get("user") else ""
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"{user}{parts.get('host', 'localhost')}{port}/{parts.get('dbname', '')}"


def connect(url: str) -> psycopg.Connection[Any]:
    """A connection to the shared database, or a `SyncError` naming what failed."""
    try:
        pg = psycopg.connect(url, connect_timeout=10, autocommit=True)
    except psycopg.ProgrammingError as exc:
        raise SyncError("sync.bad_url", detail=_first_line(exc)) from exc
    except psycopg.OperationalError as exc:
        raise SyncError("sync.unreachable", url=describe(url), detail=_first_line(exc)) from exc
    # Instants without a zone (old stores' JSON) are UTC by contract.
    pg.execute("SET TIME ZONE 'UTC'")
    return pg


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def refused(exc: psycopg.Error, url: str) -> SyncError:
    """The server said no mid-sync (permissions, a lost connection, a bad state)."""
    if isinstance(exc, psycopg.OperationalError):
        return SyncError("sync.unreachable", url=describe(url), detail=_first_line(exc))
    return SyncError("sync.refused", url=describe(url), detail=_first_line(exc))


# --- schema -------------------------------------------------------------------


def server_revision(pg: psycopg.Connection[Any]) -> tuple[str | None, str | None]:
    """(schema revision, clientdesk version that set it up); None when absent."""
    with pg.transaction():
        exists = pg.execute("SELECT to_regclass('alembic_version') IS NOT NULL").fetchone()
        if not exists or not exists[0]:
            return None, None
        row = pg.execute("SELECT version_num FROM alembic_version").fetchone()
        has_info = pg.execute("SELECT to_regclass('sync_server_info') IS NOT NULL").fetchone()
        made_by = None
        if has_info and has_info[0]:
            info = pg.execute(
                "SELECT value FROM sync_server_info WHERE key = 'clientdesk_version'"
            ).fetchone()
            made_by = info[0] if info else None
    return (row[0] if row else None), made_by


def check_schema(pg: psycopg.Connection[Any], url: str, app_version: str) -> None:
    """Refuse to sync with a shared database on another schema revision."""
    from store.db import HEAD_REVISION, KNOWN_REVISIONS

    revision, made_by = server_revision(pg)
    if revision == HEAD_REVISION:
        return
    if revision is None:
        raise SyncError("sync.not_initialised", url=describe(url))
    if revision in KNOWN_REVISIONS:
        raise SyncError("sync.server_older", server=revision, ours=HEAD_REVISION,
                        version=app_version, url=describe(url))
    raise SyncError("sync.server_newer", server=revision, ours=HEAD_REVISION,
                    version=made_by or "?", current=app_version)


def init_server(url: str, app_version: str) -> tuple[str | None, str]:
    """Create or upgrade the shared schema; safe to run again. Returns (before, after)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    from store.db import HEAD_REVISION, KNOWN_REVISIONS, upgrade_schema

    pg = connect(url)
    before, made_by = server_revision(pg)
    pg.close()
    if before is not None and before not in KNOWN_REVISIONS:
        raise SyncError("sync.server_newer", server=before, ours=HEAD_REVISION,
                        version=made_by or "?", current=app_version)
    engine = create_engine("postgresql+psycopg://", creator=lambda: connect(url),
                           poolclass=NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": INIT_LOCK})
            upgrade_schema(conn)
            conn.execute(
                text("INSERT INTO sync_server_info (key, value) VALUES"
                     " ('clientdesk_version', :version) ON CONFLICT (key)"
                     " DO UPDATE SET value = EXCLUDED.value"),
                {"version": app_version},
            )
    except psycopg.Error as exc:
        raise refused(exc, url) from exc
    except Exception as exc:
        orig = getattr(exc, "orig", None)
        if isinstance(orig, psycopg.Error):
            raise refused(orig, url) from exc
        raise
    finally:
        engine.dispose()
    return before, HEAD_REVISION


def server_now_ms(pg: psycopg.Connection[Any]) -> int:
    row = pg.execute("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint").fetchone()
    assert row is not None
    return int(row[0])


# --- push ---------------------------------------------------------------------


@dataclass(frozen=True)
class PushOutcome:
    applied: int
    conflicts: int
    #: change id -> the version the shared database holds it under, where it
    #: differs from the one sent (a stamp from the future, bounded).
    corrections: dict[str, str]


def push(pg: psycopg.Connection[Any], batch: Sequence[Outgoing] | PushPlan,
         tolerance_ms: int = FUTURE_TOLERANCE_MS) -> PushOutcome:
    """Merge one batch of local changes into the shared database, atomically.

    The feed rows go in first; a row new to the server is then copied in
    as planned (most of a first sync), a clean edit is applied in SQL from
    its feed row, and only the rest take the merge in Python. `batch` may
    come planned (`plan_push`, done while the previous batch was merging).
    `pg` must be in autocommit mode: each push is a transaction of its own.
    """
    plan = batch if isinstance(batch, PushPlan) else plan_push(batch)
    with pg.transaction():
        # Each statement must see what the push before it committed while this
        # one waited for the lock, whatever the server's default isolation.
        pg.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
        pg.execute("SELECT pg_advisory_xact_lock(%s)", (PUSH_LOCK,))
        now_ms = server_now_ms(pg)
        now, bound = pack(now_ms, 0), pack(now_ms + tolerance_ms, 0)
        known = dict(pg.execute(
            f"SELECT change_id, version FROM sync_change WHERE change_id = ANY({ID_LIST})",
            (plan.ids,),
        ).fetchall())
        sent = plan.batch
        fresh = [c for c in sent if c.change_id not in known]
        restamped: dict[str, str] = {}
        if plan.newest_stamp > now or plan.bases_escaped:
            restamped = _bound_future(pg, fresh, bound, now)
        if known or restamped:
            plan = plan_push(fresh, restamped)
        _append_feed(pg, plan.feed)
        done = _insert_new_rows(pg, plan.new_rows)
        done |= _update_clean_rows(pg, plan.lone_edits)
        changes = [_decode(c, restamped) for c in fresh if c.change_id not in done]
        losses = _merge_into_tables(pg, changes)
        conflict_changes = _new_conflicts(pg, _conflict_changes(losses, now_ms))
        _merge_into_tables(pg, conflict_changes)
        _append_feed(pg, "".join(map(copy_line, map(_conflict_feed_row, conflict_changes))))
    corrections = {c.change_id: restamped[c.version] for c in fresh if c.version in restamped}
    corrections.update({
        c.change_id: known[c.change_id] for c in sent
        if c.change_id in known and known[c.change_id] != c.version
    })
    return PushOutcome(applied=len(fresh), conflicts=len(conflict_changes),
                       corrections=corrections)


def _update_clean_rows(pg: psycopg.Connection[Any], edits: Mapping[str, Sequence[str]]
                       ) -> set[str]:
    """Apply, in SQL, edits that knew every field they change (no conflict possible).

    An edit is clean when, for each field it sets, its base names the
    version the server holds and its own version is newer, and the row was
    not deleted behind its back. For such an edit the merge in Python would
    find no loss and take every field, so the row simply gets the edit's
    fields (`json_populate_record` onto the row itself) and their versions,
    and the edit's stamp if that is newer than the row's. Everything else
    (an unknown field, a row missing or without versions) is left to the
    merge. Returns the change ids done.

    One statement per table, the check in the UPDATE's own WHERE, so each
    row is found once. The row's newest stamp is read from its `hlc` and
    `device_id` columns: every writer here (`row_values`, the inserts and
    this statement) keeps them equal to the newest version in
    `sync_versions`, and rereading the map instead costs a set-returning
    call per row.
    """
    done: set[str] = set()
    for table, change_ids in edits.items():
        data = codec(table).data_columns
        targets = sql.SQL(", ").join(
            map(sql.Identifier, ["hlc", "device_id", "sync_versions", *data]))
        values = sql.SQL(", ").join(sql.SQL("r.{}").format(sql.Identifier(n)) for n in data)
        # `effective(versions, k)` of versions.py, for a jsonb map `m`.
        held = "coalesce(nullif(t.sync_versions::jsonb ->> {k}, ''),"\
               " t.sync_versions::jsonb ->> '', '')"
        base = "coalesce(nullif(f.base ->> {k}, ''), f.base ->> '', '')"
        query = sql.SQL("""
            WITH f AS MATERIALIZED (
                SELECT change_id, row_id, version COLLATE "C" AS version,
                       fields::json AS fields, base::jsonb AS base
                FROM sync_change WHERE change_id = ANY({ids})
            )
            UPDATE {table} AS t SET ({targets}) = (
                SELECT CASE WHEN n.newer THEN ('x' || left(f.version, 16))::bit(64)::bigint
                            ELSE t.hlc END,
                       CASE WHEN n.newer THEN substr(f.version, 18) ELSE t.device_id END,
                       (t.sync_versions::jsonb || (
                           SELECT jsonb_object_agg(k, f.version)
                           FROM json_object_keys(f.fields) AS k))::text,
                       {values}
                FROM json_populate_record(t, f.fields) AS r,
                     (SELECT f.version > (lpad(to_hex(t.hlc), 16, '0') || ':' || t.device_id)
                             COLLATE "C" AS newer) AS n
            )
            FROM f
            WHERE t.id = f.row_id AND t.sync_versions IS NOT NULL
              AND t.sync_versions <> '{{}}'
              AND NOT EXISTS (
                  SELECT 1 FROM json_object_keys(f.fields) AS k,
                       LATERAL (SELECT {held_k} AS v) AS h
                  WHERE k <> ALL(%s) OR {base_k} <> h.v OR f.version <= h.v COLLATE "C")
              AND (NOT t.deleted OR {base_deleted} = {held_deleted})
            RETURNING f.change_id
        """).format(
            table=sql.Identifier(table), targets=targets, values=values, ids=sql.SQL(ID_LIST),
            held_k=sql.SQL(held.format(k="k")), base_k=sql.SQL(base.format(k="k")),
            held_deleted=sql.SQL(held.format(k="'deleted'")),
            base_deleted=sql.SQL(base.format(k="'deleted'")),
        )
        done.update(row[0] for row in pg.execute(query, (id_list(change_ids), data)).fetchall())
    return done


def _insert_new_rows(pg: psycopg.Connection[Any], new_rows: Mapping[str, Sequence[NewRow]]
                     ) -> set[str]:
    """COPY in the planned rows the server does not have yet; returns their change ids.

    A row the server already has (a generated row two laptops made) is
    left for the merge. The push lock keeps another push from making one
    between the check and the COPY.
    """
    done: set[str] = set()
    for table in synced_table_names():
        rows = new_rows.get(table)
        if not rows:
            continue
        held = {row[0] for row in pg.execute(
            sql.SQL("SELECT id FROM {} WHERE id = ANY({})").format(
                sql.Identifier(table), sql.SQL(ID_LIST)),
            (id_list(r.row_id for r in rows),),
        )}
        fresh = [r for r in rows if r.row_id not in held]
        if not fresh:
            continue
        columns = sql.SQL(", ").join(map(sql.Identifier, new_row_columns(table)))
        with pg.cursor().copy(sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(table), columns)) as copy:
            copy.write("".join([r.line for r in fresh]))
        done.update(r.change_id for r in fresh)
    return done


def _bound_future(pg: psycopg.Connection[Any], fresh: list[Outgoing], bound: int,
                  now: int) -> dict[str, str]:
    """Sent version -> bounded version, for this batch's and earlier future stamps.

    Earlier ones matter because a change's base may name a version that an
    earlier push re-stamped before the laptop heard about it. Called only
    when the batch's plan names a stamp ahead of the server (almost never),
    so every base is simply parsed.
    """
    restamped: dict[str, str] = {}
    # Ahead of the server now, not only past the bound: a stamp bounded a
    # minute ago may already lie under today's bound.
    future_bases = {
        version for c in fresh if c.base_json
        for version in json.loads(c.base_json).values() if version_hlc(version) > now
    }
    if future_bases:
        restamped.update(pg.execute(
            "SELECT sent_version, version FROM sync_change WHERE sent_version = ANY(%s)",
            (list(future_bases),),
        ).fetchall())
    next_stamp = bound
    if any(version_hlc(c.version) > bound for c in fresh):
        # Never hand out a bounded stamp twice, even to pushes a millisecond apart.
        issued = pg.execute(
            "SELECT max(left(version, 16)) FROM sync_change WHERE sent_version IS NOT NULL"
        ).fetchone()
        if issued and issued[0]:
            next_stamp = max(bound, int(issued[0], 16) + 1)
    for change in fresh:
        if version_hlc(change.version) > bound and change.version not in restamped:
            restamped[change.version] = make_version(next_stamp, version_device(change.version))
            next_stamp += 1
    return restamped


def _decode(outgoing: Outgoing, restamped: dict[str, str]) -> Change:
    base = None
    if outgoing.base_json is not None:
        base = {k: restamped.get(v, v) for k, v in json.loads(outgoing.base_json).items()}
    return Change(
        change_id=outgoing.change_id, table=outgoing.table, row_id=outgoing.row_id,
        version=restamped.get(outgoing.version, outgoing.version),
        fields=codec(outgoing.table).decode(json.loads(outgoing.fields_json)),
        base=base, author=outgoing.author,
    )


def _merge_into_tables(pg: psycopg.Connection[Any], changes: Sequence[Change]) -> list[Loss]:
    """Apply changes table by table (parents first); returns what lost."""
    by_table: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        by_table[change.table].append(change)
    losses: list[Loss] = []
    for table in synced_table_names():
        if table in by_table:
            losses += _merge_table(pg, table, by_table[table])
    return losses


def _merge_table(pg: psycopg.Connection[Any], table: str, changes: list[Change]) -> list[Loss]:
    table_codec = codec(table)
    columns = _columns_needed(table_codec.data_columns, changes)
    states = _fetch_rows(pg, table, sorted({c.row_id for c in changes}), columns)
    existing = set(states)
    detect = table != CONFLICT_TABLE
    touched: dict[str, RowState] = {}
    losses: list[Loss] = []
    for change in changes:
        state, result = apply_change(
            states.get(change.row_id), change, table_codec.data_columns, detect=detect
        )
        states[change.row_id] = state
        losses += result.losses
        if result.changed:
            touched[change.row_id] = state
    _insert_rows(pg, table, {k: v for k, v in touched.items() if k not in existing})
    _update_rows(pg, table, {k: v for k, v in touched.items() if k in existing}, columns)
    return losses


def _columns_needed(data_columns: list[str], changes: Sequence[Change]) -> list[str]:
    """The fields a merge must read: those changed and `deleted` (an edit to a
    deleted row is a conflict), or all of them for a delete or an insert
    (both compare every field)."""
    if any(c.base is None or c.is_delete for c in changes):
        return data_columns
    named = {"deleted", *(name for c in changes for name in c.fields)}
    return [name for name in data_columns if name in named]


def _fetch_rows(pg: psycopg.Connection[Any], table: str, ids: list[str], columns: list[str]
                ) -> dict[str, RowState]:
    query = sql.SQL("SELECT id, sync_versions{} FROM {} WHERE id = ANY(%s)").format(
        sql.SQL("").join(sql.SQL(", {}").format(sql.Identifier(c)) for c in columns),
        sql.Identifier(table),
    )
    states = {}
    for row in pg.execute(query, (ids,)):
        states[row[0]] = RowState(dict(zip(columns, row[2:], strict=True)), load_versions(row[1]))
    return states


def row_values(columns: Sequence[str], row_id: str, state: RowState) -> tuple[Any, ...]:
    """`columns` of a row; the row's own stamp comes from its newest field."""
    newest = latest(state.versions)
    meta = {
        "id": row_id, "hlc": version_hlc(newest), "device_id": version_device(newest),
        "sync_versions": dump_versions(state.versions),
    }
    values = state.values
    return tuple(meta[name] if name in meta else values.get(name) for name in columns)


def _stage(pg: psycopg.Connection[Any], table: str, columns: Sequence[str],
           rows: dict[str, RowState]) -> sql.Composable:
    """COPY `rows` into a temporary table of `columns`, dropped at commit."""
    stage = sql.Identifier(f"stage_{table}")
    names = sql.SQL(", ").join(map(sql.Identifier, columns))
    pg.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(stage))
    pg.execute(sql.SQL(
        "CREATE TEMP TABLE {} ON COMMIT DROP AS SELECT {} FROM {} WITH NO DATA"
    ).format(stage, names, sql.Identifier(table)))
    with pg.cursor().copy(sql.SQL("COPY {} ({}) FROM STDIN").format(stage, names)) as copy:
        for row_id, state in rows.items():
            copy.write_row(row_values(columns, row_id, state))
    return stage


def _insert_rows(pg: psycopg.Connection[Any], table: str, rows: dict[str, RowState]) -> None:
    if not rows:
        return
    columns = codec(table).columns
    stage = _stage(pg, table, columns, rows)
    names = sql.SQL(", ").join(map(sql.Identifier, columns))
    pg.execute(sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {}").format(
        sql.Identifier(table), names, names, stage))


def _update_rows(pg: psycopg.Connection[Any], table: str, rows: dict[str, RowState],
                 data_columns: list[str]) -> None:
    """Write back only the fields this batch read (the push lock holds them still)."""
    if not rows:
        return
    columns = ["id", "hlc", "device_id", "sync_versions", *data_columns]
    stage = _stage(pg, table, columns, rows)
    assignments = sql.SQL(", ").join(
        sql.SQL("{0} = s.{0}").format(sql.Identifier(name)) for name in columns[1:]
    )
    pg.execute(sql.SQL("UPDATE {} t SET {} FROM {} s WHERE t.id = s.id").format(
        sql.Identifier(table), assignments, stage))


def conflict_id(loss: Loss) -> str:
    """One conflict per lost value of a field, however often and in whatever order
    it was lost (two laptops that typed the same losing value make one)."""
    return derived_id(CONFLICT_TABLE, loss.table, loss.row_id, loss.field,
                      _value_json(loss.loser_value))


def _conflict_changes(losses: list[Loss], now_ms: int) -> list[Change]:
    """Conflict rows as changes, so they reach every laptop through the feed."""
    detected_at = datetime.fromtimestamp(now_ms / 1000, UTC)
    changes: dict[str, Change] = {}
    for loss in losses:
        row_id = conflict_id(loss)
        fields = {
            "table_name": loss.table, "row_id": loss.row_id, "field": loss.field,
            "reason": loss.reason,
            "winner_value": _value_json(loss.winner_value),
            "winner_version": loss.winner_version,
            "loser_value": _value_json(loss.loser_value),
            "loser_version": loss.loser_version,
            "detected_at": detected_at, "resolved": False, "deleted": False,
        }
        if row_id in changes:
            continue  # the same value lost twice in one push: one conflict
        changes[row_id] = Change(
            change_id=derived_id("sync-conflict-change", row_id), table=CONFLICT_TABLE,
            row_id=row_id, version=max(loss.winner_version, loss.loser_version),
            fields=fields, base=None,
        )
    return list(changes.values())


def _new_conflicts(pg: psycopg.Connection[Any], changes: list[Change]) -> list[Change]:
    """Drop conflicts already recorded (open or resolved) by an earlier push."""
    if not changes:
        return changes
    known = {row[0] for row in pg.execute(
        f"SELECT change_id FROM sync_change WHERE change_id = ANY({ID_LIST})",
        (id_list(c.change_id for c in changes),),
    )}
    return [c for c in changes if c.change_id not in known]


def _value_json(value: Any) -> str:
    return json.dumps(encode(value), ensure_ascii=False)


def _conflict_feed_row(change: Change) -> tuple[Any, ...]:
    return (change.change_id, change.table, change.row_id, change.version, None,
            SERVER_DEVICE, None, dump_fields(change.fields), None)


def _append_feed(pg: psycopg.Connection[Any], text: str) -> None:
    """COPY feed rows, given as COPY text (`copy_line`), into `sync_change`.

    The text is formatted beforehand and sent whole: psycopg's `write_row`
    is Python code per row, a tenth of a push's own time at 40000 rows.
    """
    if not text:
        return
    names = sql.SQL(", ").join(map(sql.Identifier, FEED_COLUMNS))
    with pg.cursor().copy(sql.SQL("COPY sync_change ({}) FROM STDIN").format(names)) as copy:
        copy.write(text)


# --- pull ---------------------------------------------------------------------


@dataclass(frozen=True)
class FeedCursor:
    """How far a laptop has read the feed.

    Every transaction older than `xmin` had finished when the laptop last
    read, so all their rows were read then. Transactions from `xmin` on
    may still commit later; `seen` lists those whose rows were already
    read, so the next pull skips them and takes everything else.
    """

    xmin: int = 0
    seen: tuple[int, ...] = ()

    def dumps(self) -> str:
        return json.dumps({"xmin": self.xmin, "seen": list(self.seen)})

    @classmethod
    def loads(cls, text: str | None) -> FeedCursor:
        if not text:
            return cls()
        data = json.loads(text)
        return cls(int(data["xmin"]), tuple(int(x) for x in data["seen"]))


@dataclass
class Feed:
    """The changes one pull applies; `next_cursor()` once they are all read."""

    since: FeedCursor
    xmin: int
    total: int
    batches: Iterator[list[Change]]
    read_xids: set[int]

    def next_cursor(self) -> FeedCursor:
        seen = {x for x in (*self.since.seen, *self.read_xids) if x >= self.xmin}
        return FeedCursor(self.xmin, tuple(sorted(seen)))


def read_feed(pg: psycopg.Connection[Any], since: FeedCursor, device_id: str,
              batch_size: int = 5000) -> Feed:
    """Every committed change not yet read from `since` on, not made by `device_id`.

    The caller must run this inside a REPEATABLE READ transaction and keep
    it open while iterating, so the count and the rows see one snapshot.
    Rows of transactions still open are invisible now and, their ids being
    at least this snapshot's `xmin` and not in `seen`, are read next time.
    A long transaction elsewhere on the cluster delays nothing.
    """
    row = pg.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint").fetchone()
    assert row is not None
    unread, ranges = _unread(since)
    where = sql.SQL("({}) AND device_id <> %s").format(unread)
    params = (*ranges, device_id)
    counted = pg.execute(
        sql.SQL("SELECT count(*) FROM sync_change WHERE {}").format(where), params
    ).fetchone()
    feed = Feed(since=since, xmin=int(row[0]), total=int(counted[0]) if counted else 0,
                batches=iter(()), read_xids=set())

    def batches() -> Iterator[list[Change]]:
        with pg.cursor(name="clientdesk_feed") as cursor:
            cursor.itersize = batch_size
            cursor.execute(sql.SQL(
                "SELECT change_id, table_name, row_id, version, fields, base,"
                " txid::text::bigint FROM sync_change WHERE {} ORDER BY txid, seq"
            ).format(where), params)
            while rows := cursor.fetchmany(batch_size):
                feed.read_xids.update(r[6] for r in rows)
                yield [_feed_change(*r[:6]) for r in rows]

    feed.batches = batches()
    return feed


def _unread(since: FeedCursor) -> tuple[sql.Composable, list[int]]:
    """The transaction-id ranges not read yet: the gaps between `seen` ids.

    Index range scans over the gaps stay fast however long a transaction
    elsewhere holds `xmin` back (a "not in seen" filter would scan them all).
    """
    parts: list[sql.Composable] = []
    bounds: list[int] = []
    low, inclusive = since.xmin, True
    for seen in since.seen:
        if seen > low or (seen == low and not inclusive):
            parts.append(sql.SQL(
                "(txid {} %s::text::xid8 AND txid < %s::text::xid8)"
            ).format(sql.SQL(">=" if inclusive else ">")))
            bounds += [low, seen]
        low, inclusive = seen, False
    parts.append(sql.SQL("txid {} %s::text::xid8").format(sql.SQL(">=" if inclusive else ">")))
    bounds.append(low)
    return sql.SQL(" OR ").join(parts), bounds


def _feed_change(change_id: str, table: str, row_id: str, version: str, fields: str,
                 base: str | None) -> Change:
    """A feed row for a laptop: values stay as JSON (the local writer converts them)."""
    values = json.loads(fields)
    codec(table).check(values)
    return Change(
        change_id=change_id, table=table, row_id=row_id, version=version,
        fields=values, base=json.loads(base) if base else None,
    )

