"""Issue 4's bad input: each gets a clear message naming what is wrong, and nothing
is written (every table an import touches is compared before and after)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from store.db import Store
from store.demo import fill_demo
from store.importing import ImportFileError, ImportRejected, import_clients, reading
from tests.unit.importing_support import resident_id, snapshot, write_csv

ZHANG = resident_id("520102", date(1980, 1, 1), 123)
LI = resident_id("520102", date(1975, 6, 30), 224)
HEADER = ["客户姓名", "证件号码", "手机号码", "出生日期", "金融资产(元)", "客户等级"]


@pytest.fixture
def book(store: Store) -> Store:
    """A store that already holds clients, so "intact" means something."""
    fill_demo(store, clients=20, seed=5)
    return store


def _rejected(store: Store, path: Path) -> ImportRejected:
    before = snapshot(store)
    with pytest.raises(ImportRejected) as caught:
        import_clients(store, path)
    assert snapshot(store) == before
    return caught.value


def _refused(store: Store, path: Path, key: str) -> ImportFileError:
    before = snapshot(store)
    with pytest.raises(ImportFileError) as caught:
        import_clients(store, path)
    assert caught.value.key == key
    assert snapshot(store) == before
    return caught.value


def _reasons(error: ImportRejected) -> list[tuple[int, str, str]]:
    return [(p.number, p.column, p.reason) for p in error.problems]


def test_wrong_encoding_latin1(book: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "c.csv", [["name", "id_number"], ["Müller Café", ZHANG]], encoding="latin-1"
    )
    error = _refused(book, path, "import.bad_encoding")
    assert "UTF-8" in error.message() and "GBK" in error.message()


def test_wrong_encoding_utf16(book: Store, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes("客户姓名,证件号码\r\n张伟,1\r\n".encode("utf-16"))
    _refused(book, path, "import.bad_encoding")


def test_header_only_file(book: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [HEADER])
    error = _refused(book, path, "import.no_rows")
    assert "header row but no clients" in error.message()


def test_empty_file(book: Store, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(b"\xef\xbb\xbf\r\n")
    _refused(book, path, "import.empty")


def test_duplicate_id_numbers_name_both_lines(book: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "c.csv",
        [
            HEADER,
            ["张伟", ZHANG, "13800138000", "", "100", ""],
            ["李娜", LI, "13900139000", "", "100", ""],
            ["张伟二", ZHANG, "13700137000", "", "100", ""],
        ],
    )
    error = _rejected(book, path)
    assert _reasons(error) == [(4, "证件号码", "import.invalid.duplicate_in_file")]
    assert error.problems[0].message() == "line 4, column 证件号码: same as on line 2"


def test_wrong_check_digit(book: Store, tmp_path: Path) -> None:
    wrong = ZHANG[:-1] + ("0" if ZHANG[-1] != "0" else "1")
    path = write_csv(tmp_path / "c.csv", [HEADER, ["张伟", wrong, "", "", "", ""]])
    error = _rejected(book, path)
    assert _reasons(error) == [(2, "证件号码", "invalid.id_check_digit")]
    assert f"check digit should be {ZHANG[-1]}" in error.problems[0].message()


def test_february_30th(book: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [HEADER, ["张伟", ZHANG, "", "1980年2月30日", "", ""]])
    error = _rejected(book, path)
    assert _reasons(error) == [(2, "出生日期", "invalid.date")]
    assert "1980年2月30日" in error.problems[0].message()


@pytest.mark.parametrize(
    ("amount", "reason"),
    [
        ("-1,000.00", "invalid.amount_negative"),
        ("一百万", "invalid.amount"),
        ("12.345", "invalid.amount_precision"),
        ("1,23,4", "invalid.amount"),
    ],
)
def test_bad_amounts(book: Store, tmp_path: Path, amount: str, reason: str) -> None:
    path = write_csv(tmp_path / "c.csv", [HEADER, ["张伟", ZHANG, "", "", amount, ""]])
    assert _reasons(_rejected(book, path)) == [(2, "金融资产(元)", reason)]


def test_unknown_tier_name(book: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [HEADER, ["张伟", ZHANG, "", "", "", "黑金"]])
    error = _rejected(book, path)
    assert _reasons(error) == [(2, "客户等级", "invalid.choice")]
    assert "Private" in error.problems[0].message()


def test_ten_digit_phone(book: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [HEADER, ["张伟", ZHANG, "1380013800", "", "", ""]])
    assert _reasons(_rejected(book, path)) == [(2, "手机号码", "invalid.mobile")]


def test_five_megabyte_cell(book: Store, tmp_path: Path) -> None:
    huge = "备" * (5 * 1024 * 1024)
    path = write_csv(
        tmp_path / "c.csv",
        [
            ["客户姓名", "证件号码", "备注"],
            ["张伟", ZHANG, huge],
            ["李娜", LI, "正常"],
        ],
    )
    error = _rejected(book, path)
    assert _reasons(error) == [(2, "备注", "import.invalid.cell_too_large")]


def test_long_cell_over_column_width(book: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [["客户姓名", "证件号码"], ["张" * 101, ZHANG]])
    error = _rejected(book, path)
    assert _reasons(error) == [(2, "客户姓名", "invalid.too_long")]


def test_preferences_over_five_hundred_characters(book: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "c.csv",
        [["客户姓名", "证件号码", "客户偏好", "禁忌"], ["张伟", ZHANG, "茶" * 501, "房" * 500]],
    )
    error = _rejected(book, path)
    assert _reasons(error) == [(2, "客户偏好", "invalid.too_long")]
    assert error.problems[0].params == {"limit": 500}


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "import.not_spreadsheet"),
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nstream\n\x00\x01\x02",
            "import.not_spreadsheet",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "import.old_excel"),
    ],
    ids=["png", "pdf", "xls"],
)
def test_not_a_spreadsheet(book: Store, tmp_path: Path, content: bytes, key: str) -> None:
    path = tmp_path / "clients.csv"
    path.write_bytes(content)
    _refused(book, path, key)


def test_zip_that_is_not_a_workbook(book: Store, tmp_path: Path) -> None:
    path = tmp_path / "clients.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    _refused(book, path, "import.bad_xlsx")


def test_text_that_is_not_a_client_list(book: Store, tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("今天天气很好。\n明天去拜访王总。\n", encoding="utf-8")
    _refused(book, path, "import.no_known_column")


def test_missing_file(book: Store, tmp_path: Path) -> None:
    error = _refused(book, tmp_path / "gone.csv", "import.not_found")
    assert "gone.csv does not exist" in error.message()


def test_folder_instead_of_file(book: Store, tmp_path: Path) -> None:
    _refused(book, tmp_path, "import.is_directory")


def test_file_that_fails_mid_read(
    book: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk or the network share goes away after a few rows: nothing is written."""
    path = write_csv(
        tmp_path / "c.csv",
        [HEADER]
        + [
            [f"客户{n}", resident_id("520102", date(1980, 1, 1), n), "", "", "", ""]
            for n in range(1, 6)
        ],
    )
    real_rows = reading._csv_rows

    def failing(text: str, delimiter: str) -> Iterator[reading.SheetRow]:
        rows = real_rows(text, delimiter)
        yield next(rows)  # the header
        yield next(rows)
        yield next(rows)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(reading, "_csv_rows", failing)
    error = _refused(book, path, "import.read_failed")
    assert "nothing was imported" in error.message()


