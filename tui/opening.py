"""The desk's first reads, started before the screen is built.

Importing Textual and the screens takes a third of a second or more; the
desk's first page of clients and its header need nothing from them. The
command line starts these reads in threads first (SQLite works outside the
GIL), so the rows are ready about when the screen is, instead of starting
only when it mounts and then competing with its first layout.

This module must not import Textual: it is imported before it.
"""

from __future__ import annotations

from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from typing import TypeVar

from store.client_list import PAGE_SIZE, ClientPage, ClientQuery, first_page
from store.config import Config
from store.db import Store
from store.desk import DeskContext, desk_context

T = TypeVar("T")


@dataclass
class Opening:
    """Reads started early; each is handed out once, to the desk's first load."""

    context: Future[DeskContext] | None = None
    page: Future[ClientPage] | None = None
    #: The query `page` answers: the desk's starting one.
    query: ClientQuery = field(default_factory=ClientQuery)

    def take_context(self) -> DeskContext | None:
        """The early header, or None to read it now (taken, failed or never started)."""
        future, self.context = self.context, None
        return _result(future)

    def take_page(self, query: ClientQuery) -> ClientPage | None:
        """The early first page if it answers `query`, else None (read it now).

        Only the desk's first load may take it, matching or not: by any
        later one the clients may have changed.
        """
        future, self.page = self.page, None
        return _result(future) if query == self.query else None


def start_opening(store: Store, config: Config, pool: Executor) -> Opening:
    """Start the desk's header and first page of clients on `pool`."""

    def read_context() -> DeskContext:
        with store.read_session() as session:
            return desk_context(session)

    opening = Opening()

    def read_page() -> ClientPage:
        with store.read_session() as session:
            return first_page(session, opening.query, PAGE_SIZE, config.timezone,
                              cadence=config.cadence)

    opening.context, opening.page = pool.submit(read_context), pool.submit(read_page)
    return opening


def _result(future: Future[T] | None) -> T | None:
    """A read's answer; a read that failed is simply done again by the desk,
    which reports the error as it reports any other."""
    if future is None:
        return None
    try:
        return future.result()
    except Exception:
        return None
