"""Matching checked rows to clients, deciding what changes, and writing it.

Rules (issue 4, item 6):

- A row is matched by its `id` column when it has one, else by ID number,
  else by unified social credit code (either value is looked up in both
  columns: a company's credit code is also its ID number). A row with an
  unknown id and a name creates that client under that id (a file exported
  from another laptop); with an unknown id and no name it is an error.
- Only the fields the file carries change; a row whose values all equal
  the client's is unchanged and writes nothing (no stamp, no outbox entry,
  no audit entry), which is why exporting and re-importing changes nothing.
- Checks that need the whole row or the store run here, and every problem
  of every row is collected before anything is written.
- A new client's tier and importance follow `TierRules`; a tier given by
  the file (core banking's own) is stored as given, with a reason saying
  so when it differs from the rules' tier. An existing client's tier is
  derived again only when its AUM or contribution changes.
- Everything is written in one transaction: new clients in bulk through
  `insert_rows` (stamps, outbox and "create" audit entries), changes to
  existing ones through the ORM, so the capture records old → new.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Final

from sqlalchemy import Connection, func, select

from store import clock
from store.errors import ValidationError
from store.i18n import t
from store.ids import uuid7
from store.importing.headers import COLUMNS_BY_KEY, HeaderMap
from store.importing.rows import ParsedRow, RowProblem
from store.models import Client, ClientTag, LocalMeta, Manager
from store.pinyin import SURNAME_READINGS
from store.tiers import TierRules
from store.validation import ResidentId, validate_credit_code, validate_resident_id
from store.vocab import ClientKind, ClientStatus, Gender, IdType

__all__ = ["Existing", "Plan", "load_existing", "plan_rows", "write_plan"]

#: Rows per bulk insert and per ORM flush (bounded statements and memory).
CHUNK: Final = 5_000
_UPDATE_CHUNK: Final = 500
_IN_CHUNK: Final = 900  # ids per IN (...): under SQLite's oldest variable limit
_DOC_NUMBER = re.compile(r"[A-Z0-9]{5,20}")
_CJK_NAME = re.compile(r"[\u3400-\u9fff]{2,}")
_LONGEST_SURNAME = max(len(surname) for surname in SURNAME_READINGS)
_CLIENT_COLUMNS: Final = tuple(Client.__table__.columns)
_INDIVIDUAL: Final = ClientKind.INDIVIDUAL.value
_CORPORATE: Final = ClientKind.CORPORATE.value
_RESIDENT_ID: Final = IdType.RESIDENT_ID.value
_CREDIT_CODE: Final = IdType.CREDIT_CODE.value
_ACTIVE: Final = ClientStatus.ACTIVE.value
_UNKNOWN_GENDER: Final = Gender.UNKNOWN.value
#: Set by hand or by rules, never compared as plain values (`_Planner._tiers`).
_RANKS: Final = ("tier", "importance", "tier_reason", "importance_reason")
#: What `_tiers` reads and writes.
_FIGURES: Final = ("aum_fen", "contribution_fen", *_RANKS)
#: What the planner reads of a matched client besides the file's own columns.
_PLANNER_COLUMNS: Final = (
    "id", "deleted", "kind", "name", "id_type", "id_number", "credit_code", "birth_date",
    "gender", *_FIGURES,
)  # fmt: skip
#: A row that matches no client: its id is made only once it is planned as new.
_NEW: Final = ""


@dataclass
class Existing:
    """What the store already holds that rows are matched against."""

    by_identity: dict[str, str]
    rows: dict[str, dict[str, Any]]
    tags: dict[str, tuple[str, ...]]
    manager_branch: dict[str, str]


@dataclass
class Plan:
    """What an import will write; `problems` empty means it may be written."""

    inserts: list[dict[str, Any]] = field(default_factory=list)
    new_tags: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    updates: dict[str, dict[str, Any]] = field(default_factory=dict)
    tag_updates: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    changed_fields: Counter[str] = field(default_factory=Counter)


# --- reading what exists -----------------------------------------------------------------


def _chunks(items: list[str], size: int = _IN_CHUNK) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def load_existing(conn: Connection, rows: list[ParsedRow], headers: HeaderMap) -> Existing:
    """The clients the rows may match, and every live ID number.

    The identity map covers the whole book (two short columns: a fraction of
    a second at 100,000 clients), because a new row's ID number must not be
    another client's. Rows are read only for clients a row names, and only
    the columns the planner reads: the file's own and `_PLANNER_COLUMNS`.
    Results are fetched whole (`.all()`), not row by row.
    """
    by_identity: dict[str, str] = {}
    for client_id, id_number, credit_code in conn.execute(
        select(Client.id, Client.id_number, Client.credit_code).where(Client.deleted.is_(False))
    ).all():
        if id_number:
            by_identity.setdefault(id_number, client_id)
        if credit_code:
            by_identity.setdefault(credit_code, client_id)
    wanted: set[str] = set()
    if by_identity or headers.has("id"):
        for row in rows:
            if row.client_id:
                wanted.add(row.client_id)
            values = row.values
            for name in ("id_number", "credit_code"):
                value = values.get(name)
                found = by_identity.get(value) if value else None
                if found:
                    wanted.add(found)
    existing_rows: dict[str, dict[str, Any]] = {}
    columns = _columns_read(headers)
    names = [column.key for column in columns]
    if _most_of_the_book(conn, wanted):
        for record in conn.execute(select(*columns)).all():
            if record[0] in wanted:
                existing_rows[record[0]] = dict(zip(names, record, strict=True))
    else:
        for chunk in _chunks(sorted(wanted)):
            for record in conn.execute(select(*columns).where(Client.id.in_(chunk))).all():
                existing_rows[record[0]] = dict(zip(names, record, strict=True))
    tags: dict[str, tuple[str, ...]] = {}
    if headers.has("tags") and existing_rows:
        found_tags: dict[str, list[str]] = {}
        for chunk in _chunks(sorted(existing_rows)):
            for client_id, tag in conn.execute(
                select(ClientTag.client_id, ClientTag.tag)
                .where(ClientTag.client_id.in_(chunk), ClientTag.deleted.is_(False))
                .order_by(ClientTag.client_id, ClientTag.tag)
            ):
                found_tags.setdefault(client_id, []).append(tag)
        tags = {client_id: tuple(values) for client_id, values in found_tags.items()}
    manager_branch = dict(conn.execute(select(Manager.id, Manager.branch_id)).all())
    return Existing(by_identity, existing_rows, tags, manager_branch)


def _most_of_the_book(conn: Connection, wanted: set[str]) -> bool:
    """True when the rows name a quarter of the book or more (a re-imported export):
    one pass over the table then costs about half of looking each id up in batches."""
    if not wanted:
        return False
    return len(wanted) * 4 >= conn.execute(select(func.count()).select_from(Client)).scalar_one()


def _columns_read(headers: HeaderMap) -> tuple[Any, ...]:
    """The client columns a matched row is compared on: the file's, and the planner's.

    `id` comes first (the loops of `load_existing` read it as `record[0]`).
    """
    wanted = set(_PLANNER_COLUMNS)
    wanted.update(COLUMNS_BY_KEY[key].attr for key in headers.positions)
    others = [c for c in _CLIENT_COLUMNS if c.key in wanted and c.key != "id"]
    return (Client.__table__.c.id, *others)


# --- deciding ---------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def search_keys(name: str, kind: str) -> tuple[str, str]:
    """Pinyin search keys, computed per surname and per given name.

    `name_search_keys` caches whole names, but a book of 100,000 people has
    tens of thousands of distinct names and only a few thousand distinct
    given names; keying the cache on the parts makes a large import about
    eight times faster with the same keys (the surname table is applied to
    the surname, and pypinyin reads the given name as it would inside the
    whole name). Non-Chinese and company names go through unchanged.
    """
    from store.pinyin import name_search_keys  # loads pypinyin: only when a name is saved

    if kind != ClientKind.INDIVIDUAL or not _CJK_NAME.fullmatch(name):
        return name_search_keys(name, personal=kind == ClientKind.INDIVIDUAL)
    surname = name[:1]
    for length in range(min(_LONGEST_SURNAME, len(name) - 1), 1, -1):
        if name[:length] in SURNAME_READINGS:
            surname = name[:length]
            break
    head = name_search_keys(surname)
    tail = name_search_keys(name[len(surname) :], personal=False)
    return head[0] + tail[0], head[1] + tail[1]


def _defaults() -> dict[str, Any]:
    """A new client's column values before the file's are laid over them."""
    row: dict[str, Any] = {}
    for column in _CLIENT_COLUMNS:
        default = column.default
        row[column.key] = default.arg if default is not None and default.is_scalar else None
    return row


class _Planner:
    """Decides, row by row, what the import writes; collects every problem."""

    def __init__(
        self,
        headers: HeaderMap,
        existing: Existing,
        rules: TierRules,
        today: date,
        unit: str,
        owner: str | None,
    ) -> None:
        self.headers = headers
        self.existing = existing
        self.rules = rules
        self.today = today
        self.unit = unit
        self.owner = owner
        self.plan = Plan()
        self.seen_clients: dict[str, int] = {}
        self.seen_identity: dict[str, int] = {}
        self.blank = _defaults()
        # New ids all carry the import's start (uuid7 still keeps them
        # strictly increasing), which spares a clock read per row.
        self.moment = clock.now()
        self.tier_text = t("import.tier_reason")
        self.importance_text = t("import.importance_reason")

    def problem(self, row: ParsedRow, key: str, reason: str, **params: Any) -> None:
        column = self.headers.written.get(key) or t(COLUMNS_BY_KEY[key].label)
        self.plan.problems.append(RowProblem(row.number, self.unit, column, reason, params))

    def where(self, number: int) -> str:
        return t(f"import.at_{self.unit}", number=number)

    # -- one row --------------------------------------------------------------------------
    def add(self, row: ParsedRow, *, check_only: bool = False) -> None:
        """Plan one row; `check_only` (a row with bad cells) only runs the checks.

        A row with bad cells is still matched and checked against the book
        and the file, so a wrong check digit or a duplicate is reported in
        the same pass as the row's other problems.
        """
        values = row.values
        current, client_id = self._match(row)
        if client_id is None:
            return
        if not self._claim(row, client_id, current):
            return
        resident = self._check_identity(row, current, client_id)
        if resident is False or check_only:
            return
        if row.aum_parts is not None and "aum_fen" not in values:
            values["aum_fen"] = row.aum_parts
        if current is None:
            self._new(row, client_id, resident)
        else:
            self._update(row, current, resident)

    def _match(self, row: ParsedRow) -> tuple[dict[str, Any] | None, str | None]:
        """(the client's current row or None for a new one, its id); (…, None) on error.

        A row that matches no client gets `_NEW` for its id: it is new, so
        no other row of the file can name it.
        """
        values = row.values
        if row.client_id:
            current = self.existing.rows.get(row.client_id)
            if current is not None and current["deleted"]:
                self.problem(row, "id", "import.invalid.deleted_id", value=row.client_id)
                return None, None
            if current is None and "name" not in values:
                self.problem(row, "id", "import.invalid.unknown_id", value=row.client_id)
                return None, None
            return current, row.client_id
        by_identity = self.existing.by_identity
        for key in ("id_number", "credit_code"):
            value = values.get(key)
            found = by_identity.get(value) if value else None
            if found:
                return self.existing.rows[found], found
        return None, _NEW

    def _claim(self, row: ParsedRow, client_id: str, current: dict[str, Any] | None) -> bool:
        """One row per client and per ID number in a file; the second names the first.

        A row that keeps a client's own number is never the one blamed: a
        book that already holds a number twice must export and import back
        unchanged; only a row that would add a duplicate is refused.
        """
        ok = True
        first = self.seen_clients.setdefault(client_id, row.number) if client_id else row.number
        if first != row.number:
            key = (
                "id"
                if row.client_id
                else ("id_number" if row.values.get("id_number") else "credit_code")
            )
            self.problem(row, key, "import.invalid.duplicate_in_file", other=self.where(first))
            ok = False
        for key in ("id_number", "credit_code"):
            value = row.values.get(key)
            if not value:
                continue
            first = self.seen_identity.setdefault(value, row.number)
            if first != row.number and not _keeps(current, key, value):
                self.problem(row, key, "import.invalid.duplicate_in_file", other=self.where(first))
                ok = False
        return ok

    def _check_identity(
        self, row: ParsedRow, current: dict[str, Any] | None, client_id: str
    ) -> ResidentId | bool | None:
        """Check the ID number against its type and the book; False when it is bad.

        A number the client already has is not checked again (it is not
        being written); its birth date and gender still serve as defaults.
        """
        values = row.values
        ok = True
        by_identity = self.existing.by_identity
        for key in ("id_number", "credit_code"):
            value = values.get(key)
            owner = by_identity.get(value) if value else None
            if owner and owner != client_id and not _keeps(current, key, value):
                other = self.existing.rows.get(owner, {}).get("name") or owner[:8]
                self.problem(row, key, "import.invalid.belongs_to_other", name=other)
                ok = False
        number = values.get("id_number")
        resident: ResidentId | None = None
        if number:
            id_type = values.get("id_type") or (current or {}).get("id_type")
            if not id_type:
                corporate = (values.get("kind") or (current or {}).get("kind")) == _CORPORATE
                id_type = _CREDIT_CODE if corporate else _RESIDENT_ID
            try:
                if id_type == _RESIDENT_ID:
                    resident = validate_resident_id(number, today=self.today)
                elif id_type == _CREDIT_CODE:
                    validate_credit_code(number)
                elif not _DOC_NUMBER.fullmatch(number):
                    raise ValidationError("field.id_number", "import.invalid.doc_number")
            except ValidationError as exc:
                if _keeps(current, "id_number", number) and _keeps(current, "id_type", id_type):
                    return None
                self.problem(row, "id_number", exc.reason, **exc.params)
                return False
            if resident is not None:
                ok = self._agrees(row, resident, current) and ok
        return resident if ok else False

    def _agrees(self, row: ParsedRow, resident: ResidentId, current: dict[str, Any] | None) -> bool:
        """A birth date or gender the file sets must be what the ID number says."""
        ok = True
        given = row.values.get("birth_date")
        if (
            given is not None
            and given != resident.birth_date
            and not _keeps(current, "birth_date", given)
        ):
            self.problem(
                row,
                "birth_date",
                "import.invalid.id_mismatch",
                expected=resident.birth_date.isoformat(),
            )
            ok = False
        gender = row.values.get("gender")
        if gender not in (None, _UNKNOWN_GENDER, resident.gender) and not _keeps(
            current, "gender", gender
        ):
            self.problem(
                row, "gender", "import.invalid.id_mismatch", expected=t(f"gender.{resident.gender}")
            )
            ok = False
        return ok

    def _new(self, row: ParsedRow, client_id: str, resident: ResidentId | None) -> None:
        values = row.values
        if not values.get("name"):
            self.problem(row, "name", "import.invalid.name_required")
            return
        new = {**self.blank, **values}
        new["id"] = client_id or uuid7(self.moment)
        kind = values.get("kind")
        if kind is None:
            company = values.get("credit_code") and not values.get("id_number")
            kind = new["kind"] = _CORPORATE if company else _INDIVIDUAL
        if kind == _CORPORATE and new["credit_code"] and not new["id_number"]:
            new["id_type"], new["id_number"] = _CREDIT_CODE, new["credit_code"]
        if new["id_number"] and not new["id_type"]:
            new["id_type"] = _CREDIT_CODE if kind == _CORPORATE else _RESIDENT_ID
        if resident is not None:
            if new["birth_date"] is None:
                new["birth_date"] = resident.birth_date
            if new["gender"] in (None, _UNKNOWN_GENDER):
                new["gender"] = resident.gender
        new["name_pinyin"], new["name_initials"] = search_keys(new["name"], kind)
        if "owner_manager_id" not in values and self.owner:
            new["owner_manager_id"] = self.owner
        if "branch_id" not in values and new["owner_manager_id"]:
            new["branch_id"] = self.existing.manager_branch.get(new["owner_manager_id"])
        new["status"] = new["status"] or _ACTIVE
        self._tiers(new, None, values)
        self.plan.inserts.append(new)
        if row.tags:
            self.plan.new_tags.append((new["id"], row.tags))

    def _update(self, row: ParsedRow, current: dict[str, Any], resident: ResidentId | None) -> None:
        values = row.values
        client_id = current["id"]
        if "kind" in values and values["kind"] != current["kind"]:
            self.problem(
                row,
                "kind",
                "import.invalid.kind_change",
                old=t(f"kind.{current['kind']}"),
                new=t(f"kind.{values['kind']}"),
            )
            return
        # Re-importing an export: every value equal, compared in one C-level pass.
        unchanged = values.items() <= current.items()
        changes = (
            {}
            if unchanged
            else {
                name: value
                for name, value in values.items()
                if name not in _RANKS and current.get(name) != value
            }
        )
        for name in ("tier_reason", "importance_reason"):
            if name in values and current.get(name) != values[name]:
                changes[name] = values[name]
        if resident is not None and "id_number" in changes:
            if "birth_date" not in values and current.get("birth_date") != resident.birth_date:
                changes["birth_date"] = resident.birth_date
            if "gender" not in values and current.get("gender") != resident.gender:
                changes["gender"] = resident.gender
        if "name" in changes:
            keys = search_keys(changes["name"], current["kind"])
            changes["name_pinyin"], changes["name_initials"] = keys
        # What `_tiers` reads and writes, after the changes (not a copy of the whole row).
        after = {name: changes.get(name, current[name]) for name in _FIGURES}
        self._tiers(after, current, values)
        changes.update({name: after[name] for name in _RANKS if after[name] != current.get(name)})
        tags_changed = row.tags is not None and (
            set(row.tags) != set(self.existing.tags.get(client_id, ()))
        )
        if not changes and not tags_changed:
            self.plan.unchanged += 1
            return
        if changes:
            self.plan.updates[client_id] = changes
            self.plan.changed_fields.update(
                name for name in changes if name not in ("name_pinyin", "name_initials")
            )
        if tags_changed:
            assert row.tags is not None
            self.plan.tag_updates[client_id] = row.tags
            self.plan.changed_fields["tags"] += 1

    def _tiers(
        self, after: dict[str, Any], current: dict[str, Any] | None, values: Mapping[str, Any]
    ) -> None:
        """Tier and importance of a client after the import (see the module docstring)."""
        aum, contribution = after["aum_fen"] or 0, after["contribution_fen"] or 0
        figures_changed = current is None or (
            aum != current["aum_fen"] or contribution != current["contribution_fen"]
        )
        rules = self.rules
        given = values.get("tier")
        if given is not None:
            if current is None or given != current["tier"]:
                after["tier"] = given
                # A file that has the reason column says the reason itself, even
                # by an empty cell (our own export of a rule-made tier).
                if not self.headers.has("tier_reason"):
                    after["tier_reason"] = self.tier_text if given != rules.tier_for(aum) else None
        elif figures_changed and not after.get("tier_reason"):
            after["tier"] = rules.tier_for(aum)
        given = values.get("importance")
        if given is not None:
            if current is None or given != current["importance"]:
                after["importance"] = given
                if not self.headers.has("importance_reason"):
                    rule = rules.importance_for(aum, contribution)
                    after["importance_reason"] = self.importance_text if given != rule else None
        elif figures_changed and not after.get("importance_reason"):
            after["importance"] = rules.importance_for(aum, contribution)


def _keeps(current: dict[str, Any] | None, name: str, value: Any) -> bool:
    """True when an existing client already holds `value` in `name` (no change)."""
    return current is not None and current.get(name) == value


def plan_rows(
    rows: list[ParsedRow],
    headers: HeaderMap,
    existing: Existing,
    rules: TierRules,
    today: date,
    unit: str,
    owner: str | None,
    bad_rows: frozenset[int] = frozenset(),
) -> Plan:
    """Match every row and decide its changes; problems are collected, not raised.

    Rows numbered in `bad_rows` already have problems: they are checked,
    never planned for writing.
    """
    planner = _Planner(headers, existing, rules, today, unit, owner)
    for row in rows:
        planner.add(row, check_only=row.number in bad_rows)
    return planner.plan


# --- writing ----------------------------------------------------------------------------


def write_plan(session: Any, store: Any, plan: Plan, progress: Callable[[int], None]) -> None:
    """Write a clean plan in the session's transaction (the caller commits).

    New clients and their tags go in with `insert_rows` on the session's own
    connection, one clock stamp for the batch; updates are ORM changes, so
    the flush's capture stamps each and audits old → new.
    """
    from store.sync.capture import insert_rows

    conn = session.connection()
    done = 0
    if plan.inserts:
        stamp = store.tick()
        moment = clock.now()  # one clock read for every change id (see `_Planner`)

        def change_id(_row_id: str) -> str:
            return uuid7(moment)

        for start in range(0, len(plan.inserts), CHUNK):
            chunk = plan.inserts[start : start + CHUNK]
            insert_rows(conn, Client.__table__, chunk, store, hlc=stamp, change_id=change_id)
            done += len(chunk)
            progress(done)
        tag_rows = [
            {"id": uuid7(moment), "client_id": client_id, "tag": tag}
            for client_id, tags in plan.new_tags
            for tag in tags
        ]
        for start in range(0, len(tag_rows), CHUNK):
            insert_rows(
                conn,
                ClientTag.__table__,
                tag_rows[start : start + CHUNK],
                store,
                hlc=stamp,
                change_id=change_id,
            )
    ids = sorted(plan.updates)
    for chunk in _chunks(ids, _UPDATE_CHUNK):
        for client in session.scalars(select(Client).where(Client.id.in_(chunk))):
            for name, value in plan.updates[client.id].items():
                setattr(client, name, value)
        session.flush()
        done += len(chunk)
        progress(done)
    for client_id, wanted in plan.tag_updates.items():
        current = {
            row.tag: row
            for row in session.scalars(
                select(ClientTag).where(
                    ClientTag.client_id == client_id, ClientTag.deleted.is_(False)
                )
            )
        }
        for tag, row in current.items():
            if tag not in wanted:
                row.deleted = True
        for tag in wanted:
            if tag not in current:
                session.add(ClientTag(client_id=client_id, tag=tag))
    session.flush()
    # insert_rows advances the clock without a flush: keep the stamp it reached.
    session.merge(LocalMeta(key="hlc_last", value=str(store.hlc.last)))
