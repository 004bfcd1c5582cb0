"""Sync from the desk without a server: the status line, the sync key, conflict review.

Conflicts are written straight into a store, as a pull would leave them;
the sync itself is faked where a test needs one running (tests/pg has the
real thing). Workers are waited for, never slept on.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, ProgressBar, Static

from store.config import Config, load_config
from store.db import Store
from store.errors import SyncError
from store.hlc import pack
from store.i18n import t
from store.models import Client, Conflict, OutboxChange
from store.paths import config_path
from store.sync import local
from store.sync.run import SyncProgress, SyncReport
from tests.tui.conftest import TERMINAL, settle
from tui.app import ClientDeskApp, make_app
from tui.screens.conflicts import ConflictsScreen, ValuePrompt
from tui.screens.help import HelpScreen
from tui.themes import load_themes
from tui.widgets.status_bar import StatusBar, SyncMeter

KEPT_PHONE = "13800138000"
LOST_PHONE = "13912345678"
DEVICE_KEPT = "0190aaaa-0000-7000-8000-00000000aaaa"
DEVICE_LOST = "0190bbbb-0000-7000-8000-00000000bbbb"
# 2026-11-27 10:15 and 10:20 in Shanghai, as hybrid clock stamps.
KEPT_AT = datetime(2026, 11, 27, 2, 20, tzinfo=UTC)
LOST_AT = datetime(2026, 11, 27, 2, 15, tzinfo=UTC)


def version(at: datetime, device: str) -> str:
    return f"{pack(int(at.timestamp() * 1000), 0):016x}:{device}"


def add_client_with_conflict(store: Store, name: str = "张伟") -> tuple[str, str]:
    """A client whose phone lost an edit on another laptop: (client id, conflict id)."""
    with store.session() as session:
        client = Client(name=name, phone=KEPT_PHONE)
        session.add(client)
        session.flush()
        conflict = Conflict(
            table_name="client", row_id=client.id, field="phone", reason="edit",
            winner_value=json.dumps(KEPT_PHONE), winner_version=version(KEPT_AT, DEVICE_KEPT),
            loser_value=json.dumps(LOST_PHONE), loser_version=version(LOST_AT, DEVICE_LOST),
            detected_at=datetime(2026, 11, 27, 3, 0, tzinfo=UTC),
        )
        session.add(conflict)
        session.flush()
        return client.id, conflict.id


def phone_of(store: Store, client_id: str) -> str | None:
    with store.read_session() as session:
        return session.get(Client, client_id).phone  # type: ignore[union-attr]


def is_resolved(store: Store, conflict_id: str) -> bool:
    with store.read_session() as session:
        return session.get(Conflict, conflict_id).resolved  # type: ignore[union-attr]


def client_changes(store: Store, client_id: str) -> list[dict[str, object]]:
    """The fields of every queued change to one client, oldest first."""
    with store.read_session() as session:
        rows = session.scalars(
            select(OutboxChange.fields).where(OutboxChange.table_name == "client",
                                              OutboxChange.row_id == client_id)
            .order_by(OutboxChange.seq)
        ).all()
    return [json.loads(fields) for fields in rows]


def pending(store: Store) -> int:
    """Changes waiting to sync as the status line counts them (audit entries ride along)."""
    with store.engine.connect() as conn:
        return local.pending_count(conn, bookkeeping=False)


def config(**changes: object) -> Config:
    return replace(load_config(config_path()), **changes)  # type: ignore[arg-type]


def desk_app(store: Store, **changes: object) -> ClientDeskApp:
    return make_app(store, config(**changes), load_themes())


def status_line(app: ClientDeskApp) -> str:
    return app.desk.query_one(StatusBar).text


def notices(app: ClientDeskApp) -> list[str]:
    return [n.message for n in app._notifications]


@pytest.fixture
def conflicted(store: Store) -> Iterator[tuple[Store, str, str]]:
    client_id, conflict_id = add_client_with_conflict(store)
    yield store, client_id, conflict_id


# --- status line -----------------------------------------------------------------


async def test_status_line_shows_pending_changes_and_never_synced(store: Store) -> None:
    with store.session() as session:
        session.add_all([Client(name="李娜"), Client(name="王芳")])
    waiting = pending(store)
    assert waiting == 2
    app = desk_app(store)
    async with app.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        line = status_line(app)
        assert "| 2 to sync |" in line
        assert "never synced" in line
        assert "conflicts" not in line


async def test_status_line_shows_last_sync_in_the_configured_zone_and_conflicts(
    conflicted: tuple[Store, str, str],
) -> None:
    store, _, _ = conflicted
    with store.write() as conn:
        local.write_meta(conn, local.LAST_SYNC_KEY, "2026-11-28T06:30:00+00:00")
    for zone, shown in (("Asia/Shanghai", "2026-11-28 14:30"),
                        ("Europe/London", "2026-11-28 06:30")):
        app = desk_app(store, timezone=zone)
        async with app.run_test(size=TERMINAL) as pilot:
            await settle(pilot)
            line = status_line(app)
            assert f"last sync {shown}" in line
            assert "conflicts to review: 1" in line
            assert f"| {pending(store)} to sync |" in line


async def test_status_line_is_chinese_in_chinese(store: Store) -> None:
    from store import i18n

    i18n.set_language("zh")
    app = desk_app(store)
    async with app.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        assert "待同步 0 条" in status_line(app)
        assert "从未同步" in status_line(app)


# --- sync key --------------------------------------------------------------------


@pytest.mark.parametrize("key", ["ctrl+s", "f5"])
async def test_sync_without_a_url_only_says_so(store: Store, key: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr("store.sync.run.sync", lambda *a, **k: calls.append("sync"))
    app = desk_app(store)
    assert app.config.sync_url is None
    async with app.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert t("sync.no_url") in notices(app)
        assert not app.desk.query_one(SyncMeter).has_class("-active")
        assert not any(w.group == "sync" for w in app.workers)
    assert calls == []


async def test_sync_shows_progress_runs_once_and_reports(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sync blocked half-way: the meter shows it, a second press does not start another."""
    reported, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def fake_sync(_store: Store, url: str, *, progress) -> SyncReport:  # type: ignore[no-untyped-def]
        calls.append(url)
        progress(SyncProgress("push", 5, 10))
        reported.set()
        assert release.wait(10)
        return SyncReport(pushed=10, pulled=0, new_conflicts=0, unresolved=0,
                          finished_at=datetime(2026, 11, 28, 1, 0, tzinfo=UTC))

    monkeypatch.setattr("store.sync.run.sync", fake_sync)
    app = desk_app(store, sync_url="postgresql://rm@bank/desk")
    async with app.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        assert await asyncio.get_running_loop().run_in_executor(None, reported.wait, 10)
        await pilot.pause()
        await pilot.pause()
        meter = app.desk.query_one(SyncMeter)
        assert meter.has_class("-active") and meter.display
        assert "Pushing 5/10" in str(meter.query_one("#sync-stage", Static).content)
        bar = meter.query_one(ProgressBar)
        assert (bar.progress, bar.total) == (5, 10)
        await pilot.press("f5")
        assert t("sync.running") in notices(app)
        release.set()
        await settle(pilot)
        assert calls == ["postgresql://rm@bank/desk"]
        assert not meter.has_class("-active")
        assert t("sync.done", pushed=10, pulled=0, unresolved=0) in notices(app)


