"""Saved client-list filters: the spec round trip, save/replace/list/delete, bad input."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from store.client_list import ClientQuery
from store.db import Store
from store.errors import ValidationError
from store.models import OutboxChange, SavedFilter
from store.saved_filters import (
    delete_filter,
    list_filters,
    query_from_text,
    save_filter,
    spec_text,
)

ME = "manager-me"
OTHER = "manager-other"

FULL = ClientQuery(
    search="zw",
    mine=True,
    owner_ids=("m2", "m1"),
    tiers=("diamond", "private"),
    importance=("A",),
    statuses=("archived", "dormant"),
    kind="individual",
    tags=("高尔夫", "茶文化"),
    no_contact_days=90,
    genders=("female",),
    occupations=("企业主",),
    occupations_except=("医生", "教师"),
    not_recorded=("income_band",),
    income_bands=("over_1000",),
    educations=("master",),
    birth_from=date(1960, 1, 1),
    birth_to=date(1969, 12, 31),
    aum_min_fen=6_000_000_00,
    aum_max_fen=30_000_000_00,
    sort="last_contact",
    descending=False,
)


def test_every_field_survives_the_json_round_trip() -> None:
    text = spec_text(FULL)
    assert "高尔夫" in text  # Chinese kept readable in the stored JSON
    query, problems = query_from_text(text)
    assert problems == []
    assert query == FULL


def test_the_default_query_saves_as_an_empty_object() -> None:
    assert spec_text(ClientQuery()) == "{}"
    assert query_from_text("{}") == (ClientQuery(), [])


def test_unknown_keys_are_ignored_with_a_problem() -> None:
    text = json.dumps({"tiers": ["gold"], "colour": "red", "no_contact_days": 30})
    query, problems = query_from_text(text)
    assert query == ClientQuery(tiers=("gold",), no_contact_days=30)
    assert problems == ["Ignored the unknown filter setting colour"]


@pytest.mark.parametrize(
    ("spec", "key"),
    [
        ({"tiers": ["bronze"]}, "tiers"),
        ({"tiers": "gold"}, "tiers"),
        ({"no_contact_days": 0}, "no_contact_days"),
        ({"no_contact_days": "90"}, "no_contact_days"),
        ({"mine": 1}, "mine"),
        ({"sort": "colour"}, "sort"),
        ({"kind": "robot"}, "kind"),
        ({"birth_from": "1960-02-30"}, "birth_from"),
        ({"aum_min_fen": -1}, "aum_min_fen"),
        ({"aum_min_fen": True}, "aum_min_fen"),
    ],
)
def test_bad_values_are_ignored_with_a_problem(spec: dict, key: str) -> None:
    query, problems = query_from_text(json.dumps({**spec, "importance": ["A"]}))
    assert query == ClientQuery(importance=("A",))
    assert len(problems) == 1 and key in problems[0]


@pytest.mark.parametrize("text", ["not json", "[1, 2]", ""])
def test_a_spec_that_is_not_an_object_gives_the_default_query(text: str) -> None:
    query, problems = query_from_text(text, "mine")
    assert query == ClientQuery()
    assert len(problems) == 1 and "mine" in problems[0]


def _stored(store: Store) -> list[tuple[str | None, str, bool]]:
    with store.read_session() as session:
        rows = session.execute(
            select(SavedFilter.manager_id, SavedFilter.name, SavedFilter.deleted).order_by(
                SavedFilter.name, SavedFilter.deleted
            )
        ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_save_list_replace_and_delete(store: Store) -> None:
    gold = ClientQuery(tiers=("gold",))
    with store.session() as session:
        row, replaced = save_filter(session, ME, "  金卡客户 ", gold)
        save_filter(session, ME, "90天未联系", ClientQuery(no_contact_days=90))
        save_filter(session, OTHER, "金卡客户", ClientQuery(tiers=("private",)))
    assert not replaced and row.name == "金卡客户" and row.query == gold
    with store.read_session() as session:
        mine = list_filters(session, ME)
    assert [(r.name, r.query) for r in mine] == [
        ("90天未联系", ClientQuery(no_contact_days=90)),  # digits sort before pinyin
        ("金卡客户", gold),
    ]
    # Saving under a name in use replaces that filter; the other manager's stays.
    with store.session() as session:
        row, replaced = save_filter(session, ME, "金卡客户", ClientQuery(tiers=("gold", "diamond")))
    assert replaced
    with store.read_session() as session:
        mine = list_filters(session, ME)
        theirs = list_filters(session, OTHER)
    assert [r.query for r in mine if r.name == "金卡客户"] == [
        ClientQuery(tiers=("gold", "diamond"))
    ]
    assert [(r.name, r.query) for r in theirs] == [("金卡客户", ClientQuery(tiers=("private",)))]
    assert len(_stored(store)) == 3
    # Deleting is a tombstone: the row stays, marked deleted, and leaves the list.
    with store.session() as session:
        assert delete_filter(session, row.id) == "金卡客户"
        assert delete_filter(session, row.id) is None
    with store.read_session() as session:
        assert [r.name for r in list_filters(session, ME)] == ["90天未联系"]
    assert (ME, "金卡客户", True) in _stored(store)


def test_saving_is_stamped_for_sync(store: Store) -> None:
    with store.session() as session:
        row, _ = save_filter(session, ME, "钻石", ClientQuery(tiers=("diamond",)))
    with store.read_session() as session:
        saved = session.get(SavedFilter, row.id)
        pending = session.scalar(
            select(func.count()).select_from(OutboxChange).where(OutboxChange.row_id == row.id)
        )
    assert saved is not None and saved.hlc > 0 and saved.device_id == store.device_id
    assert pending == 1


def test_the_same_name_from_two_laptops_shows_once_and_saving_folds_it(store: Store) -> None:
    with store.session() as session:  # as a sync would leave it: two rows, one name
        session.add(SavedFilter(manager_id=ME, name="钻石", spec='{"tiers":["diamond"]}'))
        session.flush()
        session.add(SavedFilter(manager_id=ME, name="钻石", spec='{"tiers":["private"]}'))
    with store.read_session() as session:
        listed = list_filters(session, ME)
    assert [(r.name, r.query) for r in listed] == [("钻石", ClientQuery(tiers=("private",)))]
    with store.session() as session:
        save_filter(session, ME, "钻石", ClientQuery(importance=("A",)))
    assert sorted(deleted for *_, deleted in _stored(store)) == [False, True]
    with store.read_session() as session:
        assert [r.query for r in list_filters(session, ME)] == [ClientQuery(importance=("A",))]


def test_a_saved_filter_with_unknown_settings_still_lists(store: Store) -> None:
    with store.session() as session:
        session.add(SavedFilter(manager_id=ME, name="新版", spec='{"tiers":["gold"],"x":1}'))
    with store.read_session() as session:
        (row,) = list_filters(session, ME)
    assert row.query == ClientQuery(tiers=("gold",))
    assert row.problems == ("Ignored the unknown filter setting x",)


@pytest.mark.parametrize(
    ("name", "reason"), [("   ", "invalid.required"), ("名" * 51, "invalid.too_long")]
)
def test_a_bad_name_is_refused_and_nothing_written(store: Store, name: str, reason: str) -> None:
    with pytest.raises(ValidationError) as caught, store.session() as session:
        save_filter(session, ME, name, ClientQuery())
    assert caught.value.field == "client_filter.field_name"
    assert caught.value.reason == reason
    assert "Filter name" in caught.value.message()
    assert _stored(store) == []


def test_filters_without_a_signed_in_manager_are_kept_apart(store: Store) -> None:
    with store.session() as session:
        save_filter(session, None, "全部", ClientQuery(kind="corporate"))
        save_filter(session, ME, "我的", ClientQuery(mine=True))
    with store.read_session() as session:
        assert [r.name for r in list_filters(session, None)] == ["全部"]
        assert [r.name for r in list_filters(session, ME)] == ["我的"]
