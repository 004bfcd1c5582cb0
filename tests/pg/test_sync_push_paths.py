"""The push's SQL paths give exactly what the Python merge gives.

A push applies most changes in SQL (`_insert_new_rows`, `_update_clean_rows`)
and leaves the rest to `merge.apply_change`. Each case here pushes hand-made
changes, with versions and bases on the edges of the "clean edit" test,
straight into a fresh shared database twice: as sync does, and with both
SQL paths turned off so every change takes the Python merge. Everything the
server then holds (rows, version maps to the byte, stamps, conflicts, feed,
what each push answered) must be the same.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest

from store.hlc import pack
from store.sync import server as server_module
from store.sync.push_plan import plan_push
from store.sync.server import FUTURE_TOLERANCE_MS, Outgoing, PushOutcome, connect, init_server
from store.sync.versions import dump_fields, dump_versions, make_version
from tests.pg.conftest import fresh_schema, scoped_url, server_url

#: The server's clock in every case (pinned, so bounded stamps and conflict
#: times are the same in both runs).
NOW_MS = 1_790_000_000_000
A, B = "device-a", "device-b"
ROW = "client-1"
AUDIT = "audit-1"

CLIENT = {
    "kind": "individual",
    "name": "王建国",
    "name_pinyin": "wangjianguo",
    "name_initials": "wjg",
    "gender": "unknown",
    "birthday_lunar": False,
    "nationality": "CHN",
    "tier": "standard",
    "importance": "C",
    "status": "active",
    "aum_fen": 0,
    "contribution_fen": 0,
    "deleted": False,
    "phone": "13800000000",
    "notes": "初次见面",
}


def v(ms: int, device: str = A) -> str:
    """A version `ms` milliseconds before the pinned server clock."""
    return make_version(pack(NOW_MS - 100_000 + ms, 0), device)


V0 = v(0)
FUTURE = make_version(pack(NOW_MS + 365 * 24 * 3600 * 1000, 0), A)
FUTURE_2 = make_version(pack(NOW_MS + 365 * 24 * 3600 * 1000 + 1, 0), A)


@dataclass
class Case:
    """Batches pushed in order; `sql` runs on the server before the last batch."""

    batches: list[list[Outgoing]]
    #: How many changes of the last batch the SQL paths should take.
    in_sql: int
    sql: str | None = None
    raises: type[Exception] | None = None


def _change(
    case_ids: itertools.count[int],
    table: str,
    row_id: str,
    version: str,
    fields: dict[str, Any],
    base: dict[str, str] | None,
) -> Outgoing:
    return Outgoing(
        change_id=f"change-{next(case_ids)}",
        table=table,
        row_id=row_id,
        version=version,
        author=None,
        fields_json=dump_fields(fields),
        base_json=None if base is None else dump_versions(base),
    )


def _cases() -> dict[str, Case]:
    ids = itertools.count()

    def c(
        version: str,
        fields: dict[str, Any],
        base: dict[str, str] | None = None,
        *,
        row_id: str = ROW,
        table: str = "client",
    ) -> Outgoing:
        return _change(ids, table, row_id, version, fields, base)

    insert = [c(V0, CLIENT)]
    audit = {
        "table_name": "client",
        "row_id": ROW,
        "action": "update",
        "at": "2026-01-01T00:00:00+00:00",
        "manager_id": None,
        "changes": "{}",
        "deleted": False,
    }
    return {
        "a first edit that knew the row": Case(
            [insert, [c(v(10, B), {"phone": "13900000000"}, {"": V0})]], in_sql=1
        ),
        "an edit that missed another edit of its field": Case(
            [
                insert,
                [c(v(10), {"phone": "13911111111"}, {"": V0})],
                [c(v(20, B), {"phone": "13922222222"}, {"": V0})],
            ],
            in_sql=0,
        ),
        "an edit older than the row's newest field, newer than its own": Case(
            [
                insert,
                [c(v(30), {"phone": "13911111111"}, {"": V0})],
                [c(v(20, B), {"notes": "较早的笔记"}, {"": V0})],
            ],
            in_sql=1,
        ),
        "an edit that knew its field but is not newer than it": Case(
            [
                insert,
                [c(v(30), {"phone": "13911111111"}, {"": V0})],
                [c(v(20, B), {"phone": "13922222222"}, {"": V0, "phone": v(30)})],
            ],
            in_sql=0,
        ),
        "the same version sent again under another change id": Case(
            [
                insert,
                [c(v(30), {"phone": "13911111111"}, {"": V0})],
                [c(v(30), {"phone": "13911111111"}, {"": V0, "phone": v(30)})],
            ],
            in_sql=0,
        ),
        "an edit of a row deleted behind its back": Case(
            [
                insert,
                [c(v(10), {"deleted": True}, {"": V0})],
                [c(v(20, B), {"phone": "13922222222"}, {"": V0})],
            ],
            in_sql=0,
        ),
        "an edit of a row it knew was deleted": Case(
            [
                insert,
                [c(v(10), {"deleted": True}, {"": V0})],
                [c(v(20, B), {"phone": "13922222222"}, {"": V0, "deleted": v(10)})],
            ],
            in_sql=1,
        ),
        "an edit of a row the server does not have": Case(
            [[c(v(10, B), {k: x for k, x in CLIENT.items() if k != "deleted"}, {"": V0})]], in_sql=0
        ),
        "a base naming an empty version for the field": Case(
            [insert, [c(v(10, B), {"phone": "13900000000"}, {"": V0, "phone": ""})]], in_sql=1
        ),
        "an edit of a row whose version map is missing": Case(
            [insert, [c(v(10, B), {"phone": "13900000000"}, {"": V0})]],
            in_sql=0,
            sql=f"UPDATE client SET sync_versions = NULL WHERE id = '{ROW}'",
        ),
        "an edit knowing no versions of a row whose map is missing": Case(
            [insert, [c(v(10, B), {"phone": "13900000000"}, {})]],
            in_sql=0,
            sql=f"UPDATE client SET sync_versions = NULL WHERE id = '{ROW}'",
        ),
        "dates, booleans and big money": Case(
            [
                insert,
                [
                    c(
                        v(10, B),
                        {
                            "birth_date": "1980-02-29",
                            "birthday_lunar": True,
                            "wedding_date": None,
                            "aum_fen": 123_456_789_012,
                        },
                        {"": V0},
                    )
                ],
            ],
            in_sql=1,
        ),
        "instants with and without a zone": Case(
            [
                [
                    c(V0, audit, row_id=AUDIT, table="audit_entry"),
                    c(V0, audit, row_id="audit-2", table="audit_entry"),
                ],
                [
                    c(
                        v(10),
                        {"at": "2026-01-02T03:04:05"},
                        {"": V0},
                        row_id=AUDIT,
                        table="audit_entry",
                    ),
                    c(
                        v(10),
                        {"at": "2026-01-02T03:04:05.5+08:00"},
                        {"": V0},
                        row_id="audit-2",
                        table="audit_entry",
                    ),
                ],
            ],
            in_sql=2,
        ),
        "a stamp from the future, then an edit that saw it unbounded": Case(
            [
                insert,
                [c(FUTURE, {"phone": "13911111111"}, {"": V0})],
                [c(FUTURE_2, {"phone": "13922222222"}, {"": V0, "phone": FUTURE})],
            ],
            in_sql=1,
        ),
        "two inserts of one row in one batch": Case(
            [[c(V0, CLIENT), c(v(10), {**CLIENT, "name": "王建业"})]], in_sql=1
        ),
        "an insert whose text needs COPY's escapes": Case(
            [[c(V0, {**CLIENT, "notes": "制表\t换行\n回车\r反斜杠\\N \\. \"引号\" 🧧",
                     "english_name": "back\\slash"})]],
            in_sql=1,
        ),
        "an insert of a row the server already has": Case(
            [insert, [c(v(10, B), {**CLIENT, "phone": "13933333333"})]], in_sql=0
        ),
        "a batch sent again with one change more": Case(
            [insert, [*insert, c(v(10, B), {"phone": "13900000000"}, {"": V0})]], in_sql=1
        ),
        "an insert naming a field the table does not have": Case(
            [[c(V0, {**CLIENT, "no_such_field": 1})]], in_sql=0, raises=ValueError
        ),
        "an insert from the future": Case([[c(FUTURE, CLIENT)]], in_sql=1),
        "an insert from the future sent again": Case(
            [[c(FUTURE, CLIENT, row_id="client-2")], [c(FUTURE, CLIENT, row_id="client-2")]],
            in_sql=0,
        ),
        "children before their parents in one batch": Case(
            [[
                c(V0, {**CLIENT, "owner_manager_id": "manager-1", "branch_id": "branch-1"}),
                c(V0, {"employee_no": "E1", "name": "李娜", "level": "manager",
                       "branch_id": "branch-1", "deleted": False},
                  row_id="manager-1", table="manager"),
                c(V0, {"code": "0851", "name": "仁怀支行", "deleted": False},
                  row_id="branch-1", table="branch"),
            ]],
            in_sql=3,
        ),
        "an insert holding a value no column takes": Case(
            [[c(V0, {**CLIENT, "notes": {"nested": True}})]], in_sql=0, raises=psycopg.Error
        ),
        "a field the table does not have": Case(
            [insert, [c(v(10, B), {"no_such_field": 1}, {"": V0})]], in_sql=0, raises=ValueError
        ),
    }


CASES = _cases()

STATE_QUERIES = {
    "client": "SELECT * FROM client ORDER BY id",
    "audit_entry": "SELECT * FROM audit_entry ORDER BY id",
    "sync_conflict": "SELECT * FROM sync_conflict ORDER BY id",
    "feed": "SELECT change_id, table_name, row_id, version, sent_version, device_id, author,"
    " fields, base FROM sync_change ORDER BY seq",
}


def _run(case: Case, taken: list[int]) -> tuple[dict[str, list[Any]], list[PushOutcome]]:
    """Push the case's batches into a fresh database; what it holds and what pushes said."""
    with fresh_schema(server_url(), "push_paths") as schema:
        url = scoped_url(server_url(), schema)
        init_server(url, "test")
        pg = connect(url)
        outcomes = []
        try:
            for index, batch in enumerate(case.batches):
                last = index == len(case.batches) - 1
                if last and case.sql:
                    pg.execute(case.sql)
                taken.clear()
                if last and case.raises:
                    with pytest.raises(case.raises):
                        server_module.push(pg, batch)
                else:
                    outcomes.append(server_module.push(pg, batch))
            state = {name: pg.execute(query).fetchall() for name, query in STATE_QUERIES.items()}
        finally:
            pg.close()
    return state, outcomes


