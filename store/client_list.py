"""The client list as the desk shows it: searched, filtered, sorted and paged in SQL.

The desk never holds the whole book in memory: it asks for the number of
matching clients (to size the scroll bar) and for the window of rows on
screen. A `ClientQuery` says what to show; it is a frozen, hashable value so
that results can carry the question they answer and a late answer to an old
question is recognised and dropped.

Search kinds (one text box, recognised by what is typed):

- Chinese characters: the name contains them; two or more also match the
  employer (工作单位), so typing a company finds its people as well as the
  corporate client itself;
- Latin letters: full pinyin or pinyin initials, by prefix (``zhangwei``,
  ``zw``); keys are stored at save time (`store.pinyin`), surnames with
  their surname reading (单 shan, 曾 zeng, 解 xie ...);
- four or more digits: the end of the mobile number or of the ID number;
  digits followed by X: the end of an ID number (the check character).

Filters combine with AND; several values of one filter (two tiers, two
tags) combine with OR.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    false,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql import column as sql_column
from sqlalchemy.sql import operators
from sqlalchemy.sql import table as sql_table
from sqlalchemy.sql.expression import UnaryExpression

from store import clock
from store.cadence import CadenceRules, cadence_states
from store.i18n import t
from store.models import (
    CalendarEvent,
    Client,
    ClientTag,
    EventClient,
    Interaction,
    LocalMeta,
    Manager,
    UTCDateTime,
)
from store.segments import RECORDABLE, not_recorded
from store.vocab import (
    ClientKind,
    ClientStatus,
    Education,
    Gender,
    Importance,
    IncomeBand,
    Tier,
)

#: Rows the desk reads at a time (its first page, then a page per scroll).
PAGE_SIZE: Final = 100

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"^[a-z]+$")
# A typed run of digits long enough to be a phone or ID tail, or digits
# ending in the ID check character X.
_DIGITS_TAIL = re.compile(r"^[0-9]{4,}$")
_ID_TAIL = re.compile(r"^[0-9]{3,}x$")
# Shorter tails match too many clients to be what anyone looks for.
TAIL_MIN: Final = 4
# One Chinese character is usually a surname; employers are searched from two.
EMPLOYER_MIN: Final = 2

#: The list's sortable columns, in the order the sort key cycles through them.
SORT_KEYS: Final[tuple[str, ...]] = (
    "name", "tier", "importance", "aum", "owner", "last_contact",
)  # fmt: skip
#: The direction a column starts in when chosen: the useful end first
#: (biggest, most important, highest tier, longest without contact).
NATURAL_DESCENDING: Final[Mapping[str, bool]] = {
    "name": False,
    "tier": True,
    "importance": True,
    "aum": True,
    "owner": False,
    "last_contact": False,
}
DEFAULT_SORT: Final = "aum"

_TIER_RANK = {tier.value: rank for rank, tier in enumerate(Tier)}
_IMPORTANCE_RANK = {"A": 3, "B": 2, "C": 1}
MAX_NO_CONTACT_DAYS: Final = 36_500


@dataclass(frozen=True)
class ClientRow:
    """One line of the client list; plain data, safe to hand to a widget."""

    id: str
    name: str
    kind: str
    tier: str
    importance: str
    aum_fen: int
    owner_name: str | None
    last_contact: date | None
    next_due: date | None
    #: Visit cadence: the worst (state, days overdue) over the client's roles
    #: (`store.cadence.cadence_states`); None when no rule applies or none was asked.
    cadence: tuple[str, int] | None = None


def _as_tuple(value: Any) -> tuple[Any, ...]:
    """Sorted and without repeats, so two queries that mean the same are equal."""
    if isinstance(value, str):
        value = (value,)
    return tuple(sorted(set(value)))


_TUPLE_FIELDS: Final = (
    "owner_ids", "tiers", "importance", "statuses", "tags", "genders", "occupations",
    "income_bands", "educations", "not_recorded", "occupations_except",
)  # fmt: skip


@dataclass(frozen=True)
class ClientQuery:
    """What the list shows: a search text, filters and a sort order.

    Empty tuples and None mean "no filter". `statuses` empty means every
    status except archived (the everyday book); name ``archived`` in it to
    see archived clients. `mine` keeps the signed-in manager's own clients
    (`Store.manager_id`); off, the list shows the whole branch: every client
    this store holds, which the shared database's row-level security has
    already limited to what the signed-in manager may see.

    The segment fields let any segment of the segments screen open as a
    list: `birth_from`/`birth_to` (inclusive) for an age band,
    `occupations_except` for "other occupations" (recorded, and none of
    these), `not_recorded` for "not recorded" (`store.segments.RECORDABLE`
    column names), `aum_min_fen`/`aum_max_fen` (inclusive) for a Pareto cut.
    """

    search: str = ""
    mine: bool = False
    owner_ids: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    importance: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    kind: str | None = None
    tags: tuple[str, ...] = ()
    no_contact_days: int | None = None
    genders: tuple[str, ...] = ()
    occupations: tuple[str, ...] = ()
    occupations_except: tuple[str, ...] = ()
    income_bands: tuple[str, ...] = ()
    educations: tuple[str, ...] = ()
    not_recorded: tuple[str, ...] = ()
    birth_from: date | None = None
    birth_to: date | None = None
    aum_min_fen: int | None = None
    aum_max_fen: int | None = None
    sort: str = DEFAULT_SORT
    descending: bool = True

    def __post_init__(self) -> None:
        for name in _TUPLE_FIELDS:
            object.__setattr__(self, name, _as_tuple(getattr(self, name)))
        if self.sort not in SORT_KEYS:
            raise ValueError(f"unknown sort column {self.sort!r}")
        days = self.no_contact_days
        if days is not None and not 1 <= days <= MAX_NO_CONTACT_DAYS:
            raise ValueError(f"no_contact_days must be 1..{MAX_NO_CONTACT_DAYS}, not {days}")

    @property
    def filtered(self) -> bool:
        """True when anything besides the search text and sort narrows the list."""
        return any(
            getattr(self, f.name) != f.default
            for f in fields(self)
            if f.name not in ("search", "sort", "descending")
        )

    @property
    def default_sort(self) -> bool:
        return self.sort == DEFAULT_SORT and self.descending

    def sorted_by(self, column: str, descending: bool | None = None) -> ClientQuery:
        """The same query sorted by `column` (its natural direction unless given)."""
        if descending is None:
            descending = NATURAL_DESCENDING[column]
        return replace(self, sort=column, descending=descending)

    def next_sort(self) -> ClientQuery:
        """Sorted by the next column of `SORT_KEYS`, in that column's natural direction."""
        following = SORT_KEYS[(SORT_KEYS.index(self.sort) + 1) % len(SORT_KEYS)]
        return self.sorted_by(following)

    def reversed(self) -> ClientQuery:
        return replace(self, descending=not self.descending)

    def cleared(self) -> ClientQuery:
        """No filters; the search text and sort order stay."""
        return ClientQuery(search=self.search, sort=self.sort, descending=self.descending)

    # --- the saved form: a JSON object with only what differs from the default
    def to_spec(self) -> dict[str, Any]:
        """JSON-ready: lists, ISO dates; fields left at their default are omitted."""
        spec: dict[str, Any] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value == item.default:
                continue
            if isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, date):
                value = value.isoformat()
            spec[item.name] = value
        return spec

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any]) -> tuple[ClientQuery, list[str]]:
        """A query from its saved form, and what was ignored (in the user's language).

        A spec written by a newer clientdesk, or edited by hand, may hold keys
        or values this version does not know: each is named in a problem and
        left out; the rest of the filter still applies.
        """
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        problems: list[str] = []
        for key, raw in spec.items():
            if key not in known:
                problems.append(t("client_filter.spec_unknown_key", setting=key))
                continue
            try:
                values[key] = _spec_value(key, raw)
            except (TypeError, ValueError):
                problems.append(t("client_filter.spec_bad_value", setting=key, value=raw))
        return cls(**values), problems


