"""The desk: client list, calendar and visit log in one keyboard-driven screen.

Threading model (harlequin's): every database call runs in a thread worker
that opens its own session, builds plain rows and posts a message; message
handlers on the UI thread update widgets. Widgets never see a session.
Results carry what they answer (a query, a client id, a month), so a late
answer to an old question is dropped instead of overwriting a newer one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from importlib.resources import files
from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input
from textual.worker import Worker, WorkerState

from store import clock
from store.calendar import agenda, month_marks
from store.client_detail import client_detail
from store.client_list import ClientQuery, client_window, count_clients
from store.config import Config, save_setting
from store.db import Store
from store.desk import DeskContext, desk_context
from store.i18n import t
from store.visit_log import interactions_for_client
from tui.bindings import described_bindings, translate_bindings
from tui.messages import (
    AgendaLoaded,
    ClientsLoaded,
    ContextLoaded,
    DetailLoaded,
    MonthLoaded,
    OpenClient,
    VisitLogLoaded,
)
from tui.screens.client_detail import ClientDetailScreen
from tui.screens.help import HelpScreen, HelpSection
from tui.themes import FALLBACK_THEME, LoadedThemes
from tui.widgets.agenda import Agenda
from tui.widgets.client_list import PAGE_SIZE, ClientList, ClientListHeader
from tui.widgets.month_calendar import MonthCalendar
from tui.widgets.status_bar import StatusBar
from tui.widgets.visit_log import VisitLog

AGENDA_DAYS = 14


class SearchBox(Input):
    """`/` opens it; typing filters the list; enter or down returns to the list."""

    BINDINGS = [
        Binding("escape", "clear", "key.clear_search", id="clear-search"),
        Binding("down,enter", "done", "key.to_list", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=t("search.placeholder"), id=id)
        translate_bindings(self)

    def action_clear(self) -> None:
        self.value = ""
        self.remove_class("visible")
        self.app.query_one(ClientList).focus()

    def action_done(self) -> None:
        if not self.value:
            self.remove_class("visible")
        self.app.query_one(ClientList).focus()


class ClientDeskApp(App[None]):
    """The application; build it with `make_app()` (tui.cli) or in tests."""

    CSS_PATH = str(files("themes") / "app.tcss")
    TITLE = "clientdesk"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("q", "quit", "key.quit", id="quit"),
        Binding("question_mark", "help", "key.help", id="help"),
        Binding("slash", "search", "key.search", id="search"),
        Binding("tab", "focus_next", "key.next_pane", show=False),
        Binding("shift+tab", "focus_previous", "key.prev_pane", show=False),
        Binding("ctrl+p", "command_palette", "key.palette", show=False, priority=True,
                id="command-palette"),
    ]

    def __init__(self, store: Store, config: Config, themes: LoadedThemes) -> None:
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
                yield ClientListHeader(id="client-header")
                yield ClientList(id="client-list")
            with Vertical(id="calendar-pane") as calendar_pane:
                calendar_pane.border_title = t("pane.calendar")
                yield MonthCalendar(self.today, id="month")
                yield Agenda(self.zone, id="agenda")
        with Vertical(id="log-pane") as log_pane:
            log_pane.border_title = t("pane.visit_log")
            yield VisitLog(self.zone, id="visit-log")
        yield StatusBar(id="status")
        yield Footer()

    def on_mount(self) -> None:
        for problem in (*self.config.problems, *self.themes.problems):
            self.notify(problem, title=t("notice.settings_ignored"), severity="warning",
                        timeout=10)
        if self.config.theme not in self.themes.labels:
            self.notify(t("notice.theme_fallback", theme=self.config.theme),
                        severity="warning", timeout=10)
        self.query_one(ClientList).focus()
        self.load_context()
        self.load_clients(self.client_query)

    def watch_theme(self, theme: str) -> None:
        """Remember a theme chosen from the palette in the config file."""
        if theme in self.themes.labels and theme != self.config.theme:
            self.config = save_setting(self.config, "ui", "theme", theme)

    # --- workers: database work off the UI thread ----------------------------
    @work(thread=True, exclusive=True, group="context", exit_on_error=False)
    def load_context(self) -> None:
        with self.store.read_session() as session:
            self.post_message(ContextLoaded(desk_context(session)))

    @work(thread=True, exclusive=True, group="clients", exit_on_error=False)
    def load_clients(self, query: ClientQuery) -> None:
        with self.store.read_session() as session:
            total = count_clients(session, query)
            rows = client_window(session, query, 0, PAGE_SIZE, self.zone)
        self.post_message(ClientsLoaded(query, total, 0, rows))

    @work(thread=True, group="client-pages", exit_on_error=False)
    def load_client_page(self, query: ClientQuery, offset: int) -> None:
        with self.store.read_session() as session:
            rows = client_window(session, query, offset, PAGE_SIZE, self.zone)
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

    @on(Worker.StateChanged)
    def report_worker_failure(self, event: Worker.StateChanged) -> None:
        """One place where a failed database call becomes a message, not a crash."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(f"{error}", title=t("notice.worker_failed"), severity="error",
                        timeout=15)

    # --- results arriving ------------------------------------------------------
    def on_context_loaded(self, message: ContextLoaded) -> None:
        self.context = message.context
        self.query_one(StatusBar).show_context(message.context, self.store.path)
        self.sub_title = " · ".join(
            part for part in (message.context.manager_name, message.context.branch_name) if part
        )
        shown = self.query_one(MonthCalendar).cursor_day
        self.load_month(shown.year, shown.month, self.selected_client)
        self.load_agenda()

    def on_clients_loaded(self, message: ClientsLoaded) -> None:
        client_list = self.query_one(ClientList)
        if message.total is not None:
            if message.query != self.client_query:
                return  # an answer to a search the user has already typed past
            client_list.reset(message.query, message.total, message.rows)
            self._update_clients_title(message.total)
            if message.total == 0:
                self.selected_client = None
                self.query_one(VisitLog).show_entries([])
                self.query_one("#log-pane").border_title = t("pane.visit_log")
        else:
            client_list.add_page(message.query, message.offset, message.rows)

    def _update_clients_title(self, total: int) -> None:
        pane = self.query_one("#clients-pane")
        pane.border_title = t("pane.clients_count", count=f"{total:,}")

    def on_visit_log_loaded(self, message: VisitLogLoaded) -> None:
        if message.client_id != self.selected_client:
            return
        self.query_one(VisitLog).show_entries(message.rows)
        self.query_one("#log-pane").border_title = t(
            "pane.visit_log_of", name=message.client_name, count=len(message.rows)
        )

    def on_month_loaded(self, message: MonthLoaded) -> None:
        self.query_one(MonthCalendar).marks = message.marks

    def on_agenda_loaded(self, message: AgendaLoaded) -> None:
        self.query_one(Agenda).show_rows(message.rows)

    def on_detail_loaded(self, message: DetailLoaded) -> None:
        self.push_screen(ClientDetailScreen(message.detail))

    # --- what the widgets ask for -------------------------------------------
    def on_client_list_page_wanted(self, message: ClientList.PageWanted) -> None:
        self.load_client_page(message.query, message.offset)

    def on_client_list_highlighted(self, message: ClientList.Highlighted) -> None:
        self.selected_client = message.row.id
        self.load_visit_log(message.row.id, message.row.name)
        shown = self.query_one(MonthCalendar).cursor_day
        self.load_month(shown.year, shown.month, message.row.id)

    def on_client_list_opened(self, message: ClientList.Opened) -> None:
        self.load_detail(message.row.id)

    def on_open_client(self, message: OpenClient) -> None:
        self.load_detail(message.client_id)

    def on_month_calendar_month_changed(self, message: MonthCalendar.MonthChanged) -> None:
        self.load_month(message.year, message.month, self.selected_client)

    @on(Input.Changed, "#client-search")
    def search_changed(self, event: Input.Changed) -> None:
        self.client_query = ClientQuery(search=event.value)
        self.load_clients(self.client_query)

    # --- actions ---------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Search belongs to the desk; on a pushed screen it is hidden and off."""
        return not (action == "search" and len(self.screen_stack) > 1)

    def action_search(self) -> None:
        box = self.query_one(SearchBox)
        box.add_class("visible")
        box.focus()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[HelpSection]:
        """Every key of the desk, from the bindings themselves (never a copy)."""
        return [
            (t("help.general"), described_bindings(type(self), self.get_key_display)),
            (t("pane.clients"), described_bindings(ClientList, self.get_key_display)),
            (t("help.search"), described_bindings(SearchBox, self.get_key_display)),
            (t("pane.calendar"), described_bindings(MonthCalendar, self.get_key_display)),
            (t("help.detail"), described_bindings(ClientDetailScreen, self.get_key_display)),
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
        yield SystemCommand(t("key.help"), t("command.help_help"), self.action_help)
        yield SystemCommand(t("key.quit"), t("command.quit_help"), self.exit)


def make_app(store: Store, config: Config, themes: LoadedThemes) -> ClientDeskApp:
    """The one way to build the app, shared by the command line and the tests."""
    return ClientDeskApp(store, config, themes)


def user_theme_folder(config: Config) -> Path | None:
    """Users may drop extra theme files next to their config file."""
    return config.path.parent / "themes" if config.path else None
