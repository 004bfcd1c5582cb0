"""Seeded, realistic demo data: a Guizhou sub-branch and its client book.

Why this exists: the TUI, its snapshots and the benchmarks all need a store
that looks like a real relationship manager's desk (Chinese names with
polyphonic surnames, valid ID numbers and credit codes, heavy-tailed assets,
a year of visits, a calendar) without anyone's real data.

Rules it keeps, and why:

- **Deterministic.** Every value comes from `random.Random(seed)` and
  `clock.now()`; ids are UUIDv7-shaped but built from a second seeded
  generator, so the same seed and the same ``CLIENTDESK_NOW`` give the same
  rows (snapshot tests depend on it). Only `device_id` differs between
  stores, because it is the store's own identity.
- **All or nothing.** One transaction: a crash or Ctrl-C leaves the store as
  it was, never half a demo.
- **Never destructive.** A store that already has clients is refused unless
  ``force``; with ``force`` the demo is *added* (the demo branches and staff
  are reused when present) and nothing is deleted or overwritten except the
  signed-in manager in `LocalMeta`.
- **Fast and bounded.** Clients are generated and inserted a chunk at a time
  with Core bulk inserts; only a few hundred ids per manager are kept
  across chunks (for the calendar), so 100,000 clients fit in little memory.
- **Money is int fen.** Amounts may be drawn with floats but are rounded to
  integer fen exactly once, before anything stores them.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from typing import Any, Final
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Table, func, select, update

from store import clock
from store.db import Store
from store.errors import ClientdeskError
from store.ids import derived_id
from store.models import (
    Branch,
    CalendarEvent,
    Client,
    ClientRelation,
    ClientTag,
    EventClient,
    Interaction,
    InteractionParticipant,
    KeyContact,
    LocalMeta,
    Manager,
    Task,
)
from store.pinyin import name_search_keys
from store.sync.capture import insert_rows
from store.tiers import FEN_PER_WAN, tier_for_aum
from store.vocab import (
    ClientKind,
    ClientStatus,
    Education,
    EventKind,
    EventStatus,
    Gender,
    GreetingChannel,
    IdType,
    IncomeBand,
    InteractionKind,
    ManagerLevel,
    MaritalStatus,
    Ownership,
    Purpose,
    RelationKind,
    RiskLevel,
    TaskStatus,
    Tier,
)

__all__ = ["DemoSummary", "fill_demo"]

#: Clients generated (and inserted) per step; also the Core insert batch size.
CHUNK: Final = 5_000
_ZONE: Final = ZoneInfo(clock.DEFAULT_ZONE)
_YUAN_PER_WAN: Final = 10_000


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What one `fill_demo` call wrote (rows it inserted, not rows reused)."""

    branches: int
    managers: int
    clients: int
    interactions: int
    events: int
    tasks: int
    signed_in_manager_id: str


# --- ids --------------------------------------------------------------------


def _det_uuid7(rng: random.Random, ms: int, seq: int) -> str:
    """A UUIDv7-format id whose random bits come from `rng`, not the OS.

    Same layout as `store.ids.uuid7` (48-bit ms, version 7, 12-bit counter,
    variant 10, 62 random bits) so demo rows look and sort like real ones.
    """
    value = (ms & 0xFFFF_FFFF_FFFF) << 80
    value |= 0x7 << 76
    value |= (seq & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rng.getrandbits(62)
    text = f"{value:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


class _Ids:
    """Strictly increasing deterministic UUIDv7s starting at one instant.

    Increasing ids keep the primary-key B-trees append-only during the bulk
    insert (much faster than random keys); the counter borrows the next
    millisecond when it runs out, like `store.ids.uuid7`.
    """

    def __init__(self, rng: random.Random, ms: int) -> None:
        self._rng = rng
        self._ms = ms
        self._seq = -1

    def __call__(self) -> str:
        self._seq += 1
        if self._seq > 0xFFF:
            self._ms += 1
            self._seq = 0
        return _det_uuid7(self._rng, self._ms, self._seq)


# --- vocabulary of the demo -------------------------------------------------

# (surname, relative frequency per 10,000 people). Polyphonic surnames
# (单 shan, 曾 zeng, 解 xie, 仇 qiu, 区 ou) and compounds are here on purpose:
# they are what breaks naive pinyin search. 令狐 is a real Renhuai surname.
_SURNAMES: Final[tuple[tuple[str, float], ...]] = (
    ("王", 725), ("李", 719), ("张", 683), ("刘", 538), ("陈", 453), ("杨", 308),
    ("黄", 223), ("赵", 229), ("吴", 205), ("周", 195), ("徐", 167), ("孙", 154),
    ("马", 129), ("朱", 128), ("胡", 116), ("郭", 114), ("何", 106), ("高", 100),
    ("林", 97), ("罗", 87), ("郑", 80), ("梁", 75), ("谢", 72), ("宋", 68),
    ("唐", 63), ("许", 60), ("韩", 58), ("冯", 57), ("邓", 56), ("曹", 53),
    ("彭", 52), ("曾", 50), ("肖", 47), ("田", 46), ("董", 44), ("袁", 43),
    ("潘", 42), ("于", 41), ("蒋", 40), ("蔡", 39), ("余", 38), ("杜", 36),
    ("叶", 35), ("程", 34), ("苏", 33), ("魏", 32), ("吕", 31), ("丁", 30),
    ("任", 29), ("沈", 28), ("姚", 27), ("卢", 26), ("姜", 25), ("崔", 24),
    ("钟", 23), ("谭", 22), ("陆", 21), ("汪", 20), ("范", 20), ("金", 19),
    ("石", 19), ("廖", 18), ("贾", 18), ("夏", 17), ("韦", 17), ("付", 16),
    ("方", 16), ("白", 15), ("邹", 15), ("孟", 14), ("熊", 14), ("秦", 13),
    ("邱", 13), ("江", 13), ("尹", 12), ("薛", 12), ("段", 11), ("雷", 11),
    ("侯", 10), ("龙", 10), ("史", 10), ("黎", 9), ("贺", 9), ("顾", 9),
    ("毛", 9), ("郝", 8), ("龚", 8), ("邵", 8), ("万", 8), ("钱", 8),
    ("穆", 6), ("母", 5), ("敖", 5), ("令狐", 4), ("覃", 4), ("单", 4),
    ("解", 3), ("仇", 3), ("查", 2), ("区", 2), ("欧阳", 2), ("司马", 0.5),
    ("上官", 0.5), ("诸葛", 0.3),
)  # fmt: skip

# Given-name characters by gender and generation: people born before ~1975
# carry names like 建国 or 桂兰, younger ones 浩然 or 欣怡.
_GIVEN: Final[dict[tuple[str, bool], str]] = {
    ("male", True): "建国军华明强平刚勇斌志文德福贵荣权兵松江山龙云洪祥永春胜民成林忠海波",
    ("male", False): "伟磊杰涛超辉鹏飞鑫宁峰东俊浩宇轩博晨亮然帅凯翔睿哲阳航毅恒健",
    ("female", True): "秀英兰芳桂玉珍凤梅红霞艳丽琼萍燕华琴敏娟英素淑芬莲春菊",
    ("female", False): "娜静婷雪慧洁颖倩晶丹蓉莉薇佳欣悦怡雯璐妍琳瑶萱蕾媛婧彤",
}

# Resident-ID region codes (first six digits), mostly Renhuai and Zunyi,
# some Guiyang and a few from elsewhere, with weights.
_REGIONS: Final[tuple[tuple[str, int], ...]] = (
    ("520382", 55),  # 仁怀市
    ("520302", 6),  # 遵义市红花岗区
    ("520303", 5),  # 遵义市汇川区
    ("520304", 3),  # 遵义市播州区
    ("520381", 3),  # 赤水市
    ("520330", 3),  # 习水县
    ("520102", 4),  # 贵阳市南明区
    ("520103", 4),  # 贵阳市云岩区
    ("520115", 3),  # 贵阳市观山湖区
    ("520502", 2),  # 毕节市七星关区
    ("510107", 2),  # 成都市武侯区
    ("500103", 2),  # 重庆市渝中区
    ("440305", 1),  # 深圳市南山区
    ("110105", 1),  # 北京市朝阳区
)

_MOBILE_PREFIXES: Final = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
    "155", "156", "157", "158", "159", "166", "176", "177", "180", "181", "182", "183",
    "185", "186", "187", "188", "189", "191", "198", "199",
)  # fmt: skip
_EMAIL_DOMAINS: Final = ("example.com", "example.net", "example.org")  # never deliverable

_TOWNS: Final = ("中枢街道", "盐津街道", "苍龙街道", "坛厂街道", "鲁班街道", "茅台镇", "高大坪街道")
_ROADS: Final = (
    "国酒大道", "酒都大道", "迎宾大道", "东门河路", "银滩路", "中华路", "环城北路", "河滨路",
)  # fmt: skip
_ESTATES: Final = (
    "酒都新城", "国酒新城", "盐津河畔", "天悦府", "翡翠湾", "银河小区", "名城华府", "江山一品",
)  # fmt: skip
_OTHER_CITIES: Final = (
    "贵州省遵义市汇川区上海路",
    "贵州省遵义市红花岗区中华南路",
    "贵州省贵阳市观山湖区长岭北路",
    "贵州省贵阳市南明区遵义路",
)

