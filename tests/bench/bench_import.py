"""Measure importing a 100,000-row client CSV against a raw SQLite insert; JSON lines.

    python3 tests/bench/bench_import.py [--rows 100000] [--profile FILE]

In a temporary folder:

1. generates a realistic core-banking CSV (UTF-8 with BOM, Chinese headers):
   Chinese names with their frequencies (polyphonic surnames included),
   valid resident ID numbers with check digits, mobiles, amounts with
   thousands separators in quotes, dates in the four formats core banking
   uses, education, marriage, risk level, tier for some rows;
2. ``raw_insert``: the baseline, measured in the same run: the same rows
   as already-typed client dicts (pinyin keys included), inserted with one
   ``executemany`` in one transaction through Python's sqlite3 module, into
   the client table of a fresh store (the same schema, indexes and pragmas:
   WAL, synchronous=FULL);
3. ``import``: `import_clients` of the CSV into another fresh, empty store
   (reading, checking, matching, pinyin keys, tier rules, and writing with
   the sync capture's outbox), and ``import_ratio`` = import / raw_insert
   (target: at most 2);
4. ``import_dry_run``: the same file checked again against the filled store
   (every row matched, all unchanged), and ``reimport_unchanged``: the
   real import of it, which writes nothing;
5. ``export_csv`` / ``export_xlsx`` / ``export_json``: the whole book;
6. ``import_xlsx``: the exported workbook imported into a fresh store.

``--profile FILE`` writes a cProfile of the import (its time is then
inflated: read the profile for shape, not the figure). Lines carry
``name``, ``value``, ``unit`` and ``rows``. Not part of the test suite:
figures depend on the machine; ``--rows 5000`` is a quick smoke run.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import json
import random
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from store import clock
from store.db import open_store
from store.exporting import export_clients
from store.ids import uuid7
from store.importing import import_clients
from store.importing.apply import search_keys
from store.models import Client
from store.tiers import TierRules
from store.validation import resident_id_check_digit

RATIO_TARGET = 2.0
SURNAMES = (
    ("王", 725), ("李", 719), ("张", 683), ("刘", 538), ("陈", 453), ("杨", 308), ("黄", 223),
    ("赵", 229), ("吴", 205), ("周", 195), ("徐", 167), ("孙", 154), ("马", 146), ("朱", 133),
    ("胡", 131), ("郭", 115), ("何", 114), ("林", 113), ("罗", 111), ("高", 110), ("郑", 100),
    ("梁", 90), ("谢", 86), ("宋", 77), ("唐", 75), ("许", 70), ("韩", 68), ("冯", 67),
    ("邓", 66), ("曹", 65), ("彭", 60), ("曾", 60), ("肖", 56), ("田", 54), ("董", 52),
    ("单", 10), ("解", 8), ("仇", 5), ("区", 3), ("令狐", 1), ("欧阳", 4), ("司马", 1),
)  # fmt: skip
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉梅"
    "文斌辉鹏宇浩凯晨欣怡涵萱雨泽俊宏博思源嘉琪佳颖婷雪琳晓燕飞鑫磊瑶"
)
REGIONS = ("520102", "520103", "520382", "110105", "310104", "440305", "510107", "330106")
PREFIXES = ("138", "139", "137", "136", "135", "150", "151", "152", "158", "159", "186",
            "187", "188", "189", "177", "199", "166")  # fmt: skip
OCCUPATIONS = ("企业主", "公司高管", "公务员", "医生", "教师", "退休人员", "个体工商户", "律师")
EDUCATIONS = ("高中及以下", "大专", "本科", "硕士", "博士")
MARITAL = ("未婚", "已婚", "离异", "丧偶")
RISKS = ("C1", "C2 稳健型", "平衡型", "C4", "进取型")
TIERS = ("普通", "金卡", "白金", "钻石", "私行")
HEADER = ["客户号", "客户姓名", "证件类型", "证件号码", "性别", "出生日期", "手机号码",
          "电子邮箱", "联系地址", "职业", "学历", "婚姻状况", "风险评级", "风险评估日期",
          "金融资产(元)", "客户等级"]  # fmt: skip


def emit(name: str, value: float, unit: str, rows: int, **extra: Any) -> None:
    print(
        json.dumps(
            {"name": name, "value": round(value, 4), "unit": unit, "rows": rows, **extra},
            ensure_ascii=False,
        ),
        flush=True,
    )


def date_text(day: date, rng: random.Random) -> str:
    style = rng.randrange(4)
    if style == 0:
        return day.isoformat()
    if style == 1:
        return f"{day.year}/{day.month:02d}/{day.day:02d}"
    if style == 2:
        return day.strftime("%Y%m%d")
    return f"{day.year}年{day.month}月{day.day}日"


def generate(rows: int, seed: int = 1) -> tuple[list[list[str]], list[dict[str, Any]]]:
    """(CSV rows as text, the same clients as typed column values for the baseline)."""
    rng = random.Random(seed)
    names = [s for s, _ in SURNAMES]
    weights = [w for _, w in SURNAMES]
    today = clock.today()
    rules = TierRules()
    text_rows: list[list[str]] = []
    typed: list[dict[str, Any]] = []
    seen: set[str] = set()
    while len(text_rows) < rows:
        surname = rng.choices(names, weights)[0]
        name = surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        birth = today - timedelta(days=rng.randrange(25 * 365, 80 * 365))
        female = rng.random() < 0.5
        sequence = rng.randrange(500) * 2 + (0 if female else 1)
        body = f"{rng.choice(REGIONS)}{birth:%Y%m%d}{sequence:03d}"
        id_number = body + resident_id_check_digit(body)
        if id_number in seen:
            continue
        seen.add(id_number)
        phone = rng.choice(PREFIXES) + f"{rng.randrange(10**8):08d}"
        email = f"u{len(text_rows)}@example.com" if rng.random() < 0.3 else ""
        aum = int(rng.lognormvariate(13.0, 1.5)) * 100 + rng.randrange(100)
        assessed = today - timedelta(days=rng.randrange(700))
        tier = rng.choice(TIERS) if rng.random() < 0.2 else ""
        customer_no = f"5203820{rng.randrange(10**9):09d}"
        occupation = rng.choice(OCCUPATIONS)
        education, marital, risk = (rng.choice(EDUCATIONS), rng.choice(MARITAL), rng.choice(RISKS))
        address = f"贵州省仁怀市茅台镇{rng.choice('一二三四五')}号路{rng.randint(1, 500)}号"
        text_rows.append(
            [
                customer_no,
                name,
                "居民身份证",
                id_number,
                "女" if female else "男",
                date_text(birth, rng),
                phone,
                email,
                address,
                occupation,
                education,
                marital,
                risk,
                date_text(assessed, rng),
                f"{aum // 100:,}.{aum % 100:02d}",
                tier,
            ]
        )
        pinyin, initials = search_keys(name, "individual")
        typed.append(
            {
                "id": uuid7(),
                "kind": "individual",
                "customer_no": customer_no,
                "name": name,
                "name_pinyin": pinyin,
                "name_initials": initials,
                "gender": "female" if female else "male",
                "birth_date": birth.isoformat(),
                "id_type": "resident_id",
                "id_number": id_number,
                "phone": phone,
                "email": email or None,
                "address": address,
                "occupation": occupation,
                "education": "bachelor",
                "marital_status": "married",
                "risk_level": "C2",
                "risk_assessed_on": assessed.isoformat(),
                "aum_fen": aum,
                **rules.derive(aum, 0),
                "status": "active",
            }
        )
    return text_rows, typed


def raw_insert(path: Path, typed: list[dict[str, Any]]) -> float:
    """The baseline: one executemany of prepared dicts, one transaction, sqlite3."""
    open_store(path).close()  # the same schema, indexes and WAL mode as any store
    columns = [column.name for column in Client.__table__.columns]
    defaults = {name: None for name in columns} | {
        "hlc": 1,
        "device_id": "bench",
        "deleted": 0,
        "birthday_lunar": 0,
        "nationality": "CHN",
        "contribution_fen": 0,
        "sync_versions": '{"": "v"}',
    }
    prepared = [defaults | row for row in typed]
    sql = (
        f"INSERT INTO client ({', '.join(columns)}) "
        f"VALUES ({', '.join(':' + name for name in columns)})"
    )
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(sql, prepared)
        conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--profile", type=Path, default=None)
    args = parser.parse_args()
    rows = args.rows
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        text_rows, typed = generate(rows)
        source = base / "clients.csv"
        with source.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(text_rows)
        emit("csv_size", source.stat().st_size / 1e6, "MB", rows)
        baseline = raw_insert(base / "raw.db", typed)
        emit("raw_insert", baseline, "s", rows)

        store = open_store(base / "import.db")
        profiler = cProfile.Profile() if args.profile else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        report = import_clients(store, source)
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        elapsed = time.perf_counter() - started
        assert report.created == rows, report
        emit("import", elapsed, "s", rows)
        emit("import_ratio", elapsed / baseline, "x", rows, target=RATIO_TARGET)

        started = time.perf_counter()
        report = import_clients(store, source, dry_run=True)
        emit("import_dry_run", time.perf_counter() - started, "s", rows)
        started = time.perf_counter()
        report = import_clients(store, source)
        assert report.unchanged == rows, report
        emit("reimport_unchanged", time.perf_counter() - started, "s", rows)

        for file_format in ("csv", "xlsx", "json"):
            started = time.perf_counter()
            export_clients(store, base / f"export.{file_format}")
            emit(f"export_{file_format}", time.perf_counter() - started, "s", rows)
        store.close()

        fresh = open_store(base / "from-xlsx.db")
        started = time.perf_counter()
        report = import_clients(fresh, base / "export.xlsx")
        assert report.created == rows, report
        emit("import_xlsx", time.perf_counter() - started, "s", rows)
        fresh.close()
        print(
            f"import {elapsed:.2f} s vs raw insert {baseline:.2f} s: "
            f"{elapsed / baseline:.2f}x (target {RATIO_TARGET}x)",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
