"""The client list's search kinds, filters and sort orders on a small hand-made book."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from store import client_list, clock
from store.client_list import (
    SORT_KEYS,
    ClientQuery,
    client_page,
    client_window,
    contact_cutoff,
    count_clients,
    filter_choices,
    first_page,
    matching_ids,
    search_kind,
)
from store.db import Store
from store.models import Branch, Client, ClientTag, Interaction, Manager
from store.pinyin import name_search_keys

ZONE = "Asia/Shanghai"
WAN = 10_000 * 100  # fen in 1万元

# name: (kind, tier, importance, AUM in 万元, owner, phone, id number, employer, status, tags)
BOOK = {
    "张伟": ("individual", "gold", "A", 80, "me", "13800001234", "110101199003070019", None,
             "active", ("高尔夫",)),
    "张伟宁": ("individual", "platinum", "B", 300, "other", "13900005678", "110101198001015678",
               "贵州茅台酒股份有限公司", "active", ()),
    "单田芳": ("individual", "diamond", "A", 700, "me", "13700002222", "110101197001012222", None,
               "active", ("高尔夫", "茶文化")),
    "曾国藩": ("individual", "standard", "C", 10, "other", "13600003333", "110101196001013333",
               None, "dormant", ()),
    "解缙": ("individual", "private", "A", 4000, "third", "13500004444", "11010119900307123X",
             None, "active", ("茶文化",)),
    "贵州茅台酒股份有限公司": ("corporate", "diamond", "A", 900, "me", "085122386002",
                      "91520000214415396X", None, "active", ()),
    "王芳": ("individual", "gold", "B", 60, "me", "13300006666", "110101199501016666", None,
             "archived", ()),
    "仇英": ("individual", "standard", "C", 5, None, "13200007777", "110101198501017777",
             "仁怀市茅台镇酒厂", "prospect", ()),
    "刘德": ("individual", "gold", "A", 90, "me", "13100001234", "110101199001011234", None,
             "active", ()),
}  # fmt: skip
DELETED = "刘德"
# name: days before today of each visit-log entry (negative: withdrawn, i.e. tombstoned)
CONTACTS = {
    "张伟": [10],
    "张伟宁": [100, 300],
    "单田芳": [90],
    "曾国藩": [89],
    "解缙": [-5, 200],
    "贵州茅台酒股份有限公司": [0],
    "王芳": [1],
}


@pytest.fixture
def book(store: Store) -> Iterator[dict[str, str]]:
    """The book above; yields name → client id. The signed-in manager is 李娜 ("me")."""
    ids: dict[str, str] = {}
    today = clock.today(ZONE)
    with store.session() as session:
        branch = Branch(code="001", name="仁怀支行")
        session.add(branch)
        session.flush()
        managers = {
            key: Manager(employee_no=key, name=name, level="client_manager", branch_id=branch.id)
            for key, name in (("me", "李娜"), ("other", "王海涛"), ("third", "曾浩然"))
        }
        session.add_all(managers.values())
        session.flush()
        for name, (
            kind,
            tier,
            imp,
            aum,
            owner,
            phone,
            id_no,
            employer,
            status,
            tags,
        ) in BOOK.items():
            full, initials = name_search_keys(name, personal=kind == "individual")
            client = Client(
                kind=kind, name=name, name_pinyin=full, name_initials=initials, tier=tier,
                importance=imp, aum_fen=aum * WAN, phone=phone, id_number=id_no,
                employer=employer, status=status, branch_id=branch.id,
                owner_manager_id=managers[owner].id if owner else None,
                deleted=name == DELETED,
            )  # fmt: skip
            session.add(client)
            session.flush()
            ids[name] = client.id
            session.add_all(ClientTag(client_id=client.id, tag=tag) for tag in tags)
            for back in CONTACTS.get(name, []):
                day = today - timedelta(days=abs(back))
                at = datetime.combine(day, time(10, 0), ZoneInfo(ZONE)).astimezone(UTC)
                session.add(
                    Interaction(client_id=client.id, kind="visit", occurred_at=at, deleted=back < 0)
                )
        store.manager_id = managers["me"].id
    yield ids


def names(store: Store, query: ClientQuery) -> list[str]:
    """The names the list shows for `query`, in order; checks count and window agree."""
    with store.read_session() as session:
        rows = client_window(session, query, 0, 100, ZONE)
        total = count_clients(session, query, ZONE)
        ordered = list(session.scalars(matching_ids(session, query, ZONE)))
    assert total == len(rows) == len(ordered)
    assert ordered == [row.id for row in rows]
    return [row.name for row in rows]


def found(store: Store, **fields: object) -> set[str]:
    return set(names(store, ClientQuery(**fields)))  # type: ignore[arg-type]


LIVE = {name for name, row in BOOK.items() if row[8] != "archived" and name != DELETED}


# --- search ----------------------------------------------------------------------------


def test_empty_search_shows_every_live_client_but_archived(store: Store, book: dict) -> None:
    assert found(store) == LIVE
    assert found(store, search="   ") == LIVE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("伟", {"张伟", "张伟宁"}),  # any part of the name
        ("伟宁", {"张伟宁"}),
        ("田芳", {"单田芳"}),
        ("zhangwei", {"张伟", "张伟宁"}),  # full pinyin, by prefix
        ("zhangweining", {"张伟宁"}),
        ("Zhang Wei", {"张伟", "张伟宁"}),  # case and spaces do not matter
        ("weining", set()),  # pinyin is matched from the start
        ("z", {"张伟", "张伟宁", "曾国藩"}),  # one letter: the first of both keys
        ("g", {"贵州茅台酒股份有限公司"}),
        ("zw", {"张伟", "张伟宁"}),  # initials, by prefix
        ("zwn", {"张伟宁"}),
        ("gzmtj", {"贵州茅台酒股份有限公司"}),
    ],
)
def test_name_pinyin_and_initials(store: Store, book: dict, text: str, expected: set) -> None:
    assert found(store, search=text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("shan", {"单田芳"}),  # 单 as a surname is shan, not dan
        ("stf", {"单田芳"}),
        ("dantianfang", set()),
        ("zengguofan", {"曾国藩"}),  # not ceng
        ("zgf", {"曾国藩"}),
        ("xiejin", {"解缙"}),  # not jie
        ("xj", {"解缙"}),
        ("jiejin", set()),
        ("qiuying", {"仇英"}),  # not chou
        ("qy", {"仇英"}),
    ],
)
def test_polyphonic_surnames(store: Store, book: dict, text: str, expected: set) -> None:
    assert found(store, search=text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234", {"张伟"}),  # phone tail (刘德's matching phone is deleted)
        ("01234", {"张伟"}),
        ("5678", {"张伟宁"}),  # phone and ID both end 5678: found once
        ("2222", {"单田芳"}),
        ("0019", {"张伟"}),  # ID tail
        ("123x", {"解缙"}),  # ID tail with its check character, either case
        ("123X", {"解缙"}),
        ("0307123x", {"解缙"}),
        ("396x", {"贵州茅台酒股份有限公司"}),  # credit code ends 396X
        ("96x", set()),  # too short for a tail
        ("9999", set()),
        ("123", set()),  # fewer than four digits is not a tail
        ("1381234", set()),  # a tail, not digits anywhere
    ],
)
def test_phone_and_id_tails(store: Store, book: dict, text: str, expected: set) -> None:
    assert found(store, search=text) == expected


def test_company_matches_employer_and_corporate_name(store: Store, book: dict) -> None:
    assert found(store, search="茅台") == {"贵州茅台酒股份有限公司", "张伟宁", "仇英"}
    assert found(store, search="茅台酒股份") == {"贵州茅台酒股份有限公司", "张伟宁"}
    assert found(store, search="有限公司") == {"贵州茅台酒股份有限公司", "张伟宁"}
    # One character is a surname search: employers are not searched for it.
    assert found(store, search="茅") == {"贵州茅台酒股份有限公司"}


def test_search_kind_names_what_is_typed() -> None:
    assert search_kind("") is None
    assert search_kind("张") == "name"
    assert search_kind("zw") == "pinyin"
    assert search_kind("1234") == "tail"
    assert search_kind("123x") == "id_tail"
    assert search_kind("12") == "name"


# --- filters ---------------------------------------------------------------------------


def test_tier_filter_one_or_several(store: Store, book: dict) -> None:
    assert found(store, tiers=("gold",)) == {"张伟"}
    assert found(store, tiers=("diamond", "private")) == {
        "单田芳",
        "解缙",
        "贵州茅台酒股份有限公司",
    }


def test_importance_filter(store: Store, book: dict) -> None:
    assert found(store, importance=("A",)) == {"张伟", "单田芳", "解缙", "贵州茅台酒股份有限公司"}
    assert found(store, importance=("B", "C")) == {"张伟宁", "曾国藩", "仇英"}


def test_owner_filter_and_my_clients(store: Store, book: dict) -> None:
    with store.read_session() as session:
        choices = filter_choices(session)
    by_name = {name: manager_id for manager_id, name in choices.managers}
    # pinyin order: li na, wang hai tao, zeng hao ran (曾 as a surname)
    assert list(by_name) == ["李娜", "王海涛", "曾浩然"]
    assert found(store, owner_ids=(by_name["王海涛"],)) == {"张伟宁", "曾国藩"}
    mine = {"张伟", "单田芳", "贵州茅台酒股份有限公司"}
    assert found(store, mine=True) == mine
    assert found(store, mine=False) == LIVE
    assert found(store, mine=True, tiers=("diamond",)) == mine - {"张伟"}


def test_my_clients_without_a_signed_in_manager_is_empty(store: Store, book: dict) -> None:
    store.manager_id = None
    assert found(store, mine=True) == set()


def test_tag_filter_any_of(store: Store, book: dict) -> None:
    assert found(store, tags=("高尔夫",)) == {"张伟", "单田芳"}
    assert found(store, tags=("高尔夫", "茶文化")) == {"张伟", "单田芳", "解缙"}
    with store.read_session() as session:
        tags = filter_choices(session).tags
    assert tags == (("茶文化", 2), ("高尔夫", 2))


def test_a_removed_tag_no_longer_matches(store: Store, book: dict) -> None:
    with store.session() as session:
        tag = session.query(ClientTag).filter_by(client_id=book["张伟"], tag="高尔夫").one()
        tag.deleted = True
    assert found(store, tags=("高尔夫",)) == {"单田芳"}


def test_status_defaults_to_all_but_archived(store: Store, book: dict) -> None:
    assert "王芳" not in found(store)
    assert found(store, statuses=("archived",)) == {"王芳"}
    assert found(store, statuses=("active", "archived")) == {
        "张伟", "张伟宁", "单田芳", "解缙", "贵州茅台酒股份有限公司", "王芳",
    }  # fmt: skip
    assert found(store, statuses=("dormant",)) == {"曾国藩"}


def test_kind_filter(store: Store, book: dict) -> None:
    assert found(store, kind="corporate") == {"贵州茅台酒股份有限公司"}
    assert found(store, kind="individual") == LIVE - {"贵州茅台酒股份有限公司"}


def test_no_contact_for_days(store: Store, book: dict) -> None:
    # 单田芳 was last seen exactly 90 days ago, 曾国藩 89; 解缙's recent entry
    # was withdrawn (tombstoned), so his last contact is 200 days ago; 仇英 never.
    assert found(store, no_contact_days=90) == {"张伟宁", "单田芳", "解缙", "仇英"}
    assert found(store, no_contact_days=89) == {"张伟宁", "单田芳", "曾国藩", "解缙", "仇英"}
    assert found(store, no_contact_days=1) == LIVE - {"贵州茅台酒股份有限公司"}
    assert found(store, no_contact_days=365) == {"仇英"}


def test_contact_cutoff_is_the_start_of_a_local_day() -> None:
    cutoff = contact_cutoff(1, ZONE)
    assert cutoff.astimezone(ZoneInfo(ZONE)).date() == clock.today(ZONE)
    assert cutoff.astimezone(ZoneInfo(ZONE)).time() == time(0, 0)


def test_segment_fields_gender_birth_and_aum(store: Store, book: dict) -> None:
    assert found(store, aum_min_fen=700 * WAN) == {"单田芳", "解缙", "贵州茅台酒股份有限公司"}
    assert found(store, aum_min_fen=80 * WAN, aum_max_fen=300 * WAN) == {"张伟", "张伟宁"}
    assert found(store, genders=("female",)) == set()


def test_filters_and_search_combine(store: Store, book: dict) -> None:
    assert found(store, search="zw", tiers=("gold",)) == {"张伟"}
    assert found(store, search="茅台", kind="individual", no_contact_days=90) == {"张伟宁", "仇英"}


# --- sort orders -------------------------------------------------------------------------


def test_default_order_is_biggest_aum_first(store: Store, book: dict) -> None:
    assert names(store, ClientQuery()) == [
        "解缙", "贵州茅台酒股份有限公司", "单田芳", "张伟宁", "张伟", "曾国藩", "仇英",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        # pinyin order, 单 read shan, 曾 zeng, 解 xie, 仇 qiu
        ("name", ["贵州茅台酒股份有限公司", "仇英", "单田芳", "解缙", "曾国藩", "张伟", "张伟宁"]),
        # highest tier first, then biggest AUM
        ("tier", ["解缙", "贵州茅台酒股份有限公司", "单田芳", "张伟宁", "张伟", "曾国藩", "仇英"]),
        (
            "importance",
            ["解缙", "贵州茅台酒股份有限公司", "单田芳", "张伟", "张伟宁", "曾国藩", "仇英"],
        ),
        ("aum", ["解缙", "贵州茅台酒股份有限公司", "单田芳", "张伟宁", "张伟", "曾国藩", "仇英"]),
        # li na, wang hai tao, zeng hao ran, then no owner
        ("owner", ["贵州茅台酒股份有限公司", "单田芳", "张伟", "张伟宁", "曾国藩", "解缙", "仇英"]),
        # longest without contact first: never, 200, 100, 90, 89, 10, 0 days
        (
            "last_contact",
            ["仇英", "解缙", "张伟宁", "单田芳", "曾国藩", "张伟", "贵州茅台酒股份有限公司"],
        ),
    ],
)
def test_sort_in_natural_direction(store: Store, book: dict, column: str, expected: list) -> None:
    assert names(store, ClientQuery().sorted_by(column)) == expected


@pytest.mark.parametrize("column", SORT_KEYS)
def test_reversed_sort_reverses_the_main_key(store: Store, book: dict, column: str) -> None:
    query = ClientQuery().sorted_by(column)
    forward, backward = names(store, query), names(store, query.reversed())
    assert set(forward) == set(backward)
    if column in ("name", "aum", "last_contact"):  # keys without ties in this book
        assert backward == forward[::-1]
    else:
        assert backward != forward


def test_sort_applies_within_a_search(store: Store, book: dict) -> None:
    query = ClientQuery(search="zw").sorted_by("name", descending=True)
    assert names(store, query) == ["张伟宁", "张伟"]
    assert names(store, ClientQuery(search="1234").sorted_by("aum", False)) == ["张伟"]


def test_window_pages_through_the_order(store: Store, book: dict) -> None:
    query = ClientQuery().sorted_by("name")
    with store.read_session() as session:
        pages = [client_window(session, query, offset, 3, ZONE) for offset in (0, 3, 6)]
    assert [row.name for page in pages for row in page] == names(store, query)


# --- the query value ---------------------------------------------------------------------


def test_queries_that_mean_the_same_are_equal_and_hash_alike() -> None:
    one = ClientQuery(tiers=("gold", "diamond"), tags=["b", "a", "a"])  # type: ignore[arg-type]
    two = ClientQuery(tiers=("diamond", "gold"), tags=("a", "b"))
    assert one == two and hash(one) == hash(two)
    assert {one: 1}[two] == 1
    assert ClientQuery(tiers=("gold",)) != ClientQuery(tiers=("diamond",))


def test_bad_query_values_are_refused() -> None:
    with pytest.raises(ValueError):
        ClientQuery(sort="colour")
    with pytest.raises(ValueError):
        ClientQuery(no_contact_days=0)


def test_sort_cycles_through_every_column() -> None:
    query, seen = ClientQuery(), []
    for _ in SORT_KEYS:
        query = query.next_sort()
        seen.append(query.sort)
    assert seen[-1] == "aum" and sorted(seen) == sorted(SORT_KEYS)
    assert ClientQuery().sorted_by("last_contact").descending is False
    assert ClientQuery().reversed().descending is False


def test_filtered_and_cleared() -> None:
    assert not ClientQuery(search="zw").sorted_by("name").filtered
    query = ClientQuery(search="zw", tiers=("gold",), mine=True).sorted_by("name")
    assert query.filtered
    assert query.cleared() == ClientQuery(search="zw").sorted_by("name")


# --- one keystroke's answer --------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        ClientQuery(),
        ClientQuery(search="1234"),  # a tail: answered in one pass
        ClientQuery(search="茅台"),  # an employer: a full window (3 matches), then a count
        ClientQuery(search="张伟"),  # exactly a window's worth (2): still counted
        ClientQuery(search="张伟宁"),  # a short window (1) is the count
        ClientQuery(search="zzz"),  # nothing matches: an empty window is the count
        ClientQuery(tiers=("gold",), kind="individual"),
        ClientQuery(tags=("高尔夫", "茶文化")).sorted_by("name"),
        ClientQuery(mine=True).sorted_by("last_contact"),
    ],
)
def test_client_page_agrees_with_count_and_window(
    store: Store, book: dict, query: ClientQuery
) -> None:
    with store.read_session() as session:
        total, rows = client_page(session, query, 2, ZONE)
        assert total == count_clients(session, query, ZONE)
        assert rows == client_window(session, query, 0, 2, ZONE)


def test_client_page_counts_past_the_one_pass_limit(
    store: Store, book: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client_list, "ONE_PASS_LIMIT", 1)
    query = ClientQuery(tags=("高尔夫", "茶文化"))  # a tag: answered in one pass
    with store.read_session() as session:
        total, rows = client_page(session, query, 1, ZONE)
    assert total == 3 and [row.name for row in rows] == ["解缙"]



@pytest.mark.parametrize(
    ("query", "limit", "expected"),
    [
        # a full window: "at least 2", and the exact count says how many (3)
        (ClientQuery(search="z"), 2, (2, False)),
        (ClientQuery(search="z"), 3, (3, False)),  # full, though nothing more matches
        # a short window is its own count
        (ClientQuery(search="z"), 4, (3, True)),
        (ClientQuery(search="张伟宁"), 2, (1, True)),
        (ClientQuery(search="zzz"), 2, (0, True)),
        # a tail: answered in one pass, exact while the pass holds every match
        (ClientQuery(search="1234"), 1, (1, True)),
    ],
)
def test_first_page_says_at_least_a_page_without_counting(
    store: Store, book: dict, query: ClientQuery, limit: int, expected: tuple[int, bool],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "z" as a prefix many clients share (in a big book): walked, not looked up.
    monkeypatch.setattr(client_list, "SPARSE_LIMIT", -1)
    with store.read_session() as session:
        page = first_page(session, query, limit, ZONE)
        assert (page.total, page.exact) == expected
        assert page.rows == client_window(session, query, 0, limit, ZONE)
        counted = count_clients(session, query, ZONE)
        assert counted == page.total if page.exact else counted >= page.total
        exact = first_page(session, query, limit, ZONE, exact=True)
        assert (exact.total, exact.exact, exact.rows) == (counted, True, page.rows)


def test_first_page_past_the_one_pass_limit_is_a_lower_bound(
    store: Store, book: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client_list, "ONE_PASS_LIMIT", 1)
    query = ClientQuery(tags=("高尔夫", "茶文化"))  # a tag: answered in one pass
    with store.read_session() as session:
        page = first_page(session, query, 1, ZONE)
    assert (page.total, page.exact) == (1, False)
    assert [row.name for row in page.rows] == ["解缙"]


@pytest.mark.parametrize(
    "query",
    [
        ClientQuery(search="z"),
        ClientQuery(search="zw"),
        ClientQuery(search="ZhangW"),
        ClientQuery(search="zhang wei"),
        ClientQuery(search="s"),  # 单 is shan as a surname
        ClientQuery(search="x", statuses=("active", "archived", "dormant", "prospect")),
        ClientQuery(search="z", mine=True),
        ClientQuery(search="z", tiers=("gold", "platinum")),
        ClientQuery(search="z").sorted_by("name"),
        ClientQuery(search="z").sorted_by("last_contact"),
        ClientQuery(search="z").sorted_by("aum").reversed(),
        ClientQuery(search="z", tags=("高尔夫",)),
        ClientQuery(tags=("高尔夫", "茶文化")),  # a tag: walked when many carry it
        ClientQuery(tags=("茶文化",), mine=True).sorted_by("name"),
        ClientQuery(tags=("高尔夫",)).sorted_by("aum").reversed(),
        ClientQuery(search="张伟"),  # a name inside a longer name too
        ClientQuery(search="张"),  # one character: names only
        ClientQuery(search="伟宁"),  # the middle of a name
        ClientQuery(search="茅台"),  # an employer, and a corporate client's own name
        ClientQuery(search="仁怀市茅台镇酒厂"),  # a whole employer
        ClientQuery(search="仁怀", statuses=("active", "archived", "dormant", "prospect")),
        ClientQuery(search="单", mine=True).sorted_by("name"),
        ClientQuery(search="茅台", tiers=("platinum", "diamond")).sorted_by("tier"),
    ],
)
def test_a_sparse_search_lists_what_the_scan_lists(
    store: Store, book: dict, query: ClientQuery, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Looked up in the pinyin indexes, through `search_gram` or the tags'
    index (few matches) or found by walking the list's index (many): the
    same clients in the same order, the same count."""

    def listed() -> tuple[list[str], int, bool, list[str]]:
        with store.read_session() as session:
            ids = list(session.scalars(matching_ids(session, query, ZONE)))
            page = first_page(session, query, 2, ZONE)
            return ids, page.total, page.exact, [row.id for row in page.rows]

    monkeypatch.setattr(client_list, "SPARSE_LIMIT", -1)  # never sparse
    scanned = listed()
    monkeypatch.setattr(client_list, "SPARSE_LIMIT", 10**6)  # always sparse
    looked_up = listed()
    matched = scanned[0]
    assert looked_up[0] == matched and matched  # something matched, in one order
    assert looked_up[3] == scanned[3] == matched[:2]
    # Looked up: one pass sees every match, so the count is exact. Walked: a
    # full first page (2 rows) says "at least 2" and leaves the count for later.
    assert looked_up[1:3] == (len(matched), True)
    assert scanned[1:3] == ((len(matched), True) if len(matched) < 2 else (2, False))
    with store.read_session() as session:
        assert count_clients(session, query, ZONE) == len(matched)


