"""`linkwork tasks raise-due`: a connection silent for the silent days and a questionnaire due
each raise one task, however often the command runs; a questionnaire recorded closes its task."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.core import clock
from linkwork.episodes.models import Connection, Referral
from linkwork.episodes.services.connections import connection_create
from linkwork.episodes.services.encounters import encounter_record
from linkwork.outcomes.services import Questionnaire, administration_record
from linkwork.tasks.tests.conftest import raised
from linkwork.testing.world import SmallWorld, refer_and_start

pytestmark = pytest.mark.django_db


def raise_due() -> str:
    out = StringIO()
    call_command("tasks", "raise-due", stdout=out)
    return out.getvalue().strip()


def a_connection(world: SmallWorld, link_worker: User, *, quiet_days: int) -> Connection:
    connection = connection_create(
        referral=refer_and_start(world),
        actor=link_worker,
        kind="referral",
        service_name="Men's shed",
    )
    Connection.objects.filter(pk=connection.pk).update(
        status_changed_at=timezone.now() - timedelta(days=quiet_days)
    )
    connection.refresh_from_db()
    return connection


def test_a_connection_silent_for_fourteen_days_raises_one_chase_however_often_it_runs(
    world: SmallWorld, link_worker: User
) -> None:
    a_connection(world, link_worker, quiet_days=13)
    silent = a_connection(world, link_worker, quiet_days=14)
    assert raise_due().startswith("1 silent connections to chase")
    assert raise_due().startswith("0 silent connections to chase")
    (task,) = raised("connection_silent")
    assert task.referral_id == silent.referral_id
    assert task.assignee == link_worker
    assert task.title == "No reply from Men's shed for 14 days: chase them"


def test_the_silent_days_are_a_setting(
    world: SmallWorld, link_worker: User, settings: pytest.FixtureRequest
) -> None:
    settings.LINKWORK_TASK_SILENT_DAYS = 30  # type: ignore[attr-defined]
    a_connection(world, link_worker, quiet_days=20)
    raise_due()
    assert raised("connection_silent") == []


def test_a_connection_that_has_had_its_reply_is_not_chased(
    world: SmallWorld, link_worker: User
) -> None:
    connection = a_connection(world, link_worker, quiet_days=20)
    Connection.objects.filter(pk=connection.pk).update(status="in-progress")
    raise_due()
    assert raised("connection_silent") == []


def first_session(referral: Referral, link_worker: User) -> None:
    encounter_record(
        referral=referral,
        actor=link_worker,
        occurred_on=clock.today(),
        mode="telephone",
        duration_minutes=30,
    )


def test_a_questionnaire_due_raises_one_task_and_recording_it_closes_the_task(
    world: SmallWorld, link_worker: User
) -> None:
    referral = refer_and_start(world)
    raise_due()
    assert raised("questionnaire_due") == []  # nothing due before the first session
    first_session(referral, link_worker)
    assert "1 questionnaires due" in raise_due()
    assert "0 questionnaires due" in raise_due()
    (task,) = raised("questionnaire_due")
    assert task.assignee == link_worker
    assert task.due_on == clock.today()
    assert "questionnaire due (baseline)" in task.title
    administration_record(
        referral=referral,
        actor=link_worker,
        questionnaire=Questionnaire("ons4", "baseline", clock.today(), "with_link_worker"),
        responses={"life_satisfaction": 7, "worthwhile": 8, "happiness": 5, "anxiety": 3},
    )
    assert raise_due().endswith("1 questionnaire tasks no longer due.")
    task.refresh_from_db()
    assert task.status == "done"
    assert len(raised("questionnaire_due")) == 1


@pytest.mark.parametrize("chunk", [2, 3])
def test_every_connection_is_seen_across_pages(
    world: SmallWorld, link_worker: User, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pages of 2 and 3 over 5 silent connections: a full last page, a part one, and the step
    # from one page to the next, where a row would be lost or read twice.
    from linkwork.tasks import due

    monkeypatch.setattr(due, "CHUNK", chunk)
    silent = {a_connection(world, link_worker, quiet_days=20).referral_id for _ in range(5)}
    assert raise_due().startswith("5 silent connections to chase")
    assert {t.referral_id for t in raised("connection_silent")} == silent
