"""The link worker's diary: appointments booked ahead with the people they support, each
with its history, and what became of it (the session it was recorded as, or why not).

An appointment belongs to an episode of support; it becomes a session (an
`episodes.Encounter`) only through the episode's own session service, so the scheme's cap
and home-visit rules apply to it as to any session."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from linkwork.core.models import BaseModel
from linkwork.diary.vocab import (
    DEFAULT_MISSED_CONTACTS,
    DEFAULT_QUIET_DAYS,
    DEFAULT_REMINDER_HOURS,
    AppointmentChange,
    AppointmentStatus,
    NoticeKind,
)
from linkwork.episodes.vocab import EncounterMode


class Appointment(BaseModel):
    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(
        "episodes.Referral", on_delete=models.PROTECT, related_name="appointments"
    )
    link_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments"
    )
    starts_at = models.DateTimeField()
    length_minutes = models.PositiveSmallIntegerField("length in minutes")
    mode = models.CharField(max_length=16, choices=EncounterMode.choices)
    where = models.CharField(
        "where, or the link", max_length=300, blank=True, help_text="A place, or a video link."
    )
    with_whom = models.CharField(
        "with whom",
        max_length=200,
        blank=True,
        help_text="Anyone else coming: a carer, an interpreter.",
    )
    status = models.CharField(
        max_length=16, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED.value
    )
    # Not blank, so that erasure writes its placeholder over a reason rather than emptying it
    # (a cancelled appointment always has one).
    cancel_reason = models.TextField(default="")
    rescheduled = models.PositiveSmallIntegerField(
        default=0, help_text="How many times it was moved; each move is in its history."
    )
    encounter = models.OneToOneField(
        "episodes.Encounter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The session it was recorded as (attended, or not).",
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "created_at"]
        indexes = [
            models.Index(fields=["link_worker", "starts_at"]),
            models.Index(fields=["referral", "status", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(length_minutes__gte=1, length_minutes__lte=480),
                name="appointment_length_range",
                violation_error_message="An appointment lasts between 1 minute and 8 hours.",
            ),
            models.CheckConstraint(
                condition=~Q(status=AppointmentStatus.CANCELLED.value) | ~Q(cancel_reason=""),
                name="appointment_cancelled_has_reason",
                violation_error_message="A cancelled appointment records why.",
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.get_mode_display()} on {local:%d %b %Y at %H:%M}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.length_minutes)


class AppointmentEvent(models.Model):
    """Append-only history of an appointment: booked, each move with where it was moved
    from and why, and how it ended."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    appointment = models.ForeignKey(Appointment, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=16, choices=AppointmentChange.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    moved_from = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


class DiarySettings(BaseModel):
    """A scheme's diary rules. A scheme without a row follows the defaults."""

    scheme = models.OneToOneField(
        "organisations.Scheme", on_delete=models.PROTECT, related_name="diary_settings"
    )
    missed_contacts = models.PositiveSmallIntegerField(
        "missed contacts before offering discharge",
        default=DEFAULT_MISSED_CONTACTS,
        help_text="Missed in a row, since the last attended session: the link worker is "
        "then offered discharge as did not engage (never done for them).",
    )
    quiet_days = models.PositiveSmallIntegerField(
        "days without contact before flagging",
        default=DEFAULT_QUIET_DAYS,
        help_text="People on the caseload with nothing booked and no contact for this long "
        "are flagged.",
    )
    reminder_hours = models.PositiveSmallIntegerField(
        "hours before an appointment to remind the person",
        default=DEFAULT_REMINDER_HOURS,
        help_text="By their contact preference; 0 sends no reminders.",
    )

    class Meta:
        verbose_name = "diary settings"
        verbose_name_plural = "diary settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(missed_contacts__gte=1) & Q(quiet_days__gte=1),
                name="diary_settings_positive",
                violation_error_message="Both numbers must be 1 or more.",
            ),
        ]

    def __str__(self) -> str:
        return f"Diary settings of {self.scheme}"


class AppointmentNotice(models.Model):
    """One message to the person about an appointment: the letter when it was booked, moved
    or cancelled, or the reminder before it. One row per appointment, kind and move
    (`sequence`, the appointment's move count then), written with the message in one
    transaction, so a notice is never sent twice and a moved appointment is reminded of again
    at its new time."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    appointment = models.ForeignKey(Appointment, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(max_length=16, choices=NoticeKind.choices)
    sequence = models.PositiveSmallIntegerField(
        help_text="How many times the appointment had been moved when this was sent."
    )
    message = models.ForeignKey(
        "messaging.Message", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "kind", "sequence"], name="appointment_notice_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.sequence})"
