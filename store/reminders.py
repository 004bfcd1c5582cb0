"""Greeting reminders generated from client data: birthdays, anniversaries, festivals.

Nobody types these in. A reminder is computed on the fly from what the
store knows (a client's birth date and whether they keep the lunar
birthday, the wedding date, a corporate client's key contacts, the
festivals of the window) and the `[greetings]` rules (which tiers are
greeted on which occasion, how many days ahead). Only what a manager does
with one is stored: completing or dismissing it writes a task whose id is
the reminder's id (`store.greetings`). That id derives from (who is
greeted, occasion, year), so two laptops that act on the same birthday
offline write one row, which merges on sync.

Who is greeted on a festival follows the seed's social contact rules:
New Year, Spring Festival, Lantern, Dragon Boat, Mid-Autumn and National
Day go to domestic clients (individuals of Chinese nationality, Hong Kong,
Macau and Taiwan residents included; companies that are not
foreign-invested); Christmas to foreign nationals and to foreign-invested
and joint-venture companies (a joint venture gets both);
Mother's and Father's Day to women and men who are or were married or have
a child on record (a live client's relation). Archived and deleted clients
are never greeted.

One greeting per person and occasion:
- a wedding anniversary goes to married clients; a client whose marital
  status is not recorded is greeted when a wedding date is (the date is
  the evidence), a divorced, widowed or single one is not;
- a married couple who are both clients (a spouse relation, the same
  wedding date) get one anniversary greeting naming both, with an id made
  from both ids in sorted order, shown to the owner of either;
- a key contact who is also greeted as a client (an executive or
  shareholder of the company, same name and birth date) gets the client's
  birthday greeting only.

Cost: a manager's 3,000 clients and a branch's 100,000 are read in one
query of the few columns needed (two with key contacts, three in May and
June for the parents), filtered in SQL by tier and, for solar dates, by
month and day; lunar anniversaries are converted once per birth date and
window (`_lunar_between`, cached). Statuses come from the greeting tasks,
looked up by id.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Final

from sqlalchemy import ColumnElement, Select, and_, case, exists, extract, null, or_, select, union
from sqlalchemy.orm import Session, aliased

from store.greeting_config import GreetingRules
from store.i18n import t
from store.ids import derived_id
from store.models import Client, ClientRelation, KeyContact, Task
from store.vocab import (
    ClientKind,
    ClientStatus,
    Gender,
    MaritalStatus,
    Occasion,
    Ownership,
    RelationKind,
    TaskStatus,
)

__all__ = [
    "DOMESTIC_FESTIVALS",
    "Reminder",
    "couple_reminder_id",
    "reminder_by_id",
    "reminder_id",
    "reminders_between",
    "reminders_due",
]

#: Festivals greeted for domestic clients.
DOMESTIC_FESTIVALS: Final = frozenset({
    Occasion.NEW_YEAR, Occasion.SPRING_FESTIVAL, Occasion.LANTERN, Occasion.DRAGON_BOAT,
    Occasion.MID_AUTUMN, Occasion.NATIONAL_DAY,
})  # fmt: skip
_WESTERN_OWNERSHIP: Final = frozenset({Ownership.FOREIGN_INVESTED, Ownership.JOINT_VENTURE})
#: Individuals of these nationalities keep the Chinese festivals (mainland, HK, Macau, Taiwan).
_DOMESTIC_NATIONALITIES: Final = frozenset({"CHN", "HKG", "MAC", "TWN"})
#: Relations that make an individual client one of a company's people (its key contact).
_COMPANY_PEOPLE: Final = (RelationKind.EXECUTIVE.value, RelationKind.SHAREHOLDER.value)
_PARENT_MARITAL: Final = frozenset({
    MaritalStatus.MARRIED, MaritalStatus.WIDOWED, MaritalStatus.DIVORCED,
})  # fmt: skip
_ORDER: Final = {occasion.value: index for index, occasion in enumerate(Occasion)}
#: Task status → reminder status.
_STATUS: Final = {TaskStatus.DONE.value: "done", TaskStatus.CANCELLED.value: "dismissed"}
#: Ids per IN list (SQLite's bound-parameter limit is far above it).
_CHUNK: Final = 900
#: A window this long holds every month and day: filtering by them saves nothing.
_ALL_DAYS: Final = 366
#: How far around today `reminder_by_id` looks by default.
_SEARCH_DAYS: Final = 62


@dataclass(frozen=True)
class Reminder:
    """One greeting due to one person on one day: plain data for screens and the agenda."""

    id: str  # reminder_id(subject, occasion, year): the same on every laptop
    client_id: str  # the client greeted (for a key contact: the corporate client)
    client_name: str
    person: str  # who is greeted: the client's or the key contact's name
    occasion: str  # Occasion value
    year: int  # the year key (the lunar year for a lunar birthday)
    on: date  # the day of the occasion (Gregorian)
    remind_from: date  # on - the rule's lead days
    lunar: bool  # a lunar birthday
    detail: str  # short and translated: "农历十月廿一 · 60岁", "结婚10周年", "总经理"
    status: str  # "open" | "done" | "dismissed"
    owner_manager_id: str | None
    #: Who is greeted: the client, the key contact, or both spouses (sorted); checked
    #: again when the reminder is acted on (`store.greetings`).
    subject_ids: tuple[str, ...] = ()


def reminder_id(subject_id: str, occasion: str, year: int, *, lunar: bool = False) -> str:
    """The id of the greeting to `subject_id` (a client or key contact) for `occasion` in `year`.

    Derived (`store.ids.derived_id`), so every laptop computes the same one
    and the greeting task written when it is completed or dismissed merges.
    A lunar birthday's id differs from the solar one's (the solar id is the
    one rows were first written with), so switching a client's calendar
    never makes the other calendar's birthday look done.
    """
    if lunar:
        return derived_id("greeting", subject_id, str(occasion), str(year), "lunar")
    return derived_id("greeting", subject_id, str(occasion), str(year))


def couple_reminder_id(client_id: str, spouse_id: str, year: int) -> str:
    """The id of the wedding anniversary greeting to a couple who are both clients.

    Made from both ids in sorted order: the same whichever spouse is looked at.
    """
    first, second = sorted((client_id, spouse_id))
    return derived_id("greeting", first, second, Occasion.WEDDING.value, str(year))


# --- which days a window holds ---------------------------------------------------------


@dataclass(frozen=True)
class _Window:
    """The window [start, end] and the rules in play for it."""

    rules: GreetingRules
    start: date
    end: date
    festivals: tuple[tuple[str, date], ...]  # greeted festivals in the window
    month_days: frozenset[int] | None  # month*100+day of every day; None = all
    #: Tiers greeted and lead days by occasion (looked up once per client and occasion).
    greeted: dict[str, frozenset[str]] = field(default_factory=dict)
    leads: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, rules: GreetingRules, start: date, end: date) -> _Window:
        from store.festivals import festivals_between

        festivals = tuple(
            (occasion, day)
            for occasion, day in festivals_between(start, end)
            if rules.rule(occasion) is not None
        )
        month_days: frozenset[int] | None = None
        if (end - start).days + 1 < _ALL_DAYS:
            days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
            found = {day.month * 100 + day.day for day in days}
            if 228 in found:  # 29 February is kept on the 28th in common years
                found.add(229)
            month_days = frozenset(found)
        in_play = {name: rule for name in rules.rules if (rule := rules.rule(name)) is not None}
        return cls(
            rules, start, end, festivals, month_days,
            greeted={name: rule.tiers for name, rule in in_play.items()},
            leads={name: rule.lead_days for name, rule in in_play.items()},
        )  # fmt: skip

    def tiers(self, occasion: str) -> frozenset[str]:
        return self.greeted.get(occasion, frozenset())

    def lead(self, occasion: str) -> int:
        return self.leads.get(occasion, 0)

    def may_fall(self, day: date) -> bool:
        """Could a solar anniversary of `day` fall in the window (a cheap first check)?"""
        return self.month_days is None or day.month * 100 + day.day in self.month_days

    def on_day(self, column: Any) -> ColumnElement[bool]:
        """SQL: the date in `column` has a solar anniversary in the window (by month and day)."""
        if self.month_days is None:
            return column.is_not(None)
        month_day = extract("month", column) * 100 + extract("day", column)
        return and_(column.is_not(None), month_day.in_(sorted(self.month_days)))


def _anniversaries(window: _Window, born: date, lunar: bool) -> list[tuple[int, date]]:
    if lunar:
        return list(_lunar_between(born, window.start, window.end))
    if not window.may_fall(born):
        return []
    from store.lunar import anniversaries_between

    return anniversaries_between(born, window.start, window.end, lunar=False)


@lru_cache(maxsize=1 << 15)
def _lunar_between(born: date, start: date, end: date) -> tuple[tuple[int, date], ...]:
    """Lunar anniversaries of `born` in [start, end], once per birth date and window.

    A branch's book holds some 15,000 distinct lunar birth dates; each my
    day, agenda and calendar month asks the same window again.
    """
    from store.lunar import anniversaries_between

    return tuple(anniversaries_between(born, start, end, lunar=True))


# --- reading the book ----------------------------------------------------------------


def _chunks(client_ids: Collection[str] | None) -> Iterator[list[str] | None]:
    if client_ids is None:
        yield None
        return
    wanted = sorted(set(client_ids))
    for start in range(0, len(wanted), _CHUNK):
        yield wanted[start : start + _CHUNK]


def _scope(manager_id: str | None, ids: list[str] | None) -> list[ColumnElement[bool]]:
    """Live, not archived clients, of `manager_id` and among `ids` when given."""
    found = [Client.deleted.is_(False), Client.status != ClientStatus.ARCHIVED.value]
    if manager_id is not None:
        found.append(Client.owner_manager_id == manager_id)
    if ids is not None:
        found.append(Client.id.in_(ids))
    return found


def _married(client: Any) -> ColumnElement[bool]:
    """SQL: `client` (Client or an alias) may have a wedding anniversary (module docstring)."""
    status = client.marital_status
    return or_(status.is_(None), status == MaritalStatus.MARRIED.value)


def _is_married(marital_status: str | None) -> bool:
    return marital_status is None or marital_status == MaritalStatus.MARRIED


def _spouse(tiers: list[str] | None = None) -> tuple[Select[Any], Any]:
    """SQL correlated to the outer query's client: their spouse who is greeted with them.

    The spouse is a live client related to them as spouse (either way
    round) who shares the wedding date, both married (or unrecorded).
    Correlated, so it is worked out only for the rows the query keeps.
    Returns the query of the spouse's id (of `tiers` when given) and the
    spouse's table.
    """
    relation, other = ClientRelation, aliased(Client)
    live = and_(relation.deleted.is_(False), relation.kind == RelationKind.SPOUSE.value)
    related = union(  # correlated to the outer client explicitly: a union does not by itself
        select(relation.to_client_id).where(live, relation.from_client_id == Client.id)
        .correlate(Client),
        select(relation.from_client_id).where(live, relation.to_client_id == Client.id)
        .correlate(Client),
    )
    query = select(other.id).where(
        other.id.in_(related), other.id != Client.id,
        other.wedding_date == Client.wedding_date, _married(other),
        other.deleted.is_(False), other.status != ClientStatus.ARCHIVED.value,
    )  # fmt: skip
    if tiers is not None:
        query = query.where(other.tier.in_(tiers))
    return query, other


def _client_filter(window: _Window) -> ColumnElement[bool] | None:
    """SQL for the clients who may have a reminder in the window; None: nobody can."""
    wanted: list[ColumnElement[bool]] = []
    birthday = window.tiers(Occasion.BIRTHDAY)
    if birthday:
        wanted.append(and_(
            Client.tier.in_(sorted(birthday)),
            Client.birth_date.is_not(None),
            or_(Client.birthday_lunar.is_(True), window.on_day(Client.birth_date)),
        ))  # fmt: skip
    wedding = window.tiers(Occasion.WEDDING)
    if wedding:
        tiers = sorted(wedding)
        spouse_greeted = _spouse(tiers)[0].exists()
        greeted = or_(Client.tier.in_(tiers), spouse_greeted)  # a couple: either's tier
        wanted.append(and_(_married(Client), window.on_day(Client.wedding_date), greeted))
    festive = set().union(*(window.tiers(occasion) for occasion, _ in window.festivals))
    if festive:
        wanted.append(Client.tier.in_(sorted(festive)))
    return or_(*wanted) if wanted else None


def _parents(session: Session, window: _Window) -> set[str]:
    """Clients with a child on record, read only when Mother's or Father's Day is in play.

    The child is a live client: a relation to a deleted or archived one is off the record.
    """
    if not any(o in (Occasion.MOTHERS_DAY, Occasion.FATHERS_DAY) for o, _ in window.festivals):
        return set()
    live = ClientRelation.deleted.is_(False)
    child = aliased(Client)
    on_record = and_(child.deleted.is_(False), child.status != ClientStatus.ARCHIVED.value)
    of_child = (
        select(ClientRelation.to_client_id)
        .join(child, child.id == ClientRelation.from_client_id)
        .where(live, on_record, ClientRelation.kind == RelationKind.CHILD.value)
    )
    as_parent = (
        select(ClientRelation.from_client_id)
        .join(child, child.id == ClientRelation.to_client_id)
        .where(live, on_record, ClientRelation.kind == RelationKind.PARENT.value)
    )
    return set(session.scalars(of_child.union(as_parent)))


def _festival_fits(occasion: str, row: Any, parents: set[str]) -> bool:
    """Does the festival `occasion` belong to this client (module docstring)?"""
    corporate = row.kind == ClientKind.CORPORATE
    if occasion in DOMESTIC_FESTIVALS:
        if corporate:
            return row.ownership != Ownership.FOREIGN_INVESTED
        return row.nationality in _DOMESTIC_NATIONALITIES
    if occasion == Occasion.CHRISTMAS:
        if corporate:
            return row.ownership in _WESTERN_OWNERSHIP
        return row.nationality not in _DOMESTIC_NATIONALITIES
    wanted = Gender.FEMALE if occasion == Occasion.MOTHERS_DAY else Gender.MALE
    return (
        not corporate
        and row.gender == wanted
        and (row.marital_status in _PARENT_MARITAL or row.id in parents)
    )


class _Maker:
    """Builds reminders for one window; the detail text is made in the current language."""

    def __init__(self, window: _Window) -> None:
        self.window = window
        self.join = t("greetings.detail.join")

    def make(self, subject: str, occasion: str, year: int, on: date, row: Any, *,
             person: str, lunar: bool = False, detail: str = "",
             couple: tuple[str, str] | None = None) -> Reminder:  # fmt: skip
        if couple is not None:
            found = couple_reminder_id(*couple, year)
            subjects = tuple(sorted(couple))
        else:
            found, subjects = reminder_id(subject, occasion, year, lunar=lunar), (subject,)
        return Reminder(
            id=found,
            client_id=row.id,
            client_name=row.name,
            person=person,
            occasion=occasion,
            year=year,
            on=on,
            remind_from=on - timedelta(days=self.window.lead(occasion)),
            lunar=lunar,
            detail=detail,
            status="open",
            owner_manager_id=row.owner_manager_id,
            subject_ids=subjects,
        )

    def birthday_detail(self, born: date, year: int, on: date, lunar: bool) -> str:
        if not lunar:
            return t("greetings.detail.age", age=year - born.year)
        from store.lunar import lunar_text, to_lunar

        age = t("greetings.detail.age", age=year - to_lunar(born).year)
        return lunar_text(on) + self.join + age

    def birthdays(self, row: Any) -> Iterator[Reminder]:
        born = row.birth_date
        if born is None or row.tier not in self.window.tiers(Occasion.BIRTHDAY):
            return
        lunar = bool(row.birthday_lunar)
        for year, on in _anniversaries(self.window, born, lunar):
            detail = self.birthday_detail(born, year, on, lunar)
            yield self.make(row.id, Occasion.BIRTHDAY.value, year, on, row, person=row.name,
                            lunar=lunar, detail=detail)  # fmt: skip

    def weddings(self, row: Any) -> Iterator[Reminder]:
        """The anniversary of a married client; of both, once, when the spouse is a client too."""
        married = row.wedding_date
        if married is None or not self.window.may_fall(married):
            return  # most rows: read for another occasion
        tiers = self.window.tiers(Occasion.WEDDING)
        if not _is_married(row.marital_status):
            return
        if row.tier not in tiers and (row.spouse_id is None or row.spouse_tier not in tiers):
            return
        couple, person = None, row.name
        if row.spouse_id is not None:
            couple = (row.id, row.spouse_id)
            person = t("greetings.couple", first=row.name, second=row.spouse_name)
        for year, on in _anniversaries(self.window, married, lunar=False):
            detail = t("greetings.detail.married", years=year - married.year)
            yield self.make(row.id, Occasion.WEDDING.value, year, on, row, person=person,
                            detail=detail, couple=couple)  # fmt: skip

    def festivals(self, row: Any, parents: set[str]) -> Iterator[Reminder]:
        for occasion, on in self.window.festivals:
            if row.tier in self.window.tiers(occasion) and _festival_fits(occasion, row, parents):
                yield self.make(row.id, occasion, on.year, on, row, person=row.name)

    def contact(self, contact: Any, client: Any) -> Iterator[Reminder]:
        lunar = bool(contact.birthday_lunar)
        for year, on in _anniversaries(self.window, contact.birth_date, lunar):
            parts = [contact.title] if contact.title else []
            if lunar:
                from store.lunar import lunar_text

                parts.append(lunar_text(on))
            detail = self.join.join(parts)
            yield self.make(contact.id, Occasion.CONTACT_BIRTHDAY.value, year, on, client,
                            person=contact.name, lunar=lunar, detail=detail)  # fmt: skip


_CLIENT_COLUMNS: Final = (
    Client.id, Client.name, Client.kind, Client.tier, Client.gender, Client.nationality,
    Client.ownership, Client.marital_status, Client.birth_date, Client.birthday_lunar,
    Client.wedding_date, Client.owner_manager_id,
)  # fmt: skip


def _client_query(window: _Window) -> Select[Any]:
    """The client columns, and the spouse's id, name and tier when weddings are greeted."""
    if not window.tiers(Occasion.WEDDING):
        return select(*_CLIENT_COLUMNS, null().label("spouse_id"), null().label("spouse_name"),
                      null().label("spouse_tier"))  # fmt: skip
    query, other = _spouse()
    spouse_id = query.order_by(other.id).limit(1).scalar_subquery()
    spouse = aliased(Client)
    # Looked up only for a row whose anniversary may fall in the window (CASE: SQLite
    # would otherwise work the subquery out first, for every row, to seek the spouse).
    joined = spouse.id == case((window.on_day(Client.wedding_date), spouse_id), else_=null())
    return select(
        *_CLIENT_COLUMNS, spouse.id.label("spouse_id"), spouse.name.label("spouse_name"),
        spouse.tier.label("spouse_tier"),
    ).outerjoin(spouse, joined)  # fmt: skip


