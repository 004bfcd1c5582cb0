"""store.interactions and store.visit_log: logging, correcting and withdrawing contacts.

The clock is fixed at 2026-11-28 09:00 Asia/Shanghai (tests/conftest.py).
Expected messages are built from the catalog keys the code must use, so a
test fails when the wrong field is named or the reason is another one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from store import i18n
from store.audit import audit_history
from store.cadence import DEFAULT_CADENCE, CadenceRules, obligations
from store.db import Store
from store.demo import fill_demo
from store.errors import ValidationError
from store.interactions import (
    ChangedElsewhereError,
    cadence_roles,
    describe_when,
    draft_from,
    edit_interaction,
    log_interaction,
    validate_interaction_form,
    withdraw_interaction,
)
from store.models import Client, Interaction, InteractionParticipant, LocalMeta, Manager, Task
from store.natural_dates import DateParseError
from store.tasks import cadence_task_id, generate_cadence_tasks, set_task_status, snooze_task
from store.visit_log import interaction_detail, interactions_for_client

ZONE = "Asia/Shanghai"
NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
TODAY = date(2026, 11, 28)


def _error(field: str, reason: str, **params: Any) -> str:
    return ValidationError(field, reason, **params).message()


def _form(**overrides: str) -> dict[str, str]:
    values = {
        "kind": "visit", "when": "2026-11-27 15:00", "ends": "", "duration_min": "60",
        "participants": "", "purpose": "care", "summary": "聊了孩子留学的安排",
        "prepared": "资产检视报告", "needs": "美元资产配置", "products": "美元理财",
        "outcome": "客户考虑中", "satisfaction": "4",
        "follow_ups": "寄送美元理财说明书\n✓ 送上年历", "next_contact_on": "2026-12-05",
    }  # fmt: skip
    return values | overrides


@pytest.fixture
def demo(store: Store) -> Store:
    fill_demo(store, clients=30, seed=3)
    return store


def _client(store: Store) -> str:
    with store.read_session() as session:
        return session.execute(
            select(Client.id).where(Client.deleted.is_(False)).order_by(Client.id).limit(1)
        ).scalar_one()


def _manager(store: Store, level: str) -> Manager:
    with store.read_session() as session:
        return session.execute(
            select(Manager).where(Manager.level == level).order_by(Manager.id).limit(1)
        ).scalar_one()


def _log(store: Store, client_id: str, **overrides: str) -> str:
    clean, errors = validate_interaction_form(_form(**overrides), ZONE, NOW)
    assert errors == {}
    return log_interaction(store, draft_from(client_id, clean), zone=ZONE)


# --- validation: the bad input the issue names ----------------------------------


def test_a_clean_form_reads_into_stored_values() -> None:
    clean, errors = validate_interaction_form(_form(), ZONE, NOW)
    assert errors == {}
    assert clean["occurred_at"] == datetime(2026, 11, 27, 7, 0, tzinfo=UTC)
    assert clean["duration_min"] == 60
    assert clean["satisfaction"] == 4
    assert clean["follow_ups"] == ("寄送美元理财说明书", "✓ 送上年历")
    assert clean["next_contact_on"] == date(2026, 12, 5)


def test_a_visit_in_the_future_cannot_be_logged_as_done() -> None:
    _, errors = validate_interaction_form(_form(when="2026-11-28 10:30"), ZONE, NOW)
    assert errors == {
        "when": _error("visit_log.field.when", "visit_log.invalid.future", value="2026-11-28 10:30")
    }
    assert "calendar" in errors["when"]


def test_an_end_before_the_start_is_refused() -> None:
    _, errors = validate_interaction_form(
        _form(when="2026-11-27 15:00", ends="14:30", duration_min=""), ZONE, NOW
    )
    assert errors == {
        "ends": _error("visit_log.field.ends", "visit_log.invalid.ends_before", start="15:00")
    }


def test_an_end_after_now_is_refused_too() -> None:
    _, errors = validate_interaction_form(
        _form(when="08:30", ends="10:00", duration_min="", next_contact_on=""), ZONE, NOW
    )
    assert errors == {
        "ends": _error("visit_log.field.ends", "visit_log.invalid.future", value="10:00")
    }


def test_an_end_gives_the_duration_and_must_agree_with_one_typed() -> None:
    clean, errors = validate_interaction_form(_form(ends="16:15", duration_min=""), ZONE, NOW)
    assert errors == {} and clean["duration_min"] == 75
    _, errors = validate_interaction_form(_form(ends="16:15", duration_min="30"), ZONE, NOW)
    assert set(errors) == {"duration_min"}


@pytest.mark.parametrize("minutes", ["0", "1441", "-5", "half an hour"])
def test_a_duration_is_one_minute_to_a_day(minutes: str) -> None:
    _, errors = validate_interaction_form(_form(duration_min=minutes), ZONE, NOW)
    assert errors == {
        "duration_min": _error(
            "visit_log.field.duration", "visit_log.invalid.duration", value=minutes
        )
    }


def test_a_next_contact_before_the_visit_is_refused() -> None:
    _, errors = validate_interaction_form(_form(next_contact_on="2026-11-20"), ZONE, NOW)
    assert errors == {
        "next_contact_on": _error(
            "visit_log.field.next_contact_on", "visit_log.invalid.next_before",
            value="2026-11-20", day="2026-11-27",
        )
    }  # fmt: skip


def test_a_50000_character_summary_is_refused() -> None:
    _, errors = validate_interaction_form(_form(summary="话" * 50_000), ZONE, NOW)
    assert errors == {
        "summary": _error(
            "visit_log.field.summary", "visit_log.invalid.too_long",
            length="50,000", limit="10,000",
        )
    }  # fmt: skip
    assert "50,000" in errors["summary"] and "10,000" in errors["summary"]


def test_a_day_the_calendar_lacks_is_named_as_such() -> None:
    _, errors = validate_interaction_form(_form(when="2026-02-30 10:00"), ZONE, NOW)
    assert errors["when"] == _error(
        "visit_log.field.when", "visit_log.invalid.no_such_date", value="2026-02-30"
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("now", datetime(2026, 11, 28, 1, 0, tzinfo=UTC)),
        ("08:15", datetime(2026, 11, 28, 0, 15, tzinfo=UTC)),
        ("2026-11-28", datetime(2026, 11, 28, 1, 0, tzinfo=UTC)),  # today: now
        ("2026-11-20", datetime(2026, 11, 20, 1, 0, tzinfo=UTC)),  # another day: 09:00
        ("2026/11/20 14:05", datetime(2026, 11, 20, 6, 5, tzinfo=UTC)),
    ],
)
def test_when_reads_the_ways_a_manager_writes_it(typed: str, expected: datetime) -> None:
    clean, errors = validate_interaction_form(
        _form(when=typed, next_contact_on=""), ZONE, NOW
    )
    assert errors == {}
    assert clean["occurred_at"] == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("昨天 15:00", datetime(2026, 11, 27, 7, 0, tzinfo=UTC)),
        ("昨天15:00", datetime(2026, 11, 27, 7, 0, tzinfo=UTC)),
        ("前天 9:30", datetime(2026, 11, 26, 1, 30, tzinfo=UTC)),
        ("today 8:30", datetime(2026, 11, 28, 0, 30, tzinfo=UTC)),
        ("11-27 15:00", datetime(2026, 11, 27, 7, 0, tzinfo=UTC)),
        ("12-5 10:00", datetime(2025, 12, 5, 2, 0, tzinfo=UTC)),  # past: last year's 5 Dec
        ("fri 9:30", datetime(2026, 11, 27, 1, 30, tzinfo=UTC)),  # the Friday just gone
        ("上周三 14:00", datetime(2026, 11, 18, 6, 0, tzinfo=UTC)),
        ("2026年11月20日 14:05", datetime(2026, 11, 20, 6, 5, tzinfo=UTC)),
        ("yesterday", datetime(2026, 11, 27, 1, 0, tzinfo=UTC)),  # another day alone: 09:00
        ("今天", datetime(2026, 11, 28, 1, 0, tzinfo=UTC)),  # today alone: now
    ],
)
def test_when_reads_natural_dates_seen_from_the_past(typed: str, expected: datetime) -> None:
    clean, errors = validate_interaction_form(_form(when=typed, next_contact_on=""), ZONE, NOW)
    assert errors == {}
    assert clean["occurred_at"] == expected


def test_a_natural_when_in_the_future_is_still_refused() -> None:
    _, errors = validate_interaction_form(_form(when="明天 10:00"), ZONE, NOW)
    assert errors == {
        "when": _error("visit_log.field.when", "visit_log.invalid.future", value="明天 10:00")
    }


def test_a_natural_date_that_does_not_exist_says_why() -> None:
    _, errors = validate_interaction_form(_form(when="2-30 10:00"), ZONE, NOW)
    problem = DateParseError("2-30", "natural_dates.no_day", month="February", day=30)
    assert errors == {
        "when": _error("visit_log.field.when", "visit_log.invalid.date", problem=str(problem))
    }
    assert "February has no day 30" in errors["when"]


@pytest.mark.parametrize("typed", ["11-279:30", "someday 15:00", "15:00 yesterday"])
def test_unreadable_when_lists_what_works(typed: str) -> None:
    _, errors = validate_interaction_form(_form(when=typed), ZONE, NOW)
    assert errors == {
        "when": _error("visit_log.field.when", "visit_log.invalid.when", value=typed)
    }


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("+2w", date(2026, 12, 12)),
        ("下周三", date(2026, 12, 2)),
        ("12-5", date(2026, 12, 5)),
        ("11-20", date(2027, 11, 20)),  # future: next year's 20 November
        ("月底", date(2026, 11, 30)),
    ],
)
def test_next_contact_reads_natural_dates_seen_from_the_future(
    typed: str, expected: date
) -> None:
    clean, errors = validate_interaction_form(_form(next_contact_on=typed), ZONE, NOW)
    assert errors == {}
    assert clean["next_contact_on"] == expected


def test_an_unreadable_next_contact_gives_the_natural_date_reason() -> None:
    _, errors = validate_interaction_form(_form(next_contact_on="soonish"), ZONE, NOW)
    expected = str(DateParseError("soonish", "natural_dates.examples"))
    assert errors == {
        "next_contact_on": _error(
            "visit_log.field.next_contact_on", "visit_log.invalid.date", problem=expected
        )
    }


def test_describe_when_previews_the_instant_or_the_reason() -> None:
    i18n.set_language("zh")  # the autouse fixture puts English back
    instant, line = describe_when("昨天 15:00", ZONE, NOW)
    assert instant == datetime(2026, 11, 27, 7, 0, tzinfo=UTC)
    assert line == "2026-11-27 周五 · 昨天 15:00"
    instant, line = describe_when("下周三 10:00", ZONE, NOW)
    assert instant is None and "尚未发生" in line


def test_every_bad_field_is_reported_at_once() -> None:
    _, errors = validate_interaction_form(
        _form(kind="telegram", purpose="", satisfaction="6", summary="  ", when="25:00"),
        ZONE, NOW,
    )  # fmt: skip
    assert set(errors) == {"kind", "purpose", "satisfaction", "summary", "when"}
    assert errors["satisfaction"] == _error(
        "visit_log.field.satisfaction", "visit_log.invalid.satisfaction", value="6"
    )


# --- logging ------------------------------------------------------------------------


def test_logging_writes_participants_with_their_level(demo: Store) -> None:
    client_id = _client(demo)
    senior = _manager(demo, "senior_client_manager")
    signed_in = demo.manager_id
    entry_id = _log(demo, client_id, participants=f"{signed_in},{senior.id}")
    with demo.read_session() as session:
        rows = session.execute(
            select(InteractionParticipant.manager_id, InteractionParticipant.level)
            .where(InteractionParticipant.interaction_id == entry_id)
        ).all()
        levels = dict(session.execute(select(Manager.id, Manager.level)).all())
        entry = session.get(Interaction, entry_id)
        assert entry is not None and entry.recorded_by_id == signed_in
    assert dict(rows) == {signed_in: levels[signed_in], senior.id: "senior_client_manager"}


def test_no_participant_named_means_the_signed_in_manager(demo: Store) -> None:
    entry_id = _log(demo, _client(demo))
    with demo.read_session() as session:
        present = session.execute(
            select(InteractionParticipant.manager_id)
            .where(InteractionParticipant.interaction_id == entry_id)
        ).scalars().all()
    assert present == [demo.manager_id]


def test_an_unknown_participant_is_refused_and_nothing_written(demo: Store) -> None:
    client_id = _client(demo)
    before = len(interactions_for_client(demo.read_session(), client_id))
    with pytest.raises(ValidationError) as raised:
        _log(demo, client_id, participants="no-such-manager")
    assert raised.value.message() == _error(
        "visit_log.field.participants", "visit_log.invalid.unknown_manager",
        value="no-such-manager",
    )  # fmt: skip
    assert len(interactions_for_client(demo.read_session(), client_id)) == before


def test_the_store_refuses_a_future_draft_itself(demo: Store) -> None:
    clean, _ = validate_interaction_form(_form(), ZONE, NOW)
    clean["occurred_at"] = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    with pytest.raises(ValidationError) as raised:
        log_interaction(demo, draft_from(_client(demo), clean), zone=ZONE)
    assert raised.value.reason == "visit_log.invalid.future"


def test_unfinished_follow_ups_become_tasks_done_ones_do_not(demo: Store) -> None:
    client_id = _client(demo)
    entry_id = _log(
        demo, client_id, follow_ups="寄送说明书\n✓ 送上年历\nx 预约体检\n约见行长",
        next_contact_on="",
    )  # fmt: skip
    with demo.read_session() as session:
        tasks = session.execute(
            select(Task).where(Task.interaction_id == entry_id).order_by(Task.title)
        ).scalars().all()
    assert sorted(t.title for t in tasks) == sorted(["寄送说明书", "约见行长"])
    for task in tasks:
        assert task.source == "follow_up"
        assert task.client_id == client_id
        assert task.assignee_id == demo.manager_id
        assert task.status == "open"
        assert task.due_on == date(2026, 12, 4)  # a week after the visit of 27 November


def test_a_correction_settles_the_follow_ups_it_ticks_or_takes_out(demo: Store) -> None:
    entry_id = _log(demo, _client(demo), follow_ups="寄送说明书\n约见行长\n预约体检")
    with demo.read_session() as session:
        finished = session.execute(
            select(Task).where(Task.interaction_id == entry_id, Task.title == "预约体检")
        ).scalar_one()
    set_task_status(demo, finished.id, "done")  # the manager already did this one
    lines = ("✓ 寄送说明书", "预约体检", "回访满意度")  # 约见行长 taken out
    edit_interaction(demo, entry_id, {"follow_ups": lines},
                     {"follow_ups": ("寄送说明书", "约见行长", "预约体检")}, zone=ZONE)
    with demo.read_session() as session:
        status = dict(session.execute(
            select(Task.title, Task.status).where(Task.interaction_id == entry_id)).all())
    assert status == {"寄送说明书": "done", "约见行长": "cancelled", "预约体检": "done",
                      "回访满意度": "open"}


def test_a_follow_up_is_due_on_the_next_contact_date_when_given(demo: Store) -> None:
    entry_id = _log(demo, _client(demo), follow_ups="寄送说明书", next_contact_on="2026-12-10")
    with demo.read_session() as session:
        due = session.execute(select(Task.due_on).where(Task.interaction_id == entry_id))
        assert due.scalar_one() == date(2026, 12, 10)


def _owed_client(store: Store) -> str:
    """王建华 of the small book, never visited, with a cadence task for each role owed."""
    from tests.unit.test_tasks import WANG

    with store.read_session() as session:
        owed = obligations(session, DEFAULT_CADENCE, TODAY, ZONE, client_ids=[WANG])
    assert {o.role for o in owed} == {"client_manager", "senior_client_manager", "branch_leader"}
    generate_cadence_tasks(store, owed, TODAY)
    return WANG


def _cadence_status(store: Store, client_id: str) -> dict[str, str]:
    """role → status of the client's cadence tasks (one per role in these tests)."""
    with store.read_session() as session:
        return dict(session.execute(
            select(Task.role, Task.status).where(Task.client_id == client_id,
                                                 Task.source == "cadence")
        ).all())  # fmt: skip


