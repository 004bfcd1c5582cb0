"""The book broken down into segments (客户细分) and its 80/20 (Pareto) picture.

A relationship manager asks two questions of their book: who are my clients
(by age, gender, occupation, income, education, tier, importance, kind),
and how concentrated is it (do the top 20% hold 80% of the assets?). Both
are answered here in SQL over the clients the desk shows (not deleted, not
archived), for one owner manager ("my clients") or the whole store.

Performance at 100,000 clients: every segment of every dimension comes from
ONE grouped scan of the client table (a scan per dimension cost ~75 ms
each, eight of them ~650 ms; one GROUP BY over all the columns ~250 ms),
folded into dimensions in Python. The Pareto curve uses SQL window
functions, so only ~100 sampled rows of the running sum leave SQLite,
never 100,000 ORM objects.

Money stays integer fen; shares are `Decimal` fractions (0 … 1), computed
from integers, never floats.

Personal dimensions (age, gender, occupation, income, education) mean
nothing for a company, so corporate clients form their own segment there
instead of swelling "unknown"; every breakdown still adds up to the book.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from store.models import Client
from store.vocab import ClientKind, Education, Gender, Importance, IncomeBand, Tier

#: Shares are kept to this many decimal places of a fraction (0.0001 %).
SHARE_PLACES = Decimal("0.000001")
#: Occupations are free text: the most common ones are named, the rest are "other".
TOP_OCCUPATIONS = 8
#: The curve is sampled at 1 %, 2 % … 100 % of clients.
CURVE_POINTS = 100


class Dimension(StrEnum):
    """What the book can be broken down by (a catalog key `segments.dim.<value>`)."""

    AGE = "age"
    GENDER = "gender"
    OCCUPATION = "occupation"
    INCOME = "income_band"
    EDUCATION = "education"
    TIER = "tier"
    IMPORTANCE = "importance"
    KIND = "kind"


class Measure(StrEnum):
    """What a share or the Pareto curve is taken of."""

    AUM = "aum"
    CONTRIBUTION = "contribution"


#: Dimensions that describe a person; companies get a segment of their own there.
PERSONAL: frozenset[Dimension] = frozenset(
    {Dimension.AGE, Dimension.GENDER, Dimension.OCCUPATION, Dimension.INCOME, Dimension.EDUCATION}
)

#: Segment values that are not stored values but buckets.
UNKNOWN = "unknown"  # not recorded, or a value outside the vocabulary
OTHER = "other"  # occupations outside the named top N
CORPORATE = "corporate"  # corporate clients, in a personal dimension

#: Age bands: (segment value, lowest age in the band), youngest first.
AGE_BANDS: tuple[tuple[str, int], ...] = (
    ("under_30", 0),
    ("30_39", 30),
    ("40_49", 40),
    ("50_59", 50),
    ("60_69", 60),
    ("70_plus", 70),
)

#: The stored values each vocabulary dimension shows, in display order.
#: Gender's own "unknown" is folded into the UNKNOWN bucket with empty values.
_VOCABULARY: dict[Dimension, tuple[str, ...]] = {
    dimension: tuple(str(value) for value in values)
    for dimension, values in (
        (Dimension.GENDER, (Gender.MALE, Gender.FEMALE)),
        (Dimension.INCOME, tuple(IncomeBand)),
        (Dimension.EDUCATION, tuple(Education)),
        (Dimension.TIER, tuple(Tier)),
        (Dimension.IMPORTANCE, tuple(Importance)),
        (Dimension.KIND, tuple(ClientKind)),
    )
}

_COLUMN: dict[Dimension, InstrumentedAttribute[Any]] = {
    Dimension.GENDER: Client.gender,
    Dimension.OCCUPATION: Client.occupation,
    Dimension.INCOME: Client.income_band,
    Dimension.EDUCATION: Client.education,
    Dimension.TIER: Client.tier,
    Dimension.IMPORTANCE: Client.importance,
    Dimension.KIND: Client.kind,
}


@dataclass(frozen=True)
class SegmentKey:
    """Which clients one segment holds, precisely enough to list them again.

    The client list filters on it (`segment_filter`), so opening a
    segment shows exactly the clients that were counted: age bands carry
    the day ages were taken on, "other" occupations the named ones it
    leaves out.
    """

    dimension: Dimension
    value: str
    on: date | None = None
    excluded: tuple[str, ...] = ()


@dataclass(frozen=True)
class Segment:
    """One row of a breakdown: how many clients, what they hold and bring."""

    key: SegmentKey
    clients: int
    aum_fen: int
    contribution_fen: int
    client_share: Decimal
    aum_share: Decimal
    contribution_share: Decimal

    def share(self, measure: Measure) -> Decimal:
        return self.aum_share if measure is Measure.AUM else self.contribution_share

    def amount(self, measure: Measure) -> int:
        return self.aum_fen if measure is Measure.AUM else self.contribution_fen


@dataclass(frozen=True)
class Breakdown:
    """The book by one dimension; the segments add up to the totals."""

    dimension: Dimension
    segments: tuple[Segment, ...]
    clients: int
    aum_fen: int
    contribution_fen: int


@dataclass(frozen=True)
class Pareto:
    """The concentration of one measure: clients sorted biggest first.

    `points[k - 1]` is the share of the total held by the top k % of
    clients (k = 1 … 100), where the top k % are the first ⌈k·n/100⌉
    clients: with 7 clients the top 20 % is the top 2, with one client
    every point is 100 %. Empty when there is no figure to draw (no
    clients, or a total of zero or less).
    """

    measure: Measure
    clients: int
    total_fen: int
    points: tuple[Decimal, ...]
    #: How many clients the top 20 % are, and the share they hold.
    top_fifth_clients: int
    top_fifth_share: Decimal | None
    #: The fewest top clients holding at least 80 %, and that count as a share of clients.
    clients_for_80: int | None
    clients_for_80_share: Decimal | None

    @property
    def available(self) -> bool:
        return bool(self.points)


@dataclass(frozen=True)
class BookPicture:
    """Everything the segments screen shows for one scope."""

    owner_id: str | None
    on: date
    breakdowns: Mapping[Dimension, Breakdown]
    aum: Pareto
    contribution: Pareto

    def pareto(self, measure: Measure) -> Pareto:
        return self.aum if measure is Measure.AUM else self.contribution


# --- shared -----------------------------------------------------------------------


def share(part: int, whole: int) -> Decimal:
    """`part / whole` as an exact-to-6-places Decimal; a share of nothing is 0."""
    if whole <= 0:
        return Decimal(0)
    return (Decimal(part) / Decimal(whole)).quantize(SHARE_PLACES, rounding=ROUND_HALF_EVEN)


def _in_book(owner_id: str | None) -> list[ColumnElement[bool]]:
    """The clients the desk shows; one manager's own when `owner_id` is given."""
    conditions: list[ColumnElement[bool]] = [
        Client.deleted.is_(False),
        Client.status != "archived",
    ]
    if owner_id is not None:
        conditions.append(Client.owner_manager_id == owner_id)
    return conditions


