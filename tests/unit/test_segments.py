"""Segments and the 80/20 figures, checked against a small book counted by hand.

The expected numbers below were worked out on paper from the clients
listed in `BOOK`, not by running the same SQL again.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from store.client_list import ClientQuery, count_clients, matching_ids
from store.db import Store
from store.models import Branch, Client, Manager
from store.segments import (
    CORPORATE,
    OTHER,
    UNKNOWN,
    Dimension,
    Measure,
    SegmentKey,
    age_cutoff,
    book_picture,
    book_segments,
    pareto,
    pareto_from,
    segment_filter,
    share,
    top_clients,
)

ON = date(2026, 11, 28)
WAN = 1_000_000  # fen in 1 万元
M1, M2 = "00000000-0000-7000-8000-0000000000m1", "00000000-0000-7000-8000-0000000000m2"

# name: (kind, birth, gender, occupation, income, education, tier, importance,
#        AUM 万, contribution 万, owner, status, deleted)
BOOK: dict[str, tuple] = {
    "甲": ("individual", date(1996, 11, 28), "male", "医生", "30_100", "bachelor",
          "gold", "B", 60, 1, M1, "active", False),  # 30 today
    "乙": ("individual", date(1996, 11, 29), "female", "教师", "under_30", "master",
          "standard", "C", 10, 0, M1, "active", False),  # 29 until tomorrow
    "丙": ("individual", date(1956, 11, 28), "male", "退休人员", None, None,
          "platinum", "A", 300, 5, M2, "dormant", False),  # 70 today
    "丁": ("individual", date(1956, 11, 29), "female", "医生", "100_300", "doctorate",
          "gold", "B", 100, 2, M2, "active", False),  # 69
    "戊": ("individual", None, "unknown", None, "lots", "",
          "standard", "C", 0, 0, None, "prospect", False),  # nothing known
    "茅台": ("corporate", None, "unknown", None, None, None,
           "diamond", "A", 1000, 20, M1, "active", False),
    "归档": ("individual", date(1980, 1, 1), "male", "医生", "30_100", "bachelor",
           "private", "A", 999, 9, M1, "archived", False),  # not in the book
    "删除": ("individual", date(1980, 1, 1), "male", "医生", "30_100", "bachelor",
           "private", "A", 888, 8, M1, "active", True),  # tombstoned
}  # fmt: skip
TOTAL_AUM = (60 + 10 + 300 + 100 + 0 + 1000) * WAN  # 1470 万
TOTAL_CONTRIBUTION = (1 + 0 + 5 + 2 + 0 + 20) * WAN  # 28 万


def add_managers(store: Store) -> None:
    with store.session() as session:
        session.add(Branch(id="00000000-0000-7000-8000-0000000000b1", code="B1", name="仁怀支行"))
        for manager_id, name in ((M1, "王经理"), (M2, "李经理")):
            session.add(
                Manager(
                    id=manager_id,
                    employee_no=name,
                    name=name,
                    level="client_manager",
                    branch_id="00000000-0000-7000-8000-0000000000b1",
                )
            )


def add_clients(store: Store, book: dict[str, tuple]) -> None:
    with store.session() as session:
        for name, row in book.items():
            (kind, birth, gender, occupation, income, education, tier, importance,
             aum, contribution, owner, status, deleted) = row  # fmt: skip
            session.add(Client(
                name=name, kind=kind, birth_date=birth, gender=gender, occupation=occupation,
                income_band=income, education=education, tier=tier, importance=importance,
                aum_fen=aum * WAN, contribution_fen=contribution * WAN, owner_manager_id=owner,
                status=status, deleted=deleted,
            ))  # fmt: skip


@pytest.fixture
def book(store: Store) -> Store:
    add_managers(store)
    add_clients(store, BOOK)
    return store


def rows(store: Store, dimension: Dimension, owner: str | None = None, top: int = 8):
    """(value, clients, AUM 万, contribution 万) per segment, in display order."""
    with store.read_session() as session:
        breakdown = book_segments(session, ON, owner, [dimension], top_occupations=top)[dimension]
    return [
        (s.key.value, s.clients, s.aum_fen // WAN, s.contribution_fen // WAN)
        for s in breakdown.segments
    ]


def test_age_bands_count_birthdays_to_the_day(book: Store) -> None:
    assert rows(book, Dimension.AGE) == [
        ("under_30", 1, 10, 0),  # 乙 is 29 until tomorrow
        ("30_39", 1, 60, 1),  # 甲 turned 30 today
        ("40_49", 0, 0, 0),
        ("50_59", 0, 0, 0),
        ("60_69", 1, 100, 2),  # 丁, 69
        ("70_plus", 1, 300, 5),  # 丙 turned 70 today
        (UNKNOWN, 1, 0, 0),  # 戊
        (CORPORATE, 1, 1000, 20),  # 茅台 has no age
    ]


def test_gender_occupation_income_education(book: Store) -> None:
    assert rows(book, Dimension.GENDER) == [
        ("male", 2, 360, 6), ("female", 2, 110, 2), (UNKNOWN, 1, 0, 0), (CORPORATE, 1, 1000, 20),
    ]  # fmt: skip
    assert rows(book, Dimension.OCCUPATION) == [
        ("医生", 2, 160, 3), ("退休人员", 1, 300, 5), ("教师", 1, 10, 0),
        (UNKNOWN, 1, 0, 0), (CORPORATE, 1, 1000, 20),
    ]  # fmt: skip
    assert rows(book, Dimension.INCOME) == [
        ("under_30", 1, 10, 0), ("30_100", 1, 60, 1), ("100_300", 1, 100, 2),
        ("300_1000", 0, 0, 0), ("over_1000", 0, 0, 0),
        (UNKNOWN, 2, 300, 5),  # 丙 has none, 戊 has "lots" (not a band)
        (CORPORATE, 1, 1000, 20),
    ]  # fmt: skip
    assert rows(book, Dimension.EDUCATION) == [
        ("secondary", 0, 0, 0), ("college", 0, 0, 0), ("bachelor", 1, 60, 1),
        ("master", 1, 10, 0), ("doctorate", 1, 100, 2),
        (UNKNOWN, 2, 300, 5),  # 丙 None, 戊 ""
        (CORPORATE, 1, 1000, 20),
    ]  # fmt: skip


def test_top_occupations_and_the_rest_as_other(book: Store) -> None:
    assert rows(book, Dimension.OCCUPATION, top=1) == [
        ("医生", 2, 160, 3), (OTHER, 2, 310, 5), (UNKNOWN, 1, 0, 0), (CORPORATE, 1, 1000, 20),
    ]  # fmt: skip
    with book.read_session() as session:
        other = book_segments(session, ON, None, [Dimension.OCCUPATION], top_occupations=1)
    assert other[Dimension.OCCUPATION].segments[1].key.excluded == ("医生",)


def test_tier_importance_kind_include_companies(book: Store) -> None:
    assert rows(book, Dimension.TIER) == [
        ("standard", 2, 10, 0), ("gold", 2, 160, 3), ("platinum", 1, 300, 5),
        ("diamond", 1, 1000, 20), ("private", 0, 0, 0),  # the archived and deleted are out
    ]  # fmt: skip
    assert rows(book, Dimension.IMPORTANCE) == [
        ("A", 2, 1300, 25), ("B", 2, 160, 3), ("C", 2, 10, 0),
    ]  # fmt: skip
    assert rows(book, Dimension.KIND) == [("individual", 5, 470, 8), ("corporate", 1, 1000, 20)]


def test_shares_are_exact_decimals_of_the_totals(book: Store) -> None:
    with book.read_session() as session:
        tiers = book_segments(session, ON)[Dimension.TIER]
    assert (tiers.clients, tiers.aum_fen, tiers.contribution_fen) == (
        6, TOTAL_AUM, TOTAL_CONTRIBUTION,
    )  # fmt: skip
    diamond = tiers.segments[3]
    assert diamond.client_share == Decimal("0.166667")  # 1/6
    assert diamond.aum_share == Decimal("0.680272")  # 1000/1470 = 0.6802721
    assert diamond.contribution_share == Decimal("0.714286")  # 20/28 = 0.7142857
    assert isinstance(diamond.aum_fen, int)
    assert sum(s.clients for s in tiers.segments) == 6


def test_my_clients_only(book: Store) -> None:
    assert rows(book, Dimension.KIND, owner=M1) == [
        ("individual", 2, 70, 1), ("corporate", 1, 1000, 20),
    ]  # fmt: skip
    assert rows(book, Dimension.KIND, owner=M2) == [
        ("individual", 2, 400, 7),
        ("corporate", 0, 0, 0),
    ]


def test_empty_book_has_empty_segments(store: Store) -> None:
    with store.read_session() as session:
        picture = book_picture(session, ON)
    tiers = picture.breakdowns[Dimension.TIER]
    assert tiers.clients == 0
    assert [s.clients for s in tiers.segments] == [0, 0, 0, 0, 0]
    assert all(s.aum_share == 0 for s in tiers.segments)
    assert picture.breakdowns[Dimension.AGE].segments[-1].key.value == "70_plus"  # no extras
    assert not picture.aum.available and picture.aum.clients == 0
    assert picture.aum.top_fifth_share is None and picture.aum.clients_for_80 is None


def names(store: Store, key: SegmentKey) -> set[str]:
    """Who the client list shows when the segment `key` is opened."""
    query = ClientQuery(**segment_filter(key))
    with store.read_session() as session:
        ids = matching_ids(session, query)
        return set(session.scalars(select(Client.name).where(Client.id.in_(ids))))


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (SegmentKey(Dimension.AGE, "under_30", on=ON), {"乙"}),
        (SegmentKey(Dimension.AGE, "30_39", on=ON), {"甲"}),
        (SegmentKey(Dimension.AGE, "60_69", on=ON), {"丁"}),
        (SegmentKey(Dimension.AGE, "70_plus", on=ON), {"丙"}),
        (SegmentKey(Dimension.AGE, UNKNOWN, on=ON), {"戊"}),
        (SegmentKey(Dimension.AGE, CORPORATE, on=ON), {"茅台"}),
        (SegmentKey(Dimension.GENDER, "male"), {"甲", "丙"}),
        (SegmentKey(Dimension.GENDER, UNKNOWN), {"戊"}),
        (SegmentKey(Dimension.OCCUPATION, "医生"), {"甲", "丁"}),
        (SegmentKey(Dimension.OCCUPATION, OTHER, excluded=("医生",)), {"乙", "丙"}),
        (SegmentKey(Dimension.OCCUPATION, UNKNOWN), {"戊"}),
        (SegmentKey(Dimension.INCOME, UNKNOWN), {"丙", "戊"}),
        (SegmentKey(Dimension.EDUCATION, UNKNOWN), {"丙", "戊"}),
        (SegmentKey(Dimension.EDUCATION, CORPORATE), {"茅台"}),
        (SegmentKey(Dimension.TIER, "gold"), {"甲", "丁"}),
        (SegmentKey(Dimension.TIER, "private"), set()),
        (SegmentKey(Dimension.IMPORTANCE, "A"), {"丙", "茅台"}),
        (SegmentKey(Dimension.KIND, "corporate"), {"茅台"}),
    ],
)
def test_a_segment_opens_as_a_list_of_exactly_its_clients(
    book: Store, key: SegmentKey, expected: set[str]
) -> None:
    assert names(book, key) == expected


def test_every_segment_lists_as_many_clients_as_it_counts(book: Store) -> None:
    with book.read_session() as session:
        breakdowns = book_segments(session, ON, top_occupations=1)
        for breakdown in breakdowns.values():
            for segment in breakdown.segments:
                query = ClientQuery(**segment_filter(segment.key))
                assert count_clients(session, query) == segment.clients, segment.key


def test_not_recorded_filter_survives_a_saved_filter_round_trip() -> None:
    query = ClientQuery(not_recorded=("income_band",), occupations_except=("医生", "教师"))
    again, problems = ClientQuery.from_spec(query.to_spec())
    assert (again, problems) == (query, [])
    _, problems = ClientQuery.from_spec({"not_recorded": ["shoe_size"]})
    assert len(problems) == 1  # a column segments cannot count is refused by name


def test_age_on_29_february() -> None:
    # Born 29 Feb 2000: still 29 on 28 Feb 2030, 30 on 1 March (周岁).
    assert age_cutoff(date(2030, 2, 28), 30) == date(2000, 2, 28)
    assert date(2000, 2, 29) > age_cutoff(date(2030, 2, 28), 30)
    assert date(2000, 2, 29) <= age_cutoff(date(2030, 3, 1), 30)
    # On a leap day, the cutoff in a common year is 28 February.
    assert age_cutoff(date(2028, 2, 29), 30) == date(1998, 2, 28)
    assert age_cutoff(date(2028, 2, 29), 28) == date(2000, 2, 29)


# --- the 80/20 figures ------------------------------------------------------------------


def test_share_is_exact_and_safe() -> None:
    assert share(1, 3) == Decimal("0.333333")
    assert share(2, 3) == Decimal("0.666667")
    assert share(5, 0) == 0
    assert share(5, -10) == 0


def test_top_clients_rounds_up() -> None:
    assert [top_clients(10, p) for p in (1, 10, 11, 20, 100)] == [1, 1, 2, 2, 10]
    assert top_clients(7, 20) == 2  # 1.4 clients: the one straddling the line counts
    assert top_clients(1, 1) == 1
    assert top_clients(0, 20) == 0


def _store_with_aum(store: Store, values: list[int], column: str = "aum_fen") -> None:
    with store.session() as session:
        for index, value in enumerate(values):
            session.add(Client(name=f"客户{index}", **{column: value}))


def test_known_distribution_one_big_client(store: Store) -> None:
    _store_with_aum(store, [1] * 9 + [100])  # 10 clients: 100, then nine of 1; total 109
    with store.read_session() as session:
        curve = pareto(session, Measure.AUM)
    assert (curve.clients, curve.total_fen) == (10, 109)
    assert curve.top_fifth_clients == 2
    assert curve.top_fifth_share == Decimal("0.926606")  # 101 / 109
    assert curve.clients_for_80 == 1 and curve.clients_for_80_share == Decimal("0.1")
    assert curve.points[0] == curve.points[9] == Decimal("0.917431")  # 1 client: 100 / 109
    assert curve.points[10] == Decimal("0.926606")  # 11 % of 10 is 2 clients
    assert curve.points[49] == Decimal("0.954128")  # 5 clients: 104 / 109
    assert curve.points[99] == 1
    assert len(curve.points) == 100
    assert list(curve.points) == sorted(curve.points)


def test_even_book_needs_eighty_percent_of_clients(store: Store) -> None:
    _store_with_aum(store, [5] * 20)
    with store.read_session() as session:
        curve = pareto(session, Measure.AUM)
    assert curve.top_fifth_clients == 4 and curve.top_fifth_share == Decimal("0.2")
    assert curve.clients_for_80 == 16 and curve.clients_for_80_share == Decimal("0.8")


def test_one_client_holds_everything(store: Store) -> None:
    _store_with_aum(store, [123])
    with store.read_session() as session:
        curve = pareto(session, Measure.AUM)
    assert curve.points == (Decimal(1),) * 100
    assert (curve.top_fifth_clients, curve.top_fifth_share) == (1, 1)
    assert (curve.clients_for_80, curve.clients_for_80_share) == (1, 1)


def test_all_zero_aum_has_no_curve(store: Store) -> None:
    _store_with_aum(store, [0, 0, 0])
    with store.read_session() as session:
        curve = pareto(session, Measure.AUM)
    assert curve.clients == 3 and curve.total_fen == 0
    assert not curve.available and curve.points == ()
    assert curve.top_fifth_share is None and curve.clients_for_80 is None


def test_contribution_with_a_loss_making_client(store: Store) -> None:
    # Contribution may be negative: sorted 50, 40, -10 the running sum is 50, 90, 80.
    _store_with_aum(store, [40, -10, 50], column="contribution_fen")
    with store.read_session() as session:
        curve = pareto(session, Measure.CONTRIBUTION)
        aum = pareto(session, Measure.AUM)
    assert curve.total_fen == 80
    assert curve.points[32] == Decimal("0.625")  # 33 % of 3 is 1 client
    assert curve.points[33] == Decimal("1.125")  # 34 % is 2 clients: more than the total
    assert curve.points[99] == 1
    assert curve.clients_for_80 == 2  # 90 >= 64, while 50 < 64
    assert not aum.available  # nobody has any AUM


def test_negative_total_contribution_has_no_curve() -> None:
    curve = pareto_from(Measure.CONTRIBUTION, 2, -5, {1: 3, 2: -5}, None)
    assert not curve.available and curve.top_fifth_share is None


def test_pareto_for_one_manager(book: Store) -> None:
    with book.read_session() as session:
        mine = pareto(session, Measure.AUM, M1)  # 茅台 1000, 甲 60, 乙 10
    assert (mine.clients, mine.total_fen) == (3, 1070 * WAN)
    assert mine.top_fifth_clients == 1 and mine.top_fifth_share == Decimal("0.934579")
    assert mine.clients_for_80 == 1


def test_book_picture_brings_both_measures(book: Store) -> None:
    with book.read_session() as session:
        picture = book_picture(session, ON)
    assert picture.pareto(Measure.AUM).total_fen == TOTAL_AUM
    assert picture.pareto(Measure.CONTRIBUTION).total_fen == TOTAL_CONTRIBUTION
    # 茅台 alone brings 20 of 28 万 (71.4 %); with 丙, 25 of 28 (89.3 %) passes 80 %.
    assert picture.contribution.clients_for_80 == 2
    assert set(picture.breakdowns) == set(Dimension)
