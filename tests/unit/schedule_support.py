"""A small book for the agenda, iCalendar and `clientdesk agenda` tests.

Branch 仁怀市支行; 李娜 (signed in) and 陈静 are its managers. 李娜's clients:
张伟 (gold, solar birthday 1 December), 王芳 (gold, keeps the lunar
birthday: born on Spring Festival 1970, 6 February) and a foreign-invested
company (gold, so it gets a Christmas greeting); 陈静's: 刘洋 (gold,
birthday 3 December). Today is Saturday 2026-11-28 (the shared conftest).
"""

from __future__ import annotations

from datetime import date, time

from store.db import Store
from store.models import Branch, Client, LocalMeta, Manager
from store.schedule import EventDraft, schedule_event

ZONE = "Asia/Shanghai"
TODAY = date(2026, 11, 28)
BRANCH = "0193a3b0-0000-7000-8000-000000000001"
LINA = "0193a3b0-0000-7000-8000-000000000002"
CHEN = "0193a3b0-0000-7000-8000-000000000003"
ZHANG = "0193a3b0-0000-7000-8000-000000000011"
WANG = "0193a3b0-0000-7000-8000-000000000012"
DELOITTE = "0193a3b0-0000-7000-8000-000000000013"
LIU = "0193a3b0-0000-7000-8000-000000000014"


def seed_book(store: Store) -> None:
    """The managers and clients above; 李娜 signed in (as `clientdesk` sees it, too)."""
    with store.session() as session:
        session.add(Branch(id=BRANCH, code="520382001", name="仁怀市支行"))
        session.flush()
        session.add_all(
            [
                Manager(id=LINA, employee_no="RH3001", name="李娜", level="client_manager",
                        branch_id=BRANCH),
                Manager(id=CHEN, employee_no="RH2001", name="陈静",
                        level="senior_client_manager", branch_id=BRANCH),
            ]
        )  # fmt: skip
        session.flush()
        session.add_all(
            [
                Client(id=ZHANG, name="张伟", tier="gold", gender="male",
                       birth_date=date(1966, 12, 1), owner_manager_id=LINA, phone="13900000001"),
                Client(id=WANG, name="王芳", tier="gold", gender="female",
                       birth_date=date(1970, 2, 6), birthday_lunar=True, owner_manager_id=LINA),
                Client(id=DELOITTE, name="德勤华永会计师事务所", kind="corporate", tier="gold",
                       ownership="foreign_invested", owner_manager_id=LINA),
                Client(id=LIU, name="刘洋", tier="gold", gender="male",
                       birth_date=date(1980, 12, 3), owner_manager_id=CHEN),
            ]
        )  # fmt: skip
        session.merge(LocalMeta(key="manager_id", value=LINA))
    store.manager_id = LINA


def plan(
    store: Store,
    day: date,
    start: time | None,
    clients: tuple[str, ...],
    *,
    kind: str = "visit",
    title: str = "",
    duration: int | None = 60,
    location: str | None = None,
    notes: str | None = None,
    reminder: int | None = None,
    zone: str = ZONE,
    manager: str = LINA,
) -> str:
    """Schedule one entry as `manager` would, in `zone`; returns its id."""
    signed_in, store.manager_id = store.manager_id, manager
    try:
        draft = EventDraft(
            kind=kind, title=title, day=day, start=start,
            duration_min=duration if start is not None else None, client_ids=clients,
            location=location, notes=notes, reminder_min=reminder,
        )  # fmt: skip
        return schedule_event(store, draft, zone=zone)
    finally:
        store.manager_id = signed_in
