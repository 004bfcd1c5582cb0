"""What managers do with clients: the visit log, the calendar and tasks."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base, Synced, UTCDateTime


class Interaction(Synced, Base):
    """One entry of the visit log (a visit, call, message, gift …).

    Append-only for sync: a correction is a new stamp on the same row's
    fields, a withdrawal is a tombstone; the row itself is never removed.
    A visit record keeps the seed's structure: what was prepared, what was
    discussed (`summary`), the needs found, the products talked about, the
    outcome and the follow-ups (one per line).
    """

    __tablename__ = "interaction"
    __audited__ = True  # corrections and withdrawals land in audit_entry

    client_id: Mapped[str] = mapped_column(ForeignKey("client.id"))
    kind: Mapped[str] = mapped_column(String(12))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_min: Mapped[int | None] = mapped_column(Integer, default=None)
    purpose: Mapped[str] = mapped_column(String(12), default="care")
    summary: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str | None] = mapped_column(Text, default=None)
    prepared: Mapped[str | None] = mapped_column(Text, default=None)
    needs: Mapped[str | None] = mapped_column(Text, default=None)
    products: Mapped[str | None] = mapped_column(Text, default=None)
    #: The client's satisfaction, 1 (poor) to 5 (very satisfied), if asked.
    satisfaction: Mapped[int | None] = mapped_column(Integer, default=None)
    follow_ups: Mapped[str | None] = mapped_column(Text, default=None)
    next_contact_on: Mapped[date | None] = mapped_column(Date, default=None)
    recorded_by_id: Mapped[str | None] = mapped_column(ForeignKey("manager.id"), default=None)
    #: How a greeting was sent (GreetingChannel); None for other entries.
    channel: Mapped[str | None] = mapped_column(String(12), default=None)
    #: What a greeting (flowers, a cake, a gift) cost, in fen; None = not recorded.
    cost_fen: Mapped[int | None] = mapped_column(BigInteger, default=None)

    __table_args__ = (Index("ix_interaction_client_when", "client_id", "occurred_at"),)


class InteractionParticipant(Synced, Base):
    """A manager who was present at an interaction, at the level they held then.

    `level` is None on rows logged before levels were kept; readers use the
    manager's current level for those.
    """

    __tablename__ = "interaction_participant"

    interaction_id: Mapped[str] = mapped_column(ForeignKey("interaction.id"), index=True)
    manager_id: Mapped[str] = mapped_column(ForeignKey("manager.id"), index=True)
    level: Mapped[str | None] = mapped_column(String(30), default=None)


class CalendarEvent(Synced, Base):
    """A planned visit, call, meeting or club activity."""

    __tablename__ = "calendar_event"
    __audited__ = True  # moves, cancellations and restores land in audit_entry

    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(12), default="visit")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    location: Mapped[str | None] = mapped_column(String(200), default=None)
    notes: Mapped[str | None] = mapped_column(Text, default=None)
    owner_manager_id: Mapped[str | None] = mapped_column(
        ForeignKey("manager.id"), default=None, index=True
    )
    reminder_min: Mapped[int | None] = mapped_column(Integer, default=None)
    status: Mapped[str] = mapped_column(String(12), default="planned")


class EventClient(Synced, Base):
    """Links a calendar event to one of the clients it concerns."""

    __tablename__ = "event_client"

    event_id: Mapped[str] = mapped_column(ForeignKey("calendar_event.id"), index=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("client.id"), index=True)


class Task(Synced, Base):
    """A to-do: from a follow-up, from cadence, or typed by hand.

    `source` says which: "manual", "follow_up" (then `interaction_id` names
    the visit it came from), "cadence" (then `role` names whose visit is
    due, `due_on` the due date, and the id derives from client, role and due
    date, so two laptops generating it offline make the same row) or
    "greeting" (a generated greeting reminder that was completed or
    dismissed: `occasion` names it, `due_on` is its day, and the id derives
    from who is greeted, occasion and year, `store.reminders.reminder_id`).
    """

    __tablename__ = "task"

    title: Mapped[str] = mapped_column(String(200))
    client_id: Mapped[str | None] = mapped_column(ForeignKey("client.id"), default=None, index=True)
    assignee_id: Mapped[str | None] = mapped_column(
        ForeignKey("manager.id"), default=None, index=True
    )
    due_on: Mapped[date | None] = mapped_column(Date, default=None, index=True)
    status: Mapped[str] = mapped_column(String(12), default="open")
    snoozed_until: Mapped[date | None] = mapped_column(Date, default=None)
    source: Mapped[str] = mapped_column(String(20), default="manual")
    notes: Mapped[str | None] = mapped_column(Text, default=None)
    interaction_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    role: Mapped[str | None] = mapped_column(String(30), default=None)
    #: For a greeting task (source "greeting"): the Occasion it stands for.
    occasion: Mapped[str | None] = mapped_column(String(30), default=None)
