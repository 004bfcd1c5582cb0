"""`v` / `p`: log a visit or a call with the selected client; `e` on a log entry corrects it.

The form is built to be quick for the common case: kind and purpose are
chosen, "when" is now, the signed-in manager is ticked as present, and the
cursor starts in the summary, so a call is the note and F2. The visit record
in the seed's structure (prepared items, what was discussed, needs,
products, outcome, satisfaction, follow-ups, next contact date) sits beside
it, reachable with tab for every kind. Fields are read by
`store.interactions.validate_interaction_form` (the same rules the tests
check); each error shows under its field. F2 saves in a worker, escape with
typed changes asks before discarding them.

A correction (`entry_id`) opens with the stored entry, read in a worker,
and sends only the fields the manager changed, with the values they opened
with, so a change made elsewhere meanwhile is refused rather than
overwritten (`ChangedElsewhereError`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Input, Label, Select, SelectionList, Static, TextArea
from textual.worker import Worker, WorkerState

from store import clock
from store.cadence import DEFAULT_CADENCE, CadenceRules, role_rank
from store.client_edit import ManagerChoice, owner_choices
from store.db import Store
from store.errors import ClientdeskError
from store.i18n import t
from store.interactions import (
    FORM_FIELDS,
    describe_when,
    draft_from,
    edit_interaction,
    log_interaction,
    validate_interaction_form,
)
from store.visit_log import InteractionDetail, interaction_detail
from store.vocab import InteractionKind, Purpose
from tui.bindings import translate_bindings
from tui.messages import InteractionSaved, SaveRejected
from tui.screens.form_support import ValidatingForm
from tui.widgets.date_input import DateInput, DatePreview
from tui.widgets.marked_selection import MarkedSelectionList

#: Fields typed in a multi-line box; the rest are one-line inputs or choices.
TEXT_AREAS = frozenset({"summary", "prepared", "needs", "follow_ups"})
CONTACT_FIELDS = ("kind", "when", "ends", "duration_min", "purpose", "participants", "summary")
RECORD_FIELDS = (
    "prepared", "needs", "products", "outcome", "satisfaction", "follow_ups", "next_contact_on",
)  # fmt: skip
_PLACEHOLDERS = {
    "when": "visit_log.hint.when",
    "ends": "visit_log.hint.ends",
    "next_contact_on": "visit_log.hint.date",
}
_LABELS = {f.name: f.label for f in FORM_FIELDS}
#: Form fields → the entry's columns they change (ends changes the duration).
_COLUMNS = {"when": "occurred_at", "ends": "duration_min", "participants": "participant_ids"}


@dataclass
class FormDataLoaded(Message):
    """The branch's managers to choose from and, for a correction, the entry."""

    choices: list[ManagerChoice]
    detail: InteractionDetail | None


