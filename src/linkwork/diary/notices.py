"""Letters and reminders to the person about their appointments, by their contact preference.

When an appointment is booked, moved or cancelled the person is told (the messaging app's
`appointment_letter`); before it, they are reminded (`appointment_reminder`) the scheme's
number of hours ahead (Diary settings, default 24). Each goes through
`messaging.services.message_send`, which picks the channel the person prefers (text, email,
letter) or records why it could not go, and is recorded as an `AppointmentNotice` in the same
transaction: the notice's unique key (appointment, kind, move count) is what makes sending
idempotent, so a receiver fired twice or `linkwork diary send-reminders` run twice sends once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.diary.models import Appointment, AppointmentNotice, DiarySettings
from linkwork.diary.selectors import untold
from linkwork.diary.signals import appointment_booked, appointment_cancelled
from linkwork.diary.vocab import DEFAULT_REMINDER_HOURS, AppointmentStatus, NoticeKind
from linkwork.episodes.lifecycle import OPEN_STATUSES
from linkwork.messaging.services import message_send

# Reminders are looked for this far ahead at most (the largest lead a scheme may set).
LONGEST_LEAD = timedelta(hours=168)
PURPOSE = {
    NoticeKind.BOOKED: "appointment_letter",
    NoticeKind.MOVED: "appointment_letter",
    NoticeKind.CANCELLED: "appointment_letter",
    NoticeKind.REMINDER: "appointment_reminder",
}


def appointment_words(appointment: Appointment, kind: NoticeKind) -> dict[str, str | int]:
    """What the message says, in words as the person reads them (the templates' fields)."""
    local = timezone.localtime(appointment.starts_at)
    worker = appointment.link_worker
    return {
        "change": kind.label,
        "date": f"{local:%A} {local.day} {local:%B %Y}",
        "time": f"{local:%H:%M}",
        "length_minutes": appointment.length_minutes,
        "how": appointment.get_mode_display(),
        "where": appointment.where,
        "link_worker": worker.get_full_name() or worker.get_username(),
    }


def appointment_notice_send(
    *, appointment: Appointment, kind: NoticeKind, actor: User | None = None
) -> AppointmentNotice | None:
    """Tell the person about the appointment, once: answers the notice, or None when this
    notice was already sent (or is being sent by another process right now)."""
    try:
        with transaction.atomic():
            notice = AppointmentNotice.objects.create(
                scheme_id=appointment.scheme_id,
                appointment=appointment,
                kind=kind.value,
                sequence=appointment.rescheduled,
                created_at=timezone.now(),
            )
            person = appointment.referral.person
            try:
                message = message_send(
                    person=person,
                    purpose=PURPOSE[kind],
                    personalisation=appointment_words(appointment, kind),
                    actor=actor,
                )
            except DomainError:
                # An erased or merged record: nothing can be sent; the notice row stays so
                # that it is not tried again.
                return notice
            notice.message = message
            notice.save(update_fields=["message"])
            return notice
    except IntegrityError:
        return None


def untold_reason(appointment: Appointment) -> str:
    """Why the person was not told of the appointment's latest change, in words; empty when
    they were. The link worker then telephones or writes themselves."""
    return untold(appointment.notices.select_related("message"))


def reminders_due(*, now: datetime) -> list[Appointment]:
    """Booked appointments of open episodes whose reminder falls due by `now` (the scheme's
    lead before they start) and has not been sent for their current time."""
    reminded = AppointmentNotice.objects.filter(
        appointment=OuterRef("pk"), kind=NoticeKind.REMINDER.value, sequence=OuterRef("rescheduled")
    )
    candidates: QuerySet[Appointment] = (
        Appointment.objects.filter(
            status=AppointmentStatus.BOOKED.value,
            starts_at__gt=now,
            starts_at__lte=now + LONGEST_LEAD,
            referral__status__in=[s.value for s in OPEN_STATUSES],
            referral__person__erased_at__isnull=True,
        )
        .exclude(Exists(reminded))
        .select_related("referral__person", "link_worker")
        .order_by("starts_at", "pk")
    )
    rows = list(candidates)
    leads = dict(
        DiarySettings.objects.filter(scheme_id__in={a.scheme_id for a in rows}).values_list(
            "scheme_id", "reminder_hours"
        )
    )
    due = []
    for appointment in rows:
        hours = leads.get(appointment.scheme_id, DEFAULT_REMINDER_HOURS)
        if hours and appointment.starts_at - timedelta(hours=hours) <= now:
            due.append(appointment)
    return due


def reminders_send(*, now: datetime | None = None) -> int:
    """Send every reminder due; answers how many were sent now (0 on a second run)."""
    sent = 0
    for appointment in reminders_due(now=now or clock.now()):
        if appointment_notice_send(appointment=appointment, kind=NoticeKind.REMINDER):
            sent += 1
    return sent


def reminders_send_words() -> str:
    """`reminders_send`, answering in words (the worker's periodic job)."""
    sent = reminders_send()
    return f"{sent} reminder{'' if sent == 1 else 's'} sent."


def _booked(sender: Any, appointment: Appointment, moved: bool, **kwargs: Any) -> None:
    kind = NoticeKind.MOVED if moved else NoticeKind.BOOKED
    actor = appointment.booked_by if not moved else None
    appointment_notice_send(appointment=appointment, kind=kind, actor=actor)


def _cancelled(sender: Any, appointment: Appointment, **kwargs: Any) -> None:
    appointment_notice_send(appointment=appointment, kind=NoticeKind.CANCELLED)


def connect() -> None:
    appointment_booked.connect(_booked, dispatch_uid="diary.notices.booked")
    appointment_cancelled.connect(_cancelled, dispatch_uid="diary.notices.cancelled")
