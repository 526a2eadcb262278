"""The diary's rules: clashes between appointments, and missed contacts in a row. Pure
Python."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class Slot:
    starts_at: datetime
    minutes: int

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    def overlaps(self, other: Slot) -> bool:
        """Back-to-back appointments (one ends as the next starts) do not clash."""
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


def first_clash(slot: Slot, booked: Iterable[Slot]) -> Slot | None:
    """The earliest booked slot that overlaps `slot`, or None."""
    clashes = sorted((b for b in booked if slot.overlaps(b)), key=lambda b: b.starts_at)
    return clashes[0] if clashes else None


def missed_in_a_row(attended_in_order: Iterable[bool]) -> int:
    """Missed contacts since the last attended one, from a history oldest first."""
    missed = 0
    for attended in attended_in_order:
        missed = 0 if attended else missed + 1
    return missed
