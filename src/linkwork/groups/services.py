"""Writes for group activities: add a group, record a group session with its attendees,
change it, cancel it. Each attendee's episode gets its session through the episode's own
session service (the same date window and session cap), in group mode; one attendee refused
refuses the whole write, naming them, and nothing is kept. Every write is audited."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.audit.services import audit_record
from linkwork.core.errors import DomainError
from linkwork.episodes.models import Referral
from linkwork.episodes.services.encounter_removal import encounter_remove
from linkwork.episodes.services.encounters import encounter_record
from linkwork.groups.models import GroupActivity, GroupAttendance, GroupSession
from linkwork.groups.vocab import GROUP_MODE, GroupKind
from linkwork.organisations.models import Scheme
from linkwork.people.permissions import person_visible_to

MOST_OTHERS = 500


def _audit(
    actor: User,
    action: str,
    object_type: str,
    pk: uuid.UUID,
    scheme_id: uuid.UUID,
    **detail: object,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=pk,
        scheme_id=scheme_id,
        detail=detail or None,
    )


def _require_staff(actor: User, scheme_id: uuid.UUID) -> None:
    if scheme_id not in scope_for(actor).casework_schemes:
        raise DomainError(
            "Only the scheme's link workers and managers can record its groups.",
            code="group_forbidden",
        )


@transaction.atomic
def group_activity_create(*, scheme: Scheme, actor: User, name: str, kind: str) -> GroupActivity:
    _require_staff(actor, scheme.pk)
    problems: dict[str, list[str]] = {}
    name = name.strip()
    if not name:
        problems["name"] = ["Enter the group's name, like Tuesday walking group."]
    elif len(name) > 120:
        problems["name"] = ["The group's name must be 120 characters or fewer."]
    elif GroupActivity.objects.filter(scheme=scheme, name__iexact=name).exists():
        problems["name"] = [f"{scheme.name} already has a group called {name}."]
    if kind not in GroupKind:
        problems["kind"] = ["Choose what kind of group it is."]
    if problems:
        raise DomainError("Check the group.", code="group_invalid", field_errors=problems)
    activity = GroupActivity.objects.create(scheme=scheme, name=name, kind=kind, created_by=actor)
    _audit(actor, "create", "group_activity", activity.pk, scheme.pk)
    return activity


@dataclass(frozen=True, slots=True)
class SessionDetails:
    facilitator: User | None
    occurred_on: date
    place: str
    duration_minutes: int
    attendees: Sequence[Referral]
    others: int = 0


def _check(activity: GroupActivity, details: SessionDetails) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if details.facilitator is None:
        problems["facilitator"] = ["Choose who ran the group."]
    elif activity.scheme_id not in scope_for(details.facilitator).casework_schemes:
        problems["facilitator"] = [
            f"{details.facilitator.get_full_name() or details.facilitator} does not work for "
            f"{activity.scheme.name}: choose one of its link workers or managers."
        ]
    if not details.place.strip():
        problems["place"] = ["Enter where the group met, like Heaton Park gates."]
    elif len(details.place.strip()) > 200:
        problems["place"] = ["The place must be 200 characters or fewer."]
    if not 1 <= details.duration_minutes <= 480:
        problems["duration_minutes"] = ["A group session lasts between 1 minute and 8 hours."]
    if not 0 <= details.others <= MOST_OTHERS:
        problems["others"] = [f"Enter how many others came, from 0 to {MOST_OTHERS}."]
    outsiders = [r for r in details.attendees if r.scheme_id != activity.scheme_id]
    if outsiders:
        problems["attendees"] = [
            f"Only episodes of {activity.scheme.name} can be added to its groups."
        ]
    elif not details.attendees and details.others == 0:
        problems["attendees"] = ["Choose who came from the caseload, or count the others."]
    return problems


def _attend(session: GroupSession, referrals: Sequence[Referral], actor: User) -> list[str]:
    """Record each referral's session; every refusal, by person, for one message."""
    refused = []
    for referral in referrals:
        try:
            encounter = encounter_record(
                referral=referral,
                actor=actor,
                occurred_on=session.occurred_on,
                mode=GROUP_MODE,
                duration_minutes=session.duration_minutes,
                location=session.place,
            )
        except DomainError as exc:
            messages = [exc.message, *(m for ms in exc.field_errors.values() for m in ms)]
            reason = next((m for m in messages if not m.startswith("Check the")), exc.message)
            refused.append(f"{referral.person.full_name}: {reason}")
            continue
        GroupAttendance.objects.create(
            scheme_id=session.scheme_id,
            group_session=session,
            referral=referral,
            person_id=referral.person_id,
            encounter=encounter,
        )
    return refused