_VOCABULARY: Final[Mapping[str, frozenset[str]]] = {
    "tiers": frozenset(Tier),
    "importance": frozenset(Importance),
    "statuses": frozenset(ClientStatus),
    "genders": frozenset(Gender),
    "income_bands": frozenset(IncomeBand),
    "educations": frozenset(Education),
    "not_recorded": frozenset(RECORDABLE),
}


def _spec_value(key: str, raw: Any) -> Any:
    """One spec value checked and converted; TypeError/ValueError if it does not fit."""
    if key in _TUPLE_FIELDS:
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            raise TypeError(key)
        allowed = _VOCABULARY.get(key)
        if allowed is not None and not set(raw) <= allowed:
            raise ValueError(key)
        return tuple(raw)
    if key in ("mine", "descending"):
        if not isinstance(raw, bool):
            raise TypeError(key)
        return raw
    if key == "search":
        if not isinstance(raw, str):
            raise TypeError(key)
        return raw
    if key == "kind":
        if raw not in {k.value for k in ClientKind}:
            raise ValueError(key)
        return raw
    if key == "sort":
        if raw not in SORT_KEYS:
            raise ValueError(key)
        return raw
    if key in ("birth_from", "birth_to"):
        if not isinstance(raw, str):
            raise TypeError(key)
        return date.fromisoformat(raw)
    # no_contact_days, aum_min_fen, aum_max_fen: whole numbers (bool is an int: refuse it)
    if not isinstance(raw, int) or isinstance(raw, bool):
        raise TypeError(key)
    if key == "no_contact_days" and not 1 <= raw <= MAX_NO_CONTACT_DAYS:
        raise ValueError(key)
    if raw < 0:
        raise ValueError(key)
    return raw


