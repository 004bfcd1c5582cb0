"""The sync key against a real shared PostgreSQL, driven with Pilot.

The laptop is the app's store; a second laptop is a plain store synced
with `store.sync.run.sync`, to make a conflict the app then pulls.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest
from textual.message import Message

from store.config import load_config
from store.db import Store, open_store
from store.demo import fill_demo
from store.i18n import t
from store.models import Client
from store.paths import config_path
from store.sync.run import SyncReport, sync
from tests.tui.conftest import TERMINAL, settle
from tests.tui.test_sync_ui import notices, status_line
from tui.app import ClientDeskApp, make_app
from tui.messages import SyncFinished
from tui.screens.conflicts import ConflictsScreen
from tui.themes import load_themes

pytestmark = pytest.mark.postgres


@pytest.fixture
def other_laptop(tmp_path: Path) -> Iterator[Store]:
    other = open_store(tmp_path / "other.db")
    yield other
    other.close()


def desk(store: Store, url: str) -> ClientDeskApp:
    return make_app(store, replace(load_config(config_path()), sync_url=url), load_themes())


def server_client_ids(url: str) -> set[str]:
    with psycopg.connect(url) as pg:
        return {row[0] for row in pg.execute("SELECT id FROM client WHERE NOT deleted")}


def local_client_ids(store: Store) -> set[str]:
    with store.read_session() as session:
        return set(session.scalars(Client.__table__.select().with_only_columns(Client.id)))


async def test_the_sync_key_pushes_everything_and_says_when(store: Store, server: str) -> None:
    fill_demo(store, clients=12, seed=3)
    app = desk(store, server)
    async with app.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        assert "never synced" in status_line(app)
        assert "| 0 to sync |" not in status_line(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        line = status_line(app)
        # The fixed clock (tests/conftest.py) is 2026-11-28 09:00 in Shanghai.
        assert "| 0 to sync |" in line
        assert "last sync 2026-11-28 09:00" in line
        assert not any(n.severity == "error" for n in app._notifications)
        assert any(message.startswith("Synced: ") for message in notices(app))
    assert server_client_ids(server) == local_client_ids(store) != set()


async def test_a_conflict_pulled_by_the_sync_key_can_be_reviewed(
    store: Store, other_laptop: Store, server: str
) -> None:
    with store.session() as session:
        client = Client(name="赵春秀", phone="13800138000")
        session.add(client)
    sync(store, server)
    sync(other_laptop, server)
    with other_laptop.session() as session:
        session.get(Client, client.id).phone = "13911112222"  # type: ignore[union-attr]
    sync(other_laptop, server)
    with store.session() as session:  # made offline, before hearing of the other edit
        session.get(Client, client.id).phone = "13733334444"  # type: ignore[union-attr]

    app = desk(store, server)
    finished: list[SyncReport] = []

    def record(message: Message) -> None:
        if isinstance(message, SyncFinished):
            finished.append(message.report)

    async with app.run_test(size=TERMINAL, message_hook=record) as pilot:
        await settle(pilot)
        assert "| 1 to sync |" in status_line(app)
        await pilot.press("f5")
        await settle(pilot)
        [report] = finished
        assert (report.pushed, report.new_conflicts, report.unresolved) == (1, 1, 1)
        assert t("sync.done", pushed=1, pulled=report.pulled, unresolved=1) in notices(app)
        assert "conflicts to review: 1" in status_line(app)
        assert "| 0 to sync |" in status_line(app)
        await pilot.press("ctrl+k")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConflictsScreen)
        [conflict] = screen.conflicts
        assert (conflict.record, conflict.field) == ("赵春秀", "phone")
        assert {conflict.kept_value, conflict.lost_value} == {"13911112222", "13733334444"}
        await pilot.press("t")
        await settle(pilot)
        assert screen.conflicts == []
        assert "conflicts to review" not in status_line(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "| 0 to sync |" in status_line(app)
    sync(other_laptop, server)
    with other_laptop.read_session() as session:
        assert session.get(Client, client.id).phone == conflict.lost_value  # type: ignore[union-attr]
