"""The closed vocabularies of the domain, as code names stored in the database.

Values are stored as these short English code names (DOMAIN.md), never as
display text; the catalog key for a value is ``"<vocabulary>.<value>"``,
e.g. ``tier.gold`` → 金卡 / Gold, so the UI shows them in either language.
Columns hold plain strings so a later migration can add a value without
rebuilding SQLite tables; `store/` checks values at its edge.
"""

from __future__ import annotations

from enum import StrEnum


class ClientKind(StrEnum):
    INDIVIDUAL = "individual"
    CORPORATE = "corporate"


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"


class IdType(StrEnum):
    RESIDENT_ID = "resident_id"
    PASSPORT = "passport"
    HK_MACAU_PERMIT = "hk_macau_permit"
    TAIWAN_PERMIT = "taiwan_permit"
    CREDIT_CODE = "credit_code"


class ManagerLevel(StrEnum):
    """Staff levels; the integer rank orders authority."""

    CLIENT_MANAGER = "client_manager"
    SENIOR_CLIENT_MANAGER = "senior_client_manager"
    BRANCH_LEADER = "branch_leader"
    MARKETING_CENTRE = "marketing_centre"

    @property
    def rank(self) -> int:
        return list(ManagerLevel).index(self) + 1


class Tier(StrEnum):
    STANDARD = "standard"
    GOLD = "gold"
    PLATINUM = "platinum"
    DIAMOND = "diamond"
    PRIVATE = "private"


class Importance(StrEnum):
    A = "A"
    B = "B"
    C = "C"


class RiskLevel(StrEnum):
    C1 = "C1"
    C2 = "C2"
    C3 = "C3"
    C4 = "C4"
    C5 = "C5"


class ClientStatus(StrEnum):
    ACTIVE = "active"
    DORMANT = "dormant"
    PROSPECT = "prospect"
    ARCHIVED = "archived"


class MaritalStatus(StrEnum):
    SINGLE = "single"
    MARRIED = "married"
    DIVORCED = "divorced"
    WIDOWED = "widowed"


class Education(StrEnum):
    SECONDARY = "secondary"
    COLLEGE = "college"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"


class IncomeBand(StrEnum):
    """Annual income bands, in 10,000 yuan (万元)."""

    UNDER_30 = "under_30"
    FROM_30_TO_100 = "30_100"
    FROM_100_TO_300 = "100_300"
    FROM_300_TO_1000 = "300_1000"
    OVER_1000 = "over_1000"


class Ownership(StrEnum):
    STATE_OWNED = "state_owned"
    PRIVATE = "private"
    FOREIGN_INVESTED = "foreign_invested"
    JOINT_VENTURE = "joint_venture"
    HK_MACAU_TAIWAN = "hk_macau_taiwan"


class RelationKind(StrEnum):
    """Directed: `from` is the spouse / child / parent / executive … of `to`."""

    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"
    EXECUTIVE = "executive"
    SHAREHOLDER = "shareholder"
    REFERRED_BY = "referred_by"


class InteractionKind(StrEnum):
    VISIT = "visit"
    PHONE = "phone"
    SMS = "sms"
    WECHAT = "wechat"
    EMAIL = "email"
    LETTER = "letter"
    GIFT = "gift"
    EVENT = "event"
    GREETING = "greeting"


class Purpose(StrEnum):
    CARE = "care"
    PRODUCT = "product"
    REVIEW = "review"
    COMPLAINT = "complaint"
    GREETING = "greeting"
    OTHER = "other"


class EventKind(StrEnum):
    VISIT = "visit"
    CALL = "call"
    MEETING = "meeting"
    CLUB = "club"
    OTHER = "other"


class EventStatus(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class Occasion(StrEnum):
    """A greeting occasion: the client's own days, then the festivals in calendar order."""

    BIRTHDAY = "birthday"  # solar or lunar per client.birthday_lunar
    WEDDING = "wedding"  # wedding anniversary (client.wedding_date, solar)
    CONTACT_BIRTHDAY = "contact_birthday"  # a corporate client's key contact
    NEW_YEAR = "new_year"  # 元旦 1 Jan
    SPRING_FESTIVAL = "spring_festival"  # 春节 lunar 1/1
    LANTERN = "lantern"  # 元宵 lunar 1/15
    DRAGON_BOAT = "dragon_boat"  # 端午 lunar 5/5
    MID_AUTUMN = "mid_autumn"  # 中秋 lunar 8/15
    MOTHERS_DAY = "mothers_day"  # second Sunday of May
    FATHERS_DAY = "fathers_day"  # third Sunday of June
    NATIONAL_DAY = "national_day"  # 1 Oct
    CHRISTMAS = "christmas"  # 25 Dec


class GreetingChannel(StrEnum):
    """How a greeting was sent (the seed: SMS, card, flowers, cake, small gifts; a call)."""

    SMS = "sms"
    CARD = "card"
    FLOWERS = "flowers"
    CAKE = "cake"
    GIFT = "gift"
    CALL = "call"
