"""The bottom of the desk: the status line, and the sync meter above it while syncing.

The status line says who is signed in, where, which store and how many
clients on the left; on the right, always visible even when the left is
cut short, how many local changes wait for a sync, when the last sync
succeeded, and how many conflicts wait for review.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from store.desk import DeskContext
from store.i18n import t
from tui.format import label, local_time

if TYPE_CHECKING:
    from store.sync.run import SyncProgress
    from store.sync.status import SyncStatus

SEPARATOR = " | "


def display_path(path: Path) -> str:
    """The store path with the home folder shortened to ~, as people write it."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def sync_summary(status: SyncStatus, zone: str) -> str:
    """e.g. "3 to sync | last sync 2026-11-28 14:30" (the time in `zone`)."""
    last = (
        t("status.last_sync", time=local_time(status.last_sync_at, zone))
        if status.last_sync_at is not None
        else t("status.never_synced")
    )
    return t("status.pending", count=f"{status.pending:,}") + SEPARATOR + last


class StatusBar(Horizontal):
    """One line: desk context on the left, sync state on the right (themes/sync.tcss)."""

    def compose(self) -> ComposeResult:
        yield Label(id="status-context", markup=False)
        yield Label(id="status-conflicts", markup=False)
        yield Label(id="status-sync", markup=False)

    def show_context(self, context: DeskContext, store_path: Path) -> None:
        manager = context.manager_name or t("status.no_manager")
        level = label("level", context.manager_level) if context.manager_level else ""
        parts = [
            f"{manager} {level}".strip(),
            context.branch_name or t("status.no_branch"),
            display_path(store_path),
            t("status.clients", count=f"{context.client_count:,}"),
        ]
        self.query_one("#status-context", Label).update(SEPARATOR.join(parts))

    def show_sync(self, status: SyncStatus, zone: str) -> None:
        conflicts = self.query_one("#status-conflicts", Label)
        conflicts.update(SEPARATOR + t("status.conflicts", count=f"{status.unresolved:,}"))
        conflicts.set_class(status.unresolved > 0, "-shown")
        self.query_one("#status-sync", Label).update(SEPARATOR + sync_summary(status, zone))

    @property
    def text(self) -> str:
        """The line as shown (for tests and screen readers)."""
        shown = [self.query_one("#status-context", Label)]
        conflicts = self.query_one("#status-conflicts", Label)
        if conflicts.has_class("-shown"):
            shown.append(conflicts)
        shown.append(self.query_one("#status-sync", Label))
        return "".join(str(part.content) for part in shown)


class SyncMeter(Horizontal):
    """What a running sync is doing, with a bar; hidden when no sync runs."""

    def compose(self) -> ComposeResult:
        yield Label(id="sync-stage", markup=False)
        yield ProgressBar(show_eta=False, id="sync-bar")

    def start(self) -> None:
        """A sync has begun; nothing is known about its size yet."""
        self.query_one("#sync-stage", Label).update(t("sync.connecting"))
        self.query_one(ProgressBar).update(total=None, progress=0)
        self.add_class("-active")

    def show_progress(self, step: SyncProgress) -> None:
        key = "sync.pushing" if step.stage.startswith("push") else "sync.pulling"
        self.query_one("#sync-stage", Label).update(t(key, done=step.done, total=step.total))
        # A pull with nothing to read still finishes the bar rather than pulsing.
        self.query_one(ProgressBar).update(total=max(step.total, 1),
                                           progress=step.done if step.total else 1)

    def stop(self) -> None:
        self.remove_class("-active")
        self.query_one(ProgressBar).update(total=1, progress=0)  # no pulsing while hidden
