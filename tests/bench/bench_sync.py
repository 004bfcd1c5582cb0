"""Measure sync at 100,000 changed rows against raw baselines; print JSON lines.

    CLIENTDESK_BENCH_PG_URL=postgresql://postgres@127.0.0.1/test \\
        python3 tests/bench/bench_sync.py [--rows 100000] [--noop-runs 7] [--profile DIR]

The server URL comes from ``CLIENTDESK_BENCH_PG_URL``, else
``CLIENTDESK_TEST_PG_URL``. Each run works in a fresh schema of that database
(dropped at the end) set up with ``init_server``, and in fresh stores in a
temporary folder. In order:

1. laptop A gets ``--rows`` realistic clients through ``insert_rows`` (the
   change capture's bulk path), under one branch and twenty managers;
2. ``push_new``: A's sync pushing them; ``push_new_baseline``: the same
   rows (every row A's outbox names, read as A holds it: the clients, their
   branch and managers) COPYed into a staging table plus one ``INSERT ...
   SELECT ... ON CONFLICT (id) DO UPDATE`` per table, in one transaction,
   into a second schema made by ``init_server`` (the shared tables with
   their indexes and foreign keys, empty at first);
3. ``pull_new``: a new laptop B's first sync pulling them;
   ``pull_new_baseline``: one ``executemany`` of ``INSERT ... ON CONFLICT
   DO UPDATE`` per table of the same rows into a fresh store;
4. every client on A gets a new phone and notes through the ORM (the
   capture path of every edit the app makes), ``capture_changes``; each
   edit also writes its audit entry, so the sync carries twice as many rows
   as there are clients, and so do the baselines;
5. ``push_changed`` / ``pull_changed`` (B already holds the rows) and their
   baselines, now updating the rows the first baselines inserted;
6. ``noop_sync``: the median of ``--noop-runs`` syncs of B with nothing to
   do, in one process (``noop_sync_first``: the first one in that process).

Every ``*_ratio`` is the sync's time over its baseline (target: at most 2);
``noop_sync`` has a target of 0.3 s and ``peak_rss`` of 300 MB. Each phase
runs in its own child process, so ``peak_rss_<phase>`` (the child's
ru_maxrss) counts the sync alone, not the generator; ``peak_rss`` is the
largest of the sync phases.

Times are wall clock (``time.perf_counter``) around the call only: opening
the store and importing modules are outside them; a sync's time includes
connecting to the server. ``--profile DIR`` also writes a cProfile
file per measured phase (times are then inflated; read them for shape).

Lines carry ``name``, ``value``, ``unit`` and ``rows``; targets carry
``target``. A short human summary goes to stderr. Not part of the test
suite: figures depend on the machine. ``--rows 2000`` is a quick smoke run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

URL_ENVS = ("CLIENTDESK_BENCH_PG_URL", "CLIENTDESK_TEST_PG_URL")
PUSH_RATIO_TARGET = 2.0
PULL_RATIO_TARGET = 2.0
NOOP_TARGET_S = 0.3
RSS_TARGET_MB = 300.0
SEED = 20261128
MANAGERS = 20
INSERT_CHUNK = 5000
EDIT_CHUNK = 2000
BASELINE_SCHEMA_SUFFIX = "_baseline"


# --- the parent: orchestration and output ---------------------------------------


def emit(name: str, value: float, unit: str, rows: int, **extra: Any) -> None:
    print(json.dumps({"name": name, "value": round(value, 4), "unit": unit, "rows": rows,
                      **extra}, ensure_ascii=False), flush=True)


def server_url() -> str:
    for env in URL_ENVS:
        if url := os.environ.get(env):
            return url
    sys.exit(f"bench_sync: set {URL_ENVS[0]} (or {URL_ENVS[1]}) to the PostgreSQL to measure"
             " against, e.g. postgresql://postgres@127.0.0.1:5432/test")


def scoped_url(url: str, schema: str) -> str:
    """A libpq URL whose connections work in `schema` only."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}"


