"""Casework actions on the referral page, discharge with its summary, and handover."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from linkwork.accounts.http import AppRequest
from linkwork.episodes.forms import (
    GoalForm,
    GoalStatusForm,
)
from linkwork.episodes.models import Referral
from linkwork.episodes.selectors.episode import goal_of_episode
from linkwork.episodes.services.plan import goal_add, goal_set_status
from linkwork.episodes.views.episode_page import act


@require_POST
@login_required
def goal_add_view(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    return act(
        request,
        referral_id,
        "goal_form",
        lambda r: GoalForm(request.POST),
        lambda r, d: goal_add(referral=r, actor=request.user, description=d["description"]),
        "Goal added to the plan.",
    )


@require_POST
@login_required
def goal_status_view(
    request: AppRequest, referral_id: uuid.UUID, goal_id: uuid.UUID
) -> HttpResponse:
    def change(referral: Referral, data: dict[str, str]) -> object:
        goal = goal_of_episode(referral=referral, goal_id=goal_id)
        return goal_set_status(goal=goal, actor=request.user, status=data["status"])

    return act(
        request,
        referral_id,
        "goal_status_form",
        lambda r: GoalStatusForm(request.POST),
        change,
        "Goal updated.",
    )
