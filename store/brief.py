"""The pre-visit brief (拜访前准备): what a manager reads before seeing a client.

One call reads everything the brief screen shows, offline, from the local
store: the client's key facts, family and the dates coming up, assets and
their trend (from the audit log's changes of `aum_fen`), the last five
contacts with their follow-ups and what became of them, open tasks,
preferences and things to avoid, and the preparation checklist.

The checklist's ticks are personal preparation, not client data: they live
in `LocalMeta` under ``prep:<client_id>`` (a JSON list of the ticked items'
texts), never sync, and are cleared when the visit is logged
(`clear_ticks`, called inside `log_interaction`'s session). Items are kept
by their text, so an item renamed in the config starts unticked.

A lunar birthday is the lunar anniversary of the recorded (Gregorian)
birth date, by `store.lunar`'s rules (a leap-month birthday is kept in the
ordinary month, a 30th in a 29-day month falls on the 29th); its age is
counted in lunar years.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from store.client_detail import ContactRow, RelationRow, key_contacts_of, relations_of
from store.i18n import t
from store.interactions import DONE_MARKS
from store.models import AuditEntry, Client, ClientTag, LocalMeta, Manager, Task
from store.visit_log import InteractionRow, interactions_for_client

__all__ = [
    "CHECKLIST_KEYS",
    "CONTACTS_SHOWN",
    "RISK_REVIEW_DAYS",
    "UPCOMING_DAYS",
    "AumPoint",
    "Brief",
    "ChecklistItem",
    "FollowUp",
    "KeyFacts",
    "RecentContact",
    "UpcomingDate",
    "clear_ticks",
    "default_checklist",
    "next_occurrence",
    "parse_follow_ups",
    "pre_visit_brief",
    "set_tick",
    "ticked_items",
]

#: How far ahead birthdays and anniversaries are listed.
UPCOMING_DAYS: Final = 60
#: How many of the latest contacts the brief shows.
CONTACTS_SHOWN: Final = 5
#: Risk tolerance is reassessed yearly; an older assessment is flagged.
RISK_REVIEW_DAYS: Final = 365
#: The built-in checklist (catalog keys), from the seed's practice: review the
#: client's holdings, bring product news that suits their risk level, close
#: open follow-ups, mind family dates, bring a gift or material, agree the agenda.
CHECKLIST_KEYS: Final[tuple[str, ...]] = (
    "brief.check.holdings",
    "brief.check.products",
    "brief.check.follow_ups",
    "brief.check.family_dates",
    "brief.check.gift",
    "brief.check.agenda",
)
_PREP_PREFIX: Final = "prep:"


@dataclass(frozen=True)
class KeyFacts:
    """Who the client is, at a glance; codes stay codes (the screen labels them)."""

    name: str
    kind: str
    tier: str
    tier_reason: str | None
    importance: str
    importance_reason: str | None
    birth_date: date | None
    birthday_lunar: bool
    age: int | None
    occupation: str | None
    employer: str | None
    industry: str | None
    legal_representative: str | None
    risk_level: str | None
    risk_assessed_on: date | None
    #: True when the risk assessment is missing or older than a year.
    risk_review_due: bool
    phone: str | None
    owner_name: str | None
    owner_level: str | None


@dataclass(frozen=True)
class UpcomingDate:
    """A birthday or wedding anniversary worth a greeting.

    `role` is None for the client themself, a relation role ("spouse",
    "executive" as in `RelationRow.role`) for a related client, and
    "contact" for a company's key contact (`title` then holds their title).
    `stored` is the date as recorded (Gregorian, also for a lunar birthday,
    whose `on` is that day's lunar anniversary).
    """

    what: str  # "birthday" | "wedding"
    who: str
    role: str | None
    stored: date
    lunar: bool
    on: date
    days_away: int
    #: The age turned, or the years married, on `on`.
    turning: int
    title: str | None = None


@dataclass(frozen=True)
class AumPoint:
    """The client's AUM from `on` (local date of an audited change)."""

    on: date
    aum_fen: int


@dataclass(frozen=True)
class FollowUp:
    """One follow-up line of a contact, and what became of it.

    `done_at_visit` for a line marked done when it was logged ("✓ …" or
    "x …"); otherwise `task_status` is the status of the task made from it
    (open, done, cancelled), None when no task is found.
    """

    text: str
    done_at_visit: bool
    task_status: str | None = None


@dataclass(frozen=True)
class RecentContact:
    entry: InteractionRow
    follow_ups: tuple[FollowUp, ...]


@dataclass(frozen=True)
class ChecklistItem:
    text: str
    ticked: bool


@dataclass(frozen=True)
class Brief:
    """Everything the brief screen shows about one client, as plain data."""

    client_id: str
    today: date
    facts: KeyFacts
    relations: tuple[RelationRow, ...]
    key_contacts: tuple[ContactRow, ...]
    upcoming: tuple[UpcomingDate, ...]
    aum_fen: int
    contribution_fen: int
    #: AUM before the first audited change (None: no change recorded yet).
    aum_before: int | None
    #: Oldest first, one point per day (the day's last value).
    aum_trend: tuple[AumPoint, ...]
    recent: tuple[RecentContact, ...]
    #: `store.tasks.TaskRow`s: the client's open tasks.
    open_tasks: tuple[Any, ...]
    preferences: str | None
    avoid: str | None
    notes: str | None
    tags: tuple[str, ...]
    checklist: tuple[ChecklistItem, ...]

    @property
    def aum_change_fen(self) -> int | None:
        """AUM now against the earliest known value; None without history."""
        return None if self.aum_before is None else self.aum_fen - self.aum_before

    @property
    def ticked(self) -> tuple[str, ...]:
        """The ticked checklist items, in checklist order (a visit's "prepared" lines)."""
        return tuple(item.text for item in self.checklist if item.ticked)


# --- reading -------------------------------------------------------------------------


def default_checklist() -> tuple[str, ...]:
    """The built-in checklist in the current language (used when the config has none)."""
    return tuple(t(key) for key in CHECKLIST_KEYS)


def pre_visit_brief(
    session: Session, client_id: str, checklist: Sequence[str], today: date, zone: str
) -> Brief | None:
    """The brief of one client, or None when it does not exist (or is a tombstone).

    `checklist` is the configured list (`default_checklist()` when the
    config has none); `today` is the manager's local date, `zone` the zone
    audited instants are read in.
    """
    client = session.get(Client, client_id)
    if client is None or client.deleted:
        return None
    relations = tuple(relations_of(session, client_id))
    contacts = tuple(key_contacts_of(session, client_id))
    before, trend = _aum_trend(session, client_id, zone)
    tags = tuple(
        session.execute(
            select(ClientTag.tag)
            .where(ClientTag.client_id == client_id, ClientTag.deleted.is_(False))
            .order_by(ClientTag.tag)
        ).scalars()
    )
    ticked = ticked_items(session, client_id)
    return Brief(
        client_id=client_id,
        today=today,
        facts=_facts(session, client, today),
        relations=relations,
        key_contacts=contacts,
        upcoming=tuple(_upcoming(session, client, relations, contacts, today)),
        aum_fen=client.aum_fen or 0,
        contribution_fen=client.contribution_fen or 0,
        aum_before=before,
        aum_trend=tuple(trend),
        recent=tuple(_recent(session, client_id)),
        open_tasks=tuple(_open_tasks(session, client_id, today)),
        preferences=client.preferences,
        avoid=client.avoid,
        notes=client.notes,
        tags=tags,
        checklist=tuple(
            ChecklistItem(text, text in ticked) for text in dict.fromkeys(checklist) if text
        ),
    )


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _facts(session: Session, client: Client, today: date) -> KeyFacts:
    owner = session.get(Manager, client.owner_manager_id) if client.owner_manager_id else None
    assessed = client.risk_assessed_on
    individual = client.kind != "corporate"
    return KeyFacts(
        name=client.name,
        kind=client.kind,
        tier=client.tier,
        tier_reason=client.tier_reason,
        importance=client.importance,
        importance_reason=client.importance_reason,
        birth_date=client.birth_date if individual else None,
        birthday_lunar=bool(client.birthday_lunar),
        age=_age(client.birth_date, today) if individual and client.birth_date else None,
        occupation=client.occupation,
        employer=client.employer,
        industry=client.industry,
        legal_representative=client.legal_representative,
        risk_level=client.risk_level,
        risk_assessed_on=assessed,
        risk_review_due=assessed is None or (today - assessed).days > RISK_REVIEW_DAYS,
        phone=client.phone,
        owner_name=owner.name if owner else None,
        owner_level=owner.level if owner else None,
    )


def next_occurrence(stored: date, today: date, *, lunar: bool = False) -> tuple[int, date]:
    """The next anniversary of `stored` from today on: (year key, day).

    The year key is the Gregorian year, or for a lunar birthday the lunar
    year (so the age is the key minus the lunar year of birth). 29 February
    falls on the 28th in a year without it.
    """
    from store.lunar import anniversaries_between

    # A lunar anniversary comes round within 385 days; two years' window
    # also covers a solar 29 February and today being the birthday itself.
    found = anniversaries_between(stored, today, today + timedelta(days=800), lunar=lunar)
    return found[0]


def _dated(
    what: str,
    who: str,
    role: str | None,
    stored: date,
    lunar: bool,
    today: date,
    title: str | None = None,
) -> UpcomingDate | None:
    """The date if it comes within `UPCOMING_DAYS`, else None."""
    if stored > today:
        return None  # not born yet (a bad record): nothing to greet
    key, on = next_occurrence(stored, today, lunar=lunar)
    days = (on - today).days
    if days > UPCOMING_DAYS:
        return None
    born_key = stored.year
    if lunar:
        from store.lunar import to_lunar

        born_key = to_lunar(stored).year
    return UpcomingDate(what, who, role, stored, lunar, on, days, key - born_key, title)


def _upcoming(
    session: Session,
    client: Client,
    relations: Sequence[RelationRow],
    contacts: Sequence[ContactRow],
    today: date,
) -> list[UpcomingDate]:
    """Birthdays and anniversaries in the next 60 days, soonest first."""
    found: list[UpcomingDate | None] = []
    if client.kind != "corporate":
        if client.birth_date:
            found.append(
                _dated("birthday", client.name, None, client.birth_date,
                       bool(client.birthday_lunar), today)
            )  # fmt: skip
        if client.wedding_date:
            found.append(_dated("wedding", client.name, None, client.wedding_date, False, today))
    others = {r.other_id: r for r in relations}
    if others:
        people = session.execute(
            select(Client.id, Client.birth_date, Client.birthday_lunar).where(
                Client.id.in_(list(others)),
                Client.kind != "corporate",
                Client.birth_date.is_not(None),
            )
        ).all()
        for other_id, born, lunar in people:
            relation = others[other_id]
            found.append(
                _dated("birthday", relation.other_name, relation.role, born, bool(lunar), today)
            )
    for contact in contacts:
        if contact.birth_date:
            found.append(
                _dated("birthday", contact.name, "contact", contact.birth_date,
                       contact.birthday_lunar, today, title=contact.title)
            )  # fmt: skip
    dated = [d for d in found if d is not None]
    return sorted(
        dated, key=lambda d: (d.on, d.who, d.what)
    )


def _aum_trend(session: Session, client_id: str, zone: str) -> tuple[int | None, list[AumPoint]]:
    """(AUM before the first recorded change, one point per day of change), oldest first.

    Read from the audit log's updates of `aum_fen` (an import, a form, a
    sync from another laptop all leave one).
    """
    found = session.execute(
        select(AuditEntry.at, AuditEntry.changes)
        .where(
            AuditEntry.row_id == client_id,
            AuditEntry.table_name == "client",
            AuditEntry.deleted.is_(False),
            AuditEntry.changes.contains('"aum_fen"'),
        )
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all()
    local = ZoneInfo(zone)
    before: int | None = None
    by_day: dict[date, int] = {}
    for at, text in found:
        try:
            old, new = json.loads(text)["aum_fen"]
        except (ValueError, KeyError, TypeError):
            continue  # not a change of aum_fen after all (the text merely mentions it)
        if not isinstance(new, int):
            continue
        if before is None and not by_day and isinstance(old, int):
            before = old
        by_day[at.astimezone(local).date()] = new
    return before, [AumPoint(day, fen) for day, fen in sorted(by_day.items())]


def parse_follow_ups(text: str | None) -> list[tuple[str, bool]]:
    """(line, done at the visit) per non-blank line, as `log_interaction` reads them.

    A line starting with a done mark ("✓ …", "x …") was done at the visit and
    made no task; the others became tasks titled with the whole line.
    """
    lines: list[tuple[str, bool]] = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if line:
            lines.append((line, line.startswith(DONE_MARKS)))
    return lines


def _without_mark(line: str) -> str:
    """A done line as a person reads it next to a "done" label: the mark dropped."""
    for mark in DONE_MARKS:
        if line.startswith(mark):
            return line[len(mark) :].strip()
    return line


def _recent(session: Session, client_id: str) -> list[RecentContact]:
    """The latest contacts, each follow-up with the status of the task made from it."""
    entries = interactions_for_client(session, client_id, limit=CONTACTS_SHOWN)
    ids = [entry.id for entry in entries]
    if not ids:
        return []
    tasks: dict[str, list[tuple[str, str]]] = {}
    for interaction_id, title, status in session.execute(
        select(Task.interaction_id, Task.title, Task.status)
        .where(Task.interaction_id.in_(ids), Task.deleted.is_(False))
        .order_by(Task.id)
    ).all():
        tasks.setdefault(interaction_id, []).append((title, status))
    recent = []
    for entry in entries:
        left = list(tasks.get(entry.id, []))
        follow_ups = []
        for line, done in parse_follow_ups(entry.follow_ups):
            status = None
            if done:
                line = _without_mark(line)
            else:
                match = next(
                    (i for i, (title, _) in enumerate(left) if _made_from(title, line)), None
                )
                if match is not None:
                    status = left.pop(match)[1]
            follow_ups.append(FollowUp(line, done, status))
        # Tasks of the entry no line names (a line edited since): still shown.
        follow_ups += [FollowUp(title, False, status) for title, status in left if title]
        recent.append(RecentContact(entry, tuple(follow_ups)))
    return recent


def _made_from(title: str, line: str) -> bool:
    """Whether a task was made from a follow-up line.

    `log_interaction` titles the task with the line itself; a task written
    elsewhere (older data, the demo) may put the client first: "跟进张总：line".
    """
    return title == line or title.endswith((f"：{line}", f": {line}"))


def _open_tasks(session: Session, client_id: str, today: date) -> list[Any]:
    from store.tasks import tasks_for  # written alongside; tasks are not needed elsewhere here

    return list(tasks_for(session, today, client_id=client_id))


# --- the checklist's ticks (this laptop only) --------------------------------------


def _key(client_id: str) -> str:
    return f"{_PREP_PREFIX}{client_id}"


def _read_ticks(row: LocalMeta | None) -> list[str]:
    if row is None:
        return []
    try:
        data = json.loads(row.value)
    except ValueError:
        return []  # a damaged value is no preparation: start again rather than fail
    return [item for item in data if isinstance(item, str)] if isinstance(data, list) else []


def ticked_items(session: Session, client_id: str) -> set[str]:
    """The checklist items ticked for a client on this laptop."""
    return set(_read_ticks(session.get(LocalMeta, _key(client_id))))


def set_tick(store: Any, client_id: str, item: str, ticked: bool) -> None:
    """Tick or untick one checklist item for a client; saved at once, never synced.

    An empty item is refused (`ValueError`): it cannot be on a checklist.
    """
    if not item.strip():
        raise ValueError("a checklist item has text")
    with store.session() as session:
        row = session.get(LocalMeta, _key(client_id))
        items = _read_ticks(row)
        if ticked and item not in items:
            items.append(item)
        elif not ticked:
            items = [i for i in items if i != item]
        if not items:
            if row is not None:
                session.delete(row)
            return
        value = json.dumps(items, ensure_ascii=False)
        if row is None:
            session.add(LocalMeta(key=_key(client_id), value=value))
        else:
            row.value = value


def clear_ticks(session: Session, client_id: str) -> None:
    """Forget a client's ticks (the visit was logged); inside the caller's transaction."""
    session.execute(delete(LocalMeta).where(LocalMeta.key == _key(client_id)))