# --- conditions -------------------------------------------------------------------


def _scanned(column: InstrumentedAttribute[Any]) -> ColumnElement[Any]:
    """`+column`: the same value, but SQLite will not pick the column's own
    index for it (SQLite's documented way to steer the planner; this query
    only runs on the local SQLite store).

    Measured at 100k clients: scanning the narrow covering index
    `ix_client_list` (in AUM order, holding every searched column) takes
    about 12 ms, where a multi-index OR whose every hit reads the wide table
    row to check the status took 75 ms for a one-letter search.
    """
    return UnaryExpression(column, operator=operators.custom_op("+"), type_=column.type)


def _ends_with(column: InstrumentedAttribute[str | None], tail: str) -> ColumnElement[bool]:
    """`column` ends with `tail`, written so an expression index can serve it.

    The first test is ``substr(column, -4) = <last four>`` with the -4 as a
    literal: SQLite uses an index on exactly that expression
    (``CREATE INDEX ... ON client(substr(phone, -4))``) when one exists; the
    second test checks the rest of a longer tail on the few rows it finds.
    Without the index it is a scan of the table (see the bench).
    """
    last4 = func.substr(column, literal_column(f"-{TAIL_MIN}")) == tail[-TAIL_MIN:]
    if len(tail) == TAIL_MIN:
        return last4
    return and_(last4, func.substr(column, literal_column(f"-{len(tail)}")) == tail)


def search_kind(text: str) -> str | None:
    """How `text` will be searched: name, pinyin, tail, id_tail or None (empty)."""
    needle = text.strip().lower().replace(" ", "")
    if not needle:
        return None
    if _DIGITS_TAIL.match(needle):
        return "tail"
    if _ID_TAIL.match(needle):
        return "id_tail"
    if _CJK.search(needle):
        return "name"
    if _LATIN.match(needle):
        return "pinyin"
    return "name"


