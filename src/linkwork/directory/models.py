"""The directory of community services, shaped as Open Referral UK 3.0 tables.

Each model is one table of the standard and its primary key is the record's id as published,
so importing the same file again finds the same rows. Field names follow the standard's
columns, except references the standard allows to point outside the dataset, which are kept
as plain ids (`*_ref`). A few fields are linkwork's own and never exported: capacity and its
verification (services), region (services), the need a taxonomy term meets, the registry
organisation behind a provider, and values derived for fast search (coordinates, minutes).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from linkwork.core.models import BaseModel
from linkwork.core.needs import Need


class Taxonomy(BaseModel):
    name = models.TextField()
    description = models.TextField(blank=True)
    uri = models.TextField(blank=True)
    version = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "taxonomies"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(BaseModel):
    name = models.TextField()
    description = models.TextField(blank=True)
    parent_ref = models.UUIDField(null=True, blank=True, help_text="parent_id as published.")
    taxonomy = models.TextField(blank=True, help_text="The taxonomy named in free text.")
    taxonomy_ref = models.UUIDField(
        null=True, blank=True, db_index=True, help_text="taxonomy_id as published."
    )
    term_uri = models.TextField(blank=True)
    term = models.TextField(blank=True)
    need = models.CharField(
        max_length=32,
        choices=Need.choices,
        blank=True,
        db_index=True,
        help_text="The referral need this term meets, so needs and services meet.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DirectoryOrganization(BaseModel):
    """An organisation that provides services (the standard's `organization`)."""

    name = models.TextField()
    description = models.TextField(blank=True)
    email = models.TextField(blank=True)
    website = models.TextField(blank=True)
    logo = models.TextField(blank=True)
    uri = models.TextField(blank=True)
    parent_organization_ref = models.UUIDField(null=True, blank=True)
    registry_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_organizations",
        help_text="The registry's record of this provider (a VCSE), when there is one.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganizationIdentifier(BaseModel):
    organization = models.ForeignKey(
        DirectoryOrganization, on_delete=models.CASCADE, related_name="identifiers"
    )
    identifier_scheme = models.TextField(blank=True)
    identifier_type = models.TextField()
    identifier = models.TextField()

    def __str__(self) -> str:
        return f"{self.identifier_type} {self.identifier}"


class Location(BaseModel):
    class Type(models.TextChoices):
        PHYSICAL = "physical", "Physical"
        POSTAL = "postal", "Postal"
        VIRTUAL = "virtual", "Virtual"

    location_type = models.CharField(max_length=16, choices=Type.choices)
    name = models.TextField(blank=True)
    description = models.TextField(blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.TextField(blank=True)
    external_identifier_type = models.TextField(blank=True)
    # Where distances are measured from: the published point when it is on Earth, else the
    # centroid of the location's postcode. Derived on every write.
    geo_latitude = models.FloatField(null=True, blank=True, editable=False)
    geo_longitude = models.FloatField(null=True, blank=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["geo_latitude", "geo_longitude"])]

    def __str__(self) -> str:
        return self.name or str(self.pk)


class Address(BaseModel):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.TextField(blank=True)
    address_1 = models.TextField()
    city = models.TextField()
    region = models.TextField(blank=True)
    state_province = models.TextField()
    postal_code = models.TextField()
    country = models.TextField()
    address_type = models.CharField(max_length=16, choices=Location.Type.choices)

    class Meta:
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        return f"{self.address_1}, {self.city} {self.postal_code}"


class Accessibility(BaseModel):
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="accessibility_entries"
    )
    description = models.TextField(blank=True)
    details = models.TextField(blank=True)
    url = models.TextField(blank=True)
    accessibility = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "accessibility"

    def __str__(self) -> str:
        return self.description or self.accessibility or str(self.pk)


