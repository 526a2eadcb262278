"""Diary codes. Pure data."""

from __future__ import annotations

from linkwork.core.choices import Choices


class AppointmentStatus(Choices):
    BOOKED = "booked", "Booked"
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    CANCELLED = "cancelled", "Cancelled"


class AppointmentChange(Choices):
    """What happened to an appointment, in its history."""

    BOOKED = "booked", "Booked"
    MOVED = "moved", "Moved"
    CANCELLED = "cancelled", "Cancelled"
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"


# The scheme's rules until its managers set their own (see models.DiarySettings).
DEFAULT_MISSED_CONTACTS = 3
DEFAULT_QUIET_DAYS = 21
