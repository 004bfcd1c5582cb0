"""The field-level merge: one pure function both the server and laptops run.

Each field is a last-writer-wins register ordered by version (hybrid clock
stamp, then device id), so every replica that has seen the same changes
holds the same values, whatever order they arrived in. The `deleted` flag
is a field like any other; a tombstone still "wins" over a concurrent edit
because the edit does not touch `deleted`, and the edit is kept for review.

Conflicts are found only where all changes meet in one order: on the
shared database (`detect=True`). A change knew a field's value if its base
(the row's version map when it was made) names the version the field holds
now; otherwise the two writes were concurrent. A conflict's id derives from
the losing value's version, so the same loss found in any order is one row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from store.sync.versions import effective


@dataclass(frozen=True)
class Change:
    """One write to one row as it travels: fields hold column values."""

    change_id: str
    table: str
    row_id: str
    version: str
    fields: dict[str, Any]
    base: dict[str, str] | None  # None: the row was new to the writer
    author: str | None = None

    @property
    def is_delete(self) -> bool:
        return bool(self.fields.get("deleted"))


@dataclass
class RowState:
    """A row as one replica holds it: data fields and their version map."""

    values: dict[str, Any]
    versions: dict[str, str]
    exists: bool = True


@dataclass(frozen=True)
class Loss:
    """A value that lost to a concurrent write (`reason`: edit or deleted)."""

    table: str
    row_id: str
    field: str
    reason: str
    winner_value: Any
    winner_version: str
    loser_value: Any
    loser_version: str


@dataclass
class MergeResult:
    changed: bool = False
    losses: list[Loss] = field(default_factory=list)


def apply_change(
    state: RowState | None, change: Change, data_columns: list[str], *, detect: bool
) -> tuple[RowState, MergeResult]:
    """Merge `change` into `state` (None: the row is new here)."""
    if state is None or not state.exists:
        values = dict.fromkeys(data_columns)
        values["deleted"] = False
        values.update(change.fields)
        return RowState(values, {"": change.version}), MergeResult(changed=True)
    result = MergeResult()
    if detect:
        result.losses = _losses(state, change)
    for name, value in change.fields.items():
        current = effective(state.versions, name)
        if change.version > current:
            state.values[name] = value
            state.versions[name] = change.version
            result.changed = True
    return state, result


def _losses(state: RowState, change: Change) -> list[Loss]:
    """What this change and the row's current values lose to each other."""
    base = change.base or {}
    deleted_version = effective(state.versions, "deleted")
    unseen_delete = bool(state.values.get("deleted")) and (
        change.base is None or effective(base, "deleted") != deleted_version
    )
    losses = []

    def lose(name: str, reason: str, winner: tuple[Any, str], loser: tuple[Any, str]) -> None:
        losses.append(Loss(change.table, change.row_id, name, reason, *winner, *loser))

    for name, value in change.fields.items():
        current = effective(state.versions, name)
        if name == "deleted" or current == change.version or value == state.values.get(name):
            continue
        if change.base is None or effective(base, name) != current:
            ours, theirs = (value, change.version), (state.values.get(name), current)
            if change.version > current:
                lose(name, "edit", ours, theirs)
            else:
                lose(name, "edit", theirs, ours)
        if unseen_delete and not change.is_delete:
            lose(name, "deleted", (None, deleted_version), (value, change.version))
    if change.is_delete and not state.values.get("deleted") and change.base is not None:
        for name, value in state.values.items():
            if name == "deleted" or name in change.fields:
                continue
            current = effective(state.versions, name)
            if current != effective(base, name):
                lose(name, "deleted", (None, change.version), (value, current))
    return losses
