"""JSON API for workforce records: a post's supervision and peer support, training and
wellbeing checks (only the link worker and their line manager reach them); a practice's funds
and protected staff time (its managers); a scheme's costs (its managers); and an episode's GP
appointment counts (who records on the episode). Each calls the same service as the workforce
pages, through the same fetch-and-authorise (another scheme's record is a 404), and runs once
per `Idempotency-Key`."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from ninja import Field, Router, Schema, Status

from linkwork.accounts.http import AppRequest
from linkwork.core.api_once import api_answer_once
from linkwork.core.errors import DomainError
from linkwork.episodes.api_casework import writable_referral
from linkwork.organisations.models import Organisation, Scheme
from linkwork.workforce.gp_services import GpCounts, gp_appointments_record
from linkwork.workforce.models import LinkWorkerPost
from linkwork.workforce.permissions import (
    PostAccess,
    post_get_for_user,
    practice_get_for_manager,
    scheme_get_for_manager,
)
from linkwork.workforce.selectors import schemes_serving
from linkwork.workforce.services import (
    cost_record,
    fund_record,
    protected_time_record,
    session_record,
    training_record,
    wellbeing_record,
)

API_PREFIX = "/workforce"
router = Router(tags=["workforce"])

Money = Field(ge=0, le=Decimal("10000000"), max_digits=10, decimal_places=2)
NOTE = 200


class Created(Schema):
    """What was recorded: its id, and the scheme it counts toward."""

    id: uuid.UUID
    scheme: uuid.UUID


def _created(record: Any) -> dict[str, Any]:
    return {"id": str(record.pk), "scheme": str(record.scheme_id)}


class SupportSessionIn(Schema):
    kind: str
    held_on: date
    duration_minutes: int
    content: str = Field("", max_length=5000)


class TrainingIn(Schema):
    course: str = Field(max_length=200)
    completed_on: date
    provider: str = Field(max_length=200)


class WellbeingIn(Schema):
    # One answer per question of the scheme's standard, in its order, each from 1 to 5.
    answers: list[int] = Field(max_length=50)


class FundIn(Schema):
    scheme: uuid.UUID
    period_start: date
    period_end: date
    amount_gbp: Decimal = Money
    purpose: str
    note: str = Field("", max_length=NOTE)


class ProtectedTimeIn(Schema):
    scheme: uuid.UUID
    period_start: date
    period_end: date
    staff_name: str = Field(max_length=120)
    staff_group: str
    hours_per_week: Decimal = Field(ge=0, le=168, max_digits=4, decimal_places=1)
    extra_consultation_minutes: int = Field(0, ge=0, le=1_000_000)
    how_used: str = Field("", max_length=NOTE)


class CostIn(Schema):
    period_start: date
    period_end: date
    category: str
    amount_gbp: Decimal = Money
    note: str = Field("", max_length=NOTE)


class GpCountsIn(Schema):
    consent_recorded_on: date | None
    window_months: int = Field(ge=0, le=120)
    count_before: int = Field(ge=0, le=100_000)
    count_after: int = Field(ge=0, le=100_000)
    source: str
    note: str = Field("", max_length=NOTE)


def _own_post(request: AppRequest, post_id: uuid.UUID) -> LinkWorkerPost:
    """The holder and their line manager only: a scheme manager sees the post, not its
    records (403); anyone else is told there is no such post (404)."""
    return post_get_for_user(user=request.user, post_id=post_id, need=PostAccess.HOLDER)


@router.post("/posts/{post_id}/sessions", response={201: Created})
def support_session_create(
    request: AppRequest, post_id: uuid.UUID, payload: SupportSessionIn
) -> Status[dict[str, Any]]:
    """Supervision (recorded by the line manager) or peer support (the link worker or their
    line manager)."""
    post = _own_post(request, post_id)
    return Status(
        201,
        api_answer_once(
            request,
            f"support-sessions:{post.pk}",
            lambda: session_record(actor=request.user, post=post, **payload.dict()),
            _created,
        ),
    )


@router.post("/posts/{post_id}/training", response={201: Created})
def training_create(
    request: AppRequest, post_id: uuid.UUID, payload: TrainingIn
) -> Status[dict[str, Any]]:
    post = _own_post(request, post_id)
    return Status(
        201,
        api_answer_once(
            request,
            f"training:{post.pk}",
            lambda: training_record(actor=request.user, post=post, **payload.dict()),
            _created,
        ),
    )


@router.post("/posts/{post_id}/wellbeing", response={201: Created})
def wellbeing_create(
    request: AppRequest, post_id: uuid.UUID, payload: WellbeingIn
) -> Status[dict[str, Any]]:
    """The link worker's own wellbeing check (only they answer it)."""
    post = _own_post(request, post_id)
    return Status(
        201,
        api_answer_once(
            request,
            f"wellbeing:{post.pk}",
            lambda: wellbeing_record(actor=request.user, post=post, answers=payload.answers),
            _created,
        ),
    )