def _search_condition(text: str, *, indexed: bool = False) -> ColumnElement[bool] | None:
    """The search box's condition; see the module docstring for the kinds.

    Pinyin keys are stored lower-case at save time, so a search needs no
    pinyin library loaded. `indexed` lets SQLite look a pinyin prefix up in
    the keys' own indexes and Chinese text in `search_gram` and the name and
    employer indexes (for a search few clients match, `_sparse_search`);
    otherwise the list's covering index is scanned.
    """
    needle = text.strip().lower().replace(" ", "")
    kind = search_kind(text)
    if kind is None:
        return None
    if kind == "tail":
        return or_(_ends_with(Client.phone, needle), _ends_with(Client.id_number, needle))
    if kind == "id_tail":
        return _ends_with(Client.id_number, needle.upper())
    if kind == "pinyin":
        upper = needle + "\x7f"
        pinyin, initials = Client.name_pinyin, Client.name_initials
        if not indexed:
            pinyin, initials = _scanned(pinyin), _scanned(initials)
        if len(needle) == 1:
            # Both keys start with the same letter: testing one is the same
            # answer for a third less work on the first, commonest keystroke.
            return and_(initials >= needle, initials < upper)
        return or_(
            and_(pinyin >= needle, pinyin < upper),
            and_(initials >= needle, initials < upper),
        )
    if _CJK.search(needle):
        if indexed:
            texts = _texts_containing(needle)
            in_name = Client.name.in_(texts)
            in_employer = Client.employer.in_(texts)
        else:
            in_name = func.instr(Client.name, needle) > 0
            in_employer = func.instr(Client.employer, needle) > 0
        if len(needle) < EMPLOYER_MIN:
            return in_name
        return or_(in_name, in_employer)
    return func.instr(Client.name, text.strip()) > 0


#: Every character and adjacent pair of every name and employer, with the
#: text it comes from: kept by SQLite triggers (migration 0009), local only.
_GRAMS = sql_table("search_gram", sql_column("gram"), sql_column("text"))


def _texts_containing(needle: str) -> Select[tuple[str]]:
    """The names and employers that contain `needle`, found by its first
    one or two characters in `search_gram` and checked whole: a client's
    name contains `needle` exactly when it is one of these texts."""
    return select(_GRAMS.c.text).where(
        _GRAMS.c.gram == needle[:2], func.instr(_GRAMS.c.text, needle) > 0
    )


def signed_in_manager(session: Session) -> str | None:
    """The manager signed in on this store: the open `Store`'s, else the store file's."""
    store = session.info.get("store")
    if store is not None:
        return store.manager_id  # type: ignore[no-any-return]
    meta = session.get(LocalMeta, "manager_id")
    return meta.value if meta else None


def contact_cutoff(days: int, zone: str) -> datetime:
    """The instant from which an interaction counts as contact "within `days` days".

    A client last contacted exactly `days` calendar days ago (local time)
    has had no contact for `days` days; one contacted the day after has.
    """
    first_day = clock.today(zone) - timedelta(days=days - 1)
    return datetime.combine(first_day, datetime.min.time(), ZoneInfo(zone))


def _owner_column(session: Session) -> ColumnElement[Any]:
    """The owner column as "my clients" should test it.

    `ix_client_list` holds the owner (revision 0005), so walking it in AUM
    order and testing the owner as it goes (`+owner`) stops after a window
    of matches, and counting scans it without reading the table: at 100k
    clients the owner's own index took 22 ms to count and 25 ms (with a
    sort) to find a window, against ~11 ms for either from the list index.
    """
    if session.get_bind().dialect.name != "sqlite":
        return Client.owner_manager_id
    return _scanned(Client.owner_manager_id)


