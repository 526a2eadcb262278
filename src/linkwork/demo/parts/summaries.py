"""End-of-episode summaries for the episodes discharged in the weeks before the reference date,
written as the link worker's discharge would have written them, most already sent to the
practice. Older episodes show what a record closed before summaries were kept looks like."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from linkwork.demo.context import DemoContext, demo_part
from linkwork.episodes.models import EpisodeSummary, Referral
from linkwork.episodes.selectors.episode import episode_summary

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
            status="discharged", closed_on__gte=since, link_worker__isnull=False
        )
        .select_related("person", "scheme", "practice", "link_worker")
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
    # Written on the day of discharge, not on the day the demo was built.
    for summary in summaries:
        assert summary.referral.closed_on is not None
        EpisodeSummary.objects.filter(pk=summary.pk).update(
            created_at=_at(summary.referral.closed_on, 16)
        )
    ctx.log(f"Summaries: {len(summaries)} written for episodes discharged since {since}.")
    return {"summaries": len(summaries)}
