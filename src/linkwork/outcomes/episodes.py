"""Read episodes into the schedule's plain facts, many at a time (one query per table)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from linkwork.episodes.models import Encounter, Referral
from linkwork.outcomes.models import Administration
from linkwork.outcomes.schedule import EpisodeFacts, Taken
from linkwork.outcomes.vocab import Timepoint


def session_dates_many(referral_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, dict[int, date]]:
    """Attended sessions numbered 1, 2, ... in date order, per episode.

    Numbered here rather than read from Encounter.session_number so bulk-loaded history
    (which may leave it empty) gets the same answer as sessions recorded one by one.
    """
    rows = (
        Encounter.objects.filter(referral_id__in=list(referral_ids), attended=True)
        .order_by("referral_id", "occurred_on", "created_at")
        .values_list("referral_id", "occurred_on")
    )
    sessions: dict[uuid.UUID, dict[int, date]] = defaultdict(dict)
    for referral_id, occurred_on in rows:
        numbered = sessions[referral_id]
        numbered[len(numbered) + 1] = occurred_on
    return sessions


def episode_facts_many(referrals: Iterable[Referral]) -> dict[uuid.UUID, EpisodeFacts]:
    referrals = list(referrals)
    sessions = session_dates_many(r.pk for r in referrals)
    return {
        r.pk: EpisodeFacts(
            received_on=r.received_on,
            status=r.status,
            closed_on=r.closed_on,
            session_dates=sessions.get(r.pk, {}),
        )
        for r in referrals
    }


def episode_facts(referral: Referral) -> EpisodeFacts:
    return episode_facts_many([referral])[referral.pk]


def taken_many(
    referral_ids: Iterable[uuid.UUID], *, exclude: uuid.UUID | None = None
) -> dict[uuid.UUID, list[Taken]]:
    """What each episode already has on record (current versions only)."""
    rows = Administration.objects.filter(
        referral_id__in=list(referral_ids), superseded_by__isnull=True
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    taken: dict[uuid.UUID, list[Taken]] = defaultdict(list)
    for referral_id, instrument_id, timepoint, administered_on in rows.values_list(
        "referral_id", "instrument_id", "timepoint", "administered_on"
    ):
        taken[referral_id].append(Taken(instrument_id, Timepoint(timepoint), administered_on))
    return taken
