"""The selected client's visit log, newest first.

Corrected entries carry a mark (✎) before their summary. With the pane
focused: enter opens an entry in full, `e` corrects it, delete withdraws it
(after a confirmation) and `h` shows its corrections. Those screens and the
withdrawal live in `tui/screens/visit_entry.py`; the app reloads this pane
when it hears `InteractionSaved` or `InteractionWithdrawn`.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from rich.cells import cell_len, set_cell_size
from textual.binding import Binding
from textual.widgets import DataTable

from store.i18n import t
from store.visit_log import InteractionRow
from store.vocab import InteractionKind, Purpose
from tui.bindings import translate_bindings
from tui.format import day, label, local_time

SUMMARY_CELLS = 48
PRESENT_CELLS = 14


class VisitLog(DataTable[str]):
    """Table of interactions, filled by the app from a worker; its keys open or correct one."""

    BINDINGS = [
        Binding("enter", "open_entry", "key.visit_log.open", id="visit-log-open"),
        Binding("e", "correct_entry", "key.visit_log.edit", id="visit-log-edit"),
        Binding("delete", "withdraw_entry", "key.visit_log.withdraw", id="visit-log-withdraw"),
        Binding("h", "entry_history", "key.visit_log.history", id="visit-log-history"),
    ]

    def __init__(self, zone: str, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        translate_bindings(self)
        self.zone = zone
        self.client_id: str | None = None
        self.client_name = ""
        self.entries: dict[str, InteractionRow] = {}

    def on_mount(self) -> None:
        """Fixed column widths, from the longest label each column can show.

        Auto-sized columns were re-measured after every client change, and a
        screen drawn between adding rows and re-measuring showed them cut.
        """
        widths = {
            "col.when": len("2026-01-01 00:00"),
            "col.kind": _widest("interaction", InteractionKind),
            "col.purpose": _widest("purpose", Purpose),
            "col.present": PRESENT_CELLS,
            "col.next_contact": len("2026-01-01"),
            "col.summary": SUMMARY_CELLS,
        }
        # The summary goes last: it is the column a narrow terminal cuts.
        for key, width in widths.items():
            self.add_column(t(key), key=key, width=max(width, cell_len(t(key))))

    def show_entries(
        self, rows: list[InteractionRow], client_id: str | None = None, client_name: str = ""
    ) -> None:
        """Replace the table's rows with `rows` (at most a few hundred) of one client."""
        self.client_id = client_id
        self.client_name = client_name
        self.entries = {row.id: row for row in rows}
        self.clear()
        for row in rows:
            self.add_row(
                local_time(row.occurred_at, self.zone),
                label("interaction", row.kind),
                label("purpose", row.purpose),
                _cut("、".join(row.participants), PRESENT_CELLS),
                day(row.next_contact_on),
                _one_line(_with_greeting(row), edited=row.edited),
                key=row.id,
            )

    # --- keys on an entry ---------------------------------------------------------
    @property
    def current(self) -> InteractionRow | None:
        """The entry under the cursor, if any."""
        if not self.entries or self.row_count == 0:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return self.entries.get(str(key))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open_entry", "correct_entry", "withdraw_entry", "entry_history"):
            return self.current is not None and self.client_id is not None
        return True

    def _store(self) -> Any:
        return getattr(self.app, "store", None)

    def action_open_entry(self, show_history: bool = False) -> None:
        from tui.screens.visit_entry import VisitEntryScreen

        row, store = self.current, self._store()
        if row is not None and store is not None:
            self.app.push_screen(
                VisitEntryScreen(store, self.zone, row.id, show_history=show_history)
            )

    def action_entry_history(self) -> None:
        self.action_open_entry(show_history=True)

    def action_correct_entry(self) -> None:
        from tui.screens.visit_entry import correct_entry

        row, store = self.current, self._store()
        if row is not None and store is not None and self.client_id is not None:
            correct_entry(self, store, self.zone, self.client_id, self.client_name, row.id)

    def action_withdraw_entry(self) -> None:
        from tui.screens.visit_entry import ask_withdraw

        row, store = self.current, self._store()
        if row is not None and store is not None and self.client_id is not None:
            ask_withdraw(
                self, store, entry_id=row.id, client_id=self.client_id,
                client_name=self.client_name, kind=row.kind,
                when=local_time(row.occurred_at, self.zone),
            )  # fmt: skip


def _widest(vocabulary: str, values: Iterable[StrEnum]) -> int:
    return max(cell_len(label(vocabulary, value)) for value in values)


def _cut(text: str, cells: int) -> str:
    """`text` within `cells` terminal cells, marked with ... when cut."""
    if cell_len(text) <= cells:
        return text
    return set_cell_size(text, cells - 3).rstrip() + "..."


def _with_greeting(row: InteractionRow) -> str:
    """A greeting's channel and cost ("礼品 · ¥388.00") before its summary, so spend shows."""
    if row.channel is None and row.cost_fen is None:
        return row.summary
    from store.greetings import greeting_line

    return f"[{greeting_line(row.channel, row.cost_fen)}] {row.summary}"


def _one_line(text: str, *, edited: bool = False) -> str:
    """The summary on one line, cut to SUMMARY_CELLS terminal cells; ✎ marks a corrected one."""
    shown = " ".join(text.split())
    if edited:
        shown = f"{t('visit_log.edited_mark')} {shown}"
    return _cut(shown, SUMMARY_CELLS)
