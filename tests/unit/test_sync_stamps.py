"""Every write to a synced row is stamped through the one session hook."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from store.db import Store
from store.hlc import HybridClock, pack, unpack
from store.ids import derived_id, uuid7, uuid7_time_ms
from store.models import Branch, Manager, synced_tables


def test_new_rows_get_id_stamp_and_device(store: Store) -> None:
    with store.session() as session:
        branch = Branch(code="001", name="仁怀支行")
        session.add(branch)
    assert uuid.UUID(branch.id).version == 7
    assert branch.hlc > 0
    assert branch.device_id == store.device_id
    assert branch.deleted is False


def test_an_update_moves_the_stamp_forward(store: Store) -> None:
    with store.session() as session:
        branch = Branch(code="001", name="仁怀支行")
        session.add(branch)
    first = branch.hlc
    with store.session() as session:
        loaded = session.get(Branch, branch.id)
        assert loaded is not None
        loaded.name = "仁怀市支行"
    with store.session() as session:
        assert session.scalars(select(Branch.hlc)).one() > first


def test_an_unchanged_row_keeps_its_stamp(store: Store) -> None:
    with store.session() as session:
        branch = Branch(code="001", name="仁怀支行")
        session.add(branch)
    with store.session() as session:
        loaded = session.get(Branch, branch.id)
        assert loaded is not None
        loaded.name = "仁怀支行"  # same value: not a change
    with store.session() as session:
        assert session.scalars(select(Branch.hlc)).one() == branch.hlc


def test_synced_rows_cannot_be_hard_deleted(store: Store) -> None:
    with store.session() as session:
        session.add(Branch(code="001", name="仁怀支行"))
    with pytest.raises(RuntimeError, match="tombstoned"), store.session() as session:
        session.delete(session.scalars(select(Branch)).one())
    with store.session() as session:
        assert session.scalars(select(Branch)).one().deleted is False


def test_every_business_table_syncs() -> None:
    assert {"client", "interaction", "calendar_event", "task", "manager", "branch"} <= set(
        synced_tables()
    )
    assert "local_meta" not in synced_tables()


def test_manager_rows_reference_branches(store: Store) -> None:
    with store.session() as session:
        branch = Branch(code="001", name="仁怀支行")
        session.add(branch)
        session.flush()
        session.add(Manager(employee_no="A1", name="李娜", level="client_manager",
                            branch_id=branch.id))
    with store.read_session() as session:
        assert session.scalars(select(Manager.name)).all() == ["李娜"]


def test_clock_never_goes_backwards() -> None:
    wall = [1_000]
    hlc = HybridClock(wall_ms=lambda: wall[0])
    first = hlc.tick()
    wall[0] = 500  # the laptop's clock jumps back
    second = hlc.tick()
    assert second > first
    assert unpack(second) == (1_000, 1)


def test_clock_moves_past_a_remote_stamp() -> None:
    hlc = HybridClock(wall_ms=lambda: 1_000)
    remote = pack(5_000, 7)
    assert hlc.observe(remote) > remote
    assert hlc.tick() > remote


def test_uuid7_is_time_ordered_and_versioned() -> None:
    ids = [uuid7() for _ in range(5000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    parsed = uuid.UUID(ids[0])
    assert parsed.version == 7
    assert parsed.variant == uuid.RFC_4122
    assert uuid7_time_ms(ids[0]) > 0


def test_derived_ids_are_stable_and_distinct() -> None:
    assert derived_id("cadence", "c1", "2026-11") == derived_id("cadence", "c1", "2026-11")
    assert derived_id("cadence", "c1", "2026-11") != derived_id("cadence", "c1", "2026-12")
    assert derived_id("a", "b\x1fc") != derived_id("a", "b", "c")
