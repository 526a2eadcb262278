"""UK identifiers and postcodes: pure validation, no Django.

Every failure raises :class:`IdentifierError`, whose ``code`` says why.
"""

from __future__ import annotations

from linkwork.identifiers._digits import compact_number
from linkwork.identifiers.chi_number import chi_sex_digit, validate_chi_number
from linkwork.identifiers.errors import IdentifierError
from linkwork.identifiers.nhs_number import normalise_nhs_number, validate_nhs_number
from linkwork.identifiers.phone import normalise_phone
from linkwork.identifiers.postcode import (
    EXAMPLE_POSTCODE,
    normalise_postcode,
    postcode_outward,
    postcode_sector,
)

__all__ = [
    "EXAMPLE_POSTCODE",
    "IdentifierError",
    "chi_sex_digit",
    "compact_number",
    "normalise_nhs_number",
    "normalise_phone",
    "normalise_postcode",
    "postcode_outward",
    "postcode_sector",
    "validate_chi_number",
    "validate_nhs_number",
]
