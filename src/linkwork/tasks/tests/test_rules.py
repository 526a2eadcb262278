"""Tasks raised by what happens on an episode (tasks.rules), each rule once, for the right
person, and closed when what it asked for has happened."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.core import clock
from linkwork.episodes.lifecycle import Status
from linkwork.episodes.services.connections import (
    connection_create,
    connection_reply,
    connection_set_status,
)
from linkwork.episodes.services.intake import referral_accept
from linkwork.episodes.services.lifecycle import referral_assign, referral_transition
from linkwork.episodes.services.safety import referral_safety_record
from linkwork.organisations.services import scheme_policy_set
from linkwork.outcomes.services import Questionnaire, administration_record, risk_alert_acknowledge
from linkwork.safeguarding.services import concern_close, concern_update
from linkwork.safeguarding.tests.conftest import open_concern, raise_phq9_alert
from linkwork.tasks.models import Notification
from linkwork.tasks.tests.conftest import raised
from linkwork.testing.listed import listed_service
from linkwork.testing.world import SmallWorld, default_policy, refer, refer_and_start

pytestmark = pytest.mark.django_db


def test_a_referral_assigned_raises_first_contact_for_the_link_worker_and_tells_them(
    world: SmallWorld, link_worker: User
) -> None:
    referral = refer(world)
    assert raised("new_referral") == []
    referral_accept(referral=referral, actor=world.users[Role.SCHEME_MANAGER])
    referral_assign(
        referral=referral, link_worker=link_worker, actor=world.users[Role.SCHEME_MANAGER]
    )
    (task,) = raised("new_referral")
    assert task.assignee == link_worker
    assert task.referral == referral
    assert task.person_id == referral.person_id
    assert task.title == "New referral: make first contact"
    assert task.due_on == clock.today() + timedelta(days=3)
    (note,) = Notification.objects.filter(recipient=link_worker)
    assert note.task == task
    assert note.seen_at is None


def test_assigning_yourself_raises_the_task_but_no_notification(
    world: SmallWorld, link_worker: User
) -> None:
    refer_and_start(world)
    assert len(raised("new_referral")) == 1
    assert not Notification.objects.exists()


def test_risk_on_the_referral_is_a_scheme_task_that_goes_to_the_link_worker_and_closes(
    world: SmallWorld, link_worker: User
) -> None:
    referral = refer(world, risk_flags=("self_harm_risk",))
    (task,) = raised("referral_risk")
    assert task.assignee is None  # nobody supports the person yet: the scheme's
    assert task.due_on == clock.today()
    referral_accept(referral=referral, actor=link_worker)
    referral_assign(referral=referral, link_worker=link_worker, actor=link_worker)
    task.refresh_from_db()
    assert task.assignee == link_worker
    referral_safety_record(referral=referral, actor=link_worker, action="Called the person.")
    task.refresh_from_db()
    assert task.status == "done"
    assert task.completed_by is None


def test_a_referral_without_risk_raises_no_risk_task(world: SmallWorld) -> None:
    refer(world)
    assert raised("referral_risk") == []


def test_a_service_reply_raises_a_task_but_the_link_workers_own_update_does_not(
    world: SmallWorld, link_worker: User
) -> None:
    service = listed_service(world)
    referral = refer_and_start(world)
    connection = connection_create(
        referral=referral,
        actor=link_worker,
        kind="referral",
        need="loneliness_isolation",
        service=service,
        consent=True,
        shared=["name", "contact", "reason"],
    )
    assert raised("vcse_reply") == []
    connection_reply(connection=connection, actor=world.users[Role.VCSE_WORKER], status="accepted")
    (reply,) = raised("vcse_reply")
    assert reply.assignee == link_worker
    assert reply.title.startswith(f"{service.name} replied (accepted)")
    connection_set_status(connection=connection, actor=link_worker, status="in-progress")
    assert len(raised("vcse_reply")) == 1


def test_a_service_declining_raises_find_another_service(
    world: SmallWorld, link_worker: User
) -> None:
    service = listed_service(world)
    connection = connection_create(
        referral=refer_and_start(world),
        actor=link_worker,
        kind="referral",
        service=service,
        consent=True,
        shared=["name"],
    )
    connection_reply(
        connection=connection,
        actor=world.users[Role.VCSE_WORKER],
        status="rejected",
        reason="No capacity",
    )
    (task,) = raised("vcse_declined")
    assert task.title == f"{service.name} declined: find another service with the person"
    assert raised("vcse_reply") == []


def test_a_risk_answer_on_a_questionnaire_raises_contact_today_until_acknowledged(
    world: SmallWorld, link_worker: User
) -> None:
    scheme_policy_set(scheme=world.scheme, policy=default_policy(outcome_tools=("ons4", "phq9")))
    referral = refer_and_start(world)
    alert = raise_phq9_alert(referral, link_worker)
    (task,) = raised("risk_alert")
    assert task.source_key == alert.pk
    assert task.assignee == link_worker
    assert task.due_on == clock.today()
    risk_alert_acknowledge(alert=alert, actor=link_worker, note="Spoke to them; safe plan.")
    task.refresh_from_db()
    assert task.status == "done"


def test_no_risk_answer_no_risk_task(world: SmallWorld, link_worker: User) -> None:
    scheme_policy_set(scheme=world.scheme, policy=default_policy(outcome_tools=("ons4", "phq9")))
    referral = refer_and_start(world)
    administration_record(
        referral=referral,
        actor=link_worker,
        questionnaire=Questionnaire(
            "phq9", "baseline", timezone.localdate() - timedelta(days=1), "with_link_worker"
        ),
        responses=[1, 1, 1, 1, 1, 1, 1, 1, 0],
    )
    assert raised("risk_alert") == []


def test_an_open_safeguarding_concern_is_a_task_due_on_its_review_date(
    world: SmallWorld, link_worker: User
) -> None:
    referral = refer_and_start(world)
    concern = open_concern(referral, link_worker)
    (task,) = raised("safeguarding")
    assert task.due_on == concern.review_on
    later = clock.today() + timedelta(days=20)
    concern_update(
        concern=concern,
        actor=link_worker,
        status="under_review",
        note="Lead told.",
        review_on=later,
    )
    task.refresh_from_db()
    assert task.due_on == later
    assert task.status == "open"
    concern_close(concern=concern, actor=link_worker, note="Resolved with the lead.")
    task.refresh_from_db()
    assert task.status == "done"
    assert len(raised("safeguarding")) == 1


def test_a_withdrawn_referral_closes_its_first_contact_task_but_not_its_risk(
    world: SmallWorld, link_worker: User
) -> None:
    referral = refer_and_start(world, risk_flags=("self_harm_risk",))
    referral_transition(referral=referral, to=Status.WITHDRAWN, actor=link_worker)
    (first,) = raised("new_referral")
    (risk,) = raised("referral_risk")
    assert first.status == "done"
    assert risk.status == "open"  # acting on risk is never hidden by the episode ending
