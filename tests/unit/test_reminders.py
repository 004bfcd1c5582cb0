"""store.reminders: greeting reminders generated from client data, for the right clients.

Lunar birthdays are checked against published festival dates: a client
born on a Spring Festival (1990-01-27, lunar 1/1) keeps the lunar birthday
on the Spring Festival of every year (2024-02-10, 2025-01-29, 2026-02-17),
one born on a Mid-Autumn (1986-09-18, lunar 8/15) on every Mid-Autumn
(2025-10-06, 2026-09-25). Mother's Day 2026 is 10 May, Father's Day 21 June.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import event, select

from store import i18n
from store.db import Store
from store.greeting_config import DEFAULT_GREETINGS, GreetingRule, GreetingRules
from store.ids import derived_id
from store.models import Branch, Client, ClientRelation, KeyContact, Manager, Task
from store.reminders import (
    Reminder,
    couple_reminder_id,
    reminder_by_id,
    reminder_id,
    reminders_between,
    reminders_due,
)

TODAY = date(2026, 11, 28)  # the fixed clock of tests/conftest.py (a Saturday)
WEEK_END = date(2026, 12, 4)
BRANCH = "0193a3b0-0000-7000-8000-00000000b001"
LINA = "0193a3b0-0000-7000-8000-00000000a002"
CHEN = "0193a3b0-0000-7000-8000-00000000a003"


def _id(n: int) -> str:
    return f"0193a3b0-0000-7000-8000-{n:012d}"


ZHANG = _id(1)  # 张伟: solar birthday 1 December, turns 60
LI = _id(2)  # 李秀英: lunar birthday, born 1966-12-05 = lunar 十月廿四 → 2026-12-02
WU = _id(3)  # 吴强: married 2016-12-03 (10 years)
CORP = _id(4)  # 茅乡酒业: private domestic company; key contacts 王总 (solar), 刘总 (lunar)
SMITH = _id(5)  # John Smith, USA
FOREIGN_CO = _id(6)  # a foreign-invested company
JV = _id(7)  # a joint venture
ARCHIVED = _id(8)  # birthday in the week, but archived
GONE = _id(9)  # birthday in the week, but deleted
PLAIN = _id(10)  # standard tier, birthday in the week
SPRING = _id(11)  # born on Spring Festival 1990 (lunar 1/1), keeps the lunar birthday
MOON = _id(12)  # born on Mid-Autumn 1986 (lunar 8/15), keeps the lunar birthday
MOTHER = _id(13)  # married woman
WIDOWER = _id(14)  # widowed man
SINGLE_MUM = _id(15)  # single woman with a child on record
SINGLE = _id(16)  # single woman, no child
CHILD = _id(17)  # SINGLE_MUM's child
CHENS = _id(18)  # 陈静's client, birthday in the week
LEAP = _id(19)  # born 2000-02-29
WANG_CONTACT = _id(101)
LIU_CONTACT = _id(102)


def _client(client_id: str, name: str, **values: Any) -> Client:
    values.setdefault("tier", "gold")
    values.setdefault("owner_manager_id", LINA)
    return Client(id=client_id, name=name, branch_id=BRANCH, **values)


def seed(store: Store) -> None:
    """The book: one client or contact per rule to check, ids fixed on any store."""
    with store.session() as session:
        session.add(Branch(id=BRANCH, code="520382001", name="仁怀市支行"))
        session.flush()
        session.add_all([
            Manager(id=LINA, employee_no="RH3001", name="李娜", level="client_manager",
                    branch_id=BRANCH),
            Manager(id=CHEN, employee_no="RH2001", name="陈静", level="senior_client_manager",
                    branch_id=BRANCH),
        ])  # fmt: skip
        session.flush()
        session.add_all([
            _client(ZHANG, "张伟", birth_date=date(1966, 12, 1), gender="male",
                    marital_status="single"),
            _client(LI, "李秀英", tier="platinum", birth_date=date(1966, 12, 5),
                    birthday_lunar=True, gender="female", marital_status="single"),
            _client(WU, "吴强", tier="diamond", birth_date=date(1980, 3, 3), gender="male",
                    marital_status="married", wedding_date=date(2016, 12, 3)),
            _client(CORP, "茅乡酒业有限公司", kind="corporate", tier="private",
                    ownership="private", gender="unknown"),
            _client(SMITH, "John Smith", nationality="USA", gender="male",
                    marital_status="single"),
            _client(FOREIGN_CO, "贵州外资酒业有限公司", kind="corporate", tier="platinum",
                    ownership="foreign_invested"),
            _client(JV, "黔美合资有限公司", kind="corporate", tier="platinum",
                    ownership="joint_venture"),
            _client(ARCHIVED, "赵归档", birth_date=date(1970, 11, 29), status="archived"),
            _client(GONE, "钱已删", birth_date=date(1970, 11, 29), deleted=True),
            _client(PLAIN, "孙普通", tier="standard", birth_date=date(1970, 11, 29)),
            _client(SPRING, "周春生", birth_date=date(1990, 1, 27), birthday_lunar=True,
                    gender="male", marital_status="single"),
            _client(MOON, "郑月华", birth_date=date(1986, 9, 18), birthday_lunar=True,
                    gender="female", marital_status="single"),
            _client(MOTHER, "王芳", gender="female", marital_status="married"),
            _client(WIDOWER, "冯建国", gender="male", marital_status="widowed"),
            _client(SINGLE_MUM, "韩丽", gender="female", marital_status="single"),
            _client(SINGLE, "曹敏", gender="female", marital_status="single"),
            _client(CHILD, "韩小雪", tier="standard", gender="female"),
            _client(CHENS, "陈客户", tier="diamond", birth_date=date(1975, 11, 30),
                    owner_manager_id=CHEN),
            _client(LEAP, "林闰", birth_date=date(2000, 2, 29), gender="male",
                    marital_status="single"),
        ])  # fmt: skip
        session.flush()
        session.add_all([
            KeyContact(id=WANG_CONTACT, client_id=CORP, name="王总", title="总经理",
                       birth_date=date(1970, 11, 30)),
            KeyContact(id=LIU_CONTACT, client_id=CORP, name="刘总", title="财务总监",
                       birth_date=date(1966, 12, 5), birthday_lunar=True),
            ClientRelation(from_client_id=CHILD, to_client_id=SINGLE_MUM, kind="child"),
        ])  # fmt: skip


@pytest.fixture
def book(store: Store) -> Store:
    seed(store)
    store.manager_id = LINA
    return store


def _between(store: Store, start: date, end: date, **kwargs: Any) -> list[Reminder]:
    rules = kwargs.pop("rules", DEFAULT_GREETINGS)
    with store.read_session() as session:
        return reminders_between(session, rules, start, end, **kwargs)


def _lines(found: list[Reminder]) -> list[tuple[str, str, date]]:
    return [(r.person, r.occasion, r.on) for r in found]


# --- birthdays and anniversaries ------------------------------------------------------------


def test_this_weeks_birthdays_solar_and_lunar_anniversaries_and_key_contacts(
    book: Store,
) -> None:
    found = _between(book, TODAY, WEEK_END, manager_id=LINA)
    assert _lines(found) == [
        ("王总", "contact_birthday", date(2026, 11, 30)),
        ("张伟", "birthday", date(2026, 12, 1)),
        # Born 1966-12-05 (lunar 十月廿四): the lunar birthday comes before the solar date.
        ("李秀英", "birthday", date(2026, 12, 2)),
        ("刘总", "contact_birthday", date(2026, 12, 2)),
        ("吴强", "wedding", date(2026, 12, 3)),
    ]
    zhang, li, liu = found[1], found[2], found[3]
    assert (zhang.year, zhang.lunar, zhang.status) == (2026, False, "open")
    assert zhang.detail == "turns 60"
    assert zhang.remind_from == date(2026, 11, 28)  # three days' lead
    assert (li.lunar, li.year, li.detail) == (True, 2026, "农历十月廿四 · turns 60")
    assert (liu.client_id, liu.client_name, liu.lunar) == (CORP, "茅乡酒业有限公司", True)
    assert liu.detail == "财务总监 · 农历十月廿四"
    assert found[0].detail == "总经理"
    assert found[4].detail == "10 years married"
    assert all(r.owner_manager_id == LINA for r in found)


def test_details_in_chinese(book: Store) -> None:
    i18n.set_language("zh")
    found = {r.person: r for r in _between(book, TODAY, WEEK_END, manager_id=LINA)}
    assert found["张伟"].detail == "60岁"
    assert found["李秀英"].detail == "农历十月廿四 · 60岁"
    assert found["吴强"].detail == "结婚10周年"


@pytest.mark.parametrize(
    ("year", "spring_festival", "mid_autumn"),
    [(2024, date(2024, 2, 10), date(2024, 9, 17)),
     (2025, date(2025, 1, 29), date(2025, 10, 6)),
     (2026, date(2026, 2, 17), date(2026, 9, 25))],
)  # fmt: skip
def test_lunar_birthdays_fall_on_the_published_festival_dates(
    book: Store, year: int, spring_festival: date, mid_autumn: date
) -> None:
    found = _between(book, date(year, 1, 1), date(year, 12, 31), client_ids=[SPRING, MOON])
    birthdays = {(r.person, r.on, r.year) for r in found if r.occasion == "birthday"}
    assert birthdays == {("周春生", spring_festival, year), ("郑月华", mid_autumn, year)}


def test_a_29_february_birthday_is_greeted_on_28_february_in_common_years(book: Store) -> None:
    found = _between(book, date(2027, 2, 25), date(2027, 3, 2), client_ids=[LEAP])
    assert _lines(found) == [("林闰", "birthday", date(2027, 2, 28))]
    leap_year = _between(book, date(2028, 2, 25), date(2028, 3, 2), client_ids=[LEAP])
    assert _lines(leap_year) == [("林闰", "birthday", date(2028, 2, 29))]


def test_archived_deleted_and_untiered_clients_are_never_greeted(book: Store) -> None:
    found = _between(book, TODAY, WEEK_END)
    people = {r.client_id for r in found}
    assert not people & {ARCHIVED, GONE, PLAIN}
    assert CHENS in people  # the whole book (no manager given)


def test_a_manager_sees_only_their_own_clients(book: Store) -> None:
    assert [r.client_id for r in _between(book, TODAY, WEEK_END, manager_id=CHEN)] == [CHENS]
    assert CHENS not in {r.client_id for r in _between(book, TODAY, WEEK_END, manager_id=LINA)}
    only = _between(book, TODAY, WEEK_END, client_ids=[ZHANG, CHENS])
    assert {r.client_id for r in only} == {ZHANG, CHENS}


def _add(store: Store, *rows: Any) -> None:
    with store.session() as session:
        for row in rows:  # in order: a relation's clients first
            session.add(row)
            session.flush()


@pytest.mark.parametrize(
    ("marital_status", "greeted"),
    [("married", True), (None, True), ("divorced", False), ("widowed", False), ("single", False)],
)
def test_only_married_clients_get_wedding_anniversaries(
    book: Store, marital_status: str | None, greeted: bool
) -> None:
    """A recorded wedding date with no marital status recorded is taken as still married."""
    _add(book, _client(_id(30), "周婚", marital_status=marital_status,
                       wedding_date=date(2010, 11, 29)))  # fmt: skip
    found = _between(book, TODAY, WEEK_END, client_ids=[_id(30)])
    assert _lines(found) == ([("周婚", "wedding", date(2026, 11, 29))] if greeted else [])


def _couple(book: Store, wife_owner: str = CHEN, wife_tier: str = "standard") -> None:
    """张军 (李娜's, gold) married 王丽 (another's) on 2001-11-29; both are clients."""
    _add(
        book,
        _client(_id(31), "张军", gender="male", marital_status="married",
                wedding_date=date(2001, 11, 29)),
        _client(_id(32), "王丽", gender="female", marital_status="married", tier=wife_tier,
                wedding_date=date(2001, 11, 29), owner_manager_id=wife_owner),
        ClientRelation(from_client_id=_id(32), to_client_id=_id(31), kind="spouse"),
    )  # fmt: skip


def test_a_couple_who_are_both_clients_get_one_wedding_greeting_naming_both(book: Store) -> None:
    _couple(book)
    i18n.set_language("zh")
    whole = [r for r in _between(book, TODAY, WEEK_END) if r.occasion == "wedding"]
    couple = [r for r in whole if r.client_id in (_id(31), _id(32))]
    assert [(r.person, r.on, r.detail) for r in couple] == [
        ("张军、王丽", date(2026, 11, 29), "结婚25周年")]
    # The same id whichever spouse is looked at, made from both ids in sorted order.
    assert couple[0].id == couple_reminder_id(_id(32), _id(31), 2026)
    assert couple[0].id == couple_reminder_id(_id(31), _id(32), 2026)
    assert couple[0].id not in {reminder_id(_id(31), "wedding", 2026),
                                reminder_id(_id(32), "wedding", 2026)}  # fmt: skip
    # Shown to the owner of either spouse (王丽's tier alone would not be greeted).
    mine = [r for r in _between(book, TODAY, WEEK_END, manager_id=LINA) if r.id == couple[0].id]
    theirs = [r for r in _between(book, TODAY, WEEK_END, manager_id=CHEN) if r.id == couple[0].id]
    assert [(r.client_id, r.person, r.owner_manager_id) for r in mine] == [
        (_id(31), "张军、王丽", LINA)]
    assert [(r.client_id, r.person, r.owner_manager_id) for r in theirs] == [
        (_id(32), "王丽、张军", CHEN)]
    # Greeted from one side, it is done on the other side too.
    _task(book, mine[0], "done")
    assert [r.status for r in _between(book, TODAY, WEEK_END, manager_id=CHEN)
            if r.id == couple[0].id] == ["done"]  # fmt: skip


def test_a_spouse_no_longer_on_record_leaves_a_single_wedding_greeting(book: Store) -> None:
    _couple(book, wife_owner=LINA, wife_tier="gold")
    with book.session() as session:
        wife = session.get(Client, _id(32))
        assert wife is not None
        wife.status = "archived"
    found = [r for r in _between(book, TODAY, WEEK_END) if r.occasion == "wedding"]
    assert [(r.person, r.id) for r in found if r.client_id in (_id(31), _id(32))] == [
        ("张军", reminder_id(_id(31), "wedding", 2026))]


def test_a_key_contact_greeted_as_a_client_gets_one_birthday_greeting(book: Store) -> None:
    """王总 is 茅乡酒业's key contact and, as an executive of it, a client of 陈静's."""
    _add(book, _client(_id(33), "王总", birth_date=date(1970, 11, 30), owner_manager_id=CHEN),
         ClientRelation(from_client_id=_id(33), to_client_id=CORP, kind="executive"))  # fmt: skip
    on_day = [(r.person, r.occasion) for r in _between(book, date(2026, 11, 30),
                                                       date(2026, 11, 30))]  # fmt: skip
    assert on_day == [("王总", "birthday"), ("陈客户", "birthday")]
    # The company's manager no longer sees a second greeting for the same person.
    assert [r.person for r in _between(book, TODAY, WEEK_END, manager_id=LINA)
            if r.on == date(2026, 11, 30)] == []  # fmt: skip
    # A namesake born on another day, or one not greeted as a client, keeps the contact's.
    with book.session() as session:
        person = session.get(Client, _id(33))
        assert person is not None
        person.tier = "standard"
    assert [(r.person, r.occasion) for r in _between(book, date(2026, 11, 30),
            date(2026, 11, 30), manager_id=LINA)] == [("王总", "contact_birthday")]  # fmt: skip


def test_a_lunar_birthday_has_its_own_id(book: Store) -> None:
    """Switching a client to the lunar calendar never shows the solar birthday's greeting done."""
    zhang = next(r for r in _between(book, TODAY, WEEK_END) if r.person == "张伟")
    assert zhang.id == reminder_id(ZHANG, "birthday", 2026)  # rows already written keep theirs
    _task(book, zhang, "done")
    with book.session() as session:
        client = session.get(Client, ZHANG)
        assert client is not None
        client.birthday_lunar = True  # 1966-12-01 is lunar 十月二十 → 2026-11-28
    lunar = [r for r in _between(book, TODAY, WEEK_END) if r.person == "张伟"]
    assert [(r.on, r.lunar, r.status) for r in lunar] == [(date(2026, 11, 28), True, "open")]
    assert lunar[0].id == reminder_id(ZHANG, "birthday", 2026, lunar=True) != zhang.id


