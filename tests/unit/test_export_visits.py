"""Exporting the visit log (issue 5, item 9): rows, period edges, formats, bad input, CLI."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from store.db import Store, open_store
from store.exporting import (
    VISIT_COLUMNS,
    ExportError,
    VisitExportError,
    export_visits,
    parse_export_day,
)
from store.models import Branch, Client, Interaction, InteractionParticipant, Manager
from tui import cli

ZONE = "Asia/Shanghai"
ZH_HEADER = [
    "时间", "客户姓名", "客户号", "方式", "目的", "时长(分钟)", "参与人员", "沟通内容", "准备事项",
    "客户需求", "涉及产品", "结果", "满意度", "后续跟进", "下次联系", "记录人", "问候方式",
    "费用(元)",
]  # fmt: skip


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.fixture
def log(store: Store) -> Store:
    """Two clients, two managers and four entries (one withdrawn) around 1 November.

    Shanghai is UTC+8: 2026-10-31 16:30 UTC is 1 November 00:30 local, the
    first minute-ish of the period; 2026-11-30 16:00 UTC is 1 December 00:00
    local, just outside it.
    """
    with store.session() as session:
        branch = Branch(code="001", name="仁怀支行")
        session.add(branch)
        session.flush()
        wang = Manager(employee_no="E1", name="王海涛", level="senior_client_manager",
                       branch_id=branch.id)
        li = Manager(employee_no="E2", name="李娜", level="client_manager", branch_id=branch.id)
        zhang = Client(name="张伟", customer_no="0001")
        liu = Client(name="刘洋", customer_no="0002")
        session.add_all([wang, li, zhang, liu])
        session.flush()
        visit = Interaction(
            client_id=zhang.id, kind="visit", occurred_at=_utc(2026, 10, 31, 16, 30),
            duration_min=60, purpose="review", summary="检视资产配置。", prepared="资产报告",
            needs="子女教育金", products="年金保险", outcome="客户认购50万元。", satisfaction=5,
            follow_ups="寄送合同\n✓ 预约体检", next_contact_on=date(2026, 12, 15),
            recorded_by_id=li.id,
        )  # fmt: skip
        call = Interaction(client_id=liu.id, kind="phone", occurred_at=_utc(2026, 11, 30, 15, 59),
                           duration_min=5, purpose="care", summary="电话问候。",
                           recorded_by_id=wang.id)
        december = Interaction(client_id=zhang.id, kind="sms", purpose="greeting",
                               occurred_at=_utc(2026, 11, 30, 16, 0), summary="短信祝福。")
        withdrawn = Interaction(client_id=zhang.id, kind="visit", purpose="care",
                                occurred_at=_utc(2026, 11, 10, 2, 0), summary="记错了",
                                deleted=True)
        session.add_all([visit, call, december, withdrawn])
        session.flush()
        session.add_all([
            # Li was a client manager at the visit; Wang's level was not kept (old row).
            InteractionParticipant(interaction_id=visit.id, manager_id=li.id,
                                   level="client_manager"),
            InteractionParticipant(interaction_id=visit.id, manager_id=wang.id, level=None),
        ])  # fmt: skip
    return store


def _read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_rows_in_order_with_local_times_and_chinese_labels(log: Store, tmp_path: Path) -> None:
    target = tmp_path / "v.csv"
    with log.read_session() as session:
        count = export_visits(session, target, ZONE, start=date(2026, 11, 1),
                              end=date(2026, 11, 30))
    rows = _read_csv(target)
    assert count == 2
    assert rows[0] == ZH_HEADER
    assert rows[1] == [
        "2026-11-01 00:30", "张伟", "0001", "拜访", "资产检视", "60",
        "李娜（客户经理）、王海涛（高级客户经理）", "检视资产配置。", "资产报告", "子女教育金",
        "年金保险", "客户认购50万元。", "5", "寄送合同\n✓ 预约体检", "2026-12-15", "李娜",
        "", "",
    ]  # fmt: skip
    assert rows[2] == [
        "2026-11-30 23:59", "刘洋", "0002", "电话", "关系维护", "5", "", "电话问候。",
        "", "", "", "", "", "", "", "王海涛", "", "",
    ]  # fmt: skip
    assert len(rows) == 3  # the 1 December SMS and the withdrawn visit are not there


def test_no_limits_exports_every_entry_not_withdrawn(log: Store, tmp_path: Path) -> None:
    with log.read_session() as session:
        count = export_visits(session, tmp_path / "v.csv", ZONE)
    rows = _read_csv(tmp_path / "v.csv")
    assert count == len(rows) - 1 == 3
    assert [r[7] for r in rows[1:]] == ["检视资产配置。", "电话问候。", "短信祝福。"]


def test_one_client_only(log: Store, tmp_path: Path) -> None:
    with log.read_session() as session:
        zhang = session.query(Client.id).filter(Client.customer_no == "0001").scalar()
        count = export_visits(session, tmp_path / "v.csv", ZONE, client_id=zhang)
    assert count == 2
    assert {r[1] for r in _read_csv(tmp_path / "v.csv")[1:]} == {"张伟"}


def test_key_headers_keep_code_names(log: Store, tmp_path: Path) -> None:
    with log.read_session() as session:
        export_visits(session, tmp_path / "v.csv", ZONE, end=date(2026, 11, 1), headers="keys")
    header, row = _read_csv(tmp_path / "v.csv")
    assert header == [key for key, _ in VISIT_COLUMNS]
    assert row[3:5] == ["visit", "review"]
    assert row[6] == "李娜 (client_manager); 王海涛 (senior_client_manager)"


def test_xlsx_has_typed_cells(log: Store, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "v.xlsx"
    with log.read_session() as session:
        assert export_visits(session, target, ZONE, end=date(2026, 11, 1)) == 1
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == ZH_HEADER
    when, _, customer_no, *_ = rows[1]
    assert when == datetime(2026, 11, 1, 0, 30)  # local wall time, a date-time cell
    assert customer_no == "0001"  # text: leading zeros kept
    assert rows[1][5] == 60 and rows[1][12] == 5
    assert rows[1][14] == datetime(2026, 12, 15)  # a date cell (openpyxl reads it back so)


def _formula_entry(store: Store) -> None:
    """A phone call whose text a spreadsheet would run as a formula."""
    with store.session() as session:
        client = Client(name="=1+2 刘洋", customer_no="+0003")
        session.add(client)
        session.flush()
        session.add(Interaction(
            client_id=client.id, kind="phone", occurred_at=_utc(2026, 11, 27, 2, 0),
            duration_min=5, purpose="care", summary='=HYPERLINK("http://x","click")',
            outcome="-50万", follow_ups="@张伟 回电", needs="'=已加引号",
        ))  # fmt: skip


def test_csv_text_excel_would_run_gets_one_apostrophe(log: Store, tmp_path: Path) -> None:
    _formula_entry(log)
    with log.read_session() as session:
        export_visits(session, tmp_path / "v.csv", ZONE, start=date(2026, 11, 27),
                      end=date(2026, 11, 27))  # fmt: skip
    header, row = _read_csv(tmp_path / "v.csv")
    cell = dict(zip(header, row, strict=True))
    assert (cell["客户姓名"], cell["客户号"]) == ("'=1+2 刘洋", "'+0003")
    assert cell["沟通内容"] == """'=HYPERLINK("http://x","click")"""
    assert (cell["结果"], cell["后续跟进"], cell["客户需求"]) == ("'-50万", "'@张伟 回电",
                                                                "''=已加引号")  # fmt: skip
    assert (cell["时间"], cell["时长(分钟)"]) == ("2026-11-27 10:00", "5")  # not text-guarded


