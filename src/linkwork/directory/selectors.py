"""Reads of the directory: a service with what it carries, categories, stale entries, and
the services to suggest for a referral."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet

from linkwork.core import clock
from linkwork.core.errors import NotFoundError
from linkwork.core.needs import Need
from linkwork.directory.freshness import DEFAULT_STALE_AFTER_DAYS, is_stale, stale_cutoff
from linkwork.directory.geo import distance_text
from linkwork.directory.models import (
    Attribute,
    Contact,
    CostOption,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from linkwork.directory.ranking import CAPACITY_ORDER
from linkwork.directory.search import SearchFilters, service_search, services_in_order
from linkwork.identifiers import IdentifierError, normalise_postcode
from linkwork.lookups.models import PostcodeLookup
from linkwork.organisations.models import Region

_BATCH = 500  # keeps IN lists under SQLite's variable limit


def stale_after_days() -> int:
    """How long a capacity check stays current: `DIRECTORY_STALE_AFTER_DAYS`, default 183."""
    return int(getattr(settings, "DIRECTORY_STALE_AFTER_DAYS", DEFAULT_STALE_AFTER_DAYS))


def service_is_stale(service: Service, *, today: date | None = None) -> bool:
    return is_stale(service.capacity_verified_on, today or clock.today(), stale_after_days())


def service_get(*, service_id: uuid.UUID) -> Service:
    service = (
        Service.objects.select_related("organization", "region", "capacity_verified_by")
        .filter(pk=service_id)
        .first()
    )
    if service is None:
        raise NotFoundError("No service in the directory has that id.", code="service_not_found")
    return service


@dataclass(frozen=True, slots=True)
class ServicePage:
    """A service and everything its page shows, loaded in a fixed number of queries."""

    service: Service
    needs: list[str]
    terms: list[TaxonomyTerm]
    locations: list[ServiceAtLocation]
    schedules: list[Schedule]
    contacts: list[Contact]
    cost_options: list[CostOption]
    stale: bool


def service_page(service: Service) -> ServicePage:
    terms = list(
        TaxonomyTerm.objects.filter(
            pk__in=Attribute.objects.filter(link_ref=service.pk).values("taxonomy_term_id")
        ).order_by("name")
    )
    locations = list(
        ServiceAtLocation.objects.filter(service=service)
        .select_related("location")
        .prefetch_related("location__addresses", "location__accessibility_entries")
        .order_by("id")
    )
    return ServicePage(
        service=service,
        needs=[term.need for term in terms if term.need],
        terms=terms,
        locations=locations,
        schedules=list(service.schedules.order_by("id")),
        contacts=list(service.contacts.prefetch_related("phones").order_by("name", "id")),
        cost_options=list(service.cost_options.order_by("amount", "id")),
        stale=service_is_stale(service),
    )


def service_needs(service_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    """The needs each service meets (from its categories), in the needs taxonomy's order."""
    order = {code: position for position, code in enumerate(Need.values)}
    found: dict[uuid.UUID, list[str]] = defaultdict(list)
    ids = list(service_ids)
    for start in range(0, len(ids), _BATCH):
        rows = Attribute.objects.filter(
            link_ref__in=ids[start : start + _BATCH], taxonomy_term__need__gt=""
        ).values_list("link_ref", "taxonomy_term__need")
        for service_id, need in rows:
            if need not in found[service_id]:
                found[service_id].append(need)
    return {key: sorted(needs, key=lambda n: order.get(n, 99)) for key, needs in found.items()}


def stale_services(*, region_ids: set[uuid.UUID] | None) -> QuerySet[Service]:
    """Services whose capacity was never checked or not within the period, oldest check first.
    `region_ids` None means every region (and services listed in none). Defunct services are
    left out: there is nothing to chase."""
    cutoff = stale_cutoff(clock.today(), stale_after_days())
    services = Service.objects.filter(
        Q(capacity_verified_on__isnull=True) | Q(capacity_verified_on__lt=cutoff)
    ).exclude(status=Service.Status.DEFUNCT)
    if region_ids is not None:
        services = services.filter(region_id__in=region_ids)
    return services.select_related("organization", "region").order_by(
        "capacity_verified_on", "name", "id"
    )


def postcode_point(postcode: str) -> tuple[float, float] | None:
    """The centroid of a postcode, or None when it is not a postcode or not in the lookup."""
    try:
        normalised = normalise_postcode(postcode)
    except IdentifierError:
        return None
    found = (
        PostcodeLookup.objects.filter(postcode=normalised, latitude__isnull=False)
        .values_list("latitude", "longitude")
        .first()
    )
    if found is None or found[0] is None or found[1] is None:
        return None
    return float(found[0]), float(found[1])


