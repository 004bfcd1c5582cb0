"""Checks for the identifiers a relationship manager types in by hand.

Every check is a pure function that either returns the value in the one
normalised form the store keeps, or raises `ValidationError` carrying catalog
keys. Keeping the rules here (and not in the TUI) means imports, the demo
data generator and the screens all refuse the same bad input with the same
message, and the rules can be tested without a terminal.

Inputs are NFKC-normalised first because Chinese input methods readily
produce full-width digits and letters (``１１０１``) that look right on
screen but would otherwise fail every check.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from store.errors import ValidationError

__all__ = [
    "CREDIT_CODE_ALPHABET",
    "RESIDENT_ID_PROVINCES",
    "Gender",
    "ResidentId",
    "credit_code_check_char",
    "mask_id_number",
    "mask_phone",
    "parse_date",
    "resident_id_check_digit",
    "validate_credit_code",
    "validate_email",
    "validate_mobile",
    "validate_resident_id",
]

Gender = Literal["male", "female"]

_WHITESPACE = re.compile(r"\s+")


def _normalise(value: str) -> str:
    """Full-width to ASCII and all whitespace removed.

    Identifiers never contain spaces, but people paste them grouped
    (``110105 19491231 002X``) or with a stray trailing blank.
    """
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", value))


# --- resident identity card (GB 11643-1999) ---------------------------------

#: Province-level codes that can start an 18-digit number: the mainland
#: provinces, plus 71/81/82/83 used by residence permits for residents of
#: Taiwan, Hong Kong and Macau (83 is the code the permits use for Taiwan).
RESIDENT_ID_PROVINCES: frozenset[str] = frozenset(
    {
        "11", "12", "13", "14", "15",
        "21", "22", "23",
        "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46",
        "50", "51", "52", "53", "54",
        "61", "62", "63", "64", "65",
        "71", "81", "82", "83",
    }
)  # fmt: skip

_ID_WEIGHTS: tuple[int, ...] = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_MAP = "10X98765432"
_ID_BODY = re.compile(r"[0-9]{17}[0-9X]")
_MIN_BIRTH_YEAR = 1900


@dataclass(frozen=True, slots=True)
class ResidentId:
    """A checked 18-digit resident ID and what it says about its holder.

    The birth date and gender are derived rather than typed separately so
    that the client record cannot contradict the ID number.
    """

    number: str
    birth_date: date
    gender: Gender
    region: str


def resident_id_check_digit(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits.

    Raises `ValueError` (a programming error, not user input) unless
    `first17` is exactly 17 ASCII digits.
    """
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError(f"expected 17 digits, got {first17!r}")
    return _check_digit(first17)


def _check_digit(first17: str) -> str:
    """The check character of 17 ASCII digits (the caller has made sure they are).

    The weights (`_ID_WEIGHTS`) are 2**17 … 2**1 modulo 11, and 13 ≡ 2
    (mod 11), so the weighted sum is congruent to twice the digits read as
    a base-13 number: one C-level `int` call instead of 17 multiplications
    in Python (a 100,000-row import checks 100,000 numbers).
    """
    return _ID_CHECK_MAP[2 * int(first17, 13) % 11]


def validate_resident_id(value: str, *, today: date) -> ResidentId:
    """Check an 18-digit resident ID number and split out what it encodes.

    `today` is a parameter rather than `date.today()` so results do not
    depend on the clock (tests, and imports run just after midnight).
    """
    field = "field.id_number"
    if _ID_BODY.fullmatch(value):
        # Already 18 plain characters, as core banking writes them: folding
        # would leave them as they are (a bulk import's common case).
        number = value
    else:
        number = _normalise(value).upper()
        if not number:
            raise ValidationError(field, "invalid.required")
        if len(number) != 18:
            raise ValidationError(field, "invalid.id_length")
        if not _ID_BODY.fullmatch(number):
            raise ValidationError(field, "invalid.id_chars")
    if number[:2] not in RESIDENT_ID_PROVINCES:
        raise ValidationError(field, "invalid.id_region", region=number[:6])
    year, month, day = number[6:10], number[10:12], number[12:14]
    try:
        birth = date(int(year), int(month), int(day))
    except ValueError:
        birth = None
    if birth is None or birth.year < _MIN_BIRTH_YEAR:
        raise ValidationError(field, "invalid.id_birth_date", value=f"{year}-{month}-{day}")
    if birth > today:
        raise ValidationError(field, "invalid.id_birth_future", value=birth.isoformat())
    expected = _check_digit(number[:17])  # 17 ASCII digits: _ID_BODY matched
    if number[17] != expected:
        raise ValidationError(field, "invalid.id_check_digit", expected=expected, actual=number[17])
    gender: Gender = "male" if int(number[16]) % 2 == 1 else "female"
    return ResidentId(number=number, birth_date=birth, gender=gender, region=number[:6])


# --- mobile numbers ---------------------------------------------------------

_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_COUNTRY_PREFIXES = ("+86", "0086", "86")


