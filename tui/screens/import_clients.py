"""`i`: import clients from a file; `x`: export the current list to one.

Import is two steps, so nothing is written by surprise: enter checks the
file (a dry run: every bad row is listed, with its line, column and
reason, or a summary of what would change), then ctrl+o imports it. Both
run in a thread worker, with a progress bar fed by coalescing messages;
the real import re-checks everything inside its one transaction, so a file
edited between the two steps can never be half-written.

Export asks for a path (a dated .xlsx in the home folder by default) and
writes the clients of the desk's current search and filters.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.validation import ValidationResult, Validator
from textual.widgets import DataTable, Footer, Header, Input, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState

from store import clock
from store.client_list import ClientQuery
from store.db import Store
from store.errors import ClientdeskError
from store.i18n import t
from store.tiers import TierRules
from tui.bindings import translate_bindings
from tui.messages import (
    ExportFinished,
    ExportRefused,
    ImportChecked,
    ImportProgressed,
    ImportRefused,
)

#: Bad rows listed on screen; the CLI prints all of them.
MAX_SHOWN = 1000
_CSS = str(files("themes") / "import_export.tcss")


class ExistingFile(Validator):
    """The path names a file that exists (`~` allowed)."""

    def validate(self, value: str) -> ValidationResult:
        text = value.strip()
        if not text:
            return self.failure(t("import.path_required"))
        path = Path(text).expanduser()
        if path.is_dir():
            return self.failure(t("import.path_folder"))
        if not path.is_file():
            return self.failure(t("import.path_missing"))
        return self.success()


class ImportClientsScreen(Screen[bool]):
    """Dismisses with True when clients were imported (the desk reloads)."""

    CSS_PATH = _CSS
    BINDINGS = [
        Binding("ctrl+o", "run_import", "key.import_run", id="import-run"),
        Binding("escape", "close", "key.back", id="close-import"),
    ]

    def __init__(self, store: Store, rules: TierRules) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.rules = rules
        #: The path of the last clean check with something to write.
        self.checked: str | None = None
        self.importing = False
        self.imported = False

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(id="import-body"):
            yield Label(t("import.path_label"))
            yield Input(
                placeholder=t("import.path_placeholder"),
                id="import-path",
                validators=[ExistingFile()],
                validate_on=["submitted"],
            )
            yield Static("", id="import-error", classes="import-error", markup=False)
            yield Static(t("import.hint"), classes="import-hint")
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Static("", id="import-summary", markup=False)
            yield DataTable(id="import-problems", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("import.title")
        table = self.query_one(DataTable)
        for key in ("import.col_where", "import.col_column", "import.col_reason"):
            table.add_column(t(key))
        self.query_one(Input).focus()

    # --- checking and importing ----------------------------------------------------
    @on(Input.Changed, "#import-path")
    def path_changed(self) -> None:
        self.checked = None
        self._error("")
        self.refresh_bindings()

    @on(Input.Submitted, "#import-path")
    def check(self, event: Input.Submitted) -> None:
        if self.importing:
            return
        if event.validation_result is not None and not event.validation_result.is_valid:
            self._error(event.validation_result.failure_descriptions[0])
            return
        self._start(event.value.strip(), dry_run=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "run_import":
            return self.checked is not None and not self.importing
        return True

    def action_run_import(self) -> None:
        if self.checked is None or self.importing:
            self.notify(t("import.not_checked"))
            return
        self._start(self.checked, dry_run=False)

    def _start(self, path: str, *, dry_run: bool) -> None:
        self.importing = not dry_run
        self._error("")
        self.query_one("#import-summary", Static).update(
            t("import.checking" if dry_run else "import.importing", path=path)
        )
        self.query_one("#import-problems").remove_class("-shown")
        bar = self.query_one(ProgressBar)
        bar.update(total=None, progress=0)
        bar.add_class("-active")
        self.refresh_bindings()
        self.run(path, dry_run)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def run(self, path: str, dry_run: bool) -> None:
        from store.importing import ImportRejected, import_clients

        try:
            report = import_clients(
                self.store,
                path,
                dry_run=dry_run,
                rules=self.rules,
                progress=lambda done, total: self.post_message(ImportProgressed(done, total)),
            )
        except ImportRejected as exc:
            rows = [(p.where(), p.column, t(p.reason, **p.params)) for p in exc.problems]
            summary = exc.message()
            if exc.unknown_columns:
                columns = ", ".join(exc.unknown_columns)
                summary += "\n" + t("import.unknown_columns", columns=columns)
            self.post_message(ImportRefused(path, summary, rows[:MAX_SHOWN], len(rows)))
        except ClientdeskError as exc:
            self.post_message(ImportRefused(path, exc.message(), [], 0))
        else:
            self.post_message(ImportChecked(path, report))

    def on_import_progressed(self, message: ImportProgressed) -> None:
        self.query_one(ProgressBar).update(total=max(message.total, 1), progress=message.done)

    def on_import_checked(self, message: ImportChecked) -> None:
        report = message.report
        self._finished()
        counts = {
            "created": f"{report.created:,}",
            "updated": f"{report.updated:,}",
            "unchanged": f"{report.unchanged:,}",
        }
        lines = []
        if report.dry_run:
            lines.append(t("import.summary_dry", **counts))
            if report.created or report.updated:
                self.checked = message.path
                lines.append(t("import.ready"))
            else:
                lines.append(t("import.nothing_to_do"))
        else:
            self.imported = True
            self.checked = None
            lines.append(t("import.summary", path=report.path, **counts))
            self.notify(lines[0])
        if report.unknown_columns:
            lines.append(t("import.unknown_columns", columns=", ".join(report.unknown_columns)))
        self.query_one("#import-summary", Static).update("\n".join(lines))
        self.refresh_bindings()

    def on_import_refused(self, message: ImportRefused) -> None:
        self._finished()
        self.checked = None
        summary = message.summary
        if message.total_problems > len(message.problems):
            summary += "\n" + t(
                "import.more_problems", count=f"{message.total_problems - len(message.problems):,}"
            )
        self.query_one("#import-summary", Static).update(summary)
        table = self.query_one(DataTable)
        with self.app.batch_update():
            table.clear()
            for row in message.problems:
                table.add_row(*row)
        table.set_class(bool(message.problems), "-shown")
        self.refresh_bindings()

    def _finished(self) -> None:
        self.importing = False
        self.query_one(ProgressBar).remove_class("-active")

    def _error(self, text: str) -> None:
        error = self.query_one("#import-error", Static)
        error.update(text)
        error.set_class(bool(text), "-shown")

    @on(Worker.StateChanged)
    def report_worker_failure(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self._finished()
            self.refresh_bindings()
            self.notify(
                f"{event.worker.error}",
                title=t("notice.worker_failed"),
                severity="error",
                timeout=15,
            )

    def action_close(self) -> None:
        if self.importing:
            self.notify(t("import.wait"))  # the write is one transaction: let it end
            return
        self.dismiss(self.imported)


def default_export_path(zone: str) -> Path:
    """~/clientdesk-export-YYYYMMDD.xlsx, dated where the manager is."""
    return Path.home() / f"clientdesk-export-{clock.today(zone):%Y%m%d}.xlsx"


class ExportClientsScreen(ModalScreen[None]):
    """Asks where to write the desk's current list, then writes it in a worker."""

    CSS_PATH = _CSS
    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="cancel-export")]

    def __init__(self, store: Store, query: ClientQuery, zone: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.client_query = query
        self.zone = zone
        self.exporting = False

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box") as box:
            box.border_title = t("export.title")
            yield Label(t("export.path_label"))
            yield Input(str(default_export_path(self.zone)), id="export-path")
            yield Static("", id="export-error", classes="import-error", markup=False)
            yield ProgressBar(id="export-progress", show_eta=False)
            yield Static(t("export.hint"), classes="import-hint")

    @on(Input.Submitted, "#export-path")
    def submitted(self, event: Input.Submitted) -> None:
        if self.exporting:
            return
        self.exporting = True
        self.query_one("#export-error").remove_class("-shown")
        self.query_one(ProgressBar).add_class("-active")
        self.export(event.value.strip())

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def export(self, path: str) -> None:
        from store.exporting import export_clients

        try:
            report = export_clients(
                self.store,
                path,
                self.client_query,
                zone=self.zone,
                progress=lambda done, total: self.post_message(ImportProgressed(done, total)),
            )
        except ClientdeskError as exc:
            self.post_message(ExportRefused(exc.message()))
        else:
            self.post_message(
                ExportFinished(t("export.done", count=f"{report.count:,}", path=report.path))
            )

    def on_import_progressed(self, message: ImportProgressed) -> None:
        self.query_one(ProgressBar).update(total=max(message.total, 1), progress=message.done)

    def on_export_finished(self, message: ExportFinished) -> None:
        self.app.notify(message.text, timeout=10)
        self.dismiss(None)

    def on_export_refused(self, message: ExportRefused) -> None:
        self.exporting = False
        self.query_one(ProgressBar).remove_class("-active")
        error = self.query_one("#export-error", Static)
        error.update(message.text)
        error.add_class("-shown")
        self.query_one(Input).focus()

    @on(Worker.StateChanged)
    def report_worker_failure(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.exporting = False
            self.query_one(ProgressBar).remove_class("-active")
            self.notify(
                f"{event.worker.error}",
                title=t("notice.worker_failed"),
                severity="error",
                timeout=15,
            )

    def action_cancel(self) -> None:
        if not self.exporting:
            self.dismiss(None)
