"""Visit cadence: interval arithmetic, qualifying contacts by role, who carries a visit.

Dates are explicit (`today` is an argument of `obligations`); contact
instants are written in Shanghai time and stored in UTC, so the local-day
rule is exercised too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from ids_support import uuid7_made_at

from store.cadence import (
    DEFAULT_CADENCE,
    CadenceRules,
    Interval,
    cadence_states,
    find_managers,
    obligations,
)
from store.client_list import ClientQuery, client_page
from store.db import Store
from store.models import Branch, Client, Interaction, InteractionParticipant, Manager

ZONE = "Asia/Shanghai"
LOCAL = ZoneInfo(ZONE)
ALL = ("overdue", "due", "ok")
CM, SCM, BL = "client_manager", "senior_client_manager", "branch_leader"


# --- interval arithmetic ------------------------------------------------------------


@pytest.mark.parametrize(
    ("interval", "start", "expected"),
    [
        (Interval(months=1), date(2027, 1, 31), date(2027, 2, 28)),  # not in March
        (Interval(months=1), date(2028, 1, 31), date(2028, 2, 29)),  # leap year
        (Interval(months=1), date(2028, 2, 29), date(2028, 3, 29)),
        (Interval(months=1), date(2026, 12, 31), date(2027, 1, 31)),  # across the year
        (Interval(months=1), date(2027, 3, 31), date(2027, 4, 30)),
        (Interval(months=1), date(2027, 1, 15), date(2027, 2, 15)),
        (Interval(months=3), date(2026, 11, 30), date(2027, 2, 28)),  # quarter from a month end
        (Interval(months=3), date(2027, 11, 30), date(2028, 2, 29)),
        (Interval(months=6), date(2026, 8, 31), date(2027, 2, 28)),  # half-year
        (Interval(months=6), date(2027, 8, 31), date(2028, 2, 29)),
        (Interval(months=12), date(2028, 2, 29), date(2029, 2, 28)),
        (Interval(days=14), date(2027, 2, 20), date(2027, 3, 6)),
        (Interval(days=30), date(2028, 2, 15), date(2028, 3, 16)),
    ],
)
def test_interval_after_is_month_end_safe(interval: Interval, start: date, expected: date) -> None:
    assert interval.after(start) == expected


@pytest.mark.parametrize("values", [{}, {"months": 1, "days": 1}, {"months": -1}, {"days": 0},
                                    {"months": 0, "days": -3}])
def test_interval_needs_exactly_one_positive_part(values: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        Interval(**values)


def test_default_cadence_is_the_seeds() -> None:
    assert DEFAULT_CADENCE.tiers == ("diamond", "platinum", "private")
    assert DEFAULT_CADENCE.roles_for("private") == (CM, SCM, BL)
    assert DEFAULT_CADENCE.roles_for("gold") == ()
    assert DEFAULT_CADENCE.intervals[("platinum", CM)] == Interval(months=1)
    assert DEFAULT_CADENCE.intervals[("diamond", SCM)] == Interval(months=3)
    assert DEFAULT_CADENCE.intervals[("private", BL)] == Interval(months=6)
    assert DEFAULT_CADENCE.counted_kinds == frozenset({"visit"})
    with pytest.raises(TypeError):
        DEFAULT_CADENCE.intervals[("gold", CM)] = Interval(months=1)  # type: ignore[index]


# --- a small branch ---------------------------------------------------------------


@dataclass
class World:
    """Branch 仁怀支行 with sub-branch 茅台支行; managers by key; helpers to add data."""

    store: Store
    managers: dict[str, str] = field(default_factory=dict)
    branches: dict[str, str] = field(default_factory=dict)

    def client(self, name: str, owner: str | None = "cm", tier: str = "platinum",
               status: str = "active", branch: str = "main", deleted: bool = False,
               pinyin: str = "", joined: date | None = None, id: str | None = None) -> str:
        """A client; `joined` is the local day its record was made (its UUIDv7 time)."""
        if joined is not None:
            id = uuid7_made_at(datetime.combine(joined, time(10, 0), LOCAL))
        with self.store.session() as session:
            row = Client(name=name, tier=tier, status=status, deleted=deleted, name_pinyin=pinyin,
                         **({"id": id} if id else {}),
                         owner_manager_id=self.managers[owner] if owner else None,
                         branch_id=self.branches[branch])
            session.add(row)
            session.flush()
            return row.id

    def contact(self, client_id: str, when: datetime | date, *present: str,
                kind: str = "visit", levels: dict[str, str | None] | None = None,
                recorded_by: str | None = "cm", withdrawn: bool = False) -> str:
        """A log entry at `when` (a local date means 10:00 local) with `present` managers;
        `levels` gives a participant's level kept at the time (default: none kept)."""
        if isinstance(when, date) and not isinstance(when, datetime):
            when = datetime.combine(when, time(10, 0), LOCAL)
        with self.store.session() as session:
            entry = Interaction(client_id=client_id, kind=kind, occurred_at=when,
                                recorded_by_id=self.managers[recorded_by] if recorded_by else None,
                                deleted=withdrawn)
            session.add(entry)
            session.flush()
            for key in present:
                session.add(InteractionParticipant(
                    interaction_id=entry.id, manager_id=self.managers[key],
                    level=(levels or {}).get(key)))
            return entry.id


