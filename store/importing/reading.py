"""Reading a client file: what kind of file it is, its text, its rows of cells.

Managers bring whatever core banking or Excel gave them: CSV in UTF-8 (with
or without the BOM Excel writes), CSV in GBK/GB18030 (what Chinese Excel
writes under "CSV"), .xlsx workbooks, or clientdesk's own JSON export. The
kind is decided by the bytes, not the file name, so a renamed file still
reads and a PDF or a picture named ``.csv`` is refused with one sentence.

The whole file is read into memory once, before anything is checked or
written: a file that disappears or fails to read half-way through an
import can only fail here, before the store is touched. Cells come back as
text exactly as a person would type them (an Excel number 1234567.89 as
``"1234567.89"``, a date cell as ``"2026-11-28"``), so one set of checks
serves every format.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, Literal

from store.errors import ClientdeskError

__all__ = [
    "MAX_CELL",
    "MAX_FILE_BYTES",
    "ImportFileError",
    "Sheet",
    "SheetRow",
    "csv_guard_formula",
    "csv_unguard_formula",
    "open_sheet",
]

#: Largest file read (bytes): a 100,000-client export is about 30 MB.
MAX_FILE_BYTES: Final = 256 * 1024 * 1024
#: Largest cell accepted (characters), Excel's own limit for one cell. A
#: longer cell is reported on its row; no column of the store holds more.
MAX_CELL: Final = 32_767

SheetKind = Literal["csv", "xlsx", "json"]

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc: the old Office formats
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SNIFF = 64 * 1024
_CONTROL_OK = frozenset("\t\r\n\f")
# csv.field_size_limit is process-wide: raise it only while a file is parsed.
_CSV_LIMIT_LOCK = threading.Lock()


class ImportFileError(ClientdeskError):
    """The file as a whole cannot be imported (missing, binary, bad encoding …).

    Nothing has been written when this is raised.
    """


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One data row: its number as the person sees it, and its cells as text."""

    number: int
    cells: tuple[str, ...]


@dataclass
class Sheet:
    """A file opened for import: its header, an estimate of its size, its rows.

    `unit` names what `SheetRow.number` counts ("line" of a CSV, "row" of a
    worksheet, "record" of a JSON list), so messages point where the person
    will look. `rows` is consumed once.
    """

    path: Path
    kind: SheetKind
    encoding: str | None
    unit: Literal["line", "row", "record"]
    header: tuple[str, ...]
    estimated_rows: int
    rows: Iterator[SheetRow]


def open_sheet(path: str | Path) -> Sheet:
    """Open `path` for import; raises `ImportFileError` with a reason a person can act on."""
    target = Path(path).expanduser()
    data = _read_bytes(target)
    if not data.strip():
        raise ImportFileError("import.empty", path=target)
    head = data[:_SNIFF]
    if head.startswith(_ZIP):
        return _xlsx_sheet(target, data)
    if head.startswith(_OLE2):
        raise ImportFileError("import.old_excel", path=target)
    if head.startswith(_UTF16_BOMS):
        raise ImportFileError("import.bad_encoding", path=target)
    if b"\x00" in head:
        raise ImportFileError("import.not_spreadsheet", path=target)
    text, encoding = _decode(target, data)
    if _looks_binary(text[:_SNIFF]):
        raise ImportFileError("import.not_spreadsheet", path=target)
    if text.lstrip()[:1] == "[":
        return _json_sheet(target, text, encoding)
    return _csv_sheet(target, text, encoding)


def _read_bytes(target: Path) -> bytes:
    try:
        if target.is_dir():
            raise ImportFileError("import.is_directory", path=target)
        size = target.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFileError(
                "import.too_large", path=target, limit=MAX_FILE_BYTES // (1024 * 1024)
            )
        with target.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ImportFileError("import.not_found", path=target) from None
    except OSError as exc:
        raise ImportFileError("import.unreadable", path=target, detail=exc.strerror or exc) from exc


