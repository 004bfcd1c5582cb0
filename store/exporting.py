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
- Client text is never run as a formula when the file is opened in Excel
  (a note ``=HYPERLINK(...)`` is text, not a link): in CSV a text cell
  starting with = + - @ (or tab, CR) gets one leading apostrophe, which
  Excel hides and `import clients` takes off again
  (`store.importing.reading.csv_guard_formula`); in XLSX such a cell is
  written as a string cell. Numbers and dates stay numbers and dates. The
  visit export (below) does the same.

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
from datetime import UTC, date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from sqlalchemy import select

from store import clock
from store.errors import ClientdeskError
from store.i18n import CATALOG
from store.importing.headers import COLUMNS, ColumnSpec
from store.importing.reading import csv_guard_formula
from store.models import Branch, Client, ClientTag, Manager
from store.money import fen_to_decimal

if TYPE_CHECKING:
    from store.client_list import ClientQuery
    from store.db import Store

__all__ = [
    "EXPORT_COLUMNS",
    "VISIT_COLUMNS",
    "ExportError",
    "ExportReport",
    "VisitExportError",
    "export_clients",
    "export_format",
    "export_visits",
    "parse_export_day",
]

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
    with written_in_place(target) as temp, store.read_session() as session:
        ids = _ids(session, query, zone)
        records = _records(session, ids, headers, report)
        if file_format == "csv":
            _write_csv(temp, records, headers)
        elif file_format == "xlsx":
            _write_xlsx(temp, records, headers)
        else:
            _write_json(temp, records)
    return ExportReport(target, file_format, len(ids))


@contextlib.contextmanager
def written_in_place(target: Path) -> Iterator[Path]:
    """A private temporary file beside `target`, renamed over it when the block ends.

    A crash, a kill or a full disk mid-write must never leave half a file
    where the user expects their export (or an earlier, whole one): the
    target changes only by the final rename. The file is the owner's alone
    from its creation, as the store is. An `OSError` becomes an
    `ExportError` naming the path; the temporary file never stays behind.
    """
    temp = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        temp.touch(mode=0o600)
        yield temp
        os.replace(temp, target)
    except OSError as exc:
        raise ExportError("export.failed", path=target, detail=exc.strerror or exc) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


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
            writer.writerow([_csv_cell(value, headers) for value in record.values()])


def _csv_cell(value: Any, headers: HeaderStyle) -> str:
    """A client value as a CSV cell; text that Excel would run is guarded."""
    text = _text(value, headers)
    return csv_guard_formula(text) if isinstance(value, (str, list)) else text


def _write_xlsx(temp: Path, records: Iterator[dict[str, Any]], headers: HeaderStyle) -> None:
    """A one-sheet workbook in openpyxl's write-only (streaming) mode.

    openpyxl is imported only here: start-up never pays for it.
    """
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("clients")
    sheet.append(_header(headers))
    for record in records:
        sheet.append([_as_text(sheet, _cell(key, value, headers)) for key, value in record.items()])
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


def _as_text(sheet: Any, value: Any) -> Any:
    """A workbook cell value; text starting with "=" as a string cell, not a formula.

    openpyxl takes any such text for a formula and Excel would run it; a
    cell whose type is set to string shows it as written and reads back as it.
    """
    if not (isinstance(value, str) and value.startswith("=")):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


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


# --- the visit log (issue 5, item 9) -------------------------------------------------

VisitFormat = Literal["csv", "xlsx"]

#: The visit export's columns, in order: (key, catalog key of its header).
VISIT_COLUMNS: Final[tuple[tuple[str, str], ...]] = tuple(
    (key, f"visit_export.col.{key}")
    for key in (
        "occurred_at", "client_name", "customer_no", "kind", "purpose", "duration_min",
        "present", "summary", "prepared", "needs", "products", "outcome", "satisfaction",
        "follow_ups", "next_contact_on", "recorded_by", "channel", "cost",
    )
)  # fmt: skip
_VISIT_TEXT_CELLS: Final = frozenset({"customer_no"})


