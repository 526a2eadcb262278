"""Running an evaluation as a background job with progress the page can poll."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.evaluation.analysis.data import EvaluationData
from linkwork.evaluation.dataset.extract import extract, frame
from linkwork.evaluation.dataset.pseudonymise import Pseudonymiser, new_key
from linkwork.evaluation.models import ReportJob
from linkwork.evaluation.permissions import EvaluationScope
from linkwork.evaluation.report.build import build_report
from linkwork.evaluation.selectors import _reference_date
from linkwork.organisations.models import Scheme


def _data_for(scheme_ids: list[str]) -> EvaluationData:
    from linkwork.evaluation.dataset.extract import ExportFilters

    slugs = tuple(Scheme.objects.filter(pk__in=scheme_ids).values_list("slug", flat=True))
    data = extract(
        ExportFilters(scheme_slugs=slugs or ("-none-",)), pseudonymiser=Pseudonymiser(new_key())
    )
    return EvaluationData(tables=data.tables, reference_date=_reference_date(data.tables))


def run_job(job_id: uuid.UUID) -> None:
    """Compute the report, saving progress as it goes. Failures are recorded, not raised."""
    job = ReportJob.objects.get(pk=job_id)

    def progress(percent: int, step: str) -> None:
        ReportJob.objects.filter(pk=job_id).update(progress=percent, step=step[:100])

    ReportJob.objects.filter(pk=job_id).update(status=ReportJob.Status.RUNNING)
    try:
        data = _data_for([str(s) for s in job.scheme_ids])
        report = build_report(
            data,
            audience=job.audience,
            progress=progress,
            threshold=getattr(settings, "LINKWORK_SUPPRESSION_THRESHOLD", 10),
            rounding_base=getattr(settings, "LINKWORK_ROUNDING_BASE", 5),
        )
    except Exception as exc:
        ReportJob.objects.filter(pk=job_id).update(
            status=ReportJob.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}",
            finished_at=timezone.now(),
        )
        return
    ReportJob.objects.filter(pk=job_id).update(
        status=ReportJob.Status.DONE,
        progress=100,
        step="Done",
        result=_jsonable(report),
        finished_at=timezone.now(),
    )


def _jsonable(report: dict[str, Any]) -> dict[str, Any]:
    import json

    return json.loads(json.dumps(report, default=str))


def _run_in_thread(job_id: uuid.UUID) -> None:
    try:
        run_job(job_id)
    finally:
        connection.close()


# A job still queued or running after this long has died with its process; start afresh.
_STALE_AFTER = timedelta(hours=1)


def job_start(*, user: User, scope: EvaluationScope) -> ReportJob:
    """Start the evaluation for `scope`, or return the same person's run of it that is still
    under way: asking twice (a second click, a resent page) never runs it twice."""
    scheme_ids = [str(s) for s in scope.scheme_ids]
    under_way = ReportJob.objects.filter(
        requested_by=user,
        audience=scope.audience,
        status__in=[ReportJob.Status.QUEUED, ReportJob.Status.RUNNING],
        created_at__gte=timezone.now() - _STALE_AFTER,
    )
    for job in under_way:
        if job.scheme_ids == scheme_ids:
            return job
    job = ReportJob.objects.create(
        requested_by=user,
        audience=scope.audience,
        scheme_ids=scheme_ids,
    )
    if getattr(settings, "LINKWORK_RUN_JOBS_INLINE", False):
        run_job(job.pk)
        job.refresh_from_db()
        return job
    # The thread opens its own connection; this request's stays open for the rest of its work.
    transaction.on_commit(
        lambda: threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start()
    )
    return job


__all__ = ["frame", "job_start", "run_job"]
