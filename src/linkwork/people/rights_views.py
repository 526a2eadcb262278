"""A person's data rights: correction, restriction, legal hold, erasure, subject access, and
the retention review. Thin views: fetch-and-authorise, one service call."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.http import AppRequest
from linkwork.accounts.scope import scope_for
from linkwork.audit.services import audit_record_list
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.core.forms import Form
from linkwork.core.pagination import page_of
from linkwork.core.pdf import html_to_pdf
from linkwork.core.views import add_errors
from linkwork.people.data_rights import (
    erasure_blocker,
    person_correct,
    person_erase,
    person_legal_hold,
    person_restrict,
    person_unrestrict,
)
from linkwork.people.forms import CorrectionForm, LegalHoldForm, RestrictionForm
from linkwork.people.permissions import person_get_for_manager, person_get_for_user
from linkwork.people.selectors import people_past_retention
from linkwork.people.subject_access import subject_access_html, subject_access_report
from linkwork.people.views import person_context


def _record_page_or_redirect(
    request: AppRequest,
    person_id: uuid.UUID,
    *,
    form: Form,
    action: Callable[[], object],
    success: str,
) -> HttpResponse:
    """Run one data-rights write from a form on the record page. On success, back to the
    record with `success`; when the form or the service refuses, the record page again with
    the error summary, each error beside its box and what was typed kept (400, as every form
    of the product)."""
    if form.is_valid():
        try:
            action()
        except DomainError as exc:
            if isinstance(form, CorrectionForm):
                form.add_service_errors(exc)
            else:
                add_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("people:person_detail", person_id=person_id)
    context = person_context(request, person_id)
    context[_CONTEXT_NAMES[type(form)]] = form
    return render(request, "people/person_detail.html", context, status=400)


_CONTEXT_NAMES: dict[type[Form], str] = {
    CorrectionForm: "correction_form",
    RestrictionForm: "restriction_form",
    LegalHoldForm: "hold_form",
}


@require_POST
@login_required
def correction_add(request: AppRequest, person_id: uuid.UUID) -> HttpResponse:
    person = person_get_for_user(user=request.user, person_id=person_id, purpose="correct")
    form = CorrectionForm(request.POST, person=person)
    return _record_page_or_redirect(
        request,
        person_id,
        form=form,
        action=lambda: person_correct(person=person, actor=request.user, **form.correction()),
        success="Corrected. The previous value is kept below.",
    )


@require_POST
@login_required
def restriction_change(request: AppRequest, person_id: uuid.UUID) -> HttpResponse:
    person = person_get_for_manager(user=request.user, person_id=person_id, purpose="restrict")
    form = RestrictionForm(request.POST)
    if request.POST.get("action") == "lift":
        return _record_page_or_redirect(
            request,
            person_id,
            form=form,
            action=lambda: person_unrestrict(person=person, actor=request.user),
            success="Restriction lifted: the scheme's link workers see it again.",
        )
    return _record_page_or_redirect(
        request,
        person_id,
        form=form,
        action=lambda: person_restrict(
            person=person, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        success="Restricted: only the scheme's managers see this record.",
    )


@require_POST
@login_required
def legal_hold_change(request: AppRequest, person_id: uuid.UUID) -> HttpResponse:
    person = person_get_for_manager(user=request.user, person_id=person_id, purpose="hold")
    form = LegalHoldForm(request.POST)
    hold = request.POST.get("action") != "lift"
    return _record_page_or_redirect(
        request,
        person_id,
        form=form,
        action=lambda: person_legal_hold(
            person=person, actor=request.user, hold=hold, reason=form.cleaned_data["reason"]
        ),
        success="Legal hold placed." if hold else "Legal hold lifted.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def erase(request: AppRequest, person_id: uuid.UUID) -> HttpResponse:
    person = person_get_for_manager(user=request.user, person_id=person_id, purpose="erase")
    if request.method == "POST":
        try:
            person_erase(person=person, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Erased. Pseudonymised statistics and the audit stub stay.")
            return redirect("people:person_detail", person_id=person_id)
    blocker = erasure_blocker(person=person, today=clock.today())
    status = 200 if request.method == "GET" else 400
    return render(
        request, "people/person_erase.html", {"person": person, "blocker": blocker}, status=status
    )


@require_GET
@login_required
def subject_access(request: AppRequest, person_id: uuid.UUID) -> HttpResponse:
    person = person_get_for_manager(user=request.user, person_id=person_id, purpose="sar")
    report = subject_access_report(person=person, actor=request.user)
    kind = request.GET.get("format", "html")
    filename = f"subject-access-{person.pk}"
    if kind == "json":
        response = HttpResponse(
            json.dumps(report.as_json(), indent=2, ensure_ascii=False),
            content_type="application/json",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        return response
    if kind == "pdf":
        html = subject_access_html(report, standalone=True, request=request)
        response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
        return response
    return HttpResponse(subject_access_html(report, standalone=False, request=request))


@require_GET
@login_required
def retention_review(request: AppRequest) -> HttpResponse:
    if not scope_for(request.user).managed_schemes:
        raise Http404("Only scheme managers review retention.")
    page = page_of(request, people_past_retention(user=request.user, today=clock.today()))
    audit_record_list(
        actor=request.user,
        object_type="retention_review",
        rows=[(row.person.pk, row.person.scheme_id) for row in page],
    )
    return render(request, "people/retention_review.html", {"rows": page, "page": page})