def test_a_visit_closes_cadence_tasks_of_the_roles_present(book: Store) -> None:
    from tests.unit.test_tasks import CHEN

    client_id = _owed_client(book)
    assert _cadence_status(book, client_id) == dict.fromkeys(
        ("client_manager", "senior_client_manager", "branch_leader"), "open")
    _log(book, client_id, participants=CHEN)
    assert _cadence_status(book, client_id) == {
        "client_manager": "done", "senior_client_manager": "done", "branch_leader": "open",
    }  # fmt: skip


def test_a_phone_call_closes_no_cadence_task(book: Store) -> None:
    client_id = _owed_client(book)
    _log(book, client_id, kind="phone")
    assert set(_cadence_status(book, client_id).values()) == {"open"}


def test_the_rules_passed_say_which_contacts_count(book: Store) -> None:
    client_id = _owed_client(book)
    calls_count = CadenceRules(intervals=DEFAULT_CADENCE.intervals,
                               counted_kinds={"visit", "phone"})  # fmt: skip
    clean, errors = validate_interaction_form(_form(kind="phone"), ZONE, NOW)
    assert errors == {}
    log_interaction(book, draft_from(client_id, clean), zone=ZONE, rules=calls_count)
    assert _cadence_status(book, client_id)["client_manager"] == "done"


