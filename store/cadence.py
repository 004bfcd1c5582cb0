"""Visit cadence (拜访频率): who owes which client a visit, and by when.

The seed's rule is per client tier and per manager level: for branch-level
VIP clients the client manager visits at least monthly, the senior client
manager quarterly and a branch leader half-yearly. A `CadenceRules` holds
one `Interval` per (tier, role) (configurable in `[cadence]`, see
`store.config`); `obligations()` says, for each client and each role, when
the last qualifying contact was, when the next one is due and whether it is
overdue.

Rules, as implemented (each a decision to confirm with the branch planners):

- **Qualifying contact** for (client, role): the latest non-withdrawn
  interaction of the client whose kind is in `CadenceRules.counted_kinds`
  (a visit by default; an SMS never, unless the config says so) at which
  some bank participant held a level of at least the role's rank. A branch
  leader's visit therefore also counts as the client manager's monthly
  visit, but a client manager's visit never counts for the senior client
  manager's quarterly one. The level is the one the participant held at
  the visit (`InteractionParticipant.level`), or the manager's current
  level on old rows that did not keep it. An entry with no participant
  rows counts for the level of whoever recorded it, else not at all.
  The day of a contact is its local date in the configured zone.
- **Due date**: `Interval.after(last contact)`, month-end safe (a monthly
  visit from 31 January is due on 28/29 February, never in March). A
  client never contacted in a role is due one interval after joining the
  book: the day its record was made, read from its UUIDv7 id, which every
  laptop agrees on (so the derived id of a generated cadence task does not
  change from day to day). An id that is not a UUIDv7 counts as made today.
- **State**: overdue when the due date is before today (`days_overdue` days
  late); due when it falls within `lead_days` from today; otherwise ok.
- **Who carries an obligation** (`Obligation.manager_id`): the client's
  owner when the owner's level ranks at least the role's; otherwise the
  first manager (by employee number) of exactly the role's level in the
  owner's branch, then in its parent branch, and so on up the chain; if no
  branch in the chain has one, nobody (None). A client without an owner
  looks in its own branch (`Client.branch_id`); so does a client whose
  owner has left (a deleted manager) or is not on this laptop: its visits
  still fall to someone rather than to nobody. So a senior client manager
  owning a client carries both its monthly and its quarterly visit, and
  the quarterly visits of a junior's clients fall to the senior first in
  the branch's staff list.
- Only live clients count: not deleted, status active or dormant (a
  prospect is not yet a client, an archived client is no longer one).

Speed: one grouped query (latest qualifying contact per client and
participant level) for the whole book, one for the clients, and the
managers and branches (a few dozen rows); everything else is Python. See
`tests/bench/bench_cadence.py`.
"""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import MappingProxyType
from typing import Any, Final
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from store.ids import uuid7_time_ms
from store.models import Branch, Client, Interaction, InteractionParticipant, Manager
from store.vocab import ClientStatus, InteractionKind, ManagerLevel, Tier

__all__ = [
    "DEFAULT_CADENCE",
    "STATES",
    "CadenceRules",
    "Interval",
    "ManagerMatch",
    "Obligation",
    "cadence_states",
    "find_managers",
    "obligations",
    "role_rank",
]

#: Obligation states, worst first.
STATES: Final = ("overdue", "due", "ok")
_STATE_ORDER: Final = {state: index for index, state in enumerate(STATES)}
#: Client statuses whose visits are owed.
LIVE_STATUSES: Final = (ClientStatus.ACTIVE.value, ClientStatus.DORMANT.value)
_RANK: Final = {level.value: level.rank for level in ManagerLevel}
#: SQLite's limit on bound parameters is far above this; chunks keep IN lists short.
_CHUNK: Final = 900


def role_rank(level: str | None) -> int:
    """The rank of a level code name; 0 for None or a level this version does not know."""
    return _RANK.get(level or "", 0)


