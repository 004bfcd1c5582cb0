"""`d` on the desk: my day (今日工作), what to do this morning.

Three sections in one list: the visits my role owes by cadence (overdue
first, with the last qualifying contact and how late), my tasks due today
or earlier, and the greetings due (`store.reminders.reminders_due`: a
birthday, anniversary or festival within its lead days, or missed in the
last few; the config's [greetings] say which). The header names the
signed-in manager, their level and today's date.

On a line: enter opens the client, `v` logs a visit and `p` a call
(tui/screens/interaction_form.py), `b` reads the pre-visit brief. On a task
`x` marks it done (`u` undoes) and `s` snoozes it; `s` on a visit snoozes
its cadence task, which holds the visit back until that day. On a
greeting, enter or `g` asks how it was sent and what it cost
(tui/screens/greeting_done.py) and logs it; `c` puts it aside (`u` undoes).
Many at once (300 Spring Festival SMS): space marks or unmarks a greeting
(✓ after it) and moves down, and `G` greets all marked ones, or, with none
marked, every greeting of the highlighted one's occasion, in one form with
one channel and cost each (the form's batch mode).
The footer shows the greeting keys on a greeting and the task keys elsewhere.
`w` opens the branch's due & overdue list.

On open and on every `reload()` a worker generates the cadence tasks of
my due visits (idempotent: derived ids, `store.tasks`) and reads the day.
The app calls `reload()` after a contact is logged, so a visit just logged
drops off the list as its cadence moves forward.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from store import clock
from store.config import Config
from store.db import Store
from store.desk import DeskContext, desk_context
from store.i18n import t
from store.my_day import MyDay, build_my_day
from store.reminders import Reminder
from store.tasks import TaskRow, generate_cadence_tasks, task_title
from store.vocab import TaskStatus
from tui.bindings import translate_bindings
from tui.format import fit, label
from tui.messages import OpenClient, TasksChanged
from tui.screens.tasks import CSS, SnoozeScreen, TaskLines, TaskWrites, heading, note, task_line
from tui.widgets.marked_selection import TICKED

if TYPE_CHECKING:
    from store.cadence import Obligation

NAME_WIDTH = 14
ROLE_WIDTH = 22
LAST_WIDTH = 18
DUE_WIDTH = 16
WHEN_WIDTH = 26
OCCASION_WIDTH = 22


def _off_days(day: MyDay) -> dict[date, date]:
    """Due dates from today on that are weekends or public holidays, with the day before.

    Read in the loading worker: the holiday tables are built on first use.
    """
    from store.workdays import days_off_ahead

    return days_off_ahead((v.due_on for v in day.visits), day.today)


def visit_key(visit: Obligation) -> str:
    """The option id of a visit line."""
    return f"visit:{visit.client_id}:{visit.role}"


def lateness(visit: Obligation, today: date) -> str:
    if visit.days_overdue > 0:
        return t("my_day.late", days=visit.days_overdue)
    days = (visit.due_on - today).days
    return t("my_day.due_today") if days <= 0 else t("my_day.due_in", days=days)


def visit_line(visit: Obligation, today: date, previous_workday: date | None = None) -> Text:
    """Client, whose visit, last contact, due date and how late; overdue ones in bold.

    A visit coming due on a day off says so and names the working day before
    it (`previous_workday`), when the visit can still be made in time.
    """
    last = (
        t("my_day.last", day=visit.last_contact.isoformat())
        if visit.last_contact
        else t("my_day.never")
    )
    cells = [
        fit(visit.client_name, NAME_WIDTH),
        fit(label("level", visit.role), ROLE_WIDTH),
        fit(last, LAST_WIDTH),
        fit(t("my_day.due_on", day=visit.due_on.isoformat()), DUE_WIDTH),
        lateness(visit, today),
    ]
    if previous_workday is not None:
        cells.append(t("my_day.due_off", day=previous_workday.isoformat()))
    text = Text("  ".join(cells))
    if visit.state == "overdue":
        text.stylize("bold")
    return text


def greeting_key(reminder: Reminder) -> str:
    """The option id of a greeting line."""
    return f"greeting:{reminder.id}"


def greeting_line(reminder: Reminder, today: date, marked: bool = False) -> Text:
    """Day (and how far), occasion, who, detail; today's in bold, missed ones dimmed.

    A greeting marked for `G` ends with ✓ (not colour alone: a monochrome
    terminal or a copied screen shows it too), at the end so the columns of
    marked and unmarked lines stay lined up.
    """
    from store.festivals import occasion_name
    from tui.screens.greeting_done import relative_day

    weekday = t(f"calendar_days.weekday.{reminder.on.weekday()}")
    when = f"{reminder.on.isoformat()} {weekday} {relative_day(reminder.on, today)}"
    detail = reminder.detail
    if reminder.person != reminder.client_name:  # a key contact: say whose
        detail = " · ".join(part for part in (reminder.client_name, detail) if part)
    cells = [
        fit(when, WHEN_WIDTH),
        fit(occasion_name(reminder.occasion), OCCASION_WIDTH),
        fit(reminder.person, NAME_WIDTH),
        detail,
    ]
    if marked:
        cells.append(TICKED)
    text = Text("  ".join(cells).rstrip())
    if reminder.on == today:
        text.stylize("bold")
    elif reminder.on < today:
        text.stylize("dim")
    return text


@dataclass
class MyDayLoaded(Message):
    """The day as read by load number `request`: only the latest load's answer is shown."""

    request: int
    context: DeskContext
    day: MyDay
    #: Due dates ahead that are days off, each with the working day before it.
    off_days: Mapping[date, date] = field(default_factory=dict)


