"""A staff member's saved caseload filters. A filter holds only the list's non-identifying
choices (status, risk, link worker, practice...), never a searched name or number."""

from __future__ import annotations

from django.db import models

from linkwork.core.models import BaseModel


class SavedFilter(BaseModel):
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="caseload_filters"
    )
    name = models.CharField(max_length=80)
    query = models.CharField(
        max_length=1000, blank=True, help_text="The list's filters, as its address query."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="caseload_filter_name_once")
        ]

    def __str__(self) -> str:
        return self.name
