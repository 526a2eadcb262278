"""Dashboards: how far the programme is embedded, for practice managers and scheme managers."""

from __future__ import annotations

import uuid
from collections import Counter

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from linkwork.accounts.http import AppRequest
from linkwork.accounts.selectors import scheme_ids_for
from linkwork.implementation.assessment import (
    PracticeAssessment,
    assess_practices,
    default_period,
    rules_for,
    scheme_rule,
    trailing_assessments,
)
from linkwork.implementation.charts import BarChart, grouped_bars
from linkwork.implementation.permissions import (
    LINK_WORKERS,
    Access,
    link_worker_practices,
    practice_get_for_user,
    scheme_get_for_dashboard,
)
from linkwork.implementation.resources import practice_caseload, resources_by_classification
from linkwork.implementation.rules import Classification, trend
from linkwork.implementation.selectors import managed_practices, managed_schemes, scheme_practices
from linkwork.implementation.views.common import period_from
from linkwork.workforce.practice_workforce import casework_is_a_demo_sample, practice_workforce

TREND_PERIODS = 4


@require_GET
@login_required
def index_view(request: AppRequest) -> HttpResponse:
    practices = list(managed_practices(user=request.user))
    schemes = list(managed_schemes(user=request.user))
    link_worker = bool(scheme_ids_for(user=request.user, roles=LINK_WORKERS))
    if not (practices or schemes or link_worker):
        raise PermissionDenied("Implementation monitoring is for link workers and managers.")
    period = default_period()
    current = assess_practices(practices=practices, periods=[period])
    return render(
        request,
        "implementation/index.html",
        {
            "period": period,
            "practice_results": current,
            "schemes": schemes,
            "link_worker": link_worker,
            "link_worker_practices": (
                list(link_worker_practices(user=request.user)[:50]) if link_worker else []
            ),
        },
    )


def _share_chart(trail: list[PracticeAssessment], guide: float) -> BarChart:
    practice = [r.assessment.indicator("practice_share").value for r in trail]
    community = [r.assessment.indicator("community_share").value for r in trail]
    values = [float(v) for v in practice + community if v is not None]
    return grouped_bars(
        groups=[r.period.label for r in trail],
        series=[
            (
                "Practice level",
                "lw-bar--practice",
                [None if v is None else float(v) for v in practice],
            ),
            (
                "Community level",
                "lw-bar--community",
                [None if v is None else float(v) for v in community],
            ),
        ],
        top=max([40.0, *values]),
        guide=guide,
    )


@require_GET
@login_required
def practice_dashboard_view(request: AppRequest, pk: uuid.UUID) -> HttpResponse:
    practice = practice_get_for_user(user=request.user, practice_id=pk, need=Access.MANAGE)
    period_form, period = period_from(request)
    trail = trailing_assessments(practices=[practice], period=period, count=TREND_PERIODS)[
        practice.pk
    ]
    current = trail[-1]
    rule = rules_for([practice.pk])[practice.pk]
    workforce = practice_workforce(
        practice_ids=[practice.pk], start=current.period.start, end=current.period.end
    )[practice.pk]
    return render(
        request,
        "implementation/practice_dashboard.html",
        {
            "practice": practice,
            "section": "dashboard",
            "can_manage": True,
            "period_form": period_form,
            "result": current,
            "trail": trail,
            "trend": trend([r.assessment for r in trail]),
            "chart": _share_chart(trail, rule.min_practice_share_pct),
            "rule": rule,
            "workforce": workforce,
            "caseload_per_wte": practice_caseload(workforce),
            "demo_sample": casework_is_a_demo_sample(),
        },
    )


@require_GET
@login_required
def scheme_dashboard_view(request: AppRequest, slug: str) -> HttpResponse:
    scheme = scheme_get_for_dashboard(user=request.user, slug=slug)
    period_form, period = period_from(request)
    practices = scheme_practices(scheme=scheme)
    trails = trailing_assessments(practices=practices, period=period, count=TREND_PERIODS)
    rows = [(practice, trails[practice.pk]) for practice in practices]
    counts = Counter(trail[-1].assessment.classification for _, trail in rows)
    periods = [r.period for r in rows[0][1]] if rows else []
    current = [trail[-1] for _, trail in rows]
    workforce = practice_workforce(
        practice_ids=[p.pk for p in practices], start=period.start, end=period.end
    )
    return render(
        request,
        "implementation/scheme_dashboard.html",
        {
            "scheme": scheme,
            "period_form": period_form,
            "period": period,
            "periods": periods,
            "rows": [
                (p, trail[-1], trail, trend([r.assessment for r in trail])) for p, trail in rows
            ],
            "rule": scheme_rule(scheme),
            "counts": [(c.label, c.value, counts.get(c, 0)) for c in Classification],
            "resource_rows": [(r, workforce[r.practice_id]) for r in current],
            "by_classification": resources_by_classification(current, workforce),
            "demo_sample": casework_is_a_demo_sample(),
        },
    )
