"""Pages for a scheme manager: upload an export, see it mapped and checked, import it in the
background with its progress, list past imports and reverse one."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.http import AppRequest
from linkwork.core.errors import DomainError
from linkwork.imports.forms import UploadForm
from linkwork.imports.harmonise.problems import ImportInputError
from linkwork.imports.models import ImportRun
from linkwork.imports.permissions import import_run_for_user, importable_schemes
from linkwork.imports.run_summary import run_summary
from linkwork.organisations.models import Scheme

# The pipeline (polars, fastexcel) loads when a page needs it, not when a web process starts.


def _schemes(request: AppRequest) -> list[Scheme]:
    schemes = importable_schemes(user=request.user)
    if not schemes:
        raise Http404("No such page.")
    return schemes


def _index(request: AppRequest, form: UploadForm, status: int = 200) -> HttpResponse:
    from linkwork.imports.selectors import import_runs

    schemes = _schemes(request)
    return render(
        request,
        "imports/index.html",
        {"form": form, "runs": import_runs(schemes=schemes)[:50]},
        status=status,
    )


@require_GET
@login_required
def index(request: AppRequest) -> HttpResponse:
    return _index(request, UploadForm(schemes=_schemes(request)))


@require_http_methods(["POST"])
@login_required
def upload(request: AppRequest) -> HttpResponse:
    from linkwork.imports.uploads import import_upload

    form = UploadForm(request.POST, request.FILES, schemes=_schemes(request))
    if not form.is_valid():
        return _index(request, form, status=400)
    try:
        run = import_upload(
            scheme=form.cleaned_data["scheme"],
            actor=request.user,
            files=request.FILES.getlist("uploads"),
            profile_name=form.cleaned_data["profile"],
            profile_file=form.cleaned_data["profile_file"],
            skip_invalid=form.cleaned_data["skip_invalid"],
        )
    except ImportInputError as exc:
        # A message listing several problems, one a line, is shown as a list.
        form.add_error(None, [line.strip() for line in exc.message.splitlines() if line.strip()])
        return _index(request, form, status=400)
    return redirect("imports:run", run_id=run.pk)


@require_GET
@login_required
def run_page(request: AppRequest, run_id: uuid.UUID) -> HttpResponse:
    from linkwork.imports.dry_run import LISTED_PROBLEMS, OPEN_PROBLEMS
    from linkwork.imports.selectors import import_preview, profile_title

    run = import_run_for_user(user=request.user, run_id=run_id)
    summary = run_summary(run=run)
    if request.htmx:
        if run.status == ImportRun.Status.UPLOADED:
            # The dry run has finished: the whole page changes, from progress to preview.
            return HttpResponse(headers={"HX-Refresh": "true"})
        return render(
            request,
            "imports/run.html#progress",
            {
                "run": run,
                "summary": summary,
                "listed_problems": LISTED_PROBLEMS,
                "open_problems": OPEN_PROBLEMS,
            },
        )
    preview = (
        import_preview(run=run, actor=request.user)
        if run.status == ImportRun.Status.UPLOADED
        else None
    )
    return render(
        request,
        "imports/run.html",
        {
            "run": run,
            "profile_title": profile_title(run=run),
            "preview": preview,
            "summary": summary,
            "listed_problems": LISTED_PROBLEMS,
            "open_problems": OPEN_PROBLEMS,
        },
    )


@require_POST
@login_required
def start(request: AppRequest, run_id: uuid.UUID) -> HttpResponse:
    from linkwork.imports.jobs import import_job_start

    run = import_run_for_user(user=request.user, run_id=run_id)
    try:
        import_job_start(run=run)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("imports:run", run_id=run.pk)


@require_POST
@login_required
def discard(request: AppRequest, run_id: uuid.UUID) -> HttpResponse:
    from linkwork.imports.uploads import import_discard

    run = import_run_for_user(user=request.user, run_id=run_id)
    try:
        import_discard(run=run, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("imports:run", run_id=run.pk)
    messages.success(request, "The upload was discarded and its files removed.")
    return redirect("imports:index")


@require_POST
@login_required
def reverse_run(request: AppRequest, run_id: uuid.UUID) -> HttpResponse:
    from linkwork.imports.jobs import import_reversal_start

    run = import_run_for_user(user=request.user, run_id=run_id)
    try:
        import_reversal_start(run=run, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("imports:run", run_id=run.pk)
