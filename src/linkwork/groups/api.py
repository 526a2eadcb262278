"""JSON API for group activities: list a scheme's groups, add one, record a group session with
its attendees (each attendee's episode gets its session, as on the page), change it, and cancel
it. Each calls the same service as the group pages, reaches a group only through the same
scoped fetch (another scheme's group is a 404), and runs once per `Idempotency-Key`."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.http import Http404
from ninja import Field, Router, Schema, Status

from linkwork.accounts.http import AppRequest
from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.core.api_once import api_answer_once
from linkwork.core.errors import DomainError, NotFoundError
from linkwork.episodes.models import Referral
from linkwork.groups.models import GroupActivity, GroupSession
from linkwork.groups.permissions import activity_get_for_user, group_session_get_for_user
from linkwork.groups.selectors import activity_list_for, attendee_choices, facilitator_choices
from linkwork.groups.services import (
    MOST_OTHERS,
    SessionDetails,
    group_activity_create,
    group_session_cancel,
    group_session_record,
    group_session_update,
)
from linkwork.organisations.models import Scheme

API_PREFIX = "/groups"
router = Router(tags=["groups"])

MOST_ATTENDEES = 200


class ActivityIn(Schema):
    name: str = Field(max_length=120)
    kind: str
    # Which of the caller's schemes runs the group; by default the first, as on the page.
    scheme: uuid.UUID | None = None


class ActivityOut(Schema):
    id: uuid.UUID
    scheme: uuid.UUID
    name: str
    kind: str


class GroupSessionIn(Schema):
    occurred_on: date
    place: str = Field(max_length=200)
    duration_minutes: int = Field(ge=1, le=480)
    # The episodes of the people who came (open episodes of the group's scheme).
    attendees: list[uuid.UUID] = Field([], max_length=MOST_ATTENDEES)
    others: int = Field(0, ge=0, le=MOST_OTHERS)
    # Who ran it: one of the scheme's link workers or managers; by default the caller.
    facilitator: uuid.UUID | None = None


class GroupSessionOut(Schema):
    id: uuid.UUID
    activity: uuid.UUID
    occurred_on: date
    place: str
    duration_minutes: int
    others: int
    facilitator: uuid.UUID
    attendees: list[uuid.UUID]
    cancelled: bool


class GroupSessionChangeIn(Schema):
    """The whole session as it should now be: a PUT states every field, so leaving one out
    cannot quietly drop the attendees or change who ran it."""

    occurred_on: date
    place: str = Field(max_length=200)
    duration_minutes: int = Field(ge=1, le=480)
    attendees: list[uuid.UUID] = Field(max_length=MOST_ATTENDEES)
    others: int = Field(ge=0, le=MOST_OTHERS)
    facilitator: uuid.UUID


class CancelIn(Schema):
    reason: str = Field(max_length=500)


def _activity(activity: GroupActivity) -> dict[str, Any]:
    return {
        "id": str(activity.pk),
        "scheme": str(activity.scheme_id),
        "name": activity.name,
        "kind": activity.kind,
    }


def _session(session: GroupSession) -> dict[str, Any]:
    return {
        "id": str(session.pk),
        "activity": str(session.activity_id),
        "occurred_on": session.occurred_on.isoformat(),
        "place": session.place,
        "duration_minutes": session.duration_minutes,
        "others": session.others,
        "facilitator": str(session.facilitator_id),
        "attendees": [str(a.referral_id) for a in session.attendances.order_by("referral_id")],
        "cancelled": session.cancelled,
    }


def _group(request: AppRequest, activity_id: uuid.UUID) -> GroupActivity:
    try:
        return activity_get_for_user(user=request.user, activity_id=activity_id)
    except Http404 as exc:
        raise NotFoundError("No such group.", code="group_not_found") from exc


def _attendees(
    request: AppRequest, activity: GroupActivity, ids: list[uuid.UUID]
) -> list[Referral]:
    wanted = list(dict.fromkeys(ids))
    found = {
        r.pk: r
        for r in attendee_choices(user=request.user, activity=activity).filter(pk__in=wanted)
    }
    missing = [str(i) for i in wanted if i not in found]
    if missing:
        message = (
            f"Not an open episode of {activity.scheme.name} that you can add: "
            + ", ".join(missing)
            + "."
        )
        raise DomainError(
            message, code="group_session_invalid", field_errors={"attendees": [message]}
        )
    return [found[i] for i in wanted]


def _facilitator(request: AppRequest, activity: GroupActivity, chosen: uuid.UUID | None) -> User:
    if chosen is None:
        return request.user
    facilitator = facilitator_choices(activity=activity).filter(pk=chosen).first()
    if facilitator is None:
        message = f"Choose one of {activity.scheme.name}'s link workers or managers."
        raise DomainError(
            message, code="group_session_invalid", field_errors={"facilitator": [message]}
        )
    return facilitator


@router.get("/", response=list[ActivityOut])
def group_list(request: AppRequest) -> list[dict[str, Any]]:
    """The groups of the schemes the caller works in (no people)."""
    return [_activity(a) for a in activity_list_for(user=request.user)]


@router.post("/", response={201: ActivityOut})
def group_create(request: AppRequest, payload: ActivityIn) -> Status[dict[str, Any]]:
    """Add a group activity to one of the caller's schemes."""
    schemes = Scheme.objects.filter(pk__in=scope_for(request.user).casework_schemes)
    if payload.scheme is not None:
        schemes = schemes.filter(pk=payload.scheme)
    scheme = schemes.order_by("name").first()
    if scheme is None:
        raise NotFoundError(
            "No such scheme among those whose groups you record.", code="scheme_not_found"
        )
    return Status(
        201,
        api_answer_once(
            request,
            f"groups:{scheme.pk}",
            lambda: group_activity_create(
                scheme=scheme, actor=request.user, name=payload.name, kind=payload.kind
            ),
            _activity,
        ),
    )


