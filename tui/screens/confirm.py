"""A yes/no question in a modal: archive this client? discard these changes?

Answered from the keyboard only (enter or y, escape or n); the screen
dismisses with True or False, so callers use it with `push_screen(...,
callback)` or `await push_screen_wait(...)` inside a worker.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from store.i18n import t
from tui.bindings import translate_bindings


class ConfirmScreen(ModalScreen[bool]):
    """Ask `question` under `title`; True when confirmed."""

    BINDINGS = [
        Binding("enter,y", "answer(True)", "key.client_edit.confirm", id="confirm-yes"),
        Binding("escape,n", "answer(False)", "key.cancel", id="confirm-no"),
    ]

    def __init__(self, title: str, question: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.title_text = title
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-body") as body:
            body.border_title = self.title_text
            yield Static(self.question, id="confirm-question")
            yield Static(t("client_edit.confirm_hint"), classes="form-hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
