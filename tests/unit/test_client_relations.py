"""store.client_relations and the owner manager: relations both ways, key contacts,
reassigning a client; each refusal named and nothing written, each write audited.

Expected messages are built from the catalog keys the code must use, so a
test fails when a field is named wrongly or the reason is another one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from store.audit import audit_history
from store.client_detail import client_detail, client_history
from store.client_edit import (
    create_client,
    owner_choices,
    set_owner,
    update_client,
    validate_form,
)
from store.client_relations import (
    ROLES,
    RelationNotFoundError,
    add_key_contact,
    add_relation,
    other_kind_for,
    remove_key_contact,
    remove_relation,
    stored_relation,
    update_key_contact,
    validate_key_contact,
)
from store.db import Store
from store.errors import ValidationError
from store.models import Branch, Client, ClientRelation, KeyContact, Manager
from store.tiers import TierRules

RULES = TierRules()


def _error(field: str, reason: str, **params: Any) -> str:
    return ValidationError(field, reason, **params).message()


@pytest.fixture
def book(store: Store) -> dict[str, str]:
    """A branch tree with staff, a manager elsewhere, a signed-in manager and four clients."""
    ids: dict[str, str] = {}
    with store.session() as session:
        main = Branch(code="520382001", name="仁怀市支行")
        session.add(main)
        session.flush()
        sub = Branch(code="520382002", name="仁怀茅台支行", parent_id=main.id)
        other = Branch(code="520100001", name="贵阳分行")
        session.add_all([sub, other])
        session.flush()
        staff = {
            "lina": ("李娜", "client_manager", main.id),
            "zhangwei": ("张伟", "client_manager", main.id),
            "chenjing": ("陈静", "senior_client_manager", main.id),
            "liufang": ("刘芳", "senior_client_manager", sub.id),
            "leader": ("杨建国", "branch_leader", main.id),
            "elsewhere": ("王强", "client_manager", other.id),
            "gone": ("赵敏", "client_manager", main.id),
        }
        for key, (name, level, branch_id) in staff.items():
            manager = Manager(employee_no=key, name=name, level=level, branch_id=branch_id)
            session.add(manager)
            session.flush()
            ids[key] = manager.id
        session.get(Manager, ids["gone"]).deleted = True  # type: ignore[union-attr]
        ids.update(main=main.id, sub=sub.id, other=other.id)
    store.manager_id = ids["lina"]
    for key, name, kind in (
        ("husband", "王建军", "individual"),
        ("wife", "刘秀英", "individual"),
        ("son", "王磊", "individual"),
        ("company", "仁怀市云峰酿酒有限责任公司", "corporate"),
    ):
        values = {"name": name}
        if kind == "corporate":
            values["credit_code"] = "91520382MA6DXXXX1" + _check("91520382MA6DXXXX1")
        clean, errors = validate_form(values, kind, partial=True)
        assert errors == {}
        ids[key] = create_client(store, clean, RULES)
    return ids


def _check(body: str) -> str:
    from store.validation import credit_code_check_char

    return credit_code_check_char(body)


def _relation_count(store: Store) -> int:
    with store.read_session() as session:
        return session.scalar(select(func.count()).select_from(ClientRelation)) or 0


def _contact_count(store: Store) -> int:
    with store.read_session() as session:
        return session.scalar(select(func.count()).select_from(KeyContact)) or 0


def _roles(store: Store, client_id: str) -> list[tuple[str, str]]:
    with store.read_session() as session:
        detail = client_detail(session, client_id)
    assert detail is not None
    return [(row.role, row.other_name) for row in detail.relations]


# --- relations ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_role_chosen_on_a_profile_reads_back_as_that_role(
    store: Store, book: dict[str, str], role: str
) -> None:
    """What the other client is to this one, as stored and read back from both sides."""
    this, other = {
        "employer": ("husband", "company"),
        "holding": ("husband", "company"),
        "executive": ("company", "husband"),
        "shareholder": ("company", "husband"),
    }.get(role, ("husband", "wife"))
    add_relation(store, *stored_relation(book[this], book[other], role))
    names = {"husband": "王建军", "wife": "刘秀英", "company": "仁怀市云峰酿酒有限责任公司"}
    assert _roles(store, book[this]) == [(role, names[other])]
    inverse = {
        "spouse": "spouse", "parent": "child", "child": "parent", "employer": "executive",
        "holding": "shareholder", "executive": "employer", "shareholder": "holding",
        "referrer": "referred", "referred": "referrer",
    }[role]  # fmt: skip
    assert _roles(store, book[other]) == [(inverse, names[this])]


def test_the_picker_asks_for_the_kind_of_client_a_role_needs() -> None:
    assert other_kind_for("spouse", "individual") == "individual"
    assert other_kind_for("employer", "individual") == "corporate"
    assert other_kind_for("executive", "corporate") == "individual"
    assert other_kind_for("shareholder", "corporate") is None  # a company may hold shares
    assert other_kind_for("referrer", "corporate") is None
    assert other_kind_for("spouse", "corporate") is None  # refused on adding, with a reason


def test_a_client_cannot_be_related_to_itself(store: Store, book: dict[str, str]) -> None:
    with pytest.raises(ValidationError) as caught:
        add_relation(store, book["husband"], book["husband"], "spouse")
    assert caught.value.message() == _error(
        "client_relations.field.other", "client_relations.invalid.self"
    )
    assert caught.value.column == "other"  # type: ignore[attr-defined]
    assert _relation_count(store) == 0


def test_a_duplicate_relation_is_refused_whichever_way_it_is_stored(
    store: Store, book: dict[str, str]
) -> None:
    add_relation(store, book["wife"], book["husband"], "spouse")
    add_relation(store, book["son"], book["husband"], "child", note="独子")
    for source, kind, target in (
        (book["wife"], "spouse", book["husband"]),  # the very same row
        (book["husband"], "spouse", book["wife"]),  # spouses the other way round
        (book["husband"], "parent", book["son"]),  # "father of" is "son of" read back
    ):
        with pytest.raises(ValidationError) as caught:
            add_relation(store, source, target, kind)
        assert caught.value.reason == "client_relations.invalid.duplicate"
        assert "王建军" in caught.value.message()
    assert _relation_count(store) == 2
    # Another kind between the same two is a different relation.
    add_relation(store, book["wife"], book["husband"], "referred_by")
    assert _relation_count(store) == 3


def test_a_relation_must_fit_the_kinds_of_client(store: Store, book: dict[str, str]) -> None:
    with pytest.raises(ValidationError) as caught:
        add_relation(store, book["husband"], book["company"], "spouse")
    assert caught.value.message() == _error(
        "client_relations.field.role", "client_relations.invalid.family_kinds"
    )
    with pytest.raises(ValidationError) as caught:
        add_relation(store, book["company"], book["husband"], "executive")
    assert caught.value.reason == "client_relations.invalid.executive_kinds"
    with pytest.raises(ValidationError) as caught:
        add_relation(store, book["husband"], book["wife"], "shareholder")
    assert caught.value.reason == "client_relations.invalid.shareholder_kinds"
    assert _relation_count(store) == 0


def test_unknown_kinds_long_notes_and_missing_clients_are_refused(
    store: Store, book: dict[str, str]
) -> None:
    with pytest.raises(ValidationError) as caught:
        add_relation(store, book["husband"], book["wife"], "cousin")
    assert caught.value.field == "client_relations.field.role"
    assert caught.value.reason == "invalid.choice"
    with pytest.raises(ValidationError) as caught:
        add_relation(store, book["husband"], book["wife"], "spouse", note="长" * 201)
    assert caught.value.message() == _error(
        "client_relations.field.note", "invalid.too_long", limit=200
    )
    with store.session() as session:
        session.get(Client, book["son"]).deleted = True  # type: ignore[union-attr]
    with pytest.raises(ValidationError) as caught:
        add_relation(store, book["son"], book["husband"], "child")
    assert caught.value.reason == "client_relations.invalid.other_missing"
    assert _relation_count(store) == 0


def test_removing_a_relation_tombstones_it_and_is_audited(
    store: Store, book: dict[str, str]
) -> None:
    relation_id = add_relation(store, book["wife"], book["husband"], "spouse", note=" 结婚  20年 ")
    with store.read_session() as session:
        row = session.get(ClientRelation, relation_id)
        assert row is not None and row.note == "结婚 20年"  # spaces tidied
        this_device = (store.device_id, store.manager_id)
        history = audit_history(session, relation_id, "client_relation", this_device=this_device)
    assert [(h.action, h.author) for h in history] == [("create", "李娜")]
    remove_relation(store, relation_id)
    with store.read_session() as session:
        row = session.get(ClientRelation, relation_id)
        assert row is not None and row.deleted  # still there, for sync
        history = audit_history(session, relation_id, "client_relation")
    assert [h.action for h in history] == ["delete", "create"]
    assert _roles(store, book["husband"]) == []
    with pytest.raises(RelationNotFoundError):
        remove_relation(store, relation_id)
    # Once removed it may be recorded again.
    add_relation(store, book["husband"], book["wife"], "spouse")


def test_the_profile_history_lists_relations_added_and_removed(
    store: Store, book: dict[str, str]
) -> None:
    relation_id = add_relation(store, *stored_relation(book["husband"], book["son"], "child"))
    remove_relation(store, relation_id)
    with store.read_session() as session:
        history = client_history(session, book["husband"])
    lines = [(h.table, h.action, h.role, h.about, h.author) for h in history]
    assert ("client_relation", "create", "child", "王磊", "李娜") in lines
    assert ("client_relation", "delete", "child", "王磊", "李娜") in lines
    with store.read_session() as session:
        son = [(h.table, h.action, h.role) for h in client_history(session, book["son"])]
    assert ("client_relation", "create", "parent") in son


# --- key contacts ------------------------------------------------------------------------


def _contact(**overrides: str) -> dict[str, str]:
    values = {
        "name": "徐帅",
        "title": "财务总监",
        "phone": "+86 138-0013-8000",
        "birth_date": "1972年5月3日",
        "birthday_lunar": "是",
        "notes": "喜欢普洱茶",
    }
    return values | overrides


def test_a_key_contact_is_read_from_natural_text(store: Store, book: dict[str, str]) -> None:
    contact_id = add_key_contact(store, book["company"], _contact())
    with store.read_session() as session:
        contact = session.get(KeyContact, contact_id)
        assert contact is not None
        stored = (contact.name, contact.title, contact.phone, contact.birth_date)
        assert stored == ("徐帅", "财务总监", "13800138000", date(1972, 5, 3))
        assert contact.birthday_lunar is True and contact.notes == "喜欢普洱茶"
        detail = client_detail(session, book["company"])
    assert detail is not None and [c.id for c in detail.contacts] == [contact_id]


@pytest.mark.parametrize(
    ("field", "text", "label", "reason", "params"),
    [
        ("name", "  ", "field.name", "invalid.required", {}),
        ("phone", "1380013800", "field.phone", "invalid.mobile", {}),
        ("birth_date", "2027-01-05", "field.birth_date", "client_edit.invalid.future_date",
         {"value": "2027-01-05"}),
        ("birth_date", "1972-02-30", "field.birth_date", "invalid.date", {"value": "1972-02-30"}),
        ("birth_date", "1872-02-03", "field.birth_date", "client_relations.invalid.too_early",
         {"value": "1872-02-03"}),
        ("title", "长" * 51, "contact.title", "invalid.too_long", {"limit": 50}),
    ],
)  # fmt: skip
def test_a_bad_key_contact_field_is_named_and_nothing_written(
    store: Store,
    book: dict[str, str],
    field: str,
    text: str,
    label: str,
    reason: str,
    params: dict[str, Any],
) -> None:
    expected = _error(label, reason, **params)
    assert validate_key_contact(_contact(**{field: text}))[1] == {field: expected}
    with pytest.raises(ValidationError) as caught:
        add_key_contact(store, book["company"], _contact(**{field: text}))
    assert caught.value.message() == expected
    assert caught.value.column == field  # type: ignore[attr-defined]
    assert _contact_count(store) == 0


def test_every_bad_contact_field_is_reported_at_once() -> None:
    _, errors = validate_key_contact(
        _contact(name="", phone="12", birth_date="", birthday_lunar="yes")
    )
    assert set(errors) == {"name", "phone", "birthday_lunar"}
    assert errors["birthday_lunar"] == _error(
        "client_edit.field.birthday_lunar", "client_relations.invalid.lunar_needs_date"
    )


def test_only_a_company_has_key_contacts(store: Store, book: dict[str, str]) -> None:
    with pytest.raises(ValidationError) as caught:
        add_key_contact(store, book["husband"], _contact())
    assert caught.value.reason == "client_relations.invalid.not_company"
    assert _contact_count(store) == 0


def test_editing_and_removing_a_key_contact_is_audited(store: Store, book: dict[str, str]) -> None:
    contact_id = add_key_contact(store, book["company"], _contact())
    changed = update_key_contact(store, contact_id, _contact(phone="13912345678", title="总经理"))
    assert sorted(changed) == ["phone", "title"]
    assert (
        update_key_contact(store, contact_id, _contact(phone="13912345678", title="总经理")) == []
    )
    with pytest.raises(ValidationError):
        update_key_contact(store, contact_id, _contact(phone="139"))
    remove_key_contact(store, contact_id)
    with store.read_session() as session:
        contact = session.get(KeyContact, contact_id)
        assert contact is not None and contact.deleted and contact.phone == "13912345678"
        views = audit_history(session, contact_id, "key_contact")
        history = client_history(session, book["company"])
    assert [v.action for v in views] == ["delete", "update", "create"]
    assert views[1].changes == {
        "phone": ("13800138000", "13912345678"),
        "title": ("财务总监", "总经理"),
    }
    lines = [(h.table, h.action, h.about) for h in history]
    assert ("key_contact", "update", "徐帅") in lines and ("key_contact", "delete", "徐帅") in lines
    with pytest.raises(RelationNotFoundError):
        update_key_contact(store, contact_id, _contact())


# --- the owner manager -------------------------------------------------------------------


def test_owner_choices_are_the_branch_tree_client_managers_first(
    store: Store, book: dict[str, str]
) -> None:
    with store.read_session() as session:
        choices = owner_choices(session, book["husband"])
        new_client = owner_choices(session, manager_id=book["lina"])
    names = [(c.name, c.level) for c in choices]
    assert names == [
        ("李娜", "client_manager"),
        ("张伟", "client_manager"),
        ("陈静", "senior_client_manager"),
        ("刘芳", "senior_client_manager"),  # the sub-branch belongs to the branch
        ("杨建国", "branch_leader"),
    ]  # pinyin order within a level; 王强 works elsewhere and 赵敏 left
    assert new_client == choices


def test_an_unknown_or_deleted_manager_cannot_own_a_client(
    store: Store, book: dict[str, str]
) -> None:
    expected = _error("field.owner", "client_relations.invalid.unknown_manager")
    for manager_id in ("no-such-manager", book["gone"]):
        with pytest.raises(ValidationError) as caught:
            set_owner(store, book["husband"], manager_id)
        assert caught.value.message() == expected
        clean, _ = validate_form({"name": "王建军", "phone": "13800138000"}, "individual",
                                 partial=True)  # fmt: skip
        with pytest.raises(ValidationError):
            update_client(store, book["husband"], {**clean, "owner_manager_id": manager_id}, RULES)
    with store.read_session() as session:
        client = session.get(Client, book["husband"])
        assert client is not None
        assert (client.owner_manager_id, client.phone) == (book["lina"], None)  # nothing written


def test_reassigning_moves_the_branch_and_the_history_names_the_managers(
    store: Store, book: dict[str, str]
) -> None:
    assert set_owner(store, book["husband"], book["liufang"]) is True
    assert set_owner(store, book["husband"], book["liufang"]) is False  # no change, no entry
    clean, _ = validate_form({"name": "王建军"}, "individual", partial=True)
    changed = update_client(store, book["husband"], {**clean, "owner_manager_id": book["chenjing"]},
                            RULES)  # fmt: skip
    assert changed == ["owner_manager_id"]
    with store.read_session() as session:
        client = session.get(Client, book["husband"])
        assert client is not None
        assert (client.owner_manager_id, client.branch_id) == (book["chenjing"], book["main"])
        raw = audit_history(session, book["husband"])
        history = client_history(session, book["husband"])
    assert raw[1].changes["owner_manager_id"] == (book["lina"], book["liufang"])  # ids stored
    changes = [dict((c, (old, new)) for c, old, new in h.changes) for h in history]
    assert changes[0] == {
        "owner_manager_id": ("刘芳", "陈静"),
        "branch_id": ("仁怀茅台支行", "仁怀市支行"),
    }
    assert changes[1] == {
        "owner_manager_id": ("李娜", "刘芳"),
        "branch_id": ("仁怀市支行", "仁怀茅台支行"),
    }


def test_a_new_client_can_be_given_to_another_manager(store: Store, book: dict[str, str]) -> None:
    clean, _ = validate_form({"name": "周杰"}, "individual", partial=True)
    client_id = create_client(store, {**clean, "owner_manager_id": book["liufang"]}, RULES)
    with store.read_session() as session:
        client = session.get(Client, client_id)
        assert client is not None
        assert (client.owner_manager_id, client.branch_id) == (book["liufang"], book["sub"])
    with pytest.raises(ValidationError):
        create_client(store, {**clean, "owner_manager_id": book["gone"]}, RULES)
