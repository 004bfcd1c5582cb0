"""store.brief: what the pre-visit brief reads, and the checklist's ticks on this laptop.

The clock is fixed at 2026-11-28 (tests/conftest.py); dates ahead count from it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from store import i18n
from store.brief import (
    CHECKLIST_KEYS,
    UPCOMING_DAYS,
    clear_ticks,
    default_checklist,
    next_occurrence,
    parse_follow_ups,
    pre_visit_brief,
    set_tick,
    ticked_items,
)
from store.db import Store
from store.i18n import t
from store.models import (
    Branch,
    Client,
    ClientRelation,
    ClientTag,
    Interaction,
    InteractionParticipant,
    KeyContact,
    LocalMeta,
    Manager,
    OutboxChange,
    Task,
)

TODAY = date(2026, 11, 28)
ZONE = "Asia/Shanghai"
CHECKLIST = ("Review holdings", "Bring the fund leaflet", "Agree the agenda")


@pytest.fixture
def desk(store: Store) -> Store:
    """A store with a signed-in senior client manager."""
    with store.session() as session:
        branch = Branch(code="520382", name="仁怀市支行")
        session.add(branch)
        session.flush()
        manager = Manager(
            employee_no="RH1001", name="李娜", level="senior_client_manager", branch_id=branch.id
        )
        session.add(manager)
        session.flush()
        store.manager_id = manager.id
    return store


def _client(store: Store, **values: Any) -> str:
    defaults: dict[str, Any] = {"name": "张伟", "kind": "individual", "tier": "diamond"}
    with store.session() as session:
        client = Client(**(defaults | values))
        session.add(client)
        session.flush()
        return client.id


def _brief(store: Store, client_id: str, checklist: tuple[str, ...] = CHECKLIST) -> Any:
    with store.read_session() as session:
        brief = pre_visit_brief(session, client_id, checklist, TODAY, ZONE)
    assert brief is not None
    return brief


# --- key facts ---------------------------------------------------------------------------


def test_a_missing_or_withdrawn_client_has_no_brief(desk: Store) -> None:
    client_id = _client(desk)
    with desk.session() as session:
        session.get(Client, client_id).deleted = True  # type: ignore[union-attr]
    with desk.read_session() as session:
        assert pre_visit_brief(session, client_id, CHECKLIST, TODAY, ZONE) is None
        assert pre_visit_brief(session, "no-such-client", CHECKLIST, TODAY, ZONE) is None


def test_key_facts_name_the_owner_and_show_the_whole_phone(desk: Store) -> None:
    client_id = _client(
        desk, birth_date=date(1975, 12, 1), occupation="企业主", employer="仁怀酒业",
        phone="13800138000", risk_level="C3", risk_assessed_on=date(2026, 3, 1),
        owner_manager_id=desk.manager_id, tier_reason="行长特批", importance="A",
    )  # fmt: skip
    facts = _brief(desk, client_id).facts
    assert (facts.name, facts.tier, facts.tier_reason, facts.importance) == (
        "张伟", "diamond", "行长特批", "A"
    )
    assert facts.age == 50  # turns 51 on 1 December
    assert facts.phone == "13800138000"
    assert (facts.owner_name, facts.owner_level) == ("李娜", "senior_client_manager")
    assert (facts.occupation, facts.employer) == ("企业主", "仁怀酒业")
    assert facts.risk_review_due is False


@pytest.mark.parametrize(
    ("assessed", "due"),
    [
        (None, True),
        (TODAY - timedelta(days=365), False),
        (TODAY - timedelta(days=366), True),
    ],
)
def test_a_risk_assessment_older_than_a_year_is_flagged(
    desk: Store, assessed: date | None, due: bool
) -> None:
    client_id = _client(desk, risk_level="C2", risk_assessed_on=assessed)
    assert _brief(desk, client_id).facts.risk_review_due is due


# --- dates ahead -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "today", "expected"),
    [
        (date(1980, 12, 1), TODAY, date(2026, 12, 1)),
        (date(1980, 11, 28), TODAY, date(2026, 11, 28)),  # today counts
        (date(1980, 11, 27), TODAY, date(2027, 11, 27)),  # just passed: next year
        (date(1984, 2, 29), date(2027, 2, 1), date(2027, 2, 28)),  # common year
        (date(1984, 2, 29), date(2028, 2, 1), date(2028, 2, 29)),  # leap year
        (date(1984, 2, 29), date(2026, 12, 1), date(2027, 2, 28)),
    ],
)
def test_next_occurrence(stored: date, today: date, expected: date) -> None:
    assert next_occurrence(stored, today)[1] == expected


def test_next_lunar_occurrence_is_this_years_lunar_anniversary() -> None:
    # 1980-01-07 is 冬月二十 of lunar 1979; in lunar 2026 that is 2026-12-28.
    assert next_occurrence(date(1980, 1, 7), TODAY, lunar=True) == (2026, date(2026, 12, 28))
    # 1975-03-12 is 正月三十 of lunar 1975; 正月 2026 is already past, so lunar 2027's.
    assert next_occurrence(date(1975, 3, 12), TODAY, lunar=True) == (2027, date(2027, 3, 7))


def test_birthdays_and_anniversaries_within_sixty_days_soonest_first(desk: Store) -> None:
    client_id = _client(
        desk, birth_date=date(1975, 12, 1), wedding_date=date(2000, 1, 20),
    )
    spouse = _client(desk, name="李梅", birth_date=date(1978, 11, 28))
    far = _client(desk, name="张小明", birth_date=date(2005, 6, 1))  # months away
    with desk.session() as session:
        session.add(ClientRelation(from_client_id=spouse, to_client_id=client_id, kind="spouse"))
        session.add(ClientRelation(from_client_id=far, to_client_id=client_id, kind="child"))
    upcoming = _brief(desk, client_id).upcoming
    assert [(u.who, u.what, u.role, u.on, u.days_away, u.turning) for u in upcoming] == [
        ("李梅", "birthday", "spouse", date(2026, 11, 28), 0, 48),
        ("张伟", "birthday", None, date(2026, 12, 1), 3, 51),
        ("张伟", "wedding", None, date(2027, 1, 20), 53, 27),
    ]


def test_the_sixtieth_day_is_in_and_the_sixty_first_out(desk: Store) -> None:
    inside = _client(desk, birth_date=(TODAY + timedelta(days=UPCOMING_DAYS)).replace(year=1990))
    outside = _client(
        desk, birth_date=(TODAY + timedelta(days=UPCOMING_DAYS + 1)).replace(year=1990)
    )
    assert [u.days_away for u in _brief(desk, inside).upcoming] == [UPCOMING_DAYS]
    assert _brief(desk, outside).upcoming == ()


def test_a_lunar_birthday_is_listed_on_this_years_gregorian_day_with_its_lunar_age(
    desk: Store,
) -> None:
    client_id = _client(desk, birth_date=date(1980, 1, 7), birthday_lunar=True)
    (upcoming,) = _brief(desk, client_id).upcoming
    assert upcoming.lunar is True
    assert upcoming.stored == date(1980, 1, 7)
    # 冬月二十 comes on 2026-12-28 (the solar anniversary would be 2027-01-07);
    # born in lunar 1979, so 47 in lunar years.
    assert (upcoming.on, upcoming.days_away, upcoming.turning) == (date(2026, 12, 28), 30, 47)


def test_a_lunar_birthday_beyond_the_window_is_not_listed(desk: Store) -> None:
    client_id = _client(desk, birth_date=date(1975, 3, 12), birthday_lunar=True)
    assert _brief(desk, client_id).upcoming == ()


def test_a_company_lists_its_key_contacts_and_executives_birthdays(desk: Store) -> None:
    company = _client(desk, name="仁怀市云峰酿酒有限责任公司", kind="corporate")
    boss = _client(desk, name="徐帅", birth_date=date(1970, 12, 20))
    with desk.session() as session:
        session.add(ClientRelation(from_client_id=boss, to_client_id=company, kind="executive"))
        session.add(KeyContact(client_id=company, name="张艳", title="财务总监",
                               birth_date=date(1985, 12, 5)))
        session.add(KeyContact(client_id=company, name="王芳", title="出纳",
                               birth_date=date(1990, 1, 13), birthday_lunar=True))
    brief = _brief(desk, company)
    assert [(u.who, u.role, u.title, u.on) for u in brief.upcoming] == [
        ("张艳", "contact", "财务总监", date(2026, 12, 5)),
        ("徐帅", "executive", None, date(2026, 12, 20)),
        ("王芳", "contact", "出纳", date(2027, 1, 24)),  # lunar 腊月十七
    ]
    assert brief.facts.age is None
    assert [r.other_name for r in brief.relations] == ["徐帅"]
    assert [c.name for c in brief.key_contacts] == ["张艳", "王芳"]


# --- assets ------------------------------------------------------------------------------


def _set_aum(store: Store, client_id: str, fen: int, when: str, mp: pytest.MonkeyPatch) -> None:
    mp.setenv("CLIENTDESK_NOW", when)
    with store.session() as session:
        session.get(Client, client_id).aum_fen = fen  # type: ignore[union-attr]


def test_no_aum_change_recorded_means_no_history(desk: Store) -> None:
    client_id = _client(desk, aum_fen=500_000_000, contribution_fen=1_200_000)
    brief = _brief(desk, client_id)
    assert (brief.aum_fen, brief.contribution_fen) == (500_000_000, 1_200_000)
    assert (brief.aum_before, brief.aum_trend, brief.aum_change_fen) == (None, (), None)


def test_the_aum_trend_comes_from_audited_changes_one_point_a_day(
    desk: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    client_id = _client(desk, aum_fen=500_000_000)
    _set_aum(desk, client_id, 520_000_000, "2026-03-01T10:00", monkeypatch)
    _set_aum(desk, client_id, 510_000_000, "2026-06-15T10:00", monkeypatch)
    _set_aum(desk, client_id, 530_000_000, "2026-06-15T16:00", monkeypatch)  # same day
    # 2026-09-30 23:30 UTC is already 1 October in Shanghai.
    _set_aum(desk, client_id, 450_000_000, "2026-09-30T23:30:00+00:00", monkeypatch)
    with desk.session() as session:  # another field's change is no AUM point
        session.get(Client, client_id).notes = "aum_fen 在备注里"  # type: ignore[union-attr]
    monkeypatch.setenv("CLIENTDESK_NOW", "2026-11-28")
    brief = _brief(desk, client_id)
    assert brief.aum_before == 500_000_000
    assert [(p.on, p.aum_fen) for p in brief.aum_trend] == [
        (date(2026, 3, 1), 520_000_000),
        (date(2026, 6, 15), 530_000_000),
        (date(2026, 10, 1), 450_000_000),
    ]
    assert brief.aum_change_fen == -50_000_000


# --- contacts and tasks ------------------------------------------------------------------


def _contact(
    store: Store, client_id: str, days_ago: int, follow_ups: str | None = None, **values: Any
) -> str:
    at = datetime(2026, 11, 28, 2, 0, tzinfo=UTC) - timedelta(days=days_ago)
    with store.session() as session:
        entry = Interaction(client_id=client_id, kind=values.pop("kind", "visit"),
                            occurred_at=at, summary=f"{days_ago} days ago",
                            follow_ups=follow_ups, **values)  # fmt: skip
        session.add(entry)
        session.flush()
        session.add(InteractionParticipant(interaction_id=entry.id, manager_id=store.manager_id))
        return entry.id


def _task(store: Store, client_id: str, title: str, **values: Any) -> str:
    with store.session() as session:
        task = Task(title=title, client_id=client_id, assignee_id=store.manager_id, **values)
        session.add(task)
        session.flush()
        return task.id


def test_the_last_five_contacts_newest_first_withdrawn_ones_left_out(desk: Store) -> None:
    client_id = _client(desk)
    for days_ago in (1, 10, 20, 30, 40, 50):
        _contact(desk, client_id, days_ago)
    withdrawn = _contact(desk, client_id, 0)
    with desk.session() as session:
        session.get(Interaction, withdrawn).deleted = True  # type: ignore[union-attr]
    recent = _brief(desk, client_id).recent
    assert [c.entry.summary for c in recent] == [f"{d} days ago" for d in (1, 10, 20, 30, 40)]
    assert recent[0].entry.participants == ("李娜",)


def test_each_follow_up_shows_what_became_of_it(desk: Store) -> None:
    client_id = _client(desk)
    entry = _contact(
        desk, client_id, 3, "寄送基金资料\n✓ 赠送月饼\nx 约定下次时间\n复核保险到期\n"
    )
    _task(desk, client_id, "寄送基金资料", status="done", source="follow_up", interaction_id=entry)
    _task(desk, client_id, "跟进张总：复核保险到期", source="follow_up", interaction_id=entry)
    _task(desk, client_id, "改过的跟进", source="follow_up", interaction_id=entry)
    (contact,) = _brief(desk, client_id).recent
    assert [(f.text, f.done_at_visit, f.task_status) for f in contact.follow_ups] == [
        ("寄送基金资料", False, "done"),
        ("赠送月饼", True, None),
        ("约定下次时间", True, None),
        ("复核保险到期", False, "open"),
        ("改过的跟进", False, "open"),  # a task no line names any more is still shown
    ]


def test_parse_follow_ups_reads_done_marks_as_logging_does() -> None:
    assert parse_follow_ups(" a \n\n✓ b\nx c\nxylophone\n") == [
        ("a", False), ("✓ b", True), ("x c", True), ("xylophone", False),
    ]  # fmt: skip
    assert parse_follow_ups(None) == []


def test_open_tasks_are_the_clients_open_unsnoozed_ones(desk: Store) -> None:
    client_id = _client(desk)
    other = _client(desk, name="李梅")
    _task(desk, client_id, "送生日蛋糕", due_on=date(2026, 12, 1))
    _task(desk, client_id, "已办完", status="done")
    _task(desk, client_id, "下月再说", snoozed_until=date(2026, 12, 20))
    _task(desk, other, "别人的任务")
    tasks = _brief(desk, client_id).open_tasks
    assert [task.title for task in tasks] == ["送生日蛋糕"]


def test_preferences_avoid_notes_and_tags(desk: Store) -> None:
    client_id = _client(desk, preferences="喜欢普洱茶；周六上午方便", avoid="不谈房地产",
                        notes="老客户")  # fmt: skip
    with desk.session() as session:
        session.add_all([ClientTag(client_id=client_id, tag=tag) for tag in ("高尔夫", "收藏")])
    brief = _brief(desk, client_id)
    assert (brief.preferences, brief.avoid, brief.notes) == (
        "喜欢普洱茶；周六上午方便", "不谈房地产", "老客户"
    )
    assert set(brief.tags) == {"高尔夫", "收藏"}


# --- the checklist -----------------------------------------------------------------------


def test_the_default_checklist_follows_the_language() -> None:
    assert default_checklist() == tuple(t(key) for key in CHECKLIST_KEYS)
    assert len(default_checklist()) == 6
    i18n.set_language("zh")
    assert default_checklist()[0] == "检视持仓与到期产品"


def _outbox(store: Store) -> int:
    with store.read_session() as session:
        return session.scalar(select(func.count()).select_from(OutboxChange)) or 0


def test_ticks_are_kept_on_this_laptop_and_never_synced(desk: Store) -> None:
    client_id = _client(desk)
    other = _client(desk, name="李梅")
    pending = _outbox(desk)
    set_tick(desk, client_id, "Review holdings", True)
    set_tick(desk, client_id, "Agree the agenda", True)
    set_tick(desk, client_id, "Agree the agenda", True)  # twice is once
    assert _outbox(desk) == pending
    brief = _brief(desk, client_id)
    assert [(i.text, i.ticked) for i in brief.checklist] == [
        ("Review holdings", True), ("Bring the fund leaflet", False), ("Agree the agenda", True),
    ]  # fmt: skip
    assert brief.ticked == ("Review holdings", "Agree the agenda")
    assert not any(i.ticked for i in _brief(desk, other).checklist)
    set_tick(desk, client_id, "Review holdings", False)
    with desk.read_session() as session:
        assert ticked_items(session, client_id) == {"Agree the agenda"}
    set_tick(desk, client_id, "Agree the agenda", False)
    with desk.read_session() as session:
        assert session.get(LocalMeta, f"prep:{client_id}") is None  # nothing left behind


def test_a_tick_for_an_item_no_longer_listed_is_ignored(desk: Store) -> None:
    client_id = _client(desk)
    set_tick(desk, client_id, "An item from last year's config", True)
    brief = _brief(desk, client_id)
    assert brief.ticked == ()
    assert [i.text for i in brief.checklist] == list(CHECKLIST)


def test_a_damaged_tick_record_reads_as_nothing_ticked(desk: Store) -> None:
    client_id = _client(desk)
    with desk.session() as session:
        session.add(LocalMeta(key=f"prep:{client_id}", value="not json"))
    assert _brief(desk, client_id).ticked == ()
    set_tick(desk, client_id, "Review holdings", True)  # and ticking starts it afresh
    assert _brief(desk, client_id).ticked == ("Review holdings",)


def test_an_empty_item_cannot_be_ticked(desk: Store) -> None:
    client_id = _client(desk)
    with pytest.raises(ValueError):
        set_tick(desk, client_id, "  ", True)


def test_clear_ticks_forgets_one_clients_ticks(desk: Store) -> None:
    client_id = _client(desk)
    other = _client(desk, name="李梅")
    set_tick(desk, client_id, "Review holdings", True)
    set_tick(desk, other, "Review holdings", True)
    with desk.session() as session:
        clear_ticks(session, client_id)
    assert _brief(desk, client_id).ticked == ()
    assert _brief(desk, other).ticked == ("Review holdings",)


def test_logging_the_visit_clears_the_ticks(desk: Store) -> None:
    from store.interactions import InteractionDraft, log_interaction

    client_id = _client(desk)
    set_tick(desk, client_id, "Review holdings", True)
    draft = InteractionDraft(
        client_id=client_id, kind="visit", occurred_at=datetime(2026, 11, 28, 0, 30, tzinfo=UTC),
        duration_min=60, purpose="care", summary="拜访", participant_ids=(),
        prepared="Review holdings",
    )  # fmt: skip
    log_interaction(desk, draft, zone=ZONE)
    assert _brief(desk, client_id).ticked == ()


def test_the_configured_checklist_replaces_the_default_and_drops_repeats(desk: Store) -> None:
    client_id = _client(desk)
    brief = _brief(desk, client_id, ("带理财说明书", "", "带理财说明书", "约时间"))
    assert [i.text for i in brief.checklist] == ["带理财说明书", "约时间"]
