"""Enter on a visit-log entry: everything it says, who was there, its tasks and corrections.

Read-only; the entry is read in a worker (`store.visit_log.interaction_detail`).
Who was present shows with the level they held at the contact. The
corrections come from the audit log, old → new, newest first, ending with
when it was logged (`h` jumps there). From here `e` corrects the entry and
delete withdraws it after a confirmation; the visit log pane offers the
same keys through `correct_entry` and `ask_withdraw`, defined here once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from rich.table import Table
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Static
from textual.worker import Worker, WorkerState

from store import clock
from store.audit import AuditView
from store.cadence import CadenceRules
from store.db import Store
from store.i18n import current_language, t
from store.interactions import FIELD_LABELS, withdraw_interaction
from store.visit_log import InteractionDetail, interaction_detail
from tui.bindings import translate_bindings
from tui.format import label, local_time
from tui.messages import InteractionWithdrawn
from tui.screens.client_detail import FieldLines

_CHOICE_VOCABULARY = {"kind": "interaction", "purpose": "purpose"}


def correct_entry(
    node: DOMNode, store: Store, zone: str, client_id: str, client_name: str, entry_id: str
) -> None:
    """Open the contact form on a stored entry (`e` in the pane and on the entry screen)."""
    from tui.screens.interaction_form import InteractionFormScreen

    node.app.push_screen(
        InteractionFormScreen(store, zone, client_id, client_name, entry_id=entry_id)
    )


def ask_withdraw(
    node: DOMNode,
    store: Store,
    *,
    entry_id: str,
    client_id: str,
    client_name: str,
    kind: str,
    when: str,
) -> None:
    """Ask first; on yes withdraw in a worker and tell the app (which reloads the log)."""
    from tui.screens.confirm import ConfirmScreen
    from tui.screens.interaction_form import app_cadence

    def answered(yes: bool | None) -> None:
        if yes:
            rules, zone = app_cadence(node.app), getattr(node.app, "zone", clock.DEFAULT_ZONE)
            node.run_worker(
                lambda: _withdraw(node, store, entry_id, client_id, when, rules, zone),
                thread=True, group="visit-withdraw", exit_on_error=False,
            )  # fmt: skip

    body = t("visit_log.withdraw_body", when=when, kind=label("interaction", kind),
             name=client_name)  # fmt: skip
    node.app.push_screen(ConfirmScreen(t("visit_log.withdraw_title"), body), answered)


def _withdraw(
    node: DOMNode, store: Store, entry_id: str, client_id: str, when: str,
    rules: CadenceRules, zone: str,
) -> None:
    withdraw_interaction(store, entry_id, zone=zone, rules=rules)
    node.app.post_message(InteractionWithdrawn(client_id, entry_id))
    node.app.call_from_thread(node.app.notify, t("visit_log.withdrawn", when=when))


@dataclass
class EntryLoaded(Message):
    entry_id: str
    detail: InteractionDetail | None


class VisitEntryScreen(Screen[None]):
    """One visit-log entry in full; escape goes back."""

    BINDINGS = [
        Binding("escape,q", "close", "key.back", id="close-visit-entry"),
        Binding("e", "correct", "key.visit_log.edit", id="visit-entry-edit"),
        Binding("delete", "withdraw", "key.visit_log.withdraw", id="visit-entry-withdraw"),
        Binding("h", "history", "key.visit_log.history", id="visit-entry-history"),
    ]

    def __init__(
        self, store: Store, zone: str, entry_id: str, *, show_history: bool = False
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.zone = zone
        self.entry_id = entry_id
        self.show_history = show_history
        self.detail: InteractionDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with VerticalScroll(id="entry-body"):
            yield Static(t("visit_log.loading"), classes="detail-empty")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#entry-body").focus()
        self.reload()

    # --- reading -----------------------------------------------------------------
    def reload(self) -> None:
        """Read the entry again (after a correction, a withdrawal or a sync)."""
        self.load(self.entry_id)

    @work(thread=True, exclusive=True, group="visit-entry", exit_on_error=False)
    def load(self, entry_id: str) -> None:
        this_device = (self.store.device_id, self.store.manager_id)
        with self.store.read_session() as session:
            detail = interaction_detail(session, entry_id, this_device=this_device)
        self.post_message(EntryLoaded(entry_id, detail))

    async def on_entry_loaded(self, message: EntryLoaded) -> None:
        message.stop()
        if message.entry_id != self.entry_id:
            return
        if message.detail is None:  # withdrawn meanwhile
            self.dismiss(None)
            return
        self.detail = detail = message.detail
        self.title = detail.client_name
        self.sub_title = t("visit_log.entry_title", kind=label("interaction", detail.kind),
                           when=local_time(detail.occurred_at, self.zone))  # fmt: skip
        body = self.query_one("#entry-body", VerticalScroll)
        await body.remove_children()
        await body.mount_all(self._boxes(detail))
        self.refresh_bindings()
        if self.show_history:
            self.show_history = False
            self.call_after_refresh(self.action_history)

    def _boxes(self, detail: InteractionDetail) -> list[Widget]:
        lines = FieldLines()
        length = detail.duration_min
        minutes = t("visit_log.minutes", minutes=length) if length else "-"
        rows: list[tuple[str, str]] = [
            ("visit_log.field.kind", label("interaction", detail.kind)),
            ("visit_log.field.when", local_time(detail.occurred_at, self.zone)),
            ("visit_log.field.duration", minutes),
            ("visit_log.field.purpose", label("purpose", detail.purpose)),
            ("visit_log.field.prepared", detail.prepared or "-"),
            ("visit_log.field.summary", detail.summary or "-"),
            ("visit_log.field.needs", detail.needs or "-"),
            ("visit_log.field.products", detail.products or "-"),
            ("visit_log.field.outcome", detail.outcome or "-"),
            ("visit_log.field.satisfaction",
             str(detail.satisfaction) if detail.satisfaction else t("visit_log.no_satisfaction")),
            ("visit_log.field.follow_ups", detail.follow_ups or "-"),
            ("visit_log.field.next_contact_on", _day(detail.next_contact_on)),
            ("visit_log.field.recorded_by", detail.recorded_by or "-"),
        ]  # fmt: skip
        if detail.channel is not None or detail.cost_fen is not None:
            from store.greetings import greeting_line

            rows.insert(4, ("greetings.field.sent", greeting_line(detail.channel, detail.cost_fen)))
        for key, value in rows:
            lines.add_row(t(key), value)
        present = "\n".join(
            t("visit_log.participant_choice", name=p.name, level=label("level", p.level) or "-")
            for p in detail.participants
        ) or t("visit_log.no_participants")
        tasks = "\n".join(
            t("visit_log.task_line", title=task.title, due=_day(task.due_on),
              status=t(f"visit_log.task_status.{task.status}"))
            for task in detail.tasks
        ) or t("visit_log.no_tasks")  # fmt: skip
        return [
            _box("visit_log.group.entry", Static(lines), "entry-fields"),
            _box("visit_log.group.participants", Static(present), "entry-participants"),
            _box("visit_log.group.tasks", Static(tasks), "entry-tasks"),
            _box("visit_log.group.history", Static(self._history(detail.history)), "entry-history"),
        ]

    def _history(self, history: tuple[AuditView, ...]) -> Table:
        table = Table(box=None, padding=(0, 2, 0, 0), expand=True, header_style="dim")
        table.add_column(t("client_edit.history.col_when"), no_wrap=True)
        table.add_column(t("client_edit.history.col_who"), no_wrap=True)
        table.add_column(t("client_edit.history.col_what"), ratio=1)
        for entry in history:
            table.add_row(
                local_time(entry.at, self.zone),
                entry.author or t("client_edit.history.unknown_author"),
                history_text(entry, self.zone),
            )
        return table

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.notify(f"{event.worker.error}", title=t("notice.worker_failed"),
                        severity="error", timeout=15)  # fmt: skip

    # --- actions -------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("correct", "withdraw", "history"):
            return self.detail is not None
        return True

    def action_close(self) -> None:
        self.dismiss(None)

    def action_history(self) -> None:
        if self.query("#entry-history"):
            self.query_one("#entry-body", VerticalScroll).scroll_to_widget(
                self.query_one("#entry-history"), top=True, animate=False
            )

    def action_correct(self) -> None:
        if self.detail is not None:
            d = self.detail
            correct_entry(self, self.store, self.zone, d.client_id, d.client_name, d.id)

    def action_withdraw(self) -> None:
        if self.detail is not None:
            d = self.detail
            ask_withdraw(self, self.store, entry_id=d.id, client_id=d.client_id,
                         client_name=d.client_name, kind=d.kind,
                         when=local_time(d.occurred_at, self.zone))  # fmt: skip


def _box(heading: str, body: Widget, box_id: str) -> Widget:
    body.id = box_id
    body.add_class("detail-group")
    body.border_title = t(heading)
    return body


def _day(value: date | None) -> str:
    return value.isoformat() if value else "-"


def history_text(entry: AuditView, zone: str) -> str:
    """`沟通内容：旧 → 新；…` in the user's language; a creation or withdrawal is one word."""
    if entry.action in ("create", "delete", "restore"):
        return t(f"visit_log.history.{entry.action}")
    parts = [
        t("visit_log.history.change", field=t(FIELD_LABELS.get(column, column)),
          old=_shown(column, old, zone), new=_shown(column, new, zone))
        for column, (old, new) in entry.changes.items()
    ]  # fmt: skip
    return ("；" if current_language() == "zh" else "; ").join(parts)


def _shown(column: str, value: Any, zone: str) -> str:
    """A value from the audit log's encoding as a person reads it."""
    if value is None or value == "" or value == []:
        return "-"
    if isinstance(value, list):  # who was present: names, resolved by the store
        return ("、" if current_language() == "zh" else ", ").join(str(v) for v in value)
    if column in _CHOICE_VOCABULARY:
        return label(_CHOICE_VOCABULARY[column], str(value))
    if column == "occurred_at":
        try:
            return local_time(datetime.fromisoformat(str(value)), zone)
        except ValueError:
            return str(value)
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:57] + "..."
