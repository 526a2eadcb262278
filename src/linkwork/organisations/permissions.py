"""Fetch-and-authorise for registry writes. Reads are open to every signed-in user."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from linkwork.accounts.models import Membership, User
from linkwork.accounts.roles import Role
from linkwork.accounts.selectors import user_roles
from linkwork.core.errors import NotFoundError
from linkwork.organisations.models import Scheme
from linkwork.organisations.selectors import scheme_get


def can_manage_scheme(*, user: User, scheme: Scheme) -> bool:
    if Role.SYSTEM_ADMIN in user_roles(user=user):
        return True
    return Membership.objects.filter(
        user=user, scheme=scheme, role=Role.SCHEME_MANAGER.value, ended_on__isnull=True
    ).exists()


def scheme_get_for_user(*, user: User, key: str, manage: bool = False) -> Scheme:
    try:
        scheme = scheme_get(key=key)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    if manage and not can_manage_scheme(user=user, scheme=scheme):
        raise PermissionDenied("Only this scheme's managers can change it.")
    return scheme