def _conditions(
    session: Session, query: ClientQuery, zone: str, *, few: bool = False
) -> list[ColumnElement[bool]]:
    """The WHERE of the list; `few` (`_few_matches`): let SQLite find the
    matches of a search or tag through their own indexes, else test them
    while scanning the list's covering index.

    The narrowing conditions come first and the everyday ones (not deleted,
    not archived), which nearly every client passes, last: SQLite tests a
    scan's conditions in the order written, so most entries are turned
    away by the search or filter before the other two are read. At 100k
    clients that is 2–4 ms of a 10–20 ms scan of `ix_client_list`.
    """
    conditions: list[ColumnElement[bool]] = []
    search = _search_condition(query.search, indexed=few)
    if search is not None:
        conditions.append(search)
    if query.statuses:
        conditions.append(Client.status.in_(query.statuses))
    owner = _owner_column(session)
    if query.mine:
        me = signed_in_manager(session)
        conditions.append(owner == me if me else false())
    for column, values in (
        (owner, query.owner_ids),
        (Client.tier, query.tiers),
        (Client.importance, query.importance),
        (Client.gender, query.genders),
        (Client.occupation, query.occupations),
        (Client.income_band, query.income_bands),
        (Client.education, query.educations),
    ):
        if values:
            conditions.append(column.in_(values))
    if query.occupations_except:
        conditions += [
            Client.occupation.is_not(None),
            Client.occupation != "",
            Client.occupation.not_in(query.occupations_except),
        ]
    # The segments screen's own definition, so a "not recorded" segment lists
    # exactly the clients it counted.
    conditions.extend(not_recorded(column) for column in query.not_recorded)
    if query.kind is not None:
        conditions.append(Client.kind == query.kind)
    if query.birth_from is not None:
        conditions.append(Client.birth_date >= query.birth_from)
    if query.birth_to is not None:
        conditions.append(Client.birth_date <= query.birth_to)
    if query.aum_min_fen is not None:
        conditions.append(Client.aum_fen >= query.aum_min_fen)
    if query.aum_max_fen is not None:
        conditions.append(Client.aum_fen <= query.aum_max_fen)

    if query.tags:
        tagged = select(ClientTag.client_id).where(
            ClientTag.tag.in_(query.tags), ClientTag.deleted.is_(False)
        )
        client_id = Client.id if few else _scanned(Client.id)
        conditions.append(client_id.in_(tagged))
    if query.no_contact_days is not None:
        cutoff = contact_cutoff(query.no_contact_days, zone)
        last = _last_contact(session)
        conditions.append(or_(last.is_(None), last < cutoff))
    conditions.append(Client.deleted.is_(False))
    if not query.statuses:
        conditions.append(Client.status != ClientStatus.ARCHIVED.value)
    return conditions


# --- sort orders -------------------------------------------------------------------


def _last_contact_of_client() -> ColumnElement[Any]:
    """What "last contact" means: the latest visit-log entry that was not withdrawn."""
    return (
        select(func.max(Interaction.occurred_at))
        .where(Interaction.client_id == Client.id, Interaction.deleted.is_(False))
        .correlate(Client)
        .scalar_subquery()
    )


#: `_last_contact_of_client` as the local store keeps it, per client row, by
#: SQLite triggers (revision 0008: not on the model, so sync never sees it).
#: Indexed both in its own order and beside the list's AUM order, so the
#: sort and the "no contact for N days" filter need no pass over the log.
LAST_CONTACT_AT: Final = literal_column("client.last_contact_at", UTCDateTime())


def _last_contact(session: Session) -> ColumnElement[Any]:
    """The last contact column on the local store, the log's own answer elsewhere."""
    if session.get_bind().dialect.name != "sqlite":
        return _last_contact_of_client()
    return LAST_CONTACT_AT


def _owner_rank(session: Session) -> ColumnElement[int]:
    """Managers in pinyin order of their names (a few dozen rows; code-point
    order of Chinese names means nothing to a reader); no owner sorts last."""
    from store.pinyin import name_search_keys  # slow first import; only for this sort

    managers = session.execute(select(Manager.id, Manager.name)).all()
    ordered = sorted(managers, key=lambda m: (name_search_keys(m.name)[0], m.name, m.id))
    ranks = {manager.id: rank for rank, manager in enumerate(ordered)}
    if not ranks:
        return literal_column("0")
    return case(ranks, value=Client.owner_manager_id, else_=len(ranks))


#: A search that at most this many clients match is looked up in indexes of
#: its own and its matches sorted, instead of walking the list's index in
#: order to find them (see `_sparse_search`). At 100k clients both ways
#: take about the same below a thousand matches with no other filter; a
#: filter on top (gold clients among "zw") makes the walk longer, not the
#: lookup.
SPARSE_LIMIT: Final = 1000


def _sparse_search(session: Session, text: str) -> bool:
    """True when `text` is a pinyin prefix or Chinese text few clients match.

    Walking the list's covering index in AUM order finds a page of a common
    search ("z", "王", "仁怀") in the first few thousand entries, but a rare
    one ("lxm": 35 clients, "张伟": 80) only after reading all 100,000
    (35-60 ms on a slow laptop). Counting the search through its own
    indexes first, stopping past the limit, costs about a millisecond.
    """
    kind = search_kind(text)
    if kind != "pinyin" and not (kind == "name" and _CJK.search(text)):
        return False
    condition = _search_condition(text, indexed=True)
    return _few_rows(session, select(literal_column("1")).select_from(Client).where(condition))


