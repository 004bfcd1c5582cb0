"""`n` on the task list: a task typed by hand.

Title (required), client (the desk's highlighted client pre-filled, or
none), assignee (the signed-in manager by default, or a colleague of the
branch), due date (optional) and notes. Fields are checked as the manager
leaves them and all at once on F2, each bad one named with its reason
(`store.tasks.validate_task_text`); the store checks again on save, in a
worker, and nothing is written on any error. Escape asks before throwing
typed text away. The due date is typed as people say it (`12-5`, `+1w`,
`下周三`) in a `DateInput`, which shows the date it means before it is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from store import clock
from store.client_edit import ManagerChoice, owner_choices
from store.db import Store
from store.errors import ValidationError
from store.i18n import t
from store.tasks import NOTES_MAX, TITLE_MAX, create_task, validate_task_text
from tui.bindings import translate_bindings
from tui.screens.form_support import ValidatingForm
from tui.screens.tasks import CSS
from tui.widgets.date_input import DateInput

#: The typed fields, in form order: (name, label key, max length, placeholder key).
TEXT_FIELDS: tuple[tuple[str, str, int, str | None], ...] = (
    ("title", "tasks.field.title", TITLE_MAX, None),
    ("due_on", "tasks.field.due_on", 30, "date_input.hint"),
    ("notes", "tasks.field.notes", NOTES_MAX, None),
)
#: Every field with an error line, in the order a failed save focuses them.
FIELD_ORDER = ("title", "client", "assignee", "due_on", "notes")
_NO_CLIENT = "-"


@dataclass
class AssigneesLoaded(Message):
    choices: list[ManagerChoice]


@dataclass
class TaskSaved(Message):
    notice: str


@dataclass
class TaskRejected(Message):
    field: str | None
    text: str


class TaskFormScreen(ValidatingForm, ModalScreen[str | None]):
    """Dismisses with a notice of the task added, or None when cancelled."""

    CSS_PATH = CSS
    BINDINGS = [
        Binding("f2,ctrl+s", "save", "key.tasks.save", id="save-task"),
        Binding("escape", "cancel", "key.cancel", id="cancel-task"),
    ]

    def __init__(
        self,
        store: Store,
        zone: str,
        manager_id: str | None,
        client: tuple[str, str] | None = None,
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.zone = zone
        self.manager_id = manager_id
        self.client = client

    def compose(self) -> ComposeResult:
        with Vertical(id="task-form-body") as body:
            body.border_title = t("tasks.form.title_new")
            yield from self._row("title", self._input("title"))
            clients = [(t("tasks.form.no_client"), _NO_CLIENT)]
            if self.client is not None:
                clients.append((self.client[1], self.client[0]))
            yield from self._row("client", Select(
                clients, value=self.client[0] if self.client else _NO_CLIENT,
                allow_blank=False, compact=True, id="field-client",
            ))  # fmt: skip
            yield from self._row("assignee", Select(
                [], prompt=t("tasks.form.no_assignee"), compact=True, id="field-assignee",
            ))  # fmt: skip
            yield from self._row("due_on", self._input("due_on"))
            yield from self._row("notes", self._input("notes"))
            yield Static(t("tasks.form.hint"), classes="form-hint")

    def _input(self, name: str) -> Input:
        _, _, limit, placeholder = next(f for f in TEXT_FIELDS if f[0] == name)
        if name == "due_on":
            return DateInput(
                today=clock.today(self.zone), placeholder=t(placeholder or ""),
                max_length=limit, id=f"field-{name}",
            )  # fmt: skip
        return Input(
            placeholder=t(placeholder) if placeholder else "",
            max_length=limit,
            compact=True,
            id=f"field-{name}",
        )

    def _row(self, name: str, widget: Widget) -> ComposeResult:
        with Horizontal(classes="form-row", id=f"row-{name}"):
            required = " *" if name == "title" else ""
            yield Label(t(f"tasks.field.{name}") + required, classes="form-label")
            yield widget
        if isinstance(widget, DateInput):
            yield widget.preview
        yield Static("", classes="form-error", id=f"error-{name}")

    def on_mount(self) -> None:
        self.query_one("#field-title", Input).focus()
        self.load_assignees()

    # --- the assignee -------------------------------------------------------------
    @work(thread=True, exclusive=True, group="task-assignees", exit_on_error=False)
    def load_assignees(self) -> None:
        with self.store.read_session() as session:
            choices = owner_choices(session, None, self.manager_id)
        self.post_message(AssigneesLoaded(choices))

    def on_assignees_loaded(self, message: AssigneesLoaded) -> None:
        message.stop()
        select = self.query_one("#field-assignee", Select)
        options = [
            (t("client_relations.owner_choice", name=c.name, level=t(f"level.{c.level}")), c.id)
            for c in message.choices
        ]
        with select.prevent(Select.Changed):
            select.set_options(options)
            if self.manager_id in {c.id for c in message.choices}:
                select.value = self.manager_id

    # --- reading and checking -----------------------------------------------------
    def values(self) -> dict[str, str]:
        """The typed text; the due date as the date it resolves to, when it does."""
        values = {name: self.query_one(f"#field-{name}", Input).value for name, *_ in TEXT_FIELDS}
        due = self.query_one("#field-due_on", DateInput)
        if due.value_date is not None:
            values["due_on"] = due.value_date.isoformat()
        for name in ("client", "assignee"):
            select = self.query_one(f"#field-{name}", Select)
            value = "" if select.value is Select.NULL else str(select.value)
            values[name] = "" if value == _NO_CLIENT else value
        return values

    def check(self) -> tuple[dict[str, Any], dict[str, str]]:
        clean, errors = validate_task_text(self.values())
        due = self.query_one("#field-due_on", DateInput)
        if due.problem is not None:  # the natural-date reader says why, not "not ISO"
            errors["due_on"] = t("error.field", field=t("tasks.field.due_on"), reason=due.problem)
        for name, *_ in TEXT_FIELDS:
            shown = self.submitted or name in self.touched
            self._show_error(name, errors.get(name, "") if shown else "")
        due.hide_preview(bool(self._errors_shown.get("due_on")))
        return clean, errors

    @on(Input.Submitted)
    def _next(self, _event: Input.Submitted) -> None:
        self.focus_next()

    # --- saving ---------------------------------------------------------------------
    def action_save(self) -> None:
        if self.saving:
            return
        self.submitted = True
        clean, errors = self.check()
        if errors:
            first = next(name for name in FIELD_ORDER if name in errors)
            self.query_one(f"#field-{first}").focus()
            return
        values = self.values()
        self.saving = True
        self.save(clean, values["client"] or None, values["assignee"] or None)

    @work(thread=True, exclusive=True, group="task-save", exit_on_error=False)
    def save(self, clean: dict[str, Any], client_id: str | None, assignee_id: str | None) -> None:
        """Add the task; the store checks it again (client and assignee still there)."""
        try:
            create_task(
                self.store, title=clean["title"], client_id=client_id, assignee_id=assignee_id,
                due_on=clean["due_on"], notes=clean["notes"],
            )  # fmt: skip
        except ValidationError as exc:
            self.post_message(TaskRejected(getattr(exc, "column", None), exc.message()))
            return
        self.post_message(TaskSaved(t("tasks.created", title=clean["title"])))

    def on_task_saved(self, message: TaskSaved) -> None:
        self._close_saved(message)

    def on_task_rejected(self, message: TaskRejected) -> None:
        message.stop()
        self.saving = False
        field = message.field if message.field in FIELD_ORDER else "title"
        self._show_error(field, message.text)
        self.query_one(f"#field-{field}").focus()

    @on(Worker.StateChanged)
    def _save_failed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "task-save" and event.state == WorkerState.ERROR:
            self.saving = False

    def action_cancel(self) -> None:
        """Leave at once when nothing was typed; otherwise ask before discarding it."""
        typed = any(self.query_one(f"#field-{name}", Input).value for name, *_ in TEXT_FIELDS)
        self._leave(typed)
