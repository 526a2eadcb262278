"""JSON API for changing and ending a practice's fund or protected time (the practice's managers
and the managers of the scheme it was recorded for), and removing a post's supervision,
training or wellbeing record (whoever recorded it, or the link worker's line manager). Each
authorises as its page does and calls the same service."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.http import Http404
from ninja import Field, Schema

from linkwork.accounts.http import AppRequest
from linkwork.core.api_once import api_answer_once
from linkwork.workforce.api import NOTE, Money, router
from linkwork.workforce.edit_services import fund_update, protected_time_update, resource_end
from linkwork.workforce.models import (
    PracticeFund,
    ProtectedTime,
    SupportSession,
    TrainingRecord,
    WellbeingCheck,
)
from linkwork.workforce.permissions import post_record_get_for_user, resource_get_for_editing
from linkwork.workforce.services import post_record_remove


class FundChangeIn(Schema):
    amount_gbp: Decimal = Money
    period_start: date
    period_end: date
    purpose: str
    note: str = Field("", max_length=NOTE)


class ProtectedTimeChangeIn(Schema):
    staff_name: str = Field(max_length=120)
    staff_group: str
    period_start: date
    period_end: date
    hours_per_week: Decimal = Field(ge=0, le=168, max_digits=4, decimal_places=1)
    extra_consultation_minutes: int = Field(0, ge=0, le=1_000_000)
    how_used: str = Field("", max_length=NOTE)


class ResourceEndIn(Schema):
    ended_on: date


class ResourceOut(Schema):
    """A fund or protected time as it now stands (it stays with the scheme it was recorded
    for)."""

    id: uuid.UUID
    scheme: uuid.UUID
    practice: uuid.UUID
    period_start: date
    period_end: date


class RemovedOut(Schema):
    id: uuid.UUID
    kind: str
    removed: bool


def _resource_out(record: PracticeFund | ProtectedTime) -> dict[str, Any]:
    return {
        "id": str(record.pk),
        "scheme": str(record.scheme_id),
        "practice": str(record.practice_id),
        "period_start": record.period_start.isoformat(),
        "period_end": record.period_end.isoformat(),
    }


@router.put("/funds/{fund_id}", response=ResourceOut)
def fund_change_api(
    request: AppRequest, fund_id: uuid.UUID, payload: FundChangeIn
) -> dict[str, Any]:
    fund = resource_get_for_editing(user=request.user, kind="fund", record_id=fund_id)
    assert isinstance(fund, PracticeFund)
    return api_answer_once(
        request,
        f"fund-change:{fund.pk}",
        lambda: fund_update(actor=request.user, fund=fund, **payload.dict()),
        _resource_out,
    )


@router.put("/protected-time/{record_id}", response=ResourceOut)
def protected_time_change_api(
    request: AppRequest, record_id: uuid.UUID, payload: ProtectedTimeChangeIn
) -> dict[str, Any]:
    record = resource_get_for_editing(user=request.user, kind="time", record_id=record_id)
    assert isinstance(record, ProtectedTime)
    return api_answer_once(
        request,
        f"protected-time-change:{record.pk}",
        lambda: protected_time_update(actor=request.user, record=record, **payload.dict()),
        _resource_out,
    )


def _end(request: AppRequest, kind: str, record_id: uuid.UUID, ended_on: date) -> dict[str, Any]:
    record = resource_get_for_editing(user=request.user, kind=kind, record_id=record_id)
    return api_answer_once(
        request,
        f"resource-end:{kind}:{record.pk}",
        lambda: resource_end(actor=request.user, record=record, ended_on=ended_on),
        _resource_out,
    )


@router.post("/funds/{fund_id}/end", response=ResourceOut)
def fund_end_api(request: AppRequest, fund_id: uuid.UUID, payload: ResourceEndIn) -> dict[str, Any]:
    """End a fund early: its period now ends on `ended_on`."""
    return _end(request, "fund", fund_id, payload.ended_on)


@router.post("/protected-time/{record_id}/end", response=ResourceOut)
def protected_time_end_api(
    request: AppRequest, record_id: uuid.UUID, payload: ResourceEndIn
) -> dict[str, Any]:
    """End protected time early: its period now ends on `ended_on`."""
    return _end(request, "time", record_id, payload.ended_on)


RecordKind = Literal["session", "training", "wellbeing"]


@router.delete("/records/{kind}/{record_id}", response=RemovedOut)
def post_record_remove_api(
    request: AppRequest, kind: RecordKind, record_id: uuid.UUID
) -> dict[str, Any]:
    """Remove a post's supervision or peer support session, training or wellbeing check, to
    record it again correctly. A repeat with the same Idempotency-Key gets the first answer,
    though the record is gone."""
    record: SupportSession | TrainingRecord | WellbeingCheck | None
    try:
        record = post_record_get_for_user(user=request.user, kind=kind, record_id=record_id)
    except Http404:
        # Gone, or never yours: a replay of the removal answers as the first time did; any
        # other request is told there is no such record.
        record = None

    def remove() -> uuid.UUID:
        if record is None:
            raise Http404("No such record.")
        post_record_remove(actor=request.user, record=record)
        return record_id

    return api_answer_once(
        request,
        f"record-remove:{kind}:{record_id}",
        remove,
        lambda pk: {"id": str(pk), "kind": kind, "removed": True},
    )
