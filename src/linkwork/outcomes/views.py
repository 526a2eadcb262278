"""Questionnaire pages: record one, see a person's scores, the due list, acknowledge alerts."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.http import AppRequest
from linkwork.accounts.scope import scope_for
from linkwork.audit.services import audit_record_list
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.core.pagination import page_of
from linkwork.core.submissions import AlreadySubmittedError, run_once
from linkwork.core.views import ALREADY_SAVED, submission_key, submission_scope
from linkwork.episodes.permissions import referral_get_for_user
from linkwork.outcomes.answers import missing_items_note
from linkwork.outcomes.forms import ChooseForm, QuestionnaireForm
from linkwork.outcomes.instruments import (
    definition_for,
    kind_of,
    measure_label,
    scheme_instruments,
)
from linkwork.outcomes.permissions import administration_get_for_user, alert_get_for_user
from linkwork.outcomes.selectors import (
    due_for_referral,
    due_lists_for,
    instrument_wording,
    open_alerts_for,
    person_outcome_panel,
)
from linkwork.outcomes.services import Questionnaire, administration_record, risk_alert_acknowledge
from linkwork.outcomes.vocab import Timepoint
from linkwork.people.permissions import person_get_for_user


@require_http_methods(["GET", "POST"])
@login_required
def record(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral, _ = referral_get_for_user(user=request.user, referral_id=referral_id, write=True)
    today = clock.today()
    choose = ChooseForm(request.GET or None, instruments=scheme_instruments(referral.scheme))
    if not choose.is_valid():
        return render(
            request,
            "outcomes/record_choose.html",
            {
                "referral": referral,
                "choose": choose,
                "due_items": due_for_referral(referral=referral, today=today),
            },
        )
    instrument_id = choose.cleaned_data["instrument"]
    timepoint = choose.cleaned_data["timepoint"]
    definition = definition_for(instrument_id)
    wording = instrument_wording(instrument_id)
    form = QuestionnaireForm(
        request.POST if request.method == "POST" else None,
        definition=definition,
        wording=wording,
        today=today,
    )
    if request.method == "POST" and form.is_valid():
        try:
            administration = run_once(
                key=submission_key(request),
                scope=submission_scope(request),
                action=lambda: administration_record(
                    referral=referral,
                    actor=request.user,
                    questionnaire=Questionnaire(
                        instrument_id=instrument_id,
                        timepoint=timepoint,
                        administered_on=form.cleaned_data["administered_on"],
                        mode=form.cleaned_data["mode"],
                    ),
                    responses=form.responses(),
                ),
            )
        except AlreadySubmittedError:
            messages.info(request, ALREADY_SAVED)
            return redirect("outcomes:person", person_id=referral.person_id)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            scores = administration.scores
            summary = (
                f"{measure_label(definition, scores['primary_measure'])} {scores['primary']:g}"
                if scores.get("primary_measure")
                else "scores saved"
            )
            messages.success(
                request,
                f"{definition.name} {Timepoint(timepoint).label.lower()} recorded: {summary}.",
            )
            note = missing_items_note(definition, scores.get("missing") or [])
            if note:
                messages.info(request, note)
            if administration.alerts.exists():
                messages.warning(
                    request,
                    "A risk alert has been raised on this person's record: act on it today.",
                )
            return redirect("outcomes:person", person_id=referral.person_id)
    return render(
        request,
        "outcomes/record.html",
        {
            "referral": referral,
            "definition": definition,
            "kind_label": kind_of(definition).label,
            "timepoint_label": Timepoint(timepoint).label,
            "wording": wording,
            "form": form,
            "items": form.item_fields(),
        },
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def person_outcomes(request: AppRequest, person_id: uuid.UUID) -> HttpResponse:
    person = person_get_for_user(user=request.user, person_id=person_id, purpose="outcomes")
    return render(
        request,
        "outcomes/person.html",
        {"person": person, "outcome_panel": person_outcome_panel(person=person)},
    )


@require_GET
@login_required
def due(request: AppRequest) -> HttpResponse:
    if not scope_for(request.user).casework_schemes:
        raise PermissionDenied("Only link workers and scheme managers have questionnaires due.")
    today = clock.today()
    lists = due_lists_for(user=request.user, today=today, audit=False)
    due = page_of(request, lists.open)
    after = page_of(request, lists.after_discharge, param="after_page")
    audit_record_list(
        actor=request.user,
        object_type="outcome_due",
        rows=list(dict.fromkeys((i.person_id, i.scheme_id) for i in [*due, *after])),
        detail={"list": "due", "page": due.number, "after_page": after.number},
    )
    return render(
        request,
        "outcomes/due.html",
        {
            "today": today,
            "due_items": due,
            "due_total": due.paginator.count,
            "after_discharge_items": after,
            "after_discharge_total": after.paginator.count,
            "alerts": open_alerts_for(user=request.user),
        },
    )


@require_GET
@login_required
def administration_detail(request: AppRequest, administration_id: uuid.UUID) -> HttpResponse:
    administration = administration_get_for_user(
        user=request.user, administration_id=administration_id
    )
    definition = definition_for(
        administration.instrument_id, version=administration.definition_version
    )
    # In the definition's order: jsonb does not keep the order answers were stored in.
    answers = [
        (item.label.capitalize(), administration.responses.get(item.code))
        for item in definition.items
    ]
    return render(
        request,
        "outcomes/administration.html",
        {"administration": administration, "definition": definition, "answers": answers},
    )


@require_POST
@login_required
def alert_acknowledge(request: AppRequest, alert_id: uuid.UUID) -> HttpResponse:
    alert = alert_get_for_user(user=request.user, alert_id=alert_id)
    try:
        risk_alert_acknowledge(alert=alert, actor=request.user, note=request.POST.get("note", ""))
    except DomainError as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, f"Risk alert for {alert.person.full_name} acknowledged.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("outcomes:person", args=[alert.person_id])
    return redirect(target)
