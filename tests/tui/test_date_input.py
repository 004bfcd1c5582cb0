"""The natural-date field: preview, resolved date, and ctrl+w on a day off (Pilot).

Today is fixed at Saturday 2026-11-28 (tests/conftest.py). Dates are checked
against the calendar: 2026-12-12 is a Saturday, 2026-12-11 a Friday;
2026-10-01..07 is the National Day holiday (2026-09-30 a Wednesday).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from textual.app import App, ComposeResult

from store.db import Store
from store.models import Task
from store.tasks import create_task
from tests.tui.conftest import TERMINAL, settle
from tui.app import ClientDeskApp
from tui.screens.task_form import TaskFormScreen
from tui.screens.tasks import SnoozeScreen, TaskLines
from tui.widgets.date_input import DateInput

TODAY = date(2026, 11, 28)


class DateApp(App[None]):
    """One date field, as a form holds it: the field, then its preview line."""

    def __init__(self, prefer: str = "future") -> None:
        super().__init__()
        self.prefer = prefer

    def compose(self) -> ComposeResult:
        field = DateInput(today=TODAY, prefer=self.prefer, id="field-day")  # type: ignore[arg-type]
        yield field
        yield field.preview


def _preview(app: App[None]) -> str:
    return str(app.query_one(DateInput).preview.render())


def _offered(app: App[None]) -> bool:
    """ctrl+w is in the footer's bindings as "previous working day"."""
    active = app.screen.active_bindings.get("ctrl+w")
    return active is not None and active.binding.action == "previous_workday"


async def test_typing_shows_the_date_it_means_before_it_is_kept() -> None:
    app = DateApp()
    async with app.run_test() as pilot:
        field = app.query_one(DateInput)
        field.focus()
        await pilot.press(*"+3d")
        assert field.value_date == date(2026, 12, 1)
        assert field.problem is None
        assert "2026-12-01" in _preview(app) and "Tue" in _preview(app)
        assert not _offered(app)  # a Tuesday is a working day


async def test_an_unreadable_date_says_why_and_resolves_to_nothing() -> None:
    app = DateApp()
    async with app.run_test() as pilot:
        field = app.query_one(DateInput)
        field.focus()
        await pilot.press(*"12-32")
        assert field.value_date is None
        assert field.problem is not None and "12-32" in field.problem
        assert "12-32" in _preview(app)
        assert field.preview.has_class("-problem")
        for _ in "12-32":
            await pilot.press("backspace")
        assert field.value_date is None and field.problem is None
        assert _preview(app) == ""


async def test_ctrl_w_takes_the_working_day_before_a_weekend() -> None:
    app = DateApp()
    async with app.run_test() as pilot:
        field = app.query_one(DateInput)
        field.focus()
        await pilot.press(*"+2w")
        assert field.value_date == date(2026, 12, 12)  # a Saturday
        assert field.workday == date(2026, 12, 11)
        preview = _preview(app)
        assert "2026-12-11" in preview and "(^w takes it)" in preview
        assert _offered(app)
        await pilot.press("ctrl+w")
        assert field.value == "2026-12-11"
        assert field.value_date == date(2026, 12, 11)
        assert field.workday is None and not _offered(app)


async def test_ctrl_w_before_a_public_holiday_skips_the_whole_break() -> None:
    app = DateApp()
    async with app.run_test() as pilot:
        field = app.query_one(DateInput)
        field.value = "2026-10-05"  # inside the National Day break
        await pilot.pause()
        assert field.workday == date(2026, 9, 30)
        field.focus()
        await pilot.press("ctrl+w")
        assert field.value_date == date(2026, 9, 30)


async def test_on_a_working_day_ctrl_w_still_deletes_a_word() -> None:
    app = DateApp()
    async with app.run_test() as pilot:
        field = app.query_one(DateInput)
        field.focus()
        await pilot.press(*"next", "space", *"wed")
        assert field.value_date == date(2026, 12, 2)  # Wednesday of next Mon-Sun week
        await pilot.press("ctrl+w")
        assert field.value == "next "


async def test_prefer_past_reads_a_short_date_backwards() -> None:
    app = DateApp(prefer="past")
    async with app.run_test() as pilot:
        field = app.query_one(DateInput)
        field.focus()
        await pilot.press(*"12-5")
        assert field.value_date == date(2025, 12, 5)


# --- where dates are typed elsewhere: the task form's due date and the snooze prompt ---------


async def test_a_task_due_next_wednesday_in_chinese(desk: ClientDeskApp, demo_store: Store) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = desk.screen
        assert isinstance(form, TaskFormScreen)
        await pilot.press(*"Call about the deposit")
        due = form.query_one("#field-due_on", DateInput)
        due.focus()
        await pilot.press(*"下周三")
        assert due.value_date == date(2026, 12, 2)
        assert "2026-12-02" in str(due.preview.render())
        await pilot.press("f2")
        await settle(pilot)
        assert not isinstance(desk.screen, TaskFormScreen)
    with demo_store.read_session() as session:
        task = session.execute(
            select(Task).where(Task.title == "Call about the deposit")
        ).scalar_one()
    assert task.due_on == date(2026, 12, 2)


async def test_snoozing_until_next_monday(desk: ClientDeskApp, demo_store: Store) -> None:
    task_id = create_task(
        demo_store,
        title="A 回访",
        client_id=None,
        assignee_id=demo_store.manager_id,
        due_on=date(2026, 11, 1),
    )
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = desk.screen
        lines = screen.query_one(TaskLines)
        while lines.current_id != task_id:
            before = lines.highlighted
            await pilot.press("down")
            assert lines.highlighted != before
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(desk.screen, SnoozeScreen)
        await pilot.press(*"next", "space", *"mon")
        assert "2026-11-30" in str(desk.screen.query_one(DateInput).preview.render())
        await pilot.press("enter")
        await settle(pilot)
        assert desk.screen is screen
    with demo_store.read_session() as session:
        assert session.get(Task, task_id).snoozed_until == date(2026, 11, 30)  # type: ignore[union-attr]
