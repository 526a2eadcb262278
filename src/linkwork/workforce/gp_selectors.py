"""Reads of GP appointments before and after referral, for a scheme's managers: totals only,
never a person's counts (those are on each episode's page)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, Q

from linkwork.organisations.models import Scheme
from linkwork.workforce.models import GpAppointments


@dataclass(frozen=True, slots=True)
class GpSummary:
    episodes: int
    imported: int
    mean_before: float | None
    mean_after: float | None


def scheme_gp_summary(*, scheme: Scheme) -> GpSummary:
    row = GpAppointments.objects.filter(scheme=scheme).aggregate(
        episodes=Count("pk"),
        imported=Count("pk", filter=Q(imported=True)),
        mean_before=Avg("count_before"),
        mean_after=Avg("count_after"),
    )
    return GpSummary(
        episodes=row["episodes"],
        imported=row["imported"],
        mean_before=row["mean_before"],
        mean_after=row["mean_after"],
    )
