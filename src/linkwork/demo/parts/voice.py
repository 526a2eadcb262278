"""The people's own voice in the demo: feedback links sent when recent episodes ended (most
by the person's preferred channel, about half answered, a few with a comment) and, in each
study scheme, a case study approved for sharing and one waiting for approval.

The demo's links are not working links: each stores the hash of a token nobody holds, as a
real one does once sent. A link sent from the demo itself (a discharge) goes to the file
outbox."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from linkwork.accounts.models import Membership
from linkwork.accounts.roles import Role
from linkwork.core.one_use_tokens import token_hash
from linkwork.demo.context import DemoContext, demo_part, part_stream
from linkwork.demo.parts.summaries import STUDY_REGIONS
from linkwork.episodes.models import Referral
from linkwork.voice.feedback_services import FEEDBACK_LINK_DAYS
from linkwork.voice.models import CaseStudy, FeedbackRequest, FeedbackResponse
from linkwork.voice.questionnaire import ITEMS

SINCE_DAYS = 365
ANSWERED = 0.5
COMMENTED = 0.3
# Mostly agreeing, as experience questionnaires of services people choose tend to be.
SCALE = ["strongly_agree", "agree", "neither", "disagree", "strongly_disagree"]
WEIGHTS = [45, 35, 12, 5, 3]
COMMENTS = (
    "Having someone listen without rushing me made all the difference.",
    "The walking group got me out of the house again.",
    "I wish the sessions had gone on a little longer.",
    "Helped me sort out my benefits, which took a weight off.",
    "Hard to get hold of the link worker at first, but worth it.",
    "I did not know these groups existed before.",
)
STORIES = (
    (
        "Back to the allotment",
        "{name} had stopped going out after a bereavement and missed gardening.",
        "Three sessions to talk it through, then an introduction to the community garden's "
        "Tuesday group; the link worker went along the first time.",
        "{name} now goes every week, has made two friends there and says they sleep better.",
    ),
    (
        "Money worries eased",
        "{name} wanted to stop worrying about bills and keep their flat warm.",
        "A referral to the welfare rights service and help to fill in the forms.",
        "A benefit {name} had not known about now covers the heating.",
    ),
)


@demo_part("voice", order=59)
def build_voice(ctx: DemoContext) -> dict[str, Any]:
    rng = part_stream(ctx.seed, "voice")
    since = ctx.today - timedelta(days=SINCE_DAYS)
    discharged = (
        Referral.objects.filter(
            status="discharged",
            closed_on__gte=since,
            link_worker__isnull=False,
            scheme__region__slug__in=STUDY_REGIONS,
        )
        .exclude(discharge_reason="died")
        .select_related("person")
        .order_by("closed_on", "pk")
    )
    requests: list[FeedbackRequest] = []
    responses: list[FeedbackResponse] = []
    firsts: dict[Any, Referral] = {}
    for referral in discharged:
        assert referral.closed_on is not None
        firsts.setdefault(referral.scheme_id, referral)
        request_id = ctx.uuid("feedback", referral.pk)
        expires = referral.closed_on + timedelta(days=FEEDBACK_LINK_DAYS)
        answered = rng.random() < ANSWERED
        answered_on = min(
            referral.closed_on + timedelta(days=rng.randint(0, 20)), ctx.today, expires
        )
        requests.append(
            FeedbackRequest(
                id=request_id,
                scheme_id=referral.scheme_id,
                referral=referral,
                token_hash=token_hash(f"demo-{request_id}"),
                expires_on=expires,
                answered_on=answered_on if answered else None,
            )
        )
        if answered:
            responses.append(
                FeedbackResponse(
                    id=ctx.uuid("feedback-response", referral.pk),
                    scheme_id=referral.scheme_id,
                    request_id=request_id,
                    submitted_on=answered_on,
                    answers={item.code: rng.choices(SCALE, weights=WEIGHTS)[0] for item in ITEMS},
                    comment=rng.choice(COMMENTS) if rng.random() < COMMENTED else "",
                )
            )
    FeedbackRequest.objects.bulk_create(requests, batch_size=500)
    FeedbackResponse.objects.bulk_create(responses, batch_size=500)
    studies = _case_studies(ctx, list(firsts.values()))
    ctx.log(
        f"Voice: {len(requests)} feedback links, {len(responses)} answered; {studies} case studies."
    )
    return {"feedback_links": len(requests), "feedback": len(responses), "case_studies": studies}


def _case_studies(ctx: DemoContext, referrals: list[Referral]) -> int:
    managers = dict(
        Membership.objects.filter(role=Role.SCHEME_MANAGER.value, scheme__isnull=False)
        .order_by("-pk")
        .values_list("scheme_id", "user_id")
    )
    rows: list[CaseStudy] = []
    for referral in referrals:
        assert referral.closed_on is not None
        name = referral.person.given_name
        for number, (title, mattered, done, changed) in enumerate(STORIES):
            manager = managers.get(referral.scheme_id)
            approved = number == 0 and manager is not None
            rows.append(
                CaseStudy(
                    id=ctx.uuid("case-study", referral.pk, number),
                    scheme_id=referral.scheme_id,
                    referral=referral,
                    title=title,
                    what_mattered=mattered.format(name=name),
                    what_was_done=done,
                    what_changed=changed.format(name=name),
                    consent_on=referral.closed_on,
                    consent_how="written",
                    status="approved" if approved else "draft",
                    written_by_id=referral.link_worker_id,
                    approved_by_id=manager if approved else None,
                    approved_at=timezone.now() if approved else None,
                )
            )
    CaseStudy.objects.bulk_create(rows)
    return len(rows)
