"""The public, read-only Open Referral UK 3.0 API at /openreferral/.

Open to anyone (no sign-in, no keys), every response sends `Access-Control-Allow-Origin: *`,
and only directory records are ever read here: no person, referral or staff data. Plain
Django views, kept apart from the signed-in django-ninja API at /api/v1/.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from linkwork.directory import api_params as p
from linkwork.directory.export import (
    service_at_location_documents,
    service_documents,
    taxonomy_documents,
    taxonomy_term_documents,
)
from linkwork.directory.geo import bounding_box, haversine_km
from linkwork.directory.models import ServiceAtLocation, Taxonomy, TaxonomyTerm
from linkwork.directory.oruk.nest import Document, page
from linkwork.directory.oruk.schemas import load_json
from linkwork.directory.search import SearchFilters, filtered_services, service_search
from linkwork.directory.selectors import postcode_point
from linkwork.identifiers import IdentifierError, normalise_postcode

PROFILE_URL = "https://github.com/openreferral/uk-profile"
HSDS_VERSION = "3.0"

View = Callable[..., HttpResponse]


class _NotFoundError(Exception):
    pass


def _json(payload: object, status: int = 200) -> JsonResponse:
    response = JsonResponse(payload, status=status, safe=False)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def open_endpoint(view: View) -> View:
    """GET (and HEAD) for anyone, CORS on every answer, and errors as JSON."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Accept, Content-Type"
            return response
        if request.method not in ("GET", "HEAD"):
            response = _json({"detail": "This API is read-only: use GET."}, status=405)
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        try:
            return view(request, *args, **kwargs)
        except p.BadParameterError as exc:
            return _json({"detail": str(exc)}, status=400)
        except _NotFoundError as exc:
            return _json({"detail": str(exc)}, status=404)

    return wrapper