def age_cutoff(on: date, years: int) -> date:
    """The latest birth date of someone at least `years` old on `on`.

    Born on 29 February: in a year without one, the birthday falls on
    1 March (the usual reading of 周岁), which this cutoff gives.
    """
    year = on.year - years
    try:
        return on.replace(year=year)
    except ValueError:  # `on` is 29 February and `year` is not a leap year
        return date(year, 2, 28)


def _age_band_expression(on: date) -> ColumnElement[str]:
    """The age band of a birth date, as SQL: comparisons with cutoff dates only."""
    whens: list[tuple[ColumnElement[bool], str]] = [(Client.birth_date.is_(None), UNKNOWN)]
    # Oldest first: the first cutoff a birth date is on or before is its band.
    for value, lowest in reversed(AGE_BANDS[1:]):
        whens.append((Client.birth_date <= age_cutoff(on, lowest), value))
    return case(*whens, else_=literal(AGE_BANDS[0][0]))


# --- segments -----------------------------------------------------------------------


def book_segments(
    session: Session,
    on: date,
    owner_id: str | None = None,
    dimensions: Iterable[Dimension] = tuple(Dimension),
    top_occupations: int = TOP_OCCUPATIONS,
) -> dict[Dimension, Breakdown]:
    """The book by each of `dimensions`, from one grouped scan.

    `on` is the day ages are taken on (the desk's today). Vocabulary
    dimensions list every value, even with no clients, so a manager sees
    an empty tier as empty; "unknown", "other" and "corporate" only appear
    when they hold someone.
    """
    wanted = tuple(dict.fromkeys(dimensions))
    grouped: list[ColumnElement[Any]] = [Client.kind]
    for dimension in wanted:
        if dimension is Dimension.AGE:
            grouped.append(_age_band_expression(on).label("age_band"))
        elif dimension is not Dimension.KIND:
            grouped.append(_COLUMN[dimension])
    statement = (
        select(
            *grouped,
            func.count(),
            func.coalesce(func.sum(Client.aum_fen), 0),
            func.coalesce(func.sum(Client.contribution_fen), 0),
        )
        .where(*_in_book(owner_id))
        .group_by(*grouped)
    )
    # dimension -> bucket value -> [clients, aum, contribution]
    sums: dict[Dimension, dict[str, list[int]]] = {dimension: {} for dimension in wanted}
    totals = [0, 0, 0]
    for row in session.execute(statement):
        kind, values = row[0], row[1 : len(grouped)]
        counts = (int(row[-3]), int(row[-2]), int(row[-1]))
        for index in range(3):
            totals[index] += counts[index]
        column = iter(values)
        for dimension in wanted:
            raw = kind if dimension is Dimension.KIND else next(column)
            bucket = _bucket(dimension, kind, raw)
            slot = sums[dimension].setdefault(bucket, [0, 0, 0])
            for index in range(3):
                slot[index] += counts[index]
    clients, aum, contribution = totals
    result: dict[Dimension, Breakdown] = {}
    for dimension in wanted:
        keys = _ordered_keys(dimension, sums[dimension], on, top_occupations)
        segments = tuple(
            _segment(key, _sum_of(dimension, key, sums[dimension]), clients, aum, contribution)
            for key in keys
        )
        result[dimension] = Breakdown(dimension, segments, clients, aum, contribution)
    return result


