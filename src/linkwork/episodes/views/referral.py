"""Referral pages: make a referral, triage it, and work the episode from one page."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from linkwork.accounts.http import AppRequest
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.core.submissions import AlreadySubmittedError, run_once
from linkwork.core.views import ALREADY_SAVED, add_errors, submission_key, submission_scope
from linkwork.episodes.forms import (
    AcceptForm,
    AssignForm,
    AtRiskForm,
    CloseForm,
    DeclineForm,
    ReferralForm,
    SafetyForm,
    WhatMattersForm,
)
from linkwork.episodes.lifecycle import Status
from linkwork.episodes.permissions import referral_get_for_user
from linkwork.episodes.selectors.caseload import link_workers_with_caseload
from linkwork.episodes.selectors.referrals import referral_form_choices
from linkwork.episodes.services.intake import (
    ReferralDetails,
    referral_accept,
    referral_decline,
    referral_intake,
)
from linkwork.episodes.services.lifecycle import (
    referral_assign,
    referral_close,
    referral_set_at_risk,
)
from linkwork.episodes.services.plan import referral_what_matters_set
from linkwork.episodes.services.safety import referral_safety_record
from linkwork.episodes.views.episode_page import act
from linkwork.people.forms import PersonForm


@require_http_methods(["GET", "POST"])
@login_required
def referral_new(request: AppRequest) -> HttpResponse:
    choices = referral_form_choices(user=request.user)
    schemes, practices, fixed_source = choices.schemes, choices.practices, choices.fixed_source
    scheme = schemes.first()
    if scheme is None:
        return render(request, "episodes/no_scheme.html", status=404)
    data = request.POST if request.method == "POST" else None
    referral_form = ReferralForm(
        data,
        schemes=schemes,
        practices=practices,
        fixed_source=fixed_source,
        initial={"received_on": clock.today(), "scheme": scheme},
    )
    if data is not None and referral_form.is_valid():
        scheme = referral_form.cleaned_data["scheme"]
    person_form = PersonForm(data, country=scheme.region.country, prefix="person")
    if data is not None and referral_form.is_valid() and person_form.is_valid():
        cleaned = referral_form.cleaned_data
        details = ReferralDetails(
            source=fixed_source or cleaned["source"],
            received_on=cleaned["received_on"],
            reasons=tuple(cleaned["reasons"]),
            reason_text=cleaned["reason_text"],
            risk_flags=tuple(cleaned["risk_flags"]),
            exclusions=tuple(cleaned["exclusions"]),
            practice=cleaned["practice"],
            referrer=request.user,
            referrer_name=request.user.get_full_name(),
        )
        try:
            outcome = run_once(
                key=submission_key(request),
                scope=submission_scope(request),
                action=lambda: referral_intake(
                    scheme=scheme,
                    person=person_form.details(practice=details.practice),
                    details=details,
                    actor=request.user,
                ),
                location=lambda done: reverse("episodes:referral_sent", args=[done.referral.pk]),
            )
        except AlreadySubmittedError as replay:
            messages.info(request, ALREADY_SAVED)
            return redirect(replay.location)
        except DomainError as exc:
            add_errors((person_form, referral_form), exc)
        else:
            if outcome.repeated:
                messages.info(request, ALREADY_SAVED)
            return redirect("episodes:referral_sent", referral_id=outcome.referral.pk)
    return render(
        request,
        "episodes/referral_new.html",
        {"referral_form": referral_form, "person_form": person_form, "scheme": scheme},
        status=400 if data is not None else 200,
    )


@login_required
def referral_sent(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral, access = referral_get_for_user(user=request.user, referral_id=referral_id)
    return render(
        request, "episodes/referral_sent.html", {"referral": referral, "access": access.value}
    )


@require_POST
@login_required
def referral_accept_view(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    return act(
        request,
        referral_id,
        "accept_form",
        lambda r: AcceptForm(request.POST, link_workers=link_workers_with_caseload(r.scheme)),
        lambda r, d: referral_accept(referral=r, actor=request.user, link_worker=d["link_worker"]),
        "Referral accepted.",
    )


@require_POST
@login_required
def referral_decline_view(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    return act(
        request,
        referral_id,
        "decline_form",
        lambda r: DeclineForm(request.POST),
        lambda r, d: referral_decline(
            referral=r, actor=request.user, reason=d["reason"], note=d["note"]
        ),
        "Referral declined; the reason is recorded.",
    )


@require_POST
@login_required
def referral_assign_view(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    return act(
        request,
        referral_id,
        "assign_form",
        lambda r: AssignForm(request.POST, link_workers=link_workers_with_caseload(r.scheme)),
        lambda r, d: referral_assign(referral=r, link_worker=d["link_worker"], actor=request.user),
        "Link worker assigned.",
    )


@require_POST
@login_required
def referral_close_view(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    return act(
        request,
        referral_id,
        "close_form",
        lambda r: CloseForm(request.POST),
        lambda r, d: referral_close(
            referral=r, actor=request.user, to=Status(d["status"]), note=d["note"]
        ),
        "Referral closed.",
    )


@require_POST
@login_required
def referral_at_risk_view(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    return act(
        request,
        referral_id,
        "at_risk_form",
        lambda r: AtRiskForm(request.POST),
        lambda r, d: referral_set_at_risk(
            referral=r, actor=request.user, at_risk=d["at_risk"], reason=d["at_risk_reason"]
        ),
        "At-risk flag saved.",
    )


@require_POST
@login_required
def referral_what_matters_view(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    return act(
        request,
        referral_id,
        "what_matters_form",
        lambda r: WhatMattersForm(request.POST),
        lambda r, d: referral_what_matters_set(
            referral=r, actor=request.user, text=d["what_matters"]
        ),
        "Saved what matters to the person.",
    )


@require_POST
@login_required
def referral_safety_view(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    return act(
        request,
        referral_id,
        "safety_form",
        lambda r: SafetyForm(request.POST),
        lambda r, d: referral_safety_record(
            referral=r, actor=request.user, action=d["safety_action"]
        ),
        "Recorded what was done about the safety information.",
    )
