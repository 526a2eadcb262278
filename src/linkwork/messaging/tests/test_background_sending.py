"""Sending happens in the background worker, never in the web request: the request queues the
send (after its transaction commits) and the worker does it; a failed MESH send is queued
again to run later."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from linkwork.accounts.roles import Role
from linkwork.episodes.services.discharge import referral_discharge
from linkwork.messaging import jobs
from linkwork.messaging.models import MeshMessage, Message
from linkwork.messaging.services import message_send
from linkwork.messaging.tests.test_mesh_sandbox import with_a_session
from linkwork.testing.world import SmallWorld, refer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def queued_not_inline(settings, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    settings.LINKWORK_RUN_JOBS_INLINE = False
    settings.LINKWORK_NOTIFY_API_KEY = ""
    settings.LINKWORK_OUTBOX_DIR = tmp_path
    # The worker drops stale connections between jobs; here that one holds the test's data.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_worker() -> None:
    call_command("worker", "--batch", stdout=StringIO())


def test_a_message_waits_for_the_worker(
    world: SmallWorld, django_capture_on_commit_callbacks: Any
) -> None:
    ada = refer(world, person={"preferred_contact": "email", "email": "ada@example.org"}).person
    with django_capture_on_commit_callbacks(execute=True):
        message = message_send(
            person=ada, purpose="questionnaire_link", personalisation={}, actor=None
        )
    assert Message.objects.get(pk=message.pk).status == "queued"
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    run_worker()
    assert Message.objects.get(pk=message.pk).status == "sent"


def test_a_discharge_queues_the_mesh_send_and_a_failure_is_queued_to_try_later(
    world: SmallWorld, mesh, settings, django_capture_on_commit_callbacks: Any
) -> None:
    settings.LINKWORK_MESH_MAILBOXES = {"A81001": "NOSUCHBOX"}
    referral = with_a_session(world)
    with django_capture_on_commit_callbacks(execute=True):
        referral_discharge(
            referral=referral, actor=world.users[Role.LINK_WORKER], reason="goals_met"
        )
    assert not MeshMessage.objects.exists()  # the discharge itself sent nothing
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()
    rows = MeshMessage.objects.filter(summary__referral=referral)
    assert {row.status for row in rows} == {MeshMessage.Status.FAILED}
    later = DBTaskResult.objects.filter(status="READY", run_after__gt=timezone.now())
    assert later.count() == 2  # one retry queued per document, after the backoff


def test_two_workers_given_the_same_message_send_it_once(world: SmallWorld) -> None:
    ada = refer(world, person={"preferred_contact": "email", "email": "ada@example.org"}).person
    message = Message.objects.create(
        scheme_id=ada.scheme_id, person=ada, channel="email", purpose="questionnaire_link"
    )
    sent: list[str] = []
    first, second = Message.objects.get(pk=message.pk), Message.objects.get(pk=message.pk)

    # Each worker read the row before either counted its try.
    for copy in (first, second):
        if jobs._claimed(Message, copy):
            sent.append("sent")
    assert sent == ["sent"]
    assert Message.objects.get(pk=message.pk).attempts == 1
