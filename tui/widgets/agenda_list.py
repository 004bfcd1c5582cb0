"""Lists of calendar entries: the agenda (the next N days) and the day panel's entries.

Both are option lists of one line an entry (time, kind, client, title or
greeting detail), so the highlighted line is "the selected entry" the
calendar screen's keys act on (e edit, x cancel, g greeting done). The
agenda puts a heading over each day: date, weekday, lunar date, festival
or holiday, and the holiday warning when a planned entry falls on a day
off. Days with nothing on them are left out, except today and days off.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets.option_list import Option

from store.i18n import t
from tui.agenda_report import typed_title
from tui.bindings import translate_bindings
from tui.format import fit, label
from tui.screens.tasks import TaskLines, heading, note
from tui.widgets.month_grid import (
    CLOSED,
    CalendarDay,
    date_text,
    day_facts,
    entry_parts,
    weekday_name,
)

if TYPE_CHECKING:
    from store.agenda import AgendaEntry

WHAT_CELLS_MAX = 22
WHO_CELLS = 18


def when_cells() -> int:
    """Width of the time column: "10:00", or the words for all day / greeting, and a gap."""
    words = (t("calendar_screen.all_day"), t("calendar_screen.greeting"))
    return max(5, *(cell_len(word) for word in words)) + 1


def what_cells() -> int:
    """Width of the kind column: the longest kind or occasion name in the language (capped)."""
    from store.festivals import occasion_name
    from store.vocab import EventKind, Occasion

    names = [occasion_name(occasion) for occasion in Occasion]
    names += [label("event", kind) for kind in EventKind]
    return min(max(cell_len(name) for name in names), WHAT_CELLS_MAX)


def entry_key(entry: AgendaEntry) -> str:
    """The option id of an entry (a reminder and an event never share one)."""
    return f"{entry.source}:{entry.id}:{entry.day.isoformat()}"


def planned_on_day_off(day: CalendarDay) -> str | None:
    """The holiday warning of a day off that has a planned entry, or None."""
    return next(
        (entry.holiday for entry in day.entries
         if entry.source == "event" and entry.status == "planned" and entry.holiday),
        None,
    )  # fmt: skip


def entry_line(entry: AgendaEntry, closed: Style, greeting: Style) -> Text:
    """One entry as aligned cells; a cancelled one struck through, a finished one dimmed."""
    when, what, who = entry_parts(entry)
    if entry.source == "reminder":  # the client, when the person greeted is their key contact
        rest = [entry.detail, "、".join(entry.clients)]
    else:  # a title made from kind and client would repeat the columns before it
        rest = [typed_title(entry), entry.detail]
    text = Text("  ")
    text.append(fit(when, when_cells()), style="bold")
    text.append(fit(what, what_cells()) + " ")
    text.append(fit(who, WHO_CELLS) + " ")
    text.append("  ".join(part for part in rest if part and part != who))
    if entry.status in (*CLOSED, "done"):
        text.append(f"  [{t(f'calendar_screen.status.{entry.status}')}]")
        text.stylize(closed + Style(strike=entry.status in CLOSED))
    elif entry.source == "reminder":
        text.stylize(greeting)
    if entry.source == "event" and entry.status == "planned" and entry.holiday:
        text.append("  !", style="bold")
    return text


def day_heading(day: CalendarDay, today: date) -> Text:
    """"11月28日 周六  农历十月二十  今天  休 国庆节" over a day's entries."""
    parts = [f"{date_text(day.day, year=False)} {weekday_name(day.day)}", day.lunar_full]
    if day.day == today:
        parts.append(t("key.today"))
    parts += day_facts(day)
    return Text("  ".join(parts))


class EntryLines(TaskLines, inherit_bindings=False):
    """Entry lines; the highlighted one is the calendar's selected entry."""

    BINDINGS = [
        Binding("up,k", "cursor_up", "key.up", show=False),
        Binding("down,j", "cursor_down", "key.down", show=False),
        Binding("home", "first", "key.first", show=False),
        Binding("end", "last", "key.last", show=False),
    ]

    COMPONENT_CLASSES = {"entry-lines--closed", "entry-lines--greeting", "entry-lines--warning"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)
        self.entries: dict[str, AgendaEntry] = {}

    @property
    def entry(self) -> AgendaEntry | None:
        """The highlighted entry, or None on a heading / in an empty list."""
        key = self.current_id
        return self.entries.get(key) if key is not None else None

    def _style(self, name: str) -> Style:
        full = self.get_component_rich_style(f"entry-lines--{name}")
        return full.without_color + Style(color=full.color)  # the highlight's background stays

    def _entry_options(self, entries: tuple[AgendaEntry, ...]) -> list[Option]:
        closed, greeting = self._style("closed"), self._style("greeting")
        options = []
        for entry in entries:
            key = entry_key(entry)
            self.entries[key] = entry
            options.append(Option(entry_line(entry, closed, greeting), id=key))
        return options

    def _warning(self, text: str) -> Option:
        line = Text("  " + t("calendar_screen.warning", text=text), style=self._style("warning"))
        return Option(line, disabled=True)