# --- festivals: who gets which ----------------------------------------------------------------


def test_spring_festival_goes_to_domestic_clients_of_the_tiers(book: Store) -> None:
    found = _between(book, date(2026, 2, 17), date(2026, 2, 17))
    greeted = {r.person for r in found if r.occasion == "spring_festival"}
    assert "茅乡酒业有限公司" in greeted and "张伟" in greeted
    assert "黔美合资有限公司" in greeted  # a joint venture is domestic too
    assert "John Smith" not in greeted
    assert "贵州外资酒业有限公司" not in greeted
    assert "孙普通" not in greeted and "韩小雪" not in greeted  # standard tier
    first = next(r for r in found if r.occasion == "spring_festival")
    assert (first.on, first.year, first.remind_from) == (
        date(2026, 2, 17), 2026, date(2026, 2, 10))


@pytest.mark.parametrize("nationality", ["HKG", "MAC", "TWN"])
def test_hong_kong_macau_and_taiwan_residents_keep_the_chinese_festivals(
    book: Store, nationality: str
) -> None:
    _add(book, _client(_id(34), "陈港生", nationality=nationality))
    spring = _between(book, date(2026, 2, 17), date(2026, 2, 17), client_ids=[_id(34)])
    christmas = _between(book, date(2026, 12, 25), date(2026, 12, 25), client_ids=[_id(34)])
    assert _lines(spring) == [("陈港生", "spring_festival", date(2026, 2, 17))]
    assert christmas == []


