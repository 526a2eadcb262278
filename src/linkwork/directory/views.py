"""Directory pages: search with live filtering, a service's page, and the entries that need
checking. Any signed-in user may read the directory; its data is not personal."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from linkwork.accounts.http import AppRequest
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.core.needs import Need
from linkwork.directory.display import age_range_text, cost_text, schedule_text, web_link
from linkwork.directory.forms import LISTED_STATUSES, CapacityForm, DirectorySearchForm
from linkwork.directory.geo import distance_text
from linkwork.directory.models import Service
from linkwork.directory.permissions import (
    can_maintain_service,
    service_get_for_user,
    stale_regions_for_user,
)
from linkwork.directory.search import Hit, Hits, SearchFilters, service_search, services_in_order
from linkwork.directory.selectors import (
    service_is_stale,
    service_needs,
    service_page,
    stale_after_days,
    stale_services,
)
from linkwork.directory.services import service_capacity_update

RESULTS_PER_PAGE = 20


@dataclass(frozen=True, slots=True)
class ResultRow:
    service: Service
    needs: list[str]
    distance: str | None
    stale: bool


def _rows(hits: list[Hit]) -> list[ResultRow]:
    distances = {hit.service_id: hit.distance_km for hit in hits}
    services = services_in_order(list(distances))
    needs = service_needs(distances)
    today = clock.today()
    return [
        ResultRow(
            service=service,
            needs=[Need(n).label for n in needs.get(service.pk, [])],
            distance=distance_text(km) if (km := distances[service.pk]) is not None else None,
            stale=service_is_stale(service, today=today),
        )
        for service in services
    ]


@require_GET
@login_required
def search(request: AppRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET or None)
    hits: Hits = []
    if not form.is_bound:
        hits = service_search(SearchFilters(statuses=LISTED_STATUSES))
    elif form.is_valid():
        hits = service_search(form.filters())
    page = Paginator(hits, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": _rows(list(page.object_list)),
        "query": query.urlencode(),
        "measured": form.is_bound and form.is_valid() and form.cleaned_data.get("origin"),
    }
    template = "directory/search.html" + ("#results" if request.htmx else "")
    return render(request, template, context)


def _detail(
    request: AppRequest, service: Service, form: CapacityForm | None, status: int = 200
) -> HttpResponse:
    can_maintain = can_maintain_service(user=request.user, service=service)
    if form is None and can_maintain:
        form = CapacityForm(
            initial={
                "capacity": service.capacity,
                "verified_on": clock.today(),
                "note": service.capacity_note,
            }
        )
    page = service_page(service)
    schedules = [
        {
            "text": schedule_text(
                freq=s.freq,
                interval=s.interval,
                byday=s.byday,
                opens_at=s.opens_at,
                closes_at=s.closes_at,
            ),
            "description": s.description,
        }
        for s in page.schedules
    ]
    return render(
        request,
        "directory/service_detail.html",
        {
            "page": page,
            "service": service,
            "needs": [Need(n).label for n in page.needs],
            "ages": age_range_text(service.minimum_age, service.maximum_age),
            "costs": [
                cost_text(c.amount, c.amount_description, c.option) for c in page.cost_options
            ],
            "schedules": schedules,
            "website": web_link(service.url),
            "can_maintain": can_maintain,
            "form": form,
            "stale_after_days": stale_after_days(),
        },
        status=status,
    )


@require_GET
@login_required
def service_detail(request: AppRequest, service_id: uuid.UUID) -> HttpResponse:
    service = service_get_for_user(user=request.user, service_id=service_id)
    return _detail(request, service, None)


@require_POST
@login_required
def capacity_update(request: AppRequest, service_id: uuid.UUID) -> HttpResponse:
    service = service_get_for_user(user=request.user, service_id=service_id, maintain=True)
    form = CapacityForm(request.POST)
    if form.is_valid():
        try:
            service_capacity_update(
                service=service,
                actor=request.user,
                capacity=form.cleaned_data["capacity"],
                verified_on=form.cleaned_data["verified_on"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            for field, errors in exc.field_errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, "The service's capacity was saved.")
            return redirect("directory:service_detail", service_id=service.pk)
    return _detail(request, service, form, status=400)


@require_GET
@login_required
def stale_list(request: AppRequest) -> HttpResponse:
    regions = stale_regions_for_user(user=request.user)
    page = Paginator(stale_services(region_ids=regions), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/stale_list.html",
        {"page": page, "stale_after_days": stale_after_days(), "all_regions": regions is None},
    )