def _few_rows(session: Session, rows: Select[Any]) -> bool:
    """True when `rows` has at most `SPARSE_LIMIT` rows (it reads one more at most)."""
    found = select(func.count()).select_from(rows.limit(SPARSE_LIMIT + 1).subquery())
    return int(session.execute(found).scalar_one()) <= SPARSE_LIMIT


def _few_matches(session: Session, query: ClientQuery) -> bool:
    """True when a condition is likely to keep few clients and needs the table
    row (not in `ix_client_list`) to test, or an index of its own finds them.

    Then the window must sort the matches rather than walk the list's index
    in order: walking 100,000 entries, reading each row, to find 17 phone
    tails took 210 ms at 100k clients, where sorting the matches of one scan
    takes 35 ms. Dense filters (a tier, importance, my clients) find a
    window's rows within the first few hundred entries of the walk. A
    company search is not "few" since the employer joined `ix_client_list`
    (revision 0005): a town's name (仁怀) matches half the book, which one
    pass sorted whole to keep the first 5001 and then counted again (~120
    ms a keystroke at 100k, against ~30 ms walking the index).
    """
    if (
        search_kind(query.search) in ("tail", "id_tail")
        or query.occupations
        or query.not_recorded
        or query.birth_from
        or query.birth_to
    ):
        return True
    if query.tags and _few_tagged(session, query.tags):
        return True
    return _sparse_search(session, query.search)


def _few_tagged(session: Session, tags: tuple[str, ...]) -> bool:
    """True when at most `SPARSE_LIMIT` clients carry one of `tags`.

    A tag a few thousand clients carry (2% of the book) finds a page
    within the first few thousand entries of the list's index, a walk of
    about 2 ms; reading and sorting all its clients took 20 ms.
    """
    tagged = select(literal_column("1")).select_from(ClientTag).where(
        ClientTag.tag.in_(tags), ClientTag.deleted.is_(False)
    )
    return _few_rows(session, tagged)


def _order_by(session: Session, query: ClientQuery, *, few: bool) -> list[ColumnElement[Any]]:
    """ORDER BY for the list: the chosen column, then biggest AUM, then id
    (stable). `few` (`_few_matches`): sort the matches, don't walk an index."""

    def way(column: ColumnElement[Any]) -> ColumnElement[Any]:
        return column.desc() if query.descending else column.asc()

    by_aum = [Client.aum_fen.desc(), Client.id.desc()]
    if query.sort == "aum":
        if few:
            return [way(_scanned(Client.aum_fen)), way(Client.id)]
        # Both keys one way: SQLite walks ix_client_list and stops early.
        return [way(Client.aum_fen), way(Client.id)]
    if query.sort == "name":
        # The whole book walks ix_client_name_pinyin; a search or filter sorts
        # its matches (walking the index to find "zw" read 80 % of the rows).
        whole_book = not query.search.strip() and not query.filtered
        pinyin = Client.name_pinyin if whole_book else _scanned(Client.name_pinyin)
        return [way(pinyin), way(Client.name), way(Client.id)]
    if query.sort == "tier":
        return [way(case(_TIER_RANK, value=Client.tier, else_=-1)), *by_aum]
    if query.sort == "importance":
        return [way(case(_IMPORTANCE_RANK, value=Client.importance, else_=0)), *by_aum]
    if query.sort == "owner":
        return [way(_owner_rank(session)), *by_aum]
    # last_contact: never-contacted clients count as longest ago.
    last = way(_last_contact(session))
    return [last.nulls_last() if query.descending else last.nulls_first(), *by_aum]


# --- queries -------------------------------------------------------------------------


def count_clients(session: Session, query: ClientQuery, zone: str = clock.DEFAULT_ZONE) -> int:
    """How many clients match `query` (sizes the list's scroll bar)."""
    conditions = _conditions(session, query, zone)
    statement = select(func.count()).select_from(Client).where(*conditions)
    return int(session.execute(statement).scalar_one())


