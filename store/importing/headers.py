"""Which column of a client file is which field, in Chinese or English.

Core-banking exports name their columns in Chinese, and banks differ in the
words (客户姓名 or 客户名称, 手机号码 or 联系电话, 归属客户经理 or 管户
经理); clientdesk's own export uses English snake_case keys. Every spelling
of a field maps to one `ColumnSpec`, whose `key` is what `export_clients`
writes, so an exported file always maps back to the same fields.

Headers are compared after NFKC folding (full-width brackets and letters),
with case, spaces, hyphens and underscores ignored: ``金融资产（元）``,
``金融资产(元)``, ``AUM_Yuan`` and ``aum yuan`` are all found.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from store.i18n import t
from store.importing.reading import ImportFileError

__all__ = ["COLUMNS", "COLUMNS_BY_KEY", "ColumnSpec", "HeaderMap", "map_headers", "normalise"]

CellKind = Literal[
    "id", "text", "name", "choice", "date", "past_date", "amount", "mobile", "email",
    "id_number", "credit_code", "bool", "tags", "nationality", "owner", "branch", "income",
    "aum_part",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One field a client file may carry.

    `key` is the export's column name (English snake_case) and always an
    accepted header; `headers` are the Chinese names, the first being what
    a Chinese-headed export writes; `english` are further English names.
    `attr` is the `Client` column written, None for tags and AUM parts.
    `vocabulary` is the catalog prefix of a choice's labels (``tier``).
    """

    key: str
    kind: CellKind
    attr: str | None
    label: str
    headers: tuple[str, ...]
    english: tuple[str, ...] = ()
    vocabulary: str | None = None


def _c(
    key: str,
    kind: CellKind,
    label: str,
    headers: tuple[str, ...],
    english: tuple[str, ...] = (),
    *,
    attr: str | None = "",
    vocabulary: str | None = None,
) -> ColumnSpec:
    return ColumnSpec(key, kind, key if attr == "" else attr, label, headers, english, vocabulary)


#: Every field an import reads, in the order an export writes them.
COLUMNS: Final[tuple[ColumnSpec, ...]] = (
    _c("id", "id", "import.field.id", ("系统编号",), ("uuid",)),
    _c("kind", "choice", "field.kind", ("客户类型",), ("client type", "type"), vocabulary="kind"),
    _c(
        "customer_no",
        "text",
        "import.field.customer_no",
        ("客户号", "客户编号", "核心客户号"),
        ("customer number", "customer no"),
    ),
    _c(
        "name",
        "name",
        "field.name",
        ("客户姓名", "客户名称", "姓名", "名称", "户名"),
        ("client name", "full name"),
    ),
    _c("english_name", "text", "import.field.english_name", ("英文名", "英文姓名", "英文名称")),
    _c("gender", "choice", "field.gender", ("性别",), ("sex",), vocabulary="gender"),
    _c(
        "birth_date",
        "past_date",
        "field.birth_date",
        ("出生日期", "生日"),
        ("date of birth", "birthday", "dob"),
    ),
    _c(
        "birthday_lunar",
        "bool",
        "import.field.birthday_lunar",
        ("过农历生日", "农历生日"),
        ("lunar birthday",),
    ),
    _c("nationality", "nationality", "field.nationality", ("国籍",), ("country",)),
    _c(
        "id_type",
        "choice",
        "field.id_type",
        ("证件类型",),
        ("document type",),
        vocabulary="id_type",
    ),
    _c(
        "id_number",
        "id_number",
        "field.id_number",
        ("证件号码", "身份证号码", "身份证号", "证件号"),
        ("id no", "document number"),
    ),
    _c(
        "credit_code",
        "credit_code",
        "field.credit_code",
        ("统一社会信用代码", "社会信用代码", "信用代码"),
        ("unified social credit code",),
    ),
    _c(
        "phone",
        "mobile",
        "field.phone",
        ("手机号码", "联系电话", "手机号", "手机", "移动电话"),
        ("mobile", "mobile number", "mobile phone"),
    ),
    _c(
        "email",
        "email",
        "field.email",
        ("电子邮箱", "邮箱", "电子邮件", "邮件地址"),
        ("e-mail", "mail"),
    ),
    _c("address", "text", "field.address", ("联系地址", "地址", "通讯地址", "家庭住址")),
    _c("occupation", "text", "field.occupation", ("职业",), ("job",)),
    _c("employer", "text", "field.employer", ("工作单位", "单位名称", "单位"), ("company",)),
    _c("industry", "text", "field.industry", ("行业", "所属行业")),
    _c(
        "income_band",
        "income",
        "field.income_band",
        ("年收入", "年收入区间", "收入区间"),
        ("annual income", "income"),
        vocabulary="income",
    ),
    _c("education", "choice", "field.education", ("学历", "教育程度"), vocabulary="education"),
    _c(
        "marital_status",
        "choice",
        "field.marital_status",
        ("婚姻状况", "婚姻状态"),
        ("marital",),
        vocabulary="marital",
    ),
    _c(
        "wedding_date",
        "date",
        "field.wedding_date",
        ("结婚纪念日", "结婚日期"),
        ("wedding anniversary",),
    ),
    _c(
        "risk_level",
        "choice",
        "field.risk_level",
        ("风险评级", "风险承受能力", "风险等级", "风险测评结果"),
        ("risk", "risk tolerance"),
        vocabulary="risk",
    ),
    _c(
        "risk_assessed_on",
        "past_date",
        "field.risk_assessed_on",
        ("风险评估日期", "风险测评日期", "评估日期"),
    ),
    _c("tier", "choice", "field.tier", ("客户等级", "等级", "客户级别"), vocabulary="tier"),
    _c("tier_reason", "text", "import.field.tier_reason", ("等级调整原因",)),
    _c(
        "importance",
        "choice",
        "field.importance",
        ("重要性", "重要程度", "客户重要性"),
        vocabulary="importance",
    ),
    _c("importance_reason", "text", "import.field.importance_reason", ("重要性调整原因",)),
    _c(
        "aum_yuan",
        "amount",
        "field.aum",
        ("金融资产(元)", "金融资产", "资产总额(元)"),
        ("aum",),
        attr="aum_fen",
    ),
    _c(
        "contribution_yuan",
        "amount",
        "field.contribution",
        ("贡献度(元)", "贡献度", "年贡献度"),
        ("contribution",),
        attr="contribution_fen",
    ),
    _c(
        "deposit_yuan",
        "aum_part",
        "import.field.deposit",
        ("存款余额", "存款余额(元)"),
        ("deposits",),
        attr=None,
    ),
    _c(
        "wealth_yuan",
        "aum_part",
        "import.field.wealth",
        ("理财余额", "理财余额(元)"),
        ("wealth management",),
        attr=None,
    ),
    _c(
        "fund_yuan",
        "aum_part",
        "import.field.fund",
        ("基金余额", "基金余额(元)"),
        ("funds",),
        attr=None,
    ),
    _c(
        "insurance_yuan",
        "aum_part",
        "import.field.insurance",
        ("保险余额", "保险余额(元)"),
        ("insurance",),
        attr=None,
    ),
    _c(
        "owner_manager",
        "owner",
        "field.owner",
        ("归属客户经理", "管户经理", "客户经理", "归属经理"),
        ("owner", "manager"),
        attr="owner_manager_id",
    ),
    _c(
        "branch",
        "branch",
        "field.branch",
        ("开户网点", "归属网点", "网点", "开户机构"),
        attr="branch_id",
    ),
    _c("status", "choice", "field.status", ("客户状态", "状态"), vocabulary="status"),
    _c("legal_representative", "text", "field.legal_representative", ("法定代表人", "法人代表")),
    _c("ownership", "choice", "field.ownership", ("企业性质",), vocabulary="ownership"),
    _c(
        "tags",
        "tags",
        "field.tags",
        ("圈层标签", "圈层/标签", "圈层", "标签"),
        ("circles", "tag"),
        attr=None,
    ),
    _c("notes", "text", "field.notes", ("备注", "说明"), ("note", "remarks")),
    _c("preferences", "text", "brief.field.preferences", ("客户偏好", "偏好", "喜好")),
    _c("avoid", "text", "brief.field.avoid", ("禁忌", "注意事项", "忌讳"), ("things to avoid",)),
)