@dataclass(frozen=True, slots=True)
class SuggestedService:
    service: Service
    distance_km: float | None
    matched_needs: tuple[str, ...]

    @property
    def distance_text(self) -> str | None:
        return distance_text(self.distance_km) if self.distance_km is not None else None

    @property
    def provider_name(self) -> str | None:
        organization = self.service.organization
        return organization.name if organization is not None else None

    @property
    def closes_loop(self) -> bool:
        """Whether the provider uses linkwork, so sees connections to it in its inbox."""
        organization = self.service.organization
        return organization is not None and organization.registry_organisation_id is not None


def suggested_services(
    *,
    needs: list[str],
    age: int | None,
    postcode: str | None,
    region: Region | None = None,
    limit: int = 10,
    exclude: Collection[uuid.UUID] = (),
    text: str = "",
) -> list[SuggestedService]:
    """Active services meeting at least one of the needs whose eligibility admits the age,
    leaving out those in `exclude` (say, the ones the person is already connected to), and each
    service once: a second with the same name from the same provider adds nothing.

    Open services come before those with a waiting list; within each, nearest first (when
    the postcode is known), then those meeting more of the needs, then by name. Paused and
    closed services are left out. With a region, services listed in it and national ones
    (listed in no region) are considered. An unknown postcode just means no distances.

    With `text`, the services whose name, description or provider match it, whatever need
    they meet, best match first: how a link worker finds the one the person asked for."""
    wanted = tuple(code for code in needs if code in Need)
    text = text.strip()
    if (not wanted and not text) or limit <= 0:
        return []
    filters = _suggestion_filters(
        text=text,
        needs=() if text else wanted,
        age=age,
        region=region,
        origin=postcode_point(postcode) if postcode else None,
    )
    hits = [hit for hit in service_search(filters) if hit.service_id not in exclude]
    # With one need every candidate meets it; only several needs make the count matter.
    met = service_needs(hit.service_id for hit in hits) if len(wanted) > 1 else {}
    ranked = sorted(
        hits,
        key=lambda hit: (
            -round(hit.relevance, 6) if text else 0.0,
            CAPACITY_ORDER[hit.capacity],
            hit.distance_km is None,
            hit.distance_km or 0.0,
            -len(set(met.get(hit.service_id, ())) & set(wanted)),
            hit.name.lower(),
            hit.service_id,
        ),
    )
    # Twins are only known once the providers are read: read a few more than the limit.
    services = _distinct(services_in_order([hit.service_id for hit in ranked[: limit * 2]]))
    ranked = [hit for hit in ranked if hit.service_id in services][:limit]
    if len(wanted) == 1:
        met = service_needs(hit.service_id for hit in ranked)
    return [
        SuggestedService(
            service=services[hit.service_id],
            distance_km=hit.distance_km,
            matched_needs=tuple(n for n in met.get(hit.service_id, ()) if n in wanted),
        )
        for hit in ranked
    ]


def _suggestion_filters(
    *,
    text: str,
    needs: tuple[str, ...],
    age: int | None,
    region: Region | None,
    origin: tuple[float, float] | None = None,
) -> SearchFilters:
    """Active services taking people now or onto a waiting list, in the region or national."""
    return SearchFilters(
        text=text,
        needs=needs,
        age=Decimal(age) if age is not None else None,
        statuses=(Service.Status.ACTIVE,),
        capacities=(Service.Capacity.OPEN, Service.Capacity.WAITING_LIST),
        region_id=region.pk if region is not None else None,
        include_national=True,
        origin=origin,
    )


def services_matching_any_age(
    *, text: str, region: Region | None, exclude: Collection[uuid.UUID] = ()
) -> int:
    """How many services `suggested_services(text=...)` would offer if age were no bar (each
    name and provider once): when it offers none, this tells the words that found nothing
    apart from an age that every match turns away."""
    text = text.strip()
    if not text:
        return 0
    filters = _suggestion_filters(text=text, needs=(), age=None, region=region)
    ids = [hit.service_id for hit in service_search(filters) if hit.service_id not in exclude]
    return len(_distinct(services_in_order(ids)))


def _distinct(services: list[Service]) -> dict[uuid.UUID, Service]:
    """The first of each (name, provider), in order."""
    seen: set[tuple[str, uuid.UUID | None]] = set()
    kept: dict[uuid.UUID, Service] = {}
    for service in services:
        key = (service.name.strip().casefold(), service.organization_id)
        if key not in seen:
            seen.add(key)
            kept[service.pk] = service
    return kept
