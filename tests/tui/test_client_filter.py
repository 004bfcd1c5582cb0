"""Search, filters, sort and saved filters on the desk, driven from the keyboard."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widget import Widget

from store.client_list import ClientQuery, client_window, count_clients
from store.config import load_config
from store.db import Store
from store.demo import fill_demo
from store.models import SavedFilter
from store.paths import config_path
from tests.tui.conftest import DEMO_SEED, TERMINAL, settle
from tui.app import ClientDeskApp, make_app
from tui.messages import ShowClients
from tui.screens.client_filter import ClientFilterScreen
from tui.screens.help import HelpScreen
from tui.themes import load_themes
from tui.widgets.client_list import (
    ASCENDING_MARK,
    DESCENDING_MARK,
    PAGE_SIZE,
    ClientFilterLine,
    ClientList,
    ClientListHeader,
    header_line,
)

ZONE = "Asia/Shanghai"


def _expected(store: Store, query: ClientQuery) -> tuple[int, list[str]]:
    """What the store says the list holds for `query`: total and the first ids."""
    with store.read_session() as session:
        rows = client_window(session, query, 0, 100, ZONE)
        return count_clients(session, query, ZONE), [row.id for row in rows]


def _shown(app: ClientDeskApp) -> tuple[int, list[str]]:
    client_list = app.query_one(ClientList)
    rows = [client_list.row_at(i) for i in range(min(client_list.total, 100))]
    return client_list.total, [row.id for row in rows if row is not None]


def _filter_line(app: ClientDeskApp) -> str:
    line = app.query_one(ClientFilterLine)
    return str(line.render()) if line.has_class("visible") else ""


async def _tab_to(pilot: Pilot[None], selector: str) -> Widget:
    """Press tab until the widget `selector` of the current screen has focus."""
    target = pilot.app.screen.query_one(selector)
    for _ in range(30):
        if pilot.app.focused is target:
            return target
        await pilot.press("tab")
    raise AssertionError(f"tab never reached {selector}")


async def test_sort_keys_reorder_the_list_and_mark_the_heading(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        header = desk.query_one(ClientListHeader)
        assert DESCENDING_MARK in str(header.render())  # biggest AUM first
        before = _shown(desk)
        await pilot.press("o")  # aum -> owner, A to Z
        await settle(pilot)
        query = ClientQuery().sorted_by("owner")
        assert desk.client_query == query
        assert _shown(desk) == _expected(demo_store, query) != before
        assert str(header.render()) == header_line(header.content_size.width - 1, query)
        assert ASCENDING_MARK in str(header.render())
        await pilot.press("r")
        await settle(pilot)
        assert desk.client_query == query.reversed()
        assert _shown(desk) == _expected(demo_store, query.reversed())
        assert DESCENDING_MARK in str(header.render())


async def test_m_switches_between_my_clients_and_the_whole_branch(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    mine = ClientQuery(mine=True)
    expected_mine = _expected(demo_store, mine)
    expected_all = _expected(demo_store, ClientQuery())
    assert 0 < expected_mine[0] < expected_all[0]
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        assert _shown(desk) == expected_all and _filter_line(desk) == ""
        await pilot.press("m")
        await settle(pilot)
        assert _shown(desk) == expected_mine
        assert _filter_line(desk) == "My clients"
        await pilot.press("m")
        await settle(pilot)
        assert _shown(desk) == expected_all and _filter_line(desk) == ""


async def test_typing_a_search_keeps_the_filters(desk: ClientDeskApp, demo_store: Store) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("m", "slash", "l")
        await settle(pilot)
        query = ClientQuery(search="l", mine=True)
        assert desk.client_query == query
        assert _shown(desk) == _expected(demo_store, query)


async def test_filter_screen_applies_each_change_at_once_and_escape_keeps_it(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        total = desk.query_one(ClientList).total
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(desk.screen, ClientFilterScreen)
        # Scope first: right moves to "my clients", space picks it.
        await pilot.press("right", "space")
        await settle(pilot)
        assert desk.client_query == ClientQuery(mine=True)
        await pilot.press("left", "space")  # back to the whole branch
        # Tier list: the first line is 私行/Private, the second Diamond.
        await _tab_to(pilot, "#filter-tiers")
        await pilot.press("space", "down", "space")
        await settle(pilot)
        query = ClientQuery(tiers=("private", "diamond"))
        assert desk.client_query == query
        shown = _shown(desk)
        assert shown == _expected(demo_store, query) and 0 < shown[0] < total
        await _tab_to(pilot, "#filter-no-contact")
        await pilot.press("3", "0")
        await settle(pilot)
        query = ClientQuery(tiers=("private", "diamond"), no_contact_days=30)
        assert desk.client_query == query
        assert _shown(desk) == _expected(demo_store, query)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(desk.screen, ClientFilterScreen)
        assert desk.client_query == query
        assert _filter_line(desk) == "Private, Diamond; no contact 30+ days"
        assert desk.focused is desk.query_one(ClientList)


async def test_a_bad_day_count_is_named_and_not_applied(desk: ClientDeskApp) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await _tab_to(pilot, "#filter-no-contact")
        await pilot.press("0")
        await settle(pilot)
        error = desk.screen.query_one("#filter-no-contact-error")
        assert error.has_class("visible")
        assert "No contact for days" in str(error.render())
        assert desk.client_query == ClientQuery()
        await pilot.press("backspace", "7")
        await settle(pilot)
        assert not error.has_class("visible")
        assert desk.client_query == ClientQuery(no_contact_days=7)


async def test_sort_and_owner_and_tag_from_the_filter_screen(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await _tab_to(pilot, "#filter-owners")
        await pilot.press("space")  # the first manager in pinyin order
        await _tab_to(pilot, "#filter-tags")
        await pilot.press("space")  # the most used tag
        await settle(pilot)
        query = desk.client_query
        assert len(query.owner_ids) == 1 and len(query.tags) == 1
        assert _shown(desk) == _expected(demo_store, query)
        # Sort: open the select, pick "Name (pinyin)" (the first), then ascending.
        await _tab_to(pilot, "#filter-sort")
        await pilot.press("enter", "home", "enter")
        await settle(pilot)
        assert (desk.client_query.sort, desk.client_query.descending) == ("name", False)
        await pilot.press("tab", "left", "space")  # direction: descending
        await settle(pilot)
        assert (desk.client_query.sort, desk.client_query.descending) == ("name", True)
        assert _shown(desk) == _expected(demo_store, desk.client_query)
        await pilot.press("ctrl+r")  # clear filters; the sort stays
        await settle(pilot)
        assert desk.client_query == ClientQuery().sorted_by("name", descending=True)
        assert _shown(desk) == _expected(demo_store, desk.client_query)


async def test_save_apply_and_delete_a_filter_from_the_keyboard(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("slash", "l", "enter", "f")  # a search: not part of the filter
        await settle(pilot)
        await _tab_to(pilot, "#filter-tiers")
        await pilot.press("down", "down", "down", "space")  # Gold
        await _tab_to(pilot, "#filter-save-name")
        await pilot.press(*"gold", "enter")
        await settle(pilot)
        with demo_store.read_session() as session:
            saved = session.execute(select(SavedFilter)).scalars().all()
        assert [(s.name, s.spec, s.manager_id) for s in saved] == [
            ("gold", '{"tiers":["gold"]}', demo_store.manager_id)
        ]
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert desk.client_query == ClientQuery(search="l")
        await _tab_to(pilot, "#filter-saved")
        await pilot.press("enter")  # apply "gold"; the search text stays
        await settle(pilot)
        applied = ClientQuery(search="l", tiers=("gold",))
        assert desk.client_query == applied
        assert _shown(desk) == _expected(demo_store, applied)
        assert desk.screen.query_one("#filter-tiers").selected == ["gold"]  # type: ignore[attr-defined]
        await pilot.press("delete")
        await settle(pilot)
        with demo_store.read_session() as session:
            assert [s.deleted for s in session.execute(select(SavedFilter)).scalars()] == [True]
        assert desk.client_query == applied  # deleting a saved filter keeps the list


async def test_a_segment_or_any_screen_can_show_a_query(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    query = ClientQuery(tiers=("gold",), importance=("A",)).sorted_by("name")
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        desk.screen.post_message(ShowClients(query))
        await settle(pilot)
        assert len(desk.screen_stack) == 1
        assert _shown(desk) == _expected(demo_store, query)
        assert _filter_line(desk) == "Gold; A"
        assert ASCENDING_MARK in str(desk.query_one(ClientListHeader).render())


async def test_help_lists_the_filter_keys(desk: ClientDeskApp) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(desk.screen, HelpScreen)
        listed = {description for _, rows in desk.screen.sections for _, description in rows}
        for words in ("Filter", "Mine/branch", "Sort", "Reverse sort", "Clear filters",
                      "Delete saved filter"):  # fmt: skip
            assert words in listed


async def test_a_big_book_shows_at_once_with_a_lower_bound_then_the_exact_count(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first page comes with "100+" (a full page, not counted yet); the
    exact number replaces it when the count is done."""
    from tui import app as app_module

    fill_demo(store, clients=130, seed=DEMO_SEED)
    counting = threading.Event()
    counted = threading.Event()

    def slow_count(*args: Any, **kwargs: Any) -> int:
        counting.set()
        assert counted.wait(10), "the test never let the count finish"
        return count_clients(*args, **kwargs)

    monkeypatch.setattr(app_module, "count_clients", slow_count)
    expected = _expected(store, ClientQuery())
    assert expected[0] > PAGE_SIZE  # more than a page: the first one cannot know how many
    desk = make_app(store, load_config(config_path()), load_themes())
    async with desk.run_test(size=TERMINAL) as pilot:
        for _ in range(500):
            if counting.is_set():
                break
            await pilot.pause(0.01)
        await pilot.pause()
        pane = desk.query_one("#clients-pane")
        client_list = desk.query_one(ClientList)
        assert pane.border_title == f"Clients ({PAGE_SIZE}+)"
        assert client_list.total == PAGE_SIZE
        assert _shown(desk)[1] == expected[1]  # the first page is there already
        counted.set()
        await settle(pilot)
        assert pane.border_title == f"Clients ({expected[0]:,})"
        assert _shown(desk) == expected
