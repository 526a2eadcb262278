"""A person's data rights: correction, restriction, legal hold, erasure, subject access, and
the retention review. Thin views: fetch-and-authorise, one service call."""

from __future__ import annotations

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.http import AppRequest
from linkwork.accounts.scope import scope_for
from linkwork.audit.services import audit_record_list
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.core.pdf import html_to_pdf
from linkwork.people.data_rights import (
    erasure_blocker,
    person_correct,
    person_erase,
    person_legal_hold,
    person_restrict,
    person_unrestrict,
)
from linkwork.people.forms import CorrectionForm, ReasonForm
from linkwork.people.permissions import person_get_for_manager, person_get_for_user
from linkwork.people.selectors import people_past_retention
from linkwork.people.subject_access import subject_access_report


def _errors(request: AppRequest, exc: DomainError) -> None:
    details = [m for ms in exc.field_errors.values() for m in ms]
    messages.error(request, " ".join([exc.message, *details]))


@require_POST
@login_required
def correction_add(request: AppRequest, person_id: uuid.UUID) -> HttpResponse:
    person = person_get_for_user(user=request.user, person_id=person_id, purpose="correct")
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the detail, give the correct value and the reason.")
    else:
        try:
            person_correct(person=person, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "Corrected. The previous value is kept below.")
    return redirect("people:person_detail", person_id=person_id)


@require_POST
@login_required
def restriction_change(request: AppRequest, person_id: uuid.UUID) -> HttpResponse:
    person = person_get_for_manager(user=request.user, person_id=person_id, purpose="restrict")
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        if request.POST.get("action") == "lift":
            person_unrestrict(person=person, actor=request.user)
            messages.success(request, "Restriction lifted: the scheme's link workers see it again.")
        else:
            person_restrict(
                person=person, actor=request.user, reason=form.cleaned_data.get("reason", "")
            )
            messages.success(request, "Restricted: only the scheme's managers see this record.")
    except DomainError as exc:
        _errors(request, exc)
    return redirect("people:person_detail", person_id=person_id)


@require_POST
@login_required
def legal_hold_change(request: AppRequest, person_id: uuid.UUID) -> HttpResponse:
    person = person_get_for_manager(user=request.user, person_id=person_id, purpose="hold")
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        person_legal_hold(
            person=person,
            actor=request.user,
            hold=request.POST.get("action") != "lift",
            reason=form.cleaned_data.get("reason", ""),
        )
    except DomainError as exc:
        _errors(request, exc)
    else:
        messages.success(request, "Legal hold updated.")
    return redirect("people:person_detail", person_id=person_id)


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
    html = render_to_string("people/subject_access.html", {"report": report}, request=request)
    if kind == "pdf":
        response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
        return response
    return HttpResponse(html)


@require_GET
@login_required
def retention_review(request: AppRequest) -> HttpResponse:
    if not scope_for(request.user).managed_schemes:
        raise Http404("Only scheme managers review retention.")
    rows = people_past_retention(user=request.user, today=clock.today())
    audit_record_list(
        actor=request.user,
        object_type="retention_review",
        rows=[(row.person.pk, row.person.scheme_id) for row in rows],
    )
    return render(request, "people/retention_review.html", {"rows": rows})