@dataclass(frozen=True)
class Interval:
    """A cadence interval: whole months (calendar-aware) or plain days.

    Exactly one of `months` and `days` is positive; weeks are given as days.
    """

    months: int = 0
    days: int = 0

    def __post_init__(self) -> None:
        if self.months < 0 or self.days < 0 or (self.months > 0) == (self.days > 0):
            raise ValueError(f"an interval needs exactly one of months/days > 0: {self!r}")

    def after(self, day: date) -> date:
        """`day` plus the interval; a day past the target month's end clamps to it.

        2027-01-31 + 1 month = 2027-02-28 (2028-02-29 in a leap year): the
        seed's "at least monthly" means within the next calendar month.
        """
        if self.days:
            return day + timedelta(days=self.days)
        years, month0 = divmod(day.month - 1 + self.months, 12)
        year, month = day.year + years, month0 + 1
        return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _frozen(intervals: Mapping[tuple[str, str], Interval]) -> Mapping[tuple[str, str], Interval]:
    return MappingProxyType(dict(intervals))


@dataclass(frozen=True)
class CadenceRules:
    """How often each role visits each tier, and which contacts count as a visit."""

    #: (tier, role) → interval; the role is a `ManagerLevel` value.
    intervals: Mapping[tuple[str, str], Interval] = field(default_factory=dict)
    counted_kinds: frozenset[str] = frozenset({InteractionKind.VISIT.value})
    #: A visit due within this many days from today is "due".
    lead_days: int = 7

    def __post_init__(self) -> None:
        # Read-only, so rules shared through the config cannot be changed by a caller.
        object.__setattr__(self, "intervals", _frozen(self.intervals))
        object.__setattr__(self, "counted_kinds", frozenset(self.counted_kinds))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CadenceRules):
            return NotImplemented
        return (dict(self.intervals), self.counted_kinds, self.lead_days) == (
            dict(other.intervals), other.counted_kinds, other.lead_days)

    def __hash__(self) -> int:
        return hash((frozenset(self.intervals.items()), self.counted_kinds, self.lead_days))

    def roles_for(self, tier: str) -> tuple[str, ...]:
        """The roles that owe `tier` visits, lowest level first."""
        roles = {role for (rule_tier, role) in self.intervals if rule_tier == tier}
        return tuple(sorted(roles, key=lambda role: (role_rank(role), role)))

    @property
    def tiers(self) -> tuple[str, ...]:
        """Tiers with at least one rule."""
        return tuple(sorted({tier for tier, _ in self.intervals}))


_SEED_ROLES: Final = {
    ManagerLevel.CLIENT_MANAGER.value: Interval(months=1),
    ManagerLevel.SENIOR_CLIENT_MANAGER.value: Interval(months=3),
    ManagerLevel.BRANCH_LEADER.value: Interval(months=6),
}
#: The seed's cadence for the VIP tiers (platinum, diamond, private banking).
DEFAULT_CADENCE: Final = CadenceRules(
    intervals={
        (tier.value, role): interval
        for tier in (Tier.PLATINUM, Tier.DIAMOND, Tier.PRIVATE)
        for role, interval in _SEED_ROLES.items()
    }
)


@dataclass(frozen=True, slots=True)
class Obligation:
    """One role's visit owed to one client."""

    client_id: str
    client_name: str
    tier: str
    role: str  # the ManagerLevel value whose visit is owed
    manager_id: str | None  # who carries it (module docstring)
    manager_name: str | None
    last_contact: date | None  # local date of the last qualifying contact; None = never
    due_on: date
    days_overdue: int  # > 0 only when overdue
    state: str  # "overdue" | "due" | "ok"


@dataclass(frozen=True)
class _ClientFacts:
    id: str
    name: str
    tier: str
    owner_id: str | None
    branch_id: str | None
    pinyin: str


