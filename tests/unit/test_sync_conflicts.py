"""Resolving a conflict is an ordinary, validated, captured local change."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from store.db import Store
from store.errors import ValidationError
from store.models import Client, Conflict, Device, OutboxChange
from store.sync.conflicts import list_conflicts, resolve_conflict
from store.sync.versions import make_version


def _conflict(store: Store, field: str, kept: object, lost: object, reason: str = "edit",
              deleted: bool = False) -> tuple[str, str]:
    with store.session() as session:
        client = Client(name="周杰", phone="13800138000", deleted=deleted)
        session.add(client)
        session.flush()
        conflict = Conflict(
            table_name="client", row_id=client.id, field=field, reason=reason,
            winner_value=json.dumps(kept), winner_version=make_version(9 << 16, "dev-win"),
            loser_value=json.dumps(lost), loser_version=make_version(8 << 16, "dev-lose"),
            detected_at=datetime(2026, 11, 28, tzinfo=UTC),
        )
        session.add(conflict)
    return client.id, conflict.id


def _client(store: Store, client_id: str) -> Client:
    with store.read_session() as session:
        client = session.get(Client, client_id)
        assert client is not None
        return client


def test_taking_an_edit_that_lost_to_a_delete_restores_the_row(store: Store) -> None:
    client_id, conflict_id = _conflict(store, "notes", None, "送花", "deleted", deleted=True)
    resolve_conflict(store, conflict_id, "theirs")
    client = _client(store, client_id)
    assert (client.notes, client.deleted) == ("送花", False)
    with store.read_session() as session:
        assert list_conflicts(session) == []
        fields = json.loads(session.scalars(
            select(OutboxChange.fields).where(OutboxChange.row_id == client_id)
            .order_by(OutboxChange.seq.desc()).limit(1)).one())
    assert fields == {"notes": "送花", "deleted": False}


def test_a_typed_word_must_come_from_the_vocabulary(store: Store) -> None:
    client_id, conflict_id = _conflict(store, "tier", "gold", "platinum")
    with pytest.raises(ValidationError) as caught:
        resolve_conflict(store, conflict_id, "other", "shiny")
    assert caught.value.field == "field.tier"
    assert "shiny" in caught.value.message()
    assert _client(store, client_id).tier == "standard"
    resolve_conflict(store, conflict_id, "other", "diamond")
    assert _client(store, client_id).tier == "diamond"


def test_a_typed_phone_is_checked_like_a_form_entry(store: Store) -> None:
    client_id, conflict_id = _conflict(store, "phone", "13800138000", "13900139000")
    with pytest.raises(ValidationError):
        resolve_conflict(store, conflict_id, "other", "123")
    assert _client(store, client_id).phone == "13800138000"
    with store.read_session() as session:
        assert len(list_conflicts(session)) == 1


def test_who_is_the_signed_in_manager_or_else_the_laptop_name(store: Store) -> None:
    _conflict(store, "phone", "13800138000", "13900139000")
    with store.session() as session:
        session.add(Device(id="dev-lose", label="网点笔记本-3"))
    with store.read_session() as session:
        (view,) = list_conflicts(session)
    assert view.lost_by == "网点笔记本-3"
    assert view.kept_by.endswith("dev-win"[-8:])