def _client_reminders(
    session: Session, maker: _Maker, wanted: ColumnElement[bool], scope: list[Any],
    parents: set[str],
) -> Iterator[Reminder]:  # fmt: skip
    query = _client_query(maker.window)
    for row in session.execute(query.where(*scope, wanted)):
        yield from maker.birthdays(row)
        yield from maker.weddings(row)
        yield from maker.festivals(row, parents)


def _contact_reminders(session: Session, maker: _Maker, scope: list[Any]) -> Iterator[Reminder]:
    window = maker.window
    tiers = window.tiers(Occasion.CONTACT_BIRTHDAY)
    if not tiers:
        return
    columns = (
        KeyContact.id, KeyContact.name, KeyContact.title, KeyContact.birth_date,
        KeyContact.birthday_lunar, KeyContact.client_id, Client.name.label("client_name"),
        Client.owner_manager_id,
    )  # fmt: skip
    query = (
        select(*columns)
        .join(Client, Client.id == KeyContact.client_id)
        .where(
            *scope,
            KeyContact.deleted.is_(False),
            Client.tier.in_(sorted(tiers)),
            or_(
                and_(KeyContact.birthday_lunar.is_(True), KeyContact.birth_date.is_not(None)),
                window.on_day(KeyContact.birth_date),
            ),
        )
    )
    birthday = window.tiers(Occasion.BIRTHDAY)
    if birthday:
        query = query.where(~_greeted_as_client(birthday))
    for row in session.execute(query):
        client = _Owner(row.client_id, row.client_name, row.owner_manager_id)
        yield from maker.contact(row, client)


