"""What a person sees: the desk in Chinese and English, help, and a client profile.

Fixed terminal size, fixed clock (conftest), seeded demo data, animations
off. Look at a changed snapshot before accepting it.
"""

from __future__ import annotations

from collections.abc import Callable

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


@pytest.mark.parametrize("language", ["zh", "en"])
def test_desk(snap_compare: SnapCompare, demo_store: Store, language: i18n.Language) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("j", "j")
        await settle(pilot)

    assert snap_compare(_desk(demo_store, language), terminal_size=TERMINAL,
                        run_before=run_before)


def test_desk_search_by_initials(snap_compare: SnapCompare, demo_store: Store) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("slash", "z", "j")
        await settle(pilot)

    assert snap_compare(_desk(demo_store, "zh"), terminal_size=TERMINAL, run_before=run_before)


def test_help(snap_compare: SnapCompare, demo_store: Store) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(_desk(demo_store, "zh"), terminal_size=TERMINAL, run_before=run_before)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_client_detail(
    snap_compare: SnapCompare, demo_store: Store, language: i18n.Language
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)

    assert snap_compare(_desk(demo_store, language), terminal_size=TERMINAL,
                        run_before=run_before)


def test_desk_light_theme_narrow(snap_compare: SnapCompare, demo_store: Store) -> None:
    app = _desk(demo_store, "en")
    app.theme = "clientdesk-light"

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)

    assert snap_compare(app, terminal_size=(90, 30), run_before=run_before)