@pytest.fixture
def world(store: Store) -> Iterator[World]:
    w = World(store)
    with store.session() as session:
        main = Branch(code="001", name="仁怀支行")
        session.add(main)
        session.flush()
        sub = Branch(code="002", name="茅台支行", parent_id=main.id)
        lonely = Branch(code="003", name="盐津分理处")
        session.add_all([sub, lonely])
        session.flush()
        w.branches = {"main": main.id, "sub": sub.id, "lonely": lonely.id}
        staff = {
            # key: (employee no, name, level, branch)
            "cm": ("RH3001", "李娜", CM, "sub"),
            "cm2": ("RH3002", "张伟", CM, "sub"),
            "cm_lonely": ("RH3003", "马丽", CM, "lonely"),
            "cm_main": ("RH3009", "朱子豪", CM, "main"),
            "scm_b": ("RH2002", "王海涛", SCM, "main"),
            "scm_a": ("RH2001", "陈静", SCM, "main"),
            "scm_sub": ("RH2003", "刘芳", SCM, "sub"),
            "bl": ("RH1002", "杨建国", BL, "main"),
        }
        for key, (number, name, level, branch) in staff.items():
            row = Manager(employee_no=number, name=name, level=level,
                          branch_id=w.branches[branch])
            session.add(row)
            session.flush()
            w.managers[key] = row.id
    yield w


def _one(world: World, client_id: str, role: str, today: date,
         rules: CadenceRules = DEFAULT_CADENCE):  # type: ignore[no-untyped-def]
    with world.store.read_session() as session:
        found = [o for o in obligations(session, rules, today, ZONE, client_ids=[client_id],
                                        states=ALL) if o.role == role]
    assert len(found) == 1
    return found[0]


# --- due dates and states -------------------------------------------------------------


def test_monthly_visit_from_31_january_is_due_at_the_end_of_february(world: World) -> None:
    client = world.client("董建")
    world.contact(client, date(2027, 1, 31), "cm")
    due = _one(world, client, CM, date(2027, 2, 21))  # 7 days ahead: due
    assert (due.last_contact, due.due_on, due.state, due.days_overdue) == (
        date(2027, 1, 31), date(2027, 2, 28), "due", 0)
    assert _one(world, client, CM, date(2027, 2, 28)).state == "due"
    late = _one(world, client, CM, date(2027, 3, 1))
    assert (late.state, late.days_overdue) == ("overdue", 1)
    assert _one(world, client, CM, date(2027, 2, 20)).state == "ok"


def test_leap_year_february_29(world: World) -> None:
    client = world.client("董建")
    world.contact(client, date(2028, 1, 31), "cm")
    assert _one(world, client, CM, date(2028, 2, 1)).due_on == date(2028, 2, 29)


