"""Reads: a person's messages (for their record page, already authorised and audited there),
and the MESH sends a scheme manager must look at."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.messaging.models import MeshMessage, Message
from linkwork.people.models import Person


def person_messages(*, person: Person, limit: int = 20) -> list[Message]:
    """The person's latest messages, newest first. The caller has authorised and audited the
    read of the person's record."""
    return list(Message.objects.filter(person=person).order_by("-created_at")[:limit])


def mesh_attention_for(*, user: User) -> QuerySet[MeshMessage]:
    """MESH sends of the schemes this user manages that need someone to look: failed, still
    waiting to go, or sent and not acknowledged in time."""
    late = timezone.now() - timedelta(hours=settings.LINKWORK_MESH_ACK_HOURS)
    return (
        MeshMessage.objects.filter(scheme_id__in=scope_for(user).managed_schemes)
        .filter(
            Q(status__in=[MeshMessage.Status.FAILED, MeshMessage.Status.QUEUED])
            | Q(status=MeshMessage.Status.SENT, sent_at__lt=late)
        )
        .select_related("practice", "summary")
        .order_by("-created_at")
    )


def mesh_message_for_manager(*, user: User, mesh_message_id: uuid.UUID) -> MeshMessage | None:
    return (
        MeshMessage.objects.filter(
            pk=mesh_message_id, scheme_id__in=scope_for(user).managed_schemes
        )
        .select_related("summary", "summary__referral")
        .first()
    )
