"""Creating, editing, archiving and restoring clients, and manual tiers.

The form a manager fills in is described here as data (`FormField`, grouped
per client kind), so the screen, the import and the tests check the same
rules: `validate_form` turns the text of every field into stored values and
reports every bad field at once (a form that shows one error at a time makes
a manager save five times). Nothing is written until a form is clean.

Writes go through `Store.session()`; the capture path stamps each change
for sync and writes the audit entry (who, when, old → new), so this module
never writes either itself. Rows are never hard-deleted: an archive is a
status, and a removed tag is a tombstone.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, Literal, Protocol

from sqlalchemy import String, and_, or_, select
from sqlalchemy.orm import Session

from store import clock
from store.audit import audit_history
from store.errors import ClientdeskError, ValidationError
from store.i18n import current_language, t
from store.models import Branch, Client, ClientTag, Manager
from store.money import parse_yuan
from store.tiers import TierRules
from store.validation import (
    parse_date,
    validate_credit_code,
    validate_email,
    validate_mobile,
    validate_resident_id,
)
from store.vocab import (
    ClientKind,
    ClientStatus,
    Education,
    Gender,
    IdType,
    Importance,
    IncomeBand,
    ManagerLevel,
    MaritalStatus,
    Ownership,
    RiskLevel,
    Tier,
)

__all__ = [
    "CORPORATE_FORM",
    "FIELD_LABELS",
    "HIDDEN_IN_HISTORY",
    "INDIVIDUAL_FORM",
    "MULTILINE_FIELDS",
    "PREFERENCES_MAX",
    "REASON_MAX",
    "ChangedElsewhereError",
    "ClientNotFoundError",
    "DuplicateClientError",
    "FormField",
    "FormGroup",
    "ManagerChoice",
    "OverrideField",
    "archive_client",
    "create_client",
    "derived_defaults",
    "form_fields",
    "form_groups",
    "form_text",
    "live_client",
    "owner_choices",
    "restore_client",
    "set_override",
    "set_owner",
    "update_client",
    "validate_form",
    "validate_override",
]

FieldKind = Literal[
    "text", "date", "money", "choice", "id_number", "credit_code", "mobile", "email", "bool",
    "tags", "nationality",
]  # fmt: skip

#: Longest tag and longest notes accepted (the tag column's width; notes are Text).
TAG_MAX: Final = 50
NOTES_MAX: Final = 2000
#: Longest preferences / things-to-avoid text: a few lines a manager reads before a visit.
PREFERENCES_MAX: Final = 500
#: Free-text fields a form shows as several lines.
MULTILINE_FIELDS: Final = frozenset({"notes", "preferences", "avoid"})
REASON_MAX: Final = 200
_TAG_SPLIT = re.compile(r"[,，、;；\n]+")
_DOC_NUMBER = re.compile(r"[A-Z0-9]{5,20}")
_COUNTRY = re.compile(r"[A-Z]{3}")
_TRUE = frozenset({"1", "true", "yes", "y", "是", "t"})
_FALSE = frozenset({"", "0", "false", "no", "n", "否", "f"})


@dataclass(frozen=True)
class FormField:
    """One field of the client form: the column it fills and how its text is read.

    `vocabulary` is the catalog prefix of a choice's labels (``tier`` → the
    key ``tier.gold``); `choices` are the code names it accepts. `in_form`
    is False for fields a form never shows but an import may carry (tier,
    importance: they follow the rules or a manual override, see
    `update_client`). `past_only` refuses dates after today.
    """

    name: str
    label: str
    kind: FieldKind
    required: bool = False
    vocabulary: str | None = None
    choices: tuple[str, ...] = ()
    past_only: bool = False
    in_form: bool = True

    @property
    def max_length(self) -> int | None:
        """The column's width, so a form never accepts what the store would cut."""
        if self.name == "notes":
            return NOTES_MAX
        if self.name in ("preferences", "avoid"):
            return PREFERENCES_MAX
        if self.name == "tags":
            return None
        column_type = Client.__table__.columns[self.name].type
        return column_type.length if isinstance(column_type, String) else None


@dataclass(frozen=True)
class FormGroup:
    heading: str
    fields: tuple[FormField, ...]


