"""Rows that belong to this laptop only and never sync."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base


class LocalMeta(Base):
    """Key/value facts about this store: device id, last clock stamp, who signs in."""

    __tablename__ = "local_meta"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


#: What the local store holds that no model declares: derived data kept by
#: SQLite triggers (revisions 0008 and 0009), never synced, audited or
#: captured, and absent on the shared database. The model/schema comparison
#: leaves it out.
LOCAL_ONLY_COLUMNS = frozenset({("client", "last_contact_at")})
LOCAL_ONLY_INDEXES = frozenset(
    {"ix_client_last_contact", "ix_client_contact_by_aum", "ix_client_employer"}
)
LOCAL_ONLY_TABLES = frozenset({"search_gram", "search_gram_position"})