def matching_ids(
    session: Session, query: ClientQuery, zone: str = clock.DEFAULT_ZONE
) -> Select[tuple[str]]:
    """The ids of matching clients in list order, as a statement to page or stream.

    For callers that need the clients behind a filter (export of the current
    filter, a segment's members): add `.offset()`/`.limit()` or iterate it.
    """
    return _matching_ids(session, query, zone, few=_few_matches(session, query))


def _matching_ids(session: Session, query: ClientQuery, zone: str, *, few: bool
                  ) -> Select[tuple[str]]:
    return (
        select(Client.id)
        .where(*_conditions(session, query, zone, few=few))
        .order_by(*_order_by(session, query, few=few))
    )


def client_window(
    session: Session,
    query: ClientQuery,
    offset: int,
    limit: int,
    zone: str,
    *,
    cadence: CadenceRules | None = None,
) -> list[ClientRow]:
    """The rows `offset` … `offset + limit` of the list, in the query's order.

    Two steps: the ids of the window (for the default order from the
    covering index alone: both sort keys descend, so SQLite walks
    `ix_client_list` backwards and stops after `offset + limit` matches),
    then the columns and last contact for just those ids. Asking for
    everything in one statement made SQLite compute the last-contact
    subquery for every match before sorting. With `cadence` rules, each row
    carries its cadence status (one more grouped query for the window's ids).
    """
    window = matching_ids(session, query, zone).offset(offset).limit(limit)
    return _rows(session, list(session.scalars(window)), zone, cadence)


#: Up to this many matches, a keystroke fetches them all in one pass (below).
ONE_PASS_LIMIT: Final = 5000


@dataclass(frozen=True)
class ClientPage:
    """The answer to a keystroke: the first rows and how many clients match.

    `total` is the number of matches when `exact`, else a lower bound (at
    least `total` match; `count_clients` says how many).
    """

    total: int
    exact: bool
    rows: list[ClientRow]


def client_page(
    session: Session,
    query: ClientQuery,
    limit: int,
    zone: str,
    *,
    cadence: CadenceRules | None = None,
) -> tuple[int, list[ClientRow]]:
    """How many clients match (exactly) and the first `limit` rows."""
    page = first_page(session, query, limit, zone, cadence=cadence, exact=True)
    return page.total, page.rows


def first_page(
    session: Session,
    query: ClientQuery,
    limit: int,
    zone: str,
    *,
    cadence: CadenceRules | None = None,
    exact: bool = False,
) -> ClientPage:
    """The first `limit` rows and the number of matches as far as finding the
    rows told it (or, with `exact`, counted): what the list draws at once.

    A search that keeps few clients and must read the table row to test
    them (a phone or ID tail, a tag) is answered from ONE pass: the ids of
    every match, in order, whose number is the count. Counting and then
    windowing would find them twice.

    Other queries walk the covering index for the window. A window that
    comes back short has seen every match, so its length is the count: a
    full name (80 of 100k clients) costs one scan of the index instead of
    two. A full window says "at least `limit`": counting every match of a
    one-letter search or a town's name read the whole index, doubling what
    a keystroke cost, so the desk counts after showing the rows.
    """
    few = _few_matches(session, query)
    if few:
        ids = list(session.scalars(_matching_ids(session, query, zone, few=few)
                                   .limit(ONE_PASS_LIMIT + 1)))
        rows = _rows(session, ids[:limit], zone, cadence)
        if len(ids) <= ONE_PASS_LIMIT:
            return ClientPage(len(ids), True, rows)
        if not exact:
            return ClientPage(ONE_PASS_LIMIT, False, rows)
        return ClientPage(count_clients(session, query, zone), True, rows)
    ids = list(session.scalars(_matching_ids(session, query, zone, few=few).limit(limit)))
    rows = _rows(session, ids, zone, cadence)
    if limit > 0 and len(ids) < limit:
        return ClientPage(len(ids), True, rows)
    if not exact:
        return ClientPage(len(ids), False, rows)
    return ClientPage(count_clients(session, query, zone), True, rows)