def test_logging_clears_the_briefs_ticks(demo: Store) -> None:
    client_id = _client(demo)
    with demo.session() as session:
        session.add(LocalMeta(key=f"prep:{client_id}", value='["资产检视报告"]'))
    _log(demo, client_id)
    with demo.read_session() as session:
        assert session.get(LocalMeta, f"prep:{client_id}") is None


def test_cadence_roles_are_every_level_up_to_the_highest_present() -> None:
    assert cadence_roles(["client_manager"]) == ("client_manager",)
    assert cadence_roles(["client_manager", "branch_leader"]) == (
        "client_manager", "senior_client_manager", "branch_leader",
    )  # fmt: skip
    assert cadence_roles([None]) == ()


# --- correcting and withdrawing --------------------------------------------------------


def test_a_correction_is_audited_old_to_new_and_marks_the_row(demo: Store) -> None:
    client_id = _client(demo)
    entry_id = _log(demo, client_id, summary="聊了留学")
    with demo.read_session() as session:
        row = next(r for r in interactions_for_client(session, client_id) if r.id == entry_id)
        assert not row.edited
    written = edit_interaction(
        demo, entry_id, {"summary": "聊了留学与换汇"}, {"summary": "聊了留学"}, zone=ZONE
    )
    assert written == ["summary"]
    with demo.read_session() as session:
        history = audit_history(session, entry_id, table="interaction")
        row = next(r for r in interactions_for_client(session, client_id) if r.id == entry_id)
        detail = interaction_detail(session, entry_id)
    assert history[0].changes == {"summary": ("聊了留学", "聊了留学与换汇")}
    assert row.edited and row.summary == "聊了留学与换汇"
    assert detail is not None and detail.edited


