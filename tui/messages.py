"""Messages that carry results from database workers back to the UI thread."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from store.calendar import AgendaRow, MonthMarks
from store.client_detail import ClientDetail
from store.client_list import ClientQuery, ClientRow
from store.desk import DeskContext
from store.visit_log import InteractionRow

if TYPE_CHECKING:
    # Imported lazily by the workers that make these: store.sync.run loads psycopg.
    from store.sync.conflicts import ConflictView
    from store.sync.run import SyncProgress, SyncReport
    from store.sync.status import SyncStatus


@dataclass
class ContextLoaded(Message):
    context: DeskContext


@dataclass
class ClientsLoaded(Message):
    """A window of the client list.

    `total` is set when the message answers a new query (the list starts
    over); a further page of the same query carries None.
    """

    query: ClientQuery
    total: int | None
    offset: int
    rows: list[ClientRow]


@dataclass
class VisitLogLoaded(Message):
    client_id: str
    client_name: str
    rows: list[InteractionRow]


@dataclass
class MonthLoaded(Message):
    marks: MonthMarks


@dataclass
class AgendaLoaded(Message):
    rows: list[AgendaRow]


@dataclass
class DetailLoaded(Message):
    detail: ClientDetail


@dataclass
class OpenClient(Message):
    """Someone asked to see a client's detail (from the list or a relation)."""

    client_id: str


# --- sync ---------------------------------------------------------------------


@dataclass
class SyncStatusLoaded(Message):
    """The status line's sync facts; `request` orders answers (a late one is dropped)."""

    request: int
    status: SyncStatus


class SyncProgressed(Message):
    """A running sync moved on; only the newest waiting one is worth drawing."""

    def __init__(self, progress: SyncProgress) -> None:
        super().__init__()
        self.progress = progress

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, SyncProgressed)


@dataclass
class SyncFinished(Message):
    report: SyncReport


@dataclass
class SyncFailed(Message):
    """The sync was refused or the server unreachable; `text` says why, translated."""

    text: str


@dataclass
class ConflictsLoaded(Message):
    request: int
    conflicts: list[ConflictView]


@dataclass
class ConflictResolved(Message):
    """A conflict was closed; bubbles to the app, which refreshes the status line."""

    conflict_id: str


@dataclass
class ValueRejected(Message):
    """A typed value did not fit its field; nothing was written."""

    conflict_id: str
    text: str
