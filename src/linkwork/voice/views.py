"""Staff pages of the person's voice: feedback results by scheme, and case studies written,
approved, withdrawn and exported. Thin: each write is one service call, and every page is
reached through a fetch that authorises and audits."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.http import AppRequest
from linkwork.audit.models import AuditEvent
from linkwork.audit.services import audit_record_list
from linkwork.core import clock
from linkwork.core.csv_safety import safe_writer
from linkwork.core.errors import DomainError
from linkwork.core.submissions import AlreadySubmittedError, run_once
from linkwork.core.views import ALREADY_SAVED, add_errors, submission_key, submission_scope
from linkwork.episodes.models import Referral
from linkwork.episodes.permissions import referral_get_for_user
from linkwork.voice.case_study_services import (
    Story,
    case_study_approve,
    case_study_consent_withdraw,
    case_study_update,
    case_study_write,
)
from linkwork.voice.forms import CaseStudyForm, ConsentWithdrawForm
from linkwork.voice.models import CaseStudy
from linkwork.voice.permissions import case_study_get_for_user, voice_scope_for
from linkwork.voice.selectors import (
    EXPORT_COLUMNS,
    case_studies_for,
    case_study_export,
    feedback_comments,
    feedback_results,
    feedback_rounding,
)

RESULTS_DAYS = 365


@require_GET
@login_required
def feedback_results_view(request: AppRequest) -> HttpResponse:
    """The last year's feedback by scheme; comments below, for the scheme's managers."""
    scope = voice_scope_for(user=request.user)
    until = clock.today()
    since = until - timedelta(days=RESULTS_DAYS - 1)
    results = feedback_results(
        scheme_ids=scope.scheme_ids, since=since, until=until, rounding=feedback_rounding(scope)
    )
    comments = feedback_comments(scheme_ids=scope.managed, since=since, until=until)
    audit_record_list(
        actor=request.user,
        object_type="feedback_comment",
        rows=[(c.person_id, c.scheme_id) for c in comments],
        detail={"page": "feedback_results", "comments": len(comments)},
    )
    return render(
        request,
        "voice/feedback_results.html",
        {
            "results": results,
            "comments": comments,
            "sees_comments": bool(scope.managed),
            "scope": scope,
        },
    )


def _story(data: dict[str, object]) -> Story:
    return Story(
        title=str(data.get("title") or ""),
        what_mattered=str(data.get("what_mattered") or ""),
        what_was_done=str(data.get("what_was_done") or ""),
        what_changed=str(data.get("what_changed") or ""),
        consent_on=data.get("consent_on") or None,  # type: ignore[arg-type]
        consent_how=str(data.get("consent_how") or ""),
    )


def _form_page(
    request: AppRequest, referral: Referral, form: CaseStudyForm, case_study: CaseStudy | None
) -> HttpResponse:
    return render(
        request,
        "voice/case_study_form.html",
        {"referral": referral, "form": form, "case_study": case_study},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def case_study_new(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral, _ = referral_get_for_user(user=request.user, referral_id=referral_id, write=True)
    form = CaseStudyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        story = _story(form.cleaned_data)
        try:
            # One case study per form: the same form sent again finds the first one.
            case_study = run_once(
                key=submission_key(request),
                scope=submission_scope(request),
                action=lambda: case_study_write(referral=referral, actor=request.user, story=story),
                location=lambda saved: reverse("voice:case_study", args=[saved.pk]),
            )
        except AlreadySubmittedError as replay:
            messages.info(request, ALREADY_SAVED)
            return redirect(
                replay.location or reverse("episodes:referral_detail", args=[referral.pk])
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Case study saved. A scheme manager approves it.")
            return redirect("voice:case_study", case_study_id=case_study.pk)
    return _form_page(request, referral, form, None)


@require_http_methods(["GET", "POST"])
@login_required
def case_study_edit(request: AppRequest, case_study_id: uuid.UUID) -> HttpResponse:
    case_study = case_study_get_for_user(user=request.user, case_study_id=case_study_id, write=True)
    initial = {
        name: getattr(case_study, name)
        for name in (
            "title",
            "what_mattered",
            "what_was_done",
            "what_changed",
            "consent_on",
            "consent_how",
        )
    }
    form = CaseStudyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case_study_update(
                case_study=case_study, actor=request.user, story=_story(form.cleaned_data)
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Case study changed.")
            return redirect("voice:case_study", case_study_id=case_study.pk)
    return _form_page(request, case_study.referral, form, case_study)


def _detail(
    request: AppRequest, case_study: CaseStudy, withdraw_form: ConsentWithdrawForm | None = None
) -> HttpResponse:
    return render(
        request,
        "voice/case_study_detail.html",
        {
            "case_study": case_study,
            "referral": case_study.referral,
            "can_approve": case_study.scheme_id in voice_managed(request),
            "withdraw_form": withdraw_form or ConsentWithdrawForm(initial={"on": clock.today()}),
        },
        status=400 if withdraw_form is not None and withdraw_form.errors else 200,
    )


def voice_managed(request: AppRequest) -> frozenset[uuid.UUID]:
    try:
        return voice_scope_for(user=request.user).managed
    except PermissionDenied:
        return frozenset()


@require_GET
@login_required
def case_study_detail(request: AppRequest, case_study_id: uuid.UUID) -> HttpResponse:
    return _detail(request, case_study_get_for_user(user=request.user, case_study_id=case_study_id))


@require_POST
@login_required
def case_study_approve_view(request: AppRequest, case_study_id: uuid.UUID) -> HttpResponse:
    case_study = case_study_get_for_user(user=request.user, case_study_id=case_study_id, write=True)
    try:
        case_study_approve(case_study=case_study, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Approved: the case study can now be exported, anonymised.")
    return redirect("voice:case_study", case_study_id=case_study.pk)


@require_POST
@login_required
def case_study_withdraw_view(request: AppRequest, case_study_id: uuid.UUID) -> HttpResponse:
    case_study = case_study_get_for_user(user=request.user, case_study_id=case_study_id, write=True)
    form = ConsentWithdrawForm(request.POST)
    if form.is_valid():
        try:
            case_study_consent_withdraw(
                case_study=case_study, actor=request.user, on=form.cleaned_data["on"]
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Consent withdrawn: the case study will not be exported.")
            return redirect("voice:case_study", case_study_id=case_study.pk)
    return _detail(request, case_study, form)


@require_GET
@login_required
def case_study_list(request: AppRequest) -> HttpResponse:
    """The case studies of the schemes the user manages, for approval; commissioners see only
    how many can be exported."""
    scope = voice_scope_for(user=request.user)
    studies = case_studies_for(scheme_ids=scope.managed)
    audit_record_list(
        actor=request.user,
        object_type="case_study",
        rows=[(s.referral.person_id, s.scheme_id) for s in studies],
        detail={"page": "case_study_list"},
    )
    return render(
        request,
        "voice/case_study_list.html",
        {"case_studies": studies, "scope": scope, "sees_stories": bool(scope.managed)},
    )


@require_GET
@login_required
def case_study_export_view(request: AppRequest) -> HttpResponse:
    """Approved, consented case studies, anonymised, as CSV (formula-safe)."""
    scope = voice_scope_for(user=request.user)
    export = case_study_export(scheme_ids=scope.scheme_ids)
    audit_record_list(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        object_type="case_study",
        rows=export.subjects,
        detail={"export": "case_studies_anonymised", "rows": len(export.rows)},
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="case-studies-{clock.today():%Y-%m-%d}.csv"'
    )
    writer = safe_writer(response)
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(export.rows)
    return response
