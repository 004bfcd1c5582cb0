"""Saved client-list filters (已存筛选): a manager's named `ClientQuery`s.

A saved filter is a synced row (`SavedFilter`: manager, name, spec) so it
follows its manager to every laptop. The spec is the query's JSON form
(`ClientQuery.to_spec`): only what differs from the default, so a filter
saved today still reads the same when later versions add fields.

Names are per manager: saving under a name the manager already uses
replaces that filter's spec. Two laptops offline may each create the same
name; after a sync both rows exist, so reading keeps the newest per name
and saving again folds the others into it (tombstones, never deletions).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.client_list import ClientQuery
from store.errors import ValidationError
from store.i18n import t
from store.models import SavedFilter

NAME_FIELD: Final = "client_filter.field_name"
NAME_LIMIT: Final = 50  # the column's width


@dataclass(frozen=True)
class SavedFilterRow:
    """A saved filter ready to apply; `problems` says what of its spec was ignored."""

    id: str
    name: str
    query: ClientQuery
    problems: tuple[str, ...] = ()


def spec_text(query: ClientQuery) -> str:
    """The JSON stored in `saved_filter.spec`: stable key order, Chinese kept readable."""
    return json.dumps(query.to_spec(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def query_from_text(text: str, name: str = "") -> tuple[ClientQuery, list[str]]:
    """The query a stored spec describes, and what was ignored.

    A spec that is not a JSON object gives the default query and one
    problem; unknown keys and bad values are dropped one by one.
    """
    try:
        data = json.loads(text)
    except ValueError as exc:
        return ClientQuery(), [t("client_filter.spec_not_json", name=name, detail=str(exc))]
    if not isinstance(data, dict):
        detail = type(data).__name__
        return ClientQuery(), [t("client_filter.spec_not_json", name=name, detail=detail)]
    return ClientQuery.from_spec(data)


def clean_name(name: str) -> str:
    """The name as stored: NFKC (full-width letters folded), outer spaces trimmed.

    Raises `ValidationError` naming the field when it is empty or too long.
    """
    cleaned = unicodedata.normalize("NFKC", name).strip()
    if not cleaned:
        raise ValidationError(NAME_FIELD, "invalid.required")
    if len(cleaned) > NAME_LIMIT:
        raise ValidationError(NAME_FIELD, "invalid.too_long", limit=NAME_LIMIT)
    return cleaned


def _live(session: Session, manager_id: str | None) -> list[SavedFilter]:
    """The manager's live saved filters, newest change first."""
    owner = (
        SavedFilter.manager_id.is_(None)
        if manager_id is None
        else SavedFilter.manager_id == manager_id
    )
    statement = (
        select(SavedFilter)
        .where(owner, SavedFilter.deleted.is_(False))
        .order_by(SavedFilter.hlc.desc(), SavedFilter.id.desc())
    )
    return list(session.scalars(statement))


def _row(saved: SavedFilter) -> SavedFilterRow:
    query, problems = query_from_text(saved.spec, saved.name)
    return SavedFilterRow(saved.id, saved.name, query, tuple(problems))


def save_filter(
    session: Session, manager_id: str | None, name: str, query: ClientQuery
) -> tuple[SavedFilterRow, bool]:
    """Save `query` under `name` for `manager_id`; True when it replaced one.

    The write is flushed through the store's session, so it is stamped for
    sync like any other change. Nothing is written when the name is bad.
    """
    cleaned = clean_name(name)
    same_name = [saved for saved in _live(session, manager_id) if saved.name == cleaned]
    spec = spec_text(query)
    if same_name:
        kept, *extra = same_name
        kept.spec = spec
        for duplicate in extra:  # the same name made on two laptops before a sync
            duplicate.deleted = True
    else:
        kept = SavedFilter(manager_id=manager_id, name=cleaned, spec=spec)
        session.add(kept)
    session.flush()
    return _row(kept), bool(same_name)


def list_filters(session: Session, manager_id: str | None) -> list[SavedFilterRow]:
    """The manager's saved filters by name (pinyin order), the newest per name."""
    from store.pinyin import name_search_keys  # slow first import; a worker calls this

    newest: dict[str, SavedFilter] = {}
    for saved in _live(session, manager_id):
        newest.setdefault(saved.name, saved)
    ordered = sorted(
        newest.values(), key=lambda s: (name_search_keys(s.name, personal=False)[0], s.name)
    )
    return [_row(saved) for saved in ordered]


def delete_filter(session: Session, filter_id: str) -> str | None:
    """Tombstone a saved filter (it syncs as deleted); its name, or None if not live."""
    saved = session.get(SavedFilter, filter_id)
    if saved is None or saved.deleted:
        return None
    saved.deleted = True
    session.flush()
    return saved.name
