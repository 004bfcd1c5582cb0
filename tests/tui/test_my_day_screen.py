"""My day (`d`) driven with Pilot on the seeded demo branch, keyboard only.

The issue's "done when": the demo's client manager 李娜 opens my day, sees
the VIP clients due for their monthly visit, reads the brief, logs the
visit in its structure and sees the cadence move forward; a senior manager
sees their own quarterly obligations instead. The 80-client desk demo
leaves 李娜 nothing due, so these tests seed 200 clients (same seed).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from time import sleep
from typing import Any

import pytest
from sqlalchemy import func, select, update

from store.cadence import DEFAULT_CADENCE, obligations
from store.config import load_config
from store.db import Store
from store.demo import fill_demo
from store.festivals import occasion_name
from store.greeting_config import DEFAULT_GREETINGS
from store.models import Interaction, InteractionParticipant, LocalMeta, Manager, Task
from store.paths import config_path
from store.reminders import Reminder, reminders_due
from store.tasks import cadence_task_id, create_task, tasks_for
from tests.tui.conftest import TERMINAL, settle
from tui.app import ClientDeskApp, make_app
from tui.screens.greeting_done import GreetingDoneScreen
from tui.screens.my_day import MyDayScreen
from tui.screens.tasks import SnoozeScreen, TaskLines
from tui.themes import load_themes

TODAY = date(2026, 11, 28)
ZONE = "Asia/Shanghai"
MY_DAY_CLIENTS = 200


@pytest.fixture
def busy_store(store: Store) -> Iterator[Store]:
    fill_demo(store, clients=MY_DAY_CLIENTS, seed=7)
    yield store


def _app(store: Store) -> ClientDeskApp:
    return make_app(store, load_config(config_path()), load_themes())


def _sign_in(store: Store, employee_no: str) -> str:
    """Make another demo manager the signed-in one, as a second laptop would be."""
    with store.session() as session:
        manager_id = session.execute(
            select(Manager.id).where(Manager.employee_no == employee_no)
        ).scalar_one()
        session.execute(update(LocalMeta).where(LocalMeta.key == "manager_id")
                        .values(value=manager_id))  # fmt: skip
    store.manager_id = manager_id
    return manager_id


def _lines(screen: MyDayScreen) -> list[str]:
    lines = screen.query_one(TaskLines)
    return [str(lines.get_option_at_index(i).prompt) for i in range(lines.option_count)]


def _visit_lines(screen: MyDayScreen) -> list[tuple[str, str]]:
    return [(v.client_name, v.role) for v in screen.visits.values()]


async def test_a_manager_logs_a_due_monthly_visit_and_the_cadence_moves_on(
    busy_store: Store,
) -> None:
    app = _app(busy_store)
    async with app.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MyDayScreen)
        assert screen.query_one("#my-day-header").render().plain.startswith(  # type: ignore[attr-defined]
            "李娜 (Client manager) - 2026-11-28")
        assert _visit_lines(screen) == [("曹山", "client_manager"), ("陈林云", "client_manager")]
        text = "\n".join(_lines(screen))
        assert "Visits due by cadence (2)" in text
        assert "13 days late" in text and "5 days late" in text
        assert f"Greetings ({len(screen.greetings)})" in text and screen.greetings
        visit = next(iter(screen.visits.values()))
        # Opening my day generated the due visits' cadence tasks (shown once, as visits).
        task_id = cadence_task_id(visit.client_id, "client_manager", visit.due_on)
        with busy_store.read_session() as session:
            task = session.get(Task, task_id)
            assert task is not None and task.status == "open" and task.source == "cadence"

        # The cursor starts on the most overdue visit: read its brief, then come back.
        await pilot.press("b")
        await settle(pilot)
        from tui.screens.brief import BriefScreen

        assert isinstance(app.screen, BriefScreen)
        assert app.screen.client_id == visit.client_id
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen

        # Log the visit: type what was discussed, F2.
        await pilot.press("v")
        await settle(pilot)
        from tui.screens.interaction_form import InteractionFormScreen

        assert isinstance(app.screen, InteractionFormScreen)
        await pilot.press(*"review of holdings")
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen is screen
        assert _visit_lines(screen) == [("陈林云", "client_manager")]
        assert "Visits due by cadence (1)" in "\n".join(_lines(screen))

    with busy_store.read_session() as session:
        logged = session.execute(
            select(Interaction).where(Interaction.client_id == visit.client_id)
            .order_by(Interaction.occurred_at.desc())
        ).scalars().first()
        assert logged is not None
        assert (logged.kind, logged.summary) == ("visit", "review of holdings")
        levels = session.execute(select(InteractionParticipant.level).where(
            InteractionParticipant.interaction_id == logged.id)).scalars().all()
        assert levels == ["client_manager"]
        task = session.get(Task, task_id)
        assert task is not None and task.status == "done"  # the visit met it
        still_due = obligations(session, DEFAULT_CADENCE, TODAY, ZONE,
                                manager_id=busy_store.manager_id)  # fmt: skip
    assert [(o.client_name, o.role) for o in still_due] == [("陈林云", "client_manager")]


async def test_a_senior_manager_sees_their_quarterly_obligations(busy_store: Store) -> None:
    senior = _sign_in(busy_store, "RH2001")  # 陈静
    app = _app(busy_store)
    async with app.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MyDayScreen)
        header = screen.query_one("#my-day-header").render().plain  # type: ignore[attr-defined]
        assert header.startswith("陈静 (Senior client manager)")
        lines = _visit_lines(screen)
    # 陈林云 is due both for 李娜's monthly visit and for 陈静's quarterly one:
    # the senior sees only the quarterly line.
    assert ("陈林云", "senior_client_manager") in lines
    assert ("陈林云", "client_manager") not in lines
    assert ("曹山", "client_manager") not in lines
    with busy_store.read_session() as session:
        expected = obligations(session, DEFAULT_CADENCE, TODAY, ZONE, manager_id=senior)
    assert lines == [(o.client_name, o.role) for o in expected]
    assert sum(role == "senior_client_manager" for _, role in lines) >= 5


async def test_x_marks_a_task_done_and_u_undoes_it(busy_store: Store) -> None:
    manager = busy_store.manager_id
    task_id = create_task(busy_store, title="寄送年终答谢函", client_id=None,
                          assignee_id=manager, due_on=date(2026, 11, 27))
    app = _app(busy_store)
    async with app.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MyDayScreen)
        first = screen.tasks[task_id]
        assert "寄送年终答谢函" in "\n".join(_lines(screen))
        lines = screen.query_one(TaskLines)
        # Down from the first line, past the visits, to the task (keyboard only).
        while lines.current_id != f"task:{task_id}":
            before = lines.highlighted
            await pilot.press("down")
            assert lines.highlighted != before
        await pilot.press("x")
        await settle(pilot)
        assert first.id not in screen.tasks
        with busy_store.read_session() as session:
            assert session.get(Task, first.id).status == "done"  # type: ignore[union-attr]
        await pilot.press("u")
        await settle(pilot)
        assert first.id in screen.tasks
    with busy_store.read_session() as session:
        assert session.get(Task, first.id).status == "open"  # type: ignore[union-attr]
        assert first.id in {r.id for r in tasks_for(session, TODAY, assignee_id=manager)}


async def test_s_snoozes_a_visit_until_the_day_typed(busy_store: Store) -> None:
    app = _app(busy_store)
    async with app.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MyDayScreen)
        assert _visit_lines(screen)[0] == ("曹山", "client_manager")
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SnoozeScreen)
        await pilot.press(*"today", "enter")  # not later than today: named, the prompt stays
        await settle(pilot)
        assert isinstance(app.screen, SnoozeScreen)
        error = app.screen.query_one("#snooze-error").render().plain  # type: ignore[attr-defined]
        assert error == "Snooze until: must be a later day than today (2026-11-28)"
        for _ in "today":
            await pilot.press("backspace")
        await pilot.press(*"+3d", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert _visit_lines(screen) == [("陈林云", "client_manager")]


async def test_enter_opens_the_client_and_w_the_due_list(busy_store: Store) -> None:
    app = _app(busy_store)
    async with app.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MyDayScreen)
        await pilot.press("enter")
        await settle(pilot)
        from tui.screens.client_detail import ClientDetailScreen

        assert isinstance(app.screen, ClientDetailScreen)
        assert app.screen.detail.profile["name"] == "曹山"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        from tui.screens.due import DueScreen

        assert isinstance(app.screen, DueScreen)


async def test_nobody_signed_in_is_explained(busy_store: Store) -> None:
    with busy_store.session() as session:
        session.execute(update(LocalMeta).where(LocalMeta.key == "manager_id").values(value=""))
    busy_store.manager_id = None
    app = _app(busy_store)
    async with app.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MyDayScreen)
        header = screen.query_one("#my-day-header").render().plain  # type: ignore[attr-defined]
        assert header == (
            "No manager is signed in on this store, so there are no visits or tasks of yours.")
        assert "No visits due" in "\n".join(_lines(screen))


def test_my_day_snapshot(busy_store: Store, snap_compare) -> None:  # type: ignore[no-untyped-def]
    create_task(busy_store, title="寄送年终答谢函", client_id=None,
                assignee_id=busy_store.manager_id, due_on=date(2026, 11, 25))
    async def open_my_day(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)

    assert snap_compare(_app(busy_store), terminal_size=TERMINAL, run_before=open_my_day)


def _due_greetings(store: Store) -> list[Reminder]:
    with store.read_session() as session:
        return reminders_due(session, DEFAULT_GREETINGS, TODAY, manager_id=store.manager_id)


async def _open_my_day(pilot, app: ClientDeskApp) -> MyDayScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("d")
    await settle(pilot)
    assert isinstance(app.screen, MyDayScreen)
    return app.screen


async def _go_to(pilot, screen: MyDayScreen, option_id: str) -> None:  # type: ignore[no-untyped-def]
    """Down the list, keyboard only, to the line `option_id`."""
    lines = screen.query_one(TaskLines)
    while lines.current_id != option_id:
        before = lines.highlighted
        await pilot.press("down")
        assert lines.highlighted != before, f"{option_id} is not in the list"


async def test_the_greetings_due_show_day_occasion_person_and_detail(busy_store: Store) -> None:
    due = _due_greetings(busy_store)
    assert any(r.lunar for r in due), "the demo has a lunar birthday this week"
    app = _app(busy_store)
    async with app.run_test(size=TERMINAL) as pilot:
        screen = await _open_my_day(pilot, app)
        assert list(screen.greetings.values()) == due
        lines = _lines(screen)
    heading = lines.index(f"Greetings ({len(due)})")
    shown = lines[heading + 1:]
    assert len(shown) == len(due)
    for line, reminder in zip(shown, due, strict=True):
        days = (reminder.on - TODAY).days
        assert line.startswith(f"{reminder.on.isoformat()} ")
        assert {-1: "yesterday", 0: "today", 1: "tomorrow"}.get(
            days, f"in {days} days" if days > 0 else f"{-days} days ago") in line
        assert occasion_name(reminder.occasion) in line and reminder.person in line
        assert reminder.detail in line
        if reminder.lunar:  # the lunar date the birthday keeps, e.g. 农历十月廿三
            assert "农历" in line


async def test_enter_on_a_greeting_logs_it_and_it_leaves_my_day(busy_store: Store) -> None:
    greeting = _due_greetings(busy_store)[0]
    app = _app(busy_store)
    async with app.run_test(size=TERMINAL) as pilot:
        screen = await _open_my_day(pilot, app)
        await _go_to(pilot, screen, f"greeting:{greeting.id}")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GreetingDoneScreen)
        assert app.screen.reminder == greeting
        await pilot.press("3", *"288", "f2")  # flowers, 288 元
        await settle(pilot)
        assert app.screen is screen
        assert f"greeting:{greeting.id}" not in screen.greetings
    with busy_store.read_session() as session:
        task = session.get(Task, greeting.id)
        assert task is not None and task.status == "done"
        entry = session.get(Interaction, task.interaction_id)
        assert entry is not None
        assert (entry.client_id, entry.channel, entry.cost_fen) == (
            greeting.client_id, "flowers", 28800)


async def test_c_puts_a_greeting_aside_and_u_brings_it_back(busy_store: Store) -> None:
    greeting = _due_greetings(busy_store)[-1]
    key = f"greeting:{greeting.id}"
    app = _app(busy_store)
    async with app.run_test(size=TERMINAL) as pilot:
        screen = await _open_my_day(pilot, app)
        await _go_to(pilot, screen, key)
        await pilot.press("c")
        await settle(pilot)
        assert key not in screen.greetings
        with busy_store.read_session() as session:
            task = session.get(Task, greeting.id)
            assert task is not None and task.status == "cancelled"
        assert greeting.id not in {r.id for r in _due_greetings(busy_store)}
        await pilot.press("u")
        await settle(pilot)
        assert key in screen.greetings
    assert greeting.id in {r.id for r in _due_greetings(busy_store)}


async def test_an_older_slower_read_does_not_replace_a_newer_one(
    busy_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.screens.my_day as my_day

    greeting = _due_greetings(busy_store)[-1]
    key = f"greeting:{greeting.id}"
    real = my_day.build_my_day
    reads: list[int] = []

    def slow_first(*args: Any, **kwargs: Any) -> Any:
        """The read after `c` takes long (a big book); the one after `u` is quick."""
        result = real(*args, **kwargs)
        reads.append(1)
        if len(reads) == 1:
            sleep(0.6)
        return result

    app = _app(busy_store)
    async with app.run_test(size=TERMINAL) as pilot:
        screen = await _open_my_day(pilot, app)
        await _go_to(pilot, screen, key)
        monkeypatch.setattr(my_day, "build_my_day", slow_first)
        await pilot.press("c")  # put aside: the read after it is slow...
        await pilot.pause(0.2)
        await pilot.press("u")  # ...and `u` brings it back before that read ends
        await pilot.pause(1.0)
        await settle(pilot)
        assert len(reads) >= 2
        assert greeting.id in {r.id for r in _due_greetings(busy_store)}
        assert key in screen.greetings  # the newer read is what is shown


async def test_c_dates_its_refusal_in_the_screens_zone(
    busy_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import store.greetings

    real = store.greetings.dismiss_greeting
    zones: list[str] = []

    def spy(db: Store, reminder: Reminder, **kwargs: Any) -> None:
        zones.append(kwargs.get("zone", "(not given)"))
        real(db, reminder, **kwargs)

    monkeypatch.setattr(store.greetings, "dismiss_greeting", spy)
    greeting = _due_greetings(busy_store)[-1]
    app = _app(busy_store)
    async with app.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        screen = MyDayScreen(busy_store, app.config, "Europe/London")
        app.push_screen(screen)
        await settle(pilot)
        await _go_to(pilot, screen, f"greeting:{greeting.id}")
        await pilot.press("c")
        await settle(pilot)
    assert zones == ["Europe/London"]


async def test_the_footer_offers_greeting_keys_on_a_greeting_only(busy_store: Store) -> None:
    greeting = _due_greetings(busy_store)[0]
    app = _app(busy_store)
    async with app.run_test(size=TERMINAL) as pilot:
        screen = await _open_my_day(pilot, app)

        def offered() -> set[str]:
            return {b.binding.action for b in screen.active_bindings.values()}

        assert screen.query_one(TaskLines).current_id in screen.visits  # the first visit
        assert {"done", "snooze"} <= offered()
        assert not {"greeting_done", "dismiss_greeting"} & offered()
        await pilot.press("g")  # nothing to do here: the desk's `g` is not reached either
        await settle(pilot)
        assert app.screen is screen
        await _go_to(pilot, screen, f"greeting:{greeting.id}")
        assert {"greeting_done", "dismiss_greeting"} <= offered()
        assert not {"done", "snooze"} & offered()


def test_a_visit_coming_due_on_a_day_off_names_the_working_day_before() -> None:
    from store.cadence import Obligation
    from store.my_day import MyDay
    from tui.screens.my_day import _off_days, visit_line

    def owed(due_on: date, state: str = "due", late: int = 0) -> Obligation:
        return Obligation("c1", "曹山", "platinum", "client_manager", "m1", "李娜",
                          date(2026, 9, 1), due_on, late, state)  # fmt: skip

    national_day = owed(date(2026, 10, 3))  # a Saturday inside the National Day break
    working = owed(date(2026, 9, 29))  # a Tuesday
    past = owed(date(2026, 9, 27), "overdue", 1)  # a Sunday, but already gone by
    day = MyDay(date(2026, 9, 28), [national_day, working, past], [], [])
    assert _off_days(day) == {date(2026, 10, 3): date(2026, 9, 30)}
    line = visit_line(national_day, day.today, date(2026, 9, 30)).plain
    assert line.endswith("due on a day off; the working day before is 2026-09-30")
    assert "day off" not in visit_line(working, day.today).plain


def _greetings_logged(store: Store) -> int:
    with store.read_session() as session:
        return session.scalar(select(func.count()).select_from(Interaction).where(
            Interaction.kind == "greeting"))  # type: ignore[return-value]  # fmt: skip


async def test_space_marks_two_greetings_and_g_greets_both_at_once(busy_store: Store) -> None:
    first, second = _due_greetings(busy_store)[:2]
    keys = [f"greeting:{first.id}", f"greeting:{second.id}"]
    logged_before = _greetings_logged(busy_store)
    app = _app(busy_store)
    async with app.run_test(size=TERMINAL) as pilot:
        screen = await _open_my_day(pilot, app)
        await _go_to(pilot, screen, keys[0])
        await pilot.press("space")  # marks it and moves down to the next greeting
        assert screen.query_one(TaskLines).current_id == keys[1]
        await pilot.press("space")
        await settle(pilot)
        assert screen.marked == set(keys)
        marked = [line for line in _lines(screen) if line.endswith("  ✓")]
        assert len(marked) == 2 and first.person in marked[0] and second.person in marked[1]
        await pilot.press("G")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, GreetingDoneScreen)
        assert form.batch == (first, second)
        assert "2 greetings" in str(form.query_one("#greeting-what").render())
        await pilot.press("1", "f2")  # SMS, no cost
        await settle(pilot)
        assert app.screen is screen
        assert not set(keys) & screen.greetings.keys()
        assert screen.marked == set()
    with busy_store.read_session() as session:
        for greeting in (first, second):
            task = session.get(Task, greeting.id)
            assert task is not None and task.status == "done"
            entry = session.get(Interaction, task.interaction_id)
            assert entry is not None
            assert (entry.client_id, entry.kind, entry.channel, entry.cost_fen) == (
                greeting.client_id, "greeting", "sms", None)
    assert _greetings_logged(busy_store) == logged_before + 2
    assert not {first.id, second.id} & {r.id for r in _due_greetings(busy_store)}


async def test_marking_the_last_line_stays_there_and_g_still_greets_it(busy_store: Store) -> None:
    last = _due_greetings(busy_store)[-1]
    key = f"greeting:{last.id}"
    app = _app(busy_store)
    async with app.run_test(size=TERMINAL) as pilot:
        screen = await _open_my_day(pilot, app)
        lines = screen.query_one(TaskLines)
        await _go_to(pilot, screen, key)
        assert lines.highlighted == lines.option_count - 1  # the day's last line
        await pilot.press("space")
        await settle(pilot)
        assert lines.current_id == key  # no wrap to the top of the list
        await pilot.press("up")  # the marked one is greeted wherever the cursor is
        await pilot.press("G")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, GreetingDoneScreen) and form.batch == (last,)


async def test_g_with_nothing_marked_greets_the_whole_occasion(busy_store: Store) -> None:
    due = _due_greetings(busy_store)
    greeting = due[0]
    same = tuple(r for r in due if r.occasion == greeting.occasion)
    app = _app(busy_store)
    async with app.run_test(size=TERMINAL) as pilot:
        screen = await _open_my_day(pilot, app)
        offered = {b.binding.action for b in screen.active_bindings.values()}
        assert not {"mark", "greet_all"} & offered  # on a visit line: not offered
        await _go_to(pilot, screen, f"greeting:{greeting.id}")
        offered = {b.binding.action for b in screen.active_bindings.values()}
        assert {"mark", "greet_all"} <= offered
        await pilot.press("G")
        await settle(pilot)
        assert isinstance(app.screen, GreetingDoneScreen)
        assert app.screen.batch == same
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
    with busy_store.read_session() as session:
        assert session.get(Task, greeting.id) is None  # cancelled: nothing written
