"""Typing one cell: dates in the profile's formats, numbers with thousands separators and
currency signs, and spreadsheet formulas recognised so they are never taken for values."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

__all__ = ["is_formula", "parse_date", "parse_number"]

# "=SUM(A1:A3)" or "@cmd|..." is a formula; "+44 7700 900123" and "-3" are values.
_FORMULA = re.compile(r"^\s*(=|[+\-@]\s*[A-Za-z_][A-Za-z0-9_.]*\s*[(|!])")
# What calamine gives for a date cell read as text, whatever the profile's own formats.
_SPREADSHEET_DATES = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d")


def is_formula(cell: str) -> bool:
    """True for a cell holding a spreadsheet formula rather than a value.

    >>> is_formula("=SUM(A1:A3)"), is_formula("@SUM(A1)"), is_formula("-3"), is_formula("+44 20")
    (True, True, False, False)
    """
    return bool(_FORMULA.match(cell))


# An export repeats the same dates thousands of times; strptime is slow.
@lru_cache(maxsize=65536)
def parse_date(text: str, formats: tuple[str, ...]) -> date | None:
    """The date in the first format that reads the whole text, or None. An impossible date
    (31/02/2025) reads in no format, so it is None too.

    >>> parse_date("03/01/2025", ("%d/%m/%Y",))
    datetime.date(2025, 1, 3)
    >>> parse_date("31/02/2025", ("%d/%m/%Y",)) is None
    True
    """
    for fmt in (*formats, *_SPREADSHEET_DATES):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date, not a time
        except ValueError:
            continue
    return None


def parse_number(text: str, *, thousands: str = ",") -> Decimal | None:
    """A number written as a person would: "£1,250.50", "12", " 7 ". None when unreadable.

    >>> parse_number("£1,250.50"), parse_number("twelve")
    (Decimal('1250.50'), None)
    """
    cleaned = text.strip().lstrip("£$€").strip()
    if thousands:
        cleaned = cleaned.replace(thousands, "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
