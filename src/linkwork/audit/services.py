"""Writing the audit trail. Called by the permission layer on every identifiable read and by
services on every identifiable write.

Writes are recorded at once, inside the same transaction as the write they describe. Reads
(view, list, search) made while a request is being served are collected and written together
when the response is ready (see buffer.py), so a page that shows forty people costs one insert
batch, not forty; outside a request (commands, jobs) they are written at once too."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.audit.buffer import PendingEvent, pending_reads
from linkwork.audit.chain import link
from linkwork.audit.models import AuditChainHead, AuditEvent, AuditSubject

READ_ACTIONS = frozenset({AuditEvent.Action.VIEW, AuditEvent.Action.LIST, AuditEvent.Action.SEARCH})


def _json_safe(detail: Mapping[str, object] | None) -> dict[str, object]:
    """The detail exactly as it reads back from the database, so its hash can be checked later."""
    loaded: dict[str, object] = json.loads(json.dumps(dict(detail or {}), cls=DjangoJSONEncoder))
    return loaded


def _record(event: PendingEvent) -> None:
    if event.action in READ_ACTIONS:
        pending = pending_reads()
        if pending is not None:
            pending.append(event)
            return
    audit_write(events=[event])


def audit_record(
    *,
    actor: User | None,
    action: str,
    object_type: str,
    object_id: object = "",
    person_id: uuid.UUID | None = None,
    scheme_id: uuid.UUID | None = None,
    detail: Mapping[str, object] | None = None,
) -> None:
    _record(
        PendingEvent(
            at=timezone.now(),
            actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
            action=str(action),
            object_type=object_type,
            object_id=str(object_id),
            person_id=person_id,
            scheme_id=scheme_id,
            detail=_json_safe(detail),
        )
    )


def audit_record_list(
    *,
    actor: User | None,
    object_type: str,
    rows: Iterable[tuple[uuid.UUID, uuid.UUID | None]],
    detail: Mapping[str, object] | None = None,
    action: str = AuditEvent.Action.LIST,
) -> None:
    """One event for a page (or export) of people, naming each person shown as a subject, so
    each person's record still knows who saw it. A list that showed nobody is still recorded."""
    subjects = tuple(dict.fromkeys((person_id, scheme_id) for person_id, scheme_id in rows))
    _record(
        PendingEvent(
            at=timezone.now(),
            actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
            action=str(action),
            object_type=object_type,
            object_id="",
            person_id=None,
            scheme_id=None,
            detail=_json_safe({"shown": len(subjects), **dict(detail or {})}),
            subjects=subjects,
        )
    )


def _locked_head() -> AuditChainHead:
    """The chain head, locked until the transaction ends (FOR UPDATE on PostgreSQL; SQLite lets
    one writer in at a time), so two requests cannot both append after the same event."""
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditChainHead.objects.get_or_create(pk=1)
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def audit_write(*, events: Sequence[PendingEvent]) -> list[AuditEvent]:
    """Append events to the chain: one insert for the events, one for the people they list.
    No savepoint of its own: if the trail cannot be written, the whole transaction fails."""
    if not events:
        return []
    with transaction.atomic(savepoint=False):
        return _append(events)


def _append(events: Sequence[PendingEvent]) -> list[AuditEvent]:
    head = _locked_head()
    previous = head.last_hash
    rows = []
    for event in events:
        previous = link(previous, event.content())
        rows.append(
            AuditEvent(
                at=event.at,
                actor_id=event.actor_id,
                action=event.action,
                object_type=event.object_type,
                object_id=event.object_id,
                person_id=event.person_id,
                scheme_id=event.scheme_id,
                detail=event.detail,
                hash=previous,
            )
        )
    created = AuditEvent.objects.bulk_create(rows)
    subjects = [
        AuditSubject(event_id=row.pk, person_id=person_id, scheme_id=scheme_id)
        for row, event in zip(created, events, strict=True)
        for person_id, scheme_id in event.subjects
    ]
    if subjects:
        AuditSubject.objects.bulk_create(subjects)
    head.last_event_id, head.last_hash = created[-1].pk, previous
    head.save(update_fields=["last_event_id", "last_hash"])
    return created
