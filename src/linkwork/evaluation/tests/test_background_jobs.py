"""Evaluation reports run in a worker process from a database queue: they wait there when no
worker is running, a worker finishes them, and one left running by a worker that died is
queued again, or failed with the reason once it has been interrupted too often."""

from __future__ import annotations

import os
import socket
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from linkwork.accounts.roles import Role
from linkwork.evaluation.jobs import MAX_ATTEMPTS, job_start
from linkwork.evaluation.models import ReportJob
from linkwork.evaluation.permissions import evaluation_scope_for
from linkwork.testing.world import SmallWorld

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("casework")]

# A process id no process has: the kernel's limit is far below it.
DEAD = "{host}:2147483646"


def queue_a_report(world: SmallWorld, capture: Any) -> ReportJob:
    manager = world.users[Role.SCHEME_MANAGER]
    with capture(execute=True):
        return job_start(user=manager, scope=evaluation_scope_for(user=manager))


def taken_by(job: ReportJob, *, worker: str, attempts: int) -> None:
    """As if `worker` had taken the job's task and was making the report."""
    DBTaskResult.objects.all().delete()
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.RUNNING, worker=worker, attempts=attempts, updated_at=timezone.now()
    )


@pytest.fixture(autouse=True)
def keep_the_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    # The worker drops stale connections between jobs, as a server does between requests;
    # here that connection holds the test's open transaction, so it must stay.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_worker() -> str:
    out = StringIO()
    call_command("worker", "--batch", stdout=out)
    return out.getvalue()


@override_settings(LINKWORK_RUN_JOBS_INLINE=False)
def test_a_report_waits_for_a_worker_and_the_worker_finishes_it(
    casework: SmallWorld, django_capture_on_commit_callbacks: Any
) -> None:
    job = queue_a_report(casework, django_capture_on_commit_callbacks)
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [str(job.pk)]
    job.refresh_from_db()
    assert job.status == ReportJob.Status.QUEUED  # nothing ran it inside the request

    run_worker()

    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE
    assert job.result is not None
    assert job.result["scope"]["referrals"] > 0
    assert job.attempts == 1
    assert job.worker


@override_settings(LINKWORK_RUN_JOBS_INLINE=False)
def test_a_report_left_running_by_a_dead_worker_is_run_again(
    casework: SmallWorld, django_capture_on_commit_callbacks: Any
) -> None:
    job = queue_a_report(casework, django_capture_on_commit_callbacks)
    taken_by(job, worker=DEAD.format(host=socket.gethostname()), attempts=1)

    with django_capture_on_commit_callbacks(execute=True):
        said = run_worker()
    assert "Found 1 job(s) left by a worker that stopped." in said
    run_worker()  # the queued-again task

    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE
    assert job.attempts == 2


@override_settings(LINKWORK_RUN_JOBS_INLINE=False)
def test_a_report_interrupted_too_often_fails_with_the_reason(
    casework: SmallWorld, django_capture_on_commit_callbacks: Any
) -> None:
    job = queue_a_report(casework, django_capture_on_commit_callbacks)
    taken_by(job, worker=DEAD.format(host=socket.gethostname()), attempts=MAX_ATTEMPTS)
    run_worker()
    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED
    assert job.error.startswith("The background worker stopped while making this report, 2 times.")
    assert not DBTaskResult.objects.exists()


@override_settings(LINKWORK_RUN_JOBS_INLINE=False)
def test_a_report_a_live_worker_is_making_is_left_alone(
    casework: SmallWorld, django_capture_on_commit_callbacks: Any
) -> None:
    job = queue_a_report(casework, django_capture_on_commit_callbacks)
    taken_by(job, worker=f"{socket.gethostname()}:{os.getpid()}", attempts=1)
    run_worker()
    job.refresh_from_db()
    assert job.status == ReportJob.Status.RUNNING