def test_christmas_goes_to_foreign_nationals_and_foreign_invested_companies(book: Store) -> None:
    found = _between(book, date(2026, 12, 25), date(2026, 12, 25))
    greeted = {r.person for r in found if r.occasion == "christmas"}
    assert greeted == {"John Smith", "贵州外资酒业有限公司", "黔美合资有限公司"}


def test_national_day_goes_to_domestic_platinum_and_above(book: Store) -> None:
    found = _between(book, date(2026, 10, 1), date(2026, 10, 1))
    greeted = {r.person for r in found if r.occasion == "national_day"}
    assert greeted == {"李秀英", "吴强", "茅乡酒业有限公司", "黔美合资有限公司", "陈客户"}


def test_mothers_and_fathers_day_go_to_parents(book: Store) -> None:
    mothers = _between(book, date(2026, 5, 1), date(2026, 5, 31))
    fathers = _between(book, date(2026, 6, 1), date(2026, 6, 30))
    assert {(r.person, r.on) for r in mothers if r.occasion == "mothers_day"} == {
        ("王芳", date(2026, 5, 10)), ("韩丽", date(2026, 5, 10))}  # fmt: skip
    assert {(r.person, r.on) for r in fathers if r.occasion == "fathers_day"} == {
        ("吴强", date(2026, 6, 21)), ("冯建国", date(2026, 6, 21))}  # fmt: skip


