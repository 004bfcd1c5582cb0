"""`clientdesk agenda` and `clientdesk calendar export`: the schedule for scripts and phones.

The book is `schedule_support`'s (李娜 signed in); today is Saturday 2026-11-28.
"""

from __future__ import annotations

import json
import os
from datetime import date, time
from pathlib import Path

import icalendar
import pytest
from rich.cells import cell_len
from schedule_support import CHEN, DELOITTE, LIU, WANG, ZHANG, plan, seed_book

from store.db import Store
from tui import cli


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def db(store: Store) -> str:
    """李娜's week: a club day Sunday, a call Monday, a visit Tuesday; 陈静 has a visit too."""
    seed_book(store)
    plan(store, date(2026, 11, 30), time(9, 0), (ZHANG,), kind="call", duration=15)
    plan(store, date(2026, 12, 1), time(14, 30), (ZHANG,), location="茅台镇", reminder=60)
    plan(store, date(2026, 11, 29), None, (WANG, ZHANG), kind="club", title="高尔夫体验课")
    plan(store, date(2026, 12, 1), time(11, 0), (LIU,), manager=CHEN)
    plan(store, date(2026, 12, 8), time(10, 0), (ZHANG,))  # beyond the default 7 days
    return str(store.path)


def _cells(out: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.split("  ") if cell.strip()]
            for line in out.splitlines()[1:] if not line.startswith("  !")]  # fmt: skip


