"""The client form driven from the keyboard: create, validate as you go, save, discard."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy import func, select
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from store import i18n
from store.config import load_config
from store.db import Store
from store.models import Client
from store.paths import config_path
from store.validation import resident_id_check_digit
from tests.tui.conftest import TERMINAL, settle
from tui.app import ClientDeskApp, make_app
from tui.screens.client_detail import ClientDetailScreen
from tui.screens.client_form import ClientFormScreen
from tui.screens.confirm import ConfirmScreen
from tui.themes import load_themes
from tui.widgets.client_list import ClientList

ID_BODY = "52038219850312123"  # 仁怀, born 1985-03-12, odd 17th digit: male
NEW_ID = ID_BODY + resident_id_check_digit(ID_BODY)
SnapCompare = Callable[..., bool]


def _client_count(store: Store) -> int:
    with store.read_session() as session:
        return session.scalar(select(func.count()).select_from(Client)) or 0


async def focus_field(pilot: Pilot[None], name: str, key: str = "tab") -> None:
    """Tab through the form (as a person would) until `name` has the focus."""
    for _ in range(80):
        focused = pilot.app.focused
        if focused is not None and focused.id == f"field-{name}":
            return
        await pilot.press(key)
    raise AssertionError(f"tabbing never reached {name}")


async def retype(pilot: Pilot[None], text: str) -> None:
    """Clear the focused input (ctrl+u deletes to the start) and type `text`."""
    await pilot.press("end", "ctrl+u", *text)


def _error(app: ClientDeskApp, name: str) -> str:
    error = app.screen.query_one(f"#error-{name}", Static)
    return str(error.content) if error.display else ""


async def test_creating_a_client_from_the_keyboard(desk: ClientDeskApp, demo_store: Store) -> None:
    before = _client_count(demo_store)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        listed = desk.query_one(ClientList).total
        await pilot.press("n")
        await settle(pilot)
        form = desk.screen
        assert isinstance(form, ClientFormScreen)
        assert desk.focused is not None and desk.focused.id == "field-name"
        await pilot.press(*"张伟")
        await focus_field(pilot, "id_number")
        await pilot.press(*NEW_ID)
        await pilot.pause()
        # The ID fills in the empty birth date and gender, which stay editable.
        assert form.query_one("#field-birth_date", Input).value == "1985-03-12"
        assert form.query_one("#field-gender", Select).value == "male"
        await focus_field(pilot, "phone")
        await pilot.press(*"1380013800")  # ten digits
        await pilot.press("tab")  # leaving the field checks it
        await pilot.pause()
        assert (
            _error(desk, "phone") == "Mobile number: must be an 11-digit mainland mobile "
            "number starting with 1"
        )
        await pilot.press("f2")
        await settle(pilot)
        assert desk.screen is form  # refused: still on the form
        assert _client_count(demo_store) == before
        await focus_field(pilot, "phone", key="shift+tab")
        await retype(pilot, "13800138000")
        await pilot.pause()
        assert _error(desk, "phone") == ""  # the error goes as soon as the number is right
        await focus_field(pilot, "aum_fen")
        await pilot.press(*"7,000,000")
        await pilot.press("f2")
        await settle(pilot)
        # Saved: the new client's profile opens and the desk's list counts it.
        assert isinstance(desk.screen, ClientDetailScreen)
        assert desk.screen.detail.profile["name"] == "张伟"
        assert desk.screen.detail.profile["id_number"] == NEW_ID
        assert desk.desk.query_one(ClientList).total == listed + 1
    assert _client_count(demo_store) == before + 1
    with demo_store.read_session() as session:
        client = session.execute(select(Client).where(Client.id_number == NEW_ID)).scalar_one()
    assert (client.name, client.phone, client.gender) == ("张伟", "13800138000", "male")
    assert client.birth_date is not None and client.birth_date.isoformat() == "1985-03-12"
    assert (client.aum_fen, client.tier) == (700_000_000, "diamond")
    assert client.owner_manager_id == demo_store.manager_id


async def test_a_typed_birth_date_is_not_overwritten_by_the_id(desk: ClientDeskApp) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await focus_field(pilot, "birth_date")
        await pilot.press(*"1985-03-13")
        await focus_field(pilot, "id_number", key="shift+tab")
        await pilot.press(*NEW_ID)
        await pilot.pause()
        assert desk.screen.query_one("#field-birth_date", Input).value == "1985-03-13"
        assert desk.screen.query_one("#field-gender", Select).value == "male"


async def test_saving_shows_every_error_and_writes_nothing(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    before = _client_count(demo_store)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await focus_field(pilot, "email")
        await pilot.press(*"zhang@")
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(desk.screen, ClientFormScreen)
        assert _error(desk, "name") == "Name: is required"
        assert _error(desk, "email") == "E-mail: is not a valid e-mail address"
        assert desk.focused is not None and desk.focused.id == "field-name"  # the first bad one
    assert _client_count(demo_store) == before


async def test_a_duplicate_id_number_is_shown_at_the_field(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    with demo_store.read_session() as session:
        taken, owner = session.execute(
            select(Client.id_number, Client.name).where(Client.id_type == "resident_id")
        ).first()  # type: ignore[misc]
    before = _client_count(demo_store)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"王芳")
        await focus_field(pilot, "id_number")
        await pilot.press(*taken)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(desk.screen, ClientFormScreen)
        assert owner in _error(desk, "id_number")
        assert _error(desk, "id_number").startswith("ID number: already belongs to client")
    assert _client_count(demo_store) == before


async def test_escape_with_unsaved_changes_asks_first(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    before = _client_count(demo_store)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("escape")  # nothing typed: leaves at once
        await settle(pilot)
        assert len(desk.screen_stack) == 1
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"李娜", "escape")
        await settle(pilot)
        assert isinstance(desk.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        await settle(pilot)
        assert isinstance(desk.screen, ClientFormScreen)
        assert desk.screen.query_one("#field-name", Input).value == "李娜"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert len(desk.screen_stack) == 1
    assert _client_count(demo_store) == before


async def test_a_company_form_asks_for_the_credit_code(desk: ClientDeskApp) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = desk.screen
        kind = form.query_one("#field-kind", Select)
        kind.value = "corporate"
        await settle(pilot)
        assert form.query("#field-credit_code")
        assert not form.query("#field-gender")
        await pilot.press("f2")
        await settle(pilot)
        assert _error(desk, "credit_code") == "Unified social credit code: is required"


async def test_preferences_and_things_to_avoid_are_typed_on_several_lines(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    """Over 500 characters shows at the field as it is typed and is never saved."""
    from textual.widgets import TextArea

    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        profile = desk.screen
        assert isinstance(profile, ClientDetailScreen)
        client_id = profile.client_id
        await pilot.press("e")
        await settle(pilot)
        form = desk.screen
        assert isinstance(form, ClientFormScreen)
        await focus_field(pilot, "avoid")
        area = form.query_one("#field-avoid", TextArea)
        area.text = "茶" * 500
        await pilot.press("end", "x")  # the 501st character
        await settle(pilot)
        assert _error(desk, "avoid") == "Things to avoid: is longer than 500 characters"
        await pilot.press("f2")
        await settle(pilot)
        assert desk.screen is form
        await pilot.press("backspace")
        await settle(pilot)
        assert _error(desk, "avoid") == ""
        area.text = "不谈房地产"
        await focus_field(pilot, "preferences", "shift+tab")
        form.query_one("#field-preferences", TextArea).text = ""
        await pilot.press(*"周六上午", "enter", *"喝普洱茶")
        await pilot.press("f2")
        await settle(pilot)
        assert desk.screen is profile
        lines = desk.screen.query_one("#detail-risk", Static).content
        shown = [(name, str(value)) for name, value in lines.rows]  # type: ignore[union-attr]
        assert ("Preferences", "周六上午\n喝普洱茶") in shown
        assert ("Things to avoid", "不谈房地产") in shown
    with demo_store.read_session() as session:
        client = session.get(Client, client_id)
        assert client is not None
        assert (client.preferences, client.avoid) == ("周六上午\n喝普洱茶", "不谈房地产")


# --- snapshot ------------------------------------------------------------------------------


def _form_with_an_error(language: i18n.Language) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"张伟")
        await focus_field(pilot, "id_number")
        await pilot.press(*NEW_ID)
        await focus_field(pilot, "phone")
        await pilot.press(*"1380013800", "tab")
        await settle(pilot)

    return run_before


def test_form_with_an_error_snapshot(snap_compare: SnapCompare, demo_store: Store) -> None:
    i18n.set_language("zh")
    app = make_app(demo_store, load_config(config_path()), load_themes())
    assert snap_compare(app, terminal_size=TERMINAL, run_before=_form_with_an_error("zh"))