@pytest.mark.parametrize("gone", [{"deleted": True}, {"status": "archived"}])
def test_a_child_no_longer_on_record_makes_nobody_a_parent(
    book: Store, gone: dict[str, Any]
) -> None:
    with book.session() as session:
        child = session.get(Client, CHILD)
        assert child is not None
        for name, value in gone.items():
            setattr(child, name, value)
    mothers = _between(book, date(2026, 5, 10), date(2026, 5, 10))
    assert {r.person for r in mothers if r.occasion == "mothers_day"} == {"王芳"}  # not 韩丽


# --- rules ------------------------------------------------------------------------------------


def test_rules_decide_tiers_leads_and_which_occasions(book: Store) -> None:
    rules = GreetingRules(rules={
        "birthday": GreetingRule("birthday", 10, frozenset({"platinum"})),
        "wedding": GreetingRule("wedding", 3, frozenset()),
    })  # fmt: skip
    found = _between(book, TODAY, WEEK_END, manager_id=LINA, rules=rules)
    assert _lines(found) == [("李秀英", "birthday", date(2026, 12, 2))]
    assert found[0].remind_from == date(2026, 11, 22)
    assert _between(book, date(2026, 12, 25), date(2026, 12, 25), rules=rules) == []


def test_ids_derive_from_who_occasion_and_year(book: Store) -> None:
    found = {r.person: r for r in _between(book, TODAY, WEEK_END, manager_id=LINA)}
    assert found["张伟"].id == derived_id("greeting", ZHANG, "birthday", "2026")
    assert found["张伟"].id == reminder_id(ZHANG, "birthday", 2026)
    # A key contact's greeting is theirs, not the company's.
    assert found["王总"].id == reminder_id(WANG_CONTACT, "contact_birthday", 2026)
    next_year = _between(book, date(2027, 12, 1), date(2027, 12, 1), client_ids=[ZHANG])
    assert next_year[0].id != found["张伟"].id
    assert _between(book, TODAY, WEEK_END, manager_id=LINA) == list(found.values())


