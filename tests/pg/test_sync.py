"""The sync rules of DESIGN.md §4, each against a real PostgreSQL.

Laptops are local stores in a temporary folder; the shared database is a
fresh schema per test. Each test names the rule it proves.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from store.db import HEAD_REVISION, Store
from store.errors import SyncError
from store.hlc import HybridClock, pack
from store.ids import derived_id
from store.models import Client, Conflict, Interaction, OutboxChange, Task
from store.sync.conflicts import list_conflicts, resolve_conflict
from store.sync.local import BOOKKEEPING_TABLES
from store.sync.run import sync
from store.sync.server import init_server
from store.sync.versions import codec, load_versions

pytestmark = pytest.mark.postgres

DAY_MS = 24 * 3600 * 1000


def _queued(session: Session) -> list[OutboxChange]:
    """Outbox changes a person made (audit entries ride along with them)."""
    return list(session.scalars(
        select(OutboxChange).where(OutboxChange.table_name.not_in(BOOKKEEPING_TABLES))
    ))


def add_client(store: Store, **values: Any) -> str:
    with store.session() as session:
        client = Client(name=values.pop("name", "王建国"), **values)
        session.add(client)
    return client.id


def edit(store: Store, client_id: str, **values: Any) -> None:
    with store.session() as session:
        client = session.get(Client, client_id)
        assert client is not None
        for key, value in values.items():
            setattr(client, key, value)


def client_of(store: Store, client_id: str) -> Client:
    with store.read_session() as session:
        client = session.get(Client, client_id)
        assert client is not None
        return client


def server_value(url: str, sql: str, *params: Any) -> Any:
    with psycopg.connect(url) as pg:
        row = pg.execute(sql, params).fetchone()
        return None if row is None else row[0]


def queued_version(store: Store) -> str:
    """The version of the newest change waiting in `store`'s outbox."""
    with store.read_session() as session:
        return session.scalars(
            select(OutboxChange.version)
            .where(OutboxChange.table_name.not_in(BOOKKEEPING_TABLES))
            .order_by(OutboxChange.seq.desc())
            .limit(1)
        ).one()


def unresolved(store: Store) -> list[Conflict]:
    with store.read_session() as session:
        return list(session.scalars(select(Conflict).where(Conflict.resolved.is_(False))))


def two_laptops_with_a_client(
    server: str, laptops: Callable[[str], Store]
) -> tuple[Store, Store, str]:
    a, b = laptops("a"), laptops("b")
    client_id = add_client(a, phone="13800138000", notes="初次见面")
    for store in (a, b, a):  # a also pulls b's device row: both start level
        sync(store, server)
    return a, b, client_id


# --- ids, first sync, no-op sync -------------------------------------------------


def test_a_new_laptop_pulls_everything_with_the_same_ids(
    server: str, laptops: Callable[[str], Store]
) -> None:
    a, b = laptops("a"), laptops("b")
    client_id = add_client(a, name="李娜", aum_fen=600_000_000)
    with a.session() as session:
        visit = Interaction(client_id=client_id, kind="visit", occurred_at=_when(),
                            summary="拜访")
        session.add(visit)
    first = sync(a, server)
    assert (first.pushed, first.pulled) == (2, 0)  # client and visit; the device row is not counted
    report = sync(b, server)
    assert report.pulled == 2  # a's device row comes too, uncounted
    assert client_of(b, client_id).name == "李娜"
    assert client_of(b, client_id).aum_fen == 600_000_000
    with b.read_session() as session:
        assert session.get(Interaction, visit.id) is not None
    assert server_value(server, "SELECT name FROM client WHERE id = %s", client_id) == "李娜"


def _when() -> Any:
    from store import clock

    return clock.now()


def test_a_second_sync_right_after_pushes_and_pulls_nothing(
    server: str, laptops: Callable[[str], Store]
) -> None:
    a, b, client_id = two_laptops_with_a_client(server, laptops)
    edit(b, client_id, notes="改过")
    sync(b, server)
    assert sync(a, server).pulled == 1
    again = sync(a, server)
    assert (again.pushed, again.pulled) == (0, 0)
    again = sync(b, server)
    assert (again.pushed, again.pulled) == (0, 0)


def test_the_outbox_empties_only_when_the_server_has_the_change(
    server: str, laptops: Callable[[str], Store]
) -> None:
    a = laptops("a")
    add_client(a)
    with a.read_session() as session:
        assert len(_queued(session)) == 1
    sync(a, server)
    with a.read_session() as session:
        assert _queued(session) == []
    assert server_value(server, "SELECT count(*) FROM client") == 1