def _greeted_as_client(tiers: frozenset[str]) -> ColumnElement[bool]:
    """SQL: the key contact is one of the company's people greeted on their birthday as a client.

    Same name and birth date, an executive or shareholder relation to the
    company, a live client of a greeted tier: their own client's greeting
    is the one (whoever manages them), the key contact's would be a second.
    """
    person = aliased(Client)
    return exists().where(
        ClientRelation.to_client_id == KeyContact.client_id,
        ClientRelation.kind.in_(_COMPANY_PEOPLE),
        ClientRelation.deleted.is_(False),
        person.id == ClientRelation.from_client_id,
        person.deleted.is_(False),
        person.status != ClientStatus.ARCHIVED.value,
        person.tier.in_(sorted(tiers)),
        person.name == KeyContact.name,
        person.birth_date == KeyContact.birth_date,
    )


@dataclass(frozen=True, slots=True)
class _Owner:
    """The corporate client a key contact's reminder belongs to."""

    id: str
    name: str
    owner_manager_id: str | None


def _with_status(session: Session, found: list[Reminder]) -> list[Reminder]:
    """Each reminder with the status of its greeting task (none: open)."""
    ids = [reminder.id for reminder in found]
    statuses: dict[str, str] = {}
    for start in range(0, len(ids), _CHUNK):
        rows = session.execute(
            select(Task.id, Task.status).where(
                Task.id.in_(ids[start : start + _CHUNK]), Task.deleted.is_(False)
            )
        )
        statuses.update((row.id, _STATUS.get(row.status, "open")) for row in rows)
    return [
        replace(r, status=statuses[r.id]) if statuses.get(r.id, "open") != "open" else r
        for r in found
    ]