def _choice(name: str, label: str, vocabulary: str, enum: Any, **kw: Any) -> FormField:
    return FormField(
        name,
        label,
        "choice",
        vocabulary=vocabulary,
        choices=tuple(member.value for member in enum),
        **kw,
    )


_TEXT = "text"
_NAME = FormField("name", "field.name", _TEXT, required=True)
_CONTACT = FormGroup("client_edit.group.contact", (
    FormField("phone", "field.phone", "mobile"),
    FormField("email", "field.email", "email"),
    FormField("address", "field.address", _TEXT),
))  # fmt: skip
_RISK = FormGroup("client_edit.group.risk", (
    _choice("risk_level", "field.risk_level", "risk", RiskLevel),
    FormField("risk_assessed_on", "field.risk_assessed_on", "date", past_only=True),
    FormField("preferences", "brief.field.preferences", _TEXT),
    FormField("avoid", "brief.field.avoid", _TEXT),
))  # fmt: skip
_ASSETS = FormGroup("client_edit.group.assets", (
    FormField("aum_fen", "field.aum", "money"),
    FormField("contribution_fen", "field.contribution", "money"),
))  # fmt: skip
_MANAGEMENT = FormGroup("client_edit.group.management", (
    _choice("status", "field.status", "status", ClientStatus),
    FormField("tags", "field.tags", "tags"),
    _choice("tier", "field.tier", "tier", Tier, in_form=False),
    _choice("importance", "field.importance", "importance", Importance, in_form=False),
))  # fmt: skip
_NOTES = FormGroup("client_edit.group.notes", (FormField("notes", "field.notes", _TEXT),))

INDIVIDUAL_FORM: Final[tuple[FormGroup, ...]] = (
    FormGroup("client_edit.group.identity", (
        _NAME,
        FormField("english_name", "client_edit.field.english_name", _TEXT),
        _choice("id_type", "field.id_type", "id_type",
                [m for m in IdType if m is not IdType.CREDIT_CODE]),
        FormField("id_number", "field.id_number", "id_number"),
        FormField("birth_date", "field.birth_date", "date", past_only=True),
        _choice("gender", "field.gender", "gender", Gender),
        FormField("birthday_lunar", "client_edit.field.birthday_lunar", "bool"),
        FormField("nationality", "field.nationality", "nationality", required=True),
        FormField("customer_no", "client_edit.field.customer_no", _TEXT),
    )),
    _CONTACT,
    FormGroup("client_edit.group.family", (
        _choice("marital_status", "field.marital_status", "marital", MaritalStatus),
        FormField("wedding_date", "field.wedding_date", "date"),
    )),
    FormGroup("client_edit.group.work", (
        FormField("occupation", "field.occupation", _TEXT),
        FormField("employer", "field.employer", _TEXT),
        FormField("industry", "field.industry", _TEXT),
        _choice("income_band", "field.income_band", "income", IncomeBand),
        _choice("education", "field.education", "education", Education),
    )),
    _RISK,
    _ASSETS,
    _MANAGEMENT,
    _NOTES,
)  # fmt: skip

CORPORATE_FORM: Final[tuple[FormGroup, ...]] = (
    FormGroup("client_edit.group.company", (
        FormField("name", "client_edit.field.company_name", _TEXT, required=True),
        FormField("credit_code", "field.credit_code", "credit_code", required=True),
        FormField("legal_representative", "field.legal_representative", _TEXT),
        _choice("ownership", "field.ownership", "ownership", Ownership),
        FormField("industry", "field.industry", _TEXT),
        FormField("customer_no", "client_edit.field.customer_no", _TEXT),
    )),
    _CONTACT,
    _RISK,
    _ASSETS,
    _MANAGEMENT,
    _NOTES,
)  # fmt: skip

#: Catalog key naming each client column a screen may show (history, errors).
FIELD_LABELS: Final[Mapping[str, str]] = {
    **{f.name: f.label for group in INDIVIDUAL_FORM for f in group.fields},
    **{f.name: f.label for group in CORPORATE_FORM for f in group.fields if f.name != "name"},
    "kind": "field.kind",
    "tier_reason": "client_edit.field.tier_reason",
    "importance_reason": "client_edit.field.importance_reason",
    "owner_manager_id": "field.owner",
    "branch_id": "field.branch",
    "deleted": "client_edit.history.delete",
}

