from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from linkwork.identifiers import IdentifierError, normalise_nhs_number, validate_nhs_number
from linkwork.identifiers._digits import modulus_11_check_digit

WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


def test_worked_example_from_the_data_dictionary() -> None:
    # 9*10 + 4*9 + 3*8 + 4*7 + 7*6 + 6*5 + 5*4 + 9*3 + 1*2
    # = 90 + 36 + 24 + 28 + 42 + 30 + 20 + 27 + 2 = 299; 299 mod 11 = 2; 11 - 2 = 9.
    assert validate_nhs_number("943 476 5919") == "9434765919"


@pytest.mark.parametrize(
    "raw", ["9434765919", "943-476-5919", " 943 476 5919 ", "943\t476\u00a05919"]
)
def test_spaces_and_hyphens_are_ignored(raw: str) -> None:
    assert normalise_nhs_number(raw) == "9434765919"
    assert validate_nhs_number(raw) == "9434765919"


def test_check_digit_of_eleven_is_written_as_zero() -> None:
    # "000000112": 1*4 + 1*3 + 2*2 = 11; 11 mod 11 = 0; 11 - 0 = 11 -> written as 0.
    assert modulus_11_check_digit("000000112") == 0
    assert validate_nhs_number("0000001120") == "0000001120"


def test_check_digit_of_ten_is_never_valid() -> None:
    # "100000001": 1*10 + 1*2 = 12; 12 mod 11 = 1; 11 - 1 = 10 -> no number can be issued.
    assert modulus_11_check_digit("100000001") is None
    for last in "0123456789":
        with pytest.raises(IdentifierError) as caught:
            validate_nhs_number("100000001" + last)
        assert caught.value.code == "nhs_number_check_digit"
        assert str(caught.value) == (
            "This NHS number is not valid: check each digit against the person's records."
        )


def test_wrong_check_digit_message() -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_nhs_number("943 476 5918")
    assert caught.value.code == "nhs_number_check_digit"
    assert str(caught.value) == (
        "This NHS number is not valid: check each digit against the person's records."
    )
    # The right check digit (9) is not given away: a number "corrected" to pass is
    # someone else's.
    assert "9" not in str(caught.value)


@pytest.mark.parametrize(("raw", "count"), [("12345", 5), ("", 0), ("94347659190", 11)])
def test_wrong_length(raw: str, count: int) -> None:
    with pytest.raises(IdentifierError) as caught:
        normalise_nhs_number(raw)
    assert caught.value.code == "nhs_number_length"
    assert str(caught.value) == f"Enter all 10 digits of the NHS number; this has {count}."


@pytest.mark.parametrize(
    "raw",
    [
        "943476591O",
        "943.476.5919",
        "\uff19\uff14\uff13\uff14\uff17\uff16\uff15\uff19\uff11\uff19",
        "943476591\u0669",
    ],
)
def test_non_digits_are_refused(raw: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        normalise_nhs_number(raw)
    assert caught.value.code == "nhs_number_characters"
    assert isinstance(caught.value, ValueError)


def test_integers_are_refused_because_leading_zeros_are_lost() -> None:
    with pytest.raises(TypeError):
        normalise_nhs_number(9434765919)  # type: ignore[arg-type]


def test_ranges_are_not_checked() -> None:
    # 999 range is reserved for test data but must still pass on its check digit alone.
    # 9*10 + 9*9 + 9*8 + 1*2 = 245; 245 mod 11 = 3; 11 - 3 = 8.
    assert validate_nhs_number("999 000 0018") == "9990000018"
    # A leading zero is outside every listed range yet passes on its check digit.
    assert validate_nhs_number("0000001120") == "0000001120"


@given(nine_digits)
def test_appending_the_computed_check_digit_validates(first_nine: str) -> None:
    total = sum(int(d) * w for d, w in zip(first_nine, WEIGHTS, strict=True))
    check = (11 - total % 11) % 11  # independent restatement: 11 -> 0
    assume(check != 10)
    assert validate_nhs_number(first_nine + str(check)) == first_nine + str(check)


@given(nine_digits, st.integers(min_value=0, max_value=9), st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_breaks_it(first_nine: str, position: int, shift: int) -> None:
    check = modulus_11_check_digit(first_nine)
    assume(check is not None)
    valid = first_nine + str(check)
    # Weights (10..2, and 1 for the check digit itself) are all non-zero mod 11 and 11 is
    # prime, so changing one digit by 1-9 always changes the weighted sum mod 11.
    changed = valid[:position] + str((int(valid[position]) + shift) % 10) + valid[position + 1 :]
    with pytest.raises(IdentifierError) as caught:
        validate_nhs_number(changed)
    assert caught.value.code == "nhs_number_check_digit"
