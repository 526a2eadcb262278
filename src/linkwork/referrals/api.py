"""JSON API for referrals: what the signed-in user may see, scoped and audited like the pages."""

from __future__ import annotations

import uuid
from datetime import date

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from linkwork.accounts.models import User
from linkwork.audit.services import audit_record_list
from linkwork.core.errors import NotFoundError
from linkwork.referrals.permissions import Access, referral_get_for_user, referral_list_for

API_PREFIX = "/referrals"
router = Router(tags=["referrals"])


class ReferralListItemOut(Schema):
    id: uuid.UUID
    scheme: str
    person: str
    received_on: date
    status: str
    source: str


class ReferralDetailOut(ReferralListItemOut):
    reasons: list[str]
    first_contact_on: date | None
    waiting_days: int | None
    closed_on: date | None
    decline_reason: str
    discharge_reason: str
    link_worker: str | None


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@router.get("/", response=list[ReferralListItemOut])
def referral_list(request: HttpRequest, status: str | None = None) -> list[dict[str, object]]:
    qs = referral_list_for(user=_user(request)).select_related("scheme", "person")
    if status:
        qs = qs.filter(status=status)
    referrals = list(qs.order_by("-received_on")[:200])
    audit_record_list(
        actor=_user(request),
        object_type="api_referrals",
        rows=[(r.person_id, r.scheme_id) for r in referrals],
    )
    return [
        {
            "id": r.pk,
            "scheme": r.scheme.name,
            "person": r.person.full_name,
            "received_on": r.received_on,
            "status": r.status,
            "source": r.source,
        }
        for r in referrals
    ]


@router.get("/{referral_id}", response=ReferralDetailOut)
def referral_detail(request: HttpRequest, referral_id: uuid.UUID) -> dict[str, object]:
    try:
        referral, access = referral_get_for_user(user=_user(request), referral_id=referral_id)
    except Http404 as exc:
        raise NotFoundError("No such referral.", code="referral_not_found") from exc
    casework = access is Access.CASEWORK
    return {
        "id": referral.pk,
        "scheme": referral.scheme.name,
        "person": referral.person.full_name,
        "received_on": referral.received_on,
        "status": referral.status,
        "source": referral.source,
        "reasons": referral.reasons,
        "first_contact_on": referral.first_contact_on,
        "waiting_days": referral.waiting_days,
        "closed_on": referral.closed_on,
        "decline_reason": referral.decline_reason,
        "discharge_reason": referral.discharge_reason,
        "link_worker": str(referral.link_worker) if casework and referral.link_worker else None,
    }