class DayEntries(EntryLines):
    """The day panel's list: the cursor day's entries and reminders."""

    BINDINGS = [
        Binding("escape", "back", "key.calendar_screen.to_view", id="calendar-day-back"),
        Binding("enter", "select", "key.calendar_screen.act", id="calendar-day-act", show=False),
        Binding("left,h", "day(-1)", "key.prev_day", show=False),
        Binding("right,l", "day(1)", "key.next_day", show=False),
    ]

    @dataclass
    class Back(Message):
        """Escape: the focus goes back to the calendar view."""

    @dataclass
    class DayMoved(Message):
        """Left / right: the panel (and the calendar's cursor) moves `days` days."""

        days: int

    def show_day(self, day: CalendarDay | None) -> None:
        """List `day`'s entries; the cursor stays on the entry it was on when still there."""
        keep = self.current_id
        self.entries = {}
        options: list[Option] = []
        if day is not None:
            options = self._entry_options(day.entries)
            if not options:
                options.append(note(t("calendar_screen.day_empty")))
        else:
            options.append(note(t("calendar_screen.loading")))
        self.show(options, keep)

    def action_back(self) -> None:
        self.post_message(self.Back())

    def action_day(self, days: int) -> None:
        self.post_message(self.DayMoved(days))


class AgendaList(EntryLines):
    """The next N days: a heading a day (only days that hold something, today, days off)."""

    BINDINGS = [
        Binding("pageup", "shift(-1)", "key.calendar_screen.earlier", id="agenda-earlier",
                show=False),
        Binding("pagedown", "shift(1)", "key.calendar_screen.later", id="agenda-later",
                show=False),
        Binding("enter", "select", "key.calendar_screen.open_day", id="agenda-open-day"),
    ]

    @dataclass
    class Shifted(Message):
        """Page keys: the agenda starts `pages` windows of N days earlier or later."""

        pages: int

    def show_agenda(
        self,
        days: Mapping[date, CalendarDay],
        start: date,
        count: int,
        today: date,
        cursor: date,
    ) -> None:
        """The days [start, start + count) with their entries; headings are not selectable.

        The highlight stays on the calendar's cursor day: on the entry it was
        on when that is on the cursor day, else on the day's first entry, else
        on nothing. Keeping an entry of another day would move the cursor back
        to it (the calendar follows the highlight), undoing `t` and the page keys.
        """
        current = self.entry
        keep = self.current_id if current is not None and current.day == cursor else None
        self.entries = {}
        options: list[Option] = []
        for offset in range(count):
            day = days.get(start + timedelta(days=offset))
            if day is None or not (day.entries or day.day == today or day_facts(day)):
                continue
            options.append(heading(day_heading(day, today).plain))
            warning = planned_on_day_off(day)
            if warning:
                options.append(self._warning(warning))
            options += self._entry_options(day.entries)
        if not self.entries:
            options.append(note(t("calendar_screen.agenda_empty", days=count)))
        keep = keep or next((key for key, e in self.entries.items() if e.day == cursor), None)
        if keep is None:
            self.set_options(options)
            self.highlighted = None
        else:
            self.show(options, keep)

    def action_shift(self, pages: int) -> None:
        self.post_message(self.Shifted(pages))


def describe_day(day: CalendarDay, today: date) -> tuple[str, str]:
    """The day panel's two heading lines: the full date with its lunar date, and its facts."""
    title = f"{date_text(day.day)} {weekday_name(day.day)}  {day.lunar_full}"
    if day.day == today:
        title += f"  {t('key.today')}"
    facts = day_facts(day)
    if not facts and day.weekend:
        facts = [t("calendar_screen.weekend")]
    return title, "  ".join(facts)

