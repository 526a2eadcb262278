"""What the workforce records: link worker posts and what the scheme sets for them, the
supervision, training and wellbeing checks of each post holder, the resources given to
practices, and the scheme's costs. Staff data, not the data of people supported: nothing here
names a person who was referred. Writes go through `services`; reads through `selectors`."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from linkwork.core.models import BaseModel
from linkwork.workforce.vocab import (
    DEFAULT_SUPERVISION_INTERVAL_DAYS,
    MAX_CONTRACTED_HOURS,
    MAX_GP_APPOINTMENTS,
    MAX_GP_WINDOW_MONTHS,
    MAX_SESSION_MINUTES,
    MIN_GP_WINDOW_MONTHS,
    MIN_SESSION_MINUTES,
    CostCategory,
    FundPurpose,
    GpCountSource,
    SessionKind,
    StaffGroup,
    ThematicRole,
    wte,
)

_USER = settings.AUTH_USER_MODEL


def _period_in_order(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(period_end__gte=F("period_start")),
        name=name,
        violation_error_message="The period ends before it starts.",
    )


class WorkforceStandard(BaseModel):
    """What a scheme expects for its link workers: how often supervision is due, the courses
    every link worker completes, and the short 1-5 wellbeing check it asks them."""

    scheme = models.OneToOneField(
        "organisations.Scheme", on_delete=models.CASCADE, related_name="workforce_standard"
    )
    supervision_interval_days = models.PositiveSmallIntegerField(
        default=DEFAULT_SUPERVISION_INTERVAL_DAYS,
        validators=[MinValueValidator(7), MaxValueValidator(180)],
    )
    required_courses = models.JSONField(default=list, blank=True)
    # Empty until a manager sets the items; the selector offers the default ones meanwhile
    # (a default callable here would tie the migration to this module).
    wellbeing_items = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"Workforce standard of {self.scheme}"


class LinkWorkerPost(BaseModel):
    """A funded link worker post; `holder` is empty while it is vacant. A post ends when its
    holder leaves (a new holder takes a new post record, so turnover can be counted)."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    holder = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="link_worker_posts"
    )
    title = models.CharField(max_length=120, default="Link worker")
    contracted_hours = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(MAX_CONTRACTED_HOURS)],
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    practices = models.ManyToManyField("organisations.Organisation", related_name="+", blank=True)
    employer = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    line_manager = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="line_managed_posts"
    )
    thematic_role = models.CharField(
        max_length=32, choices=ThematicRole.choices, default=ThematicRole.GENERIC.value
    )

    class Meta:
        ordering = ["scheme", "started_on", "created_at"]
        indexes = [models.Index(fields=["scheme", "ended_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="workforce_post_ends_after_start",
                violation_error_message="A post cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(line_manager__isnull=True)
                | Q(holder__isnull=True)
                | ~Q(line_manager=F("holder")),
                name="workforce_post_not_own_manager",
                violation_error_message="A link worker cannot be their own line manager.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.holder or 'vacant'})"

    @property
    def wte(self) -> Decimal:
        return wte(self.contracted_hours)


class SupportSession(BaseModel):
    """Supervision or peer support for a post holder. What was discussed is private to the
    link worker and their line manager."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    post = models.ForeignKey(LinkWorkerPost, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(max_length=16, choices=SessionKind.choices)
    held_on = models.DateField()
    supervisor = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    duration_minutes = models.PositiveSmallIntegerField(
        validators=[
            MinValueValidator(MIN_SESSION_MINUTES),
            MaxValueValidator(MAX_SESSION_MINUTES),
        ]
    )
    content = models.TextField(blank=True)
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-created_at"]
        indexes = [models.Index(fields=["post", "held_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on}"


class TrainingRecord(BaseModel):
    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    post = models.ForeignKey(LinkWorkerPost, on_delete=models.CASCADE, related_name="training")
    course = models.CharField(max_length=200)
    completed_on = models.DateField()
    provider = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-completed_on", "course"]

    def __str__(self) -> str:
        return f"{self.course} on {self.completed_on}"


class WellbeingCheck(BaseModel):
    """A link worker's own answers (1-5) to the scheme's short questions about their
    workload; `items` keeps the questions as they were asked."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    post = models.ForeignKey(LinkWorkerPost, on_delete=models.CASCADE, related_name="wellbeing")
    checked_on = models.DateField()
    items = models.JSONField()
    answers = models.JSONField()
    mean = models.DecimalField(max_digits=3, decimal_places=2)

    class Meta:
        ordering = ["-checked_on", "-created_at"]

    def __str__(self) -> str:
        return f"Wellbeing check on {self.checked_on}"


class PracticeFund(BaseModel):
    """Money given to a practice for the programme, such as a development fund paying for GP
    time for longer consultations."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    practice = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    amount_gbp = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    period_start = models.DateField()
    period_end = models.DateField()
    purpose = models.CharField(max_length=32, choices=FundPurpose.choices)
    note = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-period_start", "purpose"]
        constraints = [_period_in_order("workforce_fund_period_order")]

    def __str__(self) -> str:
        return f"£{self.amount_gbp} for {self.get_purpose_display()}"


class ProtectedTime(BaseModel):
    """Time a named member of practice staff has set aside for the programme, and what it
    bought (extra consultation minutes)."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    practice = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    staff_name = models.CharField(max_length=120)
    staff_group = models.CharField(max_length=32, choices=StaffGroup.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    hours_per_week = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("40"))],
    )
    extra_consultation_minutes = models.PositiveIntegerField(default=0)
    how_used = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name_plural = "protected time"
        ordering = ["-period_start", "staff_name"]
        constraints = [_period_in_order("workforce_protected_period_order")]

    def __str__(self) -> str:
        return f"{self.staff_name}: {self.hours_per_week} h a week"


class SchemeCost(BaseModel):
    """What a scheme cost in one period, by category."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    category = models.CharField(max_length=32, choices=CostCategory.choices)
    amount_gbp = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    note = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-period_start", "category"]
        constraints = [
            _period_in_order("workforce_cost_period_order"),
            models.UniqueConstraint(
                fields=["scheme", "period_start", "period_end", "category"],
                name="workforce_cost_once_per_period",
                violation_error_message="This cost is already recorded for this period.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: £{self.amount_gbp}"


class GpAppointments(BaseModel):
    """How many GP appointments a person had in a fixed window of months before their
    referral and in the same window after it, recorded only with their consent. The two
    counts make an uncontrolled before-and-after comparison in the evaluation. One record an
    episode: recording it again replaces the counts."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    referral = models.OneToOneField(
        "episodes.Referral", on_delete=models.PROTECT, related_name="gp_appointments"
    )
    consent_recorded_on = models.DateField()
    window_months = models.PositiveSmallIntegerField(
        validators=[
            MinValueValidator(MIN_GP_WINDOW_MONTHS),
            MaxValueValidator(MAX_GP_WINDOW_MONTHS),
        ]
    )
    count_before = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(MAX_GP_APPOINTMENTS)]
    )
    count_after = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(MAX_GP_APPOINTMENTS)]
    )
    source = models.CharField(max_length=32, choices=GpCountSource.choices)
    imported = models.BooleanField(default=False)
    note = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "GP appointments before and after"
        verbose_name_plural = "GP appointments before and after"
        constraints = [
            models.CheckConstraint(
                condition=Q(window_months__gte=MIN_GP_WINDOW_MONTHS)
                & Q(window_months__lte=MAX_GP_WINDOW_MONTHS),
                name="workforce_gp_window_range",
                violation_error_message="The window is from 1 to 24 months.",
            ),
        ]

    def __str__(self) -> str:
        return f"GP appointments: {self.count_before} before, {self.count_after} after"
