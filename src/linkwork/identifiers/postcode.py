"""UK postcodes: format validation and normalisation.

A valid format does not prove the postcode exists; look it up in the ONS
Postcode Directory for that. Overseas territory and BFPO codes are not accepted.
"""

from __future__ import annotations

import re

from linkwork.identifiers.errors import IdentifierError

__all__ = ["EXAMPLE_POSTCODE", "normalise_postcode", "postcode_outward", "postcode_sector"]

# The postcode hints and messages give as an example. It is in the sample lookup shipped for the
# demo world, so someone who tries it there finds it.
EXAMPLE_POSTCODE = "G1 1HY"

# The project's stricter pattern (instruments.md section 10), applied after
# whitespace is removed, so the optional space in it never matters here.
POSTCODE_PATTERN = (
    r"(GIR ?0AA"
    r"|[A-PR-UWYZ]([0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?) ?[0-9][ABD-HJLNP-UW-Z]{2})"
)
_POSTCODE = re.compile(POSTCODE_PATTERN)
_WHITESPACE = re.compile(r"\s+")
_INWARD_LENGTH = 3


def normalise_postcode(raw: str) -> str:
    """Return the postcode upper-cased with one space before the inward code.

    Formats accepted: A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA and
    GIR 0AA, with the letter restrictions of the Royal Mail scheme (for example,
    the inward code never uses C, I, K, M, O or V).

    Raises
    ------
    IdentifierError
        ``postcode_format``.

    Examples
    --------
    >>> normalise_postcode("sw1a1aa")
    'SW1A 1AA'
    >>> normalise_postcode("  M1   1ae ")
    'M1 1AE'
    """
    if not isinstance(raw, str):
        raise TypeError(f"A postcode must be given as text, not {type(raw).__name__}.")
    compact = _WHITESPACE.sub("", raw).upper()
    if not _POSTCODE.fullmatch(compact):
        raise IdentifierError(
            "postcode_format",
            f"{raw!r} is not a UK postcode in a recognised format "
            f"(for example {EXAMPLE_POSTCODE}). "
            "Check it was copied correctly.",
        )
    return f"{compact[:-_INWARD_LENGTH]} {compact[-_INWARD_LENGTH:]}"


def postcode_outward(raw: str) -> str:
    """Return the outward code (area and district), e.g. ``'SW1A'``.

    Examples
    --------
    >>> postcode_outward("sw1a 1aa")
    'SW1A'
    """
    return normalise_postcode(raw).split(" ")[0]


def postcode_sector(raw: str) -> str:
    """Return the postcode sector (outward code, space, sector digit), e.g. ``'SW1A 1'``.

    Sectors are a common unit for publishing area figures without identifying
    individual addresses.

    Examples
    --------
    >>> postcode_sector("SW1A 1AA")
    'SW1A 1'
    """
    return normalise_postcode(raw)[:-2]
