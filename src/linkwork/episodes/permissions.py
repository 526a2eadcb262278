"""Fetch-and-authorise for referrals (episodes). Every read is audited.

The VCSE side of closed-loop connections: each provider sees only the people connected to
its own services, and only what each person consented to share with it."""

from __future__ import annotations

import uuid
from enum import Enum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.audit.services import audit_record
from linkwork.episodes.models import Connection, Referral
from linkwork.episodes.selectors.vcse_inbox import connections_for_vcse
from linkwork.people.permissions import person_visible_to, unrestricted_or_managed


class Access(Enum):
    CASEWORK = "casework"  # link workers and managers of the scheme: read and write
    PRACTICE = "practice"  # practice managers: their practice's referrals, no case notes
    REFERRER = "referrer"  # the person who referred: status only


def referral_list_for(*, user: User) -> QuerySet[Referral]:
    scope = scope_for(user)
    return Referral.objects.filter(
        Q(scheme_id__in=scope.casework_schemes)
        | Q(referrer=user)
        | Q(practice_id__in=scope.managed_practices)
    ).filter(unrestricted_or_managed(user=user))


def referral_access(*, user: User, referral: Referral) -> Access | None:
    scope = scope_for(user)
    if not person_visible_to(user=user, person=referral.person):
        return None
    if referral.scheme_id in scope.casework_schemes:
        return Access.CASEWORK
    if referral.practice_id is not None and referral.practice_id in scope.managed_practices:
        return Access.PRACTICE
    if referral.referrer_id == user.pk:
        return Access.REFERRER
    return None


def can_read_notes(*, user: User, referral: Referral) -> bool:
    """Case notes: the person's own link workers (now or before) and the scheme's managers."""
    scope = scope_for(user)
    if referral.scheme_id in scope.managed_schemes:
        return True
    if referral.scheme_id not in scope.link_worker_schemes:
        return False
    if referral.link_worker_id == user.pk:
        return True
    return referral.assignments.filter(link_worker=user).exists() or (
        Referral.objects.filter(person_id=referral.person_id)
        .filter(Q(link_worker=user) | Q(assignments__link_worker=user))
        .exists()
    )


def referral_get_for_user(
    *, user: User, referral_id: uuid.UUID, write: bool = False
) -> tuple[Referral, Access]:
    referral = (
        Referral.objects.select_related(
            "person", "scheme", "scheme__policy", "practice", "referrer", "link_worker"
        )
        .filter(pk=referral_id)
        .first()
    )
    access = referral_access(user=user, referral=referral) if referral else None
    if referral is None or access is None:
        raise Http404("No such referral.")
    if write and access is not Access.CASEWORK:
        raise PermissionDenied("Only the scheme's link workers and managers can change this.")
    audit_record(
        actor=user,
        action="view",
        object_type="referral",
        object_id=referral.pk,
        person_id=referral.person_id,
        scheme_id=referral.scheme_id,
        detail={"access": access.value},
    )
    return referral, access


def connection_get_for_vcse(*, user: User, connection_id: uuid.UUID) -> Connection:
    connection = connections_for_vcse(user=user).filter(pk=connection_id).first()
    if connection is None:
        raise Http404("No such connection.")
    audit_record(
        actor=user,
        action="view",
        object_type="connection",
        object_id=connection.pk,
        person_id=connection.person_id,
        scheme_id=connection.scheme_id,
        detail={"shared_fields": connection.shared_fields},
    )
    return connection
