"""Reads for groups, scoped to the acting user, each page in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.accounts.scope import scope_for
from linkwork.episodes.lifecycle import OPEN_STATUSES
from linkwork.episodes.models import Referral
from linkwork.episodes.permissions import referral_list_for
from linkwork.groups.models import GroupActivity, GroupAttendance, GroupSession
from linkwork.people.permissions import unrestricted_or_managed


def activity_list_for(*, user: User) -> QuerySet[GroupActivity]:
    """The groups of the user's schemes, each with how many sessions met (not cancelled)."""
    return (
        GroupActivity.objects.filter(scheme_id__in=scope_for(user).casework_schemes)
        .select_related("scheme")
        .annotate(
            met=Count("sessions", filter=Q(sessions__cancelled_at__isnull=True), distinct=True)
        )
        .order_by("scheme__name", "name")
    )


def sessions_of(*, activity: GroupActivity) -> QuerySet[GroupSession]:
    """The group's sessions, newest first, with how many from the caseload came."""
    return (
        activity.sessions.select_related("facilitator")
        .annotate(attendees=Count("attendances"))
        .order_by("-occurred_on", "-created_at")
    )


def attendances_of(*, session: GroupSession, user: User) -> list[GroupAttendance]:
    """Who came from the caseload, less any restricted record the user may not see."""
    return list(
        session.attendances.filter(unrestricted_or_managed(user=user))
        .select_related("person", "referral", "encounter")
        .order_by("person__family_name", "person__given_name")
    )


def attendee_choices(*, user: User, activity: GroupActivity) -> QuerySet[Referral]:
    """The open episodes of the group's scheme that the user may see: who can be added."""
    return (
        referral_list_for(user=user)
        .filter(scheme_id=activity.scheme_id, status__in=[s.value for s in OPEN_STATUSES])
        .select_related("person")
        .order_by("person__family_name", "person__given_name", "received_on")
    )


def facilitator_choices(*, activity: GroupActivity) -> QuerySet[User]:
    """The scheme's current link workers and managers."""
    return (
        User.objects.filter(
            memberships__scheme_id=activity.scheme_id,
            memberships__role__in=[Role.LINK_WORKER.value, Role.SCHEME_MANAGER.value],
            memberships__ended_on__isnull=True,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def group_sessions_of_episode(*, referral: Referral) -> list[GroupAttendance]:
    """The group sessions an episode's person came to through it, newest first."""
    return list(
        GroupAttendance.objects.filter(referral=referral)
        .select_related("group_session__activity", "group_session__facilitator")
        .order_by("-group_session__occurred_on")
    )
