"""`t` on a profile: set a client's tier or importance by hand, with a reason.

The rules (store.tiers) decide tier and importance from the figures; a
manager may set either aside, but only with a reason the next manager can
read. Choosing "follow the rules" hands the field back to them. The modal
only collects and checks the request; the profile writes it in a worker.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from store.client_edit import REASON_MAX, validate_override
from store.errors import ValidationError
from store.i18n import t
from store.vocab import Importance, Tier
from tui.bindings import translate_bindings

#: The value option that clears a manual override.
FOLLOW_RULES = "rules"
_VOCABULARIES = {"tier": Tier, "importance": Importance}


@dataclass(frozen=True)
class OverrideRequest:
    """What to write: `value` None hands the field back to the rules."""

    field: str
    value: str | None
    reason: str | None


@dataclass(frozen=True)
class OverrideState:
    """A client's current tier and importance and their manual reasons."""

    tier: str
    importance: str
    tier_reason: str | None
    importance_reason: str | None


class OverrideScreen(ModalScreen[OverrideRequest | None]):
    """Which field, which value, why; F2 or enter in the reason saves."""

    BINDINGS = [
        Binding("f2", "save", "key.client_edit.save", id="save-override"),
        Binding("escape", "cancel", "key.cancel", id="cancel-override"),
    ]

    def __init__(self, name: str, state: OverrideState, field: str = "tier") -> None:
        super().__init__()
        translate_bindings(self)
        self.client_name = name
        self.state = state
        self.field = field

    def compose(self) -> ComposeResult:
        with Vertical(id="override-body") as body:
            body.border_title = t("client_edit.override_title")
            yield Static(self.client_name, id="override-client")
            with Horizontal(classes="form-row"):
                yield Label(t("client_edit.field.override_field"), classes="form-label")
                yield Select(
                    [(t("field.tier"), "tier"), (t("field.importance"), "importance")],
                    value=self.field,
                    allow_blank=False,
                    compact=True,
                    id="override-field",
                )
            with Horizontal(classes="form-row"):
                yield Label(t("client_edit.field.override_value"), classes="form-label")
                yield Select(
                    self._options(self.field),
                    value=self._current(self.field),
                    allow_blank=False,
                    compact=True,
                    id="override-value",
                )
            with Horizontal(classes="form-row"):
                yield Label(t("client_edit.field.override_reason") + " *", classes="form-label")
                yield Input(
                    self._reason(self.field) or "",
                    max_length=REASON_MAX,
                    compact=True,
                    id="override-reason",
                )
            yield Static("", classes="form-error", id="override-error")
            yield Static(t("client_edit.override_hint"), classes="form-hint")

    def on_mount(self) -> None:
        self.query_one("#override-value").focus()

    def _options(self, field: str) -> list[tuple[str, str]]:
        vocabulary = _VOCABULARIES[field]
        return [(t("client_edit.override_rule"), FOLLOW_RULES)] + [
            (t(f"{field}.{member.value}"), member.value) for member in vocabulary
        ]

    def _reason(self, field: str) -> str | None:
        return self.state.tier_reason if field == "tier" else self.state.importance_reason

    def _current(self, field: str) -> str:
        """The manual value if there is one, else "follow the rules"."""
        if not self._reason(field):
            return FOLLOW_RULES
        return self.state.tier if field == "tier" else self.state.importance

    @on(Select.Changed, "#override-field")
    def _field_chosen(self, event: Select.Changed) -> None:
        self.field = str(event.value)
        value = self.query_one("#override-value", Select)
        value.set_options(self._options(self.field))
        value.value = self._current(self.field)
        self.query_one("#override-reason", Input).value = self._reason(self.field) or ""
        self._show_error("")

    @on(Input.Submitted, "#override-reason")
    def _submitted(self, _event: Input.Submitted) -> None:
        self.action_save()

    def _show_error(self, text: str) -> None:
        error = self.query_one("#override-error", Static)
        error.update(text)
        error.set_class(bool(text), "-shown")

    def action_save(self) -> None:
        chosen = self.query_one("#override-value", Select).value
        value = None if chosen in (FOLLOW_RULES, Select.NULL) else str(chosen)
        reason = self.query_one("#override-reason", Input).value
        try:
            value, reason = validate_override(self.field, value, reason)
        except ValidationError as exc:
            self._show_error(exc.message())
            self.query_one("#override-reason").focus()
            return
        self.dismiss(OverrideRequest(self.field, value, reason))

    def action_cancel(self) -> None:
        self.dismiss(None)
