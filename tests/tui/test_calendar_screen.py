"""The calendar screen (`c` on the desk) driven with Pilot, keyboard only.

Fixed clock (conftest): today is Saturday 2026-11-28, lunar 十月二十. Lunar
dates asserted here are published facts (lunar month 10 of 2026 begins on
2026-11-09, 冬月 on 2026-12-09; 元旦 2027 is a day off), not values
computed by the code under test. Entries are planned by the test itself
through `store.schedule`, so the assertions do not depend on the demo's
random schedule.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from datetime import date, time
from time import sleep
from typing import Any

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, Static

from store import i18n
from store.agenda import AgendaEntry, agenda_entries
from store.config import load_config
from store.db import Store
from store.models import CalendarEvent, Client
from store.paths import config_path
from store.schedule import EventDraft, schedule_event
from store.workdays import holiday_warning
from tests.tui.conftest import TERMINAL, settle
from tui.app import ClientDeskApp, make_app
from tui.screens.calendar import CalendarScreen
from tui.screens.confirm import ConfirmScreen
from tui.themes import load_themes
from tui.widgets.agenda_list import AgendaList, DayEntries
from tui.widgets.month_calendar import MonthCalendar
from tui.widgets.month_grid import MonthGrid, build_days
from tui.widgets.week_view import WeekView

TODAY = date(2026, 11, 28)
ZONE = "Asia/Shanghai"
NARROW = (80, 30)
SnapCompare = Callable[..., bool]


def _app(store: Store) -> ClientDeskApp:
    return make_app(store, load_config(config_path()), load_themes())


def _a_client(store: Store) -> str:
    with store.read_session() as session:
        return session.execute(
            select(Client.id).where(Client.owner_manager_id == store.manager_id)
            .order_by(Client.id).limit(1)
        ).scalar_one()  # fmt: skip


def _plan(store: Store, day: date, at: time | None, kind: str = "visit", title: str = "") -> str:
    draft = EventDraft(kind=kind, title=title, day=day, start=at, duration_min=60 if at else None,
                       client_ids=(_a_client(store),))  # fmt: skip
    return schedule_event(store, draft, zone=ZONE)


async def _open_calendar(pilot: Pilot[None]) -> CalendarScreen:
    await settle(pilot)
    await pilot.press("c")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CalendarScreen)
    return screen


async def _go_to(pilot: Pilot[None], screen: CalendarScreen, day: date) -> None:
    """Walk the cursor to `day` with the day keys, as a person would."""
    steps = (day - screen.cursor).days
    await pilot.press(*(["right"] * steps if steps > 0 else ["left"] * -steps))
    await settle(pilot)
    assert screen.cursor == day


async def _select_entry(pilot: Pilot[None], screen: CalendarScreen, entry_id: str) -> None:
    """Enter the day panel and move down to the entry `entry_id`."""
    await pilot.press("enter")
    await settle(pilot)
    entries = screen.query_one(DayEntries)
    assert screen.focused is entries
    for _ in range(len(entries.entries)):
        if entries.entry is not None and entries.entry.id == entry_id:
            return
        await pilot.press("down")
    assert entries.entry is not None and entries.entry.id == entry_id


def _an_open_greeting(store: Store) -> AgendaEntry:
    """The first open greeting reminder of the next 30 days, as the store lists it."""
    config = load_config(config_path())
    with store.read_session() as session:
        ahead = agenda_entries(session, TODAY, 30, zone=ZONE, manager_id=store.manager_id,
                               greetings=config.greetings)  # fmt: skip
    return next(e for e in ahead if e.source == "reminder" and e.status == "open")


def _day_panel(screen: CalendarScreen) -> str:
    parts = [str(screen.query_one(f"#{name}", Static).render())
             for name in ("day-title", "day-facts", "day-warning")]  # fmt: skip
    entries = screen.query_one(DayEntries)
    lines = [str(entries.get_option_at_index(i).prompt) for i in range(entries.option_count)]
    return "\n".join(parts + lines)


async def test_the_cursor_moves_by_day_week_and_month_and_back_to_today(
    demo_store: Store,
) -> None:
    app = _app(demo_store)
    async with app.run_test(size=TERMINAL) as pilot:
        screen = await _open_calendar(pilot)
        grid = screen.query_one(MonthGrid)
        assert screen.focused is grid
        assert screen.cursor == TODAY and grid.cursor_day == TODAY
        moves = [
            ("right", date(2026, 11, 29)), ("l", date(2026, 11, 30)), ("left", date(2026, 11, 29)),
            ("h", date(2026, 11, 28)), ("down", date(2026, 12, 5)), ("j", date(2026, 12, 12)),
            ("up", date(2026, 12, 5)), ("k", date(2026, 11, 28)), ("pagedown", date(2026, 12, 28)),
            ("pagedown", date(2027, 1, 28)), ("pageup", date(2026, 12, 28)), ("t", TODAY),
        ]  # fmt: skip
        for key, expected in moves:
            await pilot.press(key)
            await settle(pilot)
            assert (key, screen.cursor, grid.cursor_day) == (key, expected, expected)
        await pilot.press("pagedown")
        await settle(pilot)
        title = str(screen.query_one("#calendar-title", Static).render())
        assert "December 2026" in title
        # The day panel follows the cursor, with the full lunar date (冬月初一 is 2026-12-09).
        await _go_to(pilot, screen, date(2026, 12, 9))
        assert "农历冬月初一" in _day_panel(screen)
        assert screen.days[date(2026, 12, 9)].label == "冬月"  # the cell names the new month
        assert "冬月" in grid.render().plain


async def test_m_w_and_a_switch_views_and_plus_minus_change_the_agenda_length(
    demo_store: Store,
) -> None:
    planned = _plan(demo_store, date(2026, 12, 2), time(10, 0))
    app = _app(demo_store)
    async with app.run_test(size=TERMINAL) as pilot:
        screen = await _open_calendar(pilot)
        switcher = screen.query_one(ContentSwitcher)
        assert switcher.current == "month-grid"

        await pilot.press("w")
        await settle(pilot)
        assert switcher.current == "week-view" and screen.focused is screen.query_one(WeekView)
        assert "(week 48)" in str(screen.query_one("#calendar-title", Static).render())
        await pilot.press("down")  # next week: the planned visit is on its Wednesday
        await settle(pilot)
        assert "10:00" in screen.query_one(WeekView).render().plain

        await pilot.press("a")
        await settle(pilot)
        agenda = screen.query_one(AgendaList)
        assert switcher.current == "agenda-list" and screen.focused is agenda
        assert screen.agenda_start == date(2026, 12, 5) and screen.agenda_days == 14
        await pilot.press("t")
        await settle(pilot)
        assert screen.agenda_start == TODAY
        lines = [str(agenda.get_option_at_index(i).prompt) for i in range(agenda.option_count)]
        heading = next(line for line in lines if line.startswith("2 Dec"))
        assert "Wed" in heading and "农历十月廿四" in heading
        assert any(key.startswith(f"event:{planned}:") for key in agenda.entries)

        await pilot.press("plus")
        await settle(pilot)
        assert screen.agenda_days == 21
        await pilot.press("minus", "minus", "minus")
        await settle(pilot)
        assert screen.agenda_days == 7  # a week at the least
        await pilot.press("m")
        await settle(pilot)
        assert switcher.current == "month-grid" and screen.focused is screen.query_one(MonthGrid)


async def test_a_narrow_week_is_seven_rows_with_the_entries_under_their_day(
    demo_store: Store,
) -> None:
    _plan(demo_store, date(2026, 12, 2), time(10, 0), title="Narrow visit")
    app = _app(demo_store)
    async with app.run_test(size=NARROW) as pilot:
        screen = await _open_calendar(pilot)
        await pilot.press("w", "down")
        await settle(pilot)
        lines = screen.query_one(WeekView).render().plain.splitlines()
        heads = [line.split()[:2] for line in lines if not line.startswith("    ")]
        assert heads == [["Mon", "30"], ["Tue", "1"], ["Wed", "2"], ["Thu", "3"],
                         ["Fri", "4"], ["Sat", "5"], ["Sun", "6"]]  # fmt: skip
        wednesday = next(i for i, line in enumerate(lines) if line.split()[:2] == ["Wed", "2"])
        under = lines[wednesday + 1: next(i for i, line in enumerate(lines)
                                          if line.split()[:2] == ["Thu", "3"])]  # fmt: skip
        assert any("10:00 Visit" in line for line in under)


async def test_enter_opens_the_day_with_its_entries_lunar_date_and_holiday_warning(
    demo_store: Store,
) -> None:
    new_year = date(2027, 1, 1)  # 元旦: a public holiday, whatever the year's schedule
    on_holiday = _plan(demo_store, new_year, time(15, 0), kind="meeting", title="Year start tea")
    app = _app(demo_store)
    async with app.run_test(size=TERMINAL) as pilot:
        screen = await _open_calendar(pilot)
        await _go_to(pilot, screen, new_year)
        cell = screen.days[new_year]
        assert cell.off and cell.label == "New Year's Day"
        assert "off" in screen.query_one(MonthGrid).render().plain  # the 休 mark, in English
        await _select_entry(pilot, screen, on_holiday)
        panel = _day_panel(screen)
        assert "1 Jan 2027 Fri" in panel and "农历冬月廿四" in panel
        warning = holiday_warning(new_year)
        assert warning is not None and f"Note: {warning}" in panel
        assert "15:00" in panel and "Year start tea" in panel
        await pilot.press("enter")  # enter on a planned entry edits it
        await settle(pilot)
        from tui.screens.event_form import EventFormScreen

        assert isinstance(app.screen, EventFormScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen

        await pilot.press("escape")  # out of the day panel, back to the grid
        await settle(pilot)
        assert screen.focused is screen.query_one(MonthGrid)
        await pilot.press("escape")  # and back to the desk
        await settle(pilot)
        assert len(app.screen_stack) == 1


async def test_x_cancels_the_selected_entry_after_asking_and_u_undoes_it(
    demo_store: Store,
) -> None:
    day = date(2026, 12, 1)
    event_id = _plan(demo_store, day, time(9, 0), title="Portfolio review")
    app = _app(demo_store)

    def status() -> str:
        with demo_store.read_session() as session:
            event = session.get(CalendarEvent, event_id)
            assert event is not None
            return event.status

    async with app.run_test(size=TERMINAL) as pilot:
        screen = await _open_calendar(pilot)
        await _go_to(pilot, screen, day)
        await _select_entry(pilot, screen, event_id)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Portfolio review" in str(app.screen.question)
        await pilot.press("n")  # changed my mind: nothing happens
        await settle(pilot)
        assert app.screen is screen and status() == "planned"

        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen and status() == "cancelled"
        entries = screen.query_one(DayEntries)
        assert entries.entry is not None and entries.entry.status == "cancelled"
        assert "[cancelled]" in _day_panel(screen)

        await pilot.press("u")
        await settle(pilot)
        assert status() == "planned"
        assert "[cancelled]" not in _day_panel(screen)
        await pilot.press("u")  # nothing more to undo
        await settle(pilot)
        assert status() == "planned"


async def test_g_on_a_greeting_reminder_opens_the_greeting_form(demo_store: Store) -> None:
    from tui.screens.greeting_done import GreetingDoneScreen

    reminder = _an_open_greeting(demo_store)
    app = _app(demo_store)
    async with app.run_test(size=TERMINAL) as pilot:
        screen = await _open_calendar(pilot)
        await _go_to(pilot, screen, reminder.day)
        await _select_entry(pilot, screen, reminder.id)
        await pilot.press("e")  # a reminder comes from client data: not editable
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, GreetingDoneScreen)
        assert app.screen.reminder.id == reminder.id
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_g_pressed_twice_opens_one_greeting_form(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import store.reminders
    from tui.screens.greeting_done import GreetingDoneScreen

    reminder = _an_open_greeting(demo_store)
    real = store.reminders.reminder_by_id

    def slow(*args: Any, **kwargs: Any) -> Any:  # a big book: the second `g` comes first
        sleep(0.3)
        return real(*args, **kwargs)

    monkeypatch.setattr(store.reminders, "reminder_by_id", slow)
    app = _app(demo_store)
    async with app.run_test(size=TERMINAL) as pilot:
        screen = await _open_calendar(pilot)
        await _go_to(pilot, screen, reminder.day)
        await _select_entry(pilot, screen, reminder.id)
        await pilot.press("g", "g")
        await pilot.pause(0.8)
        await settle(pilot)
        forms = [s for s in app.screen_stack if isinstance(s, GreetingDoneScreen)]
        assert len(forms) == 1 and app.screen is forms[0]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("g")  # the lookup is over: `g` works again
        await pilot.pause(0.5)
        await settle(pilot)
        assert isinstance(app.screen, GreetingDoneScreen)


async def test_t_and_page_down_in_the_agenda_move_the_cursor_and_the_day_panel(
    demo_store: Store,
) -> None:
    from tui.screens.event_form import EventFormScreen
    from tui.widgets.date_input import DateInput

    _plan(demo_store, date(2026, 12, 3), time(9, 0), title="A")
    app = _app(demo_store)
    async with app.run_test(size=TERMINAL) as pilot:
        screen = await _open_calendar(pilot)
        await pilot.press("a")
        await settle(pilot)
        agenda = screen.query_one(AgendaList)
        for _ in range(agenda.option_count):  # down to an entry of another day than today
            if agenda.entry is not None and agenda.entry.day >= date(2026, 12, 3):
                break
            await pilot.press("down")
            await settle(pilot)
        assert agenda.entry is not None and screen.cursor == agenda.entry.day != TODAY
        await pilot.press("t")
        await settle(pilot)
        assert screen.cursor == TODAY and screen.agenda_start == TODAY
        assert agenda.entry is None or agenda.entry.day == TODAY
        assert _day_panel(screen).startswith("28 Nov 2026")
        await pilot.press("n")  # a new entry on the cursor day: today
        await settle(pilot)
        assert isinstance(app.screen, EventFormScreen)
        assert app.screen.query_one(DateInput).value_date == TODAY
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("pagedown")  # the next 14 days: the cursor on their first
        await settle(pilot)
        start = date(2026, 12, 12)
        assert screen.agenda_start == start and screen.cursor == start
        assert agenda.entry is None or agenda.entry.day == start
        assert _day_panel(screen).startswith("12 Dec 2026")


async def test_a_failed_read_or_write_is_said_not_left_reading(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import store.agenda
    import store.schedule

    def locked(*args: Any, **kwargs: Any) -> Any:
        raise sqlite3.OperationalError("database is locked")

    day = date(2026, 12, 1)
    event_id = _plan(demo_store, day, time(9, 0), title="Portfolio review")
    app = _app(demo_store)

    def errors() -> list[tuple[str | None, str]]:
        return [(n.title, n.message) for n in app._notifications if n.severity == "error"]

    async with app.run_test(size=TERMINAL) as pilot:
        with monkeypatch.context() as patch:
            patch.setattr(store.agenda, "agenda_entries", locked)
            screen = await _open_calendar(pilot)
            assert errors() == [("Could not read data", "database is locked")]
            assert "Reading" not in _day_panel(screen).splitlines()[0]
            assert "Could not read data" in _day_panel(screen).splitlines()[0]
        await pilot.press("right")  # the database is free again: the next move reads
        await settle(pilot)
        assert screen.days and "Could not read data" not in _day_panel(screen)

        await _go_to(pilot, screen, day)
        await _select_entry(pilot, screen, event_id)
        monkeypatch.setattr(store.schedule, "cancel_event", locked)
        await pilot.press("x", "y")
        await settle(pilot)
        assert errors()[-1] == ("Could not save", "database is locked")


async def test_the_desk_month_pane_shows_the_lunar_date_and_enter_opens_the_calendar(
    demo_store: Store,
) -> None:
    app = _app(demo_store)
    async with app.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        month = app.desk.query_one(MonthCalendar)
        assert "农历十月二十" in month.render().plain
        month.focus()
        await pilot.press("right", "right")
        await settle(pilot)
        assert "农历十月廿二" in month.render().plain
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CalendarScreen)
        assert app.screen.cursor == date(2026, 11, 30)


def test_cells_name_festivals_and_holidays_on_their_own_days() -> None:
    """Spring Festival 2026 is 2026-02-17 (除夕 the 16th), Lantern 2026-03-03, Labour Day 1 May."""
    i18n.set_language("zh")
    days = build_days(date(2026, 2, 9), date(2026, 5, 3), [])
    labels = {day: days[day].label for day in days}
    assert labels[date(2026, 2, 15)] == "廿八"  # a day off of the 春节 period, not 春节 itself
    assert labels[date(2026, 2, 16)] == "农历除夕"
    assert labels[date(2026, 2, 17)] == "春节" and days[date(2026, 2, 17)].label_kind == "festival"
    assert labels[date(2026, 2, 18)] == "初二"
    assert labels[date(2026, 3, 3)] == "元宵节"
    assert labels[date(2026, 3, 19)] == "二月"  # 二月初一: the lunar month's name, not 初一
    assert labels[date(2026, 5, 1)] == "劳动节" and labels[date(2026, 5, 2)] == "十六"
    assert days[date(2026, 2, 17)].off and days[date(2026, 2, 14)].makeup  # 2026-02-14 调休上班
    assert not days[date(2026, 2, 14)].weekend  # a working Saturday is not dimmed


async def test_b_switches_between_my_schedule_and_the_whole_branchs(demo_store: Store) -> None:
    with demo_store.read_session() as session:
        other = session.execute(
            select(Client.owner_manager_id).where(Client.owner_manager_id != demo_store.manager_id)
            .order_by(Client.owner_manager_id).limit(1)
        ).scalar_one()  # fmt: skip
    signed_in, demo_store.manager_id = demo_store.manager_id, other
    try:  # planned by another manager of the branch, as `plan` in tests/unit does
        theirs = _plan(demo_store, date(2026, 12, 2), time(10, 0), title="Colleague's visit")
    finally:
        demo_store.manager_id = signed_in
    app = _app(demo_store)
    async with app.run_test(size=TERMINAL) as pilot:
        screen = await _open_calendar(pilot)
        title = screen.query_one("#calendar-title", Static)

        def shown_ids() -> set[str]:
            return {entry.id for day in screen.days.values() for entry in day.entries}

        assert screen.days and theirs not in shown_ids()
        assert "Branch schedule" not in str(title.render())
        await pilot.press("b")
        await settle(pilot)
        assert theirs in shown_ids()
        assert str(title.render()).startswith("Branch schedule")
        await _go_to(pilot, screen, date(2026, 12, 2))
        assert "Colleague's visit" in _day_panel(screen)
        # Read only: e and x on a colleague's entry say so and change nothing.
        panel = screen.query_one(DayEntries)
        panel.focus()
        while panel.entry is not None and panel.entry.id != theirs:
            await pilot.press("down")
        assert panel.entry is not None and panel.entry.id == theirs
        await pilot.press("x")
        await settle(pilot)
        assert app.screen is screen  # no "cancel?" question
        assert any("colleague's entry" in n.message for n in app._notifications)
        with demo_store.read_session() as session:
            assert session.get(CalendarEvent, theirs).status == "planned"  # type: ignore[union-attr]
        screen.query_one(MonthGrid).focus()
        await pilot.press("b")
        await settle(pilot)
        assert screen.days and theirs not in shown_ids()
        assert "Colleague's visit" not in _day_panel(screen)
        assert "Branch schedule" not in str(title.render())


def _calendar_after(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("c", *keys)
        await settle(pilot)

    return run_before


def test_month_view_in_chinese(snap_compare: SnapCompare, demo_store: Store) -> None:
    """October 2026: 国庆 and 中秋 days off (休), a make-up Saturday (班), 九月 begins."""
    i18n.set_language("zh")
    assert snap_compare(_app(demo_store), terminal_size=TERMINAL,
                        run_before=_calendar_after("pageup"))  # fmt: skip


def test_month_view_in_chinese_narrow(snap_compare: SnapCompare, demo_store: Store) -> None:
    i18n.set_language("zh")
    assert snap_compare(_app(demo_store), terminal_size=NARROW, run_before=_calendar_after())


async def test_a_reminder_that_has_come_due_is_told_once(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLIENTDESK_NOW", "2026-11-28T09:45")
    draft = EventDraft(kind="visit", title="年终资产检视", day=date(2026, 11, 28),
                       start=time(10, 0), duration_min=60, client_ids=(_a_client(demo_store),),
                       reminder_min=30)  # fmt: skip
    schedule_event(demo_store, draft, zone=ZONE)
    app = _app(demo_store)
    async with app.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        # The clock is fixed, so the app does not poll by itself: ask as its timer would.
        for _ in range(2):
            app.check_reminders()
            await app.workers.wait_for_complete()
            await pilot.pause()
        told = [n.message for n in app._notifications if "年终资产检视" in n.message]
        assert told == ["2026-11-28 10:00 年终资产检视"]
