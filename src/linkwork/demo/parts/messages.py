"""Reminders sent to people with an episode under way, as a link worker would have sent them
ahead of a session: by the channel each person prefers, or recorded as not sent, with why,
when their preference or details leave no way to send one."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from linkwork.demo.context import DemoContext, demo_part, part_stream
from linkwork.episodes.lifecycle import OPEN_STATUSES
from linkwork.episodes.models import Referral
from linkwork.messaging.channels import route_for
from linkwork.messaging.models import Message

SHARE = 0.3
MOST = 400


@demo_part("messages", order=58)
def build_messages(ctx: DemoContext) -> dict[str, Any]:
    rng = part_stream(ctx.seed, "messages")
    open_episodes = (
        Referral.objects.filter(
            status__in=[s.value for s in OPEN_STATUSES], link_worker__isnull=False
        )
        .select_related("person", "link_worker")
        .order_by("pk")
    )
    rows: list[Message] = []
    sent_at: dict[Any, datetime] = {}
    for referral in open_episodes:
        if len(rows) >= MOST or rng.random() >= SHARE:
            continue
        person = referral.person
        route = route_for(
            preferred=person.preferred_contact, email=person.email, phone=person.phone, address=[]
        )
        sent_on = ctx.today - timedelta(days=rng.randint(1, 14))
        at = timezone.make_aware(datetime.combine(sent_on, time(9, rng.randint(0, 59))))
        message_id = ctx.uuid("message", referral.pk)
        sent_at[message_id] = at
        rows.append(
            Message(
                id=message_id,
                scheme_id=referral.scheme_id,
                person=person,
                channel=route.channel,
                purpose="appointment_reminder",
                personalisation={"given_name": person.given_name},
                status=Message.Status.SENT if route.sendable else Message.Status.FAILED,
                reason=route.reason,
                provider="outbox" if route.sendable else "",
                provider_id=f"{message_id}.json" if route.sendable else "",
                attempts=1 if route.sendable else 0,
                sent_at=at if route.sendable else None,
                requested_by=referral.link_worker,
            )
        )
    Message.objects.bulk_create(rows, batch_size=500)
    # Written on the day each was sent, not on the day the demo was built.
    for message_id, at in sent_at.items():
        Message.objects.filter(pk=message_id).update(created_at=at)
    ctx.log(f"Messages: {len(rows)} reminders to people with an episode under way.")
    return {"messages": len(rows)}
