"""One line at the bottom: who is signed in, where, which store, how many clients."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from store.desk import DeskContext
from store.i18n import t
from tui.format import label


def display_path(path: Path) -> str:
    """The store path with the home folder shortened to ~, as people write it."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


class StatusBar(Static):
    def show_context(self, context: DeskContext, store_path: Path) -> None:
        manager = context.manager_name or t("status.no_manager")
        level = label("level", context.manager_level) if context.manager_level else ""
        parts = [
            f"{manager} {level}".strip(),
            context.branch_name or t("status.no_branch"),
            display_path(store_path),
            t("status.clients", count=f"{context.client_count:,}"),
        ]
        self.update(" | ".join(parts))