def test_an_empty_or_backwards_window_has_nothing(book: Store) -> None:
    assert _between(book, WEEK_END, TODAY) == []
    assert _between(book, TODAY, WEEK_END, client_ids=[]) == []


# --- status, due, lookup ------------------------------------------------------------------------


def _task(store: Store, reminder: Reminder, status: str, **values: Any) -> None:
    with store.session() as session:
        session.add(Task(id=reminder.id, title="", client_id=reminder.client_id,
                         assignee_id=LINA, due_on=reminder.on, status=status,
                         source="greeting", occasion=reminder.occasion, **values))  # fmt: skip


def test_status_comes_from_the_greeting_task(book: Store) -> None:
    found = {r.person: r for r in _between(book, TODAY, WEEK_END, manager_id=LINA)}
    _task(book, found["张伟"], "done")
    _task(book, found["吴强"], "cancelled")
    _task(book, found["王总"], "done", deleted=True)  # reopened: a tombstone
    after = {r.person: r.status for r in _between(book, TODAY, WEEK_END, manager_id=LINA)}
    assert after == {"张伟": "done", "吴强": "dismissed", "王总": "open", "李秀英": "open",
                     "刘总": "open"}  # fmt: skip


def test_due_reminders_run_from_the_lead_to_a_few_days_after(book: Store) -> None:
    def due(today: date) -> list[tuple[str, str]]:
        with book.read_session() as session:
            found = reminders_due(session, DEFAULT_GREETINGS, today, manager_id=LINA)
        return [(r.person, r.occasion) for r in found]

    # 28 Nov: 王总 (30th) and 张伟 (1 Dec) are within three days; 李秀英 (2 Dec) is not yet.
    assert due(TODAY) == [("王总", "contact_birthday"), ("张伟", "birthday")]
    # 4 Dec: everything of the week is past but within three days, except 王总 (30 Nov).
    assert due(date(2026, 12, 4)) == [("张伟", "birthday"), ("李秀英", "birthday"),
                                      ("刘总", "contact_birthday"), ("吴强", "wedding")]
    assert due(date(2026, 12, 6)) == [("吴强", "wedding")]  # 3 Dec + three days
    assert due(date(2026, 12, 7)) == []
    with book.read_session() as session:
        zhang = next(r for r in reminders_due(session, DEFAULT_GREETINGS, TODAY, manager_id=LINA)
                     if r.person == "张伟")  # fmt: skip
    _task(book, zhang, "done")
    assert due(TODAY) == [("王总", "contact_birthday")]


