"""JSON API for the consents on a person's record: record one (to the link worker service, or
to share named details with a VCSE) and withdraw one. Only the person's scheme's casework staff
reach them, as on the person page; the same services write and audit, and a record runs once
per `Idempotency-Key`."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.http import Http404
from ninja import Router, Schema, Status

from linkwork.accounts.http import AppRequest
from linkwork.core.api_once import api_key
from linkwork.core.errors import DomainError
from linkwork.core.submissions import answer_once
from linkwork.organisations.selectors import vcses_in_region
from linkwork.people.models import Consent
from linkwork.people.permissions import person_get_for_user
from linkwork.people.services import consent_record, consent_withdraw

API_PREFIX = "/people"

router = Router(tags=["people"])


class ConsentIn(Schema):
    kind: str
    given: bool
    recorded_on: date
    # The VCSE a consent to share names, one of those in the person's region.
    organisation: uuid.UUID | None = None
    shared_fields: list[str] = []


class ConsentOut(Schema):
    id: uuid.UUID
    person: uuid.UUID
    kind: str
    given: bool
    recorded_on: date
    organisation: uuid.UUID | None
    shared_fields: list[str]
    withdrawn_on: date | None


def _consent(consent: Consent) -> dict[str, Any]:
    return {
        "id": str(consent.pk),
        "person": str(consent.person_id),
        "kind": consent.kind,
        "given": consent.given,
        "recorded_on": consent.recorded_on.isoformat(),
        "organisation": str(consent.organisation_id) if consent.organisation_id else None,
        "shared_fields": list(consent.shared_fields),
        "withdrawn_on": consent.withdrawn_on.isoformat() if consent.withdrawn_on else None,
    }


def _key(request: AppRequest) -> str | None:
    return api_key(request)


@router.post("/{person_id}/consents", response={201: ConsentOut})
def consent_create(
    request: AppRequest, person_id: uuid.UUID, payload: ConsentIn
) -> Status[dict[str, Any]]:
    """Record the person's consent, given or refused."""
    person = person_get_for_user(user=request.user, person_id=person_id)
    organisation = None
    if payload.organisation is not None:
        organisation = (
            vcses_in_region(person.scheme.region_id).filter(pk=payload.organisation).first()
        )
        if organisation is None:
            raise DomainError(
                "Choose one of the VCSEs in the person's region.",
                code="consent_vcse_unknown",
                field_errors={"organisation": ["Choose a VCSE in the person's region."]},
            )
    return Status(
        201,
        answer_once(
            key=_key(request),
            scope=f"{request.user.pk}:api:consents:{person.pk}",
            action=lambda: consent_record(
                person=person,
                actor=request.user,
                kind=payload.kind,
                given=payload.given,
                recorded_on=payload.recorded_on,
                organisation=organisation,
                shared_fields=payload.shared_fields,
            ),
            out=_consent,
        ),
    )


@router.post("/{person_id}/consents/{consent_id}/withdraw", response=ConsentOut)
def consent_withdraw_api(
    request: AppRequest, person_id: uuid.UUID, consent_id: uuid.UUID
) -> dict[str, Any]:
    """Withdraw a consent from today: nothing more is shared under it."""
    person = person_get_for_user(user=request.user, person_id=person_id)
    consent = person.consents.filter(pk=consent_id).first()
    if consent is None:
        raise Http404("No such consent for this person.")

    def withdraw() -> Consent:
        consent_withdraw(consent=consent, actor=request.user)
        return consent

    return answer_once(
        key=_key(request),
        scope=f"{request.user.pk}:api:consent-withdraw:{consent.pk}",
        action=withdraw,
        out=_consent,
    )