def test_a_correction_changed_elsewhere_is_refused(demo: Store) -> None:
    entry_id = _log(demo, _client(demo), outcome="考虑中")
    edit_interaction(demo, entry_id, {"outcome": "已认购"}, {"outcome": "考虑中"}, zone=ZONE)
    with pytest.raises(ChangedElsewhereError) as raised:
        edit_interaction(demo, entry_id, {"outcome": "放弃"}, {"outcome": "考虑中"}, zone=ZONE)
    assert raised.value.column == "outcome"
    with demo.read_session() as session:
        entry = session.get(Interaction, entry_id)
        assert entry is not None and entry.outcome == "已认购"


def test_correcting_who_was_present_is_audited_with_names(demo: Store) -> None:
    client_id = _client(demo)
    senior = _manager(demo, "senior_client_manager")
    me = demo.manager_id
    assert me is not None
    entry_id = _log(demo, client_id, summary="聊了留学")
    written = edit_interaction(
        demo, entry_id, {"participant_ids": (me, senior.id), "summary": "聊了留学与换汇"},
        {"participant_ids": (me,), "summary": "聊了留学"}, zone=ZONE,
    )  # fmt: skip
    assert sorted(written) == ["participant_ids", "summary"]
    with demo.read_session() as session:
        history = audit_history(session, entry_id, table="interaction")
        row = next(r for r in interactions_for_client(session, client_id) if r.id == entry_id)
        detail = interaction_detail(session, entry_id)
        my_name = session.get(Manager, me).name  # type: ignore[union-attr]
    # one correction, one entry: the columns and who was present together
    assert [h.action for h in history] == ["update", "create"]
    assert history[0].changes == {
        "summary": ("聊了留学", "聊了留学与换汇"),
        "participant_ids": ([me], [me, senior.id]),
    }
    assert row.edited
    assert detail is not None
    assert detail.history[0].changes["participant_ids"] == ([my_name], [my_name, senior.name])