# occupation: (weight, income weights, education weights, honorific, AUM shift)
# income weights follow vocab.IncomeBand order; education follows vocab.Education.
_OCCUPATIONS: Final[dict[str, tuple[int, tuple[int, ...], tuple[int, ...], str, float]]] = {
    "企业主": (14, (5, 25, 35, 25, 10), (30, 30, 28, 11, 1), "总", 0.2),
    "公司高管": (12, (5, 35, 40, 17, 3), (3, 15, 50, 28, 4), "总", 0.0),
    "个体工商户": (16, (30, 45, 20, 5, 0), (60, 30, 10, 0, 0), "老板", 0.1),
    "医生": (6, (25, 55, 18, 2, 0), (0, 10, 45, 35, 10), "医生", 0.0),
    "教师": (8, (55, 42, 3, 0, 0), (0, 15, 65, 18, 2), "老师", 0.0),
    "律师": (2, (15, 45, 30, 9, 1), (0, 5, 60, 32, 3), "律师", 0.0),
    "公务员": (9, (55, 42, 3, 0, 0), (0, 15, 60, 23, 2), "", 0.0),
    "金融从业者": (5, (20, 50, 25, 5, 0), (0, 10, 60, 28, 2), "", 0.0),
    "工程师": (6, (40, 50, 9, 1, 0), (0, 25, 55, 17, 3), "工", 0.0),
    "酿酒师": (5, (25, 55, 18, 2, 0), (30, 45, 22, 3, 0), "师傅", 0.1),
    "自由职业": (6, (45, 35, 15, 4, 1), (25, 35, 32, 7, 1), "", 0.0),
    "退休人员": (0, (75, 22, 3, 0, 0), (50, 28, 18, 3, 1), "", 0.5),
}
_INCOME_BANDS: Final = tuple(IncomeBand)
_EDUCATIONS: Final = tuple(Education)
# log-AUM shift per income band: income drives savings, with lots of noise.
_INCOME_SHIFT: Final = (-0.8, -0.2, 0.4, 1.1, 1.8)

_EMPLOYERS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "公司高管": (
        ("贵州茅台酒股份有限公司", "酒类制造"),
        ("贵州国台酒业集团股份有限公司", "酒类制造"),
        ("仁怀市国有资产投资经营有限公司", "投资"),
        ("中国移动通信集团贵州有限公司仁怀分公司", "通信"),
        ("仁怀市城市开发建设投资经营有限责任公司", "建筑业"),
    ),
    "医生": (
        ("仁怀市人民医院", "卫生"),
        ("仁怀市中医院", "卫生"),
        ("仁怀新朝阳医院", "卫生"),
        ("遵义医科大学附属医院", "卫生"),
    ),
    "教师": (
        ("仁怀市第一中学", "教育"),
        ("仁怀市第四中学", "教育"),
        ("仁怀市实验学校", "教育"),
        ("茅台学院", "教育"),
        ("仁怀市中枢第一小学", "教育"),
    ),
    "律师": (
        ("贵州酒都律师事务所", "法律服务"),
        ("贵州黔仁律师事务所", "法律服务"),
    ),
    "公务员": (
        ("仁怀市财政局", "公共管理"),
        ("国家税务总局仁怀市税务局", "公共管理"),
        ("仁怀市自然资源局", "公共管理"),
        ("仁怀市市场监督管理局", "公共管理"),
        ("仁怀市人民法院", "公共管理"),
    ),
    "金融从业者": (
        ("华创证券仁怀营业部", "金融"),
        ("中国人寿仁怀支公司", "金融"),
        ("贵州仁怀农村商业银行", "金融"),
    ),
    "工程师": (
        ("贵州电网仁怀供电局", "电力"),
        ("中国电信仁怀分公司", "通信"),
        ("仁怀市水务投资有限公司", "水务"),
    ),
    "酿酒师": (
        ("贵州茅台酒股份有限公司", "酒类制造"),
        ("贵州国台酒业集团股份有限公司", "酒类制造"),
        ("贵州钓鱼台国宾酒业有限公司", "酒类制造"),
    ),
}
_SHOPS: Final = (("酒行", "批发零售"), ("超市", "批发零售"), ("火锅店", "住宿餐饮"),
                 ("茶庄", "批发零售"), ("建材店", "批发零售"), ("宾馆", "住宿餐饮"))  # fmt: skip

_COMPANY_PREFIX: Final = ("仁怀市", "贵州", "遵义市", "贵州仁怀")
_COMPANY_CORE: Final = (
    "茅乡", "酱香", "赤水河", "盐津", "怀庄", "金酱", "醉美", "黔北", "鸿运", "鼎盛",
    "汇通", "华泰", "恒远", "兴旺", "永昌", "富源", "天和", "瑞丰", "宏达", "云峰",
    "坛厂", "美酒河", "酒都", "龙腾", "国粹",
)  # fmt: skip
_COMPANY_TRADE: Final = (
    ("酒业", "酒类制造"), ("酿酒", "酒类制造"), ("酒类销售", "批发零售"),
    ("包装材料", "制造业"), ("物流", "交通运输"), ("房地产开发", "房地产"),
    ("建筑工程", "建筑业"), ("商贸", "批发零售"), ("餐饮管理", "住宿餐饮"),
    ("农业开发", "农林牧渔"), ("旅游开发", "文化旅游"), ("医药", "医药"), ("科技", "信息技术"),
)  # fmt: skip
_COMPANY_FORM: Final = ("有限公司", "有限责任公司", "股份有限公司", "集团有限公司")
_OWNERSHIP: Final = (
    (Ownership.PRIVATE, 70), (Ownership.STATE_OWNED, 12), (Ownership.JOINT_VENTURE, 7),
    (Ownership.FOREIGN_INVESTED, 6), (Ownership.HK_MACAU_TAIWAN, 5),
)  # fmt: skip
_CREDIT_ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS: Final = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS: Final = (3, 7, 9, 10, 5, 8, 4, 2)
_ID_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK: Final = "10X98765432"

# (name, english name, nationality, gender, passport letter)
_FOREIGNERS: Final = (
    ("陈志明", "Tan Chee Meng", "SGP", "male", "E"),
    ("林美玲", "Lim Mei Ling", "MYS", "female", "A"),
    ("John Smith", "SMITH JOHN", "USA", "male", "5"),
    ("田中一郎", "TANAKA ICHIRO", "JPN", "male", "T"),
    ("金敏俊", "KIM MINJUN", "KOR", "male", "M"),
    ("Anna Müller", "MUELLER ANNA", "DEU", "female", "C"),
    ("David Brown", "BROWN DAVID", "GBR", "male", "1"),
    ("Marie Dubois", "DUBOIS MARIE", "FRA", "female", "1"),
)

_TAGS: Final = (
    "高尔夫", "书画收藏", "企业家俱乐部", "茶文化", "马拉松", "酱香酒收藏", "红酒品鉴",
    "摄影", "钓鱼", "养生", "亲子教育", "海外留学", "旅游", "瑜伽", "太极拳", "慈善公益",
    "户外徒步", "围棋",
)  # fmt: skip
_CLIENT_NOTES: Final = (
    "偏好上午联系，下午常在厂里。", "不喜欢电话推销，微信联系为宜。",
    "子女在国外留学，关注外汇业务。",
    "重要节日需登门拜访。", "对理财收益较敏感，需提前沟通风险。", "喜欢喝茶，拜访可约在茶楼。",
    "配偶也在我行开户，可一并维护。", "近期有购房计划，关注贷款利率。",
)  # fmt: skip
_KEY_TITLES: Final = ("财务总监", "财务经理", "办公室主任", "出纳", "副总经理")

_PRODUCTS: Final = (
    "三年期大额存单", "稳健型理财产品", "农银理财固收增强产品", "年金保险", "黄金积存",
    "基金定投", "家族信托", "养老理财产品", "外币定期存款", "个人经营贷款",
)  # fmt: skip
_TOPICS: Final = (
    "生意经营情况", "子女留学规划", "家庭资产安排", "身体状况", "新厂房建设进度",
    "酱香酒市场行情", "近期出行计划", "孙辈入学问题",
)  # fmt: skip
_ATTITUDES: Final = (
    "有兴趣，需与家人商量", "当场表示有认购意向", "暂不考虑，更关注流动性", "要求提供产品说明书",
)  # fmt: skip
_ISSUES: Final = ("网点排队时间较长", "手机银行转账限额偏低", "理财收益不及预期", "信用卡年费扣收")
_REMINDERS: Final = ("定期存款即将到期", "风险评估即将到期", "身份证有效期", "理财产品到期安排")
_ACTIVITIES: Final = ("高尔夫球会", "健康养生讲座", "书画鉴赏会", "茶文化沙龙", "资产配置策略会")
_FOLLOW_UPS: Final = ("确认产品意向", "送产品资料", "回访满意度", "约下次见面")
_FEEDBACK: Final = ("反馈很好", "希望多办此类活动", "带来一位朋友")
# The seed's visit record (issue 5): what was prepared, the needs found, the
# products discussed; top clients' likes and things to avoid, for the brief.
_PREPARED: Final = (
    "资产配置检视报告", "{product}说明书", "近期市场观察", "客户持仓明细", "伴手礼（茶叶）",
    "理财到期清单", "风险测评问卷",
)  # fmt: skip
_NEEDS: Final = (
    "子女教育金规划", "养老资金安排", "企业流动资金周转", "资产保值增值", "家庭保障", "跨境汇款",
    "大额资金短期存放", "财富传承",
)  # fmt: skip
_PREFERENCES: Final = (
    "喜欢喝茶，拜访可约在茶楼。", "偏好上午联系。", "微信沟通为宜，少打电话。", "喜欢打高尔夫。",
    "关注子女教育话题。", "喜欢书画收藏，可聊艺术品。", "重视节日问候，春节前需登门。",
    "偏好稳健型产品。",
)  # fmt: skip
_AVOID: Final = (
    "不喜欢电话推销。", "忌谈生意上的竞争对手。", "不要在午休时间联系。", "避免推荐高风险产品。",
    "不喜欢拜访时间过长。", "不宜在饭局上谈业务。",
)  # fmt: skip

