"""What the validating forms share: how a field's error is shown and when a form re-checks.

The client form, the key contact form and the relation form each show a
field's error in a `#error-<name>` Static under its `#row-<name>`, and the
first two check a field when the manager leaves it and again as they fix
it. Keeping that in one place keeps the forms behaving alike.

These are mixins, listed before the screen class
(``class X(ValidatingForm, ModalScreen[str | None])``). They are not
message pumps, so they handle messages by naming convention
(``on_input_blurred``) rather than with ``@on``; textual calls a handler of
that name from every class of the MRO, so a screen changes what happens by
overriding the hook a handler calls (`_field_changed`), not the handler.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from textual.widget import Widget
from textual.widgets import Input, Static

from store.i18n import t

if TYPE_CHECKING:
    from textual.screen import Screen

    _ScreenBase = Screen[Any]
else:
    _ScreenBase = object


class _Notice(Protocol):
    """A saved message that closes a modal form with its notice."""

    notice: str

    def stop(self, stop: bool = True) -> None: ...


class FieldErrors(_ScreenBase):
    """A form that shows errors under its rows and closes once its save succeeds."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: The text under each field now: updating a Static lays the screen out again.
        self._errors_shown: dict[str, str] = {}
        #: True while a save runs in a worker, so F2 pressed again does not save twice.
        self.saving = False

    def _show_error(self, name: str, text: str) -> None:
        """Put `text` under the field (only when it changed: each update lays out again)."""
        if self._errors_shown.get(name, "") == text:
            return
        self._errors_shown[name] = text
        error = self.query_one(f"#error-{name}", Static)
        error.update(text)
        error.set_class(bool(text), "-shown")
        self.query_one(f"#row-{name}").set_class(bool(text), "-invalid")

    def _leave(self, dirty: bool) -> None:
        """Close at once when nothing was typed; otherwise ask before discarding it."""
        if not dirty:
            self.dismiss(None)
            return
        from tui.screens.confirm import ConfirmScreen

        self.app.push_screen(
            ConfirmScreen(t("client_edit.discard_title"), t("client_edit.discard_body")),
            self._discard_answered,
        )

    def _discard_answered(self, discard: bool | None) -> None:
        if discard:
            self.dismiss(None)

    def _close_saved(self, message: _Notice) -> None:
        """The save went through: close the modal with its notice."""
        message.stop()
        self.saving = False
        self.dismiss(message.notice)


class ValidatingForm(FieldErrors):
    """A form whose inputs have ids `field-<name>`, checked as the manager goes.

    A field is checked once the manager leaves it, then on every change;
    after a save was tried (`submitted`), every field is. The screen
    provides `check()`, which validates the form and shows the errors.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Fields the manager has left: their errors show from now on.
        self.touched: set[str] = set()
        #: True once a save was tried: every field's error shows.
        self.submitted = False

    def check(self) -> tuple[dict[str, Any], dict[str, str]]:
        raise NotImplementedError

    @staticmethod
    def _field_name(widget: Widget | None) -> str | None:
        if widget is None or not widget.id or not widget.id.startswith("field-"):
            return None
        return widget.id.removeprefix("field-")

    def on_input_blurred(self, event: Input.Blurred) -> None:
        name = self._field_name(event.input)
        if name is not None:
            self.touched.add(name)
            self.check()

    def on_input_changed(self, event: Input.Changed) -> None:
        name = self._field_name(event.input)
        if name is not None:
            self._field_changed(name, event.value)

    def _field_changed(self, name: str, value: str) -> None:
        """A field's input changed: re-check once it was left or a save was tried."""
        if name in self.touched or self.submitted:
            self.check()
