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
from linkwork.core.pagination import page_of
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
    # A scheme manager may hand over any of thousands of open episodes: the form offers one
    # page of them at a time, while a submitted choice is checked against them all.
    page = page_of(request, choices.referrals)
    form.fields["referrals"].queryset = choices.referrals.filter(  # type: ignore[attr-defined]
        pk__in=[referral.pk for referral in page]
    )
    # The form lists the people whose episode could be handed over: an identifiable list read.
    audit_record_list(
        actor=request.user,
        object_type="handover",
        rows=[(referral.person_id, referral.scheme_id) for referral in page],
    )
    return render(
        request,
        "episodes/handover.html",
        {"form": form, "page": page},
        status=400 if request.method == "POST" else 200,
    )
