"""A date typed the way people say it, with the date it means shown before it is kept.

`DateInput` is an `Input` that reads `12-5`, `+2w`, `next fri`, `下周三` or
`月底` with `store.natural_dates` and shows what it understood on a line of
its own (`preview`, a Static the form places under the field): the resolved
date, its weekday and how far away it is, or why the text cannot be read.
A form keeps the resolved date (`value_date`), never the words, so what the
manager saw is what is saved.

When the date is a public holiday or a weekend, the preview says so and
ctrl+w (shown in the footer only then) replaces it by the previous working
day (`store.workdays.previous_workday`), the day a bank's client can be met.
On a working day ctrl+w keeps the Input's own meaning, deleting a word.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Input, Static

from store.i18n import t
from tui.bindings import translate_bindings

Prefer = Literal["future", "past"]


class DatePreview(Static):
    """The line under a date field: the date understood, or why not."""

    DEFAULT_CSS = """
    DatePreview {
        height: auto;
        color: $text-muted;
        padding-left: 18;
    }
    DatePreview.-problem {
        color: $warning;
    }
    DatePreview.-hidden {
        display: none;
    }
    """


class DateInput(Input):
    """Natural date entry; `value_date` is the date the text resolves to, or None.

    Yield `date_input.preview` where the preview should show (under the
    field's row); a DateInput mounted without it puts it right after itself.
    """

    BINDINGS = [
        Binding(
            "ctrl+w",
            "previous_workday",
            "key.date_input.previous_workday",
            id="date-previous-workday",
        ),
        # On a working day ctrl+w is the Input's "delete the word on the left".
        Binding("ctrl+w", "delete_left_word", "key.date_input.delete_word", show=False),
    ]

    def __init__(
        self,
        value: str = "",
        *,
        today: date,
        prefer: Prefer = "future",
        placeholder: str = "",
        id: str | None = None,
        compact: bool = True,
        max_length: int = 30,
    ) -> None:
        # Set before Input.__init__, which assigns `value` and so calls the watcher.
        self.today = today
        self.prefer: Prefer = prefer
        self.preview = DatePreview("", id=f"{id}-preview" if id else None)
        #: The date the text resolves to (None: empty or unreadable).
        self.value_date: date | None = None
        #: Why the text cannot be read (None: empty or read).
        self.problem: str | None = None
        #: The previous working day offered while the date is a day off, else None.
        self.workday: date | None = None
        self._described = ""
        super().__init__(value, placeholder=placeholder, id=id, compact=compact,
                         max_length=max_length)  # fmt: skip
        translate_bindings(self)
        self._resolve(value)

    def on_mount(self) -> None:
        if self.preview.parent is None and self.parent is not None:
            self.parent.mount(self.preview, after=self)
        self._show_preview()

    def _watch_value(self, value: str) -> None:
        super()._watch_value(value)
        self._resolve(value)
        if self.is_mounted:
            self._show_preview()
            self.refresh_bindings()

    def _resolve(self, text: str) -> None:
        """Read `text` into `value_date` / `problem` and the working day to offer."""
        from store.natural_dates import describe

        self.value_date, self.problem, self.workday = None, None, None
        self._described = ""
        if not text.strip():
            return
        day, described = describe(text, self.today, prefer=self.prefer)
        self._described = described
        if day is None:
            self.problem = described
            return
        self.value_date = day
        from store.workdays import is_workday, previous_workday

        if not is_workday(day):
            self.workday = previous_workday(day)

    def _show_preview(self) -> None:
        text = Text(self._described)
        if self.workday is not None:
            key = self.app.get_key_display(self._workday_binding())
            # The preview's second line names the holiday and the day before it.
            text.append(t("date_input.offer_workday", keys=key))
        self.preview.update(text)
        self.preview.set_class(self.problem is not None, "-problem")

    def _workday_binding(self) -> Binding:
        """The binding as the footer shows it (a keymap may have moved it off ctrl+w)."""
        return next(
            binding
            for bindings in self._bindings.key_to_bindings.values()
            for binding in bindings
            if binding.action == "previous_workday"
        )

    def hide_preview(self, hidden: bool) -> None:
        """Hide the preview while the form shows an error about this field in its place."""
        self.preview.set_class(hidden, "-hidden")

    def set_date(self, day: date) -> None:
        """Put `day` in the field (as ISO, which reads back as itself)."""
        self.value = day.isoformat()
        self.cursor_position = len(self.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "previous_workday":
            return self.workday is not None
        return super().check_action(action, parameters)

    def action_previous_workday(self) -> None:
        """Take the working day before the holiday or weekend typed."""
        if self.workday is not None:
            self.set_date(self.workday)
