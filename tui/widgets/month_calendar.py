"""A month grid: today marked, days with entries marked, the client's days lit.

The widget holds only dates and the marks it is given; when the shown
month changes it posts `MonthChanged` and the app loads that month's marks
in a worker. Under the grid a line gives the cursor day's lunar date and
festival or holiday; the widget reads the month's lines in a thread worker
of its own (lunar_python and python-holidays are too slow to import on the
UI thread, and no database is involved). Enter posts `Opened`: the app
opens the calendar screen at the cursor day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from rich.style import Style
from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from store.calendar import MonthMarks
from store.i18n import current_language, t
from tui.bindings import translate_bindings
from tui.format import fit

CELL = 4  # cells per day column: two for the number, a marker, a gap


def add_months(value: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day."""
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(value.day, last))


def month_day_lines(year: int, month: int) -> dict[date, str]:
    """Each day's "农历十月二十  休 国庆节": lunar date, festival, day off or make-up workday.

    Reads the lunar calendar and the holidays: call it in a worker.
    """
    from store.lunar import lunar_text
    from store.workdays import days_info
    from tui.widgets.month_grid import CalendarDay, day_facts

    first = date(year, month, 1)
    last = first.replace(day=calendar.monthrange(year, month)[1])
    lines: dict[date, str] = {}
    for day, info in days_info(first, last).items():
        facts = day_facts(CalendarDay(day, "", "", lunar_text(day), info))
        lines[day] = "  ".join([lunar_text(day), *facts])
    return lines


class MonthCalendar(Widget, can_focus=True):
    """Month view; the cursor day moves with the arrow keys."""

    BINDINGS = [
        Binding("left,h", "move(-1)", "key.prev_day", show=False),
        Binding("right,l", "move(1)", "key.next_day", show=False),
        Binding("up,k", "move(-7)", "key.prev_week", show=False),
        Binding("down,j", "move(7)", "key.next_week", show=False),
        Binding("pageup,less_than_sign", "month(-1)", "key.prev_month"),
        Binding("pagedown,greater_than_sign", "month(1)", "key.next_month"),
        Binding("t", "today", "key.today", id="calendar-today"),
        Binding("enter", "open", "key.calendar_screen.open_here", id="calendar-open-here"),
    ]

    COMPONENT_CLASSES = {
        "month-calendar--today",
        "month-calendar--busy",
        "month-calendar--client",
        "month-calendar--cursor",
        "month-calendar--weekend",
    }

    cursor_day: reactive[date] = reactive(date(2000, 1, 1))
    marks: reactive[MonthMarks | None] = reactive(None)

    @dataclass
    class MonthChanged(Message):
        year: int
        month: int

    @dataclass
    class Opened(Message):
        """Enter: open the calendar screen at `day`."""

        day: date

    @dataclass
    class DayLinesLoaded(Message):
        """The lunar / holiday line of every day of a month (`month_day_lines`)."""

        year: int
        month: int
        lines: dict[date, str]

    def __init__(self, today: date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)
        self.today = today
        self.set_reactive(MonthCalendar.cursor_day, today)
        self.day_lines: dict[date, str] = {}

    def on_mount(self) -> None:
        self.load_day_lines(self.cursor_day.year, self.cursor_day.month)

    def watch_cursor_day(self, old: date, new: date) -> None:
        if (old.year, old.month) != (new.year, new.month):
            self.post_message(self.MonthChanged(new.year, new.month))
            self.load_day_lines(new.year, new.month)

    @work(thread=True, exclusive=True, group="month-day-lines", exit_on_error=False)
    def load_day_lines(self, year: int, month: int) -> None:
        self.post_message(self.DayLinesLoaded(year, month, month_day_lines(year, month)))

    def on_month_calendar_day_lines_loaded(self, message: MonthCalendar.DayLinesLoaded) -> None:
        message.stop()
        if (message.year, message.month) == (self.cursor_day.year, self.cursor_day.month):
            self.day_lines = message.lines
            self.refresh()

    def action_open(self) -> None:
        self.post_message(self.Opened(self.cursor_day))

    def action_move(self, days: int) -> None:
        self.cursor_day = self.cursor_day + timedelta(days=days)

    def action_month(self, months: int) -> None:
        self.cursor_day = add_months(self.cursor_day, months)

    def action_today(self) -> None:
        self.cursor_day = self.today

    def _title(self) -> str:
        shown = self.cursor_day
        if current_language() == "zh":
            return f"{shown.year}年{shown.month}月"
        return f"{calendar.month_name[shown.month]} {shown.year}"

    def render(self) -> Text:
        shown = self.cursor_day
        marks = self.marks
        if marks is not None and (marks.year, marks.month) != (shown.year, shown.month):
            marks = None
        busy = marks.busy_days if marks else frozenset()
        theirs = marks.client_days if marks else frozenset()
        text = Text(self._title().center(CELL * 7).rstrip() + "\n", style="bold")
        weekend = self.get_component_rich_style("month-calendar--weekend")
        for index, name in enumerate(t("calendar.weekdays").split()):
            # Right-aligned over the day numbers, which sit in cells 2-3 of 4.
            text.append(fit(name, CELL - 1, align="right") + " ",
                        style=weekend if index >= 5 else Style())
        text.append("\n")
        for week in calendar.Calendar(firstweekday=0).monthdayscalendar(shown.year, shown.month):
            for number in week:
                text.append_text(self._day_cell(shown, number, busy, theirs))
            text.append("\n")
        text.append(fit(self.day_lines.get(shown, ""), CELL * 7).rstrip() + "\n")
        text.append(self._legend())
        return text

    def _day_cell(
        self, shown: date, number: int, busy: frozenset[int], theirs: frozenset[int]
    ) -> Text:
        if number == 0:
            return Text(" " * CELL)
        style = Style()
        if number in busy:
            style += self.get_component_rich_style("month-calendar--busy")
        if number in theirs:
            style += self.get_component_rich_style("month-calendar--client")
        this_day = shown.replace(day=number)
        if this_day == self.today:
            style += self.get_component_rich_style("month-calendar--today")
        if this_day == shown and self.has_focus:
            style += self.get_component_rich_style("month-calendar--cursor")
        marker = "*" if number in theirs else ("." if number in busy else " ")
        return Text.assemble(" ", (f"{number:>2}", style), marker)

    def _legend(self) -> Text:
        return Text.assemble(
            ("*", self.get_component_rich_style("month-calendar--client")),
            f" {t('calendar.legend_client')}  ",
            (".", self.get_component_rich_style("month-calendar--busy")),
            f" {t('calendar.legend_busy')}",
        )

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
