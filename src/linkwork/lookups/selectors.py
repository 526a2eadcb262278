"""Postcode to small area and deprivation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from linkwork.identifiers import IdentifierError, normalise_postcode
from linkwork.lookups.models import AreaDeprivation, PostcodeLookup, PracticeDeprivation

# Where a practice's deprivation comes from, as stored and in words wherever it is shown.
FROM_REGISTERED_PATIENTS = "registered_patients"
FROM_PREMISES_POSTCODE = "premises_postcode"
DEPRIVATION_SOURCE_LABELS = {
    FROM_REGISTERED_PATIENTS: "from registered patients' areas",
    FROM_PREMISES_POSTCODE: "from the practice premises' postcode",
}


@dataclass(frozen=True, slots=True)
class PostcodeFacts:
    postcode: str
    status: str  # "matched", "unknown" or "not_given"
    small_area_code: str = ""
    deprivation_index: str = ""
    decile: int | None = None
    quintile: int | None = None
    latitude: float | None = None
    longitude: float | None = None


def postcode_facts(raw: str) -> PostcodeFacts:
    """Look a postcode up. Unknown postcodes are kept and flagged, never guessed.

    Raises IdentifierError when the text is not a UK postcode at all."""
    if not raw.strip():
        return PostcodeFacts(postcode="", status="not_given")
    postcode = normalise_postcode(raw)
    lookup = PostcodeLookup.objects.filter(postcode=postcode).first()
    if lookup is None:
        return PostcodeFacts(postcode=postcode, status="unknown")
    area = AreaDeprivation.objects.filter(area_code=lookup.small_area_code).first()
    return PostcodeFacts(
        postcode=postcode,
        status="matched",
        small_area_code=lookup.small_area_code,
        deprivation_index=area.index if area else "",
        decile=area.decile if area else None,
        quintile=area.quintile if area else None,
        latitude=lookup.latitude,
        longitude=lookup.longitude,
    )


@dataclass(frozen=True, slots=True)
class PracticeDeprivationFacts:
    quintile: int
    decile: int | None
    source: str  # FROM_REGISTERED_PATIENTS or FROM_PREMISES_POSTCODE
    deep_end_share: float | None = None

    @property
    def source_label(self) -> str:
        return DEPRIVATION_SOURCE_LABELS[self.source]


def practice_deprivation(*, code: str, postcode: str) -> PracticeDeprivationFacts | None:
    """One practice's deprivation: from its registered patients' areas where a practice-
    population file was loaded for its code, else from its premises' postcode, else None."""
    registered = practice_deprivation_by_code([code]).get(code.strip().upper())
    if registered is not None and registered.practice_quintile is not None:
        return PracticeDeprivationFacts(
            registered.practice_quintile,
            registered.practice_decile,
            FROM_REGISTERED_PATIENTS,
            registered.deep_end_share,
        )
    try:
        premises = postcode_facts(postcode)
    except IdentifierError:
        return None
    if premises.quintile is None:
        return None
    return PracticeDeprivationFacts(premises.quintile, premises.decile, FROM_PREMISES_POSTCODE)


def practice_deprivation_by_code(codes: Iterable[str]) -> dict[str, PracticeDeprivation]:
    """The registered-patient deprivation of the practices with these national codes, where a
    practice-population file has been loaded for them."""
    wanted = [code.strip().upper() for code in codes if code and code.strip()]
    return {
        row.practice_code: row
        for row in PracticeDeprivation.objects.filter(practice_code__in=wanted)
    }


__all__ = [
    "DEPRIVATION_SOURCE_LABELS",
    "FROM_PREMISES_POSTCODE",
    "FROM_REGISTERED_PATIENTS",
    "IdentifierError",
    "PostcodeFacts",
    "PracticeDeprivationFacts",
    "postcode_facts",
    "practice_deprivation",
    "practice_deprivation_by_code",
]
