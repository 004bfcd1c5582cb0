"""The desk: client list, calendar and visit log in one keyboard-driven screen.

Threading model (harlequin's): every database call runs in a thread worker
that opens its own session, builds plain rows and posts a message; message
handlers on the UI thread update widgets. Widgets never see a session.
Results carry what they answer (a query, a client id, a month), so a late
answer to an old question is dropped instead of overwriting a newer one.

Sync (ctrl+s) runs in one thread worker at a time; its progress comes back
as coalescing messages to a meter above the status line, which always
shows pending changes, the last sync and conflicts to review (ctrl+k).
Results may arrive while another screen is on top, so handlers reach the
desk's widgets through `self.desk`, never the current screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, Input
from textual.worker import Worker, WorkerState, get_current_worker

from store import clock
from store.calendar import agenda, month_marks
from store.client_detail import client_detail
from store.client_edit import archive_client, restore_client
from store.client_list import PAGE_SIZE, ClientQuery, client_window, count_clients, first_page
from store.config import Config, save_setting
from store.db import Store
from store.desk import DeskContext, desk_context
from store.i18n import t
from store.visit_log import interactions_for_client
from tui.bindings import described_bindings, translate_bindings
from tui.format import local_time
from tui.messages import (
    AgendaLoaded,
    ArchiveRequested,
    ClientArchived,
    ClientFilterChanged,
    ClientRestored,
    ClientSaved,
    ClientsCounted,
    ClientsLoaded,
    ConflictResolved,
    ContextLoaded,
    DetailLoaded,
    FilterChoicesLoaded,
    InteractionSaved,
    InteractionWithdrawn,
    MonthLoaded,
    OpenClient,
    RemindersRinging,
    RestoreRequested,
    ShowClients,
    SyncFailed,
    SyncFinished,
    SyncProgressed,
    SyncStatusLoaded,
    TasksChanged,
    VisitLogLoaded,
)
from tui.opening import Opening
from tui.themes import FALLBACK_THEME, LoadedThemes
from tui.widgets.agenda import Agenda
from tui.widgets.client_list import ClientFilterLine, ClientList, ClientListHeader
from tui.widgets.month_calendar import MonthCalendar
from tui.widgets.status_bar import StatusBar, SyncMeter
from tui.widgets.visit_log import VisitLog

if TYPE_CHECKING:
    from tui.screens.help import HelpSection

AGENDA_DAYS = 14
#: How often the running app looks for calendar reminders that have come due.
REMINDER_CHECK_S = 60
#: How long a reminder stays on screen.
REMINDER_TOAST_S = 30


class SearchBox(Input):
    """`/` opens it; typing filters the list; enter or down returns to the list."""

    BINDINGS = [
        Binding("escape", "clear", "key.clear_search", id="clear-search"),
        Binding("down,enter", "done", "key.to_list", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=t("search.placeholder"), id=id)
        translate_bindings(self)
        # Focusable only while shown: at start-up the hidden box was the first
        # focusable widget, and a key typed as the desk opened searched for it.
        self.can_focus = False

    def show(self, shown: bool) -> None:
        """Show the box (and let it take focus) or hide it."""
        self.can_focus = shown
        self.set_class(shown, "visible")

    def action_clear(self) -> None:
        self.value = ""
        self.show(False)
        self.app.query_one(ClientList).focus()

    def action_done(self) -> None:
        if not self.value:
            self.show(False)
        self.app.query_one(ClientList).focus()


class ClientDeskApp(App[None]):
    """The application; build it with `make_app()` (tui.cli) or in tests."""

    CSS_PATH = [
        str(files("themes") / name)
        for name in ("app.tcss", "sync.tcss", "segments.tcss", "client_form.tcss",
                     "client_filter.tcss", "client_relations.tcss", "visit_log.tcss")
    ]
    TITLE = "clientdesk"
    ENABLE_COMMAND_PALETTE = True

    # The footer shows the day's keys (contacts first); the rest are in `?`
    # help and the palette: twenty keys do not fit on one line of 120 cells.
    BINDINGS = [
        Binding("q", "quit", "key.quit", id="quit"),
        Binding("question_mark", "help", "key.help", id="help"),
        Binding("slash", "search", "key.search", id="search"),
        Binding("d", "my_day", "key.my_day.open", id="my-day"),
        Binding("v", "log_contact('visit')", "key.visit_log.log_visit", id="log-visit"),
        Binding("p", "log_contact('phone')", "key.visit_log.log_phone", id="log-phone",
                show=False),
        Binding("b", "brief", "key.brief.open", id="pre-visit-brief"),
        Binding("s", "schedule", "key.event_form.open", id="schedule-entry"),
        Binding("c", "calendar", "key.calendar_screen.open", id="calendar"),
        Binding("t", "tasks", "key.tasks.open", id="tasks", show=False),
        Binding("w", "due_visits", "key.cadence.due", id="due-visits", show=False),
        # ctrl+s may be taken by terminal flow control (XOFF), ctrl+k by an
        # input's "delete to end": each has a function key as well.
        Binding("ctrl+s,f5", "sync", "key.sync", id="sync"),
        Binding("ctrl+k,f6", "conflicts", "key.conflicts", id="conflicts", show=False),
        Binding("g", "segments", "key.segments", id="segments", show=False),
        Binding("n", "new_client", "key.client_edit.new", id="new-client"),
        Binding("u", "undo_archive", "key.client_edit.undo", id="undo-archive"),
        Binding("i", "import_clients", "key.import_clients", id="import-clients", show=False),
        Binding("x", "export_clients", "key.export_clients", id="export-clients", show=False),
        Binding("X", "export_visits", "key.visit_export.open", id="export-visits", show=False),
        Binding("tab", "focus_next", "key.next_pane", show=False),
        Binding("shift+tab", "focus_previous", "key.prev_pane", show=False),
        Binding("ctrl+p", "command_palette", "key.palette", show=False, priority=True,
                id="command-palette"),
    ]

    def __init__(self, store: Store, config: Config, themes: LoadedThemes,
                 opening: Opening | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.config = config
        self.zone = config.timezone
        self.themes = themes
        self.today: date = clock.today(self.zone)
        self.context: DeskContext | None = None
        self.selected_client: str | None = None
        self.client_query = ClientQuery()
        #: (entry id, ring time) already told, so each reminder shows once.
        self.rung: set[tuple[str, datetime | None]] = set()
        #: Managers' names for the filter line (filled by the filter screen).
        self.manager_names: dict[str, str] = {}
        self.syncing = False
        #: The client archived last (id, name): `u` restores it.
        self.last_archived: tuple[str, str] | None = None
        self._resolved_since_open = False
        self._status_asked = 0
        self._status_shown = 0
        #: The first reads, if the command line started them early.
        self._opening = opening or Opening()
        for theme in themes.themes:
            self.register_theme(theme)
        self.theme = config.theme if config.theme in themes.labels else FALLBACK_THEME
        self.title = t("app.title")

    # --- layout --------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Horizontal(id="top"):
            with Vertical(id="clients-pane") as clients:
                clients.border_title = t("pane.clients")
                yield SearchBox(id="client-search")
                yield ClientFilterLine(id="client-filters")
                yield ClientListHeader(id="client-header")
                yield ClientList(id="client-list")
            with Vertical(id="calendar-pane") as calendar_pane:
                calendar_pane.border_title = t("pane.calendar")
                yield MonthCalendar(self.today, id="month")
                yield Agenda(self.zone, id="agenda")
        with Vertical(id="log-pane") as log_pane:
            log_pane.border_title = t("pane.visit_log")
            yield VisitLog(self.zone, id="visit-log")
        yield SyncMeter(id="sync-meter")
        yield StatusBar(id="status")
        yield Footer(compact=True, show_command_palette=False)  # ^p is in ? help

    def on_mount(self) -> None:
        for problem in (*self.config.problems, *self.themes.problems):
            self.notify(problem, title=t("notice.settings_ignored"), severity="warning",
                        timeout=10)
        if self.config.theme not in self.themes.labels:
            self.notify(t("notice.theme_fallback", theme=self.config.theme),
                        severity="warning", timeout=10)
        self.desk.query_one(ClientList).focus()
        self.load_context()
        self.load_clients(self.client_query)
        self.refresh_sync_status()
        if not clock.is_fixed():
            # A fixed clock (tests, demos) never moves: nothing new could ring.
            self.check_reminders()
            self.set_interval(REMINDER_CHECK_S, self.check_reminders)

    @property
    def desk(self) -> Screen[None]:
        """The desk's screen, under whatever screen is on top of it."""
        return self.screen_stack[0]

    def watch_theme(self, theme: str) -> None:
        """Remember a theme chosen from the palette in the config file."""
        if theme in self.themes.labels and theme != self.config.theme:
            self.config = save_setting(self.config, "ui", "theme", theme)

    # --- workers: database work off the UI thread ----------------------------
    @work(thread=True, exclusive=True, group="context", exit_on_error=False)
    def load_context(self) -> None:
        context = self._opening.take_context()
        if context is None:
            with self.store.read_session() as session:
                context = desk_context(session)
        self.post_message(ContextLoaded(context))

    @work(thread=True, exclusive=True, group="clients", exit_on_error=False)
    def load_clients(self, query: ClientQuery) -> None:
        """The first page at once (with "100+" when there are more), then the
        exact count, unless the next keystroke has already asked for another query."""
        worker = get_current_worker()
        page = self._opening.take_page(query)
        with self.store.read_session() as session:
            if page is None:
                page = first_page(session, query, PAGE_SIZE, self.zone,
                                  cadence=self.config.cadence)
            self.post_message(ClientsLoaded(query, page.total, 0, page.rows, exact=page.exact))
            if page.exact or worker.is_cancelled:
                return
            total = count_clients(session, query, self.zone)
        if not worker.is_cancelled:
            self.post_message(ClientsCounted(query, total))

    @work(thread=True, group="client-pages", exit_on_error=False)
    def load_client_page(self, query: ClientQuery, offset: int) -> None:
        with self.store.read_session() as session:
            rows = client_window(session, query, offset, PAGE_SIZE, self.zone,
                                 cadence=self.config.cadence)
        self.post_message(ClientsLoaded(query, None, offset, rows))

    @work(thread=True, exclusive=True, group="visit-log", exit_on_error=False)
    def load_visit_log(self, client_id: str, client_name: str) -> None:
        with self.store.read_session() as session:
            rows = interactions_for_client(session, client_id)
        self.post_message(VisitLogLoaded(client_id, client_name, rows))

    @work(thread=True, exclusive=True, group="month", exit_on_error=False)
    def load_month(self, year: int, month: int, client_id: str | None) -> None:
        manager_id = self.context.manager_id if self.context else None
        with self.store.read_session() as session:
            marks = month_marks(session, year, month, self.zone, manager_id, client_id)
        self.post_message(MonthLoaded(marks))

    @work(thread=True, exclusive=True, group="reminders", exit_on_error=False)
    def check_reminders(self) -> None:
        """Read which planned entries' reminders have gone off (every minute)."""
        if self.store.manager_id is None:
            return  # nobody signed in: nobody's schedule to remind of
        from store.schedule import ringing_entries

        with self.store.read_session() as session:
            rows = ringing_entries(session, clock.now(), zone=self.zone,
                                   manager_id=self.store.manager_id)  # fmt: skip
        self.post_message(RemindersRinging(rows))

    def on_reminders_ringing(self, message: RemindersRinging) -> None:
        """Tell the manager once per entry and time: a moved entry rings again."""
        from store.schedule import rings_at

        for row in message.rows:
            key = (row.id, rings_at(row, self.zone))
            if key in self.rung:
                continue
            self.rung.add(key)
            when = t("schedule.all_day") if row.all_day else local_time(row.starts_at, self.zone)
            self.notify(
                t("schedule.reminder_ringing", when=when, title=row.shown_title),
                title=t("schedule.reminder_title"), timeout=REMINDER_TOAST_S,
            )  # fmt: skip

    @work(thread=True, exclusive=True, group="agenda", exit_on_error=False)
    def load_agenda(self) -> None:
        manager_id = self.context.manager_id if self.context else None
        with self.store.read_session() as session:
            rows = agenda(session, self.today, AGENDA_DAYS, self.zone, manager_id, limit=30)
        self.post_message(AgendaLoaded(rows))

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def load_detail(self, client_id: str) -> None:
        with self.store.read_session() as session:
            detail = client_detail(session, client_id)
        if detail is not None:
            self.post_message(DetailLoaded(detail))

    def refresh_sync_status(self) -> None:
        self._status_asked += 1
        self.load_sync_status(self._status_asked)

    @work(thread=True, group="sync-status", exit_on_error=False)
    def load_sync_status(self, request: int) -> None:
        from store.sync.status import sync_status  # loads psycopg: off the UI thread

        self.post_message(SyncStatusLoaded(request, sync_status(self.store)))

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def run_sync(self, url: str) -> None:
        """One sync; `action_sync` never starts a second while one runs."""
        from store.errors import SyncError
        from store.sync.run import sync

        try:
            report = sync(self.store, url,
                          progress=lambda step: self.post_message(SyncProgressed(step)))
        except SyncError as exc:
            self.post_message(SyncFailed(exc.message()))
        else:
            self.post_message(SyncFinished(report))

    @on(Worker.StateChanged)
    def report_worker_failure(self, event: Worker.StateChanged) -> None:
        """One place where a failed database call becomes a message, not a crash."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            title = t("notice.worker_failed")
            if event.worker.group == "sync":
                title = t("sync.failed")
                self._sync_ended()
            self.notify(f"{error}", title=title, severity="error", timeout=15)

    # --- results arriving ------------------------------------------------------
    def on_context_loaded(self, message: ContextLoaded) -> None:
        self.context = message.context
        self.desk.query_one(StatusBar).show_context(message.context, self.store.path)
        self.sub_title = " · ".join(
            part for part in (message.context.manager_name, message.context.branch_name) if part
        )
        shown = self.desk.query_one(MonthCalendar).cursor_day
        self.load_month(shown.year, shown.month, self.selected_client)
        self.load_agenda()

    def on_clients_loaded(self, message: ClientsLoaded) -> None:
        client_list = self.desk.query_one(ClientList)
        if message.total is not None:
            if message.query != self.client_query:
                return  # an answer to a search the user has already typed past
            client_list.reset(message.query, message.total, message.rows)
            self._show_query(message.query)
            self._update_clients_title(message.total, exact=message.exact)
            if message.total == 0:
                self.selected_client = None
                self.refresh_bindings()
                self.desk.query_one(VisitLog).show_entries([])
                self.desk.query_one("#log-pane").border_title = t("pane.visit_log")
        else:
            client_list.add_page(message.query, message.offset, message.rows)

    def on_clients_counted(self, message: ClientsCounted) -> None:
        if message.query != self.client_query:
            return  # counted for a search the user has typed past
        self.desk.query_one(ClientList).set_total(message.query, message.total)
        self._update_clients_title(message.total)

    def _update_clients_title(self, total: int, *, exact: bool = True) -> None:
        """Show "Clients (1,234)", or "Clients (100+)" while the exact count is on its way."""
        pane = self.desk.query_one("#clients-pane")
        count = f"{total:,}" if exact else f"{total:,}+"
        pane.border_title = t("pane.clients_count", count=count)

    def on_visit_log_loaded(self, message: VisitLogLoaded) -> None:
        if message.client_id != self.selected_client:
            return
        self.desk.query_one(VisitLog).show_entries(
            message.rows, message.client_id, message.client_name
        )
        self.desk.query_one("#log-pane").border_title = t(
            "pane.visit_log_of", name=message.client_name, count=len(message.rows)
        )

    def on_month_loaded(self, message: MonthLoaded) -> None:
        self.desk.query_one(MonthCalendar).marks = message.marks

    def on_agenda_loaded(self, message: AgendaLoaded) -> None:
        self.desk.query_one(Agenda).show_rows(message.rows)

    def on_detail_loaded(self, message: DetailLoaded) -> None:
        from tui.screens.client_detail import ClientDetailScreen

        self.push_screen(ClientDetailScreen(message.detail, self.store, self.config.tier_rules,
                                            self.zone))

    # --- client edits (store.client_edit): the list follows every write ------------
    @work(thread=True, group="client-archive", exit_on_error=False)
    def archive(self, client_id: str, name: str) -> None:
        archive_client(self.store, client_id)
        self.post_message(ClientArchived(client_id, name))

    @work(thread=True, group="client-archive", exit_on_error=False)
    def restore(self, client_id: str, name: str) -> None:
        self.post_message(ClientRestored(client_id, name, restore_client(self.store, client_id)))

    def on_client_saved(self, message: ClientSaved) -> None:
        self.notify(message.notice)
        self._clients_changed()
        if message.created:
            self.load_detail(message.client_id)

    def on_archive_requested(self, message: ArchiveRequested) -> None:
        self.archive(message.client_id, message.name)

    def on_restore_requested(self, message: RestoreRequested) -> None:
        self.restore(message.client_id, message.name)

    def on_client_archived(self, message: ClientArchived) -> None:
        self.last_archived = (message.client_id, message.name)
        self.notify(t("client_edit.archived", name=message.name), timeout=10)
        self._clients_changed()

    def on_client_restored(self, message: ClientRestored) -> None:
        if self.last_archived and self.last_archived[0] == message.client_id:
            self.last_archived = None
        self.notify(t("client_edit.restored", name=message.name,
                      status=t(f"status.{message.status}")))
        self._clients_changed()
        from tui.screens.client_detail import ClientDetailScreen

        for screen in self.screen_stack:
            if isinstance(screen, ClientDetailScreen) and screen.client_id == message.client_id:
                screen.reload()

    def _clients_changed(self) -> None:
        self.load_clients(self.client_query)
        self.load_context()
        self.refresh_sync_status()
        self.refresh_bindings()

    def on_sync_status_loaded(self, message: SyncStatusLoaded) -> None:
        if message.request < self._status_shown:
            return  # a newer answer is already on screen
        self._status_shown = message.request
        self.desk.query_one(StatusBar).show_sync(message.status, self.zone)

    def on_sync_progressed(self, message: SyncProgressed) -> None:
        if self.syncing:
            self.desk.query_one(SyncMeter).show_progress(message.progress)

    def on_sync_finished(self, message: SyncFinished) -> None:
        report = message.report
        self._sync_ended()
        self.notify(t("sync.done", pushed=report.pushed, pulled=report.pulled,
                      unresolved=report.unresolved))
        if report.pulled:
            # Other laptops' changes arrived: read what the desk shows again.
            self.load_context()
            self.load_clients(self.client_query)
        from tui.screens.conflicts import ConflictsScreen

        for screen in self.screen_stack:
            if isinstance(screen, ConflictsScreen):
                screen.reload()

    def on_sync_failed(self, message: SyncFailed) -> None:
        self._sync_ended()
        self.notify(message.text, title=t("sync.failed"), severity="error", timeout=15)

    def _sync_ended(self) -> None:
        self.syncing = False
        self.desk.query_one(SyncMeter).stop()
        self.refresh_sync_status()

    def on_conflict_resolved(self, message: ConflictResolved) -> None:
        """A resolution is a local change: one more to sync, one conflict fewer."""
        self.refresh_sync_status()
        self._resolved_since_open = True

    def _conflicts_closed(self, _result: None) -> None:
        """Back on the desk: show what the resolutions changed (the list starts over)."""
        if self._resolved_since_open:
            self._resolved_since_open = False
            self.load_context()
            self.load_clients(self.client_query)

    # --- what the widgets ask for -------------------------------------------
    def on_client_list_page_wanted(self, message: ClientList.PageWanted) -> None:
        self.load_client_page(message.query, message.offset)

    def on_client_list_highlighted(self, message: ClientList.Highlighted) -> None:
        had_client = self.selected_client is not None
        self.selected_client = message.row.id
        if not had_client:
            self.refresh_bindings()  # log, call and brief need a client: now they have one
        self.load_visit_log(message.row.id, message.row.name)
        shown = self.desk.query_one(MonthCalendar).cursor_day
        self.load_month(shown.year, shown.month, message.row.id)

    def on_client_list_opened(self, message: ClientList.Opened) -> None:
        self.load_detail(message.row.id)

    def on_open_client(self, message: OpenClient) -> None:
        self.load_detail(message.client_id)

    def on_show_clients(self, message: ShowClients) -> None:
        """Back to the desk, listing `message.query` (a segment opened as a list)."""
        box = self.desk.query_one(SearchBox)
        with box.prevent(Input.Changed):
            box.value = message.query.search
        box.show(bool(message.query.search))
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.client_query = message.query
        self.load_clients(self.client_query)
        self.desk.query_one(ClientList).focus()

    def on_month_calendar_month_changed(self, message: MonthCalendar.MonthChanged) -> None:
        self.load_month(message.year, message.month, self.selected_client)

    @on(Input.Changed, "#client-search")
    def search_changed(self, event: Input.Changed) -> None:
        self.client_query = replace(self.client_query, search=event.value)
        self.load_clients(self.client_query)

    # --- filters and sort (tui/screens/client_filter.py) ------------------------
    def apply_client_query(self, query: ClientQuery) -> None:
        """List `query` on the desk, leaving any open screen where it is."""
        if query != self.client_query:
            self.client_query = query
            self.load_clients(query)

    def _show_query(self, query: ClientQuery) -> None:
        """The sort mark in the headings and the line of active filters."""
        self.desk.query_one(ClientListHeader).shown = query
        self.desk.query_one(ClientFilterLine).show(query, self.manager_names)

    def on_client_filter_changed(self, message: ClientFilterChanged) -> None:
        self.apply_client_query(message.query)

    def on_filter_choices_loaded(self, message: FilterChoicesLoaded) -> None:
        self.manager_names = dict(message.choices.managers)
        self._show_query(self.client_query)

    def action_client_filter(self) -> None:
        from tui.screens.client_filter import ClientFilterScreen

        if not isinstance(self.screen, ClientFilterScreen):
            self.push_screen(ClientFilterScreen(self.store, self.client_query))

    def action_toggle_mine(self) -> None:
        mine = not self.client_query.mine
        if mine and self.store.manager_id is None:
            self.notify(t("client_filter.no_manager"), severity="warning")
        scope = "client_filter.scope_mine" if mine else "client_filter.scope_branch"
        self.notify(t(scope), timeout=2)
        self.apply_client_query(replace(self.client_query, mine=mine))

    def action_next_sort(self) -> None:
        self.apply_client_query(self.client_query.next_sort())

    def action_reverse_sort(self) -> None:
        self.apply_client_query(self.client_query.reversed())

    # --- actions ---------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Search belongs to the desk; on a pushed screen it is hidden and off."""
        if action == "segments":
            # Opening a segment returns to the desk, closing what is above it:
            # only read-only screens may be there (never a form being typed).
            return len(self.screen_stack) == 1 or self._on_profile()
        if action == "brief":  # the profile and my day have their own `b`
            return len(self.screen_stack) == 1 and (self.selected_client is not None or None)
        if action == "schedule":  # my day's own `s` snoozes
            return len(self.screen_stack) == 1 and (self.selected_client is not None or None)
        if action == "log_contact":  # the profile, the brief and my day have their own
            return len(self.screen_stack) == 1 and (self.selected_client is not None or None)
        if action == "due_visits":  # my day pushes the due list itself
            return len(self.screen_stack) == 1
        if action == "calendar":
            return len(self.screen_stack) == 1
        if action in ("my_day", "tasks"):  # the profile's own `t` sets the tier
            return len(self.screen_stack) == 1
        if action in ("new_client", "import_clients", "export_clients", "export_visits"):
            return len(self.screen_stack) == 1
        if action == "undo_archive":
            on_desk_or_profile = len(self.screen_stack) == 1 or self._on_profile()
            return self.last_archived is not None and on_desk_or_profile
        return not (action == "search" and len(self.screen_stack) > 1)

    def _on_profile(self) -> bool:
        """Whether a client's profile is on top; asked only above the desk, so the
        profile's module still loads when first needed, not at start-up."""
        from tui.screens.client_detail import ClientDetailScreen

        return isinstance(self.screen, ClientDetailScreen)

    def action_import_clients(self) -> None:
        from tui.screens.import_clients import ImportClientsScreen

        self.push_screen(ImportClientsScreen(self.store, self.config.tier_rules),
                         self._after_import)

    def _after_import(self, imported: bool | None) -> None:
        if imported:
            self.load_clients(self.client_query)
            self.load_context()
            self.refresh_sync_status()

    def action_export_visits(self) -> None:
        """The visit log of a period; of the highlighted client when there is one."""
        from tui.screens.export_visits import ExportVisitsScreen  # loaded when first used

        row = self.desk.query_one(ClientList).highlighted
        client = (row.id, row.name) if row is not None and row.id == self.selected_client else None
        self.push_screen(ExportVisitsScreen(self.store, self.zone, client))

    # --- my day and tasks (tui/screens/my_day.py, tasks.py) ----------------------
    def action_my_day(self) -> None:
        from tui.screens.my_day import MyDayScreen  # loaded when first used

        self.push_screen(MyDayScreen(self.store, self.config, self.zone))

    def action_calendar(self, day: date | None = None) -> None:
        """The calendar screen (tui/screens/calendar.py), at `day` or today."""
        from tui.screens.calendar import CalendarScreen  # loaded when first used

        self.push_screen(CalendarScreen(self.store, self.config, self.zone, day=day),
                         self._calendar_closed)  # fmt: skip

    def on_month_calendar_opened(self, message: MonthCalendar.Opened) -> None:
        """Enter on the desk's month pane opens the calendar at its cursor day."""
        self.action_calendar(message.day)

    def _calendar_closed(self, _result: None) -> None:
        """Entries may have been planned, moved or cancelled there: the month pane follows."""
        shown = self.desk.query_one(MonthCalendar).cursor_day
        self.load_month(shown.year, shown.month, self.selected_client)
        self.load_agenda()
        self.refresh_sync_status()

    def action_tasks(self) -> None:
        """My tasks; a new one starts with the highlighted client."""
        from tui.screens.tasks import TasksScreen  # loaded when first used

        row = self.desk.query_one(ClientList).highlighted
        client = (row.id, row.name) if row is not None and row.id == self.selected_client else None
        self.push_screen(TasksScreen(self.store, self.zone, client))

    def on_tasks_changed(self, _message: TasksChanged) -> None:
        """A task was written: every open screen that shows tasks reads them again."""
        self.refresh_sync_status()
        for screen in self.screen_stack[1:]:
            reload = getattr(screen, "reload", None)
            if callable(reload):
                reload()

    def action_schedule(self) -> None:
        """Plan an entry (a visit by default) with the highlighted client, cursor on the date."""
        from tui.screens.event_form import EventFormScreen  # loaded when first used

        row = self.desk.query_one(ClientList).highlighted
        if row is None or row.id != self.selected_client:
            self.notify(t("visit_log.no_client"), severity="warning")
            return
        self.push_screen(
            EventFormScreen(self.store, self.config, self.zone, client_ids=(row.id,),
                            client_names=(row.name,)),
            self._after_schedule,
        )  # fmt: skip

    def _after_schedule(self, event_id: str | None) -> None:
        """An entry was saved: the desk's month marks and agenda show it."""
        if event_id is None:
            return
        shown = self.desk.query_one(MonthCalendar).cursor_day
        self.load_month(shown.year, shown.month, self.selected_client)
        self.load_agenda()
        self.refresh_sync_status()

    def action_brief(self) -> None:
        """The pre-visit brief of the highlighted client."""
        from tui.screens.brief import BriefScreen  # loaded when first used

        if self.selected_client is not None:
            self.push_screen(BriefScreen(self.store, self.config, self.zone, self.selected_client))

    # --- the visit log (tui/screens/interaction_form.py, visit_entry.py) ------------
    def action_log_contact(self, kind: str) -> None:
        """Log a visit or a call with the highlighted client."""
        from tui.screens.interaction_form import InteractionFormScreen  # loaded when used

        row = self.desk.query_one(ClientList).highlighted
        if row is None or row.id != self.selected_client:
            self.notify(t("visit_log.no_client"), severity="warning")
            return
        self.push_screen(InteractionFormScreen(self.store, self.zone, row.id, row.name, kind=kind))

    def _contacts_changed(self, client_id: str) -> None:
        """A contact was logged, corrected or withdrawn: reload whatever shows it.

        The desk's log (if it shows that client), the list (last contact and
        cadence move), the sync status, and every open screen that has a
        `reload()` (the brief, my day, an entry, a profile): generic, so a
        screen added later follows without a change here.
        """
        if client_id == self.selected_client:
            row = self.desk.query_one(ClientList).highlighted
            name = row.name if row is not None and row.id == client_id else ""
            self.load_visit_log(client_id, name)
        self.load_clients(self.client_query)
        self.refresh_sync_status()
        for screen in self.screen_stack[1:]:
            reload = getattr(screen, "reload", None)
            if callable(reload):
                reload()

    def on_interaction_saved(self, message: InteractionSaved) -> None:
        self.notify(message.notice)
        self._contacts_changed(message.client_id)

    def on_interaction_withdrawn(self, message: InteractionWithdrawn) -> None:
        self._contacts_changed(message.client_id)

    def action_export_clients(self) -> None:
        from tui.screens.import_clients import ExportClientsScreen

        self.push_screen(ExportClientsScreen(self.store, self.client_query, self.zone))

    def action_search(self) -> None:
        box = self.query_one(SearchBox)
        box.show(True)
        box.focus()

    def action_sync(self) -> None:
        url = self.config.sync_url
        if not url:
            self.notify(t("sync.no_url"), severity="warning", timeout=10)
            return
        if self.syncing:
            self.notify(t("sync.running"))
            return
        self.syncing = True
        self.desk.query_one(SyncMeter).start()
        self.run_sync(url)

    def action_new_client(self) -> None:
        from tui.screens.client_form import ClientFormScreen

        self.push_screen(ClientFormScreen(self.store, self.config.tier_rules, self.zone))

    def action_undo_archive(self) -> None:
        if self.last_archived is None:
            self.notify(t("client_edit.nothing_to_undo"))
            return
        self.restore(*self.last_archived)

    def action_conflicts(self) -> None:
        from tui.screens.conflicts import ConflictsScreen

        if isinstance(self.screen, (ConflictsScreen, ModalScreen)):
            return
        self._resolved_since_open = False
        self.push_screen(ConflictsScreen(self.store, self.zone), self._conflicts_closed)

    def action_segments(self) -> None:
        from tui.screens.segments import SegmentsScreen

        if isinstance(self.screen, (SegmentsScreen, ModalScreen)):
            return
        self.push_screen(SegmentsScreen(self.store, self.today, self.store.manager_id is not None,
                                        mine=self.client_query.mine))

    def action_due_visits(self) -> None:
        """Visits due and overdue, per manager and role (tui/screens/due.py)."""
        from tui.screens.due import DueScreen  # loaded when first used

        self.push_screen(DueScreen(self.store, self.config.cadence, self.zone,
                                   clock.today(self.zone)))

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[HelpSection]:
        """Every key of the desk, from the bindings themselves (never a copy)."""
        # Screens the desk opens on demand are imported here, not at start-up.
        from tui.screens.brief import BriefScreen, Checklist
        from tui.screens.calendar import CalendarScreen
        from tui.screens.client_detail import ClientDetailScreen
        from tui.screens.client_filter import ClientFilterScreen, SavedFilterList
        from tui.screens.client_form import ClientFormScreen
        from tui.screens.conflicts import ConflictsScreen
        from tui.screens.due import DueList, DueScreen
        from tui.screens.event_form import EventFormScreen
        from tui.screens.export_visits import ExportVisitsScreen
        from tui.screens.greeting_done import GreetingDoneScreen
        from tui.screens.import_clients import ImportClientsScreen
        from tui.screens.interaction_form import InteractionFormScreen
        from tui.screens.my_day import MyDayScreen
        from tui.screens.relation_form import PickerSearch, RelationFormScreen
        from tui.screens.segments import SegmentsScreen
        from tui.screens.task_form import TaskFormScreen
        from tui.screens.tasks import TaskLines, TasksScreen
        from tui.screens.visit_entry import VisitEntryScreen
        from tui.widgets.agenda_list import AgendaList, DayEntries
        from tui.widgets.date_input import DateInput
        from tui.widgets.month_grid import MonthGrid
        from tui.widgets.profile_lists import ContactList, RelationList

        return [
            (t("help.general"), described_bindings(type(self), self.get_key_display)),
            (t("pane.clients"), described_bindings(ClientList, self.get_key_display)),
            (t("client_filter.title"),
             described_bindings(ClientFilterScreen, self.get_key_display)
             + described_bindings(SavedFilterList, self.get_key_display)),
            (t("help.search"), described_bindings(SearchBox, self.get_key_display)),
            (t("pane.calendar"), described_bindings(MonthCalendar, self.get_key_display)),
            (t("help.calendar_screen"),
             described_bindings(CalendarScreen, self.get_key_display)
             + described_bindings(MonthGrid, self.get_key_display)
             + described_bindings(AgendaList, self.get_key_display)),
            (t("help.calendar_screen.day"),
             described_bindings(DayEntries, self.get_key_display)),
            (t("help.detail"), described_bindings(ClientDetailScreen, self.get_key_display)
             + described_bindings(RelationList, self.get_key_display)
             + described_bindings(ContactList, self.get_key_display)),
            (t("help.client_edit.form"),
             described_bindings(ClientFormScreen, self.get_key_display)),
            (t("pane.visit_log"), described_bindings(VisitLog, self.get_key_display)),
            (t("help.visit_log.entry"),
             described_bindings(VisitEntryScreen, self.get_key_display)),
            (t("help.visit_log.form"),
             described_bindings(InteractionFormScreen, self.get_key_display)),
            (t("help.client_relations.forms"),
             described_bindings(RelationFormScreen, self.get_key_display)
             + described_bindings(PickerSearch, self.get_key_display)),
            (t("help.conflicts"), described_bindings(ConflictsScreen, self.get_key_display)),
            (t("help.segments"), described_bindings(SegmentsScreen, self.get_key_display)),
            (t("help.cadence"), described_bindings(DueList, self.get_key_display)
             + described_bindings(DueScreen, self.get_key_display)),
            (t("help.import"), described_bindings(ImportClientsScreen, self.get_key_display)),
            (t("help.brief"), described_bindings(BriefScreen, self.get_key_display)
             + described_bindings(Checklist, self.get_key_display)),
            (t("help.visit_export"),
             described_bindings(ExportVisitsScreen, self.get_key_display)),
            (t("help.my_day"), described_bindings(MyDayScreen, self.get_key_display)
             + described_bindings(TaskLines, self.get_key_display)),
            (t("help.tasks"), described_bindings(TasksScreen, self.get_key_display)),
            (t("help.task_form"), described_bindings(TaskFormScreen, self.get_key_display)),
            (t("help.event_form"), described_bindings(EventFormScreen, self.get_key_display)
             + described_bindings(DateInput, self.get_key_display)),
            (t("help.greeting_done"),
             described_bindings(GreetingDoneScreen, self.get_key_display)),
        ]

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette's commands, in the user's language."""
        for theme in self.themes.themes:
            label = self.themes.labels[theme.name]
            yield SystemCommand(
                t("command.theme", label=label),
                t("command.theme_help", label=label),
                lambda name=theme.name: setattr(self, "theme", name),
            )
        yield SystemCommand(t("key.sync"), t("command.sync_help"), self.action_sync)
        yield SystemCommand(t("key.conflicts"), t("command.conflicts_help"),
                            self.action_conflicts)
        yield SystemCommand(t("key.calendar_screen.open"), t("calendar_screen.command_help"),
                            self.action_calendar)
        yield SystemCommand(t("key.segments"), t("segments.command_help"),
                            self.action_segments)
        yield SystemCommand(t("key.import_clients"), t("command.import_help"),
                            self.action_import_clients)
        yield SystemCommand(t("key.export_clients"), t("command.export_help"),
                            self.action_export_clients)
        yield SystemCommand(t("key.visit_export.open"), t("visit_export.command_help"),
                            self.action_export_visits)
        yield SystemCommand(t("key.help"), t("command.help_help"), self.action_help)
        yield SystemCommand(t("key.quit"), t("command.quit_help"), self.exit)


def make_app(store: Store, config: Config, themes: LoadedThemes,
             opening: Opening | None = None) -> ClientDeskApp:
    """The one way to build the app, shared by the command line and the tests."""
    return ClientDeskApp(store, config, themes, opening)


def user_theme_folder(config: Config) -> Path | None:
    """Users may drop extra theme files next to their config file."""
    return config.path.parent / "themes" if config.path else None
