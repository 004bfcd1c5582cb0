"""`X` on the desk exports the visit log: defaults, the client switch, errors by field, help."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from textual.widgets import Checkbox, Input, Static

from store.db import Store
from store.models import Client, Interaction
from tests.tui.conftest import TERMINAL, settle
from tui.app import ClientDeskApp
from tui.screens.export_visits import ExportVisitsScreen
from tui.screens.help import HelpScreen
from tui.widgets.client_list import ClientList

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _count(store: Store, start: date, end: date, client_id: str | None = None) -> int:
    """Entries not withdrawn whose Shanghai date is in [start, end] (independent of the export)."""
    since = datetime.combine(start, time(0), SHANGHAI).astimezone(UTC)
    until = datetime.combine(end + timedelta(days=1), time(0), SHANGHAI).astimezone(UTC)
    statement = (
        select(func.count())
        .select_from(Interaction)
        .join(Client, Client.id == Interaction.client_id)
        .where(Interaction.deleted.is_(False), Client.deleted.is_(False),
               Interaction.occurred_at >= since, Interaction.occurred_at < until)
    )  # fmt: skip
    if client_id is not None:
        statement = statement.where(Interaction.client_id == client_id)
    with store.read_session() as session:
        return int(session.execute(statement).scalar_one())


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _input(app: ClientDeskApp, name: str) -> Input:
    return app.screen.query_one(f"#visit-export-{name}", Input)


def _error(app: ClientDeskApp, name: str) -> str:
    error = app.screen.query_one(f"#error-{name}", Static)
    return str(error.render()) if error.has_class("-shown") else ""


async def test_defaults_then_the_selected_clients_month(
    desk: ClientDeskApp, demo_store: Store, tmp_path: Path
) -> None:
    target = tmp_path / "mine.csv"
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        selected = desk.query_one(ClientList).highlighted
        assert selected is not None
        await pilot.press("X")
        await settle(pilot)
        assert isinstance(desk.screen, ExportVisitsScreen)
        assert _input(desk, "path").value == str(Path.home() / "visits-2026-11.xlsx")
        assert (_input(desk, "from").value, _input(desk, "to").value) == (
            "2026-11-01", "2026-11-28",
        )
        only = desk.screen.query_one(Checkbox)
        assert only.value is True and selected.name in str(only.label)
        _input(desk, "path").value = str(target)
        _input(desk, "from").value = "2026-01-01"  # a whole year, so the client has entries
        await pilot.press("f2")
        await settle(pilot)
        assert not isinstance(desk.screen, ExportVisitsScreen)
    expected = _count(demo_store, date(2026, 1, 1), date(2026, 11, 28), selected.id)
    rows = _rows(target)
    assert len(rows) - 1 == expected > 0
    assert {row[1] for row in rows[1:]} == {selected.name}


async def test_switch_off_exports_every_client_with_enter(
    desk: ClientDeskApp, demo_store: Store, tmp_path: Path
) -> None:
    target = tmp_path / "all.csv"
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("X")
        await settle(pilot)
        _input(desk, "path").value = str(target)
        await pilot.press("tab", "tab", "tab", "space")  # path → from → to → the checkbox
        assert desk.screen.query_one(Checkbox).value is False
        await pilot.press("shift+tab", "enter")  # enter in a field exports
        await settle(pilot)
        assert not isinstance(desk.screen, ExportVisitsScreen)
    expected = _count(demo_store, date(2026, 11, 1), date(2026, 11, 28))
    rows = _rows(target)
    assert len(rows) - 1 == expected
    assert len({row[1] for row in rows[1:]}) > 1


async def test_bad_input_is_shown_under_its_field_and_nothing_written(
    desk: ClientDeskApp, tmp_path: Path
) -> None:
    target = tmp_path / "v.csv"
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("X")
        await settle(pilot)
        _input(desk, "path").value = str(target)
        _input(desk, "to").value = "2026-11-31"
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(desk.screen, ExportVisitsScreen)
        assert "To date “2026-11-31” is not a date" in _error(desk, "to")
        assert _error(desk, "from") == _error(desk, "path") == ""
        assert desk.screen.focused is _input(desk, "to")

        _input(desk, "to").value = "2026-10-01"  # before the from date
        await pilot.press("f2")
        await settle(pilot)
        assert _error(desk, "to") == ""  # the old error goes
        assert "is after the end date 2026-10-01" in _error(desk, "from")

        _input(desk, "to").value = "2026-11-28"
        _input(desk, "path").value = str(tmp_path / "v.pdf")
        await pilot.press("f2")
        await settle(pilot)
        assert ".xlsx or .csv" in _error(desk, "path")
        assert _error(desk, "from") == ""

        _input(desk, "path").value = ""
        await pilot.press("f2")
        await settle(pilot)
        assert _error(desk, "path") == "Type the file's path"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(desk.screen, ExportVisitsScreen)
    assert list(tmp_path.glob("v.*")) == []


async def test_only_on_the_desk_and_listed_in_help(desk: ClientDeskApp) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(desk.screen, HelpScreen)
        sections = dict(desk.screen.sections)
        assert ("X", "Export visits") in sections["Everywhere"]
        assert {description for _, description in sections["Export the visit log"]} >= {
            "Export", "Cancel",
        }
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # the client's profile
        await settle(pilot)
        await pilot.press("X")
        await settle(pilot)
        assert not isinstance(desk.screen, ExportVisitsScreen)
