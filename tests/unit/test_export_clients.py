"""Exporting clients: each format's exact shape, filters, safety, and the round trip."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from store.client_list import ClientQuery
from store.db import Store
from store.demo import fill_demo
from store.exporting import EXPORT_COLUMNS, ExportError, export_clients
from store.importing import import_clients
from tests.unit.importing_support import client_by_name, resident_id, snapshot, write_csv

ZHANG = resident_id("520102", date(1980, 1, 1), 123)
KEYS = [column.key for column in EXPORT_COLUMNS]


@pytest.fixture
def one_client(store: Store, tmp_path: Path) -> Store:
    path = write_csv(
        tmp_path / "in.csv",
        [
            [
                "客户号",
                "客户姓名",
                "证件号码",
                "手机号码",
                "金融资产(元)",
                "贡献度",
                "客户等级",
                "风险评级",
                "过农历生日",
                "圈层",
            ],
            [
                "C001",
                "张伟",
                ZHANG,
                "13800138000",
                "1,234,567.89",
                "12,000.5",
                "钻石",
                "C3",
                "是",
                "高尔夫、收藏",
            ],
        ],
    )
    import_clients(store, path)
    return store


def test_json_objects_have_exact_keys_and_values(one_client: Store, tmp_path: Path) -> None:
    report = export_clients(one_client, tmp_path / "out.json")
    assert (report.file_format, report.count) == ("json", 1)
    records = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert isinstance(records, list) and len(records) == 1
    record = records[0]
    assert list(record) == KEYS
    client_id = record.pop("id")
    assert len(client_id) == 36
    assert record == {
        "kind": "individual",
        "customer_no": "C001",
        "name": "张伟",
        "english_name": None,
        "gender": "male",
        "birth_date": "1980-01-01",
        "birthday_lunar": True,
        "nationality": "CHN",
        "id_type": "resident_id",
        "id_number": ZHANG,
        "credit_code": None,
        "phone": "13800138000",
        "email": None,
        "address": None,
        "occupation": None,
        "employer": None,
        "industry": None,
        "income_band": None,
        "education": None,
        "marital_status": None,
        "wedding_date": None,
        "risk_level": "C3",
        "risk_assessed_on": None,
        "tier": "diamond",
        "tier_reason": "tier as given in the import file (core banking)",
        "importance": "B",
        "importance_reason": None,
        "aum_yuan": "1234567.89",
        "contribution_yuan": "12000.50",
        "owner_manager": None,
        "branch": None,
        "status": "active",
        "legal_representative": None,
        "ownership": None,
        "tags": ["收藏", "高尔夫"],
        "notes": None,
        "preferences": None,
        "avoid": None,
    }


def test_csv_is_utf8_with_bom_and_key_headers(one_client: Store, tmp_path: Path) -> None:
    export_clients(one_client, tmp_path / "out.csv")
    raw = (tmp_path / "out.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,kind,customer_no,name,")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0]["aum_yuan"] == "1234567.89"
    assert rows[0]["tags"] == "收藏、高尔夫"
    assert rows[0]["birthday_lunar"] == "true"
    assert rows[0]["email"] == ""


def test_csv_with_chinese_headers_and_labels(one_client: Store, tmp_path: Path) -> None:
    export_clients(one_client, tmp_path / "out.csv", headers="zh")
    rows = list(csv.DictReader((tmp_path / "out.csv").read_text("utf-8-sig").splitlines()))
    assert list(rows[0])[:4] == ["系统编号", "客户类型", "客户号", "客户姓名"]
    assert (rows[0]["客户等级"], rows[0]["性别"], rows[0]["风险评级"]) == (
        "钻石",
        "男",
        "C3 平衡型",
    )
    assert rows[0]["过农历生日"] == "是"


def test_xlsx_keeps_numbers_as_text_where_excel_would_mangle_them(
    one_client: Store, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    export_clients(one_client, tmp_path / "out.xlsx")
    sheet = load_workbook(tmp_path / "out.xlsx").worksheets[0]
    header, row = ([cell.value for cell in line] for line in sheet.iter_rows(max_row=2))
    assert header == KEYS
    values = dict(zip(header, row, strict=True))
    assert values["id_number"] == ZHANG and isinstance(values["id_number"], str)
    assert values["phone"] == "13800138000"
    assert values["aum_yuan"] == pytest.approx(1234567.89)
    assert values["birth_date"].date() == date(1980, 1, 1)


def test_export_of_a_filter(store: Store, tmp_path: Path) -> None:
    fill_demo(store, clients=40, seed=2)
    from store.client_list import count_clients

    query = ClientQuery(tiers=("gold",))
    with store.read_session() as session:
        expected = count_clients(session, query)
    report = export_clients(store, tmp_path / "gold.json", query)
    records = json.loads((tmp_path / "gold.json").read_text("utf-8"))
    assert report.count == len(records) == expected > 0
    assert {record["tier"] for record in records} == {"gold"}


def test_unknown_extension_is_refused(one_client: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError) as caught:
        export_clients(one_client, tmp_path / "out.txt")
    assert caught.value.key == "export.unknown_format"
    assert not (tmp_path / "out.txt").exists()


def test_missing_folder(one_client: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError) as caught:
        export_clients(one_client, tmp_path / "nope" / "out.csv")
    assert caught.value.key == "export.no_folder"


def test_failed_export_keeps_the_old_file(
    one_client: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store import exporting

    target = tmp_path / "out.csv"
    target.write_text("the good old export", encoding="utf-8")

    def broken(*args: object) -> object:
        yield {key: None for key in KEYS}
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exporting, "_records", broken)
    with pytest.raises(ExportError) as caught:
        export_clients(one_client, target)
    assert "No space left on device" in caught.value.message()
    assert target.read_text(encoding="utf-8") == "the good old export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "in.csv", "out.csv"]


@pytest.mark.parametrize(
    ("name", "headers"),
    [
        ("book.csv", "keys"),
        ("book.csv", "zh"),
        ("book.xlsx", "keys"),
        ("book.xlsx", "zh"),
        ("book.json", "keys"),
    ],
)
def test_round_trip_changes_nothing(store: Store, tmp_path: Path, name: str, headers: str) -> None:
    """Export the book, import the file: no client, tag, outbox or audit row changes."""
    fill_demo(store, clients=60, seed=4)
    report = export_clients(store, tmp_path / name, headers=headers)  # type: ignore[arg-type]
    before = snapshot(store)
    result = import_clients(store, tmp_path / name)
    assert (result.created, result.updated, result.unchanged) == (0, 0, report.count)
    assert result.unknown_columns == ()
    assert snapshot(store) == before


@pytest.mark.parametrize("name", ["prefs.csv", "prefs.xlsx"])
def test_preferences_and_things_to_avoid_go_out_and_come_back(
    store: Store, tmp_path: Path, name: str
) -> None:
    """Both columns are exported under the headers an import reads, lines kept."""
    from store.db import open_store

    source = write_csv(
        tmp_path / "in.csv",
        [
            ["客户姓名", "证件号码", "客户偏好", "禁忌"],
            ["张伟", ZHANG, "喜欢普洱茶\n周六上午", "不谈房地产"],
        ],
    )
    import_clients(store, source)
    export_clients(store, tmp_path / name, headers="zh")
    other = open_store(tmp_path / "other.db")
    try:
        assert import_clients(other, tmp_path / name).created == 1
        client = client_by_name(other, "张伟")
    finally:
        other.close()
    assert (client["preferences"], client["avoid"]) == ("喜欢普洱茶\n周六上午", "不谈房地产")


#: Client text a spreadsheet would run as a formula, as imported from JSON (no guard there).
FORMULA_LIKE = {
    "customer_no": "+001",
    "name": "=1+2 张伟",
    "id_number": ZHANG,
    "address": "-贵州仁怀",
    "notes": '=HYPERLINK("http://x","click")',
    "preferences": "@普洱茶",
    "avoid": "'=不谈房地产",  # already starts with an apostrophe: must survive too
    "tags": ["=SUM(A1)", "高尔夫"],
    "aum_yuan": "1234.5",
}


@pytest.fixture
def formula_client(store: Store, tmp_path: Path) -> Store:
    source = tmp_path / "in.json"
    source.write_text(json.dumps([FORMULA_LIKE], ensure_ascii=False), encoding="utf-8")
    assert import_clients(store, source).created == 1
    return store


def test_csv_text_excel_would_run_gets_one_apostrophe(
    formula_client: Store, tmp_path: Path
) -> None:
    export_clients(formula_client, tmp_path / "out.csv")
    rows = list(csv.DictReader((tmp_path / "out.csv").read_text("utf-8-sig").splitlines()))
    row = rows[0]
    assert (row["customer_no"], row["name"]) == ("'+001", "'=1+2 张伟")
    assert row["address"] == "'-贵州仁怀"
    assert row["notes"] == """'=HYPERLINK("http://x","click")"""
    assert (row["preferences"], row["avoid"]) == ("'@普洱茶", "''=不谈房地产")
    assert row["tags"] == "'=SUM(A1)、高尔夫"
    assert row["aum_yuan"] == "1234.50"  # a number, not guarded
    assert row["id_number"] == ZHANG