@dataclass(frozen=True)
class _Staff:
    """The managers and branches, for deciding who carries an obligation."""

    names: Mapping[str, str]
    levels: Mapping[str, str]
    #: Every manager's current level, withdrawn staff too: their old visits still count.
    any_levels: Mapping[str, str]
    branch_of: Mapping[str, str]
    parent_of: Mapping[str, str | None]
    #: (branch id, level) → the first manager of that level there, by employee number.
    first_of_level: Mapping[tuple[str, str], str]

    def carrier(self, client: _ClientFacts, role: str) -> str | None:
        owner = client.owner_id
        if owner is not None and role_rank(self.levels.get(owner)) >= role_rank(role):
            return owner
        branch = self.branch_of.get(owner) if owner is not None else client.branch_id
        seen: set[str] = set()
        while branch is not None and branch not in seen:  # a loop in bad data ends too
            seen.add(branch)
            found = self.first_of_level.get((branch, role))
            if found is not None:
                return found
            branch = self.parent_of.get(branch)
        return None


def _staff(session: Session) -> _Staff:
    managers = session.execute(
        select(Manager.id, Manager.name, Manager.level, Manager.branch_id, Manager.employee_no)
        .where(Manager.deleted.is_(False))
        .order_by(Manager.employee_no, Manager.id)
    ).all()
    first: dict[tuple[str, str], str] = {}
    for manager in managers:
        first.setdefault((manager.branch_id, manager.level), manager.id)
    branches = session.execute(select(Branch.id, Branch.parent_id)).all()
    everyone = session.execute(select(Manager.id, Manager.level)).all()
    return _Staff(
        names={m.id: m.name for m in managers},
        levels={m.id: m.level for m in managers},
        any_levels={m.id: m.level for m in everyone},
        branch_of={m.id: m.branch_id for m in managers},
        parent_of={b.id: b.parent_id for b in branches},
        first_of_level=first,
    )


def _client_conditions(
    rules: CadenceRules, staff: _Staff, manager_id: str | None
) -> list[ColumnElement[bool]]:
    """Clients whose visits some rule owes; narrowed (to a superset) for one manager."""
    conditions: list[ColumnElement[bool]] = [
        Client.tier.in_(rules.tiers),
        Client.status.in_(LIVE_STATUSES),
        Client.deleted.is_(False),
    ]
    if manager_id is not None:
        conditions.append(_maybe_carried_by(rules, staff, manager_id))
    return conditions


def _maybe_carried_by(rules: CadenceRules, staff: _Staff, manager_id: str) -> ColumnElement[bool]:
    """Clients of which `manager_id` may carry some role: their own, and those
    whose owner (or, with no owner, whose branch) falls back to them."""
    roles = {role for _, role in rules.intervals}
    fallback_roles = {
        role for (branch, role), first in staff.first_of_level.items() if first == manager_id
    }
    owners = {manager_id}
    branches: set[str] = set()
    if fallback_roles:
        probe = {role for role in roles if role in fallback_roles}
        for owner in staff.levels:
            fake = _ClientFacts("", "", "", owner, None, "")
            if any(staff.carrier(fake, role) == manager_id for role in probe):
                owners.add(owner)
        for branch in staff.parent_of:
            fake = _ClientFacts("", "", "", None, branch, "")
            if any(staff.carrier(fake, role) == manager_id for role in probe):
                branches.add(branch)
    condition = Client.owner_manager_id.in_(sorted(owners))
    if branches:
        no_live_owner = or_(
            Client.owner_manager_id.is_(None),
            Client.owner_manager_id.not_in(select(Manager.id).where(Manager.deleted.is_(False))),
        )
        condition = or_(condition, and_(no_live_owner, Client.branch_id.in_(sorted(branches))))
    return condition


def _chunks(ids: Sequence[str]) -> Iterable[list[str]]:
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), _CHUNK):
        yield unique[start : start + _CHUNK]


def _clients(
    session: Session,
    conditions: list[ColumnElement[bool]],
    client_ids: Sequence[str] | None,
    live_managers: Collection[str],
) -> list[_ClientFacts]:
    """The clients in scope; an owner who is not a live manager reads as no owner."""
    statement = select(
        Client.id, Client.name, Client.tier, Client.owner_manager_id, Client.branch_id,
        Client.name_pinyin,
    ).where(*conditions)
    # Core rows through the session's connection: no ORM row processing for 100k rows.
    connection = session.connection()
    if client_ids is None:
        rows = connection.execute(statement).all()
    else:
        rows = [
            row
            for chunk in _chunks(client_ids)
            for row in connection.execute(statement.where(Client.id.in_(chunk))).all()
        ]
    return [
        _ClientFacts(cid, name, tier, owner if owner in live_managers else None, branch, pinyin)
        for cid, name, tier, owner, branch, pinyin in rows
    ]