def _decode(target: Path, data: bytes) -> tuple[str, str]:
    """UTF-8 (BOM or not) first, then GB18030, a superset of GBK and GB2312.

    The order matters: valid UTF-8 Chinese text is almost never valid
    GB18030 by accident, but plain GB18030 bytes often are not UTF-8.
    Anything else (Latin-1, UTF-16 without a BOM …) fails both.
    """
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ImportFileError("import.bad_encoding", path=target) from None
    if not _plausible_chinese(text[:_SNIFF]):
        raise ImportFileError("import.bad_encoding", path=target)
    return text, "gb18030"


def _plausible_chinese(sample: str) -> bool:
    """False when text "decoded" as GB18030 is most likely another encoding.

    GB18030 accepts most byte pairs, so Latin-1 ``Müller`` decodes without
    error into a rare character. Text that Chinese Excel wrote is almost
    all common characters (GB2312); Latin-1, Big5 or Shift-JIS bytes read
    as GB18030 are mostly not.
    """
    wide = [ch for ch in sample if ch > "\x7f"]
    rare = 0
    for ch in wide:
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            rare += 1
    return rare * 5 <= len(wide)


def _looks_binary(sample: str) -> bool:
    """Control characters no spreadsheet text holds: a binary file that decoded."""
    controls = sum(1 for ch in sample if ch < " " and ch not in _CONTROL_OK)
    return controls > max(2, len(sample) // 1000)


# --- CSV ----------------------------------------------------------------------------


def _delimiter(first_line: str) -> str:
    """Comma, unless the header has more tabs or semicolons (European Excel)."""
    counts = {sep: first_line.count(sep) for sep in (",", "\t", ";")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _csv_sheet(target: Path, text: str, encoding: str) -> Sheet:
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    rows = _csv_rows(text, _delimiter(first_line))
    header = _first_row(target, rows)
    return Sheet(
        path=target,
        kind="csv",
        encoding=encoding,
        unit="line",
        header=header.cells,
        estimated_rows=max(text.count("\n") - header.number, 1),
        rows=rows,
    )


#: A CSV cell Excel would run as a formula (= + - @, tab, CR), behind any
#: apostrophes (so a text that itself starts with ' still round-trips).
_FORMULA_LIKE: Final = re.compile(r"'*[=+\-@\t\r]")
_GUARDED: Final = re.compile(r"'+[=+\-@\t\r]")


def csv_guard_formula(text: str) -> str:
    """`text` as a CSV cell Excel shows as text: one ' before a formula-like start.

    ``=HYPERLINK(...)`` in a client's notes must not run when a manager
    opens the export in Excel (nor a phone ``+86 ...`` turn into a number);
    Excel hides the apostrophe and shows the text. `csv_unguard_formula`
    takes it off again, so an export imports back unchanged.
    """
    return "'" + text if _FORMULA_LIKE.match(text) else text


def csv_unguard_formula(cell: str) -> str:
    """A CSV cell without the ' that `csv_guard_formula` (or a person) put before
    = + - @ (tab, CR); any other cell as it is."""
    return cell[1:] if _GUARDED.match(cell) else cell


def _csv_rows(text: str, delimiter: str) -> Iterator[SheetRow]:
    """Records with the line each starts on (a quoted cell may span lines)."""
    with _CSV_LIMIT_LOCK:
        previous = csv.field_size_limit()
        # Let an oversized cell parse whole, so it is reported on its own
        # line instead of derailing every line after it.
        csv.field_size_limit(max(previous, len(text) + 1))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        start = 1
        for record in reader:
            if "".join(record).strip():  # not a blank line, nor only blank cells
                yield SheetRow(start, tuple(csv_unguard_formula(cell) for cell in record))
            start = reader.line_num + 1
    finally:
        with _CSV_LIMIT_LOCK:
            csv.field_size_limit(previous)


def _first_row(target: Path, rows: Iterator[SheetRow]) -> SheetRow:
    try:
        return next(rows)
    except StopIteration:
        raise ImportFileError("import.empty", path=target) from None


# --- XLSX ---------------------------------------------------------------------------


def _xlsx_sheet(target: Path, data: bytes) -> Sheet:
    """The first worksheet of a workbook, read in openpyxl's streaming mode.

    openpyxl is imported here and nowhere else: it costs start-up time that
    only an import of a workbook should pay (DESIGN.md §3).
    """
    try:
        import openpyxl

        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
        sheet = workbook.worksheets[0]
        estimated = sheet.max_row if sheet.max_row and sheet.max_row > 1 else _count_rows(data)
        rows = _xlsx_rows(workbook, sheet.iter_rows(values_only=True))
        header = _first_row(target, rows)
    except ImportFileError:
        raise
    except Exception as exc:  # zipfile, XML and openpyxl errors: all "not a workbook"
        raise ImportFileError("import.bad_xlsx", path=target, detail=_short(exc)) from exc
    return Sheet(
        path=target,
        kind="xlsx",
        encoding=None,
        unit="row",
        header=header.cells,
        estimated_rows=max(estimated - header.number, 1),
        rows=rows,
    )


def _count_rows(data: bytes) -> int:
    """Rows of the first worksheet, for the progress bar of a workbook that
    does not record its size (openpyxl's write-only mode, many exporters)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
        if not names:
            return 1
        return archive.read(names[0]).count(b"<row ") or 1


def _xlsx_rows(workbook: Any, values: Iterator[tuple[Any, ...]]) -> Iterator[SheetRow]:
    try:
        for number, row in enumerate(values, start=1):
            cells = tuple(_cell_text(value) for value in row)
            if any(cells):
                yield SheetRow(number, _trim(cells))
    finally:
        workbook.close()


def _trim(cells: tuple[str, ...]) -> tuple[str, ...]:
    """Drop trailing empty cells (worksheets report formatted-but-empty columns)."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


#: From here on a float cannot hold every whole number (Excel's 15 digits).
_EXACT_LIMIT: Final = 1e15


def _cell_text(value: Any) -> str:
    """A typed cell as the text a person would type for it.

    Whole numbers lose Excel's ".0"; other floats use the shortest text that
    reads back as the same float, which is the decimal Excel displayed (it
    keeps 15 significant digits), so 1234567.89 stays 1234567.89 exactly.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if abs(value) >= _EXACT_LIMIT:
            # Excel keeps 15 significant digits: an 18-digit ID number typed
            # into a number cell has lost its last digits. Rebuilding them
            # would invent a number (one in ten even passes the check digit),
            # so the cell keeps Excel's own form, which every check refuses.
            return repr(value)
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# --- JSON (clientdesk's own export) --------------------------------------------------


def _json_sheet(target: Path, text: str, encoding: str) -> Sheet:
    """A list of objects, as `export_clients` writes; keys are the header."""
    try:
        records = json.loads(text, parse_float=Decimal)  # exact decimals, never floats
    except json.JSONDecodeError as exc:
        raise ImportFileError("import.bad_json", path=target, detail=_short(exc)) from None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ImportFileError("import.bad_json", path=target, detail="[{...}, ...]")
    header: list[str] = []
    seen: set[str] = set()
    for record in records:
        for key in record:
            if key not in seen:
                seen.add(key)
                header.append(str(key))
    rows = (
        SheetRow(number, tuple(_json_text(record.get(key)) for key in header))
        for number, record in enumerate(records, start=1)
    )
    return Sheet(
        path=target,
        kind="json",
        encoding=encoding,
        unit="record",
        header=tuple(header),
        estimated_rows=max(len(records), 1),
        rows=rows,
    )


def _json_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    with contextlib.suppress(Exception):
        text = text.splitlines()[0]
    return text[:200]
