"""`clientdesk import clients` and `export clients`: summaries, every bad row, exit codes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from store.db import open_store
from tests.unit.importing_support import resident_id, snapshot, write_csv
from tui import cli

ZHANG = resident_id("520102", date(1980, 1, 1), 123)
LI = resident_id("520102", date(1975, 6, 30), 224)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _state(db: Path) -> dict[str, list[tuple[object, ...]]]:
    store = open_store(db)
    try:
        return snapshot(store)
    finally:
        store.close()


def test_import_prints_a_summary(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    path = write_csv(
        tmp_path / "c.csv",
        [
            ["客户姓名", "证件号码", "手机号码", "贷款余额"],
            ["张伟", ZHANG, "13800138000", "0"],
            ["李娜", LI, "13900139000", "0"],
        ],
        encoding="gbk",
    )
    code, out, err = _run(capsys, "--db", str(db), "import", "clients", str(path))
    assert code == 0
    assert out.splitlines()[0] == f"Imported {path}: 2 new, 0 updated, 0 unchanged."
    assert "Unknown columns (ignored): 贷款余额" in err
    code, out, _ = _run(capsys, "--db", str(db), "import", "clients", str(path))
    assert out.splitlines()[0] == f"Imported {path}: 0 new, 0 updated, 2 unchanged."


def test_bad_rows_are_all_printed_and_nothing_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "s.db"
    open_store(db).close()
    before = _state(db)
    path = write_csv(
        tmp_path / "c.csv",
        [
            ["客户姓名", "证件号码", "手机号码", "金融资产(元)"],
            ["张伟", ZHANG, "1380013800", "100"],
            ["李娜", LI, "13900139000", "-5"],
            ["王芳", ZHANG, "13700137000", "abc"],
        ],
    )
    code, out, err = _run(capsys, "--db", str(db), "import", "clients", str(path))
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "line 2, column 手机号码: must be an 11-digit mainland mobile number starting with 1",
        "line 3, column 金融资产(元): must not be negative",
        "line 4, column 金融资产(元): is not a valid amount: abc",
        "line 4, column 证件号码: same as on line 2",
        "clientdesk: 4 problems in 3 rows; nothing was imported.",
    ]
    assert _state(db) == before


def test_bad_rows_in_chinese(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "c.csv", [["客户姓名", "证件号码", "出生日期"], ["张伟", ZHANG, "1980年2月30日"]]
    )
    code, _, err = _run(
        capsys, "--lang", "zh", "--db", str(tmp_path / "s.db"), "import", "clients", str(path)
    )
    assert code == 1
    assert err.splitlines() == [
        "第 2 行，出生日期：日期 1980年2月30日 不存在或无法识别",
        "clientdesk: 1 行有 1 处错误，未导入任何数据。",
    ]


def test_dry_run_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    open_store(db).close()
    before = _state(db)
    path = write_csv(tmp_path / "c.csv", [["客户姓名", "证件号码"], ["张伟", ZHANG]])
    code, out, _ = _run(capsys, "--db", str(db), "import", "clients", str(path), "--dry-run")
    assert code == 0
    assert out.splitlines()[0] == "Checked, nothing written: 1 new, 0 to update, 0 unchanged."
    assert _state(db) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "is not a spreadsheet"),
        ("name,id_number\nMüller,1\n".encode("latin-1"), "is not UTF-8 or GBK/GB18030"),
        ("客户姓名,证件号码\n".encode(), "has a header row but no clients"),
    ],
    ids=["binary", "encoding", "header-only"],
)
def test_unusable_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, message: str
) -> None:
    db = tmp_path / "s.db"
    open_store(db).close()
    before = _state(db)
    path = tmp_path / "c.csv"
    path.write_bytes(content)
    code, out, err = _run(capsys, "--db", str(db), "import", "clients", str(path))
    assert (code, out) == (1, "")
    assert err.startswith("clientdesk: ") and message in err
    assert len(err.splitlines()) == 1
    assert _state(db) == before


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(
        capsys, "--db", str(tmp_path / "s.db"), "import", "clients", str(tmp_path / "gone.xlsx")
    )
    assert code == 1
    assert err == f"clientdesk: The file {tmp_path / 'gone.xlsx'} does not exist.\n"


def test_progress_bar_for_large_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rows = [["客户姓名", "证件号码"]] + [
        [f"客户{n}", resident_id("520102", date.fromordinal(date(1950, 1, 1).toordinal() + n), 1)]
        for n in range(3000)
    ]
    path = write_csv(tmp_path / "c.csv", rows)
    code, _, err = _run(capsys, "--db", str(tmp_path / "s.db"), "import", "clients", str(path))
    assert code == 0
    frames = err.split("\r")
    assert any(frame.startswith("Checking [") for frame in frames)
    assert frames[-1].startswith("Writing [##############################] 100%")


def test_export_then_import_round_trip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert _run(capsys, "--db", str(db), "demo", "--clients", "25")[0] == 0
    out_file = tmp_path / "book.json"
    code, out, _ = _run(capsys, "--db", str(db), "export", "clients", str(out_file))
    assert code == 0
    assert out == f"Exported 25 clients to {out_file}.\n"
    assert len(json.loads(out_file.read_text("utf-8"))) == 25
    before = _state(db)
    code, out, _ = _run(capsys, "--db", str(db), "import", "clients", str(out_file))
    assert code == 0
    assert out.splitlines()[0] == f"Imported {out_file}: 0 new, 0 updated, 25 unchanged."
    assert _state(db) == before


def test_export_to_unknown_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(
        capsys, "--db", str(tmp_path / "s.db"), "export", "clients", str(tmp_path / "book.pdf")
    )
    assert code == 1
    assert "must end in .csv, .xlsx or .json" in err
    assert not (tmp_path / "book.pdf").exists()
