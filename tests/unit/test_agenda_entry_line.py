"""The calendar's entry lines (tui/widgets/agenda_list.py) do not repeat a made-up title.

An entry saved without a title is shown as "拜访张伟" where a title is
needed; in a line that already has the kind and the client "张伟" it only
repeats them, so the line shows a title only when it was typed (the same
rule as the `clientdesk agenda` table, `tui.agenda_report.typed_title`).
"""

from __future__ import annotations

from datetime import date, time

from rich.style import Style

from store import i18n
from store.agenda import AgendaEntry
from store.schedule import display_title
from tui.agenda_report import what
from tui.widgets.agenda_list import entry_line


def _entry(title: str, *, location: str = "", clients: tuple[str, ...] = ("张伟",)) -> AgendaEntry:
    return AgendaEntry(
        day=date(2026, 12, 2), at=time(10, 0), source="event", kind="visit", id="e1",
        title=title, clients=clients, client_ids=("c1",) * len(clients), status="planned",
        detail=location, holiday=None,
    )  # fmt: skip


def _line(entry: AgendaEntry) -> str:
    return entry_line(entry, Style(), Style()).plain


def test_a_made_up_title_is_not_shown_beside_the_client() -> None:
    i18n.set_language("zh")  # the autouse fixture puts English back
    made = display_title("visit", "", ("张伟",))
    assert made == "拜访张伟"
    line = _line(_entry(made, location="茅台镇"))
    assert "张伟" in line and "茅台镇" in line
    assert made not in line
    assert what(_entry(made, location="茅台镇")) == "茅台镇"


def test_a_typed_title_is_shown() -> None:
    i18n.set_language("zh")
    line = _line(_entry("年度资产检视", location="茅台镇"))
    assert line.rstrip().endswith("年度资产检视  茅台镇")


def test_a_made_up_title_of_two_clients_is_not_shown_either() -> None:
    made = display_title("visit", "", ("张伟", "王芳"))
    line = _line(_entry(made, clients=("张伟", "王芳")))
    assert made not in line and "张伟" in line
