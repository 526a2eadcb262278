"""NHS numbers (England, Wales, Isle of Man): format and Modulus 11 check digit.

Issued ranges are deliberately not checked: the published ranges are
inconsistent, and test numbers (999...) must still pass the check digit.
"""

from __future__ import annotations

from linkwork.identifiers._digits import modulus_11_check_digit, ten_digits
from linkwork.identifiers.errors import IdentifierError

__all__ = ["normalise_nhs_number", "validate_nhs_number"]

_LABEL = "An NHS number"


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
    if expected is None:
        raise IdentifierError(
            "nhs_number_check_digit",
            "That NHS number cannot be right: its first nine digits give a check digit of 10, "
            "and such numbers are never issued. Check it was copied correctly.",
        )
    if expected != actual:
        raise IdentifierError(
            "nhs_number_check_digit",
            f"That NHS number's check digit is wrong (expected {expected}, got {actual}): "
            "check it was copied correctly.",
        )
    return digits
