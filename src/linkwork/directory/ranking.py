"""How search results are ordered, and the simple text matching used where PostgreSQL's
full-text search is not available. Pure functions."""

from __future__ import annotations

import re

# Open services first, then those with a waiting list; paused and closed ones last.
CAPACITY_ORDER: dict[str, int] = {"open": 0, "waiting_list": 1, "paused": 2, "closed": 3}

# Distance at which a match counts half as much as one on the doorstep.
HALF_WEIGHT_KM = 5.0

_WORD = re.compile(r"[a-z0-9]+")
_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "at",
        "be",
        "by",
        "for",
        "from",
        "help",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
    ]
)
_SUFFIXES = ("ings", "ing", "ies", "es", "ed", "s")
_MIN_STEM = 4


def search_terms(text: str) -> list[str]:
    """Lower-case word stems of a query, without stop words, each once.

    A crude stemmer is enough for a directory: "groups" finds "group", "counselling" finds
    "counsellor", "services" finds "service".

    >>> search_terms("Debt advice and money groups for carers")
    ['debt', 'advice', 'money', 'group', 'carer']
    """
    terms: list[str] = []
    for word in _WORD.findall(text.lower()):
        if word in _STOP_WORDS:
            continue
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
                word = word[: -len(suffix)]
                break
        if word not in terms:
            terms.append(word)
    return terms


def combined_score(relevance: float, distance_km: float | None) -> float:
    """Relevance discounted by distance: the score halves every `HALF_WEIGHT_KM`-ish, so a
    good match a little further away can still beat a poor one next door.

    >>> combined_score(1.0, 0.0), combined_score(1.0, 5.0), combined_score(1.0, None)
    (1.0, 0.5, 1.0)
    """
    if distance_km is None:
        return relevance
    return relevance * HALF_WEIGHT_KM / (HALF_WEIGHT_KM + distance_km)
