"""store.tasks: tasks by hand, status and snooze, and generated cadence tasks.

Refusals are checked against the message built from the catalog keys the
code must use, and each one is checked to have written nothing. Cadence
tasks are generated on two separate stores to show that the derived ids
agree, which is what lets sync merge them instead of duplicating.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from store.cadence import DEFAULT_CADENCE, Obligation, obligations
from store.db import Store, open_store
from store.errors import ValidationError
from store.models import Branch, Client, Interaction, InteractionParticipant, Manager, Task
from store.tasks import (
    TaskNotFoundError,
    TaskRow,
    cadence_task_id,
    create_task,
    generate_cadence_tasks,
    held_visits,
    parse_snooze,
    reconcile_cadence_tasks,
    set_task_status,
    snooze_task,
    task_title,
    tasks_for,
    validate_task_text,
)

TODAY = date(2026, 11, 28)
ZONE = "Asia/Shanghai"
BRANCH = "0193a3b0-0000-7000-8000-000000000001"
LINA = "0193a3b0-0000-7000-8000-000000000002"
CHEN = "0193a3b0-0000-7000-8000-000000000003"
WANG = "0193a3b0-0000-7000-8000-000000000004"
ZHAO = "0193a3b0-0000-7000-8000-000000000005"


def _error(field: str, reason: str, **params: Any) -> str:
    return ValidationError(field, reason, **params).message()


def _seed(store: Store) -> None:
    """The same branch, two managers and two clients, with fixed ids on any store."""
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
            Client(id=WANG, name="王建华", tier="platinum", owner_manager_id=LINA,
                   branch_id=BRANCH),
            Client(id=ZHAO, name="赵敏", tier="diamond", owner_manager_id=CHEN,
                   branch_id=BRANCH),
        ])  # fmt: skip


@pytest.fixture
def book(store: Store) -> Store:
    _seed(store)
    store.manager_id = LINA
    return store


def _count(store: Store) -> int:
    with store.read_session() as session:
        return int(session.execute(select(func.count()).select_from(Task)).scalar_one())


def _task(store: Store, task_id: str) -> Task:
    with store.read_session() as session:
        task = session.get(Task, task_id)
        assert task is not None
        return task


def _obligation(client_id: str, role: str, due_on: date, state: str = "overdue",
                manager_id: str | None = LINA) -> Obligation:
    return Obligation(
        client_id=client_id, client_name="王建华", tier="platinum", role=role,
        manager_id=manager_id, manager_name="李娜", last_contact=None, due_on=due_on,
        days_overdue=max((TODAY - due_on).days, 0), state=state,
    )  # fmt: skip


# --- tasks by hand ---------------------------------------------------------------------


def test_a_task_typed_by_hand_is_an_open_manual_task(book: Store) -> None:
    task_id = create_task(book, title="  寄送年终答谢函 ", client_id=WANG, assignee_id=LINA,
                          due_on=date(2026, 12, 5), notes="附上新年台历")
    task = _task(book, task_id)
    assert (task.title, task.client_id, task.assignee_id, task.due_on) == (
        "寄送年终答谢函", WANG, LINA, date(2026, 12, 5))
    assert (task.status, task.source, task.notes, task.role) == (
        "open", "manual", "附上新年台历", None)
    assert task.hlc > 0  # stamped for sync by the session, not by this module


@pytest.mark.parametrize(
    ("kwargs", "column", "message"),
    [
        ({"title": "   "}, "title", ("tasks.field.title", "invalid.required", {})),
        ({"title": "x" * 201}, "title",
         ("tasks.field.title", "invalid.too_long", {"limit": 200})),
        ({"client_id": "no-such-client"}, "client",
         ("tasks.field.client", "tasks.invalid.unknown_client", {})),
        ({"assignee_id": "no-such-manager"}, "assignee",
         ("tasks.field.assignee", "tasks.invalid.unknown_manager", {})),
        ({"notes": "n" * 2001}, "notes",
         ("tasks.field.notes", "invalid.too_long", {"limit": 2000})),
    ],
)  # fmt: skip
def test_bad_task_input_is_named_and_writes_nothing(
    book: Store, kwargs: dict[str, Any], column: str, message: tuple[str, str, dict[str, Any]]
) -> None:
    values: dict[str, Any] = {"title": "回访", "client_id": WANG, "assignee_id": LINA,
                              "due_on": None} | kwargs  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        create_task(book, **values)
    field, reason, params = message
    assert caught.value.message() == _error(field, reason, **params)
    assert caught.value.column == column  # type: ignore[attr-defined]
    assert _count(book) == 0


def test_a_task_for_a_deleted_client_is_refused(book: Store) -> None:
    with book.session() as session:
        client = session.get(Client, WANG)
        assert client is not None
        client.deleted = True
    with pytest.raises(ValidationError):
        create_task(book, title="回访", client_id=WANG, assignee_id=LINA, due_on=None)
    assert _count(book) == 0


def test_the_form_text_reports_every_bad_field_at_once() -> None:
    clean, errors = validate_task_text({"title": "", "due_on": "2026-02-30", "notes": ""})
    assert errors == {
        "title": _error("tasks.field.title", "invalid.required"),
        "due_on": _error("tasks.field.due_on", "invalid.date", value="2026-02-30"),
    }
    clean, errors = validate_task_text({"title": " 回访 ", "due_on": "2026/12/5", "notes": " "})
    assert errors == {}
    assert clean == {"title": "回访", "due_on": date(2026, 12, 5), "notes": None}


# --- status and snooze -------------------------------------------------------------------


def test_status_goes_done_cancelled_and_back_to_open(book: Store) -> None:
    task_id = create_task(book, title="回访", client_id=WANG, assignee_id=LINA, due_on=TODAY)
    set_task_status(book, task_id, "done")
    assert _task(book, task_id).status == "done"
    set_task_status(book, task_id, "cancelled")
    assert _task(book, task_id).status == "cancelled"
    set_task_status(book, task_id, "open")
    assert _task(book, task_id).status == "open"


def test_an_unknown_status_or_task_is_refused(book: Store) -> None:
    task_id = create_task(book, title="回访", client_id=WANG, assignee_id=LINA, due_on=TODAY)
    with pytest.raises(ValidationError) as caught:
        set_task_status(book, task_id, "finished")
    assert caught.value.message() == _error(
        "tasks.field.status", "tasks.invalid.status", value="finished")
    assert _task(book, task_id).status == "open"
    with pytest.raises(TaskNotFoundError):
        set_task_status(book, "no-such-task", "done")


def test_snooze_must_be_a_later_day_and_hides_the_task_until_then(book: Store) -> None:
    task_id = create_task(book, title="回访", client_id=WANG, assignee_id=LINA, due_on=TODAY)
    for until in (TODAY, date(2026, 11, 1)):
        with pytest.raises(ValidationError) as caught:
            snooze_task(book, task_id, until, today=TODAY)
        assert caught.value.message() == _error(
            "tasks.field.snooze_until", "tasks.invalid.snooze_not_later", today="2026-11-28")
    assert _task(book, task_id).snoozed_until is None

    snooze_task(book, task_id, date(2026, 12, 1), today=TODAY)
    with book.read_session() as session:
        assert tasks_for(session, TODAY, assignee_id=LINA) == []
        assert [r.id for r in tasks_for(session, date(2026, 12, 1), assignee_id=LINA)] == [
            task_id]
        shown = tasks_for(session, TODAY, assignee_id=LINA, include_snoozed=True)
    assert [r.snoozed_until for r in shown] == [date(2026, 12, 1)]


def test_only_an_open_task_can_be_snoozed_and_reopening_lifts_a_snooze(book: Store) -> None:
    task_id = create_task(book, title="回访", client_id=WANG, assignee_id=LINA, due_on=TODAY)
    snooze_task(book, task_id, date(2026, 12, 1), today=TODAY)
    set_task_status(book, task_id, "done")
    with pytest.raises(ValidationError) as caught:
        snooze_task(book, task_id, date(2026, 12, 9), today=TODAY)
    assert caught.value.message() == _error("tasks.field.snooze_until", "tasks.invalid.not_open")
    set_task_status(book, task_id, "open")
    assert _task(book, task_id).snoozed_until is None


# --- reading -----------------------------------------------------------------------------


def test_tasks_for_filters_orders_and_names(book: Store) -> None:
    later = create_task(book, title="B 寄贺卡", client_id=WANG, assignee_id=LINA,
                        due_on=date(2026, 12, 3))
    undated = create_task(book, title="A 整理资料", client_id=None, assignee_id=LINA,
                          due_on=None)
    overdue = create_task(book, title="C 回访", client_id=WANG, assignee_id=LINA,
                          due_on=date(2026, 11, 20))
    others = create_task(book, title="D 陈静的", client_id=ZHAO, assignee_id=CHEN,
                         due_on=date(2026, 11, 20))
    done = create_task(book, title="E 已办", client_id=WANG, assignee_id=LINA, due_on=TODAY)
    set_task_status(book, done, "done")
    with book.read_session() as session:
        mine = tasks_for(session, TODAY, assignee_id=LINA)
        due = tasks_for(session, TODAY, assignee_id=LINA, due_by=TODAY)
        everything = tasks_for(session, TODAY, assignee_id=LINA,
                               statuses=("open", "done", "cancelled"))
        of_zhao = tasks_for(session, TODAY, client_id=ZHAO)
    assert [r.id for r in mine] == [overdue, later, undated]  # soonest first, undated last
    assert [r.id for r in due] == [overdue]
    assert {r.id for r in everything} == {overdue, later, undated, done}
    assert [r.id for r in of_zhao] == [others]
    first = mine[0]
    assert (first.client_name, first.assignee_name, first.source) == ("王建华", "李娜", "manual")
    assert mine[2].client_name is None


# --- cadence tasks ---------------------------------------------------------------------


def test_two_stores_generate_the_same_cadence_task_ids_and_regenerating_is_a_no_op(
    tmp_path: Path,
) -> None:
    obligations = [
        _obligation(WANG, "client_manager", date(2026, 11, 16)),
        _obligation(ZHAO, "senior_client_manager", date(2026, 12, 2), "due", CHEN),
    ]
    ids: list[set[str]] = []
    for name in ("laptop-a.db", "laptop-b.db"):
        laptop = open_store(tmp_path / name)
        try:
            _seed(laptop)
            assert generate_cadence_tasks(laptop, obligations, TODAY) == 2
            assert generate_cadence_tasks(laptop, obligations, TODAY) == 0
            with laptop.read_session() as session:
                rows = session.execute(select(Task)).scalars().all()
            ids.append({row.id for row in rows})
            assert len(rows) == 2
            assert {(r.client_id, r.role, r.due_on, r.source, r.title, r.status, r.assignee_id)
                    for r in rows} == {
                (WANG, "client_manager", date(2026, 11, 16), "cadence", "", "open", LINA),
                (ZHAO, "senior_client_manager", date(2026, 12, 2), "cadence", "", "open", CHEN),
            }  # fmt: skip
        finally:
            laptop.close()
    assert ids[0] == ids[1] == {
        cadence_task_id(WANG, "client_manager", date(2026, 11, 16)),
        cadence_task_id(ZHAO, "senior_client_manager", date(2026, 12, 2)),
    }


def test_the_derived_id_depends_on_client_role_and_due_date() -> None:
    base = cadence_task_id(WANG, "client_manager", date(2026, 11, 16))
    assert base == cadence_task_id(WANG, "client_manager", date(2026, 11, 16))
    assert base != cadence_task_id(ZHAO, "client_manager", date(2026, 11, 16))
    assert base != cadence_task_id(WANG, "senior_client_manager", date(2026, 11, 16))
    assert base != cadence_task_id(WANG, "client_manager", date(2026, 12, 16))


def test_only_due_and_overdue_obligations_become_tasks(book: Store) -> None:
    made = generate_cadence_tasks(book, [
        _obligation(WANG, "client_manager", date(2027, 1, 10), "ok"),
        _obligation(ZHAO, "senior_client_manager", date(2026, 12, 2), "due", CHEN),
    ], TODAY)  # fmt: skip
    assert made == 1
    with book.read_session() as session:
        assert session.execute(select(Task.client_id)).scalars().all() == [ZHAO]


def test_a_closed_cadence_task_is_never_reopened_by_a_later_generation(book: Store) -> None:
    obligation = _obligation(WANG, "client_manager", date(2026, 11, 16))
    generate_cadence_tasks(book, [obligation], TODAY)
    task_id = cadence_task_id(WANG, "client_manager", date(2026, 11, 16))
    for status in ("cancelled", "done"):
        set_task_status(book, task_id, status)
        assert generate_cadence_tasks(book, [obligation], TODAY) == 0
        assert _task(book, task_id).status == status
    assert _count(book) == 1


def test_a_standing_open_task_stands_for_a_due_date_that_moved(book: Store) -> None:
    """A never-visited client is due "today" every day: one task, not one per day."""
    generate_cadence_tasks(book, [_obligation(WANG, "client_manager", TODAY, "due")], TODAY)
    tomorrow = date(2026, 11, 29)
    made = generate_cadence_tasks(
        book, [_obligation(WANG, "client_manager", tomorrow, "due")], tomorrow)
    assert made == 0
    assert _count(book) == 1


def _visit(store: Store, client_id: str, day: date, manager_id: str, level: str) -> str:
    """A visit row as a sync would bring it in: no log_interaction, so no task is touched."""
    with store.session() as session:
        entry = Interaction(client_id=client_id, kind="visit", purpose="care", summary="拜访",
                            occurred_at=datetime(day.year, day.month, day.day, 2, tzinfo=UTC),
                            recorded_by_id=manager_id)  # fmt: skip
        session.add(entry)
        session.flush()
        session.add(InteractionParticipant(interaction_id=entry.id, manager_id=manager_id,
                                           level=level))  # fmt: skip
        return entry.id


def _owed(store: Store, **scope: Any) -> list[Obligation]:
    with store.read_session() as session:
        return obligations(session, DEFAULT_CADENCE, TODAY, ZONE, **scope)


def test_reconciling_closes_the_open_tasks_whose_due_visit_was_met(book: Store) -> None:
    _visit(book, WANG, date(2026, 9, 20), LINA, "client_manager")
    generate_cadence_tasks(book, _owed(book), TODAY)
    monthly = cadence_task_id(WANG, "client_manager", date(2026, 10, 20))
    others = {task_id for task_id in _ids(book, "open") if task_id != monthly}
    manual = create_task(book, title="回访", client_id=WANG, assignee_id=LINA, due_on=TODAY)
    _visit(book, WANG, date(2026, 11, 27), LINA, "client_manager")
    with book.session() as session:
        assert reconcile_cadence_tasks(session, DEFAULT_CADENCE, TODAY, ZONE,
                                       client_ids=[WANG]) == (1, 0)  # fmt: skip
    assert _task(book, monthly).status == "done"
    assert others and _ids(book, "open") == others | {manual}  # the senior's, 赵敏's
    with book.session() as session:  # nothing left to do: a no-op
        assert reconcile_cadence_tasks(session, DEFAULT_CADENCE, TODAY, ZONE) == (0, 0)


def test_reconciling_keeps_an_old_visit_typed_in_late_from_closing_the_due_one(
    book: Store,
) -> None:
    _visit(book, WANG, date(2026, 9, 20), LINA, "client_manager")
    generate_cadence_tasks(book, _owed(book, client_ids=[WANG]), TODAY)
    _visit(book, WANG, date(2026, 8, 1), LINA, "client_manager")
    with book.session() as session:
        assert reconcile_cadence_tasks(session, DEFAULT_CADENCE, TODAY, ZONE) == (0, 0)
    assert _task(book, cadence_task_id(WANG, "client_manager", date(2026, 10, 20))).status == (
        "open")


def test_reconciling_reopens_a_done_task_owed_again_only_when_asked(book: Store) -> None:
    generate_cadence_tasks(book, _owed(book, client_ids=[WANG]), TODAY)
    (monthly,) = [o for o in _owed(book, client_ids=[WANG]) if o.role == "client_manager"]
    task_id = cadence_task_id(WANG, "client_manager", monthly.due_on)
    set_task_status(book, task_id, "done")  # closed although nobody visited
    with book.session() as session:
        assert reconcile_cadence_tasks(session, DEFAULT_CADENCE, TODAY, ZONE) == (0, 0)
    assert _task(book, task_id).status == "done"
    with book.session() as session:
        assert reconcile_cadence_tasks(session, DEFAULT_CADENCE, TODAY, ZONE,
                                       client_ids=[WANG], reopen=True) == (0, 1)  # fmt: skip
    assert _task(book, task_id).status == "open"
    set_task_status(book, task_id, "cancelled")
    with book.session() as session:
        reconcile_cadence_tasks(session, DEFAULT_CADENCE, TODAY, ZONE, reopen=True)
    assert _task(book, task_id).status == "cancelled"


def test_a_task_made_for_a_due_date_not_owed_any_more_is_closed(book: Store) -> None:
    """A visit of a client whose tier owes none, or a due date no rule gives."""
    generate_cadence_tasks(book, [_obligation(WANG, "client_manager", date(2026, 11, 16))], TODAY)
    with book.session() as session:
        book_client = session.get(Client, ZHAO)
        assert book_client is not None
        book_client.tier = "standard"
    generate_cadence_tasks(book, [_obligation(ZHAO, "client_manager", TODAY, "due")], TODAY)
    with book.session() as session:
        assert reconcile_cadence_tasks(session, DEFAULT_CADENCE, TODAY, ZONE) == (2, 0)
    assert _ids(book, "open") == set()


def test_generation_reconciles_the_manager_s_tasks_first(book: Store) -> None:
    """The sync case: a visit arrives from another laptop; my day closes the task it met."""
    _visit(book, WANG, date(2026, 9, 20), LINA, "client_manager")
    generate_cadence_tasks(book, _owed(book, manager_id=LINA), TODAY, rules=DEFAULT_CADENCE,
                           zone=ZONE, manager_id=LINA)  # fmt: skip
    chen_s = _ids(book, "open") - _ids_of(book, LINA)
    _visit(book, WANG, date(2026, 10, 5), LINA, "client_manager")  # pulled by a sync
    made = generate_cadence_tasks(book, _owed(book, manager_id=LINA), TODAY,
                                  rules=DEFAULT_CADENCE, zone=ZONE, manager_id=LINA)
    assert made == 1  # the new due date's task, not stood in for by the closed one
    assert _task(book, cadence_task_id(WANG, "client_manager", date(2026, 10, 20))).status == (
        "done")
    assert _task(book, cadence_task_id(WANG, "client_manager", date(2026, 11, 5))).status == (
        "open")
    assert chen_s <= _ids(book, "open")  # another manager's tasks are out of scope


def _ids(store: Store, status: str) -> set[str]:
    with store.read_session() as session:
        return set(session.execute(select(Task.id).where(Task.status == status)).scalars())


def _ids_of(store: Store, manager_id: str) -> set[str]:
    with store.read_session() as session:
        return set(session.execute(
            select(Task.id).where(Task.assignee_id == manager_id)).scalars())


def test_a_cadence_task_reads_as_its_role_in_the_current_language() -> None:
    row = TaskRow(id="t", title="", client_id=WANG, client_name="王建华", assignee_id=LINA,
                  assignee_name="李娜", due_on=TODAY, status="open", snoozed_until=None,
                  source="cadence", role="senior_client_manager", interaction_id=None)
    assert task_title(row) == "Senior client manager visit due by cadence"
    from store import i18n

    i18n.set_language("zh")
    assert task_title(row) == "高级客户经理按频率拜访到期"


def test_a_greeting_task_reads_as_its_occasion_and_client(store: Store) -> None:
    """A greeting task's title is stored empty; the task list names it in the reader's language."""
    from store.greeting_config import DEFAULT_GREETINGS
    from store.greetings import complete_greeting
    from store.reminders import reminders_between
    from tests.unit.test_reminders import LINA as GREETER
    from tests.unit.test_reminders import WEEK_END, seed

    seed(store)
    store.manager_id = GREETER
    with store.read_session() as session:
        week = reminders_between(session, DEFAULT_GREETINGS, TODAY, WEEK_END, manager_id=GREETER)
    zhang = next(r for r in week if r.person == "张伟")
    complete_greeting(store, zhang, channel="gift", cost_fen=None, zone="Asia/Shanghai")
    with store.read_session() as session:
        shown = tasks_for(session, TODAY, assignee_id=GREETER, statuses=("done",))
    row = next(r for r in shown if r.id == zhang.id)
    assert (row.title, row.occasion) == ("", "birthday")
    assert task_title(row) == "Birthday greeting · 张伟"
    from store import i18n

    i18n.set_language("zh")
    assert task_title(row) == "生日问候 · 张伟"


def test_a_snoozed_or_cancelled_cadence_task_holds_its_visit(book: Store) -> None:
    first = _obligation(WANG, "client_manager", date(2026, 11, 16))
    second = _obligation(ZHAO, "client_manager", date(2026, 11, 18))
    generate_cadence_tasks(book, [first, second], TODAY)
    with book.read_session() as session:
        assert held_visits(session, [first, second], TODAY) == set()
    snooze_task(book, cadence_task_id(WANG, "client_manager", date(2026, 11, 16)),
                date(2026, 12, 1), today=TODAY)
    set_task_status(book, cadence_task_id(ZHAO, "client_manager", date(2026, 11, 18)),
                    "cancelled")
    with book.read_session() as session:
        assert held_visits(session, [first, second], TODAY) == {
            cadence_task_id(WANG, "client_manager", date(2026, 11, 16)),
            cadence_task_id(ZHAO, "client_manager", date(2026, 11, 18)),
        }
        assert held_visits(session, [first], date(2026, 12, 1)) == set()  # the snooze ended


@pytest.mark.parametrize(
    ("typed", "until"),
    [("+3d", date(2026, 12, 1)), ("3", date(2026, 12, 1)), ("7天", date(2026, 12, 5)),
     ("2026-12-24", date(2026, 12, 24)), ("2026/12/2", date(2026, 12, 2))],
)  # fmt: skip
def test_the_snooze_prompt_reads_a_date_or_days_ahead(typed: str, until: date) -> None:
    assert parse_snooze(typed, TODAY) == until


@pytest.mark.parametrize(
    ("typed", "reason", "params"),
    [("", "invalid.required", {}),
     ("next week", "tasks.invalid.snooze_text", {"value": "next week"}),
     ("+0d", "tasks.invalid.snooze_not_later", {"today": "2026-11-28"}),
     ("2026-11-28", "tasks.invalid.snooze_not_later", {"today": "2026-11-28"})],
)  # fmt: skip
def test_a_bad_snooze_is_named(typed: str, reason: str, params: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_snooze(typed, TODAY)
    assert caught.value.message() == _error("tasks.field.snooze_until", reason, **params)
