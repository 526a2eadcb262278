"""Registry tables: regions, organisations, schemes, their policies and TIDieR descriptions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from linkwork.core.models import BaseModel
from linkwork.organisations.delivery_models import LineManager, TrainingProvider
from linkwork.organisations.kinds import Country, OrgKind
from linkwork.organisations.policy_rules import (
    MAX_AGE,
    Accompaniment,
    AgeBand,
)


class Region(BaseModel):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    country = models.CharField(max_length=16, choices=Country.choices)
    population = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["country", "name"]

    def __str__(self) -> str:
        return self.name


class Organisation(BaseModel):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=OrgKind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organisations")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    code = models.CharField(
        max_length=16, blank=True, help_text="ODS code or equivalent national identifier."
    )
    list_size = models.PositiveIntegerField(
        null=True, blank=True, help_text="Registered patients (GP practices only)."
    )
    postcode = models.CharField(max_length=8, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["region", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(list_size__isnull=True) | Q(kind=OrgKind.GP_PRACTICE.value),
                name="organisation_list_size_only_for_practices",
                violation_error_message="Only GP practices have a registered list size.",
            ),
            models.UniqueConstraint(
                fields=["region", "kind", "name"], name="organisation_unique_name_in_region"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_enum(self) -> OrgKind:
        return OrgKind(self.kind)


class Scheme(BaseModel):
    """A link worker service: who commissions, employs and manages it, and where it works."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="schemes")
    commissioner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="schemes_commissioned"
    )
    employer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="schemes_employing"
    )
    managers = models.ManyToManyField(Organisation, related_name="schemes_managed")
    practices = models.ManyToManyField(Organisation, related_name="schemes_serving", blank=True)
    summary = models.TextField(blank=True)
    delivery_model_override = models.PositiveSmallIntegerField(null=True, blank=True)
    override_reason = models.TextField(blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    override_at = models.DateTimeField(null=True, blank=True)
    # How the scheme is run: the facts the mapping study uses to tell model 4 from model 3.
    funding_nhs_percent = models.PositiveSmallIntegerField(
        "NHS share of funding (%)",
        default=100,
        help_text="Through the PCN contract (ARRS), the ICB, or the HSCP's primary care fund.",
    )
    funding_council_percent = models.PositiveSmallIntegerField(
        "Local council share of funding (%)", default=0
    )
    funding_other_percent = models.PositiveSmallIntegerField(
        "Other funding share (%)", default=0, help_text="Charitable grants and other sources."
    )
    line_manager = models.CharField(
        "Who line-manages the link workers",
        max_length=16,
        choices=LineManager.choices,
        default=LineManager.EMPLOYER.value,
    )
    training_by = models.CharField(
        "Who trains the link workers",
        max_length=16,
        choices=TrainingProvider.choices,
        default=TrainingProvider.EMPLOYER.value,
    )
    commissioner_network = models.BooleanField(
        "The commissioner runs a network that oversees the link workers", default=False
    )
    gp_lead_matrix = models.BooleanField(
        "Commissioner, host and GP leads guide the work together and review referral and "
        "outcome data",
        default=False,
    )
    retention_years = models.PositiveSmallIntegerField(
        default=8,
        help_text="Years a person's record is kept after their last episode ends, before it "
        "is reviewed for erasure.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(delivery_model_override__isnull=True)
                | Q(delivery_model_override__gte=1, delivery_model_override__lte=4),
                name="scheme_override_is_a_model",
                violation_error_message="A delivery model is 1, 2, 3 or 4.",
            ),
            models.CheckConstraint(
                condition=Q(delivery_model_override__isnull=True) | ~Q(override_reason=""),
                name="scheme_override_has_reason",
                violation_error_message="Overriding the delivery model needs a reason.",
            ),
            models.CheckConstraint(
                condition=Q(
                    funding_nhs_percent__lte=100,
                    funding_council_percent__lte=100,
                    funding_other_percent__lte=100,
                ),
                name="scheme_funding_shares_are_percentages",
                violation_error_message="Each funding share is between 0 and 100%.",
            ),
            models.CheckConstraint(
                condition=Q(
                    funding_nhs_percent=100
                    - models.F("funding_council_percent")
                    - models.F("funding_other_percent")
                ),
                name="scheme_funding_shares_add_to_100",
                violation_error_message="The funding shares must add up to 100%.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SchemePolicy(BaseModel):
    """The rules a scheme applies at intake and during support. Validated by policy_rules."""

    scheme = models.OneToOneField(Scheme, on_delete=models.CASCADE, related_name="policy")
    age_band = models.CharField(
        max_length=16, choices=AgeBand.choices, default=AgeBand.ADULTS.value
    )
    age_min = models.PositiveSmallIntegerField(null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(null=True, blank=True)
    priority_groups = models.JSONField(default=list, blank=True)
    accepted_sources = models.JSONField(default=list)
    session_cap = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Empty for no cap."
    )
    at_risk_exception = models.BooleanField(
        default=True, help_text="People at risk are not discharged at the cap."
    )
    rereferral_min_gap_days = models.PositiveIntegerField(default=0)
    exclusions = models.JSONField(default=list, blank=True)
    home_visits = models.BooleanField(default=False)
    accompaniment = models.CharField(
        max_length=16, choices=Accompaniment.choices, default=Accompaniment.IF_NEEDED.value
    )
    outcome_tools = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name_plural = "scheme policies"
        constraints = [
            models.CheckConstraint(
                condition=Q(session_cap__isnull=True) | Q(session_cap__gte=1),
                name="policy_session_cap_positive",
                violation_error_message="A session cap must be at least 1.",
            ),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=models.F("age_max")),
                name="policy_age_min_not_above_max",
                violation_error_message="The minimum age cannot be above the maximum age.",
            ),
            models.CheckConstraint(
                condition=Q(age_max__isnull=True) | Q(age_max__lte=MAX_AGE),
                name="policy_age_max_plausible",
                violation_error_message=f"Ages cannot exceed {MAX_AGE}.",
            ),
        ]

    def __str__(self) -> str:
        return f"Policy of {self.scheme}"


class TidierDescription(BaseModel):
    """The free-text TIDieR items; the structured items are generated from the registry."""

    scheme = models.OneToOneField(Scheme, on_delete=models.CASCADE, related_name="tidier")
    brief_name = models.CharField(max_length=200, blank=True)
    why = models.TextField(blank=True)
    what_materials = models.TextField(blank=True)
    what_procedures = models.TextField(blank=True)
    modifications = models.TextField(blank=True)
    how_well_planned = models.TextField(blank=True)
    how_well_actual = models.TextField(blank=True)
    voice = models.TextField(blank=True, help_text="Who wrote this description, and when.")

    def __str__(self) -> str:
        return f"TIDieR description of {self.scheme}"
