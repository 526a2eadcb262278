"""JSON API for triage: accept a referral (assigning its link worker in the same step, as the
page can), decline it with a reason, and assign or reassign its link worker. Each endpoint
authorises for writing as the episode page does, picks link workers from the same list as its
forms, calls the same service, and runs once per `Idempotency-Key`."""

from __future__ import annotations

import uuid
from typing import Any

from ninja import Schema

from linkwork.accounts.http import AppRequest
from linkwork.accounts.models import User
from linkwork.core.api_once import api_answer_once as _once
from linkwork.core.errors import DomainError
from linkwork.episodes.api import router
from linkwork.episodes.api_casework import writable_referral
from linkwork.episodes.models import Referral
from linkwork.episodes.selectors.caseload import link_workers_with_caseload
from linkwork.episodes.services.intake import referral_accept, referral_decline
from linkwork.episodes.services.lifecycle import referral_assign


class AcceptIn(Schema):
    # Optional: a referral may be accepted and given to a link worker later.
    link_worker: uuid.UUID | None = None


class DeclineIn(Schema):
    reason: str
    note: str = ""


class AssignIn(Schema):
    link_worker: uuid.UUID
    note: str = ""


class TriagedOut(Schema):
    id: uuid.UUID
    status: str
    link_worker: uuid.UUID | None
    decline_reason: str
    decline_note: str


def _triaged(referral: Referral) -> dict[str, Any]:
    return {
        "id": str(referral.pk),
        "status": referral.status,
        "link_worker": str(referral.link_worker_id) if referral.link_worker_id else None,
        "decline_reason": referral.decline_reason,
        "decline_note": referral.decline_note,
    }


def _link_worker(referral: Referral, link_worker_id: uuid.UUID) -> User:
    """One of the link workers the page offers for this referral's scheme."""
    worker = link_workers_with_caseload(referral.scheme).filter(pk=link_worker_id).first()
    if worker is None:
        raise DomainError(
            f"No link worker {link_worker_id} in {referral.scheme.name}.",
            code="link_worker_unknown",
            field_errors={"link_worker": ["Choose a link worker of this referral's scheme."]},
        )
    return worker


@router.post("/{referral_id}/accept", response=TriagedOut)
def triage_accept(request: AppRequest, referral_id: uuid.UUID, payload: AcceptIn) -> dict[str, Any]:
    """Accept the referral at triage, re-checking the scheme's policy, and assign the link
    worker when one is given."""
    referral = writable_referral(request, referral_id)
    worker = _link_worker(referral, payload.link_worker) if payload.link_worker else None
    return _once(
        request,
        f"accept:{referral.pk}",
        lambda: referral_accept(referral=referral, actor=request.user, link_worker=worker),
        _triaged,
    )


@router.post("/{referral_id}/decline", response=TriagedOut)
def triage_decline(
    request: AppRequest, referral_id: uuid.UUID, payload: DeclineIn
) -> dict[str, Any]:
    """Decline the referral with one of the listed reasons and an optional note for the
    referrer."""
    referral = writable_referral(request, referral_id)
    return _once(
        request,
        f"decline:{referral.pk}",
        lambda: referral_decline(
            referral=referral, actor=request.user, reason=payload.reason, note=payload.note
        ),
        _triaged,
    )


@router.post("/{referral_id}/link-worker", response=TriagedOut)
def link_worker_assign(
    request: AppRequest, referral_id: uuid.UUID, payload: AssignIn
) -> dict[str, Any]:
    """Assign or reassign the person's link worker; the history of who supported whom is
    kept."""
    referral = writable_referral(request, referral_id)
    worker = _link_worker(referral, payload.link_worker)
    return _once(
        request,
        f"assign:{referral.pk}",
        lambda: referral_assign(
            referral=referral, link_worker=worker, actor=request.user, note=payload.note
        ),
        _triaged,
    )
