"""The field-level merge is order-independent: the heart of convergence."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from store.sync.merge import Change, RowState, apply_change
from store.sync.versions import make_version

COLUMNS = ["phone", "notes", "tier", "deleted"]
CREATED = make_version(1, "dev-0")


def _row() -> RowState:
    return RowState({"phone": "1", "notes": "n", "tier": "gold", "deleted": False},
                    {"": CREATED})


def _merge(changes: list[Change]) -> tuple[dict[str, object], set[tuple[str, object]]]:
    """Final values, and the (field, lost value) pairs kept as conflicts."""
    state: RowState | None = _row()
    losses: set[tuple[str, object]] = set()
    for change in changes:
        state, result = apply_change(state, change, COLUMNS, detect=True)
        losses |= {(loss.field, loss.loser_value) for loss in result.losses}
    assert state is not None
    return state.values, losses


def _change(n: int, device: str, fields: dict[str, object]) -> Change:
    return Change(change_id=f"c{n}", table="client", row_id="r", version=make_version(
        100 + n, device), fields=fields, base={"": CREATED})


edits = st.lists(
    st.tuples(
        st.sampled_from(["dev-a", "dev-b", "dev-c"]),
        st.dictionaries(st.sampled_from(["phone", "notes", "tier", "deleted"]),
                        st.sampled_from(["x", "y", "z", True]), min_size=1, max_size=3),
    ),
    min_size=1, max_size=4,
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(edits)
def test_concurrent_changes_merge_to_one_result_in_every_order(
    raw: list[tuple[str, dict[str, object]]],
) -> None:
    changes = [
        _change(n, device, {k: (v is True) if k == "deleted" else str(v)
                            for k, v in fields.items()})
        for n, (device, fields) in enumerate(raw)
    ]
    results = [_merge(list(order)) for order in itertools.permutations(changes)]
    final = results[0][0]
    written = {(name, value) for c in changes for name, value in c.fields.items()}
    must_keep = {(name, value) for name, value in written
                 if name != "deleted" and value != final[name]}
    for values, kept in results:
        assert values == final  # one winner per field, whatever the order
        assert must_keep <= kept  # every value that lost is kept for review
        assert kept <= written  # and nothing else is invented


def test_the_later_stamp_wins_and_the_loser_is_recorded() -> None:
    early, late = _change(1, "dev-a", {"phone": "A"}), _change(2, "dev-b", {"phone": "B"})
    for order in ([early, late], [late, early]):
        values, losses = _merge(order)
        assert values["phone"] == "B"
        assert len(losses) == 1


def test_an_edit_that_saw_the_value_is_not_a_conflict() -> None:
    first = _change(1, "dev-a", {"phone": "A"})
    second = Change(change_id="c2", table="client", row_id="r",
                    version=make_version(200, "dev-b"), fields={"phone": "B"},
                    base={"": CREATED, "phone": first.version})
    values, losses = _merge([first, second])
    assert (values["phone"], losses) == ("B", set())


def test_a_replayed_change_changes_nothing() -> None:
    change = _change(1, "dev-a", {"notes": "again"})
    state, first = apply_change(_row(), change, COLUMNS, detect=True)
    state, second = apply_change(state, change, COLUMNS, detect=True)
    assert first.changed and not second.changed
    assert second.losses == []