class Service(BaseModel):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        DEFUNCT = "defunct", "Defunct"
        TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"

    class Capacity(models.TextChoices):
        OPEN = "open", "Open"
        WAITING_LIST = "waiting_list", "Waiting list"
        PAUSED = "paused", "Paused"
        CLOSED = "closed", "Closed"

    organization = models.ForeignKey(
        DirectoryOrganization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
    )
    name = models.TextField()
    description = models.TextField(blank=True)
    url = models.TextField(blank=True)
    email = models.TextField(blank=True)
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.ACTIVE)
    fees = models.TextField(blank=True)
    accreditations = models.TextField(blank=True)
    minimum_age = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    maximum_age = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    assured_date = models.DateField(null=True, blank=True)
    assurer_email = models.TextField(blank=True)
    alert = models.TextField(blank=True)
    last_modified = models.DateTimeField(null=True, blank=True)

    # linkwork's own: where the service is listed and whether it can take people now.
    region = models.ForeignKey(
        "organisations.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directory_services",
    )
    capacity = models.CharField(max_length=16, choices=Capacity.choices, default=Capacity.OPEN)
    capacity_note = models.CharField(max_length=300, blank=True)
    capacity_verified_on = models.DateField(null=True, blank=True)
    capacity_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["region", "capacity_verified_on"]),
            models.Index(fields=["status", "capacity"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=F("maximum_age")),
                name="directory_service_age_range",
                violation_error_message="The minimum age cannot be above the maximum age.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ServiceAtLocation(BaseModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="at_services")

    def __str__(self) -> str:
        return f"{self.service_id} at {self.location_id}"


class Schedule(BaseModel):
    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", "Weekly"
        MONTHLY = "MONTHLY", "Monthly"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    # A schedule belongs to its service; if the location it was specific to goes, it stays.
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="schedules",
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    freq = models.CharField(max_length=8, choices=Freq.choices, blank=True)
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.TextField(blank=True)
    bymonthday = models.TextField(blank=True)
    description = models.TextField(blank=True)
    opens_at = models.CharField(max_length=32, blank=True, help_text="As published.")
    closes_at = models.CharField(max_length=32, blank=True, help_text="As published.")
    schedule_link = models.TextField(blank=True)
    attending_type = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    # Minutes after midnight, derived from opens_at/closes_at for time filters.
    opens_minute = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    closes_minute = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    def __str__(self) -> str:
        return self.description or f"{self.freq} {self.byday}".strip()


class ServiceArea(BaseModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.TextField(blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.TextField(blank=True)
    uri = models.TextField(blank=True)
    service_area = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name or self.service_area or str(self.pk)


class Funding(BaseModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="funding")
    source = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.source or str(self.pk)


class CostOption(BaseModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.TextField(blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    amount_description = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="directory_cost_not_negative",
                violation_error_message="A cost cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return self.option or str(self.amount)


class Contact(BaseModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.TextField(blank=True)
    title = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name or self.title or str(self.pk)


class Phone(BaseModel):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
    number = models.TextField()
    description = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.number


class Language(BaseModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    phone = models.ForeignKey(
        Phone, on_delete=models.SET_NULL, null=True, blank=True, related_name="languages"
    )

    def __str__(self) -> str:
        return str(self.pk)


class Attribute(BaseModel):
    """Links any record (by its id) to a taxonomy term: a service's categories are these."""

    link_ref = models.UUIDField(db_index=True, help_text="link_id: the record described.")
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.PROTECT, related_name="attributes"
    )
    link_type = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["taxonomy_term", "link_ref"])]

    def __str__(self) -> str:
        return f"{self.link_ref} -> {self.taxonomy_term_id}"


class ImportFingerprint(models.Model):
    """What the last clean import read and what the directory held straight after it, so the
    same files imported again into an unchanged directory are recognised without re-reading
    every record (a scheme re-importing a release it already holds)."""

    source_digest = models.CharField(
        max_length=64, help_text="SHA-256 of the files read, the region and the import's rules."
    )
    state_digest = models.CharField(
        max_length=64, help_text="SHA-256 of the directory's row counts and last updates."
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["-imported_at"])]

    def __str__(self) -> str:
        return f"{self.source_digest[:12]} at {self.imported_at:%Y-%m-%d %H:%M}"
