"""Messages that carry results from database workers back to the UI thread."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from store.calendar import AgendaRow, MonthMarks
from store.client_detail import ClientDetail
from store.client_edit import ManagerChoice
from store.client_list import ClientQuery, ClientRow, FilterChoices
from store.desk import DeskContext
from store.i18n import t
from store.saved_filters import SavedFilterRow
from store.schedule import EventRow
from store.segments import BookPicture
from store.visit_log import InteractionRow

if TYPE_CHECKING:
    from textual.widget import Widget

    # Imported lazily by the workers that make these: store.sync.run loads psycopg.
    from store.importing import ImportReport
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
    over); a further page of the same query carries None. A full first
    page has `exact` false: `total` is then a lower bound, and
    `ClientsCounted` follows with the number.
    """

    query: ClientQuery
    total: int | None
    offset: int
    rows: list[ClientRow]
    exact: bool = True


@dataclass
class ClientsCounted(Message):
    """The exact number of clients matching `query`, after a quick first page."""

    query: ClientQuery
    total: int


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
class RemindersRinging(Message):
    """Planned entries whose reminder lead has come (`store.schedule.ringing_entries`)."""

    rows: list[EventRow]


@dataclass
class DetailLoaded(Message):
    detail: ClientDetail


@dataclass
class OpenClient(Message):
    """Someone asked to see a client's detail (from the list or a relation)."""

    client_id: str


@dataclass
class ShowClients(Message):
    """Show the desk's client list for `query` (e.g. a segment opened as a list)."""

    query: ClientQuery


@dataclass
class ClientFilterChanged(Message):
    """The filter screen changed the list's query; the desk lists it, the screen stays."""

    query: ClientQuery


@dataclass
class FilterChoicesLoaded(Message):
    """What the filter screen offers (managers, tags) and the manager's saved filters.

    Bubbles on to the app, which keeps the managers' names for the filter line.
    """

    choices: FilterChoices
    saved: list[SavedFilterRow]


@dataclass
class SavedFiltersChanged(Message):
    """A saved filter was saved or deleted (`notice` says which), or refused (`error`)."""

    saved: list[SavedFilterRow]
    notice: str
    error: bool = False


@dataclass
class SegmentsLoaded(Message):
    """The book's segments and 80/20 curves; `request` orders answers (a late one is dropped)."""

    request: int
    picture: BookPicture


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


# --- client profile and form (store.client_edit) -------------------------------


@dataclass
class DetailRefreshed(Message):
    """A profile on screen was read again (after an edit, an override, a restore)."""

    detail: ClientDetail


@dataclass
class ClientSaved(Message):
    """A client was created or changed; the desk reloads its list and shows `notice`."""

    client_id: str
    name: str
    created: bool
    notice: str


@dataclass
class SaveRejected(Message):
    """A save was refused (a duplicate ID number …); `field` is the form field, if known."""

    field: str | None
    text: str


@dataclass
class ArchiveRequested(Message):
    """The manager confirmed archiving a client; the app archives it in a worker."""

    client_id: str
    name: str


@dataclass
class RestoreRequested(Message):
    """The manager asked to bring an archived client back."""

    client_id: str
    name: str


@dataclass
class ClientArchived(Message):
    client_id: str
    name: str


@dataclass
class ClientRestored(Message):
    """An archive was undone; `status` is the status the client has again."""

    client_id: str
    name: str
    status: str


# --- relations, key contacts and the owner (store.client_relations) -------------


@dataclass
class OwnerChoicesLoaded(Message):
    """The managers the client form offers as owner (`store.client_edit.owner_choices`)."""

    choices: list[ManagerChoice]


@dataclass
class RelationCandidatesLoaded(Message):
    """Clients matching what was typed in the relation picker; `query` says what that was."""

    query: ClientQuery
    rows: list[ClientRow]


@dataclass
class RelationSaved(Message):
    """A relation was added to the client `client_id`; `notice` says which."""

    client_id: str
    notice: str


@dataclass
class ContactSaved(Message):
    """A key contact of the client `client_id` was added or changed; `notice` says which."""

    client_id: str
    notice: str


# --- import and export of clients (store.importing, store.exporting) ------------


class ImportProgressed(Message):
    """An import or check moved on; only the newest waiting one is worth drawing."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ImportProgressed)


@dataclass
class ImportChecked(Message):
    """A file was checked (`report.dry_run`) or imported; `path` is what was typed."""

    path: str
    report: ImportReport


@dataclass
class ImportRefused(Message):
    """The file cannot be imported: `summary` says why, `problems` lists bad rows."""

    path: str
    summary: str
    problems: list[str]
    total_problems: int


@dataclass
class ExportFinished(Message):
    text: str


@dataclass
class ExportRefused(Message):
    text: str


@dataclass
class InteractionSaved(Message):
    """A contact was logged or corrected (tui/screens/interaction_form.py)."""

    client_id: str
    interaction_id: str
    notice: str


@dataclass
class InteractionWithdrawn(Message):
    """A visit-log entry was withdrawn (a tombstone)."""

    client_id: str
    interaction_id: str


@dataclass
class TasksChanged(Message):
    """A task was added, closed, reopened or snoozed; the app reloads screens that show tasks."""


def report_worker_failure(node: Widget, error: BaseException | None, *, saving: bool) -> None:
    """Tell the manager a worker failed (e.g. "database is locked"), in their language.

    A screen's worker reports to the screen (Worker.StateChanged does not
    bubble to the app), so a screen that must not look stuck calls this
    from its own handler: a read says so, a write says nothing was saved.
    """
    title = t("client_edit.save_failed") if saving else t("notice.worker_failed")
    node.notify(f"{error}", title=title, severity="error", timeout=15)