def _sort_key(reminder: Reminder) -> tuple[date, int, str, str]:
    return reminder.on, _ORDER.get(reminder.occasion, len(_ORDER)), reminder.person, reminder.id


def _once(found: list[Reminder]) -> list[Reminder]:
    """One reminder per id: a couple whose spouses are both in scope is seen from each side.

    The side kept is the spouse whose id sorts first, so the same scope
    always gives the same reminder.
    """
    kept: dict[str, Reminder] = {}
    for reminder in found:
        held = kept.get(reminder.id)
        if held is None or reminder.client_id < held.client_id:
            kept[reminder.id] = reminder
    return list(kept.values())


def reminders_between(
    session: Session,
    rules: GreetingRules,
    start: date,
    end: date,
    *,
    manager_id: str | None = None,
    client_ids: Collection[str] | None = None,
) -> list[Reminder]:
    """Every reminder whose day is in [start, end], by (day, occasion, person).

    Occasions sort in `Occasion` order (a client's own days first, then
    festivals). `manager_id` None means the whole book; `client_ids`
    narrows to those clients. Tiers, lead days and which occasions are
    greeted at all come from `rules`; who gets which festival is in the
    module docstring. The status of each is that of its greeting task.
    """
    if end < start:
        return []
    window = _Window.of(rules, start, end)
    maker = _Maker(window)
    wanted = _client_filter(window)
    parents = _parents(session, window) if wanted is not None else set()
    found: list[Reminder] = []
    for ids in _chunks(client_ids):
        scope = _scope(manager_id, ids)
        if wanted is not None:
            found.extend(_client_reminders(session, maker, wanted, scope, parents))
        found.extend(_contact_reminders(session, maker, scope))
    return sorted(_with_status(session, _once(found)), key=_sort_key)