def _bucket(dimension: Dimension, kind: str, raw: str | None) -> str:
    """The segment value a stored value falls into (occupation: the text itself)."""
    if dimension in PERSONAL and kind == ClientKind.CORPORATE:
        return CORPORATE
    if raw is None or raw == "":
        return UNKNOWN
    if dimension is Dimension.AGE or dimension is Dimension.OCCUPATION:
        return raw
    return raw if raw in _VOCABULARY[dimension] else UNKNOWN


def _ordered_keys(
    dimension: Dimension, sums: dict[str, list[int]], on: date, top_occupations: int
) -> list[SegmentKey]:
    if dimension is Dimension.AGE:
        named = [SegmentKey(dimension, value, on=on) for value, _ in AGE_BANDS]
        tail = [SegmentKey(dimension, value, on=on) for value in (UNKNOWN, CORPORATE)]
    elif dimension is Dimension.OCCUPATION:
        occupations = [value for value in sums if value not in (UNKNOWN, CORPORATE)]
        occupations.sort(key=lambda value: (-sums[value][0], -sums[value][1], value))
        top = occupations[:top_occupations]
        named = [SegmentKey(dimension, value) for value in top]
        tail = [SegmentKey(dimension, UNKNOWN), SegmentKey(dimension, CORPORATE)]
        if len(occupations) > len(top):
            tail.insert(0, SegmentKey(dimension, OTHER, excluded=tuple(sorted(top))))
    else:
        named = [SegmentKey(dimension, value) for value in _VOCABULARY[dimension]]
        tail = [SegmentKey(dimension, UNKNOWN)]
        if dimension in PERSONAL:
            tail.append(SegmentKey(dimension, CORPORATE))
    return named + [key for key in tail if _sum_of(dimension, key, sums)[0]]


