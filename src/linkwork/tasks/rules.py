"""Tasks raised by what happens on an episode.

Every change to an episode writes one `episodes.ReferralEvent` (the episode's append-only
log, which safeguarding and outcomes write to as well), so this app listens to that one table
rather than to each app: a receiver on its `post_save` runs in the same transaction as the
event, so a task is raised with the change or not at all. Each rule raises at most one task per
source (`task_raise` is idempotent), and some close the task they raised once it is acted on.

The rules, by event:

- a referral received with risk flags or screening answers: review the safety information
  (for its link worker, else the scheme); done when the safety information is acted on;
- a link worker assigned: make first contact, or after a handover read it and get in touch;
  the episode's tasks nobody had taken go to them too;
- a connection's status changed by someone outside the scheme's casework (the service's
  staff, or FHIR): act on the reply; when the service declined, find another with the person;
- a risk answer on a questionnaire (PHQ-9 item 9): contact the person today; done when the
  alert is acknowledged;
- a safeguarding concern opened: review it, due on its review date (an update moves it); done
  when the concern is closed;
- a referral declined or withdrawn: its first-contact and connection tasks are done.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.db.models.signals import post_save

from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.core import clock
from linkwork.episodes.lifecycle import Status
from linkwork.episodes.models import ReferralEvent
from linkwork.episodes.vocab import ConnectionStatus
from linkwork.safeguarding.models import Concern
from linkwork.tasks.models import Task
from linkwork.tasks.services import task_raise, tasks_close_raised, tasks_pass_unassigned
from linkwork.tasks.vocab import FIRST_CONTACT_DAYS, TaskKind, TaskStatus

Kind = ReferralEvent.Kind
# Namespace of the source keys made from an event's or a record's id.
SOURCES = uuid.UUID("6f1d3c55-8a3e-4c1b-9f7e-2b0c6d4a9e10")
# What a referral declined or withdrawn no longer needs.
CLOSE_ON_DECLINE = [
    TaskKind.NEW_REFERRAL,
    TaskKind.VCSE_REPLY,
    TaskKind.VCSE_DECLINED,
    TaskKind.CONNECTION_SILENT,
]


def source(*parts: object) -> uuid.UUID:
    """A stable id for what raised a task, from its parts (a rule name and ids)."""
    return uuid.uuid5(SOURCES, ":".join(str(p) for p in parts))


def on_event(event: ReferralEvent) -> None:
    handler = HANDLERS.get(event.kind)
    if handler is not None:
        handler(event)


def _received(event: ReferralEvent) -> None:
    referral = event.referral
    if referral.risk_flags or referral.screening:
        task_raise(
            scheme_id=referral.scheme_id,
            kind=TaskKind.REFERRAL_RISK,
            source_key=referral.pk,
            title="The referrer described a risk: review the safety information",
            due_on=clock.today(),
            assignee=referral.link_worker,
            referral=referral,
            because_of=event.actor,
        )


def _assigned(event: ReferralEvent) -> None:
    referral = event.referral
    worker = referral.link_worker
    if worker is None:
        return
    # Tasks nobody has taken (the referrer's risk) go with the episode.
    tasks_pass_unassigned(referral=referral, to=worker, because_of=event.actor)
    first = referral.first_contact_on is None
    task_raise(
        scheme_id=referral.scheme_id,
        kind=TaskKind.NEW_REFERRAL,
        source_key=source("assigned", event.pk),
        title="New referral: make first contact"
        if first
        else "Episode handed over to you: read the handover and get in touch",
        due_on=clock.today() + timedelta(days=FIRST_CONTACT_DAYS),
        assignee=worker,
        referral=referral,
        because_of=event.actor,
    )


def _from_the_service(event: ReferralEvent) -> bool:
    """Changed by someone outside the scheme's casework: the service's own staff, or a
    system on its behalf (FHIR)."""
    actor: User | None = event.actor
    return actor is None or event.scheme_id not in scope_for(actor).casework_schemes


def _connection(event: ReferralEvent) -> None:
    data = event.data or {}
    # A status change carries the reason; a connection being made does not.
    if "reason" not in data or not _from_the_service(event):
        return
    status = str(data.get("status", ""))
    service = str(data.get("service", "the service"))
    referral = event.referral
    declined = status == ConnectionStatus.REJECTED.value
    label = ConnectionStatus(status).label.lower() if status in ConnectionStatus else status
    task_raise(
        scheme_id=referral.scheme_id,
        kind=TaskKind.VCSE_DECLINED if declined else TaskKind.VCSE_REPLY,
        source_key=source("connection", event.pk),
        title=f"{service} declined: find another service with the person"
        if declined
        else f"{service} replied ({label}): follow up with the person",
        due_on=clock.today() + timedelta(days=1),
        assignee=referral.link_worker,
        referral=referral,
        because_of=event.actor,
    )


def _alert(event: ReferralEvent) -> None:
    data = event.data or {}
    alert = data.get("alert")
    if not alert:
        return
    referral = event.referral
    if data.get("acknowledged"):
        tasks_close_raised(
            scheme_id=referral.scheme_id,
            kinds=[TaskKind.RISK_ALERT],
            source_key=uuid.UUID(str(alert)),
        )
        return
    task_raise(
        scheme_id=referral.scheme_id,
        kind=TaskKind.RISK_ALERT,
        source_key=uuid.UUID(str(alert)),
        title="Risk answer on a questionnaire: contact the person today",
        due_on=clock.today(),
        assignee=referral.link_worker,
        referral=referral,
        because_of=event.actor,
    )


def _safety(event: ReferralEvent) -> None:
    data = event.data or {}
    referral = event.referral
    if "risk_flags" in data:  # the referrer's safety information acted on
        tasks_close_raised(
            scheme_id=referral.scheme_id, kinds=[TaskKind.REFERRAL_RISK], source_key=referral.pk
        )
        return
    concern_id = data.get("concern")
    if not concern_id:
        return
    key = uuid.UUID(str(concern_id))
    what = data.get("concern_event")
    if what == "closed":
        tasks_close_raised(
            scheme_id=referral.scheme_id, kinds=[TaskKind.SAFEGUARDING], source_key=key
        )
        return
    concern = Concern.objects.get(pk=key)
    if concern.review_on is None:
        return
    raised = task_raise(
        scheme_id=referral.scheme_id,
        kind=TaskKind.SAFEGUARDING,
        source_key=key,
        title="Safeguarding concern open: review it",
        due_on=concern.review_on,
        assignee=referral.link_worker,
        referral=referral,
        because_of=event.actor,
    )
    if raised is None:
        # An update moves the review date: the open task follows it.
        Task.objects.filter(
            scheme_id=referral.scheme_id,
            kind=TaskKind.SAFEGUARDING.value,
            source_key=key,
            status=TaskStatus.OPEN.value,
        ).update(due_on=concern.review_on)


def _status(event: ReferralEvent) -> None:
    data = event.data or {}
    if data.get("to") in {Status.DECLINED.value, Status.WITHDRAWN.value}:
        tasks_close_raised(
            scheme_id=event.scheme_id, kinds=CLOSE_ON_DECLINE, referral_id=event.referral_id
        )


HANDLERS = {
    Kind.CREATED.value: _received,
    Kind.ASSIGNED.value: _assigned,
    Kind.CONNECTION.value: _connection,
    Kind.ALERT.value: _alert,
    Kind.SAFETY.value: _safety,
    Kind.STATUS.value: _status,
}


def _event_written(sender: Any, instance: ReferralEvent, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        on_event(instance)


def connect() -> None:
    post_save.connect(_event_written, sender=ReferralEvent, dispatch_uid="tasks.rules.events")