@pytest.mark.parametrize("search", ["不存在", "台茅", "茅台酒厂集团", "伟张"])
def test_a_sparse_search_finds_nothing_the_scan_would_not(
    store: Store, book: dict, search: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Characters the book holds, in an order or length no name or employer has."""
    monkeypatch.setattr(client_list, "SPARSE_LIMIT", 10**6)
    with store.read_session() as session:
        page = first_page(session, ClientQuery(search=search), 10, ZONE)
    assert (page.total, page.exact, page.rows) == (0, True, [])
    assert names(store, ClientQuery(search=search)) == []  # the scan agrees


def test_a_renamed_client_is_found_by_the_new_name_only(
    store: Store, book: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The grams follow edits made through the app (the capture path)."""
    monkeypatch.setattr(client_list, "SPARSE_LIMIT", 10**6)
    with store.session() as session:
        client = session.get(Client, book["张伟"])
        assert client is not None
        client.name, client.employer = "张卫东", "遵义卷烟厂"
    assert names(store, ClientQuery(search="卫东")) == ["张卫东"]
    assert names(store, ClientQuery(search="卷烟")) == ["张卫东"]
    assert "张伟" not in names(store, ClientQuery(search="张伟"))
    with store.read_session() as session:
        ids = [row.id for row in first_page(session, ClientQuery(search="卷烟"), 5, ZONE).rows]
    assert ids == [book["张伟"]]
