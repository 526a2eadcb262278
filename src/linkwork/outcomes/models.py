"""Questionnaires given to people, the schedule that says when, and the instrument library.

Identifiable tables (Administration, RiskAlert) carry their scheme directly, are reached
only through `outcomes.permissions` or a caller that has authorised the person, and every
read and write is audited. Scores are stored with the definition version used, so a later
correction to an instrument never changes history silently.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from linkwork.core.models import BaseModel
from linkwork.outcomes.schedule import Rule, rule_problem
from linkwork.outcomes.scoring import builtin_definitions
from linkwork.outcomes.vocab import (
    ONCE_PER_EPISODE,
    Kind,
    Mode,
    RuleKind,
    Timepoint,
    alert_description,
)


class Administration(BaseModel):
    """One questionnaire completed by a person at one timepoint of an episode."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="administrations"
    )
    referral = models.ForeignKey(
        "episodes.Referral", on_delete=models.PROTECT, related_name="administrations"
    )
    instrument_id = models.CharField("questionnaire", max_length=64)
    definition_version = models.CharField("questionnaire version", max_length=20)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    bespoke_instrument = models.ForeignKey(
        "outcomes.BespokeInstrument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="administrations",
        help_text="The exact bespoke definition used (bespoke tools only).",
    )
    timepoint = models.CharField(max_length=16, choices=Timepoint.choices)
    administered_on = models.DateField()
    mode = models.CharField(max_length=16, choices=Mode.choices)
    administered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    responses = models.JSONField(help_text="Answers keyed by item code; null if unanswered.")
    scores = models.JSONField(
        help_text="ScoreResult.to_json_dict() plus primary, primary_measure, missing, prorated."
    )
    primary_score = models.FloatField(
        null=True, blank=True, help_text="The headline score change is judged on, if any."
    )
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrects"
    )
    correction_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = "questionnaire"
        ordering = ["administered_on", "created_at"]
        indexes = [
            models.Index(fields=["scheme", "instrument_id", "administered_on"]),
            models.Index(fields=["person", "instrument_id", "administered_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "instrument_id", "timepoint"],
                condition=Q(
                    timepoint__in=sorted(str(t) for t in ONCE_PER_EPISODE),
                    superseded_by__isnull=True,
                ),
                name="administration_once_per_episode",
                violation_error_message="This episode already has this questionnaire then.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id} {self.get_timepoint_display()} on {self.administered_on}"


class ScheduleRule(BaseModel):
    """When one of a scheme's instruments falls due. A scheme without any rules follows
    the default: baseline at session 1, review at session 4 or discharge, follow-up at
    91 days after discharge, for every instrument in its policy."""

    scheme = models.ForeignKey(
        "organisations.Scheme", on_delete=models.CASCADE, related_name="outcome_schedule"
    )
    instrument_id = models.CharField(max_length=64)
    timepoint = models.CharField(max_length=16, choices=Timepoint.choices)
    rule = models.CharField(max_length=24, choices=RuleKind.choices)
    session_number = models.PositiveSmallIntegerField(null=True, blank=True)
    days = models.PositiveIntegerField(
        null=True, blank=True, help_text="Days after discharge (follow-up only)."
    )
    grace_days = models.PositiveIntegerField(default=14, help_text="Overdue after this.")
    window_days = models.PositiveIntegerField(
        default=90, help_text="Dropped from the due lists as missed after this."
    )

    class Meta:
        ordering = ["scheme", "instrument_id", "timepoint"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "instrument_id", "timepoint"],
                name="schedule_rule_unique_timepoint",
            ),
            models.CheckConstraint(
                condition=~Q(rule__in=[RuleKind.SESSION.value, RuleKind.SESSION_OR_DISCHARGE.value])
                | Q(session_number__gte=1),
                name="schedule_rule_session_number",
                violation_error_message="Give the session number at which it falls due.",
            ),
            models.CheckConstraint(
                condition=~Q(rule=RuleKind.AFTER_DISCHARGE.value) | Q(days__gte=1),
                name="schedule_rule_days",
                violation_error_message="Give the number of days after discharge.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id} {self.get_timepoint_display()}: {self.get_rule_display()}"

    def clean(self) -> None:
        known = self.instrument_id in builtin_definitions() or (
            BespokeInstrument.objects.filter(
                scheme_id=self.scheme_id, instrument_id=self.instrument_id
            ).exists()
        )
        if not known:
            raise ValidationError(
                {"instrument_id": "Use a built-in instrument id or one of this scheme's own tools."}
            )
        problem = rule_problem(self.as_rule())
        if problem:
            raise ValidationError(problem)

    def as_rule(self) -> Rule:
        return Rule(
            instrument_id=self.instrument_id,
            timepoint=Timepoint(self.timepoint),
            kind=RuleKind(self.rule),
            session_number=self.session_number,
            days=self.days,
            grace_days=self.grace_days,
            window_days=self.window_days,
        )


class InstrumentWording(BaseModel):
    """Licensed question wording loaded by the deploying organisation (never shipped)."""

    instrument_id = models.CharField(max_length=64, unique=True)
    definition_version = models.CharField(max_length=20)
    instructions = models.TextField(blank=True)
    copyright = models.TextField(blank=True)
    licence = models.TextField(blank=True)
    items = models.JSONField(help_text="Question text keyed by item code.")
    options = models.JSONField(default=dict, blank=True, help_text="Option labels per item.")
    source_name = models.CharField(max_length=255, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["instrument_id"]
        verbose_name_plural = "instrument wording"

    def __str__(self) -> str:
        return f"Wording for {self.instrument_id}"


class BespokeInstrument(BaseModel):
    """A scheme's own questionnaire, defined as data and validated against the schema.

    Each version is its own row and is never edited once used, so every score can be
    traced to the exact definition that produced it.
    """

    scheme = models.ForeignKey(
        "organisations.Scheme", on_delete=models.PROTECT, related_name="bespoke_instruments"
    )
    instrument_id = models.CharField(max_length=64, editable=False)
    version = models.CharField(max_length=20, editable=False)
    name = models.CharField(max_length=120, editable=False)
    definition = models.JSONField(help_text="A definition following bespoke_schema.json.")
    active = models.BooleanField(default=True, help_text="Offered for new questionnaires.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["instrument_id", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument_id", "version"], name="bespoke_instrument_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class RiskAlert(BaseModel):
    """A risk flag raised by a questionnaire (e.g. PHQ-9 item 9 above zero) for the
    person's link worker to act on."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(
        "episodes.Referral", on_delete=models.PROTECT, related_name="risk_alerts"
    )
    administration = models.ForeignKey(
        Administration, on_delete=models.PROTECT, related_name="alerts"
    )
    flag = models.CharField(max_length=32, default="risk")
    raised_at = models.DateTimeField()
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    action_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-raised_at"]
        indexes = [models.Index(fields=["scheme", "acknowledged_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(acknowledged_by__isnull=True, acknowledged_at__isnull=True)
                | Q(acknowledged_by__isnull=False, acknowledged_at__isnull=False),
                name="risk_alert_acknowledged_by_and_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.flag} alert raised {self.raised_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None

    @property
    def description(self) -> str:
        return alert_description(self.administration.instrument_id, self.flag)
