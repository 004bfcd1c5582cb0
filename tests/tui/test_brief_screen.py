"""The pre-visit brief from the keyboard: open it, tick the checklist, log the visit, move on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Static

from store import i18n
from store.brief import default_checklist, ticked_items
from store.client_list import ClientQuery, client_window
from store.config import load_config
from store.db import Store
from store.models import Client
from store.paths import config_path
from tests.tui.conftest import TERMINAL, settle
from tests.tui.test_client_profile import shown_text
from tui.app import ClientDeskApp, make_app
from tui.messages import InteractionSaved
from tui.screens.brief import BriefScreen, Checklist
from tui.screens.client_detail import ClientDetailScreen
from tui.themes import load_themes
from tui.widgets.client_list import ClientList

SnapCompare = Callable[..., bool]


def _top_client(store: Store) -> tuple[str, str]:
    with store.read_session() as session:
        first = client_window(session, ClientQuery(), 0, 1, "Asia/Shanghai")[0]
        return first.id, first.name


def _ticks(store: Store, client_id: str) -> set[str]:
    with store.read_session() as session:
        return ticked_items(session, client_id)


async def test_b_on_the_desk_opens_the_brief_of_the_highlighted_client(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        row = desk.desk.query_one(ClientList).highlighted
        assert row is not None
        await pilot.press("b")
        await settle(pilot)
        brief = desk.screen
        assert isinstance(brief, BriefScreen) and brief.client_id == row.id
        assert brief.title == f"Pre-visit brief: {row.name}"
        text = shown_text(desk)
        for heading in ("Key facts", "Family and dates ahead", "Assets and trend",
                        "Preferences and things to avoid", "Open tasks", "Last five contacts"):
            assert brief.query_one(f"#{_box_id(heading)}", Static).border_title == heading
        assert row.name in text and "Loading" not in text
        checklist = brief.query_one(Checklist)
        assert desk.focused is checklist
        assert [checklist.get_option_at_index(i).prompt for i in range(checklist.option_count)] == [
            *default_checklist()
        ]
        await pilot.press("escape")
        await settle(pilot)
        assert len(desk.screen_stack) == 1


def _box_id(heading: str) -> str:
    return {
        "Key facts": "brief-facts",
        "Family and dates ahead": "brief-family",
        "Assets and trend": "brief-assets",
        "Preferences and things to avoid": "brief-preferences",
        "Open tasks": "brief-tasks",
        "Last five contacts": "brief-recent",
    }[heading]


async def test_the_brief_shows_preferences_and_what_to_avoid(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    client_id, _ = _top_client(demo_store)
    with demo_store.session() as session:
        client = session.get(Client, client_id)
        assert client is not None
        client.preferences, client.avoid = "喜欢普洱茶", "不谈房地产"
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        text = shown_text(desk)
        assert "喜欢普洱茶" in text and "不谈房地产" in text


async def test_the_checklist_comes_from_the_config_file(demo_store: Store) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[brief]\nchecklist = ["带最新对账单", "预约贵宾室"]\n', encoding="utf-8")
    app = make_app(demo_store, load_config(path), load_themes())
    async with app.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        checklist = app.screen.query_one(Checklist)
        shown = [checklist.get_option_at_index(i).prompt for i in range(checklist.option_count)]
        assert shown == ["带最新对账单", "预约贵宾室"]


async def test_ticking_is_saved_at_once_and_kept_when_the_brief_opens_again(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    client_id, _ = _top_client(demo_store)
    first, second, *_ = default_checklist()
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        assert _ticks(demo_store, client_id) == {first}
        await pilot.press("down", "enter")
        await settle(pilot)
        assert _ticks(demo_store, client_id) == {first, second}
        assert desk.screen.query_one(Checklist).border_subtitle == "2/6 ticked"
        await pilot.press("enter")  # enter again unticks
        await settle(pilot)
        assert _ticks(demo_store, client_id) == {first}
        await pilot.press("escape", "b")
        await settle(pilot)
        assert desk.screen.query_one(Checklist).selected == [first]


async def test_quick_ticking_saves_what_the_screen_shows_last(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    """Saves run one at a time and each writes the latest wanted state, so a quick
    tick-untick-tick (or ticking two items at once) never leaves a stale tick."""
    client_id, _ = _top_client(demo_store)
    first, second, *_ = default_checklist()
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("space", "space", "space", "down", "space", "space")
        await settle(pilot)
        await desk.workers.wait_for_complete()
        assert desk.screen.query_one(Checklist).selected == [first]
        assert _ticks(demo_store, client_id) == {first}
        await pilot.press("up", "space", "down", "space")
        await settle(pilot)
        await desk.workers.wait_for_complete()
        assert _ticks(demo_store, client_id) == {second}


async def test_v_logs_the_visit_with_the_ticked_items_as_prepared(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    from store.interactions import InteractionDraft, log_interaction
    from tui.screens.interaction_form import InteractionFormScreen

    client_id, name = _top_client(demo_store)
    items = default_checklist()
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        brief = desk.screen
        await pilot.press("down", "down", "space", "up", "up", "space")  # third, then first
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        form = desk.screen
        assert isinstance(form, InteractionFormScreen)
        assert (form.client_id, form.kind) == (client_id, "visit")
        assert form.initial["prepared"] == f"{items[0]}\n{items[2]}"  # checklist order
        await pilot.press("escape")
        await settle(pilot)
        assert desk.screen is brief
        # The visit is logged (as the form's save does) and the app hears of it:
        # the brief reads itself again and the ticks are gone.
        draft = InteractionDraft(
            client_id=client_id, kind="visit",
            occurred_at=datetime(2026, 11, 28, 0, 30, tzinfo=UTC), duration_min=30,
            purpose="care", summary="按清单准备后拜访", participant_ids=(),
        )  # fmt: skip
        entry_id = log_interaction(demo_store, draft, zone=desk.zone)
        desk.post_message(InteractionSaved(client_id, entry_id, "saved"))
        await settle(pilot)
        assert desk.screen.query_one(Checklist).selected == []
        assert "按清单准备后拜访" in shown_text(desk)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(desk.screen, InteractionFormScreen)
        assert (desk.screen.kind, desk.screen.client_name) == ("phone", name)


async def test_o_opens_the_profile_and_the_profiles_b_comes_back(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    client_id, _ = _top_client(demo_store)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        profile = desk.screen
        assert isinstance(profile, ClientDetailScreen) and profile.client_id == client_id
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(desk.screen, BriefScreen) and desk.screen.client_id == client_id
        depth = len(desk.screen_stack)
        await pilot.press("o")  # opened from the profile: back to it, not another one
        await settle(pilot)
        assert desk.screen is profile and len(desk.screen_stack) == depth - 1


async def test_page_keys_scroll_the_whole_brief_while_the_checklist_has_the_focus(
    desk: ClientDeskApp,
) -> None:
    async with desk.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        body = desk.screen.query_one("#brief-body")
        assert body.max_scroll_y > 0 and body.scroll_y == 0
        await pilot.press("pagedown")
        await settle(pilot)
        assert body.scroll_y > 0
        assert isinstance(desk.focused, Checklist)
        await pilot.press("pageup")
        await settle(pilot)
        assert body.scroll_y == 0


async def test_b_needs_a_client_on_the_desk(desk: ClientDeskApp) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        desk.selected_client = None  # an empty list: nothing highlighted
        assert desk.check_action("brief", ()) is None  # shown, but off
        await pilot.press("b")
        await settle(pilot)
        assert len(desk.screen_stack) == 1


async def test_a_client_withdrawn_meanwhile_closes_the_brief_with_a_notice(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    client_id, _ = _top_client(demo_store)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        with demo_store.session() as session:
            session.execute(select(Client).where(Client.id == client_id)).scalar_one().deleted = (
                True
            )
        brief = desk.screen
        assert isinstance(brief, BriefScreen)
        brief.reload()
        await settle(pilot)
        assert not isinstance(desk.screen, BriefScreen)
        assert any("no longer exists" in str(n.message) for n in desk._notifications)


async def test_help_lists_the_brief_keys(desk: ClientDeskApp) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        sections = dict(desk.help_sections())
        keys = dict((description, key) for key, description in sections["Pre-visit brief"])
        for description in ("Log visit", "Log call", "Profile", "Page down", "Tick", "Back"):
            assert description in keys
        general = [description for _, description in sections["Everywhere"]]
        assert "Brief" in general


def test_brief_snapshot_in_chinese(snap_compare: SnapCompare, demo_store: Store) -> None:
    i18n.set_language("zh")
    app = make_app(demo_store, load_config(config_path()), load_themes())

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("j", "b")
        await settle(pilot)
        await pilot.press("space")  # one item ticked
        await settle(pilot)

    assert snap_compare(app, terminal_size=TERMINAL, run_before=run_before)


def test_a_lunar_birthday_line_gives_the_lunar_day_and_this_years_gregorian_day(
    monkeypatch,
) -> None:
    from datetime import date

    from store.brief import UpcomingDate

    monkeypatch.setattr(i18n, "_current", "zh")  # restored after the test
    lunar = UpcomingDate("birthday", "王芳", None, date(1980, 1, 7), True,
                         date(2026, 12, 28), 30, 47)
    assert BriefScreen._when(lunar).plain == "生日  农历冬月二十 2026-12-28（30天后）  47岁"
    solar = UpcomingDate("birthday", "王芳", None, date(1980, 1, 7), False,
                         date(2027, 1, 7), 40, 47)
    assert BriefScreen._when(solar).plain == "生日  2027-01-07（40天后）  47岁"


def test_the_key_facts_name_the_lunar_day_a_client_keeps(monkeypatch) -> None:
    """The birth date stays Gregorian; the lunar day kept is named beside it, not "（农历）"."""
    from datetime import date

    from store.brief import KeyFacts

    monkeypatch.setattr(i18n, "_current", "zh")  # restored after the test
    facts = KeyFacts(
        name="王芳", kind="individual", tier="gold", tier_reason=None, importance="A",
        importance_reason=None, birth_date=date(1990, 2, 15), birthday_lunar=True, age=36,
        occupation=None, employer=None, industry=None, legal_representative=None,
        risk_level=None, risk_assessed_on=None, risk_review_due=False, phone=None,
        owner_name=None, owner_level=None,
    )  # fmt: skip
    screen = BriefScreen.__new__(BriefScreen)  # _facts reads only its argument
    rows = dict((label, value.plain) for label, value in screen._facts(facts).rows)
    assert rows["出生日期"] == "1990-02-15（过农历生日：正月二十）  36岁"