# --- field-level merge ---------------------------------------------------------


def test_different_fields_from_two_laptops_both_survive(
    server: str, laptops: Callable[[str], Store]
) -> None:
    a, b, client_id = two_laptops_with_a_client(server, laptops)
    edit(a, client_id, phone="13900139000")
    edit(b, client_id, notes="喜欢喝茶")
    for store in (a, b, a):
        sync(store, server)
    for store in (a, b):
        client = client_of(store, client_id)
        assert (client.phone, client.notes) == ("13900139000", "喜欢喝茶")
        assert unresolved(store) == []


@pytest.mark.parametrize("first", ["a", "b"])
def test_the_same_field_has_one_winner_whatever_the_order(
    server: str, laptops: Callable[[str], Store], first: str
) -> None:
    a, b, client_id = two_laptops_with_a_client(server, laptops)
    edit(a, client_id, phone="13900000001")
    edit(b, client_id, phone="13900000002")
    (win, win_phone), (_, lose_phone) = sorted(
        [(queued_version(a), "13900000001"), (queued_version(b), "13900000002")], reverse=True
    )
    order = (a, b) if first == "a" else (b, a)
    for store in (*order, *order):
        sync(store, server)
    for store in (a, b):
        assert client_of(store, client_id).phone == win_phone
        (conflict,) = unresolved(store)
        assert (conflict.field, conflict.reason) == ("phone", "edit")
        assert json.loads(conflict.loser_value) == lose_phone
        assert json.loads(conflict.winner_value) == win_phone
        assert conflict.winner_version == win
    assert server_value(server, "SELECT phone FROM client WHERE id = %s", client_id) == (
        win_phone
    )
    assert server_value(server, "SELECT count(*) FROM sync_conflict") == 1


def test_equal_stamps_are_broken_by_device_id(
    server: str, laptops: Callable[[str], Store]
) -> None:
    a, b, client_id = two_laptops_with_a_client(server, laptops)
    stamp = max(a.hlc.last, b.hlc.last) + pack(1000, 0)
    for store in (a, b):
        store.hlc = HybridClock(wall_ms=lambda: 0, last=stamp)
    edit(a, client_id, notes="来自 A")
    edit(b, client_id, notes="来自 B")
    for store in (b, a, b):
        sync(store, server)
    winner = "来自 A" if a.device_id > b.device_id else "来自 B"
    assert client_of(a, client_id).notes == client_of(b, client_id).notes == winner


def test_a_delete_beats_a_concurrent_edit_which_is_kept(
    server: str, laptops: Callable[[str], Store]
) -> None:
    for order in ("delete-first", "edit-first"):
        a, b, client_id = two_laptops_with_a_client(server, laptops)
        edit(a, client_id, deleted=True)
        edit(b, client_id, notes="生日送花")
        stores = (a, b) if order == "delete-first" else (b, a)
        for store in (*stores, *stores):
            sync(store, server)
        for store in (a, b):
            client = client_of(store, client_id)
            assert client.deleted is True, order
            kept = [c for c in unresolved(store) if c.row_id == client_id]
            assert [(c.field, c.reason, json.loads(c.loser_value or "null")) for c in kept] == [
                ("notes", "deleted", "生日送花")
            ], order


def test_resolving_a_conflict_syncs_and_closes_it_everywhere(
    server: str, laptops: Callable[[str], Store]
) -> None:
    a, b, client_id = two_laptops_with_a_client(server, laptops)
    edit(a, client_id, phone="13900000001")
    edit(b, client_id, phone="13900000002")
    for store in (a, b, a):
        sync(store, server)
    with a.read_session() as session:
        (view,) = list_conflicts(session)
    assert {view.kept_value, view.lost_value} == {"13900000001", "13900000002"}
    assert client_of(a, client_id).phone == view.kept_value
    resolve_conflict(a, view.id, "theirs")
    assert client_of(a, client_id).phone == view.lost_value
    sync(a, server)
    sync(b, server)
    assert client_of(b, client_id).phone == view.lost_value
    assert unresolved(a) == unresolved(b) == []
    assert server_value(server, "SELECT count(*) FROM sync_conflict WHERE NOT resolved") == 0


# --- idempotence and the feed --------------------------------------------------


