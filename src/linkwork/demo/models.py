"""A record of which demo parts have been built, so `linkwork demo` can run twice safely."""

from __future__ import annotations

from django.db import models


class DemoBuild(models.Model):
    part = models.CharField(max_length=64, unique=True)
    seed = models.IntegerField()
    # The day the world was built as of: the running demo's "today".
    reference_date = models.DateField()
    built_at = models.DateTimeField(auto_now_add=True)
    detail = models.JSONField(default=dict, blank=True)
    # What the part planted for tests to recover (written out to planted.json).
    planted = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["built_at"]

    def __str__(self) -> str:
        return f"{self.part} (seed {self.seed})"
