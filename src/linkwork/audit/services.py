"""Writing the audit trail. Called by the permission layer on every identifiable read and by
services on every identifiable write, inside the same transaction as the write."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping

from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.audit.models import AuditEvent


def audit_record(
    *,
    actor: User | None,
    action: str,
    object_type: str,
    object_id: object = "",
    person_id: uuid.UUID | None = None,
    scheme_id: uuid.UUID | None = None,
    detail: Mapping[str, object] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        at=timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        person_id=person_id,
        scheme_id=scheme_id,
        detail=dict(detail or {}),
    )


def audit_record_list(
    *,
    actor: User,
    object_type: str,
    rows: Iterable[tuple[uuid.UUID, uuid.UUID]],
    detail: Mapping[str, object] | None = None,
) -> None:
    """One LIST event per person shown on a page, so each person's record knows who saw it."""
    now = timezone.now()
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                at=now,
                actor=actor,
                action=AuditEvent.Action.LIST,
                object_type=object_type,
                person_id=person_id,
                scheme_id=scheme_id,
                detail=dict(detail or {}),
            )
            for person_id, scheme_id in rows
        ]
    )