def test_reminder_by_id_finds_a_reminder_and_an_acted_one_far_away(book: Store) -> None:
    found = {r.person: r for r in _between(book, TODAY, WEEK_END, manager_id=LINA)}
    with book.read_session() as session:
        assert reminder_by_id(session, DEFAULT_GREETINGS, found["刘总"].id, TODAY) == found["刘总"]
        assert reminder_by_id(session, DEFAULT_GREETINGS, "nope", TODAY) is None
    _task(book, found["李秀英"], "done")
    with book.read_session() as session:
        later = reminder_by_id(session, DEFAULT_GREETINGS, found["李秀英"].id, date(2027, 6, 1))
    assert later is not None and (later.on, later.status) == (date(2026, 12, 2), "done")


# --- cost ---------------------------------------------------------------------------------------


@pytest.fixture
def statements(book: Store) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(book.engine, "before_cursor_execute", count)
    yield seen
    event.remove(book.engine, "before_cursor_execute", count)


def test_a_managers_week_costs_three_queries_at_most(book: Store, statements: list[str]) -> None:
    """Clients, key contacts and statuses: never a query per client."""
    found = _between(book, TODAY, WEEK_END, manager_id=LINA)
    assert len(found) == 5
    assert len(statements) <= 3
    # Only the columns needed are read, never whole rows.
    assert all("client.notes" not in s and "client.address" not in s for s in statements)


