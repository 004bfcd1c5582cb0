"""`c` on a company's profile, or enter on one of its key contacts: add or edit a key contact.

A key contact (关键联系人) is a person at a corporate client who is not a
client: the chairman, the finance director, whose birthdays and phones a
manager keeps. Fields come from `store.client_relations.CONTACT_FIELDS`
and are checked like the client form's: when the manager leaves a field,
again as they fix it, and all at once on F2; every bad field is named with
its reason and nothing is saved until all are good. The save runs in a
worker; the modal closes with a notice of what was saved.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from store import clock
from store.client_detail import ContactRow
from store.client_relations import (
    CONTACT_FIELDS,
    ContactField,
    add_key_contact,
    contact_text,
    update_key_contact,
    validate_key_contact,
)
from store.db import Store
from store.errors import ValidationError
from store.i18n import t
from tui.bindings import translate_bindings
from tui.messages import ContactSaved, SaveRejected
from tui.screens.form_support import ValidatingForm

_PLACEHOLDERS = {"date": "client_edit.hint.date"}


class KeyContactFormScreen(ValidatingForm, ModalScreen[str | None]):
    """Dismisses with a notice of what was saved, or None when cancelled."""

    BINDINGS = [
        Binding("f2,ctrl+s", "save", "key.client_edit.save", id="save-contact"),
        Binding("escape", "cancel", "key.cancel", id="cancel-contact"),
    ]

    def __init__(
        self,
        store: Store,
        client_id: str,
        client_name: str,
        zone: str,
        contact: ContactRow | None = None,
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.client_id = client_id
        self.client_name = client_name
        self.zone = zone
        self.contact = contact
        self.initial = contact_text(contact) if contact else {"birthday_lunar": "no"}

    def compose(self) -> ComposeResult:
        with Vertical(id="contact-body") as body:
            if self.contact is None:
                body.border_title = t("client_relations.contact_title_new", name=self.client_name)
            else:
                body.border_title = t("client_relations.contact_title_edit", name=self.contact.name)
            for field in CONTACT_FIELDS:
                label = t(field.label) + (" *" if field.required else "")
                with Horizontal(classes="form-row", id=f"row-{field.name}"):
                    yield Label(label, classes="form-label")
                    yield self._widget(field)
                yield Static("", classes="form-error", id=f"error-{field.name}")
            yield Static(t("client_relations.contact_hint"), classes="form-hint")

    def _widget(self, field: ContactField) -> Widget:
        value = self.initial.get(field.name, "")
        if field.kind == "bool":
            return Select(
                [(t("yes"), "yes"), (t("no"), "no")],
                value=value or "no",
                allow_blank=False,
                compact=True,
                id=f"field-{field.name}",
            )
        placeholder = _PLACEHOLDERS.get(field.kind)
        return Input(
            value,
            placeholder=t(placeholder) if placeholder else "",
            max_length=field.max_length or 0,
            compact=True,
            id=f"field-{field.name}",
        )

    def on_mount(self) -> None:
        self.query_one("#field-name").focus()

    def today(self) -> date:
        return clock.today(self.zone)

    # --- reading and checking ----------------------------------------------------
    def values(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for field in CONTACT_FIELDS:
            widget = self.query_one(f"#field-{field.name}")
            if isinstance(widget, Select):
                values[field.name] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, Input):
                values[field.name] = widget.value
        return values

    def check(self) -> tuple[dict[str, Any], dict[str, str]]:
        """Validate every field; show the errors of fields already visited."""
        clean, errors = validate_key_contact(self.values(), today=self.today())
        for field in CONTACT_FIELDS:
            shown = self.submitted or field.name in self.touched
            self._show_error(field.name, errors.get(field.name, "") if shown else "")
        return clean, errors

    @on(Input.Submitted)
    def _next(self, _event: Input.Submitted) -> None:
        self.focus_next()

    @on(Select.Changed)
    def _chose(self, event: Select.Changed) -> None:
        name = self._field_name(event.select)
        if name is not None:
            self.touched.add(name)
            self.check()

    # --- saving ------------------------------------------------------------------
    def action_save(self) -> None:
        if self.saving:
            return
        self.submitted = True
        _, errors = self.check()
        if errors:
            first = next(f.name for f in CONTACT_FIELDS if f.name in errors)
            self.query_one(f"#field-{first}").focus()
            return
        self.saving = True
        self.save(self.values())

    @work(thread=True, exclusive=True, group="contact-save", exit_on_error=False)
    def save(self, values: dict[str, str]) -> None:
        """Add or update in one transaction; the store checks the fields again."""
        name = values["name"].strip()
        try:
            if self.contact is None:
                add_key_contact(self.store, self.client_id, values)
                notice = t("client_relations.contact_added", name=name, client=self.client_name)
            else:
                changed = update_key_contact(self.store, self.contact.id, values)
                notice = (
                    t("client_relations.contact_saved", name=name, count=len(changed))
                    if changed
                    else t("client_edit.nothing_changed")
                )
        except ValidationError as exc:
            self.post_message(SaveRejected(getattr(exc, "column", None), exc.message()))
            return
        self.post_message(ContactSaved(self.client_id, notice))

    def on_contact_saved(self, message: ContactSaved) -> None:
        self._close_saved(message)

    def on_save_rejected(self, message: SaveRejected) -> None:
        message.stop()
        self.saving = False
        field = message.field if message.field in {f.name for f in CONTACT_FIELDS} else "name"
        self._show_error(field, message.text)
        self.query_one(f"#field-{field}").focus()

    @on(Worker.StateChanged)
    def _save_failed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "contact-save" and event.state == WorkerState.ERROR:
            self.saving = False

    def action_cancel(self) -> None:
        """Leave at once when nothing was typed; otherwise ask before discarding it."""
        values = self.values()
        self._leave(any(values[n] != self.initial.get(n, "") for n in values))
