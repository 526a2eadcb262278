"""When a service's capacity needs checking again. Pure."""

from __future__ import annotations

from datetime import date, timedelta

DEFAULT_STALE_AFTER_DAYS = 183  # about six months


def stale_cutoff(today: date, stale_after_days: int) -> date:
    """Entries last verified before this date are stale.

    >>> stale_cutoff(date(2025, 7, 1), 183)
    datetime.date(2024, 12, 30)
    """
    return today - timedelta(days=stale_after_days)


def is_stale(verified_on: date | None, today: date, stale_after_days: int) -> bool:
    """Never verified, or verified longer ago than the period allows.

    >>> is_stale(None, date(2025, 7, 1), 183), is_stale(date(2025, 6, 1), date(2025, 7, 1), 183)
    (True, False)
    """
    return verified_on is None or verified_on < stale_cutoff(today, stale_after_days)
