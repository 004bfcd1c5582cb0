"""A batch of outbox changes made ready to push, without the server.

Everything a push can work out from the batch alone (the feed rows as COPY
text, which changes may take the SQL paths, the new rows as COPY text for
their tables, the newest clock stamp named) is worked out here, so the sync
can do it in a thread while the server merges the previous batch
(`store.sync.run`). The server-side steps that use a plan are in
`store.sync.server.push`; it plans again only in the rare cases that
change the batch (some changes already applied, stamps from the future).
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from store.sync.versions import codec, dump_versions, version_device, version_hlc


@dataclass(frozen=True)
class Outgoing:
    """An outbox entry as pushed: JSON kept as written, for the feed."""

    change_id: str
    table: str
    row_id: str
    version: str
    author: str | None
    fields_json: str
    base_json: str | None


@dataclass(frozen=True)
class NewRow:
    """A row a change creates, as one line of COPY text for its table."""

    change_id: str
    row_id: str
    line: str


@dataclass(frozen=True)
class PushPlan:
    """One batch, ready to send."""

    batch: Sequence[Outgoing]
    #: The change ids as one `id_list` parameter.
    ids: str
    #: The newest clock stamp any version or base in the batch names: if the
    #: server's clock is past it, no stamp needs bounding.
    newest_stamp: int
    #: A base holds a JSON escape, so scanning its text for stamps may miss one.
    bases_escaped: bool
    #: The feed rows, as COPY text for `sync_change (FEED_COLUMNS)`.
    feed: str
    #: Table -> rows the batch creates, in batch order, as COPY text for
    #: `NEW_ROW_COLUMNS`: inserts the server may take as they are.
    new_rows: Mapping[str, Sequence[NewRow]]
    #: Table -> change ids of edits that are the only change to their row here.
    lone_edits: Mapping[str, Sequence[str]]


#: A version's clock stamp where a version starts a JSON string: `"<16 hex>:`.
_STAMP_IN_JSON = re.compile(r'"([0-9A-Fa-f]{16}):')


def id_list(ids: Iterable[str]) -> str:
    """A list of ids as one JSON text (`server.ID_LIST` turns it into an array).

    psycopg turns a Python list into an array literal element by element in
    Python (a regex per id: 20 ms for a batch's 5000 ids); `json.dumps` is C.
    """
    return json.dumps(list(ids))


def new_row_columns(table: str) -> list[str]:
    """The columns of a `NewRow.line`, in order."""
    return ["id", "hlc", "device_id", "sync_versions", *codec(table).data_columns]


def plan_push(batch: Sequence[Outgoing], restamped: Mapping[str, str] | None = None
              ) -> PushPlan:
    """Plan `batch`; `restamped` maps sent versions to the ones the server gave them."""
    restamped = restamped or {}
    bases = [c.base_json for c in batch if c.base_json]
    text = "\n".join(bases)
    stamps = [int(stamp, 16) for stamp in set(_STAMP_IN_JSON.findall(text))]
    stamps += (version_hlc(c.version) for c in batch)
    return PushPlan(
        batch=batch,
        ids=id_list(c.change_id for c in batch),
        newest_stamp=max(stamps, default=0),
        bases_escaped="\\" in text,
        feed="".join([copy_line(feed_row(c, restamped)) for c in batch]),
        new_rows=_new_rows(batch, restamped),
        lone_edits=_lone_edits(batch),
    )


def feed_row(sent: Outgoing, restamped: Mapping[str, str]) -> tuple[str | None, ...]:
    """A pushed change as the feed keeps it: its JSON as sent, bounded versions."""
    version = restamped.get(sent.version, sent.version)
    base = sent.base_json
    if base is not None and restamped:
        base = json.dumps({k: restamped.get(v, v) for k, v in json.loads(base).items()})
    return (sent.change_id, sent.table, sent.row_id, version,
            sent.version if version != sent.version else None,
            version_device(sent.version), sent.author, sent.fields_json, base)


def _lone_edits(batch: Sequence[Outgoing]) -> dict[str, list[str]]:
    """Edits (not inserts, not deletes) that are the only change to their row here."""
    per_row: dict[tuple[str, str], int] = defaultdict(int)
    for change in batch:
        per_row[change.table, change.row_id] += 1
    lone: dict[str, list[str]] = defaultdict(list)
    for c in batch:
        if (c.base_json is not None and per_row[c.table, c.row_id] == 1
                and '"deleted"' not in c.fields_json):
            lone[c.table].append(c.change_id)
    return dict(lone)


def _new_rows(batch: Sequence[Outgoing], restamped: Mapping[str, str]
              ) -> dict[str, list[NewRow]]:
    """The rows the batch's inserts create, each as COPY text.

    Only the first insert of a row (in batch order) is here, and only if
    it names known fields with plain values: a second insert, an unknown
    field (which the merge refuses rather than drops) and a value no column
    of ours takes (a nested object, NaN) are left to the merge.
    """
    rows: dict[str, list[NewRow]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for change in batch:
        if change.base_json is not None or (change.table, change.row_id) in seen:
            continue
        seen.add((change.table, change.row_id))
        table = codec(change.table)
        fields = json.loads(change.fields_json)
        if fields.keys() - table.data_set:
            continue
        version = restamped.get(change.version, change.version)
        meta = "\t".join(map(_copy_value, (
            change.row_id, str(version_hlc(version)), version_device(version),
            dump_versions({"": version}))))
        values = map(fields.get, table.data_columns)
        try:
            if "\\" in change.fields_json:
                text = "\t".join(map(_copy_json, values))
            else:
                # JSON escapes every backslash, tab, newline and CR in a string,
                # so with no backslash in its text no value needs COPY's escapes
                # (and strings, most values, skip the call: a third of the time).
                text = "\t".join([v if v.__class__ is str else _copy_plain(v) for v in values])
        except _NotPlain:
            continue
        rows[change.table].append(NewRow(change.change_id, change.row_id,
                                         f"{meta}\t{text}\n"))
    return dict(rows)


def copy_line(row: tuple[str | None, ...]) -> str:
    """One row of text values as a line of COPY text."""
    return "\t".join(map(_copy_value, row)) + "\n"


def _copy_value(value: str | None) -> str:
    """One text value as COPY's text format writes it (None is NULL).

    `str.replace` runs in C; `str.translate` with a table of strings is a
    dict lookup per character (0.7 s for 20000 audit entries' JSON).
    """
    if value is None:
        return "\\N"
    if "\\" in value:
        value = value.replace("\\", "\\\\")
    if "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def _copy_plain(value: Any) -> str:
    """`_copy_json` for a value that holds nothing COPY must escape."""
    return value if isinstance(value, str) else _copy_json(value)


class _NotPlain(ValueError):
    """A value `_copy_json` does not write: the merge decides what becomes of it."""


def _copy_json(value: Any) -> str:
    """A JSON field value as COPY text for its column: strings as they are,
    numbers as written, booleans as t/f (what the merge writes for them)."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return _copy_value(value)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return str(value)
    raise _NotPlain(value)