class VisitExportError(ExportError):
    """Bad input to a visit export; `field` is "path", "from", "to" or "client".

    The field lets the command line name its option and the screen put the
    message under the right input; nothing has been written.
    """

    def __init__(self, field: str, key: str, **params: Any) -> None:
        self.field = field
        super().__init__(key, **params)

    def message(self) -> str:
        from store.i18n import t

        return t(self.key, field=t(f"visit_export.field.{self.field}"), **self.params)


def parse_export_day(text: str, field: str) -> date | None:
    """A ``YYYY-MM-DD`` day typed for `field` ("from"/"to"); empty means no limit.

    ``2026-02-30`` is refused here, by name, rather than rolled over.
    """
    value = text.strip()
    if not value:
        return None
    try:
        if len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise VisitExportError(field, "visit_export.bad_date", value=value) from None


def visit_export_format(path: str | Path) -> VisitFormat:
    """.xlsx or .csv by the suffix; anything else is refused before any work."""
    suffix = Path(path).suffix.lower()
    if suffix in (".csv", ".xlsx"):
        return suffix[1:]  # type: ignore[return-value]
    raise VisitExportError("path", "visit_export.unknown_format", path=path)


def client_by_customer_no(session: Any, customer_no: str) -> str:
    """The id of the (not deleted) client with `customer_no`, for ``--client``."""
    found = session.scalars(
        select(Client.id).where(
            Client.customer_no == customer_no.strip(), Client.deleted.is_(False)
        )
    ).first()
    if found is None:
        raise VisitExportError("client", "visit_export.unknown_client", value=customer_no)
    return str(found)


def export_visits(
    session: Any,
    path: str | Path,
    zone: str,
    *,
    start: date | None = None,
    end: date | None = None,
    client_id: str | None = None,
    headers: HeaderStyle = "zh",
) -> int:
    """Write the visit log to `path` (.csv or .xlsx); returns the rows written.

    One row per interaction not withdrawn, of clients not deleted, whose
    local date (in `zone`) lies in [`start`, `end`], oldest first; only
    `client_id`'s when given. Headers are Chinese by default (the branch's
    monthly report) or the English keys; vocabularies follow the headers
    (Chinese labels or code names). Written beside the target and renamed
    when complete, so a crash leaves no half file.
    """
    target = Path(path).expanduser()
    file_format = visit_export_format(target)
    if start is not None and end is not None and start > end:
        raise VisitExportError("from", "visit_export.from_after_to", start=start, end=end)
    if target.is_dir():
        raise VisitExportError("path", "export.is_directory", path=target)
    if not target.parent.is_dir():
        raise VisitExportError("path", "export.no_folder", folder=target.parent)
    counter = [0]
    with written_in_place(target) as temp:
        records = _visit_records(session, zone, start, end, client_id, headers, counter)
        if file_format == "csv":
            _write_visits_csv(temp, records, headers)
        else:
            _write_visits_xlsx(temp, records, headers)
    return counter[0]


