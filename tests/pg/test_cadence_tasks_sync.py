"""Cadence tasks after a sync, against a real PostgreSQL: derived state mends itself.

Laptop A logs the visit that meets a due visit and closes its task. Laptop
B, offline, generates the same task (same derived id) later, open. The
merge is last-writer-wins per field, so B's later "open" beats A's "done"
on both laptops. Nothing in the merge can know better; what mends it is
that cadence tasks are reconciled against the log: once B has A's visit,
opening my day (generation, which reconciles the manager's tasks first)
closes the task again, and that later "done" syncs back to A.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from store.cadence import DEFAULT_CADENCE, obligations
from store.db import Store
from store.hlc import HybridClock, pack
from store.interactions import InteractionDraft, log_interaction
from store.models import Task
from store.sync.run import sync
from store.tasks import cadence_task_id, generate_cadence_tasks
from tests.unit.test_tasks import LINA, WANG, _seed

pytestmark = pytest.mark.postgres

ZONE = "Asia/Shanghai"
TODAY = date(2026, 11, 28)  # the fixed clock of tests/conftest.py


def _visit(store: Store, day: date) -> None:
    when = datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
    log_interaction(store, InteractionDraft(
        client_id=WANG, kind="visit", occurred_at=when, duration_min=30, purpose="care",
        summary="拜访", participant_ids=(LINA,)), zone=ZONE, rules=DEFAULT_CADENCE)  # fmt: skip


def _open_my_day(store: Store) -> None:
    """What the my-day screen does on opening: generate (and reconcile) the manager's tasks."""
    with store.read_session() as session:
        owed = obligations(session, DEFAULT_CADENCE, TODAY, ZONE, manager_id=LINA)
    generate_cadence_tasks(store, owed, TODAY, rules=DEFAULT_CADENCE, zone=ZONE,
                           manager_id=LINA)  # fmt: skip


def _status(store: Store, task_id: str) -> str | None:
    with store.read_session() as session:
        task = session.get(Task, task_id)
        return None if task is None else task.status


def test_a_task_reopened_by_an_offline_generation_is_closed_again_by_my_day(
    server: str, laptops: Callable[..., Store]
) -> None:
    a, b = laptops("a", LINA), laptops("b", LINA)
    _seed(a)
    _visit(a, date(2026, 9, 20))  # the monthly visit is due on 20 October: overdue
    for store in (a, b, a):
        sync(store, server)
    task_id = cadence_task_id(WANG, "client_manager", date(2026, 10, 20))

    _open_my_day(a)
    assert _status(a, task_id) == "open"
    _visit(a, date(2026, 11, 27))  # A visits: the task is done
    assert _status(a, task_id) == "done"
    sync(a, server)

    # B has not synced since September: it still sees the visit overdue and makes the task.
    b.hlc = HybridClock(wall_ms=b.hlc.wall_ms, last=max(a.hlc.last, b.hlc.last) + pack(1000, 0))
    _open_my_day(b)
    assert _status(b, task_id) == "open"
    for store in (b, a):
        sync(store, server)
    # The merge alone: B's later "open" won on both laptops although the visit is logged.
    assert _status(a, task_id) == _status(b, task_id) == "open"

    _open_my_day(b)  # B opens my day: it has A's visit now, so the task is met
    assert _status(b, task_id) == "done"
    for store in (b, a, b):
        sync(store, server)
    assert _status(a, task_id) == _status(b, task_id) == "done"
    _open_my_day(a)  # and A's own my day leaves it so, making no new task
    with a.read_session() as session:
        monthly = session.scalars(select(Task.status).where(
            Task.source == "cadence", Task.role == "client_manager", Task.client_id == WANG))
        assert monthly.all() == ["done"]
