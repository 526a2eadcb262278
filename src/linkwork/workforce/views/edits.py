"""Changing a link worker post (its scheme's managers and its line manager), and changing or
ending a practice's fund or protected time (the practice's managers and the managers of the
scheme it was recorded for). Every change is audited with the values before and after."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from linkwork.accounts.http import AppRequest
from linkwork.workforce.edit_services import (
    fund_update,
    post_update,
    protected_time_update,
    resource_end,
)
from linkwork.workforce.forms import (
    FundEditForm,
    PostEditForm,
    ProtectedTimeEditForm,
    ResourceEndForm,
)
from linkwork.workforce.models import PracticeFund, ProtectedTime
from linkwork.workforce.permissions import post_get_for_editing, resource_get_for_editing
from linkwork.workforce.views.common import save_form

POST_FIELDS = (
    "title",
    "holder",
    "line_manager",
    "employer",
    "contracted_hours",
    "started_on",
    "thematic_role",
)
FUND_FIELDS = ("amount_gbp", "period_start", "period_end", "purpose", "note")
TIME_FIELDS = (
    "staff_name",
    "staff_group",
    "period_start",
    "period_end",
    "hours_per_week",
    "extra_consultation_minutes",
    "how_used",
)


@require_http_methods(["GET", "POST"])
@login_required
def post_edit_view(request: AppRequest, pk: uuid.UUID) -> HttpResponse:
    post = post_get_for_editing(user=request.user, post_id=pk)
    initial: dict[str, Any] = {name: getattr(post, name) for name in POST_FIELDS}
    initial["practices"] = list(post.practices.all())
    form = PostEditForm(request.POST or None, scheme=post.scheme, initial=initial)
    data = form.cleaned_data if request.method == "POST" and form.is_valid() else {}
    if request.method == "POST" and save_form(
        request,
        form,
        lambda: post_update(
            actor=request.user,
            post=post,
            title=data["title"],
            holder=data["holder"],
            line_manager=data["line_manager"],
            employer=data["employer"],
            contracted_hours=data["contracted_hours"],
            started_on=data["started_on"],
            practices=list(data["practices"]),
            thematic_role=data["thematic_role"],
        ),
        "The post was changed.",
    ):
        return redirect("workforce:post_edit", pk=post.pk)
    return render(
        request,
        "workforce/post_edit.html",
        {"post": post, "form": form},
        status=400 if form.errors else 200,
    )


def _update(actor: Any, record: PracticeFund | ProtectedTime, data: dict[str, Any]) -> object:
    if isinstance(record, PracticeFund):
        return fund_update(actor=actor, fund=record, **data)
    return protected_time_update(actor=actor, record=record, **data)


def _resource_page(
    request: AppRequest, record: Any, form: Any, end_form: ResourceEndForm
) -> HttpResponse:
    return render(
        request,
        "workforce/resource_edit.html",
        {
            "record": record,
            "kind": "fund" if isinstance(record, PracticeFund) else "time",
            "form": form,
            "end_form": end_form,
        },
        status=400 if form.errors or end_form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def resource_edit_view(request: AppRequest, kind: str, pk: uuid.UUID) -> HttpResponse:
    record = resource_get_for_editing(user=request.user, kind=kind, record_id=pk)
    fund = isinstance(record, PracticeFund)
    fields = FUND_FIELDS if fund else TIME_FIELDS
    form_class = FundEditForm if fund else ProtectedTimeEditForm
    form = form_class(
        request.POST or None,
        practice=record.practice,
        initial={name: getattr(record, name) for name in fields},
    )
    if request.method == "POST" and save_form(
        request,
        form,
        lambda: _update(request.user, record, form.cleaned_data),
        "The change was saved.",
    ):
        return redirect("workforce:practice_resources", pk=record.practice_id)
    return _resource_page(request, record, form, ResourceEndForm())


@require_POST
@login_required
def resource_end_view(request: AppRequest, kind: str, pk: uuid.UUID) -> HttpResponse:
    record = resource_get_for_editing(user=request.user, kind=kind, record_id=pk)
    end_form = ResourceEndForm(request.POST)
    if save_form(
        request,
        end_form,
        lambda: resource_end(
            actor=request.user, record=record, ended_on=end_form.cleaned_data["ended_on"]
        ),
        "It was ended.",
    ):
        return redirect("workforce:practice_resources", pk=record.practice_id)
    fund = isinstance(record, PracticeFund)
    fields = FUND_FIELDS if fund else TIME_FIELDS
    form_class = FundEditForm if fund else ProtectedTimeEditForm
    form = form_class(
        practice=record.practice, initial={name: getattr(record, name) for name in fields}
    )
    return _resource_page(request, record, form, end_form)
