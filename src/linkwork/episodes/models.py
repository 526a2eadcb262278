"""The episode of support: a referral and its history, and the link worker's work with the
person during it (encounters, the support plan, connections to help, financial gains, and who
supported whom, when).

Each referral is one episode; a re-referral is a new episode linked to the earlier ones. Status
changes only through `episodes.services.lifecycle.referral_transition`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.dateformat import format as date_format

from linkwork.core.models import BaseModel
from linkwork.episodes.lifecycle import (
    OPEN_STATUSES,
    DeclineReason,
    DischargeReason,
    Status,
)
from linkwork.episodes.vocab import (
    ConnectionKind,
    ConnectionStatus,
    ConnectionTarget,
    EncounterMode,
    FinancialGainType,
    GoalStatus,
)
from linkwork.organisations.policy_rules import ReferralSource


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
    source = models.CharField(max_length=32, choices=ReferralSource.choices)
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
    reason_text = models.TextField(blank=True, help_text="The referrer's own words.")
    risk_flags = models.JSONField(default=list, blank=True)
    screening = models.JSONField(
        default=list,
        blank=True,
        help_text="Answers to 'Is the person currently any of these?' (exclusion codes).",
    )
    # Safety information (risk flags, screening answers the scheme accepts) stays flagged on
    # the episode and the link worker's home until a link worker records what was done.
    safety_action = models.TextField(blank=True)
    safety_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    safety_reviewed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED.value)
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
    decline_reason = models.CharField(max_length=32, choices=DeclineReason.choices, blank=True)
    decline_note = models.TextField(blank=True, help_text="Shown to the referrer.")
    discharge_reason = models.CharField(max_length=32, choices=DischargeReason.choices, blank=True)
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
        return f"Referral of {self.person} on {date_format(self.received_on, 'j F Y')}"

    @property
    def safety_flag_open(self) -> bool:
        """Safety information no link worker has yet acted on, while the episode is open."""
        return (
            bool(self.risk_flags or self.screening)
            and not self.safety_reviewed_at
            and Status(self.status) in OPEN_STATUSES
        )

    @property
    def waiting_days(self) -> int | None:
        """Referral to first contact, derived from the encounters, never typed."""
        if self.first_contact_on is None:
            return None
        return (self.first_contact_on - self.received_on).days


# ReferralEvent's columns, in the order bulk writers (the demo world, imports) give them.
REFERRAL_EVENT_COLUMNS = ("scheme_id", "referral_id", "kind", "at", "actor_id", "data")


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
        SAFETY = "safety", "Safety information acted on"

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    data = models.JSONField("what happened", default=dict, blank=True)

    class Meta:
        verbose_name = "episode event"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["referral", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


class Encounter(BaseModel):
    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(
        "episodes.Referral", on_delete=models.PROTECT, related_name="encounters"
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
    mode = models.CharField(max_length=16, choices=EncounterMode.choices)
    duration_minutes = models.PositiveSmallIntegerField("duration in minutes")
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
        return f"{self.get_mode_display()} on {date_format(self.occurred_on, 'j F Y')}"


class Goal(BaseModel):
    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(
        "episodes.Referral", on_delete=models.PROTECT, related_name="goals"
    )
    description = models.CharField(max_length=300)
    status = models.CharField(
        max_length=24, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED.value
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
        "episodes.Referral", on_delete=models.PROTECT, related_name="connections"
    )
    kind = models.CharField(max_length=16, choices=ConnectionKind.choices)
    target = models.CharField(max_length=24, choices=ConnectionTarget.choices)
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
        max_length=16, choices=ConnectionStatus.choices, default=ConnectionStatus.REQUESTED.value
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
        "episodes.Referral", on_delete=models.PROTECT, related_name="financial_gains"
    )
    kind = models.CharField(max_length=24, choices=FinancialGainType.choices)
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
        "episodes.Referral", on_delete=models.PROTECT, related_name="assignments"
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


class EpisodeSummary(BaseModel):
    """The end-of-episode summary as it was written: a snapshot taken at discharge, never
    rewritten. An amendment is the next version, with its reason; earlier versions stay."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(
        "episodes.Referral", on_delete=models.PROTECT, related_name="summaries"
    )
    version = models.PositiveIntegerField()
    content = models.JSONField(help_text="What the summary said, with every label in words.")
    reason = models.TextField(blank=True, help_text="Why this version amends the one before.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "episode summaries"
        ordering = ["referral", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "version"], name="episode_summary_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(version=1) | ~Q(reason=""),
                name="episode_summary_amendment_has_reason",
                violation_error_message="An amended summary records why.",
            ),
        ]

    def __str__(self) -> str:
        return f"Summary of {self.referral_id}, version {self.version}"