def _visit_records(
    session: Any,
    zone: str,
    start: date | None,
    end: date | None,
    client_id: str | None,
    headers: HeaderStyle,
    counter: list[int],
) -> Iterator[list[Any]]:
    """Each entry as a list of values in `VISIT_COLUMNS` order, a batch at a time."""
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from sqlalchemy.orm import aliased

    from store.models import Interaction, InteractionParticipant

    local = ZoneInfo(zone)
    recorder = aliased(Manager)
    statement = (
        select(
            Interaction.id, Interaction.occurred_at, Client.name, Client.customer_no,
            Interaction.kind, Interaction.purpose, Interaction.duration_min,
            Interaction.summary, Interaction.prepared, Interaction.needs, Interaction.products,
            Interaction.outcome, Interaction.satisfaction, Interaction.follow_ups,
            Interaction.next_contact_on, recorder.name, Interaction.channel,
            Interaction.cost_fen,
        )
        .join(Client, Client.id == Interaction.client_id)
        .outerjoin(recorder, recorder.id == Interaction.recorded_by_id)
        .where(Interaction.deleted.is_(False), Client.deleted.is_(False))
        .order_by(Interaction.occurred_at, Interaction.id)
    )  # fmt: skip
    if start is not None:
        since = datetime.combine(start, time(0), local).astimezone(UTC)
        statement = statement.where(Interaction.occurred_at >= since)
    if end is not None:
        until = datetime.combine(end + timedelta(days=1), time(0), local).astimezone(UTC)
        statement = statement.where(Interaction.occurred_at < until)
    if client_id is not None:
        statement = statement.where(Interaction.client_id == client_id)
    zh = headers == "zh"
    # Streamed a batch at a time: a whole year of a big branch stays in bounded memory.
    result = session.execute(statement.execution_options(yield_per=_FETCH))
    for batch in result.partitions():
        present: dict[str, list[str]] = {}
        for interaction_id, name, level, current in session.execute(
            select(
                InteractionParticipant.interaction_id, Manager.name,
                InteractionParticipant.level, Manager.level,
            )
            .join(Manager, Manager.id == InteractionParticipant.manager_id)
            .where(
                InteractionParticipant.interaction_id.in_([row[0] for row in batch]),
                InteractionParticipant.deleted.is_(False),
            )
            .order_by(InteractionParticipant.interaction_id, Manager.name)
        ):  # fmt: skip
            present.setdefault(interaction_id, []).append(
                _participant(name, level or current, zh)
            )
        for row in batch:
            (entry_id, occurred, client_name, customer_no, kind, purpose, duration, summary,
             prepared, needs, products, outcome, satisfaction, follow_ups, next_on,
             recorded_by, channel, cost_fen) = row  # fmt: skip
            counter[0] += 1
            yield [
                occurred.astimezone(local).replace(tzinfo=None, second=0, microsecond=0),
                client_name, customer_no,
                _vocabulary_label("interaction", kind, zh),
                _vocabulary_label("purpose", purpose, zh),
                duration,
                ("、" if zh else "; ").join(present.get(entry_id, ())) or None,
                summary or None, prepared, needs, products, outcome, satisfaction,
                follow_ups, next_on, recorded_by,
                _vocabulary_label("greetings.channel", channel, zh),
                None if cost_fen is None else fen_to_decimal(cost_fen),
            ]  # fmt: skip


def _vocabulary_label(vocabulary: str, value: str | None, zh: bool) -> str | None:
    """The Chinese label of a code name for zh headers; the code name for keys."""
    if value is None or not zh:
        return value
    entry = CATALOG.get(f"{vocabulary}.{value}")
    return entry[0] if entry else value


def _participant(name: str, level: str | None, zh: bool) -> str:
    """``张伟（客户经理）`` (zh) or ``张伟 (client_manager)`` (keys)."""
    if level is None:
        return name
    if zh:
        return f"{name}（{_vocabulary_label('level', level, zh)}）"
    return f"{name} ({level})"


def _visit_header(headers: HeaderStyle) -> list[str]:
    if headers == "zh":
        return [CATALOG[label][0] for _, label in VISIT_COLUMNS]
    return [key for key, _ in VISIT_COLUMNS]


def _visit_text(value: Any) -> str:
    """A CSV cell: local date-times to the minute, dates as ISO text (text is
    guarded against running as a formula by the writer)."""
    from datetime import datetime

    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _write_visits_csv(temp: Path, records: Iterator[list[Any]], headers: HeaderStyle) -> None:
    with temp.open("w", encoding="utf-8-sig", newline="") as handle:
        os.chmod(temp, 0o600)  # the visit log is as private as the store
        writer = csv.writer(handle)
        writer.writerow(_visit_header(headers))
        for record in records:
            writer.writerow(
                [csv_guard_formula(v) if isinstance(v, str) else _visit_text(v) for v in record]
            )


def _write_visits_xlsx(temp: Path, records: Iterator[list[Any]], headers: HeaderStyle) -> None:
    """One streamed sheet; the time is a local date-time cell, the customer no. text.

    openpyxl is imported only here: start-up never pays for it.
    """
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("visits")
    sheet.append(_visit_header(headers))
    text_columns = {i for i, (key, _) in enumerate(VISIT_COLUMNS) if key in _VISIT_TEXT_CELLS}
    for record in records:
        sheet.append(
            [_as_text(sheet, _visit_text(v) if i in text_columns and v is not None else v)
             for i, v in enumerate(record)]
        )  # fmt: skip
    with temp.open("wb") as handle:
        os.chmod(temp, 0o600)
        workbook.save(handle)