def test_quarter_and_half_year_from_month_ends(world: World) -> None:
    client = world.client("曹山", owner="scm_a")
    world.contact(client, date(2026, 11, 30), "bl")
    assert _one(world, client, SCM, date(2026, 12, 1)).due_on == date(2027, 2, 28)
    world.contact(client, date(2026, 8, 31), "bl")  # older: the latest still wins
    assert _one(world, client, BL, date(2026, 12, 1)).due_on == date(2027, 5, 30)
    other = world.client("田萱悦", owner="scm_a")
    world.contact(other, date(2026, 8, 31), "bl")
    assert _one(world, other, BL, date(2026, 12, 1)).due_on == date(2027, 2, 28)


def test_the_contact_day_is_the_local_day(world: World) -> None:
    client = world.client("董建")
    # 2027-01-31 17:30 UTC is 1 February 01:30 in Shanghai.
    world.contact(client, datetime(2027, 1, 31, 17, 30, tzinfo=ZoneInfo("UTC")), "cm")
    due = _one(world, client, CM, date(2027, 2, 10))
    assert (due.last_contact, due.due_on) == (date(2027, 2, 1), date(2027, 3, 1))


def test_never_contacted_is_due_one_interval_after_joining_the_book(world: World) -> None:
    autumn = world.client("王琼", joined=date(2026, 10, 31))
    due = _one(world, autumn, CM, date(2026, 11, 28))
    assert (due.last_contact, due.due_on, due.state, due.days_overdue) == (
        None, date(2026, 11, 30), "due", 0)
    assert _one(world, autumn, CM, date(2026, 12, 3)).days_overdue == 3
    # Made today: the first monthly visit is a month away.
    new = world.client("李响", joined=date(2026, 11, 28))
    assert (_one(world, new, CM, date(2026, 11, 28)).due_on,
            _one(world, new, SCM, date(2026, 11, 28)).due_on) == (
        date(2026, 12, 28), date(2027, 2, 28))


def test_the_due_date_of_a_never_contacted_client_stays_put_day_after_day(
        world: World) -> None:
    """Generated cadence task ids derive from the due date: it must not drift."""
    client = world.client("王琼", joined=date(2026, 6, 1))
    days = (date(2026, 11, 28), date(2026, 11, 29), date(2027, 1, 15))
    assert {_one(world, client, CM, day).due_on for day in days} == {date(2026, 7, 1)}


def test_an_id_that_is_not_a_uuid7_counts_as_made_today(world: World) -> None:
    client = world.client("王琼", id="0b8f5a3c-2d4e-4f6a-8b1c-9d0e1f2a3b4c")  # a UUIDv4
    assert _one(world, client, CM, date(2026, 11, 29)).due_on == date(2026, 12, 29)


def test_lead_days_decide_due_or_ok(world: World) -> None:
    client = world.client("王琼")
    world.contact(client, date(2026, 11, 5), "cm")  # due 2026-12-05
    assert _one(world, client, CM, date(2026, 11, 28)).state == "due"  # 7 days ahead
    assert _one(world, client, CM, date(2026, 11, 27)).state == "ok"  # 8 days ahead
    rules = CadenceRules(intervals=DEFAULT_CADENCE.intervals, lead_days=10)
    assert _one(world, client, CM, date(2026, 11, 25), rules).state == "due"


# --- what counts -------------------------------------------------------------------------


def test_a_leaders_visit_counts_for_every_lower_role(world: World) -> None:
    client = world.client("黄静蕾", tier="diamond")
    world.contact(client, date(2026, 11, 20), "bl")
    for role in (CM, SCM, BL):
        assert _one(world, client, role, date(2026, 11, 28)).last_contact == date(2026, 11, 20)


def test_a_client_managers_visit_never_counts_for_the_seniors(world: World) -> None:
    client = world.client("黄静蕾", tier="diamond")
    world.contact(client, date(2026, 11, 20), "cm")
    assert _one(world, client, CM, date(2026, 11, 28)).last_contact == date(2026, 11, 20)
    assert _one(world, client, SCM, date(2026, 11, 28)).last_contact is None
    assert _one(world, client, BL, date(2026, 11, 28)).last_contact is None


