"""The import's shortcuts give exactly what the full checks give.

A 100,000-row import reads the forms core banking writes without the full
checks' Unicode folding and `Decimal` arithmetic, reads rows in blocks
column by column, and remembers repeated cells. Each shortcut is compared
here with the full check it stands in for, on ordinary and on awkward
input, so a shortcut that accepted, refused or normalised anything
differently would fail.
"""

from __future__ import annotations

import gc
import random
import unicodedata
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from store.db import Store
from store.errors import ValidationError
from store.importing import ImportRejected, import_clients
from store.importing import rows as rows_module
from store.importing.headers import map_headers
from store.importing.reading import SheetRow
from store.importing.rows import Lookups, RowReader
from store.money import MAX_FEN, parse_yuan
from store.validation import (
    resident_id_check_digit,
    validate_email,
    validate_mobile,
    validate_resident_id,
)
from tests.unit.importing_support import resident_id, write_csv

TODAY = date(2026, 11, 28)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _outcome(check: Any, text: str) -> Any:
    """What a check makes of `text`: its value, or its refusal (reason and parameters)."""
    try:
        return ("value", check(text))
    except ValidationError as exc:
        return ("refused", exc.reason, exc.params)
    except rows_module.CellError as exc:
        return ("refused", exc.reason, exc.params)


# --- resident ID numbers ------------------------------------------------------------------


def test_check_digit_is_the_iso_7064_weighted_sum() -> None:
    rng = random.Random(4)
    bodies = ["".join(rng.choice("0123456789") for _ in range(17)) for _ in range(3000)]
    bodies += ["0" * 17, "9" * 17, "11010519491231002", "44030819990101001"]
    bodies += ["0" * i + str(d) + "0" * (16 - i) for i in range(17) for d in range(10)]
    for body in bodies:
        total = sum(int(digit) * weight for digit, weight in zip(body, WEIGHTS, strict=True))
        assert resident_id_check_digit(body) == "10X98765432"[total % 11], body


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # valid, X
        "440308199901010012",  # valid
        "11010519491231002x",  # lower-case x: folded, then valid
        "110105194912310021",  # wrong check digit
        "990105194912310021",  # no such province
        "110105194902300021",  # 30 February
        "110105189912310021",  # before 1900
        "110105202712310021",  # born after today
        "1101051949123100",  # too short
        "11010519491231002Y",  # bad character
        "",
    ],
)
def test_resident_id_plain_and_folded_input_agree(number: str) -> None:
    """The unfolded fast path and the folding path reach the same verdict."""
    plain = _outcome(lambda text: validate_resident_id(text, today=TODAY), number)
    spaced = _outcome(
        lambda text: validate_resident_id(text, today=TODAY), " " + " ".join(number) + " "
    )
    assert plain == spaced


def test_resident_id_verdicts() -> None:
    assert validate_resident_id("11010519491231002X", today=TODAY).gender == "female"
    assert validate_resident_id("440308199901010012", today=TODAY).gender == "male"
    reasons = {
        number: _outcome(lambda text: validate_resident_id(text, today=TODAY), number)[1]
        for number in ("110105194912310021", "990105194912310021", "110105194902300021")
    }
    assert reasons == {
        "110105194912310021": "invalid.id_check_digit",
        "990105194912310021": "invalid.id_region",
        "110105194902300021": "invalid.id_birth_date",
    }


# --- one cell -----------------------------------------------------------------------------