def test_a_replayed_push_applies_nothing_twice(
    server: str, laptops: Callable[[str], Store]
) -> None:
    a, b, client_id = two_laptops_with_a_client(server, laptops)
    edit(a, client_id, aum_fen=1_000)

    def kill_after_server_commit(step: Any) -> None:
        if step.stage == "push:sent":
            raise KeyboardInterrupt  # stands in for a kill between the two commits

    with pytest.raises(KeyboardInterrupt):
        sync(a, server, progress=kill_after_server_commit)
    with a.read_session() as session:
        assert len(_queued(session)) == 1  # still queued
    sync(b, server)  # the server already has a's change: b pulls it …
    assert client_of(b, client_id).aum_fen == 1_000
    edit(b, client_id, aum_fen=2_000)  # … and edits after it
    sync(b, server)
    report = sync(a, server)  # re-sends the change the server already has
    assert report.pushed == 1
    assert server_value(
        server, "SELECT count(*) FROM sync_change WHERE table_name = 'client'"
    ) == 3  # the insert and two edits, each once
    assert client_of(a, client_id).aum_fen == client_of(b, client_id).aum_fen == 2_000


def _names(store: Store) -> list[str]:
    with store.read_session() as session:
        return sorted(session.scalars(select(Client.name)))


def test_two_concurrent_connections_never_lose_a_feed_row(
    server: str, laptops: Callable[[str], Store]
) -> None:
    """A plain `seq > cursor` feed would skip the slow transaction's row."""
    a, c = laptops("a"), laptops("c")
    slow_id = add_client(a, name="慢")
    fast_id = add_client(laptops("b"), name="快")
    fields = _full_fields(a, slow_id)
    insert = (
        "INSERT INTO sync_change (change_id, table_name, row_id, version, device_id, fields)"
        " VALUES (%s, 'client', %s, %s, 'elsewhere', %s)"
    )
    with psycopg.connect(server) as slow, psycopg.connect(server) as fast:
        # The slow transaction takes the lower sequence number and stays open …
        slow.execute(insert, ("slow", slow_id, "0000000000000001:x", fields))
        # … while a fast one takes the next number and commits first.
        fast.execute(insert, ("fast", fast_id, "0000000000000002:x",
                              fields.replace(slow_id, fast_id).replace("慢", "快")))
        fast.commit()
        sync(c, server)
        assert _names(c) == ["快"]  # pulled while the slow one is still open
        slow.commit()
        seq = dict(slow.execute(
            "SELECT change_id, seq FROM sync_change WHERE change_id IN ('slow', 'fast')"
        ).fetchall())
    assert seq["slow"] < seq["fast"]  # committed out of order: `seq > cursor` would lose it
    sync(c, server)
    assert _names(c) == ["快", "慢"]
    assert sync(c, server).pulled == 0  # and each is read once


def test_a_long_transaction_elsewhere_does_not_hold_pulls_back(
    server: str, laptops: Callable[[str], Store]
) -> None:
    a, b = laptops("a"), laptops("b")
    with psycopg.connect(server) as reporting:
        reporting.execute("SELECT pg_current_xact_id()")  # e.g. a long report
        add_client(a, name="新客户")
        sync(a, server)
        sync(b, server)
        assert _names(b) == ["新客户"]
        reporting.rollback()


def _full_fields(store: Store, client_id: str) -> str:
    with store.read_session() as session:
        fields = session.scalars(select(OutboxChange.fields).where(
            OutboxChange.row_id == client_id)).one()
    return fields


# --- clocks ----------------------------------------------------------------------


def test_a_clock_a_year_ahead_does_not_win_forever(
    server: str, laptops: Callable[[str], Store]
) -> None:
    a, b, client_id = two_laptops_with_a_client(server, laptops)
    now_ms = int(server_value(server, "SELECT extract(epoch FROM clock_timestamp()) * 1000"))
    a.hlc = HybridClock(wall_ms=lambda: now_ms + 365 * DAY_MS, last=a.hlc.last)
    edit(a, client_id, notes="未来的笔记")
    sync(a, server)
    stored = server_value(
        server, "SELECT version FROM sync_change WHERE table_name = 'client'"
        " ORDER BY seq DESC LIMIT 1")
    assert int(stored[:16], 16) >> 16 < now_ms + 365 * DAY_MS // 2  # bounded on arrival
    # b's clock is right; ten minutes later its edit must win.
    b.hlc = HybridClock(wall_ms=lambda: now_ms + 10 * 60 * 1000, last=b.hlc.last)
    sync(b, server)
    edit(b, client_id, notes="现在的笔记")
    for store in (b, a, b):
        sync(store, server)
    assert client_of(a, client_id).notes == client_of(b, client_id).notes == "现在的笔记"
    assert unresolved(a) == []


