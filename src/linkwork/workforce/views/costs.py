"""A scheme's costs by period (scheme managers) and the workforce indicators (scheme managers
and commissioners)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from linkwork.accounts.http import AppRequest
from linkwork.workforce.forms import CostForm
from linkwork.workforce.permissions import scheme_get_for_indicators, scheme_get_for_manager
from linkwork.workforce.practice_workforce import casework_is_a_demo_sample
from linkwork.workforce.selectors import (
    default_period,
    indicator_schemes,
    indicator_table,
    scheme_costs,
)
from linkwork.workforce.services import cost_record
from linkwork.workforce.views.common import save_form


@require_http_methods(["GET", "POST"])
@login_required
def scheme_costs_view(request: AppRequest, slug: str) -> HttpResponse:
    scheme = scheme_get_for_manager(user=request.user, slug=slug)
    form = CostForm(request.POST or None)
    if request.method == "POST" and save_form(
        request,
        form,
        lambda: cost_record(actor=request.user, scheme=scheme, **form.cleaned_data),
        "The cost was recorded.",
    ):
        return redirect("workforce:scheme_costs", slug=scheme.slug)
    return render(
        request,
        "workforce/scheme_costs.html",
        {"scheme": scheme, "form": form, "periods": scheme_costs(scheme=scheme)},
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def indicators_view(request: AppRequest) -> HttpResponse:
    """Every scheme the user manages or commissions, with one row for each delivery model."""
    schemes = list(indicator_schemes(user=request.user))
    if not schemes:
        raise PermissionDenied("Workforce indicators are for scheme managers and commissioners.")
    start, end = default_period()
    return render(
        request,
        "workforce/indicators.html",
        {
            "table": indicator_table(schemes=schemes, start=start, end=end),
            "demo_sample": casework_is_a_demo_sample(),
        },
    )


@require_GET
@login_required
def scheme_indicators_view(request: AppRequest, slug: str) -> HttpResponse:
    scheme = scheme_get_for_indicators(user=request.user, slug=slug)
    start, end = default_period()
    return render(
        request,
        "workforce/indicators.html",
        {
            "scheme": scheme,
            "table": indicator_table(schemes=[scheme], start=start, end=end),
            "demo_sample": casework_is_a_demo_sample(),
        },
    )
