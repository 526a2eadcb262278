"""JSON API for implementation monitoring: a practice's assessment, and the link worker's
activity log (list a week, log an entry)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from linkwork.accounts.http import AppRequest
from linkwork.core import clock
from linkwork.core.api_once import api_key
from linkwork.core.submissions import answer_once
from linkwork.implementation.assessment import assess_practices, default_period
from linkwork.implementation.models import Activity
from linkwork.implementation.periods import PeriodError, parse_period
from linkwork.implementation.permissions import (
    Access,
    practice_get_for_user,
    require_link_worker,
)
from linkwork.implementation.selectors import own_activities, week_start
from linkwork.implementation.services import activity_log
from linkwork.implementation.vocab import MAX_ACTIVITY_MINUTES, MIN_ACTIVITY_MINUTES

API_PREFIX = "/implementation"
router = Router(tags=["implementation"])

T = TypeVar("T")


def _authorised(fetch: Callable[[], T]) -> T:
    """Run a fetch-and-authorise call, answering 403 as JSON (404 is handled by ninja)."""
    try:
        return fetch()
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "Forbidden") from exc


class IndicatorOut(Schema):
    label: str
    area: str
    value: float | int | None
    unit: str
    target: str
    status: str
    counts_toward_classification: bool
    note: str


class AssessmentOut(Schema):
    practice: uuid.UUID
    practice_name: str
    period: str
    period_start: date
    period_end: date
    classification: str
    reasons: list[str]
    shortfalls: list[str]
    missing: list[str]
    indicators: dict[str, IndicatorOut]


@router.get("/practices/{practice_id}/assessment", response=AssessmentOut)
def assessment_get(
    request: AppRequest, practice_id: uuid.UUID, period: str | None = None
) -> dict[str, Any]:
    practice = _authorised(
        lambda: practice_get_for_user(
            user=request.user, practice_id=practice_id, need=Access.MANAGE
        )
    )
    try:
        chosen = parse_period(period) if period else default_period()
    except PeriodError as exc:
        raise HttpError(400, str(exc)) from exc
    return assess_practices(practices=[practice], periods=[chosen])[0].as_json()


class ActivityIn(Schema):
    practice_id: uuid.UUID
    occurred_on: date
    kind: str
    minutes: int = Field(ge=MIN_ACTIVITY_MINUTES, le=MAX_ACTIVITY_MINUTES)
    note: str = Field("", max_length=200)


class ActivityOut(Schema):
    id: uuid.UUID
    practice_id: uuid.UUID
    occurred_on: date
    level: str
    kind: str
    minutes: int
    note: str


@router.post("/activities", response={201: ActivityOut})
def activity_create(request: AppRequest, payload: ActivityIn) -> Status[dict[str, Any]]:
    """Log an activity; once per Idempotency-Key, so a retried request gets the first answer
    instead of a second entry in the log."""
    _authorised(lambda: require_link_worker(request.user))
    practice = _authorised(
        lambda: practice_get_for_user(
            user=request.user, practice_id=payload.practice_id, need=Access.CONTRIBUTE
        )
    )
    created = answer_once(
        key=api_key(request),
        scope=f"{request.user.pk}:api:activities",
        action=lambda: activity_log(
            actor=request.user,
            practice=practice,
            occurred_on=payload.occurred_on,
            kind=payload.kind,
            minutes=payload.minutes,
            note=payload.note,
        ),
        out=lambda activity: ActivityOut.from_orm(activity).model_dump(mode="json"),
    )
    return Status(201, created)


@router.get("/activities", response=list[ActivityOut])
def activity_list(request: AppRequest, week: date | None = None) -> list[Activity]:
    """Your own log for the week containing `week` (default: this week)."""
    _authorised(lambda: require_link_worker(request.user))
    start = week_start(week or clock.today())
    return own_activities(user=request.user, start=start)


# The practice's records and survey rounds live beside these, on the same router.
from linkwork.implementation import api_nomad, api_records  # noqa: E402, F401
