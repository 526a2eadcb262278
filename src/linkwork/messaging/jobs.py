"""The background work of sending: a message to a person, and a summary's documents to the
practice by MESH. Web requests only queue it (django-tasks, in the database), so a page never
waits on GOV.UK Notify or MESH; a failed send is tried again later, waiting longer each time."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task
from mesh_client import MeshError
from requests import RequestException

from linkwork.episodes.models import EpisodeSummary
from linkwork.episodes.services.summaries import episode_summary_mark_sent
from linkwork.messaging.backends import DeliveryError, Outgoing, backend_from_settings, template_id
from linkwork.messaging.channels import compact_number, spent
from linkwork.messaging.documents import Document, summary_document, summary_documents
from linkwork.messaging.mesh_transport import mesh_client, mesh_enabled, practice_mailbox
from linkwork.messaging.models import MeshMessage, Message

logger = logging.getLogger(__name__)


def inline() -> bool:
    return bool(getattr(settings, "LINKWORK_RUN_JOBS_INLINE", False))


def backoff(attempts: int, *, base_minutes: int) -> timedelta:
    """Wait before the next try: the base, doubled for each try made, at most a day."""
    return min(timedelta(minutes=base_minutes * 2 ** max(attempts - 1, 0)), timedelta(days=1))


# ---- Messages to people -------------------------------------------------------------------


@task()
def deliver_message(message_id: str) -> None:
    message_deliver(uuid.UUID(message_id))


def _enqueue(
    job: Task[[str], None],
    run: Callable[[uuid.UUID], object],
    row_id: uuid.UUID,
    run_after: datetime | None = None,
) -> None:
    """Queue `job` for the row once the current transaction commits, so the worker never
    looks for a row not yet there; run inline (tests), do it now."""
    if inline():
        run(row_id)
        return
    queued = job.using(run_after=run_after) if run_after else job
    transaction.on_commit(partial(queued.enqueue, str(row_id)))


def message_enqueue(message_id: uuid.UUID, *, run_after: datetime | None = None) -> None:
    _enqueue(deliver_message, message_deliver, message_id, run_after)


def message_deliver(message_id: uuid.UUID) -> None:
    """Send one queued message. A message already sent or failed is left alone (a task
    delivered twice sends once)."""
    message = Message.objects.filter(pk=message_id, status=Message.Status.QUEUED).first()
    if message is None or not _claimed(Message, message):
        return
    backend = backend_from_settings()
    template = template_id(purpose=message.purpose, channel=message.channel)
    if backend.name == "notify" and not template:
        _message_failed(
            message,
            f"No GOV.UK Notify template is configured for {message.purpose} by "
            f"{message.get_channel_display().lower()}: add it to LINKWORK_NOTIFY_TEMPLATES.",
        )
        return
    to = _address(message)
    if not to:
        # The record lost the detail while the message waited (corrected, erased).
        _message_failed(message, "The contact detail it was to go to is no longer recorded.")
        return
    outgoing = Outgoing(
        reference=str(message.pk),
        channel=message.channel,
        to=to,
        purpose=message.purpose,
        template_id=template or message.purpose,
        personalisation=dict(message.personalisation or {}),
    )
    try:
        provider_id = backend.send(outgoing)
    except DeliveryError as exc:
        if exc.permanent or message.attempts >= settings.LINKWORK_MESSAGE_MAX_ATTEMPTS:
            _message_failed(message, exc.reason)
            return
        Message.objects.filter(pk=message.pk).update(reason=exc.reason)
        if not inline():
            message_enqueue(
                message.pk, run_after=timezone.now() + backoff(message.attempts, base_minutes=1)
            )
        return
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENT,
        provider=backend.name,
        provider_id=provider_id[:100],
        sent_at=timezone.now(),
        reason="",
        personalisation=spent(dict(message.personalisation or {})),
    )


def _address(message: Message) -> str:
    person = message.person
    if message.channel == "email":
        return person.email
    if message.channel == "sms":
        return compact_number(person.phone)
    return str((message.personalisation or {}).get("address", ""))


def _message_failed(message: Message, reason: str) -> None:
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.FAILED,
        reason=reason,
        personalisation=spent(dict(message.personalisation or {})),
    )


# ---- End-of-episode summaries to practices by MESH ---------------------------------------


@task()
def send_summary_by_mesh(summary_id: str) -> None:
    mesh_summary_send(uuid.UUID(summary_id))


@task()
def resend_mesh_message(mesh_message_id: str) -> None:
    mesh_message_deliver(uuid.UUID(mesh_message_id))


def summary_enqueue(summary_id: uuid.UUID) -> None:
    _enqueue(send_summary_by_mesh, mesh_summary_send, summary_id)


def mesh_message_enqueue(mesh_message_id: uuid.UUID, *, run_after: datetime | None = None) -> None:
    _enqueue(resend_mesh_message, mesh_message_deliver, mesh_message_id, run_after)


def mesh_summary_send(summary_id: uuid.UUID) -> list[MeshMessage]:
    """Send each document of the summary to the practice's mailbox, recording each as a MESH
    message. A summary already sent (or with no practice) is left alone."""
    summary = (
        EpisodeSummary.objects.select_related("referral", "referral__practice", "created_by")
        .filter(pk=summary_id)
        .first()
    )
    if summary is None or not mesh_enabled() or summary.referral.practice is None:
        return []
    if summary.mesh_messages.exists():
        return list(summary.mesh_messages.all())
    practice = summary.referral.practice
    mailbox, why_not = practice_mailbox(practice)
    sent = []
    for document in summary_documents(summary):
        row = MeshMessage.objects.create(
            scheme_id=summary.scheme_id,
            summary=summary,
            practice=practice,
            document=document.kind,
            filename=document.filename,
            content_type=document.content_type,
            mailbox_from=settings.LINKWORK_MESH_MAILBOX.upper(),
            mailbox_to=mailbox,
            workflow_id=settings.LINKWORK_MESH_WORKFLOW_ID,
        )
        if why_not:
            _mesh_failed(row, why_not, retry=False)
        else:
            _mesh_send(row, document)
        sent.append(row)
    return sent


def mesh_message_deliver(mesh_message_id: uuid.UUID) -> None:
    """Send one document again: it failed, or the practice never acknowledged it."""
    due = Q(status=MeshMessage.Status.QUEUED) | Q(
        status=MeshMessage.Status.FAILED, next_attempt_at__lte=timezone.now()
    )
    row = (
        MeshMessage.objects.select_related("summary", "summary__referral", "practice")
        .filter(due, pk=mesh_message_id)
        .first()
    )
    if row is None:
        return
    # The practice's mailbox may have been configured since the first try.
    mailbox, why_not = practice_mailbox(row.practice)
    if why_not:
        _mesh_failed(row, why_not, retry=False)
        return
    row.mailbox_to = mailbox
    document = summary_document(row.summary, row.document)
    if document is None:
        _mesh_failed(row, f"The document {row.document!r} can no longer be made.", retry=False)
        return
    _mesh_send(row, document)


def _claimed(model: type[Message] | type[MeshMessage], row: Message | MeshMessage) -> bool:
    """Count this try, unless another worker has just counted the same one: then that worker
    sends, and this one leaves it (no message goes twice for one try)."""
    taken = model.objects.filter(pk=row.pk, attempts=row.attempts).update(
        attempts=F("attempts") + 1
    )
    row.attempts += 1
    return bool(taken)


def _mesh_send(row: MeshMessage, document: Document) -> None:
    if not _claimed(MeshMessage, row):
        return
    try:
        with mesh_client() as client:
            message_id = client.send_message(
                row.mailbox_to,
                document.data,
                workflow_id=row.workflow_id,
                filename=document.filename,
                content_type=document.content_type,
                subject=f"Social prescribing end-of-episode summary ({document.kind})",
                local_id=f"{row.summary_id}:{document.kind}",
            )
    except MeshError as exc:
        _mesh_failed(row, f"MESH refused it: {_mesh_reason(exc)}")
        return
    except RequestException as exc:
        logger.warning("MESH send of %s failed: %s", row.pk, exc)
        _mesh_failed(row, f"MESH did not answer: {exc.__class__.__name__}: {exc}")
        return
    now = timezone.now()
    MeshMessage.objects.filter(pk=row.pk).update(
        status=MeshMessage.Status.SENT,
        message_id=message_id,
        mailbox_to=row.mailbox_to,
        attempts=row.attempts,
        sent_at=now,
        next_attempt_at=None,
        reason="",
    )
    if row.document == "summary_pdf":
        episode_summary_mark_sent(summary=row.summary, actor=row.summary.created_by)


def _mesh_reason(exc: MeshError) -> str:
    return str(exc.args[0]) if exc.args else "no reason given"


def _mesh_failed(row: MeshMessage, reason: str, *, retry: bool = True) -> None:
    """Record the failure; while tries remain, try again after the backoff."""
    again = retry and row.attempts < settings.LINKWORK_MESH_MAX_ATTEMPTS
    next_at = (
        timezone.now() + backoff(row.attempts, base_minutes=settings.LINKWORK_MESH_RETRY_MINUTES)
        if again
        else None
    )
    MeshMessage.objects.filter(pk=row.pk).update(
        status=MeshMessage.Status.FAILED,
        reason=reason,
        attempts=row.attempts,
        mailbox_to=row.mailbox_to,
        next_attempt_at=next_at,
    )
    row.status, row.reason, row.next_attempt_at = MeshMessage.Status.FAILED, reason, next_at
    if next_at is not None and not inline():
        # Run inline (tests), the retry waits for `linkwork mesh poll` instead.
        mesh_message_enqueue(row.pk, run_after=next_at)


# ---- When a worker starts ------------------------------------------------------------------

_STALE_AFTER = timedelta(minutes=30)


def jobs_overdue_requeue() -> int:
    """Queue again what a stopped worker left waiting: messages and MESH sends still queued
    long after they were last touched."""
    before = timezone.now() - _STALE_AFTER
    count = 0
    waiting: list[tuple[QuerySet[Any], Callable[[uuid.UUID], None]]] = [
        (Message.objects.filter(status=Message.Status.QUEUED), message_enqueue),
        (MeshMessage.objects.filter(status=MeshMessage.Status.QUEUED), mesh_message_enqueue),
    ]
    for rows, enqueue in waiting:
        for row_id in rows.filter(updated_at__lt=before).values_list("pk", flat=True):
            enqueue(row_id)
            count += 1
    return count
