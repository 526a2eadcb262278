"""The link worker's work with a person during an episode: encounters, the support plan,
connections to help, financial gains and who supported whom, when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from linkwork.casework.vocab import (
    CONNECTION_KINDS,
    CONNECTION_STATUSES,
    CONNECTION_TARGETS,
    ENCOUNTER_MODES,
    FINANCIAL_GAIN_TYPES,
    GOAL_STATUSES,
)
from linkwork.core.models import BaseModel


class Encounter(BaseModel):
    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, related_name="encounters"
    )
    practice = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The practice the work was done for.",
    )
    occurred_on = models.DateField()
    mode = models.CharField(max_length=16, choices=list(ENCOUNTER_MODES.items()))
    duration_minutes = models.PositiveSmallIntegerField()
    location = models.CharField(max_length=200, blank=True)
    attended = models.BooleanField(default=True)
    session_number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Counts attended sessions in the episode."
    )
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["occurred_on", "created_at"]
        indexes = [
            models.Index(fields=["scheme", "occurred_on"]),
            models.Index(fields=["practice", "occurred_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1, duration_minutes__lte=480),
                name="encounter_duration_range",
                violation_error_message="An encounter lasts between 1 minute and 8 hours.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} on {self.occurred_on}"


class Goal(BaseModel):
    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, related_name="goals"
    )
    description = models.CharField(max_length=300)
    status = models.CharField(
        max_length=24, choices=list(GOAL_STATUSES.items()), default="not_started"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.description


class Connection(BaseModel):
    """An onward connection to a community or statutory service, with the service's reply."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, related_name="connections"
    )
    kind = models.CharField(max_length=16, choices=list(CONNECTION_KINDS.items()))
    target = models.CharField(max_length=24, choices=list(CONNECTION_TARGETS.items()))
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="connections",
        help_text="The directory service, when it is listed.",
    )
    service_name = models.CharField(max_length=200)
    need = models.CharField(max_length=32, blank=True)
    status = models.CharField(
        max_length=16, choices=list(CONNECTION_STATUSES.items()), default="requested"
    )
    status_reason = models.CharField(max_length=200, blank=True)
    status_changed_at = models.DateTimeField()
    made_on = models.DateField()
    first_attended_on = models.DateField(null=True, blank=True)
    shared_fields = models.JSONField(default=list, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["made_on", "created_at"]
        indexes = [models.Index(fields=["scheme", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.service_name}"


class FinancialGain(BaseModel):
    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, related_name="financial_gains"
    )
    kind = models.CharField(max_length=24, choices=list(FINANCIAL_GAIN_TYPES.items()))
    amount_pence = models.PositiveIntegerField()
    annual = models.BooleanField(default=False, help_text="A yearly amount rather than one-off.")
    recorded_on = models.DateField()

    class Meta:
        ordering = ["recorded_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: £{self.amount_pence / 100:,.2f}"


class Assignment(BaseModel):
    """Who supported whom, when: one row per link worker per stretch of an episode."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, related_name="assignments"
    )
    link_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    handover_note = models.TextField(blank=True)

    class Meta:
        ordering = ["started_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="assignment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.link_worker} from {self.started_on}"