def test_the_level_held_at_the_visit_beats_the_current_level(world: World) -> None:
    client = world.client("刘鑫博")
    # 李娜 is a client manager now, but was acting senior at this visit.
    world.contact(client, date(2026, 10, 1), "cm", levels={"cm": SCM})
    assert _one(world, client, SCM, date(2026, 11, 28)).last_contact == date(2026, 10, 1)
    # 陈静 is senior now, but the visit was logged when she was a client manager.
    world.contact(client, date(2026, 11, 10), "scm_a", levels={"scm_a": CM})
    assert _one(world, client, SCM, date(2026, 11, 28)).last_contact == date(2026, 10, 1)
    assert _one(world, client, CM, date(2026, 11, 28)).last_contact == date(2026, 11, 10)
    # No level kept: the manager's current level.
    world.contact(client, date(2026, 11, 12), "scm_b")
    assert _one(world, client, SCM, date(2026, 11, 28)).last_contact == date(2026, 11, 12)


def test_withdrawn_entries_and_withdrawn_participants_do_not_count(world: World) -> None:
    client = world.client("胡雪娜")
    world.contact(client, date(2026, 11, 20), "bl", withdrawn=True)
    world.contact(client, date(2026, 10, 2), "cm")
    assert _one(world, client, CM, date(2026, 11, 28)).last_contact == date(2026, 10, 2)
    entry = world.contact(client, date(2026, 11, 21), "scm_a", recorded_by=None)
    with world.store.session() as session:
        for row in session.query(InteractionParticipant).filter_by(interaction_id=entry):
            row.deleted = True
    assert _one(world, client, SCM, date(2026, 11, 28)).last_contact is None


def test_sms_does_not_count_by_default_and_the_config_can_say_it_does(world: World) -> None:
    client = world.client("黄薇")
    world.contact(client, date(2026, 11, 25), "cm", kind="sms")
    world.contact(client, date(2026, 10, 1), "cm")
    assert _one(world, client, CM, date(2026, 11, 28)).last_contact == date(2026, 10, 1)
    rules = CadenceRules(intervals=DEFAULT_CADENCE.intervals, counted_kinds={"visit", "sms"})
    assert _one(world, client, CM, date(2026, 11, 28), rules).last_contact == date(2026, 11, 25)
    events_only = CadenceRules(intervals=DEFAULT_CADENCE.intervals, counted_kinds={"event"})
    assert _one(world, client, CM, date(2026, 11, 28), events_only).last_contact is None


def test_an_entry_without_participants_counts_for_whoever_recorded_it(world: World) -> None:
    client = world.client("李忠")
    world.contact(client, date(2026, 11, 1), recorded_by="scm_a")
    assert _one(world, client, SCM, date(2026, 11, 28)).last_contact == date(2026, 11, 1)
    other = world.client("吴鑫翔")
    world.contact(other, date(2026, 11, 1), recorded_by=None)
    assert _one(world, other, CM, date(2026, 11, 28)).last_contact is None


# --- who carries a visit, and what is in scope --------------------------------------------------


def test_who_carries_each_role(world: World) -> None:
    client = world.client("董建", owner="cm")  # a junior in the sub-branch
    with world.store.read_session() as session:
        found = {o.role: o for o in obligations(session, DEFAULT_CADENCE, date(2026, 11, 28),
                                                ZONE, states=ALL)}
    names = {role: o.manager_name for role, o in found.items()}
    # Own monthly visit; the sub-branch's own senior; no leader there: the parent's.
    assert names == {CM: "李娜", SCM: "刘芳", BL: "杨建国"}
    assert found[CM].manager_id == world.managers["cm"]
    assert {o.client_id for o in found.values()} == {client}


