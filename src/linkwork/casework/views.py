"""Casework actions on the referral page, discharge with its summary, and handover."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from linkwork.accounts.scope import scope_for
from linkwork.casework.forms import (
    ConnectionForm,
    ConnectionStatusForm,
    DischargeForm,
    EncounterForm,
    FinancialGainForm,
    GoalForm,
    GoalStatusForm,
    HandoverForm,
    ServiceConnectionForm,
)
from linkwork.casework.models import Connection, Goal
from linkwork.casework.selectors import episode_summary
from linkwork.casework.services import (
    caseload_handover,
    connection_create,
    connection_set_status,
    encounter_record,
    financial_gain_record,
    goal_add,
    goal_set_status,
    referral_discharge,
)
from linkwork.core.errors import DomainError
from linkwork.core.http import AppRequest
from linkwork.referrals.lifecycle import OPEN_STATUSES
from linkwork.referrals.models import Referral
from linkwork.referrals.permissions import Access, referral_get_for_user
from linkwork.referrals.services import link_workers_of
from linkwork.referrals.views import act, add_errors


@require_POST
@login_required
def encounter_add(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    return act(
        request,
        referral_id,
        "encounter_form",
        lambda r: EncounterForm(request.POST),
        lambda r, d: encounter_record(referral=r, actor=request.user, **d),
        "Session recorded.",
    )


@require_POST
@login_required
def goal_add_view(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    return act(
        request,
        referral_id,
        "goal_form",
        lambda r: GoalForm(request.POST),
        lambda r, d: goal_add(referral=r, actor=request.user, description=d["description"]),
        "Goal added to the plan.",
    )


@require_POST
@login_required
def goal_status_view(
    request: AppRequest, referral_id: uuid.UUID, goal_id: uuid.UUID
) -> HttpResponse:
    def change(referral: Referral, data: dict[str, str]) -> object:
        goal = get_object_or_404(Goal, pk=goal_id, referral=referral)
        return goal_set_status(goal=goal, actor=request.user, status=data["status"])

    return act(
        request,
        referral_id,
        "goal_status_form",
        lambda r: GoalStatusForm(request.POST),
        change,
        "Goal updated.",
    )


@require_POST
@login_required
def connection_add(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    return act(
        request,
        referral_id,
        "connection_form",
        lambda r: ConnectionForm(request.POST),
        lambda r, d: connection_create(referral=r, actor=request.user, **d),
        "Connection recorded.",
    )


@require_POST
@login_required
def connection_to_service(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    from linkwork.directory.models import Service

    def connect(referral: Referral, data: dict[str, object]) -> object:
        service = get_object_or_404(Service, pk=data["service"])
        return connection_create(
            referral=referral,
            actor=request.user,
            kind=str(data["kind"]),
            need=str(data["need"]),
            service=service,
        )

    return act(
        request,
        referral_id,
        "service_connection_form",
        lambda r: ServiceConnectionForm(request.POST),
        connect,
        "Connected; the service will tell you how it goes.",
    )


@require_POST
@login_required
def connection_status_view(
    request: AppRequest, referral_id: uuid.UUID, connection_id: uuid.UUID
) -> HttpResponse:
    def change(referral: Referral, data: dict[str, str]) -> object:
        connection = get_object_or_404(Connection, pk=connection_id, referral=referral)
        return connection_set_status(
            connection=connection, actor=request.user, status=data["status"], reason=data["reason"]
        )

    return act(
        request,
        referral_id,
        "connection_status_form",
        lambda r: ConnectionStatusForm(request.POST),
        change,
        "Connection updated.",
    )


@require_POST
@login_required
def gain_add(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    return act(
        request,
        referral_id,
        "gain_form",
        lambda r: FinancialGainForm(request.POST),
        lambda r, d: financial_gain_record(
            referral=r,
            actor=request.user,
            kind=d["kind"],
            amount_pence=int((d["amount"] * Decimal(100)).to_integral_value()),
            annual=d["annual"],
            recorded_on=d["recorded_on"],
        ),
        "Financial gain recorded.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def discharge(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral, _ = referral_get_for_user(user=request.user, referral_id=referral_id, write=True)
    if referral.status not in {s.value for s in OPEN_STATUSES}:
        return redirect("casework:episode_summary", referral_id=referral.pk)
    form = DischargeForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            referral_discharge(
                referral=referral,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["on"],
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Discharged. The end-of-episode summary is below.")
            return redirect("casework:episode_summary", referral_id=referral.pk)
    return render(
        request,
        "casework/discharge.html",
        {"referral": referral, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def summary(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral, access = referral_get_for_user(user=request.user, referral_id=referral_id)
    if access is Access.REFERRER and referral.status in {s.value for s in OPEN_STATUSES}:
        raise Http404("The summary is available when the episode ends.")
    return render(
        request,
        "casework/summary.html",
        {"summary": episode_summary(referral=referral), "access": access.value},
    )


@require_http_methods(["GET", "POST"])
@login_required
def handover(request: AppRequest) -> HttpResponse:
    """A link worker hands over some or all of their caseload; a manager any of the scheme's."""
    scope = scope_for(request.user)
    if not scope.casework_schemes:
        raise PermissionDenied("Only link workers and scheme managers hand over caseloads.")
    open_referrals = Referral.objects.filter(
        scheme_id__in=scope.casework_schemes,
        status__in=[s.value for s in OPEN_STATUSES],
    ).select_related("person", "link_worker")
    if not scope.managed_schemes:
        open_referrals = open_referrals.filter(link_worker=request.user)
    from linkwork.organisations.models import Scheme

    schemes = Scheme.objects.filter(pk__in=scope.casework_schemes)
    workers = link_workers_of(schemes[0]) if schemes else link_workers_of(Scheme())
    for scheme in schemes[1:]:
        workers = workers | link_workers_of(scheme)
    form = HandoverForm(
        request.POST or None,
        referrals=open_referrals.order_by("person__family_name"),
        link_workers=workers.distinct().order_by("last_name"),
        initial={"on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            count = caseload_handover(
                referrals=form.cleaned_data["referrals"],
                to=form.cleaned_data["to"],
                actor=request.user,
                note=form.cleaned_data["note"],
                on=form.cleaned_data["on"],
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"Handed over {count} people to {form.cleaned_data['to']}.")
            return redirect("accounts:home")
    return render(
        request,
        "casework/handover.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
