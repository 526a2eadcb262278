"""Writes: a message to a person (recorded against them whether or not it can go), and MESH
sends a scheme manager tries again or the poll brings up to date."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from mesh_client import MeshError
from requests import RequestException

from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.audit.services import audit_record
from linkwork.core.errors import DomainError
from linkwork.messaging.backends import GovukNotify, backend_from_settings
from linkwork.messaging.channels import PURPOSES, route_for, spent
from linkwork.messaging.jobs import mesh_message_deliver, mesh_message_enqueue, message_enqueue
from linkwork.messaging.mesh_transport import mesh_client, mesh_enabled
from linkwork.messaging.models import MeshMessage, Message
from linkwork.people.models import Person


@transaction.atomic
def message_send(
    *,
    person: Person,
    purpose: str,
    personalisation: Mapping[str, object],
    actor: User | None,
) -> Message:
    """Record a message to the person and queue it by the channel they prefer. With no usable
    channel it is recorded as not sent, with the reason, and nothing is queued."""
    if purpose not in PURPOSES:
        known = ", ".join(sorted(PURPOSES))
        raise DomainError(
            f"Unknown message purpose {purpose!r}: use one of {known}.",
            code="message_purpose",
            field_errors={"purpose": [f"Choose one of {known}."]},
        )
    if person.erased_at is not None or person.merged_into_id is not None:
        raise DomainError(
            "This record is erased or merged into another: message the current record.",
            code="message_person",
        )
    for key, value in personalisation.items():
        if key != "address" and not isinstance(value, str | int | float):
            raise DomainError(
                f"The message's {key!r} must be text or a number: write dates and times in "
                "words (as the person should read them) before sending.",
                code="message_personalisation",
                field_errors={key: ["Give text or a number."]},
            )
    address = personalisation.get("address", [])
    route = route_for(
        preferred=person.preferred_contact,
        email=person.email,
        phone=person.phone,
        address=[str(line) for line in address] if isinstance(address, list) else [],
    )
    values = {k: v for k, v in personalisation.items() if k != "address"}
    if route.channel == "letter":
        values["address"] = route.to
    message = Message.objects.create(
        scheme_id=person.scheme_id,
        person=person,
        channel=route.channel,
        purpose=purpose,
        personalisation=values if route.sendable else spent(values),
        status=Message.Status.QUEUED if route.sendable else Message.Status.FAILED,
        reason=route.reason,
        requested_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit_record(
        actor=actor,
        action="create",
        object_type="message",
        object_id=message.pk,
        person_id=person.pk,
        scheme_id=person.scheme_id,
        detail={"purpose": purpose, "channel": route.channel, "sent": route.sendable},
    )
    if route.sendable:
        message_enqueue(message.pk)
    return message


def message_states_refresh() -> int:
    """Ask GOV.UK Notify where each message sent through it in the last week got to: mark it
    delivered, or failed with Notify's reason in words. Answers how many changed."""
    backend = backend_from_settings()
    if not isinstance(backend, GovukNotify):
        return 0
    since = timezone.now() - timedelta(days=7)
    changed = 0
    sent = Message.objects.filter(status=Message.Status.SENT, provider="notify", sent_at__gte=since)
    for message_id, provider_id in sent.values_list("pk", "provider_id"):
        state, reason = backend.delivery_state(provider_id)
        if state != "sent":
            Message.objects.filter(pk=message_id).update(status=state, reason=reason)
            changed += 1
    return changed


@transaction.atomic
def mesh_retry(*, mesh_message: MeshMessage, actor: User) -> MeshMessage:
    """Send a failed (or never acknowledged) document to the practice again, now."""
    if mesh_message.scheme_id not in scope_for(actor).managed_schemes:
        raise DomainError("Only the scheme's managers can send this again.", code="mesh_retry")
    if mesh_message.status == MeshMessage.Status.ACKNOWLEDGED:
        raise DomainError(
            "The practice has acknowledged this one: it needs no resend.", code="mesh_retry_done"
        )
    MeshMessage.objects.filter(pk=mesh_message.pk).update(
        status=MeshMessage.Status.QUEUED, next_attempt_at=None
    )
    audit_record(
        actor=actor,
        action="update",
        object_type="mesh_message",
        object_id=mesh_message.pk,
        person_id=mesh_message.summary.referral.person_id,
        scheme_id=mesh_message.scheme_id,
        detail={"resend": mesh_message.document, "attempts": mesh_message.attempts},
    )
    mesh_message_enqueue(mesh_message.pk)
    mesh_message.refresh_from_db()
    return mesh_message


@dataclass(frozen=True, slots=True)
class PollResult:
    acknowledged: int = 0
    failed: int = 0
    overdue: int = 0
    retried: int = 0


def mesh_poll() -> PollResult:
    """Bring the MESH sends up to date: acknowledged by the practice, refused on the way, or
    not acknowledged in time (failed, and sent again while tries remain); then send again
    every failed one whose wait is over."""
    if not mesh_enabled():
        return PollResult()
    acknowledged = failed = overdue = 0
    now = timezone.now()
    late = now - timedelta(hours=settings.LINKWORK_MESH_ACK_HOURS)
    with mesh_client() as client:
        for row in MeshMessage.objects.filter(status=MeshMessage.Status.SENT).exclude(
            message_id=""
        ):
            try:
                tracking = client.track_message(row.message_id)
            except (MeshError, RequestException):
                continue  # tracking is asked again on the next poll
            status = str(tracking.get("status") or "").lower()
            if status == "acknowledged":
                MeshMessage.objects.filter(pk=row.pk).update(
                    status=MeshMessage.Status.ACKNOWLEDGED, acknowledged_at=now, reason=""
                )
                acknowledged += 1
            elif tracking.get("status_success") is False or status in {"undeliverable", "error"}:
                why = tracking.get("status_description") or status or "no reason given"
                _fail_for_retry(row, f"MESH could not deliver it: {why}")
                failed += 1
            elif row.sent_at is not None and row.sent_at < late:
                hours = settings.LINKWORK_MESH_ACK_HOURS
                _fail_for_retry(row, f"The practice had not acknowledged it within {hours} hours.")
                overdue += 1
    retried = 0
    due = MeshMessage.objects.filter(
        status=MeshMessage.Status.FAILED, next_attempt_at__lte=timezone.now()
    )
    for row_id in due.values_list("pk", flat=True):
        mesh_message_deliver(row_id)
        retried += 1
    return PollResult(acknowledged, failed, overdue, retried)


def _fail_for_retry(row: MeshMessage, reason: str) -> None:
    again = row.attempts < settings.LINKWORK_MESH_MAX_ATTEMPTS
    MeshMessage.objects.filter(pk=row.pk).update(
        status=MeshMessage.Status.FAILED,
        reason=reason,
        next_attempt_at=timezone.now() if again else None,
    )
