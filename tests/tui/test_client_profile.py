"""The client profile: grouped facts, relations both ways, edit with history, archive and undo,
manual tier; and what store.client_detail reads for it."""

from __future__ import annotations

import datetime
import io
from collections.abc import Awaitable, Callable

import pytest
from rich.console import Console
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import OptionList, Select, Static

from store import i18n
from store.audit import audit_history
from store.client_detail import client_detail
from store.client_list import ClientQuery, client_window
from store.config import load_config
from store.db import Store
from store.models import Client, ClientRelation
from store.paths import config_path
from tests.tui.conftest import TERMINAL, settle
from tests.tui.test_client_form import focus_field, retype
from tui.app import ClientDeskApp, make_app
from tui.messages import OpenClient
from tui.screens.client_detail import ClientDetailScreen
from tui.screens.client_form import ClientFormScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.override import OverrideScreen
from tui.themes import load_themes
from tui.widgets.client_list import ClientList
from tui.widgets.profile_lists import RelationList

SnapCompare = Callable[..., bool]


def shown_text(app: ClientDeskApp) -> str:
    """Every Static and option list of the current screen, as plain text."""
    console = Console(width=200, file=io.StringIO(), record=True, color_system=None)
    for static in app.screen.query(Static):
        console.print(static.content)
    for options in app.screen.query(OptionList):
        for index in range(options.option_count):
            console.print(options.get_option_at_index(index).prompt)
    return console.export_text()


def _listed_ids(app: ClientDeskApp) -> list[str]:
    client_list = app.desk.query_one(ClientList)
    rows = [client_list.row_at(i) for i in range(min(client_list.total, 60))]
    return [row.id for row in rows if row is not None]


def _top_client(store: Store) -> Client:
    with store.read_session() as session:
        first = client_window(session, ClientQuery(), 0, 1, "Asia/Shanghai")[0]
        client = session.get(Client, first.id)
        assert client is not None
        return client


async def _open(pilot: Pilot[None], client_id: str) -> ClientDetailScreen:
    pilot.app.post_message(OpenClient(client_id))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ClientDetailScreen) and screen.client_id == client_id
    return screen


# --- what the store reads -------------------------------------------------------------------


def test_relations_read_as_what_the_other_client_is(demo_store: Store) -> None:
    """A child's row points at the parent: the child sees a parent, the parent a child."""
    with demo_store.read_session() as session:
        rows = session.execute(
            select(ClientRelation.from_client_id, ClientRelation.to_client_id, ClientRelation.kind)
        ).all()
        kinds = {kind for _, _, kind in rows}
        assert {"spouse", "shareholder", "referred_by"} <= kinds
        for source, target, kind in rows:
            mine = client_detail(session, source)
            theirs = client_detail(session, target)
            assert mine is not None and theirs is not None
            out_role = next(r.role for r in mine.relations if r.other_id == target)
            in_role = next(r.role for r in theirs.relations if r.other_id == source)
            expected = {
                "spouse": ("spouse", "spouse"), "child": ("parent", "child"),
                "parent": ("child", "parent"), "executive": ("employer", "executive"),
                "shareholder": ("holding", "shareholder"),
                "referred_by": ("referrer", "referred"),
            }[kind]  # fmt: skip
            assert (out_role, in_role) == expected


# --- the screen -------------------------------------------------------------------------------


