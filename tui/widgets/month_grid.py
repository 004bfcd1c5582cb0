"""The calendar screen's month: a full-size grid with lunar dates, holidays and each day's load.

Chinese phone calendars put under every day number its lunar date (初九,
or the month's name on its first day), the festival or public holiday when
there is one, and mark days off 休 and make-up workdays 班 (调休). This
grid does the same in terminal cells, adds what the day holds ("拜访2
问候1") and, when the terminal is tall enough, the first entries.

The grid is one `Text` drawn from plain data: `CalendarDay`s that a worker
of the screen built (`build_days`, which also reads the lunar calendar and
the holidays, both too slow to import on the UI thread). 42 cells of three
or more lines need no widget each, and a cursor move redraws well within
a frame.

`DayCursor` is the part the month grid shares with the week view: a day
cursor moved by the keys. The widget moves its own cursor at once (so two
quick key presses move two days) and tells the screen, which owns the day,
loads what is shown and keeps the other views on the same day.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

from store.i18n import current_language, t
from tui.bindings import translate_bindings
from tui.format import fit, label
from tui.widgets.month_calendar import add_months

if TYPE_CHECKING:
    from store.agenda import AgendaEntry
    from store.workdays import DayInfo

#: The kinds counted in a cell, in the order they are listed ("拜访2 问候1").
COUNT_ORDER = ("visit", "call", "meeting", "club", "other", "greeting")
#: Statuses that no longer hold a day: a cancelled entry, a dismissed greeting.
CLOSED = frozenset({"cancelled", "dismissed"})
#: How far `build_days` looks past the shown range to see where a holiday period starts.
HOLIDAY_MARGIN = timedelta(days=12)
MIN_COLUMN = 6


@dataclass(frozen=True)
class CalendarDay:
    """Everything a calendar view shows about one day, as plain values."""

    day: date
    label: str  # under the day number: festival, holiday, or lunar day ("初九", "冬月")
    label_kind: str  # "festival" | "holiday" | "month" (初一: the lunar month's name) | "lunar"
    lunar_full: str  # "农历十月二十"
    info: DayInfo | None
    entries: tuple[AgendaEntry, ...] = ()

    @property
    def off(self) -> bool:
        """A public holiday or day off (休), not an ordinary weekend."""
        return self.info is not None and not self.info.workday and self.info.holiday is not None

    @property
    def makeup(self) -> bool:
        return self.info is not None and self.info.makeup

    @property
    def weekend(self) -> bool:
        """Saturday or Sunday that is not a make-up workday: drawn dimmed."""
        return self.day.weekday() >= 5 and not self.makeup


def month_weeks(shown: date) -> list[list[date]]:
    """The Monday-first weeks that show `shown`'s month, each of seven dates."""
    return calendar.Calendar(firstweekday=0).monthdatescalendar(shown.year, shown.month)


def grid_range(shown: date) -> tuple[date, date]:
    """First and last day of the month grid that shows `shown`."""
    weeks = month_weeks(shown)
    return weeks[0][0], weeks[-1][-1]


def _holiday_labels(infos: Mapping[date, DayInfo]) -> dict[date, str]:
    """Holiday names a cell shows instead of its lunar date, as phone calendars do.

    Within a period of consecutive days off, a name is shown once, on its
    first day, unless a festival of the period already names it (春节 on
    正月初一, 国庆节 on 1 October): the Spring Festival week shows 除夕 and
    春节 on their own days, 劳动节 shows on 1 May, and the other days keep
    their lunar dates beside the 休 mark.
    """
    labels: dict[date, str] = {}

    def day_off(day: date) -> bool:
        return infos[day].holiday is not None and not infos[day].workday

    for is_off, run in groupby(sorted(infos), key=day_off):
        period = list(run) if is_off else []
        named = {infos[member].holiday for member in period if infos[member].festival}
        for member in period:
            name = infos[member].holiday
            if name is not None and name not in named:
                labels[member] = name
                named.add(name)
    return labels