def test_a_senior_owner_carries_both_roles_and_the_first_senior_by_number_falls_back(
    world: World,
) -> None:
    mine = world.client("曹山", owner="scm_b")
    juniors = world.client("马丽的客户", owner="cm_lonely", branch="lonely")
    orphan = world.client("无人", owner=None, branch="main")
    with world.store.read_session() as session:
        found = obligations(session, DEFAULT_CADENCE, date(2026, 11, 28), ZONE, states=ALL)
    carried = {(o.client_id, o.role): o.manager_name for o in found}
    assert carried[(mine, CM)] == carried[(mine, SCM)] == "王海涛"
    # A branch with no senior and no parent: nobody carries it.
    assert carried[(juniors, CM)] == "马丽"
    assert carried[(juniors, SCM)] is None
    # No owner: the client's own branch; 陈静 RH2001 comes before 王海涛 RH2002.
    assert carried[(orphan, CM)] == "朱子豪"
    assert carried[(orphan, SCM)] == "陈静"


def test_mine_keeps_exactly_what_a_manager_carries(world: World) -> None:
    own = world.client("曹山", owner="scm_a")
    junior = world.client("董建", owner="cm_main")
    world.client("刘鑫博", owner="scm_b")
    with world.store.read_session() as session:
        everything = obligations(session, DEFAULT_CADENCE, date(2026, 11, 28), ZONE, states=ALL)
        for key in world.managers:
            manager = world.managers[key]
            mine = obligations(session, DEFAULT_CADENCE, date(2026, 11, 28), ZONE, states=ALL,
                               manager_id=manager)
            assert mine == [o for o in everything if o.manager_id == manager], key
        chen = obligations(session, DEFAULT_CADENCE, date(2026, 11, 28), ZONE, states=ALL,
                           manager_id=world.managers["scm_a"])
    assert {(o.client_id, o.role) for o in chen} == {(own, CM), (own, SCM), (junior, SCM)}


def test_a_departed_owner_counts_as_no_owner(world: World) -> None:
    """The clients of a manager who left fall to their own branch, not to nobody."""
    in_main = world.client("离职经理的客户", owner="cm", branch="main")
    in_sub = world.client("离职经理的另一客户", owner="cm", branch="sub")
    with world.store.session() as session:
        session.get(Manager, world.managers["cm"]).deleted = True  # type: ignore[union-attr]
    with world.store.read_session() as session:
        found = obligations(session, DEFAULT_CADENCE, date(2026, 11, 28), ZONE, states=ALL)
        carried = {(o.client_id, o.role): o.manager_name for o in found}
        # As with no owner: main has 朱子豪, 陈静, 杨建国; in sub 张伟 is now the first
        # client manager, 刘芳 the senior, and the leader is the parent's.
        assert [carried[(in_main, role)] for role in (CM, SCM, BL)] == ["朱子豪", "陈静", "杨建国"]
        assert [carried[(in_sub, role)] for role in (CM, SCM, BL)] == ["张伟", "刘芳", "杨建国"]
        # and each carrier sees them in their own list (`due --manager`, my day)
        for key, client in (("cm_main", in_main), ("scm_a", in_main), ("cm2", in_sub),
                            ("bl", in_sub)):  # fmt: skip
            mine = obligations(session, DEFAULT_CADENCE, date(2026, 11, 28), ZONE, states=ALL,
                               manager_id=world.managers[key])
            assert client in {o.client_id for o in mine}, key
            assert mine == [o for o in found if o.manager_id == world.managers[key]], key


def test_only_live_clients_of_tiers_with_rules(world: World) -> None:
    live = world.client("甲", status="active")
    dormant = world.client("乙", status="dormant")
    world.client("丙", status="archived")
    world.client("丁", status="prospect")
    world.client("戊", deleted=True)
    world.client("己", tier="gold")
    with world.store.read_session() as session:
        found = obligations(session, DEFAULT_CADENCE, date(2026, 11, 28), ZONE, states=ALL)
    assert {o.client_id for o in found} == {live, dormant}
    no_gold = CadenceRules(intervals={("gold", CM): Interval(days=30)})
    with world.store.read_session() as session:
        gold = obligations(session, no_gold, date(2026, 11, 28), ZONE, states=ALL)
    assert [o.client_name for o in gold] == ["己"]