def test_correcting_only_who_was_present_marks_the_entry_edited(demo: Store) -> None:
    client_id = _client(demo)
    senior = _manager(demo, "senior_client_manager")
    me = demo.manager_id
    entry_id = _log(demo, client_id)
    written = edit_interaction(
        demo, entry_id, {"participant_ids": (senior.id,)}, {"participant_ids": (me,)}, zone=ZONE
    )
    assert written == ["participant_ids"]
    with demo.read_session() as session:
        history = audit_history(session, entry_id, table="interaction")
        row = next(r for r in interactions_for_client(session, client_id) if r.id == entry_id)
    assert history[0].changes == {"participant_ids": ([me], [senior.id])}
    assert row.edited


def test_a_correction_to_nobody_present_is_refused_and_nothing_written(demo: Store) -> None:
    me = demo.manager_id
    entry_id = _log(demo, _client(demo), outcome="考虑中")
    with pytest.raises(ValidationError) as raised:
        edit_interaction(demo, entry_id, {"participant_ids": (), "outcome": "已认购"},
                         {"participant_ids": (me,), "outcome": "考虑中"}, zone=ZONE)  # fmt: skip
    assert raised.value.message() == _error(
        "visit_log.field.participants", "visit_log.invalid.no_participants"
    )
    assert getattr(raised.value, "column", None) == "participants"
    with demo.read_session() as session:
        entry = session.get(Interaction, entry_id)
        assert entry is not None and entry.outcome == "考虑中"
        assert [h.action for h in audit_history(session, entry_id, table="interaction")] == [
            "create"
        ]