@contextlib.contextmanager
def fresh_schema(url: str) -> Iterator[str]:
    """A new schema for the sync, and beside it one (name + suffix) for the baseline."""
    import psycopg

    schema = f"bench_sync_{os.getpid()}"
    schemas = (schema, schema + BASELINE_SCHEMA_SUFFIX)
    try:
        with psycopg.connect(url, autocommit=True) as pg:
            for name in schemas:
                pg.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
                pg.execute(f'CREATE SCHEMA "{name}"')
    except psycopg.OperationalError as exc:
        sys.exit(f"bench_sync: cannot reach PostgreSQL: {str(exc).strip().splitlines()[0]}")
    try:
        yield schema
    finally:
        with psycopg.connect(url, autocommit=True) as pg:
            for name in schemas:
                pg.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def run_phase(phase: str, spec: dict[str, Any]) -> dict[str, Any]:
    """Run one phase in a fresh interpreter; returns what it measured."""
    env = {k: v for k, v in os.environ.items() if k != "CLIENTDESK_NOW"}
    done = subprocess.run(
        [sys.executable, __file__, "--phase", phase, "--spec", json.dumps(spec)],
        env=env, stdout=subprocess.PIPE, text=True, check=False,
    )
    if done.returncode != 0:
        sys.exit(f"bench_sync: phase {phase} failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="clients (default 100000)")
    parser.add_argument("--noop-runs", type=int, default=7, help="no-op syncs timed (median)")
    parser.add_argument("--batch-size", type=int, default=None,
                        help="sync batch size (default: the sync's own)")
    parser.add_argument("--profile", type=Path, default=None,
                        help="write a cProfile file per measured phase into this folder")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--spec", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        child_main(args.phase, json.loads(args.spec))
        return
    if args.rows < 1 or args.noop_runs < 1:
        parser.error("--rows and --noop-runs must be at least 1")
    url = server_url()
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    n = args.rows
    summary: list[tuple[str, float, str, str]] = []

    def ratio(name: str, value: float, baseline: float, target: float) -> None:
        emit(f"{name}_baseline", baseline, "s", n)
        emit(f"{name}_ratio", value / baseline, "x", n, target=target)
        summary.append((name, value, f"{value / baseline:.2f}x of {baseline:.2f} s",
                        "ok" if value / baseline <= target else "OVER"))

    with fresh_schema(url) as schema, tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        spec: dict[str, Any] = {
            "url": scoped_url(url, schema), "rows": n, "work": str(work),
            "baseline_url": scoped_url(url, schema + BASELINE_SCHEMA_SUFFIX),
            "batch_size": args.batch_size, "noop_runs": args.noop_runs,
            "profile": str(args.profile) if args.profile else None,
        }
        run_phase("init", spec)
        generated = run_phase("generate", spec)
        emit("generate", generated["seconds"], "s", n)

        rss: dict[str, float] = {}
        for step in ("new", "changed"):
            if step == "changed":
                edited = run_phase("edit", spec)
                emit("capture_changes", edited["seconds"], "s", n)
            step_spec = {**spec, "step": step}
            carried = run_phase("carried", step_spec)
            emit(f"push_{step}_rows_carried", carried["rows"], "rows", n,
                 tables=carried["tables"])
            base_pg = run_phase("baseline_pg", step_spec)
            push = run_phase("push", step_spec)
            base_sqlite = run_phase("baseline_sqlite", step_spec)
            pull = run_phase("pull", step_spec)
            for name, measured, baseline in (
                (f"push_{step}", push, base_pg), (f"pull_{step}", pull, base_sqlite),
            ):
                emit(name, measured["seconds"], "s", n, synced=measured["synced"])
                ratio(name, measured["seconds"], baseline["seconds"],
                      PUSH_RATIO_TARGET if name.startswith("push") else PULL_RATIO_TARGET)
                rss[name] = measured["rss_mb"]
            if push["synced"] < n or pull["synced"] < n or push["conflicts"] or pull["conflicts"]:
                sys.exit(f"bench_sync: {step}: pushed {push['synced']}, pulled {pull['synced']}"
                         f" (expected at least {n} each), conflicts {push['conflicts']}"
                         f" + {pull['conflicts']} (expected none)")

        noop = run_phase("noop", spec)
        emit("noop_sync_first", noop["first"], "s", n)
        emit("noop_sync", noop["median"], "s", n, target=NOOP_TARGET_S, runs=args.noop_runs)
        summary.append(("noop_sync", noop["median"], f"median of {args.noop_runs}",
                        "ok" if noop["median"] <= NOOP_TARGET_S else "OVER"))
        rss["noop"] = noop["rss_mb"]
        for name, value in rss.items():
            emit(f"peak_rss_{name}", value, "MB", n)
        peak = max(rss.values())
        emit("peak_rss", peak, "MB", n, target=RSS_TARGET_MB)
        summary.append(("peak_rss", peak, "MB, largest sync phase",
                        "ok" if peak <= RSS_TARGET_MB else "OVER"))
        run_phase("verify", spec)

    for name, value, note, verdict in summary:
        print(f"{name:<14} {value:8.3f}  {note:<28} {verdict}", file=sys.stderr)


# --- the children: one phase each -----------------------------------------------


def child_main(phase: str, spec: dict[str, Any]) -> None:
    result = PHASES[phase](spec)
    import resource

    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result), flush=True)


