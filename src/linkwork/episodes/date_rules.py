"""Which dates a session and a discharge may carry. Pure Python.

The services check against these windows and the forms show them as the field's hint, so
the rule a link worker reads before typing is the rule the service enforces.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class DateWindow:
    earliest: date
    latest: date
    earliest_is: str  # what the earliest date is, in words: "the date of the referral"

    def contains(self, day: date) -> bool:
        return self.earliest <= day <= self.latest


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def encounter_window(*, received_on: date, today: date) -> DateWindow:
    """A session happens between the referral arriving and today."""
    return DateWindow(earliest=received_on, latest=today, earliest_is="the date of the referral")


def discharge_window(
    *,
    received_on: date,
    last_session_on: date | None,
    assigned_on: date | None,
    today: date,
) -> DateWindow:
    """A discharge comes on or after the referral, its last session and its latest assignment,
    and no later than today."""
    dates = {
        received_on: "the date of the referral",
        **({assigned_on: "the date of the latest assignment"} if assigned_on else {}),
        **({last_session_on: "the date of the last session"} if last_session_on else {}),
    }
    earliest = max(dates)
    return DateWindow(earliest=earliest, latest=today, earliest_is=dates[earliest])


def window_hint(window: DateWindow) -> str:
    """The rule as hint text, e.g. "From 3 March 2026 (the date of the referral) to today,
    not in the future. For example, 3 12 2026": the example is a date the rule allows, so
    copying its form never breaks the rule it follows."""
    latest = window.latest
    example = f"For example, {latest.day} {latest.month} {latest.year}"
    if window.earliest >= window.latest:
        return f"Today, {long_date(window.latest)}: not before, not in the future. {example}"
    return (
        f"From {long_date(window.earliest)} ({window.earliest_is}) to today, "
        f"not in the future. {example}"
    )
