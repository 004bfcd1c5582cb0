"""The kept `client.last_contact_at` (revision 0008) always equals the computed last contact.

Hypothesis writes random visit logs, corrections (time moved, entry moved to
another client), withdrawals, restores, outright deletes and pulls from a
peer (`store.sync.local.apply_pulled`, the Core statements sync uses) into
a store, then compares, for every client, the value the triggers kept with
`_last_contact_of_client` (the definition the list showed before), and the
"no contact for N days" filter and the last-contact sort with their old
formulations over the visit log.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, select, text, update

from store import clock
from store.client_list import (
    LAST_CONTACT_AT,
    ClientQuery,
    _last_contact_of_client,
    contact_cutoff,
    matching_ids,
)
from store.db import Store, open_store
from store.ids import uuid7
from store.models import Branch, Client, Interaction
from store.sync.local import apply_pulled
from store.sync.merge import Change
from store.sync.versions import encode, make_version

ZONE = "Asia/Shanghai"
CLIENTS = 4
START = datetime(2026, 6, 1, tzinfo=UTC)
PEER = "peer-device"

minutes = st.integers(min_value=0, max_value=60 * 24 * 200)
client_no = st.integers(min_value=0, max_value=CLIENTS - 1)
entry_no = st.integers(min_value=0, max_value=30)
operation = st.one_of(
    st.tuples(st.just("log"), client_no, minutes),
    st.tuples(st.just("retime"), entry_no, minutes),
    st.tuples(st.just("move"), entry_no, client_no),
    st.tuples(st.just("withdraw"), entry_no),
    st.tuples(st.just("restore"), entry_no),
    st.tuples(st.just("erase"), entry_no),
    st.tuples(st.just("pull_new"), client_no, minutes, st.booleans()),
    st.tuples(st.just("pull_change"), entry_no, minutes, client_no, st.booleans()),
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[str]]]:
    """A store with a branch and four clients, built once and copied per example."""
    path = tmp_path_factory.mktemp("template") / "s.db"
    store = open_store(path)
    with store.session() as session:
        branch = Branch(code="001", name="仁怀支行")
        session.add(branch)
        session.flush()
        clients = [Client(name=f"客户{n}", branch_id=branch.id) for n in range(CLIENTS)]
        session.add_all(clients)
        session.flush()
        ids = [client.id for client in clients]
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    yield path, ids


class Run:
    """One example: a store, its client ids and the entries written so far."""

    def __init__(self, store: Store, clients: list[str]) -> None:
        self.store, self.clients = store, clients
        self.entries: list[str] = []
        self.hlc = 1 << 60  # a peer's stamps, later than any local one: its changes win

    def entry(self, number: int) -> str | None:
        return self.entries[number % len(self.entries)] if self.entries else None

    def set(self, number: int, **values: Any) -> None:
        """A local correction through the ORM, as the visit log makes one."""
        entry_id = self.entry(number)
        if entry_id is None:
            return
        with self.store.session() as session:
            entry = session.get(Interaction, entry_id)
            if entry is not None:
                for name, value in values.items():
                    setattr(entry, name, value)

    def pull(self, entry_id: str, fields: dict[str, Any]) -> None:
        self.hlc += 1
        change = Change(
            change_id=uuid7(), table="interaction", row_id=entry_id,
            version=make_version(self.hlc, PEER),
            fields={name: encode(value) for name, value in fields.items()}, base=None,
        )  # fmt: skip
        with self.store.engine.begin() as conn:
            apply_pulled(conn, [change])

    def apply(self, op: tuple[Any, ...]) -> None:
        kind, *args = op
        if kind == "log":
            client, after = args
            with self.store.session() as session:
                entry = Interaction(
                    client_id=self.clients[client], kind="visit",
                    occurred_at=START + timedelta(minutes=after),
                )  # fmt: skip
                session.add(entry)
                session.flush()
                self.entries.append(entry.id)
        elif kind == "retime":
            self.set(args[0], occurred_at=START + timedelta(minutes=args[1]))
        elif kind == "move":
            self.set(args[0], client_id=self.clients[args[1]])
        elif kind in ("withdraw", "restore"):
            self.set(args[0], deleted=kind == "withdraw")
        elif kind == "erase":  # never done by the app; a trigger must still keep up
            entry_id = self.entry(args[0])
            if entry_id is not None:
                with self.store.engine.begin() as conn:
                    conn.execute(text("DELETE FROM interaction WHERE id = :id"), {"id": entry_id})
                self.entries.remove(entry_id)
        elif kind == "pull_new":
            client, after, withdrawn = args
            entry_id = uuid7()
            self.pull(entry_id, {
                "client_id": self.clients[client], "kind": "phone", "purpose": "care",
                "summary": "", "occurred_at": START + timedelta(minutes=after),
                "deleted": withdrawn,
            })  # fmt: skip
            self.entries.append(entry_id)
        elif kind == "pull_change":
            number, after, client, withdrawn = args
            entry_id = self.entry(number)
            if entry_id is not None:
                self.pull(entry_id, {
                    "occurred_at": START + timedelta(minutes=after),
                    "client_id": self.clients[client], "deleted": withdrawn,
                })  # fmt: skip


def kept_and_computed(conn: Connection) -> list[tuple[str, Any, Any]]:
    return [
        tuple(row)
        for row in conn.execute(
            select(Client.id, LAST_CONTACT_AT, _last_contact_of_client()).order_by(Client.id)
        )
    ]


def old_no_contact(conn: Connection, days: int) -> set[str]:
    """The filter as revision 0007's list wrote it: NOT IN the recent entries."""
    recent = select(Interaction.client_id).where(
        Interaction.deleted.is_(False),
        Interaction.occurred_at >= contact_cutoff(days, ZONE),
    )
    return set(conn.scalars(select(Client.id).where(Client.id.not_in(recent))))


