"""Planning a push without the server: what may take the SQL paths, and COPY text.

Whether planned rows land on PostgreSQL exactly as the merge would write
them is `tests/pg/test_sync_push_paths.py`; here the plan's own decisions.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from store.hlc import pack
from store.sync.push_plan import Outgoing, feed_row, new_row_columns, plan_push
from store.sync.versions import codec, dump_fields, dump_versions, make_version

T0 = pack(1_790_000_000_000, 0)
V1 = make_version(T0 + 1, "device-a")
V2 = make_version(T0 + 2, "device-a")
NEWER = make_version(T0 + 99, "device-b")
CLIENT = {"kind": "individual", "name": "王建国", "name_pinyin": "wangjianguo",
          "name_initials": "wjg", "gender": "unknown", "birthday_lunar": False,
          "nationality": "CHN", "tier": "standard", "importance": "C", "status": "active",
          "aum_fen": 12_345, "contribution_fen": 0, "deleted": False, "notes": None}


def change(change_id: str, row_id: str, fields: dict[str, Any],
           base: dict[str, str] | None = None, *, version: str = V1,
           table: str = "client") -> Outgoing:
    return Outgoing(change_id, table, row_id, version, None, dump_fields(fields),
                    None if base is None else dump_versions(base))


def parse_line(line: str, table: str = "client") -> dict[str, str]:
    """A COPY text line back into column -> raw text (escapes left as written)."""
    assert line.endswith("\n")
    return dict(zip(new_row_columns(table), line[:-1].split("\t"), strict=True))


def test_a_new_row_is_copied_with_its_creation_version() -> None:
    plan = plan_push([change("c1", "r1", CLIENT)])
    (row,) = plan.new_rows["client"]
    values = parse_line(row.line)
    assert (row.change_id, row.row_id) == ("c1", "r1")
    assert values["id"] == "r1"
    assert int(values["hlc"]) == T0 + 1
    assert values["device_id"] == "device-a"
    assert json.loads(values["sync_versions"]) == {"": V1}
    assert values["name"] == "王建国"
    assert (values["birthday_lunar"], values["aum_fen"]) == ("f", "12345")
    assert values["notes"] == values["email"] == "\\N"  # null, and absent


def test_only_the_first_insert_of_a_row_and_only_known_fields_are_planned() -> None:
    plan = plan_push([
        change("c1", "r1", CLIENT),
        change("c2", "r1", {**CLIENT, "name": "王建业"}),
        change("c3", "r2", {**CLIENT, "no_such_field": 1}),
    ])
    assert [row.change_id for row in plan.new_rows["client"]] == ["c1"]


def test_values_no_column_takes_are_left_to_the_merge() -> None:
    """A nested object or NaN is for the merge to refuse, not for COPY to guess at."""
    plan = plan_push([
        change("c1", "r1", {**CLIENT, "notes": {"nested": True}}),
        change("c2", "r2", {**CLIENT, "aum_fen": float("nan")}),
        change("c3", "r3", {**CLIENT, "notes": ["a\\b"]}),
        change("c4", "r4", {**CLIENT, "aum_fen": 1.5}),
    ])
    assert [row.change_id for row in plan.new_rows["client"]] == ["c4"]


def test_lone_edits_are_edits_alone_on_their_row_that_delete_nothing() -> None:
    plan = plan_push([
        change("c1", "r1", {"phone": "1"}, {"": V1}),
        change("c2", "r2", {"phone": "2"}, {"": V1}),
        change("c3", "r2", {"notes": "x"}, {"": V1}),
        change("c4", "r3", {"deleted": True}, {"": V1}),
        change("c5", "r4", CLIENT),
    ])
    assert plan.lone_edits == {"client": ["c1"]}


def test_the_newest_stamp_counts_versions_and_bases() -> None:
    assert plan_push([change("c1", "r1", {"phone": "1"}, {"": V1}, version=V2)]
                     ).newest_stamp == T0 + 2
    assert plan_push([change("c1", "r1", {"phone": "1"}, {"": NEWER}, version=V2)]
                     ).newest_stamp == T0 + 99
    assert plan_push([]).newest_stamp == 0


def test_the_feed_carries_bounded_versions_and_what_was_sent() -> None:
    sent = change("c1", "r1", {"phone": "1"}, {"": V1, "phone": V2}, version=NEWER)
    bounded = make_version(T0 + 50, "device-b")
    row = feed_row(sent, {NEWER: bounded, V2: V1})
    assert row[3:5] == (bounded, NEWER)  # version, sent_version
    assert json.loads(row[8] or "") == {"": V1, "phone": V1}
    plan = plan_push([sent], {NEWER: bounded})
    assert plan.feed.count("\n") == 1 and f"\t{bounded}\t{NEWER}\t" in plan.feed
    assert json.loads(parse_line(plan_push([change("c2", "r9", CLIENT, version=NEWER)],
                                           {NEWER: bounded}).new_rows["client"][0].line)
                      ["sync_versions"]) == {"": bounded}


def _unescape(text: str) -> str | None:
    """COPY text format's escapes undone (the ones `_copy_value` writes)."""
    if text == "\\N":
        return None
    out, chars = [], iter(text)
    for char in chars:
        if char == "\\":
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}[next(chars)])
        else:
            out.append(char)
    return "".join(out)


_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")),
)


@given(st.fixed_dictionaries({}, optional={name: _VALUES for name in (
    "notes", "name", "english_name", "address", "aum_fen", "birthday_lunar")}))
def test_every_value_reads_back_from_its_copy_text(fields: dict[str, Any]) -> None:
    """Whether or not the JSON holds a backslash (the fast path skips escaping
    when it does not), each column's text reads back as the value's text."""
    (row,) = plan_push([change("c1", "r1", fields)]).new_rows["client"]
    values = parse_line(row.line)
    for name in codec("client").data_columns:
        value = fields.get(name)
        expected = (None if value is None else "t" if value is True else "f"
                    if value is False else str(value))
        assert _unescape(values[name]) == expected, name
