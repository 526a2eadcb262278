"""Reads of casework. Identifiable reads go through `casework.permissions`; the aggregates
here return counts and minutes only, never people."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from django.db.models import Sum

from linkwork.casework.models import Encounter


def encounter_minutes_by_practice(
    *, practice_ids: Iterable[uuid.UUID], start: date, end: date
) -> dict[uuid.UUID, int]:
    """Minutes of attended one-to-one work per practice between start and end inclusive:
    the patient level of a link worker's time."""
    rows = (
        Encounter.objects.filter(
            practice_id__in=list(practice_ids),
            occurred_on__gte=start,
            occurred_on__lte=end,
            attended=True,
        )
        .values("practice_id")
        .annotate(minutes=Sum("duration_minutes"))
    )
    return {row["practice_id"]: int(row["minutes"] or 0) for row in rows}
