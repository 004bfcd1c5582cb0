"""What a person sees: the desk in Chinese and English, help, a client profile
and the sync conflict review.

Fixed terminal size, fixed clock (conftest), seeded demo data, animations
off. Look at a changed snapshot before accepting it.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from textual.pilot import Pilot

from store import i18n
from store.client_list import ClientQuery, client_window
from store.config import load_config
from store.db import Store
from store.hlc import pack
from store.models import Conflict, Device, Manager
from store.paths import config_path
from tests.tui.conftest import TERMINAL, settle
from tui.app import make_app
from tui.themes import load_themes

SnapCompare = Callable[..., bool]


def _desk(store: Store, language: i18n.Language):
    i18n.set_language(language)
    return make_app(store, load_config(config_path()), load_themes())


def _after_keys(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """A `run_before` that lets the desk load, presses `keys`, and lets it settle."""

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("language", ["zh", "en"])
def test_desk(snap_compare: SnapCompare, demo_store: Store, language: i18n.Language) -> None:
    assert snap_compare(_desk(demo_store, language), terminal_size=TERMINAL,
                        run_before=_after_keys("j", "j"))


def test_desk_search_by_initials(snap_compare: SnapCompare, demo_store: Store) -> None:
    assert snap_compare(_desk(demo_store, "zh"), terminal_size=TERMINAL,
                        run_before=_after_keys("slash", "z", "j"))


def test_help(snap_compare: SnapCompare, demo_store: Store) -> None:
    assert snap_compare(_desk(demo_store, "zh"), terminal_size=TERMINAL,
                        run_before=_after_keys("question_mark"))


@pytest.mark.parametrize("language", ["zh", "en"])
def test_client_detail(
    snap_compare: SnapCompare, demo_store: Store, language: i18n.Language
) -> None:
    assert snap_compare(_desk(demo_store, language), terminal_size=TERMINAL,
                        run_before=_after_keys("j", "enter"))


def test_desk_light_theme_narrow(snap_compare: SnapCompare, demo_store: Store) -> None:
    app = _desk(demo_store, "en")
    app.theme = "clientdesk-light"
    assert snap_compare(app, terminal_size=(90, 30), run_before=_after_keys())


def _version(at: datetime, device: str) -> str:
    return f"{pack(int(at.timestamp() * 1000), 0):016x}:{device}"


def _add_conflicts(store: Store) -> None:
    """Two laptops edited the biggest clients at once: a phone, a tier, a deleted record."""
    with store.read_session() as session:
        first, second = client_window(session, ClientQuery(), 0, 2, "Asia/Shanghai")
        managers = dict(session.execute(
            select(Manager.employee_no, Manager.id)
            .where(Manager.employee_no.in_(["RH3001", "RH2002"]))
        ).all())
    ours, theirs = "0190aaaa-0000-7000-8000-00000000aaaa", "0190bbbb-0000-7000-8000-00000000bbbb"
    early = datetime(2026, 11, 27, 1, 5, tzinfo=UTC)
    late = datetime(2026, 11, 27, 6, 42, tzinfo=UTC)
    rows = [
        ("a", first.id, "phone", "edit", "13800138000", late, ours, "13912345678", early, theirs),
        ("b", first.id, "tier", "edit", "platinum", late, theirs, "gold", early, ours),
        ("c", second.id, "address", "deleted", None, late, theirs,
         "北京市朝阳区建国路 88 号 SOHO 现代城 3 号楼 1201 室", early, ours),
    ]
    with store.session() as session:
        session.add_all([Device(id=ours, manager_id=managers["RH3001"], label="laptop-a"),
                         Device(id=theirs, manager_id=managers["RH2002"], label="laptop-b")])
        for suffix, row_id, field, reason, kept, kept_at, kept_by, lost, lost_at, lost_by in rows:
            session.add(Conflict(
                id=f"00000000-0000-7000-8000-00000000000{suffix}", table_name="client",
                row_id=row_id, field=field, reason=reason,
                winner_value=json.dumps(kept, ensure_ascii=False),
                winner_version=_version(kept_at, kept_by),
                loser_value=json.dumps(lost, ensure_ascii=False),
                loser_version=_version(lost_at, lost_by),
                detected_at=datetime(2026, 11, 27, 7, 0, tzinfo=UTC),
            ))


def test_conflicts(snap_compare: SnapCompare, demo_store: Store) -> None:
    _add_conflicts(demo_store)
    assert snap_compare(_desk(demo_store, "zh"), terminal_size=TERMINAL,
                        run_before=_after_keys("ctrl+k"))
