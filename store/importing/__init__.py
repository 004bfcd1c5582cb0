"""Importing clients from a spreadsheet: `import_clients` (issue 4, item 6).

The steps, each in its own module:

1. `reading`: read the file once, decide what it is (CSV in UTF-8 or
   GBK/GB18030, .xlsx, clientdesk's JSON), split it into rows of text;
2. `headers`: map its column headers (Chinese or English) to fields;
3. `rows`: check every cell of every row into typed values;
4. `apply`: match rows to clients, check what needs the store, and write.

All problems of all rows are collected before the store is written; if
there is any, `ImportRejected` lists every one and nothing is written.
The write itself is one transaction, so a failure or a kill mid-way
leaves the store as it was.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from store import clock
from store.errors import ClientdeskError
from store.importing.headers import HeaderMap, map_headers
from store.importing.reading import ImportFileError, Sheet, SheetRow, open_sheet
from store.importing.rows import Lookups, ParsedRow, RowProblem, RowReader
from store.models import Branch, Manager
from store.tiers import TierRules

if TYPE_CHECKING:
    from store.db import Store

__all__ = [
    "ImportFileError",
    "ImportRejected",
    "ImportReport",
    "RowProblem",
    "import_clients",
]

Progress = Callable[[int, int], None]

#: Rows read and checked together (`RowReader.read_rows`); the bar moves per block.
_BLOCK = 1000


@dataclass(frozen=True)
class ImportReport:
    """What an import did, or would do (`dry_run`)."""

    path: Path
    file_kind: str
    encoding: str | None
    rows: int
    created: int
    updated: int
    unchanged: int
    #: Headers no field is known by, as written: reported, ignored.
    unknown_columns: tuple[str, ...]
    #: (header as written, field key) of every column read.
    columns: tuple[tuple[str, str], ...]
    #: How many clients each field changed for (new clients not counted).
    changed_fields: tuple[tuple[str, int], ...]
    dry_run: bool


class ImportRejected(ClientdeskError):
    """Some rows are bad: `problems` lists every one; nothing was written."""

    def __init__(self, problems: list[RowProblem], unknown_columns: tuple[str, ...] = ()) -> None:
        rows = len({problem.number for problem in problems})
        super().__init__("import.rejected", count=len(problems), rows=rows)
        self.problems = problems
        self.unknown_columns = unknown_columns


def import_clients(
    store: Store,
    path: str | Path,
    *,
    dry_run: bool = False,
    rules: TierRules | None = None,
    progress: Progress | None = None,
    today: date | None = None,
) -> ImportReport:
    """Import the clients of a .csv, .xlsx or exported .json file into `store`.

    Raises `ImportFileError` when the file as a whole is unusable and
    `ImportRejected` listing every bad row; in both cases nothing is
    written. `dry_run` checks everything and writes nothing. `progress` is
    called with (steps done, steps in all): one step per row checked, then
    one per row written, so a bar moves through both halves.
    """
    with _collector_paused():
        return _import(store, path, dry_run, rules or TierRules(), progress, today)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while an import runs, as it was after.

    An import holds a few hundred thousand objects until it ends (rows,
    their values, the plan) and makes no reference cycles; the collector
    would walk them all again and again for nothing, about a twentieth of
    a 100,000-row import. Memory is still freed by reference counting. If
    another import (or anything else) paused it already, it stays paused.
    """
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _import(
    store: Store,
    path: str | Path,
    dry_run: bool,
    rules: TierRules,
    progress: Progress | None,
    today: date | None,
) -> ImportReport:
    today = today or clock.today()
    report_progress = progress or (lambda _done, _total: None)
    sheet = open_sheet(path)
    headers = map_headers(sheet.header)
    with store.read_session() as session:
        lookups = _lookups(session)
    parsed, problems = _read_rows(sheet, headers, lookups, today, report_progress)
    bad = frozenset(problem.number for problem in problems)
    steps = 2 * len(parsed)
    from store.importing.apply import load_existing, plan_rows, write_plan

    context = store.read_session() if dry_run else store.session()
    with context as session:
        conn = session.connection()
        existing = load_existing(conn, parsed, headers)
        plan = plan_rows(parsed, headers, existing, rules, today, sheet.unit, store.manager_id, bad)
        problems += plan.problems
        if problems:
            raise ImportRejected(_in_order(problems), headers.unknown)
        # Unchanged rows need no writing: the bar jumps over them.
        ready = 2 * len(parsed) - len(plan.inserts) - len(plan.updates)
        report_progress(ready, steps)
        if not dry_run:
            write_plan(session, store, plan, lambda done: report_progress(ready + done, steps))
    report_progress(steps, steps)
    return ImportReport(
        path=sheet.path,
        file_kind=sheet.kind,
        encoding=sheet.encoding,
        rows=len(parsed),
        created=len(plan.inserts),
        updated=len(plan.updates.keys() | plan.tag_updates.keys()),
        unchanged=plan.unchanged,
        unknown_columns=headers.unknown,
        columns=tuple((headers.written[key], key) for key in headers.positions),
        changed_fields=tuple(plan.changed_fields.most_common()),
        dry_run=dry_run,
    )


def _lookups(session: Any) -> Lookups:
    """Managers by employee number and name, branches by code and name."""
    managers: dict[str, list[str]] = {}
    for manager_id, number, name in session.execute(
        select(Manager.id, Manager.employee_no, Manager.name).where(Manager.deleted.is_(False))
    ):
        for key in {Lookups.key(number), Lookups.key(name)}:
            managers.setdefault(key, []).append(manager_id)
    branches: dict[str, list[str]] = {}
    for branch_id, code, name in session.execute(
        select(Branch.id, Branch.code, Branch.name).where(Branch.deleted.is_(False))
    ):
        for key in {Lookups.key(code), Lookups.key(name)}:
            branches.setdefault(key, []).append(branch_id)
    return Lookups(
        managers={key: tuple(dict.fromkeys(ids)) for key, ids in managers.items()},
        branches={key: tuple(dict.fromkeys(ids)) for key, ids in branches.items()},
    )


def _read_rows(
    sheet: Sheet, headers: HeaderMap, lookups: Lookups, today: date, progress: Progress
) -> tuple[list[ParsedRow], list[RowProblem]]:
    """Every row read and its cells checked: (rows, every cell's problem)."""
    reader = RowReader(headers, lookups, today, sheet.unit, len(sheet.header))
    parsed: list[ParsedRow] = []
    problems: list[RowProblem] = []
    estimate = sheet.estimated_rows
    block: list[SheetRow] = []
    try:
        for row in sheet.rows:
            block.append(row)
            if len(block) == _BLOCK:
                values, found = reader.read_rows(block)
                parsed += values
                problems += found
                block = []
                estimate = max(estimate, len(parsed))
                progress(len(parsed), 2 * estimate)
    except OSError as exc:
        raise ImportFileError(
            "import.read_failed", path=sheet.path, detail=exc.strerror or exc
        ) from exc
    if block:
        values, found = reader.read_rows(block)
        parsed += values
        problems += found
    if not parsed:
        raise ImportFileError("import.no_rows", path=sheet.path)
    return parsed, problems


def _in_order(problems: list[RowProblem]) -> list[RowProblem]:
    return sorted(problems, key=lambda problem: problem.number)