class InteractionFormScreen(ValidatingForm, Screen[str | None]):
    """Dismisses with a notice of what was saved, or None when left without saving."""

    BINDINGS = [
        Binding("f2,ctrl+s", "save", "key.client_edit.save", id="save-interaction"),
        Binding("escape", "cancel", "key.cancel", id="cancel-interaction"),
        Binding("tab", "focus_next", "key.client_edit.next_field", show=False),
        Binding("shift+tab", "focus_previous", "key.client_edit.prev_field", show=False),
    ]

    def __init__(
        self,
        store: Store,
        zone: str,
        client_id: str,
        client_name: str,
        *,
        kind: str = InteractionKind.VISIT.value,
        entry_id: str | None = None,
        prepared: Sequence[str] = (),
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.zone = zone
        self.client_id = client_id
        self.client_name = client_name
        self.kind = kind
        self.entry_id = entry_id
        now = clock.now().astimezone(ZoneInfo(zone))
        #: The text every field opened with; `dirty` compares against it.
        self.initial: dict[str, str] = {f.name: "" for f in FORM_FIELDS} | {
            "kind": kind,
            "when": now.strftime("%Y-%m-%d %H:%M"),
            "purpose": Purpose.CARE.value,
            "prepared": "\n".join(prepared),
            "participants": store.manager_id or "",
        }
        #: Stored values of the entry a correction opened (by column).
        self.opened: dict[str, Any] = {}
        #: False until a correction's entry has been read: nothing to save before.
        self.loaded = entry_id is None
        #: False until the managers are listed: an empty list then is no change.
        self.participants_shown = False
        self._rejected: dict[str, str] = {}

    # --- layout --------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with VerticalScroll(id="form-body"):
            with Horizontal(id="form-columns"):
                with Vertical(classes="form-column"):
                    yield self._group("visit_log.group.contact", CONTACT_FIELDS, "group-contact")
                with Vertical(classes="form-column"):
                    yield self._group("visit_log.group.record", RECORD_FIELDS, "group-record")
            yield Static(t("visit_log.hint.form"), classes="form-hint")
        yield Footer()

    def _group(self, heading: str, names: Sequence[str], box_id: str) -> Vertical:
        rows: list[Widget] = []
        for name in names:
            field = next(f for f in FORM_FIELDS if f.name == name)
            label = t(field.label) + (" *" if field.required else "")
            widget = self._widget(name)
            rows.append(
                Horizontal(
                    Label(label, classes="form-label"),
                    widget,
                    classes="form-row",
                    id=f"row-{name}",
                )
            )
            if name == "when":  # the day "昨天" or "11-27" reads as, before it is saved
                rows.append(DatePreview("", id="preview-when"))
            elif isinstance(widget, DateInput):
                rows.append(widget.preview)
            if name == "follow_ups":
                rows.append(Static(t("visit_log.hint.follow_ups"), classes="visit-form-note"))
            rows.append(Static("", classes="form-error", id=f"error-{name}"))
        box = Vertical(*rows, classes="form-group", id=box_id)
        box.border_title = t(heading)
        return box

    def _widget(self, name: str) -> Widget:
        value = self.initial.get(name, "")
        widget_id = f"field-{name}"
        if name == "kind":
            return Select(
                [(t(f"interaction.{k.value}"), k.value) for k in InteractionKind],
                value=value, allow_blank=False, compact=True, id=widget_id,
            )  # fmt: skip
        if name == "purpose":
            return Select(
                [(t(f"purpose.{p.value}"), p.value) for p in Purpose],
                value=value, allow_blank=False, compact=True, id=widget_id,
            )  # fmt: skip
        if name == "satisfaction":
            return Select(
                [(str(n), str(n)) for n in range(1, 6)],
                value=value or Select.NULL, allow_blank=True,
                prompt=t("visit_log.no_satisfaction"), compact=True, id=widget_id,
            )  # fmt: skip
        if name == "participants":
            return MarkedSelectionList[str](compact=True, id=widget_id)
        if name in TEXT_AREAS:
            return TextArea(value, compact=True, soft_wrap=True, id=widget_id)
        placeholder = _PLACEHOLDERS.get(name)
        if name == "next_contact_on":
            return DateInput(
                value, today=clock.today(self.zone), prefer="future",
                placeholder=t(placeholder or ""), id=widget_id,
            )  # fmt: skip
        return Input(
            value, placeholder=t(placeholder) if placeholder else "", compact=True, id=widget_id
        )

    def on_mount(self) -> None:
        if self.entry_id is None:
            self.title = t("visit_log.title_new", name=self.client_name)
            self.sub_title = t(f"interaction.{self.kind}")
        else:
            self.title = t("visit_log.title_edit", name=self.client_name)
            self.sub_title = t("visit_log.loading")
        self.query_one("#field-summary").focus()
        self._preview_when(self.initial["when"])
        self.load_form_data()

    # --- loading the managers and a correction's entry ---------------------------
    @work(thread=True, exclusive=True, group="interaction-form-load", exit_on_error=False)
    def load_form_data(self) -> None:
        this_device = (self.store.device_id, self.store.manager_id)
        with self.store.read_session() as session:
            choices = owner_choices(session, self.client_id, self.store.manager_id)
            detail = (
                interaction_detail(session, self.entry_id, this_device=this_device)
                if self.entry_id
                else None
            )
        self.post_message(FormDataLoaded(choices, detail))

    def on_form_data_loaded(self, message: FormDataLoaded) -> None:
        message.stop()
        choices = list(message.choices)
        detail = message.detail
        if self.entry_id is not None:
            if detail is None:
                self.notify(t("visit_log.invalid.not_found"), severity="error")
                self.dismiss(None)
                return
            known = {c.id for c in choices}
            choices += [  # someone present who has left the branch since
                ManagerChoice(p.manager_id, p.name, p.level or "")
                for p in detail.participants
                if p.manager_id not in known
            ]
            self._fill(detail)
        ticked = set(filter(None, self.initial["participants"].split(",")))
        # Who was there comes first (the signed-in manager on a new entry), then
        # the seniors and leaders who go along on visits: the box shows six lines.
        choices.sort(key=lambda choice: (choice.id not in ticked, -role_rank(choice.level)))
        participants = self.query_one("#field-participants", SelectionList)
        participants.clear_options()
        participants.add_options(
            [
                (_participant_label(choice), choice.id, choice.id in ticked)
                for choice in choices
            ]
        )
        self.participants_shown = True

    def _fill(self, detail: InteractionDetail) -> None:
        """Show a stored entry; the text it opened with is what `dirty` compares to."""
        from store.interactions import entry_text

        self.opened = dict(detail.stored)
        text = entry_text(detail, detail.participant_ids, self.zone)
        self.initial = text
        self.kind = detail.kind
        for name, value in text.items():
            if name == "participants":
                continue
            widget = self.query_one(f"#field-{name}")
            if isinstance(widget, Select):
                with widget.prevent(Select.Changed):
                    widget.value = value if value else Select.NULL
            elif isinstance(widget, TextArea):
                widget.load_text(value)
            elif isinstance(widget, Input):
                with widget.prevent(Input.Changed):
                    widget.value = value
        self.loaded = True
        self.sub_title = t(f"interaction.{detail.kind}")
        self._preview_when(text.get("when", ""))

    # --- reading the form ------------------------------------------------------
    def values(self) -> dict[str, str]:
        """The text of every field as typed (choices as code names, "" when blank)."""
        values: dict[str, str] = {}
        for field in FORM_FIELDS:
            widget = self.query_one(f"#field-{field.name}")
            if isinstance(widget, SelectionList):
                values[field.name] = ",".join(str(v) for v in widget.selected)
            elif isinstance(widget, Select):
                values[field.name] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, TextArea):
                values[field.name] = widget.text
            elif isinstance(widget, Input):
                values[field.name] = widget.value
        return values

    def _changed_fields(self) -> set[str]:
        values = self.values()
        changed = {n for n, text in values.items() if text != self.initial.get(n, "")}
        ticked, opened = values["participants"], self.initial["participants"]
        same = set(ticked.split(",")) == set(opened.split(","))
        if not self.participants_shown or same:
            # Still loading (nobody could have changed it), or the same managers
            # listed in another order.
            changed.discard("participants")
        return changed

    @property
    def dirty(self) -> bool:
        """True when something differs from what the form opened with."""
        return bool(self._changed_fields())

    def check(self) -> tuple[dict[str, Any], dict[str, str]]:
        """Validate the whole form; show the errors of fields already visited."""
        clean, errors = validate_interaction_form(self.values(), self.zone, clock.now())
        for field in FORM_FIELDS:
            name = field.name
            shown = errors.get(name, "") if (self.submitted or name in self.touched) else ""
            self._show_error(name, shown or self._rejected.get(name, ""))
        # An error under a date field takes the place of its preview.
        self.query_one("#preview-when", DatePreview).set_class(
            bool(self._errors_shown.get("when")), "-hidden"
        )
        self.query_one("#field-next_contact_on", DateInput).hide_preview(
            bool(self._errors_shown.get("next_contact_on"))
        )
        return clean, errors

    def _preview_when(self, text: str) -> None:
        """Show the instant "when" reads as (its day, weekday, how long ago, time), or why not."""
        instant, line = describe_when(text, self.zone, clock.now()) if text.strip() else (None, "")
        preview = self.query_one("#preview-when", DatePreview)
        preview.update(line)
        preview.set_class(instant is None and bool(line), "-problem")

    def _field_changed(self, name: str, value: str) -> None:
        self._rejected.pop(name, None)
        if name == "when":
            self._preview_when(value)
        super()._field_changed(name, value)

    @on(TextArea.Changed)
    def _text_changed(self, event: TextArea.Changed) -> None:
        name = self._field_name(event.text_area)
        if name is not None:
            self._field_changed(name, event.text_area.text)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """A text box was left: its errors show from now on (inputs say so themselves)."""
        if not isinstance(event.widget, TextArea):
            return
        name = self._field_name(event.widget)
        if name is not None:
            self.touched.add(name)
            self.check()

    @on(Input.Submitted)
    def _next_field(self, _event: Input.Submitted) -> None:
        self.focus_next()

    @on(Select.Changed)
    def _chose(self, event: Select.Changed) -> None:
        name = self._field_name(event.select)
        if name is None:
            return
        if name == "kind" and event.value is not Select.NULL:
            self.kind = str(event.value)
            self.sub_title = t(f"interaction.{self.kind}")
        self.touched.add(name)
        self._rejected.pop(name, None)
        self.check()

    @on(SelectionList.SelectedChanged)
    def _ticked(self, _event: SelectionList.SelectedChanged) -> None:
        self._rejected.pop("participants", None)
        self._show_error("participants", "")

    # --- saving ------------------------------------------------------------------
    def action_save(self) -> None:
        if self.saving or not self.loaded:
            return
        self.submitted = True
        clean, errors = self.check()
        if errors:
            first = next(f.name for f in FORM_FIELDS if f.name in errors)
            self.query_one(f"#field-{first}").focus()
            self.notify(t("client_edit.fix_errors", count=len(errors)), severity="error", timeout=6)
            return
        if self.entry_id is not None and not self.dirty:
            self.notify(t("visit_log.nothing_changed"))
            self.dismiss(None)
            return
        self.saving = True
        self.sub_title = t("client_edit.saving")
        if self.entry_id is None:
            self.save_new(clean, app_cadence(self.app))
        else:
            columns = {_COLUMNS.get(name, name) for name in self._changed_fields()}
            changes = {c: clean[c] for c in columns if c in clean}
            if "duration_min" in columns and "duration_min" not in clean:
                changes["duration_min"] = None
            expected = {c: self.opened[c] for c in changes if c in self.opened}
            self.save_correction(changes, expected, app_cadence(self.app))

    @work(thread=True, exclusive=True, group="interaction-save", exit_on_error=False)
    def save_new(self, clean: dict[str, Any], rules: CadenceRules) -> None:
        """Log the contact in one transaction; a refusal comes back as a field error."""
        draft = draft_from(self.client_id, clean)
        try:
            entry_id = log_interaction(self.store, draft, zone=self.zone, rules=rules)
        except ClientdeskError as exc:
            self.post_message(SaveRejected(getattr(exc, "column", None), exc.message()))
            return
        notice = t("visit_log.saved_new", kind=t(f"interaction.{draft.kind}"),
                   name=self.client_name)  # fmt: skip
        self.post_message(InteractionSaved(self.client_id, entry_id, notice))

    @work(thread=True, exclusive=True, group="interaction-save", exit_on_error=False)
    def save_correction(
        self, changes: dict[str, Any], expected: dict[str, Any], rules: CadenceRules
    ) -> None:
        assert self.entry_id is not None
        try:
            written = edit_interaction(
                self.store, self.entry_id, changes, expected, zone=self.zone, rules=rules
            )
        except ClientdeskError as exc:
            self.post_message(SaveRejected(getattr(exc, "column", None), exc.message()))
            return
        notice = (
            t("visit_log.saved_edit", name=self.client_name, count=len(written))
            if written
            else t("visit_log.nothing_changed")
        )
        self.post_message(InteractionSaved(self.client_id, self.entry_id, notice))

    def on_interaction_saved(self, message: InteractionSaved) -> None:
        """Close the form; the app hears of the save and reloads what it shows."""
        self._close_saved(message)
        self.app.post_message(
            InteractionSaved(message.client_id, message.interaction_id, message.notice)
        )

    def on_save_rejected(self, message: SaveRejected) -> None:
        message.stop()
        self.saving = False
        self.sub_title = t(f"interaction.{self.kind}")
        name = message.field
        if name is not None and self.query(f"#error-{name}"):
            self._rejected[name] = message.text
            self._show_error(name, message.text)
            self.query_one(f"#field-{name}").focus()
        self.notify(message.text, title=t("client_edit.save_failed"), severity="error", timeout=8)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """A failed save or read is said here; the form keeps what was typed."""
        if event.state != WorkerState.ERROR:
            return
        saving = event.worker.group == "interaction-save"
        if saving:
            self.saving = False
            self.sub_title = t(f"interaction.{self.kind}")
        self.notify(
            f"{event.worker.error}",
            title=t("client_edit.save_failed") if saving else t("notice.worker_failed"),
            severity="error",
            timeout=15,
        )

    # --- leaving -----------------------------------------------------------------
    def action_cancel(self) -> None:
        self._leave(self.loaded and self.dirty)


def _participant_label(choice: ManagerChoice) -> str:
    level = t(f"level.{choice.level}") if choice.level else "-"
    return t("visit_log.participant_choice", name=choice.name, level=level)


def app_cadence(app: Any) -> CadenceRules:
    """The config's cadence rules (the seed's without a config): which contacts count,
    and which due visits a log, a correction or a withdrawal meets or reopens."""
    rules = getattr(getattr(app, "config", None), "cadence", None)
    return rules if isinstance(rules, CadenceRules) else DEFAULT_CADENCE
