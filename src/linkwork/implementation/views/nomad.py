"""NoMAD survey rounds for managers: open a round, hand out links, close it, see results
once they are anonymous enough to show."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.http import AppRequest
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.implementation.forms import LinksIssueForm, RoundOpenForm
from linkwork.implementation.models import NomadRound
from linkwork.implementation.nomad import GENERAL_ITEMS, Construct
from linkwork.implementation.nomad_services import (
    min_responses_setting,
    nomad_links_issue,
    nomad_round_close,
    nomad_round_open,
)
from linkwork.implementation.permissions import (
    Access,
    nomad_round_get_for_user,
    practice_get_for_user,
)
from linkwork.implementation.selectors import practice_rounds, round_summary
from linkwork.implementation.views.common import add_domain_error

DEFAULT_ROUND_DAYS = 28


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def rounds_view(request: AppRequest, pk: uuid.UUID) -> HttpResponse:
    practice = practice_get_for_user(user=request.user, practice_id=pk, need=Access.MANAGE)
    form = RoundOpenForm(
        initial={
            "closes_on": clock.today() + timedelta(days=DEFAULT_ROUND_DAYS),
            "links": 10,
            "programme_name": "the link worker programme",
        }
    )
    if request.method == "POST":
        form = RoundOpenForm(request.POST)
        if form.is_valid():
            try:
                survey, tokens = nomad_round_open(
                    actor=request.user, practice=practice, **form.cleaned_data
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                return _round_page(request, survey, tokens)
    return render(
        request,
        "implementation/nomad_rounds.html",
        {
            "practice": practice,
            "section": "nomad",
            "can_manage": True,
            "form": form,
            "rounds": practice_rounds(practice=practice),
            "minimum": min_responses_setting(),
        },
        status=400 if form.errors else 200,
    )


def _round_page(
    request: AppRequest,
    survey: NomadRound,
    tokens: list[str] | None = None,
    form: LinksIssueForm | None = None,
) -> HttpResponse:
    """The round's page. New links are shown here once: only their hashes are stored."""
    summary = round_summary(survey=survey)
    links = [
        request.build_absolute_uri(reverse("implementation:nomad_answer", args=[token]))
        for token in tokens or []
    ]
    scores = summary.scores
    # A construct answered by fewer people than the round's minimum is not shown either.
    construct_rows = (
        [
            (
                Construct(c).label,
                mean if scores.construct_n[c] >= summary.minimum else None,
                scores.construct_n[c],
            )
            for c, mean in scores.construct_means.items()
        ]
        if scores
        else []
    )
    general_rows = (
        [(item.label, scores.general_means[item.code]) for item in GENERAL_ITEMS] if scores else []
    )
    return render(
        request,
        "implementation/nomad_round.html",
        {
            "practice": survey.practice,
            "section": "nomad",
            "can_manage": True,
            "summary": summary,
            "links": links,
            "links_form": form or LinksIssueForm(initial={"count": 5}),
            "construct_rows": construct_rows,
            "general_rows": general_rows,
        },
        status=400 if form is not None and form.errors else 200,
    )


@never_cache
@require_GET
@login_required
def round_view(request: AppRequest, pk: uuid.UUID) -> HttpResponse:
    survey = nomad_round_get_for_user(user=request.user, round_id=pk)
    return _round_page(request, survey)


@never_cache
@require_POST
@login_required
def links_issue_view(request: AppRequest, pk: uuid.UUID) -> HttpResponse:
    survey = nomad_round_get_for_user(user=request.user, round_id=pk)
    form = LinksIssueForm(request.POST)
    if form.is_valid():
        try:
            tokens = nomad_links_issue(
                actor=request.user, survey=survey, count=form.cleaned_data["count"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return _round_page(request, survey, tokens)
    return _round_page(request, survey, form=form)


@require_POST
@login_required
def round_close_view(request: AppRequest, pk: uuid.UUID) -> HttpResponse:
    survey = nomad_round_get_for_user(user=request.user, round_id=pk)
    try:
        nomad_round_close(actor=request.user, survey=survey)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "The round is closed; its links no longer work.")
    return redirect("implementation:nomad_round", pk=survey.pk)
