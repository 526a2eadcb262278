"""Referral pages: make a referral, triage it, and work the episode from one page."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from linkwork.accounts.roles import Role
from linkwork.accounts.scope import scope_for
from linkwork.accounts.selectors import user_roles
from linkwork.casework.forms import (
    ConnectionForm,
    EncounterForm,
    FinancialGainForm,
    GoalForm,
)
from linkwork.casework.selectors import episode_view
from linkwork.casework.vcse import needs_follow_up
from linkwork.casework.vocab import CONNECTION_KINDS, CONNECTION_STATUSES, GOAL_STATUSES
from linkwork.core.errors import DomainError
from linkwork.core.http import AppRequest
from linkwork.organisations.models import Organisation, Scheme
from linkwork.people.forms import PersonForm
from linkwork.people.services import person_create, person_find_duplicates, person_key
from linkwork.referrals.forms import (
    AssignForm,
    AtRiskForm,
    CloseForm,
    DeclineForm,
    ReferralForm,
    WhatMattersForm,
)
from linkwork.referrals.lifecycle import TRANSITIONS, Status
from linkwork.referrals.models import Referral
from linkwork.referrals.permissions import Access, can_read_notes, referral_get_for_user
from linkwork.referrals.selectors import referral_timeline
from linkwork.referrals.services import (
    ReferralDetails,
    intake_check,
    link_workers_of,
    referral_accept,
    referral_assign,
    referral_close,
    referral_decline,
    referral_set_at_risk,
    referral_what_matters_set,
)

ROLE_SOURCES = {
    Role.REFERRER_GP: "gp",
    Role.REFERRER_NURSE: "practice_nurse",
    Role.REFERRER_RECEPTIONIST: "receptionist",
    Role.REFERRER_OTHER: "other_practice_staff",
}


def add_errors(form: forms.Form, exc: DomainError) -> None:
    """Put a domain error's messages next to the fields they concern."""
    placed = False
    for field_name, problems in exc.field_errors.items():
        for problem in problems:
            if field_name in form.fields:
                form.add_error(field_name, problem)
                placed = True
    if not placed:
        form.add_error(None, exc.message)


def _referral_form_setup(request: AppRequest) -> tuple[Any, Any, str | None]:
    """Which schemes and practices this user may refer from, and the fixed source."""
    scope = scope_for(request.user)
    roles = user_roles(user=request.user)
    if scope.casework_schemes:
        schemes = Scheme.objects.filter(pk__in=scope.casework_schemes).select_related("region")
        practices = Organisation.objects.filter(schemes_serving__in=schemes).distinct()
        return schemes, practices.order_by("name"), None
    practice_ids = scope.referrer_practices
    if not practice_ids:
        raise PermissionDenied("Only practice staff and link workers make referrals here.")
    source = next(ROLE_SOURCES[r] for r in ROLE_SOURCES if r in roles)
    schemes = Scheme.objects.filter(practices__in=practice_ids).distinct().select_related("region")
    practices = Organisation.objects.filter(pk__in=practice_ids).order_by("name")
    return schemes, practices, source


@require_http_methods(["GET", "POST"])
@login_required
def referral_new(request: AppRequest) -> HttpResponse:
    schemes, practices, fixed_source = _referral_form_setup(request)
    if not schemes.exists():
        return render(request, "referrals/no_scheme.html", status=404)
    data = request.POST if request.method == "POST" else None
    referral_form = ReferralForm(
        data,
        schemes=schemes.order_by("name"),
        practices=practices,
        fixed_source=fixed_source,
        initial={"received_on": timezone.localdate(), "scheme": schemes.first()},
    )
    scheme = schemes.first()
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
            outcome = _create_person_and_referral(
                scheme=scheme, person_form=person_form, details=details, request=request
            )
        except DomainError as exc:
            add_errors(person_form, exc)
            add_errors(referral_form, exc)
        else:
            return redirect("referrals:referral_sent", referral_id=outcome.referral.pk)
    return render(
        request,
        "referrals/referral_new.html",
        {"referral_form": referral_form, "person_form": person_form, "scheme": scheme},
        status=400 if data is not None else 200,
    )


@transaction.atomic
def _create_person_and_referral(
    *, scheme: Scheme, person_form: PersonForm, details: ReferralDetails, request: AppRequest
) -> Any:
    from linkwork.people.services import consent_record
    from linkwork.referrals.services import referral_create

    person = person_create(
        scheme=scheme,
        details=person_form.details(practice=details.practice),
        actor=request.user,
    )
    consent_record(
        person=person,
        actor=request.user,
        kind="service",
        given=True,
        recorded_on=details.received_on,
    )
    return referral_create(person=person, details=details, actor=request.user)


