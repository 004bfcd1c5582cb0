"""Importing clients: formats, headers, values, matching, tiers, and what gets written."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from store.db import Store
from store.demo import fill_demo
from store.importing import import_clients
from store.importing.apply import search_keys
from store.pinyin import name_search_keys
from store.tiers import FEN_PER_WAN, TierRules
from tests.unit.importing_support import (
    client_by_name,
    count,
    resident_id,
    snapshot,
    write_csv,
    write_xlsx,
)

ZHANG = resident_id("520102", date(1980, 1, 1), 123)  # male
SHAN = resident_id("520382", date(1990, 2, 28), 224)  # female
CORE_HEADER = ["客户号", "客户名称", "证件类型", "证件号码", "联系电话", "电子邮箱",
               "金融资产（元）", "客户等级", "风险评级", "风险评估日期", "学历", "婚姻状况",
               "年收入", "圈层", "贷款余额"]  # fmt: skip
CORE_ROWS = [
    [
        "5203820000000001",
        "张伟",
        "居民身份证",
        ZHANG,
        "138-0013-8000",
        "ZW@Example.COM",
        "1,234,567.89",
        "",
        "C3 平衡型",
        "2026年3月5日",
        "本科",
        "已婚",
        "30-100万",
        "高尔夫、收藏",
        "0",
    ],
    [
        "5203820000000002",
        "单小红",
        "身份证",
        SHAN,
        "13900139000",
        "",
        "35,000,000.00",
        "钻石",
        "进取型",
        "20260101",
        "硕士",
        "未婚",
        "1200000",
        "",
        "100,000",
    ],
]


def test_gbk_csv_with_core_banking_headers(store: Store, tmp_path: Path) -> None:
    """What Chinese Excel writes under "CSV": GBK bytes, Chinese synonyms, separators."""
    path = write_csv(tmp_path / "core.csv", [CORE_HEADER, *CORE_ROWS], encoding="gbk")
    report = import_clients(store, path)
    assert (report.file_kind, report.encoding) == ("csv", "gb18030")
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert report.unknown_columns == ("贷款余额",)
    zhang = client_by_name(store, "张伟")
    assert zhang["customer_no"] == "5203820000000001"
    assert zhang["phone"] == "13800138000"
    assert zhang["email"] == "ZW@example.com"
    assert zhang["aum_fen"] == 123_456_789
    assert (zhang["birth_date"], zhang["gender"]) == ("1980-01-01", "male")  # from the ID
    assert (zhang["risk_level"], zhang["risk_assessed_on"]) == ("C3", "2026-03-05")
    assert (zhang["education"], zhang["marital_status"]) == ("bachelor", "married")
    assert zhang["income_band"] == "30_100"
    assert (zhang["name_pinyin"], zhang["name_initials"]) == ("zhangwei", "zw")
    assert (zhang["tier"], zhang["tier_reason"]) == ("gold", None)  # 123万: the rules
    assert zhang["id_type"] == "resident_id"
    shan = client_by_name(store, "单小红")
    assert (shan["name_pinyin"], shan["name_initials"]) == ("shanxiaohong", "sxh")
    assert shan["income_band"] == "100_300"  # 1,200,000 yuan a year
    # Core banking says diamond; the rules say private (3,500万): stored as given, with why.
    assert shan["tier"] == "diamond"
    assert shan["tier_reason"] == "tier as given in the import file (core banking)"
    with store.read_session() as session:
        tags = session.execute(text("SELECT tag FROM client_tag ORDER BY tag")).scalars().all()
    assert tags == ["收藏", "高尔夫"]


def test_utf8_bom_csv_with_english_headers(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "en.csv"
    path.write_bytes(
        "\ufeffName,ID Number,Mobile,aum_yuan,Tier,birthday_lunar,notes\r\n"
        f'Zhang Wei,{ZHANG},+86 138 0013 8000,100,gold,yes,"line one\nline two"\r\n'.encode()
    )
    report = import_clients(store, path)
    assert (report.encoding, report.created) == ("utf-8", 1)
    client = client_by_name(store, "Zhang Wei")
    assert (client["phone"], client["aum_fen"], client["tier"]) == ("13800138000", 10_000, "gold")
    assert client["birthday_lunar"] == 1
    assert client["notes"] == "line one\nline two"
    assert (client["name_pinyin"], client["name_initials"]) == ("zhangwei", "zw")


@pytest.mark.parametrize(
    ("preferences", "avoid"),
    [("客户偏好", "禁忌"), ("偏好", "注意事项"), ("preferences", "avoid")],
)
def test_preferences_and_things_to_avoid_by_their_headers(
    store: Store, tmp_path: Path, preferences: str, avoid: str
) -> None:
    path = write_csv(
        tmp_path / "p.csv",
        [
            ["客户姓名", "证件号码", preferences, avoid],
            ["张伟", ZHANG, "喜欢普洱茶\n周六上午", "不谈房地产"],
        ],
    )
    report = import_clients(store, path)
    assert (report.created, report.unknown_columns) == (1, ())
    client = client_by_name(store, "张伟")
    assert (client["preferences"], client["avoid"]) == ("喜欢普洱茶\n周六上午", "不谈房地产")


def test_utf8_without_bom_semicolons(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "semi.csv"
    path.write_text(f"客户姓名;证件号码\n张伟;{ZHANG}\n", encoding="utf-8")
    assert import_clients(store, path).created == 1


def test_xlsx_with_typed_cells(store: Store, tmp_path: Path) -> None:
    """Excel keeps numbers and dates as such; they read as the text a person sees."""
    path = write_xlsx(
        tmp_path / "book.xlsx",
        [
            ["客户姓名", "证件号码", "手机号码", "金融资产(元)", "风险评估日期", "客户等级"],
            ["张伟", ZHANG, 13800138000, 1234567.89, datetime(2026, 3, 5), "金卡"],
            [None, None, None, None, None, None],
            ["单小红", SHAN, "13900139000", 600, "2026/01/01", None],
        ],
    )
    report = import_clients(store, path)
    assert (report.file_kind, report.created) == ("xlsx", 2)
    zhang = client_by_name(store, "张伟")
    assert (zhang["phone"], zhang["aum_fen"]) == ("13800138000", 123_456_789)
    assert zhang["risk_assessed_on"] == "2026-03-05"
    assert client_by_name(store, "单小红")["aum_fen"] == 60_000


def test_xlsx_problem_names_the_worksheet_row(store: Store, tmp_path: Path) -> None:
    from store.importing import ImportRejected

    path = write_xlsx(
        tmp_path / "book.xlsx",
        [
            ["客户姓名", "证件号码", "手机号码"],
            ["张伟", ZHANG, 1380013800],
        ],
    )
    with pytest.raises(ImportRejected) as caught:
        import_clients(store, path)
    assert caught.value.problems[0].message() == "row 2, column 手机号码: " + (
        "must be an 11-digit mainland mobile number starting with 1"
    )


def test_aum_from_balance_columns(store: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "c.csv",
        [
            ["客户姓名", "证件号码", "存款余额", "理财余额", "基金余额"],
            ["张伟", ZHANG, "1,000.50", "2,000", ""],
        ],
    )
    import_clients(store, path)
    assert client_by_name(store, "张伟")["aum_fen"] == 300_050


@pytest.fixture
def book(store: Store) -> Store:
    fill_demo(store, clients=30, seed=11)
    return store


def _clients(store: Store) -> dict[str, dict[str, object]]:
    with store.read_session() as session:
        rows = session.execute(text("SELECT * FROM client ORDER BY id")).all()
    return {row.id: dict(row._mapping) for row in rows}


def test_id_and_phone_only_changes_phones_only(book: Store, tmp_path: Path) -> None:
    before = _clients(book)
    chosen = sorted(before)[:3]
    phones = ["13800000001", "13800000002", "13800000003"]
    path = write_csv(tmp_path / "p.csv", [["id", "phone"], *zip(chosen, phones, strict=True)])
    outbox_before, audit_before = count(book, "sync_outbox"), count(book, "audit_entry")
    report = import_clients(book, path)
    assert (report.created, report.updated, report.unchanged) == (0, 3, 0)
    assert report.changed_fields == (("phone", 3),)
    after = _clients(book)
    sync_columns = {"phone", "hlc", "device_id", "sync_versions"}
    for client_id, old in before.items():
        new = after[client_id]
        if client_id in chosen:
            assert new["phone"] == phones[chosen.index(client_id)]
            assert {k: v for k, v in new.items() if k not in sync_columns} == {
                k: v for k, v in old.items() if k not in sync_columns
            }
        else:
            assert new == old
    assert count(book, "sync_outbox") == outbox_before + 6  # 3 changes + their 3 audits
    assert count(book, "audit_entry") == audit_before + 3
    with book.read_session() as session:
        changes = session.execute(
            text("SELECT row_id, action, changes FROM audit_entry ORDER BY row_id")
        ).all()
    for (row_id, action, entry), phone in zip(changes, phones, strict=True):
        assert action == "update"
        assert json.loads(entry) == {"phone": [before[row_id]["phone"], phone]}


def test_match_by_id_number_updates_that_client(book: Store, tmp_path: Path) -> None:
    with book.read_session() as session:
        client_id, number, name = session.execute(
            text("SELECT id, id_number, name FROM client WHERE id_type = 'resident_id' LIMIT 1")
        ).one()
    path = write_csv(tmp_path / "c.csv", [["证件号码", "职业"], [number.lower(), "画家"]])
    report = import_clients(book, path)
    assert (report.created, report.updated) == (0, 1)
    assert client_by_name(book, name)["occupation"] == "画家"
    assert client_by_name(book, name)["id"] == client_id


def test_reimporting_the_same_file_writes_nothing(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "core.csv", [CORE_HEADER, *CORE_ROWS], encoding="gbk")
    import_clients(store, path)
    before = snapshot(store)
    report = import_clients(store, path)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert snapshot(store) == before


def test_dry_run_writes_nothing(book: Store, tmp_path: Path) -> None:
    with book.read_session() as session:
        first = session.execute(text("SELECT id FROM client ORDER BY id LIMIT 1")).scalar_one()
    path = write_csv(
        tmp_path / "c.csv",
        [
            ["id", "客户姓名", "证件号码", "手机号码"],
            [first, "", "", "13811112222"],
            ["", "张伟", ZHANG, "13800138000"],
        ],
    )
    before = snapshot(book)
    report = import_clients(book, path, dry_run=True)
    assert (report.dry_run, report.created, report.updated) == (True, 1, 1)
    assert snapshot(book) == before


def test_empty_cells_leave_fields_alone(book: Store, tmp_path: Path) -> None:
    """A blank in a core-banking file must not wipe what a manager typed in."""
    with book.read_session() as session:
        client_id, email = session.execute(
            text("SELECT id, email FROM client WHERE email IS NOT NULL LIMIT 1")
        ).one()
    path = write_csv(tmp_path / "c.csv", [["id", "email", "notes"], [client_id, "", ""]])
    assert import_clients(book, path).unchanged == 1
    with book.read_session() as session:
        assert (
            session.execute(
                text("SELECT email FROM client WHERE id = :id"), {"id": client_id}
            ).scalar_one()
            == email
        )


def test_new_aum_moves_tier_by_the_rules(book: Store, tmp_path: Path) -> None:
    with book.read_session() as session:
        client_id = session.execute(
            text("SELECT id FROM client WHERE tier = 'standard' AND tier_reason IS NULL LIMIT 1")
        ).scalar_one()
    path = write_csv(tmp_path / "c.csv", [["id", "aum_yuan"], [client_id, "7,000,000"]])
    rules = TierRules()
    import_clients(book, path, rules=rules)
    with book.read_session() as session:
        tier = session.execute(
            text("SELECT tier FROM client WHERE id = :id"), {"id": client_id}
        ).scalar_one()
    assert tier == rules.tier_for(700 * FEN_PER_WAN) == "diamond"


def test_owner_by_name_or_employee_number(book: Store, tmp_path: Path) -> None:
    with book.read_session() as session:
        managers = session.execute(
            text("SELECT id, employee_no, name FROM manager ORDER BY employee_no")
        ).all()
    by_number, by_name = managers[0], managers[-1]
    path = write_csv(
        tmp_path / "c.csv",
        [
            ["客户姓名", "证件号码", "归属客户经理"],
            ["张伟", ZHANG, by_number.employee_no],
            ["单小红", SHAN, by_name.name],
        ],
    )
    import_clients(book, path)
    assert client_by_name(book, "张伟")["owner_manager_id"] == by_number.id
    assert client_by_name(book, "单小红")["owner_manager_id"] == by_name.id


def test_new_clients_belong_to_the_signed_in_manager(book: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [["客户姓名", "证件号码"], ["张伟", ZHANG]])
    import_clients(book, path)
    client = client_by_name(book, "张伟")
    assert book.manager_id is not None
    assert client["owner_manager_id"] == book.manager_id
    assert client["branch_id"] is not None


def test_tags_column_replaces_the_tags(book: Store, tmp_path: Path) -> None:
    with book.read_session() as session:
        client_id, tag = session.execute(
            text("SELECT client_id, tag FROM client_tag WHERE deleted = 0 LIMIT 1")
        ).one()
    path = write_csv(tmp_path / "c.csv", [["id", "圈层/标签"], [client_id, "品酒；高尔夫"]])
    import_clients(book, path)
    with book.read_session() as session:
        live = (
            session.execute(
                text(
                    "SELECT tag FROM client_tag WHERE client_id = :id AND deleted = 0 ORDER BY tag"
                ),
                {"id": client_id},
            )
            .scalars()
            .all()
        )
        gone = session.execute(
            text("SELECT deleted FROM client_tag WHERE client_id = :id AND tag = :tag"),
            {"id": client_id, "tag": tag},
        ).scalar_one()
    assert live == sorted(["品酒", "高尔夫"])
    assert gone == (0 if tag in live else 1)  # tombstoned, never deleted


def test_progress_reaches_the_end(store: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "c.csv",
        [["客户姓名", "证件号码"]]
        + [
            [
                f"客户{n}",
                resident_id(
                    "520102", date(1960, 1, 1).fromordinal(date(1960, 1, 1).toordinal() + n), 1
                ),
            ]
            for n in range(2500)
        ],
    )
    seen: list[tuple[int, int]] = []
    import_clients(store, path, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (5000, 5000)
    assert all(done <= total for done, total in seen)
    assert len(seen) > 3


def test_search_keys_match_whole_name_pinyin() -> None:
    """The per-part cache gives the keys `name_search_keys` gives for the whole name."""
    for name in (
        "张伟",
        "单小红",
        "曾国藩",
        "解放",
        "令狐冲",
        "欧阳娜娜",
        "尉迟恭",
        "吕乐",
        "John Smith",
        "王",
        "李晓明Tom",
    ):
        assert search_keys(name, "individual") == name_search_keys(name), name
    assert search_keys("解放日报社", "corporate") == name_search_keys("解放日报社", personal=False)
