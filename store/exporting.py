"""Exporting clients to .csv, .xlsx or .json (issue 4, item 7).

What is written is what `store.importing` reads back: the same column keys
(`store.importing.headers.COLUMNS`), vocabularies as code names, money in
yuan as exact decimal text (``"1234567.89"``), dates as ISO text, the owner
as the manager's employee number and the branch as its code. Exporting a
book and importing the file again therefore changes nothing.

- CSV is UTF-8 with a BOM, which is how Chinese Excel recognises UTF-8;
  headers are the English keys by default (``headers="zh"`` writes the
  Chinese header and label of each column instead; both import back).
- XLSX is written in openpyxl's streaming mode; ID and phone numbers are
  text cells (Excel would show an 18-digit number as 5.20102E+17), money is
  numeric, dates are date cells.
- JSON is a list of objects with the English keys; money as decimal
  strings in yuan, dates as ISO strings, tags as a list, null for nothing.

The file is written under a temporary name beside the target and renamed
over it only when complete, so an interrupted export never replaces a good
file with half of one.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from sqlalchemy import select

from store import clock
from store.errors import ClientdeskError
from store.i18n import CATALOG
from store.importing.headers import COLUMNS, ColumnSpec
from store.models import Branch, Client, ClientTag, Manager
from store.money import fen_to_decimal

if TYPE_CHECKING:
    from store.client_list import ClientQuery
    from store.db import Store

__all__ = ["EXPORT_COLUMNS", "ExportError", "ExportReport", "export_clients", "export_format"]

ExportFormat = Literal["csv", "xlsx", "json"]
HeaderStyle = Literal["keys", "zh"]

#: The columns an export writes: every importable field but the AUM parts
#: (the store keeps their sum, `aum_yuan`).
EXPORT_COLUMNS: Final[tuple[ColumnSpec, ...]] = tuple(c for c in COLUMNS if c.kind != "aum_part")
_FETCH: Final = 900  # ids per IN (...) when reading rows in list order
_TEXT_CELLS: Final = frozenset({"id_number", "credit_code", "phone", "customer_no"})


class ExportError(ClientdeskError):
    """The export could not be written; any existing file at the path is untouched."""


@dataclass(frozen=True)
class ExportReport:
    path: Path
    file_format: ExportFormat
    count: int


def export_format(path: str | Path) -> ExportFormat:
    """The format a file name asks for; raises `ExportError` for any other."""
    suffix = Path(path).suffix.lower()
    if suffix in (".csv", ".xlsx", ".json"):
        return suffix[1:]  # type: ignore[return-value]
    raise ExportError("export.unknown_format", path=path)


def export_clients(
    store: Store,
    path: str | Path,
    query: ClientQuery | None = None,
    *,
    headers: HeaderStyle = "keys",
    progress: Callable[[int, int], None] | None = None,
    zone: str = clock.DEFAULT_ZONE,
) -> ExportReport:
    """Write the clients of `query` (the whole book when None) to `path`.

    The whole book is every client not deleted, archived ones included
    (their status travels with them); a query exports exactly what the
    desk's list shows for it, in the same order.
    """
    target = Path(path).expanduser()
    file_format = export_format(target)
    if target.is_dir():
        raise ExportError("export.is_directory", path=target)
    if not target.parent.is_dir():
        raise ExportError("export.no_folder", folder=target.parent)
    report = progress or (lambda _done, _total: None)
    temp = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        with store.read_session() as session:
            ids = _ids(session, query, zone)
            records = _records(session, ids, headers, report)
            if file_format == "csv":
                _write_csv(temp, records, headers)
            elif file_format == "xlsx":
                _write_xlsx(temp, records, headers)
            else:
                _write_json(temp, records)
        os.replace(temp, target)
    except OSError as exc:
        raise ExportError("export.failed", path=target, detail=exc.strerror or exc) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    return ExportReport(target, file_format, len(ids))


def _ids(session: Any, query: ClientQuery | None, zone: str) -> list[str]:
    if query is None:
        statement = (
            select(Client.id)
            .where(Client.deleted.is_(False))
            .order_by(Client.aum_fen.desc(), Client.id.desc())
        )
    else:
        from store.client_list import matching_ids

        statement = matching_ids(session, query, zone)
    return list(session.scalars(statement))


def _records(
    session: Any, ids: list[str], headers: HeaderStyle, progress: Callable[[int, int], None]
) -> Iterator[dict[str, Any]]:
    """Each client as {column key: exported value}, in the order of `ids`."""
    managers = dict(session.execute(select(Manager.id, Manager.employee_no)).all())
    branches = dict(session.execute(select(Branch.id, Branch.code)).all())
    columns = [getattr(Client, name) for name in _CLIENT_ATTRS]
    total = len(ids)
    progress(0, total)
    for start in range(0, total, _FETCH):
        chunk = ids[start : start + _FETCH]
        rows = {
            row.id: row for row in session.execute(select(*columns).where(Client.id.in_(chunk)))
        }
        tags: dict[str, list[str]] = {}
        for client_id, tag in session.execute(
            select(ClientTag.client_id, ClientTag.tag)
            .where(ClientTag.client_id.in_(chunk), ClientTag.deleted.is_(False))
            .order_by(ClientTag.tag)
        ):
            tags.setdefault(client_id, []).append(tag)
        for client_id in chunk:
            row = rows[client_id]._mapping
            yield _record(row, tags.get(client_id, []), managers, branches, headers)
        progress(min(start + _FETCH, total), total)


_CLIENT_ATTRS: Final = tuple(
    dict.fromkeys(("id", *(c.attr for c in EXPORT_COLUMNS if c.attr is not None)))
)


def _record(
    row: Any,
    tags: list[str],
    managers: dict[str, str],
    branches: dict[str, str],
    headers: HeaderStyle,
) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for column in EXPORT_COLUMNS:
        if column.kind == "tags":
            record[column.key] = tags
            continue
        value = row[column.attr]
        if value is None:
            record[column.key] = None
        elif column.kind == "amount":
            record[column.key] = fen_to_decimal(int(value))
        elif column.kind == "owner":
            record[column.key] = managers.get(value)
        elif column.kind == "branch":
            record[column.key] = branches.get(value)
        elif headers == "zh" and column.vocabulary is not None:
            zh = CATALOG.get(f"{column.vocabulary}.{value}")
            record[column.key] = zh[0] if zh else value
        else:
            record[column.key] = value
    return record


def _header(headers: HeaderStyle) -> list[str]:
    if headers == "zh":
        return [column.headers[0] for column in EXPORT_COLUMNS]
    return [column.key for column in EXPORT_COLUMNS]


def _text(value: Any, headers: HeaderStyle) -> str:
    """A value as a CSV cell: what the import reads back to the same value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        if headers == "zh":
            return "是" if value else "否"
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "、".join(value)
    return str(value)