def test_a_correction_cannot_move_the_next_contact_before_the_visit(demo: Store) -> None:
    entry_id = _log(demo, _client(demo))
    with pytest.raises(ValidationError) as raised:
        edit_interaction(demo, entry_id, {"next_contact_on": date(2026, 11, 1)},
                         {"next_contact_on": date(2026, 12, 5)}, zone=ZONE)  # fmt: skip
    assert raised.value.reason == "visit_log.invalid.next_before"


def test_a_withdrawn_entry_leaves_the_pane_and_is_audited(demo: Store) -> None:
    client_id = _client(demo)
    entry_id = _log(demo, client_id)
    withdraw_interaction(demo, entry_id)
    with demo.read_session() as session:
        assert entry_id not in {r.id for r in interactions_for_client(session, client_id)}
        assert interaction_detail(session, entry_id) is None
        assert audit_history(session, entry_id, table="interaction")[0].action == "delete"
        assert session.get(Interaction, entry_id) is not None  # a tombstone, never removed


def test_the_detail_shows_participants_tasks_and_the_stored_values(demo: Store) -> None:
    client_id = _client(demo)
    entry_id = _log(demo, client_id)
    with demo.read_session() as session:
        detail = interaction_detail(session, entry_id)
    assert detail is not None
    assert [p.manager_id for p in detail.participants] == [demo.manager_id]
    assert detail.participants[0].level is not None
    assert [task.title for task in detail.tasks] == ["寄送美元理财说明书"]
    assert detail.stored["follow_ups"] == ("寄送美元理财说明书", "✓ 送上年历")
    assert [h.action for h in detail.history] == ["create"]