#: Columns a history never lists: search keys follow the name.
HIDDEN_IN_HISTORY: Final = frozenset({"name_pinyin", "name_initials"})


def form_groups(kind: str) -> tuple[FormGroup, ...]:
    """The groups of the form for a client kind (`vocab.ClientKind`)."""
    if kind == ClientKind.INDIVIDUAL:
        return INDIVIDUAL_FORM
    if kind == ClientKind.CORPORATE:
        return CORPORATE_FORM
    raise ValueError(f"unknown client kind {kind!r}")


def form_fields(kind: str) -> dict[str, FormField]:
    """Every field of a kind by name, in form order (out-of-form ones included)."""
    return {f.name: f for group in form_groups(kind) for f in group.fields}


_ALL_FIELDS: Final = {**form_fields("corporate"), **form_fields("individual")}


# --- reading a form ---------------------------------------------------------------


def validate_form(
    values: Mapping[str, str],
    kind: str,
    *,
    today: date | None = None,
    partial: bool = False,
    opened: Mapping[str, str] | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """Check every field of a client form; return (clean values, errors by field).

    `values` maps field names to the text typed (choices as code names or
    their labels in either language). Every field of `kind` is checked and
    every error is returned, as a sentence naming the field and the reason;
    `clean` holds stored values (fen, dates, code names, a tuple of tags)
    plus ``kind``, and is only meant to be written when `errors` is empty.

    `partial=True` checks only the fields present (an import that carries
    just `id,phone`, a single field checked as it is typed); otherwise a
    missing field counts as blank, so a missing required one is an error.
    A field of the other client kind may be present only blank.

    An individual's birth date and gender must agree with a valid resident
    ID number (as the import insists). `opened` is the text an edit form
    opened with: a disagreement the stored client already had is not
    reported while the manager leaves those fields as they were.
    """
    fields = form_fields(kind)
    today = today or clock.today()
    for name in values:
        if name not in _ALL_FIELDS:
            raise ValueError(f"{name!r} is not a client form field")
    clean: dict[str, Any] = {"kind": kind}
    errors: dict[str, str] = {}
    for name, text in values.items():
        if name not in fields and str(text).strip():
            errors[name] = ValidationError(
                _ALL_FIELDS[name].label,
                "client_edit.invalid.not_for_kind",
                kind=t(f"kind.{kind}"),
            ).message()
    names = [n for n, f in fields.items() if n in values or (f.in_form and not partial)]
    for name in names:
        field = fields[name]
        try:
            clean[name] = _read(field, str(values.get(name, "") or ""), values, today)
        except ValidationError as exc:
            errors[name] = exc.message()
    if kind == ClientKind.CORPORATE and clean.get("credit_code"):
        clean["id_type"] = IdType.CREDIT_CODE.value
        clean["id_number"] = clean["credit_code"]
    if "id_type" in names and clean.get("id_number") and not clean.get("id_type"):
        clean["id_type"] = IdType.RESIDENT_ID.value  # what a blank type was read as
    if kind == ClientKind.INDIVIDUAL:
        errors |= _id_disagreements(clean, errors, values, opened or {}, today)
    return clean, errors


def _id_disagreements(
    clean: Mapping[str, Any],
    errors: Mapping[str, str],
    values: Mapping[str, str],
    opened: Mapping[str, str],
    today: date,
) -> dict[str, str]:
    """Birth date or gender that contradict a valid resident ID, as the import refuses them.

    Same rule as `store.importing.apply` (``_agrees``): a known birth date
    must be the one the number encodes, and a gender other than "unknown"
    the one it encodes. As there, a value the client already held is left
    alone: when the ID number, its type and the field are all what the form
    opened with, an old record does not stop the manager saving another field.
    """
    number = clean.get("id_number")
    if not number or "id_number" in errors or clean.get("id_type") != IdType.RESIDENT_ID:
        return {}
    resident = validate_resident_id(number, today=today)
    unchanged_id = bool(opened) and all(
        values.get(n, "") == opened.get(n, "") for n in ("id_number", "id_type")
    )
    kept = {  # fields still as the stored client had them, with its ID unchanged
        n for n in ("birth_date", "gender") if unchanged_id and values.get(n, "") == opened.get(n)
    }
    wrong: dict[str, str] = {}
    birth = clean.get("birth_date")
    if birth is not None and birth != resident.birth_date:
        wrong["birth_date"] = resident.birth_date.isoformat()
    if clean.get("gender") not in (None, Gender.UNKNOWN.value, resident.gender):
        wrong["gender"] = t(f"gender.{resident.gender}")
    found: dict[str, str] = {}
    for name, expected in wrong.items():
        if name not in errors and name not in kept:
            found[name] = ValidationError(
                _ALL_FIELDS[name].label, "client_edit.invalid.id_mismatch", expected=expected
            ).message()
    return found


def _read(field: FormField, raw: str, values: Mapping[str, str], today: date) -> Any:
    """One field's stored value from its text; raises ValidationError."""
    text = unicodedata.normalize("NFKC", raw).strip() if field.kind != "text" else raw.strip()
    if not text:
        if field.required:
            raise ValidationError(field.label, "invalid.required")
        return _blank(field)
    limit = field.max_length
    if field.kind == "text" and limit is not None and len(text) > limit:
        raise ValidationError(field.label, "invalid.too_long", limit=limit)
    match field.kind:
        case "text":
            return text
        case "nationality":
            code = text.upper()
            if not _COUNTRY.fullmatch(code):
                raise ValidationError(field.label, "client_edit.invalid.nationality")
            return code
        case "date":
            day = parse_date(text, field.label)
            if field.past_only and day > today:
                raise ValidationError(
                    field.label, "client_edit.invalid.future_date", value=day.isoformat()
                )
            return day
        case "money":
            return parse_yuan(text, field.label)
        case "choice":
            return choice_value(field, text)
        case "id_number":
            return _id_number(field, text, values, today)
        case "credit_code":
            return validate_credit_code(text)
        case "mobile":
            return validate_mobile(text)
        case "email":
            return validate_email(text)
        case "bool":
            lowered = text.lower()
            if lowered in _TRUE:
                return True
            if lowered in _FALSE:
                return False
            raise ValidationError(field.label, "invalid.yes_no", value=text)
        case "tags":
            return _tags(field, text)
    raise AssertionError(field.kind)  # pragma: no cover


def _blank(field: FormField) -> Any:
    """What an empty field stores: the column's default for non-null columns."""
    return {
        "money": 0,
        "bool": False,
        "tags": (),
    }.get(field.kind, {"gender": "unknown", "status": "active"}.get(field.name))


class ChoiceField(Protocol):
    """What reading a choice needs of a form field (client, contact and task forms alike)."""

    label: str
    vocabulary: str | None
    choices: tuple[str, ...]


def choice_value(field: ChoiceField, text: str) -> str:
    """A code name from itself or from its label in either language.

    A manager may type 金卡 or Gold or gold; anything else is refused with
    the choices listed in the current language.
    """
    from store.i18n import CATALOG

    folded = text.casefold()
    for code in field.choices:
        labels = CATALOG.get(f"{field.vocabulary}.{code}", ())
        if folded == code.casefold() or any(folded == label.casefold() for label in labels):
            return code
    separator = "、" if current_language() == "zh" else ", "
    shown = separator.join(t(f"{field.vocabulary}.{code}") for code in field.choices)
    raise ValidationError(field.label, "invalid.choice", value=text, choices=shown)


def _id_number(field: FormField, text: str, values: Mapping[str, str], today: date) -> str:
    """A resident ID number checked in full, any other document's number by shape.

    A blank ID type means a resident ID: nearly every client of a mainland
    branch has one, and core-banking files often leave the type out.
    """
    id_type = IdType.RESIDENT_ID.value
    raw_type = str(values.get("id_type", "") or "").strip()
    if raw_type:
        with contextlib.suppress(ValidationError):  # reported on the ID type field itself
            id_type = choice_value(_ALL_FIELDS["id_type"], raw_type)
    if id_type == IdType.RESIDENT_ID:
        return validate_resident_id(text, today=today).number
    number = re.sub(r"\s+", "", text).upper()
    if not _DOC_NUMBER.fullmatch(number):
        raise ValidationError(field.label, "client_edit.invalid.doc_number")
    return number


def _tags(field: FormField, text: str) -> tuple[str, ...]:
    tags: list[str] = []
    for part in _TAG_SPLIT.split(text):
        tag = part.strip()
        if len(tag) > TAG_MAX:
            raise ValidationError(
                field.label, "client_edit.invalid.tag_too_long", tag=tag[:10], limit=TAG_MAX
            )
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def derived_defaults(id_number: str, *, today: date | None = None) -> dict[str, str]:
    """Birth date and gender a valid resident ID number encodes, as form text.

    Empty for anything that is not a valid 18-digit number: the form offers
    these as defaults for empty fields, never over what the manager typed.
    """
    try:
        resident = validate_resident_id(id_number, today=today or clock.today())
    except ValidationError:
        return {}
    return {"birth_date": resident.birth_date.isoformat(), "gender": resident.gender}


def form_text(profile: Mapping[str, Any], tags: tuple[str, ...] = ()) -> dict[str, str]:
    """A stored profile as the text a form shows, which `validate_form` reads back."""
    from store.money import format_yuan

    kind = str(profile.get("kind") or ClientKind.INDIVIDUAL.value)
    text: dict[str, str] = {}
    for name, field in form_fields(kind).items():
        if not field.in_form:
            continue
        if name == "tags":
            text[name] = ", ".join(tags)
            continue
        value = profile.get(name)
        if value is None:
            text[name] = ""
        elif field.kind == "money":
            text[name] = format_yuan(int(value))
        elif field.kind == "bool":
            text[name] = "yes" if value else "no"
        elif isinstance(value, date):
            text[name] = value.isoformat()
        else:
            text[name] = str(value)
    return text


# --- writing -----------------------------------------------------------------------


class ClientNotFoundError(ClientdeskError):
    """The client asked for does not exist here (or is a tombstone)."""

    def __init__(self) -> None:
        super().__init__("client_edit.not_found")


class DuplicateClientError(ValidationError):
    """Another client already has this ID number or credit code; nothing written."""

    def __init__(
        self, column: str, existing_id: str, existing_name: str, customer_no: str | None
    ) -> None:
        if customer_no:
            super().__init__(
                FIELD_LABELS[column],
                "client_edit.invalid.duplicate",
                name=existing_name,
                customer=customer_no,
            )
        else:
            super().__init__(
                FIELD_LABELS[column], "client_edit.invalid.duplicate_no_number", name=existing_name
            )
        self.column = column
        self.existing_id = existing_id
        self.existing_name = existing_name


class ChangedElsewhereError(ValidationError):
    """A field the manager changed was changed in the store since the form opened.

    Saving would overwrite the other change (a sync, another session)
    without anyone seeing it, so nothing is written; `column` names the field.
    """

    def __init__(self, column: str) -> None:
        super().__init__(FIELD_LABELS.get(column, column), "client_edit.invalid.changed_elsewhere")
        self.column = column


def _check_unchanged(
    session: Session, client: Client, clean: Mapping[str, Any], expected: Mapping[str, Any]
) -> None:
    """Refuse when a field to write no longer holds what the form opened with.

    A field now holding what the form would write is no conflict: both
    sides agree.
    """
    for name, opened in expected.items():
        if name not in clean:
            continue
        if name == "tags":
            current: Any = set(_live_tags(session, client.id))
            opened, wanted = set(opened), set(clean[name])
        else:
            current, wanted = getattr(client, name), clean[name]
        if current != opened and current != wanted:
            raise ChangedElsewhereError(name)


def _check_unique(session: Session, clean: Mapping[str, Any], exclude: str | None) -> None:
    """Refuse an ID number or credit code another live client already holds.

    Both columns are searched for either value: a company's credit code is
    also its ID number, and core-banking files put it in either column.
    """
    for column in ("credit_code", "id_number"):
        value = clean.get(column)
        if not value:
            continue
        query = select(Client.id, Client.name, Client.customer_no).where(
            or_(Client.id_number == value, Client.credit_code == value),
            Client.deleted.is_(False),
        )
        if exclude is not None:
            query = query.where(Client.id != exclude)
        found = session.execute(query.limit(1)).first()
        if found is not None:
            raise DuplicateClientError(column, found.id, found.name, found.customer_no)


def live_client(session: Session, client_id: str) -> Client:
    """The client row to change; `ClientNotFoundError` for a missing one or a tombstone."""
    client = session.get(Client, client_id)
    if client is None or client.deleted:
        raise ClientNotFoundError()
    return client


def _apply_rules(client: Client, rules: TierRules) -> None:
    derived = rules.derive(
        client.aum_fen or 0,
        client.contribution_fen or 0,
        tier_reason=client.tier_reason,
        importance_reason=client.importance_reason,
    )
    for name, value in derived.items():
        if getattr(client, name) != value:
            setattr(client, name, value)


def _set_name(client: Client, name: str) -> None:
    from store.pinyin import name_search_keys  # loads pypinyin: only when a name is saved

    client.name = name
    client.name_pinyin, client.name_initials = name_search_keys(
        name, personal=client.kind == ClientKind.INDIVIDUAL
    )


def _set_tags(session: Session, client_id: str, wanted: tuple[str, ...]) -> None:
    """Add missing tags, tombstone removed ones (a tombstone syncs; a delete would not)."""
    current = {
        row.tag: row
        for row in session.execute(
            select(ClientTag).where(ClientTag.client_id == client_id, ClientTag.deleted.is_(False))
        ).scalars()
    }
    for tag, row in current.items():
        if tag not in wanted:
            row.deleted = True
    for tag in wanted:
        if tag not in current:
            session.add(ClientTag(client_id=client_id, tag=tag))


_NOT_WRITTEN: Final = frozenset({"kind", "tags", "tier", "importance", "owner_manager_id"})


def create_client(store: Any, clean: Mapping[str, Any], rules: TierRules) -> str:
    """A new client from a clean form (`validate_form`); returns its id.

    The manager named by ``clean["owner_manager_id"]`` owns the client, else
    the signed-in manager; tier and importance follow the rules. Raises
    `DuplicateClientError` if the ID number or credit code is another
    client's, a `ValidationError` on the owner if that manager does not
    exist, and writes nothing then.
    """
    kind = clean.get("kind", ClientKind.INDIVIDUAL.value)
    form_groups(kind)  # refuses an unknown kind
    with store.session() as session:
        _check_unique(session, clean, exclude=None)
        client = Client(kind=kind, status=ClientStatus.ACTIVE.value)
        for name, value in clean.items():
            if name not in _NOT_WRITTEN and name != "name":
                setattr(client, name, value)
        _set_name(client, clean["name"])
        client.aum_fen = clean.get("aum_fen", 0)
        client.contribution_fen = clean.get("contribution_fen", 0)
        _apply_rules(client, rules)
        owner = clean.get("owner_manager_id")
        if owner:
            _assign_owner(session, client, owner)
        elif store.manager_id:
            client.owner_manager_id = store.manager_id
            manager = session.get(Manager, store.manager_id)
            client.branch_id = manager.branch_id if manager else None
        session.add(client)
        session.flush()  # the id exists from here (uuid7 default)
        _set_tags(session, client.id, tuple(clean.get("tags", ())))
        return client.id


def update_client(
    store: Any,
    client_id: str,
    clean: Mapping[str, Any],
    rules: TierRules,
    *,
    expected: Mapping[str, Any] | None = None,
) -> list[str]:
    """Write the fields of a clean form that differ from the stored client.

    Returns the names of the fields written (tags included), so only real
    changes are stamped, synced and audited. Tier and importance are not
    taken from `clean`: they follow the rules from the new figures unless a
    manual override holds them (`set_override`). A new name gets new pinyin
    search keys. ``clean["owner_manager_id"]``, when present, reassigns the
    client (see `set_owner`); an unknown manager is refused before anything
    is written.

    `expected` maps fields to the stored values the form opened with (tags
    as a collection); when one of them was changed since by someone else,
    a `ChangedElsewhereError` names it and nothing is written. A form sends
    only the fields its user changed, so a concurrent change to any other
    field is kept.
    """
    with store.session() as session:
        client = live_client(session, client_id)
        if clean.get("kind", client.kind) != client.kind:
            raise ValueError("a client's kind cannot change")
        if expected:
            _check_unchanged(session, client, clean, expected)
        changed = [
            name
            for name, value in clean.items()
            if name not in _NOT_WRITTEN and getattr(client, name) != value
        ]
        unique = {c: clean[c] for c in ("id_number", "credit_code") if c in changed}
        _check_unique(session, unique, exclude=client_id)
        owner = clean.get("owner_manager_id")
        if owner and _assign_owner(session, client, owner):
            changed.append("owner_manager_id")
        for name in changed:
            if name == "name":
                _set_name(client, clean["name"])
            else:
                setattr(client, name, clean[name])
        before = (client.tier, client.importance)
        _apply_rules(client, rules)
        changed += [
            n
            for n, old in zip(("tier", "importance"), before, strict=True)
            if getattr(client, n) != old
        ]
        if "tags" in clean:
            current = _live_tags(session, client_id)
            if set(current) != set(clean["tags"]):
                _set_tags(session, client_id, tuple(clean["tags"]))
                changed.append("tags")
        return changed


def _live_tags(session: Session, client_id: str) -> list[str]:
    return list(
        session.execute(
            select(ClientTag.tag).where(
                ClientTag.client_id == client_id, ClientTag.deleted.is_(False)
            )
        ).scalars()
    )


OverrideField = Literal["tier", "importance"]
_OVERRIDE_VOCAB: Final = {"tier": Tier, "importance": Importance}


def validate_override(
    field: str, value: str | None, reason: str | None
) -> tuple[str | None, str | None]:
    """(value, reason) of a manual tier or importance, or (None, None) to clear it.

    A manual value must be a known one and carry a non-blank reason: the
    next manager must be able to see why the rules were set aside.
    """
    if field not in _OVERRIDE_VOCAB:
        raise ValueError(f"only tier and importance can be set by hand, not {field!r}")
    if value is None or value == "":
        return None, None
    vocab_field = _ALL_FIELDS[field]
    code = choice_value(vocab_field, value)
    text = " ".join((reason or "").split())
    if not text:
        raise ValidationError("client_edit.field.override_reason", "invalid.required")
    if len(text) > REASON_MAX:
        raise ValidationError(
            "client_edit.field.override_reason", "invalid.too_long", limit=REASON_MAX
        )
    return code, text


def set_override(
    store: Any,
    client_id: str,
    field: OverrideField,
    value: str | None,
    reason: str | None,
    *,
    rules: TierRules,
) -> None:
    """Set tier or importance by hand with a reason; `value=None` hands it back to the rules."""
    code, text = validate_override(field, value, reason)
    reason_column = f"{field}_reason"
    with store.session() as session:
        client = live_client(session, client_id)
        if getattr(client, reason_column) != text:
            setattr(client, reason_column, text)
        if code is not None and getattr(client, field) != code:
            setattr(client, field, code)
        _apply_rules(client, rules)


def archive_client(store: Any, client_id: str) -> str:
    """Archive a client (it leaves the list); returns the status it had.

    The previous status is not kept anywhere new: the audit entry of this
    very change records it (old → new), and `restore_client` reads it there.
    """
    with store.session() as session:
        client = live_client(session, client_id)
        previous = client.status
        if previous != ClientStatus.ARCHIVED:
            client.status = ClientStatus.ARCHIVED.value
        return previous


def restore_client(store: Any, client_id: str) -> str:
    """Undo an archive: the client gets back the status it had; returns it.

    That status is the old value of the latest audited status change into
    "archived". A client archived where no audit entry reached this store
    (an old import) comes back active. A client that is not archived is
    left as it is.
    """
    with store.session() as session:
        client = live_client(session, client_id)
        if client.status != ClientStatus.ARCHIVED:
            return client.status
        client.status = _status_before_archive(session, client_id)
        return client.status


def _status_before_archive(session: Session, client_id: str) -> str:
    for entry in audit_history(session, client_id, limit=1000):
        if "status" in entry.changes:
            old, new = entry.changes["status"]
            if new == ClientStatus.ARCHIVED and old and old != ClientStatus.ARCHIVED:
                return str(old)
            break
    return ClientStatus.ACTIVE.value


# --- the owner manager (归属客户经理) ------------------------------------------------


@dataclass(frozen=True)
class ManagerChoice:
    """A manager a client can be given to; `level` is a `vocab.ManagerLevel` code name."""

    id: str
    name: str
    level: str


def _level_rank(level: str) -> int:
    try:
        return ManagerLevel(level).rank
    except ValueError:
        return len(ManagerLevel) + 1


def owner_choices(
    session: Session, client_id: str | None = None, manager_id: str | None = None
) -> list[ManagerChoice]:
    """The managers a client may be given to: its branch's staff, client managers first.

    "Its branch" is the whole tree the client's branch belongs to (a 支行
    with its sub-branches and 分理处), since clients move between them; a
    new client (`client_id` None) takes the branch of `manager_id`, the
    signed-in manager. A store that knows no branch offers every live
    manager. The client's current owner is always offered, even one who has
    left, so the form shows who it is (saving another owner is then checked).
    """
    from store.pinyin import name_search_keys  # slow first import: the form's worker

    owner: str | None = None
    branch_id: str | None = None
    if manager_id is not None:
        signed_in = session.get(Manager, manager_id)
        branch_id = signed_in.branch_id if signed_in is not None else None
    if client_id is not None:
        client = session.get(Client, client_id)
        if client is not None:
            owner, branch_id = client.owner_manager_id, client.branch_id or branch_id
    offered: Any = Manager.deleted.is_(False)
    if branch_id is not None:
        offered = and_(offered, Manager.branch_id.in_(_branch_tree(session, branch_id)))
    if owner is not None:  # even one who left: the form shows who owns the client now
        offered = or_(offered, Manager.id == owner)
    found = session.execute(select(Manager.id, Manager.name, Manager.level).where(offered)).all()
    ordered = sorted(
        found, key=lambda m: (_level_rank(m.level), name_search_keys(m.name)[0], m.name, m.id)
    )
    return [ManagerChoice(m.id, m.name, m.level) for m in ordered]


def _branch_tree(session: Session, branch_id: str) -> set[str]:
    """Every branch under the topmost ancestor of `branch_id` (a branch table is small)."""
    parents = dict(
        session.execute(select(Branch.id, Branch.parent_id).where(Branch.deleted.is_(False))).all()
    )
    root, seen = branch_id, {branch_id}
    while parents.get(root) and parents[root] not in seen:
        root = parents[root]
        seen.add(root)
    tree = {root}
    grew = True
    while grew:
        below = {child for child, parent in parents.items() if parent in tree} - tree
        tree |= below
        grew = bool(below)
    return tree


def _assign_owner(session: Session, client: Client, manager_id: str) -> bool:
    """Give `client` to a live manager, and to that manager's branch; True if it changed.

    Raises a `ValidationError` on the owner field (with ``column``
    ``owner_manager_id``, so a form shows it there) for a manager that does
    not exist here or was deleted.
    """
    manager = session.get(Manager, manager_id)
    if manager is None or manager.deleted:
        error = ValidationError("field.owner", "client_relations.invalid.unknown_manager")
        error.column = "owner_manager_id"  # type: ignore[attr-defined]
        raise error
    changed = False
    if client.owner_manager_id != manager.id:
        client.owner_manager_id = manager.id
        changed = True
    if client.branch_id != manager.branch_id:
        client.branch_id = manager.branch_id
    return changed


def set_owner(store: Any, client_id: str, manager_id: str) -> bool:
    """Reassign a client to another manager (and that manager's branch); True if it changed.

    The capture path audits the change (old → new owner), so the profile's
    history shows who handed the client to whom.
    """
    with store.session() as session:
        return _assign_owner(session, live_client(session, client_id), manager_id)
