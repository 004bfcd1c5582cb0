"""The audit log: who changed which fields of a row, when, from what to what."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base, Synced, UTCDateTime


class AuditEntry(Synced, Base):
    """One change to one audited row, written by the capture path, never by hand.

    Append-only and synced, so a branch leader's shared database holds the
    whole history of a client's record whichever laptop made each change.
    `changes` is JSON `{field: [old, new]}` in the outbox's value encoding
    (money in fen, dates as ISO text); a created row lists what it was
    created with, old values null. `action` is create, update, delete or
    restore (the `deleted` flag flipping); an archive is an update of
    `status`, kept as such so the screen can say what the manager did.
    """

    __tablename__ = "audit_entry"

    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(10))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    # No foreign key: an author's manager row may not have reached this laptop yet.
    manager_id: Mapped[str | None] = mapped_column(String(36), default=None)
    changes: Mapped[str] = mapped_column(Text, default="{}")

    __table_args__ = (Index("ix_audit_entry_row", "row_id", "at"),)


class SavedFilter(Synced, Base):
    """A named client-list filter a manager keeps; synced so it follows them.

    `spec` is the JSON form of a client-list query (`store.client_list`).
    """

    __tablename__ = "saved_filter"

    manager_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    name: Mapped[str] = mapped_column(String(50))
    spec: Mapped[str] = mapped_column(Text, default="{}")
