"""Postcode to small area and deprivation."""

from __future__ import annotations

from dataclasses import dataclass

from linkwork.identifiers import IdentifierError, normalise_postcode
from linkwork.lookups.models import AreaDeprivation, PostcodeLookup


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


__all__ = ["IdentifierError", "PostcodeFacts", "postcode_facts"]