_VISIT_TEXT: Final[dict[str, tuple[str, ...]]] = {
    "care": (
        "上门拜访{hon}，了解{topic}，客户对我行服务总体满意。",
        "到{hon}公司拜访，聊到{topic}，顺带了解下半年资金安排。",
        "陪{hon}喝茶交流，客户谈到{topic}，约定下次再聚。",
    ),
    "product": ("拜访{hon}，介绍{product}，客户{attitude}。",),
    "review": ("与{hon}一起检视资产配置，{product}下月到期，建议续作。",),
    "complaint": ("{hon}反映{issue}，当面致歉并协调网点处理，已反馈进展。",),
}
_PHONE_TEXT: Final[dict[str, tuple[str, ...]]] = {
    "care": ("电话问候{hon}，确认近况，提醒{reminder}。",),
    "product": ("电话向{hon}介绍{product}，客户{attitude}。",),
    "review": ("电话回访{hon}，确认{product}收益已到账，客户无异议。",),
}


@dataclass(frozen=True, slots=True)
class _Staff:
    """One demo staff member: fixed so the desk always shows the same team."""

    key: str
    name: str
    level: ManagerLevel
    branch: str
    employee_no: str


_BRANCHES: Final = (
    # (key, code, name, parent key)
    ("main", "520382001", "中国农业银行仁怀市支行", None),
    ("maotai", "520382002", "中国农业银行仁怀茅台支行", "main"),
    ("yanjin", "520382003", "中国农业银行仁怀盐津分理处", "main"),
)
_SIGNED_IN = "m_lina"
_STAFF: Final = (
    _Staff("m_luomin", "罗敏", ManagerLevel.MARKETING_CENTRE, "main", "RH1001"),
    _Staff("m_yangjg", "杨建国", ManagerLevel.BRANCH_LEADER, "main", "RH1002"),
    _Staff("m_zhoulh", "周丽华", ManagerLevel.BRANCH_LEADER, "main", "RH1003"),
    _Staff("m_chenj", "陈静", ManagerLevel.SENIOR_CLIENT_MANAGER, "main", "RH2001"),
    _Staff("m_wanght", "王海涛", ManagerLevel.SENIOR_CLIENT_MANAGER, "main", "RH2002"),
    _Staff("m_liuf", "刘芳", ManagerLevel.SENIOR_CLIENT_MANAGER, "maotai", "RH2003"),
    _Staff("m_shanl", "单磊", ManagerLevel.SENIOR_CLIENT_MANAGER, "main", "RH2004"),
    _Staff(_SIGNED_IN, "李娜", ManagerLevel.CLIENT_MANAGER, "main", "RH3001"),
    _Staff("m_zhangw", "张伟", ManagerLevel.CLIENT_MANAGER, "main", "RH3002"),
    _Staff("m_huangt", "黄婷", ManagerLevel.CLIENT_MANAGER, "main", "RH3003"),
    _Staff("m_wuh", "吴昊", ManagerLevel.CLIENT_MANAGER, "maotai", "RH3004"),
    _Staff("m_xud", "徐丹", ManagerLevel.CLIENT_MANAGER, "maotai", "RH3005"),
    _Staff("m_zengh", "曾浩然", ManagerLevel.CLIENT_MANAGER, "yanjin", "RH3006"),
    _Staff("m_mal", "马丽", ManagerLevel.CLIENT_MANAGER, "yanjin", "RH3007"),
    _Staff("m_zhuzh", "朱子豪", ManagerLevel.CLIENT_MANAGER, "main", "RH3008"),
)

# Per tier: (importance weights A/B/C, tag probability, visit cadence in days
# or 0, extra contacts range, follow-up probability).
_TIER_CARE: Final[dict[str, tuple[tuple[int, int, int], float, int, tuple[int, int], float]]] = {
    Tier.PRIVATE: ((100, 0, 0), 0.9, 30, (8, 14), 0.6),
    Tier.DIAMOND: ((80, 20, 0), 0.75, 40, (5, 9), 0.5),
    Tier.PLATINUM: ((30, 60, 10), 0.5, 90, (2, 5), 0.4),
    Tier.GOLD: ((0, 40, 60), 0.3, 0, (1, 4), 0.25),
    Tier.STANDARD: ((0, 10, 90), 0.1, 0, (0, 2), 0.1),
}
_HIGH_TIERS: Final = (Tier.PRIVATE, Tier.DIAMOND, Tier.PLATINUM)

# A logged greeting's channel and cost, by a word of its summary: (word, channel,
# lowest and highest cost in tens of yuan).
_GREETING_COSTS: Final = (
    ("贺卡", "card", 1, 3), ("礼盒", "gift", 30, 80), ("蛋糕", "cake", 15, 40),
    ("鲜花", "flowers", 15, 30),
)  # fmt: skip

# This week's greetings (issue 6), per manager with a book: (days from today,
# what to place). Birthdays within three days show in my day, the rest in the
# agenda; a lunar birthday falls on its lunar date, a key contact's too.
_GREETING_WEEK: Final = (
    (1, "birthday"), (2, "lunar_birthday"), (2, "wedding"), (3, "contact_birthday"),
    (5, "birthday"),
)  # fmt: skip

# (title, tag that picks invitees, location, start minute, minutes, weekday or -1)
_CLUB_EVENTS: Final = (
    ("贵宾客户高尔夫球会", "高尔夫", "贵阳高尔夫俱乐部", 9 * 60, 420, 5),
    ("健康养生讲座", "养生", "仁怀市支行三楼贵宾厅", 14 * 60 + 30, 120, -1),
    ("书画鉴赏会", "书画收藏", "仁怀市文化馆二楼展厅", 14 * 60, 180, -1),
    ("茶文化沙龙", "茶文化", "盐津河畔茶舍", 14 * 60 + 30, 150, -1),
    ("{year}年宏观经济与资产配置策略会", "企业家俱乐部", "仁怀国酒大酒店会议厅",
     9 * 60 + 30, 180, -1),
    ("女性客户插花沙龙", "", "仁怀市支行三楼贵宾厅", 15 * 60, 120, -1),
)


def _cum(weights: Sequence[float]) -> list[float]:
    return list(accumulate(weights))


_SURNAME_NAMES: Final = [s for s, _ in _SURNAMES]
_SURNAME_CUM: Final = _cum([w for _, w in _SURNAMES])
_REGION_CODES: Final = [r for r, _ in _REGIONS]
_REGION_CUM: Final = _cum([w for _, w in _REGIONS])
_OCC_WORKING: Final = [o for o, v in _OCCUPATIONS.items() if v[0] > 0]
_OCC_CUM: Final = _cum([_OCCUPATIONS[o][0] for o in _OCC_WORKING])
_OWN_CUM: Final = _cum([w for _, w in _OWNERSHIP])


def _resident_id(region: str, birth: date, gender: str, serial: int) -> str:
    """An 18-digit resident ID number with its ISO 7064 MOD 11-2 check digit.

    The 17th digit is odd for men and even for women, as GB 11643 requires,
    so the number agrees with the client's gender and birth date.
    """
    digit = serial % 5 * 2 + (1 if gender == Gender.MALE else 0)
    body = f"{region}{birth:%Y%m%d}{serial // 5 % 100:02d}{digit}"
    total = sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True))
    return body + _ID_CHECK[total % 11]


