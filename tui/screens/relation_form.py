"""`l` on a profile: relate another client to this one (家庭关系 / 关联关系).

The manager picks what the other client is to this one (spouse, parent,
the company they work for …), then finds the other client by typing, as
on the desk: name, pinyin, initials or a phone tail, searched in a worker
with the client list's own query (`store.client_list.client_page`), only
among clients of the kind the relation needs. Down or enter goes to the
matches, enter chooses one; a note is optional. F2 (or enter in the note)
saves in a worker; a refusal (a duplicate, the wrong kind of client) is
shown in the modal, which stays open with what was typed.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from store.client_list import ClientQuery, ClientRow, client_page
from store.client_relations import (
    NOTE_MAX,
    ROLES,
    add_relation,
    other_kind_for,
    stored_relation,
)
from store.db import Store
from store.errors import ValidationError
from store.i18n import t
from store.vocab import ClientKind
from tui.bindings import translate_bindings
from tui.messages import RelationCandidatesLoaded, RelationSaved, SaveRejected
from tui.screens.form_support import FieldErrors

#: How many matches the picker shows; a longer list means "type more".
CANDIDATES_SHOWN = 8


class PickerSearch(Input):
    """The picker's search box: down or enter moves to the matches."""

    BINDINGS = [
        Binding("down", "to_results", "key.client_relations.to_results", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=t("client_relations.search_placeholder"), compact=True, id=id)
        translate_bindings(self)

    def action_to_results(self) -> None:
        results = self.screen.query_one("#relation-results", OptionList)
        if results.option_count:
            results.focus()
            if results.highlighted is None:
                results.highlighted = 0


class RelationFormScreen(FieldErrors, ModalScreen[str | None]):
    """Dismisses with a notice saying what was added, or None when cancelled."""

    BINDINGS = [
        Binding("f2,ctrl+s", "save", "key.client_edit.save", id="save-relation"),
        Binding("escape", "cancel", "key.cancel", id="cancel-relation"),
    ]

    def __init__(
        self, store: Store, client_id: str, client_name: str, client_kind: str, zone: str
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.client_id = client_id
        self.client_name = client_name
        self.client_kind = client_kind
        self.zone = zone
        self.role = "spouse" if client_kind == ClientKind.INDIVIDUAL else "executive"
        #: The chosen client (id, name), or None.
        self.chosen: tuple[str, str] | None = None
        self._names: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="relation-body") as body:
            body.border_title = t("client_relations.relation_title", name=self.client_name)
            with Horizontal(classes="form-row", id="row-role"):
                yield Label(t("client_relations.field.role"), classes="form-label")
                yield Select(
                    [(t(f"client_edit.role.{role}"), role) for role in ROLES],
                    value=self.role,
                    allow_blank=False,
                    compact=True,
                    id="relation-role",
                )
            yield Static("", classes="form-error", id="error-role")
            with Horizontal(classes="form-row", id="row-other"):
                yield Label(t("client_relations.field.other") + " *", classes="form-label")
                yield PickerSearch(id="relation-search")
            yield OptionList(id="relation-results")
            yield Static(t("client_relations.type_to_search"), id="relation-chosen")
            yield Static("", classes="form-error", id="error-other")
            with Horizontal(classes="form-row", id="row-note"):
                yield Label(t("client_relations.field.note"), classes="form-label")
                yield Input(max_length=NOTE_MAX, compact=True, id="relation-note")
            yield Static("", classes="form-error", id="error-note")
            yield Static(t("client_relations.relation_hint"), classes="form-hint")

    def on_mount(self) -> None:
        self.query_one("#relation-search").focus()

    # --- searching ---------------------------------------------------------------
    def _query(self, text: str) -> ClientQuery:
        return ClientQuery(search=text.strip(), kind=other_kind_for(self.role, self.client_kind))

    @on(Input.Changed, "#relation-search")
    def _typed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, text: str) -> None:
        query = self._query(text)
        if not query.search:
            self._show_candidates([])
            return
        self.search(query)

    @work(thread=True, exclusive=True, group="relation-search", exit_on_error=False)
    def search(self, query: ClientQuery) -> None:
        """One more than shown is asked for: the client itself may be among the matches."""
        with self.store.read_session() as session:
            _, rows = client_page(session, query, CANDIDATES_SHOWN + 1, self.zone)
        self.post_message(RelationCandidatesLoaded(query, rows))

    def on_relation_candidates_loaded(self, message: RelationCandidatesLoaded) -> None:
        search = self.query_one("#relation-search", Input).value
        if message.query != self._query(search):
            return  # an answer to what was typed before
        rows = [row for row in message.rows if row.id != self.client_id]
        self._show_candidates(rows[:CANDIDATES_SHOWN])
        if not rows:
            self.query_one("#relation-chosen", Static).update(t("client_relations.no_match"))
        elif self.chosen is None:
            self.query_one("#relation-chosen", Static).update(t("client_relations.type_to_search"))

    def _show_candidates(self, rows: list[ClientRow]) -> None:
        results = self.query_one("#relation-results", OptionList)
        results.clear_options()
        self._names = {row.id: row.name for row in rows}
        results.add_options(
            Option(
                t(
                    "client_relations.candidate",
                    name=row.name,
                    kind=t(f"kind.{row.kind}"),
                    owner=row.owner_name or "-",
                ),
                id=row.id,
            )
            for row in rows
        )
        results.set_class(bool(rows), "-has-results")

    @on(Input.Submitted, "#relation-search")
    def _search_submitted(self, _event: Input.Submitted) -> None:
        self.query_one(PickerSearch).action_to_results()

    @on(OptionList.OptionSelected, "#relation-results")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        client_id = event.option.id
        if client_id is None:
            return
        self.chosen = (client_id, self._names.get(client_id, ""))
        chosen = self.query_one("#relation-chosen", Static)
        chosen.update(t("client_relations.chosen", name=self.chosen[1]))
        chosen.add_class("-chosen")
        self._show_error("other", "")
        self.query_one("#relation-note").focus()

    @on(Select.Changed, "#relation-role")
    def _role_chosen(self, event: Select.Changed) -> None:
        self.role = str(event.value)
        self._show_error("role", "")
        self._search(self.query_one("#relation-search", Input).value)

    # --- saving ------------------------------------------------------------------
    @on(Input.Submitted, "#relation-note")
    def _note_submitted(self, _event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        if self.saving:
            return
        if self.chosen is None:
            error = ValidationError("client_relations.field.other", "invalid.required")
            self._show_error("other", error.message())
            self.query_one("#relation-search").focus()
            return
        self.saving = True
        note = self.query_one("#relation-note", Input).value
        self.save(self.role, self.chosen, note)

    @work(thread=True, exclusive=True, group="relation-save", exit_on_error=False)
    def save(self, role: str, other: tuple[str, str], note: str) -> None:
        try:
            add_relation(self.store, *stored_relation(self.client_id, other[0], role), note)
        except ValidationError as exc:
            self.post_message(SaveRejected(getattr(exc, "column", None), exc.message()))
            return
        role_text = t(f"client_edit.role.{role}")
        notice = t("client_relations.relation_added", role=role_text, name=other[1])
        self.post_message(RelationSaved(self.client_id, notice))

    def on_relation_saved(self, message: RelationSaved) -> None:
        self._close_saved(message)

    def on_save_rejected(self, message: SaveRejected) -> None:
        message.stop()
        self.saving = False
        field = message.field if message.field in ("role", "other", "note") else "other"
        self._show_error(field, message.text)
        target = {"role": "#relation-role", "other": "#relation-search"}.get(
            field, "#relation-note"
        )
        self.query_one(target).focus()

    @on(Worker.StateChanged)
    def _save_failed(self, event: Worker.StateChanged) -> None:
        """The app reports the error; the modal stays open with what was typed."""
        if event.worker.group == "relation-save" and event.state == WorkerState.ERROR:
            self.saving = False

    def action_cancel(self) -> None:
        self.dismiss(None)
