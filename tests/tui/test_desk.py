"""The desk driven from the keyboard with Pilot, on seeded demo data."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from store.cadence import DEFAULT_CADENCE
from store.client_list import ClientQuery, client_window
from store.db import Store
from store.models import Client
from store.visit_log import interactions_for_client
from tests.tui.conftest import TERMINAL, settle
from tui.app import ClientDeskApp, SearchBox
from tui.screens.client_detail import ClientDetailScreen
from tui.screens.help import HelpScreen
from tui.widgets.client_list import ClientList
from tui.widgets.month_calendar import MonthCalendar
from tui.widgets.visit_log import VisitLog


def _book(store: Store) -> list:
    with store.read_session() as session:
        # The desk's rows carry the cadence status under the config's rules (default here).
        return client_window(session, ClientQuery(), 0, 200, "Asia/Shanghai",
                             cadence=DEFAULT_CADENCE)


def _log_keys(app: ClientDeskApp) -> list[str]:
    table = app.query_one(VisitLog)
    return [str(key.value) for key in table.rows]


async def test_first_rows_are_the_biggest_clients(desk: ClientDeskApp, demo_store: Store) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        client_list = desk.query_one(ClientList)
        book = _book(demo_store)
        assert client_list.total == len(book) > 0
        assert client_list.highlighted == book[0]
        assert book[0].aum_fen >= book[1].aum_fen


async def test_moving_in_the_list_changes_the_visit_log(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    book = _book(demo_store)
    with demo_store.read_session() as session:
        expected = {
            row.id: [entry.id for entry in interactions_for_client(session, row.id)]
            for row in book[:3]
        }
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        assert _log_keys(desk) == expected[book[0].id]
        await pilot.press("j")
        await settle(pilot)
        assert desk.query_one(ClientList).highlighted == book[1]
        assert _log_keys(desk) == expected[book[1].id]
        await pilot.press("down", "k")
        await settle(pilot)
        assert _log_keys(desk) == expected[book[1].id]
    assert expected[book[0].id] != expected[book[1].id]


async def test_pinyin_initials_search_finds_the_client(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    with demo_store.read_session() as session:
        clients = session.execute(
            select(Client.id, Client.name, Client.name_initials).where(Client.kind == "individual")
        ).all()
    counts: dict[str, int] = {}
    for _, _, initials in clients:
        counts[initials] = counts.get(initials, 0) + 1
    target_id, target_name, initials = next(c for c in clients if counts[c[2]] == 1)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("slash", *initials)
        await settle(pilot)
        client_list = desk.query_one(ClientList)
        matches = [client_list.row_at(i) for i in range(client_list.total)]
        assert target_id in {row.id for row in matches if row}
        assert all(
            row is not None
            and (row.name == target_name or _initials_of(demo_store, row.id).startswith(initials)
                 or _pinyin_of(demo_store, row.id).startswith(initials))
            for row in matches
        )
        await pilot.press("enter")
        await settle(pilot)
        assert desk.focused is client_list


def _initials_of(store: Store, client_id: str) -> str:
    with store.read_session() as session:
        return session.get(Client, client_id).name_initials  # type: ignore[union-attr]


def _pinyin_of(store: Store, client_id: str) -> str:
    with store.read_session() as session:
        return session.get(Client, client_id).name_pinyin  # type: ignore[union-attr]


async def test_full_pinyin_and_chinese_name_search(desk: ClientDeskApp, demo_store: Store) -> None:
    target = _book(demo_store)[5]
    with demo_store.read_session() as session:
        pinyin = session.get(Client, target.id).name_pinyin  # type: ignore[union-attr]
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("slash", *pinyin)
        await settle(pilot)
        client_list = desk.query_one(ClientList)
        assert target.id in {client_list.row_at(i).id for i in range(client_list.total)}
        desk.query_one("#client-search").value = target.name  # type: ignore[attr-defined]
        await settle(pilot)
        names = [client_list.row_at(i).name for i in range(client_list.total)]  # type: ignore[union-attr]
        assert target.name in names
        assert all(target.name in name for name in names)


async def test_escape_clears_the_search(desk: ClientDeskApp, demo_store: Store) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("slash", "z", "z", "z", "q")
        await settle(pilot)
        assert desk.query_one(ClientList).total == 0
        await pilot.press("escape")
        await settle(pilot)
        assert desk.query_one(ClientList).total == len(_book(demo_store))


async def test_the_hidden_search_box_never_takes_keys(desk: ClientDeskApp) -> None:
    """A key typed as the desk opens must not search: the box takes focus only when shown."""
    async with desk.run_test(size=TERMINAL) as pilot:
        box = desk.query_one(SearchBox)
        assert not box.focusable
        assert isinstance(desk.focused, ClientList)
        await pilot.press("slash")
        assert box.focusable and desk.focused is box
        await pilot.press("escape")
        assert not box.focusable
        await pilot.press("tab", "shift+tab", "shift+tab")  # round the panes: never the box
        assert desk.focused is not box


async def test_question_mark_shows_every_key(desk: ClientDeskApp) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(desk.screen, HelpScreen)
        listed = {description for _, rows in desk.screen.sections for _, description in rows}
        for expected in ("Quit", "Search", "Open client", "Next month", "Today", "Next pane",
                         "Command palette", "Clear search"):
            assert expected in listed
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(desk.screen, HelpScreen)


async def test_enter_opens_the_detail_with_full_id_number(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    first = _book(demo_store)[0]
    with demo_store.read_session() as session:
        client = session.get(Client, first.id)
        assert client is not None
        secret = client.id_number or client.credit_code
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(desk.screen, ClientDetailScreen)
        assert desk.screen.detail.id == first.id
        assert secret and secret in desk.export_screenshot()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(desk.screen, ClientDetailScreen)


async def test_calendar_moves_by_month_and_back_to_today(desk: ClientDeskApp) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        calendar = desk.query_one(MonthCalendar)
        calendar.focus()
        await pilot.press("pagedown")
        await settle(pilot)
        assert (calendar.cursor_day.year, calendar.cursor_day.month) == (2026, 12)
        assert calendar.marks is not None and calendar.marks.month == 12
        await pilot.press("t")
        assert calendar.cursor_day.isoformat() == "2026-11-28"


async def test_tab_moves_between_panes(desk: ClientDeskApp) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        seen = set()
        for _ in range(4):
            seen.add(type(desk.focused).__name__)
            await pilot.press("tab")
        assert {"ClientList", "MonthCalendar", "VisitLog"} <= seen


async def test_choosing_a_theme_is_remembered(desk: ClientDeskApp) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        desk.theme = "clientdesk-light"
        await pilot.pause()
    assert desk.config.path is not None
    assert 'theme = "clientdesk-light"' in desk.config.path.read_text(encoding="utf-8")


@pytest.mark.parametrize("theme", ["clientdesk-dark", "clientdesk-light"])
async def test_palette_lists_our_themes_in_the_language(desk: ClientDeskApp, theme: str) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        titles = [command.title for command in desk.get_system_commands(desk.screen)]
        label = desk.themes.labels[theme]
        assert f"Theme: {label}" in titles


async def test_the_calendar_lights_the_highlighted_clients_days(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    from store.calendar import month_marks

    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        calendar = desk.query_one(MonthCalendar)
        calendar.focus()
        await pilot.press("pagedown")  # December: the demo's planned visits
        await settle(pilot)
        desk.query_one(ClientList).focus()
        seen_days = set()
        for _ in range(6):
            row = desk.query_one(ClientList).highlighted
            assert row is not None
            with demo_store.read_session() as session:
                expected = month_marks(session, 2026, 12, "Asia/Shanghai", None, row.id)
            assert calendar.marks is not None
            assert calendar.marks.client_days == expected.client_days
            seen_days |= expected.client_days
            await pilot.press("j")
            await settle(pilot)
    assert seen_days, "no client among the first six has a December entry"


async def test_an_unknown_theme_in_the_config_falls_back_with_a_notice(
    demo_store: Store,
) -> None:
    from store.config import load_config
    from store.paths import config_path
    from tui.app import make_app
    from tui.themes import FALLBACK_THEME, load_themes

    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[ui]\ntheme = "no-such-theme"\n', encoding="utf-8")
    app = make_app(demo_store, load_config(path), load_themes())
    async with app.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        assert app.theme == FALLBACK_THEME
        messages = [n.message for n in app._notifications]
        assert any("no-such-theme" in message for message in messages)
    assert 'theme = "no-such-theme"' in path.read_text(encoding="utf-8")
