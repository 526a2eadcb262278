"""Pseudonymisation for exports. Pure Python (and polars for whole columns).

People and staff appear under a keyed hash (HMAC-SHA256): the same id gives the same token
within one export, and without the export's key nobody can link tokens across exports or
back to a record.

A linkage id is another keyed hash, of a person's NHS or CHI number under a linkage key that
several installations share (and never their own pseudonymisation key), so that a pool of
their packages can link the same person across them and nothing else can.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

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


class Linker:
    """Linkage ids under a shared linkage key: the same NHS (or, without one, CHI) number
    gives the same id in every package made with the key."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("A linkage key needs at least 16 bytes.")
        self._key = key
        self.fingerprint = linkage_fingerprint(key)

    def linkage_id(self, nhs_number: object, chi_number: object) -> str | None:
        """The id of a person's number, NHS before CHI (the same person's two numbers would
        give two ids), or None with neither."""
        for kind, number in (("nhs_number", nhs_number), ("chi_number", chi_number)):
            digits = normalised_number(number)
            if digits:
                message = f"linkage:{kind}:{digits}".encode()
                return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:32]
        return None


def normalised_number(number: object) -> str:
    """An NHS or CHI number as its digits alone: '943 476 5919' and '943-476-5919' are one."""
    return "".join(ch for ch in str(number or "") if ch.isdigit())


def linkage_fingerprint(key: bytes) -> str:
    """Names a linkage key without revealing it, so packages can say which key linked them:
    two packages with one fingerprint were made with one key."""
    return hashlib.sha256(b"linkwork linkage key fingerprint:" + key).hexdigest()[:16]


def linkage_meta(linker: Linker | None) -> dict[str, object]:
    """What a package records about its linkage ids."""
    if linker is None:
        return {"key_fingerprint": None, "note": "no linkage key: people link to no other package"}
    return {
        "key_fingerprint": linker.fingerprint,
        "identifier": "NHS number, or CHI number without one, as its digits",
        "keyed_hash": "HMAC-SHA256, truncated to 32 hex digits; key not stored",
    }


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


def referral_age_band_expr(born: pl.Expr, received: pl.Expr) -> pl.Expr:
    """`referral_age_band` over whole columns: the band of the age on the referral date,
    null without a date of birth or with one after the referral."""
    import polars as pl

    def month_day(day: pl.Expr) -> pl.Expr:  # as a number, wide enough for x100
        return day.dt.month().cast(pl.Int32) * 100 + day.dt.day().cast(pl.Int32)

    birthday_not_yet = month_day(received) < month_day(born)
    age = received.dt.year() - born.dt.year() - birthday_not_yet.cast(pl.Int32)
    *bounded, (_, _, oldest) = AGE_BANDS
    band: Any = pl.when(born.is_null() | (born > received)).then(pl.lit(None, dtype=pl.Utf8))
    for _, high, label in bounded:
        band = band.when(age <= high).then(pl.lit(label))
    return band.otherwise(pl.lit(oldest))


def age_band(age: int) -> str:
    if age < 0:
        raise ValueError(f"An age cannot be negative ({age}).")
    for low, high, label in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    raise AssertionError("unreachable: the bands cover every age")  # pragma: no cover
