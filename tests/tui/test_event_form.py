"""Scheduling from the keyboard: the desk's `s`, the entry form, moving an entry (Pilot).

The clock is fixed at Saturday 2026-11-28 09:00 Asia/Shanghai (UTC+8, no
daylight saving); the demo store is seeded, so the desk's first client is
the same on every run. 2026-12-12 is a Saturday, 2026-12-11 a Friday, and
下周三 from Saturday 2026-11-28 is Wednesday 2026-12-02.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input, Select

from store.db import Store
from store.models import CalendarEvent, EventClient
from store.schedule import EventDraft, event_row, schedule_event
from tests.tui.conftest import TERMINAL, settle
from tui.app import ClientDeskApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.event_form import EventFormScreen
from tui.widgets.client_list import ClientList
from tui.widgets.date_input import DateInput

ZONE = "Asia/Shanghai"


def _entries_of(store: Store, client_id: str) -> list[tuple[CalendarEvent, list[str]]]:
    """Every entry linked to the client, with all of its live clients."""
    with store.read_session() as session:
        events = session.execute(
            select(CalendarEvent).join(EventClient, EventClient.event_id == CalendarEvent.id)
            .where(EventClient.client_id == client_id, EventClient.deleted.is_(False))
        ).scalars().all()  # fmt: skip
        found = []
        for event in events:
            clients = session.execute(
                select(EventClient.client_id).where(EventClient.event_id == event.id,
                                                    EventClient.deleted.is_(False))
            ).scalars().all()  # fmt: skip
            session.expunge(event)
            found.append((event, sorted(clients)))
    return found


class CountingKeys:
    """Presses keys through Pilot and counts them."""

    def __init__(self, pilot: Pilot[None]) -> None:
        self.pilot = pilot
        self.keys = 0

    async def press(self, *keys: str) -> None:
        for key in keys:
            self.keys += 1
            await self.pilot.press(key)


async def _open_form(pilot: Pilot[None], app: ClientDeskApp) -> EventFormScreen:
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)
    assert isinstance(app.screen, EventFormScreen)
    return app.screen


async def test_next_visit_in_two_weeks_takes_five_keys(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        client_id = desk.selected_client
        assert client_id is not None
        before = _entries_of(demo_store, client_id)
        counted = CountingKeys(pilot)
        await counted.press("s")  # the form: a visit with this client, cursor on the date
        await settle(pilot)
        form = desk.screen
        assert isinstance(form, EventFormScreen)
        assert isinstance(desk.focused, DateInput) and desk.focused.id == "field-date"
        await counted.press("plus", "2", "w", "f2")
        await settle(pilot)
        assert desk.screen is desk.desk
    assert counted.keys <= 8, counted.keys
    added = [(e, c) for e, c in _entries_of(demo_store, client_id)
             if e.id not in {b.id for b, _ in before}]  # fmt: skip
    assert len(added) == 1
    event, clients = added[0]
    assert clients == [client_id]
    assert event.kind == "visit" and event.status == "planned" and not event.all_day
    # 10:00 in Shanghai (UTC+8) on Saturday 2026-12-12 is 02:00 UTC.
    assert event.starts_at.astimezone(UTC) == datetime(2026, 12, 12, 2, 0, tzinfo=UTC)
    assert event.ends_at is not None
    assert (event.ends_at - event.starts_at).total_seconds() == 60 * 60  # a visit's hour
    assert event.reminder_min == 30
    assert event.owner_manager_id == demo_store.manager_id


async def test_a_visit_next_wednesday_typed_in_chinese(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        client_id = desk.selected_client
        form = await _open_form(pilot, desk)
        client_id = desk.selected_client
        assert client_id is not None
        await pilot.press(*"下周三")
        field = form.query_one(DateInput)
        assert field.value_date == date(2026, 12, 2)
        assert "2026-12-02" in str(field.preview.render())
        await pilot.press("tab")  # to the start time: afternoon instead
        field_time = form.query_one("#field-time", Input)
        assert desk.focused is field_time
        field_time.value = "下午3点"
        await pilot.press("f2")
        await settle(pilot)
        assert desk.screen is desk.desk
    [(event, _)] = [(e, c) for e, c in _entries_of(demo_store, client_id)
                    if e.starts_at.astimezone(UTC).date() == date(2026, 12, 2)]  # fmt: skip
    assert event.starts_at.astimezone(UTC) == datetime(2026, 12, 2, 7, 0, tzinfo=UTC)


async def test_ctrl_w_moves_a_weekend_visit_to_friday(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        form = await _open_form(pilot, desk)
        client_id = desk.selected_client
        assert client_id is not None
        await pilot.press(*"12-12")
        preview = str(form.query_one(DateInput).preview.render())
        assert "Saturday" in preview and "^w" in preview
        await pilot.press("ctrl+w", "f2")
        await settle(pilot)
        assert desk.screen is desk.desk
    days = [e.starts_at.astimezone(UTC).date() for e, _ in _entries_of(demo_store, client_id)]
    assert date(2026, 12, 11) in days and date(2026, 12, 12) not in days


async def test_bad_fields_are_named_as_they_are_left_and_nothing_is_written(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        form = await _open_form(pilot, desk)
        client_id = desk.selected_client
        assert client_id is not None
        before = len(_entries_of(demo_store, client_id))
        await pilot.press(*"-3d", "tab")  # a day in the past, then leave the field
        await settle(pilot)
        error = str(form.query_one("#error-date").render())
        assert error.startswith("Date: 2026-11-25 is in the past")
        assert form.query_one(DateInput).preview.has_class("-hidden")  # one message, not two
        time_field = form.query_one("#field-time", Input)
        assert desk.focused is time_field
        time_field.value = "25:00"
        await pilot.press("tab")
        await settle(pilot)
        assert str(form.query_one("#error-time").render()).startswith("Start time: cannot read")
        assert str(form.query_one("#error-reminder").render()) == ""  # not visited yet
        form.query_one("#field-reminder", Input).value = "3 weeks"
        await pilot.press("f2")  # every bad field named; the cursor goes to the first
        await settle(pilot)
        assert desk.screen is form
        assert str(form.query_one("#error-reminder").render()).startswith("Reminder: ")
        assert desk.focused is form.query_one(DateInput)
        await pilot.press("escape")  # typed changes: asks before throwing them away
        await settle(pilot)
        assert isinstance(desk.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert desk.screen is form
        await pilot.press("escape", "y")
        await settle(pilot)
        assert desk.screen is desk.desk
    assert len(_entries_of(demo_store, client_id)) == before


async def test_an_untouched_form_closes_at_once(desk: ClientDeskApp) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await _open_form(pilot, desk)
        await pilot.press("escape")
        await settle(pilot)
        assert desk.screen is desk.desk


async def test_escape_asks_before_dropping_a_client_search_typed_but_not_chosen(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        desk.push_screen(EventFormScreen(demo_store, desk.config, ZONE, day=date(2026, 12, 3)))
        await settle(pilot)
        form = desk.screen
        assert isinstance(form, EventFormScreen) and not form.dirty
        assert desk.focused is form.query_one("#client-search")
        await pilot.press(*"zhang")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(desk.screen, ConfirmScreen)  # the search would be lost: asked
        await pilot.press("escape")  # no: back to the form, the search still there
        await settle(pilot)
        assert desk.screen is form
        assert form.query_one("#client-search", Input).value == "zhang"


async def test_a_club_activity_with_a_second_client_found_by_search(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        form = await _open_form(pilot, desk)
        first = desk.selected_client
        assert first is not None
        kind = form.query_one("#field-kind", Select)
        kind.value = "club"
        await settle(pilot)
        assert form.query_one("#field-duration", Input).placeholder == "2h"
        search = form.query_one("#client-search", Input)
        search.focus()
        await pilot.press(*"zhang")
        await settle(pilot)
        await pilot.press("enter")  # to the matches
        await pilot.press("down", "enter")  # the second match (the first may be the client)
        await settle(pilot)
        ticked = form._ticked()
        assert len(ticked) == 2 and ticked[0] == first
        second = ticked[1]
        form.query_one(DateInput).value = "+1w"
        form.query_one("#field-title", Input).value = "新年音乐会"
        await pilot.press("f2")
        await settle(pilot)
        assert desk.screen is desk.desk
    [(event, clients)] = [(e, c) for e, c in _entries_of(demo_store, second)
                          if e.title == "新年音乐会"]  # fmt: skip
    assert event.kind == "club"
    assert clients == sorted([first, second])
    assert (event.ends_at - event.starts_at).total_seconds() == 2 * 60 * 60


async def test_moving_an_entry_keeps_it_and_changes_its_day(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        client_id = desk.selected_client
        assert client_id is not None
        event_id = schedule_event(demo_store, EventDraft(
            kind="call", title="", day=date(2026, 12, 3), start=time(16, 30), duration_min=30,
            client_ids=(client_id,), reminder_min=15,
        ), zone=ZONE)  # fmt: skip
        desk.push_screen(EventFormScreen(demo_store, desk.config, ZONE, event_id=event_id))
        await settle(pilot)
        form = desk.screen
        assert isinstance(form, EventFormScreen)
        field = form.query_one(DateInput)
        assert field.value == "2026-12-03" and desk.focused is field
        assert form.query_one("#field-time", Input).value == "16:30"
        assert not form.dirty
        field.value = ""
        await pilot.press(*"next", "space", *"fri", "f2")
        await settle(pilot)
        assert desk.screen is desk.desk
    with demo_store.read_session() as session:
        row = event_row(session, event_id, ZONE)
    assert row is not None
    assert (row.day, row.start, row.duration_min, row.kind) == (
        date(2026, 12, 4),
        time(16, 30),
        30,
        "call",
    )
    assert row.client_ids == (client_id,) and row.reminder_min == 15


async def test_a_day_from_the_calendar_starts_with_finding_the_client(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        row = desk.query_one(ClientList).highlighted
        assert row is not None
        desk.push_screen(EventFormScreen(demo_store, desk.config, ZONE, day=date(2026, 12, 3)))
        await settle(pilot)
        form = desk.screen
        assert isinstance(form, EventFormScreen)
        assert desk.focused is form.query_one("#client-search")
        await pilot.press("f2")  # a visit needs somebody to visit: named, nothing written
        await settle(pilot)
        error = str(form.query_one("#error-clients").render())
        assert error == "Clients: a Visit entry needs at least one client"
        form.query_one("#client-search", Input).focus()
        await pilot.press(*row.name)
        await settle(pilot)
        await pilot.press("enter", "enter")  # to the matches, take the first
        await settle(pilot)
        assert form._ticked() == (row.id,)
        assert str(form.query_one("#error-clients").render()) == ""
        await pilot.press("f2")
        await settle(pilot)
        assert desk.screen is desk.desk
    [(event, clients)] = [(e, c) for e, c in _entries_of(demo_store, row.id)
                          if e.starts_at.astimezone(UTC).date() == date(2026, 12, 3)
                          and e.kind == "visit"]  # fmt: skip
    assert clients == [row.id]
    assert event.starts_at.astimezone(UTC) == datetime(2026, 12, 3, 2, 0, tzinfo=UTC)


async def test_a_refusal_by_the_store_is_named_under_its_field(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    """A client removed (by a sync, say) after the form opened: the save names it."""
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        desk.push_screen(
            EventFormScreen(
                demo_store,
                desk.config,
                ZONE,
                client_ids=("no-such-client",),
                client_names=("王芳",),
            )
        )
        await settle(pilot)
        form = desk.screen
        assert isinstance(form, EventFormScreen)
        await pilot.press(*"+1d", "f2")
        await settle(pilot)
        assert desk.screen is form
        error = str(form.query_one("#error-clients").render())
        assert error == "Clients: the client does not exist or was deleted: no-such-client"
        assert not form.saving
    with demo_store.read_session() as session:
        assert (
            session.execute(
                select(EventClient).where(EventClient.client_id == "no-such-client")
            ).first()
            is None
        )


async def test_help_lists_the_form_keys(desk: ClientDeskApp) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        sections = dict(desk.help_sections())
        assert "Schedule" in {d for _, d in sections["Everywhere"]}
        form = {d for _, d in sections["Schedule an entry (form)"]}
        assert {"Save", "Cancel", "Previous workday"} <= form
        greeting = sections["Greeting done"]
        assert ("1-6", "Channel") in greeting and len(greeting) == 3  # save, cancel, 1-6
        my_day = {d for _, d in sections["My day"]}
        assert {"Greeted", "Skip"} <= my_day