@dataclass
class GreetingPutAside(Message):
    """A greeting was dismissed (`reminder_id` for `u`), or the write failed (`error`)."""

    reminder_id: str
    notice: str
    error: bool = False


class MyDayScreen(TaskWrites):
    """My visits due by cadence, my tasks due, and (later) today's greetings."""

    CSS_PATH = CSS

    BINDINGS = [
        Binding("escape,q", "close", "key.back", id="close-my-day"),
        Binding("v", "log('visit')", "key.my_day.visit", id="my-day-visit"),
        Binding("p", "log('phone')", "key.my_day.call", id="my-day-call"),
        Binding("b", "brief", "key.my_day.brief", id="my-day-brief"),
        Binding("x", "done", "key.my_day.done", id="my-day-done"),
        Binding("s", "snooze", "key.my_day.snooze", id="my-day-snooze"),
        Binding("g", "greeting_done", "key.my_day.greeting_done", id="my-day-greeting-done"),
        Binding("c", "dismiss_greeting", "key.my_day.greeting_dismiss",
                id="my-day-greeting-dismiss"),
        Binding("space", "mark", "key.my_day.mark", id="my-day-mark"),
        Binding("G", "greet_all", "key.my_day.greet_all", id="my-day-greet-all"),
        Binding("u", "undo", "key.my_day.undo", show=False, id="my-day-undo"),
        Binding("w", "due", "key.my_day.due", id="my-day-due"),
    ]

    def __init__(self, store: Store, config: Config, zone: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.config = config
        self.zone = zone
        self.today = clock.today(zone)
        self.day: MyDay | None = None
        self.manager_id: str | None = None
        self.visits: dict[str, Obligation] = {}
        self.tasks: dict[str, TaskRow] = {}
        self.greetings: dict[str, Reminder] = {}
        #: Option ids of the greetings marked with space for `G`.
        self.marked: set[str] = set()
        #: The greeting put aside last: `u` brings it back (before any task undo).
        self.undo_greeting: str | None = None
        #: Numbers the loads: a cancelled thread worker still posts its answer, and
        #: an older, slower read (before a write) must not replace a newer one.
        self.requests = 0

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Vertical(id="my-day-body"):
            yield Static(t("my_day.loading"), id="my-day-header")
            yield TaskLines(id="my-day-list")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = t("my_day.title")
        self.query_one(TaskLines).focus()
        self.reload()

    def reload(self) -> None:
        """Generate the day's cadence tasks and read my day again (after a log, a write)."""
        self.requests += 1
        self.load(self.requests)

    @work(thread=True, exclusive=True, group="my-day", exit_on_error=False)
    def load(self, request: int) -> None:
        from store.cadence import obligations

        today = clock.today(self.zone)
        rules = self.config.cadence
        with self.store.read_session() as session:
            context = desk_context(session)
            visits = (
                obligations(session, rules, today, self.zone, manager_id=context.manager_id)
                if context.manager_id is not None
                else []
            )
        if context.manager_id is not None:
            # Also closes this manager's cadence tasks whose visit a sync brought in.
            generate_cadence_tasks(self.store, visits, today, rules=rules, zone=self.zone,
                                   manager_id=context.manager_id)  # fmt: skip
        with self.store.read_session() as session:
            day = (
                build_my_day(session, visits, context.manager_id, today,
                             greetings=self.config.greetings)
                if context.manager_id is not None
                else MyDay(today, [], [], [])
            )
        self.post_message(MyDayLoaded(request, context, day, _off_days(day)))

    def on_my_day_loaded(self, message: MyDayLoaded) -> None:
        message.stop()
        if message.request != self.requests:
            return  # a load asked for before another: it may have read before a write
        context, day = message.context, message.day
        self.day = day
        self.today = day.today
        self.manager_id = context.manager_id
        self.visits = {visit_key(v): v for v in day.visits}
        self.tasks = {row.id: row for row in day.tasks}
        self.greetings = {greeting_key(r): r for r in day.greetings}
        self.marked &= self.greetings.keys()  # a greeting done or gone is no longer marked
        header = self.query_one("#my-day-header", Static)
        if context.manager_id is None:
            header.update(t("my_day.no_manager"))
        else:
            header.update(t(
                "my_day.header", name=context.manager_name or "",
                level=label("level", context.manager_level), day=day.today.isoformat(),
            ))  # fmt: skip
        lines = self.query_one(TaskLines)
        options: list[Option] = [heading(t("my_day.visits", count=len(day.visits)))]
        if not day.visits:
            options.append(note(t("my_day.visits_empty")))
        options.extend(
            Option(visit_line(v, day.today, message.off_days.get(v.due_on)), id=visit_key(v))
            for v in day.visits
        )
        options.append(heading(t("my_day.tasks", count=len(day.tasks))))
        if not day.tasks:
            options.append(note(t("my_day.tasks_empty")))
        options.extend(Option(task_line(r, day.today), id=f"task:{r.id}") for r in day.tasks)
        options.append(heading(t("my_day.greetings", count=len(day.greetings))))
        if not day.greetings:
            options.append(note(t("my_day.greetings_empty")))
        options.extend(
            Option(greeting_line(r, day.today, greeting_key(r) in self.marked),
                   id=greeting_key(r))
            for r in day.greetings
        )
        lines.show(options, lines.current_id)

    # --- the highlighted line -------------------------------------------------------
    def _line(self) -> tuple[Obligation | None, TaskRow | None]:
        key = self.query_one(TaskLines).current_id or ""
        if key.startswith("task:"):
            return None, self.tasks.get(key.removeprefix("task:"))
        return self.visits.get(key), None

    def _greeting(self) -> Reminder | None:
        return self.greetings.get(self.query_one(TaskLines).current_id or "")

    def _client(self) -> tuple[str, str] | None:
        """(id, name) of the highlighted line's client, or None with a notice why."""
        greeting = self._greeting()
        if greeting is not None:
            return greeting.client_id, greeting.client_name
        visit, task = self._line()
        if visit is not None:
            return visit.client_id, visit.client_name
        if task is not None and task.client_id is not None:
            return task.client_id, task.client_name or ""
        self.notify(t("tasks.no_client") if task is not None else t("my_day.nothing_here"))
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer offers the greeting keys on a greeting, the task keys elsewhere."""
        if action == "greet_all" and self.marked:
            return True  # the marked ones, wherever the cursor is
        greeting = action in ("greeting_done", "dismiss_greeting", "mark", "greet_all")
        if greeting or action in ("done", "snooze"):
            return greeting == (self.day is not None and self._greeting() is not None)
        return True

    @on(OptionList.OptionHighlighted)
    def _moved(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.refresh_bindings()

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        """Enter: a greeting asks how it was sent; any other line opens its client."""
        event.stop()
        if self._greeting() is not None:
            self.action_greeting_done()
            return
        client = self._client()
        if client is not None:
            self.post_message(OpenClient(client[0]))

    def action_log(self, kind: str) -> None:
        client = self._client()
        if client is None:
            return
        from tui.screens.interaction_form import InteractionFormScreen

        # The app reloads this screen once the contact is saved (InteractionSaved).
        self.app.push_screen(
            InteractionFormScreen(self.store, self.zone, client[0], client[1], kind=kind)
        )

    def action_brief(self) -> None:
        client = self._client()
        if client is None:
            return
        from tui.screens.brief import BriefScreen

        self.app.push_screen(BriefScreen(self.store, self.config, self.zone, client[0]))

    def action_done(self) -> None:
        visit, task = self._line()
        if visit is not None:
            self.notify(t("my_day.visit_not_task"))
            return
        if task is None:
            self.notify(t("my_day.nothing_here"))
            return
        if task.status == TaskStatus.OPEN:
            self.undo_greeting = None  # `u` now undoes this
            self.write_status(task, "done")

    def action_snooze(self) -> None:
        visit, task = self._line()
        if visit is not None:
            task_id = self.day.visit_tasks.get((visit.client_id, visit.role)) if self.day else None
            if task_id is None:
                self.notify(t("my_day.no_visit_task"))
                return
            role = label("level", visit.role)
            what = f"{visit.client_name} - {role}"

            def visit_answered(until: date | None) -> None:
                if until is not None:
                    notice = t("my_day.visit_snoozed", day=until.isoformat(),
                               client=visit.client_name, role=role)  # fmt: skip
                    self.write_snooze(task_id, until, notice)

            self.app.push_screen(SnoozeScreen(what, self.today), visit_answered)
            return
        if task is None:
            self.notify(t("my_day.nothing_here"))
            return

        def task_answered(until: date | None) -> None:
            if until is not None:
                notice = t("tasks.snoozed", day=until.isoformat(), title=task_title(task))
                self.write_snooze(task.id, until, notice)

        self.app.push_screen(SnoozeScreen(task_title(task), self.today), task_answered)

    def action_undo(self) -> None:
        """Bring back the greeting put aside last, else undo the last task closed."""
        if self.undo_greeting is not None:
            reminder_id, self.undo_greeting = self.undo_greeting, None
            self.reopen_greeting(reminder_id)
            return
        self.undo_last()

    # --- greetings (store.greetings) ---------------------------------------------------
    def action_greeting_done(self) -> None:
        """Ask how the highlighted greeting was sent and what it cost, and log it."""
        greeting = self._greeting()
        if greeting is None:
            self.notify(t("my_day.not_a_greeting"))
            return
        from tui.screens.greeting_done import GreetingDoneScreen

        # The app reloads this screen once the greeting is logged (InteractionSaved).
        self.app.push_screen(GreetingDoneScreen(self.store, self.config, self.zone, greeting))

    def action_dismiss_greeting(self) -> None:
        """Put the highlighted greeting aside without sending one; `u` brings it back."""
        greeting = self._greeting()
        if greeting is None:
            self.notify(t("my_day.not_a_greeting"))
            return
        self.put_greeting_aside(greeting)

    def action_mark(self) -> None:
        """Mark or unmark the highlighted greeting for `G`, and move on to the next line."""
        lines = self.query_one(TaskLines)
        key = lines.current_id or ""
        greeting = self.greetings.get(key)
        if greeting is None:
            self.notify(t("my_day.not_a_greeting"))
            return
        self.marked ^= {key}
        lines.replace_option_prompt(key, greeting_line(greeting, self.today, key in self.marked))
        if lines.highlighted is not None and lines.highlighted < lines.option_count - 1:
            lines.action_cursor_down()  # not from the last line: the list would wrap to the top
        self.refresh_bindings()

    def action_greet_all(self) -> None:
        """Greet the marked greetings, or (none marked) all of the highlighted one's occasion."""
        greeting = self._greeting()
        batch = [r for key, r in self.greetings.items() if key in self.marked]
        if not batch and greeting is not None:
            batch = [r for r in self.greetings.values() if r.occasion == greeting.occasion]
        if not batch:
            self.notify(t("my_day.not_a_greeting"))
            return
        from tui.screens.greeting_done import GreetingDoneScreen

        def greeted(entry_id: str | None) -> None:
            """Logged: the marks are spent. Read the day again (a batch all skipped drops out)."""
            if entry_id is not None:
                self.marked.clear()
            self.reload()

        self.app.push_screen(
            GreetingDoneScreen(self.store, self.config, self.zone, batch), greeted
        )

    @work(thread=True, group="greeting-write", exit_on_error=False)
    def put_greeting_aside(self, greeting: Reminder) -> None:
        from store.errors import ClientdeskError
        from store.greetings import dismiss_greeting

        try:
            dismiss_greeting(self.store, greeting, zone=self.zone)
        except ClientdeskError as exc:
            self.post_message(GreetingPutAside(greeting.id, exc.message(), error=True))
            return
        notice = t("my_day.greeting_dismissed", person=greeting.person)
        self.post_message(GreetingPutAside(greeting.id, f"{notice} {t('tasks.undo_hint')}"))

    def on_greeting_put_aside(self, message: GreetingPutAside) -> None:
        message.stop()
        if message.error:
            self.notify(message.notice, severity="error")
            return
        self.undo_greeting = message.reminder_id
        self.last_undo = None  # `u` now undoes this
        self.notify(message.notice, timeout=6)
        self.post_message(TasksChanged())

    @work(thread=True, group="greeting-write", exit_on_error=False)
    def reopen_greeting(self, reminder_id: str) -> None:
        from store.greetings import reopen_greeting

        reopen_greeting(self.store, reminder_id)
        self.post_message(TasksChanged())

    def action_due(self) -> None:
        from tui.screens.due import DueScreen

        self.app.push_screen(
            DueScreen(self.store, self.config.cadence, self.zone, self.today, manager_id=None)
        )

    def action_close(self) -> None:
        self.dismiss(None)
