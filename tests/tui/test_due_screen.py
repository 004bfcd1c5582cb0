"""The due & overdue visits screen (`w`) driven with Pilot on the demo branch.

What the screen should list is asked of `store.cadence.obligations`
(tested on its own in tests/unit/test_cadence.py); these tests check the
arrangement: one block per manager and role, `m`, enter, `v`, esc.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from textual.pilot import Pilot

from store.cadence import DEFAULT_CADENCE, Obligation, obligations
from store.db import Store
from store.models import Interaction, InteractionParticipant
from tests.tui.conftest import TERMINAL, settle
from tui.app import ClientDeskApp
from tui.screens.client_detail import ClientDetailScreen
from tui.screens.due import DueList, DueScreen, due_line
from tui.widgets.client_list import ClientList

TODAY = date(2026, 11, 28)  # tests/conftest.py fixes the clock here
ZONE = "Asia/Shanghai"


def _expected(store: Store, manager_id: str | None = None) -> list[Obligation]:
    with store.read_session() as session:
        return obligations(session, DEFAULT_CADENCE, TODAY, ZONE, manager_id=manager_id)


async def _open(pilot: Pilot[None], *keys: str) -> DueScreen:
    await settle(pilot)
    await pilot.press("w", *keys)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DueScreen)
    return screen


def _blocks(screen: DueScreen) -> list[tuple[str, list[Obligation]]]:
    """(heading text, items under it) as the list shows them."""
    option_list = screen.query_one(DueList)
    blocks: list[tuple[str, list[Obligation]]] = []
    for index, line in enumerate(screen.lines):
        prompt = str(option_list.get_option_at_index(index).prompt)
        if line is None:
            assert option_list.get_option_at_index(index).disabled
            blocks.append((prompt, []))
        else:
            assert prompt == due_line(line, screen.off_days.get(line.due_on))
            blocks[-1][1].append(line)
    return blocks


async def test_grouped_per_manager_and_role(desk: ClientDeskApp) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        screen = await _open(pilot)
        expected = _expected(desk.store)
        assert expected, "the demo branch has visits due"
        blocks = _blocks(screen)
        shown = [item for _, items in blocks for item in items]
        assert sorted(shown, key=id) != [] and set(shown) == set(expected)
        assert len(shown) == len(expected)
        seen: set[tuple[str | None, str]] = set()
        for heading, items in blocks:
            owners = {(item.manager_id, item.role) for item in items}
            assert len(owners) == 1, heading  # one manager and one role per block
            key = owners.pop()
            assert key not in seen  # and each appears once
            seen.add(key)
            name = items[0].manager_name or "Nobody"
            assert heading.startswith(name) and heading.endswith(f"  {len(items)}"), heading
            # Within a block the list keeps the worst-first order.
            assert items == [item for item in expected if item in items]
        # A senior's own quarterly visits are apart from the monthly ones they carry.
        roles_of = {}
        for manager, role in seen:
            roles_of.setdefault(manager, set()).add(role)
        assert any(len(roles) > 1 for roles in roles_of.values())
        overdue = sum(item.state == "overdue" for item in expected)
        summary = str(screen.query_one("#due-summary").render())
        assert summary == (f"Whole branch: {overdue} overdue, {len(expected) - overdue} due"
                           " within 7 days")
        # The cursor starts on the first visit, not on a heading.
        assert screen.highlighted == blocks[0][1][0]


def _sign_in_busiest(desk: ClientDeskApp) -> Obligation:
    """Sign in as the manager carrying the most visits (the demo's 李娜 has none due)."""
    carried = [item for item in _expected(desk.store) if item.manager_id]
    busiest = max(carried, key=lambda item: sum(o.manager_id == item.manager_id
                                                for o in carried))
    desk.store.manager_id = busiest.manager_id
    return busiest


async def test_m_shows_only_mine_and_back(desk: ClientDeskApp) -> None:
    me = _sign_in_busiest(desk)
    async with desk.run_test(size=TERMINAL) as pilot:
        screen = await _open(pilot, "m")
        mine = _expected(desk.store, me.manager_id)
        assert screen.mine
        assert screen.items == mine
        assert mine and {item.manager_id for item in mine} == {me.manager_id}
        assert {heading.split(" (")[0] for heading, _ in _blocks(screen)} == {me.manager_name}
        assert screen.sub_title == "Mine"
        await pilot.press("m")
        await settle(pilot)
        assert not screen.mine
        assert len(screen.items) == len(_expected(desk.store)) > len(mine)


async def test_enter_opens_the_client_and_esc_comes_back(desk: ClientDeskApp) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        screen = await _open(pilot, "down")
        wanted = screen.highlighted
        assert wanted is not None
        await pilot.press("enter")
        await settle(pilot)
        profile = pilot.app.screen
        assert isinstance(profile, ClientDetailScreen)
        assert profile.client_id == wanted.client_id
        await pilot.press("w")  # the desk's key: not on a profile
        await settle(pilot)
        assert pilot.app.screen is profile
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        assert len(pilot.app.screen_stack) == 1
        assert pilot.app.focused is pilot.app.query_one(ClientList)


async def test_v_logs_a_visit_for_the_highlighted_client(desk: ClientDeskApp) -> None:
    from tui.screens.interaction_form import InteractionFormScreen

    async with desk.run_test(size=TERMINAL) as pilot:
        screen = await _open(pilot, "down", "down")
        wanted = screen.highlighted
        assert wanted is not None
        await pilot.press("v")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, InteractionFormScreen)
        assert (form.client_id, form.client_name, form.kind) == (
            wanted.client_id, wanted.client_name, "visit")