def timed(spec: dict[str, Any], name: str, work: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds `work` takes (and what it returned), profiled into a file if asked."""
    profiler = None
    if spec["profile"]:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    value = work()
    elapsed = time.perf_counter() - started
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(Path(spec["profile"]) / f"{name}.prof")
    return elapsed, value


def _label(spec: dict[str, Any], kind: str) -> str:
    return f"{kind}_{spec['step']}"


def _store(spec: dict[str, Any], name: str) -> Any:
    from store.db import open_store

    return open_store(Path(spec["work"]) / f"{name}.db")


def _sync_kwargs(spec: dict[str, Any]) -> dict[str, Any]:
    return {"batch_size": spec["batch_size"]} if spec["batch_size"] else {}


def phase_init(spec: dict[str, Any]) -> dict[str, Any]:
    from store.sync.server import init_server
    from store.version import app_version

    init_server(spec["url"], app_version())
    init_server(spec["baseline_url"], app_version())
    return {}


def phase_generate(spec: dict[str, Any]) -> dict[str, Any]:
    from store.models import Branch, Client, Manager
    from store.sync.capture import insert_rows

    store = _store(spec, "laptop_a")
    gen = ClientGenerator(SEED)
    started = time.perf_counter()
    try:
        with store.write() as conn:
            hlc = store.tick()
            branch = gen.branch()
            insert_rows(conn, Branch.__table__, [branch], store, hlc=hlc)
            managers = gen.managers(branch["id"], MANAGERS)
            insert_rows(conn, Manager.__table__, managers, store, hlc=hlc)
            owners = [m["id"] for m in managers]
            left = spec["rows"]
            while left:
                size = min(left, INSERT_CHUNK)
                rows = [gen.client(owners, branch["id"]) for _ in range(size)]
                insert_rows(conn, Client.__table__, rows, store, hlc=hlc)
                left -= size
    finally:
        store.close()
    return {"seconds": time.perf_counter() - started}


def phase_edit(spec: dict[str, Any]) -> dict[str, Any]:
    """A new phone and notes on every client, through ORM sessions (captured)."""
    from sqlalchemy import select

    from store.models import Client

    store = _store(spec, "laptop_a")
    gen = ClientGenerator(SEED + 1)
    try:
        with store.engine.connect() as conn:
            ids = list(conn.execute(select(Client.id).order_by(Client.id)).scalars())

        def edit_all() -> None:
            for start in range(0, len(ids), EDIT_CHUNK):
                with store.session() as session:
                    chunk = ids[start:start + EDIT_CHUNK]
                    for client in session.scalars(select(Client).where(Client.id.in_(chunk))):
                        client.phone = gen.mobile()
                        client.notes = gen.note()

        seconds, _ = timed(spec, "capture_changes", edit_all)
    finally:
        store.close()
    return {"seconds": seconds}


def phase_push(spec: dict[str, Any]) -> dict[str, Any]:
    from store.sync.run import sync

    label = _label(spec, "push")
    store = _store(spec, "laptop_a")
    try:
        seconds, report = timed(spec, label,
                                lambda: sync(store, spec["url"], **_sync_kwargs(spec)))
    finally:
        store.close()
    return {"seconds": seconds, "synced": report.pushed, "conflicts": report.new_conflicts}


def phase_pull(spec: dict[str, Any]) -> dict[str, Any]:
    from store.sync.run import sync

    label = _label(spec, "pull")
    store = _store(spec, "laptop_b")
    try:
        seconds, report = timed(spec, label,
                                lambda: sync(store, spec["url"], **_sync_kwargs(spec)))
    finally:
        store.close()
    return {"seconds": seconds, "synced": report.pulled, "conflicts": report.new_conflicts}


def phase_noop(spec: dict[str, Any]) -> dict[str, Any]:
    from store.sync.run import sync

    store = _store(spec, "laptop_b")
    try:
        times, report = [], None
        for run in range(spec["noop_runs"] + 1):
            name = "noop_first" if run == 0 else "noop"
            seconds, report = timed(spec, name, lambda: sync(store, spec["url"]))
            times.append(seconds)
    finally:
        store.close()
    assert report is not None
    if report.pushed or report.pulled:
        raise SystemExit(f"no-op sync did work: pushed {report.pushed}, pulled {report.pulled}")
    return {"first": times[0], "median": statistics.median(times[1:])}


def _carried_path(spec: dict[str, Any]) -> Path:
    return Path(spec["work"]) / f"carried_{spec['step']}.json"


def phase_carried(spec: dict[str, Any]) -> dict[str, Any]:
    """Note which rows A's next push carries (table -> ids, parents first) for the baselines.

    Read before the push, as the push empties the outbox the pull baseline
    would otherwise have to guess from.
    """
    from sqlalchemy import select

    from store.models import OutboxChange
    from store.sync.versions import synced_table_names

    store = _store(spec, "laptop_a")
    try:
        with store.engine.connect() as conn:
            named = conn.execute(
                select(OutboxChange.table_name, OutboxChange.row_id).distinct()).all()
    finally:
        store.close()
    by_table: dict[str, list[str]] = {}
    for table, row_id in named:
        by_table.setdefault(table, []).append(row_id)
    carried = {t: sorted(by_table[t]) for t in synced_table_names() if t in by_table}
    _carried_path(spec).write_text(json.dumps(carried))
    return {"rows": sum(map(len, carried.values())),
            "tables": {t: len(ids) for t, ids in carried.items()}}


def _carried_rows(spec: dict[str, Any], *, raw: bool
                  ) -> list[tuple[str, list[str], list[tuple[Any, ...]]]]:
    """(table, columns, rows) of every row the push carries, as laptop A holds them:
    stored text (`raw`, for SQLite) or Python values (for COPY)."""
    from sqlalchemy import select

    from store.models import Base

    carried: dict[str, list[str]] = json.loads(_carried_path(spec).read_text())
    store = _store(spec, "laptop_a")
    found = []
    try:
        with store.engine.connect() as conn:
            for name, ids in carried.items():
                table = Base.metadata.tables[name]
                columns = [c.name for c in table.columns]
                rows: list[tuple[Any, ...]] = []
                for start in range(0, len(ids), INSERT_CHUNK):
                    chunk = ids[start:start + INSERT_CHUNK]
                    if raw:
                        result = conn.exec_driver_sql(
                            f"SELECT {', '.join(columns)} FROM {name}"
                            f" WHERE id IN ({', '.join('?' * len(chunk))})", tuple(chunk))
                    else:
                        result = conn.execute(select(*table.columns).where(table.c.id.in_(chunk)))
                    rows.extend(tuple(row) for row in result)
                found.append((name, columns, rows))
    finally:
        store.close()
    return found


def _insert_sql(table: str, columns: list[str]) -> str:
    return (f"INSERT INTO {table} ({', '.join(columns)})"
            f" VALUES ({', '.join('?' * len(columns))})")


def phase_baseline_pg(spec: dict[str, Any]) -> dict[str, Any]:
    """Per table, COPY into a staging table and one upsert into the baseline schema's table."""
    import psycopg
    from psycopg import sql

    label = _label(spec, "baseline_pg")
    tables = _carried_rows(spec, raw=False)
    with psycopg.connect(spec["baseline_url"], autocommit=True) as pg:

        def copy_and_upsert() -> None:
            with pg.transaction():
                for name, columns, rows in tables:
                    names = sql.SQL(", ").join(map(sql.Identifier, columns))
                    updates = sql.SQL(", ").join(
                        sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(c))
                        for c in columns if c != "id")
                    stage = sql.Identifier(f"bench_stage_{name}")
                    pg.execute(sql.SQL(
                        "CREATE TEMP TABLE {} (LIKE {} INCLUDING DEFAULTS) ON COMMIT DROP"
                    ).format(stage, sql.Identifier(name)))
                    copy_sql = sql.SQL("COPY {} ({}) FROM STDIN").format(stage, names)
                    with pg.cursor().copy(copy_sql) as copy:
                        for row in rows:
                            copy.write_row(row)
                    pg.execute(sql.SQL(
                        "INSERT INTO {target} ({names}) SELECT {names} FROM {stage}"
                        " ON CONFLICT (id) DO UPDATE SET {updates}"
                    ).format(target=sql.Identifier(name), names=names, stage=stage,
                             updates=updates))

        seconds, _ = timed(spec, label, copy_and_upsert)
    return {"seconds": seconds}


