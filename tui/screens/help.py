"""`?`: every key of the desk, grouped by where it works."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from store.i18n import t
from tui.bindings import translate_bindings

HelpSection = tuple[str, list[tuple[str, str]]]


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; any of escape, q or ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "key.close")]

    def __init__(self, sections: list[HelpSection]) -> None:
        super().__init__()
        translate_bindings(self)
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = t("help.title")
            for title, rows in self.sections:
                table = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
                table.add_column(style="bold", no_wrap=True)
                table.add_column()
                for key, description in rows:
                    table.add_row(key, description)
                yield Static(Text(title, style="bold underline"), classes="help-heading")
                yield Static(table)
            yield Static(t("help.close_hint"), classes="help-hint")

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
