"""`c` on the desk: the calendar (日历) — month, week and agenda views over a day panel.

`m`, `w` and `a` switch between a full-size month grid (lunar dates,
festivals, 休/班, what each day holds), the week (seven columns, or rows
when narrow) and the agenda (the next N days, `+` / `-` a week more or
less). Arrows / hjkl move the cursor a day, up/down a week, page keys a
month, `t` goes back to today. The day panel under the view always shows
the cursor day: its full date and lunar date, holiday or make-up workday,
a warning when a planned entry falls on a day off, and its entries;
enter moves into it (escape back out).

The selected entry is the highlighted line of the day panel (of the
agenda while the agenda has the focus): `n` plans a new entry on the
cursor day and `e` edits or moves the selected one (tui/screens/event_form.py),
`x` cancels it after asking (`u` undoes), `g` records a greeting
(tui/screens/greeting_done.py). Escape goes back to the desk.

`b` switches between the signed-in manager's schedule (the default) and the
whole branch's (every entry and reminder the store holds), for a branch
leader; the heading says 全行日程 while the branch is shown. Entries do not
name their manager: `AgendaEntry` does not carry the owner.

Data: one worker per shown range calls `store.agenda.agenda_entries` and
builds plain `CalendarDay`s (lunar dates and holidays are read there too,
off the UI thread); the views draw from them. Moving within the loaded
range loads nothing. Writes run in workers and reload the range.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from importlib.resources import files
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Header, OptionList, Static
from textual.worker import Worker, WorkerState

from store import clock
from store.config import Config
from store.db import Store
from store.errors import ClientdeskError
from store.i18n import t
from tui.bindings import translate_bindings
from tui.messages import report_worker_failure
from tui.widgets.agenda_list import AgendaList, DayEntries, describe_day, planned_on_day_off
from tui.widgets.month_grid import (
    CalendarDay,
    DayCursor,
    MonthGrid,
    build_days,
    date_text,
    grid_range,
    month_word,
)
from tui.widgets.week_view import WeekView, week_days

if TYPE_CHECKING:
    from store.agenda import AgendaEntry
    from store.reminders import Reminder

CSS = str(files("themes") / "calendar.tcss")
VIEWS = {"month": "month-grid", "week": "week-view", "agenda": "agenda-list"}
AGENDA_DAYS = 14
AGENDA_STEP = 7
AGENDA_MAX = 91


@dataclass
class CalendarLoaded(Message):
    """The days of [start, end] with their entries, lunar dates and holidays.

    `request` numbers the loads: only the answer to the latest is shown (an
    older one may have been read before a write).
    """

    request: int
    start: date
    end: date
    days: dict[date, CalendarDay]


@dataclass
class EntryWritten(Message):
    """A cancel or restore went through (`notice`) or was refused (`error`)."""

    notice: str
    error: bool = False
    #: (event id, title) of an entry just cancelled: `u` restores it.
    undo: tuple[str, str] | None = None


@dataclass
class ReminderFound(Message):
    """The reminder `g` asked for, read again from client data (None: it no longer exists)."""

    reminder: Reminder | None


class CalendarScreen(Screen[None]):
    """Month, week and agenda views of the manager's schedule and greeting reminders."""

    CSS_PATH = CSS

    BINDINGS = [
        Binding("escape,q", "close", "key.back", id="calendar-close"),
        Binding("m", "view('month')", "key.calendar_screen.month", id="calendar-month"),
        Binding("w", "view('week')", "key.calendar_screen.week", id="calendar-week"),
        Binding("a", "view('agenda')", "key.calendar_screen.agenda", id="calendar-agenda"),
        Binding("t", "today", "key.today", id="calendar-today"),
        Binding("n", "new", "key.calendar_screen.new", id="calendar-new"),
        Binding("e", "edit", "key.calendar_screen.edit", id="calendar-edit"),
        Binding("x", "cancel_entry", "key.calendar_screen.cancel", id="calendar-cancel"),
        Binding("g", "greet", "key.calendar_screen.greet", id="calendar-greet"),
        Binding("u", "undo", "key.calendar_screen.undo", id="calendar-undo", show=False),
        # Not in the footer: the default ("mine") screen looks as it did before `b` existed.
        Binding("b", "toggle_branch", "key.calendar_screen.branch", id="calendar-branch",
                show=False),
        Binding("plus,equals_sign", "agenda_days(1)", "key.calendar_screen.more_days",
                id="calendar-more-days"),
        Binding("minus", "agenda_days(-1)", "key.calendar_screen.fewer_days",
                id="calendar-fewer-days"),
    ]

    def __init__(
        self, store: Store, config: Config, zone: str, *, day: date | None = None
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.config = config
        self.zone = zone
        self.today = clock.today(zone)
        self.cursor = day or self.today
        self.view = "month"
        #: True: the whole branch's schedule (manager_id None); False: the signed-in manager's.
        self.branch = False
        self.agenda_days = AGENDA_DAYS
        self.agenda_start = self.cursor
        self.days: dict[date, CalendarDay] = {}
        self.loaded_range: tuple[date, date] | None = None
        self.pending_range: tuple[date, date] | None = None
        self.requests = 0
        #: Set when the last load failed: the day panel says so instead of "reading".
        self.load_failed = False
        #: True from `g` until its reminder is read: a second `g` meanwhile is ignored.
        self.greeting_pending = False
        #: The entry cancelled last (id, title): `u` plans it again.
        self.last_cancelled: tuple[str, str] | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield Static("", id="calendar-title")
        with ContentSwitcher(initial=VIEWS["month"], id="calendar-views"):
            yield MonthGrid(self.cursor, self.today, id=VIEWS["month"])
            yield WeekView(self.cursor, self.today, id=VIEWS["week"])
            yield AgendaList(id=VIEWS["agenda"])
        with Vertical(id="day-panel"):
            yield Static("", id="day-title")
            yield Static("", id="day-facts")
            yield Static("", id="day-warning")
            yield DayEntries(id="day-entries")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = t("key.calendar_screen.open")
        self._view_widget().focus()
        self._refresh()

    def reload(self) -> None:
        """Read the shown range again (after a write here or elsewhere, e.g. a greeting logged)."""
        self._refresh(force=True)

    # --- what is shown -------------------------------------------------------------------
    def _view_widget(self) -> MonthGrid | WeekView | AgendaList:
        return self.query_one(f"#{VIEWS[self.view]}")  # type: ignore[return-value]

    def _wanted_range(self) -> tuple[date, date]:
        """The days the current view shows (the month and week views share a load)."""
        if self.view == "agenda":
            return self.agenda_start, self.agenda_start + timedelta(days=self.agenda_days - 1)
        first, last = grid_range(self.cursor)
        week = week_days(self.cursor)
        return min(first, week[0]), max(last, week[-1])

    def _refresh(self, *, force: bool = False) -> None:
        """Draw the cursor now; load the view's range in a worker unless it is already here."""
        start, end = self._wanted_range()
        loaded = self.loaded_range
        covered = loaded is not None and loaded[0] <= start and end <= loaded[1]
        if force or (not covered and self.pending_range != (start, end)):
            self.requests += 1
            self.pending_range = (start, end)
            manager_id = None if self.branch else self.store.manager_id
            self.load_range(start, end, self.requests, manager_id)
        self._show_views()

    @work(thread=True, exclusive=True, group="calendar-range", exit_on_error=False)
    def load_range(self, start: date, end: date, request: int, manager_id: str | None) -> None:
        """Read [start, end] for `manager_id` (None: every manager's) and post it."""
        from store.agenda import agenda_entries

        with self.store.read_session() as session:
            entries = agenda_entries(
                session, start, (end - start).days + 1, zone=self.zone,
                manager_id=manager_id, greetings=self.config.greetings,
                cancelled=True,
            )  # fmt: skip
        self.post_message(CalendarLoaded(request, start, end, build_days(start, end, entries)))

    def on_calendar_loaded(self, message: CalendarLoaded) -> None:
        if message.request != self.requests:
            return  # a load asked for before another: its answer may be stale
        self.pending_range = None
        self.load_failed = False
        self.loaded_range = (message.start, message.end)
        self.days = message.days
        self._refresh()  # loads again if the cursor has left the range meanwhile

    def _show_views(self) -> None:
        """Every view, the title and the day panel from the loaded days and the cursor."""
        self.query_one(MonthGrid).show(self.cursor, self.days, self.today)
        self.query_one(WeekView).show(self.cursor, self.days, self.today)
        if self.view == "agenda" and self.loaded_range is not None:
            self.query_one(AgendaList).show_agenda(
                self.days, self.agenda_start, self.agenda_days, self.today, self.cursor
            )
        self._show_title()
        self._show_day()

    def _show_title(self) -> None:
        if self.view == "month":
            title = t("calendar_screen.title.month", year=self.cursor.year,
                      month=month_word(self.cursor.month))  # fmt: skip
        elif self.view == "week":
            monday, sunday = week_days(self.cursor)[::6]
            title = t("calendar_screen.title.week", start=date_text(monday),
                      end=date_text(sunday, year=False),
                      week=monday.isocalendar().week)  # fmt: skip
        else:
            title = t("calendar_screen.title.agenda", start=date_text(self.agenda_start),
                      days=self.agenda_days)  # fmt: skip
        view = t(f"calendar_screen.view.{self.view}")
        scope = f"{t('calendar_screen.scope.branch')}  " if self.branch else ""
        self.query_one("#calendar-title", Static).update(f"{scope}{view}  {title}")

    def _show_day(self) -> None:
        """The day panel: the cursor day's date, lunar date, facts, warning and entries."""
        day = self.days.get(self.cursor)
        state = t("notice.worker_failed") if self.load_failed else t("calendar_screen.loading")
        title, facts, warning = f"{date_text(self.cursor)}  {state}", "", ""
        if day is not None:
            title, facts = describe_day(day, self.today)
            planned = planned_on_day_off(day)
            warning = t("calendar_screen.warning", text=planned) if planned else ""
        self.query_one("#day-title", Static).update(title)
        for name, text in (("#day-facts", facts), ("#day-warning", warning)):
            line = self.query_one(name, Static)
            line.update(text)
            line.display = bool(text)
        self.query_one(DayEntries).show_day(day)

    def _move_to(self, day: date) -> None:
        self.cursor = day
        self._refresh()

    # --- the keys of the views --------------------------------------------------------------
    def on_day_cursor_moved(self, message: DayCursor.Moved) -> None:
        message.stop()
        self._move_to(message.day)

    def on_day_cursor_opened(self, message: DayCursor.Opened) -> None:
        message.stop()
        self.query_one(DayEntries).focus()

    def on_day_entries_back(self, message: DayEntries.Back) -> None:
        message.stop()
        self._view_widget().focus()

    def on_day_entries_day_moved(self, message: DayEntries.DayMoved) -> None:
        message.stop()
        self._move_to(self.cursor + timedelta(days=message.days))

    @on(OptionList.OptionHighlighted, "#agenda-list")
    def _agenda_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The cursor day follows the agenda's highlighted entry (the day panel shows it)."""
        event.stop()
        entry = self.query_one(AgendaList).entry
        if entry is not None and entry.day != self.cursor:
            self.cursor = entry.day
            self.query_one(MonthGrid).show(self.cursor, self.days, self.today)
            self.query_one(WeekView).show(self.cursor, self.days, self.today)
            self._show_day()

    @on(OptionList.OptionSelected, "#agenda-list")
    def _agenda_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on an agenda entry opens its day, with the same entry highlighted."""
        event.stop()
        entries = self.query_one(DayEntries)
        key = self.query_one(AgendaList).current_id
        entries.focus()
        if key is not None and key in entries.entries:
            entries.highlighted = entries.get_option_index(key)

    @on(OptionList.OptionSelected, "#day-entries")
    def _day_entry_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on an entry of the day: edit it (a greeting: record it)."""
        event.stop()
        entry = self.query_one(DayEntries).entry
        if entry is not None and entry.source == "reminder":
            self.action_greet()
        elif entry is not None:
            self.action_edit()

    def on_agenda_list_shifted(self, message: AgendaList.Shifted) -> None:
        message.stop()
        self.agenda_start += timedelta(days=message.pages * self.agenda_days)
        self.cursor = self.agenda_start
        self._refresh()

    # --- actions -----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "agenda_days":
            return self.view == "agenda"
        return True

    def action_view(self, view: str) -> None:
        if view == "agenda" and self.view != "agenda":
            self.agenda_start = self.cursor
        self.view = view
        self.query_one(ContentSwitcher).current = VIEWS[view]
        self._view_widget().focus()
        self.refresh_bindings()
        self._refresh()

    def action_today(self) -> None:
        self.agenda_start = self.today
        self._move_to(self.today)

    def action_agenda_days(self, step: int) -> None:
        self.agenda_days = min(max(self.agenda_days + step * AGENDA_STEP, AGENDA_STEP),
                               AGENDA_MAX)  # fmt: skip
        self.notify(t("calendar_screen.agenda_days", days=self.agenda_days), timeout=2)
        self._refresh()

    def action_toggle_branch(self) -> None:
        """Show the whole branch's schedule, or the manager's own again; reload either way."""
        self.branch = not self.branch
        self.loaded_range = None  # the other scope's days must not be shown meanwhile
        self.days = {}
        scope = "branch" if self.branch else "mine"
        self.notify(t(f"calendar_screen.scope.{scope}"), timeout=2)
        self._refresh(force=True)

    def action_close(self) -> None:
        self.dismiss(None)

    def _selected(self) -> AgendaEntry | None:
        """The entry the keys act on: the agenda's line while it has the focus, else the day's."""
        agenda = self.query_one(AgendaList)
        if self.view == "agenda" and agenda.has_focus:
            return agenda.entry
        return self.query_one(DayEntries).entry

    def _planned_event(self) -> AgendaEntry | None:
        """The selected entry if it is a planned event; otherwise None, saying why."""
        entry = self._selected()
        if entry is None:
            self.notify(t("calendar_screen.no_entry"))
            return None
        if entry.source == "reminder":
            self.notify(t("calendar_screen.reminder_not_editable"))
            return None
        if entry.status != "planned":
            status = t(f"calendar_screen.status.{entry.status}")
            self.notify(t("calendar_screen.not_planned", status=status))
            return None
        if entry.owner_id is not None and entry.owner_id != self.store.manager_id:
            # The branch view shows colleagues' entries to read, not to move or cancel.
            self.notify(t("calendar_screen.not_yours"))
            return None
        return entry

    def action_new(self) -> None:
        from tui.screens.event_form import EventFormScreen

        self.app.push_screen(EventFormScreen(self.store, self.config, self.zone, day=self.cursor),
                             self._form_closed)  # fmt: skip

    def action_edit(self) -> None:
        entry = self._planned_event()
        if entry is None:
            return
        from tui.screens.event_form import EventFormScreen

        self.app.push_screen(
            EventFormScreen(self.store, self.config, self.zone, event_id=entry.id),
            self._form_closed,
        )

    def _form_closed(self, event_id: str | None) -> None:
        if event_id is not None:  # the form has said what it saved
            self.reload()

    def action_cancel_entry(self) -> None:
        entry = self._planned_event()
        if entry is None:
            return
        from tui.screens.confirm import ConfirmScreen

        def answered(cancel: bool | None) -> None:
            if cancel:
                self.write_entry(entry.id, entry.title, cancel=True)

        question = t("calendar_screen.cancel_question", title=entry.title,
                     day=date_text(entry.day))  # fmt: skip
        self.app.push_screen(ConfirmScreen(t("calendar_screen.cancel_title"), question), answered)

    def action_undo(self) -> None:
        if self.last_cancelled is None:
            self.notify(t("calendar_screen.nothing_to_undo"))
            return
        event_id, title = self.last_cancelled
        self.last_cancelled = None
        self.write_entry(event_id, title, cancel=False)

    @work(thread=True, group="calendar-write", exit_on_error=False)
    def write_entry(self, event_id: str, title: str, *, cancel: bool) -> None:
        """Cancel the entry (`u` can restore it) or restore it (the undo)."""
        from store.schedule import cancel_event, restore_event

        try:
            (cancel_event if cancel else restore_event)(self.store, event_id)
        except ClientdeskError as exc:
            self.post_message(EntryWritten(exc.message(), error=True))
            return
        if cancel:
            notice = t("calendar_screen.cancelled", title=title)
            self.post_message(EntryWritten(notice, undo=(event_id, title)))
        else:
            self.post_message(EntryWritten(t("calendar_screen.restored", title=title)))

    def on_entry_written(self, message: EntryWritten) -> None:
        message.stop()
        if message.error:
            self.notify(message.notice, severity="error")
            return
        self.last_cancelled = message.undo or self.last_cancelled
        self.notify(message.notice, timeout=6)
        self.reload()

    def action_greet(self) -> None:
        entry = self._selected()
        if entry is None or entry.source != "reminder":
            self.notify(t("calendar_screen.not_a_greeting"))
            return
        if entry.status != "open":
            status = t(f"calendar_screen.status.{entry.status}")
            self.notify(t("calendar_screen.greeting_closed", status=status))
            return
        if self.greeting_pending:
            return  # `g` pressed twice: the first one's reminder is on its way
        self.greeting_pending = True
        self.find_reminder(entry.id, entry.client_ids[0] if entry.client_ids else None, entry.day)

    @work(thread=True, exclusive=True, group="calendar-reminder", exit_on_error=False)
    def find_reminder(self, reminder_id: str, client_id: str | None, day: date) -> None:
        from store.reminders import reminder_by_id

        with self.store.read_session() as session:
            reminder = reminder_by_id(session, self.config.greetings, reminder_id, day,
                                      client_id=client_id)  # fmt: skip
        self.post_message(ReminderFound(reminder))

    def on_reminder_found(self, message: ReminderFound) -> None:
        message.stop()
        self.greeting_pending = False
        if self.app.screen is not self:
            return  # a form is already open over the calendar (a greeting's, or another)
        if message.reminder is None:
            self.notify(t("calendar_screen.reminder_gone"), severity="warning")
            self.reload()
            return
        from tui.screens.greeting_done import GreetingDoneScreen

        self.app.push_screen(
            GreetingDoneScreen(self.store, self.config, self.zone, message.reminder),
            self._form_closed,
        )

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """A failed read or write is said, and the screen does not wait for it any more."""
        if event.state != WorkerState.ERROR or not event.worker.group.startswith("calendar-"):
            return
        group = event.worker.group
        if group == "calendar-range":
            self.pending_range = None  # the next move or reload tries again
            self.load_failed = True
            self._show_day()
        elif group == "calendar-reminder":
            self.greeting_pending = False
        report_worker_failure(self, event.worker.error, saving=group == "calendar-write")
