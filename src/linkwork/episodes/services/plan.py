"""Referral intake and the episode lifecycle. Every status change goes through
`referral_transition`, which enforces the transition table, stamps and attributes it.

Casework writes: encounters under the session cap, the support plan, connections,
financial gains, discharge with its end-of-episode summary, and caseload handover."""

from __future__ import annotations

from django.db import transaction

from linkwork.accounts.models import User
from linkwork.core.errors import DomainError
from linkwork.episodes import events
from linkwork.episodes.models import Goal, Referral
from linkwork.episodes.services.lifecycle import require_open
from linkwork.episodes.vocab import GoalStatus


@transaction.atomic
def referral_what_matters_set(*, referral: Referral, actor: User, text: str) -> Referral:
    referral.what_matters = text.strip()
    referral.save(update_fields=["what_matters", "updated_at"])
    events.what_matters_changed(referral=referral, actor=actor)
    return referral


@transaction.atomic
def goal_add(*, referral: Referral, actor: User, description: str) -> Goal:
    require_open(referral)
    if not description.strip():
        raise DomainError(
            "Describe the goal.", code="goal_empty", field_errors={"description": ["Required."]}
        )
    goal = Goal.objects.create(
        scheme_id=referral.scheme_id, referral=referral, description=description.strip()[:300]
    )
    events.goal_added(goal=goal, actor=actor)
    return goal


@transaction.atomic
def goal_set_status(*, goal: Goal, actor: User, status: str) -> Goal:
    if status not in GoalStatus:
        raise DomainError(f"Unknown goal status {status!r}.", code="goal_status")
    goal.status = status
    goal.save(update_fields=["status", "updated_at"])
    events.goal_status_changed(goal=goal, actor=actor)
    return goal
