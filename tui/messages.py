"""Messages that carry results from database workers back to the UI thread."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from store.calendar import AgendaRow, MonthMarks
from store.client_detail import ClientDetail
from store.client_list import ClientQuery, ClientRow
from store.desk import DeskContext
from store.visit_log import InteractionRow


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
