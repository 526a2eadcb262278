"""People supported by a scheme, and their consents. Identifiable: reached only through
`people.permissions`, and every read and write is audited."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q

from linkwork.core.models import BaseModel
from linkwork.people.equalities import (
    ARMED_FORCES_CHOICES,
    CARER_CHOICES,
    DISABILITY_CHOICES,
    NOT_ASKED,
    RELIGION_CHOICES,
    SEXUAL_ORIENTATION_CHOICES,
)
from linkwork.people.vocab import (
    CONSENT_SHARED_CHOICES,
    CONTACT_METHOD_CHOICES,
    ETHNICITY_CHOICES,
    GENDER_IDENTITY_CHOICES,
    SEX_CHOICES,
)


class Person(BaseModel):
    class PostcodeStatus(models.TextChoices):
        MATCHED = "matched", "Matched to a small area"
        UNKNOWN = "unknown", "Not found in the postcode lookup"
        NOT_GIVEN = "not_given", "Not given"

    # Every record about a person carries its scheme directly: access scoping uses it, and
    # a national deployment can shard by it.
    scheme = models.ForeignKey(
        "organisations.Scheme", on_delete=models.PROTECT, related_name="people"
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    chi_number = models.CharField("CHI number", max_length=10, blank=True)
    number_to_confirm = models.CharField(
        max_length=10,
        blank=True,
        help_text="An NHS or CHI number the person gave that is already on another record: "
        "staff confirm who they are (and merge) before it is trusted.",
    )
    sex = models.CharField(max_length=16, choices=SEX_CHOICES, default="not_known")
    gender_identity = models.CharField(
        max_length=16, choices=GENDER_IDENTITY_CHOICES, default="not_asked"
    )
    ethnicity = models.CharField(max_length=4, choices=ETHNICITY_CHOICES, blank=True)
    # Equalities monitoring, every answer optional: "not_stated" (asked, declined) is kept
    # apart from "not_asked" (see people.equalities).
    disability = models.CharField(max_length=16, choices=DISABILITY_CHOICES, default=NOT_ASKED)
    religion = models.CharField(
        "religion or belief", max_length=16, choices=RELIGION_CHOICES, default=NOT_ASKED
    )
    sexual_orientation = models.CharField(
        max_length=16, choices=SEXUAL_ORIENTATION_CHOICES, default=NOT_ASKED
    )
    carer = models.CharField(
        "unpaid carer", max_length=16, choices=CARER_CHOICES, default=NOT_ASKED
    )
    armed_forces = models.CharField(
        "armed forces community", max_length=16, choices=ARMED_FORCES_CHOICES, default=NOT_ASKED
    )
    preferred_contact = models.CharField(
        max_length=16, choices=CONTACT_METHOD_CHOICES, default="phone"
    )
    phone = models.CharField("telephone", max_length=32, blank=True)
    email = models.EmailField(blank=True)
    preferred_language = models.CharField(max_length=64, default="English")
    interpreter_needed = models.BooleanField(default=False)
    postcode = models.CharField(max_length=8, blank=True)
    postcode_status = models.CharField(
        max_length=16, choices=PostcodeStatus.choices, default=PostcodeStatus.NOT_GIVEN
    )
    small_area_code = models.CharField(max_length=12, blank=True)
    deprivation_index = models.CharField(max_length=16, blank=True)
    deprivation_decile = models.PositiveSmallIntegerField(null=True, blank=True)
    deprivation_quintile = models.PositiveSmallIntegerField(null=True, blank=True)
    practice = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registered_people",
        help_text="The GP practice the person is registered with.",
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # Data rights. A restricted record is seen only by the scheme's managers (UK GDPR
    # Article 18); a legal hold stops erasure; an erased record keeps only pseudonymised facts.
    restricted = models.BooleanField(default=False)
    restriction_reason = models.TextField(blank=True)
    legal_hold = models.BooleanField(default=False)
    legal_hold_reason = models.TextField(blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        indexes = [
            models.Index(fields=["scheme", "family_name"]),
            models.Index(fields=["scheme", "date_of_birth"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "nhs_number"],
                condition=~Q(nhs_number="") & Q(merged_into__isnull=True),
                name="person_unique_nhs_number_in_scheme",
                violation_error_message="Another person in this scheme has this NHS number.",
            ),
            models.UniqueConstraint(
                fields=["scheme", "chi_number"],
                condition=~Q(chi_number="") & Q(merged_into__isnull=True),
                name="person_unique_chi_number_in_scheme",
                violation_error_message="Another person in this scheme has this CHI number.",
            ),
            models.CheckConstraint(
                condition=Q(deprivation_decile__isnull=True)
                | Q(deprivation_decile__gte=1, deprivation_decile__lte=10),
                name="person_deprivation_decile_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class Consent(BaseModel):
    class Kind(models.TextChoices):
        SERVICE = "service", "Consent to the link worker service"
        SHARE_WITH_VCSE = "share_with_vcse", "Consent to share details with a named VCSE"

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The VCSE, for consent to share.",
    )
    given = models.BooleanField()
    shared_fields = models.JSONField(
        default=list, blank=True, help_text="What may be shared: name, contact, reason."
    )
    recorded_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the person recorded it themself online.",
    )
    withdrawn_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="share_with_vcse") | Q(organisation__isnull=False),
                name="consent_share_names_the_vcse",
                violation_error_message="Consent to share must name the VCSE.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({'given' if self.given else 'refused'})"

    @property
    def shared_labels(self) -> list[str]:
        """What may be shared, in words ("Contact details"), not the stored codes."""
        names = dict(CONSENT_SHARED_CHOICES)
        return [names.get(code, code) for code in self.shared_fields or []]


class PersonCorrection(BaseModel):
    """One rectified detail: the value before and after, who changed it, when and why, so a
    correction never silently overwrites what the record said (UK GDPR Article 16)."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="corrections")
    field_name = models.CharField(max_length=64)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.TextField()
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    corrected_at = models.DateTimeField()

    class Meta:
        ordering = ["-corrected_at"]
        verbose_name = "correction"

    def __str__(self) -> str:
        return f"{self.field_label} corrected on {self.corrected_at:%d %b %Y}"

    @property
    def field_label(self) -> str:
        """The detail in words ("Date of birth"), not the stored field name."""
        try:
            field = Person._meta.get_field(self.field_name)
        except FieldDoesNotExist:
            field = None
        if not isinstance(field, models.Field):
            return self.field_name.replace("_", " ").capitalize()
        label = str(field.verbose_name)
        return label[:1].upper() + label[1:]