def validate_mobile(value: str) -> str:
    """A mainland mobile number as its bare 11 digits.

    Numbers arrive as ``+86 138-0013-8000`` from business cards and as
    ``13800138000`` from core banking; storing one form keeps duplicate
    detection and search simple.
    """
    field = "field.phone"
    text = _normalise(value).replace("-", "")
    if not text:
        raise ValidationError(field, "invalid.required")
    for prefix in _COUNTRY_PREFIXES:
        # A bare number starts with 1, so "86" can only be a country code
        # when exactly 11 digits follow it.
        if text.startswith(prefix) and len(text) - len(prefix) == 11:
            text = text[len(prefix) :]
            break
    if not _MOBILE.fullmatch(text):
        raise ValidationError(field, "invalid.mobile")
    return text


# --- e-mail -----------------------------------------------------------------

_EMAIL_LOCAL_MAX = 64
_EMAIL_MAX = 254


def validate_email(value: str) -> str:
    """A practical e-mail check that catches typos, not every RFC 5322 corner.

    Only the domain is lowercased: it is case-insensitive everywhere, while
    the local part is, in theory, the receiving server's business.
    """
    field = "field.email"
    text = unicodedata.normalize("NFKC", value).strip()
    if not text:
        raise ValidationError(field, "invalid.required")
    if len(text) > _EMAIL_MAX or _WHITESPACE.search(text) or text.count("@") != 1:
        raise ValidationError(field, "invalid.email")
    local, domain = text.split("@")
    if not local or len(local) > _EMAIL_LOCAL_MAX or ".." in local:
        raise ValidationError(field, "invalid.email")
    if local.startswith(".") or local.endswith("."):
        raise ValidationError(field, "invalid.email")
    labels = domain.split(".")
    if len(labels) < 2:
        raise ValidationError(field, "invalid.email")
    for label in labels:
        if not label or label.startswith("-") or label.endswith("-"):
            raise ValidationError(field, "invalid.email")
        if not all(ch.isalnum() or ch == "-" for ch in label):
            raise ValidationError(field, "invalid.email")
    return f"{local}@{domain.lower()}"


# --- unified social credit code (GB 32100-2015) -----------------------------

#: The 31 characters a credit code may use: digits and capitals without
#: I, O, Z, S, V (too easily confused with 1, 0, 2, 5, U).
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_VALUES = {ch: i for i, ch in enumerate(CREDIT_CODE_ALPHABET)}
_CREDIT_WEIGHTS: tuple[int, ...] = (
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
)  # fmt: skip


def credit_code_check_char(first17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters.

    Raises `ValueError` (a programming error) unless `first17` is 17
    characters of the credit-code alphabet.
    """
    if len(first17) != 17 or any(ch not in _CREDIT_VALUES for ch in first17):
        raise ValueError(f"expected 17 credit-code characters, got {first17!r}")
    total = sum(_CREDIT_VALUES[ch] * w for ch, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> str:
    """A company's unified social credit code, uppercased.

    Only the character set and the check character are verified; the
    registration-authority and region parts are not, because their code
    lists change and a wrong one is rare once the check character matches.
    """
    field = "field.credit_code"
    code = _normalise(value).upper()
    if not code:
        raise ValidationError(field, "invalid.required")
    if len(code) != 18:
        raise ValidationError(field, "invalid.credit_code_length")
    bad = sorted({ch for ch in code if ch not in _CREDIT_VALUES})
    if bad:
        raise ValidationError(field, "invalid.credit_code_chars", chars="".join(bad))
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            field, "invalid.credit_code_check", expected=expected, actual=code[17]
        )
    return code


# --- dates ------------------------------------------------------------------

_DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"),
    re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]?"),
)


def parse_date(value: str, field: str = "field.date") -> date:
    """A calendar date from the ways people write one in China.

    Accepts ``2026-11-28``, ``2026/11/28``, ``2026.11.28``, ``20261128`` and
    ``2026年11月28日``, with or without leading zeros. A date that does not
    exist (``2026-02-30``) is refused rather than silently rolled over.
    """
    text = _normalise(value)
    if not text:
        raise ValidationError(field, "invalid.required")
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                break
    raise ValidationError(field, "invalid.date", value=value.strip())


# --- masking for display ----------------------------------------------------


def _mask(text: str, keep_head: int, keep_tail: int) -> str:
    """`text` with all but its head and tail replaced by ``*``, same length.

    Too short a value is masked completely: keeping head and tail would
    reveal (nearly) all of it.
    """
    if len(text) <= keep_head + keep_tail:
        return "*" * len(text)
    hidden = len(text) - keep_head - keep_tail
    return text[:keep_head] + "*" * hidden + text[len(text) - keep_tail :]


def mask_id_number(value: str | None) -> str:
    """An ID number safe to show on a shared screen: ``5201**********1234``."""
    if not value:
        return ""
    return _mask(_normalise(value).upper(), 4, 4)


def mask_phone(value: str | None) -> str:
    """A phone number safe to show on a shared screen: ``138****5678``.

    A mainland mobile is normalised first so ``+86 138-0013-8000`` masks
    the same way as ``13800138000``; anything else (a landline) loses its
    spaces and hyphens and keeps its first three and last four characters.
    """
    if not value:
        return ""
    try:
        text = validate_mobile(value)
    except ValidationError:
        text = _normalise(value).replace("-", "")
    return _mask(text, 3, 4)
