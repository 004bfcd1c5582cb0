"""The selected client's visit log, newest first."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from textual.widgets import DataTable

from store.i18n import t
from store.visit_log import InteractionRow
from tui.bindings import translate_bindings
from tui.format import day, label, local_time

SUMMARY_CELLS = 48


class VisitLog(DataTable[str]):
    """Read-only table of interactions; filled by the app from a worker."""

    def __init__(self, zone: str, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        translate_bindings(self)
        self.zone = zone

    def on_mount(self) -> None:
        # The summary goes last: it is the column a narrow terminal cuts.
        for key in ("col.when", "col.kind", "col.purpose", "col.present", "col.next_contact",
                    "col.summary"):
            self.add_column(t(key), key=key)

    def show_entries(self, rows: list[InteractionRow]) -> None:
        """Replace the table's rows with `rows` (at most a few hundred)."""
        self.clear()
        for row in rows:
            self.add_row(
                local_time(row.occurred_at, self.zone),
                label("interaction", row.kind),
                label("purpose", row.purpose),
                "、".join(row.participants),
                day(row.next_contact_on),
                _one_line(row.summary),
                key=row.id,
            )


def _one_line(text: str) -> str:
    """The summary on one line, cut to SUMMARY_CELLS terminal cells."""
    flat = " ".join(text.split())
    if cell_len(flat) <= SUMMARY_CELLS:
        return flat
    return set_cell_size(flat, SUMMARY_CELLS - 3).rstrip() + "..."