def _record_id(raw: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError as exc:
        raise _NotFoundError(f"No {what} has the id {raw!r}.") from exc


def _filters(request: HttpRequest) -> SearchFilters:
    params = request.GET
    return SearchFilters(
        text=params.get("search", "").strip(),
        taxonomy_term_id=p.uuid_param(params, "taxonomy_term_id"),
        taxonomy_id=p.uuid_param(params, "taxonomy_id"),
        minimum_age_at_least=p.number_param(params, "minimum_age"),
        maximum_age_at_most=p.number_param(params, "maximum_age"),
        day=p.day_param(params),
        opens_from_minute=p.time_param(params, "start_time"),
        closes_by_minute=p.time_param(params, "end_time"),
    )


def _page(
    documents_for: Callable[[list[uuid.UUID]], list[Document]],
    ids: list[uuid.UUID],
    paging: p.Paging,
) -> JsonResponse:
    chosen = ids[paging.start : paging.start + paging.per_page]
    return _json(
        page(documents_for(chosen), total=len(ids), number=paging.page, per_page=paging.per_page)
    )


@open_endpoint
def index(request: HttpRequest) -> HttpResponse:
    return _json(
        {
            "version": HSDS_VERSION,
            "profile": PROFILE_URL,
            "openapi_url": request.build_absolute_uri(reverse("directory:oruk_openapi")),
        }
    )


@open_endpoint
def openapi(request: HttpRequest) -> HttpResponse:
    return _json(load_json("schema/openapi.json"))


@open_endpoint
def services(request: HttpRequest) -> HttpResponse:
    paging = p.paging(request.GET)
    hits = service_search(_filters(request))
    chosen = [hit.service_id for hit in hits[paging.start : paging.start + paging.per_page]]
    documents = service_documents(chosen, full=False)
    return _json(page(documents, total=len(hits), number=paging.page, per_page=paging.per_page))


@open_endpoint
def service(request: HttpRequest, record_id: str) -> HttpResponse:
    documents = service_documents([_record_id(record_id, "service")], full=True)
    if not documents:
        raise _NotFoundError(f"No service has the id {record_id!r}.")
    return _json(documents[0])


def _location_postcode(request: HttpRequest) -> tuple[float, float] | None:
    raw = request.GET.get("postcode", "").strip()
    if not raw:
        if request.GET.get("proximity", "").strip():
            raise p.BadParameterError("proximity needs a postcode to measure from.")
        return None
    try:
        postcode = normalise_postcode(raw)
    except IdentifierError as exc:
        raise p.BadParameterError(f"postcode {raw!r} is not a UK postcode.") from exc
    point = postcode_point(postcode)
    if point is None:
        raise p.BadParameterError(f"postcode {postcode} is not in the postcode lookup.")
    return point


@open_endpoint
def service_at_locations(request: HttpRequest) -> HttpResponse:
    paging = p.paging(request.GET)
    filters = _filters(request)
    origin = _location_postcode(request)
    within = p.proximity_km(request.GET)
    base = filtered_services(replace(filters, text=""))
    links = ServiceAtLocation.objects.filter(service__in=base.values("pk"))
    if origin is not None and within is not None:
        low_lat, high_lat, low_lon, high_lon = bounding_box(*origin, within)
        links = links.filter(
            location__geo_latitude__range=(low_lat, high_lat),
            location__geo_longitude__range=(low_lon, high_lon),
        )
    # Nearest first when measuring from a postcode; otherwise in the services' order.
    order: dict[uuid.UUID, int] = {}
    if origin is None or filters.text:
        order = {hit.service_id: n for n, hit in enumerate(service_search(filters))}
    rows: list[tuple[bool, float, int, uuid.UUID]] = []
    for link_id, service_id, latitude, longitude in links.values_list(
        "id", "service_id", "location__geo_latitude", "location__geo_longitude"
    ):
        if order and service_id not in order:
            continue
        distance = None
        if origin is not None and latitude is not None and longitude is not None:
            distance = haversine_km(origin[0], origin[1], latitude, longitude)
        if within is not None and (distance is None or distance > within):
            continue
        position = order.get(service_id, 0)
        if origin is None:
            rows.append((False, 0.0, position, link_id))
        else:
            rows.append((distance is None, distance or 0.0, position, link_id))
    rows.sort()
    ids = [row[3] for row in rows]
    return _page(lambda chosen: service_at_location_documents(chosen, full=False), ids, paging)


@open_endpoint
def service_at_location(request: HttpRequest, record_id: str) -> HttpResponse:
    documents = service_at_location_documents(
        [_record_id(record_id, "service_at_location")], full=True
    )
    if not documents:
        raise _NotFoundError(f"No service_at_location has the id {record_id!r}.")
    return _json(documents[0])


@open_endpoint
def taxonomies(request: HttpRequest) -> HttpResponse:
    paging = p.paging(request.GET)
    ids = list(Taxonomy.objects.order_by("name", "id").values_list("id", flat=True))
    return _page(lambda chosen: taxonomy_documents(chosen, full=False), ids, paging)


@open_endpoint
def taxonomy(request: HttpRequest, record_id: str) -> HttpResponse:
    documents = taxonomy_documents([_record_id(record_id, "taxonomy")], full=True)
    if not documents:
        raise _NotFoundError(f"No taxonomy has the id {record_id!r}.")
    return _json(documents[0])


@open_endpoint
def taxonomy_terms(request: HttpRequest) -> HttpResponse:
    paging = p.paging(request.GET)
    terms = TaxonomyTerm.objects.order_by("taxonomy_ref", "name", "id")
    taxonomy_id = p.uuid_param(request.GET, "taxonomy_id")
    if taxonomy_id is not None:
        terms = terms.filter(taxonomy_ref=taxonomy_id)
    ids = list(terms.values_list("id", flat=True))
    return _page(taxonomy_term_documents, ids, paging)


@open_endpoint
def taxonomy_term(request: HttpRequest, record_id: str) -> HttpResponse:
    documents = taxonomy_term_documents([_record_id(record_id, "taxonomy_term")])
    if not documents:
        raise _NotFoundError(f"No taxonomy_term has the id {record_id!r}.")
    return _json(documents[0])