COLUMNS_BY_KEY: Final = {column.key: column for column in COLUMNS}

_IGNORED = re.compile(r"[\s_\-]+")


def normalise(header: str) -> str:
    """A header reduced to what distinguishes it (see the module docstring)."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", header).replace("\ufeff", "")).lower()


def _spellings() -> dict[str, ColumnSpec]:
    spellings: dict[str, ColumnSpec] = {}
    for column in COLUMNS:
        for name in (column.key, *column.headers, *column.english):
            folded = normalise(name)
            if spellings.setdefault(folded, column) is not column:
                raise AssertionError(f"header {name!r} names two columns")
    return spellings


_SPELLINGS: Final = _spellings()


@dataclass(frozen=True)
class HeaderMap:
    """Where each known field is in a file, and what the file called it."""

    positions: dict[str, int]
    written: dict[str, str]
    unknown: tuple[str, ...]

    def has(self, key: str) -> bool:
        return key in self.positions


def map_headers(header: Sequence[str]) -> HeaderMap:
    """Find each header's field; refuse a file where one field has two columns.

    Unknown headers are returned (the import reports and ignores them).
    Raises `ImportFileError` when no header is known (not a client file) or
    when two columns mean the same field (which one wins would be a guess).
    """
    positions: dict[str, int] = {}
    written: dict[str, str] = {}
    unknown: list[str] = []
    for index, raw in enumerate(header):
        text = raw.replace("\ufeff", "").strip()
        column = _SPELLINGS.get(normalise(text))
        if column is None:
            if text:
                unknown.append(text)
            continue
        if column.key in positions:
            raise ImportFileError(
                "import.duplicate_column",
                first=written[column.key],
                second=text,
                field=t(column.label),
            )
        positions[column.key] = index
        written[column.key] = text
    if not positions:
        raise ImportFileError("import.no_known_column")
    if not any(key in positions for key in ("id", "id_number", "credit_code")):
        raise ImportFileError("import.no_match_column")
    return HeaderMap(positions, written, tuple(unknown))