def _sum_of(dimension: Dimension, key: SegmentKey, sums: dict[str, list[int]]) -> list[int]:
    if key.value == OTHER and dimension is Dimension.OCCUPATION:
        total = [0, 0, 0]
        for value, slot in sums.items():
            if value not in (UNKNOWN, CORPORATE) and value not in key.excluded:
                total = [a + b for a, b in zip(total, slot, strict=True)]
        return total
    return sums.get(key.value, [0, 0, 0])


def _segment(
    key: SegmentKey, slot: Sequence[int], clients: int, aum: int, contribution: int
) -> Segment:
    return Segment(
        key=key,
        clients=slot[0],
        aum_fen=slot[1],
        contribution_fen=slot[2],
        client_share=share(slot[0], clients),
        aum_share=share(slot[1], aum),
        contribution_share=share(slot[2], contribution),
    )


def segment_filter(key: SegmentKey) -> dict[str, Any]:
    """The client-list filter (`ClientQuery` fields) holding exactly a segment's clients.

    Given as field values rather than a `ClientQuery` so this module does
    not depend on the list (the list depends on `not_recorded` here). The
    list's own rules (not deleted, not archived) match the book's.
    """
    dimension, value = key.dimension, key.value
    if dimension in PERSONAL and value == CORPORATE:
        return {"kind": ClientKind.CORPORATE.value}
    fields: dict[str, Any] = {}
    if dimension in PERSONAL:
        fields["kind"] = ClientKind.INDIVIDUAL.value
    if value == UNKNOWN:
        column = "birth_date" if dimension is Dimension.AGE else _COLUMN[dimension].key
        fields["not_recorded"] = (column,)
    elif dimension is Dimension.AGE:
        fields.update(_birth_range(value, key.on))
    elif dimension is Dimension.OCCUPATION and value == OTHER:
        fields["occupations_except"] = key.excluded
    else:
        fields[_FILTER_FIELD[dimension]] = value if dimension is Dimension.KIND else (value,)
    return fields


#: The list filter field for a stored value of each dimension.
_FILTER_FIELD: dict[Dimension, str] = {
    Dimension.GENDER: "genders",
    Dimension.OCCUPATION: "occupations",
    Dimension.INCOME: "income_bands",
    Dimension.EDUCATION: "educations",
    Dimension.TIER: "tiers",
    Dimension.IMPORTANCE: "importance",
    Dimension.KIND: "kind",
}


def _birth_range(band: str, on: date | None) -> dict[str, date]:
    """`birth_from`/`birth_to` (inclusive) of an age band on the day `on`."""
    lows = dict(AGE_BANDS)
    if on is None or band not in lows:
        raise ValueError(f"no age band {band!r} on {on}")
    lowest = lows[band]
    following = [low for _, low in AGE_BANDS if low > lowest]
    bounds: dict[str, date] = {}
    if lowest > 0:
        bounds["birth_to"] = age_cutoff(on, lowest)
    if following:
        bounds["birth_from"] = age_cutoff(on, following[0]) + timedelta(days=1)
    return bounds


#: Columns a filter can ask to be "not recorded", as the segments count them.
RECORDABLE: tuple[str, ...] = (
    "birth_date", "gender", "occupation", "income_band", "education", "tier", "importance",
    "kind",
)  # fmt: skip


def not_recorded(column: str) -> ColumnElement[bool]:
    """SQL: `column` holds nothing usable (empty, or a value outside its vocabulary).

    The client list uses it for a segment's "not recorded" row, so the list
    shows exactly the clients counted there.
    """
    if column == "birth_date":
        return Client.birth_date.is_(None)
    dimension = next((d for d, c in _COLUMN.items() if c.key == column), None)
    if dimension is None or column not in RECORDABLE:
        raise ValueError(f"not a recordable column: {column!r}")
    stored = _COLUMN[dimension]
    if dimension is Dimension.OCCUPATION:
        return or_(stored.is_(None), stored == "")
    return or_(stored.is_(None), stored.not_in(_VOCABULARY[dimension]))