def test_sorted_worst_first_and_states_filter(world: World) -> None:
    a = world.client("阿")
    b = world.client("波")
    c = world.client("茨")
    d = world.client("得")
    world.contact(a, date(2026, 9, 1), "bl")  # CM overdue since 10-01
    world.contact(b, date(2026, 6, 1), "bl")  # CM overdue since 07-01, SCM since 09-01
    world.contact(c, date(2026, 11, 20), "bl")  # ok
    world.contact(d, date(2026, 11, 1), "cm")  # CM due 12-01; SCM, BL never: months away
    with world.store.read_session() as session:
        found = obligations(session, DEFAULT_CADENCE, date(2026, 11, 28), ZONE)
        ok = obligations(session, DEFAULT_CADENCE, date(2026, 11, 28), ZONE, states=("ok",))
    # Names have no pinyin here, so they sort as written (得 < 波 < 阿 in code points).
    assert [(o.client_name, o.role, o.days_overdue) for o in found] == [
        ("波", CM, 150), ("波", SCM, 88), ("阿", CM, 58),
        ("得", CM, 0), ("波", BL, 0), ("阿", SCM, 0),  # due 2026-12-01
    ]
    assert {o.state for o in found[:3]} == {"overdue"}
    assert {o.state for o in found[3:]} == {"due"}
    assert {(o.client_name, o.state) for o in ok} >= {("茨", "ok"), ("阿", "ok")}
    assert all(o.state == "ok" for o in ok)


def test_names_sort_in_pinyin_order(world: World) -> None:
    for name, pinyin in (("得", "de"), ("阿", "a"), ("波", "bo")):
        world.client(name, pinyin=pinyin, joined=date(2026, 10, 28))  # due today
    with world.store.read_session() as session:
        found = obligations(session, DEFAULT_CADENCE, date(2026, 11, 28), ZONE)
    assert [o.client_name for o in found if o.role == CM] == ["阿", "波", "得"]


def test_cadence_states_is_the_worst_role_per_client(world: World) -> None:
    late = world.client("阿")
    fine = world.client("波")
    gold = world.client("茨", tier="gold")
    world.contact(late, date(2026, 11, 1), "cm")  # CM due 12-01, senior never: months away
    world.contact(fine, date(2026, 11, 20), "bl")
    world.contact(gold, date(2026, 1, 1), "cm")
    with world.store.read_session() as session:
        states = cadence_states(session, DEFAULT_CADENCE, [late, fine, gold],
                                date(2026, 11, 28), ZONE)
        later = cadence_states(session, DEFAULT_CADENCE, [late, fine], date(2027, 1, 5), ZONE)
    assert states == {late: ("due", 0), fine: ("ok", 0)}
    assert later == {late: ("overdue", 35), fine: ("overdue", 16)}


def test_the_client_list_carries_cadence_status(world: World) -> None:
    late = world.client("阿")
    world.client("茨", tier="gold")
    world.contact(late, date(2026, 9, 1), "bl")
    with world.store.read_session() as session:
        _, plain = client_page(session, ClientQuery(sort="name"), 10, ZONE)
        _, rows = client_page(session, ClientQuery(sort="name"), 10, ZONE,
                              cadence=DEFAULT_CADENCE)
    assert {row.name: row.cadence for row in plain} == {"阿": None, "茨": None}
    # Fixed clock: 2026-11-28; the monthly visit was due 2026-10-01.
    assert {row.name: row.cadence for row in rows} == {"阿": ("overdue", 58), "茨": None}


def test_find_managers_by_number_or_name(world: World) -> None:
    with world.store.read_session() as session:
        assert [m.name for m in find_managers(session, "rh2001")] == ["陈静"]
        assert [m.employee_no for m in find_managers(session, " 王海涛 ")] == ["RH2002"]
        assert find_managers(session, "nobody") == []
        assert find_managers(session, "") == []