def test_the_week_from_today_with_greetings(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, err = _run(capsys, "--db", db, "agenda")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["Date", "Time", "Kind", "Client", "What"]
    assert _cells(out) == [
        ["2026-11-29", "all day", "Club activity", "张伟、王芳", "高尔夫体验课"],
        ["2026-11-30", "09:00", "Call", "张伟"],
        ["2026-12-01", "all day", "Birthday", "张伟", "turns 60"],
        ["2026-12-01", "14:30", "Visit", "张伟", "茅台镇"],
    ]
    # Sunday is a day off: said under the entry, with the working day before it.
    assert lines[2] == "  ! 2026-11-29 is a Sunday; the previous working day is Fri 2026-11-27"
    assert len(lines) == 6


def test_days_widen_the_window(capsys: pytest.CaptureFixture[str], db: str) -> None:
    _, out, _ = _run(capsys, "--db", db, "agenda", "--days", "30")
    rows = _cells(out)
    assert ["2026-12-08", "10:00", "Visit", "张伟"] in rows
    assert ["2026-12-25", "all day", "Christmas", "德勤华永会计师事务所"] in rows
    _, out, _ = _run(capsys, "--db", db, "agenda", "--days", "1")
    assert out.strip() == "Nothing scheduled and no reminders from 2026-11-28 to 2026-11-28."


@pytest.mark.parametrize("language", ["zh", "en"])
def test_columns_line_up_in_terminal_cells(
    capsys: pytest.CaptureFixture[str], db: str, language: str
) -> None:
    _, out, _ = _run(capsys, "--lang", language, "--db", db, "agenda")
    rows = [line for line in out.splitlines() if not line.startswith("  !")]
    assert len(rows) == 5
    # Every client starts at the same cell, whatever the width of the kind's name.
    heading = "客户" if language == "zh" else "Client"
    starts = {cell_len(line[: line.index(name)]) for line, name in
              zip(rows[1:], ("张伟、王芳", "张伟", "张伟", "张伟"), strict=True)}  # fmt: skip
    assert starts == {cell_len(rows[0][: rows[0].index(heading)])}


def test_json_has_iso_dates_code_names_and_labels(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    code, out, _ = _run(capsys, "--lang", "zh", "--db", db, "agenda", "--json")
    assert code == 0
    records = json.loads(out)
    assert [(r["date"], r["time"], r["source"], r["kind"]) for r in records] == [
        ("2026-11-29", None, "event", "club"),
        ("2026-11-30", "09:00", "event", "call"),
        ("2026-12-01", None, "reminder", "birthday"),
        ("2026-12-01", "14:30", "event", "visit"),
    ]
    visit = records[3]
    assert {k: visit[k] for k in ("kind_label", "title", "clients", "client_ids", "status",
                                  "detail", "holiday", "all_day", "person")} == {
        "kind_label": "拜访", "title": "拜访张伟", "clients": ["张伟"], "client_ids": [ZHANG],
        "status": "planned", "detail": "茅台镇", "holiday": None, "all_day": False,
        "person": None,
    }  # fmt: skip
    birthday = records[2]
    assert (birthday["kind_label"], birthday["status"], birthday["person"]) == (
        "生日",
        "open",
        "张伟",
    )
    assert records[0]["holiday"].startswith("2026-11-29 是")
    assert all(set(r) == set(records[0]) for r in records)


def test_only_the_signed_in_managers_agenda(capsys: pytest.CaptureFixture[str], db: str) -> None:
    _, out, _ = _run(capsys, "--db", db, "agenda", "--json", "--days", "30")
    ids = {client_id for r in json.loads(out) for client_id in r["client_ids"]}
    assert LIU not in ids
    assert {ZHANG, WANG, DELOITTE} <= ids


def test_uses_the_configs_greetings(capsys: pytest.CaptureFixture[str], db: str) -> None:
    config = Path(os.environ["CLIENTDESK_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[greetings.birthday]\ntiers = []\n", encoding="utf-8")
    _, out, err = _run(capsys, "--db", db, "agenda", "--json")
    assert err == ""
    assert [r["kind"] for r in json.loads(out)] == ["club", "call", "visit"]


def test_calendar_export_writes_a_file_a_calendar_reads(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    target = tmp_path / "李娜.ics"
    code, out, err = _run(capsys, "--db", db, "calendar", "export", str(target))
    assert (code, err) == (0, "")
    assert out.strip() == f"Wrote 4 entries to {target}"
    events = [c for c in icalendar.Calendar.from_ical(target.read_bytes()).walk()
              if c.name == "VEVENT"]  # fmt: skip
    assert sorted(str(e["SUMMARY"]) for e in events) == [
        "Call · 张伟", "Club activity · 高尔夫体验课 · 张伟、王芳", "Visit · 张伟", "Visit · 张伟",
    ]  # fmt: skip
    assert "茅台镇" not in target.read_text(encoding="utf-8")


def test_calendar_export_options(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    target = tmp_path / "week.ics"
    code, out, _ = _run(capsys, "--db", db, "calendar", "export", str(target), "--days", "7",
                        "--reminders", "--details")  # fmt: skip
    assert (code, out.strip()) == (0, f"Wrote 4 entries to {target}")
    events = [c for c in icalendar.Calendar.from_ical(target.read_bytes()).walk()
              if c.name == "VEVENT"]  # fmt: skip
    summaries = {str(e["SUMMARY"]): e for e in events}
    assert set(summaries) == {"Call · 张伟", "Birthday · 张伟", "Visit · 张伟",
                              "Club activity · 高尔夫体验课 · 张伟、王芳"}  # fmt: skip
    assert str(summaries["Visit · 张伟"]["LOCATION"]) == "茅台镇"
    assert str(summaries["Birthday · 张伟"]["DESCRIPTION"]) == "turns 60"


@pytest.mark.parametrize("name", ["schedule.csv", "schedule"])
def test_a_file_not_ending_ics_is_refused(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, name: str
) -> None:
    target = tmp_path / name
    code, out, err = _run(capsys, "--lang", "zh", "--db", db, "calendar", "export", str(target))
    assert (code, out) == (2, "")
    assert err.strip() == (
        f"clientdesk: {target} 不是 .ics 文件；日历导出只写 iCalendar（.ics）文件"
    )
    assert not target.exists()


def test_days_must_be_a_positive_number(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, _, err = _run(capsys, "--db", db, "agenda", "--days", "0")
    assert code == 2 and "0 must be at least 1" in err
    code, _, err = _run(capsys, "--db", db, "calendar", "export", "x.ics", "--days", "soon")
    assert code == 2 and "soon" in err
    code, _, err = _run(capsys, "--db", db, "agenda", "--days", "3000000")
    assert code == 2 and "3000000 days is too long; at most 3660" in err
    assert "Traceback" not in err


def test_a_greeting_already_sent_says_so(capsys: pytest.CaptureFixture[str], db: str) -> None:
    from store.db import open_store
    from store.greeting_config import DEFAULT_GREETINGS
    from store.greetings import complete_greeting
    from store.reminders import reminders_between

    store = open_store(db)
    try:
        with store.read_session() as session:
            (birthday,) = [r for r in reminders_between(
                session, DEFAULT_GREETINGS, date(2026, 12, 1), date(2026, 12, 1)
            ) if r.client_id == ZHANG]  # fmt: skip
        complete_greeting(store, birthday, channel="cake", cost_fen=None, zone="Asia/Shanghai")
    finally:
        store.close()
    _, out, _ = _run(capsys, "--db", db, "agenda")
    assert ["2026-12-01", "all day", "Birthday", "张伟", "turns 60 · done"] in _cells(out)
