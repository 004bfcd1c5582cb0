"""`X` on the desk: export the visit log of a period, or of the selected client.

The branch's monthly report wants "this month's visits" as a spreadsheet,
so the form opens on a dated .xlsx in the home folder and the period from
the first of this month to today; when a client is selected on the desk a
checkbox (on by default) narrows it to that client. Enter in any field or
F2 exports in a thread worker (the store function opens nothing itself: the
worker owns the session) and the app shows the count; bad input comes back
with the field it is about and appears under that field, nothing written.
"""

from __future__ import annotations

from datetime import date
from importlib.resources import files
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Footer, Input, Label, Static
from textual.worker import Worker, WorkerState

from store import clock
from store.db import Store
from store.errors import ClientdeskError
from store.i18n import t
from tui.bindings import translate_bindings
from tui.screens.form_support import FieldErrors

_CSS = [str(files("themes") / "import_export.tcss"), str(files("themes") / "visit_export.tcss")]
#: The fields that can carry an error, in the order they are shown.
FIELDS = ("path", "from", "to")


def default_visits_path(today: date) -> Path:
    """~/visits-YYYY-MM.xlsx: one file per month's report, dated where the manager is."""
    return Path.home() / f"visits-{today:%Y-%m}.xlsx"


class ExportVisitsScreen(FieldErrors, ModalScreen[None]):
    """Asks for a file, a period and whether only the selected client; then writes it."""

    CSS_PATH = _CSS
    BINDINGS = [
        Binding("f2", "export", "key.visit_export.run", id="run-visit-export"),
        Binding("escape", "cancel", "key.cancel", id="cancel-visit-export"),
        Binding("tab", "focus_next", "key.client_edit.next_field", show=False),
        Binding("shift+tab", "focus_previous", "key.client_edit.prev_field", show=False),
    ]

    class Exported(Message):
        """The file is written; `text` is the notice with the count."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Refused(Message):
        """Bad input or a failed write: `field` is where to show `text`."""

        def __init__(self, field: str, text: str) -> None:
            super().__init__()
            self.field = field
            self.text = text

    def __init__(self, store: Store, zone: str, client: tuple[str, str] | None = None) -> None:
        """`client` is the desk's selected (id, name), or None when nothing is selected."""
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.zone = zone
        self.client = client
        self.today = clock.today(zone)

    def compose(self) -> ComposeResult:
        with Vertical(id="visit-export-box") as box:
            box.border_title = t("visit_export.title")
            for name, label, value in (
                ("path", "visit_export.path_label", str(default_visits_path(self.today))),
                ("from", "visit_export.from_label", self.today.replace(day=1).isoformat()),
                ("to", "visit_export.to_label", self.today.isoformat()),
            ):
                with Vertical(id=f"row-{name}", classes="visit-export-row"):
                    with Horizontal(classes="visit-export-line"):
                        yield Label(t(label), classes="visit-export-label")
                        yield Input(value, id=f"visit-export-{name}", compact=True,
                                    placeholder="YYYY-MM-DD" if name != "path" else "")
                    yield Static("", id=f"error-{name}", classes="import-error", markup=False)
            if self.client is not None:
                yield Checkbox(t("visit_export.only_client", name=self.client[1]), True,
                               id="visit-export-only-client", compact=True)
            else:
                yield Static(t("visit_export.no_client"), classes="import-hint")
            yield Static(t("visit_export.hint"), classes="import-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#visit-export-path", Input).focus()

    # --- exporting ----------------------------------------------------------------
    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_export()

    def action_export(self) -> None:
        if self.saving:
            return
        for name in FIELDS:
            self._show_error(name, "")
        path = self.query_one("#visit-export-path", Input).value.strip()
        if not path:
            self._show_error("path", t("visit_export.path_required"))
            self.query_one("#visit-export-path", Input).focus()
            return
        only = self.client is not None and self.query_one(Checkbox).value
        self.saving = True
        self.export(
            path,
            self.query_one("#visit-export-from", Input).value,
            self.query_one("#visit-export-to", Input).value,
            self.client[0] if only and self.client is not None else None,
        )

    @work(thread=True, exclusive=True, group="visit-export", exit_on_error=False)
    def export(self, path: str, start_text: str, end_text: str, client_id: str | None) -> None:
        from store.exporting import (
            VisitExportError,
            export_visits,
            parse_export_day,
            visit_export_format,
        )

        try:
            visit_export_format(path)
            start = parse_export_day(start_text, "from")
            end = parse_export_day(end_text, "to")
            with self.store.read_session() as session:
                count = export_visits(session, path, self.zone, start=start, end=end,
                                      client_id=client_id)
        except VisitExportError as exc:
            self.post_message(self.Refused(exc.field, exc.message()))
        except ClientdeskError as exc:
            self.post_message(self.Refused("path", exc.message()))
        else:
            shown = Path(path).expanduser()
            self.post_message(self.Exported(t("visit_export.done", count=f"{count:,}",
                                              path=shown)))

    def on_export_visits_screen_exported(self, message: Exported) -> None:
        self.saving = False
        self.app.notify(message.text, timeout=10)
        self.dismiss(None)

    def on_export_visits_screen_refused(self, message: Refused) -> None:
        self.saving = False
        field = message.field if message.field in FIELDS else "path"
        self._show_error(field, message.text)
        self.query_one(f"#visit-export-{field}", Input).focus()

    @on(Worker.StateChanged)
    def report_worker_failure(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.saving = False
            self.notify(f"{event.worker.error}", title=t("notice.worker_failed"),
                        severity="error", timeout=15)

    def action_focus_next(self) -> None:
        """Screens have no such action of their own: without it tab would do nothing here."""
        self.focus_next()

    def action_focus_previous(self) -> None:
        self.focus_previous()

    def action_cancel(self) -> None:
        if not self.saving:
            self.dismiss(None)