def build_days(
    start: date, end: date, entries: Iterable[AgendaEntry]
) -> dict[date, CalendarDay]:
    """The `CalendarDay` of every day in [start, end]; runs in a worker (lunar, holidays).

    `entries` are `store.agenda.agenda_entries` of the range, in their order.
    """
    from store.lunar import lunar_day_label, lunar_text
    from store.workdays import days_info

    infos = days_info(start - HOLIDAY_MARGIN, end + HOLIDAY_MARGIN)
    holidays = _holiday_labels(infos)
    by_day: dict[date, list[AgendaEntry]] = {}
    for entry in entries:
        by_day.setdefault(entry.day, []).append(entry)
    days: dict[date, CalendarDay] = {}
    day = start
    while day <= end:
        info = infos[day]
        lunar = lunar_day_label(day)
        if info.festival:
            shown, kind = info.festival, "festival"
        elif day in holidays:
            shown, kind = holidays[day], "holiday"
        else:
            shown, kind = lunar, ("month" if lunar.endswith("月") else "lunar")
        days[day] = CalendarDay(day, shown, kind, lunar_text(day), info,
                                tuple(by_day.get(day, ())))  # fmt: skip
        day += timedelta(days=1)
    return days


def month_word(month: int, *, short: bool = False) -> str:
    """"11月" in Chinese; "November" / "Nov" in English."""
    if current_language() == "zh":
        return f"{month}月"
    return (calendar.month_abbr if short else calendar.month_name)[month]


def date_text(day: date, *, year: bool = True) -> str:
    """A date as people write it: "2026年11月28日" / "28 Nov 2026"; without the year if asked."""
    key = "calendar_screen.date" if year else "calendar_screen.date_short"
    return t(key, year=day.year, month=month_word(day.month, short=True), day=day.day)


def weekday_name(day: date) -> str:
    return t(f"calendar_days.weekday.{day.weekday()}")


def day_mark(day: CalendarDay | None) -> tuple[str, str] | None:
    """(text, kind) of the day's 休 / 班 mark, or None on an ordinary day."""
    if day is None:
        return None
    if day.off:
        return t("calendar_screen.mark.off"), "off"
    if day.makeup:
        return t("calendar_screen.mark.work"), "work"
    return None


def day_facts(day: CalendarDay) -> list[str]:
    """What the day is, for the day panel and agenda headings: festival, holiday, 调休."""
    info = day.info
    if info is None:
        return []
    facts: list[str] = []
    if info.festival:
        facts.append(info.festival)
    if day.off and info.holiday and info.holiday != info.festival:
        facts.append(t("calendar_screen.fact.off", holiday=info.holiday))
    elif day.off:
        facts.append(t("calendar_screen.fact.day_off"))
    if info.makeup:
        facts.append(t("calendar_screen.fact.makeup"))
    if (day.off or info.makeup) and not info.official:
        facts.append(t("calendar_screen.estimated"))
    return facts


def day_counts(entries: Sequence[AgendaEntry]) -> list[tuple[str, int]]:
    """(kind, count) of the entries that still hold the day, in `COUNT_ORDER`."""
    counter = Counter(
        "greeting" if entry.source == "reminder" else entry.kind
        for entry in entries
        if entry.status not in CLOSED
    )
    known = [(kind, counter[kind]) for kind in COUNT_ORDER if counter[kind]]
    unknown = sum(count for kind, count in counter.items() if kind not in COUNT_ORDER)
    return known + ([("other", unknown)] if unknown else [])


def counts_text(counts: Sequence[tuple[str, int]], width: int) -> str:
    """The day's counts in at most `width` cells: "拜访2 问候1", "拜访2问候1", or "3项"."""
    if not counts:
        return ""
    parts = [t(f"calendar_screen.count.{kind}", n=count) for kind, count in counts]
    separators = (" ", "") if current_language() == "zh" else (" ",)
    for separator in separators:
        joined = separator.join(parts)
        if cell_len(joined) <= width:
            return joined
    return t("calendar_screen.count.total", n=sum(count for _, count in counts))