AMOUNTS = [
    "0", "00", "007", "1", "12.", "12.5", "12.50", "12.345", "12.340", "0.05", ".5", "5.",
    "1,234", "1,234,567.89", "12,34", "1,23,4", "1234,567", ",123", "123,", "00,123",
    "9,999,999,999,999,999.99", "92233720368547758.07", "92233720368547758.08",
    str(MAX_FEN // 100 + 1), "1e5", "-1", "+1", "¥1,000", "1000元", "１２３", "١٢٣",
    "1 000", "--1", "abc", "1.2.3",
]  # fmt: skip


@pytest.mark.parametrize("text", AMOUNTS)
def test_amount_shortcut_matches_parse_yuan(text: str) -> None:
    read = rows_module._amount("field.aum")
    assert _outcome(read, text) == _outcome(lambda t: parse_yuan(t, "field.aum"), text)


def test_amount_shortcut_on_random_amounts() -> None:
    rng = random.Random(7)
    read = rows_module._amount("field.aum")
    for _ in range(3000):
        fen = int(rng.lognormvariate(12, 4))
        whole, cents = divmod(fen, 100)
        grouped = rng.random() < 0.5
        text = f"{whole:,}" if grouped else str(whole)
        text += rng.choice(["", ".", f".{cents // 10}", f".{cents:02d}", f".{cents:02d}0"])
        assert _outcome(read, text) == _outcome(lambda t: parse_yuan(t, "field.aum"), text)


EMAILS = [
    "u1@example.com", "Zhang.Wei@Example.COM", "zw@example.com.cn", "a+b@x-y.cn",
    "a@b", "a@b.", "a@.b.cn", "a@-b.cn", "a@b-.cn", "a..b@x.cn", ".a@x.cn", "a.@x.cn",
    "a@@x.cn", "@x.cn", "a@x..cn", "a b@x.cn", "张伟@例子.中国", "ｚｗ@example.com",
    "a" * 64 + "@x.cn", "a" * 65 + "@x.cn", "a@" + "b" * 250 + ".cn", "a@x_y.cn",
    "a@x.c", "o'brien@x.ie", "a@1.2", "a\u00a0@x.cn",
]  # fmt: skip


@pytest.mark.parametrize("text", EMAILS)
def test_email_shortcut_matches_validate_email(text: str) -> None:
    assert _outcome(rows_module._email, text) == _outcome(validate_email, text)


@pytest.mark.parametrize(
    "text",
    ["13800138000", "19912345678", "12800138000", "1380013800", "138001380001",
     "+8613800138000", "8613800138000", "138-0013-8000", "１３８００１３８０００", "2380013800a"],
)  # fmt: skip
def test_mobile_shortcut_matches_validate_mobile(text: str) -> None:
    assert _outcome(rows_module._mobile, text) == _outcome(validate_mobile, text)


@pytest.mark.parametrize(
    "text", ["52010219800101123X", "52010219800101123x", "ＡＢ１２", "A B 1", "A" * 32, "A" * 33]
)
def test_id_number_shortcut_matches_folding(text: str) -> None:
    def folded(value: str) -> str:
        number = "".join(unicodedata.normalize("NFKC", value).split()).upper()
        if len(number) > 32:
            raise rows_module.CellError("invalid.too_long", limit=32)
        return number

    assert _outcome(rows_module._id_number, text) == _outcome(folded, text)


@pytest.mark.parametrize(
    "text",
    [
        "0193a3b0-7c1e-7000-8000-000000000001",
        "0193A3B0-7C1E-7000-8000-000000000001",
        "{0193a3b0-7c1e-7000-8000-000000000001}",
        "0193a3b07c1e70008000000000000001",
        "0193a3b0-7c1e-7000-8000-00000000000",
    ],
)
def test_client_id_shortcut_matches_uuid(text: str) -> None:
    def full(value: str) -> str:
        try:
            return str(uuid.UUID(value))
        except ValueError:
            raise rows_module.CellError("import.invalid.bad_id", value=value[:40]) from None

    assert _outcome(rows_module._client_id, text) == _outcome(full, text)


# --- rows in blocks -----------------------------------------------------------------------

HEADER = ("客户姓名", "证件号码", "手机号码", "电子邮箱", "出生日期", "金融资产(元)",
          "客户等级", "圈层", "存款余额", "理财余额", "备注")  # fmt: skip


def _random_rows(count: int) -> list[SheetRow]:
    """Rows with good, empty and bad cells everywhere, some short, some too long."""
    rng = random.Random(11)
    choices = {
        0: ["张伟", "", "张" * 101, "李娜"],
        1: [resident_id("520102", date(1980, 1, 1), 1), "", "ABC 123", "x" * 40],
        2: ["13800138000", "", "1380013800", "+86 139-0013-9000"],
        3: ["a@x.cn", "", "a@@x", "Zhang@Example.COM"],
        4: ["1980-01-01", "", "1980-02-30", "2099-01-01", "1980年1月1日"],
        5: ["1,000.00", "", "-5", "12.345", "abc", "１２３"],
        6: ["金卡", "", "黑金", "钻石", "神级"],
        7: ["高尔夫、收藏", "", "a" * 51],
        8: ["100", "", "x"],
        9: ["200.5", "", "-1"],
        10: ["备注", "", "备" * 2001],
    }
    rows = []
    for number in range(2, count + 2):
        cells = [rng.choice(choices[index]) for index in range(len(HEADER))]
        shape = rng.random()
        if shape < 0.1:
            cells = cells[: rng.randrange(1, len(cells))]
        elif shape < 0.2:
            cells += [rng.choice(["", "extra"]) for _ in range(rng.randrange(1, 3))]
        rows.append(SheetRow(number, tuple(cells)))
    return rows


def _reader() -> RowReader:
    headers = map_headers(HEADER)
    return RowReader(headers, Lookups({}, {}), TODAY, "line", len(HEADER))


def _plain(parsed: Any) -> tuple[Any, ...]:
    return (parsed.number, parsed.values, parsed.client_id, parsed.tags, parsed.aum_parts)


def test_a_block_reads_as_its_rows_one_by_one() -> None:
    """Block reading (column by column, shortcuts, remembered cells) changes nothing."""
    rows = _random_rows(600)
    one_by_one_values, one_by_one_problems = [], []
    single = _reader()
    for row in rows:
        parsed, problems = single.read(row)
        one_by_one_values.append(_plain(parsed))
        one_by_one_problems += problems
    block = _reader()
    values, problems = [], []
    for start in range(0, len(rows), 250):
        parsed_rows, found = block.read_rows(rows[start : start + 250])
        values += [_plain(parsed) for parsed in parsed_rows]
        problems += found
    assert values == one_by_one_values
    assert problems == one_by_one_problems
    assert len(problems) > 300  # the rows really are full of problems
    assert {problem.reason for problem in problems} >= {
        "invalid.too_long", "invalid.mobile", "invalid.email", "invalid.date",
        "import.invalid.future_date", "invalid.amount_negative", "invalid.amount_precision",
        "invalid.choice", "import.invalid.tag_too_long", "import.invalid.extra_cells",
    }  # fmt: skip


def test_values_hold_exactly_the_good_cells() -> None:
    """An empty or bad cell leaves its field out; every other cell is there."""
    rows = _random_rows(400)
    parsed_rows, problems = _reader().read_rows(rows)
    bad = {(problem.number, problem.column) for problem in problems}
    attrs = {"客户姓名": "name", "证件号码": "id_number", "手机号码": "phone",
             "电子邮箱": "email", "出生日期": "birth_date", "金融资产(元)": "aum_fen",
             "客户等级": "tier", "备注": "notes"}  # fmt: skip
    for row, parsed in zip(rows, parsed_rows, strict=True):
        cells = dict(zip(HEADER, row.cells, strict=False))
        expected = {
            attr
            for header, attr in attrs.items()
            if cells.get(header, "").strip() and (row.number, header) not in bad
        }
        assert set(parsed.values) == expected, row


def test_problems_come_in_row_then_column_order() -> None:
    rows = _random_rows(300)
    _values, problems = _reader().read_rows(rows)
    columns = {header: index for index, header in enumerate(HEADER)}
    order = [(problem.number, columns.get(problem.column, -1)) for problem in problems]
    assert order == sorted(order)


def test_a_repeated_bad_cell_is_reported_on_every_row(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The remembered verdict of a bad label still names each row, across blocks."""
    import store.importing as importing

    monkeypatch.setattr(importing, "_BLOCK", 2)
    rows = [["客户姓名", "证件号码", "客户等级"]]
    for n in range(1, 8):
        tier = "黑金" if n in (1, 2, 5, 7) else "金卡"
        rows.append([f"客户{n}", resident_id("520102", date(1980, 1, n), n), tier])
    with pytest.raises(ImportRejected) as caught:
        import_clients(store, write_csv(tmp_path / "c.csv", rows))
    assert [(p.number, p.column, p.reason) for p in caught.value.problems] == [
        (n + 1, "客户等级", "invalid.choice") for n in (1, 2, 5, 7)
    ]


# --- the cycle collector ------------------------------------------------------------------


def test_collector_is_as_it_was_after_an_import(store: Store, tmp_path: Path) -> None:
    good = write_csv(
        tmp_path / "good.csv",
        [["客户姓名", "证件号码"], ["张伟", resident_id("520102", date(1980, 1, 1), 1)]],
    )
    bad = write_csv(tmp_path / "bad.csv", [["客户姓名", "证件号码"], ["张伟", "123"]])
    assert gc.isenabled()
    import_clients(store, good, dry_run=True)
    assert gc.isenabled()
    with pytest.raises(ImportRejected):
        import_clients(store, bad)
    assert gc.isenabled()
    gc.disable()
    try:
        import_clients(store, good)
        assert not gc.isenabled()
    finally:
        gc.enable()
