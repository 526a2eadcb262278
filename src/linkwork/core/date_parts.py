"""What is wrong with a date typed as day, month and year boxes. Pure Python.

Each message says exactly which part to change, as the NHS.UK date input pattern asks, rather
than "enter a real date": the person can see what they typed, not what we think is wrong.
"""

from __future__ import annotations

import calendar
from datetime import MINYEAR

__all__ = ["date_parts_problem"]

_PARTS = ("day", "month", "year")
# Spelt out rather than taken from the locale, so the message reads the same on every server.
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def date_parts_problem(day: str, month: str, year: str) -> str | None:
    """The first thing wrong with these parts, as a sentence; None when they make a date.

    >>> date_parts_problem("29", "2", "1990")
    'February 1990 has days 1 to 28.'
    >>> date_parts_problem("1", "13", "1990")
    'Month must be between 1 and 12.'
    >>> date_parts_problem("1", "2", "90")
    'Enter the year as 4 digits, for example 1990.'
    >>> date_parts_problem("", "2", "")
    'It must include a day and a year.'
    >>> date_parts_problem("29", "2", "2024") is None
    True
    """
    typed = dict(zip(_PARTS, (day.strip(), month.strip(), year.strip()), strict=True))
    missing = [part for part, value in typed.items() if not value]
    if missing:
        return f"It must include a {' and a '.join(missing)}."
    if not all(value.isascii() and value.isdecimal() for value in typed.values()):
        return "Enter the day, month and year as numbers, for example 27 3 2025."
    if len(typed["year"]) != 4 or int(typed["year"]) < MINYEAR:
        return "Enter the year as 4 digits, for example 1990."
    number = {part: int(value) for part, value in typed.items()}
    if not 1 <= number["month"] <= 12:
        return "Month must be between 1 and 12."
    if not 1 <= number["day"] <= 31:
        return "Day must be between 1 and 31."
    last = calendar.monthrange(number["year"], number["month"])[1]
    if number["day"] > last:
        name = _MONTHS[number["month"] - 1]
        return f"{name} {number['year']} has days 1 to {last}."
    return None