def entry_parts(entry: AgendaEntry) -> tuple[str, str, str]:
    """(when, what, who) of an entry: ("10:00", "拜访", "张伟") / ("问候", "生日", "王芳")."""
    who = "、".join(entry.clients) or entry.title
    if entry.source == "reminder":
        from store.festivals import occasion_name

        # The person greeted: a key contact of a corporate client is not the client.
        return t("calendar_screen.greeting"), occasion_name(entry.kind), entry.person or who
    when = entry.at.strftime("%H:%M") if entry.at else t("calendar_screen.all_day")
    return when, label("event", entry.kind), who


def entry_heading(entry: AgendaEntry) -> str:
    """Time and kind when timed ("10:00 拜访"), else the kind or occasion alone ("生日")."""
    when, what, _ = entry_parts(entry)
    return f"{when} {what}" if entry.source != "reminder" and entry.at is not None else what


def entry_brief(entry: AgendaEntry) -> str:
    """An entry in a few cells, for a month cell: "10:00 张伟", "拜访 张伟", "生日 王芳"."""
    when, what, who = entry_parts(entry)
    timed = entry.source != "reminder" and entry.at is not None
    return f"{when if timed else what} {who}"


def side_by_side(blocks: list[list[Text]]) -> Text:
    """Blocks of equal height (one a day) joined line by line into one Text."""
    text = Text()
    for row in range(len(blocks[0]) if blocks else 0):
        if row:
            text.append("\n")
        for block in blocks:
            text.append_text(block[row])
    return text


class DayCursor(Widget, can_focus=True):
    """A view with a day cursor: arrows / hjkl move a day, up/down a week, page keys a month."""

    #: What both views draw; each adds its own ("calendar-day--counts" ...).
    COMPONENT_CLASSES = {
        "calendar-day--weekend",
        "calendar-day--today",
        "calendar-day--cursor",
        "calendar-day--cursor-blurred",
        "calendar-day--festival",
        "calendar-day--month-start",
        "calendar-day--lunar",
        "calendar-day--off",
        "calendar-day--work",
    }

    BINDINGS = [
        Binding("left,h", "move(-1)", "key.prev_day", show=False),
        Binding("right,l", "move(1)", "key.next_day", show=False),
        Binding("up,k", "move(-7)", "key.prev_week", show=False),
        Binding("down,j", "move(7)", "key.next_week", show=False),
        Binding("pageup", "month(-1)", "key.prev_month", show=False),
        Binding("pagedown", "month(1)", "key.next_month", show=False),
        Binding("enter", "open", "key.calendar_screen.open_day", id="calendar-open-day"),
    ]

    @dataclass
    class Moved(Message):
        """The cursor moved to `day` (the screen loads and syncs the other views)."""

        day: date

    @dataclass
    class Opened(Message):
        """Enter on `day`: the screen opens the day panel."""

        day: date

    def __init__(self, day: date, today: date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)
        self.cursor_day = day
        self.today = today
        self.days: Mapping[date, CalendarDay] = {}

    def show(self, cursor: date, days: Mapping[date, CalendarDay], today: date) -> None:
        """Draw `days` with the cursor on `cursor` (missing days draw without their facts)."""
        self.cursor_day = cursor
        self.days = days
        self.today = today
        self.refresh()

    def _go(self, day: date) -> None:
        self.cursor_day = day
        self.refresh()
        self.post_message(self.Moved(day))

    def action_move(self, days: int) -> None:
        self._go(self.cursor_day + timedelta(days=days))

    def action_month(self, months: int) -> None:
        self._go(add_months(self.cursor_day, months))

    def action_open(self) -> None:
        self.post_message(self.Opened(self.cursor_day))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def _style(self, name: str) -> Style:
        """A component class's style; its background only where the class sets one itself.

        A fragment (a lunar date, a 休 mark) drawn over the cursor must keep
        the cursor's background, not bring the widget's back.
        """
        full = self.get_component_rich_style(f"calendar-day--{name}")
        if name in ("cursor", "cursor-blurred", "today"):
            return full
        return full.without_color + Style(color=full.color)

    def _base_style(self, day: date, shown_month: int | None) -> Style:
        """A day's own look: other month, weekend dimmed, the cursor's background."""
        data = self.days.get(day)
        style = Style()
        if shown_month is not None and day.month != shown_month:
            style += self._style("other-month")
        elif (data.weekend if data is not None else day.weekday() >= 5):
            style += self._style("weekend")
        if day == self.cursor_day:
            style += self._style("cursor" if self.has_focus else "cursor-blurred")
        return style

    def _number(self, day: date) -> Text:
        style = self._style("today") if day == self.today else Style(bold=True)
        return Text(f"{day.day:>2}", style=style)

    def _label_style(self, data: CalendarDay | None) -> Style:
        if data is None:
            return Style()
        if data.label_kind in ("festival", "holiday"):
            return self._style("festival")
        return self._style("month-start" if data.label_kind == "month" else "lunar")

    @staticmethod
    def _block(rows: list[Text], lines: int, column: int, base: Style) -> list[Text]:
        """A day's `lines` lines, each exactly `column` cells, over its base style (the cursor)."""
        block: list[Text] = []
        for index in range(lines):
            row = rows[index] if index < len(rows) else Text("")
            row.truncate(column, pad=True)
            row.stylize_before(base)
            block.append(row)
        return block

    def _mark(self, data: CalendarDay | None) -> Text:
        mark = day_mark(data)
        if mark is None:
            return Text("")
        return Text(mark[0], style=self._style(mark[1]))