def _serving_scheme(scheme_id: uuid.UUID, practice: Organisation) -> Scheme:
    scheme = schemes_serving(practice=practice).filter(pk=scheme_id).first()
    if scheme is None:
        message = f"Choose a scheme that serves {practice.name}."
        raise DomainError(message, code="scheme_invalid", field_errors={"scheme": [message]})
    return scheme


@router.post("/practices/{practice_id}/funds", response={201: Created})
def fund_create(
    request: AppRequest, practice_id: uuid.UUID, payload: FundIn
) -> Status[dict[str, Any]]:
    """Money the practice puts toward link working in a period (its managers)."""
    practice = practice_get_for_manager(user=request.user, practice_id=practice_id)
    scheme = _serving_scheme(payload.scheme, practice)
    fields = payload.dict(exclude={"scheme"})
    return Status(
        201,
        api_answer_once(
            request,
            f"funds:{practice.pk}",
            lambda: fund_record(actor=request.user, scheme=scheme, practice=practice, **fields),
            _created,
        ),
    )


@router.post("/practices/{practice_id}/protected-time", response={201: Created})
def protected_time_create(
    request: AppRequest, practice_id: uuid.UUID, payload: ProtectedTimeIn
) -> Status[dict[str, Any]]:
    """Staff time the practice protects for link working in a period (its managers)."""
    practice = practice_get_for_manager(user=request.user, practice_id=practice_id)
    scheme = _serving_scheme(payload.scheme, practice)
    fields = payload.dict(exclude={"scheme"})
    return Status(
        201,
        api_answer_once(
            request,
            f"protected-time:{practice.pk}",
            lambda: protected_time_record(
                actor=request.user, scheme=scheme, practice=practice, **fields
            ),
            _created,
        ),
    )


@router.post("/schemes/{slug}/costs", response={201: Created})
def scheme_cost_create(request: AppRequest, slug: str, payload: CostIn) -> Status[dict[str, Any]]:
    """A scheme's cost in a period, by category (its managers); one per period and category."""
    scheme = scheme_get_for_manager(user=request.user, slug=slug)
    return Status(
        201,
        api_answer_once(
            request,
            f"costs:{scheme.pk}",
            lambda: cost_record(actor=request.user, scheme=scheme, **payload.dict()),
            _created,
        ),
    )


@router.post("/episodes/{referral_id}/gp-appointments", response={201: Created})
def gp_appointments_create(
    request: AppRequest, referral_id: uuid.UUID, payload: GpCountsIn
) -> Status[dict[str, Any]]:
    """Record (or replace) the episode's GP appointment counts either side of the referral,
    for a person who agreed to them being counted."""
    referral = writable_referral(request, referral_id)
    return Status(
        201,
        api_answer_once(
            request,
            f"gp-appointments:{referral.pk}",
            lambda: gp_appointments_record(
                actor=request.user, referral=referral, counts=GpCounts(**payload.dict())
            ),
            _created,
        ),
    )


# Posts, the standard and changes to what was recorded live beside these, on the same router.
from linkwork.workforce import api_edits, api_posts  # noqa: E402, F401
