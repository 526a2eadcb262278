"""Fetch-and-authorise for implementation monitoring.

Who may do what, for one practice:

- MANAGE: the practice's practice managers, scheme managers of a scheme serving it, and
  system administrators: dashboards, continuity, initiatives, NoMAD rounds, events.
- CONTRIBUTE: link workers of a scheme serving it: log their activity, record events and
  read the practice's records.
- STAFF: referrers working at the practice: they know it exists, so pages refuse them with
  403 rather than pretend it does not.
- NONE: everyone else gets 404, the same answer as for a practice that does not exist.
"""

from __future__ import annotations

import uuid
from enum import IntEnum

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from linkwork.accounts.models import User
from linkwork.accounts.roles import REFERRER_ROLES, Role
from linkwork.accounts.selectors import organisation_ids_for, scheme_ids_for, user_roles
from linkwork.implementation.models import Activity, NomadRound
from linkwork.organisations.kinds import OrgKind
from linkwork.organisations.models import Organisation, Scheme

PRACTICE_MANAGERS = frozenset({Role.PRACTICE_MANAGER})
SCHEME_MANAGERS = frozenset({Role.SCHEME_MANAGER})
LINK_WORKERS = frozenset({Role.LINK_WORKER})


class Access(IntEnum):
    NONE = 0
    STAFF = 1
    CONTRIBUTE = 2
    MANAGE = 3


def is_system_admin(user: User) -> bool:
    return Role.SYSTEM_ADMIN in user_roles(user=user)


def serving_scheme_ids(practice: Organisation) -> set[uuid.UUID]:
    through = Scheme.practices.through
    return set(
        through.objects.filter(organisation_id=practice.pk).values_list("scheme_id", flat=True)
    )


def practice_access(*, user: User, practice: Organisation) -> Access:
    if is_system_admin(user):
        return Access.MANAGE
    if practice.pk in organisation_ids_for(user=user, roles=PRACTICE_MANAGERS):
        return Access.MANAGE
    serving = serving_scheme_ids(practice)
    if serving & scheme_ids_for(user=user, roles=SCHEME_MANAGERS):
        return Access.MANAGE
    if serving & scheme_ids_for(user=user, roles=LINK_WORKERS):
        return Access.CONTRIBUTE
    if practice.pk in organisation_ids_for(user=user, roles=REFERRER_ROLES):
        return Access.STAFF
    return Access.NONE


def _authorise(access: Access, need: Access, what: str) -> None:
    if access is Access.NONE:
        raise Http404(f"No such {what}.")
    if access < need:
        raise PermissionDenied(f"You cannot do this for this {what}.")


def practice_get_for_user(*, user: User, practice_id: uuid.UUID, need: Access) -> Organisation:
    practice = (
        Organisation.objects.filter(pk=practice_id, kind=OrgKind.GP_PRACTICE.value)
        .select_related("region", "parent")
        .first()
    )
    if practice is None:
        raise Http404("No such practice.")
    _authorise(practice_access(user=user, practice=practice), need, "practice")
    return practice


def scheme_get_for_dashboard(*, user: User, slug: str) -> Scheme:
    """Scheme managers of the scheme and system administrators; the scheme's link workers
    and the managers of its practices get 403; everyone else 404."""
    scheme = Scheme.objects.filter(slug=slug).select_related("region").first()
    if scheme is None:
        raise Http404("No such scheme.")
    if is_system_admin(user) or scheme.pk in scheme_ids_for(user=user, roles=SCHEME_MANAGERS):
        return scheme
    related = scheme.pk in scheme_ids_for(user=user, roles=LINK_WORKERS) or bool(
        organisation_ids_for(user=user, roles=PRACTICE_MANAGERS)
        & set(scheme.practices.values_list("pk", flat=True))
    )
    _authorise(Access.STAFF if related else Access.NONE, Access.MANAGE, "scheme")
    return scheme


def link_worker_practices(*, user: User) -> QuerySet[Organisation]:
    """The practices served by the schemes the user is a link worker in."""
    schemes = scheme_ids_for(user=user, roles=LINK_WORKERS)
    return (
        Organisation.objects.filter(kind=OrgKind.GP_PRACTICE.value, schemes_serving__in=schemes)
        .distinct()
        .order_by("name")
    )


def require_link_worker(user: User) -> None:
    """The activity log is the link worker's own; other roles are refused with 403."""
    if not scheme_ids_for(user=user, roles=LINK_WORKERS):
        raise PermissionDenied("Only link workers keep an activity log.")


def activity_get_for_user(*, user: User, activity_id: uuid.UUID) -> Activity:
    """A link worker may change only the entries in their own log."""
    activity = Activity.objects.filter(pk=activity_id, link_worker=user).first()
    if activity is None:
        raise Http404("No such activity in your log.")
    return activity


def nomad_round_get_for_user(*, user: User, round_id: uuid.UUID) -> NomadRound:
    survey = NomadRound.objects.filter(pk=round_id).select_related("practice").first()
    if survey is None:
        raise Http404("No such survey round.")
    _authorise(practice_access(user=user, practice=survey.practice), Access.MANAGE, "round")
    return survey