@pytest.mark.parametrize("name", list(CASES))
def test_the_sql_paths_give_what_the_merge_gives(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = CASES[name]
    monkeypatch.setattr(server_module, "server_now_ms", lambda _pg: NOW_MS)
    real_insert, real_update = server_module._insert_new_rows, server_module._update_clean_rows
    taken: list[int] = []

    def counted(real: Callable[..., set[str]]) -> Callable[..., set[str]]:
        def run(pg: psycopg.Connection[Any], planned: Any) -> set[str]:
            done = real(pg, planned)
            taken.append(len(done))
            return done

        return run

    monkeypatch.setattr(server_module, "_insert_new_rows", counted(real_insert))
    monkeypatch.setattr(server_module, "_update_clean_rows", counted(real_update))
    fast = _run(case, taken)
    assert sum(taken) == case.in_sql  # the case reaches the path it is about

    monkeypatch.setattr(server_module, "_insert_new_rows", lambda _pg, _planned: set())
    monkeypatch.setattr(server_module, "_update_clean_rows", lambda _pg, _planned: set())
    merged = _run(case, taken)
    assert fast == merged


def test_the_future_case_really_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both future stamps were re-stamped, the second one past the first."""
    monkeypatch.setattr(server_module, "server_now_ms", lambda _pg: NOW_MS)
    case = CASES["a stamp from the future, then an edit that saw it unbounded"]
    state, outcomes = _run(case, [])
    bound = pack(NOW_MS + FUTURE_TOLERANCE_MS, 0)
    assert outcomes[1].corrections == {case.batches[1][0].change_id: make_version(bound, A)}
    second = make_version(bound + 1, A)
    assert outcomes[2].corrections == {case.batches[2][0].change_id: second}
    (row,) = [r for r in state["feed"] if r[0] == case.batches[2][0].change_id]
    assert (row[3], row[4]) == (second, FUTURE_2)  # version, sent_version


def test_a_push_that_waited_for_the_lock_sees_the_rows_the_one_before_made() -> None:
    """Even where transactions default to REPEATABLE READ: a snapshot taken
    while waiting for the push lock would miss the row and COPY it twice."""
    insert = _change(itertools.count(), "client", ROW, V0, CLIENT, None)
    again = _change(itertools.count(1), "client", ROW, v(10, B), {**CLIENT, "phone": "1"}, None)
    with fresh_schema(server_url(), "push_lock") as schema:
        url = scoped_url(server_url(), schema)
        init_server(url, "test")
        first, second = connect(url), connect(url)
        try:
            for pg in (first, second):
                pg.execute("SET default_transaction_isolation = 'repeatable read'")
            pool = ThreadPoolExecutor(max_workers=1)
            try:
                with first.transaction():  # a push holding the lock, making the row
                    first.execute("SELECT pg_advisory_xact_lock(%s)",
                                  (server_module.PUSH_LOCK,))
                    waiting = pool.submit(server_module.push, second, [again])
                    _wait_for_lock_waiter(first)
                    server_module._insert_new_rows(first, plan_push([insert]).new_rows)
                outcome = waiting.result(timeout=60)  # committed: the second goes on
            finally:
                pool.shutdown()
            assert outcome.applied == 1
            assert second.execute("SELECT phone FROM client").fetchall() == [("1",)]
        finally:
            first.close()
            second.close()


def _wait_for_lock_waiter(pg: psycopg.Connection[Any]) -> None:
    """Return once another backend waits for an advisory lock."""
    for _ in range(600):
        waiting = pg.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        ).fetchone()
        if waiting and waiting[0]:
            return
        time.sleep(0.05)
    raise AssertionError("the second push never waited for the lock")
