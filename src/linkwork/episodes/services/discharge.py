"""Casework writes: encounters under the session cap, the support plan, connections,
financial gains, discharge with its end-of-episode summary, and caseload handover."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from linkwork.accounts.models import User
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.core.extensions import episode_discharged
from linkwork.episodes.lifecycle import (
    DischargeReason,
    Status,
)
from linkwork.episodes.models import Referral
from linkwork.episodes.selectors.sessions import discharge_date_window
from linkwork.episodes.services.lifecycle import referral_transition
from linkwork.episodes.services.summaries import episode_summary_write


@transaction.atomic
def referral_discharge(
    *, referral: Referral, actor: User, reason: str, on: date | None = None
) -> Referral:
    if reason not in DischargeReason:
        raise DomainError(
            "Choose the reason for discharge.",
            code="discharge_reason",
            field_errors={"reason": ["Choose a reason."]},
        )
    day = on or clock.today()
    window = discharge_date_window(referral, today=clock.today())
    if not window.contains(day):
        raise DomainError(
            f"The discharge date must be between {window.earliest:%d %B %Y} (the last session or "
            "assignment) and today.",
            code="discharge_date",
        )
    referral.discharge_reason = reason
    referral.closed_on = day
    referral_transition(
        referral=referral, to=Status.DISCHARGED, actor=actor, data={"reason": reason}
    )
    referral.assignments.filter(ended_on__isnull=True).update(ended_on=day)
    # The summary is written now, from what is true at discharge, and kept as written.
    episode_summary_write(referral=referral, actor=actor)
    for provider in episode_discharged.providers:
        provider(referral, actor)
    return referral
