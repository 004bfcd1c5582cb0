"""`t` on the desk: my tasks (待办), and the pieces my day shares with it.

The list shows the signed-in manager's open tasks, soonest due first;
`a` switches to every status (closed and snoozed ones marked). On the
highlighted task: `x` done, `c` cancel (asks first), `o` reopen, `s` snooze
(a prompt: a date or `+3d`), `u` undoes the last done or cancel, and enter
opens the task's client. `n` adds a task (tui/screens/task_form.py), the
desk's highlighted client pre-filled.

Every read and write runs in a thread worker. After a write the screen
posts `TasksChanged`, and the app reloads every open screen that shows
tasks (this one, my day, a brief).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib.resources import files

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from store import clock
from store.db import Store
from store.desk import desk_context
from store.errors import ClientdeskError, ValidationError
from store.i18n import t
from store.tasks import (
    TaskRow,
    parse_snooze,
    set_task_status,
    snooze_task,
    task_title,
    tasks_for,
)
from store.vocab import TaskStatus
from tui.bindings import translate_bindings
from tui.format import fit
from tui.messages import OpenClient, TasksChanged
from tui.widgets.date_input import DateInput

CSS = str(files("themes") / "tasks.tcss")
ALL_STATUSES = tuple(s.value for s in TaskStatus)
TITLE_WIDTH = 40
CLIENT_WIDTH = 14
DAY_WIDTH = 10
MARK_WIDTH = 18


def due_mark(row: TaskRow, today: date) -> str:
    """What is notable about a task's date: late, snoozed or closed."""
    if row.status != TaskStatus.OPEN:
        return t(f"tasks.status.{row.status}")
    if row.snoozed_until is not None and row.snoozed_until > today:
        return t("tasks.snoozed_mark", day=row.snoozed_until.isoformat())
    if row.due_on is not None and row.due_on < today:
        return t("tasks.overdue_mark", days=(today - row.due_on).days)
    return ""


def task_line(row: TaskRow, today: date) -> Text:
    """One task as a line of aligned cells (CJK-width aware)."""
    cells = [
        fit(task_title(row), TITLE_WIDTH),
        fit(row.client_name or "", CLIENT_WIDTH),
        fit(row.due_on.isoformat() if row.due_on else "", DAY_WIDTH),
        fit(due_mark(row, today), MARK_WIDTH),
    ]
    text = Text("  ".join(cells).rstrip())
    if row.status != TaskStatus.OPEN:
        text.stylize("dim")
    elif row.due_on is not None and row.due_on < today and not (
        row.snoozed_until is not None and row.snoozed_until > today
    ):
        text.stylize("bold")
    return text


def heading(text: str) -> Option:
    """A section heading inside a line list: not selectable, skipped by the cursor."""
    return Option(Text(text, style="bold underline"), disabled=True)


def note(text: str) -> Option:
    """An explanation where a section is empty."""
    return Option(Text("  " + text, style="italic"), disabled=True)


