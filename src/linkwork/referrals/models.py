"""Referrals. Each referral is one episode of support; a re-referral is a new episode linked
to the earlier ones. Status changes only through `referrals.services.referral_transition`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from linkwork.core.models import BaseModel
from linkwork.organisations.policy_rules import REFERRAL_SOURCE_LABELS
from linkwork.referrals.lifecycle import (
    DECLINE_REASON_LABELS,
    DISCHARGE_REASON_LABELS,
    STATUS_LABELS,
    Status,
)


class Referral(BaseModel):
    scheme = models.ForeignKey(
        "organisations.Scheme", on_delete=models.PROTECT, related_name="referrals"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    practice = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_made",
        help_text="The referring GP practice, if any.",
    )
    source = models.CharField(max_length=32, choices=list(REFERRAL_SOURCE_LABELS.items()))
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_made",
    )
    referrer_name = models.CharField(max_length=200, blank=True)
    received_on = models.DateField()
    reasons = models.JSONField(default=list, help_text="Codes from the needs taxonomy.")
    reason_text = models.TextField(blank=True)
    risk_flags = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=16, choices=list(STATUS_LABELS.items()), default=Status.RECEIVED.value
    )
    status_changed_at = models.DateTimeField()
    previous_episode = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="re_referrals"
    )
    link_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseload",
    )
    first_contact_on = models.DateField(
        null=True, blank=True, help_text="Set from the first attended encounter."
    )
    decline_reason = models.CharField(
        max_length=32, choices=list(DECLINE_REASON_LABELS.items()), blank=True
    )
    discharge_reason = models.CharField(
        max_length=32, choices=list(DISCHARGE_REASON_LABELS.items()), blank=True
    )
    closed_on = models.DateField(null=True, blank=True)
    what_matters = models.TextField(blank=True, help_text="'What matters to me', in their words.")
    at_risk = models.BooleanField(default=False)
    at_risk_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_on"]
        indexes = [
            models.Index(fields=["scheme", "status"]),
            models.Index(fields=["scheme", "received_on"]),
            models.Index(fields=["link_worker", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.DECLINED.value) | ~Q(decline_reason=""),
                name="referral_declined_has_reason",
                violation_error_message="A declined referral records why.",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.DISCHARGED.value) | ~Q(discharge_reason=""),
                name="referral_discharged_has_reason",
                violation_error_message="A discharge records its reason.",
            ),
            models.CheckConstraint(
                condition=~Q(at_risk=True) | ~Q(at_risk_reason=""),
                name="referral_at_risk_has_reason",
                violation_error_message="Flagging someone at risk needs the reason.",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral of {self.person} on {self.received_on:%d %b %Y}"

    @property
    def waiting_days(self) -> int | None:
        """Referral to first contact, derived from the encounters, never typed."""
        if self.first_contact_on is None:
            return None
        return (self.first_contact_on - self.received_on).days


class ReferralEvent(models.Model):
    """Append-only history of an episode: the timeline, audit questions and timings."""

    class Kind(models.TextChoices):
        CREATED = "created", "Referral received"
        STATUS = "status", "Status changed"
        ASSIGNED = "assigned", "Link worker assigned"
        ENCOUNTER = "encounter", "Encounter recorded"
        GOAL = "goal", "Support plan changed"
        CONNECTION = "connection", "Connection made or updated"
        FINANCIAL_GAIN = "financial_gain", "Financial gain recorded"
        AT_RISK = "at_risk", "At-risk flag changed"
        NOTE = "note", "Note"
        OUTCOME = "outcome", "Questionnaire recorded"
        ALERT = "alert", "Risk alert"

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["referral", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"
