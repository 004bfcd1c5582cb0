"""store.my_day: which visits and tasks the signed-in manager sees this morning.

`build_my_day` is this module's own rule and is tested with obligations
built by hand; `my_day` on a real store needs the cadence maths of
`store.cadence` (the last test).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from store.db import Store
from store.my_day import build_my_day, my_day
from store.tasks import (
    cadence_task_id,
    create_task,
    generate_cadence_tasks,
    set_task_status,
    snooze_task,
)
from tests.unit.test_tasks import CHEN, LINA, TODAY, WANG, ZHAO, _obligation, _seed


def _book(store: Store) -> Store:
    _seed(store)
    store.manager_id = LINA
    return store


def test_my_day_lists_my_dated_tasks_due_today_or_earlier(store: Store) -> None:
    book = _book(store)
    overdue = create_task(book, title="回访", client_id=WANG, assignee_id=LINA,
                          due_on=date(2026, 11, 20))
    today = create_task(book, title="寄贺卡", client_id=None, assignee_id=LINA, due_on=TODAY)
    create_task(book, title="下周的", client_id=WANG, assignee_id=LINA, due_on=date(2026, 12, 3))
    create_task(book, title="不定期", client_id=WANG, assignee_id=LINA, due_on=None)
    create_task(book, title="陈静的", client_id=ZHAO, assignee_id=CHEN, due_on=TODAY)
    done = create_task(book, title="已办", client_id=WANG, assignee_id=LINA, due_on=TODAY)
    set_task_status(book, done, "done")
    snoozed = create_task(book, title="推迟的", client_id=WANG, assignee_id=LINA, due_on=TODAY)
    snooze_task(book, snoozed, date(2026, 11, 30), today=TODAY)
    with book.read_session() as session:
        day = build_my_day(session, [], LINA, TODAY)
        later = build_my_day(session, [], LINA, date(2026, 11, 30))
    assert [row.id for row in day.tasks] == [overdue, today]
    assert snoozed in [row.id for row in later.tasks]  # its day came
    assert day.today == TODAY
    assert day.greetings == []


def test_a_due_visit_shows_once_as_a_visit_not_again_as_its_task(store: Store) -> None:
    book = _book(store)
    visit = _obligation(WANG, "client_manager", date(2026, 11, 16))
    generate_cadence_tasks(book, [visit], TODAY)
    task_id = cadence_task_id(WANG, "client_manager", date(2026, 11, 16))
    with book.read_session() as session:
        day = build_my_day(session, [visit], LINA, TODAY)
        without_visit = build_my_day(session, [], LINA, TODAY)
    assert day.visits == [visit]
    assert day.tasks == []
    assert day.visit_tasks == {(WANG, "client_manager"): task_id}
    # A cadence task whose visit is no longer owed still shows, as a task.
    assert [row.id for row in without_visit.tasks] == [task_id]


def test_a_snoozed_or_cancelled_visit_is_held_back(store: Store) -> None:
    book = _book(store)
    snoozed = _obligation(WANG, "client_manager", date(2026, 11, 16))
    cancelled = _obligation(ZHAO, "client_manager", date(2026, 11, 18))
    kept = _obligation(WANG, "senior_client_manager", date(2026, 11, 20))
    generate_cadence_tasks(book, [snoozed, cancelled, kept], TODAY)
    snooze_task(book, cadence_task_id(WANG, "client_manager", date(2026, 11, 16)),
                date(2026, 12, 1), today=TODAY)
    set_task_status(book, cadence_task_id(ZHAO, "client_manager", date(2026, 11, 18)),
                    "cancelled")
    with book.read_session() as session:
        day = build_my_day(session, [snoozed, cancelled, kept], LINA, TODAY)
        december = build_my_day(session, [snoozed, cancelled, kept], LINA, date(2026, 12, 1))
    assert day.visits == [kept]
    assert december.visits == [snoozed, kept]


def test_nobody_signed_in_has_an_empty_day(store: Store) -> None:
    book = _book(store)
    create_task(book, title="回访", client_id=WANG, assignee_id=LINA, due_on=TODAY)
    with book.read_session() as session:
        day = my_day(session, None, None, TODAY, "Asia/Shanghai")  # type: ignore[arg-type]
    assert (day.visits, day.tasks, day.greetings) == ([], [], [])


def test_my_day_on_a_store_shows_my_roles_obligations(store: Store) -> None:
    """Integration with store.cadence (H1): the client manager sees the monthly visit only."""
    from store.cadence import DEFAULT_CADENCE
    from store.models import Interaction, InteractionParticipant

    book = _book(store)
    visited = datetime(2026, 10, 10, 2, 0, tzinfo=UTC)
    with book.session() as session:
        entry = Interaction(client_id=WANG, kind="visit", occurred_at=visited, purpose="care",
                            summary="季度回访", recorded_by_id=LINA)
        session.add(entry)
        session.flush()
        session.add(InteractionParticipant(interaction_id=entry.id, manager_id=LINA,
                                           level="client_manager"))
    with book.read_session() as session:
        mine = my_day(session, DEFAULT_CADENCE, LINA, TODAY, "Asia/Shanghai")
        seniors = my_day(session, DEFAULT_CADENCE, CHEN, TODAY, "Asia/Shanghai")
    assert [(v.client_id, v.role, v.due_on, v.state) for v in mine.visits] == [
        (WANG, "client_manager", date(2026, 11, 10), "overdue")]
    assert mine.visits[0].days_overdue == 18
    # The senior carries 王建华's quarterly visit (李娜's visit does not count for it),
    # never 李娜's monthly one.
    senior_lines = {(v.client_id, v.role) for v in seniors.visits}
    assert (WANG, "senior_client_manager") in senior_lines
    assert (WANG, "client_manager") not in senior_lines