async def test_the_profile_shows_whole_numbers_groups_and_overrides(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    client = _top_client(demo_store)
    with demo_store.session() as session:
        row = session.get(Client, client.id)
        assert row is not None
        row.tier, row.tier_reason = "private", "集团董事长"
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await _open(pilot, client.id)
        text = shown_text(desk)
        headings = {box.border_title for box in desk.screen.query(".detail-group")}
    assert client.phone and client.phone in text  # whole here; lists mask it
    assert (client.id_number or client.credit_code or "") in text
    assert "Private (manual: 集团董事长)" in text
    assert {
        "Contact",
        "Risk and preferences",
        "Assets summary",
        "Manager and tier",
        "Circles and tags",
        "Notes",
        "Change history",
    } <= headings


async def test_a_company_shows_key_contacts_and_opens_its_people(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    with demo_store.read_session() as session:
        company_id, person_id = session.execute(
            select(ClientRelation.to_client_id, ClientRelation.from_client_id)
            .join(Client, Client.id == ClientRelation.to_client_id)
            .where(Client.kind == "corporate")
        ).first()  # type: ignore[misc]
        detail = client_detail(session, company_id)
    assert detail is not None and detail.contacts
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        screen = await _open(pilot, company_id)
        text = shown_text(desk)
        for contact in detail.contacts:
            assert contact.name in text and (contact.phone or "-") in text
        relations = screen.query_one("#detail-relations", RelationList)
        relations.focus()
        shown = [
            relations.relation(relations.get_option_at_index(i).id)
            for i in range(relations.option_count)
        ]
        index = next(i for i, row in enumerate(shown) if row and row.other_id == person_id)
        relations.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(desk.screen, ClientDetailScreen)
        assert desk.screen.client_id == person_id
        await pilot.press("escape")
        await settle(pilot)
        assert desk.screen is screen  # back on the company


async def test_editing_on_the_profile_shows_in_its_history(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    client = _top_client(demo_store)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        profile = desk.screen
        assert isinstance(profile, ClientDetailScreen) and profile.client_id == client.id
        assert "Mobile number:" not in shown_text(desk)  # only its creation so far
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(desk.screen, ClientFormScreen)
        await focus_field(pilot, "phone")
        await retype(pilot, "13912345678")
        await pilot.press("f2")
        await settle(pilot)
        assert desk.screen is profile
        text = shown_text(desk)
        assert f"Mobile number: {client.phone} → 13912345678" in text
        manager = desk.context.manager_name if desk.context else None
        assert manager and manager in text
        await pilot.resize_terminal(120, 20)
        await settle(pilot)
        body, history = profile.query_one("#detail-body"), profile.query_one("#detail-history")
        assert not body.region.contains(history.region.x, history.region.y)
        await pilot.press("h")  # jumps to the history
        await settle(pilot)
        assert body.region.contains(history.region.x, history.region.y)
    with demo_store.read_session() as session:
        assert session.get(Client, client.id).phone == "13912345678"  # type: ignore[union-attr]


async def test_archiving_asks_leaves_the_list_and_u_undoes_it(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    client = _top_client(demo_store)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        total = desk.query_one(ClientList).total
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(desk.screen, ConfirmScreen)
        assert f"Archive {client.name}? It leaves the list; you can undo." in shown_text(desk)
        await pilot.press("n")  # changed my mind
        await settle(pilot)
        assert isinstance(desk.screen, ClientDetailScreen)
        await pilot.press("a", "y")
        await settle(pilot)
        assert len(desk.screen_stack) == 1
        assert client.id not in _listed_ids(desk)
        assert desk.query_one(ClientList).total == total - 1
        with demo_store.read_session() as session:
            row = session.get(Client, client.id)
            assert row is not None and (row.status, row.deleted) == ("archived", False)
        await pilot.press("u")
        await settle(pilot)
        assert client.id in _listed_ids(desk)
        assert desk.query_one(ClientList).total == total
        assert desk.last_archived is None
    with demo_store.read_session() as session:
        assert session.get(Client, client.id).status == client.status  # type: ignore[union-attr]


async def test_a_manual_tier_needs_a_reason(desk: ClientDeskApp, demo_store: Store) -> None:
    client = _top_client(demo_store)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        modal = desk.screen
        assert isinstance(modal, OverrideScreen)
        value = modal.query_one("#override-value", Select)
        assert desk.focused is value
        await pilot.press("enter", "down", "enter")  # open, the first tier, choose
        await settle(pilot)
        assert value.value == "standard"
        await pilot.press("f2")
        await settle(pilot)
        assert desk.screen is modal  # no reason: refused
        assert "Reason: is required" in shown_text(desk)
        assert desk.focused is modal.query_one("#override-reason")  # where the fix goes
        await pilot.press(*"客户要求降级", "enter")
        await settle(pilot)
        assert isinstance(desk.screen, ClientDetailScreen)
        assert "Standard (manual: 客户要求降级)" in shown_text(desk)
    with demo_store.read_session() as session:
        row = session.get(Client, client.id)
        assert row is not None and (row.tier, row.tier_reason) == ("standard", "客户要求降级")


# --- snapshot -------------------------------------------------------------------------------


def _open_top_company(store: Store) -> Callable[[Pilot[None]], Awaitable[None]]:
    with store.read_session() as session:
        company = (
            session.execute(
                select(Client.id).where(Client.kind == "corporate").order_by(Client.aum_fen.desc())
            )
            .scalars()
            .first()
        )
    assert company is not None

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await _open(pilot, company)

    return run_before


def test_corporate_profile_snapshot(snap_compare: SnapCompare, demo_store: Store) -> None:
    i18n.set_language("zh")
    app = make_app(demo_store, load_config(config_path()), load_themes())
    assert snap_compare(app, terminal_size=TERMINAL, run_before=_open_top_company(demo_store))


# --- saving while others write, and failures that must be heard ---------------------------


def _notices(app: ClientDeskApp) -> list[str]:
    return [n.message for n in app._notifications]


async def _edit_form(pilot: Pilot[None], client_id: str) -> ClientDetailScreen:
    profile = await _open(pilot, client_id)
    await pilot.press("e")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ClientFormScreen)
    return profile


def _set_elsewhere(store: Store, client_id: str, **values: object) -> None:
    """What a sync or another session writes while the form is open."""
    with store.session() as session:
        row = session.get(Client, client_id)
        assert row is not None
        for name, value in values.items():
            setattr(row, name, value)


async def test_saving_the_form_keeps_a_field_changed_elsewhere_meanwhile(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    client = _top_client(demo_store)
    assert client.phone != "13700000000"
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        profile = await _edit_form(pilot, client.id)
        _set_elsewhere(demo_store, client.id, phone="13700000000")
        await focus_field(pilot, "address")
        await retype(pilot, "贵州省仁怀市中枢街道1号")
        await pilot.press("f2")
        await settle(pilot)
        assert desk.screen is profile
    with demo_store.read_session() as session:
        row = session.get(Client, client.id)
        assert row is not None
        assert (row.phone, row.address) == ("13700000000", "贵州省仁怀市中枢街道1号")
        saved = audit_history(session, client.id)[0]  # the form's save: the address alone
        assert set(saved.changes) == {"address"}


async def test_a_field_changed_both_here_and_elsewhere_is_refused(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    client = _top_client(demo_store)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await _edit_form(pilot, client.id)
        form = desk.screen
        _set_elsewhere(demo_store, client.id, phone="13700000000")
        await focus_field(pilot, "phone")
        await retype(pilot, "13912345678")
        await focus_field(pilot, "address")
        await retype(pilot, "贵州省仁怀市中枢街道1号")
        await pilot.press("f2")
        await settle(pilot)
        assert desk.screen is form  # kept open with what was typed
        said = (
            "Mobile number: changed elsewhere since you opened the form — "
            "reopen to see the new value"
        )
        assert said in _notices(desk)
        assert str(form.query_one("#error-phone", Static).content) == said
    with demo_store.read_session() as session:
        row = session.get(Client, client.id)
        assert row is not None and (row.phone, row.address) == ("13700000000", client.address)


async def test_saving_a_client_deleted_meanwhile_says_so(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    client = _top_client(demo_store)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await _edit_form(pilot, client.id)
        form = desk.screen
        _set_elsewhere(demo_store, client.id, deleted=True)
        await focus_field(pilot, "address")
        await retype(pilot, "贵州省仁怀市中枢街道1号")
        await pilot.press("f2")
        await settle(pilot)
        assert desk.screen is form
        assert "The client does not exist or was deleted." in _notices(desk)
        assert isinstance(form, ClientFormScreen) and not form.saving  # F2 works again


async def test_an_unexpected_save_failure_is_shown_and_the_form_stays(
    desk: ClientDeskApp, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*_args: object, **_kwargs: object) -> list[str]:
        raise RuntimeError("database is locked")

    monkeypatch.setattr("tui.screens.client_form.update_client", failing)
    client = _top_client(demo_store)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await _edit_form(pilot, client.id)
        form = desk.screen
        await focus_field(pilot, "address")
        await retype(pilot, "贵州省仁怀市中枢街道1号")
        await pilot.press("f2")
        await settle(pilot)
        assert desk.screen is form
        assert "database is locked" in _notices(desk)
        assert isinstance(form, ClientFormScreen) and not form.saving


async def test_an_override_on_a_client_deleted_meanwhile_says_so(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    client = _top_client(demo_store)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await _open(pilot, client.id)
        _set_elsewhere(demo_store, client.id, deleted=True)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(desk.screen, OverrideScreen)
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        await pilot.press("f2", *"客户要求降级", "enter")
        await settle(pilot)
        assert isinstance(desk.screen, ClientDetailScreen)
        assert "The client does not exist or was deleted." in _notices(desk)


async def test_a_failed_profile_reload_is_shown(
    desk: ClientDeskApp, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk I/O error")

    client = _top_client(demo_store)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        profile = await _open(pilot, client.id)
        monkeypatch.setattr("tui.screens.client_detail.client_detail", failing)
        profile.reload()
        await settle(pilot)
        assert "disk I/O error" in _notices(desk)


async def test_a_lunar_birthday_gives_the_lunar_day_and_when_it_next_falls(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    with demo_store.session() as session:
        person = session.execute(
            select(Client).where(Client.kind == "individual", Client.deleted.is_(False))
            .order_by(Client.id).limit(1)
        ).scalar_one()  # fmt: skip
        # 1980-01-07 is 冬月二十 of lunar 1979; in lunar 2026 that is 2026-12-28.
        person.birth_date, person.birthday_lunar = datetime.date(1980, 1, 7), True
        person_id = person.id
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await _open(pilot, person_id)
        text = shown_text(desk)
    (line,) = [line for line in text.splitlines() if "Keeps lunar birthday" in line]
    assert line.split("Keeps lunar birthday", 1)[1].strip() == (
        "11th month day 20 (next on 2026-12-28)"
    )
