"""Referral intake and the episode lifecycle. Every status change goes through
`referral_transition`, which enforces the transition table, stamps and attributes it.

Casework writes: encounters under the session cap, the support plan, connections,
financial gains, discharge with its end-of-episode summary, and caseload handover."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.core import clock
from linkwork.core.errors import DomainError, InvalidTransitionError
from linkwork.core.extensions import episode_closed
from linkwork.episodes import events
from linkwork.episodes.lifecycle import (
    OPEN_STATUSES,
    Status,
    transition_problem,
)
from linkwork.episodes.models import Assignment, Referral
from linkwork.episodes.selectors.caseload import link_workers_of


def referral_transition(
    *, referral: Referral, to: Status, actor: User | None, data: dict[str, object] | None = None
) -> Referral:
    current = Status(referral.status)
    problem = transition_problem(current, to)
    if problem:
        raise InvalidTransitionError(problem, code="bad_transition")
    referral.status = to.value
    referral.status_changed_at = timezone.now()
    if to not in OPEN_STATUSES and referral.closed_on is None:
        referral.closed_on = clock.today()
    referral.save()
    events.status_changed(referral=referral, actor=actor, previous=current, to=to, data=data)
    if to not in OPEN_STATUSES:
        # Every way an episode closes passes here, so what closing it means elsewhere (the
        # diary's appointments still to come) happens whichever way it closed.
        for provider in episode_closed.providers:
            provider(referral, to, actor)
    return referral


@transaction.atomic
def referral_close(*, referral: Referral, actor: User, to: Status, note: str = "") -> Referral:
    """Withdrawn or did not engage."""
    if to not in {Status.WITHDRAWN, Status.DID_NOT_ENGAGE}:
        raise DomainError("Use discharge or decline for that.", code="close_status")
    return referral_transition(referral=referral, to=to, actor=actor, data={"note": note})


@transaction.atomic
def referral_assign(
    *,
    referral: Referral,
    link_worker: User,
    actor: User,
    on: date | None = None,
    note: str = "",
) -> Referral:
    """Give the episode to a link worker; the history of who supported whom is kept."""
    if not link_workers_of(referral.scheme).filter(pk=link_worker.pk).exists():
        raise DomainError(
            f"{link_worker} is not a link worker in {referral.scheme.name}.",
            code="assign_not_link_worker",
            field_errors={"link_worker": ["Choose a link worker of this scheme."]},
        )
    if Status(referral.status) not in OPEN_STATUSES:
        raise DomainError("Closed referrals cannot be reassigned.", code="assign_closed")
    if referral.link_worker_id == link_worker.pk:
        raise DomainError(
            f"{link_worker} already supports this person.",
            code="assign_same",
            field_errors={"link_worker": ["Choose a different link worker."]},
        )
    day = on or clock.today()
    Assignment.objects.filter(referral=referral, ended_on__isnull=True).update(ended_on=day)
    Assignment.objects.create(
        scheme_id=referral.scheme_id,
        referral=referral,
        link_worker=link_worker,
        started_on=day,
        handover_note=note,
    )
    referral.link_worker = link_worker
    referral.save(update_fields=["link_worker", "updated_at"])
    events.link_worker_assigned(referral=referral, actor=actor, link_worker=link_worker, note=note)
    if Status(referral.status) is Status.ACCEPTED:
        referral_transition(referral=referral, to=Status.WAITING, actor=actor)
    return referral


@transaction.atomic
def referral_set_at_risk(
    *, referral: Referral, actor: User, at_risk: bool, reason: str = ""
) -> Referral:
    reason = reason.strip()
    if at_risk and not reason:
        raise DomainError(
            "Say why the person is at risk.",
            code="at_risk_reason",
            field_errors={"at_risk_reason": ["Give the reason."]},
        )
    referral.at_risk, referral.at_risk_reason = at_risk, reason if at_risk else ""
    referral.save(update_fields=["at_risk", "at_risk_reason", "updated_at"])
    events.at_risk_changed(referral=referral, actor=actor, at_risk=at_risk, reason=reason)
    return referral


def require_open(referral: Referral) -> None:
    if Status(referral.status) not in OPEN_STATUSES:
        raise DomainError(
            "This episode is closed; refer the person again to record new work.",
            code="episode_closed",
        )