def test_a_clock_a_year_behind_catches_up_on_sync(
    server: str, laptops: Callable[[str], Store]
) -> None:
    a, b, client_id = two_laptops_with_a_client(server, laptops)
    edit(a, client_id, notes="较新的")
    sync(a, server)
    now_ms = int(server_value(server, "SELECT extract(epoch FROM clock_timestamp()) * 1000"))
    b.hlc = HybridClock(wall_ms=lambda: now_ms - 365 * DAY_MS, last=0)
    sync(b, server)  # observes the server's clock and a's stamp
    edit(b, client_id, notes="最新的")  # made after b saw a's note: must win
    for store in (b, a):
        sync(store, server)
    assert client_of(a, client_id).notes == client_of(b, client_id).notes == "最新的"
    assert unresolved(a) == []


# --- generated rows, schema versions ---------------------------------------------


def test_generated_rows_with_derived_ids_merge_instead_of_duplicating(
    server: str, laptops: Callable[[str], Store]
) -> None:
    a, b, client_id = two_laptops_with_a_client(server, laptops)
    task_id = derived_id("cadence-task", client_id, "monthly-visit", "2026-12")
    for store in (a, b):
        with store.session() as session:
            session.add(Task(id=task_id, title="月度拜访", client_id=client_id, source="cadence"))
    for store in (a, b, a):
        sync(store, server)
    for store in (a, b):
        with store.read_session() as session:
            assert session.scalars(select(Task.id)).all() == [task_id]
        assert unresolved(store) == []
    assert server_value(server, "SELECT count(*) FROM task") == 1


def test_an_older_shared_database_is_refused_and_local_changes_kept(
    pg_url: str, laptops: Callable[[str], Store]
) -> None:
    from sqlalchemy import create_engine

    from store.db import upgrade_schema

    engine = create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        upgrade_schema(conn, "0002")
    engine.dispose()
    a = laptops("a")
    add_client(a)
    with pytest.raises(SyncError) as caught:
        sync(a, pg_url)
    assert caught.value.key == "sync.server_older"
    assert "0002" in caught.value.message()
    assert "server init" in caught.value.message()
    with a.read_session() as session:
        assert len(_queued(session)) == 1


def test_a_newer_shared_database_names_the_version_to_install(
    server: str, laptops: Callable[[str], Store]
) -> None:
    with psycopg.connect(server) as pg:
        pg.execute("UPDATE alembic_version SET version_num = '0099'")
        pg.execute("UPDATE sync_server_info SET value = '9.1.0'"
                   " WHERE key = 'clientdesk_version'")
    a = laptops("a")
    add_client(a)
    with pytest.raises(SyncError) as caught:
        sync(a, server)
    assert caught.value.key == "sync.server_newer"
    assert "9.1.0" in caught.value.message()
    with a.read_session() as session:
        assert len(_queued(session)) == 1


def test_server_init_is_idempotent_and_keeps_data(
    server: str, laptops: Callable[[str], Store]
) -> None:
    a = laptops("a")
    add_client(a)
    sync(a, server)
    assert init_server(server, "test") == (HEAD_REVISION, HEAD_REVISION)
    assert server_value(server, "SELECT count(*) FROM client") == 1


def test_an_unreachable_server_is_one_clear_error(laptops: Callable[[str], Store]) -> None:
    a = laptops("a")
    add_client(a)
    with pytest.raises(SyncError) as caught:
        sync(a, "postgresql://nobody@127.0.0.1:1/none")
    assert caught.value.key == "sync.unreachable"
    assert "\n" not in caught.value.message()
    with a.read_session() as session:
        assert len(_queued(session)) == 1


def test_visit_log_entries_from_two_laptops_all_arrive(
    server: str, laptops: Callable[[str], Store]
) -> None:
    a, b, client_id = two_laptops_with_a_client(server, laptops)
    for store, summary in ((a, "上门拜访"), (b, "电话回访"), (a, "微信问候")):
        with store.session() as session:
            session.add(Interaction(client_id=client_id, kind="visit", occurred_at=_when(),
                                    summary=summary))
    for store in (a, b, a):
        sync(store, server)
    for store in (a, b):
        with store.read_session() as session:
            assert sorted(session.scalars(select(Interaction.summary))) == sorted(
                ["上门拜访", "电话回访", "微信问候"])
    assert server_value(server, "SELECT count(*) FROM interaction") == 3