class TaskLines(OptionList, inherit_bindings=False):
    """Lines of tasks (and of visits, on my day); enter opens the line's client."""

    BINDINGS = [
        Binding("up,k", "cursor_up", "key.up", show=False),
        Binding("down,j", "cursor_down", "key.down", show=False),
        Binding("pageup", "page_up", "key.page_up", show=False),
        Binding("pagedown", "page_down", "key.page_down", show=False),
        Binding("home", "first", "key.first", show=False),
        Binding("end", "last", "key.last", show=False),
        Binding("enter", "select", "key.my_day.open_line", id="task-open-client"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)

    def show(self, options: list[Option], keep: str | None = None) -> None:
        """Replace the lines, keeping the cursor on the line `keep` when it is still there.

        When that line is gone (done, put aside), the cursor stays where it
        was, on the line that took its place, rather than jumping to the top.
        """
        was = self.highlighted or 0
        self.set_options(options)
        index = next(
            (i for i, o in enumerate(options) if keep is not None and o.id == keep), None
        )
        if index is None and keep is not None:
            selectable = [i for i, o in enumerate(options) if not o.disabled]
            last = selectable[-1] if selectable else None
            index = next((i for i in selectable if i >= was), last)
        if index is None:
            index = next((i for i, o in enumerate(options) if not o.disabled), None)
        self.highlighted = index

    @property
    def current_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None and not option.disabled else None


class SnoozeScreen(ModalScreen[date | None]):
    """Ask until when: a date or a number of days ahead; dismisses with the day or None.

    The date is typed as people say it (`+1w`, `下周一`), with the day it
    means shown under the field; a bare number of days (`3`) still works.
    """

    CSS_PATH = CSS
    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="snooze-cancel")]

    def __init__(self, what: str, today: date) -> None:
        super().__init__()
        translate_bindings(self)
        self.what = what
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="snooze-body") as body:
            body.border_title = t("tasks.snooze.title")
            yield Static(self.what, id="snooze-what")
            date_input = DateInput(today=self.today, placeholder="+3d", compact=False,
                                   id="snooze-input")  # fmt: skip
            yield date_input
            yield date_input.preview
            yield Static("", id="snooze-error", classes="form-error")
            yield Static(t("tasks.snooze.hint"), classes="form-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        resolved = self.query_one(DateInput).value_date
        try:
            until = parse_snooze(resolved.isoformat() if resolved else event.value, self.today)
        except ValidationError as exc:
            error = self.query_one("#snooze-error", Static)
            error.update(exc.message())
            error.add_class("-shown")
            return
        self.dismiss(until)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass
class TasksLoaded(Message):
    rows: list[TaskRow]
    show_all: bool
    #: Who is signed in (None: nobody) and the day the rows were read for; the
    #: screen takes them from here, on the UI thread, with the rows they go with.
    manager_id: str | None
    today: date

    @property
    def signed_in(self) -> bool:
        return self.manager_id is not None


@dataclass
class TaskWritten(Message):
    """A task write went through (`notice` says what) or was refused (`error`)."""

    notice: str
    error: bool = False
    #: (task id, status to go back to) when `u` can undo it.
    undo: tuple[str, str] | None = None


class TaskWrites(Screen[None]):
    """Done, cancel, reopen and snooze in workers, shared by my day and the task list.

    Subclasses set `store` and `zone`; results come back as `TaskWritten`,
    which is shown and turned into `TasksChanged` for the app.
    """

    store: Store
    zone: str
    last_undo: tuple[str, str] | None = None

    @work(thread=True, group="task-write", exit_on_error=False)
    def write_status(self, row: TaskRow, status: str) -> None:
        key = {"done": "tasks.marked_done", "cancelled": "tasks.marked_cancelled",
               "open": "tasks.reopened"}[status]  # fmt: skip
        try:
            set_task_status(self.store, row.id, status)
        except ClientdeskError as exc:
            self.post_message(TaskWritten(exc.message(), error=True))
            return
        undo = (row.id, row.status) if status != "open" else None
        notice = t(key, title=task_title(row))
        if undo is not None:
            notice = f"{notice} {t('tasks.undo_hint')}"
        self.post_message(TaskWritten(notice, undo=undo))

    @work(thread=True, group="task-write", exit_on_error=False)
    def write_snooze(self, task_id: str, until: date, notice: str) -> None:
        try:
            snooze_task(self.store, task_id, until, today=clock.today(self.zone))
        except ClientdeskError as exc:
            self.post_message(TaskWritten(exc.message(), error=True))
            return
        self.post_message(TaskWritten(notice))

    def on_task_written(self, message: TaskWritten) -> None:
        message.stop()
        if message.error:
            self.notify(message.notice, severity="error")
            return
        if message.undo is not None:
            self.last_undo = message.undo
        self.notify(message.notice, timeout=6)
        self.post_message(TasksChanged())

    def undo_last(self) -> None:
        """`u`: put the last task closed here back as it was."""
        if self.last_undo is None:
            self.notify(t("tasks.nothing_to_undo"))
            return
        task_id, status = self.last_undo
        self.last_undo = None
        self.restore_status(task_id, status)

    @work(thread=True, group="task-write", exit_on_error=False)
    def restore_status(self, task_id: str, status: str) -> None:
        try:
            set_task_status(self.store, task_id, status)
        except ClientdeskError as exc:
            self.post_message(TaskWritten(exc.message(), error=True))
            return
        self.post_message(TasksChanged())


class TasksScreen(TaskWrites):
    """My tasks: open ones by default, every status with `a`."""

    CSS_PATH = CSS
    BINDINGS = [
        Binding("escape,q", "close", "key.back", id="close-tasks"),
        Binding("n", "new", "key.tasks.new", id="new-task"),
        Binding("x", "done", "key.tasks.done", id="task-done"),
        Binding("c", "cancel_task", "key.tasks.cancel", id="task-cancel"),
        Binding("o", "reopen", "key.tasks.reopen", id="task-reopen"),
        Binding("s", "snooze", "key.tasks.snooze", id="task-snooze"),
        Binding("u", "undo", "key.my_day.undo", id="task-undo"),
        Binding("a", "toggle_all", "key.tasks.all", id="tasks-all"),
    ]

    def __init__(
        self, store: Store, zone: str, client: tuple[str, str] | None = None
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.zone = zone
        #: The desk's highlighted client (id, name): a new task's client by default.
        self.client = client
        self.show_all = False
        self.rows: dict[str, TaskRow] = {}
        self.today = clock.today(zone)
        self.manager_id: str | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Vertical(id="tasks-body"):
            yield Static(t("tasks.loading"), id="tasks-summary")
            yield TaskLines(id="tasks-list")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = t("key.tasks.open")
        self.query_one(TaskLines).focus()
        self.reload()

    def reload(self) -> None:
        """Read the list again (after a write here or elsewhere)."""
        self.load(self.show_all)

    @work(thread=True, exclusive=True, group="tasks", exit_on_error=False)
    def load(self, show_all: bool) -> None:
        today = clock.today(self.zone)
        with self.store.read_session() as session:
            manager_id = desk_context(session).manager_id
            rows = (
                tasks_for(
                    session, today, assignee_id=manager_id,
                    statuses=ALL_STATUSES if show_all else ("open",), include_snoozed=show_all,
                )
                if manager_id is not None
                else []
            )  # fmt: skip
        self.post_message(TasksLoaded(rows, show_all, manager_id, today))

    def on_tasks_loaded(self, message: TasksLoaded) -> None:
        if message.show_all != self.show_all:
            return  # an answer to the other view
        self.manager_id = message.manager_id
        self.today = message.today
        lines = self.query_one(TaskLines)
        keep = lines.current_id
        self.rows = {row.id: row for row in message.rows}
        title = "tasks.title_all" if self.show_all else "tasks.title"
        summary = self.query_one("#tasks-summary", Static)
        summary.update(t(title, count=len(message.rows)))
        options: list[Option] = [heading(self._columns())]
        if not message.signed_in:
            options.append(note(t("tasks.no_manager")))
        elif not message.rows:
            options.append(note(t("tasks.empty_all" if self.show_all else "tasks.empty_open")))
        options.extend(Option(task_line(row, self.today), id=row.id) for row in message.rows)
        lines.show(options, keep)

    @staticmethod
    def _columns() -> str:
        return "  ".join([
            fit(t("tasks.col.title"), TITLE_WIDTH), fit(t("tasks.col.client"), CLIENT_WIDTH),
            fit(t("tasks.col.due"), DAY_WIDTH), t("tasks.col.status"),
        ])  # fmt: skip

    # --- the highlighted task ---------------------------------------------------
    def _current(self) -> TaskRow | None:
        task_id = self.query_one(TaskLines).current_id
        return self.rows.get(task_id) if task_id else None

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self.rows.get(event.option.id or "")
        if row is None:
            return
        if row.client_id is None:
            self.notify(t("tasks.no_client"))
            return
        self.post_message(OpenClient(row.client_id))

    def _open_row(self) -> TaskRow | None:
        """The highlighted task if it is open; otherwise None, saying why when it is not."""
        row = self._current()
        if row is not None and row.status != TaskStatus.OPEN:
            self.notify(t("tasks.not_open"))
            return None
        return row

    def action_done(self) -> None:
        row = self._open_row()
        if row is None:
            return
        self.write_status(row, "done")

    def action_cancel_task(self) -> None:
        row = self._open_row()
        if row is None:
            return
        from tui.screens.confirm import ConfirmScreen

        def answered(cancel: bool | None) -> None:
            if cancel:
                self.write_status(row, "cancelled")

        self.app.push_screen(
            ConfirmScreen(t("tasks.cancel_confirm_title"),
                          t("tasks.cancel_confirm_body", title=task_title(row))),
            answered,
        )  # fmt: skip

    def action_reopen(self) -> None:
        row = self._current()
        if row is None:
            return
        if row.status == TaskStatus.OPEN:
            self.notify(t("tasks.already_open"))
            return
        self.write_status(row, "open")

    def action_snooze(self) -> None:
        row = self._open_row()
        if row is None:
            return

        def answered(until: date | None) -> None:
            if until is not None:
                notice = t("tasks.snoozed", day=until.isoformat(), title=task_title(row))
                self.write_snooze(row.id, until, notice)

        self.app.push_screen(SnoozeScreen(task_title(row), clock.today(self.zone)), answered)

    def action_undo(self) -> None:
        self.undo_last()

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all
        self.query_one("#tasks-summary", Static).update(t("tasks.loading"))
        self.reload()

    def action_new(self) -> None:
        from tui.screens.task_form import TaskFormScreen

        def saved(notice: str | None) -> None:
            if notice:
                self.notify(notice)
                self.post_message(TasksChanged())

        self.app.push_screen(
            TaskFormScreen(self.store, self.zone, self.manager_id, self.client), saved
        )

    def action_close(self) -> None:
        self.dismiss(None)
