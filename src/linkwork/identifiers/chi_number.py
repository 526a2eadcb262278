"""Scottish CHI numbers: date of birth, sex digit and check digit.

NHS Scotland is adding CHI numbers whose check digit follows a Modulus 10 rule
(announced for November 2025 or February 2026, depending on the source) because
Modulus 11 numbers are running out for some dates, so either rule is accepted.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from linkwork.identifiers._digits import (
    modulus_10_check_digit,
    modulus_11_check_digit,
    ten_digits,
)
from linkwork.identifiers.errors import IdentifierError

__all__ = ["chi_sex_digit", "validate_chi_number"]

_LABEL = "CHI number"
# The right check digit is never shown: a mistyped number "corrected" to pass would belong to
# somebody else.
NOT_VALID = "This CHI number is not valid: check each digit against the person's records."


def validate_chi_number(raw: str, *, date_of_birth: date | None = None) -> str:
    """Return the ten digits of a CHI number if it passes every check.

    Checks, in order: ten digits (spaces and hyphens ignored); digits 1-6 are a
    real date DDMMYY; the check digit satisfies Modulus 11 *or* Modulus 10; and,
    when ``date_of_birth`` is given, day, month and two-digit year match it.

    Parameters
    ----------
    raw
        The CHI number as typed.
    date_of_birth
        The recorded date of birth, if known. The CHI number holds only a
        two-digit year, so the century is not compared.

    Returns
    -------
    str
        Ten digits, no separators.

    Raises
    ------
    IdentifierError
        ``chi_number_characters``, ``chi_number_length``, ``chi_date``,
        ``chi_check_digit`` or ``chi_dob_mismatch``.

    Notes
    -----
    Modulus 11: weights 10..2 on digits 1-9, check ``11 - (sum mod 11)`` with 11
    written as 0 and 10 impossible. Modulus 10 (as Public Health Scotland's
    ``phsmethods::chi_check``): double digits 9, 7, 5, 3 and 1, subtract 9 from any
    doubled value above 9, sum all nine, check ``(10 - sum mod 10) mod 10``.

    The check digit is tested before the date of birth is compared: a mistyped
    digit usually breaks the check digit, and "check each digit" is the more
    useful message than "wrong person".

    References
    ----------
    Public Health Scotland, phsmethods ``R/chi_check.R``.

    Examples
    --------
    >>> validate_chi_number("010101 1237")
    '0101011237'
    >>> validate_chi_number("0101011237", date_of_birth=date(2001, 1, 1))
    '0101011237'
    """
    digits = ten_digits(raw, label=_LABEL, code_prefix="chi_number")
    _check_date(digits)
    _check_digit(digits)
    if date_of_birth is not None:
        _check_date_of_birth(digits, date_of_birth)
    return digits


def chi_sex_digit(chi: str) -> Literal["male", "female"]:
    """Return the sex at birth encoded by digit 9 (odd male, even female).

    Information only: it records sex at birth as registered, which may differ
    from how the person describes themselves; ask, do not infer. The number is
    validated first because a digit read from a mistyped number means nothing.

    Examples
    --------
    >>> chi_sex_digit("0101011237")
    'male'
    """
    digits = validate_chi_number(chi)
    return "male" if int(digits[8]) % 2 == 1 else "female"


def _check_date(digits: str) -> None:
    day, month, year = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    # The century is unknown, so accept the date if it exists in either century that
    # living people were born in; it only matters for 29 February in year 00.
    for century in (1900, 2000):
        try:
            date(century + year, month, day)
        except ValueError:
            continue
        return
    raise IdentifierError(
        "chi_date",
        f"The first six digits of a CHI number are the date of birth as DDMMYY; "
        f"{digits[:6]} is not a real date. Check it was copied correctly.",
    )


def _check_digit(digits: str) -> None:
    actual = int(digits[9])
    by_modulus_11 = modulus_11_check_digit(digits[:9])
    by_modulus_10 = modulus_10_check_digit(digits[:9])
    if actual in (by_modulus_11, by_modulus_10):
        return
    raise IdentifierError("chi_check_digit", NOT_VALID)


def _check_date_of_birth(digits: str, date_of_birth: date) -> None:
    recorded = f"{date_of_birth.day:02d}{date_of_birth.month:02d}{date_of_birth.year % 100:02d}"
    if digits[:6] != recorded:
        raise IdentifierError(
            "chi_dob_mismatch",
            f"That CHI number starts {digits[:6]}, but the date of birth recorded "
            f"({date_of_birth.isoformat()}) would give {recorded}. Check both the CHI number "
            "and the date of birth; they may belong to different people.",
        )
