"""store.client_edit: reading a client form, and writing clients with audit and stamps.

Expected messages are built from the same catalog keys the code must use,
so a test fails when a field is named wrongly or the reason is another one,
whichever language the catalog says it in.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from store.audit import audit_history
from store.client_detail import client_detail
from store.client_edit import (
    CORPORATE_FORM,
    INDIVIDUAL_FORM,
    ChangedElsewhereError,
    DuplicateClientError,
    archive_client,
    create_client,
    derived_defaults,
    form_text,
    restore_client,
    set_override,
    update_client,
    validate_form,
)
from store.db import Store
from store.errors import ValidationError
from store.i18n import set_language, t
from store.models import Branch, Client, ClientTag, Manager, OutboxChange
from store.tiers import FEN_PER_WAN, TierRules
from store.validation import credit_code_check_char, resident_id_check_digit

TODAY = date(2026, 11, 28)  # tests/conftest.py fixes the clock here
ID_BODY = "11010519850312123"  # Beijing Dongcheng, born 1985-03-12, odd 17th digit: male
GOOD_ID = ID_BODY + resident_id_check_digit(ID_BODY)
WRONG_CHECK = ID_BODY + ("0" if GOOD_ID[-1] != "0" else "1")
CODE_BODY = "91520382MA6DXXXX1"
GOOD_CODE = CODE_BODY + credit_code_check_char(CODE_BODY)
WRONG_CODE = CODE_BODY + ("0" if GOOD_CODE[-1] != "0" else "1")


def _error(field: str, reason: str, **params: Any) -> str:
    return ValidationError(field, reason, **params).message()


def _person(**overrides: str) -> dict[str, str]:
    values = {
        "name": "张伟", "english_name": "", "id_type": "resident_id", "id_number": GOOD_ID,
        "birth_date": "1985-03-12", "gender": "male", "birthday_lunar": "no",
        "nationality": "CHN", "customer_no": "5203820000000001", "phone": "+86 138-0013-8000",
        "email": "Zhang.Wei@Example.COM", "address": "贵州省仁怀市茅台镇",
        "marital_status": "married",
        "wedding_date": "2010年10月1日", "occupation": "企业主", "employer": "仁怀酒业",
        "industry": "酒类制造", "income_band": "100_300", "education": "master",
        "risk_level": "C3", "risk_assessed_on": "2026/03/01", "aum_fen": "7,000,000.50",
        "contribution_fen": "60000", "status": "active", "tags": "高尔夫、艺术收藏, 高尔夫",
        "notes": "老客户", "preferences": "喜欢普洱茶\n周六上午方便", "avoid": "不谈房地产",
    }  # fmt: skip
    return values | overrides


def _company(**overrides: str) -> dict[str, str]:
    values = {
        "name": "仁怀市云峰酿酒有限责任公司", "credit_code": GOOD_CODE.lower(),
        "legal_representative": "徐帅", "ownership": "private", "industry": "酒类制造",
        "customer_no": "", "phone": "13595461883", "email": "", "address": "仁怀市苍龙街道",
        "risk_level": "", "risk_assessed_on": "", "aum_fen": "38,579,127.68",
        "contribution_fen": "131169.03", "status": "active", "tags": "", "notes": "",
    }  # fmt: skip
    return values | overrides


# --- validate_form ---------------------------------------------------------------------


def test_a_good_individual_form_reads_into_stored_values() -> None:
    clean, errors = validate_form(_person(), "individual")
    assert errors == {}
    assert clean["kind"] == "individual"
    assert clean["id_number"] == GOOD_ID
    assert clean["phone"] == "13800138000"
    assert clean["email"] == "Zhang.Wei@example.com"
    assert clean["birth_date"] == date(1985, 3, 12)
    assert clean["wedding_date"] == date(2010, 10, 1)
    assert clean["risk_assessed_on"] == date(2026, 3, 1)
    assert clean["aum_fen"] == 700_000_050
    assert clean["contribution_fen"] == 6_000_000
    assert clean["tags"] == ("高尔夫", "艺术收藏")
    assert clean["birthday_lunar"] is False
    assert clean["english_name"] is None
    assert "tier" not in clean and "importance" not in clean
    assert (clean["preferences"], clean["avoid"]) == ("喜欢普洱茶\n周六上午方便", "不谈房地产")


def test_preferences_of_five_hundred_characters_are_taken_and_blank_is_none() -> None:
    clean, errors = validate_form(_person(preferences="茶" * 500, avoid="  "), "individual")
    assert errors == {}
    assert (len(clean["preferences"]), clean["avoid"]) == (500, None)
    clean, errors = validate_form(_company(preferences="每季度对账", avoid=""), "corporate")
    assert errors == {}
    assert (clean["preferences"], clean["avoid"]) == ("每季度对账", None)


def test_a_good_company_form_uses_the_credit_code_as_its_id() -> None:
    clean, errors = validate_form(_company(), "corporate")
    assert errors == {}
    assert clean["credit_code"] == GOOD_CODE
    assert (clean["id_type"], clean["id_number"]) == ("credit_code", GOOD_CODE)
    assert clean["aum_fen"] == 3_857_912_768


# (field, text typed, expected field label key, reason key, reason params)
BAD_INDIVIDUAL = [
    ("id_number", WRONG_CHECK, "field.id_number", "invalid.id_check_digit",
     {"expected": GOOD_ID[-1], "actual": WRONG_CHECK[-1]}),
    ("id_number", "11010519850230123X", "field.id_number", "invalid.id_birth_date",
     {"value": "1985-02-30"}),
    ("birth_date", "2026-02-30", "field.birth_date", "invalid.date", {"value": "2026-02-30"}),
    ("birth_date", "2026年2月30日", "field.birth_date", "invalid.date",
     {"value": "2026年2月30日"}),
    ("birth_date", "2027-01-01", "field.birth_date", "client_edit.invalid.future_date",
     {"value": "2027-01-01"}),
    ("wedding_date", "30/02/2020", "field.wedding_date", "invalid.date",
     {"value": "30/02/2020"}),
    ("aum_fen", "-100", "field.aum", "invalid.amount_negative", {}),
    ("aum_fen", "12万", "field.aum", "invalid.amount", {"value": "12万"}),
    ("contribution_fen", "abc", "field.contribution", "invalid.amount", {"value": "abc"}),
    ("contribution_fen", "1.234", "field.contribution", "invalid.amount_precision",
     {"value": "1.234"}),
    ("phone", "1380013800", "field.phone", "invalid.mobile", {}),
    ("phone", "0851-22345678", "field.phone", "invalid.mobile", {}),
    ("email", "zhang@", "field.email", "invalid.email", {}),
    ("email", "zhang wei@example.com", "field.email", "invalid.email", {}),
    ("gender", "robot", "field.gender", "invalid.choice",
     {"value": "robot", "choices": "Male, Female, Unknown"}),
    ("nationality", "China", "field.nationality", "client_edit.invalid.nationality", {}),
    ("nationality", "", "field.nationality", "invalid.required", {}),
    ("birthday_lunar", "maybe", "client_edit.field.birthday_lunar", "invalid.yes_no",
     {"value": "maybe"}),
    ("name", "   ", "field.name", "invalid.required", {}),
    ("name", "张" * 101, "field.name", "invalid.too_long", {"limit": 100}),
    ("tags", "高尔夫, " + "x" * 51, "field.tags", "client_edit.invalid.tag_too_long",
     {"tag": "x" * 10, "limit": 50}),
    ("preferences", "茶" * 501, "brief.field.preferences", "invalid.too_long", {"limit": 500}),
    ("avoid", "x" * 501, "brief.field.avoid", "invalid.too_long", {"limit": 500}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("field", "text", "label", "reason", "params"),
    BAD_INDIVIDUAL,
    ids=[f"{case[0]}={case[1][:20]}" for case in BAD_INDIVIDUAL],
)
def test_a_bad_field_is_named_with_its_reason(
    field: str, text: str, label: str, reason: str, params: dict[str, Any]
) -> None:
    clean, errors = validate_form(_person(**{field: text}), "individual")
    assert errors == {field: _error(label, reason, **params)}
    assert field not in clean


def test_other_documents_are_checked_by_shape_not_as_resident_ids() -> None:
    clean, errors = validate_form(
        _person(id_type="passport", id_number="e 1234 5678"), "individual"
    )
    assert errors == {}
    assert (clean["id_type"], clean["id_number"]) == ("passport", "E12345678")
    _, errors = validate_form(_person(id_type="passport", id_number="E1"), "individual")
    assert errors == {"id_number": _error("field.id_number", "client_edit.invalid.doc_number")}


def test_a_blank_id_type_means_a_resident_id() -> None:
    clean, errors = validate_form(_person(id_type=""), "individual")
    assert errors == {}
    assert clean["id_type"] == "resident_id"
    _, errors = validate_form(_person(id_type="", id_number=WRONG_CHECK), "individual")
    assert set(errors) == {"id_number"}


@pytest.mark.parametrize(
    ("field", "text", "label", "reason", "params"),
    [
        ("credit_code", WRONG_CODE, "field.credit_code", "invalid.credit_code_check",
         {"expected": GOOD_CODE[-1], "actual": WRONG_CODE[-1]}),
        ("credit_code", "", "field.credit_code", "invalid.required", {}),
        ("credit_code", "91520382MA6DXXXXI" + "1", "field.credit_code",
         "invalid.credit_code_chars", {"chars": "I"}),
        ("name", "", "client_edit.field.company_name", "invalid.required", {}),
        ("ownership", "国营", "field.ownership", "invalid.choice",
         {"value": "国营",
          "choices": "State-owned, Private, Foreign-invested, Joint venture, HK/Macau/Taiwan"}),
    ],
)  # fmt: skip
def test_a_bad_company_field_is_named_with_its_reason(
    field: str, text: str, label: str, reason: str, params: dict[str, Any]
) -> None:
    _, errors = validate_form(_company(**{field: text}), "corporate")
    assert errors == {field: _error(label, reason, **params)}


def test_every_bad_field_is_reported_at_once() -> None:
    bad = {
        "id_number": WRONG_CHECK, "birth_date": "2026-02-30", "phone": "1380013800",
        "email": "zhang@", "aum_fen": "-1", "contribution_fen": "abc", "gender": "x",
        "risk_level": "C9", "name": "",
    }  # fmt: skip
    clean, errors = validate_form(_person(**bad), "individual")
    assert set(errors) == set(bad)
    assert clean["address"] == "贵州省仁怀市茅台镇"  # good fields are still read


def test_a_missing_required_field_is_an_error_unless_partial() -> None:
    _, errors = validate_form({"phone": "13800138000"}, "individual")
    assert set(errors) == {"name", "nationality"}
    clean, errors = validate_form({"phone": "13800138000"}, "individual", partial=True)
    assert errors == {}
    assert clean == {"kind": "individual", "phone": "13800138000"}


@pytest.mark.parametrize("text", ["diamond", "Diamond", "钻石", "DIAMOND"])
def test_choices_accept_code_names_and_labels_in_either_language(text: str) -> None:
    clean, errors = validate_form({"tier": text}, "individual", partial=True)
    assert errors == {}
    assert clean["tier"] == "diamond"


def test_an_unknown_tier_is_refused_listing_the_tiers() -> None:
    set_language("zh")
    _, errors = validate_form({"tier": "黄金"}, "individual", partial=True)
    assert errors == {"tier": "客户等级：黄金 不是可选值（可选：普通、金卡、白金、钻石、私行）"}


def test_a_field_of_the_other_kind_may_only_be_blank() -> None:
    _, errors = validate_form({"credit_code": "", "name": "张伟"}, "individual", partial=True)
    assert errors == {}
    _, errors = validate_form({"credit_code": GOOD_CODE}, "individual", partial=True)
    assert errors == {
        "credit_code": _error(
            "field.credit_code", "client_edit.invalid.not_for_kind", kind=t("kind.individual")
        )
    }


def test_an_unknown_field_name_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="salary"):
        validate_form({"salary": "1"}, "individual")
    with pytest.raises(ValueError, match="kind"):
        validate_form({}, "household")


def test_a_resident_id_offers_birth_date_and_gender() -> None:
    assert derived_defaults(GOOD_ID) == {"birth_date": "1985-03-12", "gender": "male"}
    female = "44030819990101002"
    assert derived_defaults(female + resident_id_check_digit(female)) == {
        "birth_date": "1999-01-01",
        "gender": "female",
    }
    assert derived_defaults(WRONG_CHECK) == {}
    assert derived_defaults("1101051985") == {}


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [("birth_date", "1985-03-13", "1985-03-12"), ("gender", "female", "gender.male")],
)
def test_a_birth_date_or_gender_against_the_resident_id_is_refused(
    field: str, text: str, expected: str
) -> None:
    _, errors = validate_form(_person(**{field: text}), "individual")
    said = t(expected) if expected.startswith("gender.") else expected
    assert errors == {
        field: _error(f"field.{field}", "client_edit.invalid.id_mismatch", expected=said)
    }


def test_an_unknown_gender_or_no_birth_date_agrees_with_any_id() -> None:
    assert validate_form(_person(gender="", birth_date=""), "individual")[1] == {}
    assert validate_form(_person(gender="unknown"), "individual")[1] == {}
    other = validate_form(_person(id_type="passport", id_number="E12345678"), "individual")
    assert other[1] == {}  # only a resident ID says when and who


def test_a_disagreement_the_client_already_had_does_not_block_other_edits() -> None:
    opened = _person(birth_date="1985-03-13")  # an old record, as stored
    _, errors = validate_form(opened | {"phone": "13912345678"}, "individual", opened=opened)
    assert errors == {}
    # A new ID number must agree with the kept birth date, as the import insists.
    body = "11010519850314123"
    new_id = body + resident_id_check_digit(body)
    _, errors = validate_form(opened | {"id_number": new_id}, "individual", opened=opened)
    assert set(errors) == {"birth_date"}


def test_every_form_field_is_a_client_column_or_tags() -> None:
    columns = set(Client.__table__.columns.keys())
    for group in (*INDIVIDUAL_FORM, *CORPORATE_FORM):
        for field in group.fields:
            assert field.name in columns or field.name == "tags"


def test_form_text_reads_back_unchanged() -> None:
    clean, _ = validate_form(_person(), "individual")
    profile = {name: value for name, value in clean.items() if name != "tags"}
    again, errors = validate_form(form_text(profile, clean["tags"]), "individual")
    assert errors == {}
    assert again == clean


# --- writing ---------------------------------------------------------------------------


@pytest.fixture
def desk_store(store: Store) -> Store:
    """A store with a signed-in manager, who authors every change."""
    with store.session() as session:
        branch = Branch(code="520382", name="仁怀市支行")
        session.add(branch)
        session.flush()
        manager = Manager(
            employee_no="RH1001", name="李娜", level="client_manager", branch_id=branch.id
        )
        session.add(manager)
        session.flush()
        manager_id = manager.id
    store.manager_id = manager_id
    return store


RULES = TierRules()


def _create(store: Store, **overrides: str) -> str:
    clean, errors = validate_form(_person(**overrides), "individual")
    assert errors == {}
    return create_client(store, clean, RULES)


def _client(store: Store, client_id: str) -> Client:
    with store.read_session() as session:
        client = session.get(Client, client_id)
        assert client is not None
        return client


def _counts(store: Store) -> tuple[int, int]:
    with store.read_session() as session:
        return (
            session.scalar(select(func.count()).select_from(Client)) or 0,
            session.scalar(select(func.count()).select_from(OutboxChange)) or 0,
        )


def test_create_writes_the_client_with_rules_owner_pinyin_and_audit(desk_store: Store) -> None:
    client_id = _create(desk_store)
    client = _client(desk_store, client_id)
    assert (client.name, client.name_pinyin, client.name_initials) == ("张伟", "zhangwei", "zw")
    assert client.tier == "diamond"  # 700万 ≥ 600万
    assert client.importance == "A"  # contribution 6万 ≥ 5万
    assert client.owner_manager_id == desk_store.manager_id
    assert client.branch_id is not None
    assert client.hlc > 0 and client.device_id == desk_store.device_id
    with desk_store.read_session() as session:
        history = audit_history(
            session, client_id, this_device=(desk_store.device_id, desk_store.manager_id)
        )
        tags = (
            session.execute(select(ClientTag.tag).where(ClientTag.client_id == client_id))
            .scalars()
            .all()
        )
    assert [(h.action, h.author) for h in history] == [("create", "李娜")]
    assert sorted(tags) == ["艺术收藏", "高尔夫"]


def test_create_follows_configured_thresholds(desk_store: Store) -> None:
    rules = TierRules(tier_thresholds={**RULES.tier_thresholds, "diamond": 800 * FEN_PER_WAN})
    clean, _ = validate_form(_person(), "individual")
    client_id = create_client(desk_store, clean, rules)
    assert _client(desk_store, client_id).tier == "platinum"


def test_a_duplicate_id_number_names_the_field_and_the_client(desk_store: Store) -> None:
    _create(desk_store)
    before = _counts(desk_store)
    clean, _ = validate_form(_person(name="张伟伟", customer_no=""), "individual")
    with pytest.raises(DuplicateClientError) as caught:
        create_client(desk_store, clean, RULES)
    assert caught.value.column == "id_number"
    assert caught.value.message() == _error(
        "field.id_number", "client_edit.invalid.duplicate", name="张伟", customer="5203820000000001"
    )
    assert _counts(desk_store) == before


def test_a_duplicate_credit_code_is_found_in_either_column(desk_store: Store) -> None:
    clean, _ = validate_form(_company(), "corporate")
    create_client(desk_store, clean, RULES)
    again, _ = validate_form(_company(name="另一家公司"), "corporate")
    with pytest.raises(DuplicateClientError) as caught:
        create_client(desk_store, again, RULES)
    assert caught.value.existing_name == "仁怀市云峰酿酒有限责任公司"
    assert caught.value.field == "field.credit_code"


def test_update_writes_and_audits_exactly_the_edited_fields(desk_store: Store) -> None:
    client_id = _create(desk_store)
    _, outbox_before = _counts(desk_store)
    clean, errors = validate_form(_person(phone="13912345678", email="zw@example.cn"), "individual")
    assert errors == {}
    assert update_client(desk_store, client_id, clean, RULES) == ["phone", "email"]
    with desk_store.read_session() as session:
        latest = audit_history(session, client_id)[0]
        outbox = (
            session.execute(
                select(OutboxChange.fields)
                .where(OutboxChange.row_id == client_id)
                .order_by(OutboxChange.seq.desc())
            )
            .scalars()
            .first()
        )
    assert latest.action == "update"
    assert latest.author == "李娜"
    assert latest.changes == {
        "phone": ("13800138000", "13912345678"),
        "email": ("Zhang.Wei@example.com", "zw@example.cn"),
    }
    assert set(json.loads(outbox or "{}")) == {"phone", "email"}
    assert _counts(desk_store)[1] == outbox_before + 2  # the client's change and its audit entry


def test_preferences_and_avoid_are_written_audited_and_shown_on_the_profile(
    desk_store: Store,
) -> None:
    client_id = _create(desk_store)
    clean, errors = validate_form(_person(avoid="不谈房地产；不约周一"), "individual")
    assert errors == {}
    assert update_client(desk_store, client_id, clean, RULES) == ["avoid"]
    with desk_store.read_session() as session:
        latest = audit_history(session, client_id)[0]
        detail = client_detail(session, client_id)
    assert latest.changes == {"avoid": ("不谈房地产", "不谈房地产；不约周一")}
    assert detail is not None
    assert detail.profile["preferences"] == "喜欢普洱茶\n周六上午方便"
    assert detail.profile["avoid"] == "不谈房地产；不约周一"


def test_an_unchanged_form_writes_nothing(desk_store: Store) -> None:
    client_id = _create(desk_store)
    before = _counts(desk_store)
    clean, _ = validate_form(_person(), "individual")
    assert update_client(desk_store, client_id, clean, RULES) == []
    assert _counts(desk_store) == before


def test_a_new_name_gets_new_search_keys(desk_store: Store) -> None:
    client_id = _create(desk_store)
    clean, _ = validate_form({"name": "曾伟"}, "individual", partial=True)
    update_client(desk_store, client_id, clean, RULES)
    client = _client(desk_store, client_id)
    assert (client.name_pinyin, client.name_initials) == ("zengwei", "zw")
    with desk_store.read_session() as session:
        changes = audit_history(session, client_id)[0].changes
    assert changes == {"name": ("张伟", "曾伟"), "name_pinyin": ("zhangwei", "zengwei")}


def test_new_figures_move_the_tier_unless_it_was_set_by_hand(desk_store: Store) -> None:
    client_id = _create(desk_store)
    clean, _ = validate_form({"aum_fen": "600,000"}, "individual", partial=True)
    assert update_client(desk_store, client_id, clean, RULES) == ["aum_fen", "tier"]
    assert _client(desk_store, client_id).tier == "gold"
    set_override(desk_store, client_id, "tier", "private", "董事长亲属", rules=RULES)
    clean, _ = validate_form({"aum_fen": "100"}, "individual", partial=True)
    assert update_client(desk_store, client_id, clean, RULES) == ["aum_fen"]
    assert _client(desk_store, client_id).tier == "private"


def test_tags_removed_are_tombstoned_not_deleted(desk_store: Store) -> None:
    client_id = _create(desk_store)
    clean, _ = validate_form({"tags": "高尔夫，茶道"}, "individual", partial=True)
    assert update_client(desk_store, client_id, clean, RULES) == ["tags"]
    with desk_store.read_session() as session:
        rows = dict(
            session.execute(
                select(ClientTag.tag, ClientTag.deleted).where(ClientTag.client_id == client_id)
            ).all()
        )
        detail = client_detail(session, client_id)
    assert rows == {"高尔夫": False, "艺术收藏": True, "茶道": False}
    assert detail is not None and detail.tags == ("茶道", "高尔夫")
    assert ("tags", "艺术收藏", None) in [c for h in detail.history for c in h.changes]


def test_an_override_needs_a_reason_and_writes_nothing_without_one(desk_store: Store) -> None:
    client_id = _create(desk_store)
    before = _counts(desk_store)
    for reason in ("", "   ", None):
        with pytest.raises(ValidationError) as caught:
            set_override(desk_store, client_id, "tier", "private", reason, rules=RULES)
        assert caught.value.field == "client_edit.field.override_reason"
    with pytest.raises(ValidationError):
        set_override(desk_store, client_id, "tier", "gold-plus", "x", rules=RULES)
    with pytest.raises(ValueError):
        set_override(desk_store, client_id, "status", "active", "x", rules=RULES)  # type: ignore[arg-type]
    assert _counts(desk_store) == before


def test_an_override_is_audited_and_clearing_it_follows_the_rules(desk_store: Store) -> None:
    client_id = _create(desk_store)
    set_override(desk_store, client_id, "importance", "C", "  仅代持，非实际贡献 ", rules=RULES)
    client = _client(desk_store, client_id)
    assert (client.importance, client.importance_reason) == ("C", "仅代持，非实际贡献")
    with desk_store.read_session() as session:
        assert audit_history(session, client_id)[0].changes == {
            "importance": ("A", "C"),
            "importance_reason": (None, "仅代持，非实际贡献"),
        }
    set_override(desk_store, client_id, "importance", None, None, rules=RULES)
    client = _client(desk_store, client_id)
    assert (client.importance, client.importance_reason) == ("A", None)


def test_archive_then_restore_brings_back_the_previous_status(desk_store: Store) -> None:
    client_id = _create(desk_store, status="dormant")
    count_before = _counts(desk_store)[0]
    assert archive_client(desk_store, client_id) == "dormant"
    client = _client(desk_store, client_id)
    assert (client.status, client.deleted) == ("archived", False)
    with desk_store.read_session() as session:
        latest = audit_history(session, client_id)[0]
    assert (latest.action, latest.author) == ("update", "李娜")
    assert latest.changes == {"status": ("dormant", "archived")}
    assert restore_client(desk_store, client_id) == "dormant"
    assert _client(desk_store, client_id).status == "dormant"
    assert restore_client(desk_store, client_id) == "dormant"  # undoing twice changes nothing
    assert _counts(desk_store)[0] == count_before  # never a row fewer


def test_restore_without_an_audited_archive_makes_the_client_active(desk_store: Store) -> None:
    with desk_store.session() as session:
        client = Client(name="王芳", status="archived")
        session.add(client)
        session.flush()
        client_id = client.id
    assert restore_client(desk_store, client_id) == "active"


def _opened(store: Store, client_id: str) -> dict[str, Any]:
    """The stored values a form opens with, as the profile hands them over."""
    with store.read_session() as session:
        detail = client_detail(session, client_id)
    assert detail is not None
    return {**detail.profile, "tags": detail.tags}


def test_a_field_changed_elsewhere_since_the_form_opened_is_refused(desk_store: Store) -> None:
    client_id = _create(desk_store)
    opened = _opened(desk_store, client_id)
    with desk_store.session() as session:  # sync, or another session, meanwhile
        session.get(Client, client_id).phone = "13700000000"  # type: ignore[union-attr]
    before = _counts(desk_store)
    clean, _ = validate_form(_person(phone="13912345678", address="新地址"), "individual")
    sent = {n: clean[n] for n in ("kind", "phone", "address")}
    with pytest.raises(ChangedElsewhereError) as refused:
        update_client(desk_store, client_id, sent, RULES, expected=opened)
    assert refused.value.column == "phone"
    assert refused.value.message() == _error("field.phone", "client_edit.invalid.changed_elsewhere")
    assert _counts(desk_store) == before  # nothing written, the address neither
    client = _client(desk_store, client_id)
    assert (client.phone, client.address) == ("13700000000", "贵州省仁怀市茅台镇")


def test_fields_not_sent_keep_what_changed_elsewhere(desk_store: Store) -> None:
    client_id = _create(desk_store)
    opened = _opened(desk_store, client_id)
    with desk_store.session() as session:
        session.get(Client, client_id).phone = "13700000000"  # type: ignore[union-attr]
        session.add(ClientTag(client_id=client_id, tag="茶友"))
    sent = {"kind": "individual", "address": "新地址", "tags": ("高尔夫",)}
    with pytest.raises(ChangedElsewhereError) as refused:  # the tags changed too
        update_client(desk_store, client_id, sent, RULES, expected=opened)
    assert refused.value.column == "tags"
    sent.pop("tags")
    assert update_client(desk_store, client_id, sent, RULES, expected=opened) == ["address"]
    client = _client(desk_store, client_id)
    assert (client.phone, client.address) == ("13700000000", "新地址")


def test_the_same_change_made_elsewhere_is_no_conflict(desk_store: Store) -> None:
    client_id = _create(desk_store)
    opened = _opened(desk_store, client_id)
    with desk_store.session() as session:
        session.get(Client, client_id).phone = "13912345678"  # type: ignore[union-attr]
    sent = {"kind": "individual", "phone": "13912345678"}
    assert update_client(desk_store, client_id, sent, RULES, expected=opened) == []
