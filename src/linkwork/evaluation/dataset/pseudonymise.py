"""Pseudonymisation for exports. Pure Python.

People and staff appear under a keyed hash (HMAC-SHA256): the same id gives the same token
within one export, and without the export's key nobody can link tokens across exports or
back to a record.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date

AGE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 15, "0-15"),
    (16, 24, "16-24"),
    (25, 34, "25-34"),
    (35, 44, "35-44"),
    (45, 54, "45-54"),
    (55, 64, "55-64"),
    (65, 74, "65-74"),
    (75, 84, "75-84"),
    (85, None, "85+"),
)


def new_key() -> bytes:
    return secrets.token_bytes(32)


class Pseudonymiser:
    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("A pseudonymisation key needs at least 16 bytes.")
        self._key = key

    def token(self, kind: str, identifier: object) -> str:
        if identifier is None or identifier == "":
            return ""
        message = f"{kind}:{identifier}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:20]


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def referral_age_band(born: date | None, received: date) -> str | None:
    """The age band on the referral date, or None when it cannot be known: no date of birth,
    or one after the referral (a recording error). The record stays in the dataset, its age
    counts as not recorded in the data-quality scorecard, and one bad date never stops an
    export or a report."""
    if born is None or born > received:
        return None
    return age_band(age_on(born, received))


def age_band(age: int) -> str:
    if age < 0:
        raise ValueError(f"An age cannot be negative ({age}).")
    for low, high, label in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    raise AssertionError("unreachable: the bands cover every age")  # pragma: no cover
