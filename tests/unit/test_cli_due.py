"""`clientdesk due`: the due and overdue visits as an aligned table or JSON, for scripts."""

from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from ids_support import uuid7_made_at
from rich.cells import cell_len, set_cell_size

from store.cadence import Obligation
from store.db import Store
from store.models import Branch, Client, Interaction, InteractionParticipant, Manager
from store.workdays import days_off_ahead
from tui import cli

LOCAL = ZoneInfo("Asia/Shanghai")
#: What the day-off note says before the working day's date.
NOTE_HEAD = {"zh": "到期日休息，前一工作日 ", "en": "due on a day off; the working day before is "}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def db(store: Store) -> str:
    """A branch where 李娜 (RH3001) owns two platinum clients; today is 2026-11-28."""
    with store.session() as session:
        branch = Branch(code="001", name="仁怀支行")
        session.add(branch)
        session.flush()
        staff = {}
        for number, name, level in (("RH3001", "李娜", "client_manager"),
                                    ("RH2001", "陈静", "senior_client_manager"),
                                    ("RH3002", "张伟", "client_manager"),
                                    ("RH3003", "张伟", "client_manager")):
            staff[number] = Manager(employee_no=number, name=name, level=level,
                                    branch_id=branch.id)
        session.add_all(staff.values())
        session.flush()
        clients = {}
        # A role never visited is due one interval after the client joined the book:
        # the seniors' quarterly visits from 28 August, 王琼's half-yearly from 28 May,
        # all due today.
        for name, owner, joined in (("贵州茅台酒股份有限公司", "RH3001", date(2026, 8, 28)),
                                    ("王琼", "RH3001", date(2026, 5, 28)),
                                    ("曹山", "RH3002", date(2026, 8, 28))):
            made = uuid7_made_at(datetime.combine(joined, time(10), LOCAL))
            clients[name] = Client(id=made, name=name, tier="platinum",
                                   owner_manager_id=staff[owner].id, branch_id=branch.id)
        session.add_all(clients.values())
        session.flush()
        for name, day, who in (("贵州茅台酒股份有限公司", date(2026, 9, 15), "RH3001"),
                               ("王琼", date(2026, 11, 5), "RH2001"),
                               ("曹山", date(2026, 11, 20), "RH3002")):
            entry = Interaction(client_id=clients[name].id, kind="visit",
                                occurred_at=datetime.combine(day, time(10), LOCAL))
            session.add(entry)
            session.flush()
            session.add(InteractionParticipant(interaction_id=entry.id,
                                               manager_id=staff[who].id))
    return str(store.path)


