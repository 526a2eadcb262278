"""National lookups: postcode to small area and centroid, and small-area deprivation.

Loaded from the ONS Postcode Directory (or NSPL), the English Indices of Deprivation 2019 and
the Scottish Index of Multiple Deprivation 2020 with `linkwork lookups load`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class PostcodeLookup(models.Model):
    postcode = models.CharField(max_length=8, unique=True, help_text="Normalised, e.g. 'G1 1AA'.")
    country = models.CharField(max_length=16)
    small_area_code = models.CharField(
        max_length=12, help_text="LSOA 2011 (England) or data zone 2011 (Scotland)."
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    release = models.CharField(max_length=32, blank=True, help_text="Source file release.")

    class Meta:
        indexes = [models.Index(fields=["small_area_code"])]

    def __str__(self) -> str:
        return self.postcode


class AreaDeprivation(models.Model):
    class Index(models.TextChoices):
        IMD2019 = "imd2019", "English Indices of Deprivation 2019"
        SIMD2020 = "simd2020", "Scottish Index of Multiple Deprivation 2020"

    area_code = models.CharField(max_length=12, unique=True)
    index = models.CharField(max_length=16, choices=Index.choices)
    rank = models.PositiveIntegerField(help_text="1 = most deprived.")
    decile = models.PositiveSmallIntegerField(help_text="1 = most deprived 10%.")
    quintile = models.PositiveSmallIntegerField(help_text="1 = most deprived 20%.")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(decile__gte=1, decile__lte=10), name="deprivation_decile_range"
            ),
            models.CheckConstraint(
                condition=Q(quintile__gte=1, quintile__lte=5), name="deprivation_quintile_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area_code} ({self.index} decile {self.decile})"


class PracticeDeprivation(models.Model):
    """How deprived a GP practice's registered patients' areas are, from a practice-population
    file (`linkwork lookups load practice-populations FILE`). Keyed by the practice's national
    code (ODS code in England, practice code in Scotland), as the national files are.

    The Deep End measure, in both nations, is the share of registered patients living in the
    15% most deprived small areas of the nation's index (the Scottish Deep End definition,
    applied to English LSOAs by IMD rank too); practices are then ranked on it within their
    nation, and `practice_quintile` / `practice_decile` say where the practice falls (1 = the
    highest shares, the Deep End)."""

    practice_code = models.CharField(max_length=16, unique=True)
    country = models.CharField(max_length=16)
    index = models.CharField(max_length=16, help_text="imd2019 or simd2020.")
    extract_date = models.CharField(max_length=32, blank=True)
    patients = models.PositiveIntegerField(help_text="Registered patients in the file.")
    patients_with_area = models.PositiveIntegerField(
        help_text="Of those, patients in a small area with a deprivation rank loaded."
    )
    patients_most_deprived_15 = models.PositiveIntegerField(
        help_text="Patients in the 15% most deprived small areas of the nation."
    )
    patients_decile_1 = models.PositiveIntegerField(
        help_text="Patients in the most deprived 10% of small areas."
    )
    patients_quintile_1 = models.PositiveIntegerField(
        help_text="Patients in the most deprived 20% of small areas."
    )
    practice_quintile = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1 = the fifth of practices with the highest share."
    )
    practice_decile = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(patients_with_area__lte=models.F("patients")),
                name="practice_deprivation_area_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.practice_code} (quintile {self.practice_quintile})"

    @property
    def deep_end_share(self) -> float | None:
        """Percent of patients with a known area who live in the 15% most deprived areas."""
        if not self.patients_with_area:
            return None
        return round(100 * self.patients_most_deprived_15 / self.patients_with_area, 1)
