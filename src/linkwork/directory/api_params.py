"""Query parameters of the Open Referral UK API, parsed strictly: a bad value gets a clear
400, never a silent default. Pure apart from the `QueryDict`-like mapping it reads."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from linkwork.directory.oruk.values import WEEKDAYS, canonical_number, time_minutes

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500

_DAY_NAMES = {
    name: code
    for code, names in zip(
        WEEKDAYS,
        (
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ),
        strict=True,
    )
    for name in (code.lower(), *names)
}


class BadParameterError(ValueError):
    """A query parameter's value cannot be used; the message names it."""


@dataclass(frozen=True, slots=True)
class Paging:
    page: int
    per_page: int

    @property
    def start(self) -> int:
        return (self.page - 1) * self.per_page


def _int(params: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise BadParameterError(f"{name} must be a whole number, not {raw!r}.") from exc
    if not low <= value <= high:
        raise BadParameterError(f"{name} must be between {low} and {high}, not {value}.")
    return value


def paging(params: Mapping[str, str]) -> Paging:
    return Paging(
        page=_int(params, "page", 1, 1, 1_000_000),
        per_page=_int(params, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
    )


def uuid_param(params: Mapping[str, str], name: str) -> uuid.UUID | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError as exc:
        raise BadParameterError(f"{name} must be an id (a UUID), not {raw!r}.") from exc


def number_param(params: Mapping[str, str], name: str) -> Decimal | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        return Decimal(canonical_number(raw))
    except ValueError as exc:
        raise BadParameterError(f"{name} must be a number, not {raw!r}.") from exc


def day_param(params: Mapping[str, str], name: str = "day") -> str:
    """A weekday as an RFC 5545 code (MO..SU), from a code or an English day name."""
    raw = params.get(name, "").strip()
    if not raw:
        return ""
    code = _DAY_NAMES.get(raw.lower())
    if code is None:
        raise BadParameterError(f"{name} must be a day such as MO or Monday, not {raw!r}.")
    return code


def time_param(params: Mapping[str, str], name: str) -> int | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        return time_minutes(raw)
    except ValueError as exc:
        raise BadParameterError(f"{name} must be a time such as 09:30, not {raw!r}.") from exc


def proximity_km(params: Mapping[str, str]) -> float | None:
    """`proximity` is in metres in the standard; we measure in kilometres."""
    metres = number_param(params, "proximity")
    if metres is None:
        return None
    if metres <= 0:
        raise BadParameterError(f"proximity must be a positive number of metres, not {metres}.")
    return float(metres) / 1000
