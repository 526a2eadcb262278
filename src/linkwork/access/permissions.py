"""Fetch-and-authorise for the access pages: grants and emergency access are for system
administrators only; everyone else gets 404, as if the pages did not exist."""

from __future__ import annotations

import uuid

from django.http import Http404

from linkwork.accounts.models import RoleGrantRequest, User
from linkwork.accounts.roles import Role
from linkwork.accounts.selectors import user_roles


def is_administrator(user: User) -> bool:
    return Role.SYSTEM_ADMIN in user_roles(user=user)


def require_administrator(*, user: User) -> None:
    if not is_administrator(user):
        raise Http404("No such page.")


def grant_request_get_for_user(*, user: User, grant_id: uuid.UUID) -> RoleGrantRequest:
    require_administrator(user=user)
    grant = (
        RoleGrantRequest.objects.select_related(
            "user", "organisation", "scheme", "requested_by", "decided_by"
        )
        .filter(pk=grant_id)
        .first()
    )
    if grant is None:
        raise Http404("No such grant request.")
    return grant