def phase_baseline_sqlite(spec: dict[str, Any]) -> dict[str, Any]:
    """Per table, one executemany upsert of the same rows into a fresh store."""
    label = _label(spec, "baseline_sqlite")
    tables = _carried_rows(spec, raw=True)
    store = _store(spec, "laptop_c")
    try:
        upserts = [
            (_insert_sql(name, columns) + " ON CONFLICT (id) DO UPDATE SET "
             + ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id"), rows)
            for name, columns, rows in tables
        ]

        def bulk_upsert() -> None:
            with store.write() as conn:
                for upsert, rows in upserts:
                    conn.exec_driver_sql(upsert, rows)

        seconds, _ = timed(spec, label, bulk_upsert)
    finally:
        store.close()
    return {"seconds": seconds}


def phase_verify(spec: dict[str, Any]) -> dict[str, Any]:
    """Laptop B and the server ended with exactly laptop A's clients (a bench must not lie)."""
    import hashlib

    from sqlalchemy import select

    from store.models import Client, OutboxChange

    digests = {}
    for name in ("laptop_a", "laptop_b"):
        store = _store(spec, name)
        try:
            with store.engine.connect() as conn:
                rows = sorted(tuple(row) for row in conn.execute(
                    select(Client.id, Client.name, Client.phone, Client.notes, Client.aum_fen,
                           Client.sync_versions)
                ))
                pending = conn.execute(select(OutboxChange.seq).limit(1)).first()
        finally:
            store.close()
        if len(rows) != spec["rows"] or pending is not None:
            raise SystemExit(f"verify: {name} holds {len(rows)} clients"
                             f"{' and unsent changes' if pending else ''}")
        digests[name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    import psycopg

    with psycopg.connect(spec["url"]) as pg:
        rows = sorted(tuple(row) for row in pg.execute(
            "SELECT id, name, phone, notes, aum_fen, sync_versions FROM client"))
    digests["server"] = hashlib.sha256(repr(rows).encode()).hexdigest()
    if len(set(digests.values())) != 1:
        raise SystemExit(f"verify: clients differ between laptop A, laptop B and the server:"
                         f" {digests}")
    return {}


PHASES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "init": phase_init,
    "generate": phase_generate,
    "edit": phase_edit,
    "push": phase_push,
    "pull": phase_pull,
    "noop": phase_noop,
    "carried": phase_carried,
    "baseline_pg": phase_baseline_pg,
    "baseline_sqlite": phase_baseline_sqlite,
    "verify": phase_verify,
}


# --- realistic clients, fast ------------------------------------------------------

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
_GIVEN = ("伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰",
          "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "文", "华", "红",
          "志强", "国庆", "晓东", "丹", "鹏", "辉", "玉兰", "海燕", "俊", "婷", "雪梅", "子涵",
          "浩然")
_STREETS = ("中华北路", "延安西路", "北京路", "瑞金南路", "遵义路", "花果园大街", "长岭北路",
            "黔灵山路", "宝山北路", "市府路")
_DISTRICTS = ("贵阳市云岩区", "贵阳市南明区", "贵阳市观山湖区", "遵义市红花岗区", "仁怀市中枢街道")
_OCCUPATIONS = (("公务员", "政府机关", "public"), ("教师", "贵州大学", "education"),
                ("医生", "贵州省人民医院", "health"), ("企业主", "贵州黔龙商贸有限公司", "trade"),
                ("公司高管", "贵州茅台酒股份有限公司", "manufacturing"),
                ("个体工商户", "仁怀市茅台镇酒坊", "retail"), ("退休人员", None, None))
_NOTES = ("偏好稳健型理财，关注养老规划。", "子女在国外读书，有换汇需求。",
          "喜欢打羽毛球，周末可约。", "企业主，经营性资金周转频繁。",
          "对基金定投感兴趣，需定期回访。", "高净值客户，重视隐私。")
_FOLLOW_UPS = ("2026年第四季度回访：", "电话回访：", "上门拜访：", "年度资产检视：")


class ClientGenerator:
    """Varied client rows (names, ids, phones, money) from a seeded generator.

    Pinyin keys are computed once per distinct name, so 100,000 rows take
    seconds, not the demo's minutes; ids are real UUIDv7s.
    """

    def __init__(self, seed: int) -> None:
        import random

        self.rng = random.Random(seed)
        self._keys: dict[str, tuple[str, str]] = {}

    def _name_keys(self, name: str) -> tuple[str, str]:
        if name not in self._keys:
            from store.pinyin import name_search_keys

            self._keys[name] = name_search_keys(name)
        return self._keys[name]

    def branch(self) -> dict[str, Any]:
        from store.ids import uuid7

        return {"id": uuid7(), "code": "52038201", "name": "仁怀支行", "parent_id": None}

    def managers(self, branch_id: str, count: int) -> list[dict[str, Any]]:
        from store.ids import uuid7

        return [{
            "id": uuid7(), "employee_no": f"E{100200 + i}", "name": self.person_name(),
            "level": "client_manager", "branch_id": branch_id, "phone": self.mobile(),
            "email": None,
        } for i in range(count)]

    def person_name(self) -> str:
        return self.rng.choice(_SURNAMES) + self.rng.choice(_GIVEN)

    def mobile(self) -> str:
        return f"1{self.rng.choice('35789')}{self.rng.randrange(10**9):09d}"

    def note(self) -> str:
        return self.rng.choice(_FOLLOW_UPS) + self.rng.choice(_NOTES)

    def client(self, owners: list[str], branch_id: str) -> dict[str, Any]:
        import datetime as dt

        from store.ids import uuid7

        rng = self.rng
        corporate = rng.random() < 0.05
        aum = int(rng.lognormvariate(13.0, 1.5) * 100)
        if corporate:
            name = f"贵州{rng.choice(_SURNAMES)}{rng.choice(_GIVEN)}商贸有限公司"
            full, initials = self._name_keys(name)
            person: dict[str, Any] = {
                "kind": "corporate", "id_type": "credit_code",
                "credit_code": f"91520382MA{rng.randrange(10**8):08d}",
                "legal_representative": self.person_name(), "ownership": "private",
                "industry": "trade",
            }
            person["id_number"] = person["credit_code"]
        else:
            name = self.person_name()
            full, initials = self._name_keys(name)
            birth = dt.date(1945, 1, 1) + dt.timedelta(days=rng.randrange(365 * 60))
            occupation, employer, industry = rng.choice(_OCCUPATIONS)
            person = {
                "kind": "individual", "gender": rng.choice(("male", "female")),
                "birth_date": birth, "birthday_lunar": rng.random() < 0.3,
                "id_type": "resident_id",
                "id_number": f"520382{birth:%Y%m%d}{rng.randrange(10**4):04d}",
                "occupation": occupation, "employer": employer, "industry": industry,
                "income_band": rng.choice(("under_30", "30_100", "100_300", "300_1000")),
                "education": rng.choice(("college", "bachelor", "master")),
                "marital_status": rng.choice(("single", "married", "married", "divorced")),
                "email": f"{full}{rng.randrange(1000)}@163.com" if rng.random() < 0.3 else None,
            }
        return {
            "id": uuid7(), "name": name, "name_pinyin": full, "name_initials": initials,
            "customer_no": f"5203820{rng.randrange(10**9):09d}", "phone": self.mobile(),
            "address": f"{rng.choice(_DISTRICTS)}{rng.choice(_STREETS)}{rng.randint(1, 300)}号",
            "risk_level": rng.choice(("C1", "C2", "C3", "C4", "C5")),
            "risk_assessed_on": dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(330)),
            "tier": "gold" if aum > 50_000_000 else "standard",
            "importance": rng.choice("ABC"), "owner_manager_id": rng.choice(owners),
            "branch_id": branch_id, "status": "active", "aum_fen": aum,
            "contribution_fen": aum * rng.randint(30, 150) // 10_000,
            "notes": rng.choice(_NOTES) if rng.random() < 0.12 else None,
            **person,
        }


if __name__ == "__main__":
    main()
