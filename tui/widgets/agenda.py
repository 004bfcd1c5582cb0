"""The next entries of the manager's schedule, under the month grid."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from store.calendar import AgendaRow
from store.i18n import t
from tui.format import fit, label, local_time


class Agenda(Static):
    """A short list: when, what, with whom."""

    def __init__(self, zone: str, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.zone = zone

    def show_rows(self, rows: list[AgendaRow]) -> None:
        if not rows:
            self.update(t("agenda.empty"))
            return
        text = Text()
        for row in rows:
            when = local_time(row.starts_at, self.zone)[5:]
            who = "、".join(row.clients[:2]) + ("..." if len(row.clients) > 2 else "")
            text.append(when + " ", style="bold")
            text.append(fit(label("event", row.kind), 10) + " ")
            text.append(who or row.title)
            text.append("\n")
        text.rstrip()
        self.update(text)
