"""`w`: the visits due and overdue, per manager and per role (到期与逾期拜访).

Grouped as the seed organises visiting: under each manager who carries
visits, one block per role (a senior client manager sees their own
quarterly visits apart from the monthly ones they carry as owner), worst
first. Each line: client, tier, last qualifying visit, due date and days
late; a due date ahead on a weekend or holiday names the working day
before. `m` switches between the visits I carry and the whole branch;
enter opens the client's profile; `v` logs the visit there and then.

Computed in a thread worker by `store.cadence.obligations` (one grouped
query for the whole book); the screen only arranges plain rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib.resources import files

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from store.cadence import CadenceRules, Obligation, obligations, role_rank
from store.db import Store
from store.i18n import t
from tui.bindings import translate_bindings
from tui.format import day, fit, label
from tui.messages import OpenClient

_CSS = str(files("themes") / "due.tcss")

#: (heading key, cells, alignment) of a line; the first column is indented.
LINE_COLUMNS: tuple[tuple[str, int, str], ...] = (
    ("cadence.col.client", 22, "left"),
    ("cadence.col.tier", 8, "left"),
    ("cadence.col.last_contact", 10, "left"),
    ("cadence.col.due_on", 10, "left"),
    ("cadence.col.days_overdue", 8, "right"),
)
INDENT = "    "
GAP = "  "


def _joined(cells: list[str]) -> str:
    return INDENT + GAP.join(cells)


def due_heading() -> str:
    """The column headings, lined up with `due_line`."""
    return _joined([fit(t(key), cells, align) for key, cells, align in LINE_COLUMNS])


def due_line(item: Obligation, previous_workday: date | None = None) -> str:
    """One obligation as a line of cell-exact columns.

    A visit due on a day off ahead names the working day before it
    (`previous_workday`, from `store.workdays.days_off_ahead`), as my day does.
    """
    late = t("cadence.days", days=item.days_overdue) if item.state == "overdue" else ""
    values = (
        item.client_name,
        label("tier", item.tier),
        day(item.last_contact) if item.last_contact else t("cadence.never"),
        day(item.due_on),
        late,
    )
    line = _joined([fit(value, cells, align)
                    for value, (_, cells, align) in zip(values, LINE_COLUMNS, strict=True)])
    if previous_workday is not None:
        line += GAP + t("my_day.due_off", day=previous_workday.isoformat())
    return line


Group = tuple[str | None, str | None, str, list[Obligation]]


def grouped(items: list[Obligation]) -> list[Group]:
    """(manager id, manager name, role, items) blocks: managers in the order of their
    worst visit (the list comes worst first), their roles lowest level first, and
    visits nobody carries last."""
    managers: dict[str | None, str | None] = {}
    blocks: dict[tuple[str | None, str], list[Obligation]] = {}
    for item in items:
        managers.setdefault(item.manager_id, item.manager_name)
        blocks.setdefault((item.manager_id, item.role), []).append(item)
    order = [m for m in managers if m is not None] + ([None] if None in managers else [])
    result: list[Group] = []
    for manager in order:
        roles = sorted((role for m, role in blocks if m == manager), key=role_rank)
        for role in roles:
            result.append((manager, managers[manager], role, blocks[(manager, role)]))
    return result


class DueList(OptionList):
    """The list of visits; enter opens the highlighted client (shown in the footer)."""

    BINDINGS = [Binding("enter", "select", "key.open_client", id="due-open-client")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)


class DueScreen(Screen[None]):
    """Due and overdue visits; `manager_id` starts on that manager's own ("mine")."""

    CSS_PATH = _CSS

    BINDINGS = [
        Binding("v", "log_visit", "key.cadence.log_visit", id="due-log-visit"),
        Binding("m", "toggle_mine", "key.cadence.mine", id="due-mine"),
        Binding("escape", "close", "key.back", id="due-close"),
    ]

    @dataclass
    class Loaded(Message):
        """The obligations of one scope, read by the worker (`request` drops stale ones)."""

        request: int
        mine: bool
        items: list[Obligation]
        #: Due dates ahead on a day off → the working day before (read in the worker).
        off_days: dict[date, date]

    def __init__(
        self,
        store: Store,
        rules: CadenceRules,
        zone: str,
        today: date,
        manager_id: str | None = None,
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.rules = rules
        self.zone = zone
        self.today = today
        #: Whose visits "mine" means: the one given, else the signed-in manager.
        self.manager_id = manager_id or store.manager_id
        self.mine = manager_id is not None
        self.items: list[Obligation] = []
        #: Due dates ahead that fall on a day off → the working day before.
        self.off_days: dict[date, date] = {}
        #: What each line of the list stands for (None: a heading).
        self.lines: list[Obligation | None] = []
        self._asked = 0

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(id="due-body"):
            yield Static(t("cadence.loading"), id="due-summary")
            yield Static(due_heading(), id="due-heading")
            yield DueList(id="due-list")
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("cadence.title")
        self.query_one(OptionList).focus()
        self.reload()

    # --- loading -----------------------------------------------------------------
    def reload(self) -> None:
        """Read the list again (on open, on `m`, after a visit is logged)."""
        self._asked += 1
        self.load(self._asked, self.mine)

    @work(thread=True, exclusive=True, group="due", exit_on_error=False)
    def load(self, request: int, mine: bool) -> None:
        with self.store.read_session() as session:
            items = obligations(session, self.rules, self.today, self.zone,
                                manager_id=self.manager_id if mine else None)
        # Here, not in the UI thread: the holiday tables are built on first use.
        from store.workdays import days_off_ahead

        off_days = days_off_ahead((item.due_on for item in items), self.today)
        self.post_message(self.Loaded(request, mine, items, off_days))

    def on_due_screen_loaded(self, message: Loaded) -> None:
        if message.request != self._asked:
            return  # the scope changed again since this was read
        self.items = message.items
        self.off_days = message.off_days
        chosen = self.highlighted
        options: list[Option] = []
        self.lines = []
        for _, name, role, block in grouped(message.items):
            heading = Text(t("cadence.group", manager=name or t("cadence.nobody"),
                             role=label("level", role), count=len(block)), style="bold")
            options.append(Option(heading, disabled=True))
            self.lines.append(None)
            for item in block:
                style = "" if item.state == "overdue" else "dim"
                line = due_line(item, self.off_days.get(item.due_on))
                options.append(Option(Text(line, style=style)))
                self.lines.append(item)
        option_list = self.query_one(OptionList)
        with self.app.batch_update():
            option_list.set_options(options)
            self._highlight(chosen)
        overdue = sum(item.state == "overdue" for item in message.items)
        scope = t("cadence.scope.mine" if message.mine else "cadence.scope.branch")
        if message.items:
            summary = t("cadence.summary", scope=scope, overdue=overdue,
                        due=len(message.items) - overdue, lead=self.rules.lead_days)
        else:
            summary = t("cadence.empty_mine" if message.mine else "cadence.empty")
        self.query_one("#due-summary", Static).update(summary)
        self.sub_title = scope

    def _highlight(self, previous: Obligation | None) -> None:
        """Keep the cursor on the same visit after a reload, else the first line."""
        option_list = self.query_one(OptionList)
        targets = [i for i, line in enumerate(self.lines) if line is not None]
        if not targets:
            return
        for index in targets:
            line = self.lines[index]
            if previous is not None and line is not None and (
                line.client_id, line.role) == (previous.client_id, previous.role):
                option_list.highlighted = index
                return
        option_list.highlighted = targets[0]

    @property
    def highlighted(self) -> Obligation | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.lines):
            return None
        return self.lines[index]

    # --- actions -------------------------------------------------------------------
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        item = self.highlighted
        if item is not None:
            self.post_message(OpenClient(item.client_id))

    def action_log_visit(self) -> None:
        item = self.highlighted
        if item is None:
            return
        try:  # the visit form (issue 5, H2) may not be in this build yet
            from tui.screens.interaction_form import InteractionFormScreen
        except ImportError:
            self.notify(t("cadence.no_visit_form"), severity="warning")
            return
        form = InteractionFormScreen(self.store, self.zone, item.client_id, item.client_name,
                                     kind="visit")
        # The app reloads every open screen with a `reload()` when the visit is saved.
        self.app.push_screen(form)

    def action_toggle_mine(self) -> None:
        if not self.mine and self.manager_id is None:
            self.notify(t("cadence.no_manager"), severity="warning")
            return
        self.mine = not self.mine
        self.query_one("#due-summary", Static).update(t("cadence.loading"))
        self.reload()

    def action_close(self) -> None:
        self.dismiss(None)
