"""A practice's implementation records: events, continuity, concurrent initiatives and
leadership."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from linkwork.accounts.http import AppRequest
from linkwork.core.clock import today
from linkwork.core.errors import DomainError
from linkwork.core.pagination import page_of
from linkwork.core.views import ALREADY_SAVED, submit_once
from linkwork.implementation.forms import (
    AbsenceForm,
    CoverageForm,
    EventForm,
    HandoverForm,
    InitiativeForm,
    LeadershipForm,
)
from linkwork.implementation.permissions import Access, practice_access, practice_get_for_user
from linkwork.implementation.selectors import (
    continuity_people,
    practice_continuity,
    practice_events,
    practice_initiatives,
    practice_leadership,
)
from linkwork.implementation.services import (
    absence_record,
    coverage_start,
    event_record,
    handover_record,
    initiative_record,
    leadership_record,
)
from linkwork.implementation.views.common import add_domain_error
from linkwork.organisations.models import Organisation


def _context(request: AppRequest, practice: Organisation, section: str) -> dict[str, Any]:
    access = practice_access(user=request.user, practice=practice)
    return {"practice": practice, "section": section, "can_manage": access >= Access.MANAGE}


@require_http_methods(["GET", "POST"])
@login_required
def events_view(request: AppRequest, pk: uuid.UUID) -> HttpResponse:
    practice = practice_get_for_user(user=request.user, practice_id=pk, need=Access.CONTRIBUTE)
    form = EventForm(initial=dict.fromkeys(EventForm.ATTENDANCE, 0))
    if request.method == "POST":
        form = EventForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                first = submit_once(
                    request,
                    lambda: event_record(
                        actor=request.user,
                        practice=practice,
                        held_on=data["held_on"],
                        kind=data["kind"],
                        title=data["title"],
                        attendance=form.attendance(),
                    ),
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, "The event was recorded." if first else ALREADY_SAVED)
                return redirect("implementation:events", pk=practice.pk)
    return render(
        request,
        "implementation/events.html",
        {
            **_context(request, practice, "events"),
            "form": form,
            "events": page_of(request, practice_events(practice=practice)),
        },
        status=400 if form.errors else 200,
    )


def _people(practice: Organisation) -> Any:
    return continuity_people(practice=practice)


def _continuity_page(
    request: AppRequest, practice: Organisation, forms: dict[str, Any] | None = None
) -> HttpResponse:
    people = _people(practice)
    bound = forms or {}
    context = {
        **_context(request, practice, "continuity"),
        "records": practice_continuity(practice=practice),
        "coverage_form": bound.get("coverage") or CoverageForm(people=people),
        "absence_form": bound.get("absence") or AbsenceForm(people=people),
        "handover_form": bound.get("handover") or HandoverForm(people=people),
    }
    return render(request, "implementation/continuity.html", context, status=400 if bound else 200)


@require_http_methods(["GET"])
@login_required
def continuity_view(request: AppRequest, pk: uuid.UUID) -> HttpResponse:
    practice = practice_get_for_user(user=request.user, practice_id=pk, need=Access.CONTRIBUTE)
    return _continuity_page(request, practice)


def _continuity_record(
    request: AppRequest,
    pk: uuid.UUID,
    key: str,
    form_class: Any,
    record: Callable[..., Any],
    success: Callable[[Any], str],
) -> HttpResponse:
    """The one shape of every continuity form: a manager's POST, one service call, then back
    to the continuity page (or the page again with the errors beside the form)."""
    practice = practice_get_for_user(user=request.user, practice_id=pk, need=Access.MANAGE)
    form = form_class(request.POST, people=_people(practice))
    if form.is_valid():
        saved: list[Any] = []
        try:
            first = submit_once(
                request,
                lambda: saved.append(
                    record(actor=request.user, practice=practice, **form.cleaned_data)
                ),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, success(saved[0]) if first else ALREADY_SAVED)
            return redirect("implementation:continuity", pk=practice.pk)
    return _continuity_page(request, practice, {key: form})


@require_POST
@login_required
def coverage_add(request: AppRequest, pk: uuid.UUID) -> HttpResponse:
    return _continuity_record(
        request,
        pk,
        "coverage",
        CoverageForm,
        coverage_start,
        lambda _: "The coverage was recorded.",
    )


@require_POST
@login_required
def absence_add(request: AppRequest, pk: uuid.UUID) -> HttpResponse:
    return _continuity_record(
        request, pk, "absence", AbsenceForm, absence_record, lambda _: "The absence was recorded."
    )


@require_POST
@login_required
def handover_add(request: AppRequest, pk: uuid.UUID) -> HttpResponse:
    return _continuity_record(
        request,
        pk,
        "handover",
        HandoverForm,
        handover_record,
        lambda handover: f"The handover was recorded ({handover.overlap_days} days' overlap).",
    )


def _single_form_page(
    request: AppRequest,
    pk: uuid.UUID,
    *,
    section: str,
    form: Callable[..., Any],
    record: Callable[..., Any],
    listed: Callable[[Organisation], list[Any]],
    saved: str,
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    """A practice page with one form: contributors read it, managers post it; one service
    call, then back to the page (or the page again, 400, with the errors beside the form)."""
    need = Access.MANAGE if request.method == "POST" else Access.CONTRIBUTE
    practice = practice_get_for_user(user=request.user, practice_id=pk, need=need)
    bound = form(initial=initial or {})
    if request.method == "POST":
        bound = form(request.POST)
        if bound.is_valid():
            try:
                first = submit_once(
                    request,
                    lambda: record(actor=request.user, practice=practice, **bound.cleaned_data),
                )
            except DomainError as exc:
                add_domain_error(bound, exc)
            else:
                messages.success(request, saved if first else ALREADY_SAVED)
                return redirect(f"implementation:{section}", pk=practice.pk)
    return render(
        request,
        f"implementation/{section}.html",
        {**_context(request, practice, section), "form": bound, section: listed(practice)},
        status=400 if bound.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def initiatives_view(request: AppRequest, pk: uuid.UUID) -> HttpResponse:
    return _single_form_page(
        request,
        pk,
        section="initiatives",
        form=InitiativeForm,
        record=initiative_record,
        listed=lambda practice: list(practice_initiatives(practice=practice)),
        saved="The initiative was recorded.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def leadership_view(request: AppRequest, pk: uuid.UUID) -> HttpResponse:
    return _single_form_page(
        request,
        pk,
        section="leadership",
        form=LeadershipForm,
        record=leadership_record,
        listed=lambda practice: list(practice_leadership(practice=practice)[:50]),
        saved="The leadership was recorded.",
        initial={"recorded_on": today()},
    )
