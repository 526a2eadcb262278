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


class NoticeKind(Choices):
    """What a message to the person about an appointment told them."""

    BOOKED = "booked", "Appointment booked"
    MOVED = "moved", "Appointment moved"
    CANCELLED = "cancelled", "Appointment cancelled"
    REMINDER = "reminder", "Reminder"


# The scheme's rules until its managers set their own (see models.DiarySettings).
DEFAULT_MISSED_CONTACTS = 3
DEFAULT_QUIET_DAYS = 21
# Reminders go this many hours before an appointment; 0 sends none.
DEFAULT_REMINDER_HOURS = 24
