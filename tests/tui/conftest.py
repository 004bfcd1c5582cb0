"""The desk on a small seeded demo branch, for Pilot and snapshot tests."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from textual.app import App
from textual.pilot import Pilot

from store.config import load_config
from store.db import Store
from store.demo import fill_demo
from store.paths import config_path
from tui.app import ClientDeskApp, make_app
from tui.themes import load_themes

DEMO_CLIENTS = 80
DEMO_SEED = 7
TERMINAL = (120, 40)


@pytest.fixture
def demo_store(store: Store) -> Iterator[Store]:
    fill_demo(store, clients=DEMO_CLIENTS, seed=DEMO_SEED)
    yield store


@pytest.fixture
def desk(demo_store: Store) -> ClientDeskApp:
    """The app as `clientdesk` builds it, on the demo store (English)."""
    return make_app(demo_store, load_config(config_path()), load_themes())


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker, and every worker their results start, has finished.

    Waits on each worker itself rather than `wait_for_complete()`, which
    raises when an exclusive worker is replaced (cancelled) mid-wait.
    """
    app = pilot.app
    for _ in range(10):
        await pilot.pause()
        running = [w for w in app.workers if not w.is_finished]
        if not running:
            break
        await asyncio.gather(*(w.wait() for w in running), return_exceptions=True)
    _steady_cursors(app)
    await pilot.pause()


def _steady_cursors(app: App[None]) -> None:
    """Text cursors stop blinking, so a snapshot never depends on when it is taken.

    A blinking cursor is drawn or not by a timer: under load (a busy CI
    machine) the same screen was caught in both states.
    """
    for widget in app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]
