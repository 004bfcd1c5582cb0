"""Relations, key contacts and the owner manager, driven from the keyboard on a profile."""

from __future__ import annotations

from sqlalchemy import func, select
from textual.pilot import Pilot
from textual.widgets import Footer, Input, OptionList, Select, Static
from textual.widgets._footer import FooterKey

from store.client_list import ClientQuery, client_page
from store.db import Store
from store.models import Client, ClientRelation, KeyContact, Manager
from tests.tui.conftest import TERMINAL, settle
from tests.tui.test_client_form import focus_field, retype
from tests.tui.test_client_profile import shown_text
from tui.app import ClientDeskApp
from tui.messages import OpenClient
from tui.screens.client_detail import ClientDetailScreen
from tui.screens.client_form import ClientFormScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.help import HelpScreen
from tui.screens.key_contact_form import KeyContactFormScreen
from tui.screens.relation_form import RelationFormScreen


def _unrelated_people(store: Store) -> tuple[Client, Client]:
    """Two individual clients with no relation to anyone, the second findable by pinyin."""
    with store.read_session() as session:
        related = set(session.scalars(select(ClientRelation.from_client_id))) | set(
            session.scalars(select(ClientRelation.to_client_id))
        )
        people = [
            c
            for c in session.scalars(
                select(Client).where(Client.kind == "individual").order_by(Client.aum_fen.desc())
            )
            if c.id not in related
        ]
    return people[0], people[1]


def _live_relations(store: Store) -> list[tuple[str, str, str, str | None]]:
    with store.read_session() as session:
        return [
            tuple(row)  # type: ignore[misc]
            for row in session.execute(
                select(
                    ClientRelation.from_client_id,
                    ClientRelation.to_client_id,
                    ClientRelation.kind,
                    ClientRelation.note,
                ).where(ClientRelation.deleted.is_(False))
            )
        ]


async def _open(pilot: Pilot[None], client_id: str) -> ClientDetailScreen:
    pilot.app.post_message(OpenClient(client_id))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ClientDetailScreen) and screen.client_id == client_id
    return screen


async def _pick(pilot: Pilot[None], search: str, client_id: str) -> None:
    """Type in the picker, go down to the matches and choose `client_id` there."""
    await pilot.press(*search)
    await settle(pilot)
    results = pilot.app.screen.query_one("#relation-results", OptionList)
    ids = [results.get_option_at_index(i).id for i in range(results.option_count)]
    assert client_id in ids, f"{search!r} did not find the client"
    await pilot.press("down")  # to the matches, on the first
    await pilot.press(*["down"] * ids.index(client_id), "enter")
    await settle(pilot)


async def _focus(pilot: Pilot[None], widget_id: str) -> None:
    """Tab through the profile (as a person would) until `widget_id` has the focus."""
    for _ in range(10):
        if pilot.app.focused is not None and pilot.app.focused.id == widget_id:
            return
        await pilot.press("tab")
    raise AssertionError(f"tabbing never reached {widget_id}")


# --- relations ---------------------------------------------------------------------------


