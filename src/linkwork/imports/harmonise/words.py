"""Canonical field and record names in the words a scheme manager uses, for problem messages
and the preview: "NHS number", not "nhs_number"; "questionnaire id", not "administration_ref";
a date format by an example date, not its strftime code."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

__all__ = ["date_examples", "field_words", "kind_words"]

# The canonical names whose words are not the name with spaces.
_FIELD_WORDS = {
    "person_ref": "person id",
    "referral_ref": "referral id",
    "session_ref": "session id",
    "administration_ref": "questionnaire id",
    "connection_ref": "connection id",
    "gain_ref": "gain id",
    "amount_pence": "amount",
    "nhs_number": "NHS number",
    "chi_number": "CHI number",
    "instrument": "questionnaire",
    "duration_minutes": "minutes",
    "annual": "yearly",
}

# A day, month and year that no format can confuse (31 is no month, 2025 no day).
_EXAMPLE_DAY = date(2025, 1, 31)


def field_words(name: str) -> str:
    return _FIELD_WORDS.get(name, name.replace("_", " "))


def kind_words(kind: str) -> str:
    return kind.replace("_", " ")


def date_examples(formats: Sequence[str]) -> str:
    """'31/01/2025 or 2025-01-31' for ('%d/%m/%Y', '%Y-%m-%d'): how the dates should look."""
    return " or ".join(_EXAMPLE_DAY.strftime(f) for f in formats)
