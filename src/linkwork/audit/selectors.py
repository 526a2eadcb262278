"""Reading the audit trail: who has seen a person's record; a scheme's trail for managers; the
hash chain checked end to end."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet

from linkwork.audit.access_runs import AccessRun, group_access
from linkwork.audit.chain import BrokenLink, ChainContent, first_broken_link
from linkwork.audit.models import AuditChainHead, AuditEvent, AuditSubject


def audit_for_person(*, person_id: uuid.UUID, limit: int = 50) -> QuerySet[AuditEvent]:
    """Events about the person, and list events that showed them (see AuditSubject)."""
    listed = AuditSubject.objects.filter(person_id=person_id).values("event_id")
    return AuditEvent.objects.filter(Q(person_id=person_id) | Q(pk__in=listed)).select_related(
        "actor"
    )[:limit]


def audit_access_runs_for_person(
    *, person_id: uuid.UUID, runs: int = 25, scan: int = 1000
) -> list[AccessRun]:
    """The latest access to a person's record with repeats folded together (see access_runs);
    only the latest `scan` events are read, so a long history cannot slow the page."""
    return group_access(audit_for_person(person_id=person_id, limit=scan))[:runs]


def audit_for_schemes(
    *, scheme_ids: Iterable[uuid.UUID], start: datetime | None = None, end: datetime | None = None
) -> QuerySet[AuditEvent]:
    """The schemes' events, with list events naming their people; each event carries
    `scheme_subjects`, the people it showed from these schemes only."""
    schemes = list(scheme_ids)
    listed = AuditSubject.objects.filter(scheme_id__in=schemes).values("event_id")
    qs = (
        AuditEvent.objects.filter(Q(scheme_id__in=schemes) | Q(pk__in=listed))
        .select_related("actor")
        .prefetch_related(
            Prefetch(
                "subjects",
                queryset=AuditSubject.objects.filter(scheme_id__in=schemes).order_by("id"),
                to_attr="scheme_subjects",
            )
        )
    )
    if start is not None:
        qs = qs.filter(at__gte=start)
    if end is not None:
        qs = qs.filter(at__lt=end)
    return qs.order_by("at", "id")


def _chain_rows() -> Iterator[tuple[int, str, ChainContent]]:
    events = AuditEvent.objects.order_by("id").prefetch_related(
        Prefetch("subjects", queryset=AuditSubject.objects.order_by("id"))
    )
    for event in events.iterator(chunk_size=2000):
        yield (
            event.pk,
            event.hash,
            ChainContent(
                at=event.at,
                actor_id=event.actor_id,
                action=event.action,
                object_type=event.object_type,
                object_id=event.object_id,
                person_id=event.person_id,
                scheme_id=event.scheme_id,
                detail=event.detail,
                subjects=tuple(
                    (str(s.person_id), "" if s.scheme_id is None else str(s.scheme_id))
                    for s in event.subjects.all()
                ),
            ),
        )


def audit_chain_check() -> tuple[int, BrokenLink | None]:
    """How many events were checked, and the first broken link (None when intact)."""
    head = AuditChainHead.objects.filter(pk=1).first()
    return first_broken_link(_chain_rows(), head_hash=head.last_hash if head else "")