async def test_a_refused_sync_is_an_error_notice(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = SyncError("sync.unreachable", url="rm@bank/desk", detail="connection refused")

    def fake_sync(*_args: object, **_kwargs: object) -> SyncReport:
        raise error

    monkeypatch.setattr("store.sync.run.sync", fake_sync)
    app = desk_app(store, sync_url="postgresql://rm@bank/desk")
    async with app.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        failed = [n for n in app._notifications if n.message == error.message()]
        assert failed and failed[0].severity == "error"
        assert not app.desk.query_one(SyncMeter).has_class("-active")
        assert not app.syncing


# --- conflict review ---------------------------------------------------------------


async def open_conflicts(pilot: Pilot[None], key: str = "ctrl+k") -> ConflictsScreen:
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ConflictsScreen)
    return screen


def table_text(screen: ConflictsScreen) -> list[str]:
    table = screen.query_one(DataTable)
    return [" ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


async def test_the_conflict_screen_lists_who_changed_what(
    conflicted: tuple[Store, str, str],
) -> None:
    store, _, _ = conflicted
    app = desk_app(store)
    async with app.run_test(size=TERMINAL) as pilot:
        screen = await open_conflicts(pilot, "f6")
        [row] = table_text(screen)
        assert "张伟" in row and "Mobile number" in row
        assert KEPT_PHONE in row and LOST_PHONE in row
        assert "2026-11-27 10:20" in row and "2026-11-27 10:15" in row
        assert "device …0000aaaa" in row and "device …0000bbbb" in row
        assert t("sync.reason.edit") in row
        footer_keys = {b.binding.description for b in screen.active_bindings.values()}
        assert {"Keep current", "Take lost value", "Type a value", "Back"} <= footer_keys
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ConflictsScreen)


