"""The person's record: details, consents, every episode as a timeline, and who has looked."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.http import AppRequest
from linkwork.accounts.scope import scope_for
from linkwork.audit.selectors import audit_access_runs_for_person
from linkwork.audit.services import audit_record, audit_record_list
from linkwork.core import clock
from linkwork.core.dates import age_on
from linkwork.core.errors import DomainError
from linkwork.core.extensions import person_panels
from linkwork.core.views import ALREADY_SAVED, add_errors, submit_once
from linkwork.organisations.selectors import vcses_in_region
from linkwork.people.forms import ConsentForm, CorrectionForm, LegalHoldForm, RestrictionForm
from linkwork.people.permissions import person_get_for_user, person_list_for
from linkwork.people.selectors import (
    consents_of,
    corrections_of,
    person_find_duplicates,
    person_key,
)
from linkwork.people.services import (
    consent_record,
    consent_withdraw,
    person_merge,
)


def person_context(request: AppRequest, person_id: uuid.UUID) -> dict[str, object]:
    person = person_get_for_user(user=request.user, person_id=person_id)
    context: dict[str, object] = {
        "person": person,
        "age": _age(person.date_of_birth),
        "consents": consents_of(person=person),
        "corrections": corrections_of(person=person),
        "correction_form": CorrectionForm(person=person),
        "restriction_form": RestrictionForm(),
        "hold_form": LegalHoldForm(),
        "manages_scheme": person.scheme_id in scope_for(request.user).managed_schemes,
        "viewers": audit_access_runs_for_person(person_id=person.pk),
        "duplicates": person_find_duplicates(
            scheme=person.scheme, key=person_key(person), exclude=person
        ),
        "consent_form": ConsentForm(
            vcses=vcses_in_region(person.scheme.region_id),
            initial={"recorded_on": clock.today()},
        ),
    }
    panels = (provider(person, request.user) for provider in person_panels.providers)
    context["panels"] = [panel for panel in panels if panel is not None]
    return context


def _age(born: object) -> int:
    return age_on(born, clock.today())  # type: ignore[arg-type]


@require_GET
@login_required
def person_detail(request: AppRequest, person_id: uuid.UUID) -> HttpResponse:
    return render(request, "people/person_detail.html", person_context(request, person_id))


@require_POST
@login_required
def consent_add(request: AppRequest, person_id: uuid.UUID) -> HttpResponse:
    context = person_context(request, person_id)
    person = context["person"]
    form = ConsentForm(
        request.POST,
        vcses=vcses_in_region(person.scheme.region_id),  # type: ignore[attr-defined]
    )
    if form.is_valid():
        try:
            first = submit_once(
                request,
                lambda: consent_record(person=person, actor=request.user, **form.cleaned_data),  # type: ignore[arg-type]
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Consent recorded." if first else ALREADY_SAVED)
            return redirect("people:person_detail", person_id=person_id)
    context["consent_form"] = form
    return render(request, "people/person_detail.html", context, status=400)


@require_POST
@login_required
def consent_withdraw_view(
    request: AppRequest, person_id: uuid.UUID, consent_id: uuid.UUID
) -> HttpResponse:
    person = person_get_for_user(user=request.user, person_id=person_id)
    consent = person.consents.filter(pk=consent_id).first()
    if consent is None:
        raise Http404("No such consent for this person.")
    try:
        consent_withdraw(consent=consent, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Consent withdrawn: nothing more is shared under it.")
    return redirect("people:person_detail", person_id=person_id)


@require_http_methods(["GET", "POST"])
@login_required
def person_merge_view(
    request: AppRequest, person_id: uuid.UUID, other_id: uuid.UUID
) -> HttpResponse:
    keep = person_get_for_user(user=request.user, person_id=person_id, purpose="merge")
    other = person_get_for_user(user=request.user, person_id=other_id, purpose="merge")
    if keep.scheme_id not in scope_for(request.user).casework_schemes:
        raise PermissionDenied
    if request.method == "POST":
        try:
            person_merge(keep=keep, duplicate=other, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Merged the two records into {keep.full_name}'s.")
            return redirect("people:person_detail", person_id=keep.pk)
    return render(request, "people/person_merge.html", {"keep": keep, "other": other})


@require_http_methods(["GET", "POST"])
@login_required
def person_search(request: AppRequest) -> HttpResponse:
    """The search form (GET) and its results (POST only): an NHS or CHI number is identifiable,
    so it never travels in a URL, where server logs and browser history would keep it."""
    if not scope_for(request.user).casework_schemes:
        raise Http404("Only link workers and scheme managers search people's records.")
    query = request.POST.get("q", "").strip() if request.method == "POST" else ""
    people = []
    if len(query) >= 2:
        digits = query.replace(" ", "")
        people = list(
            person_list_for(user=request.user)
            .filter(
                Q(family_name__icontains=query)
                | Q(given_name__icontains=query)
                | Q(nhs_number=digits)
                | Q(chi_number=digits)
            )
            .select_related("scheme")
            .order_by("family_name", "given_name")[:50]
        )
        audit_record(
            actor=request.user,
            action="search",
            object_type="person",
            detail={"results": len(people)},
        )
        audit_record_list(
            actor=request.user,
            object_type="person_search",
            rows=[(p.pk, p.scheme_id) for p in people],
        )
    template = "people/person_search.html" + ("#results" if request.htmx else "")
    return render(request, template, {"query": query, "people": people})
