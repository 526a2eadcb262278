"""Writes for feedback: the personal link sent when an episode ends, and the person's
answers taken once through it.

Privacy and safety by construction (as for the staff survey links):

- the link's token is random and goes to the person only in the message; only its SHA-256
  hash is kept here, and the message drops the link once it has gone (messaging's one-use
  keys), so the database cannot produce a working link;
- a link works once, for FEEDBACK_LINK_DAYS days; unknown, used and expired links get one
  and the same refusal, which says nothing about whether a link exists;
- two answers sent at once cannot both be stored: the request is marked answered with a
  conditional update, and the answers' table takes one row per request.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from linkwork.accounts.models import User
from linkwork.core import clock
from linkwork.core.errors import DomainError, NotFoundError
from linkwork.core.one_use_tokens import new_token, token_hash
from linkwork.episodes.events import Audited
from linkwork.episodes.lifecycle import DischargeReason
from linkwork.episodes.models import Referral
from linkwork.messaging.services import message_send
from linkwork.voice.events import voice_event
from linkwork.voice.models import FeedbackRequest, FeedbackResponse
from linkwork.voice.questionnaire import ITEM_CODES, answer_problems

FEEDBACK_LINK_DAYS = 28
LINK_UNUSABLE = (
    "This feedback link cannot be used. It may have expired or already been used, or the "
    "address may not have been copied in full."
)
# No feedback is asked of the family of someone who has died.
NOT_ASKED = frozenset({DischargeReason.DIED.value})


def feedback_url(token: str) -> str:
    base = str(getattr(settings, "LINKWORK_PUBLIC_URL", "")).rstrip("/")
    return base + reverse("voice:feedback_answer", args=[token])


def _asked(referral: Referral) -> bool:
    person = referral.person
    return (
        referral.discharge_reason not in NOT_ASKED
        and person.erased_at is None
        and person.merged_into_id is None
        and not FeedbackRequest.objects.filter(referral=referral).exists()
    )


@transaction.atomic
def feedback_request_send(
    *, referral: Referral, actor: User | None, today: date | None = None
) -> tuple[FeedbackRequest, str] | None:
    """Make the episode's feedback link and send it by the person's contact preference.
    Answers the request and the raw token (which exists nowhere else), or None when no
    feedback is asked (the person died, the record is erased or merged, or a link exists).
    A person who prefers telephone or in-person contact gets no message: the request is kept
    with the message's reason, which the episode page shows."""
    if not _asked(referral):
        return None
    day = today or clock.today()
    token = new_token()
    request = FeedbackRequest.objects.create(
        scheme_id=referral.scheme_id,
        referral=referral,
        token_hash=token_hash(token),
        expires_on=day + timedelta(days=FEEDBACK_LINK_DAYS),
    )
    person = referral.person
    message = message_send(
        person=person,
        purpose="feedback_link",
        personalisation={
            "name": person.given_name,
            "scheme": referral.scheme.name,
            "link": feedback_url(token),
            "closes_on": f"{request.expires_on.day} {request.expires_on:%B %Y}",
        },
        actor=actor,
    )
    request.message = message
    request.save(update_fields=["message", "updated_at"])
    sent = message.status != message.Status.FAILED
    voice_event(
        referral=referral,
        actor=actor,
        title="Feedback link sent" if sent else "Feedback link not sent",
        detail=message.get_channel_display() if sent else message.reason,
        audited=Audited("create", "feedback_request", request.pk, {"sent": sent}),
    )
    return request, token


def usable_request(token: str, *, today: date | None = None) -> FeedbackRequest:
    """The request for `token` if it can still be answered, else NotFoundError: one refusal
    for unknown, used, expired and erased alike."""
    request = (
        FeedbackRequest.objects.select_related("referral", "referral__person", "scheme")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if (
        request is None
        or request.answered_on is not None
        or request.expires_on < (today or clock.today())
        or request.referral.person.erased_at is not None
    ):
        raise NotFoundError(LINK_UNUSABLE, code="link_unusable")
    return request


@transaction.atomic
def feedback_submit(
    *,
    token: str,
    answers: Mapping[str, object],
    comment: str = "",
    today: date | None = None,
) -> FeedbackResponse:
    """Store the person's answers and spend the link. Every statement needs an answer; the
    comment may be left empty."""
    day = today or clock.today()
    request = usable_request(token, today=day)
    comment = comment.strip()
    problems = answer_problems(answers, comment)
    if problems:
        raise DomainError(
            "Some answers need attention.",
            code="answers_invalid",
            field_errors={field: [text] for field, text in problems.items()},
        )
    # Spend the link with a conditional update, so two submissions at once cannot both win.
    spent = FeedbackRequest.objects.filter(pk=request.pk, answered_on__isnull=True).update(
        answered_on=day
    )
    if spent != 1:
        raise NotFoundError(LINK_UNUSABLE, code="link_unusable")
    response = FeedbackResponse.objects.create(
        scheme_id=request.scheme_id,
        request=request,
        submitted_on=day,
        answers={code: str(answers[code]) for code in ITEM_CODES},
        comment=comment,
    )
    voice_event(
        referral=request.referral,
        actor=None,
        title="Feedback given through the link",
        audited=Audited("create", "feedback_response", response.pk, {"comment": bool(comment)}),
    )
    return response
