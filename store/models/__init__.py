"""The ORM models of the local store; importing this package declares them all."""

from store.models.activity import (
    CalendarEvent,
    EventClient,
    Interaction,
    InteractionParticipant,
    Task,
)
from store.models.audit import AuditEntry, SavedFilter
from store.models.base import Base, Synced, UTCDateTime, synced_tables
from store.models.clients import Client, ClientRelation, ClientTag, KeyContact
from store.models.local import LocalMeta
from store.models.organisation import Branch, Manager
from store.models.sync import Conflict, Device, OutboxChange

__all__ = [
    "AuditEntry",
    "Base",
    "Branch",
    "CalendarEvent",
    "Client",
    "ClientRelation",
    "ClientTag",
    "Conflict",
    "Device",
    "EventClient",
    "Interaction",
    "InteractionParticipant",
    "KeyContact",
    "LocalMeta",
    "Manager",
    "OutboxChange",
    "SavedFilter",
    "Synced",
    "Task",
    "UTCDateTime",
    "synced_tables",
]
