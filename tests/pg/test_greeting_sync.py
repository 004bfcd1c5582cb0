"""Greeting reminders across two laptops and a real PostgreSQL: one task, never two.

A reminder is computed, not stored, so two laptops generate the same one
with the same id (derived from who is greeted, occasion and year). What is
stored is what a manager does with it: a greeting task with that id. Two
laptops that act on the same birthday offline write the same row, which
merges on sync instead of showing the greeting twice; each greeting they
logged stays in the visit log, because each was really sent.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from store.db import Store
from store.greeting_config import DEFAULT_GREETINGS
from store.greetings import complete_greeting, dismiss_greeting, reopen_greeting
from store.hlc import HybridClock, pack
from store.models import Interaction, Task
from store.reminders import Reminder, reminders_between
from store.sync.run import sync
from tests.unit.test_reminders import LINA, TODAY, WEEK_END, seed

pytestmark = pytest.mark.postgres

ZONE = "Asia/Shanghai"


def _week(store: Store) -> list[Reminder]:
    with store.read_session() as session:
        return reminders_between(session, DEFAULT_GREETINGS, TODAY, WEEK_END, manager_id=LINA)


def _birthday(store: Store) -> Reminder:
    return next(r for r in _week(store) if r.person == "张伟")


def _greeting_tasks(store: Store) -> list[tuple[str, str, bool]]:
    with store.read_session() as session:
        return [
            (task.id, task.status, task.deleted)
            for task in session.scalars(select(Task).where(Task.source == "greeting"))
        ]


def _greetings_logged(store: Store) -> int:
    with store.read_session() as session:
        return int(session.execute(
            select(func.count()).select_from(Interaction).where(Interaction.kind == "greeting")
        ).scalar_one())  # fmt: skip


def _later_than(store: Store, other: Store) -> None:
    """Make `store`'s next change later than anything `other` wrote (a laptop offline longer)."""
    store.hlc = HybridClock(wall_ms=store.hlc.wall_ms,
                            last=max(store.hlc.last, other.hlc.last) + pack(1000, 0))  # fmt: skip


@pytest.fixture
def pair(server: str, laptops: Callable[..., Store]) -> tuple[Store, Store, str]:
    a, b = laptops("a", LINA), laptops("b", LINA)
    seed(a)
    for store in (a, b):
        sync(store, server)
    return a, b, server


def test_two_laptops_generate_the_same_reminders(pair: tuple[Store, Store, str]) -> None:
    a, b, _ = pair
    assert _week(a) == _week(b)
    assert len(_week(a)) == 5
    assert _greeting_tasks(a) == _greeting_tasks(b) == []  # generating writes nothing


def test_both_complete_the_same_birthday_offline_one_task_after_sync(
    pair: tuple[Store, Store, str],
) -> None:
    a, b, server = pair
    entry_a = complete_greeting(a, _birthday(a), channel="gift", cost_fen=38_800, zone=ZONE)
    _later_than(b, a)
    entry_b = complete_greeting(b, _birthday(b), channel="flowers", cost_fen=20_000, zone=ZONE)
    for store in (a, b, a):
        sync(store, server)
    reminder_id = _birthday(a).id
    assert _greeting_tasks(a) == _greeting_tasks(b) == [(reminder_id, "done", False)]
    assert _birthday(a).status == _birthday(b).status == "done"
    # Both greetings were really sent: the log keeps both, on both laptops.
    assert _greetings_logged(a) == _greetings_logged(b) == 2
    with a.read_session() as session_a, b.read_session() as session_b:
        task_a, task_b = session_a.get(Task, reminder_id), session_b.get(Task, reminder_id)
        assert task_a is not None and task_b is not None
        # The later completion (B's) is the one the task points at, everywhere.
        assert task_a.interaction_id == task_b.interaction_id == entry_b != entry_a


def test_completed_on_one_dismissed_on_the_other_merges_to_one_row(
    pair: tuple[Store, Store, str],
) -> None:
    a, b, server = pair
    complete_greeting(a, _birthday(a), channel="sms", cost_fen=None, zone=ZONE)
    _later_than(b, a)
    dismiss_greeting(b, _birthday(b))
    for store in (a, b, a):
        sync(store, server)
    reminder_id = _birthday(a).id
    assert _greeting_tasks(a) == _greeting_tasks(b) == [(reminder_id, "cancelled", False)]
    assert _birthday(a).status == _birthday(b).status == "dismissed"


def test_a_reopened_greeting_is_open_on_the_other_laptop_too(
    pair: tuple[Store, Store, str],
) -> None:
    a, b, server = pair
    complete_greeting(a, _birthday(a), channel="call", cost_fen=None, zone=ZONE)
    for store in (a, b):
        sync(store, server)
    assert _birthday(b).status == "done"
    reopen_greeting(b, _birthday(b).id)
    for store in (b, a):
        sync(store, server)
    assert _birthday(a).status == _birthday(b).status == "open"
    # Completed again after the undo: the same row comes back, still one.
    complete_greeting(a, _birthday(a), channel="card", cost_fen=1_500, zone=ZONE)
    for store in (a, b):
        sync(store, server)
    assert _greeting_tasks(a) == _greeting_tasks(b) == [(_birthday(a).id, "done", False)]
