"""Rows the sync machinery keeps: the local outbox, devices and conflicts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base, Synced, UTCDateTime


class OutboxChange(Base):
    """A local change not yet accepted by the shared database (never synced itself).

    Written in the same transaction as the data it describes, and removed in
    the same transaction that records the server's acceptance, so a kill at
    any moment either keeps both or neither.
    """

    __tablename__ = "sync_outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    change_id: Mapped[str] = mapped_column(String(64), unique=True)
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(36))
    version: Mapped[str] = mapped_column(String(64))
    author: Mapped[str | None] = mapped_column(String(36), default=None)
    fields: Mapped[str] = mapped_column(Text)
    base: Mapped[str | None] = mapped_column(Text, default=None)


class Device(Synced, Base):
    """A laptop that has synced: lets a conflict say who made each value.

    The row id is the store's device id; the manager is whoever was signed
    in on that laptop when it first synced.
    """

    __tablename__ = "sync_device"

    manager_id: Mapped[str | None] = mapped_column(String(36), default=None)
    label: Mapped[str] = mapped_column(String(100), default="")


class Conflict(Synced, Base):
    """A value that lost a merge, kept until a person reviews it.

    Made by the shared database's merge with an id derived from the losing
    value's version, so the same conflict found twice is one row. Values are
    JSON, as they travel in changes; `resolved` is set by an ordinary change.
    """

    __tablename__ = "sync_conflict"

    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(12))
    winner_value: Mapped[str | None] = mapped_column(Text, default=None)
    winner_version: Mapped[str] = mapped_column(String(64))
    loser_value: Mapped[str | None] = mapped_column(Text, default=None)
    loser_version: Mapped[str] = mapped_column(String(64))
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
