"""The task list (`t` on the desk) and the new-task form, driven with Pilot, keyboard only."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from store.db import Store
from store.models import Task
from store.tasks import create_task
from tests.tui.conftest import TERMINAL, settle
from tui.app import ClientDeskApp
from tui.screens.client_detail import ClientDetailScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.task_form import TaskFormScreen
from tui.screens.tasks import SnoozeScreen, TaskLines, TasksScreen

TODAY = date(2026, 11, 28)


def _status(store: Store, task_id: str) -> tuple[str, date | None]:
    with store.read_session() as session:
        task = session.get(Task, task_id)
        assert task is not None
        return task.status, task.snoozed_until


def _shown(screen: TasksScreen) -> list[str]:
    return list(screen.rows)


async def _open_tasks(pilot, app: ClientDeskApp) -> TasksScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("t")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, TasksScreen)
    return screen


async def _go_to(pilot, screen: TasksScreen, task_id: str) -> None:  # type: ignore[no-untyped-def]
    lines = screen.query_one(TaskLines)
    await pilot.press("home")
    while lines.current_id != task_id:
        before = lines.highlighted
        await pilot.press("down")
        assert lines.highlighted != before, f"{task_id} is not in the list"


async def test_done_cancel_reopen_and_undo(desk: ClientDeskApp, demo_store: Store) -> None:
    me = demo_store.manager_id
    first = create_task(demo_store, title="A 寄送年终答谢函", client_id=None, assignee_id=me,
                        due_on=date(2026, 11, 1))
    second = create_task(demo_store, title="A 整理理财到期清单", client_id=None,
                         assignee_id=me, due_on=date(2026, 11, 2))
    async with desk.run_test(size=TERMINAL) as pilot:
        screen = await _open_tasks(pilot, desk)
        assert _shown(screen)[:2] == [first, second]  # soonest due first
        assert screen.query_one("#tasks-summary").render().plain.startswith(  # type: ignore[attr-defined]
            "My tasks (")

        await _go_to(pilot, screen, first)
        await pilot.press("x")
        await settle(pilot)
        assert _status(demo_store, first)[0] == "done"
        assert first not in _shown(screen)
        await pilot.press("u")
        await settle(pilot)
        assert _status(demo_store, first)[0] == "open"
        assert first in _shown(screen)

        await _go_to(pilot, screen, second)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(desk.screen, ConfirmScreen)
        await pilot.press("n")  # not cancelled after all
        await settle(pilot)
        assert _status(demo_store, second)[0] == "open"
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert _status(demo_store, second)[0] == "cancelled"
        assert second not in _shown(screen)

        await pilot.press("a")  # every status: the cancelled one is back, marked
        await settle(pilot)
        assert second in _shown(screen)
        assert screen.query_one("#tasks-summary").render().plain.startswith(  # type: ignore[attr-defined]
            "All my tasks (")
        await _go_to(pilot, screen, second)
        await pilot.press("o")
        await settle(pilot)
        assert _status(demo_store, second)[0] == "open"


async def test_s_snoozes_the_task_out_of_the_open_list(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    task_id = create_task(demo_store, title="A 回访", client_id=None,
                          assignee_id=demo_store.manager_id, due_on=date(2026, 11, 1))
    async with desk.run_test(size=TERMINAL) as pilot:
        screen = await _open_tasks(pilot, desk)
        await _go_to(pilot, screen, task_id)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(desk.screen, SnoozeScreen)
        await pilot.press(*"2026-11-28", "enter")  # today is not later: refused, named
        await settle(pilot)
        assert isinstance(desk.screen, SnoozeScreen)
        error = desk.screen.query_one("#snooze-error").render().plain  # type: ignore[attr-defined]
        assert error == "Snooze until: must be a later day than today (2026-11-28)"
        assert _status(demo_store, task_id) == ("open", None)
        for _ in "2026-11-28":
            await pilot.press("backspace")
        await pilot.press(*"+3d", "enter")
        await settle(pilot)
        assert desk.screen is screen
        assert task_id not in _shown(screen)
    assert _status(demo_store, task_id) == ("open", date(2026, 12, 1))


async def test_n_adds_a_task_for_the_highlighted_client(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        client_id = desk.selected_client
        assert client_id is not None
        screen = await _open_tasks(pilot, desk)
        before = set(_shown(screen))
        await pilot.press("n")
        await settle(pilot)
        form = desk.screen
        assert isinstance(form, TaskFormScreen)
        await pilot.press("f2")  # nothing typed: the title is named, nothing saved
        await settle(pilot)
        assert desk.screen is form
        error = form.query_one("#error-title").render().plain  # type: ignore[attr-defined]
        assert error == "Title: is required"
        await pilot.press(*"Send the new-year card")
        await pilot.press("tab", "tab", "tab")  # client, assignee, due date
        await pilot.press(*"2026-02-30", "f2")
        await settle(pilot)
        assert desk.screen is form
        error = form.query_one("#error-due_on").render().plain  # type: ignore[attr-defined]
        assert error == "Due date: cannot read \u201c2026-02-30\u201d: February has no day 30"
        for _ in "2026-02-30":
            await pilot.press("backspace")
        await pilot.press(*"2026-12-05", "f2")
        await settle(pilot)
        assert desk.screen is screen
        added = set(_shown(screen)) - before
    assert len(added) == 1
    with demo_store.read_session() as session:
        task = session.get(Task, added.pop())
        assert task is not None
        assert (task.title, task.client_id, task.assignee_id, task.due_on, task.source) == (
            "Send the new-year card", client_id, demo_store.manager_id, date(2026, 12, 5),
            "manual")  # fmt: skip


async def test_escape_asks_before_discarding_a_typed_task(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await _open_tasks(pilot, desk)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"half typed", "escape")
        await settle(pilot)
        assert isinstance(desk.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(desk.screen, TasksScreen)
    with demo_store.read_session() as session:
        assert session.execute(
            select(Task).where(Task.title == "half typed")).first() is None


async def test_t_on_the_profile_stays_the_tier_override(desk: ClientDeskApp) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(desk.screen, ClientDetailScreen)
        await pilot.press("t")
        await settle(pilot)
        assert not isinstance(desk.screen, TasksScreen)
        assert not any(isinstance(s, TasksScreen) for s in desk.screen_stack)


async def test_help_lists_the_my_day_and_task_keys(desk: ClientDeskApp) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        sections = dict(desk.help_sections())
    assert ("d", "My day") in sections["Everywhere"]
    assert ("t", "Tasks") in sections["Everywhere"]
    assert ("s", "Snooze") in sections["My day"]
    assert ("c", "Cancel task") in sections["Tasks"]
    assert [text for _, text in sections["New task form"]] == ["Save", "Cancel"]