@login_required
def referral_sent(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral, _ = referral_get_for_user(user=request.user, referral_id=referral_id)
    return render(request, "referrals/referral_sent.html", {"referral": referral})


def _detail_context(
    request: AppRequest, referral: Referral, access: Access, **overrides: Any
) -> dict[str, Any]:
    context: dict[str, Any] = {"referral": referral, "access": access.value}
    if access is not Access.CASEWORK:
        return context
    status = Status(referral.status)
    link_workers = link_workers_of(referral.scheme).order_by("last_name")
    today = timezone.localdate()
    context.update(
        {
            "episode": episode_view(referral=referral),
            "timeline": referral_timeline(referral=referral),
            "can_read_notes": can_read_notes(user=request.user, referral=referral),
            "next_statuses": {s.value for s in TRANSITIONS[status]},
            "can_record": status in {Status.ACCEPTED, Status.WAITING, Status.ACTIVE},
            "intake_problems": intake_check(
                person=referral.person,
                scheme=referral.scheme,
                details=ReferralDetails(
                    source=referral.source,
                    received_on=referral.received_on,
                    reasons=tuple(referral.reasons),
                ),
            )
            if status is Status.RECEIVED
            else [],
            "duplicates": person_find_duplicates(
                scheme=referral.scheme, key=person_key(referral.person), exclude=referral.person
            ),
            "decline_form": DeclineForm(),
            "assign_form": AssignForm(
                link_workers=link_workers, initial={"link_worker": referral.link_worker_id}
            ),
            "close_form": CloseForm(),
            "encounter_form": EncounterForm(initial={"occurred_on": today, "duration_minutes": 45}),
            "goal_form": GoalForm(),
            "connection_form": ConnectionForm(initial={"made_on": today}),
            "gain_form": FinancialGainForm(initial={"recorded_on": today}),
            "at_risk_form": AtRiskForm(
                initial={"at_risk": referral.at_risk, "at_risk_reason": referral.at_risk_reason}
            ),
            "what_matters_form": WhatMattersForm(initial={"what_matters": referral.what_matters}),
            "goal_statuses": list(GOAL_STATUSES.items()),
            "suggestions": _suggestions(referral)
            if status in {Status.ACCEPTED, Status.WAITING, Status.ACTIVE}
            else [],
            "follow_up": {c.pk for c in referral.connections.all() if needs_follow_up(c, today)},
            "connection_kinds": list(CONNECTION_KINDS.items()),
            "connection_statuses": list(CONNECTION_STATUSES.items()),
        }
    )
    context.update(overrides)
    return context


def _suggestions(referral: Referral) -> list[Any]:
    from linkwork.directory.selectors import suggested_services
    from linkwork.referrals.intake import age_on

    return suggested_services(
        needs=list(referral.reasons),
        age=age_on(referral.person.date_of_birth, timezone.localdate()),
        postcode=referral.person.postcode or None,
        region=referral.scheme.region,
        limit=5,
    )


@login_required
def referral_detail(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral, access = referral_get_for_user(user=request.user, referral_id=referral_id)
    return render(
        request, "referrals/referral_detail.html", _detail_context(request, referral, access)
    )


def act(
    request: AppRequest,
    referral_id: uuid.UUID,
    form_name: str,
    form_factory: Callable[[Referral], forms.Form],
    action: Callable[[Referral, dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    """The one shape of every action on the referral page: authorise for writing, parse,
    call one service, then redirect (or re-show the page with the errors beside the form)."""
    referral, access = referral_get_for_user(user=request.user, referral_id=referral_id, write=True)
    form = form_factory(referral)
    if form.is_valid():
        try:
            action(referral, form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(reverse("referrals:referral_detail", args=[referral.pk]) + "#top")
    referral.refresh_from_db()
    context = _detail_context(request, referral, access, **{form_name: form})
    context["failed_form"] = form_name
    context["failed"] = form
    return render(request, "referrals/referral_detail.html", context, status=400)


@require_POST
@login_required
def referral_accept_view(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    return act(
        request,
        referral_id,
        "accept_form",
        lambda r: forms.Form(request.POST),
        lambda r, d: referral_accept(referral=r, actor=request.user),
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
        lambda r: AssignForm(request.POST, link_workers=link_workers_of(r.scheme)),
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
