"""End-of-episode summaries for the episodes discharged in the weeks before the reference date,
written as the link worker's discharge would have written them, most already sent to the
practice. Older episodes show what a record closed before summaries were kept looks like."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from linkwork.demo.context import DemoContext, demo_part
from linkwork.demo.world_spec import ENGLISH_REGIONS, SCOTTISH_REGIONS
from linkwork.episodes.models import EpisodeSummary, Referral
from linkwork.episodes.selectors.episode import episode_summary

# Summaries are written in the study regions, where the demo's logins work; the regions a
# national world adds show episodes closed before summaries were kept (one a referral costs a
# dozen queries, too many for a national year's discharges).
STUDY_REGIONS = [spec.slug for spec in (*ENGLISH_REGIONS, *SCOTTISH_REGIONS)]
# Follow-up questionnaires come about three months after discharge, so within these weeks
# the record still says what it said on the day of discharge.
RECENT_DAYS = 42
SENT_AFTER_DAYS = 3
SENT_SHARE = 0.8


def _at(day: Any, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@demo_part("summaries", order=55)
def build_summaries(ctx: DemoContext) -> dict[str, Any]:
    since = ctx.today - timedelta(days=RECENT_DAYS)
    recent = (
        Referral.objects.filter(
            status="discharged",
            closed_on__gte=since,
            link_worker__isnull=False,
            scheme__region__slug__in=STUDY_REGIONS,
        )
        .select_related("person", "scheme", "practice", "link_worker")
        .prefetch_related("goals", "connections", "financial_gains")
        .order_by("closed_on", "pk")
    )
    summaries: list[EpisodeSummary] = []
    for referral in recent:
        assert referral.closed_on is not None
        assert referral.link_worker is not None
        sent = (
            ctx.today - referral.closed_on
        ).days >= SENT_AFTER_DAYS and ctx.rng.random() < SENT_SHARE
        summaries.append(
            EpisodeSummary(
                id=ctx.uuid("summary", referral.pk),
                scheme_id=referral.scheme_id,
                referral=referral,
                version=1,
                content=episode_summary(referral=referral).as_content(),
                created_by=referral.link_worker,
                sent_at=_at(referral.closed_on + timedelta(days=SENT_AFTER_DAYS), 10)
                if sent
                else None,
                sent_by=referral.link_worker if sent else None,
            )
        )
    EpisodeSummary.objects.bulk_create(summaries, batch_size=500)
    # Written on the day of discharge, not on the day the demo was built: one update a day.
    by_day: dict[date, list[Any]] = defaultdict(list)
    for summary in summaries:
        assert summary.referral.closed_on is not None
        by_day[summary.referral.closed_on].append(summary.pk)
    for day, ids in sorted(by_day.items()):
        EpisodeSummary.objects.filter(pk__in=ids).update(created_at=_at(day, 16))
    ctx.log(f"Summaries: {len(summaries)} written for episodes discharged since {since}.")
    return {"summaries": len(summaries)}
