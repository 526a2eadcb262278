"""Constructors for the episode's append-only event log."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.referrals.models import Referral, ReferralEvent


def referral_event_record(
    *,
    referral: Referral,
    kind: str,
    actor: User | None,
    data: Mapping[str, object] | None = None,
) -> ReferralEvent:
    return ReferralEvent.objects.create(
        scheme_id=referral.scheme_id,
        referral=referral,
        kind=kind,
        at=timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        data=dict(data or {}),
    )
