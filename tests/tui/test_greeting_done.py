"""Marking a greeting done: channel by one key or the arrows, optional cost in 元 (Pilot).

The reminders come from the seeded demo branch through the store
(`reminders_due` on the fixed day, Saturday 2026-11-28), so the test
follows the demo's data rather than copying it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from datetime import date

import pytest
from sqlalchemy import select

from store.db import Store
from store.festivals import occasion_name
from store.greeting_config import DEFAULT_GREETINGS
from store.models import Interaction, Task
from store.reminders import Reminder, reminders_due
from tests.tui.conftest import TERMINAL, settle
from tui.app import ClientDeskApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.greeting_done import GreetingDoneScreen, reminder_summary

TODAY = date(2026, 11, 28)
ZONE = "Asia/Shanghai"


def _due(store: Store) -> list[Reminder]:
    with store.read_session() as session:
        return reminders_due(session, DEFAULT_GREETINGS, TODAY, manager_id=store.manager_id)


def _greetings_logged(
    store: Store, client_id: str, before: Collection[str] = ()
) -> list[Interaction]:
    """The client's greetings in the visit log, except those with an id in `before`."""
    with store.read_session() as session:
        rows = session.execute(
            select(Interaction).where(Interaction.client_id == client_id,
                                      Interaction.kind == "greeting",
                                      Interaction.id.not_in(list(before)))
        ).scalars().all()  # fmt: skip
        for row in rows:
            session.expunge(row)
    return list(rows)


async def _open(desk: ClientDeskApp, pilot, reminder: Reminder) -> GreetingDoneScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    results: list[str | None] = []
    desk.push_screen(GreetingDoneScreen(desk.store, desk.config, ZONE, reminder), results.append)
    await settle(pilot)
    assert isinstance(desk.screen, GreetingDoneScreen)
    desk.screen.results = results  # type: ignore[attr-defined]
    return desk.screen


def test_the_prompt_names_day_occasion_and_person() -> None:
    reminder = Reminder(
        id="r1", client_id="c1", client_name="华信科技", person="王建国",
        occasion="contact_birthday", year=2026, on=date(2026, 11, 30),
        remind_from=date(2026, 11, 27), lunar=False, detail="总经理", status="open",
        owner_manager_id=None,
    )  # fmt: skip
    assert reminder_summary(reminder, TODAY) == (
        "Mon 2026-11-30 (in 2 days) · Key contact's birthday · 王建国 (华信科技)"
    )


async def test_a_gift_with_its_cost_is_logged_and_the_reminder_done(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    reminder = _due(demo_store)[0]
    before = {e.id for e in _greetings_logged(demo_store, reminder.client_id)}
    async with desk.run_test(size=TERMINAL) as pilot:
        form = await _open(desk, pilot, reminder)
        assert reminder.person in str(form.query_one("#greeting-what").render())
        await pilot.press("5")  # gift; the cursor moves on to the cost
        assert form.channel() == "gift"
        assert desk.focused is form.query_one("#field-cost")
        await pilot.press(*"1,200.50", "f2")
        await settle(pilot)
        assert desk.screen is desk.desk
        results = form.results  # type: ignore[attr-defined]
    [entry] = _greetings_logged(demo_store, reminder.client_id, before)
    assert results == [entry.id]
    assert (entry.channel, entry.cost_fen, entry.purpose) == ("gift", 120050, "greeting")
    assert entry.summary == f"{occasion_name(reminder.occasion)} greeting by Gift"
    with demo_store.read_session() as session:
        task = session.get(Task, reminder.id)
        assert task is not None
        assert (task.status, task.source, task.interaction_id) == ("done", "greeting", entry.id)
    assert reminder.id not in {r.id for r in _due(demo_store)}


async def test_arrows_choose_a_channel_and_the_cost_may_stay_empty(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    reminder = _due(demo_store)[0]
    before = {e.id for e in _greetings_logged(demo_store, reminder.client_id)}
    async with desk.run_test(size=TERMINAL) as pilot:
        form = await _open(desk, pilot, reminder)
        await pilot.press("right", "enter")  # from SMS to card, chosen
        assert form.channel() == "card"
        await pilot.press("f2")
        await settle(pilot)
        assert desk.screen is desk.desk
    [entry] = _greetings_logged(demo_store, reminder.client_id, before)
    assert (entry.channel, entry.cost_fen) == ("card", None)


async def test_errors_are_named_per_field_and_nothing_is_written(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    reminder = _due(demo_store)[0]
    before = {e.id for e in _greetings_logged(demo_store, reminder.client_id)}
    async with desk.run_test(size=TERMINAL) as pilot:
        form = await _open(desk, pilot, reminder)
        form.query_one("#field-cost").value = "-5"  # type: ignore[attr-defined]
        await pilot.press("f2")  # no channel, a negative cost: both named
        await settle(pilot)
        assert desk.screen is form
        assert str(form.query_one("#error-channel").render()) == "Channel: is required"
        assert str(form.query_one("#error-cost").render()).startswith("Cost (yuan): ")
        assert desk.focused is form.query_one("#field-channel")
        await pilot.press("escape")  # something typed: asks first
        await settle(pilot)
        assert isinstance(desk.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert desk.screen is desk.desk
        assert form.results == [None]  # type: ignore[attr-defined]
    assert _greetings_logged(demo_store, reminder.client_id, before) == []
    assert reminder.id in {r.id for r in _due(demo_store)}


async def test_an_untouched_prompt_closes_at_once(desk: ClientDeskApp, demo_store: Store) -> None:
    reminder = _due(demo_store)[0]
    async with desk.run_test(size=TERMINAL) as pilot:
        await _open(desk, pilot, reminder)
        await pilot.press("escape")
        await settle(pilot)
        assert desk.screen is desk.desk


async def test_a_save_that_fails_is_said_and_the_prompt_stays(
    desk: ClientDeskApp, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import store.greetings

    def locked(*args: object, **kwargs: object) -> str:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(store.greetings, "complete_greeting", locked)
    reminder = _due(demo_store)[0]
    async with desk.run_test(size=TERMINAL) as pilot:
        form = await _open(desk, pilot, reminder)
        await pilot.press("1", "f2")  # SMS, saved: the database refuses
        await settle(pilot)
        assert desk.screen is form and not form.saving
        [notice] = [n for n in desk._notifications if n.severity == "error"]
        assert (notice.title, notice.message) == ("Could not save", "database is locked")
    assert reminder.id in {r.id for r in _due(demo_store)}
