"""JSON API for the changes a link worker makes to a running episode on the referral page: a
goal's status, closing the episode as withdrawn or did not engage, the at-risk flag, what was
done about the referral's safety information, and what matters to the person. Each endpoint
authorises for writing as the page does, calls the same service (which writes the timeline
event and its audit row), and runs once per `Idempotency-Key`."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Literal

from django.http import Http404
from ninja import Field, Schema

from linkwork.accounts.http import AppRequest
from linkwork.core.api_once import api_answer_once as _once
from linkwork.core.errors import NotFoundError
from linkwork.episodes.api import router
from linkwork.episodes.api_casework import GoalOut, writable_referral
from linkwork.episodes.lifecycle import Status
from linkwork.episodes.models import Goal, Referral
from linkwork.episodes.selectors.episode import goal_of_episode
from linkwork.episodes.services.lifecycle import referral_close, referral_set_at_risk
from linkwork.episodes.services.plan import goal_set_status, referral_what_matters_set
from linkwork.episodes.services.safety import referral_safety_record
from linkwork.episodes.vocab import GoalStatus


class GoalStatusIn(Schema):
    status: GoalStatus


class CloseIn(Schema):
    # The two ways the close form offers; discharge and decline have their own operations.
    status: Literal["withdrawn", "did_not_engage"]
    note: str = Field("", max_length=500)


class AtRiskIn(Schema):
    at_risk: bool
    # Required when `at_risk` is true: the service names this field when it is missing.
    at_risk_reason: str = ""


class SafetyIn(Schema):
    safety_action: str


class WhatMattersIn(Schema):
    what_matters: str = ""


class EpisodeOut(Schema):
    id: uuid.UUID
    status: str
    closed_on: date | None
    at_risk: bool
    at_risk_reason: str
    safety_action: str
    what_matters: str


def _episode(referral: Referral) -> dict[str, Any]:
    return {
        "id": str(referral.pk),
        "status": referral.status,
        "closed_on": referral.closed_on.isoformat() if referral.closed_on else None,
        "at_risk": referral.at_risk,
        "at_risk_reason": referral.at_risk_reason,
        "safety_action": referral.safety_action,
        "what_matters": referral.what_matters,
    }


def _goal(goal: Goal) -> dict[str, Any]:
    return {
        "id": str(goal.pk),
        "referral": str(goal.referral_id),
        "description": goal.description,
        "status": goal.status,
    }


@router.post("/{referral_id}/goals/{goal_id}/status", response=GoalOut)
def goal_status_set(
    request: AppRequest, referral_id: uuid.UUID, goal_id: uuid.UUID, payload: GoalStatusIn
) -> dict[str, Any]:
    """Change how a goal of the person's plan is going."""
    referral = writable_referral(request, referral_id)
    try:
        goal = goal_of_episode(referral=referral, goal_id=goal_id)
    except Http404 as exc:
        raise NotFoundError("No such goal in this plan.", code="goal_not_found") from exc
    return _once(
        request,
        f"goal-status:{goal.pk}",
        lambda: goal_set_status(goal=goal, actor=request.user, status=payload.status.value),
        _goal,
    )


@router.post("/{referral_id}/close", response=EpisodeOut)
def episode_close(request: AppRequest, referral_id: uuid.UUID, payload: CloseIn) -> dict[str, Any]:
    """Close the episode because the person withdrew or did not engage."""
    referral = writable_referral(request, referral_id)
    return _once(
        request,
        f"close:{referral.pk}",
        lambda: referral_close(
            referral=referral, actor=request.user, to=Status(payload.status), note=payload.note
        ),
        _episode,
    )


@router.post("/{referral_id}/at-risk", response=EpisodeOut)
def at_risk_set(request: AppRequest, referral_id: uuid.UUID, payload: AtRiskIn) -> dict[str, Any]:
    """Flag the person as at risk, with why, or clear the flag."""
    referral = writable_referral(request, referral_id)
    return _once(
        request,
        f"at-risk:{referral.pk}",
        lambda: referral_set_at_risk(
            referral=referral,
            actor=request.user,
            at_risk=payload.at_risk,
            reason=payload.at_risk_reason,
        ),
        _episode,
    )


@router.post("/{referral_id}/safety", response=EpisodeOut)
def safety_record(request: AppRequest, referral_id: uuid.UUID, payload: SafetyIn) -> dict[str, Any]:
    """Record, once, what was done about the safety information the referral came with."""
    referral = writable_referral(request, referral_id)
    return _once(
        request,
        f"safety:{referral.pk}",
        lambda: referral_safety_record(
            referral=referral, actor=request.user, action=payload.safety_action
        ),
        _episode,
    )


@router.post("/{referral_id}/what-matters", response=EpisodeOut)
def what_matters_set(
    request: AppRequest, referral_id: uuid.UUID, payload: WhatMattersIn
) -> dict[str, Any]:
    """Record what matters to the person, in their words."""
    referral = writable_referral(request, referral_id)
    return _once(
        request,
        f"what-matters:{referral.pk}",
        lambda: referral_what_matters_set(
            referral=referral, actor=request.user, text=payload.what_matters
        ),
        _episode,
    )
