"""The calendar screen's week: seven columns (seven rows when narrow) of each day's entries.

Each day shows its number and 休/班 mark, its lunar date or festival, then
its entries (time, kind, client) and greeting reminders. Like the month
grid it is one `Text` drawn from the screen's plain `CalendarDay`s; the day
cursor and its keys come from `DayCursor`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text

from store.i18n import t
from tui.format import fit
from tui.widgets.month_grid import (
    CLOSED,
    DayCursor,
    day_facts,
    entry_heading,
    entry_parts,
    side_by_side,
    weekday_name,
)

if TYPE_CHECKING:
    from store.agenda import AgendaEntry

#: Narrower columns than this draw the week as seven rows.
MIN_COLUMN = 12


def week_days(day: date) -> list[date]:
    """Monday to Sunday of `day`'s week."""
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=offset) for offset in range(7)]


def share_lines(needs: list[int], room: int) -> list[int]:
    """Lines each day gets when `room` lines are shared out: a fair share, then the leftovers."""
    given = [0] * len(needs)
    while room > 0:
        wanting = [index for index, need in enumerate(needs) if given[index] < need]
        if not wanting:
            break
        for index in wanting:
            if room == 0:
                break
            given[index] += 1
            room -= 1
    return given


class WeekView(DayCursor):
    """Monday to Sunday of the cursor's week."""

    COMPONENT_CLASSES = {
        "calendar-day--greeting",
        "calendar-day--closed",
        "calendar-day--more",
    }

    def render(self) -> Text:
        width, height = self.content_size
        days = week_days(self.cursor_day)
        if width // 7 >= MIN_COLUMN:
            return self._columns(days, width // 7, height)
        return self._rows(days, width, height)

    # --- seven columns -----------------------------------------------------------------
    def _columns(self, days: list[date], column: int, height: int) -> Text:
        return side_by_side([self._column(day, column, max(height, 4)) for day in days])

    def _column(self, day: date, column: int, height: int) -> list[Text]:
        data = self.days.get(day)
        inner = column - 2
        head = Text(" ")
        head.append(fit(weekday_name(day), 5))
        head.append_text(self._number(day))
        mark = self._mark(data)
        head.append(" " * max(column - 9 - mark.cell_len, 0))
        head.append_text(mark)
        second = Text(" ")
        if data is not None:
            second.append(fit(data.label, inner), style=self._label_style(data))
        rows = [head, second, Text("")]
        lines: list[Text] = []
        for entry in data.entries if data is not None else ():
            _, _, who = entry_parts(entry)
            style = self._entry_style(entry)
            lines += [Text(" " + fit(entry_heading(entry), inner), style=style),
                      Text("   " + fit(who, inner - 2), style=style)]  # fmt: skip
        room = height - len(rows)
        if len(lines) > room:  # two lines an entry; the last line says how many are left
            kept = max(room - 1, 0) // 2
            hidden = len(lines) // 2 - kept
            lines = lines[: kept * 2]
            lines.append(Text(" " + fit(t("calendar_screen.more", count=hidden), inner),
                              style=self._style("more")))  # fmt: skip
        rows += lines
        return self._block(rows, height, column, self._base_style(day, None))

    def _entry_style(self, entry: AgendaEntry) -> Style:
        if entry.status in CLOSED or entry.status == "done":
            return self._style("closed")
        if entry.source == "reminder":
            return self._style("greeting")
        return Style()

    # --- seven rows (narrow terminals) -------------------------------------------------
    def _rows(self, days: list[date], width: int, height: int) -> Text:
        needs = [len(self.days[day].entries) if day in self.days else 0 for day in days]
        given = share_lines(needs, max(height - 7, 0))
        text = Text()
        for day, need, lines in zip(days, needs, given, strict=True):
            if text:
                text.append("\n")
            text.append_text(self._row_head(day, width))
            data = self.days.get(day)
            entries = list(data.entries) if data is not None else []
            if need > lines and lines:
                entries = entries[: lines - 1]
            for entry in entries[:lines]:
                _, _, who = entry_parts(entry)
                line = Text(f"    {entry_heading(entry)} {who}", style=self._entry_style(entry))
                line.truncate(width)
                text.append("\n")
                text.append_text(line)
            if need > lines and lines:
                more = t("calendar_screen.more", count=need - len(entries))
                text.append("\n    " + more, style=self._style("more"))
        return text

    def _row_head(self, day: date, width: int) -> Text:
        data = self.days.get(day)
        head = Text(" ")
        head.append(fit(weekday_name(day), 5))
        head.append_text(self._number(day))
        head.append(" ")
        mark = self._mark(data)
        if mark:
            head.append_text(mark)
            head.append(" ")
        if data is not None:
            head.append(data.label, style=self._label_style(data))
            facts = [fact for fact in day_facts(data) if fact != data.label]
            if facts:
                head.append("  " + "  ".join(facts))
        head.truncate(width, pad=True)
        head.stylize_before(self._base_style(day, None))
        return head
