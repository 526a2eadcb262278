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
