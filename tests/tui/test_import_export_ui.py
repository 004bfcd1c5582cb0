"""`i` imports a file (check first, then ctrl+o); `x` exports the current list."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Input, Static

from store.client_list import ClientQuery, count_clients
from store.db import Store
from tests.tui.conftest import TERMINAL, settle
from tests.unit.importing_support import resident_id, snapshot, write_csv
from tui.app import ClientDeskApp
from tui.screens.import_clients import ExportClientsScreen, ImportClientsScreen
from tui.widgets.client_list import ClientList

ZHANG = resident_id("520102", date(1980, 1, 1), 123)


def _summary(app: ClientDeskApp) -> str:
    return str(app.screen.query_one("#import-summary", Static).render())


async def test_bad_file_lists_every_bad_row_and_writes_nothing(
    desk: ClientDeskApp, demo_store: Store, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "bad.csv",
        [
            ["客户姓名", "证件号码", "手机号码", "出生日期"],
            ["张伟", ZHANG, "1380013800", "1980年2月30日"],
            ["李娜", ZHANG, "13900139000", ""],
        ],
    )
    before = snapshot(demo_store)
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(desk.screen, ImportClientsScreen)
        desk.screen.query_one(Input).value = str(path)
        await pilot.press("enter")
        await settle(pilot)
        table = desk.screen.query_one(DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows == [
            ["line 2", "手机号码", "must be an 11-digit mainland mobile number starting with 1"],
            ["line 2", "出生日期", "date 1980年2月30日 does not exist or cannot be read"],
            ["line 3", "证件号码", "same as on line 2"],
        ]
        assert "3 problems in 2 rows; nothing was imported." in _summary(desk)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(desk.screen, ImportClientsScreen)
    assert snapshot(demo_store) == before


async def test_missing_path_is_named_under_the_input(desk: ClientDeskApp, tmp_path: Path) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("i")
        desk.screen.query_one(Input).value = str(tmp_path / "nope.csv")
        await pilot.press("enter")
        await settle(pilot)
        error = desk.screen.query_one("#import-error", Static)
        assert str(error.render()) == "No such file"
        assert error.has_class("-shown")


async def test_check_then_import_updates_the_desk(
    desk: ClientDeskApp, demo_store: Store, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "new.csv",
        [["客户姓名", "证件号码", "金融资产(元)"], ["张伟", ZHANG, "99,000,000"]],
        encoding="gbk",
    )
    with demo_store.read_session() as session:
        before = count_clients(session, ClientQuery())
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("i")
        desk.screen.query_one(Input).value = str(path)
        await pilot.press("enter")
        await settle(pilot)
        assert "Checked, nothing written: 1 new, 0 to update, 0 unchanged." in _summary(desk)
        with demo_store.read_session() as session:
            assert count_clients(session, ClientQuery()) == before  # the check wrote nothing
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert "1 new, 0 updated, 0 unchanged." in _summary(desk)
        await pilot.press("escape")
        await settle(pilot)
        client_list = desk.query_one(ClientList)
        assert client_list.total == before + 1
        assert client_list.highlighted is not None
        assert client_list.highlighted.name == "张伟"  # 9,900万: the biggest client


async def test_export_writes_the_current_list(
    desk: ClientDeskApp, demo_store: Store, tmp_path: Path
) -> None:
    target = tmp_path / "list.json"
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(desk.screen, ExportClientsScreen)
        box = desk.screen.query_one(Input)
        assert box.value.endswith("clientdesk-export-20261128.xlsx")
        box.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(desk.screen, ExportClientsScreen)
    with demo_store.read_session() as session:
        expected = count_clients(session, desk.client_query)
    assert len(json.loads(target.read_text("utf-8"))) == expected > 0


async def test_export_to_a_bad_name_stays_open(desk: ClientDeskApp, tmp_path: Path) -> None:
    async with desk.run_test(size=TERMINAL) as pilot:
        await settle(pilot)
        await pilot.press("x")
        desk.screen.query_one(Input).value = str(tmp_path / "list.docx")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(desk.screen, ExportClientsScreen)
        assert "must end in .csv, .xlsx or .json" in str(
            desk.screen.query_one("#export-error", Static).render()
        )
    assert not (tmp_path / "list.docx").exists()
