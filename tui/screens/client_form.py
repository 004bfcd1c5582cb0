"""The client form: create a client (`n` on the desk) or edit one (`e` on a profile).

The fields come from `store.client_edit` (one schema for the form, the
import and the tests). Each field is checked when the manager leaves it and
again as they fix it; the error shows under the field, in the user's
language. F2 (or ctrl+s) checks every field and saves only when all are
valid, in a worker; escape with unsaved changes asks before discarding.
Typing a valid resident ID number fills an empty birth date and gender,
which stay editable.

The owner manager (归属客户经理) is chosen in the management group from
the branch's managers by name and level, read in a worker
(`store.client_edit.owner_choices`); a new client starts with the signed-in
manager. Saving another owner reassigns the client, which the audit log
records (old → new).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Input, Label, Select, Static, TextArea
from textual.worker import Worker, WorkerState

from store import clock
from store.client_edit import (
    MULTILINE_FIELDS,
    FormField,
    FormGroup,
    ManagerChoice,
    create_client,
    derived_defaults,
    form_groups,
    owner_choices,
    update_client,
    validate_form,
)
from store.db import Store
from store.errors import ClientdeskError
from store.i18n import t
from store.tiers import TierRules
from store.vocab import ClientKind, ClientStatus, IdType
from tui.bindings import translate_bindings
from tui.messages import ClientSaved, OwnerChoicesLoaded, SaveRejected
from tui.screens.form_support import ValidatingForm

#: What a new client's form starts with (a blank gender means "unknown").
NEW_CLIENT_DEFAULTS: dict[str, str] = {
    "nationality": "CHN",
    "status": ClientStatus.ACTIVE.value,
    "id_type": IdType.RESIDENT_ID.value,
    "birthday_lunar": "no",
}
_PLACEHOLDERS = {
    "date": "client_edit.hint.date",
    "money": "client_edit.hint.money",
    "tags": "client_edit.field.tags_hint",
}
#: The owner's column: its row, widget and error ids follow the form's `field-<name>`.
OWNER = "owner_manager_id"
_OWNER_GROUP = "client_edit.group.management"


def _owner_label(choice: ManagerChoice) -> str:
    return t("client_relations.owner_choice", name=choice.name, level=t(f"level.{choice.level}"))


def _columns(groups: tuple[FormGroup, ...]) -> tuple[list[FormGroup], list[FormGroup]]:
    """Groups split into two columns of about the same number of fields."""
    sizes = [sum(f.in_form for f in group.fields) for group in groups]
    half = sum(sizes) / 2
    left: list[FormGroup] = []
    count = 0
    for group, size in zip(groups, sizes, strict=True):
        if count >= half:
            break
        left.append(group)
        count += size
    return left, list(groups[len(left) :])


class ClientFormScreen(ValidatingForm, Screen[str | None]):
    """Dismisses with the saved client's id, or None when left without saving."""

    BINDINGS = [
        # ctrl+s is the desk's sync key, and some terminals eat it: F2 is shown.
        Binding("f2,ctrl+s", "save", "key.client_edit.save", id="save-client"),
        Binding("escape", "cancel", "key.cancel", id="cancel-client-form"),
        Binding("tab", "focus_next", "key.client_edit.next_field", show=False),
        Binding("shift+tab", "focus_previous", "key.client_edit.prev_field", show=False),
    ]

    def __init__(
        self,
        store: Store,
        rules: TierRules,
        zone: str,
        *,
        kind: str = ClientKind.INDIVIDUAL.value,
        client_id: str | None = None,
        initial: dict[str, str] | None = None,
        name: str = "",
        owner_id: str | None = None,
        owner_name: str | None = None,
        opened: Mapping[str, Any] | None = None,
    ) -> None:
        """`initial` is the text the form opens with; `opened`, for an edit, the
        stored values it was made from (tags under ``tags``): saving sends only
        the fields the manager changed and refuses one changed elsewhere since."""
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.rules = rules
        self.zone = zone
        self.kind = kind
        self.client_id = client_id
        self.client_name = name
        self.initial = dict(initial if initial is not None else NEW_CLIENT_DEFAULTS)
        self._initial_kind = kind
        self.opened: dict[str, Any] = dict(opened or {})
        self._shown_values = dict(self.initial)
        # Refusals of the save itself (a duplicate ID, a field changed elsewhere):
        # shown until the manager edits that field, however the focus moves.
        self._rejected: dict[str, str] = {}
        # Values filled in from a resident ID; a field still holding its value
        # follows the next ID typed, one the manager changed is left alone.
        self.auto: dict[str, str] = {}
        # The owner: a new client starts with the signed-in manager. Until the
        # branch's managers are read, the select offers the current one alone.
        if owner_id is None and client_id is None:
            owner_id = store.manager_id
        self.initial_owner = owner_id
        self.owner_id = owner_id
        self.owner_options: list[tuple[str, str]] = (
            [(owner_name or "-", owner_id)] if owner_id else []
        )

    @property
    def creating(self) -> bool:
        return self.client_id is None

    def today(self) -> date:
        return clock.today(self.zone)

    # --- layout --------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with VerticalScroll(id="form-body"):
            if self.creating:
                with Horizontal(classes="form-row", id="row-kind"):
                    yield Label(t("field.kind"), classes="form-label")
                    yield Select(
                        [(t(f"kind.{k.value}"), k.value) for k in ClientKind],
                        value=self.kind,
                        allow_blank=False,
                        compact=True,
                        id="field-kind",
                    )
            left, right = _columns(form_groups(self.kind))
            with Horizontal(id="form-columns"):
                for column in (left, right):
                    with Vertical(classes="form-column"):
                        for group in column:
                            yield self._group(group)
            yield Static(t("client_edit.required_hint"), classes="form-hint")
        yield Footer()

    def _group(self, group: FormGroup) -> Vertical:
        rows: list[Widget] = []
        for field in group.fields:
            if not field.in_form:
                continue
            label = t(field.label) + (" *" if field.required else "")
            rows.append(
                Horizontal(
                    Label(label, classes="form-label"),
                    self._widget(field),
                    classes="form-row",
                    id=f"row-{field.name}",
                )
            )
            rows.append(Static("", classes="form-error", id=f"error-{field.name}"))
            if field.name == "id_number":
                rows.append(Static("", classes="form-note", id="note-id_number"))
        if group.heading == _OWNER_GROUP:
            rows += self._owner_rows()
        box = Vertical(*rows, classes="form-group")
        box.border_title = t(group.heading)
        return box

    def _owner_rows(self) -> list[Widget]:
        select: Select[str] = Select(
            self.owner_options,
            value=self.owner_id if self.owner_id else Select.NULL,
            allow_blank=self.initial_owner is None,
            prompt=t("client_relations.owner_none"),
            compact=True,
            id=f"field-{OWNER}",
        )
        return [
            Horizontal(
                Label(t("field.owner"), classes="form-label"),
                select,
                classes="form-row",
                id=f"row-{OWNER}",
            ),
            Static("", classes="form-error", id=f"error-{OWNER}"),
        ]

    def _widget(self, field: FormField) -> Widget:
        value = self._shown_values.get(field.name, "")
        widget_id = f"field-{field.name}"
        if field.kind == "choice":
            codes = list(field.choices)
            if field.name == "status" and value != ClientStatus.ARCHIVED:
                codes.remove(ClientStatus.ARCHIVED.value)  # archiving has its own key
            options = [(t(f"{field.vocabulary}.{code}"), code) for code in codes]
            return Select(
                options,
                value=value if value in codes else Select.NULL,
                allow_blank=field.name != "status",
                prompt=t("client_edit.choose"),
                compact=True,
                id=widget_id,
            )
        if field.kind == "bool":
            return Select(
                [(t("yes"), "yes"), (t("no"), "no")],
                value=value or "no",
                allow_blank=False,
                compact=True,
                id=widget_id,
            )
        if field.name in MULTILINE_FIELDS:
            return TextArea(value, compact=True, id=widget_id, soft_wrap=True)
        placeholder = _PLACEHOLDERS.get(field.kind, "")
        return Input(
            value, placeholder=t(placeholder) if placeholder else "", compact=True, id=widget_id
        )

    def on_mount(self) -> None:
        if self.creating:
            self.title = t("client_edit.title_new")
        else:
            self.title = t("client_edit.title_edit", name=self.client_name)
        self.sub_title = t(f"kind.{self.kind}")
        first = self.query(Input).first() if self.query(Input) else None
        if first is not None:
            first.focus()
        self.load_owners()

    # --- the owner manager -------------------------------------------------------
    @work(thread=True, exclusive=True, group="owner-choices", exit_on_error=False)
    def load_owners(self) -> None:
        with self.store.read_session() as session:
            choices = owner_choices(session, self.client_id, self.store.manager_id)
        self.post_message(OwnerChoicesLoaded(choices))

    def on_owner_choices_loaded(self, message: OwnerChoicesLoaded) -> None:
        message.stop()
        options = [(_owner_label(choice), choice.id) for choice in message.choices]
        if not options or (self.owner_id and self.owner_id not in {c.id for c in message.choices}):
            return  # nothing better to offer than what the select already shows
        self.owner_options = options
        select = self.query_one(f"#field-{OWNER}", Select)
        with select.prevent(Select.Changed):
            select.set_options(options)
            select.value = self.owner_id if self.owner_id else Select.NULL

    # --- reading the form ------------------------------------------------------
    def _fields(self) -> dict[str, FormField]:
        return {f.name: f for g in form_groups(self.kind) for f in g.fields if f.in_form}

    def values(self) -> dict[str, str]:
        """The text of every field as typed (choices as code names, "" when blank)."""
        values: dict[str, str] = {}
        for name in self._fields():
            widget = self.query_one(f"#field-{name}")
            if isinstance(widget, Select):
                values[name] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, TextArea):
                values[name] = widget.text
            elif isinstance(widget, Input):
                values[name] = widget.value
        return values

    @property
    def dirty(self) -> bool:
        """True when something differs from what the form opened with."""
        if self.kind != self._initial_kind or self.owner_id != self.initial_owner:
            return True
        values = self.values()
        return any(values.get(n, "") != self.initial.get(n, "") for n in values)

    def check(self) -> tuple[dict[str, Any], dict[str, str]]:
        """Validate the whole form; show the errors of fields already visited."""
        clean, errors = validate_form(
            self.values(),
            self.kind,
            today=self.today(),
            opened=None if self.creating else self.initial,
        )
        for name in self._fields():
            shown = errors.get(name, "") if (self.submitted or name in self.touched) else ""
            shown = shown or self._rejected.get(name, "")
            self._show_error(name, shown)
        return clean, errors

    # --- validating as the manager goes -------------------------------------------
    def _field_changed(self, name: str, value: str) -> None:
        """A save's refusal goes with the edit; a resident ID fills what it encodes."""
        self._rejected.pop(name, None)
        if name == "id_number":
            self._fill_from_id(value)
        super()._field_changed(name, value)

    @on(Input.Submitted)
    def _next_field(self, _event: Input.Submitted) -> None:
        self.focus_next()

    @on(TextArea.Changed)
    def _text_changed(self, event: TextArea.Changed) -> None:
        """Multi-line text is checked as it is typed: too long shows at once."""
        name = self._field_name(event.text_area)
        if name is not None and event.text_area.text != self.initial.get(name, ""):
            self.touched.add(name)
            self._field_changed(name, event.text_area.text)

    @on(Select.Changed)
    def _chose(self, event: Select.Changed) -> None:
        if event.select.id == "field-kind":
            self._switch_kind(str(event.value))
            return
        if event.select.id == f"field-{OWNER}":
            self.owner_id = None if event.value is Select.NULL else str(event.value)
            self._show_error(OWNER, "")
            return
        name = self._field_name(event.select)
        if name is None:
            return
        self.touched.add(name)
        self._rejected.pop(name, None)
        if name == "id_type":
            self.touched.add("id_number")
            self._fill_from_id(self.query_one("#field-id_number", Input).value)
        self.check()

    def _fill_from_id(self, number: str) -> None:
        """Offer the birth date and gender a resident ID encodes, for empty fields."""
        id_type = self.query_one("#field-id_type", Select).value
        if id_type not in (IdType.RESIDENT_ID.value, Select.NULL):
            return
        defaults = derived_defaults(number, today=self.today())
        if not defaults:
            return
        birth = self.query_one("#field-birth_date", Input)
        gender = self.query_one("#field-gender", Select)
        filled = False
        if birth.value in ("", self.auto.get("birth_date")) and (
            birth.value != defaults["birth_date"]
        ):
            birth.value = self.auto["birth_date"] = defaults["birth_date"]
            filled = True
        if gender.value in (Select.NULL, "unknown", self.auto.get("gender")) and (
            gender.value != defaults["gender"]
        ):
            gender.value = self.auto["gender"] = defaults["gender"]
            filled = True
        if filled:
            note = self.query_one("#note-id_number", Static)
            note.update(t("client_edit.derived"))
            note.add_class("-shown")

    def _switch_kind(self, kind: str) -> None:
        if kind == self.kind:
            return
        self._shown_values = {**self.initial, **self.values()}
        self.kind = kind
        self.touched.clear()
        self._errors_shown.clear()
        self.submitted = False
        self.sub_title = t(f"kind.{kind}")
        self.refresh(recompose=True)
        self.call_after_refresh(self._focus_kind)

    def _focus_kind(self) -> None:
        self.query_one("#field-kind").focus()

    # --- saving ------------------------------------------------------------------
    def action_save(self) -> None:
        if self.saving:
            return
        self.submitted = True
        clean, errors = self.check()
        if errors:
            first = next(n for n in self._fields() if n in errors)
            self.query_one(f"#field-{first}").focus()
            self.notify(t("client_edit.fix_errors", count=len(errors)), severity="error", timeout=6)
            return
        if not self.creating and not self.dirty:
            self.notify(t("client_edit.nothing_changed"))
            self.dismiss(None)
            return
        self.saving = True
        self.sub_title = t("client_edit.saving")
        if self.owner_id and (self.creating or self.owner_id != self.initial_owner):
            clean[OWNER] = self.owner_id
        expected: dict[str, Any] = {}
        if not self.creating:
            changed = self._changed_fields()
            clean = {n: v for n, v in clean.items() if n in changed or n == "kind"}
            expected = {n: self.opened[n] for n in clean if n in self.opened}
        self.save(clean, expected)

    def _changed_fields(self) -> set[str]:
        """The fields the manager changed, with the ones saved along with them.

        Only these are sent: a field left as it opened must not put back
        what sync or another session wrote meanwhile.
        """
        values = self.values()
        changed = {n for n, text in values.items() if text != self.initial.get(n, "")}
        if "credit_code" in changed:  # a company's code is also its ID number
            changed |= {"id_type", "id_number"}
        if "id_number" in changed:  # a blank type is read as a resident ID
            changed.add("id_type")
        if self.owner_id != self.initial_owner:
            changed.add(OWNER)
        return changed

    @work(thread=True, exclusive=True, group="client-save", exit_on_error=False)
    def save(self, clean: dict[str, Any], expected: dict[str, Any]) -> None:
        """Create or update in one transaction; a refusal comes back as a field error."""
        name = str(clean.get("name") or self.client_name)
        try:
            if self.client_id is None:
                client_id = create_client(self.store, clean, self.rules)
                notice = t("client_edit.created", name=name)
            else:
                client_id = self.client_id
                changed = update_client(self.store, client_id, clean, self.rules, expected=expected)
                notice = (
                    t("client_edit.saved", name=name, count=len(changed))
                    if changed
                    else t("client_edit.nothing_changed")
                )
        except ClientdeskError as exc:  # a bad field, a client deleted meanwhile, ...
            self.post_message(SaveRejected(getattr(exc, "column", None), exc.message()))
            return
        self.post_message(ClientSaved(client_id, name, self.creating, notice))

    def on_client_saved(self, message: ClientSaved) -> None:
        """Close the form; the app hears of the save and reloads what it shows."""
        message.stop()
        self.saving = False
        self.dismiss(message.client_id)
        self.app.post_message(
            ClientSaved(message.client_id, message.name, message.created, message.notice)
        )

    def on_save_rejected(self, message: SaveRejected) -> None:
        self.saving = False
        self.sub_title = t(f"kind.{self.kind}")
        if message.field is not None and self.query(f"#error-{message.field}"):
            self._rejected[message.field] = message.text
            self._show_error(message.field, message.text)
            self.query_one(f"#field-{message.field}").focus()
        self.notify(message.text, title=t("client_edit.save_failed"), severity="error", timeout=8)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """Say what failed: a screen's worker reports to the screen, not to the app.

        The form stays open with what was typed, so nothing is lost.
        """
        if event.state != WorkerState.ERROR:
            return
        if event.worker.group == "client-save":
            self.saving = False
            self.sub_title = t(f"kind.{self.kind}")
        self.notify(
            f"{event.worker.error}",
            title=t("client_edit.save_failed")
            if event.worker.group == "client-save"
            else t("notice.worker_failed"),
            severity="error",
            timeout=15,
        )

    # --- leaving -----------------------------------------------------------------
    def action_cancel(self) -> None:
        self._leave(self.dirty)