def _credit_code(rng: random.Random, region: str) -> str:
    """A unified social credit code: 91 (company), region, organisation code, check.

    The embedded organisation code carries its own GB 11714 check digit, and
    the 18th character is the GB 32100 check, so both validators accept it.
    """
    org = "".join(rng.choice(_CREDIT_ALPHABET[:10] + "ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    org_sum = sum(_CREDIT_ALPHABET.index(ch) * w for ch, w in zip(org, _ORG_WEIGHTS, strict=True))
    org_check = 11 - org_sum % 11
    org += "X" if org_check == 10 else "0" if org_check == 11 else str(org_check)
    body = f"91{region}{org}"
    total = sum(_CREDIT_ALPHABET.index(ch) * w for ch, w in zip(body, _CREDIT_WEIGHTS, strict=True))
    return body + _CREDIT_ALPHABET[(31 - total % 31) % 31]


@dataclass(slots=True)
class _Book:
    """What later stages need to know about one generated client."""

    id: str
    row: dict[str, Any]
    hon: str
    tier: str
    owner: str
    age: int = 0
    surname: str = ""
    tags: tuple[str, ...] = ()
    linked: bool = False
    lead_contact: dict[str, Any] | None = None


@dataclass(slots=True)
class _Chunk:
    """Rows of one chunk, per table, in foreign-key order."""

    client: list[dict[str, Any]] = field(default_factory=list)
    client_tag: list[dict[str, Any]] = field(default_factory=list)
    client_relation: list[dict[str, Any]] = field(default_factory=list)
    key_contact: list[dict[str, Any]] = field(default_factory=list)
    interaction: list[dict[str, Any]] = field(default_factory=list)
    interaction_participant: list[dict[str, Any]] = field(default_factory=list)
    task: list[dict[str, Any]] = field(default_factory=list)


def _age(book: _Book) -> int:
    return book.age


def _blank(table: Table) -> dict[str, Any]:
    """Every column of `table` set to None, so all rows of a batch share keys."""
    return {column.name: None for column in table.columns}


class _Generator:
    """Holds the seeded generators and the running state of one fill."""

    def __init__(self, store: Store, seed: int, stamp: int) -> None:
        self.rng = random.Random(seed)
        # The fields added by issue 5 draw from their own generator, so the
        # rows the main one makes stay exactly what they were for a seed.
        self.extra = random.Random(f"clientdesk-demo-visit-record:{seed}")
        # This week's greetings (issue 6) pick clients with a generator of their own too.
        self.greeting_pick = random.Random(f"clientdesk-demo-greetings:{seed}")
        self.greeting_cost = random.Random(f"clientdesk-demo-greeting-cost:{seed}")
        #: Resident ID numbers handed out, so no two clients share one.
        self.id_numbers: set[str] = set()
        self.now = clock.now()
        self.today = self.now.astimezone(_ZONE).date()
        now_ms = int(self.now.timestamp() * 1000)
        # A separate generator for ids, salted with the fill's clock stamp:
        # the same seed on a fresh store gives the same ids, and a second
        # `force` fill of the same seed into one store cannot collide.
        self.ids = _Ids(random.Random(f"clientdesk-demo-ids:{seed}:{stamp}"), now_ms)
        self.sync = {"deleted": False}
        self.staff_ids: dict[str, str] = {}
        self.staff_branch: dict[str, str] = {}
        self.level_of: dict[str, ManagerLevel] = {}
        self.name_of: dict[str, str] = {}
        self.seniors: list[str] = []
        self.juniors: list[str] = []
        self.leaders: list[str] = []
        self.marketing: list[str] = []
        self.signed_in = ""
        self.junior_cum: list[float] = []
        self.junior_cum_rich: list[float] = []
        self._midnights: dict[date, datetime] = {}
        self._blank_client = _blank(Client.__table__)  # type: ignore[arg-type]
        # Bounded across chunks: each manager's biggest clients, for the calendar.
        self.top_by_owner: dict[str, list[tuple[int, str, str, str, str]]] = {}
        self.top_tagged: dict[str, list[tuple[int, str, str]]] = {}
        self.top_women: list[tuple[int, str, str]] = []
        self.counts = {"interaction": 0, "task": 0}
        self.festivals = self.past_festivals()
        #: This week's birthdays and anniversaries are placed once, in the first chunk.
        self.week_placed = False

    def past_festivals(self) -> list[tuple[date, str]]:
        """The festivals of the last year that the history greets clients on."""
        from store.festivals import festival_date

        found = []
        for year in (self.today.year - 1, self.today.year):
            for occasion, name in (
                ("new_year", "元旦"), ("spring_festival", "春节"), ("mid_autumn", "中秋"),
                ("national_day", "国庆"), ("christmas", "圣诞"),
            ):  # fmt: skip
                when = festival_date(occasion, year)
                if 1 <= (self.today - when).days <= 364:
                    found.append((when, name))
        return found

    # --- small helpers ------------------------------------------------------

    def row(self, **values: Any) -> dict[str, Any]:
        """A synced row with a fresh deterministic id (`insert_rows` stamps it)."""
        return {"id": self.ids(), **self.sync, **values}

    def at(self, day: date, minute: int) -> datetime:
        """`minute` after local midnight of `day` in Asia/Shanghai, as aware UTC."""
        midnight = self._midnights.get(day)
        if midnight is None:
            midnight = datetime.combine(day, time(0), _ZONE).astimezone(UTC)
            self._midnights[day] = midnight
        return midnight + timedelta(minutes=minute)

    def mobile(self) -> str:
        return self.rng.choice(_MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def person_name(self, gender: str, older: bool) -> tuple[str, str]:
        """(surname, full name): surname by frequency, 1 or 2 given characters."""
        rng = self.rng
        surname = rng.choices(_SURNAME_NAMES, cum_weights=_SURNAME_CUM)[0]
        pool = _GIVEN[(gender, older)]
        first = rng.choice(pool)
        if rng.random() < 0.3:
            return surname, surname + first
        second = rng.choice(pool)
        while second == first and rng.random() < 0.9:
            second = rng.choice(pool)
        return surname, surname + first + second

    def workday_back(self, days_back: int) -> int:
        """`days_back` moved off a weekend, staying inside 1..364 days ago."""
        weekday = (self.today - timedelta(days=days_back)).weekday()
        if weekday >= 5:
            shift = weekday - 4  # back to Friday
            days_back = days_back + shift if days_back + shift <= 364 else days_back - (7 - weekday)
        return days_back

    def address(self) -> str:
        rng = self.rng
        if rng.random() < 0.15:
            return f"{rng.choice(_OTHER_CITIES)}{rng.randint(1, 300)}号"
        return (
            f"贵州省仁怀市{rng.choice(_TOWNS)}{rng.choice(_ROADS)}{rng.randint(1, 399)}号"
            f"{rng.choice(_ESTATES)}{rng.randint(1, 30)}栋{rng.randint(1, 3)}单元"
            f"{rng.randint(2, 32)}{rng.randint(1, 4):02d}室"
        )

    # --- organisation -------------------------------------------------------

    def organisation(
        self, conn: Connection
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Branch and manager rows to insert; existing demo ones are reused."""
        codes = [code for _, code, _, _ in _BRANCHES]
        existing_branches: dict[str, str] = {
            code: branch_id
            for code, branch_id in conn.execute(
                select(Branch.code, Branch.id).where(
                    Branch.code.in_(codes), Branch.deleted.is_(False)
                )
            )
        }
        branch_ids: dict[str, str] = {}
        branches: list[dict[str, Any]] = []
        for key, code, name, parent in _BRANCHES:
            if code in existing_branches:
                branch_ids[key] = existing_branches[code]
                continue
            row = self.row(
                code=code, name=name, parent_id=branch_ids[parent] if parent else None
            )
            branch_ids[key] = row["id"]
            branches.append(row)
        numbers = [staff.employee_no for staff in _STAFF]
        existing_staff: dict[str, str] = {
            number: manager_id
            for number, manager_id in conn.execute(
                select(Manager.employee_no, Manager.id).where(
                    Manager.employee_no.in_(numbers), Manager.deleted.is_(False)
                )
            )
        }
        managers: list[dict[str, Any]] = []
        for staff in _STAFF:
            phone = self.mobile()  # drawn either way so reuse does not shift the data
            if staff.employee_no in existing_staff:
                manager_id = existing_staff[staff.employee_no]
            else:
                full, _ = name_search_keys(staff.name)
                row = self.row(
                    employee_no=staff.employee_no,
                    name=staff.name,
                    level=staff.level.value,
                    branch_id=branch_ids[staff.branch],
                    phone=phone,
                    email=f"{full}.{staff.employee_no.lower()}@renhuai.example.com",
                )
                manager_id = row["id"]
                managers.append(row)
            self.staff_ids[staff.key] = manager_id
            self.staff_branch[manager_id] = branch_ids[staff.branch]
            self.level_of[manager_id] = staff.level
            self.name_of[manager_id] = staff.name
        self.seniors = [self.staff_ids[s.key] for s in _STAFF if s.level.rank == 2]
        self.juniors = [self.staff_ids[s.key] for s in _STAFF if s.level.rank == 1]
        self.leaders = [self.staff_ids[s.key] for s in _STAFF if s.level.rank == 3]
        self.marketing = [self.staff_ids[s.key] for s in _STAFF if s.level.rank == 4]
        self.signed_in = self.staff_ids[_SIGNED_IN]
        # The signed-in manager gets a larger, richer book so the demo desk is busy.
        self.junior_cum = _cum([1.6 if m == self.signed_in else 1.0 for m in self.juniors])
        self.junior_cum_rich = _cum([3.0 if m == self.signed_in else 1.0 for m in self.juniors])
        for manager_id in self.seniors + self.juniors:
            self.top_by_owner[manager_id] = []
        return branches, managers

    def owner_for(self, tier: str) -> str:
        """Private and diamond clients belong to senior managers (DESIGN.md §1)."""
        rng = self.rng
        if tier in (Tier.PRIVATE, Tier.DIAMOND) or (tier == Tier.PLATINUM and rng.random() < 0.5):
            return rng.choice(self.seniors)
        cum = self.junior_cum_rich if tier == Tier.PLATINUM else self.junior_cum
        return rng.choices(self.juniors, cum_weights=cum)[0]

    # --- clients ------------------------------------------------------------

    def _money(self, log_median_yuan: float, sigma: float) -> int:
        """A lognormal amount in integer fen: floats stop here, once."""
        yuan = math.exp(log_median_yuan + self.rng.gauss(0.0, sigma))
        yuan = min(max(yuan, 10_000.0), 2_000_000_000.0)
        return round(yuan * 100)

    def _finish_client(self, row: dict[str, Any], aum_fen: int) -> tuple[str, str]:
        """Tier, importance, owner, contribution, risk: fields every client needs."""
        rng = self.rng
        tier = tier_for_aum(aum_fen)
        care = _TIER_CARE[tier]
        owner = self.owner_for(tier)
        risk_weights = (10, 30, 35, 18, 7) if tier not in _HIGH_TIERS else (5, 20, 40, 25, 10)
        row.update(
            tier=tier,
            importance=rng.choices("ABC", weights=care[0])[0],
            aum_fen=aum_fen,
            # The bank earns roughly 0.3 % to 1.5 % a year on what a client holds.
            contribution_fen=aum_fen * rng.randint(30, 150) // 10_000,
            owner_manager_id=owner,
            branch_id=self.staff_branch[owner],
            risk_level=rng.choices(tuple(RiskLevel), weights=risk_weights)[0].value,
            risk_assessed_on=self.today - timedelta(days=rng.randint(0, 729)),
            status=(
                ClientStatus.DORMANT.value
                if rng.random() < (0.06 if tier == Tier.STANDARD else 0.02)
                else ClientStatus.ACTIVE.value
            ),
            notes=rng.choice(_CLIENT_NOTES) if rng.random() < 0.12 else None,
            customer_no=f"5203820{rng.randrange(10**9):09d}",
        )
        return tier, owner

    def individual(self) -> _Book:
        rng = self.rng
        row = dict(self._blank_client)
        row.update(self.sync)
        row["id"] = self.ids()
        age = min(80, max(25, round(rng.gauss(50, 11))))
        birth = self.today - timedelta(days=age * 365 + age // 4 + rng.randrange(365))
        foreign = rng.random() < 0.01
        if foreign:
            name, english, nationality, gender, letter = rng.choice(_FOREIGNERS)
            surname = name[0]
            id_type, id_number = IdType.PASSPORT.value, f"{letter}{rng.randrange(10**8):08d}"
        else:
            gender = Gender.MALE.value if rng.random() < 0.5 else Gender.FEMALE.value
            surname, name = self.person_name(gender, older=age >= 50)
            english, nationality = None, "CHN"
            if rng.random() < 0.006:
                id_type = IdType.HK_MACAU_PERMIT.value
                id_number = f"H{rng.randrange(10**8):08d}"
            else:
                id_type = IdType.RESIDENT_ID.value
                region = rng.choices(_REGION_CODES, cum_weights=_REGION_CUM)[0]
                id_number = self.unique_resident_id(region, birth, gender, rng.randrange(500))
        retire_age = 60 if gender == Gender.MALE else 55
        if age >= retire_age and rng.random() < (0.85 if age >= retire_age + 5 else 0.5):
            occupation = "退休人员"
        else:
            occupation = rng.choices(_OCC_WORKING, cum_weights=_OCC_CUM)[0]
        _, income_w, edu_w, hon_word, occ_shift = _OCCUPATIONS[occupation]
        band = rng.choices(range(5), weights=income_w)[0]
        education = rng.choices(_EDUCATIONS, weights=edu_w)[0].value
        employer, industry = self.employer(occupation)
        if age < 30:
            marital = rng.choices(tuple(MaritalStatus), weights=(55, 43, 2, 0))[0]
        elif age < 65:
            marital = rng.choices(tuple(MaritalStatus), weights=(5, 85, 8, 2))[0]
        else:
            marital = rng.choices(tuple(MaritalStatus), weights=(1, 74, 5, 20))[0]
        wedding = None
        if marital == MaritalStatus.MARRIED:
            wed_age = rng.randint(22, min(age, 35))
            wedding = birth + timedelta(days=wed_age * 365 + rng.randrange(365))
            if wedding >= self.today:
                wedding = self.today - timedelta(days=rng.randint(30, 300))
        email = None
        if rng.random() < (0.25 + 0.1 * _EDUCATIONS.index(Education(education))):
            full, _ = name_search_keys(name)
            email = f"{full}{rng.randint(1, 999)}@{rng.choice(_EMAIL_DOMAINS)}"
        # Median about 40万 yuan; with this spread roughly the top fifth of
        # clients hold four fifths of the assets, as the seed notes describe.
        aum = self._money(math.log(400_000) + _INCOME_SHIFT[band] + occ_shift - 0.1, 1.45)
        full, initials = name_search_keys(name)
        row.update(
            kind=ClientKind.INDIVIDUAL.value,
            name=name,
            name_pinyin=full,
            name_initials=initials,
            english_name=english,
            gender=gender,
            birth_date=birth,
            birthday_lunar=rng.random() < 0.3 and not foreign,
            nationality=nationality,
            id_type=id_type,
            id_number=id_number,
            phone=self.mobile(),
            email=email,
            address=self.address(),
            occupation=occupation,
            employer=employer,
            industry=industry,
            income_band=_INCOME_BANDS[band].value,
            education=education,
            marital_status=marital.value,
            wedding_date=wedding,
        )
        tier, owner = self._finish_client(row, aum)
        if foreign:
            # 陈志明先生, Smith先生: foreigners are addressed by full or family name.
            hon = (name if not name.isascii() else name.split()[-1]) + (
                "先生" if gender == Gender.MALE else "女士"
            )
        elif hon_word:
            hon = surname + hon_word
        else:
            hon = surname + ("先生" if gender == Gender.MALE else "女士")
        return _Book(row["id"], row, hon, tier, owner, age=age, surname=surname)

    def employer(self, occupation: str) -> tuple[str | None, str | None]:
        rng = self.rng
        if occupation in ("退休人员", "自由职业"):
            return None, None
        if occupation == "企业主" or (occupation == "公司高管" and rng.random() < 0.5):
            return self.company_name()
        if occupation == "个体工商户":
            shop, industry = rng.choice(_SHOPS)
            return f"仁怀市{rng.choice(_TOWNS)}{rng.choice(_COMPANY_CORE)}{shop}", industry
        return rng.choice(_EMPLOYERS[occupation])

    def company_name(self) -> tuple[str, str]:
        rng = self.rng
        trade, industry = rng.choice(_COMPANY_TRADE)
        name = (
            f"{rng.choice(_COMPANY_PREFIX)}{rng.choice(_COMPANY_CORE)}{trade}"
            f"{rng.choice(_COMPANY_FORM)}"
        )
        return name, industry

    def unique_resident_id(self, region: str, birth: date, gender: str, serial: int) -> str:
        """A resident ID no other client has: on a clash, the next serial.

        Stepping the serial (rather than drawing again) leaves the random
        stream, and so every other generated value, as it was.
        """
        for step in range(500):
            number = _resident_id(region, birth, gender, (serial + step) % 500)
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number
        raise RuntimeError(f"no resident ID left for {region} {birth} {gender}")

    def corporate(self, chunk: _Chunk) -> _Book:
        rng = self.rng
        row = dict(self._blank_client)
        row.update(self.sync)
        row["id"] = self.ids()
        name, industry = self.company_name()
        ownership = rng.choices(_OWNERSHIP, cum_weights=_OWN_CUM)[0][0]
        code = _credit_code(rng, rng.choices(_REGION_CODES[:6], weights=(80, 5, 5, 4, 3, 3))[0])
        gender = rng.choice((Gender.MALE.value, Gender.MALE.value, Gender.FEMALE.value))
        _, legal_rep = self.person_name(gender, older=rng.random() < 0.5)
        full, initials = name_search_keys(name, personal=False)
        row.update(
            kind=ClientKind.CORPORATE.value,
            name=name,
            name_pinyin=full,
            name_initials=initials,
            gender=Gender.UNKNOWN.value,
            birthday_lunar=False,
            nationality="CHN",
            id_type=IdType.CREDIT_CODE.value,
            id_number=code,
            credit_code=code,
            legal_representative=legal_rep,
            ownership=ownership.value,
            phone=self.mobile(),
            address=(
                f"贵州省仁怀市{rng.choice(('名酒工业园区', '坛厂街道', '茅台镇', '苍龙街道'))}"
                f"{rng.choice(_ROADS)}{rng.randint(1, 500)}号"
            ),
            industry=industry,
        )
        aum = self._money(math.log(2_500_000), 1.5)
        tier, owner = self._finish_client(row, aum)
        # The legal representative first, then one or two more key contacts.
        titles = [rng.choice(("董事长", "总经理")), *rng.sample(_KEY_TITLES, rng.randint(0, 2))]
        first = len(chunk.key_contact)
        for position, title in enumerate(titles):
            contact_gender = gender if position == 0 else rng.choice(("male", "female"))
            contact_age = rng.randint(30, 62)
            contact_name = (
                legal_rep
                if position == 0
                else self.person_name(contact_gender, contact_age >= 50)[1]
            )
            chunk.key_contact.append(
                self.row(
                    client_id=row["id"],
                    name=contact_name,
                    title=title,
                    phone=self.mobile(),
                    birth_date=self.today
                    - timedelta(days=contact_age * 365 + rng.randrange(365)),
                    birthday_lunar=rng.random() < 0.3,
                    notes=(
                        "圣诞节需寄送贺卡。"
                        if ownership in (Ownership.FOREIGN_INVESTED, Ownership.JOINT_VENTURE)
                        and position == 0
                        else None
                    ),
                )
            )
        short = name.removeprefix("贵州仁怀").removeprefix("仁怀市").removeprefix("贵州")
        short = short.removeprefix("遵义市")[:4]
        return _Book(row["id"], row, short, tier, owner, lead_contact=chunk.key_contact[first])

    def tags(self, book: _Book, chunk: _Chunk) -> None:
        rng = self.rng
        if book.row["kind"] == ClientKind.CORPORATE or rng.random() >= _TIER_CARE[book.tier][1]:
            return
        book.tags = tuple(rng.sample(_TAGS, rng.choices((1, 2, 3, 4), weights=(4, 4, 2, 1))[0]))
        chunk.client_tag.extend(self.row(client_id=book.id, tag=tag) for tag in book.tags)

    def relations(self, books: list[_Book], chunk: _Chunk) -> None:
        """Spouses, company executives/shareholders, referrals, parents."""
        rng = self.rng
        people = [b for b in books if b.row["kind"] == ClientKind.INDIVIDUAL]

        def relate(a: _Book, b: _Book, kind: RelationKind, note: str | None = None) -> None:
            chunk.client_relation.append(
                self.row(from_client_id=a.id, to_client_id=b.id, kind=kind.value, note=note)
            )

        # Spouses: married men and women of similar age, one row per couple.
        married = [b for b in people if b.row["marital_status"] == MaritalStatus.MARRIED]
        men = sorted((b for b in married if b.row["gender"] == Gender.MALE), key=_age)
        women = sorted((b for b in married if b.row["gender"] == Gender.FEMALE), key=_age)
        j = 0
        for husband in men:
            while j < len(women) and women[j].age < husband.age - 6:
                j += 1
            if j >= len(women):
                break
            if women[j].age <= husband.age + 2 and rng.random() < 0.3:
                wife = women[j]
                j += 1
                # A household is one relationship: same address, same manager,
                # the manager of the richer spouse (so tier rules still hold).
                lead = husband if husband.row["aum_fen"] >= wife.row["aum_fen"] else wife
                for spouse in (husband, wife):
                    spouse.row.update(
                        owner_manager_id=lead.owner, branch_id=lead.row["branch_id"]
                    )
                    spouse.owner = lead.owner
                wife.row.update(
                    wedding_date=husband.row["wedding_date"], address=husband.row["address"]
                )
                wife.linked = husband.linked = True
                relate(wife, husband, RelationKind.SPOUSE)

        # Owners and executives of the corporate clients.
        bosses = [b for b in people if b.row["occupation"] == "企业主"]
        execs = [b for b in people if b.row["occupation"] == "公司高管"]
        for company in (b for b in books if b.row["kind"] == ClientKind.CORPORATE):
            if bosses and rng.random() < 0.7:
                boss = bosses.pop(rng.randrange(len(bosses)))
                company.row["legal_representative"] = boss.row["name"]
                if company.lead_contact is not None:
                    company.lead_contact.update(
                        name=boss.row["name"],
                        phone=boss.row["phone"],
                        birth_date=boss.row["birth_date"],
                        birthday_lunar=boss.row["birthday_lunar"],
                    )
                boss.row.update(employer=company.row["name"], industry=company.row["industry"])
                relate(boss, company, RelationKind.SHAREHOLDER, "法定代表人、控股股东")
            if execs and rng.random() < 0.5:
                officer = execs.pop(rng.randrange(len(execs)))
                officer.row.update(employer=company.row["name"], industry=company.row["industry"])
                relate(officer, company, RelationKind.EXECUTIVE, rng.choice(("总经理", "财务总监")))

        # Referrals: a new client introduced by a well-off existing one.
        referrers = [b for b in people if b.tier != Tier.STANDARD]
        if referrers:
            for book in people:
                if rng.random() < 0.05:
                    referrer = rng.choice(referrers)
                    if referrer is not book:
                        note = f"由{referrer.row['name']}介绍"
                        relate(book, referrer, RelationKind.REFERRED_BY, note)

        # Parents and grown-up children who share a surname.
        by_surname: dict[str, list[_Book]] = {}
        for book in people:
            by_surname.setdefault(book.surname, []).append(book)
        for parent in people:
            if parent.age < 55 or rng.random() >= 0.04:
                continue
            for child in by_surname.get(parent.surname, ()):
                if 22 <= parent.age - child.age <= 35 and not child.linked:
                    child.linked = True
                    relate(child, parent, RelationKind.CHILD)
                    break

    # --- contact history ----------------------------------------------------

    def history(self, book: _Book, chunk: _Chunk) -> None:
        """A year of visits, calls, messages and greetings for one client."""
        rng = self.rng
        _, _, cadence, extra_range, follow_p = _TIER_CARE[book.tier]
        dormant = book.row["status"] == ClientStatus.DORMANT
        events: list[tuple[int, str, str]] = []  # (days back, kind, purpose)
        if cadence:
            # Regular visits; some clients' visits stopped a while ago (overdue).
            stop = rng.randint(cadence + cadence // 2, cadence * 3) if rng.random() < 0.12 else 1
            back = rng.randint(max(1, stop), max(1, stop) + cadence // 2)
            while back <= 364:
                purpose = rng.choices(("care", "product", "review", "complaint"), (5, 3, 2, 0.2))[0]
                events.append((self.workday_back(back), InteractionKind.VISIT.value, purpose))
                back += cadence + rng.randint(-cadence // 6, cadence // 6)
        low, high = extra_range
        extra = rng.randint(low, high) // (2 if dormant else 1)
        for _ in range(extra):
            kind = rng.choices(
                (InteractionKind.PHONE, InteractionKind.WECHAT, InteractionKind.SMS,
                 InteractionKind.EMAIL, InteractionKind.VISIT),
                weights=(45, 30, 12, 5, 8 if not cadence else 0),
            )[0].value  # fmt: skip
            purpose = rng.choices(("care", "product", "review"), (4, 4, 2))[0]
            events.append((self.workday_back(rng.randint(1, 364)), kind, purpose))
        if book.tier != Tier.STANDARD and not dormant:
            # Foreign-invested companies get Christmas cards, everyone else
            # Spring Festival and Mid-Autumn greetings (DESIGN.md §1).
            western = book.row["ownership"] in (
                Ownership.FOREIGN_INVESTED, Ownership.JOINT_VENTURE
            )
            wanted = ("圣诞",) if western else ("春节", "中秋")
            for when, festival in self.festivals:
                if festival in wanted and rng.random() < 0.7:
                    back = (self.today - when).days + rng.randint(1, 3)
                    events.append((back, "festival", festival))
            birth = book.row["birth_date"]
            if birth is not None and not book.row["birthday_lunar"] and rng.random() < 0.6:
                try:
                    day = birth.replace(year=self.today.year)
                except ValueError:  # 29 February
                    day = date(self.today.year, 2, 28)
                if day >= self.today:
                    day = day.replace(year=day.year - 1)
                if 1 <= (self.today - day).days <= 364:
                    events.append(((self.today - day).days, "birthday", ""))
        if book.tags and rng.random() < 0.3:
            events.append((self.workday_back(rng.randint(7, 364)), "club", rng.choice(_ACTIVITIES)))
        if not events:
            return
        events = [e for e in events if 1 <= e[0] <= 364]
        events.sort(key=lambda e: -e[0])
        leader_visits = 2 if book.tier in (Tier.PRIVATE, Tier.DIAMOND) else 0
        # A follow-up date hangs off the latest real conversation (visit or call).
        talks = [i for i, e in enumerate(events) if e[1] in ("visit", "phone")]
        last = talks[-1] if talks else -1
        for index, (back, kind, detail) in enumerate(events):
            day = self.today - timedelta(days=back)
            row = self.interaction(book, day, kind, detail)
            if index == last and rng.random() < follow_p:
                follow = day + timedelta(days=rng.randint(7, 45))
                row["next_contact_on"] = follow
                if follow >= self.today - timedelta(days=14):
                    item = rng.choice(_FOLLOW_UPS)
                    row["follow_ups"] = item
                    self.task(
                        chunk,
                        title=f"跟进{book.hon}：{item}",
                        client_id=book.id,
                        assignee_id=book.owner,
                        due_on=follow,
                        source="follow_up",
                        interaction_id=row["id"],
                    )
            chunk.interaction.append(row)
            if row["kind"] in (InteractionKind.VISIT, InteractionKind.EVENT):
                present = [book.owner]
                junior = self.level_of[book.owner].rank == 1
                if junior and book.tier in _HIGH_TIERS and rng.random() < 0.25:
                    present.append(rng.choice(self.seniors))
                if row["kind"] == InteractionKind.VISIT and leader_visits and rng.random() < 0.2:
                    leader_visits -= 1
                    present.append(rng.choice(self.leaders))
                chunk.interaction_participant.extend(
                    self.row(interaction_id=row["id"], manager_id=m,
                             level=self.level_of[m].value)
                    for m in present
                )

    def interaction(self, book: _Book, day: date, kind: str, detail: str) -> dict[str, Any]:
        rng = self.rng
        hon = book.hon
        purpose, summary, outcome, duration = detail, "", None, None
        # Every row of a bulk insert carries the same keys.
        record: dict[str, Any] = dict.fromkeys(("prepared", "needs", "products", "satisfaction"))
        fill = {
            "hon": hon,
            "topic": rng.choice(_TOPICS),
            "product": rng.choice(_PRODUCTS),
            "attitude": rng.choice(_ATTITUDES),
            "issue": rng.choice(_ISSUES),
            "reminder": rng.choice(_REMINDERS),
        }
        if kind == InteractionKind.VISIT:
            summary = rng.choice(_VISIT_TEXT[purpose]).format(**fill)
            duration = rng.choice((30, 45, 60, 60, 90, 120))
            minute = rng.randrange(9 * 60 + 30, 16 * 60 + 30, 15)
            if purpose == Purpose.PRODUCT and rng.random() < 0.3:
                outcome = f"客户认购{fill['product']}{rng.choice((20, 50, 100, 200, 300))}万元。"
            record = self.visit_record(purpose, fill["product"])
        elif kind == InteractionKind.PHONE:
            summary = rng.choice(_PHONE_TEXT[purpose]).format(**fill)
            duration = rng.randint(3, 20)
            minute = rng.randrange(9 * 60, 17 * 60 + 30, 5)
        elif kind in (InteractionKind.WECHAT, InteractionKind.SMS):
            channel = "微信" if kind == InteractionKind.WECHAT else "短信"
            if purpose == Purpose.CARE:
                summary = f"{channel}问候{hon}，聊到{fill['topic']}。"
            else:
                summary = f"{channel}发送{fill['product']}资讯给{hon}，客户已读。"
                purpose = Purpose.PRODUCT.value
            minute = rng.randrange(8 * 60, 21 * 60, 5)
        elif kind == InteractionKind.EMAIL:
            summary = f"邮件发送{day.month}月市场观察及{fill['product']}介绍给{hon}。"
            purpose = Purpose.PRODUCT.value
            minute = rng.randrange(9 * 60, 18 * 60, 5)
        elif kind == "festival":
            if detail == "圣诞":
                kind = InteractionKind.LETTER.value
                summary = f"寄送圣诞贺卡给{hon}，感谢一年来的合作。"
            elif book.tier in (Tier.PRIVATE, Tier.DIAMOND):
                kind = InteractionKind.GIFT.value
                gift = "月饼礼盒" if detail == "中秋" else "新春礼盒"
                summary = f"{detail}前登门为{hon}送上{gift}，转达行领导问候。"
            else:
                kind = rng.choice((InteractionKind.SMS, InteractionKind.WECHAT)).value
                summary = f"{detail}前发送节日祝福给{hon}，祝阖家幸福。"
            purpose = Purpose.GREETING.value
            minute = rng.randrange(8 * 60, 11 * 60, 5)
        elif kind == "birthday":
            if book.tier in (Tier.PRIVATE, Tier.DIAMOND):
                kind = InteractionKind.GIFT.value
                summary = f"{hon}生日，送上{rng.choice(('生日蛋糕', '鲜花'))}并致电祝福。"
            else:
                kind = InteractionKind.GREETING.value
                summary = f"{hon}生日，发送生日祝福短信。"
            purpose = Purpose.GREETING.value
            minute = rng.randrange(8 * 60, 10 * 60, 5)
        else:  # a club activity the client attended
            kind = InteractionKind.EVENT.value
            summary = f"{hon}参加{detail}，{rng.choice(_FEEDBACK)}。"
            purpose = Purpose.CARE.value
            duration = rng.choice((120, 180))
            minute = rng.randrange(9 * 60, 15 * 60, 30)
        self.counts["interaction"] += 1
        channel, cost_fen = (
            self.greeting_sent(kind, summary) if purpose == Purpose.GREETING else (None, None)
        )
        return self.row(
            client_id=book.id,
            kind=kind,
            channel=channel,
            cost_fen=cost_fen,
            occurred_at=self.at(day, minute),
            duration_min=duration,
            purpose=purpose,
            summary=summary,
            outcome=outcome,
            next_contact_on=None,
            recorded_by_id=book.owner,
            follow_ups=None,
            **record,
        )

    def greeting_sent(self, kind: str, summary: str) -> tuple[str | None, int | None]:
        """How a logged greeting went out and what it cost (fen), from what it says.

        Costs come from a generator of their own, so adding them (issue 6)
        left every other value of a seed as it was.
        """
        pick = self.greeting_cost
        for word, channel, low, high in _GREETING_COSTS:
            if word in summary:
                return channel, pick.randint(low, high) * 1000  # whole tens of yuan
        if kind in (InteractionKind.SMS, InteractionKind.GREETING):
            return GreetingChannel.SMS.value, None
        return None, None  # a WeChat message: not one of the seed's greeting channels

    def visit_record(self, purpose: str, product: str) -> dict[str, Any]:
        """A visit's prepared items, needs, products and satisfaction (from `extra`)."""
        extra = self.extra
        prepared = "\n".join(
            item.format(product=product) for item in extra.sample(_PREPARED, extra.randint(1, 3))
        )
        needs = extra.choice(_NEEDS) if extra.random() < 0.7 else None
        products = None
        if purpose in (Purpose.PRODUCT, Purpose.REVIEW) or extra.random() < 0.3:
            others = extra.sample(_PRODUCTS, extra.randint(0, 1))
            products = "、".join(dict.fromkeys((product, *others)))
        satisfaction = None
        if extra.random() < 0.85:  # most visits end by asking
            satisfaction = extra.choices((5, 4, 3, 2), weights=(50, 35, 12, 3))[0]
        return {"prepared": prepared, "needs": needs, "products": products,
                "satisfaction": satisfaction}

    def likes(self, book: _Book) -> None:
        """Preferences and things to avoid for the top clients (the brief shows them)."""
        extra = self.extra
        if book.tier not in (Tier.PRIVATE, Tier.DIAMOND) and not (
            book.tier == Tier.PLATINUM and extra.random() < 0.3
        ):
            return
        book.row["preferences"] = "".join(extra.sample(_PREFERENCES, extra.randint(1, 2)))
        if extra.random() < 0.6:
            book.row["avoid"] = extra.choice(_AVOID)

    def task(self, chunk: _Chunk | list[dict[str, Any]], **values: Any) -> None:
        rng = self.rng
        done = values["due_on"] < self.today and rng.random() < 0.3
        row = self.row(
            status=TaskStatus.DONE.value if done else TaskStatus.OPEN.value,
            snoozed_until=None,
            notes=None,
            role=None,
            **{"interaction_id": None, **values},
        )
        (chunk.task if isinstance(chunk, _Chunk) else chunk).append(row)
        self.counts["task"] += 1

    def remember(self, book: _Book) -> None:
        """Keep a bounded list of the biggest clients for the calendar stage."""
        aum = book.row["aum_fen"]
        entry = (aum, book.id, book.hon, book.row["address"] or "", book.owner)
        heap = self.top_by_owner.get(book.owner)
        if heap is not None:
            (heapq.heappush if len(heap) < 40 else heapq.heappushpop)(heap, entry)
        for tag in book.tags:
            tagged = self.top_tagged.setdefault(tag, [])
            (heapq.heappush if len(tagged) < 40 else heapq.heappushpop)(
                tagged, (aum, book.id, book.owner)
            )
        if book.row["gender"] == Gender.FEMALE and book.tier != Tier.STANDARD:
            (heapq.heappush if len(self.top_women) < 40 else heapq.heappushpop)(
                self.top_women, (aum, book.id, book.owner)
            )

    def chunk(self, size: int) -> _Chunk:
        rng = self.rng
        chunk = _Chunk()
        books = [
            self.corporate(chunk) if rng.random() < 0.05 else self.individual()
            for _ in range(size)
        ]
        self.relations(books, chunk)
        for book in books:
            self.tags(book, chunk)
            self.likes(book)
            chunk.client.append(book.row)
        for book in books:
            self.history(book, chunk)
            if book.row["risk_assessed_on"] < self.today - timedelta(days=365) and (
                book.tier in _HIGH_TIERS
            ):
                self.task(
                    chunk,
                    title=f"重新评估风险承受能力：{book.hon}",
                    client_id=book.id,
                    assignee_id=book.owner,
                    due_on=self.today + timedelta(days=rng.randint(3, 30)),
                    source="manual",
                )
            self.remember(book)
        if not self.week_placed:
            self.week_placed = True
            self.greeting_week(books, chunk)
        return chunk

    # --- this week's greetings ------------------------------------------------

    def greeting_week(self, books: list[_Book], chunk: _Chunk) -> None:
        """Give each manager's book birthdays and anniversaries in the coming week.

        A demo on a fixed date must show greetings (DESIGN.md §1: social
        contact), and a small book's random birth dates often have none in
        a given week. This runs once, after the first chunk's history, with
        its own generator, so every other value a seed gives stays as it
        was. What it moves keeps its year: a birth date (with the ID number
        that encodes it, and last year's birthday greeting), a wedding date,
        a key contact's birth date.
        """
        contacts = {contact["name"] for contact in chunk.key_contact}
        for owner in self.top_by_owner:
            mine = [b for b in books if b.owner == owner and b.tier != Tier.STANDARD]
            people = [
                b for b in mine
                if b.row["kind"] == ClientKind.INDIVIDUAL
                and b.row["id_type"] == IdType.RESIDENT_ID
                and b.row["name"] not in contacts  # a boss's birth date is a contact's too
            ]  # fmt: skip
            companies = [b for b in mine if b.row["kind"] == ClientKind.CORPORATE]
            used: set[str] = set()
            for days, what in _GREETING_WEEK:
                day = self.today + timedelta(days=days)
                if what == "contact_birthday":
                    self.contact_birthday_on(companies, chunk, day)
                    continue
                fits = self.wedding_on if what == "wedding" else self.birthday_on
                lunar = what == "lunar_birthday"
                for book in self.greeting_pick.sample(people, len(people)):
                    if book.id not in used and fits(book, chunk, day, lunar):
                        used.add(book.id)
                        break

    def birthday_on(self, book: _Book, chunk: _Chunk, day: date, lunar: bool) -> bool:
        """Move `book`'s birthday (solar or lunar) onto `day`, same birth year; False if none."""
        from store.lunar import from_lunar, lunar_anniversary, to_lunar

        row = book.row
        born: date = row["birth_date"]
        try:
            if lunar:
                target = to_lunar(day)
                moved = from_lunar(to_lunar(born).year, target.month, target.day)
                if target.leap or lunar_anniversary(moved, target.year) != day:
                    return False
            else:
                moved = born.replace(month=day.month, day=day.day)
        except ValueError:  # a lunar day 30 or 29 February the birth year lacks
            return False
        old_id = row["id_number"]
        serial = int(old_id[14:16]) * 5 + int(old_id[16]) // 2  # as `_resident_id` built it
        row.update(
            birth_date=moved,
            birthday_lunar=lunar,
            id_number=self.unique_resident_id(old_id[:6], moved, row["gender"], serial),
        )
        self.move_birthday_greeting(chunk, book.id, moved, lunar)
        return True

    def move_birthday_greeting(
        self, chunk: _Chunk, client_id: str, born: date, lunar: bool
    ) -> None:
        """Last year's birthday greeting, if the history logged one, onto the new birthday."""
        from store.lunar import anniversaries_between

        past = anniversaries_between(
            born, self.today - timedelta(days=364), self.today - timedelta(days=1), lunar=lunar
        )
        if not past:  # a lunar year is longer than 364 days now and then
            return
        for row in chunk.interaction:
            if row["client_id"] == client_id and row["purpose"] == Purpose.GREETING and (
                "生日" in row["summary"]
            ):
                local = row["occurred_at"].astimezone(_ZONE)
                row["occurred_at"] = self.at(past[-1][1], local.hour * 60 + local.minute)

    def wedding_on(self, book: _Book, chunk: _Chunk, day: date, lunar: bool) -> bool:
        """Move a married client's wedding anniversary onto `day` (same year); False if unfit."""
        wedding: date | None = book.row["wedding_date"]
        if wedding is None or book.linked or wedding.year >= day.year:
            return False  # a spouse shares the date; a wedding this year has no anniversary yet
        try:
            book.row["wedding_date"] = wedding.replace(month=day.month, day=day.day)
        except ValueError:
            return False
        return True

    def contact_birthday_on(self, companies: list[_Book], chunk: _Chunk, day: date) -> None:
        """One company's key contact (not its boss, who may be a client) born on `day`."""
        for company in self.greeting_pick.sample(companies, len(companies)):
            others = [
                contact for contact in chunk.key_contact
                if contact["client_id"] == company.id and contact is not company.lead_contact
            ]  # fmt: skip
            for contact in others:
                born: date = contact["birth_date"]
                if (born.month, born.day) == (2, 29):
                    continue
                contact.update(birth_date=born.replace(month=day.month, day=day.day),
                               birthday_lunar=False)  # fmt: skip
                return

    # --- calendar -----------------------------------------------------------

    def calendar(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        """Upcoming visits, calls and club activities for the next 60 days."""
        rng = self.rng
        events: list[dict[str, Any]] = []
        links: list[dict[str, Any]] = []
        tasks: list[dict[str, Any]] = []
        now_local = self.now.astimezone(_ZONE)
        now_minute = now_local.hour * 60 + now_local.minute

        def add(
            title: str,
            kind: EventKind,
            day: date,
            minute: int,
            length: int,
            owner: str,
            location: str | None,
            clients: Sequence[str],
        ) -> dict[str, Any]:
            row = self.row(
                title=title,
                kind=kind.value,
                starts_at=self.at(day, minute),
                ends_at=self.at(day, minute + length),
                all_day=False,
                location=location,
                notes=None,
                owner_manager_id=owner,
                reminder_min=rng.choice((None, 30, 60, 1440)),
                status=EventStatus.PLANNED.value,
            )
            events.append(row)
            links.extend(self.row(event_id=row["id"], client_id=c) for c in clients)
            return row

        days = [self.today + timedelta(days=n) for n in range(0, 61)]
        workdays = [d for d in days if d.weekday() < 5]
        for manager_id, heap in self.top_by_owner.items():
            book = sorted(heap, reverse=True)
            if not book:
                continue
            weights = [1.0 / (rank + 3) for rank in range(len(book))]
            for day in workdays:
                busy: list[int] = []
                for kind, chance in ((EventKind.VISIT, 0.35), (EventKind.CALL, 0.3)):
                    if rng.random() >= chance:
                        continue
                    _, client_id, hon, address, _ = rng.choices(book, weights=weights)[0]
                    if kind == EventKind.VISIT:
                        minute = rng.choice((9 * 60 + 30, 10 * 60, 14 * 60 + 30, 15 * 60))
                        length, title, place = 60, f"拜访{hon}", address or None
                    else:
                        minute = rng.choice((11 * 60, 11 * 60 + 30, 16 * 60 + 30, 17 * 60))
                        length, title, place = 15, f"电话回访{hon}", None
                    if minute in busy or (day == self.today and minute <= now_minute + 30):
                        continue
                    busy.append(minute)
                    add(title, kind, day, minute, length, manager_id, place, [client_id])
        # Branch leaders visit the biggest clients twice a year; a few fall due now.
        vips = sorted(
            (entry for heap in self.top_by_owner.values() for entry in heap), reverse=True
        )[:12]
        for leader in self.leaders:
            for aum, client_id, hon, address, owner in rng.sample(vips, min(3, len(vips))):
                day = rng.choice(workdays[1:])
                add(f"行领导拜访{hon}", EventKind.VISIT, day, 10 * 60, 90, leader, address,
                    [client_id])  # fmt: skip
                self.task(
                    tasks,
                    title=f"准备行领导拜访资料：{hon}（金融资产{aum // FEN_PER_WAN}万元）",
                    client_id=client_id,
                    assignee_id=owner,
                    due_on=day - timedelta(days=1),
                    source="manual",
                )
        # VIP club activities, spread over the period, invitations by circle.
        later = [d for d in days if d > self.today + timedelta(days=6)]
        for position, (title, tag, place, minute, length, weekday) in enumerate(_CLUB_EVENTS):
            pool = self.top_tagged.get(tag, []) if tag else self.top_women
            if not pool or not later:
                continue
            span = len(later) // len(_CLUB_EVENTS)
            candidates = later[position * span:(position + 1) * span] or later
            fitting = [d for d in candidates if (d.weekday() == weekday if weekday >= 0
                                                 else d.weekday() < 5)] or candidates  # fmt: skip
            day = rng.choice(fitting)
            guests = sorted(pool, reverse=True)[: rng.randint(8, 30)]
            owner = rng.choice(self.marketing + self.leaders)
            title = title.format(year=day.year + 1 if day.month >= 10 else day.year)
            add(title, EventKind.CLUB, day, minute, length, owner, place, [g[1] for g in guests])
            inviters: list[str] = []
            for _, _, guest_owner in guests:
                if guest_owner not in inviters:
                    inviters.append(guest_owner)
            for inviter in inviters:
                self.task(
                    tasks,
                    title=f"邀请客户参加{title}（{day.month}月{day.day}日）",
                    client_id=None,
                    assignee_id=inviter,
                    due_on=max(self.today, day - timedelta(days=7)),
                    source="manual",
                )
        return events, links, tasks


def _demo_change_id(row_id: str) -> str:
    return derived_id("demo-change", row_id)


class _Writer:
    """Bulk inserts through the sync capture, with the fill's one clock stamp."""

    def __init__(self, conn: Connection, store: Store, stamp: int) -> None:
        self.conn, self.store, self.stamp = conn, store, stamp

    def __call__(self, table: Any, rows: list[dict[str, Any]]) -> None:
        """Core executemany in slices of `CHUNK` rows (bounded statement size)."""
        for start in range(0, len(rows), CHUNK):
            insert_rows(self.conn, table.__table__, rows[start:start + CHUNK], self.store,
                        hlc=self.stamp, change_id=_demo_change_id)


def _upsert_meta(conn: Connection, key: str, value: str) -> None:
    """Set a `LocalMeta` value, inserting the key if it is new."""
    result = conn.execute(update(LocalMeta).where(LocalMeta.key == key).values(value=value))
    if result.rowcount == 0:
        conn.execute(LocalMeta.__table__.insert(), [{"key": key, "value": value}])


def fill_demo(
    store: Store,
    *,
    clients: int = 2000,
    seed: int = 1,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Fill `store` with a seeded demo branch, its staff and `clients` clients.

    Refuses (``demo.store_not_empty``) when the store already holds clients,
    unless `force`, in which case the demo is added beside them. `progress`
    is called with (clients written, `clients`) after each chunk. Everything
    is written in one transaction; on any error nothing is.
    """
    if clients < 0:
        raise ValueError("clients must not be negative")
    total_clients = 0
    with store.write() as conn:
        existing = conn.execute(
            select(func.count()).select_from(Client).where(Client.deleted.is_(False))
        ).scalar_one()
        if existing and not force:
            raise ClientdeskError("demo.store_not_empty", count=existing)
        stamp = store.tick()
        gen = _Generator(store, seed, stamp)
        _insert = _Writer(conn, store, stamp)
        branches, managers = gen.organisation(conn)
        _insert(Branch, branches)
        _insert(Manager, managers)
        for start in range(0, clients, CHUNK):
            size = min(CHUNK, clients - start)
            chunk = gen.chunk(size)
            _insert(Client, chunk.client)
            _insert(ClientTag, chunk.client_tag)
            _insert(ClientRelation, chunk.client_relation)
            _insert(KeyContact, chunk.key_contact)
            _insert(Interaction, chunk.interaction)
            _insert(InteractionParticipant, chunk.interaction_participant)
            _insert(Task, chunk.task)
            total_clients += size
            if progress is not None:
                progress(total_clients, clients)
        events, links, tasks = gen.calendar()
        _insert(CalendarEvent, events)
        _insert(EventClient, links)
        _insert(Task, tasks)
        _upsert_meta(conn, "manager_id", gen.signed_in)
        _upsert_meta(conn, "branch_id", gen.staff_branch[gen.signed_in])
        _upsert_meta(conn, "hlc_last", str(store.hlc.last))
    store.manager_id = gen.signed_in
    return DemoSummary(
        branches=len(branches),
        managers=len(managers),
        clients=total_clients,
        interactions=gen.counts["interaction"],
        events=len(events),
        tasks=gen.counts["task"],
        signed_in_manager_id=gen.signed_in,
    )
