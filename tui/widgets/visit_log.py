"""The selected client's visit log, newest first."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from rich.cells import cell_len, set_cell_size
from textual.widgets import DataTable

from store.i18n import t
from store.visit_log import InteractionRow
from store.vocab import InteractionKind, Purpose
from tui.bindings import translate_bindings
from tui.format import day, label, local_time

SUMMARY_CELLS = 48
PRESENT_CELLS = 14


class VisitLog(DataTable[str]):
    """Read-only table of interactions; filled by the app from a worker."""

    def __init__(self, zone: str, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        translate_bindings(self)
        self.zone = zone

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

    def show_entries(self, rows: list[InteractionRow]) -> None:
        """Replace the table's rows with `rows` (at most a few hundred)."""
        self.clear()
        for row in rows:
            self.add_row(
                local_time(row.occurred_at, self.zone),
                label("interaction", row.kind),
                label("purpose", row.purpose),
                _cut("、".join(row.participants), PRESENT_CELLS),
                day(row.next_contact_on),
                _one_line(row.summary),
                key=row.id,
            )


def _widest(vocabulary: str, values: Iterable[StrEnum]) -> int:
    return max(cell_len(label(vocabulary, value)) for value in values)


def _cut(text: str, cells: int) -> str:
    """`text` within `cells` terminal cells, marked with ... when cut."""
    if cell_len(text) <= cells:
        return text
    return set_cell_size(text, cells - 3).rstrip() + "..."


def _one_line(text: str) -> str:
    """The summary on one line, cut to SUMMARY_CELLS terminal cells."""
    return _cut(" ".join(text.split()), SUMMARY_CELLS)