def _rows(
    session: Session, ids: list[str], zone: str, cadence: CadenceRules | None = None
) -> list[ClientRow]:
    """The list lines of `ids`, in that order (with cadence status under `cadence`)."""
    if not ids:
        return []
    details = session.execute(
        select(
            Client.id,
            Client.name,
            Client.kind,
            Client.tier,
            Client.importance,
            Client.aum_fen,
            Manager.name,
            _last_contact(session),
        )
        .outerjoin(Manager, Manager.id == Client.owner_manager_id)
        .where(Client.id.in_(ids))
    ).all()
    by_id = {row[0]: row for row in details}
    due = _next_due(session, ids, zone)
    states = (
        cadence_states(session, cadence, ids, clock.today(zone), zone) if cadence else {}
    )
    local = ZoneInfo(zone)
    return [
        ClientRow(
            id=row[0],
            name=row[1],
            kind=row[2],
            tier=row[3],
            importance=row[4],
            aum_fen=row[5],
            owner_name=row[6],
            last_contact=_local_date(row[7], local),
            next_due=due.get(row[0]),
            cadence=states.get(row[0]),
        )
        for row in (by_id[client_id] for client_id in ids)
    ]


@dataclass(frozen=True)
class FilterChoices:
    """What the filter screen offers: managers (pinyin order) and tags in use."""

    managers: tuple[tuple[str, str], ...]
    tags: tuple[tuple[str, int], ...]


def filter_choices(session: Session) -> FilterChoices:
    """Managers who own a client or work here, and every tag on a live client
    with how many clients carry it (most used first)."""
    from store.pinyin import name_search_keys  # slow first import: the filter screen's worker

    managers = session.execute(
        select(Manager.id, Manager.name).where(Manager.deleted.is_(False))
    ).all()
    ordered = sorted(managers, key=lambda m: (name_search_keys(m.name)[0], m.name, m.id))
    tags = session.execute(
        select(ClientTag.tag, func.count())
        .join(Client, Client.id == ClientTag.client_id)
        .where(ClientTag.deleted.is_(False), Client.deleted.is_(False))
        .group_by(ClientTag.tag)
        .order_by(func.count().desc(), ClientTag.tag)
    ).all()
    return FilterChoices(
        managers=tuple((m.id, m.name) for m in ordered),
        tags=tuple((tag, int(count)) for tag, count in tags),
    )


def _local_date(value: datetime | str | None, zone: ZoneInfo) -> date | None:
    """A UTC instant from a raw column (SQLite returns text from aggregates)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    return value.astimezone(zone).date()


def _next_due(session: Session, client_ids: list[str], zone: str) -> dict[str, date]:
    """Next planned contact per client: the earlier of a scheduled event from
    today on and the next-contact date promised in the latest log entry."""
    if not client_ids:
        return {}
    local = ZoneInfo(zone)
    today = clock.today(zone)
    start_of_today = datetime.combine(today, datetime.min.time(), local)
    due: dict[str, date] = {}
    events = session.execute(
        select(EventClient.client_id, func.min(CalendarEvent.starts_at))
        .join(CalendarEvent, CalendarEvent.id == EventClient.event_id)
        .where(
            EventClient.client_id.in_(client_ids),
            EventClient.deleted.is_(False),
            CalendarEvent.deleted.is_(False),
            CalendarEvent.status == "planned",
            CalendarEvent.starts_at >= start_of_today,
        )
        .group_by(EventClient.client_id)
    ).all()
    for client_id, starts_at in events:
        when = _local_date(starts_at, local)
        if when is not None:
            due[client_id] = when
    # The entries at each client's last contact (the kept column: no grouping of the log).
    promised = session.execute(
        select(Interaction.client_id, Interaction.next_contact_on)
        .join(
            Client,
            and_(
                Client.id == Interaction.client_id,
                Interaction.occurred_at == _last_contact(session),
            ),
        )
        .where(Client.id.in_(client_ids))
    ).all()
    for client_id, next_on in promised:
        if next_on is not None and (client_id not in due or next_on < due[client_id]):
            due[client_id] = next_on
    return due
