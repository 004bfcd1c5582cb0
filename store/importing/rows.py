"""Reading each row's cells into typed values, collecting every problem.

A cell is checked alone here (an amount is an amount, a mobile number has
11 digits, a tier is one of five); checks that need the rest of the row or
the store (does the ID number match its type, is it another client's, does
the birth date agree with it) are made when rows are matched
(`store.importing.apply`). Every problem is kept, with the row's number and
the column's header as the file wrote it, so a manager fixes the whole
file in one pass instead of one error per attempt.

An empty cell means "no value in this file": it leaves the field as it is
(and a new client gets the field's default). Core-banking exports leave
blank what they do not know, and a blank must never wipe what a manager
entered by hand in clientdesk.

The readers are built once per file (`RowReader`), and a vocabulary
column remembers the labels it has read: a 100,000-row file repeats a few
dozen labels, and each is folded and looked up once.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any, Final

from sqlalchemy import String

from store.errors import ValidationError
from store.i18n import CATALOG, current_language, t
from store.importing.headers import COLUMNS_BY_KEY, ColumnSpec, HeaderMap
from store.importing.reading import MAX_CELL, SheetRow
from store.models import Client
from store.money import parse_yuan
from store.tiers import FEN_PER_WAN
from store.validation import parse_date, validate_credit_code, validate_email, validate_mobile
from store.vocab import (
    ClientKind,
    ClientStatus,
    Education,
    Gender,
    IdType,
    Importance,
    IncomeBand,
    MaritalStatus,
    Ownership,
    RiskLevel,
    Tier,
)

__all__ = ["Lookups", "ParsedRow", "RowProblem", "RowReader", "vocabulary_value"]

#: Longest note and tag accepted: the same limits as the client form.
NOTES_MAX: Final = 2000
TAG_MAX: Final = 50
_TAG_SPLIT = re.compile(r"[,，、;；\n]+")
_SPACE = re.compile(r"\s+")
_COUNTRY = re.compile(r"[A-Z]{3}")
_TRUE = frozenset({"1", "true", "yes", "y", "t", "是", "农历"})
_FALSE = frozenset({"0", "false", "no", "n", "f", "否", "公历"})
_COUNTRY_NAMES = {"中国": "CHN", "中华人民共和国": "CHN", "中国大陆": "CHN"}


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One thing wrong with one row; `column` is the header as the file wrote it.

    `reason` is a catalog key and `params` its values, so the CLI, the app
    and the tests all read the same fact (tests assert on keys, people read
    sentences). A problem with the whole row has an empty `column`.
    """

    number: int
    unit: str
    column: str
    reason: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def where(self) -> str:
        return t(f"import.at_{self.unit}", number=self.number)

    def message(self) -> str:
        reason = t(self.reason, **self.params)
        if self.column:
            return t("import.problem", where=self.where(), column=self.column, reason=reason)
        return t("import.problem_row", where=self.where(), reason=reason)


@dataclass(slots=True)
class ParsedRow:
    """A row's non-empty cells as typed values, keyed by `Client` column.

    `id_number` is only normalised here; it is checked against its ID type
    once the row is matched to a client. `aum_parts` is the sum of deposit,
    wealth, fund and insurance balances when the file has such columns.
    """

    number: int
    values: dict[str, Any]
    client_id: str | None = None
    tags: tuple[str, ...] | None = None
    aum_parts: int | None = None


@dataclass(frozen=True)
class Lookups:
    """Managers and branches by what a file may call them (employee number, code, name)."""

    managers: Mapping[str, tuple[str, ...]]
    branches: Mapping[str, tuple[str, ...]]

    @staticmethod
    def key(text: str) -> str:
        return _SPACE.sub("", unicodedata.normalize("NFKC", text)).casefold()