@router.post("/{activity_id}/sessions", response={201: GroupSessionOut})
def group_session_create(
    request: AppRequest, activity_id: uuid.UUID, payload: GroupSessionIn
) -> Status[dict[str, Any]]:
    """Record a group session: each attendee's episode gets a group session, within its
    dates and the scheme's session cap. One attendee refused refuses the whole session,
    naming them, and nothing is kept."""
    activity = _group(request, activity_id)
    details = SessionDetails(
        facilitator=_facilitator(request, activity, payload.facilitator),
        occurred_on=payload.occurred_on,
        place=payload.place,
        duration_minutes=payload.duration_minutes,
        attendees=_attendees(request, activity, payload.attendees),
        others=payload.others,
    )
    return Status(
        201,
        api_answer_once(
            request,
            f"group-sessions:{activity.pk}",
            lambda: group_session_record(activity=activity, actor=request.user, details=details),
            _session,
        ),
    )


def _group_session(request: AppRequest, session_id: uuid.UUID) -> GroupSession:
    try:
        return group_session_get_for_user(user=request.user, session_id=session_id)
    except Http404 as exc:
        raise NotFoundError("No such group session.", code="group_session_not_found") from exc


@router.put("/sessions/{session_id}", response=GroupSessionOut)
def group_session_change(
    request: AppRequest, session_id: uuid.UUID, payload: GroupSessionChangeIn
) -> dict[str, Any]:
    """Change a group session, as the page does: every attendee's session is taken out and
    recorded again from the new details, within each episode's dates and the scheme's cap.
    Attendees whose restricted record the caller cannot see stay on it. One attendee refused
    refuses the change, naming them, and the session is left as it was."""
    session = _group_session(request, session_id)
    activity = session.activity
    details = SessionDetails(
        facilitator=_facilitator(request, activity, payload.facilitator),
        occurred_on=payload.occurred_on,
        place=payload.place,
        duration_minutes=payload.duration_minutes,
        attendees=_attendees(request, activity, payload.attendees),
        others=payload.others,
    )
    return api_answer_once(
        request,
        f"group-session-change:{session.pk}",
        lambda: group_session_update(session=session, actor=request.user, details=details),
        _session,
    )


@router.post("/sessions/{session_id}/cancel", response=GroupSessionOut)
def group_session_cancel_api(
    request: AppRequest, session_id: uuid.UUID, payload: CancelIn
) -> dict[str, Any]:
    """Cancel a group session that did not happen: each attendee's session comes out of
    their episode."""
    session = _group_session(request, session_id)
    return api_answer_once(
        request,
        f"group-session-cancel:{session.pk}",
        lambda: group_session_cancel(session=session, actor=request.user, reason=payload.reason),
        _session,
    )
