"""The retention rule, in plain Python: how long a person's record is kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without one
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True, slots=True)
class RetentionState:
    # None while an episode is open: the period has not started.
    keep_until: date | None
    years: int
    last_ended_on: date | None
    any_open: bool

    def expired(self, today: date) -> bool:
        return self.keep_until is not None and today > self.keep_until

    def explain(self) -> str:
        if self.keep_until is None:
            return (
                f"An episode of support is still open; the record is kept until {self.years} "
                "years after the last episode ends."
            )
        if self.last_ended_on is None:
            return (
                f"The record is kept until {self.keep_until:%-d %B %Y} ({self.years} years "
                "after it was made; there is no episode of support)."
            )
        return (
            f"The record is kept until {self.keep_until:%-d %B %Y} ({self.years} years after "
            f"the last episode ended on {self.last_ended_on:%-d %B %Y})."
        )


def retention_state(
    *, years: int, last_ended_on: date | None, any_open: bool, created_on: date
) -> RetentionState:
    """Kept `years` after the last episode ends (after the record was made, if it never had
    one); never while an episode is open."""
    if any_open:
        return RetentionState(None, years, last_ended_on, any_open)
    start = last_ended_on or created_on
    return RetentionState(add_years(start, years), years, last_ended_on, any_open)
