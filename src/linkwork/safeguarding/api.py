"""JSON API for safeguarding: contact notes and concerns on an episode, and a concern's updates
and closing. Each endpoint authorises as the safeguarding pages do (casework staff on the
episode; a concern only for those who may see it), calls the same service, and runs once per
`Idempotency-Key`, so a retried request gets the first answer instead of a second record."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, TypeVar

from ninja import Field, Router, Schema, Status

from linkwork.accounts.http import AppRequest
from linkwork.core.api_once import api_answer_once as _once
from linkwork.core.errors import DomainError
from linkwork.episodes.api_casework import writable_referral
from linkwork.safeguarding.models import Concern, ConcernUpdate, ContactNote
from linkwork.safeguarding.permissions import concern_get_for_user
from linkwork.safeguarding.selectors import alert_of
from linkwork.safeguarding.services import (
    concern_close,
    concern_open,
    concern_update,
    contact_note_record,
)

API_PREFIX = "/safeguarding"

router = Router(tags=["safeguarding"])

T = TypeVar("T")
NAME = 200  # the longest name the records keep, as on the forms


class ContactNoteIn(Schema):
    referral: uuid.UUID
    kind: str
    contacted_on: date
    with_whom: str = Field(max_length=NAME)
    note: str


class ContactNoteOut(Schema):
    id: uuid.UUID
    referral: uuid.UUID
    kind: str
    contacted_on: date
    with_whom: str
    note: str


class ConcernIn(Schema):
    referral: uuid.UUID
    category: str
    observed: str
    actions: str
    review_on: date | None = None
    lead_name: str = Field("", max_length=NAME)
    lead_informed_on: date | None = None
    # The episode's risk alert that prompted the concern, if one did.
    risk_alert: uuid.UUID | None = None
    from_referral_risk: bool = False


class ConcernOut(Schema):
    id: uuid.UUID
    referral: uuid.UUID
    category: str
    status: str
    review_on: date | None
    lead_name: str
    lead_informed_on: date | None
    closed_on: date | None


class ConcernUpdateIn(Schema):
    status: str
    note: str
    review_on: date | None = None
    lead_name: str = Field("", max_length=NAME)
    lead_informed_on: date | None = None


class ConcernUpdateOut(Schema):
    id: uuid.UUID
    concern: uuid.UUID
    status: str
    note: str
    review_on: date | None


class ConcernCloseIn(Schema):
    note: str


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _concern(concern: Concern) -> dict[str, Any]:
    return {
        "id": str(concern.pk),
        "referral": str(concern.referral_id),
        "category": concern.category,
        "status": concern.status,
        "review_on": _date(concern.review_on),
        "lead_name": concern.lead_name,
        "lead_informed_on": _date(concern.lead_informed_on),
        "closed_on": _date(concern.closed_on),
    }


def _contact_note(contact: ContactNote) -> dict[str, Any]:
    return {
        "id": str(contact.pk),
        "referral": str(contact.referral_id),
        "kind": contact.kind,
        "contacted_on": contact.contacted_on.isoformat(),
        "with_whom": contact.with_whom,
        "note": contact.note,
    }


def _update(update: ConcernUpdate) -> dict[str, Any]:
    return {
        "id": str(update.pk),
        "concern": str(update.concern_id),
        "status": update.status,
        "note": update.note,
        "review_on": _date(update.review_on),
    }


@router.post("/contact-notes", response={201: ContactNoteOut})
def contact_note_create(request: AppRequest, payload: ContactNoteIn) -> Status[dict[str, Any]]:
    """Record a contact about the person with someone else: a carer, another service."""
    referral = writable_referral(request, payload.referral)
    fields = payload.dict(exclude={"referral"})
    return Status(
        201,
        _once(
            request,
            f"contact-notes:{referral.pk}",
            lambda: contact_note_record(referral=referral, actor=request.user, **fields),
            _contact_note,
        ),
    )


@router.post("/concerns", response={201: ConcernOut})
def concern_create(request: AppRequest, payload: ConcernIn) -> Status[dict[str, Any]]:
    """Record a safeguarding concern on the episode, with its next review."""
    referral = writable_referral(request, payload.referral)
    fields = payload.dict(exclude={"referral", "risk_alert"})
    alert = alert_of(referral=referral, alert_id=payload.risk_alert)
    if payload.risk_alert is not None and alert is None:
        raise DomainError(
            "Check the safeguarding concern.",
            code="concern_invalid",
            field_errors={"risk_alert": ["That risk alert is not one of this episode's."]},
        )
    return Status(
        201,
        _once(
            request,
            f"concerns:{referral.pk}",
            lambda: concern_open(referral=referral, actor=request.user, risk_alert=alert, **fields),
            _concern,
        ),
    )


@router.post("/concerns/{concern_id}/updates", response={201: ConcernUpdateOut})
def concern_update_create(
    request: AppRequest, concern_id: uuid.UUID, payload: ConcernUpdateIn
) -> Status[dict[str, Any]]:
    """Update an open concern: its status (open or under review), what happened, the next
    review and, when newly informed, the safeguarding lead."""
    concern = concern_get_for_user(user=request.user, concern_id=concern_id)
    return Status(
        201,
        _once(
            request,
            f"concern-updates:{concern.pk}",
            lambda: concern_update(concern=concern, actor=request.user, **payload.dict()),
            _update,
        ),
    )


@router.post("/concerns/{concern_id}/close", response=ConcernOut)
def concern_close_api(
    request: AppRequest, concern_id: uuid.UUID, payload: ConcernCloseIn
) -> dict[str, Any]:
    """Close a concern, saying why and what came of it."""
    concern = concern_get_for_user(user=request.user, concern_id=concern_id)
    return _once(
        request,
        f"concern-close:{concern.pk}",
        lambda: concern_close(concern=concern, actor=request.user, note=payload.note),
        _concern,
    )
