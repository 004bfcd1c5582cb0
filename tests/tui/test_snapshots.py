"""What a person sees: the desk in Chinese and English, help, and a client profile.

Fixed terminal size, fixed clock (conftest), seeded demo data, animations
off. Look at a changed snapshot before accepting it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from store import i18n
from store.config import load_config
from store.db import Store
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
