"""Safeguarding reads: the prompts an episode shows, its concerns and contact notes, and the
open concerns a link worker or scheme manager works through."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from linkwork.accounts.models import User
from linkwork.episodes.lifecycle import RiskFlag
from linkwork.episodes.models import Referral
from linkwork.episodes.timeline import label
from linkwork.outcomes.models import RiskAlert
from linkwork.safeguarding.models import Concern, ConcernUpdate, ContactNote, PromptDismissal
from linkwork.safeguarding.permissions import concerns_visible_to
from linkwork.safeguarding.vocab import (
    CATEGORY_FOR_ALERT,
    CATEGORY_FOR_RISK_FLAG,
    ConcernCategory,
    ConcernStatus,
    PromptSource,
)


@dataclass(frozen=True, slots=True)
class Prompt:
    """A reason to consider recording a safeguarding concern, with what the form is prefilled
    with. It stays until a concern is recorded from it or it is dismissed with a reason."""

    source: PromptSource
    category: ConcernCategory
    reason: str
    alert: RiskAlert | None = None

    @property
    def alert_id(self) -> uuid.UUID | None:
        return self.alert.pk if self.alert is not None else None


def _referral_risk_prompt(referral: Referral) -> Prompt | None:
    flags = [flag for flag in referral.risk_flags if flag in CATEGORY_FOR_RISK_FLAG]
    if not flags:
        return None
    words = "; ".join(label(RiskFlag, flag) for flag in flags)
    return Prompt(
        PromptSource.REFERRAL_RISK,
        CATEGORY_FOR_RISK_FLAG[flags[0]],
        f"The referrer described a risk: {words}.",
    )


def prompts_for(*, referral: Referral) -> list[Prompt]:
    """Risk alerts of this episode and the referrer's risk, each not yet acted on: no concern
    raised from it and no dismissal of it."""
    concerns = Concern.objects.filter(referral=referral)
    dismissed = PromptDismissal.objects.filter(referral=referral)
    acted_on = set(concerns.exclude(risk_alert=None).values_list("risk_alert_id", flat=True))
    acted_on |= set(dismissed.exclude(risk_alert=None).values_list("risk_alert_id", flat=True))
    prompts = [
        Prompt(
            PromptSource.RISK_ALERT,
            CATEGORY_FOR_ALERT.get(
                (alert.administration.instrument_id, alert.flag), ConcernCategory.OTHER
            ),
            alert.description,
            alert,
        )
        for alert in RiskAlert.objects.filter(referral=referral)
        .exclude(pk__in=acted_on)
        .select_related("administration")
        .order_by("raised_at")
    ]
    risk = _referral_risk_prompt(referral)
    if (
        risk is not None
        and not concerns.filter(from_referral_risk=True).exists()
        and not dismissed.filter(source=PromptSource.REFERRAL_RISK).exists()
    ):
        prompts.append(risk)
    return prompts


def prompt_for(
    *, referral: Referral, source: str, alert_id: uuid.UUID | None = None
) -> Prompt | None:
    """The one prompt a form acts on, if it is still shown."""
    return next(
        (
            p
            for p in prompts_for(referral=referral)
            if p.source == source and (source != PromptSource.RISK_ALERT or p.alert_id == alert_id)
        ),
        None,
    )


def concerns_for_episode(*, referral: Referral) -> QuerySet[Concern]:
    return Concern.objects.filter(referral=referral).select_related("raised_by")


def contact_notes_for(*, referral: Referral) -> QuerySet[ContactNote]:
    return ContactNote.objects.filter(referral=referral).select_related("recorded_by")


def open_concerns_for(*, user: User) -> QuerySet[Concern]:
    """Open and under-review concerns the user may see, the longest overdue review first."""
    return (
        concerns_visible_to(user=user)
        .exclude(status=ConcernStatus.CLOSED)
        .select_related("person", "scheme", "raised_by")
        .order_by("review_on", "created_at", "id")
    )


@dataclass(frozen=True, slots=True)
class OpenCount:
    open: int
    overdue: int


def open_concern_count(*, user: User, today: date) -> OpenCount:
    rows = open_concerns_for(user=user)
    return OpenCount(open=rows.count(), overdue=rows.filter(review_on__lt=today).count())


def concern_history(*, concern: Concern) -> QuerySet[ConcernUpdate]:
    return concern.updates.select_related("updated_by")


def alert_of(*, referral: Referral, alert_id: uuid.UUID | None) -> RiskAlert | None:
    """The episode's own risk alert by id; None for no id or another episode's alert."""
    if alert_id is None:
        return None
    return RiskAlert.objects.filter(referral=referral, pk=alert_id).first()
