"""Logging, correcting and withdrawing contacts from the keyboard (Pilot, demo branch).

The clock is fixed at 2026-11-28 09:00 Asia/Shanghai; the demo is seeded, so
the client found by its pinyin initials is the same on every run.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from store.audit import audit_history
from store.client_list import ClientQuery, client_page
from store.db import Store
from store.models import Client, Interaction, InteractionParticipant
from store.visit_log import interactions_for_client
from tests.tui.conftest import TERMINAL, settle
from tui.app import ClientDeskApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.help import HelpScreen
from tui.screens.interaction_form import InteractionFormScreen
from tui.screens.visit_entry import VisitEntryScreen
from tui.widgets.date_input import DateInput
from tui.widgets.visit_log import VisitLog

NOTE = "asked about the fund renewal"
KEY_NAMES = {" ": "space"}


def _unique_initials(store: Store) -> tuple[str, str, str]:
    """(id, name, initials) of an individual that its two initials find first and alone."""
    with store.read_session() as session:
        people = session.execute(
            select(Client.id, Client.name, Client.name_initials)
            .where(Client.kind == "individual")
            .order_by(Client.name_initials, Client.id)
        ).all()
        for client_id, name, initials in people:
            if len(initials) != 2:
                continue
            total, rows = client_page(session, ClientQuery(search=initials), 5, "Asia/Shanghai")
            if total == 1 and rows[0].id == client_id:
                return client_id, name, initials
    raise AssertionError("the demo has no client with unique two-letter initials")


class CountingKeys:
    """Presses keys through Pilot and counts them, the note's keys apart."""

    def __init__(self, pilot: Pilot[None]) -> None:
        self.pilot = pilot
        self.keys = 0
        self.note_keys = 0

    async def press(self, *keys: str) -> None:
        for key in keys:
            self.keys += 1
            await self.pilot.press(key)

    async def type_note(self, text: str) -> None:
        for char in text:
            self.note_keys += 1
            await self.pilot.press(KEY_NAMES.get(char, char))


