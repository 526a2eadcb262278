from __future__ import annotations

from datetime import UTC, date, datetime

from linkwork.core.extensions import NextContact
from linkwork.diary.rules import Slot, first_clash, missed_in_a_row

NINE = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_overlapping_slots_clash_and_back_to_back_ones_do_not() -> None:
    booked = [Slot(NINE, 60)]
    assert first_clash(Slot(NINE.replace(hour=9, minute=30), 30), booked) == booked[0]
    assert first_clash(Slot(NINE.replace(hour=8, minute=30), 45), booked) == booked[0]
    assert first_clash(Slot(NINE.replace(hour=10), 30), booked) is None
    assert first_clash(Slot(NINE.replace(hour=8), 60), booked) is None


def test_missed_contacts_count_since_the_last_attended_one() -> None:
    assert missed_in_a_row([]) == 0
    assert missed_in_a_row([False, False, True, False]) == 1
    assert missed_in_a_row([True, False, False, False]) == 3


def test_gone_quiet_needs_nothing_booked_and_a_long_silence() -> None:
    def quiet(next_appointment: datetime | None, last_contact_on: date | None) -> bool:
        return NextContact(next_appointment, 21).gone_quiet(
            last_contact_on=last_contact_on, since=date(2026, 11, 1), today=date(2026, 12, 31)
        )

    assert quiet(None, date(2026, 12, 10))
    assert not quiet(None, date(2026, 12, 11))
    assert not quiet(NINE, None)
    assert quiet(None, None)
