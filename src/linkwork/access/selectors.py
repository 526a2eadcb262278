"""Reads for the access pages and the scheme managers' view of emergency access."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta

from django.db.models import QuerySet

from linkwork.accounts.models import BreakGlassAccess, RoleGrantRequest
from linkwork.core import clock

RECENT_DAYS = 30


def grant_request_list() -> QuerySet[RoleGrantRequest]:
    return RoleGrantRequest.objects.select_related(
        "user", "organisation", "scheme", "requested_by", "decided_by"
    ).order_by("-created_at", "pk")


def break_glass_list_for_schemes(
    *, scheme_ids: Iterable[uuid.UUID], days: int = RECENT_DAYS
) -> QuerySet[BreakGlassAccess]:
    """Emergency accesses to these schemes opened in the last `days` days, newest first."""
    since = clock.now() - timedelta(days=days)
    return (
        BreakGlassAccess.objects.filter(scheme_id__in=list(scheme_ids), opened_at__gte=since)
        .select_related("user", "scheme")
        .order_by("-opened_at")
    )