# --- cadence tasks follow the log (a small book: 王建华, platinum, owned by 李娜) ---------


@pytest.fixture
def book(store: Store) -> Store:
    from tests.unit.test_tasks import LINA, _seed

    _seed(store)
    store.manager_id = LINA
    return store


def _visit(store: Store, day: date, *participants: str, kind: str = "visit") -> str:
    """Log a contact with 王建华 at 10:00 Shanghai time on `day`."""
    from store.interactions import InteractionDraft
    from tests.unit.test_tasks import WANG

    when = datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)
    draft = InteractionDraft(client_id=WANG, kind=kind, occurred_at=when, duration_min=30,
                             purpose="care", summary="拜访", participant_ids=participants)
    return log_interaction(store, draft, zone=ZONE)


def _my_day_generates(store: Store) -> None:
    """What opening my day does: generate (and reconcile) for each manager."""
    from tests.unit.test_tasks import CHEN, LINA

    for manager_id in (LINA, CHEN):
        with store.read_session() as session:
            owed = obligations(session, DEFAULT_CADENCE, TODAY, ZONE, manager_id=manager_id)
        generate_cadence_tasks(store, owed, TODAY, rules=DEFAULT_CADENCE, zone=ZONE,
                               manager_id=manager_id)  # fmt: skip


def _monthly(store: Store) -> tuple[date, str] | None:
    """(due date, status) of the open-or-done monthly task owed now, or None when not owed."""
    from tests.unit.test_tasks import LINA, WANG

    with store.read_session() as session:
        owed = [o for o in obligations(session, DEFAULT_CADENCE, TODAY, ZONE, client_ids=[WANG])
                if o.role == "client_manager"]  # fmt: skip
        task = session.get(Task, cadence_task_id(WANG, "client_manager", owed[0].due_on))
    assert owed[0].manager_id == LINA
    return (owed[0].due_on, task.status if task is not None else "none")


def _open_cadence(store: Store, role: str) -> list[date | None]:
    """Due dates of 王建华's open cadence tasks for `role`."""
    from tests.unit.test_tasks import WANG

    with store.read_session() as session:
        return list(session.execute(
            select(Task.due_on).where(Task.source == "cadence", Task.role == role,
                                      Task.status == "open", Task.client_id == WANG)
        ).scalars())  # fmt: skip


def test_an_old_visit_typed_in_late_leaves_the_overdue_visit_s_task_open(book: Store) -> None:
    from tests.unit.test_tasks import LINA

    _visit(book, date(2026, 9, 20), LINA)
    _my_day_generates(book)
    assert _monthly(book) == (date(2026, 10, 20), "open")  # a month after 20 September
    _visit(book, date(2026, 8, 1), LINA)  # from the paper diary, older than the last visit
    assert _monthly(book) == (date(2026, 10, 20), "open")
    _my_day_generates(book)
    assert _open_cadence(book, "client_manager") == [date(2026, 10, 20)]


def test_a_visit_typed_in_late_that_moves_the_due_date_closes_the_old_task(book: Store) -> None:
    """Still overdue, but from a later day: the old task is done, my day makes the new one."""
    from tests.unit.test_tasks import LINA

    _visit(book, date(2026, 9, 20), LINA)
    _my_day_generates(book)
    _visit(book, date(2026, 10, 5), LINA)
    assert _open_cadence(book, "client_manager") == []
    _my_day_generates(book)
    assert _open_cadence(book, "client_manager") == [date(2026, 11, 5)]


