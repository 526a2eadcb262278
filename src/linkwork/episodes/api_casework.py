"""JSON API for the casework a link worker records on the referral page: sessions, goals of the
personalised care and support plan, financial gains, connections to services and their
progress, and discharge. Each endpoint authorises for writing as the
page does and calls the same service; creates honour an `Idempotency-Key`, so a retried
request gets the first answer instead of a second record."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Schema, Status
from ninja.errors import HttpError

from linkwork.accounts.http import AppRequest
from linkwork.core.api_once import api_answer_once as _once
from linkwork.core.errors import NotFoundError
from linkwork.directory.selectors import service_get
from linkwork.episodes.api import router
from linkwork.episodes.models import Connection, Encounter, Referral
from linkwork.episodes.permissions import referral_get_for_user
from linkwork.episodes.selectors.episode import connection_of_episode
from linkwork.episodes.services.connections import connection_create, connection_set_status
from linkwork.episodes.services.discharge import referral_discharge
from linkwork.episodes.services.encounters import encounter_record
from linkwork.episodes.services.financial_gains import financial_gain_record
from linkwork.episodes.services.plan import goal_add
from linkwork.episodes.vocab import ConnectionTarget

T = TypeVar("T")


class SessionIn(Schema):
    occurred_on: date
    mode: str
    duration_minutes: int
    attended: bool = True
    location: str = ""
    notes: str = ""


class SessionOut(Schema):
    id: uuid.UUID
    referral: uuid.UUID
    occurred_on: date
    mode: str
    duration_minutes: int
    attended: bool
    session_number: int | None


class GoalIn(Schema):
    description: str


class GoalOut(Schema):
    id: uuid.UUID
    referral: uuid.UUID
    description: str
    status: str


class FinancialGainIn(Schema):
    kind: str
    amount_pence: int
    recorded_on: date
    annual: bool = False


class FinancialGainOut(Schema):
    id: uuid.UUID
    referral: uuid.UUID
    kind: str
    amount_pence: int
    recorded_on: date
    annual: bool


class ConnectionIn(Schema):
    kind: str
    # A listed service (its provider hears of the person) or, without one, a service that is
    # not listed, named in `service_name`.
    service: uuid.UUID | None = None
    service_name: str = ""
    need: str = ""
    made_on: date | None = None
    consent: bool | None = None
    shared: list[str] = []


class ConnectionStatusIn(Schema):
    status: str
    reason: str = ""
    on: date | None = None


class ConnectionOut(Schema):
    id: uuid.UUID
    referral: uuid.UUID
    kind: str
    target: str
    service: uuid.UUID | None
    service_name: str
    need: str
    status: str
    status_reason: str


class DischargeIn(Schema):
    reason: str
    on: date | None = None


class DischargedOut(Schema):
    id: uuid.UUID
    status: str
    discharge_reason: str
    closed_on: date | None


def writable_referral(request: AppRequest, referral_id: uuid.UUID) -> Referral:
    """The referral, if the signed-in user may record on it; a plain 403 or 404 otherwise."""
    try:
        referral, _ = referral_get_for_user(user=request.user, referral_id=referral_id, write=True)
    except Http404 as exc:
        raise NotFoundError("No such referral.", code="referral_not_found") from exc
    except PermissionDenied as exc:
        raise HttpError(
            403, "Only the scheme's link workers and managers can record this."
        ) from exc
    return referral


def _session(encounter: Encounter) -> dict[str, Any]:
    return {
        "id": str(encounter.pk),
        "referral": str(encounter.referral_id),
        "occurred_on": encounter.occurred_on.isoformat(),
        "mode": encounter.mode,
        "duration_minutes": encounter.duration_minutes,
        "attended": encounter.attended,
        "session_number": encounter.session_number,
    }


def _connection(connection: Connection) -> dict[str, Any]:
    return {
        "id": str(connection.pk),
        "referral": str(connection.referral_id),
        "kind": connection.kind,
        "target": connection.target,
        "service": str(connection.service_id) if connection.service_id else None,
        "service_name": connection.service_name,
        "need": connection.need,
        "status": connection.status,
        "status_reason": connection.status_reason,
    }


@router.post("/{referral_id}/sessions", response={201: SessionOut})
def session_create(
    request: AppRequest, referral_id: uuid.UUID, payload: SessionIn
) -> Status[dict[str, Any]]:
    """Record a session (or a contact the person did not attend), with the scheme's cap."""
    referral = writable_referral(request, referral_id)
    return Status(
        201,
        _once(
            request,
            f"sessions:{referral.pk}",
            lambda: encounter_record(referral=referral, actor=request.user, **payload.dict()),
            _session,
        ),
    )


