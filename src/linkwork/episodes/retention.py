"""When each person's episodes ended, for the people app's retention period (see
core.extensions `person_episode_ends`)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db.models import Count, Max, Q

from linkwork.core.extensions import EpisodeEnds
from linkwork.episodes.models import Referral


def person_episode_ends(person_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, EpisodeEnds]:
    rows = (
        Referral.objects.filter(person_id__in=list(person_ids))
        .values("person_id")
        .annotate(last=Max("closed_on"), still_open=Count("pk", filter=Q(closed_on__isnull=True)))
        .order_by()
    )
    return {
        row["person_id"]: EpisodeEnds(last_ended_on=row["last"], any_open=row["still_open"] > 0)
        for row in rows
    }
