"""Registry pages: regions, organisations and schemes with their delivery models and TIDieR."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from linkwork.accounts.http import AppRequest
from linkwork.core import clock
from linkwork.core.choices import Choices
from linkwork.core.errors import DomainError, NotFoundError
from linkwork.core.pagination import page_of
from linkwork.core.views import add_errors
from linkwork.organisations.delivery_models import MODEL_DESCRIPTIONS, MODEL_NAMES
from linkwork.organisations.forms import (
    DeliveryModelOverrideForm,
    OrganisationFilterForm,
    SchemeFilterForm,
    SchemeRunningForm,
)
from linkwork.organisations.kinds import OrgKind
from linkwork.organisations.models import Scheme, SchemePolicy
from linkwork.organisations.permissions import can_manage_scheme, scheme_get_for_user
from linkwork.organisations.policy_rules import (
    Accompaniment,
    Exclusion,
    OutcomeTool,
    PriorityGroup,
    ReferralSource,
)
from linkwork.organisations.selectors import (
    age_range_text,
    organisation_children,
    organisation_deprivation,
    organisation_get,
    organisation_list,
    organisation_schemes,
    policy_input,
    region_get,
    region_organisation_counts,
    region_summary_rows,
    registry_summary,
    scheme_delivery_model,
    scheme_list,
    scheme_policy_or_none,
    scheme_running_rows,
    scheme_tidier,
)
from linkwork.organisations.services import scheme_delivery_model_override, scheme_running_set
from linkwork.organisations.tidier import render_json, render_markdown


@require_GET
@login_required
def region_list_view(request: AppRequest) -> HttpResponse:
    return render(request, "organisations/region_list.html", {"rows": region_summary_rows()})


@require_GET
@login_required
def region_detail(request: AppRequest, slug: str) -> HttpResponse:
    try:
        region = region_get(slug=slug)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    summary = registry_summary(region=region)[0]
    schemes = [(s, scheme_delivery_model(s)) for s in scheme_list(region=region)]
    return render(
        request,
        "organisations/region_detail.html",
        {
            "region": region,
            "summary": summary,
            "kind_counts": region_organisation_counts(region),
            "schemes": schemes,
        },
    )


@require_GET
@login_required
def organisation_list_view(request: AppRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    region = kind = None
    query = ""
    if form.is_valid():
        region = form.cleaned_data["region"]
        kind = OrgKind(form.cleaned_data["kind"]) if form.cleaned_data["kind"] else None
        query = form.cleaned_data["q"]
    paginator = Paginator(organisation_list(region=region, kind=kind, query=query), 50)
    page = paginator.get_page(request.GET.get("page"))
    template = "organisations/organisation_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"form": form, "page": page})


@require_GET
@login_required
def organisation_detail(request: AppRequest, pk: uuid.UUID) -> HttpResponse:
    try:
        organisation = organisation_get(pk=pk)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    schemes = [(s, scheme_delivery_model(s)) for s in organisation_schemes(organisation)]
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "children": organisation_children(organisation),
            "schemes": schemes,
            "deprivation": organisation_deprivation(organisation),
        },
    )


@require_GET
@login_required
def scheme_list_view(request: AppRequest) -> HttpResponse:
    form = SchemeFilterForm(request.GET or None)
    region = model = None
    if form.is_valid():
        region = form.cleaned_data["region"]
        model = form.cleaned_data["model"]
    rows = [(s, scheme_delivery_model(s)) for s in scheme_list(region=region)]
    if model is not None:
        rows = [(s, m) for s, m in rows if m.effective == model]
    page = page_of(request, rows)
    return render(request, "organisations/scheme_list.html", {"form": form, "page": page})


def _labels(codes: tuple[str, ...], vocabulary: type[Choices]) -> str:
    return ", ".join(vocabulary(code).label for code in codes) or "None"


def _policy_rows(policy_obj: SchemePolicy | None) -> list[tuple[str, str]]:
    if policy_obj is None:
        return [("Policy", "Not yet set")]
    rules = policy_input(policy_obj)

    cap = "No cap" if rules.session_cap is None else f"{rules.session_cap} sessions"
    if rules.session_cap is not None:
        cap += (
            "; people at risk are not discharged at the cap"
            if rules.at_risk_exception
            else "; no at-risk exception"
        )
    gap = f"{rules.rereferral_min_gap_days} days" if rules.rereferral_min_gap_days else "No gap"
    tools = (
        ", ".join(dict(OutcomeTool.choices).get(t, t) for t in rules.outcome_tools) or "None named"
    )
    return [
        ("Ages", age_range_text(rules).capitalize()),
        ("Priority groups", _labels(rules.priority_groups, PriorityGroup)),
        ("Accepted referral sources", _labels(rules.accepted_sources, ReferralSource)),
        ("Session cap", cap),
        ("Minimum gap before re-referral", gap),
        ("Exclusion criteria", _labels(rules.exclusions, Exclusion)),
        ("Home visits", "Yes" if rules.home_visits else "No"),
        ("Accompaniment", Accompaniment(rules.accompaniment).label),
        ("Outcome tools", tools),
    ]


def _running_initial(scheme: Scheme) -> dict[str, object]:
    return {name: getattr(scheme, name) for name in SchemeRunningForm.base_fields}


@require_http_methods(["GET", "POST"])
@login_required
def scheme_detail(request: AppRequest, slug: str) -> HttpResponse:
    scheme = scheme_get_for_user(user=request.user, key=slug)
    can_manage = can_manage_scheme(user=request.user, scheme=scheme)
    form = DeliveryModelOverrideForm(
        initial={
            "model": scheme.delivery_model_override,
            "reason": scheme.override_reason,
        }
    )
    running_form = SchemeRunningForm(initial=_running_initial(scheme))
    # The page has two forms: how the scheme is run, and the manager's override.
    if request.method == "POST" and request.POST.get("form") == "running":
        scheme = scheme_get_for_user(user=request.user, key=slug, manage=True)
        running_form = SchemeRunningForm(request.POST)
        if running_form.is_valid():
            try:
                scheme_running_set(scheme=scheme, running=running_form.running())
            except DomainError as exc:
                add_errors(running_form, exc)
            else:
                messages.success(request, "How the scheme is run was saved.")
                return redirect("organisations:scheme_detail", slug=scheme.slug)
    elif request.method == "POST":
        scheme = scheme_get_for_user(user=request.user, key=slug, manage=True)
        form = DeliveryModelOverrideForm(request.POST)
        if form.is_valid():
            try:
                scheme_delivery_model_override(
                    scheme=scheme,
                    actor=request.user,
                    model=form.cleaned_data["model"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "The delivery model was saved.")
                return redirect("organisations:scheme_detail", slug=scheme.slug)
    model = scheme_delivery_model(scheme)
    return render(
        request,
        "organisations/scheme_detail.html",
        {
            "scheme": scheme,
            "model": model,
            "model_description": MODEL_DESCRIPTIONS.get(model.effective or 0, ""),
            "derived_name": MODEL_NAMES.get(model.derived.model or 0, "Not classified"),
            "running_rows": scheme_running_rows(scheme),
            "policy_rows": _policy_rows(scheme_policy_or_none(scheme)),
            "tidier": scheme_tidier(scheme),
            "managers": sorted(scheme.managers.all(), key=lambda m: m.name),
            "practices": list(scheme.practices.all()),
            "can_manage": can_manage,
            "form": form,
            "running_form": running_form,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@login_required
def scheme_tidier_printable(request: AppRequest, slug: str) -> HttpResponse:
    """The description on a page of its own, which the browser prints or saves as a PDF."""
    scheme = scheme_get_for_user(user=request.user, key=slug)
    return render(
        request,
        "organisations/scheme_tidier.html",
        {"scheme": scheme, "tidier": scheme_tidier(scheme), "today": clock.today()},
    )


@require_GET
@login_required
def scheme_tidier_download(request: AppRequest, slug: str, fmt: str) -> HttpResponseBase:
    if fmt not in {"md", "json", "pdf"}:
        raise Http404("TIDieR descriptions download as .md or .json.")
    scheme = scheme_get_for_user(user=request.user, key=slug)
    if fmt == "pdf":
        # No PDF is generated: the printable page prints or saves as one from the browser.
        return redirect("organisations:scheme_tidier", slug=scheme.slug)
    items = scheme_tidier(scheme)
    if fmt == "json":
        body, content_type = render_json(scheme.name, str(scheme.pk), items), "application/json"
    else:
        body, content_type = render_markdown(scheme.name, items), "text/markdown; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{scheme.slug}-tidier.{fmt}"'
    return response
