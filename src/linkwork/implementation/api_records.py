"""JSON API for a practice's implementation records: events (its managers and the link
workers of a scheme serving it), continuity cover, absences and handovers, concurrent
initiatives and the programme's leadership (its managers), and removing an entry from the
link worker's own activity log. Each authorises as its page does, calls the same service and
runs once per `Idempotency-Key`; link workers are named by id and must be ones the page's
forms offer."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404
from ninja import Field, Schema, Status

from linkwork.accounts.http import AppRequest
from linkwork.accounts.models import User
from linkwork.core.api_once import api_answer_once
from linkwork.core.errors import DomainError
from linkwork.implementation.api import router
from linkwork.implementation.models import Activity
from linkwork.implementation.permissions import (
    Access,
    activity_get_for_user,
    practice_get_for_user,
    require_link_worker,
)
from linkwork.implementation.selectors import continuity_people
from linkwork.implementation.services import (
    MAX_ATTENDANCE,
    absence_record,
    activity_delete,
    coverage_start,
    event_record,
    handover_record,
    initiative_record,
    leadership_record,
)
from linkwork.organisations.models import Organisation

Attendance = Field(0, ge=0, le=MAX_ATTENDANCE)


class RecordedOut(Schema):
    """What was recorded: its id, and the practice it belongs to."""

    id: uuid.UUID
    practice: uuid.UUID


def _recorded(record: Model) -> dict[str, Any]:
    return {"id": str(record.pk), "practice": str(record.practice_id)}  # type: ignore[attr-defined]


class EventIn(Schema):
    held_on: date
    kind: str
    title: str = Field(max_length=200)
    # How many of each staff group attended.
    gps: int = Attendance
    nurses: int = Attendance
    reception_admin: int = Attendance
    managers: int = Attendance


class CoverageIn(Schema):
    link_worker: uuid.UUID
    started_on: date
    # Empty while still covering.
    ended_on: date | None = None


class AbsenceIn(Schema):
    kind: str
    # Empty for a vacancy.
    link_worker: uuid.UUID | None = None
    started_on: date
    ended_on: date | None = None
    cover: str
    cover_by: uuid.UUID | None = None
    cover_note: str = Field("", max_length=200)


class HandoverIn(Schema):
    outgoing: uuid.UUID
    outgoing_last_day: date
    incoming: uuid.UUID
    incoming_first_day: date
    note: str = Field("", max_length=300)


class InitiativeIn(Schema):
    name: str = Field(max_length=200)
    started_on: date
    ended_on: date | None = None
    note: str = Field("", max_length=300)


class LeadershipIn(Schema):
    recorded_on: date
    has_lead: bool
    lead_name: str = Field("", max_length=120)
    lead_role: str = ""
    in_meetings: bool = False
    note: str = Field("", max_length=300)


class RemovedOut(Schema):
    id: uuid.UUID
    removed: bool


def _practice(request: AppRequest, practice_id: uuid.UUID, need: Access) -> Organisation:
    return practice_get_for_user(user=request.user, practice_id=practice_id, need=need)


def _people(practice: Organisation, **ids: uuid.UUID | None) -> dict[str, User | None]:
    """Each id as the link worker the continuity forms would offer for this practice, or a
    400 naming every field whose id they would not."""
    offered: QuerySet[User] = continuity_people(practice=practice)
    found = {u.pk: u for u in offered.filter(pk__in=[pk for pk in ids.values() if pk])}
    chosen: dict[str, User | None] = {}
    problems: dict[str, list[str]] = {}
    for field, pk in ids.items():
        chosen[field] = None if pk is None else found.get(pk)
        if pk is not None and chosen[field] is None:
            problems[field] = [f"Choose a link worker who works with {practice.name}."]
    if problems:
        raise DomainError(
            "Check the link workers named.", code="person_invalid", field_errors=problems
        )
    return chosen


@router.post("/practices/{practice_id}/events", response={201: RecordedOut})
def event_create(
    request: AppRequest, practice_id: uuid.UUID, payload: EventIn
) -> Status[dict[str, Any]]:
    """A practice event about the programme, with who attended by staff group."""
    practice = _practice(request, practice_id, Access.CONTRIBUTE)
    attendance = payload.dict(include={"gps", "nurses", "reception_admin", "managers"})
    return Status(
        201,
        api_answer_once(
            request,
            f"events:{practice.pk}",
            lambda: event_record(
                actor=request.user,
                practice=practice,
                held_on=payload.held_on,
                kind=payload.kind,
                title=payload.title,
                attendance=attendance,
            ),
            _recorded,
        ),
    )


@router.post("/practices/{practice_id}/coverage", response={201: RecordedOut})
def coverage_create(
    request: AppRequest, practice_id: uuid.UUID, payload: CoverageIn
) -> Status[dict[str, Any]]:
    """A link worker starts covering the practice."""
    practice = _practice(request, practice_id, Access.MANAGE)
    people = _people(practice, link_worker=payload.link_worker)
    fields = {**payload.dict(), **people}
    return Status(
        201,
        api_answer_once(
            request,
            f"coverage:{practice.pk}",
            lambda: coverage_start(actor=request.user, practice=practice, **fields),
            _recorded,
        ),
    )


@router.post("/practices/{practice_id}/absences", response={201: RecordedOut})
def absence_create(
    request: AppRequest, practice_id: uuid.UUID, payload: AbsenceIn
) -> Status[dict[str, Any]]:
    """A link worker's leave, or a vacancy, and the cover arranged."""
    practice = _practice(request, practice_id, Access.MANAGE)
    people = _people(practice, link_worker=payload.link_worker, cover_by=payload.cover_by)
    fields = {**payload.dict(), **people}
    return Status(
        201,
        api_answer_once(
            request,
            f"absences:{practice.pk}",
            lambda: absence_record(actor=request.user, practice=practice, **fields),
            _recorded,
        ),
    )


