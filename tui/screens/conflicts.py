"""Ctrl+K: review what lost a sync merge, one row at a time.

Each row is a field that two laptops changed at once: the value kept now,
the value that lost, who wrote each and when. On the highlighted row, `c`
keeps the current value, `t` takes the lost one and `e` types another
(checked like any form entry: a bad value is named and nothing is
written). Every resolution is an ordinary local change that syncs.

Loading and resolving run in thread workers; results come back as
messages (tui/messages.py), so the table never waits on the database.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import Worker, WorkerState

from store.db import Store
from store.errors import ValidationError
from store.i18n import t
from store.sync.conflicts import ConflictView, list_conflicts, resolve_conflict
from tui.bindings import translate_bindings
from tui.format import local_time
from tui.messages import ConflictResolved, ConflictsLoaded, ValueRejected
from tui.screens.client_detail import CORPORATE_GROUPS, INDIVIDUAL_GROUPS, show_value

#: Longest value shown in a table cell; the prompt (`e`) shows it whole.
CELL_WIDTH = 30
#: Client columns shown through a vocabulary (tier "gold" reads 金卡).
CLIENT_VOCABULARY = {
    column: vocabulary
    for _, rows in (*INDIVIDUAL_GROUPS, *CORPORATE_GROUPS)
    for _, column, vocabulary in rows
    if vocabulary is not None
}


def shown_value(conflict: ConflictView, value: Any) -> str:
    """A conflict value as a person reads it: labels, yuan, "-" for nothing."""
    vocabulary = CLIENT_VOCABULARY.get(conflict.field) if conflict.table == "client" else None
    return show_value(value, vocabulary)


def _cut(text: str, width: int = CELL_WIDTH) -> str:
    """`text` on one line, at most `width` cells (ASCII dots: one cell everywhere)."""
    line = " ".join(text.split())
    if cell_len(line) <= width:
        return line
    return set_cell_size(line, width - 3).rstrip() + "..."


def _who_when(who: str, when: datetime, zone: str) -> str:
    return f"{who}  {local_time(when, zone)}"


class ConflictsScreen(Screen[None]):
    """The unresolved conflicts of this store, newest first."""

    BINDINGS = [
        Binding("c", "keep", "key.keep_current", id="conflict-keep"),
        Binding("t", "theirs", "key.take_lost", id="conflict-take-lost"),
        Binding("e", "other", "key.type_value", id="conflict-type-value"),
        Binding("escape", "close", "key.back", id="close-conflicts"),
    ]

    def __init__(self, store: Store, zone: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.zone = zone
        self.conflicts: list[ConflictView] = []
        self._asked = 0
        self._resolving: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(id="conflicts-body"):
            yield Static(t("conflicts.hint"), id="conflicts-hint")
            yield Static(t("conflicts.empty"), id="conflicts-empty")
            yield DataTable(id="conflicts-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("conflicts.title")
        table = self.query_one(DataTable)
        for key in ("conflicts.col_record", "conflicts.col_field", "conflicts.col_kept",
                    "conflicts.col_lost", "conflicts.col_reason"):
            table.add_column(t(key))
        table.focus()
        self.reload()

    # --- loading -----------------------------------------------------------------
    def reload(self) -> None:
        """Read the list again (after a resolution, or a sync that pulled more)."""
        self._asked += 1
        self.load_conflicts(self._asked)

    @work(thread=True, group="conflicts", exit_on_error=False)
    def load_conflicts(self, request: int) -> None:
        with self.store.read_session() as session:
            conflicts = list_conflicts(session)
        self.post_message(ConflictsLoaded(request, conflicts))

    def on_conflicts_loaded(self, message: ConflictsLoaded) -> None:
        if message.request != self._asked:
            return  # the list changed again since this was read
        self.conflicts = message.conflicts
        table = self.query_one(DataTable)
        row = table.cursor_row
        with self.app.batch_update():
            table.clear()
            for conflict in self.conflicts:
                table.add_row(*self._cells(conflict), key=conflict.id, height=2)
        if self.conflicts:
            table.move_cursor(row=min(max(row, 0), len(self.conflicts) - 1))
        self.query_one("#conflicts-empty").display = not self.conflicts
        table.display = bool(self.conflicts)
        self.sub_title = t("conflicts.count", count=len(self.conflicts))
        self.refresh_bindings()

    def _cells(self, conflict: ConflictView) -> tuple[Text, Text, Text, Text, Text]:
        def value_cell(value: Any, who: str, when: datetime) -> Text:
            cell = Text(_cut(shown_value(conflict, value)))
            cell.append("\n" + _who_when(who, when, self.zone), style="dim")
            return cell

        return (
            Text(_cut(conflict.record, 24)),
            Text(conflict.field_label),
            value_cell(conflict.kept_value, conflict.kept_by, conflict.kept_at),
            value_cell(conflict.lost_value, conflict.lost_by, conflict.lost_at),
            Text(t(f"sync.reason.{conflict.reason}")),
        )

    # --- resolving -----------------------------------------------------------------
    def highlighted(self) -> ConflictView | None:
        table = self.query_one(DataTable)
        if not self.conflicts or not table.display:
            return None
        return self.conflicts[min(table.cursor_row, len(self.conflicts) - 1)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keep, take and type only mean something with a conflict highlighted."""
        if action in ("keep", "theirs", "other"):
            return bool(self.conflicts)
        return True

    def action_keep(self) -> None:
        self._resolve("keep")

    def action_theirs(self) -> None:
        self._resolve("theirs")

    def action_other(self) -> None:
        conflict = self.highlighted()
        if conflict is None or conflict.id in self._resolving:
            return
        # A callback rather than `push_screen_wait` in a worker: nothing stays
        # pending while the prompt is open.
        self.app.push_screen(ValuePrompt(self.store, conflict), self._after_prompt)

    def _after_prompt(self, saved: bool | None) -> None:
        if saved:
            self.reload()

    def _resolve(self, choice: str) -> None:
        conflict = self.highlighted()
        if conflict is None or conflict.id in self._resolving:
            return  # a second key press while the first is being written
        self._resolving.add(conflict.id)
        self.resolve(conflict.id, choice)

    @work(thread=True, group="resolve", exit_on_error=False)
    def resolve(self, conflict_id: str, choice: str) -> None:
        resolve_conflict(self.store, conflict_id, choice)  # type: ignore[arg-type]
        self.post_message(ConflictResolved(conflict_id))

    def on_conflict_resolved(self, message: ConflictResolved) -> None:
        """Reload the list; the message goes on to the app for the status line."""
        self._resolving.discard(message.conflict_id)
        self.reload()

    @on(Worker.StateChanged)
    def report_worker_failure(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self._resolving.clear()
            self.notify(f"{event.worker.error}", title=t("notice.worker_failed"),
                        severity="error", timeout=15)
            self.reload()

    def action_close(self) -> None:
        self.dismiss(None)


class ValuePrompt(ModalScreen[bool]):
    """`e`: type the value a conflicted field should hold.

    The value is checked when saved; a bad one is named under the input and
    the prompt stays open with the text, so it can be corrected.
    Dismisses with True once the value is written.
    """

    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="cancel-value")]

    def __init__(self, store: Store, conflict: ConflictView) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.conflict = conflict
        self.saving = False

    def compose(self) -> ComposeResult:
        conflict = self.conflict
        with Vertical(id="value-prompt") as box:
            box.border_title = t("conflicts.prompt_title", record=conflict.record,
                                 field=conflict.field_label)
            yield Static(
                t("conflicts.prompt_values", kept=shown_value(conflict, conflict.kept_value),
                  lost=shown_value(conflict, conflict.lost_value)),
                id="value-known", markup=False,
            )
            current = "" if conflict.kept_value is None else str(conflict.kept_value)
            yield Input(current, placeholder=t("conflicts.prompt_placeholder"),
                        id="value-input")
            yield Static("", id="value-error", markup=False)
            yield Static(t("conflicts.prompt_hint"), id="value-hint")

    def on_mount(self) -> None:
        self.query_one("#value-error").display = False

    @on(Input.Submitted, "#value-input")
    def submitted(self, event: Input.Submitted) -> None:
        if self.saving:
            return
        self.saving = True
        self.save(event.value)

    @work(thread=True, group="save-value", exit_on_error=False)
    def save(self, typed: str) -> None:
        try:
            resolve_conflict(self.store, self.conflict.id, "other", typed)
        except ValidationError as exc:
            self.post_message(ValueRejected(self.conflict.id, exc.message()))
            return
        self.post_message(ConflictResolved(self.conflict.id))

    def on_value_rejected(self, message: ValueRejected) -> None:
        self.saving = False
        error = self.query_one("#value-error", Static)
        error.update(message.text)
        error.display = True
        self.query_one(Input).focus()

    def on_conflict_resolved(self, message: ConflictResolved) -> None:
        """Close; the message goes on to the app for the status line."""
        self.dismiss(True)

    @on(Worker.StateChanged)
    def report_worker_failure(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.saving = False
            self.notify(f"{event.worker.error}", title=t("notice.worker_failed"),
                        severity="error", timeout=15)

    def action_cancel(self) -> None:
        self.dismiss(False)
