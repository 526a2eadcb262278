"""Reads of evaluation runs: a user sees only the runs they asked for."""

from __future__ import annotations

import uuid

from django.http import Http404

from linkwork.accounts.models import User
from linkwork.evaluation.models import ReportJob
from linkwork.evaluation.permissions import EvaluationScope


def latest_report(*, user: User, scope: EvaluationScope) -> ReportJob | None:
    """The user's latest finished run for exactly this audience and set of schemes."""
    return (
        ReportJob.objects.filter(
            requested_by=user,
            audience=scope.audience,
            scheme_ids=[str(s) for s in scope.scheme_ids],
            status=ReportJob.Status.DONE,
        )
        .order_by("-created_at")
        .first()
    )


def report_job_of(*, user: User, job_id: uuid.UUID) -> ReportJob:
    """One of the user's own runs; 404 for anyone else's."""
    job = ReportJob.objects.filter(pk=job_id, requested_by=user).first()
    if job is None:
        raise Http404("No such evaluation run.")
    return job
