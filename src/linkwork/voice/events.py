"""The voice app's entries on the episode's timeline: notes whose words this app writes
(the episode of support shows a note's `title` and `detail` as given). Never the answers or
the comment: the timeline says that feedback was given, not what it said."""

from __future__ import annotations

from linkwork.accounts.models import User
from linkwork.episodes.events import Audited, record
from linkwork.episodes.models import Referral, ReferralEvent


def voice_event(
    *,
    referral: Referral,
    actor: User | None,
    title: str,
    detail: str = "",
    audited: Audited | None = None,
) -> ReferralEvent:
    return record(
        referral=referral,
        kind=ReferralEvent.Kind.NOTE,
        actor=actor,
        data={"voice": True, "title": title, "detail": detail},
        audited=audited,
    )
