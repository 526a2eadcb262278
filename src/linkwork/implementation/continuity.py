"""Continuity of link worker support: days without cover and handover overlap. Pure, no Django.

The Deep End evaluation found that interrupted link worker support (long leave with cover
only for referrals, turnover without a handover) held practices back, while a practice whose
incoming link worker shadowed the outgoing one kept its momentum.

A day counts as *covered* when

- a link worker assigned to the practice is in post that day and not absent, or
- an absence (or vacancy) recorded for that day has full cover.

Every other day in the period counts as a day without cover, including days when the only
cover was partial (urgent referrals or patients only): partial cover keeps one-to-one work
going but not the practice and community work the programme also needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["AbsenceSpan", "CoverSpan", "gap_days", "overlap_days", "uncovered_days"]


@dataclass(frozen=True, slots=True)
class CoverSpan:
    """A link worker assigned to the practice from `start` to `end` (None: still assigned)."""

    link_worker: str
    start: date
    end: date | None = None

    def active(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class AbsenceSpan:
    """Leave of one link worker, or a vacancy (`link_worker` None) at the practice."""

    link_worker: str | None
    start: date
    end: date | None
    full_cover: bool

    def active(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def uncovered_days(
    *,
    start: date,
    end: date,
    coverage: Iterable[CoverSpan],
    absences: Iterable[AbsenceSpan],
) -> int:
    """Days from `start` to `end` (inclusive) without link worker cover, by the rule above.

    >>> spans = [CoverSpan("a", date(2026, 1, 1))]
    >>> leave = [AbsenceSpan("a", date(2026, 1, 10), date(2026, 1, 16), full_cover=False)]
    >>> uncovered_days(start=date(2026, 1, 1), end=date(2026, 1, 31), coverage=spans,
    ...                absences=leave)
    7
    """
    if end < start:
        raise ValueError("The period ends before it starts.")
    spans = list(coverage)
    leave = list(absences)
    missing = 0
    day = start
    while day <= end:
        away = {a.link_worker for a in leave if a.link_worker is not None and a.active(day)}
        in_post = any(s.active(day) and s.link_worker not in away for s in spans)
        fully_covered = any(a.full_cover and a.active(day) for a in leave)
        if not (in_post or fully_covered):
            missing += 1
        day += timedelta(days=1)
    return missing


def overlap_days(*, outgoing_last_day: date, incoming_first_day: date) -> int:
    """Days both link workers were in post: the handover's shadowing time.

    >>> overlap_days(outgoing_last_day=date(2026, 8, 14), incoming_first_day=date(2026, 8, 3))
    12
    >>> overlap_days(outgoing_last_day=date(2026, 7, 31), incoming_first_day=date(2026, 9, 14))
    0
    """
    return max(0, (outgoing_last_day - incoming_first_day).days + 1)


def gap_days(*, outgoing_last_day: date, incoming_first_day: date) -> int:
    """Days between the outgoing link worker's last day and the incoming one's first day.

    >>> gap_days(outgoing_last_day=date(2026, 7, 31), incoming_first_day=date(2026, 8, 1))
    0
    """
    return max(0, (incoming_first_day - outgoing_last_day).days - 1)
