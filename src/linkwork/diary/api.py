"""JSON API for the diary: book an appointment on an episode, move or cancel it, and record
how it went (attended, as a session; or did not attend). Each endpoint authorises as the diary
pages do, calls the same service, and runs once per `Idempotency-Key`, so a retried request gets
the first answer instead of a second booking or session."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from django.utils import timezone
from ninja import Field, Router, Schema, Status

from linkwork.accounts.http import AppRequest
from linkwork.core.api_once import api_answer_once as _once
from linkwork.core.errors import DomainError
from linkwork.diary.models import Appointment
from linkwork.diary.permissions import appointment_get_for_user
from linkwork.diary.services import (
    appointment_attended,
    appointment_book,
    appointment_cancel,
    appointment_did_not_attend,
    appointment_move,
)
from linkwork.episodes.api_casework import writable_referral
from linkwork.episodes.models import Encounter
from linkwork.episodes.selectors.caseload import link_workers_of

API_PREFIX = "/appointments"

router = Router(tags=["appointments"])

T = TypeVar("T")

# Bookings are for the near future; a time far outside these years is a mistake, refused by
# name before any date arithmetic could overflow.
YEARS = range(2000, 2101)


class BookIn(Schema):
    referral: uuid.UUID
    starts_at: datetime
    length_minutes: int
    mode: str
    # As long as the booking form allows.
    where: str = Field("", max_length=300)
    with_whom: str = Field("", max_length=200)
    # Whose diary: by default the episode's link worker's.
    link_worker: uuid.UUID | None = None


class MoveIn(Schema):
    starts_at: datetime
    reason: str
    length_minutes: int | None = None


class CancelIn(Schema):
    reason: str


class AttendedIn(Schema):
    # What is not given is taken from the appointment.
    occurred_on: date | None = None
    mode: str | None = None
    duration_minutes: int | None = None
    location: str | None = Field(None, max_length=200)
    notes: str = ""


class AppointmentOut(Schema):
    id: uuid.UUID
    referral: uuid.UUID
    link_worker: uuid.UUID
    starts_at: datetime
    length_minutes: int
    mode: str
    where: str
    with_whom: str
    status: str
    cancel_reason: str
    rescheduled: int
    session: uuid.UUID | None


class RecordedOut(Schema):
    appointment: uuid.UUID
    status: str
    session: uuid.UUID
    attended: bool
    session_number: int | None


def _when(starts_at: datetime) -> datetime:
    if starts_at.year not in YEARS:
        raise DomainError(
            "Check the appointment's time.",
            code="appointment_invalid",
            field_errors={"starts_at": [f"Choose a time between {YEARS[0]} and {YEARS[-1]}."]},
        )
    # A time without an offset is the scheme's local time, as on the page.
    return starts_at if timezone.is_aware(starts_at) else timezone.make_aware(starts_at)


def _appointment(appointment: Appointment) -> dict[str, Any]:
    return {
        "id": str(appointment.pk),
        "referral": str(appointment.referral_id),
        "link_worker": str(appointment.link_worker_id),
        "starts_at": appointment.starts_at.isoformat(),
        "length_minutes": appointment.length_minutes,
        "mode": appointment.mode,
        "where": appointment.where,
        "with_whom": appointment.with_whom,
        "status": appointment.status,
        "cancel_reason": appointment.cancel_reason,
        "rescheduled": appointment.rescheduled,
        "session": str(appointment.encounter_id) if appointment.encounter_id else None,
    }


def _recorded(appointment: Appointment) -> Callable[[Encounter], dict[str, Any]]:
    def out(encounter: Encounter) -> dict[str, Any]:
        appointment.refresh_from_db(fields=["status"])
        return {
            "appointment": str(appointment.pk),
            "status": appointment.status,
            "session": str(encounter.pk),
            "attended": encounter.attended,
            "session_number": encounter.session_number,
        }

    return out


@router.post("/", response={201: AppointmentOut})
def appointment_create(request: AppRequest, payload: BookIn) -> Status[dict[str, Any]]:
    """Book an appointment on an open episode, in the diary of one of its scheme's link
    workers; clashes and past times are refused by field."""
    referral = writable_referral(request, payload.referral)
    starts_at = _when(payload.starts_at)
    worker = None
    if payload.link_worker is not None:
        worker = link_workers_of(referral.scheme).filter(pk=payload.link_worker).first()
        if worker is None:
            raise DomainError(
                "Check the appointment.",
                code="appointment_invalid",
                field_errors={
                    "link_worker": ["Choose one of the scheme's link workers for the appointment."]
                },
            )
    return Status(
        201,
        _once(
            request,
            f"appointments:{referral.pk}",
            lambda: appointment_book(
                referral=referral,
                actor=request.user,
                starts_at=starts_at,
                length_minutes=payload.length_minutes,
                mode=payload.mode,
                where=payload.where,
                with_whom=payload.with_whom,
                link_worker=worker,
            ),
            _appointment,
        ),
    )


@router.post("/{appointment_id}/move", response=AppointmentOut)
def appointment_move_api(
    request: AppRequest, appointment_id: uuid.UUID, payload: MoveIn
) -> dict[str, Any]:
    """Move a booked appointment to a new time, saying why."""
    appointment = appointment_get_for_user(user=request.user, appointment_id=appointment_id)
    starts_at = _when(payload.starts_at)
    return _once(
        request,
        f"appointment-move:{appointment.pk}",
        lambda: appointment_move(
            appointment=appointment,
            actor=request.user,
            starts_at=starts_at,
            reason=payload.reason,
            length_minutes=payload.length_minutes,
        ),
        _appointment,
    )


@router.post("/{appointment_id}/cancel", response=AppointmentOut)
def appointment_cancel_api(
    request: AppRequest, appointment_id: uuid.UUID, payload: CancelIn
) -> dict[str, Any]:
    """Cancel a booked appointment, saying why."""
    appointment = appointment_get_for_user(user=request.user, appointment_id=appointment_id)
    return _once(
        request,
        f"appointment-cancel:{appointment.pk}",
        lambda: appointment_cancel(
            appointment=appointment, actor=request.user, reason=payload.reason
        ),
        _appointment,
    )


@router.post("/{appointment_id}/attended", response={201: RecordedOut})
def appointment_attended_api(
    request: AppRequest, appointment_id: uuid.UUID, payload: AttendedIn
) -> Status[dict[str, Any]]:
    """Record the session an appointment that has started became, with the scheme's cap and
    rules."""
    appointment = appointment_get_for_user(user=request.user, appointment_id=appointment_id)
    return Status(
        201,
        _once(
            request,
            f"appointment-record:{appointment.pk}",
            lambda: appointment_attended(
                appointment=appointment,
                actor=request.user,
                **{
                    **payload.dict(),
                    # The session keeps a shorter place than the booking, as on the page.
                    "location": appointment.where[:200]
                    if payload.location is None
                    else payload.location,
                },
            ),
            _recorded(appointment),
        ),
    )


@router.post("/{appointment_id}/did-not-attend", response={201: RecordedOut})
def appointment_did_not_attend_api(
    request: AppRequest, appointment_id: uuid.UUID
) -> Status[dict[str, Any]]:
    """The person did not come: recorded on the episode as a missed session."""
    appointment = appointment_get_for_user(user=request.user, appointment_id=appointment_id)
    return Status(
        201,
        _once(
            request,
            f"appointment-record:{appointment.pk}",
            lambda: appointment_did_not_attend(appointment=appointment, actor=request.user),
            _recorded(appointment),
        ),
    )
