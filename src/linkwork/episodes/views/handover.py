"""Casework actions on the referral page, discharge with its summary, and handover."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from linkwork.accounts.http import AppRequest
from linkwork.audit.services import audit_record_list
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.core.views import add_errors
from linkwork.episodes.forms import (
    HandoverForm,
)
from linkwork.episodes.selectors.caseload import handover_choices
from linkwork.episodes.services.handover import caseload_handover


@require_http_methods(["GET", "POST"])
@login_required
def handover(request: AppRequest) -> HttpResponse:
    """A link worker hands over some or all of their caseload; a manager any of the scheme's."""
    choices = handover_choices(user=request.user)
    form = HandoverForm(
        request.POST or None,
        referrals=choices.referrals,
        link_workers=choices.link_workers,
        initial={"on": clock.today()},
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
    # The form lists every person whose episode could be handed over: an identifiable list read.
    audit_record_list(
        actor=request.user,
        object_type="handover",
        rows=choices.referrals.values_list("person_id", "scheme_id"),
    )
    return render(
        request,
        "episodes/handover.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