# --- the demo ---------------------------------------------------------------------------------


def test_a_demo_store_shows_this_weeks_greetings_of_every_kind(store: Store) -> None:
    """On the demo's fixed date the signed-in manager has greetings to make this week."""
    from store.demo import fill_demo
    from store.lunar import lunar_anniversary, to_lunar
    from store.models import Interaction
    from store.validation import validate_resident_id

    fill_demo(store, clients=80, seed=7)
    found = _between(store, TODAY, TODAY + timedelta(days=6), manager_id=store.manager_id)
    kinds = {(r.occasion, r.lunar) for r in found}
    assert {("birthday", False), ("birthday", True), ("wedding", False),
            ("contact_birthday", False)} <= kinds  # fmt: skip
    with store.read_session() as session:
        for reminder in found:
            if reminder.occasion != "birthday":
                continue
            client = session.get(Client, reminder.client_id)
            assert client is not None and client.birth_date is not None
            if reminder.lunar:
                assert lunar_anniversary(client.birth_date, to_lunar(reminder.on).year) == (
                    reminder.on)
            # The ID number still agrees with the (moved) birth date.
            checked = validate_resident_id(client.id_number or "", today=TODAY)
            assert checked.birth_date == client.birth_date
        costs = session.scalars(select(Interaction.cost_fen).where(
            Interaction.channel.in_(("gift", "cake", "flowers", "card")))).all()  # fmt: skip
    assert costs and all(isinstance(c, int) and c > 0 for c in costs)
