"""Scheme managers see every emergency (break-glass) access to their scheme's records;
administrators see the grant requests waiting for a second administrator."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from linkwork.access.selectors import (
    RECENT_DAYS,
    break_glass_list_for_schemes,
    grant_request_list,
)
from linkwork.accounts.home_panels import HomePanel
from linkwork.accounts.models import RoleGrantRequest, User
from linkwork.accounts.roles import Role
from linkwork.accounts.selectors import scheme_ids_for
from linkwork.core import clock
from linkwork.core.pagination import preview_of


def _break_glass(user: User) -> dict[str, Any] | None:
    schemes = scheme_ids_for(user=user, roles=frozenset({Role.SCHEME_MANAGER}))
    if not schemes:
        return None
    accesses = preview_of(break_glass_list_for_schemes(scheme_ids=schemes))
    if not accesses:
        return None
    now = clock.now()
    return {
        "days": RECENT_DAYS,
        "accesses": accesses,
        "rows": [(access, access.opened_at <= now < access.expires_at) for access in accesses],
    }


def _grants_waiting(user: User) -> dict[str, Any] | None:
    waiting = preview_of(
        grant_request_list()
        .filter(status=RoleGrantRequest.Status.PENDING)
        .exclude(Q(requested_by=user) | Q(user=user))
    )
    return {"grants": waiting} if waiting else None


PANELS = (
    HomePanel(
        5,
        frozenset({Role.SYSTEM_ADMIN}),
        "access/_home_grants_panel.html",
        _grants_waiting,
    ),
    HomePanel(
        5,
        frozenset({Role.SCHEME_MANAGER}),
        "access/_home_break_glass_panel.html",
        _break_glass,
    ),
)