def reminders_due(
    session: Session, rules: GreetingRules, today: date, *, manager_id: str | None
) -> list[Reminder]:
    """My day's greetings: open reminders shown from their lead until `recent_days` after.

    That is, `remind_from <= today <= on + rules.recent_days`: a birthday
    three days away, and yesterday's one not yet sent.
    """
    start = today - timedelta(days=rules.recent_days)
    end = today + timedelta(days=rules.max_lead)
    return [
        reminder
        for reminder in reminders_between(session, rules, start, end, manager_id=manager_id)
        if reminder.status == "open" and reminder.remind_from <= today
    ]


def reminder_by_id(
    session: Session,
    rules: GreetingRules,
    reminder_id: str,
    today: date,
    *,
    client_id: str | None = None,
    days: int = _SEARCH_DAYS,
) -> Reminder | None:
    """The reminder with this id whose day is within `days` of `today`, or None.

    Ids are one-way (derived), so it is found by generating: for
    `client_id`'s reminders when given, else for the client of the greeting
    task with this id (a reminder acted on), else for the whole book. A
    task's own day widens the search to it, so a greeting completed long
    ago is still found.
    """
    start, end = today - timedelta(days=days), today + timedelta(days=days)
    if client_id is None:
        task = session.execute(
            select(Task.client_id, Task.due_on).where(Task.id == reminder_id)
        ).first()
        if task is not None:
            client_id = task.client_id
            if task.due_on is not None:
                start, end = min(start, task.due_on), max(end, task.due_on)
    scope = None if client_id is None else [client_id]
    for reminder in reminders_between(session, rules, start, end, client_ids=scope):
        if reminder.id == reminder_id:
            return reminder
    return None
