"""`s` on the desk (and new / edit in the calendar): plan a visit, call, meeting or club activity.

One form for a new entry and for moving, rescheduling or editing one
(`event_id`): kind, clients, the date typed as people say it (a
`DateInput`: `+2w`, `下周三`, `12-5`, with the day it means, a holiday
warning and ctrl+w for the working day before), start time, duration,
title, location, reminder lead and notes. A new entry starts at 10:00 with
a 30-minute reminder, and the cursor in the date, so "visit this client in
two weeks" is `s`, `+2w`, F2.

Fields are read by `store.schedule.validate_event_form` (the rules the
store tests check) as the manager leaves each one and all at once on F2;
each error shows under its field. F2 saves in a worker
(`schedule_event` / `reschedule_event`), escape with typed changes asks
before throwing them away. Dismisses with the saved entry's id, or None.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Footer, Input, Label, OptionList, Select, SelectionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from store import clock
from store.client_list import ClientQuery, ClientRow, client_page
from store.config import Config
from store.db import Store
from store.errors import ClientdeskError
from store.i18n import t
from store.schedule import (
    DEFAULT_MINUTES,
    EVENT_FIELDS,
    EventRow,
    display_title,
    event_form_values,
    event_row,
    format_span,
    reschedule_event,
    schedule_event,
    validate_event_form,
)
from store.vocab import EventKind
from tui.bindings import translate_bindings
from tui.messages import SaveRejected, report_worker_failure
from tui.screens.form_support import ValidatingForm
from tui.widgets.date_input import DateInput
from tui.widgets.marked_selection import MarkedSelectionList

CSS = str(files("themes") / "calendar_forms.tcss")
#: A new entry's start and reminder, in the form's own words (both can be cleared).
DEFAULT_TIME = "10:00"
DEFAULT_REMINDER = "30m"
#: How many matches the client search shows; more means "type more".
CANDIDATES_SHOWN = 6
#: The typed one-line fields, in form order.
TEXT_FIELDS = ("time", "duration", "title", "location", "reminder", "notes")
_PLACEHOLDERS = {
    "time": "event_form.hint.time",
    "reminder": "event_form.hint.reminder",
}
_LABELS = {f.name: f.label for f in EVENT_FIELDS}


@dataclass
class EventFormLoaded(Message):
    """The entry being edited (None: it is gone) and the names of the clients asked for."""

    row: EventRow | None
    names: dict[str, str]


@dataclass
class ClientMatches(Message):
    search: str
    rows: list[ClientRow]


@dataclass
class EventSaved(Message):
    event_id: str
    notice: str


class EventFormScreen(ValidatingForm, ModalScreen[str | None]):
    """A new calendar entry, or an existing one to move / edit; dismisses with its id or None."""

    CSS_PATH = CSS
    BINDINGS = [
        Binding("f2,ctrl+s", "save", "key.event_form.save", id="save-event"),
        Binding("escape", "cancel", "key.cancel", id="cancel-event"),
    ]

    def __init__(
        self,
        store: Store,
        config: Config,
        zone: str,
        *,
        day: date | None = None,
        client_ids: tuple[str, ...] = (),
        event_id: str | None = None,
        kind: str = EventKind.VISIT.value,
        client_names: Sequence[str] = (),
    ) -> None:
        """`client_names`, when the caller knows them, go with `client_ids` in order."""
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.config = config
        self.zone = zone
        self.event_id = event_id
        self.today = clock.today(zone)
        #: The clients shown in the list (id → name), ticked or not.
        self.names: dict[str, str] = dict(zip(client_ids, client_names, strict=False))
        self.client_ids = tuple(dict.fromkeys(client_ids))
        self.initial: dict[str, str] = {
            "kind": kind, "clients": " ".join(self.client_ids),
            "date": day.isoformat() if day is not None else "",
            "time": DEFAULT_TIME, "duration": "", "title": "", "location": "",
            "reminder": DEFAULT_REMINDER, "notes": "",
        }  # fmt: skip
        #: The edited entry's day: it may stay even if past (store rule).
        self.original_day: date | None = None
        #: False until an edited entry has been read: nothing to save before.
        self.loaded = event_id is None
        self._matches: dict[str, str] = {}
        self._rejected: dict[str, str] = {}

    # --- layout ------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with VerticalScroll(id="event-form-body") as body:
            body.border_title = t("event_form.title_new" if self.event_id is None
                                  else "event_form.title_edit")  # fmt: skip
            yield from self._row("kind", Select(
                [(t(f"event.{k.value}"), k.value) for k in EventKind],
                value=self.initial["kind"], allow_blank=False, compact=True, id="field-kind",
            ))  # fmt: skip
            yield from self._row(
                "clients", MarkedSelectionList[str](compact=True, id="field-clients")
            )
            with Horizontal(classes="form-row", id="row-add-client"):
                yield Label(t("event_form.add_client"), classes="form-label")
                yield Input(placeholder=t("client_relations.search_placeholder"), compact=True,
                            id="client-search")  # fmt: skip
            yield OptionList(id="client-matches")
            date_input = DateInput(
                self.initial["date"], today=self.today, placeholder=t("date_input.hint"),
                id="field-date",
            )  # fmt: skip
            yield from self._row("date", date_input)
            for name in TEXT_FIELDS:
                yield from self._row(name, Input(
                    self.initial[name], compact=True, id=f"field-{name}",
                    placeholder=t(_PLACEHOLDERS[name]) if name in _PLACEHOLDERS else "",
                ))  # fmt: skip
            yield Static(t("event_form.hint"), classes="form-hint")
        yield Footer()

    def _row(self, name: str, widget: Widget) -> ComposeResult:
        required = " *" if name in ("kind", "date") else ""
        with Horizontal(classes="form-row", id=f"row-{name}"):
            yield Label(t(_LABELS[name]) + required, classes="form-label")
            yield widget
        if isinstance(widget, DateInput):
            yield widget.preview
        yield Static("", classes="form-error", id=f"error-{name}")

    def on_mount(self) -> None:
        self._show_clients(set(self.client_ids))
        self._placeholders()
        if self.event_id is None and self.initial["date"] and not self.client_ids:
            # A day chosen in the calendar: who the entry is with comes next.
            self.query_one("#client-search", Input).focus()
        else:
            self.query_one("#field-date", DateInput).focus()
        missing = [cid for cid in self.client_ids if cid not in self.names]
        if self.event_id is not None or missing:
            self.load(missing)

    # --- loading the entry and the clients' names -----------------------------------------
    @work(thread=True, exclusive=True, group="event-form-load", exit_on_error=False)
    def load(self, missing: list[str]) -> None:
        from store.client_detail import client_detail

        with self.store.read_session() as session:
            row = event_row(session, self.event_id, self.zone) if self.event_id else None
            names: dict[str, str] = {}
            for client_id in missing:
                detail = client_detail(session, client_id, history_limit=0)
                if detail is not None:
                    names[client_id] = str(detail.profile.get("name") or "")
        self.post_message(EventFormLoaded(row, names))

    def on_event_form_loaded(self, message: EventFormLoaded) -> None:
        message.stop()
        self.names.update(message.names)
        if self.event_id is None:
            self._show_clients(set(self.client_ids))
            self._placeholders()
            return
        row = message.row
        if row is None:
            self.notify(t("schedule.not_found"), severity="error")
            self.dismiss(None)
            return
        self._fill(row)

    def _fill(self, row: EventRow) -> None:
        """Show a stored entry; the text it opened with is what `dirty` compares to."""
        self.original_day = row.day
        self.names.update(zip(row.client_ids, row.client_names, strict=False))
        self.client_ids = row.client_ids
        self.initial = event_form_values(row)
        kind = self.query_one("#field-kind", Select)
        with kind.prevent(Select.Changed):
            kind.value = row.kind
        for name in ("date", *TEXT_FIELDS):
            field = self.query_one(f"#field-{name}", Input)
            field.value = self.initial[name]
        self._show_clients(set(row.client_ids))
        self._placeholders()
        self.loaded = True
        body = self.query_one("#event-form-body")
        body.border_title = t("event_form.title_edit_of", title=row.shown_title)

    # --- the clients ---------------------------------------------------------------------
    def _show_clients(self, ticked: set[str]) -> None:
        listed = self.query_one("#field-clients", SelectionList)
        order = list(dict.fromkeys([*self.client_ids, *self.names]))
        listed.clear_options()
        listed.add_options([
            (self.names.get(cid) or cid, cid, cid in ticked) for cid in order
        ])  # fmt: skip
        listed.set_class(not order, "-empty")

    def _ticked(self) -> tuple[str, ...]:
        return tuple(str(v) for v in self.query_one("#field-clients", SelectionList).selected)

    @on(Input.Changed, "#client-search")
    def _search_typed(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self._show_matches([])
            return
        self.search_clients(text)

    @work(thread=True, exclusive=True, group="event-client-search", exit_on_error=False)
    def search_clients(self, text: str) -> None:
        with self.store.read_session() as session:
            _, rows = client_page(session, ClientQuery(search=text), CANDIDATES_SHOWN, self.zone)
        self.post_message(ClientMatches(text, rows))

    def on_client_matches(self, message: ClientMatches) -> None:
        message.stop()
        if message.search != self.query_one("#client-search", Input).value.strip():
            return  # an answer to what was typed before
        self._show_matches(message.rows)

    def _show_matches(self, rows: list[ClientRow]) -> None:
        matches = self.query_one("#client-matches", OptionList)
        matches.clear_options()
        self._matches = {row.id: row.name for row in rows}
        matches.add_options(
            Option(t("client_relations.candidate", name=row.name, kind=t(f"kind.{row.kind}"),
                     owner=row.owner_name or "-"), id=row.id)
            for row in rows
        )  # fmt: skip
        matches.set_class(bool(rows), "-shown")

    @on(Input.Submitted, "#client-search")
    def _to_matches(self, event: Input.Submitted) -> None:
        event.stop()
        matches = self.query_one("#client-matches", OptionList)
        if matches.option_count:
            matches.focus()
            matches.highlighted = 0

    @on(OptionList.OptionSelected, "#client-matches")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        """A match becomes a ticked client; the search starts over for the next one."""
        event.stop()
        client_id = event.option.id
        if client_id is None:
            return
        ticked = set(self._ticked()) | {client_id}
        self.names[client_id] = self._matches.get(client_id, client_id)
        self._show_clients(ticked)
        search = self.query_one("#client-search", Input)
        search.value = ""
        self._show_matches([])
        search.focus()
        self._client_choice_changed()

    @on(SelectionList.SelectedChanged, "#field-clients")
    def _clients_ticked(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        self._client_choice_changed()

    def _client_choice_changed(self) -> None:
        self._rejected.pop("clients", None)
        self.touched.add("clients")
        self._placeholders()
        self.check()

    # --- reading and checking ---------------------------------------------------------------
    def values(self) -> dict[str, str]:
        """The form's text; the date as the day it resolves to, when it does."""
        kind = self.query_one("#field-kind", Select).value
        values = {
            "kind": "" if kind is Select.NULL else str(kind),
            "clients": " ".join(self._ticked()),
        }
        for name in ("date", *TEXT_FIELDS):
            values[name] = self.query_one(f"#field-{name}", Input).value
        resolved = self.query_one("#field-date", DateInput).value_date
        if resolved is not None:
            values["date"] = resolved.isoformat()
        return values

    @property
    def dirty(self) -> bool:
        """True when something differs from what the form opened with."""
        values = self.values()
        typed = {n: v for n, v in values.items() if n not in ("clients", "date")}
        opened = {n: self.initial[n] for n in typed}
        date_text = self.query_one("#field-date", DateInput).value
        same_clients = set(values["clients"].split()) == set(self.initial["clients"].split())
        return typed != opened or date_text != self.initial["date"] or not same_clients

    def check(self) -> tuple[Any, dict[str, str]]:
        """Validate the whole form; show the errors of the fields already visited."""
        values = self.values()
        draft, errors = validate_event_form(values, self.today, client_ids=self._ticked(),
                                            original_day=self.original_day)  # fmt: skip
        for field in EVENT_FIELDS:
            name = field.name
            shown = errors.get(name, "") if (self.submitted or name in self.touched) else ""
            self._show_error(name, shown or self._rejected.get(name, ""))
        date_input = self.query_one("#field-date", DateInput)
        date_input.hide_preview(bool(self._errors_shown.get("date")))
        return draft, errors

    def _field_changed(self, name: str, value: str) -> None:
        self._rejected.pop(name, None)
        super()._field_changed(name, value)

    @on(Select.Changed, "#field-kind")
    def _kind_chosen(self, event: Select.Changed) -> None:
        event.stop()
        self.touched.add("kind")
        self._rejected.pop("kind", None)
        self._placeholders()
        self.check()

    def _placeholders(self) -> None:
        """The made-up title and the kind's usual length, shown where the fields are empty."""
        kind = self.query_one("#field-kind", Select).value
        kind = EventKind.OTHER.value if kind is Select.NULL else str(kind)
        names = [self.names.get(cid, "") for cid in self._ticked()]
        self.query_one("#field-title", Input).placeholder = display_title(kind, "", names)
        self.query_one("#field-duration", Input).placeholder = format_span(
            DEFAULT_MINUTES.get(kind, 60)
        )

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "client-search":
            return
        event.stop()
        self.focus_next()

    # --- saving ---------------------------------------------------------------------------------
    def action_save(self) -> None:
        if self.saving or not self.loaded:
            return
        self.submitted = True
        draft, errors = self.check()
        if errors or draft is None:
            first = next(f.name for f in EVENT_FIELDS if f.name in errors)
            self.query_one(f"#field-{first}").focus()
            return
        self.saving = True
        names = [self.names.get(cid, "") for cid in draft.client_ids]
        self.save(draft, display_title(draft.kind, draft.title, names))

    @work(thread=True, exclusive=True, group="event-save", exit_on_error=False)
    def save(self, draft: Any, title: str) -> None:
        """Write the entry; the store checks it again (clients still there, day not past)."""
        try:
            if self.event_id is None:
                event_id = schedule_event(self.store, draft, zone=self.zone)
            else:
                reschedule_event(self.store, self.event_id, draft, zone=self.zone)
                event_id = self.event_id
        except ClientdeskError as exc:
            self.post_message(SaveRejected(getattr(exc, "column", None), exc.message()))
            return
        when = draft.day.isoformat()
        if draft.start is not None:
            when = f"{when} {draft.start.strftime('%H:%M')}"
        key = "event_form.saved_new" if self.event_id is None else "event_form.saved_edit"
        self.post_message(EventSaved(event_id, t(key, title=title, when=when)))

    def on_event_saved(self, message: EventSaved) -> None:
        message.stop()
        self.saving = False
        self.app.notify(message.notice)
        self.dismiss(message.event_id)

    def on_save_rejected(self, message: SaveRejected) -> None:
        message.stop()
        self.saving = False
        name = message.field
        if name is not None and self.query(f"#error-{name}"):
            self._rejected[name] = message.text
            self._show_error(name, message.text)
            self.query_one(f"#field-{name}").focus()
        self.notify(message.text, title=t("client_edit.save_failed"), severity="error", timeout=8)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """A failed save or read is said here; the form keeps what was typed."""
        if event.state != WorkerState.ERROR or not event.worker.group.startswith("event-"):
            return
        saving = event.worker.group == "event-save"
        if saving:
            self.saving = False
        report_worker_failure(self, event.worker.error, saving=saving)

    # --- leaving ----------------------------------------------------------------------------------
    def action_cancel(self) -> None:
        """Ask before throwing away changes, or a client search typed but not yet chosen."""
        searching = bool(self.query_one("#client-search", Input).value.strip())
        self._leave(self.loaded and (self.dirty or searching))
