"""Shared digit handling for NHS and CHI numbers (private)."""

from __future__ import annotations

import re

from linkwork.identifiers.errors import IdentifierError

__all__ = ["compact_number", "modulus_10_check_digit", "modulus_11_check_digit", "ten_digits"]

# People paste numbers as printed on letters ("943 476 5919") or from systems that
# hyphenate them; both separators are presentation only.
_SEPARATORS = re.compile(r"[\s\-]+")
# ASCII only: str.isdigit() would also accept digits from other scripts, which no
# NHS system would issue and which int() would silently translate.
_TEN_ASCII_DIGITS = re.compile(r"[0-9]{10}")
_MODULUS_11_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def compact_number(raw: str | None) -> str:
    """The number without its presentation separators, unchecked: a key for matching."""
    return _SEPARATORS.sub("", raw or "")


def ten_digits(raw: str, *, label: str, code_prefix: str) -> str:
    """Strip separators and insist on exactly ten ASCII digits.

    ``label`` names the number in the error message, e.g. "NHS number". The messages say
    what to do, and never repeat the number back (it is personal data, and the person typing
    it can see it).
    """
    if not isinstance(raw, str):
        # Numbers held as int have already lost any leading zero (common in CHI).
        raise TypeError(f"{label} must be given as text, not {type(raw).__name__}.")
    compact = compact_number(raw)
    if _TEN_ASCII_DIGITS.fullmatch(compact):
        return compact
    stray = sorted({char for char in compact if char not in "0123456789"})
    if stray:
        shown = ", ".join(repr(char) for char in stray)
        raise IdentifierError(
            f"{code_prefix}_characters",
            f"Enter the {label} using digits only (spaces and hyphens are fine); "
            f"this also has {shown}.",
        )
    count = len(compact)
    raise IdentifierError(
        f"{code_prefix}_length",
        f"Enter all 10 digits of the {label}; this has {count}.",
    )


def modulus_11_check_digit(first_nine: str) -> int | None:
    """Return the Modulus 11 check digit, or None when the rule gives 10 (never issued)."""
    total = sum(
        int(digit) * weight for digit, weight in zip(first_nine, _MODULUS_11_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def modulus_10_check_digit(first_nine: str) -> int:
    """Return the Modulus 10 (Luhn-style) check digit as Public Health Scotland computes it."""
    total = 0
    for position, digit in enumerate(first_nine, start=1):
        value = int(digit)
        # Positions 9, 7, 5, 3 and 1 are doubled: every other digit counting back
        # from the one next to the check digit.
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10
