"""Clients, individual and corporate, and what hangs off them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base, Synced


class Client(Synced, Base):
    """One client (客户): the profile fields of DESIGN.md §1 and §3.

    Individual and corporate clients share one table because they share the
    list, the visit log and the calendar; the corporate-only columns are
    empty for individuals. Money columns are integer fen.
    """

    __tablename__ = "client"
    __audited__ = True  # every change lands in audit_entry (store.sync.capture)

    kind: Mapped[str] = mapped_column(String(12), default="individual")
    customer_no: Mapped[str | None] = mapped_column(String(32), default=None, index=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    # Search keys computed from `name` on save (store.pinyin); lower case.
    name_pinyin: Mapped[str] = mapped_column(String(200), default="", index=True)
    name_initials: Mapped[str] = mapped_column(String(50), default="", index=True)
    english_name: Mapped[str | None] = mapped_column(String(100), default=None)
    gender: Mapped[str] = mapped_column(String(8), default="unknown")
    birth_date: Mapped[date | None] = mapped_column(Date, default=None)
    birthday_lunar: Mapped[bool] = mapped_column(Boolean, default=False)
    nationality: Mapped[str] = mapped_column(String(3), default="CHN")
    id_type: Mapped[str | None] = mapped_column(String(20), default=None)
    id_number: Mapped[str | None] = mapped_column(String(32), default=None, index=True)
    phone: Mapped[str | None] = mapped_column(String(20), default=None)
    email: Mapped[str | None] = mapped_column(String(120), default=None)
    address: Mapped[str | None] = mapped_column(String(200), default=None)
    occupation: Mapped[str | None] = mapped_column(String(50), default=None)
    employer: Mapped[str | None] = mapped_column(String(100), default=None)
    industry: Mapped[str | None] = mapped_column(String(50), default=None)
    income_band: Mapped[str | None] = mapped_column(String(12), default=None)
    education: Mapped[str | None] = mapped_column(String(12), default=None)
    marital_status: Mapped[str | None] = mapped_column(String(12), default=None)
    wedding_date: Mapped[date | None] = mapped_column(Date, default=None)
    risk_level: Mapped[str | None] = mapped_column(String(2), default=None)
    risk_assessed_on: Mapped[date | None] = mapped_column(Date, default=None)
    tier: Mapped[str] = mapped_column(String(12), default="standard")
    importance: Mapped[str] = mapped_column(String(1), default="C")
    # A manager's reason for setting tier / importance by hand; while set,
    # the configured rules (store.tiers) leave that field alone.
    tier_reason: Mapped[str | None] = mapped_column(String(200), default=None)
    importance_reason: Mapped[str | None] = mapped_column(String(200), default=None)
    owner_manager_id: Mapped[str | None] = mapped_column(
        ForeignKey("manager.id"), default=None, index=True
    )
    branch_id: Mapped[str | None] = mapped_column(ForeignKey("branch.id"), default=None)
    status: Mapped[str] = mapped_column(String(12), default="active")
    aum_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    contribution_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    notes: Mapped[str | None] = mapped_column(Text, default=None)
    #: Topics, channels and habits the client likes (read in the pre-visit brief).
    preferences: Mapped[str | None] = mapped_column(Text, default=None)
    #: Things never to do or mention with this client.
    avoid: Mapped[str | None] = mapped_column(Text, default=None)
    # Corporate clients only.
    credit_code: Mapped[str | None] = mapped_column(String(18), default=None, index=True)
    legal_representative: Mapped[str | None] = mapped_column(String(50), default=None)
    ownership: Mapped[str | None] = mapped_column(String(20), default=None)

    __table_args__ = (
        # Covers the client list: it is walked backwards (biggest AUM first),
        # searched by name, pinyin and employer and filtered by tier,
        # importance, kind and owner without touching the wide table rows,
        # which keeps a keystroke's query within a frame at 100k clients.
        # On SQLite, migration 0005 also indexes substr(phone, -4) and
        # substr(id_number, -4) for tail searches; expression indexes cannot
        # be reflected there, so they live in that migration only.
        Index(
            "ix_client_list",
            "aum_fen", "id", "name", "name_pinyin", "name_initials", "status", "deleted",
            "tier", "importance", "kind", "owner_manager_id", "employer",
        ),
    )  # fmt: skip


class ClientTag(Synced, Base):
    """A circle or tag (圈层 / 标签) on a client; one row per tag so tags merge."""

    __tablename__ = "client_tag"
    __audited__ = True  # every change lands in audit_entry (store.sync.capture)

    client_id: Mapped[str] = mapped_column(ForeignKey("client.id"), index=True)
    tag: Mapped[str] = mapped_column(String(50), index=True)


class ClientRelation(Synced, Base):
    """`from_client` is the `kind` (spouse, executive …) of `to_client`."""

    __tablename__ = "client_relation"
    __audited__ = True  # every change lands in audit_entry (store.sync.capture)

    from_client_id: Mapped[str] = mapped_column(ForeignKey("client.id"), index=True)
    to_client_id: Mapped[str] = mapped_column(ForeignKey("client.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(String(200), default=None)


class KeyContact(Synced, Base):
    """A person at a corporate client who is not a client themself."""

    __tablename__ = "key_contact"
    __audited__ = True  # every change lands in audit_entry (store.sync.capture)

    client_id: Mapped[str] = mapped_column(ForeignKey("client.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    title: Mapped[str | None] = mapped_column(String(50), default=None)
    phone: Mapped[str | None] = mapped_column(String(20), default=None)
    birth_date: Mapped[date | None] = mapped_column(Date, default=None)
    birthday_lunar: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text, default=None)