async def test_keep_closes_the_conflict_and_changes_nothing_else(
    conflicted: tuple[Store, str, str],
) -> None:
    store, client_id, conflict_id = conflicted
    before = client_changes(store, client_id)
    app = desk_app(store)
    async with app.run_test(size=TERMINAL) as pilot:
        screen = await open_conflicts(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert is_resolved(store, conflict_id)
        assert phone_of(store, client_id) == KEPT_PHONE
        assert client_changes(store, client_id) == before
        assert table_text(screen) == []
        assert screen.query_one("#conflicts-empty").display
        assert "conflicts to review" not in status_line(app)


async def test_take_the_lost_value(conflicted: tuple[Store, str, str]) -> None:
    store, client_id, conflict_id = conflicted
    before = client_changes(store, client_id)
    app = desk_app(store)
    async with app.run_test(size=TERMINAL) as pilot:
        await open_conflicts(pilot)
        waiting = pending(store)
        await pilot.press("t")
        await settle(pilot)
        assert phone_of(store, client_id) == LOST_PHONE
        assert is_resolved(store, conflict_id)
        assert client_changes(store, client_id) == [*before, {"phone": LOST_PHONE}]
        # The field change waits for the next sync (the closed conflict rides
        # along uncounted: the manager made one change).
        assert pending(store) == waiting + 1
        assert f"| {waiting + 1} to sync |" in status_line(app)
        assert "conflicts to review" not in status_line(app)


async def test_a_typed_value_is_checked_and_the_prompt_stays_open(
    conflicted: tuple[Store, str, str],
) -> None:
    store, client_id, conflict_id = conflicted
    app = desk_app(store)
    async with app.run_test(size=TERMINAL) as pilot:
        await open_conflicts(pilot)
        waiting = pending(store)
        await pilot.press("e")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, ValuePrompt)
        field = prompt.query_one(Input)
        assert field.value == KEPT_PHONE
        await pilot.press("ctrl+a", "ctrl+k", "1", "2", "3", "enter")
        await settle(pilot)
        assert app.screen is prompt
        error = prompt.query_one("#value-error", Static)
        assert error.display
        assert "Mobile number" in str(error.content)
        assert field.value == "123"
        assert not is_resolved(store, conflict_id)
        assert phone_of(store, client_id) == KEPT_PHONE
        assert pending(store) == waiting

        await pilot.press("ctrl+a", "ctrl+k", *"+86 139-0013-9000", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConflictsScreen)
        assert phone_of(store, client_id) == "13900139000"
        assert is_resolved(store, conflict_id)
        assert table_text(app.screen) == []
        assert f"| {waiting + 1} to sync |" in status_line(app)


async def test_escape_leaves_the_prompt_without_writing(
    conflicted: tuple[Store, str, str],
) -> None:
    store, client_id, conflict_id = conflicted
    app = desk_app(store)
    async with app.run_test(size=TERMINAL) as pilot:
        screen = await open_conflicts(pilot)
        await pilot.press("e", "escape")
        await settle(pilot)
        assert app.screen is screen
        assert not is_resolved(store, conflict_id)
        assert phone_of(store, client_id) == KEPT_PHONE
        assert len(table_text(screen)) == 1


async def test_no_conflicts_is_said_plainly(store: Store) -> None:
    app = desk_app(store)
    async with app.run_test(size=TERMINAL) as pilot:
        screen = await open_conflicts(pilot)
        empty = screen.query_one("#conflicts-empty", Static)
        assert empty.display and str(empty.content) == t("conflicts.empty")
        assert not screen.query_one(DataTable).display
        # Hidden from the footer, and pressing them does nothing.
        assert not any(screen.check_action(action, ()) for action in ("keep", "theirs", "other"))
        await pilot.press("c", "t", "e")
        await settle(pilot)
        assert app.screen is screen


async def test_help_lists_the_sync_keys(store: Store) -> None:
    app = desk_app(store)
    async with app.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {description: keys for _, section in app.screen.sections
                for keys, description in section}
        assert {"Sync", "Conflicts", "Keep current", "Take lost value", "Type a value"} <= set(rows)
        assert "f5" in rows["Sync"] and "f6" in rows["Conflicts"]
