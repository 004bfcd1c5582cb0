"""The audit log is written by the capture path: who, when, which fields, old → new."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from store.audit import audit_history, audited_tables
from store.db import Store
from store.models import AuditEntry, Branch, Client, Manager, OutboxChange
from store.sync.capture import insert_rows


def _entries(store: Store) -> list[AuditEntry]:
    with store.read_session() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.hlc)))


def test_the_client_book_tables_are_audited_and_the_log_itself_is_not() -> None:
    assert audited_tables() == {"client", "client_tag", "client_relation", "key_contact"}


def test_an_edit_records_exactly_the_changed_fields_old_and_new(store: Store) -> None:
    with store.session() as session:
        client = Client(name="张伟", phone="13900000001", birth_date=date(1970, 1, 31))
        session.add(client)
    with store.session() as session:
        loaded = session.get(Client, client.id)
        loaded.phone = "13900000002"
        loaded.birth_date = date(1970, 2, 1)
        loaded.name = "张伟"  # set to what it was: not a change
    created, edited = _entries(store)
    assert (created.action, created.row_id, created.table_name) == ("create", client.id, "client")
    assert json.loads(created.changes)["phone"] == [None, "13900000001"]
    assert edited.action == "update"
    assert json.loads(edited.changes) == {
        "phone": ["13900000001", "13900000002"],
        "birth_date": ["1970-01-31", "1970-02-01"],
    }


def test_the_author_is_the_signed_in_manager(store: Store) -> None:
    with store.session() as session:
        branch = Branch(code="001", name="仁怀支行")
        session.add(branch)
        session.flush()
        manager = Manager(
            employee_no="E1", name="王经理", level="client_manager", branch_id=branch.id
        )
        session.add(manager)
    store.manager_id = manager.id
    with store.session() as session:
        session.add(Client(name="李娜"))
    (entry,) = _entries(store)
    assert entry.manager_id == manager.id
    with store.read_session() as session:
        (view,) = audit_history(session, entry.row_id)
    assert (view.action, view.author) == ("create", "王经理")


def test_a_tombstone_and_its_undo_are_named_as_such(store: Store) -> None:
    with store.session() as session:
        client = Client(name="李娜")
        session.add(client)
    for deleted in (True, False):
        with store.session() as session:
            session.get(Client, client.id).deleted = deleted
    actions = [entry.action for entry in _entries(store)]
    assert actions == ["create", "delete", "restore"]
    with store.read_session() as session:
        assert [v.action for v in audit_history(session, client.id)] == [
            "restore",
            "delete",
            "create",
        ]


def test_audit_entries_sync_like_any_row_and_roll_back_with_the_change(store: Store) -> None:
    with store.session() as session:
        session.add(Client(name="李娜"))
    (entry,) = _entries(store)
    with store.read_session() as session:
        queued = session.scalars(
            select(OutboxChange.table_name).where(OutboxChange.row_id == entry.id)
        ).all()
    assert queued == ["audit_entry"]
    with pytest.raises(RuntimeError), store.session() as session:
        session.get(Client, entry.row_id).phone = "13900000009"
        session.flush()
        raise RuntimeError("crash before commit")
    assert len(_entries(store)) == 1


def test_unaudited_tables_write_no_entries(store: Store) -> None:
    with store.session() as session:
        session.add(Branch(code="001", name="仁怀支行"))
    assert _entries(store) == []


def test_bulk_inserts_are_audited_unless_they_are_seed_data(store: Store) -> None:
    with store.write() as conn:
        insert_rows(conn, Client.__table__, [{"id": "c1", "name": "赵敏"}], store)
        insert_rows(conn, Client.__table__, [{"id": "c2", "name": "周芳"}], store, audit=False)
    entries = _entries(store)
    assert [(e.row_id, e.action) for e in entries] == [("c1", "create")]
    assert json.loads(entries[0].changes)["name"] == [None, "赵敏"]
    with store.read_session() as session:
        audit_changes = session.scalar(
            select(func.count())
            .select_from(OutboxChange)
            .where(OutboxChange.table_name == "audit_entry")
        )
    assert audit_changes == 1