def test_file_deleted_after_it_was_read_is_imported_whole(store: Store, tmp_path: Path) -> None:
    """The file is read once, before any check: deleting it mid-import changes nothing."""
    path = write_csv(
        tmp_path / "c.csv",
        [HEADER]
        + [
            [
                f"客户{n}",
                resident_id("520102", date(1950, 1, 1) + timedelta(days=n), 1),
                "",
                "",
                "",
                "",
            ]
            for n in range(1, 1501)
        ],
    )

    def delete(done: int, total: int) -> None:
        path.unlink(missing_ok=True)

    report = import_clients(store, path, progress=delete)
    assert not path.exists()
    assert report.created == 1500


def test_failure_while_writing_rolls_everything_back(
    book: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash after the first bulk insert leaves the store exactly as it was."""
    from store.importing import apply
    from store.sync import capture

    monkeypatch.setattr(apply, "CHUNK", 2)
    calls = []
    real_insert = capture.insert_rows

    def insert_then_fail(*args: object, **kwargs: object) -> int:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("killed")
        return real_insert(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(capture, "insert_rows", insert_then_fail)
    path = write_csv(
        tmp_path / "c.csv",
        [HEADER]
        + [
            [f"客户{n}", resident_id("520102", date(1980, 1, 1), n), "", "", "", ""]
            for n in range(1, 6)
        ],
    )
    before = snapshot(book)
    with pytest.raises(RuntimeError):
        import_clients(book, path)
    assert len(calls) == 2
    assert snapshot(book) == before


def test_every_bad_row_is_listed_at_once(book: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "c.csv",
        [
            HEADER,
            [
                "张伟",
                ZHANG[:-1] + "0" if ZHANG[-1] != "0" else ZHANG[:-1] + "1",
                "1380013800",
                "1980/2/30",
                "-5",
                "神级",
            ],
            ["李娜", LI, "13900139000", "", "abc", ""],
            ["王芳", resident_id("520102", date(1990, 3, 3), 226), "", "", "5,000", "金卡"],
        ],
    )
    error = _rejected(book, path)
    assert {(n, c) for n, c, _ in _reasons(error)} == {
        (2, "证件号码"),
        (2, "手机号码"),
        (2, "出生日期"),
        (2, "金融资产(元)"),
        (2, "客户等级"),
        (3, "金融资产(元)"),
    }
    assert [p.number for p in error.problems] == sorted(p.number for p in error.problems)
    assert error.message() == "6 problems in 2 rows; nothing was imported."


def test_duplicated_column_is_refused(book: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "c.csv",
        [
            ["客户姓名", "证件号码", "手机号码", "联系电话"],
            ["张伟", ZHANG, "13800138000", "13800138000"],
        ],
    )
    error = _refused(book, path, "import.duplicate_column")
    assert "手机号码" in error.message() and "联系电话" in error.message()


def test_file_without_a_column_to_match_on(book: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [["客户姓名", "手机号码"], ["张伟", "13800138000"]])
    _refused(book, path, "import.no_match_column")


def test_unknown_id_without_a_name(book: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "c.csv",
        [["id", "phone"], ["0193a3b0-7c1e-7000-8000-000000000001", "13800138000"]],
    )
    assert _reasons(_rejected(book, path)) == [(2, "id", "import.invalid.unknown_id")]


def test_birth_date_contradicting_the_id_number(book: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "c.csv",
        [["客户姓名", "证件号码", "出生日期", "性别"], ["张伟", ZHANG, "1980-01-02", "女"]],
    )
    assert _reasons(_rejected(book, path)) == [
        (2, "出生日期", "import.invalid.id_mismatch"),
        (2, "性别", "import.invalid.id_mismatch"),
    ]


def test_id_number_of_another_client(book: Store, tmp_path: Path) -> None:
    from sqlalchemy import text

    with book.read_session() as session:
        first, second = session.execute(
            text("SELECT id, id_number FROM client WHERE id_type = 'resident_id' LIMIT 2")
        ).all()
    path = write_csv(tmp_path / "c.csv", [["id", "id_number"], [first[0], second[1]]])
    assert _reasons(_rejected(book, path)) == [(2, "id_number", "import.invalid.belongs_to_other")]


def test_unknown_manager(book: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "c.csv", [["客户姓名", "证件号码", "管户经理"], ["张伟", ZHANG, "诸葛亮"]]
    )
    error = _rejected(book, path)
    assert _reasons(error) == [(2, "管户经理", "import.invalid.unknown_manager")]


def test_messages_in_chinese(book: Store, tmp_path: Path) -> None:
    from store.i18n import set_language

    path = write_csv(tmp_path / "c.csv", [HEADER, ["张伟", ZHANG, "1380013800", "", "", ""]])
    error = _rejected(book, path)
    set_language("zh")
    assert error.problems[0].message() == "第 2 行，手机号码：应为以1开头的11位大陆手机号"
    assert error.message() == "1 行有 1 处错误，未导入任何数据。"


def test_an_id_number_excel_kept_as_a_number_is_refused_not_rebuilt(
    book: Store, tmp_path: Path
) -> None:
    """Excel keeps 15 digits: 110105196002191235 typed into a number cell reads
    back as 1.10105196002191e+17; padding it to 18 digits would invent a number
    that may even pass the check digit (found in review)."""
    from tests.unit.importing_support import write_xlsx

    number = float("1.10105196002191e17")  # what Excel stores for 110105196002191235
    path = write_xlsx(tmp_path / "book.xlsx", [HEADER, ["张伟", number, "", "", "", ""]])
    error = _rejected(book, path)
    assert [(column, number) for number, column, _ in _reasons(error)] == [("证件号码", 2)]
    assert "110105196002191008" not in error.problems[0].message()
