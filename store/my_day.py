"""My day (今日工作): what the signed-in manager should do today, in one read.

Three parts, in the order a manager works through them in the morning:
the visits their role owes by cadence (overdue first), the tasks due today
or earlier, and the greetings due (`store.reminders.reminders_due`: a
birthday or festival within its lead days, or missed in the last few days,
not yet sent or dismissed).

A due visit also has a generated cadence task (`store.tasks`), which is
how it syncs and how it can be snoozed; my day shows it once, as the visit
line, and leaves it out of the task part. A visit whose task the manager
snoozed past today, or cancelled, is not shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from store.greeting_config import DEFAULT_GREETINGS, GreetingRules
from store.reminders import Reminder, reminders_due
from store.tasks import (
    TaskRow,
    cadence_task_id,
    held_visits,
    standing_cadence_tasks,
    tasks_for,
)

if TYPE_CHECKING:
    from store.cadence import CadenceRules, Obligation

__all__ = ["MyDay", "build_my_day", "my_day"]


@dataclass(frozen=True)
class MyDay:
    """The three parts of my day, as plain rows.

    `visit_tasks` maps (client, role) of a visit line to the open cadence
    task standing for it, so the screen can snooze that visit.
    """

    today: date
    visits: list[Obligation]
    tasks: list[TaskRow]
    greetings: list[Reminder]
    visit_tasks: Mapping[tuple[str, str], str] = field(default_factory=dict)


def my_day(
    session: Session,
    rules: CadenceRules,
    manager_id: str | None,
    today: date,
    zone: str,
    *,
    greetings: GreetingRules = DEFAULT_GREETINGS,
) -> MyDay:
    """My day for `manager_id` (None: nobody signed in, so an empty day).

    `greetings` are the config's greeting rules ([greetings]).
    """
    if manager_id is None:
        return MyDay(today, [], [], [])
    from store.cadence import obligations

    visits = obligations(
        session, rules, today, zone, manager_id=manager_id, states=("overdue", "due")
    )
    return build_my_day(session, visits, manager_id, today, greetings=greetings)


def build_my_day(
    session: Session,
    visits: list[Obligation],
    manager_id: str,
    today: date,
    *,
    greetings: GreetingRules = DEFAULT_GREETINGS,
) -> MyDay:
    """Put my day together from the cadence obligations already computed.

    Split from `my_day` so the part that is this module's own rule (which
    visits are held, which tasks show) is tested without the cadence maths.
    """
    held = held_visits(session, visits, today)
    if held:
        visits = [
            v for v in visits
            if cadence_task_id(v.client_id, v.role, v.due_on) not in held
        ]  # fmt: skip
    standing = standing_cadence_tasks(session, {v.client_id for v in visits})
    shown_visits = {(v.client_id, v.role) for v in visits}
    tasks = [
        row
        for row in tasks_for(session, today, assignee_id=manager_id, due_by=today)
        if not (row.source == "cadence" and (row.client_id, row.role) in shown_visits)
    ]
    visit_tasks = {key: task for key, task in standing.items() if key in shown_visits}
    due = reminders_due(session, greetings, today, manager_id=manager_id)
    return MyDay(today=today, visits=visits, tasks=tasks, greetings=due, visit_tasks=visit_tasks)