class CellError(Exception):
    """A cell's problem: a catalog key and its parameters."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


# --- vocabularies ---------------------------------------------------------------------

_VOCABULARIES: Final[dict[str, tuple[type[Any], dict[str, tuple[str, ...]]]]] = {
    "kind": (ClientKind, {
        "individual": ("个人客户", "个人", "对私", "person"),
        "corporate": ("公司客户", "企业", "对公", "单位", "company"),
    }),
    "gender": (Gender, {"male": ("男性", "m"), "female": ("女性", "f")}),
    "id_type": (IdType, {
        "resident_id": ("身份证", "二代身份证", "居民身份证号码"),
        "hk_macau_permit": ("港澳居民来往内地通行证", "回乡证"),
        "taiwan_permit": ("台湾居民来往大陆通行证",),
        "credit_code": ("营业执照",),
    }),
    "tier": (Tier, {
        "standard": ("普通客户", "普卡", "大众客户"),
        "gold": ("金卡客户",),
        "platinum": ("白金卡", "白金客户"),
        "diamond": ("钻石卡", "钻石客户"),
        "private": ("私人银行", "私人银行客户", "私行客户", "private banking"),
    }),
    "importance": (Importance, {}),
    "risk": (RiskLevel, {
        "C1": ("保守型", "conservative"), "C2": ("稳健型", "cautious"),
        "C3": ("平衡型", "balanced"), "C4": ("成长型", "growth"),
        "C5": ("进取型", "aggressive"),
    }),
    "status": (ClientStatus, {"archived": ("归档",), "dormant": ("睡眠",)}),
    "marital": (MaritalStatus, {"divorced": ("离婚",), "married": ("已婚已育", "已婚未育")}),
    "education": (Education, {
        "secondary": ("高中", "中专", "初中", "初中及以下", "高中/中专"),
        "college": ("专科",),
        "bachelor": ("大学本科", "学士"),
        "master": ("研究生", "硕士研究生"),
        "doctorate": ("博士研究生",),
    }),
    "income": (IncomeBand, {}),
    "ownership": (Ownership, {
        "state_owned": ("国企", "国有企业"), "private": ("民企", "私营", "民营企业"),
        "foreign_invested": ("外商独资", "外企"), "joint_venture": ("中外合资",),
        "hk_macau_taiwan": ("港澳台资",),
    }),
}  # fmt: skip


def _fold(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).casefold()


@cache
def _vocabulary(prefix: str) -> dict[str, str]:
    """Every accepted spelling of a vocabulary's values → its code name."""
    enum, extra = _VOCABULARIES[prefix]
    spellings: dict[str, str] = {}
    for member in enum:
        code = member.value
        names = [code, *CATALOG.get(f"{prefix}.{code}", ()), *extra.get(code, ())]
        for name in names:
            spellings.setdefault(_fold(name), code)
    return spellings


def vocabulary_value(prefix: str, text: str) -> str:
    """The code name a label or code means, in either language; raises CellError."""
    code = _vocabulary(prefix).get(_fold(text))
    if code is None:
        enum, _ = _VOCABULARIES[prefix]
        separator = "、" if current_language() == "zh" else ", "
        shown = separator.join(t(f"{prefix}.{member.value}") for member in enum)
        raise CellError("invalid.choice", value=text[:40], choices=shown)
    return code


_INCOME_BOUNDS: Final = (
    (30 * FEN_PER_WAN, IncomeBand.UNDER_30), (100 * FEN_PER_WAN, IncomeBand.FROM_30_TO_100),
    (300 * FEN_PER_WAN, IncomeBand.FROM_100_TO_300),
    (1000 * FEN_PER_WAN, IncomeBand.FROM_300_TO_1000),
)  # fmt: skip


def _income_band(text: str) -> str:
    """A band's label or code, or a yearly income in yuan placed in its band."""
    code = _vocabulary("income").get(_fold(text))
    if code is not None:
        return code
    try:
        fen = parse_yuan(text, "field.income_band")
    except ValidationError:
        return vocabulary_value("income", text)  # raises with the list of bands
    for bound, band in _INCOME_BOUNDS:
        if fen < bound:
            return band.value
    return IncomeBand.OVER_1000.value


# --- one cell ----------------------------------------------------------------------------


def _limit(spec: ColumnSpec) -> int:
    """Longest text a column takes: the store column's width, else a sane cap."""
    if spec.key == "notes":
        return NOTES_MAX
    if spec.attr is not None and spec.attr in Client.__table__.columns:
        column_type = Client.__table__.columns[spec.attr].type
        if isinstance(column_type, String) and column_type.length:
            return column_type.length
    return 200 if spec.kind in ("text", "name") else 1000


def _text(limit: int) -> Callable[[str], Any]:
    def read(text: str) -> str:
        if len(text) > limit:
            raise CellError("invalid.too_long", limit=limit)
        return text

    return read


def _bool(text: str) -> bool:
    folded = text.casefold()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise CellError("invalid.yes_no", value=text[:40])


def _tags(text: str) -> tuple[str, ...]:
    tags: list[str] = []
    for part in _TAG_SPLIT.split(text):
        tag = part.strip()
        if len(tag) > TAG_MAX:
            raise CellError("import.invalid.tag_too_long", tag=tag[:10], limit=TAG_MAX)
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def _nationality(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).strip()
    code = _COUNTRY_NAMES.get(folded, folded.upper())
    if not _COUNTRY.fullmatch(code):
        raise CellError("import.invalid.nationality")
    return code


def _memo(read: Callable[[str], Any]) -> Callable[[str], Any]:
    """`read` remembering its answers: a file repeats a few labels 100,000 times.

    Only successes are kept; a bad cell raises again each time it occurs,
    so every row with it is reported.
    """
    known: dict[str, Any] = {}

    def remembered(text: str) -> Any:
        try:
            return known[text]
        except KeyError:
            value = known[text] = read(text)
            return value

    return remembered


