"""Reading the audit trail: who has seen a person's record; a scheme's trail for managers."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from django.db.models import QuerySet

from linkwork.audit.access_runs import AccessRun, group_access
from linkwork.audit.models import AuditEvent


def audit_for_person(*, person_id: uuid.UUID, limit: int = 50) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(person_id=person_id).select_related("actor")[:limit]


def audit_access_runs_for_person(
    *, person_id: uuid.UUID, runs: int = 25, scan: int = 1000
) -> list[AccessRun]:
    """The latest access to a person's record with repeats folded together (see access_runs);
    only the latest `scan` events are read, so a long history cannot slow the page."""
    return group_access(audit_for_person(person_id=person_id, limit=scan))[:runs]


def audit_for_schemes(
    *, scheme_ids: Iterable[uuid.UUID], start: datetime | None = None, end: datetime | None = None
) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.filter(scheme_id__in=list(scheme_ids)).select_related("actor")
    if start is not None:
        qs = qs.filter(at__gte=start)
    if end is not None:
        qs = qs.filter(at__lt=end)
    return qs.order_by("at", "id")
