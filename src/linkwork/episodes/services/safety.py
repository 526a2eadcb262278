"""Acting on the safety information a referral arrives with: what the link worker did about
the risks and the answers to 'Is the person currently any of these?'."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.core.errors import DomainError
from linkwork.episodes import events
from linkwork.episodes.models import Referral


@transaction.atomic
def referral_safety_record(*, referral: Referral, actor: User, action: str) -> Referral:
    """Record what was done about the referral's safety information, which clears the flag.

    Recorded once: the first account stands in the timeline, and a later change of
    circumstances is a note or the at-risk flag, not a rewrite of this one."""
    action = action.strip()
    if not (referral.risk_flags or referral.screening):
        raise DomainError(
            "This referral came with no safety information to act on.", code="safety_none"
        )
    if referral.safety_reviewed_at is not None:
        raise DomainError(
            f"What was done was already recorded by {referral.safety_reviewed_by} on "
            f"{timezone.localtime(referral.safety_reviewed_at):%d %B %Y}.",
            code="safety_recorded",
        )
    if not action:
        raise DomainError(
            "Say what was done about the safety information.",
            code="safety_action",
            field_errors={
                "safety_action": [
                    "Describe what you did, for example who you spoke to and what was agreed."
                ]
            },
        )
    referral.safety_action = action
    referral.safety_reviewed_by = actor
    referral.safety_reviewed_at = timezone.now()
    referral.save(
        update_fields=["safety_action", "safety_reviewed_by", "safety_reviewed_at", "updated_at"]
    )
    events.safety_acted_on(referral=referral, actor=actor)
    return referral