def test_xlsx_text_starting_with_equals_is_a_string_not_a_formula(
    log: Store, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    _formula_entry(log)
    with log.read_session() as session:
        export_visits(session, tmp_path / "v.xlsx", ZONE, start=date(2026, 11, 27),
                      end=date(2026, 11, 27))  # fmt: skip
    header, row = load_workbook(tmp_path / "v.xlsx").active.iter_rows(max_row=2)
    cell = {h.value: c for h, c in zip(header, row, strict=True)}
    for name in ("客户姓名", "沟通内容"):
        assert cell[name].data_type == "s", name
    assert cell["沟通内容"].value == '=HYPERLINK("http://x","click")'
    assert (cell["客户号"].value, cell["结果"].value) == ("+0003", "-50万")
    assert cell["时间"].value == datetime(2026, 11, 27, 10, 0)
    assert cell["时长(分钟)"].data_type == "n"


@pytest.mark.parametrize(
    ("name", "kwargs", "field", "key"),
    [
        ("v.json", {}, "path", "visit_export.unknown_format"),
        ("v.txt", {}, "path", "visit_export.unknown_format"),
        ("v.csv", {"start": date(2026, 12, 1), "end": date(2026, 11, 1)}, "from",
         "visit_export.from_after_to"),
        ("missing/v.csv", {}, "path", "export.no_folder"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    log: Store, tmp_path: Path, name: str, kwargs: dict[str, date], field: str, key: str
) -> None:
    before = sorted(tmp_path.rglob("*"))
    with log.read_session() as session, pytest.raises(VisitExportError) as caught:
        export_visits(session, tmp_path / name, ZONE, **kwargs)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.key) == (field, key)
    assert sorted(tmp_path.rglob("*")) == before


def test_a_failed_write_leaves_the_old_file(
    log: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "v.csv"
    target.write_text("old report", encoding="utf-8")

    def broken(temp: Path, *_args: object) -> None:
        temp.write_text("half a rep", encoding="utf-8")  # the disk fills mid-write
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("store.exporting._write_visits_csv", broken)
    with log.read_session() as session, pytest.raises(ExportError):
        export_visits(session, target, ZONE)
    assert target.read_text(encoding="utf-8") == "old report"
    assert [p.name for p in out.iterdir()] == ["v.csv"]  # no half file left behind


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "20261101", "yesterday", "2026-1-1"])
def test_a_day_that_does_not_exist_is_refused_by_name(text: str) -> None:
    with pytest.raises(VisitExportError) as caught:
        parse_export_day(text, "to")
    assert caught.value.field == "to"
    assert "To date" in caught.value.message() and text in caught.value.message()


def test_an_empty_day_is_no_limit() -> None:
    assert parse_export_day("  ", "from") is None
    assert parse_export_day("2028-02-29", "from") == date(2028, 2, 29)


# --- the command line ----------------------------------------------------------------


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_prints_the_count(
    log: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nov.xlsx"
    code, out, err = _run(capsys, "--db", str(log.path), "export", "visits", str(target),
                          "--from", "2026-11-01", "--to", "2026-11-30")
    assert (code, err) == (0, "")
    assert out == f"Exported 2 visit log entries to {target}.\n"
    assert target.is_file()


def test_cli_client_by_customer_number(
    log: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "liu.csv"
    code, out, _ = _run(capsys, "--db", str(log.path), "export", "visits", str(target),
                        "--client", "0002")
    assert code == 0 and out.startswith("Exported 1 visit log entries")
    assert [r[1] for r in _read_csv(target)[1:]] == ["刘洋"]


@pytest.mark.parametrize(
    ("extra", "option"),
    [
        (["--from", "2026-02-30"], "--from"),
        (["--to", "2026-11-31"], "--to"),
        (["--from", "2026-12-01", "--to", "2026-11-01"], "--from"),
        (["--client", "9999"], "--client"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(
    log: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], option: str
) -> None:
    target = tmp_path / "v.csv"
    code, out, err = _run(capsys, "--db", str(log.path), "export", "visits", str(target), *extra)
    assert code == 2 and out == ""
    assert err.startswith(f"clientdesk: {option}: ") and err.count("\n") == 1
    assert not target.exists()


def test_cli_unknown_suffix(log: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "--db", str(log.path), "export", "visits", str(tmp_path / "v.ods"))
    assert code == 2 and ".xlsx or .csv" in err
    assert list(tmp_path.glob("v.*")) == []


def test_cli_on_a_store_reopened(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An empty store exports a header-only file (a month without visits is a fact too)."""
    db = tmp_path / "empty.db"
    open_store(db).close()
    code, out, _ = _run(capsys, "--db", str(db), "export", "visits", str(tmp_path / "e.csv"))
    assert code == 0 and out.startswith("Exported 0 visit log entries")
    assert _read_csv(tmp_path / "e.csv") == [ZH_HEADER]
