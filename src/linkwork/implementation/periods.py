"""Assessment periods. Pure, no Django.

A period is written one of two ways:

- a calendar quarter, ``YYYY-QN`` (``2026-Q3`` is 1 July to 30 September 2026), the usual
  form and the default; or
- an explicit range of days, ``YYYY-MM-DD..YYYY-MM-DD``, both ends included, for ad hoc
  questions (at most 366 days).

The default period is the latest *complete* quarter before a reference date that the caller
supplies; nothing here reads the clock, so the same inputs always give the same period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = [
    "MAX_RANGE_DAYS",
    "Period",
    "PeriodError",
    "latest_complete_quarter",
    "parse_period",
    "quarter",
    "quarter_of",
    "trailing_periods",
]

MAX_RANGE_DAYS = 366
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


class PeriodError(ValueError):
    """The text is not a period this module understands; the message says what is."""


@dataclass(frozen=True, slots=True, order=True)
class Period:
    start: date
    end: date  # inclusive
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def is_quarter(self) -> bool:
        return bool(_QUARTER.match(self.label))

    def window_end(self, days: int) -> tuple[date, date]:
        """The `days`-day window that ends on the period's last day (both ends included)."""
        return self.end - timedelta(days=days - 1), self.end

    def __str__(self) -> str:
        return self.label


def quarter(year: int, number: int) -> Period:
    if not 1 <= number <= 4:
        raise PeriodError(f"A quarter is numbered 1 to 4, not {number}.")
    start = date(year, 3 * number - 2, 1)
    next_start = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return Period(start=start, end=next_start - timedelta(days=1), label=f"{year}-Q{number}")


def quarter_of(day: date) -> Period:
    return quarter(day.year, (day.month - 1) // 3 + 1)


def latest_complete_quarter(reference: date) -> Period:
    """The last quarter that ended before `reference` (the quarter `reference` is in is still
    running, even on its last day)."""
    current = quarter_of(reference)
    return quarter_of(current.start - timedelta(days=1))


def parse_period(text: str) -> Period:
    """Read ``YYYY-QN`` or ``YYYY-MM-DD..YYYY-MM-DD``.

    >>> parse_period("2026-Q3")
    Period(start=datetime.date(2026, 7, 1), end=datetime.date(2026, 9, 30), label='2026-Q3')
    >>> parse_period("2026-01-01..2026-01-31").days
    31
    """
    cleaned = text.strip().upper()
    match = _QUARTER.match(cleaned)
    if match:
        return quarter(int(match.group(1)), int(match.group(2)))
    match = _RANGE.match(text.strip())
    if not match:
        raise PeriodError(
            f"{text!r} is not a period: write a quarter such as 2026-Q3, "
            "or a range such as 2026-07-01..2026-09-30."
        )
    try:
        start, end = date.fromisoformat(match.group(1)), date.fromisoformat(match.group(2))
    except ValueError as exc:
        raise PeriodError(f"{text!r} contains a date that does not exist.") from exc
    if end < start:
        raise PeriodError(f"{text!r} ends before it starts.")
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise PeriodError(f"A period is at most {MAX_RANGE_DAYS} days long.")
    return Period(start=start, end=end, label=f"{start.isoformat()}..{end.isoformat()}")


def trailing_periods(period: Period, count: int) -> list[Period]:
    """`count` back-to-back periods ending with `period`, oldest first: the previous quarters
    for a quarter, or earlier windows of the same length for a range."""
    if count < 1:
        raise PeriodError("Ask for at least one period.")
    periods = [period]
    while len(periods) < count:
        first = periods[0]
        if first.is_quarter:
            previous = quarter_of(first.start - timedelta(days=1))
        else:
            end = first.start - timedelta(days=1)
            start = end - timedelta(days=first.days - 1)
            previous = Period(start=start, end=end, label=f"{start}..{end}")
        periods.insert(0, previous)
    return periods
