"""Pages for giving record-opening roles (two administrators) and emergency access."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from linkwork.access.forms import BreakGlassForm, DecisionForm, GrantRequestForm
from linkwork.access.permissions import grant_request_get_for_user, require_administrator
from linkwork.access.selectors import grant_request_list
from linkwork.access.services import (
    break_glass_open,
    grant_request_approve,
    grant_request_create,
    grant_request_refuse,
)
from linkwork.accounts.http import AppRequest
from linkwork.accounts.roles import Role
from linkwork.accounts.selectors import break_glass_list_active
from linkwork.core.errors import DomainError
from linkwork.core.pagination import page_of
from linkwork.core.views import add_errors


def _grant_page(request: AppRequest, form: forms.Form, status: int = 200) -> HttpResponse:
    return render(
        request,
        "access/grant_list.html",
        {"form": form, "grants": page_of(request, grant_request_list())},
        status=status,
    )


@require_http_methods(["GET"])
@login_required
def grant_list(request: AppRequest) -> HttpResponse:
    require_administrator(user=request.user)
    return _grant_page(request, GrantRequestForm())


@require_POST
@login_required
def grant_create(request: AppRequest) -> HttpResponse:
    require_administrator(user=request.user)
    form = GrantRequestForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            grant_request_create(
                actor=request.user,
                user=data["user"],
                role=Role(data["role"]),
                organisation=data["organisation"],
                scheme=data["scheme"],
                reason=data["reason"],
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Request made. A second administrator must approve it.")
            return redirect("access:grant_list")
    return _grant_page(request, form, status=400)


def _decide(request: AppRequest, grant_id: uuid.UUID, *, approve: bool) -> HttpResponse:
    grant = grant_request_get_for_user(user=request.user, grant_id=grant_id)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if approve:
            grant_request_approve(actor=request.user, grant=grant, note=note)
        else:
            grant_request_refuse(actor=request.user, grant=grant, note=note)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _grant_page(request, GrantRequestForm(), status=400)
    messages.success(request, "Role granted." if approve else "Request refused.")
    return redirect("access:grant_list")


@require_POST
@login_required
def grant_approve(request: AppRequest, grant_id: uuid.UUID) -> HttpResponse:
    return _decide(request, grant_id, approve=True)


@require_POST
@login_required
def grant_refuse(request: AppRequest, grant_id: uuid.UUID) -> HttpResponse:
    return _decide(request, grant_id, approve=False)


@require_http_methods(["GET", "POST"])
@login_required
def break_glass(request: AppRequest) -> HttpResponse:
    require_administrator(user=request.user)
    form = BreakGlassForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                access = break_glass_open(
                    actor=request.user,
                    scheme=data["scheme"],
                    reason=data["reason"],
                    hours=data["hours"],
                )
            except DomainError as exc:
                add_errors(form, exc)
            else:
                messages.warning(
                    request,
                    f"Emergency access to {access.scheme} is open until "
                    f"{access.expires_at:%H:%M}. The scheme's managers can see it.",
                )
                return redirect("access:break_glass")
    active = break_glass_list_active(user=request.user).select_related("scheme")
    return render(
        request, "access/break_glass.html", {"form": form, "active": active}, status=status
    )
