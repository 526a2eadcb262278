"""JSON API for the directory's one write: whether a service is taking people now, and when
someone checked (the scheme managers of its region, and system administrators). The directory
itself is read through Open Referral UK, which is public and read-only."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from ninja import Field, Router, Schema

from linkwork.accounts.http import AppRequest
from linkwork.core.api_once import api_answer_once
from linkwork.directory.models import Service
from linkwork.directory.permissions import service_get_for_user
from linkwork.directory.services import service_capacity_update

API_PREFIX = "/directory"
router = Router(tags=["directory"])


class CapacityIn(Schema):
    # One of open, waiting_list, paused, closed.
    capacity: str = Field(max_length=16)
    # When someone checked; today when left out.
    verified_on: date | None = None
    note: str = Field("", max_length=300)


class CapacityOut(Schema):
    id: uuid.UUID
    capacity: str
    verified_on: date | None
    note: str


def _capacity_out(service: Service) -> dict[str, Any]:
    verified = service.capacity_verified_on
    return {
        "id": str(service.pk),
        "capacity": service.capacity,
        "verified_on": verified.isoformat() if verified else None,
        "note": service.capacity_note,
    }


@router.put("/services/{service_id}/capacity", response=CapacityOut)
def service_capacity_change(
    request: AppRequest, service_id: uuid.UUID, payload: CapacityIn
) -> dict[str, Any]:
    """Anyone signed in reads the directory, so a service outside the caller's regions is
    refused (403), not hidden; a service that does not exist is a 404."""
    service = service_get_for_user(user=request.user, service_id=service_id, maintain=True)
    return api_answer_once(
        request,
        f"capacity:{service.pk}",
        lambda: service_capacity_update(service=service, actor=request.user, **payload.dict()),
        _capacity_out,
    )
