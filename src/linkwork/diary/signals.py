"""Where other parts of the product hear about the diary.

`appointment_booked` is sent once an appointment is booked or moved, after the transaction
commits, with `appointment` and `moved` (True for a move). Reminders to the person (text or
email) are to hang here: a receiver that queues the message, so booking never waits on, or
fails with, the notification service."""

from __future__ import annotations

from django.dispatch import Signal

appointment_booked = Signal()
# Sent once a cancellation commits, with `appointment`.
appointment_cancelled = Signal()