class MonthGrid(DayCursor):
    """The month, one cell a day: number and 休/班, lunar date or festival, what the day holds."""

    COMPONENT_CLASSES = {
        "calendar-day--header",
        "calendar-day--other-month",
        "calendar-day--counts",
        "calendar-day--entry",
    }

    def render(self) -> Text:
        width, height = self.content_size
        weeks = month_weeks(self.cursor_day)
        column = max(MIN_COLUMN, width // 7)
        lines_per_week = max(3, (height - 1) // len(weeks))
        text = self._header(column)
        for week in weeks:
            text.append("\n")
            text.append_text(side_by_side([self._cell(day, column, lines_per_week)
                                           for day in week]))  # fmt: skip
        return text

    def _header(self, column: int) -> Text:
        header = Text()
        style = self._style("header")
        for index in range(7):
            name = t(f"calendar_days.weekday.{index}")
            weekday_style = style + (self._style("weekend") if index >= 5 else Style())
            header.append(" " + fit(name, column - 1), style=weekday_style)
        return header

    def _cell(self, day: date, column: int, lines: int) -> list[Text]:
        """The cell's `lines` lines, each exactly `column` cells wide."""
        data = self.days.get(day)
        inner = column - 1  # a leading space; the next cell's is the gap
        first = Text(" ")
        first.append_text(self._number(day))
        mark = self._mark(data)
        first.append(" " * max(column - 4 - mark.cell_len, 0))
        first.append_text(mark)
        first.append(" ")
        second = Text(" ")
        if data is not None:
            second.append(fit(data.label, inner), style=self._label_style(data))
        rows = [first, second]
        entries = data.entries if data is not None else ()
        rows.append(Text(" " + fit(counts_text(day_counts(entries), inner), inner),
                         style=self._style("counts")))  # fmt: skip
        room = lines - 3 - (1 if lines >= 4 else 0)
        shown = [entry for entry in entries if entry.status not in CLOSED]
        rows += [
            Text(" " + fit(entry_brief(entry), inner), style=self._style("entry"))
            for entry in shown[:room]
        ]
        return self._block(rows, lines, column, self._base_style(day, self.cursor_day.month))