async def test_nobody_signed_in_or_nothing_due(desk: ClientDeskApp) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        screen = await _open(pilot, "m")  # 李娜: nothing due in this demo
        assert screen.mine and screen.items == [] == _expected(desk.store, desk.store.manager_id)
        assert str(screen.query_one("#due-summary").render()) == (
            "You have no visits due or overdue")
        await pilot.press("escape")
        await settle(pilot)
        desk.store.manager_id = None
        screen = await _open(pilot, "m")
        assert not screen.mine  # nobody to be "mine": stays on the whole branch, says why
        assert screen.items


async def test_reload_follows_a_visit_logged_meanwhile(desk: ClientDeskApp) -> None:
    me = _sign_in_busiest(desk).manager_id
    async with desk.run_test(size=TERMINAL) as pilot:
        screen = await _open(pilot, "m")
        target = screen.items[0]
        with desk.store.session() as session:
            entry = Interaction(client_id=target.client_id, kind="visit",
                                occurred_at=datetime.combine(TODAY, time(8), ZoneInfo(ZONE)))
            session.add(entry)
            session.flush()
            session.add(InteractionParticipant(interaction_id=entry.id, manager_id=me))
        screen.reload()
        await settle(pilot)
        # My own visit today covers every role at or below my level for that client.
        assert target.client_id not in {item.client_id for item in screen.items}
        assert screen.items == _expected(desk.store, me)


async def test_a_visit_due_on_a_day_off_names_the_working_day_before(
    desk: ClientDeskApp,
) -> None:
    """Read in the loading worker (`Loaded.off_days`), shown at the end of the line."""
    from store.workdays import days_off_ahead

    async with desk.run_test(size=TERMINAL) as pilot:
        screen = await _open(pilot)
        expected = _expected(desk.store)
        assert screen.off_days == days_off_ahead((i.due_on for i in expected), TODAY)
        # Today, 2026-11-28, is a Saturday: whatever falls due today is due on a day off.
        due_today = [item for item in screen.lines if item is not None and item.due_on == TODAY]
        assert due_today, "the demo branch has visits due today"
        option_list = screen.query_one(DueList)
        index = screen.lines.index(due_today[0])
        prompt = str(option_list.get_option_at_index(index).prompt)
        assert prompt.endswith("due on a day off; the working day before is 2026-11-27")
        overdue = next(i for i, item in enumerate(screen.lines) if item and item.days_overdue)
        assert "day off" not in str(option_list.get_option_at_index(overdue).prompt)
