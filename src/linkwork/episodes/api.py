"""JSON API for referrals: what the signed-in user may see, scoped and audited like the pages,
and new referrals through the same intake as the referral form."""

from __future__ import annotations

import uuid
from datetime import date

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status

from linkwork.accounts.models import User
from linkwork.audit.services import audit_record_list
from linkwork.core import clock
from linkwork.core.api_links import next_page_link
from linkwork.core.api_once import api_key
from linkwork.core.cursors import date_and_id_after
from linkwork.core.errors import NotFoundError
from linkwork.core.submissions import AlreadySubmittedError, run_once
from linkwork.episodes.details import ReferralDetails
from linkwork.episodes.permissions import Access, referral_get_for_user, referral_list_for
from linkwork.episodes.selectors.referrals import referral_intake_request
from linkwork.episodes.services.intake import IntakeOutcome, referral_intake
from linkwork.people.services import PersonDetails

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
    reason_text: str
    risk_flags: list[str]
    screening: list[str]
    safety_action: str | None
    decline_note: str
    first_contact_on: date | None
    waiting_days: int | None
    closed_on: date | None
    decline_reason: str
    discharge_reason: str
    link_worker: str | None


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@router.get("/", response=list[ReferralListItemOut])
def referral_list(
    request: HttpRequest,
    response: HttpResponse,
    status: str | None = None,
    scheme: uuid.UUID | None = None,
    received_from: date | None = None,
    received_to: date | None = None,
    limit: int = Query(100, ge=1, le=200),
    cursor: str | None = None,
) -> list[dict[str, object]]:
    """Newest first. When more rows follow, the `Link` header (rel="next") carries the URL
    of the next page, with an opaque cursor that stays right as new referrals arrive."""
    qs = referral_list_for(user=_user(request)).select_related("scheme", "person")
    if status:
        qs = qs.filter(status=status)
    if scheme:
        qs = qs.filter(scheme_id=scheme)
    if received_from:
        qs = qs.filter(received_on__gte=received_from)
    if received_to:
        qs = qs.filter(received_on__lte=received_to)
    if cursor:
        after = date_and_id_after(cursor)
        qs = qs.filter(Q(received_on__lt=after[0]) | Q(received_on=after[0], pk__lt=after[1]))
    rows = list(qs.order_by("-received_on", "-pk")[: limit + 1])
    referrals = rows[:limit]
    if len(rows) > limit:
        last_shown = referrals[-1]
        next_page_link(
            request, response, after=[last_shown.received_on.isoformat(), str(last_shown.pk)]
        )
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
        "reason_text": referral.reason_text if access is not Access.PRACTICE else "",
        "risk_flags": referral.risk_flags,
        "screening": referral.screening,
        "safety_action": referral.safety_action if casework else None,
        "decline_note": referral.decline_note,
        "first_contact_on": referral.first_contact_on,
        "waiting_days": referral.waiting_days,
        "closed_on": referral.closed_on,
        "decline_reason": referral.decline_reason,
        "discharge_reason": referral.discharge_reason,
        "link_worker": str(referral.link_worker) if casework and referral.link_worker else None,
    }


class PersonIn(Schema):
    given_name: str
    family_name: str
    date_of_birth: date
    nhs_number: str = ""
    chi_number: str = ""
    sex: str = "not_known"
    gender_identity: str = "not_asked"
    ethnicity: str = ""
    # Equalities monitoring (see people.equalities): "not_stated" or an answer once asked.
    disability: str = "not_asked"
    religion: str = "not_asked"
    sexual_orientation: str = "not_asked"
    carer: str = "not_asked"
    armed_forces: str = "not_asked"
    preferred_contact: str = "phone"
    phone: str = ""
    email: str = ""
    preferred_language: str = "English"
    interpreter_needed: bool = False
    postcode: str = ""


class ReferralIn(Schema):
    scheme: uuid.UUID
    person: PersonIn
    reasons: list[str]
    received_on: date | None = None
    source: str | None = None
    practice: uuid.UUID | None = None
    reason_text: str = ""
    risk_flags: list[str] = []
    exclusions: list[str] = []


class ReferralCreatedOut(Schema):
    id: uuid.UUID
    person: uuid.UUID
    status: str
    decline_reason: str
    problems: list[str]


@router.post("/", response={201: ReferralCreatedOut})
def referral_create(request: HttpRequest, payload: ReferralIn) -> Status[dict[str, object]]:
    """Refer someone, as the referral form does: practice staff refer from their own practices
    (the source is fixed by their role); link workers and managers into their own schemes. A
    referral the scheme's policy cannot accept is recorded and declined at once, with why."""
    user = _user(request)
    intake = referral_intake_request(
        user=user, scheme_id=payload.scheme, practice_id=payload.practice, source=payload.source
    )
    try:
        outcome = run_once(
            key=api_key(request),
            scope=f"{user.pk}:api:referrals",
            action=lambda: referral_intake(
                scheme=intake.scheme,
                person=PersonDetails(**payload.person.dict(), practice=intake.practice),
                details=ReferralDetails(
                    source=intake.source,
                    received_on=payload.received_on or clock.today(),
                    reasons=tuple(payload.reasons),
                    reason_text=payload.reason_text,
                    risk_flags=tuple(payload.risk_flags),
                    exclusions=tuple(payload.exclusions),
                    practice=intake.practice,
                    referrer=user,
                    referrer_name=user.get_full_name(),
                ),
                actor=user,
            ),
            response=_created,
        )
    except AlreadySubmittedError as replay:
        # A retried request (same Idempotency-Key) gets the first answer, not a second referral.
        return Status(201, replay.response)
    return Status(201, _created(outcome))


def _created(outcome: IntakeOutcome) -> dict[str, object]:
    referral = outcome.referral
    return {
        "id": str(referral.pk),
        "person": str(referral.person_id),
        "status": referral.status,
        "decline_reason": referral.decline_reason,
        "problems": [problem.message for problem in outcome.problems],
    }


# The casework endpoints (and the changes to a running episode and to its summary) live beside
# the referral ones, on the same router.
from linkwork.episodes import (  # noqa: E402, F401
    api_casework,
    api_changes,
    api_summaries,
    api_triage,
)
