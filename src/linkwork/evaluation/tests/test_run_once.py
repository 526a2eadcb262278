"""Asking for the evaluation twice runs it once."""

from __future__ import annotations

import time

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.evaluation.jobs import job_start
from linkwork.evaluation.models import ReportJob
from linkwork.evaluation.permissions import evaluation_scope_for
from linkwork.evaluation.tests.test_report_and_dashboards import client_for
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db


def test_the_same_press_sent_again_shows_the_first_run(casework: SmallWorld) -> None:
    manager = client_for(casework, Role.SCHEME_MANAGER)
    press = {"submission_key": "press-0000000001"}
    first = manager.post(reverse("evaluation:run"), press)
    again = manager.post(reverse("evaluation:run"), press)  # Back, then resend
    job = ReportJob.objects.get()
    assert first["Location"] == again["Location"] == reverse("evaluation:job", args=[job.pk])
    manager.post(reverse("evaluation:run"), {"submission_key": "press-0000000002"})
    assert ReportJob.objects.count() == 2  # a new press is a new run


@override_settings(LINKWORK_RUN_JOBS_INLINE=False)
def test_a_run_under_way_is_returned_not_started_again(casework: SmallWorld) -> None:
    manager = casework.users[Role.SCHEME_MANAGER]
    scope = evaluation_scope_for(user=manager)
    first = job_start(user=manager, scope=scope)
    assert job_start(user=manager, scope=scope) == first
    ReportJob.objects.filter(pk=first.pk).update(status=ReportJob.Status.DONE)
    assert job_start(user=manager, scope=scope) != first


@override_settings(LINKWORK_RUN_JOBS_INLINE=False)
def test_starting_a_background_run_keeps_the_requests_connection(casework: SmallWorld) -> None:
    # A server marks its connection old when each request starts; starting the job inside
    # the request's transaction must not close it (the view saves its run-once claim next).
    manager = casework.users[Role.SCHEME_MANAGER]
    scope = evaluation_scope_for(user=manager)
    with transaction.atomic():
        connection.close_at = time.monotonic() - 1
        job = job_start(user=manager, scope=scope)
        assert ReportJob.objects.filter(pk=job.pk).exists()
