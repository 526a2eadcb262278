"""The episode page, and the one shape of every action taken on it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from linkwork.accounts.http import AppRequest
from linkwork.core import clock
from linkwork.core.views import form_action
from linkwork.episodes.forms import (
    AcceptForm,
    AssignForm,
    AtRiskForm,
    CloseForm,
    ConnectionForm,
    DeclineForm,
    EncounterForm,
    FinancialGainForm,
    GoalForm,
    SafetyForm,
    WhatMattersForm,
)
from linkwork.episodes.models import Referral
from linkwork.episodes.permissions import Access, referral_get_for_user
from linkwork.episodes.selectors.episode_page import EpisodePage, episode_page
from linkwork.episodes.selectors.sessions import encounter_date_window, makes_home_visits

TEMPLATE = "episodes/referral_detail.html"


def _forms(page: EpisodePage) -> dict[str, forms.Form]:
    """Blank forms for every action the page offers, filled with sensible defaults."""
    referral, today = page.referral, clock.today()
    return {
        "accept_form": AcceptForm(link_workers=page.link_workers),
        "decline_form": DeclineForm(),
        "assign_form": AssignForm(
            link_workers=page.link_workers, initial={"link_worker": referral.link_worker_id}
        ),
        "close_form": CloseForm(),
        "encounter_form": EncounterForm(
            initial={"occurred_on": today, "duration_minutes": 45},
            window=encounter_date_window(referral, today=today),
            home_visits=makes_home_visits(referral),
        ),
        "goal_form": GoalForm(),
        "connection_form": ConnectionForm(initial={"made_on": today}),
        "gain_form": FinancialGainForm(initial={"recorded_on": today}),
        "at_risk_form": AtRiskForm(
            initial={"at_risk": referral.at_risk, "at_risk_reason": referral.at_risk_reason}
        ),
        "safety_form": SafetyForm(),
        "what_matters_form": WhatMattersForm(initial={"what_matters": referral.what_matters}),
    }


def page_context(
    request: AppRequest, referral: Referral, access: Access, **overrides: Any
) -> dict[str, Any]:
    page = episode_page(
        user=request.user,
        referral=referral,
        access=access,
        today=clock.today(),
        service_query=request.GET.get("service_q", "")[:100],
    )
    context = page.as_context()
    if access is Access.CASEWORK:
        context.update(_forms(page))
    context.update(overrides)
    return context


@login_required
def referral_detail(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral, access = referral_get_for_user(user=request.user, referral_id=referral_id)
    return render(request, TEMPLATE, page_context(request, referral, access))


def act(
    request: AppRequest,
    referral_id: uuid.UUID,
    form_name: str,
    form_factory: Callable[[Referral], forms.Form],
    action: Callable[[Referral, dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    """Every action on the episode page: authorise for writing, parse, call one service, then
    go back to the page (or show it again with the errors beside the form that failed)."""
    referral, access = referral_get_for_user(user=request.user, referral_id=referral_id, write=True)

    def show_again(form: forms.Form) -> HttpResponse:
        referral.refresh_from_db()
        context = page_context(request, referral, access, **{form_name: form})
        context["failed_form"] = form_name
        context["failed"] = form
        return render(request, TEMPLATE, context, status=400)

    return form_action(
        request,
        form=form_factory(referral),
        action=lambda data: action(referral, data),
        success=success,
        redirect_to=reverse("episodes:referral_detail", args=[referral.pk]) + "#top",
        on_invalid=show_again,
    )
