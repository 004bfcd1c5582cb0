"""Version strings, per-field version maps and the JSON codec for values.

A version is `"<hlc as 16 hex digits>:<device id>"`. Fixed-width hex makes
plain string comparison the order the merge needs: clock stamp first, the
device id breaking ties, identically in Python, SQLite and PostgreSQL.

A row's version map (`sync_versions`) is compact: `""` holds the version of
the change that created the row, and a field appears only once a later
change set it. Most rows are never edited, so most maps hold one entry.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, Table

from store.hlc import stamp_time
from store.models import Base

#: Columns every synced table has that describe the row rather than hold data.
META_COLUMNS = frozenset({"id", "hlc", "device_id", "sync_versions"})
HEX_DIGITS = 16


def make_version(hlc: int, device_id: str) -> str:
    return f"{hlc:0{HEX_DIGITS}x}:{device_id}"


def version_hlc(version: str) -> int:
    return int(version[:HEX_DIGITS], 16) if version else 0


def version_device(version: str) -> str:
    return version[HEX_DIGITS + 1:]


def version_time(version: str) -> datetime:
    """When a version was made, by the clock of the laptop that made it."""
    return stamp_time(version_hlc(version))


def effective(versions: Mapping[str, str], field: str) -> str:
    """The version that last set `field`; "" for a row this side has never seen."""
    return versions.get(field) or versions.get("", "")


def load_versions(text: str | None) -> dict[str, str]:
    return json.loads(text) if text else {}


def dump_versions(versions: Mapping[str, str]) -> str:
    """The one text form of a version map, everywhere it is stored.

    It is exactly PostgreSQL's `jsonb` output (shorter keys first, then
    bytewise; ", " and ": "), so a map merged in SQL on the server and one
    written here are the same text, not only the same JSON.
    """
    items = sorted(versions.items(), key=lambda item: (len(item[0].encode()), item[0].encode()))
    return "{" + ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in items) + "}"


def latest(versions: Mapping[str, str]) -> str:
    """The newest version in a map: the row's `hlc` and `device_id` come from it."""
    return max(versions.values(), default="")


def encode(value: Any) -> Any:
    """A column value as it travels in JSON (dates as ISO text, instants in UTC)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _encode_other(value: Any) -> Any:
    """`encode` for the values JSON cannot take itself (dates and instants)."""
    if isinstance(value, date):
        return encode(value)
    raise TypeError(f"{type(value).__name__} cannot travel in a change")


#: One encoder: json's C path calls `_encode_other` only for dates, instead
#: of a Python call per value (measured: half the cost of a bulk insert's
#: outbox at 100k rows).
_FIELDS_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"),
                                   default=_encode_other)


def dump_fields(fields: Mapping[str, Any]) -> str:
    return _FIELDS_ENCODER.encode(fields)


def _decode_date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _decode_instant(value: Any) -> datetime | None:
    if value is None:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _decode_bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _decoder_for(column: Column[Any]) -> Callable[[Any], Any] | None:
    kind = column.type
    impl = getattr(kind, "impl", kind)
    if isinstance(impl, DateTime):
        return _decode_instant
    if isinstance(impl, Date):
        return _decode_date
    if isinstance(impl, Boolean):
        return _decode_bool
    return None


def _sqlite_instant(value: Any) -> str | None:
    """An instant as SQLAlchemy stores one in SQLite: naive UTC text."""
    if value is None:
        return None
    instant = _decode_instant(value) if isinstance(value, str) else value
    assert instant is not None
    return instant.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _sqlite_date(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def _sqlite_bool(value: Any) -> int | None:
    return None if value is None else int(bool(value))


def _sqlite_writer_for(column: Column[Any]) -> Callable[[Any], Any] | None:
    impl = getattr(column.type, "impl", column.type)
    if isinstance(impl, DateTime):
        return _sqlite_instant
    if isinstance(impl, Date):
        return _sqlite_date
    if isinstance(impl, Boolean):
        return _sqlite_bool
    return None


class TableCodec:
    """Turns one synced table's JSON field values back into column values.

    Only dates, instants and booleans need work; everything else JSON
    already carries as Python wants it, so the codec skips those cheaply.
    """

    def __init__(self, table: Table) -> None:
        self.table = table
        self.name = table.name
        self.columns = [c.name for c in table.columns]
        self.data_columns = [c.name for c in table.columns if c.name not in META_COLUMNS]
        self._decoders = {
            c.name: decoder for c in table.columns if (decoder := _decoder_for(c)) is not None
        }
        self.data_set = frozenset(self.data_columns)
        self._sqlite_writers = {
            c.name: writer for c in table.columns
            if (writer := _sqlite_writer_for(c)) is not None
        }
        self._sqlite_plans: dict[tuple[str, ...], list[tuple[int, Callable[[Any], Any]]]] = {}

    def for_sqlite(self, columns: Sequence[str], values: tuple[Any, ...]) -> tuple[Any, ...]:
        """Values (JSON or Python) as SQLAlchemy would store them in SQLite.

        Pulls write rows with plain executemany, skipping SQLAlchemy's
        per-row bind processing; this keeps what it reads back identical.
        """
        key = tuple(columns)
        plan = self._sqlite_plans.get(key)
        if plan is None:
            plan = [(i, self._sqlite_writers[name]) for i, name in enumerate(columns)
                    if name in self._sqlite_writers]
            self._sqlite_plans[key] = plan
        if not plan:
            return values
        out = list(values)
        for index, writer in plan:
            out[index] = writer(out[index])
        return tuple(out)

    def check(self, fields: Mapping[str, Any]) -> None:
        """Unknown fields are an error, not a guess (both sides share one schema)."""
        unknown = fields.keys() - self.data_set
        if unknown:
            raise ValueError(f"{self.name}: unknown fields {sorted(unknown)}")

    def decode(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """Column values from JSON values."""
        self.check(fields)
        decoded = dict(fields)
        for name, decoder in self._decoders.items():
            if name in decoded:
                decoded[name] = decoder(decoded[name])
        return decoded


@cache
def codec(table_name: str) -> TableCodec:
    return TableCodec(Base.metadata.tables[table_name])


def synced_table_names() -> list[str]:
    """Synced tables with parents before children, the order writes must take."""
    from store.models import Synced

    synced = {
        mapper.local_table.name  # type: ignore[union-attr]
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, Synced)
    }
    return [t.name for t in Base.metadata.sorted_tables if t.name in synced]