def test_table_lists_due_and_overdue_worst_first(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    code, out, err = _run(capsys, "--db", db, "due")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["Client", "Tier", "Role", "Manager", "Last", "visit", "Due", "on",
                                "Days", "late", "Note"]
    rows = [line.split("  ") for line in lines[1:]]
    cells = [[cell.strip() for cell in row if cell.strip()] for row in rows]
    assert cells[0] == ["贵州茅台酒股份有限公司", "Platinum", "Client manager", "李娜",
                        "2026-09-15", "2026-10-15", "44"]
    # 陈静's visit on 11-05 counts for her quarterly and 李娜's monthly (due 12-05: within 7 days,
    # a Saturday: the note names Friday 12-04).
    assert ["王琼", "Platinum", "Client manager", "李娜", "2026-11-05", "2026-12-05", "-",
            "due on a day off; the working day before is 2026-12-04"] in cells
    senior = ["曹山", "Platinum", "Senior client manager", "陈静", "never", "2026-11-28", "-",
              "due on a day off; the working day before is 2026-11-27"]  # today, a Saturday
    assert senior in cells
    assert not any(row[0] == "王琼" and row[2] == "Senior client manager" for row in cells)
    assert len(cells) == 5
    # No branch leader in this branch: nobody carries the leaders' visits.
    assert [row[3] for row in cells if row[2] == "Branch leader"] == ["Nobody"]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_columns_line_up_in_terminal_cells(
    capsys: pytest.CaptureFixture[str], db: str, language: str
) -> None:
    code, out, _ = _run(capsys, "--lang", language, "--db", db, "due")
    assert code == 0
    lines = out.splitlines()
    # The day-off notes (last column) start at one cell too; cut them off to find the due dates.
    note_at = cell_len(lines[0][: lines[0].index("提示" if language == "zh" else "Note")])
    noted = [line for line in lines[1:] if cell_len(line) > note_at]
    assert noted and {cell_len(line[: line.index("2026-12-04")]) for line in noted if
                      "2026-12-04" in line} == {note_at + cell_len(NOTE_HEAD[language])}
    lines = [set_cell_size(line, note_at) for line in lines]
    # Every due date starts at the same cell, whatever the width of the Chinese names.
    dates = {cell_len(line[: line.rindex("2026-1")]) for line in lines[1:]}
    assert len(lines) == 6
    assert len(dates) == 1
    heading_due = "应访日期" if language == "zh" else "Due on"
    assert cell_len(lines[0][: lines[0].index(heading_due)]) == dates.pop()


def test_json_has_code_names_labels_and_iso_dates(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    code, out, _ = _run(capsys, "--lang", "zh", "--db", db, "due", "--json")
    assert code == 0
    records = json.loads(out)
    first = records[0]
    assert {k: first[k] for k in ("client", "tier", "tier_label", "role", "role_label", "manager",
                                  "last_contact", "due_on", "days_overdue", "state")} == {
        "client": "贵州茅台酒股份有限公司", "tier": "platinum", "tier_label": "白金",
        "role": "client_manager", "role_label": "客户经理", "manager": "李娜",
        "last_contact": "2026-09-15", "due_on": "2026-10-15", "days_overdue": 44,
        "state": "overdue",
    }
    never = [r for r in records if r["last_contact"] is None]
    assert never and all(r["state"] == "due" and r["days_overdue"] == 0 for r in never)
    assert {r["manager"] for r in records if r["role"] == "branch_leader"} == {None}


def test_manager_by_name_or_number(capsys: pytest.CaptureFixture[str], db: str) -> None:
    _, by_name, _ = _run(capsys, "--db", db, "due", "--manager", "李娜", "--json")
    _, by_number, _ = _run(capsys, "--db", db, "due", "--manager", "rh3001", "--json")
    assert by_name == by_number
    assert [(r["client"], r["role"]) for r in json.loads(by_name)] == [
        ("贵州茅台酒股份有限公司", "client_manager"), ("王琼", "client_manager")]


def test_unknown_or_ambiguous_manager_exits_2(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, err = _run(capsys, "--db", db, "due", "--manager", "王五")
    assert (code, out) == (2, "")
    assert err.strip() == "clientdesk: no manager named or numbered 王五"
    code, _, err = _run(capsys, "--db", db, "due", "--manager", "张伟")
    assert code == 2
    assert "RH3002, RH3003" in err


def test_nothing_due(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, _ = _run(capsys, "--db", db, "due", "--manager", "RH3003")
    assert (code, out.strip()) == (0, "No visits due or overdue")
    code, out, _ = _run(capsys, "--db", db, "due", "--manager", "RH3003", "--json")
    assert (code, json.loads(out)) == (0, [])


def test_uses_the_configs_cadence(capsys: pytest.CaptureFixture[str], db: str) -> None:
    config = Path(os.environ["CLIENTDESK_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[cadence.platinum]\nclient_manager = "2w"\n', encoding="utf-8")
    _, out, _ = _run(capsys, "--db", db, "due", "--json")
    # Fortnightly, by the client manager only.
    assert [(r["client"], r["role"], r["due_on"], r["days_overdue"]) for r in json.loads(out)] == [
        ("贵州茅台酒股份有限公司", "client_manager", "2026-09-29", 60),
        ("王琼", "client_manager", "2026-11-19", 9),
        ("曹山", "client_manager", "2026-12-04", 0),
    ]



def test_json_names_the_working_day_before_a_due_date_on_a_day_off(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    _, out, _ = _run(capsys, "--db", db, "due", "--json")
    shown = {(r["client"], r["role"]): r["previous_workday"] for r in json.loads(out)}
    assert shown[("王琼", "client_manager")] == "2026-12-04"  # due Saturday 12-05
    assert shown[("曹山", "senior_client_manager")] == "2026-11-27"  # due today, Saturday
    assert shown[("贵州茅台酒股份有限公司", "client_manager")] is None  # overdue: past days


def test_a_table_without_days_off_has_no_note_column() -> None:
    from tui.due_report import due_table

    item = Obligation("c1", "王琼", "platinum", "client_manager", "m1", "李娜", None,
                      date(2026, 12, 4), 0, "due")  # fmt: skip
    assert due_table([item], {})[0].split()[-2:] == ["Days", "late"]
    table = due_table([item], {date(2026, 12, 4): date(2026, 12, 3)})
    assert table[0].split()[-1] == "Note"
    assert table[1].endswith("due on a day off; the working day before is 2026-12-03")


def test_days_off_ahead_skips_past_days_and_make_up_workdays() -> None:
    """2026 (State Council schedule): Mid-Autumn 25-27 September and National Day 1-7
    October off, make-up workdays Sunday 20 September and Saturday 10 October."""
    days = [date(2026, 10, 3), date(2026, 10, 10), date(2026, 9, 20), date(2026, 9, 27),
            date(2026, 9, 29), date(2026, 9, 26)]  # fmt: skip
    assert days_off_ahead(days, date(2026, 9, 27)) == {
        date(2026, 10, 3): date(2026, 9, 30),
        date(2026, 9, 27): date(2026, 9, 24),  # Mid-Autumn (Fri 25th) is off too
    }


class _ClosedPipe:
    """stdout after the reader (`| head`) went away: every write fails with EPIPE."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def write(self, _text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    def fileno(self) -> int:
        return self.fd


def test_a_reader_that_stops_early_is_not_an_error(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`clientdesk due | head -1`, as a branch's morning mail script might do."""
    with open(tmp_path / "stdout", "w") as spare:  # main points this fd at /dev/null
        monkeypatch.setattr(sys, "stdout", _ClosedPipe(spare.fileno()))
        try:
            assert cli.main(["--db", db, "due"]) == 0
        finally:
            monkeypatch.undo()
