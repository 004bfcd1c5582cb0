"""Branches and the staff who use clientdesk."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base, Synced


class Branch(Synced, Base):
    """A sub-branch, branch or outlet (支行 / 分行 / 网点)."""

    __tablename__ = "branch"

    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("branch.id"), default=None)


class Manager(Synced, Base):
    """A staff member; `level` is a `vocab.ManagerLevel` code name."""

    __tablename__ = "manager"

    employee_no: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(50))
    level: Mapped[str] = mapped_column(String(30))
    branch_id: Mapped[str] = mapped_column(ForeignKey("branch.id"), index=True)
    phone: Mapped[str | None] = mapped_column(String(20), default=None)
    email: Mapped[str | None] = mapped_column(String(120), default=None)
