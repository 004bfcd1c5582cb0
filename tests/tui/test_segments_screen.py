"""The segments screen (`g`) driven with Pilot on the demo branch.

Expected figures are counted here with plain queries and Python
arithmetic, not with `store.segments`, so a wrong GROUP BY shows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input, Static

from store import i18n
from store.client_list import ClientQuery
from store.config import load_config
from store.db import Store
from store.models import Client
from store.paths import config_path
from store.segments import Dimension, Measure
from tests.tui.conftest import TERMINAL, settle
from tui.app import ClientDeskApp, make_app
from tui.screens.help import HelpScreen
from tui.screens.segments import SegmentsScreen, SegmentTable
from tui.themes import load_themes
from tui.widgets.client_list import ClientList

SnapCompare = Callable[..., bool]


def _live(store: Store, *columns, owner: str | None = None) -> list:
    """Rows of `columns` for every client the desk shows (not deleted, not archived)."""
    statement = select(*columns).where(Client.deleted.is_(False), Client.status != "archived")
    if owner is not None:
        statement = statement.where(Client.owner_manager_id == owner)
    with store.read_session() as session:
        return list(session.execute(statement).all())


def _table_column(table: SegmentTable, column: int) -> list[str]:
    return [str(table.get_row_at(row)[column]) for row in range(table.row_count)]


async def _open(pilot: Pilot[None], *keys: str) -> SegmentsScreen:
    await settle(pilot)
    await pilot.press("g", *keys)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SegmentsScreen)
    return screen


def _percent(part: int, whole: int) -> str:
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{value}%"


async def test_g_opens_the_book_by_tier_counted_right(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    tiers = Counter(tier for (tier,) in _live(demo_store, Client.tier))
    async with desk.run_test(size=TERMINAL) as pilot:
        screen = await _open(pilot)
        assert screen.dimension is Dimension.AGE
        await pilot.press("6")
        await settle(pilot)
        assert screen.dimension is Dimension.TIER
        table = screen.query_one(SegmentTable)
        assert _table_column(table, 0) == ["Standard", "Gold", "Platinum", "Diamond", "Private"]
        shown = [int(count.replace(",", "")) for count in _table_column(table, 1)]
        assert shown == [tiers[t] for t in ("standard", "gold", "platinum", "diamond", "private")]
        assert sum(shown) == sum(tiers.values()) > 0


async def test_arrows_walk_the_dimensions_and_wrap(desk: ClientDeskApp) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        screen = await _open(pilot)
        await pilot.press("right")
        assert screen.dimension is Dimension.GENDER
        assert _table_column(screen.query_one(SegmentTable), 0)[:2] == ["Male", "Female"]
        await pilot.press("left", "left")
        assert screen.dimension is Dimension.KIND
        assert _table_column(screen.query_one(SegmentTable), 0) == ["Individual", "Corporate"]
        await pilot.press("1")
        assert screen.dimension is Dimension.AGE
        assert _table_column(screen.query_one(SegmentTable), 0)[0] == "Under 30"


async def test_headline_gives_the_top_fifth_in_words(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    amounts = sorted((aum for (aum,) in _live(demo_store, Client.aum_fen)), reverse=True)
    top = -(-len(amounts) // 5)  # the top 20 %, rounded up
    expected = f"The top 20% of clients ({top}) hold {_percent(sum(amounts[:top]), sum(amounts))}"
    async with desk.run_test(size=TERMINAL) as pilot:
        screen = await _open(pilot)
        headline = str(screen.query_one("#segments-headline", Static).content)
        assert headline.startswith(expected + " of AUM")
        await pilot.press("a")
        assert screen.measure is Measure.CONTRIBUTION
        headline = str(screen.query_one("#segments-headline", Static).content)
        assert "of the contribution" in headline
        assert "Contribution (10k)" in [
            str(c.label) for c in screen.query_one(SegmentTable).columns.values()
        ]


async def test_my_clients_and_the_whole_branch(desk: ClientDeskApp, demo_store: Store) -> None:
    mine = _live(demo_store, Client.id, owner=demo_store.manager_id)
    everyone = _live(demo_store, Client.id)
    assert 0 < len(mine) < len(everyone)
    async with desk.run_test(size=TERMINAL) as pilot:
        screen = await _open(pilot, "8")  # by client type: two rows that add up to the scope
        table = screen.query_one(SegmentTable)
        assert sum(int(n) for n in _table_column(table, 1)) == len(everyone)
        await pilot.press("m")
        await settle(pilot)
        assert screen.mine and screen.sub_title == "My clients"
        assert sum(int(n) for n in _table_column(table, 1)) == len(mine)


async def test_enter_lists_the_segment_on_the_desk(desk: ClientDeskApp, demo_store: Store) -> None:
    gold = {client_id for client_id, tier in _live(demo_store, Client.id, Client.tier)
            if tier == "gold"}  # fmt: skip
    async with desk.run_test(size=TERMINAL) as pilot:
        await _open(pilot, "6", "down")  # tier, then the second row: Gold
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(desk.screen, SegmentsScreen)
        assert desk.client_query.tiers == ("gold",)
        client_list = desk.query_one(ClientList)
        assert client_list.total == len(gold) > 0
        shown = {client_list.row_at(i).id for i in range(client_list.total)}
        assert shown == gold
        assert client_list.has_focus


async def test_an_age_band_opens_as_a_list_of_the_same_size(desk: ClientDeskApp) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        screen = await _open(pilot, "down", "down")  # 40-49
        assert screen.picture is not None
        band = screen.picture.breakdowns[Dimension.AGE].segments[2]
        assert band.key.value == "40_49" and band.clients > 0
        await pilot.press("enter")
        await settle(pilot)
        assert desk.query_one(ClientList).total == band.clients
        assert desk.client_query.birth_to is not None


async def test_escape_goes_back_and_help_lists_the_keys(desk: ClientDeskApp) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await _open(pilot)
        await pilot.press("escape")
        assert not isinstance(desk.screen, SegmentsScreen)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(desk.screen, HelpScreen)
        sections = dict(desk.screen.sections)
        assert ("g", "Segments") in sections["Everywhere"]
        keys = dict(sections["Segments"])
        assert keys["a"] == "AUM/contribution" and keys["m"] == "Mine/branch"
        assert keys["1"] == "Pick dimension (1-8)"


def test_segments_snapshot_zh(snap_compare: SnapCompare, demo_store: Store) -> None:
    i18n.set_language("zh")
    app = make_app(demo_store, load_config(config_path()), load_themes())

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("3")  # occupation: the top ones, 其他 and 公司客户
        await settle(pilot)

    assert snap_compare(app, terminal_size=TERMINAL, run_before=run_before)


async def test_an_empty_book_says_so_and_mine_needs_a_manager(store: Store) -> None:
    app = make_app(store, load_config(config_path()), load_themes())
    async with app.run_test(size=TERMINAL) as pilot:
        screen = await _open(pilot)
        headline = str(screen.query_one("#segments-headline", Static).content)
        assert headline == "No clients in this view"
        assert _table_column(screen.query_one(SegmentTable), 1) == ["0"] * 6  # the age bands
        await pilot.press("m")
        await settle(pilot)
        assert not screen.mine
        assert any("No manager is signed in" in n.message for n in app._notifications)
        await pilot.press("enter")  # an empty segment still opens, as an empty list
        await settle(pilot)
        assert app.query_one(ClientList).total == 0


async def test_the_desk_scope_carries_over(desk: ClientDeskApp, demo_store: Store) -> None:
    mine = _live(demo_store, Client.id, owner=demo_store.manager_id)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        desk.client_query = ClientQuery(mine=True)
        screen = await _open(pilot, "8")
        assert screen.mine
        assert sum(int(n) for n in _table_column(screen.query_one(SegmentTable), 1)) == len(mine)
        await pilot.press("enter")  # individuals, still my own
        await settle(pilot)
        assert desk.client_query.mine and desk.client_query.kind == "individual"


async def test_segments_cannot_open_over_a_form_being_typed(desk: ClientDeskApp) -> None:
    """Opening a segment returns to the desk: it must never close an unsaved form."""
    from tui.screens.client_form import ClientFormScreen

    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = desk.screen
        assert isinstance(form, ClientFormScreen)
        await pilot.press(*"王芳", "tab", "tab")  # onto the ID type choice: not a text box
        assert not isinstance(desk.focused, Input)
        await pilot.press("g")
        await settle(pilot)
        assert desk.screen is form
        await pilot.press("enter")
        await settle(pilot)
        assert form in desk.screen_stack
