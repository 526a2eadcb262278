"""Fetch-and-authorise for groups: only the scheme's link workers and managers (and staff with
emergency access to it) see its groups; anyone else is told there is no such group. Reading a
group session names its attendees, so it is audited with each of them as a subject."""

from __future__ import annotations

import uuid

from django.http import Http404

from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.audit.services import audit_record_list
from linkwork.groups.models import GroupActivity, GroupSession
from linkwork.groups.selectors import attendances_of


def activity_get_for_user(*, user: User, activity_id: uuid.UUID) -> GroupActivity:
    activity = (
        GroupActivity.objects.select_related("scheme")
        .filter(pk=activity_id, scheme_id__in=scope_for(user).casework_schemes)
        .first()
    )
    if activity is None:
        raise Http404("No such group.")
    return activity


def group_session_get_for_user(
    *, user: User, session_id: uuid.UUID, audit: bool = True
) -> GroupSession:
    session = (
        GroupSession.objects.select_related("activity", "scheme", "facilitator")
        .filter(pk=session_id, scheme_id__in=scope_for(user).casework_schemes)
        .first()
    )
    if session is None:
        raise Http404("No such group session.")
    if audit:
        audit_record_list(
            actor=user,
            object_type="group_session",
            rows=[(a.person_id, a.scheme_id) for a in attendances_of(session=session, user=user)],
            detail={"group_session": str(session.pk)},
            action="view",
        )
    return session
