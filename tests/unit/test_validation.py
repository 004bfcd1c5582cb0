"""Tests for store.validation: IDs, phones, e-mail, credit codes, dates, masks.

Check digits are recomputed here with a different formulation of the same
standards (weights as powers mod p, check value solving a congruence), so a
wrong weight table or mapping in the module cannot agree with the test by
construction.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.errors import ValidationError
from store.validation import (
    RESIDENT_ID_PROVINCES,
    ResidentId,
    credit_code_check_char,
    mask_id_number,
    mask_phone,
    parse_date,
    resident_id_check_digit,
    validate_credit_code,
    validate_email,
    validate_mobile,
    validate_resident_id,
)

TODAY = date(2026, 11, 28)
DETERMINISTIC = settings(derandomize=True, database=None, max_examples=300, deadline=None)


def _reason(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return exc.value.reason


# --- independent reference implementations -----------------------------------


def iso7064_mod11_2(body: str) -> str:
    """ISO 7064 MOD 11-2 written from the standard's definition.

    Position i (counted from the right, check digit at i = 1) has weight
    2^(i-1) mod 11, and the check value c makes the weighted sum ≡ 1 (mod 11).
    """
    assert len(body) == 17
    total = sum(int(d) * pow(2, 17 - k, 11) for k, d in enumerate(body))
    c = (1 - total) % 11
    return "X" if c == 10 else str(c)


_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def gb32100_check(body: str) -> str:
    """GB 32100-2015 check char: weights 3^i mod 31, weighted sum + c ≡ 0 (mod 31)."""
    total = sum(_CREDIT_ALPHABET.index(ch) * pow(3, k, 31) for k, ch in enumerate(body))
    return _CREDIT_ALPHABET[(-total) % 31]


def test_reference_implementations_agree_with_hand_computation() -> None:
    # 11010519491231002: 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167,
    # 167 mod 11 = 2 -> "10X98765432"[2] = X.
    assert iso7064_mod11_2("11010519491231002") == "X"
    # 44030819990101001: weighted sum 219, 219 mod 11 = 10 -> "2".
    assert iso7064_mod11_2("44030819990101001") == "2"
    # 12100000400000624: 1+6+9+80+60+60+112 = 328, 328 mod 31 = 18,
    # 31 - 18 = 13 -> alphabet[13] = D.
    assert gb32100_check("12100000400000624") == "D"


# --- resident ID ---------------------------------------------------------------


def test_well_known_example_id_is_valid() -> None:
    result = validate_resident_id("11010519491231002X", today=TODAY)
    assert result == ResidentId(
        number="11010519491231002X",
        birth_date=date(1949, 12, 31),
        gender="female",
        region="110105",
    )


def test_id_male_from_odd_17th_digit() -> None:
    result = validate_resident_id("440308199901010012", today=TODAY)
    assert result.gender == "male"
    assert result.birth_date == date(1999, 1, 1)
    assert result.region == "440308"


def test_id_normalises_lowercase_x_spaces_and_full_width() -> None:
    assert validate_resident_id(" 110105 19491231 002x ", today=TODAY).number == (
        "11010519491231002X"
    )
    full_width = "１１０１０５１９４９１２３１００２Ｘ"
    assert validate_resident_id(full_width, today=TODAY).number == "11010519491231002X"


def test_resident_id_check_digit_matches_examples() -> None:
    assert resident_id_check_digit("11010519491231002") == "X"
    assert resident_id_check_digit("44030819990101001") == "2"


@pytest.mark.parametrize(
    "bad",
    [
        "1101051949123100",
        "110105194912310020",
        "1101051949123100X",
        "１１０１０５１９４９１２３１００２",
    ],
)
def test_resident_id_check_digit_rejects_bad_bodies(bad: str) -> None:
    with pytest.raises(ValueError):
        resident_id_check_digit(bad)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "invalid.required"),
        ("   ", "invalid.required"),
        ("11010519491231002", "invalid.id_length"),
        ("11010519491231002X1", "invalid.id_length"),
        ("11010519491231002Y", "invalid.id_chars"),
        ("1101051949123100X2", "invalid.id_chars"),
        ("A1010519491231002X", "invalid.id_chars"),
    ],
)
def test_id_shape_errors(value: str, reason: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_resident_id(value, today=TODAY)
    assert exc.value.field == "field.id_number"
    assert _reason(exc) == reason


@pytest.mark.parametrize("province", ["00", "10", "16", "20", "24", "30", "47", "55", "66", "99"])
def test_id_unknown_province_rejected(province: str) -> None:
    body = province + "010519491231002"
    number = body + iso7064_mod11_2(body)
    with pytest.raises(ValidationError) as exc:
        validate_resident_id(number, today=TODAY)
    assert _reason(exc) == "invalid.id_region"
    assert exc.value.params == {"region": province + "0105"}


@pytest.mark.parametrize("province", ["71", "81", "82", "83"])
def test_id_residence_permit_provinces_accepted(province: str) -> None:
    body = province + "000019900101001"
    number = body + iso7064_mod11_2(body)
    assert validate_resident_id(number, today=TODAY).region == province + "0000"


@pytest.mark.parametrize(
    ("birth", "shown"),
    [
        ("19490230", "1949-02-30"),
        ("19491301", "1949-13-01"),
        ("19490000", "1949-00-00"),
        ("18991231", "1899-12-31"),
        ("19890229", "1989-02-29"),  # 1989 is not a leap year
        ("19000229", "1900-02-29"),  # 1900 is divisible by 100, not by 400
    ],
)
def test_id_birth_date_must_exist_and_be_after_1900(birth: str, shown: str) -> None:
    body = "110105" + birth + "002"
    number = body + iso7064_mod11_2(body)
    with pytest.raises(ValidationError) as exc:
        validate_resident_id(number, today=TODAY)
    assert _reason(exc) == "invalid.id_birth_date"
    assert exc.value.params == {"value": shown}


@pytest.mark.parametrize("birth", ["19880229", "20000229"])
def test_id_feb_29_in_leap_year_accepted(birth: str) -> None:
    body = "520101" + birth + "123"
    number = body + iso7064_mod11_2(body)
    result = validate_resident_id(number, today=TODAY)
    assert (result.birth_date.month, result.birth_date.day) == (2, 29)


def test_id_hand_computed_leap_day_number() -> None:
    # 52010119880229123: weighted sum 250, 250 mod 11 = 8 -> "4".
    assert validate_resident_id("520101198802291234", today=TODAY).birth_date == date(1988, 2, 29)


def test_id_birth_after_today_rejected_but_today_accepted() -> None:
    tomorrow = "110105" + "20261129" + "002"
    with pytest.raises(ValidationError) as exc:
        validate_resident_id(tomorrow + iso7064_mod11_2(tomorrow), today=TODAY)
    assert _reason(exc) == "invalid.id_birth_future"
    assert exc.value.params == {"value": "2026-11-29"}

    born_today = "110105" + "20261128" + "002"
    result = validate_resident_id(born_today + iso7064_mod11_2(born_today), today=TODAY)
    assert result.birth_date == TODAY


def test_id_wrong_check_digit_reports_expected_and_actual() -> None:
    with pytest.raises(ValidationError) as exc:
        validate_resident_id("110105194912310021", today=TODAY)
    assert _reason(exc) == "invalid.id_check_digit"
    assert exc.value.params == {"expected": "X", "actual": "1"}


_PROVINCES = sorted(RESIDENT_ID_PROVINCES)


@st.composite
def id_bodies(draw: st.DrawFn) -> str:
    """17-digit bodies with a real province, an existing past birth date."""
    province = draw(st.sampled_from(_PROVINCES))
    area = draw(st.from_regex(r"[0-9]{4}", fullmatch=True))
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    sequence = draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    return province + area + birth.strftime("%Y%m%d") + sequence


@DETERMINISTIC
@given(id_bodies())
def test_property_any_valid_body_with_check_digit_validates(body: str) -> None:
    number = body + iso7064_mod11_2(body)
    result = validate_resident_id(number, today=TODAY)
    assert result.number == number
    assert result.birth_date.strftime("%Y%m%d") == body[6:14]
    assert result.gender == ("male" if int(body[16]) % 2 else "female")
    assert result.region == body[:6]


@DETERMINISTIC
@given(id_bodies(), st.sampled_from("0123456789X"))
def test_property_any_other_check_digit_fails(body: str, wrong: str) -> None:
    right = iso7064_mod11_2(body)
    if wrong == right:
        wrong = "0" if right == "X" else "X"
    with pytest.raises(ValidationError) as exc:
        validate_resident_id(body + wrong, today=TODAY)
    assert _reason(exc) == "invalid.id_check_digit"
    assert exc.value.params == {"expected": right, "actual": wrong}


# --- mobile --------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "13800138000",
        "138 0013 8000",
        "138-0013-8000",
        "+86 138 0013 8000",
        "+86-138-0013-8000",
        "+8613800138000",
        "8613800138000",
        "008613800138000",
        "0086 138 0013 8000",
        "１３８００１３８０００",
    ],
)
def test_mobile_normalised(value: str) -> None:
    assert validate_mobile(value) == "13800138000"


@pytest.mark.parametrize("second", "3456789")
def test_mobile_second_digit_3_to_9_accepted(second: str) -> None:
    assert validate_mobile(f"1{second}012345678") == f"1{second}012345678"


@pytest.mark.parametrize(
    "value",
    [
        "12800138000",  # second digit 2
        "10800138000",  # second digit 0
        "23800138000",  # does not start with 1
        "1380013800",  # 10 digits
        "138001380001",  # 12 digits
        "+87 138 0013 8000",  # another country code
        "86 1380013800",  # prefix plus only 10 digits
        "1380013800O",  # letter O for zero
        "138_0013_8000",
    ],
)
def test_mobile_rejected(value: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_mobile(value)
    assert exc.value.field == "field.phone"
    assert _reason(exc) == "invalid.mobile"


def test_mobile_empty_is_required() -> None:
    with pytest.raises(ValidationError) as exc:
        validate_mobile("  - ")
    assert _reason(exc) == "invalid.required"


# --- e-mail --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("zhang.wei@example.com", "zhang.wei@example.com"),
        ("  Zhang.Wei@Example.COM ", "Zhang.Wei@example.com"),
        ("a+tag@mail.bank.com.cn", "a+tag@mail.bank.com.cn"),
        ("x@my-bank.cn", "x@my-bank.cn"),
    ],
)
def test_email_accepted_and_domain_lowercased(value: str, expected: str) -> None:
    assert validate_email(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "no-at-sign.com",
        "a@@b.com",
        "a@b@c.com",
        "@example.com",
        "a@localhost",
        "a b@example.com",
        "a@exa mple.com",
        "a@.com",
        "a@example..com",
        "a@example.com.",
        "a@-example.com",
        ".a@example.com",
        "a..b@example.com",
        "a@exa_mple.com",
    ],
)
def test_email_rejected(value: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_email(value)
    assert exc.value.field == "field.email"
    assert _reason(exc) == "invalid.email"


def test_email_empty_is_required() -> None:
    with pytest.raises(ValidationError) as exc:
        validate_email("   ")
    assert _reason(exc) == "invalid.required"


# --- unified social credit code ------------------------------------------------


def test_real_credit_code_is_valid() -> None:
    assert validate_credit_code("91350100M000100Y43") == "91350100M000100Y43"
    assert gb32100_check("91350100M000100Y4") == "3"


def test_hand_computed_credit_code_is_valid_and_normalised() -> None:
    assert validate_credit_code(" 12100000400000624d ") == "12100000400000624D"
    assert credit_code_check_char("12100000400000624") == "D"


def test_credit_code_wrong_check_char() -> None:
    with pytest.raises(ValidationError) as exc:
        validate_credit_code("91350100M000100Y44")
    assert exc.value.field == "field.credit_code"
    assert _reason(exc) == "invalid.credit_code_check"
    assert exc.value.params == {"expected": "3", "actual": "4"}


@pytest.mark.parametrize("value", ["91350100M000100Y4", "91350100M000100Y433"])
def test_credit_code_length(value: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(value)
    assert _reason(exc) == "invalid.credit_code_length"


@pytest.mark.parametrize(
    ("value", "chars"),
    [
        ("91350100M000100I43", "I"),
        ("91350100O000100Z43", "OZ"),
        ("9135010SM000100V43", "SV"),
        ("91350100M00010-Y43", "-"),
    ],
)
def test_credit_code_forbidden_chars(value: str, chars: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(value)
    assert _reason(exc) == "invalid.credit_code_chars"
    assert exc.value.params == {"chars": chars}


def test_credit_code_check_char_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        credit_code_check_char("1210000040000062")
    with pytest.raises(ValueError):
        credit_code_check_char("1210000040000062I")


@DETERMINISTIC
@given(st.text(alphabet=_CREDIT_ALPHABET, min_size=17, max_size=17))
def test_property_credit_code_check_char_matches_reference(body: str) -> None:
    assert credit_code_check_char(body) == gb32100_check(body)
    assert validate_credit_code(body + gb32100_check(body)) == body + gb32100_check(body)


# --- dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-28", date(2026, 11, 28)),
        ("2026/11/28", date(2026, 11, 28)),
        ("2026.11.28", date(2026, 11, 28)),
        ("20261128", date(2026, 11, 28)),
        ("2026年11月28日", date(2026, 11, 28)),
        ("2026-1-5", date(2026, 1, 5)),
        ("2026/1/05", date(2026, 1, 5)),
        ("2026年1月5日", date(2026, 1, 5)),
        (" 2026-11-28 ", date(2026, 11, 28)),
        ("２０２６－１１－２８", date(2026, 11, 28)),
        ("2024-02-29", date(2024, 2, 29)),
    ],
)
def test_parse_date_formats(value: str, expected: date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "2026-02-29",
        "2026-02-30",
        "2026-13-01",
        "2026-00-10",
        "20261301",
        "2026年2月30日",
        "2026-11/28",
        "28/11/2026",
        "2026-11",
        "tomorrow",
        "0000-01-01",
    ],
)
def test_parse_date_rejects(value: str) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_date(value, "field.birth_date")
    assert exc.value.field == "field.birth_date"
    assert _reason(exc) == "invalid.date"
    assert exc.value.params == {"value": value}


def test_parse_date_empty_is_required() -> None:
    with pytest.raises(ValidationError) as exc:
        parse_date("")
    assert exc.value.field == "field.date"
    assert _reason(exc) == "invalid.required"


# --- masking -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("520123199001011234", "5201**********1234"),
        ("11010519491231002x", "1101**********002X"),
        ("E12345678", "E123*5678"),
        ("12345678", "********"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_id_number(value: str | None, expected: str) -> None:
    masked = mask_id_number(value)
    assert masked == expected
    assert len(masked) == len(value or "")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13812345678", "138****5678"),
        ("+86 138-1234-5678", "138****5678"),
        ("010-12345678", "010****5678"),
        ("123456", "******"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(value: str | None, expected: str) -> None:
    assert mask_phone(value) == expected