async def test_a_phone_call_takes_at_most_ten_keys_plus_the_note(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    client_id, _name, initials = _unique_initials(demo_store)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        counted = CountingKeys(pilot)
        await counted.press("slash", *initials)
        await settle(pilot)
        await counted.press("enter")  # to the list: its first (only) match is highlighted
        await settle(pilot)
        await counted.press("p")  # the form: a phone call, now, cursor in the summary
        await settle(pilot)
        assert isinstance(desk.screen, InteractionFormScreen)
        assert desk.screen.client_id == client_id
        assert isinstance(desk.focused, TextArea) and desk.focused.id == "field-summary"
        await counted.type_note(NOTE)
        await counted.press("f2")
        await settle(pilot)
        assert not isinstance(desk.screen, InteractionFormScreen)
        assert counted.keys <= 10, counted.keys
        assert counted.note_keys == len(NOTE)
        # The desk's log shows it at once, newest first.
        log = desk.query_one(VisitLog)
        assert log.client_id == client_id
        assert log.current is not None and log.current.summary == NOTE
    with demo_store.read_session() as session:
        entry = session.execute(
            select(Interaction).where(Interaction.client_id == client_id,
                                      Interaction.summary == NOTE)
        ).scalar_one()  # fmt: skip
        present = session.execute(
            select(InteractionParticipant.manager_id)
            .where(InteractionParticipant.interaction_id == entry.id)
        ).scalars().all()
    assert entry.kind == "phone"
    assert present == [demo_store.manager_id]


async def _focus_log(pilot: Pilot[None], app: ClientDeskApp) -> VisitLog:
    """Tab round the desk's panes until the visit log has the focus (keys only)."""
    log = app.query_one(VisitLog)
    for _ in range(8):
        if app.focused is log:
            break
        await pilot.press("tab")
        await pilot.pause()
    assert app.focused is log
    return log


def _summary_cell(log: VisitLog, row: int = 0) -> str:
    return str(log.get_row_at(row)[-1])


async def test_correcting_from_the_pane_shows_the_edited_mark(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        log = await _focus_log(pilot, desk)
        entry = log.current
        assert entry is not None and not _summary_cell(log).startswith("✎")
        await pilot.press("e")
        await settle(pilot)
        form = desk.screen
        assert isinstance(form, InteractionFormScreen) and form.entry_id == entry.id
        summary = form.query_one("#field-summary", TextArea)
        assert summary.text == entry.summary  # the stored entry, read in a worker
        summary.focus()
        summary.move_cursor(summary.document.end)
        await pilot.press("space", "n", "o", "t", "e", "d", "f2")
        await settle(pilot)
        assert not isinstance(desk.screen, InteractionFormScreen)
        assert _summary_cell(log).startswith("✎")
        assert log.current is not None and log.current.edited
    with demo_store.read_session() as session:
        history = audit_history(session, entry.id, table="interaction")
    assert history[0].changes == {"summary": (entry.summary, entry.summary + " noted")}


async def test_withdrawing_asks_first_and_then_hides_the_entry(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        log = await _focus_log(pilot, desk)
        entry = log.current
        assert entry is not None
        count = log.row_count
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(desk.screen, ConfirmScreen)
        await pilot.press("n")  # no: nothing changes
        await settle(pilot)
        assert log.row_count == count
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert log.row_count == count - 1
        assert entry.id not in log.entries
        client_id = log.client_id
    assert client_id is not None
    with demo_store.read_session() as session:
        assert entry.id not in {r.id for r in interactions_for_client(session, client_id)}
        withdrawn = session.get(Interaction, entry.id)
        assert withdrawn is not None and withdrawn.deleted


async def test_enter_opens_the_entry_and_h_its_corrections(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        log = await _focus_log(pilot, desk)
        entry = log.current
        assert entry is not None
        await pilot.press("enter")
        await settle(pilot)
        screen = desk.screen
        assert isinstance(screen, VisitEntryScreen) and screen.entry_id == entry.id
        assert screen.detail is not None and screen.detail.summary == entry.summary
        assert screen.query("#entry-history")
        await pilot.press("escape")
        await settle(pilot)
        assert desk.screen is desk.desk


async def test_a_future_time_is_refused_with_the_reason_and_nothing_written(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        client_id = desk.selected_client
        await pilot.press("v")
        await settle(pilot)
        form = desk.screen
        assert isinstance(form, InteractionFormScreen) and form.kind == "visit"
        form.query_one("#field-when", Input).value = "2026-11-28 18:00"
        form.query_one("#field-summary", TextArea).load_text("visit planned for tonight")
        await pilot.press("f2")
        await settle(pilot)
        assert desk.screen is form
        error = str(form.query_one("#error-when").render())
        assert "future" in error and "calendar" in error
        await pilot.press("escape")  # typed changes: asks before discarding
        await settle(pilot)
        assert isinstance(desk.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert desk.screen is desk.desk
    with demo_store.read_session() as session:
        found = session.execute(
            select(Interaction.id).where(Interaction.client_id == client_id,
                                         Interaction.summary == "visit planned for tonight")
        ).all()  # fmt: skip
    assert found == []


async def test_natural_dates_are_previewed_and_saved_as_read(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    """"昨天 15:00" and "下周三" show the day they mean under the field, and that day is kept."""
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        client_id = desk.selected_client
        await pilot.press("v")
        await settle(pilot)
        form = desk.screen
        assert isinstance(form, InteractionFormScreen)
        preview = form.query_one("#preview-when")
        assert "today 09:00" in str(preview.render())  # the form opens at now
        form.query_one("#field-when", Input).value = "昨天 15:00"
        await pilot.pause()
        assert str(preview.render()) == "Fri 2026-11-27 · yesterday 15:00"
        form.query_one("#field-when", Input).value = "明天 10:00"
        await pilot.pause()
        assert "in the future" in str(preview.render()) and preview.has_class("-problem")
        form.query_one("#field-when", Input).value = "昨天 15:00"
        next_contact = form.query_one("#field-next_contact_on", DateInput)
        next_contact.value = "下周三"
        await pilot.pause()
        assert str(next_contact.preview.render()).startswith("Wed 2026-12-02")
        form.query_one("#field-summary", TextArea).load_text("natural dates visit")
        await pilot.press("f2")
        await settle(pilot)
        assert desk.screen is desk.desk
    with demo_store.read_session() as session:
        entry = session.execute(
            select(Interaction).where(Interaction.client_id == client_id,
                                      Interaction.summary == "natural dates visit")
        ).scalar_one()  # fmt: skip
    assert entry.occurred_at == datetime(2026, 11, 27, 7, 0, tzinfo=UTC)
    assert entry.next_contact_on == date(2026, 12, 2)


async def test_escape_before_the_managers_load_closes_an_untouched_form(
    desk: ClientDeskApp, monkeypatch: Any
) -> None:
    """The participants list is empty until its worker answers; that is not a change."""
    import threading

    import tui.screens.interaction_form as form_module

    released = threading.Event()
    real = form_module.owner_choices

    def slow_choices(*args: Any) -> Any:
        released.wait(10)
        return real(*args)

    monkeypatch.setattr(form_module, "owner_choices", slow_choices)
    try:
        async with desk.run_test(size=TERMINAL) as pilot:
            await settle(pilot)
            await pilot.press("v")
            await pilot.pause()
            assert isinstance(desk.screen, InteractionFormScreen)
            assert not desk.screen.dirty
            await pilot.press("escape")  # the managers are still loading
            await pilot.pause()
            assert desk.screen is desk.desk, "an untouched form asked before closing"
    finally:
        released.set()


async def test_help_lists_the_form_and_the_pane_keys(desk: ClientDeskApp) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(desk.screen, HelpScreen)
        sections = dict(desk.help_sections())
        pane = {d for _, d in sections["Visit log"]}
        assert {"Open entry", "Correct", "Withdraw", "Corrections"} <= pane
        form = {d for _, d in sections["Log a contact (form)"]}
        assert {"Save", "Cancel"} <= form
        assert {"Log visit", "Log call"} <= {d for _, d in sections["Everywhere"]}
        entry = {d for _, d in sections["Visit log entry"]}
        assert {"Correct", "Withdraw", "Corrections", "Back"} <= entry


SnapCompare = Callable[..., bool]


def test_form_snapshot(snap_compare: SnapCompare, demo_store: Store) -> None:
    from store.config import load_config
    from store.paths import config_path
    from tui.app import make_app
    from tui.themes import load_themes

    app = make_app(demo_store, load_config(config_path()), load_themes())

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)

    assert snap_compare(app, terminal_size=TERMINAL, run_before=run_before)
