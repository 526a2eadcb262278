from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from linkwork.identifiers import IdentifierError, chi_sex_digit, validate_chi_number
from linkwork.identifiers._digits import modulus_10_check_digit, modulus_11_check_digit

# Public Health Scotland's own example (phsmethods chi_check docs).
# Mod 11: 0*10 + 1*9 + 0*8 + 1*7 + 0*6 + 1*5 + 1*4 + 2*3 + 3*2 = 37; 37 mod 11 = 4; 11 - 4 = 7.
PHS_EXAMPLE = "0101011237"

# 010190 123 ? -- valid by Modulus 10 only.
# Mod 11: 0*10 + 1*9 + 0*8 + 1*7 + 9*6 + 0*5 + 1*4 + 2*3 + 3*2 = 86; 86 mod 11 = 9; 11 - 9 = 2.
# Mod 10: doubled positions 1,3,5,7,9 -> 0, 0, 18-9=9, 2, 6; others 1, 1, 0, 2;
#         sum = 0+1+0+1+9+0+2+2+6 = 21; (10 - 1) mod 10 = 9.
MOD10_ONLY = "0101901239"

# 150685 432 ? -- Modulus 11 gives 10 (no valid number), Modulus 10 gives 0.
# Mod 11: 10 + 45 + 0 + 42 + 48 + 25 + 16 + 9 + 4 = 199; 199 mod 11 = 1; 11 - 1 = 10.
# Mod 10: doubled 1->2, 0->0, 8->16-9=7, 4->8, 2->4; others 5, 6, 5, 3; sum = 40 -> 0.
MOD10_WHERE_MOD11_IMPOSSIBLE = "1506854320"


def _dates() -> st.SearchStrategy[date]:
    return st.dates(min_value=date(1901, 1, 1), max_value=date(2099, 12, 31))


def test_phs_worked_example() -> None:
    assert validate_chi_number(PHS_EXAMPLE) == PHS_EXAMPLE
    assert validate_chi_number("010101-1237", date_of_birth=date(1901, 1, 1)) == PHS_EXAMPLE


def test_modulus_11_hand_worked() -> None:
    assert modulus_11_check_digit("010190123") == 2
    assert validate_chi_number("0101901232") == "0101901232"


def test_modulus_10_numbers_that_fail_modulus_11_are_accepted() -> None:
    assert modulus_10_check_digit("010190123") == 9
    assert validate_chi_number(MOD10_ONLY) == MOD10_ONLY
    assert modulus_11_check_digit("150685432") is None
    assert validate_chi_number(MOD10_WHERE_MOD11_IMPOSSIBLE) == MOD10_WHERE_MOD11_IMPOSSIBLE


def test_wrong_check_digit() -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_chi_number("0101901235")
    assert caught.value.code == "chi_check_digit"
    assert str(caught.value) == (
        "This CHI number is not valid: check each digit against the person's records."
    )
    # Neither rule's digit is given away: a number "corrected" to pass is someone else's.
    assert not any(digit in str(caught.value) for digit in "0123456789")


def test_wrong_check_digit_when_modulus_11_is_impossible() -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_chi_number("1506854321")
    assert caught.value.code == "chi_check_digit"
    assert str(caught.value) == (
        "This CHI number is not valid: check each digit against the person's records."
    )


@pytest.mark.parametrize("first_six", ["320190", "311190", "290201", "000190", "011390", "010090"])
def test_first_six_digits_must_be_a_real_date(first_six: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_chi_number(first_six + "1234")
    assert caught.value.code == "chi_date"
    assert first_six in str(caught.value)


def test_29_february_2000_is_a_real_date() -> None:
    # 1900 was not a leap year but 2000 was; the century is unknown, so accept it.
    first_nine = "290200123"
    check = modulus_11_check_digit(first_nine)
    assert check is not None
    assert validate_chi_number(first_nine + str(check), date_of_birth=date(2000, 2, 29))


def test_date_of_birth_mismatch_is_refused() -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_chi_number(PHS_EXAMPLE, date_of_birth=date(2001, 1, 2))
    assert caught.value.code == "chi_dob_mismatch"
    assert "010101" in str(caught.value)
    assert "020101" in str(caught.value)


@pytest.mark.parametrize("dob", [date(1901, 1, 1), date(2001, 1, 1), datetime(2001, 1, 1, 9, 30)])  # noqa: DTZ001
def test_date_of_birth_matches_on_day_month_and_two_digit_year(dob: date) -> None:
    assert validate_chi_number(PHS_EXAMPLE, date_of_birth=dob) == PHS_EXAMPLE


def test_date_of_birth_year_mismatch_is_refused() -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_chi_number(PHS_EXAMPLE, date_of_birth=date(2002, 1, 1))
    assert caught.value.code == "chi_dob_mismatch"


@pytest.mark.parametrize(
    ("raw", "code"), [("01010112", "chi_number_length"), ("0101011A37", "chi_number_characters")]
)
def test_shape_errors(raw: str, code: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_chi_number(raw)
    assert caught.value.code == code
    assert "CHI number" in str(caught.value)
    assert raw not in str(caught.value)


def test_a_short_number_says_to_enter_all_ten_digits() -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_chi_number("01010112")
    assert str(caught.value) == "Enter all 10 digits of the CHI number; this has 8."


def test_sex_digit() -> None:
    assert chi_sex_digit(PHS_EXAMPLE) == "male"  # digit 9 is 3
    assert chi_sex_digit(MOD10_WHERE_MOD11_IMPOSSIBLE) == "female"  # digit 9 is 2


def test_sex_digit_refuses_an_invalid_number() -> None:
    with pytest.raises(IdentifierError):
        chi_sex_digit("0101011238")


@given(_dates(), st.text(alphabet="0123456789", min_size=3, max_size=3))
def test_either_check_digit_validates_with_matching_dob(dob: date, serial: str) -> None:
    first_nine = dob.strftime("%d%m%y") + serial
    for check in (modulus_11_check_digit(first_nine), modulus_10_check_digit(first_nine)):
        if check is None:
            continue
        chi = first_nine + str(check)
        assert validate_chi_number(chi, date_of_birth=dob) == chi


@given(_dates(), st.text(alphabet="0123456789", min_size=3, max_size=3), _dates())
def test_any_other_date_of_birth_is_refused(dob: date, serial: str, other: date) -> None:
    assume(other.strftime("%d%m%y") != dob.strftime("%d%m%y"))
    first_nine = dob.strftime("%d%m%y") + serial
    check = modulus_10_check_digit(first_nine)
    with pytest.raises(IdentifierError) as caught:
        validate_chi_number(first_nine + str(check), date_of_birth=other)
    assert caught.value.code == "chi_dob_mismatch"