@router.post("/practices/{practice_id}/handovers", response={201: RecordedOut})
def handover_create(
    request: AppRequest, practice_id: uuid.UUID, payload: HandoverIn
) -> Status[dict[str, Any]]:
    """One link worker hands the practice to another; their cover follows."""
    practice = _practice(request, practice_id, Access.MANAGE)
    people = _people(practice, outgoing=payload.outgoing, incoming=payload.incoming)
    fields = {**payload.dict(), **people}
    return Status(
        201,
        api_answer_once(
            request,
            f"handovers:{practice.pk}",
            lambda: handover_record(actor=request.user, practice=practice, **fields),
            _recorded,
        ),
    )


@router.post("/practices/{practice_id}/initiatives", response={201: RecordedOut})
def initiative_create(
    request: AppRequest, practice_id: uuid.UUID, payload: InitiativeIn
) -> Status[dict[str, Any]]:
    """Another initiative running in the practice at the same time as the programme."""
    practice = _practice(request, practice_id, Access.MANAGE)
    return Status(
        201,
        api_answer_once(
            request,
            f"initiatives:{practice.pk}",
            lambda: initiative_record(actor=request.user, practice=practice, **payload.dict()),
            _recorded,
        ),
    )


@router.post("/practices/{practice_id}/leadership", response={201: RecordedOut})
def leadership_create(
    request: AppRequest, practice_id: uuid.UUID, payload: LeadershipIn
) -> Status[dict[str, Any]]:
    """Who leads the programme in the practice from `recorded_on` on, or that no one does."""
    practice = _practice(request, practice_id, Access.MANAGE)
    return Status(
        201,
        api_answer_once(
            request,
            f"leadership:{practice.pk}",
            lambda: leadership_record(actor=request.user, practice=practice, **payload.dict()),
            _recorded,
        ),
    )


@router.delete("/activities/{activity_id}", response=RemovedOut)
def activity_remove(request: AppRequest, activity_id: uuid.UUID) -> dict[str, Any]:
    """Remove an entry from your own activity log. A repeat with the same Idempotency-Key gets
    the first answer, though the entry is gone."""
    require_link_worker(request.user)
    activity: Activity | None
    try:
        activity = activity_get_for_user(user=request.user, activity_id=activity_id)
    except Http404:
        # Gone, or never yours: a replay of the removal answers as the first time did; any
        # other request is told there is no such entry.
        activity = None

    def remove() -> uuid.UUID:
        if activity is None:
            raise Http404("No such activity in your log.")
        activity_delete(actor=request.user, activity=activity)
        return activity_id

    return api_answer_once(
        request,
        f"activity-remove:{activity_id}",
        remove,
        lambda pk: {"id": str(pk), "removed": True},
    )