async def test_adding_a_relation_with_the_search_picker(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    person, spouse = _unrelated_people(demo_store)
    before = _live_relations(demo_store)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        profile = await _open(pilot, person.id)
        await pilot.press("l")
        await settle(pilot)
        modal = desk.screen
        assert isinstance(modal, RelationFormScreen)
        assert desk.focused is modal.query_one("#relation-search")
        # The client itself is never offered.
        await pilot.press(*person.name_pinyin)
        await settle(pilot)
        results = modal.query_one("#relation-results", OptionList)
        offered = [results.get_option_at_index(i).id for i in range(results.option_count)]
        assert person.id not in offered
        # Saving with nobody chosen names the field.
        await pilot.press("f2")
        await settle(pilot)
        assert "Related client: is required" in shown_text(desk)
        await pilot.press("ctrl+u")
        await _pick(pilot, spouse.name_pinyin, spouse.id)
        assert f"Chosen: {spouse.name}" in shown_text(desk)
        assert desk.focused is modal.query_one("#relation-note")
        await pilot.press(*"大学同学", "enter")  # enter in the note saves
        await settle(pilot)
        assert desk.screen is profile
        text = shown_text(desk)
        assert f"Spouse: {spouse.name} (大学同学)" in text
        assert f"Relation added: Spouse {spouse.name}" in text  # the history
    assert _live_relations(demo_store) == [*before, (spouse.id, person.id, "spouse", "大学同学")]


async def test_a_duplicate_relation_is_refused_in_the_picker(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    with demo_store.read_session() as session:
        wife, husband = session.execute(
            select(ClientRelation.from_client_id, ClientRelation.to_client_id).where(
                ClientRelation.kind == "spouse"
            )
        ).first()  # type: ignore[misc]
        pinyin = session.get(Client, wife).name_pinyin  # type: ignore[union-attr]
    before = _live_relations(demo_store)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await _open(pilot, husband)
        await pilot.press("l")
        await settle(pilot)
        await _pick(pilot, pinyin, wife)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(desk.screen, RelationFormScreen)  # still open, with what was typed
        error = desk.screen.query_one("#error-other", Static)
        assert "Related client: this relation (Spouse) between" in str(error.content)
        assert "is already recorded" in str(error.content)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(desk.screen, ClientDetailScreen)
    assert _live_relations(demo_store) == before


async def test_the_picker_lists_companies_for_an_employer(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    person, _ = _unrelated_people(demo_store)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await _open(pilot, person.id)
        await pilot.press("l")
        await settle(pilot)
        modal = desk.screen
        modal.query_one("#relation-role", Select).value = "employer"
        await pilot.press(*"仁怀")
        await settle(pilot)
        results = modal.query_one("#relation-results", OptionList)
        shown = [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]
    assert shown and all("(Corporate," in line for line in shown)


async def test_removing_a_relation_asks_first(desk: ClientDeskApp, demo_store: Store) -> None:
    with demo_store.read_session() as session:
        relation = session.scalars(
            select(ClientRelation).where(ClientRelation.kind == "spouse")
        ).first()
        assert relation is not None
        relation_id, client_id = relation.id, relation.to_client_id
        count = session.scalar(
            select(func.count())
            .select_from(ClientRelation)
            .where(
                (ClientRelation.to_client_id == client_id)
                | (ClientRelation.from_client_id == client_id),
                ClientRelation.deleted.is_(False),
            )
        )
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        profile = await _open(pilot, client_id)
        relations = profile.query_one("#detail-relations", OptionList)
        await _focus(pilot, "detail-relations")
        ids = [relations.get_option_at_index(i).id for i in range(relations.option_count)]
        relations.highlighted = ids.index(relation_id)
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(desk.screen, ConfirmScreen)
        await pilot.press("n")  # changed my mind
        await settle(pilot)
        with demo_store.read_session() as session:
            assert not session.get(ClientRelation, relation_id).deleted  # type: ignore[union-attr]
        await pilot.press("delete", "y")
        await settle(pilot)
        assert desk.screen is profile
        text = shown_text(desk)
        assert "Relation removed: " in text
        shown = profile.query("#detail-relations")
        assert len(shown) == 0 or shown.first(OptionList).option_count == count - 1
    with demo_store.read_session() as session:
        row = session.get(ClientRelation, relation_id)
        assert row is not None and row.deleted  # a tombstone, never a delete


# --- key contacts ------------------------------------------------------------------------


def _top_company(store: Store) -> str:
    with store.read_session() as session:
        return session.scalars(
            select(Client.id).where(Client.kind == "corporate").order_by(Client.aum_fen.desc())
        ).first()  # type: ignore[return-value]


def _contacts(store: Store, client_id: str) -> dict[str, KeyContact]:
    with store.read_session() as session:
        return {
            c.name: c
            for c in session.scalars(
                select(KeyContact).where(
                    KeyContact.client_id == client_id, KeyContact.deleted.is_(False)
                )
            )
        }


async def test_adding_and_editing_a_key_contact(desk: ClientDeskApp, demo_store: Store) -> None:
    company = _top_company(demo_store)
    before = _contacts(demo_store, company)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        profile = await _open(pilot, company)
        await pilot.press("c")
        await settle(pilot)
        modal = desk.screen
        assert isinstance(modal, KeyContactFormScreen)
        await pilot.press(*"罗晓梅", "tab", *"董事会秘书", "tab", *"1380013800", "tab")
        await pilot.press(*"2030年3月8日", "f2")
        await settle(pilot)
        assert desk.screen is modal  # refused: nothing saved
        text = shown_text(desk)
        assert "Mobile number: must be an 11-digit mainland mobile number starting with 1" in text
        assert "Birth date: 2030-03-08 is in the future" in text
        assert desk.focused is modal.query_one("#field-phone")  # the first bad field
        assert _contacts(demo_store, company).keys() == before.keys()
        await retype(pilot, "+86 139-0851-2345")
        await focus_field(pilot, "birth_date")
        await retype(pilot, "1975年3月8日")
        await pilot.press("f2")
        await settle(pilot)
        assert desk.screen is profile
        assert "罗晓梅" in shown_text(desk) and "13908512345" in shown_text(desk)
        # Enter on the contact's row edits it.
        contacts = profile.query_one("#detail-contacts", OptionList)
        await _focus(pilot, "detail-contacts")
        added = _contacts(demo_store, company)["罗晓梅"]
        ids = [contacts.get_option_at_index(i).id for i in range(contacts.option_count)]
        contacts.highlighted = ids.index(added.id)
        await pilot.press("enter")
        await settle(pilot)
        editing = desk.screen
        assert isinstance(editing, KeyContactFormScreen)
        assert editing.query_one("#field-birth_date", Input).value == "1975-03-08"
        await focus_field(pilot, "title")
        await retype(pilot, "副总经理")
        await pilot.press("f2")
        await settle(pilot)
        assert desk.screen is profile
        assert "Key contact 罗晓梅: Title: 董事会秘书 → 副总经理" in shown_text(desk)
    contact = _contacts(demo_store, company)["罗晓梅"]
    assert (contact.title, contact.phone) == ("副总经理", "13908512345")
    assert contact.birth_date is not None and contact.birth_date.isoformat() == "1975-03-08"


async def test_removing_a_key_contact_asks_first(desk: ClientDeskApp, demo_store: Store) -> None:
    company = _top_company(demo_store)
    before = _contacts(demo_store, company)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        profile = await _open(pilot, company)
        await _focus(pilot, "detail-contacts")
        contacts = profile.query_one("#detail-contacts", OptionList)
        contacts.highlighted = 0
        first = contacts.contact(contacts.get_option_at_index(0).id)  # type: ignore[attr-defined]
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(desk.screen, ConfirmScreen)
        assert f"Remove {first.name} from the key contacts of" in shown_text(desk)
        await pilot.press("y")
        await settle(pilot)
        assert f"Key contact removed: {first.name}" in shown_text(desk)
    assert set(_contacts(demo_store, company)) == set(before) - {first.name}


def _footer_keys(app: ClientDeskApp) -> dict[str, str]:
    footer = app.screen.query_one(Footer)
    return {k.key: k.description for k in footer.query(FooterKey)}


async def test_only_a_company_has_the_add_contact_key(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    person, _ = _unrelated_people(demo_store)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await _open(pilot, _top_company(demo_store))
        assert _footer_keys(desk) | {"l": "Relate", "c": "Add contact"} == _footer_keys(desk)
        await _open(pilot, person.id)
        keys = _footer_keys(desk)
        assert keys["l"] == "Relate" and "c" not in keys
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(desk.screen, ClientDetailScreen)  # nothing opened


# --- the owner manager -------------------------------------------------------------------


async def test_reassigning_the_owner_in_the_form(desk: ClientDeskApp, demo_store: Store) -> None:
    with demo_store.read_session() as session:
        _, rows = client_page(session, ClientQuery(), 1, "Asia/Shanghai")
        client = session.get(Client, rows[0].id)
        assert client is not None
        old_owner = session.get(Manager, client.owner_manager_id)
        assert old_owner is not None
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        profile = await _open(pilot, client.id)
        await pilot.press("e")
        await settle(pilot)
        form = desk.screen
        assert isinstance(form, ClientFormScreen)
        owner = form.query_one("#field-owner_manager_id", Select)
        assert owner.value == old_owner.id
        await focus_field(pilot, "owner_manager_id")
        await pilot.press("enter", "down", "enter")  # open, the next manager, choose
        await settle(pilot)
        new_owner = owner.value
        assert new_owner not in (old_owner.id, Select.NULL)
        await pilot.press("f2")
        await settle(pilot)
        assert desk.screen is profile
        with demo_store.read_session() as session:
            new_name = session.get(Manager, new_owner).name  # type: ignore[union-attr,arg-type]
        assert f"Owner manager: {old_owner.name} → {new_name}" in shown_text(desk)
    with demo_store.read_session() as session:
        assert session.get(Client, client.id).owner_manager_id == new_owner  # type: ignore[union-attr]


async def test_the_help_lists_the_relation_and_contact_keys(
    desk: ClientDeskApp, demo_store: Store
) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await _open(pilot, _top_company(demo_store))
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(desk.screen, HelpScreen)
        text = shown_text(desk)
    for description in (
        "Relate", "Add contact", "Open related client", "Remove relation", "Edit contact",
        "Remove contact", "Relation and contact forms",
    ):  # fmt: skip
        assert description in text
