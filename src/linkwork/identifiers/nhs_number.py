"""NHS numbers (England, Wales, Isle of Man): format and Modulus 11 check digit.

Issued ranges are deliberately not checked: the published ranges are
inconsistent, and test numbers (999...) must still pass the check digit.
"""

from __future__ import annotations

from linkwork.identifiers._digits import modulus_11_check_digit, ten_digits
from linkwork.identifiers.errors import IdentifierError

__all__ = ["normalise_nhs_number", "validate_nhs_number"]

_LABEL = "NHS number"
# Said of any number that fails its check digit. The right digit is never shown: a mistyped
# number "corrected" to pass would belong to somebody else.
NOT_VALID = "This NHS number is not valid: check each digit against the person's records."


def normalise_nhs_number(raw: str) -> str:
    """Return the ten digits of an NHS number, ignoring spaces and hyphens.

    Only the shape is checked here; use :func:`validate_nhs_number` to check
    the check digit as well.

    Raises
    ------
    IdentifierError
        ``nhs_number_characters`` or ``nhs_number_length``.

    Examples
    --------
    >>> normalise_nhs_number(" 943-476-5919 ")
    '9434765919'
    """
    return ten_digits(raw, label=_LABEL, code_prefix="nhs_number")


def validate_nhs_number(raw: str) -> str:
    """Return the normalised NHS number if its Modulus 11 check digit is right.

    Notes
    -----
    Multiply digits 1-9 by the weights 10, 9, ..., 2 and sum; the check digit is
    ``11 - (sum mod 11)``, with 11 written as 0. A result of 10 means the number
    can never have been issued.

    Raises
    ------
    IdentifierError
        ``nhs_number_characters``, ``nhs_number_length`` or ``nhs_number_check_digit``.

    Examples
    --------
    >>> validate_nhs_number("943 476 5919")
    '9434765919'
    """
    digits = normalise_nhs_number(raw)
    expected = modulus_11_check_digit(digits[:9])
    actual = int(digits[9])
    # A first nine giving 10 is never issued; either way a digit was mistyped.
    if expected is None or expected != actual:
        raise IdentifierError("nhs_number_check_digit", NOT_VALID)
    return digits