def test_withdrawing_the_visit_that_met_a_due_visit_reopens_its_task(book: Store) -> None:
    from tests.unit.test_tasks import LINA

    _visit(book, date(2026, 9, 20), LINA)
    _my_day_generates(book)
    task_id = _task_id_of_monthly(book)
    snooze_task(book, task_id, date(2026, 12, 3), today=TODAY)
    met = _visit(book, date(2026, 11, 27), LINA)
    assert _status(book, task_id) == ("done", date(2026, 12, 3))
    withdraw_interaction(book, met, zone=ZONE, rules=DEFAULT_CADENCE)
    assert _status(book, task_id) == ("open", date(2026, 12, 3))  # as it was, snooze and all
    assert _monthly(book) == (date(2026, 10, 20), "open")


def test_a_withdrawal_never_reopens_a_cancelled_task(book: Store) -> None:
    from tests.unit.test_tasks import LINA

    _visit(book, date(2026, 9, 20), LINA)
    _my_day_generates(book)
    task_id = _task_id_of_monthly(book)
    set_task_status(book, task_id, "cancelled")
    met = _visit(book, date(2026, 11, 27), LINA)
    withdraw_interaction(book, met, zone=ZONE)
    assert _status(book, task_id)[0] == "cancelled"


def test_correcting_a_call_into_a_visit_closes_the_task_it_now_meets(book: Store) -> None:
    from tests.unit.test_tasks import LINA

    _visit(book, date(2026, 9, 20), LINA)
    _my_day_generates(book)
    call = _visit(book, date(2026, 11, 27), LINA, kind="phone")
    assert _open_cadence(book, "client_manager") == [date(2026, 10, 20)]
    edit_interaction(book, call, {"kind": "visit"}, {"kind": "phone"}, zone=ZONE,
                     rules=DEFAULT_CADENCE)  # fmt: skip
    assert _open_cadence(book, "client_manager") == []
    # …and back: corrected into a call again, the visit is owed again, with its task.
    edit_interaction(book, call, {"kind": "phone"}, {"kind": "visit"}, zone=ZONE)
    assert _open_cadence(book, "client_manager") == [date(2026, 10, 20)]


def test_moving_a_visit_s_date_closes_or_reopens_the_task(book: Store) -> None:
    from tests.unit.test_tasks import LINA

    _visit(book, date(2026, 9, 20), LINA)
    _my_day_generates(book)
    typo = _visit(book, date(2026, 8, 1), LINA)  # meant 27 November
    assert _open_cadence(book, "client_manager") == [date(2026, 10, 20)]
    late = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
    early = datetime(2026, 8, 1, 2, 0, tzinfo=UTC)
    edit_interaction(book, typo, {"occurred_at": late}, {"occurred_at": early}, zone=ZONE)
    assert _open_cadence(book, "client_manager") == []
    edit_interaction(book, typo, {"occurred_at": early}, {"occurred_at": late}, zone=ZONE)
    assert _open_cadence(book, "client_manager") == [date(2026, 10, 20)]


def test_adding_a_senior_as_present_closes_the_senior_s_task(book: Store) -> None:
    from tests.unit.test_tasks import CHEN, LINA

    _my_day_generates(book)
    assert len(_open_cadence(book, "senior_client_manager")) == 1  # never visited: overdue
    visit = _visit(book, date(2026, 11, 27), LINA)
    assert len(_open_cadence(book, "senior_client_manager")) == 1
    edit_interaction(book, visit, {"participant_ids": (LINA, CHEN)},
                     {"participant_ids": (LINA,)}, zone=ZONE)  # fmt: skip
    assert _open_cadence(book, "senior_client_manager") == []
    assert _open_cadence(book, "client_manager") == []


def _task_id_of_monthly(store: Store) -> str:
    from tests.unit.test_tasks import WANG

    (due_on,) = _open_cadence(store, "client_manager")
    assert due_on is not None
    return cadence_task_id(WANG, "client_manager", due_on)


def _status(store: Store, task_id: str) -> tuple[str, date | None]:
    with store.read_session() as session:
        task = session.get(Task, task_id)
        assert task is not None
        return task.status, task.snoozed_until