def _client_id(text: str) -> str:
    try:
        return str(uuid.UUID(text.strip()))
    except ValueError:
        raise CellError("import.invalid.bad_id", value=text[:40]) from None


def _id_number(text: str) -> str:
    number = _SPACE.sub("", unicodedata.normalize("NFKC", text)).upper()
    if len(number) > 32:
        raise CellError("invalid.too_long", limit=32)
    return number


class RowReader:
    """Reads the rows of one file: one compiled reader per column present.

    `today` bounds past-only dates (birth dates, risk assessments); a
    fixed value keeps an import deterministic under a fixed clock.
    """

    def __init__(
        self, headers: HeaderMap, lookups: Lookups, today: date, unit: str, width: int
    ) -> None:
        self.unit = unit
        self.width = width
        self.today = today
        self.lookups = lookups
        self.headers = headers
        self._readers: list[tuple[int, ColumnSpec, str, Callable[[str], Any]]] = [
            (index, COLUMNS_BY_KEY[key], headers.written[key], self._reader(COLUMNS_BY_KEY[key]))
            for key, index in headers.positions.items()
        ]

    def _reader(self, spec: ColumnSpec) -> Callable[[str], Any]:
        label = spec.label
        match spec.kind:
            case "id":
                return _client_id
            case "text" | "name":
                return _text(_limit(spec))
            case "choice":
                return _memo(
                    lambda text, prefix=spec.vocabulary or "": vocabulary_value(prefix, text)
                )
            case "date":
                return lambda text: parse_date(text, label)
            case "past_date":
                return self._past_date(label)
            case "amount" | "aum_part":
                return lambda text: parse_yuan(text, label)
            case "mobile":
                return validate_mobile
            case "email":
                return validate_email
            case "credit_code":
                return validate_credit_code
            case "id_number":
                return _id_number
            case "bool":
                return _bool
            case "tags":
                return _tags
            case "nationality":
                return _nationality
            case "income":
                return _memo(_income_band)
            case "owner":
                return self._lookup(
                    self.lookups.managers,
                    "import.invalid.unknown_manager",
                    "import.invalid.ambiguous_manager",
                )
            case "branch":
                return self._lookup(
                    self.lookups.branches,
                    "import.invalid.unknown_branch",
                    "import.invalid.ambiguous_branch",
                )
        raise AssertionError(spec.kind)  # pragma: no cover

    def _past_date(self, label: str) -> Callable[[str], Any]:
        today = self.today

        def read(text: str) -> date:
            day = parse_date(text, label)
            if day > today:
                raise CellError("import.invalid.future_date", value=day.isoformat())
            return day

        return read

    @staticmethod
    def _lookup(
        table: Mapping[str, tuple[str, ...]], unknown: str, ambiguous: str
    ) -> Callable[[str], str]:
        def read(text: str) -> str:
            found = table.get(Lookups.key(text), ())
            if not found:
                raise CellError(unknown, value=text[:40])
            if len(found) > 1:
                raise CellError(ambiguous, value=text[:40], count=len(found))
            return found[0]

        return read

    def read(self, row: SheetRow) -> tuple[ParsedRow, list[RowProblem]]:
        """One row's values and its problems (each bad cell once)."""
        cells = row.cells
        parsed = ParsedRow(row.number, {})
        problems: list[RowProblem] = []
        if len(cells) > self.width:
            extra = sum(1 for cell in cells[self.width :] if cell.strip())
            if extra:
                problems.append(
                    RowProblem(
                        row.number, self.unit, "", "import.invalid.extra_cells", {"count": extra}
                    )
                )
        size = len(cells)
        values = parsed.values
        for index, spec, header, read in self._readers:
            if index >= size:
                continue
            text = cells[index].strip()
            if not text:
                continue
            if len(text) > MAX_CELL:
                problems.append(
                    RowProblem(
                        row.number,
                        self.unit,
                        header,
                        "import.invalid.cell_too_large",
                        {"size": f"{len(text):,}", "limit": f"{MAX_CELL:,}"},
                    )
                )
                continue
            try:
                value = read(text)
            except ValidationError as exc:
                problems.append(RowProblem(row.number, self.unit, header, exc.reason, exc.params))
                continue
            except CellError as exc:
                problems.append(RowProblem(row.number, self.unit, header, exc.reason, exc.params))
                continue
            if spec.attr is not None:
                values[spec.attr] = value
            elif spec.kind == "tags":
                parsed.tags = value
            elif spec.kind == "aum_part":
                parsed.aum_parts = (parsed.aum_parts or 0) + value
        parsed.client_id = values.pop("id", None)
        return parsed, problems
