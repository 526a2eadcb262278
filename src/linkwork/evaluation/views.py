"""Evaluation dashboards for scheme managers, commissioners and researchers."""

from __future__ import annotations

import json
import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from linkwork.accounts.http import AppRequest
from linkwork.core.submissions import AlreadySubmittedError, run_once
from linkwork.core.views import submission_key, submission_scope
from linkwork.evaluation.jobs import job_start
from linkwork.evaluation.jobs_selectors import latest_report, report_job_of
from linkwork.evaluation.models import ReportJob
from linkwork.evaluation.permissions import evaluation_scope_for
from linkwork.evaluation.report.html import render_html, report_context


def _latest(request: AppRequest) -> tuple[object, ReportJob | None]:
    scope = evaluation_scope_for(user=request.user)
    return scope, latest_report(user=request.user, scope=scope)


@require_GET
@login_required
def dashboard(request: AppRequest) -> HttpResponse:
    scope, job = _latest(request)
    context: dict[str, object] = {"scope": scope, "job": job}
    if job is not None and job.result:
        context.update(report_context(job.result))
    return render(request, "evaluation/dashboard.html", context)


@require_POST
@login_required
def run(request: AppRequest) -> HttpResponse:
    scope = evaluation_scope_for(user=request.user)
    try:
        job = run_once(
            key=submission_key(request),
            scope=submission_scope(request),
            action=lambda: job_start(user=request.user, scope=scope),
            location=lambda started: reverse("evaluation:job", args=[started.pk]),
        )
    except AlreadySubmittedError as sent:
        # The same button press sent again (Back, then resend): show the run it started.
        return redirect(sent.location)
    return redirect("evaluation:job", job_id=job.pk)


def _own_job(request: AppRequest, job_id: uuid.UUID) -> ReportJob:
    evaluation_scope_for(user=request.user)
    return report_job_of(user=request.user, job_id=job_id)


@require_GET
@login_required
def job(request: AppRequest, job_id: uuid.UUID) -> HttpResponse:
    run_job = _own_job(request, job_id)
    if run_job.status == ReportJob.Status.DONE and not request.htmx:
        return redirect("evaluation:dashboard")
    template = "evaluation/job.html" + ("#progress" if request.htmx else "")
    response = render(request, template, {"job": run_job})
    if request.htmx and run_job.status == ReportJob.Status.DONE:
        response["HX-Redirect"] = "/evaluation/"
    return response


@require_GET
@login_required
def download(request: AppRequest, job_id: uuid.UUID, fmt: str) -> HttpResponse:
    run_job = _own_job(request, job_id)
    if run_job.status != ReportJob.Status.DONE or not run_job.result or fmt not in {"html", "json"}:
        raise Http404("That report is not ready.")
    if fmt == "json":
        body, content_type = json.dumps(run_job.result, indent=2), "application/json"
    else:
        body, content_type = render_html(run_job.result), "text/html; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="linkwork-evaluation.{fmt}"'
    return response
