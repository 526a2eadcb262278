"""Group pages: the scheme's groups, a group's sessions, recording, changing and cancelling a
group session. Thin: each write is one service call; reads go through the selectors and the
fetch-and-authorise functions."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from linkwork.accounts.http import AppRequest
from linkwork.accounts.scope import scope_for
from linkwork.audit.services import audit_record_list
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.core.views import ALREADY_SAVED, add_errors, submit_once
from linkwork.groups.forms import ActivityForm, CancelForm, GroupSessionForm
from linkwork.groups.models import GroupActivity, GroupSession
from linkwork.groups.permissions import activity_get_for_user, group_session_get_for_user
from linkwork.groups.selectors import (
    activity_list_for,
    attendances_of,
    attendee_choices,
    facilitator_choices,
    sessions_of,
)
from linkwork.groups.services import (
    group_activity_create,
    group_session_cancel,
    group_session_record,
    group_session_update,
)
from linkwork.organisations.models import Scheme


def _staff_only(request: AppRequest) -> frozenset[uuid.UUID]:
    schemes = scope_for(request.user).casework_schemes
    if not schemes:
        raise PermissionDenied("Groups are for the scheme's link workers and managers.")
    return schemes


def _form_page(
    request: AppRequest,
    *,
    template: str,
    context: dict[str, Any],
    form: forms.Form,
    action: Callable[[], Any],
    success: Callable[[Any], str],
    redirect_to: Callable[[Any], str],
) -> HttpResponse:
    """One form: on POST one service call, then on with its message; the form again, with
    the errors beside its fields, when the form or the service refuses."""
    if request.method == "POST" and form.is_valid():
        result: list[Any] = []
        try:
            first = submit_once(request, lambda: result.append(action()))
        except DomainError as exc:
            add_errors(form, exc)
        else:
            if not first:
                messages.info(request, ALREADY_SAVED)
                return redirect(redirect_to(None))
            messages.success(request, success(result[0]))
            return redirect(redirect_to(result[0]))
    status = 400 if request.method == "POST" else 200
    return render(request, template, {**context, "form": form}, status=status)


@require_GET
@login_required
def group_list(request: AppRequest) -> HttpResponse:
    _staff_only(request)
    return render(
        request, "groups/group_list.html", {"activities": activity_list_for(user=request.user)}
    )


@require_http_methods(["GET", "POST"])
@login_required
def activity_new(request: AppRequest) -> HttpResponse:
    schemes = list(Scheme.objects.filter(pk__in=_staff_only(request)).order_by("name"))
    form = ActivityForm(request.POST or None)
    if len(schemes) > 1:
        form.fields["scheme"] = forms.ChoiceField(
            label="Scheme", choices=[(str(s.pk), s.name) for s in schemes]
        )
    by_id = {str(s.pk): s for s in schemes}

    def create() -> GroupActivity:
        scheme = by_id[form.cleaned_data.get("scheme") or str(schemes[0].pk)]
        return group_activity_create(
            scheme=scheme,
            actor=request.user,
            name=form.cleaned_data["name"],
            kind=form.cleaned_data["kind"],
        )

    return _form_page(
        request,
        template="groups/activity_new.html",
        context={},
        form=form,
        action=create,
        success=lambda a: f"{a.name} added.",
        redirect_to=lambda a: (
            reverse("groups:activity_detail", args=[a.pk]) if a else reverse("groups:group_list")
        ),
    )


@require_GET
@login_required
def activity_detail(request: AppRequest, activity_id: uuid.UUID) -> HttpResponse:
    activity = activity_get_for_user(user=request.user, activity_id=activity_id)
    return render(
        request,
        "groups/activity_detail.html",
        {"activity": activity, "sessions": sessions_of(activity=activity)},
    )


def _session_form(
    request: AppRequest, activity: GroupActivity, initial: dict[str, Any]
) -> GroupSessionForm:
    choices = attendee_choices(user=request.user, activity=activity)
    form = GroupSessionForm(
        request.POST or None,
        facilitators=facilitator_choices(activity=activity),
        attendees=choices,
        initial=initial,
    )
    # The form names people who may come: a read of their records.
    audit_record_list(
        actor=request.user,
        object_type="group_attendee_choices",
        rows=[(r.person_id, r.scheme_id) for r in choices],
        detail={"group": str(activity.pk)},
    )
    return form


@require_http_methods(["GET", "POST"])
@login_required
def session_new(request: AppRequest, activity_id: uuid.UUID) -> HttpResponse:
    activity = activity_get_for_user(user=request.user, activity_id=activity_id)
    form = _session_form(
        request,
        activity,
        {"occurred_on": clock.today(), "facilitator": request.user.pk, "duration_minutes": 60},
    )
    return _form_page(
        request,
        template="groups/session_form.html",
        context={"activity": activity, "editing": None},
        form=form,
        action=lambda: group_session_record(
            activity=activity, actor=request.user, details=form.details()
        ),
        success=lambda s: f"Group session recorded in {s.attendances.count()} episode(s).",
        redirect_to=lambda s: (
            reverse("groups:session_detail", args=[s.pk])
            if s
            else reverse("groups:activity_detail", args=[activity.pk])
        ),
    )


@require_GET
@login_required
def session_detail(request: AppRequest, session_id: uuid.UUID) -> HttpResponse:
    session = group_session_get_for_user(user=request.user, session_id=session_id)
    return render(
        request,
        "groups/session_detail.html",
        {"session": session, "attendances": attendances_of(session=session, user=request.user)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def session_edit(request: AppRequest, session_id: uuid.UUID) -> HttpResponse:
    session = group_session_get_for_user(user=request.user, session_id=session_id)
    if session.cancelled:
        messages.info(request, "This group session was cancelled; it cannot be changed.")
        return redirect("groups:session_detail", session.pk)
    form = _session_form(
        request,
        session.activity,
        {
            "occurred_on": session.occurred_on,
            "place": session.place,
            "duration_minutes": session.duration_minutes,
            "facilitator": session.facilitator_id,
            "attendees": [
                a.referral_id for a in attendances_of(session=session, user=request.user)
            ],
            "others": session.others,
        },
    )
    return _form_page(
        request,
        template="groups/session_form.html",
        context={"activity": session.activity, "editing": session},
        form=form,
        action=lambda: group_session_update(
            session=session, actor=request.user, details=form.details()
        ),
        success=lambda s: "Group session changed in every attendee's episode.",
        redirect_to=lambda _: reverse("groups:session_detail", args=[session.pk]),
    )


@require_http_methods(["GET", "POST"])
@login_required
def session_cancel(request: AppRequest, session_id: uuid.UUID) -> HttpResponse:
    session: GroupSession = group_session_get_for_user(user=request.user, session_id=session_id)
    form = CancelForm(request.POST or None)
    return _form_page(
        request,
        template="groups/session_cancel.html",
        context={"session": session},
        form=form,
        action=lambda: group_session_cancel(
            session=session, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        success=lambda s: "Group session cancelled; it is out of every attendee's episode.",
        redirect_to=lambda _: reverse("groups:session_detail", args=[session.pk]),
    )
