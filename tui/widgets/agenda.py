"""The next entries of the manager's schedule, under the month grid."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from store.calendar import AgendaRow
from store.i18n import t
from tui.format import fit, label, local_time

KIND_CELLS = 6


class Agenda(Widget):
    """A short list, one line an entry: when, what, with whom (cut to the width)."""

    def __init__(self, zone: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.zone = zone
        self.rows: list[AgendaRow] | None = None

    def show_rows(self, rows: list[AgendaRow]) -> None:
        self.rows = rows
        self.refresh()

    def render(self) -> Text:
        if self.rows is None:
            return Text("")
        if not self.rows:
            return Text(t("agenda.empty"))
        width = max(self.content_size.width, 20)
        text = Text()
        for row in self.rows:
            when = local_time(row.starts_at, self.zone)[5:] + " "
            if row.all_day:  # a date, not an instant (store.schedule): no clock time
                when = fit(row.starts_at.date().isoformat()[5:], cell_len(when))
            kind = fit(label("event", row.kind), KIND_CELLS) + " "
            who = "、".join(row.clients) or row.title
            rest = width - cell_len(when) - cell_len(kind)
            text.append(when, style="bold")
            text.append(kind)
            text.append(fit(who, rest).rstrip() + "\n")
        text.rstrip()
        return text
