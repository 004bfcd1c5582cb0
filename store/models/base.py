"""Declarative base, shared column types and the sync metadata mixin."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from store.ids import uuid7

# Named constraints let Alembic's batch mode rebuild SQLite tables safely.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """An instant: aware UTC in Python, UTC in the database.

    SQLite keeps no zone, so naive values read back are UTC by contract;
    a naive value written is a bug and is refused rather than guessed.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Synced:
    """Columns every row that syncs between laptops carries (DESIGN.md §3).

    `hlc` and `device_id` are stamped by the store's session on every flush,
    never by feature code, so no write can forget them. `sync_versions` is
    the per-field clock the merge needs (`store.sync.versions`): JSON
    mapping a field to the version that last set it, "" for all others.
    """

    __synced__ = True

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=uuid7)
    hlc: Mapped[int] = mapped_column(BigInteger, default=0, index=True)
    device_id: Mapped[str] = mapped_column(String(36), default="")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    sync_versions: Mapped[str | None] = mapped_column(Text, default=None)


def synced_tables() -> list[str]:
    """Names of every table whose rows sync (used by tests and by sync)."""
    return sorted(
        mapper.local_table.name  # type: ignore[union-attr]
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, Synced)
    )
