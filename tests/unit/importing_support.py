"""Helpers shared by the import and export tests: files, IDs, store snapshots."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text

from store.db import Store
from store.validation import resident_id_check_digit

#: Tables an import may write; a refused import must leave all of them as they were.
WRITTEN_TABLES = ("client", "client_tag", "sync_outbox", "audit_entry", "local_meta")


def resident_id(region: str, birth: date, sequence: int) -> str:
    """A valid 18-digit resident ID number (odd `sequence`: male, even: female)."""
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return body + resident_id_check_digit(body)


def csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    path.write_bytes(csv_text(rows).encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table an import writes, for "nothing was written" checks."""
    with store.read_session() as session:
        return {
            table: [
                tuple(row) for row in session.execute(text(f"SELECT * FROM {table} ORDER BY 1"))
            ]
            for table in WRITTEN_TABLES
        }


def count(store: Store, table: str) -> int:
    with store.read_session() as session:
        return int(session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def client_by_name(store: Store, name: str) -> dict[str, Any]:
    with store.read_session() as session:
        row = session.execute(
            text("SELECT * FROM client WHERE name = :name AND deleted = 0"), {"name": name}
        ).one()
        return dict(row._mapping)
