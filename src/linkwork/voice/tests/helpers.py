"""Discharged episodes whose feedback link went by email to a file outbox, and the link read
back from the outbox as the person would read it from their email."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.episodes.models import Referral
from linkwork.episodes.services.discharge import referral_discharge
from linkwork.episodes.services.encounters import encounter_record
from linkwork.messaging.models import Message
from linkwork.organisations.models import Scheme
from linkwork.testing.world import SmallWorld, refer, refer_and_start
from linkwork.voice.models import FeedbackRequest, FeedbackResponse

EVERY_ANSWER_AGREE = {
    "listened": "strongly_agree",
    "what_mattered": "agree",
    "connected": "agree",
    "better_able": "neither",
    "recommend": "strongly_agree",
}


def discharged(
    world: SmallWorld,
    *,
    family_name: str = "Lovelace",
    reason: str = "goals_met",
    scheme: Scheme | None = None,
    **person: object,
) -> Referral:
    """A supported episode, discharged; the person prefers email unless told otherwise."""
    details: dict[str, object] = {
        "family_name": family_name,
        "preferred_contact": "email",
        "email": f"{family_name.lower()}@example.org",
    }
    details.update(person)
    received = timezone.localdate() - timedelta(days=40)
    referral = refer_and_start(world, person=details, received_on=received, scheme=scheme)
    worker = referral.link_worker
    assert worker is not None
    encounter_record(
        referral=referral,
        actor=worker,
        occurred_on=received + timedelta(days=7),
        mode="face_to_face",
        duration_minutes=40,
    )
    referral_discharge(referral=referral, actor=world.users[Role.LINK_WORKER], reason=reason)
    referral.refresh_from_db()
    return referral


def link_sent_to(referral: Referral) -> str:
    """The feedback link in the email the person was sent (the outbox file)."""
    request = FeedbackRequest.objects.get(referral=referral)
    assert request.message_id is not None
    path = Path(settings.LINKWORK_OUTBOX_DIR) / f"{request.message_id}.json"
    return str(json.loads(path.read_text("utf-8"))["personalisation"]["link"])


def token_of(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[-1]


def message_of(referral: Referral) -> Message:
    message = FeedbackRequest.objects.get(referral=referral).message
    assert message is not None
    return message


def answered(
    world: SmallWorld,
    scheme: Scheme,
    n: int,
    *,
    answers: dict[str, str] = EVERY_ANSWER_AGREE,
    comment: str = "",
) -> None:
    """`n` people of the scheme who answered (their episodes stand in for discharged ones)."""
    today = timezone.localdate()
    for i in range(n):
        referral = refer(world, scheme=scheme, person={"family_name": f"P{scheme.slug}{i}"})
        request = FeedbackRequest.objects.create(
            scheme=scheme,
            referral=referral,
            token_hash=f"{referral.pk.hex}".ljust(64, "0"),
            expires_on=today,
            answered_on=today,
        )
        FeedbackResponse.objects.create(
            scheme=scheme, request=request, submitted_on=today, answers=answers, comment=comment
        )
