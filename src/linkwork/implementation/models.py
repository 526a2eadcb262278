"""What implementation monitoring records: link worker activity beyond one-to-one work,
practice events, link worker continuity, concurrent initiatives, the practice's leadership of
the programme, NoMAD survey rounds, and scheme-level overrides of the integration rule.
Writes go through `services` and `nomad_services`; reads through `selectors` and
`assessment`."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from linkwork.core.models import BaseModel
from linkwork.implementation.continuity import gap_days, overlap_days
from linkwork.implementation.vocab import (
    MAX_ACTIVITY_MINUTES,
    MIN_ACTIVITY_MINUTES,
    AbsenceKind,
    ActivityKind,
    Cover,
    EventKind,
    LeadRole,
    Level,
    kinds_at,
)

_USER = settings.AUTH_USER_MODEL


class Activity(BaseModel):
    """Link worker time at the practice or community level (patient-level time comes from
    casework encounters)."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    practice = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    link_worker = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField()
    level = models.CharField(
        max_length=16, choices=[(k, v) for k, v in Level.choices if k != Level.PATIENT]
    )
    kind = models.CharField(max_length=32, choices=ActivityKind.choices)
    minutes = models.PositiveSmallIntegerField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name_plural = "activities"
        ordering = ["occurred_on", "created_at"]
        indexes = [
            models.Index(fields=["practice", "occurred_on"]),
            models.Index(fields=["link_worker", "occurred_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=MIN_ACTIVITY_MINUTES, minutes__lte=MAX_ACTIVITY_MINUTES),
                name="impl_activity_minutes_range",
                violation_error_message="An activity lasts between 5 minutes and 8 hours.",
            ),
            models.CheckConstraint(
                condition=Q(
                    level=Level.PRACTICE.value,
                    kind__in=[k.value for k in kinds_at(Level.PRACTICE)],
                )
                | Q(
                    level=Level.COMMUNITY.value,
                    kind__in=[k.value for k in kinds_at(Level.COMMUNITY)],
                ),
                name="impl_activity_level_matches_kind",
                violation_error_message="The activity type belongs to the other level.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on}"


class PracticeEvent(BaseModel):
    """A practice event (learning session, team meeting...) with attendance by staff group.
    Counts only: nobody's name is recorded."""

    practice = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField()
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    title = models.CharField(max_length=200)
    gps = models.PositiveSmallIntegerField(default=0)
    nurses = models.PositiveSmallIntegerField(default=0)
    reception_admin = models.PositiveSmallIntegerField(default=0)
    managers = models.PositiveSmallIntegerField(default=0)
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-created_at"]
        indexes = [models.Index(fields=["practice", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(gps__gt=0)
                | Q(nurses__gt=0)
                | Q(reception_admin__gt=0)
                | Q(managers__gt=0),
                name="impl_event_has_attendance",
                violation_error_message="An event needs at least one person attending.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} on {self.held_on}"


class Coverage(BaseModel):
    """Which link worker covers which practice, from when to when (open-ended: still does)."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    practice = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    link_worker = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name_plural = "coverage"
        ordering = ["-started_on"]
        indexes = [models.Index(fields=["practice", "started_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="impl_coverage_ends_after_start",
                violation_error_message="Coverage cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.link_worker} from {self.started_on}"


class Absence(BaseModel):
    """A link worker's leave, or a vacancy (no link worker), with the cover arranged."""

    practice = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    link_worker = models.ForeignKey(
        _USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    kind = models.CharField(max_length=16, choices=AbsenceKind.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    cover = models.CharField(max_length=16, choices=Cover.choices)
    cover_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    cover_note = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-started_on"]
        indexes = [models.Index(fields=["practice", "started_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="impl_absence_ends_after_start",
                violation_error_message="An absence cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(kind=AbsenceKind.VACANCY.value, link_worker__isnull=True)
                | (~Q(kind=AbsenceKind.VACANCY.value) & Q(link_worker__isnull=False)),
                name="impl_absence_vacancy_has_no_worker",
                violation_error_message="Leave belongs to a link worker; a vacancy has none.",
            ),
            models.CheckConstraint(
                condition=~Q(cover=Cover.NONE.value) | Q(cover_by__isnull=True),
                name="impl_absence_no_cover_no_coverer",
                violation_error_message="Name who covers only when there is cover.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_on}"


class Handover(BaseModel):
    """One link worker handing a practice to another; overlap days are the shadowing time."""

    practice = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    outgoing = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    incoming = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    outgoing_last_day = models.DateField()
    incoming_first_day = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-incoming_first_day"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outgoing=F("incoming")),
                name="impl_handover_two_people",
                violation_error_message="A handover is between two different link workers.",
            ),
        ]

    def __str__(self) -> str:
        return f"Handover on {self.incoming_first_day}"

    @property
    def overlap_days(self) -> int:
        return overlap_days(
            outgoing_last_day=self.outgoing_last_day, incoming_first_day=self.incoming_first_day
        )

    @property
    def gap_days(self) -> int:
        return gap_days(
            outgoing_last_day=self.outgoing_last_day, incoming_first_day=self.incoming_first_day
        )


class ConcurrentInitiative(BaseModel):
    """Another initiative the practice runs at the same time: context for the assessment."""

    practice = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="impl_initiative_ends_after_start",
                violation_error_message="An initiative cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PracticeLeadership(BaseModel):
    """Who leads the programme in the practice, as recorded on a day: a named lead (or none),
    their role, and whether they take part in the practice meetings where the programme is
    discussed. Each record stands from its day until the next, so a past period is assessed
    on what was recorded then."""

    practice = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    recorded_on = models.DateField()
    lead_name = models.CharField(max_length=120, blank=True)
    lead_role = models.CharField(max_length=24, choices=LeadRole.choices, blank=True)
    in_meetings = models.BooleanField(default=False)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name_plural = "practice leadership"
        ordering = ["-recorded_on", "-created_at"]
        indexes = [models.Index(fields=["practice", "recorded_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(lead_name="", lead_role="", in_meetings=False)
                | (~Q(lead_name="") & ~Q(lead_role="")),
                name="impl_leadership_lead_is_whole",
                violation_error_message=(
                    "A named lead needs a name and a role; with no lead, leave both empty."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Leadership recorded {self.recorded_on}"

    @property
    def has_lead(self) -> bool:
        return bool(self.lead_name)


class NomadRound(BaseModel):
    """One NoMAD survey round for one practice. Staff answer through personal links."""

    practice = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    programme_name = models.CharField(max_length=120, default="the link worker programme")
    opened_on = models.DateField()
    closes_on = models.DateField(help_text="Links stop working after this day.")
    closed_on = models.DateField(
        null=True, blank=True, help_text="Set when a manager closes the round early."
    )
    min_responses = models.PositiveSmallIntegerField(
        help_text="Results are shown only once the round has closed with at least this many."
    )
    opened_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-opened_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opened_on")),
                name="impl_round_closes_after_opening",
                violation_error_message="A round cannot close before it opens.",
            ),
            models.CheckConstraint(
                condition=Q(min_responses__gte=2),
                name="impl_round_min_responses",
                violation_error_message="A round needs a minimum of at least 2 responses.",
            ),
        ]

    def __str__(self) -> str:
        return f"NoMAD round opened {self.opened_on}"

    @property
    def ends_on(self) -> date:
        """The last day the round took answers: closed early, or its planned close."""
        return self.closed_on or self.closes_on


class NomadLink(models.Model):
    """A personal survey link. Only a hash of its token is kept. No person is named and no
    time of use is kept (no `updated_at`), so a link cannot be tied to an answer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(NomadRound, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_on = models.DateField()
    used = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Survey link ({'used' if self.used else 'unused'})"


class NomadResponse(models.Model):
    """One anonymous answer set. Not linked to the link it came through; only the day kept."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(NomadRound, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField()
    staff_group = models.CharField(max_length=24, blank=True)
    answers = models.JSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["round"])]

    def __str__(self) -> str:
        return "NoMAD response"


class RuleOverride(BaseModel):
    """A scheme's own thresholds for the integration rule (validated by rules.rule_from)."""

    scheme = models.OneToOneField(
        "organisations.Scheme", on_delete=models.CASCADE, related_name="integration_rule"
    )
    overrides = models.JSONField(default=dict, blank=True)
    reason = models.TextField()
    updated_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    def __str__(self) -> str:
        return f"Integration rule for {self.scheme}"
