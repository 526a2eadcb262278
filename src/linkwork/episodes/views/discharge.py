"""Discharge, which writes the end-of-episode summary (see `views.summary`)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from linkwork.accounts.http import AppRequest
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.core.views import add_errors
from linkwork.episodes.forms import (
    DischargeForm,
)
from linkwork.episodes.lifecycle import OPEN_STATUSES
from linkwork.episodes.permissions import referral_get_for_user
from linkwork.episodes.selectors.sessions import discharge_date_window
from linkwork.episodes.services.discharge import referral_discharge


@require_http_methods(["GET", "POST"])
@login_required
def discharge(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral, _ = referral_get_for_user(user=request.user, referral_id=referral_id, write=True)
    if referral.status not in {s.value for s in OPEN_STATUSES}:
        return redirect("episodes:episode_summary", referral_id=referral.pk)
    today = clock.today()
    form = DischargeForm(
        request.POST or None,
        initial={"on": today},
        window=discharge_date_window(referral, today=today),
    )
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
            return redirect("episodes:episode_summary", referral_id=referral.pk)
    return render(
        request,
        "episodes/discharge.html",
        {"referral": referral, "form": form},
        status=400 if request.method == "POST" else 200,
    )