# --- the 80/20 view -------------------------------------------------------------------


def pareto(session: Session, measure: Measure, owner_id: str | None = None) -> Pareto:
    """Clients sorted by `measure`, biggest first, and the cumulative share curve.

    One statement: window functions number the clients and keep a running
    sum; only the rows at the sampled positions (⌈k·n/100⌉ for k = 1 …
    100) and the rows where the sum reaches 80 % come back. (Fetching the
    100,000 sorted values through SQLAlchemy and summing in Python took
    150–300 ms at 100k clients; this takes ~90 ms for AUM, which the
    client-list index already sorts, ~170 ms for contribution.)
    """
    column = Client.aum_fen if measure is Measure.AUM else Client.contribution_fen
    order = column.desc()
    totals = (
        select(func.count().label("n"), func.sum(column).label("total"))
        .where(*_in_book(owner_id))
        .subquery("totals")
    )
    ranked = (
        select(
            column.label("value"),
            func.row_number().over(order_by=order).label("rn"),
            func.sum(column).over(order_by=order, rows=(None, 0)).label("cum"),
        )
        .where(*_in_book(owner_id))
        .subquery("ranked")
    )
    value, rn, cum = ranked.c.value, ranked.c.rn, ranked.c.cum
    n, total = totals.c.n, totals.c.total
    sampled = (
        select(rn, cum, n, total)
        .select_from(ranked.join(totals, true()))
        .where(
            or_(
                # rn is ⌈k·n/100⌉ for some whole k: a sampled position.
                rn * CURVE_POINTS // n > (rn - 1) * CURVE_POINTS // n,
                # The running sum reaches 80 % here (the first such row is the figure).
                and_(cum * 5 >= total * 4, (cum - value) * 5 < total * 4),
            )
        )
    )
    rows = session.execute(sampled.order_by(rn)).all()
    if not rows:
        return Pareto(measure, 0, 0, (), 0, None, None, None)
    clients, total_fen = int(rows[0].n), int(rows[0].total)
    running = {int(row.rn): int(row.cum) for row in rows}
    reaching = [int(row.rn) for row in rows if int(row.cum) * 5 >= total_fen * 4]
    return pareto_from(measure, clients, total_fen, running, min(reaching, default=None))


def pareto_from(
    measure: Measure,
    clients: int,
    total_fen: int,
    running: Mapping[int, int],
    clients_for_80: int | None,
) -> Pareto:
    """Build the figures from running sums at (at least) the sampled positions.

    Separate from the SQL so the arithmetic can be checked by hand.
    """
    fifth = top_clients(clients, 20)
    if clients == 0 or total_fen <= 0:
        return Pareto(measure, clients, total_fen, (), fifth, None, None, None)
    points = tuple(
        share(running[top_clients(clients, percent)], total_fen)
        for percent in range(1, CURVE_POINTS + 1)
    )
    return Pareto(
        measure=measure,
        clients=clients,
        total_fen=total_fen,
        points=points,
        top_fifth_clients=fifth,
        top_fifth_share=points[19],
        clients_for_80=clients_for_80,
        clients_for_80_share=(
            share(clients_for_80, clients) if clients_for_80 is not None else None
        ),
    )


def top_clients(clients: int, percent: int) -> int:
    """How many clients the top `percent` % of `clients` are: ⌈percent·clients/100⌉."""
    return (percent * clients + 99) // 100


def book_picture(session: Session, on: date, owner_id: str | None = None) -> BookPicture:
    """Segments by every dimension and both Pareto curves for one scope."""
    return BookPicture(
        owner_id=owner_id,
        on=on,
        breakdowns=book_segments(session, on, owner_id),
        aum=pareto(session, Measure.AUM, owner_id),
        contribution=pareto(session, Measure.CONTRIBUTION, owner_id),
    )
