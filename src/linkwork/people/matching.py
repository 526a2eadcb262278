"""Possible-duplicate matching. Pure: the same person under two records is caught when the
NHS/CHI number matches, or when the date of birth matches with a similar name and the same
postcode."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

NAME_SIMILARITY = 0.8


@dataclass(frozen=True, slots=True)
class PersonKey:
    given_name: str
    family_name: str
    date_of_birth: date | None  # None while a form's details are still incomplete
    nhs_number: str = ""
    chi_number: str = ""
    postcode: str = ""
    number_to_confirm: str = ""


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if c.isalpha() or c == " ")
    return " ".join(letters.lower().split())


def name_similarity(a: PersonKey, b: PersonKey) -> float:
    left = _fold(f"{a.given_name} {a.family_name}")
    right = _fold(f"{b.given_name} {b.family_name}")
    return SequenceMatcher(None, left, right).ratio()


def match_reason(candidate: PersonKey, existing: PersonKey) -> str | None:
    """Why `existing` may be the same person as `candidate`, or None."""
    if candidate.nhs_number and candidate.nhs_number == existing.nhs_number:
        return "same NHS number"
    if candidate.chi_number and candidate.chi_number == existing.chi_number:
        return "same CHI number"
    if candidate.number_to_confirm and candidate.number_to_confirm in (
        existing.nhs_number,
        existing.chi_number,
    ):
        return "gave the NHS or CHI number on this record; confirm who they are"
    if (
        candidate.date_of_birth is not None
        and candidate.date_of_birth == existing.date_of_birth
        and candidate.postcode
        and candidate.postcode == existing.postcode
        and name_similarity(candidate, existing) >= NAME_SIMILARITY
    ):
        return "same date of birth and postcode, similar name"
    return None
