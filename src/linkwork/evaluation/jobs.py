"""Running an evaluation as a background job with progress the page can poll. The job's row
is what people see; the database task queue (django-tasks) is how a worker process gets it."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from linkwork.accounts.models import User
from linkwork.evaluation.dataset.pseudonymise import Pseudonymiser, new_key
from linkwork.evaluation.models import ReportJob
from linkwork.evaluation.permissions import EvaluationScope
from linkwork.organisations.models import Scheme
from linkwork.voice.selectors import feedback_report_section

if TYPE_CHECKING:
    from linkwork.evaluation.analysis.data import EvaluationData


def _data_for(scheme_ids: list[str]) -> EvaluationData:
    # The analysis stack (polars, numpy, scipy, statsmodels) loads only in the process that
    # runs a report: the web process imports this module for job_start.
    from linkwork.evaluation.analysis.plausibility import evaluation_data
    from linkwork.evaluation.dataset.extract import ExportFilters, extract
    from linkwork.evaluation.selectors import _reference_date

    slugs = tuple(Scheme.objects.filter(pk__in=scheme_ids).values_list("slug", flat=True))
    data = extract(
        ExportFilters(scheme_slugs=slugs or ("-none-",)), pseudonymiser=Pseudonymiser(new_key())
    )
    return evaluation_data(
        data.tables, reference_date=_reference_date(data.tables), recorded=data.set_aside
    )


logger = logging.getLogger(__name__)

# A job interrupted this many times is not tried again: something in it stops the worker.
MAX_ATTEMPTS = 2
FAILED_UNEXPECTEDLY = (
    "Something went wrong while making the report. It has been logged for the system "
    "administrator; try again later."
)
INTERRUPTED = (
    "The background worker stopped while making this report, {attempts} times. "
    "Try again; if it stops again, tell the system administrator."
)


def this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run_job(job_id: uuid.UUID) -> None:
    """Compute the report, saving progress as it goes. Failures are recorded, not raised."""
    from linkwork.evaluation.report.build import build_report

    job = ReportJob.objects.get(pk=job_id)
    if job.status not in (ReportJob.Status.QUEUED, ReportJob.Status.RUNNING):
        return  # already finished: a task delivered twice does the work once

    def progress(percent: int, step: str) -> None:
        ReportJob.objects.filter(pk=job_id).update(
            progress=percent, step=step[:100], updated_at=timezone.now()
        )

    ReportJob.objects.filter(pk=job_id).update(
        status=ReportJob.Status.RUNNING,
        worker=this_worker(),
        attempts=F("attempts") + 1,
        updated_at=timezone.now(),
    )
    try:
        data = _data_for([str(s) for s in job.scheme_ids])
        rounding = getattr(settings, "LINKWORK_ROUNDING_BASE", 5)
        report = build_report(
            data,
            audience=job.audience,
            progress=progress,
            threshold=getattr(settings, "LINKWORK_SUPPRESSION_THRESHOLD", 10),
            rounding_base=rounding,
        )
        # The people's own feedback, from its own tables (not the pseudonymised dataset),
        # with its counts exact for the scheme's own managers as the rest of their report.
        report["feedback"] = feedback_report_section(
            scheme_ids=list(job.scheme_ids),
            until=date.fromisoformat(report["reference_date"]),
            rounding=1 if job.audience == "scheme" else rounding,
        )
    except Exception:
        # The reason goes to the log for the administrator; the person sees plain words.
        logger.exception("Evaluation report %s failed", job_id)
        ReportJob.objects.filter(pk=job_id).update(
            status=ReportJob.Status.FAILED, error=FAILED_UNEXPECTEDLY, finished_at=timezone.now()
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


# A job still queued or running after this long has died with its process; start afresh.
_STALE_AFTER = timedelta(hours=1)


@task()
def evaluation_report(job_id: str) -> None:
    """The queued task: the worker runs the report of the job with this id."""
    run_job(uuid.UUID(job_id))


def _enqueue(job_id: uuid.UUID) -> None:
    evaluation_report.enqueue(str(job_id))


def _worker_gone(worker: str, last_seen: Any) -> bool:
    """Whether the worker process that took a job has died: on this machine its process is
    gone; elsewhere it has not reported progress for longer than any step takes."""
    host, _, pid = worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False
    return bool(last_seen < timezone.now() - _STALE_AFTER)


def jobs_interrupted_recover() -> int:
    """Queue again each report a dead worker left running, or fail it with the reason once it
    has been interrupted MAX_ATTEMPTS times. Called when a worker starts."""
    recovered = 0
    for job in ReportJob.objects.filter(status=ReportJob.Status.RUNNING):
        if not _worker_gone(job.worker, job.updated_at):
            continue
        with transaction.atomic():
            if job.attempts >= MAX_ATTEMPTS:
                ReportJob.objects.filter(pk=job.pk).update(
                    status=ReportJob.Status.FAILED,
                    error=INTERRUPTED.format(attempts=job.attempts),
                    finished_at=timezone.now(),
                )
            else:
                ReportJob.objects.filter(pk=job.pk).update(
                    status=ReportJob.Status.QUEUED, step="Waiting to start again", progress=0
                )
                transaction.on_commit(partial(_enqueue, job.pk))
        recovered += 1
    return recovered


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
    # Queued once the job's row is committed, so the worker never looks for a row not yet there.
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


__all__ = ["job_start", "jobs_interrupted_recover", "run_job"]