def _joined_on(client_id: str, zone: ZoneInfo, today: date) -> date:
    """The local day a client's record was made, from its UUIDv7 id (else today)."""
    try:
        made = uuid.UUID(client_id)
    except ValueError:
        return today
    if made.version != 7:
        return today
    return datetime.fromtimestamp(uuid7_time_ms(client_id) / 1000, UTC).astimezone(zone).date()


def _as_utc(value: datetime | str) -> datetime:
    """A UTC instant from an aggregate column (SQLite may hand back text)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _latest_contacts(
    session: Session,
    rules: CadenceRules,
    staff: _Staff,
    conditions: list[ColumnElement[bool]],
    client_ids: Sequence[str] | None,
    zone: ZoneInfo,
) -> dict[str, dict[int, date]]:
    """client id → {level rank: local date of the latest counted contact at that rank}.

    One grouped pass over the live entries of the kinds that count, each
    joined to its present participants (or, with none, to whoever recorded
    it). It groups by the manager and the level kept at the time; the
    manager's current level fills in a level not kept, here in Python from
    a few dozen managers rather than by a join per entry in SQL.
    """
    participant = InteractionParticipant.__table__.alias("p")
    who = func.coalesce(participant.c.manager_id, Interaction.recorded_by_id)
    statement = (
        select(Interaction.client_id, who, participant.c.level,
               func.max(Interaction.occurred_at))
        .select_from(Interaction)
        .outerjoin(
            participant,
            and_(
                participant.c.interaction_id == Interaction.id,
                participant.c.deleted.is_(False),
            ),
        )
        .where(
            Interaction.deleted.is_(False),
            Interaction.kind.in_(sorted(rules.counted_kinds)),
        )
        .group_by(Interaction.client_id, who, participant.c.level)
    )  # fmt: skip
    scope = select(Client.id).where(*conditions)
    if client_ids is None:
        statements = [statement.where(Interaction.client_id.in_(scope))]
    else:
        statements = [
            statement.where(Interaction.client_id.in_(chunk)) for chunk in _chunks(client_ids)
        ]
    latest: dict[str, dict[int, datetime]] = {}
    connection = session.connection()
    for each in statements:
        for client_id, manager_id, kept_level, when in connection.execute(each):
            level = kept_level or staff.any_levels.get(manager_id)
            rank = role_rank(level)
            if not rank or when is None:
                continue
            when = _as_utc(when)
            ranks = latest.setdefault(client_id, {})
            if rank not in ranks or ranks[rank] < when:
                ranks[rank] = when
    return {
        client_id: {rank: when.astimezone(zone).date() for rank, when in ranks.items()}
        for client_id, ranks in latest.items()
    }


def _obligations(
    session: Session,
    rules: CadenceRules,
    today: date,
    zone: str,
    manager_id: str | None,
    client_ids: Sequence[str] | None,
    wanted: Collection[str] = STATES,
    pinyin: dict[str, str] | None = None,
) -> list[Obligation]:
    """The obligations in scope whose state is `wanted`, unsorted; fills `pinyin`
    (client id → name in pinyin, for sorting Chinese names as people expect)."""
    if not rules.intervals or (client_ids is not None and not client_ids):
        return []
    staff = _staff(session)
    conditions = _client_conditions(rules, staff, manager_id)
    clients = _clients(session, conditions, client_ids, staff.levels)
    if not clients:
        return []
    local = ZoneInfo(zone)
    by_client = _latest_contacts(session, rules, staff, conditions, client_ids, local)
    roles_of = {
        tier: [(role, role_rank(role), rules.intervals[(tier, role)])
               for role in rules.roles_for(tier)]
        for tier in rules.tiers
    }  # fmt: skip
    due_after: dict[tuple[Interval, date], date] = {}
    carriers: dict[tuple[str | None, str | None, str], str | None] = {}
    horizon = today + timedelta(days=rules.lead_days)
    found: list[Obligation] = []
    for client in clients:
        if pinyin is not None:
            pinyin[client.id] = client.pinyin or client.name
        contacts = by_client.get(client.id, {})
        for role, rank, interval in roles_of.get(client.tier, ()):
            place = (client.owner_id, None if client.owner_id else client.branch_id, role)
            if place not in carriers:
                carriers[place] = staff.carrier(client, role)
            carrier = carriers[place]
            if manager_id is not None and carrier != manager_id:
                continue
            days = [when for level_rank, when in contacts.items() if level_rank >= rank]
            last = max(days) if days else None
            since = last if last is not None else _joined_on(client.id, local, today)
            key = (interval, since)
            if key not in due_after:
                due_after[key] = interval.after(since)
            due_on = due_after[key]
            if due_on < today:
                state, late = "overdue", (today - due_on).days
            else:
                state, late = ("due" if due_on <= horizon else "ok"), 0
            if state not in wanted:
                continue
            found.append(Obligation(
                client_id=client.id, client_name=client.name, tier=client.tier, role=role,
                manager_id=carrier, manager_name=staff.names.get(carrier) if carrier else None,
                last_contact=last, due_on=due_on, days_overdue=late, state=state,
            ))  # fmt: skip
    return found




def obligations(
    session: Session,
    rules: CadenceRules,
    today: date,
    zone: str,
    *,
    manager_id: str | None = None,
    client_ids: Sequence[str] | None = None,
    states: Collection[str] = ("overdue", "due"),
) -> list[Obligation]:
    """The visits owed, worst first: overdue (most days late first), then by due date,
    client name (pinyin order) and role.

    `manager_id` keeps the obligations that manager carries; `client_ids`
    keeps those clients; `states` which states to return.
    """
    pinyin: dict[str, str] = {}
    found = _obligations(session, rules, today, zone, manager_id, client_ids, frozenset(states),
                         pinyin)

    def order(item: Obligation) -> tuple[Any, ...]:
        # Names in pinyin order (stored at save time): code-point order of
        # Chinese characters means nothing to a reader.
        return (_STATE_ORDER[item.state], -item.days_overdue, item.due_on,
                pinyin.get(item.client_id, item.client_name), item.client_name,
                item.client_id, role_rank(item.role))  # fmt: skip

    return sorted(found, key=order)


def cadence_states(
    session: Session, rules: CadenceRules, client_ids: Sequence[str], today: date, zone: str
) -> dict[str, tuple[str, int]]:
    """Each client's worst (state, days overdue) over its roles, for the client list.

    Clients whose tier has no rule (or that are not live) are absent.
    """
    worst: dict[str, tuple[str, int]] = {}
    for item in _obligations(session, rules, today, zone, None, list(client_ids)):
        current = worst.get(item.client_id)
        candidate = (item.state, item.days_overdue)
        if current is None or (_STATE_ORDER[item.state], -item.days_overdue) < (
            _STATE_ORDER[current[0]], -current[1]
        ):
            worst[item.client_id] = candidate
    return worst


@dataclass(frozen=True)
class ManagerMatch:
    id: str
    name: str
    employee_no: str


def find_managers(session: Session, text: str) -> list[ManagerMatch]:
    """Managers whose employee number (any case) or name is exactly `text`.

    An employee number is unique and wins; a name may be shared, so the
    caller gets every namesake and can ask which one.
    """
    needle = text.strip()
    if not needle:
        return []
    rows = session.execute(
        select(Manager.id, Manager.name, Manager.employee_no)
        .where(Manager.deleted.is_(False))
        .order_by(Manager.employee_no, Manager.id)
    ).all()
    by_number = [row for row in rows if row.employee_no.lower() == needle.lower()]
    chosen = by_number or [row for row in rows if row.name == needle]
    return [ManagerMatch(row.id, row.name, row.employee_no) for row in chosen]
