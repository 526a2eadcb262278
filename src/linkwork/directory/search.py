"""Finding services: filters in the database, distance and ranking in pure code.

Free text uses PostgreSQL's full-text search (English stemming, name weighted above
description, over a stored and indexed document; a match on the provider's name counts too)
when the database is PostgreSQL, and word-stem matching with a weighted count of where each
word appears elsewhere. Distances are measured from a
postcode's centroid to each of a service's locations; the nearest counts.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import overload

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Case, Exists, FloatField, OuterRef, Q, QuerySet, Value, When
from django.db.models.expressions import Combinable, RawSQL
from django.db.models.functions import Lower

from linkwork.directory.geo import bounding_box, haversine_km
from linkwork.directory.models import (
    Attribute,
    CostOption,
    DirectoryOrganization,
    Schedule,
    Service,
    ServiceAtLocation,
)
from linkwork.directory.ranking import CAPACITY_ORDER, combined_score, search_terms

# Weights of where a word is found, for the word-stem matcher.
_NAME_WEIGHT, _DESCRIPTION_WEIGHT, _PROVIDER_WEIGHT = 3.0, 1.0, 0.5


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """What to look for. Empty values do not filter."""

    text: str = ""
    needs: tuple[str, ...] = ()
    age: Decimal | None = None  # the person's age: the service's eligibility must admit it
    cost: str = ""  # "free": no positive charge listed; "paid": at least one
    day: str = ""  # MO..SU: open on that weekday
    capacities: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    region_id: uuid.UUID | None = None
    include_national: bool = False  # with region_id: also services listed in no region
    origin: tuple[float, float] | None = None  # latitude, longitude to measure from
    within_km: float | None = None
    # The Open Referral API's filters, with the standard's own meanings.
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    minimum_age_at_least: Decimal | None = None
    maximum_age_at_most: Decimal | None = None
    opens_from_minute: int | None = None
    closes_by_minute: int | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    service_id: uuid.UUID
    name: str
    capacity: str
    relevance: float
    distance_km: float | None

    @property
    def score(self) -> float:
        return combined_score(self.relevance, self.distance_km)


def _schedule_filter(filters: SearchFilters) -> Q | None:
    conditions = Q()
    if filters.day:
        conditions &= Q(byday__icontains=filters.day)
    if filters.opens_from_minute is not None:
        conditions &= Q(opens_minute__gte=filters.opens_from_minute)
    if filters.closes_by_minute is not None:
        conditions &= Q(closes_minute__lte=filters.closes_by_minute)
    if not conditions:
        return None
    # One schedule must meet all the conditions together.
    return Q(Exists(Schedule.objects.filter(conditions, service=OuterRef("pk"))))


def filtered_services(filters: SearchFilters) -> QuerySet[Service]:
    """Services meeting every filter except free text and distance."""
    services = Service.objects.all()
    if filters.needs:
        described = Attribute.objects.filter(taxonomy_term__need__in=filters.needs)
        services = services.filter(pk__in=described.values("link_ref"))
    if filters.taxonomy_term_id is not None:
        described = Attribute.objects.filter(taxonomy_term_id=filters.taxonomy_term_id)
        services = services.filter(pk__in=described.values("link_ref"))
    if filters.taxonomy_id is not None:
        described = Attribute.objects.filter(taxonomy_term__taxonomy_ref=filters.taxonomy_id)
        services = services.filter(pk__in=described.values("link_ref"))
    if filters.age is not None:
        services = services.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=filters.age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=filters.age),
        )
    if filters.minimum_age_at_least is not None:
        services = services.filter(minimum_age__gte=filters.minimum_age_at_least)
    if filters.maximum_age_at_most is not None:
        services = services.filter(maximum_age__lte=filters.maximum_age_at_most)
    if filters.cost:
        charged = Exists(CostOption.objects.filter(service=OuterRef("pk"), amount__gt=0))
        services = services.filter(charged if filters.cost == "paid" else ~charged)
    schedule = _schedule_filter(filters)
    if schedule is not None:
        services = services.filter(schedule)
    if filters.capacities:
        services = services.filter(capacity__in=filters.capacities)
    if filters.statuses:
        services = services.filter(status__in=filters.statuses)
    if filters.region_id is not None:
        in_region = Q(region_id=filters.region_id)
        services = services.filter(
            in_region | Q(region__isnull=True) if filters.include_national else in_region
        )
    return services


def _with_text(services: QuerySet[Service], text: str) -> QuerySet[Service] | None:
    """Services matching the text, annotated with `relevance`; None when the text has no
    words worth searching for."""
    terms = search_terms(text)
    if not terms:
        return None
    if connection.vendor == "postgresql":
        query = SearchQuery(text, search_type="websearch", config="english")
        # The stored, indexed document (migration 0003): name weighted A, description B.
        column = f'"{Service._meta.db_table}"."search_document"'
        document = RawSQL(column, [], output_field=SearchVectorField())  # noqa: S611 - fixed name
        providers = (
            DirectoryOrganization.objects.annotate(
                document=SearchVector("name", weight="C", config="english")
            )
            .filter(document=query)
            .values("pk")
        )
        by_provider = Q(organization__in=providers)
        return (
            services.annotate(document=document)
            .filter(Q(document=query) | by_provider)
            .annotate(
                relevance=SearchRank(document, query)
                + Case(When(by_provider, then=Value(0.1)), default=Value(0.0))
            )
        )
    relevance: Combinable = Value(0.0, output_field=FloatField())
    for term in terms:
        services = services.filter(
            Q(name__icontains=term)
            | Q(description__icontains=term)
            | Q(organization__name__icontains=term)
        )
        for field, weight in (
            ("name", _NAME_WEIGHT),
            ("description", _DESCRIPTION_WEIGHT),
            ("organization__name", _PROVIDER_WEIGHT),
        ):
            relevance = relevance + Case(
                When(**{f"{field}__icontains": term}, then=Value(weight)),
                default=Value(0.0),
                output_field=FloatField(),
            )
    best = len(terms) * (_NAME_WEIGHT + _DESCRIPTION_WEIGHT + _PROVIDER_WEIGHT)
    return services.annotate(relevance=relevance / Value(best, output_field=FloatField()))


def _distances(
    services: QuerySet[Service], origin: tuple[float, float], within_km: float | None
) -> dict[uuid.UUID, float]:
    """Distance from `origin` to the nearest location of each service that has one."""
    located = ServiceAtLocation.objects.filter(
        service__in=services.values("pk"), location__geo_latitude__isnull=False
    )
    if within_km is not None:
        low_lat, high_lat, low_lon, high_lon = bounding_box(*origin, within_km)
        located = located.filter(
            location__geo_latitude__range=(low_lat, high_lat),
            location__geo_longitude__range=(low_lon, high_lon),
        )
    nearest: dict[uuid.UUID, float] = {}
    for service_id, latitude, longitude in located.values_list(
        "service_id", "location__geo_latitude", "location__geo_longitude"
    ):
        if latitude is None or longitude is None:
            continue
        km = haversine_km(origin[0], origin[1], latitude, longitude)
        if km < nearest.get(service_id, float("inf")):
            nearest[service_id] = km
    return nearest


class OrderedHits:
    """Hits the database orders and pages (browsing with neither text nor distance), so a
    page of a large directory never fetches the rest."""

    _FIELDS = ("pk", "name", "capacity")

    def __init__(self, services: QuerySet[Service]) -> None:
        rank = Case(
            *(When(capacity=state, then=Value(order)) for state, order in CAPACITY_ORDER.items()),
            default=Value(len(CAPACITY_ORDER)),
        )
        self._services = services.annotate(capacity_rank=rank, sort_name=Lower("name")).order_by(
            "capacity_rank", "sort_name", "pk"
        )
        self._count: int | None = None

    @staticmethod
    def _hit(row: tuple[uuid.UUID, str, str]) -> Hit:
        return Hit(row[0], row[1], row[2], 1.0, None)

    def count(self) -> int:
        if self._count is None:
            self._count = self._services.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> Hit: ...

    @overload
    def __getitem__(self, index: slice) -> list[Hit]: ...

    def __getitem__(self, index: int | slice) -> Hit | list[Hit]:
        if isinstance(index, slice):
            return [self._hit(row) for row in self._services.values_list(*self._FIELDS)[index]]
        return self._hit(self._services.values_list(*self._FIELDS)[index])

    def __iter__(self) -> Iterator[Hit]:
        for row in self._services.values_list(*self._FIELDS).iterator(chunk_size=2000):
            yield self._hit(row)


# What a search returns: a list ordered here, or hits the database orders and pages.
Hits = list[Hit] | OrderedHits


def service_search(filters: SearchFilters) -> Hits:
    """Every service meeting the filters, best first.

    Order: with a postcode, services with a known distance first; then the relevance score
    discounted by distance (`ranking.combined_score`); then open before waiting list before
    paused before closed; then nearer, then by name. Without text or a postcode only the last
    two apply, and the database does the ordering and paging."""
    base = filtered_services(filters)
    matched = _with_text(base, filters.text) if filters.text else None
    if matched is None and filters.origin is None:
        return OrderedHits(base)
    if matched is None:
        matched = base.annotate(relevance=Value(1.0, output_field=FloatField()))
    # `relevance` is an annotation, which the type stubs cannot see on QuerySet[Service].
    rows = matched.values_list("pk", "name", "capacity", "relevance")  # type: ignore[misc]
    distances: dict[uuid.UUID, float] = {}
    if filters.origin is not None:
        distances = _distances(base, filters.origin, filters.within_km)
    hits = []
    for service_id, name, capacity, relevance in rows:
        distance = distances.get(service_id)
        if filters.within_km is not None and (distance is None or distance > filters.within_km):
            continue
        hits.append(Hit(service_id, name, capacity, float(relevance or 0.0), distance))
    measured = filters.origin is not None
    hits.sort(
        key=lambda hit: (
            measured and hit.distance_km is None,
            -hit.score,
            CAPACITY_ORDER.get(hit.capacity, len(CAPACITY_ORDER)),
            hit.distance_km or 0.0,
            hit.name.lower(),
            hit.service_id,
        )
    )
    return hits


def services_in_order(ids: list[uuid.UUID]) -> list[Service]:
    """Services for a page of hits, in the hits' order, with their provider and region."""
    found = Service.objects.select_related("organization", "region").in_bulk(ids)
    return [found[service_id] for service_id in ids if service_id in found]


__all__ = [
    "Hit",
    "Hits",
    "OrderedHits",
    "SearchFilters",
    "filtered_services",
    "service_search",
    "services_in_order",
]
