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