def old_sort(conn: Connection, descending: bool) -> list[str]:
    last = _last_contact_of_client()
    first = last.desc().nulls_last() if descending else last.asc().nulls_first()
    return list(conn.scalars(
        select(Client.id).order_by(first, Client.aum_fen.desc(), Client.id.desc())
    ))  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=st.lists(operation, min_size=1, max_size=25))
def test_kept_last_contact_equals_the_computed_one(
    template: tuple[Path, list[str]], tmp_path: Path, ops: list[tuple[Any, ...]]
) -> None:
    source, clients = template
    path = tmp_path / f"{uuid7()}.db"
    shutil.copyfile(source, path)
    store = open_store(path)
    run = Run(store, clients)
    try:
        for op in ops:
            run.apply(op)
        with store.engine.connect() as conn:
            rows = kept_and_computed(conn)
            assert [(cid, kept) for cid, kept, _ in rows] == [(cid, lc) for cid, _, lc in rows]
        with store.read_session() as session:
            for days in (1, 30, 90):
                query = ClientQuery(no_contact_days=days)
                listed = set(session.scalars(matching_ids(session, query, ZONE)))
                assert listed == old_no_contact(session.connection(), days), days
            for descending in (False, True):
                query = ClientQuery().sorted_by("last_contact", descending)
                listed_order = list(session.scalars(matching_ids(session, query, ZONE)))
                assert listed_order == old_sort(session.connection(), descending)
    finally:
        store.close()


def test_the_triggers_see_a_withdrawal_and_a_move(tmp_path: Path) -> None:
    """A plain example, so a reader sees what the property means."""
    store = open_store(tmp_path / "s.db")
    now = clock.now()
    with store.session() as session:
        branch = Branch(code="001", name="仁怀支行")
        session.add(branch)
        session.flush()
        a, b = Client(name="张伟", branch_id=branch.id), Client(name="王芳", branch_id=branch.id)
        session.add_all([a, b])
        session.flush()
        old = Interaction(client_id=a.id, kind="visit", occurred_at=now - timedelta(days=40))
        new = Interaction(client_id=a.id, kind="phone", occurred_at=now - timedelta(days=2))
        session.add_all([old, new])

    def kept() -> dict[str, Any]:
        with store.engine.connect() as conn:
            return dict(conn.execute(select(Client.name, LAST_CONTACT_AT)).all())

    assert kept() == {"张伟": new.occurred_at, "王芳": None}
    with store.session() as session:
        session.execute(update(Interaction).where(Interaction.id == new.id).values(deleted=True))
    assert kept() == {"张伟": old.occurred_at, "王芳": None}
    with store.session() as session:
        session.execute(update(Interaction).where(Interaction.id == old.id).values(client_id=b.id))
    assert kept() == {"张伟": None, "王芳": old.occurred_at}
    store.close()
