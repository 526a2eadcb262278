"""The link worker's weekly activity log: practice- and community-level time in a few clicks."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from linkwork.accounts.http import AppRequest
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.implementation.forms import KIND_GROUPS, ActivityForm
from linkwork.implementation.models import Activity
from linkwork.implementation.permissions import (
    activity_get_for_user,
    link_worker_practices,
    require_link_worker,
)
from linkwork.implementation.selectors import activity_week, usual_practice_id, week_start
from linkwork.implementation.services import activity_delete, activity_log
from linkwork.implementation.views.common import add_domain_error
from linkwork.organisations.models import Organisation

TEMPLATE = "implementation/activity_week.html"


def _week_from(request: AppRequest) -> date:
    try:
        return week_start(date.fromisoformat(request.GET.get("week", "")))
    except ValueError:
        return week_start(clock.today())


def _week_url(start: date) -> str:
    return f"{reverse('implementation:activity_week')}?week={start.isoformat()}"


def _initial(request: AppRequest, start: date, practice: uuid.UUID | None) -> dict[str, object]:
    """Preselect the day (today if in this week) and the practice the worker usually logs for,
    so most entries need only the type and the time."""
    today = clock.today()
    day = today if start <= today <= start + timedelta(days=6) else start
    if practice is None:
        practice = usual_practice_id(user=request.user)
    return {"occurred_on": day.isoformat(), "practice": practice}


def _render(
    request: AppRequest, start: date, form: ActivityForm, practices: list[Organisation]
) -> HttpResponse:
    log = activity_week(user=request.user, start=start, practice_ids=[p.pk for p in practices])
    template = TEMPLATE + ("#log" if request.htmx else "")
    return render(
        request,
        template,
        {
            "form": form,
            "log": log,
            "kind_groups": KIND_GROUPS,
            "previous_week": start - timedelta(days=7),
            "next_week": start + timedelta(days=7),
            "week_url": _week_url(start),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def activity_week_view(request: AppRequest) -> HttpResponse:
    require_link_worker(request.user)
    practices = link_worker_practices(user=request.user)
    start = _week_from(request)
    if request.method == "POST":
        form = ActivityForm(request.POST, practices=practices, week=start)
        if form.is_valid():
            data = form.cleaned_data
            try:
                activity_log(
                    actor=request.user,
                    practice=data["practice"],
                    occurred_on=data["occurred_on"],
                    kind=data["kind"],
                    minutes=data["minutes"],
                    note=data["note"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                if not request.htmx:
                    messages.success(request, "The activity was logged.")
                    return redirect(_week_url(start))
                initial = {
                    "practice": data["practice"].pk,
                    "occurred_on": data["occurred_on"].isoformat(),
                }
                form = ActivityForm(initial=initial, practices=practices, week=start)
    else:
        form = ActivityForm(initial=_initial(request, start, None), practices=practices, week=start)
    return _render(request, start, form, list(practices))


@require_POST
@login_required
def activity_delete_view(request: AppRequest, pk: uuid.UUID) -> HttpResponse:
    require_link_worker(request.user)
    activity: Activity = activity_get_for_user(user=request.user, activity_id=pk)
    start = week_start(activity.occurred_on)
    activity_delete(actor=request.user, activity=activity)
    if not request.htmx:
        messages.success(request, "The activity was removed.")
        return redirect(_week_url(start))
    practices = link_worker_practices(user=request.user)
    form = ActivityForm(initial=_initial(request, start, None), practices=practices, week=start)
    return _render(request, start, form, list(practices))