def test_xlsx_text_starting_with_equals_is_a_string_not_a_formula(
    formula_client: Store, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    export_clients(formula_client, tmp_path / "out.xlsx")
    sheet = load_workbook(tmp_path / "out.xlsx").worksheets[0]
    header, row = ([cell for cell in line] for line in sheet.iter_rows(max_row=2))
    cells = dict(zip((cell.value for cell in header), row, strict=True))
    for key in ("name", "notes", "tags"):
        assert cells[key].data_type == "s", key
    assert cells["notes"].value == FORMULA_LIKE["notes"]
    assert cells["tags"].value == "=SUM(A1)、高尔夫"
    assert (cells["customer_no"].value, cells["avoid"].value) == ("+001", "'=不谈房地产")
    assert (cells["aum_yuan"].data_type, cells["aum_yuan"].value) == ("n", 1234.5)


@pytest.mark.parametrize(
    ("name", "headers"), [("f.csv", "keys"), ("f.csv", "zh"), ("f.xlsx", "keys")]
)
def test_guarded_text_round_trips_unchanged(
    formula_client: Store, tmp_path: Path, name: str, headers: str
) -> None:
    export_clients(formula_client, tmp_path / name, headers=headers)  # type: ignore[arg-type]
    before = snapshot(formula_client)
    result = import_clients(formula_client, tmp_path / name)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert snapshot(formula_client) == before
    client = client_by_name(formula_client, "=1+2 张伟")
    assert (client["notes"], client["avoid"]) == (FORMULA_LIKE["notes"], "'=不谈房地产")


def test_an_apostrophe_a_person_typed_before_a_phone_is_taken_off(
    store: Store, tmp_path: Path
) -> None:
    source = write_csv(tmp_path / "in.csv", [["客户姓名", "证件号码", "备注"],
                                            ["张伟", ZHANG, "'+86 来自香港"]])  # fmt: skip
    import_clients(store, source)
    assert client_by_name(store, "张伟")["notes"] == "+86 来自香港"


def test_round_trip_of_a_book_that_already_holds_an_id_number_twice(
    store: Store, tmp_path: Path
) -> None:
    """Legacy or synced data may repeat a number: the file only mirrors it, so it
    imports back unchanged; a row that would add a third holder is still refused."""
    from store.importing import ImportRejected
    from store.models import Client

    with store.session() as session:
        for name in ("张伟", "张卫"):
            session.add(Client(name=name, id_type="resident_id", id_number=ZHANG))
    export_clients(store, tmp_path / "book.csv")
    before = snapshot(store)
    assert import_clients(store, tmp_path / "book.csv").unchanged == 2
    assert snapshot(store) == before
    path = write_csv(
        tmp_path / "third.csv",
        [["客户姓名", "证件号码", "id"], ["张炜", ZHANG, "0193a3b0-7c1e-7000-8000-00000000000a"]],
    )
    with pytest.raises(ImportRejected) as caught:
        import_clients(store, path)
    assert [p.reason for p in caught.value.problems] == ["import.invalid.belongs_to_other"]


def test_moving_a_book_to_another_store_invents_no_manual_reasons(
    store: Store, tmp_path: Path
) -> None:
    """The demo's importance is not the rules': an export carries it with an empty
    reason cell, which must stay empty in the new store (found in review)."""
    from sqlalchemy import select

    from store.db import open_store
    from store.models import Client

    fill_demo(store, clients=120, seed=4)
    export_clients(store, tmp_path / "book.json")
    book = json.loads((tmp_path / "book.json").read_text(encoding="utf-8"))
    for record in book:  # the other store has its own staff
        del record["owner_manager"], record["branch"]
    (tmp_path / "book.json").write_text(json.dumps(book, ensure_ascii=False), encoding="utf-8")
    other = open_store(tmp_path / "other.db")
    try:
        import_clients(other, tmp_path / "book.json")
        with other.read_session() as session:
            reasons = session.execute(
                select(Client.tier_reason, Client.importance_reason)
            ).all()
    finally:
        other.close()
    assert len(reasons) == 120
    assert set(reasons) == {(None, None)}