@router.post("/{referral_id}/goals", response={201: GoalOut})
def goal_create(
    request: AppRequest, referral_id: uuid.UUID, payload: GoalIn
) -> Status[dict[str, Any]]:
    """Add a goal to the person's personalised care and support plan."""
    referral = writable_referral(request, referral_id)
    return Status(
        201,
        _once(
            request,
            f"goals:{referral.pk}",
            lambda: goal_add(
                referral=referral, actor=request.user, description=payload.description
            ),
            lambda goal: {
                "id": str(goal.pk),
                "referral": str(goal.referral_id),
                "description": goal.description,
                "status": goal.status,
            },
        ),
    )


@router.post("/{referral_id}/financial-gains", response={201: FinancialGainOut})
def financial_gain_create(
    request: AppRequest, referral_id: uuid.UUID, payload: FinancialGainIn
) -> Status[dict[str, Any]]:
    """Record a financial gain the person made with the link worker's help."""
    referral = writable_referral(request, referral_id)
    return Status(
        201,
        _once(
            request,
            f"financial-gains:{referral.pk}",
            lambda: financial_gain_record(referral=referral, actor=request.user, **payload.dict()),
            lambda gain: {
                "id": str(gain.pk),
                "referral": str(gain.referral_id),
                "kind": gain.kind,
                "amount_pence": gain.amount_pence,
                "recorded_on": gain.recorded_on.isoformat(),
                "annual": gain.annual,
            },
        ),
    )


@router.post("/{referral_id}/connections", response={201: ConnectionOut})
def connection_add(
    request: AppRequest, referral_id: uuid.UUID, payload: ConnectionIn
) -> Status[dict[str, Any]]:
    """Connect the person to a listed service (with their consent to share) or to one that is
    not listed."""
    referral = writable_referral(request, referral_id)
    service = service_get(service_id=payload.service) if payload.service else None
    target = ConnectionTarget.DIRECTORY_SERVICE if service else ConnectionTarget.UNLISTED_SERVICE
    return Status(
        201,
        _once(
            request,
            f"connections:{referral.pk}",
            lambda: connection_create(
                referral=referral,
                actor=request.user,
                kind=payload.kind,
                target=target,
                service_name=payload.service_name,
                need=payload.need,
                made_on=payload.made_on,
                service=service,
                consent=payload.consent,
                shared=tuple(payload.shared),
            ),
            _connection,
        ),
    )


@router.post("/{referral_id}/connections/{connection_id}/status", response=ConnectionOut)
def connection_status(
    request: AppRequest,
    referral_id: uuid.UUID,
    connection_id: uuid.UUID,
    payload: ConnectionStatusIn,
) -> dict[str, Any]:
    """Record how a connection is going, within its lifecycle."""
    referral = writable_referral(request, referral_id)
    try:
        connection = connection_of_episode(referral=referral, connection_id=connection_id)
    except Http404 as exc:
        raise NotFoundError(
            "No such connection in this episode.", code="connection_not_found"
        ) from exc
    return _once(
        request,
        f"connection-status:{connection.pk}",
        lambda: connection_set_status(
            connection=connection,
            actor=request.user,
            status=payload.status,
            reason=payload.reason,
            on=payload.on,
        ),
        _connection,
    )


@router.post("/{referral_id}/discharge", response=DischargedOut)
def discharge(request: AppRequest, referral_id: uuid.UUID, payload: DischargeIn) -> dict[str, Any]:
    """Discharge the person; the end-of-episode summary is written as on the page."""
    referral = writable_referral(request, referral_id)

    def out(done: Referral) -> dict[str, Any]:
        return {
            "id": str(done.pk),
            "status": done.status,
            "discharge_reason": done.discharge_reason,
            "closed_on": done.closed_on.isoformat() if done.closed_on else None,
        }

    return _once(
        request,
        f"discharge:{referral.pk}",
        lambda: referral_discharge(
            referral=referral, actor=request.user, reason=payload.reason, on=payload.on
        ),
        out,
    )
