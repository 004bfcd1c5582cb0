"""The audit log is written by the capture path: who, when, which fields, old → new."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from store import clock
from store.audit import audit_history, audited_tables
from store.db import Store
from store.models import AuditEntry, Branch, Client, Device, Manager, OutboxChange
from store.sync.capture import insert_rows


def _entries(store: Store) -> list[AuditEntry]:
    with store.read_session() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.hlc)))


def _manager(store: Store, name: str = "王经理") -> str:
    with store.session() as session:
        branch = Branch(code="001", name="仁怀支行")
        session.add(branch)
        session.flush()
        manager = Manager(employee_no="E1", name=name, level="client_manager",
                          branch_id=branch.id)
        session.add(manager)
    return manager.id


def test_the_client_book_and_the_visit_log_are_audited_and_the_log_itself_is_not() -> None:
    assert audited_tables() == {
        "client", "client_tag", "client_relation", "key_contact", "interaction",
        "calendar_event",
    }


def test_an_edit_records_exactly_the_changed_fields_old_and_new(store: Store) -> None:
    with store.session() as session:
        client = Client(name="张伟", phone="13900000001", birth_date=date(1970, 1, 31))
        session.add(client)
    assert _entries(store) == []  # a creation is read from the row's first version
    with store.session() as session:
        loaded = session.get(Client, client.id)
        loaded.phone = "13900000002"
        loaded.birth_date = date(1970, 2, 1)
        loaded.name = "张伟"  # set to what it was: not a change
    (edited,) = _entries(store)
    assert (edited.action, edited.row_id, edited.table_name) == ("update", client.id, "client")
    assert json.loads(edited.changes) == {
        "phone": ["13900000001", "13900000002"],
        "birth_date": ["1970-01-31", "1970-02-01"],
    }


def test_history_names_the_author_and_ends_with_the_creation(store: Store) -> None:
    store.manager_id = _manager(store)
    with store.session() as session:
        client = Client(name="李娜")
        session.add(client)
    with store.session() as session:
        session.get(Client, client.id).phone = "13900000003"
    here = (store.device_id, store.manager_id)
    with store.read_session() as session:
        edit, created = audit_history(session, client.id, this_device=here)
    assert (edit.action, edit.author, edit.changes) == (
        "update", "王经理", {"phone": (None, "13900000003")}
    )
    assert (created.action, created.author, created.changes) == ("create", "王经理", {})
    assert created.at == clock.now()  # the fixed test clock, to the millisecond
    with store.read_session() as session:
        (_, unknown) = audit_history(session, client.id)
    assert unknown.author is None  # this laptop never synced, and was not said to be here


def test_a_creation_on_another_laptop_is_credited_through_its_device_row(store: Store) -> None:
    other = _manager(store, "李经理")
    with store.session() as session:
        session.add(Device(id=store.device_id, manager_id=other, label="branch-laptop-2"))
        client = Client(name="周芳")
        session.add(client)
    with store.read_session() as session:
        (created,) = audit_history(session, client.id)
    assert (created.action, created.author) == ("create", "李经理")


def test_a_tombstone_and_its_undo_are_named_as_such(store: Store) -> None:
    with store.session() as session:
        client = Client(name="李娜")
        session.add(client)
    for deleted in (True, False):
        with store.session() as session:
            session.get(Client, client.id).deleted = deleted
    assert [entry.action for entry in _entries(store)] == ["delete", "restore"]
    with store.read_session() as session:
        assert [v.action for v in audit_history(session, client.id)] == [
            "restore", "delete", "create"
        ]


def test_audit_entries_sync_like_any_row_and_roll_back_with_the_change(store: Store) -> None:
    with store.session() as session:
        client = Client(name="李娜")
        session.add(client)
    with store.session() as session:
        session.get(Client, client.id).phone = "13900000004"
    (entry,) = _entries(store)
    with store.read_session() as session:
        queued = session.scalars(
            select(OutboxChange.table_name).where(OutboxChange.row_id == entry.id)
        ).all()
    assert queued == ["audit_entry"]
    with pytest.raises(RuntimeError), store.session() as session:
        session.get(Client, client.id).phone = "13900000009"
        session.flush()
        raise RuntimeError("crash before commit")
    assert len(_entries(store)) == 1


def test_unaudited_tables_write_no_entries(store: Store) -> None:
    with store.session() as session:
        branch = Branch(code="001", name="仁怀支行")
        session.add(branch)
    with store.session() as session:
        session.get(Branch, branch.id).name = "遵义分行"
    assert _entries(store) == []


def test_bulk_creations_add_no_entries_but_show_in_history(store: Store) -> None:
    with store.write() as conn:
        insert_rows(conn, Client.__table__, [{"id": "c1", "name": "赵敏"}], store)
    with store.read_session() as session:
        audit_changes = session.scalar(
            select(func.count()).select_from(OutboxChange)
            .where(OutboxChange.table_name == "audit_entry")
        )
        assert [v.action for v in audit_history(session, "c1")] == ["create"]
    assert (_entries(store), audit_changes) == ([], 0)