def _refuse(refused: list[str]) -> None:
    if refused:
        raise DomainError(
            "Nothing was saved: " + " ".join(refused),
            code="group_attendee_refused",
            field_errors={"attendees": refused},
        )


def _unique(referrals: Sequence[Referral]) -> list[Referral]:
    return list({r.pk: r for r in referrals}.values())


@transaction.atomic
def group_session_record(
    *, activity: GroupActivity, actor: User, details: SessionDetails
) -> GroupSession:
    _require_staff(actor, activity.scheme_id)
    problems = _check(activity, details)
    if problems:
        raise DomainError(
            "Check the group session.", code="group_session_invalid", field_errors=problems
        )
    assert details.facilitator is not None
    session = GroupSession.objects.create(
        scheme_id=activity.scheme_id,
        activity=activity,
        facilitator=details.facilitator,
        occurred_on=details.occurred_on,
        place=details.place.strip(),
        duration_minutes=details.duration_minutes,
        others=details.others,
        recorded_by=actor,
    )
    attendees = _unique(details.attendees)
    _refuse(_attend(session, attendees, actor))
    _audit(
        actor,
        "create",
        "group_session",
        session.pk,
        activity.scheme_id,
        attendees=len(attendees),
        others=details.others,
    )
    return session


def _why(session: GroupSession, what: str) -> str:
    return f"{session.activity.name} on {session.occurred_on:%d %B %Y} {what}"


@transaction.atomic
def group_session_update(
    *, session: GroupSession, actor: User, details: SessionDetails
) -> GroupSession:
    """Change a group session. Every attendee's session is taken out and recorded again from
    the new details, so dates, lengths, places and the cap are checked as for a new one."""
    _require_staff(actor, session.scheme_id)
    session = (
        GroupSession.objects.select_for_update()
        .select_related("activity__scheme")
        .get(pk=session.pk)
    )
    if session.cancelled:
        raise DomainError(
            "This group session was cancelled; record a new one.", code="group_session_cancelled"
        )
    problems = _check(session.activity, details)
    if problems:
        raise DomainError(
            "Check the group session.", code="group_session_invalid", field_errors=problems
        )
    assert details.facilitator is not None
    # People the actor may not see (a restricted record) are not on their form: they stay.
    unseen = [
        a.referral
        for a in session.attendances.select_related("referral__person")
        if not person_visible_to(user=actor, person=a.referral.person)
    ]
    _take_out(session, actor, _why(session, "changed"))
    session.facilitator = details.facilitator
    session.occurred_on = details.occurred_on
    session.place = details.place.strip()
    session.duration_minutes = details.duration_minutes
    session.others = details.others
    session.save()
    attendees = _unique([*details.attendees, *unseen])
    _refuse(_attend(session, attendees, actor))
    _audit(
        actor, "update", "group_session", session.pk, session.scheme_id, attendees=len(attendees)
    )
    return session


def _take_out(session: GroupSession, actor: User, why: str, *, keep_who: bool = False) -> None:
    """Remove every attendee's session (and, unless `keep_who`, their attendance), refusing
    by person when an episode has closed since: its record is final."""
    attendances = list(session.attendances.select_related("referral__person", "encounter"))
    refused = []
    for attendance in attendances:
        if attendance.encounter is None:
            continue
        try:
            encounter = attendance.encounter
            attendance.encounter = None
            attendance.save(update_fields=["encounter", "updated_at"])
            encounter_remove(encounter=encounter, actor=actor, why=why)
        except DomainError as exc:
            refused.append(f"{attendance.referral.person.full_name}: {exc.message}")
    _refuse(refused)
    if not keep_who:
        GroupAttendance.objects.filter(group_session=session).delete()


@transaction.atomic
def group_session_cancel(*, session: GroupSession, actor: User, reason: str) -> GroupSession:
    """Cancel a group session that did not happen: each attendee's session comes out of
    their episode; the group session stays, marked cancelled, with why."""
    _require_staff(actor, session.scheme_id)
    session = GroupSession.objects.select_for_update().select_related("activity").get(pk=session.pk)
    if session.cancelled:
        raise DomainError(
            "This group session is already cancelled.", code="group_session_cancelled"
        )
    if not reason.strip():
        raise DomainError(
            "Say why the group session is cancelled.",
            code="group_session_reason",
            field_errors={"reason": ["Enter why it is cancelled, like: the walk was rained off."]},
        )
    _take_out(session, actor, _why(session, "cancelled"), keep_who=True)
    session.cancelled_at = timezone.now()
    session.cancel_reason = reason.strip()
    session.save(update_fields=["cancelled_at", "cancel_reason", "updated_at"])
    _audit(actor, "update", "group_session", session.pk, session.scheme_id, cancelled=True)
    return session