def _write_csv(temp: Path, records: Iterator[dict[str, Any]], headers: HeaderStyle) -> None:
    # utf-8-sig: the BOM is how Excel knows the file is UTF-8, not GBK.
    with temp.open("w", encoding="utf-8-sig", newline="") as handle:
        os.chmod(temp, 0o600)  # a client list is as private as the store
        writer = csv.writer(handle)
        writer.writerow(_header(headers))
        for record in records:
            writer.writerow([_text(value, headers) for value in record.values()])


def _write_xlsx(temp: Path, records: Iterator[dict[str, Any]], headers: HeaderStyle) -> None:
    """A one-sheet workbook in openpyxl's write-only (streaming) mode.

    openpyxl is imported only here: start-up never pays for it.
    """
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("clients")
    sheet.append(_header(headers))
    for record in records:
        sheet.append([_cell(key, value, headers) for key, value in record.items()])
    with temp.open("wb") as handle:
        os.chmod(temp, 0o600)
        workbook.save(handle)


def _cell(key: str, value: Any, headers: HeaderStyle) -> Any:
    if value is None:
        return None
    if key in _TEXT_CELLS or isinstance(value, list):
        return _text(value, headers)
    if isinstance(value, bool) and headers == "zh":
        return _text(value, headers)
    return value


def _write_json(temp: Path, records: Iterator[dict[str, Any]]) -> None:
    """A JSON list written one object at a time (bounded memory at 100k clients)."""
    with temp.open("w", encoding="utf-8") as handle:
        os.chmod(temp, 0o600)
        handle.write("[")
        for index, record in enumerate(records):
            handle.write(",\n" if index else "\n")
            handle.write(json.dumps(record, ensure_ascii=False, default=_json_value))
        handle.write("\n]\n")


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")
