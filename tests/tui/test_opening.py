"""The desk's first reads, started before Textual is imported (`tui.opening`)."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor

from store.client_list import PAGE_SIZE, ClientPage, ClientQuery, first_page
from store.config import load_config
from store.db import Store
from store.desk import desk_context
from store.paths import config_path
from tests.tui.conftest import TERMINAL, settle
from tui.app import make_app
from tui.opening import Opening, start_opening
from tui.themes import load_themes
from tui.widgets.client_list import ClientList


def _done(value: object) -> Future:
    future: Future = Future()
    future.set_result(value)
    return future


def test_the_early_reads_are_the_desks_own(demo_store: Store) -> None:
    config = load_config(config_path())
    with ThreadPoolExecutor(max_workers=2) as pool:
        opening = start_opening(demo_store, config, pool)
        page, context = opening.take_page(ClientQuery()), opening.take_context()
    with demo_store.read_session() as session:
        assert page == first_page(session, ClientQuery(), PAGE_SIZE, config.timezone,
                                  cadence=config.cadence)
        assert context == desk_context(session)
    assert page is not None and len(page.rows) == min(PAGE_SIZE, page.total) > 0


def test_each_read_is_handed_out_once_and_only_to_its_query() -> None:
    page = ClientPage(total=0, exact=True, rows=[])
    opening = Opening(page=_done(page))
    assert opening.take_page(ClientQuery(search="wang")) is None
    assert opening.take_page(ClientQuery()) is None  # the first load took it (unused)
    opening = Opening(page=_done(page))
    assert opening.take_page(ClientQuery()) == page
    assert opening.take_page(ClientQuery()) is None
    assert Opening().take_context() is None


def test_a_failed_read_is_left_to_the_desk() -> None:
    failed: Future = Future()
    failed.set_exception(OSError("disk I/O error"))
    assert Opening(page=failed).take_page(ClientQuery()) is None


async def test_the_desk_shows_the_early_page(demo_store: Store) -> None:
    """Rows read early are the ones shown: here a page the store would not give."""
    config = load_config(config_path())
    with demo_store.read_session() as session:
        book = first_page(session, ClientQuery(), PAGE_SIZE, config.timezone,
                          cadence=config.cadence).rows
    early = ClientPage(total=2, exact=True, rows=[book[5], book[2]])
    desk = make_app(demo_store, config, load_themes(), Opening(page=_done(early)))
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        client_list = desk.query_one(ClientList)
        assert client_list.total == 2
        assert client_list.highlighted == book[5]


def test_the_opening_is_importable_before_textual() -> None:
    """The command line imports it first so the reads overlap Textual's import."""
    code = "import sys, tui.opening; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