def _server_rows(url: str, table: str) -> dict[str, dict[str, Any]]:
    """Every row of `table` on the server: columns by name, versions parsed."""
    columns = codec(table).columns
    with psycopg.connect(url) as pg:
        rows = pg.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
    out = {}
    for row in rows:
        values = dict(zip(columns, row, strict=True))
        values["sync_versions"] = load_versions(values["sync_versions"])
        out[values.pop("id")] = values
    return out


def _version_texts(store: Store) -> dict[str, str]:
    with store.read_session() as session:
        return {row[0]: row[1] for row in session.execute(select(Client.id, Client.sync_versions))}


def _server_version_texts(url: str) -> dict[str, str]:
    with psycopg.connect(url) as pg:
        return dict(pg.execute("SELECT id, sync_versions FROM client").fetchall())


def _local_rows(store: Store, table: str) -> dict[str, dict[str, Any]]:
    """The same from a laptop's store, values decoded to Python types."""
    from sqlalchemy import text as sql_text

    table_codec = codec(table)
    with store.engine.connect() as conn:
        rows = conn.execute(sql_text(
            f"SELECT {', '.join(table_codec.columns)} FROM {table}")).all()
    out = {}
    for row in rows:
        values = dict(zip(table_codec.columns, row, strict=True))
        data = table_codec.decode({k: values[k] for k in table_codec.data_columns})
        values.update(data, sync_versions=load_versions(values["sync_versions"]))
        out[values.pop("id")] = values
    return out


def test_the_sql_path_for_clean_edits_agrees_with_the_merge(
    pg_url: str, laptops: Callable[[str], Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Clean edits skip the Python merge; both paths must leave identical rows."""
    from store.sync import server as server_module
    from tests.pg.conftest import fresh_schema, scoped_url, server_url

    results = []
    applied_in_sql: list[int] = []
    real = server_module._update_clean_rows

    def counting(pg: Any, edits: Any) -> set[str]:
        done = real(pg, edits)
        applied_in_sql.append(len(done))
        return done

    for fast in (True, False):
        monkeypatch.setattr(server_module, "_update_clean_rows",
                            counting if fast else (lambda _pg, _edits: set()))
        with fresh_schema(server_url(), "paths") as schema:
            url = scoped_url(server_url(), schema)
            init_server(url, "test")
            a, b = laptops(f"a{fast}"), laptops(f"b{fast}")
            ids = [add_client(a, id=f"client-{n}", name=f"客户{n}") for n in range(3)]
            for store in (a, b, a):
                sync(store, url)
            edit(a, ids[0], phone="13900000001", notes="改")
            edit(b, ids[1], tier="gold")
            edit(a, ids[2], aum_fen=5)
            edit(a, ids[2], aum_fen=6)  # two edits of one row: the merge's job
            for store in (b, a, b):
                sync(store, url)
            rows = _server_rows(url, "client")
            for store in (a, b):  # versions, stamps and values as the laptops hold them
                assert _local_rows(store, "client") == rows
                assert _version_texts(store) == _server_version_texts(url)  # to the byte
            data = codec("client").data_columns
            results.append({k: [v[c] for c in data] for k, v in rows.items()})
            assert client_of(b, ids[2]).aum_fen == 6
    assert results[0] == results[1]
    assert sum(applied_in_sql) >= 2  # the fast path really ran


def test_a_fast_clock_never_reuses_a_stamp_after_being_bounded(
    server: str, laptops: Callable[[str], Store]
) -> None:
    """Bounded by the server, a laptop a year ahead keeps its own clock moving
    forward: each later edit still beats its earlier one everywhere."""
    a, b, client_id = two_laptops_with_a_client(server, laptops)
    now_ms = int(server_value(server, "SELECT extract(epoch FROM clock_timestamp()) * 1000"))
    a.hlc = HybridClock(wall_ms=lambda: now_ms + 365 * DAY_MS, last=a.hlc.last)  # stuck ahead
    for notes in ("第一次", "第二次", "第三次"):
        edit(a, client_id, notes=notes)
        before = a.hlc.last
        sync(a, server)
        assert a.hlc.last >= before  # the device clock never goes back
    sync(b, server)
    assert client_of(a, client_id).notes == client_of(b, client_id).notes == "第三次"
    versions = [row[0] for row in psycopg.connect(server).execute(
        "SELECT version FROM sync_change WHERE row_id = %s ORDER BY seq", (client_id,))]
    assert versions == sorted(versions) and len(set(versions)) == len(versions)
