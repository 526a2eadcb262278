"""Small directories for tests, written through the same store as imports."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

from django.utils import timezone

from linkwork.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    DirectoryOrganization,
    Funding,
    Language,
    Location,
    OrganizationIdentifier,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from linkwork.directory.needs import CATEGORY_LINK_TYPE, need_term_id
from linkwork.directory.oruk.records import Dataset
from linkwork.directory.oruk.schemas import STANDARD_DIR
from linkwork.directory.services import needs_taxonomy_ensure
from linkwork.directory.store import dataset_write
from linkwork.lookups.models import PostcodeLookup
from linkwork.organisations.models import Region

EXAMPLES = STANDARD_DIR / "examples"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# Real postcode districts near real places; the full postcodes are invented for tests.
POSTCODES = {
    "G1 1AA": (55.8609, -4.2514),  # Glasgow city centre
    "G12 8AA": (55.8721, -4.2892),  # Glasgow West End, under 3 km away
    "PA1 1AA": (55.8456, -4.4239),  # Paisley, about 11 km away
    "EH1 1AA": (55.9533, -3.1883),  # Edinburgh, about 67 km away
}


def add_postcodes() -> None:
    PostcodeLookup.objects.bulk_create(
        PostcodeLookup(
            postcode=code,
            country="S92000003",
            small_area_code="S01000001",
            latitude=lat,
            longitude=lon,
        )
        for code, (lat, lon) in POSTCODES.items()
    )


def add_service(
    name: str,
    *,
    needs: tuple[str, ...] = (),
    region: Region | None = None,
    postcode: str | None = None,
    point: tuple[float, float] | None = None,
    minimum_age: int | None = None,
    maximum_age: int | None = None,
    amount: int | None = 0,
    byday: str | None = "MO",
    opens_at: str = "10:00",
    closes_at: str = "12:00",
    capacity: str = Service.Capacity.OPEN,
    verified_on: date | None = None,
    status: str = "active",
    description: str = "",
    provider: str = "Test Provider",
) -> Service:
    """One service with its provider, a location (by postcode and/or point), a weekly
    schedule, a cost and its need categories."""
    needs_taxonomy_ensure()
    data = Dataset()
    service_id = str(uuid.uuid4())
    org_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"test-provider:{provider}"))
    data.table("organization")[org_id] = {"id": org_id, "name": provider, "description": "."}
    row: dict[str, Any] = {
        "id": service_id,
        "organization_id": org_id,
        "name": name,
        "description": description or f"{name} helps people.",
        "status": status,
        "minimum_age": minimum_age,
        "maximum_age": maximum_age,
    }
    data.table("service")[service_id] = row
    if postcode or point:
        location_id = str(uuid.uuid4())
        location: dict[str, Any] = {"id": location_id, "location_type": "physical"}
        if point:
            location["latitude"], location["longitude"] = point
        data.table("location")[location_id] = location
        if postcode:
            address_id = str(uuid.uuid4())
            data.table("address")[address_id] = {
                "id": address_id,
                "location_id": location_id,
                "address_1": "1 High Street",
                "city": "Testtown",
                "state_province": "Scotland",
                "postal_code": postcode,
                "country": "GB",
                "address_type": "physical",
            }
        link_id = str(uuid.uuid4())
        data.table("service_at_location")[link_id] = {
            "id": link_id,
            "service_id": service_id,
            "location_id": location_id,
        }
    if byday:
        schedule_id = str(uuid.uuid4())
        data.table("schedule")[schedule_id] = {
            "id": schedule_id,
            "service_id": service_id,
            "freq": "WEEKLY",
            "byday": byday,
            "opens_at": opens_at,
            "closes_at": closes_at,
        }
    if amount is not None:
        cost_id = str(uuid.uuid4())
        data.table("cost_option")[cost_id] = {
            "id": cost_id,
            "service_id": service_id,
            "amount": amount,
        }
    for need in needs:
        attribute_id = str(uuid.uuid4())
        data.table("attribute")[attribute_id] = {
            "id": attribute_id,
            "link_id": service_id,
            "taxonomy_term_id": str(need_term_id(need)),
            "link_type": CATEGORY_LINK_TYPE,
        }
    dataset_write(data, region=region)
    service = Service.objects.get(pk=service_id)
    service.capacity = capacity
    service.capacity_verified_on = verified_on or timezone.localdate()
    service.save()
    return service


def wipe_directory() -> None:
    """Empty every directory table (the needs taxonomy too)."""
    for model in (
        Attribute,
        Language,
        Phone,
        Contact,
        CostOption,
        Funding,
        ServiceArea,
        Schedule,
        ServiceAtLocation,
        Service,
        Accessibility,
        Address,
        Location,
        OrganizationIdentifier,
        DirectoryOrganization,
        TaxonomyTerm,
        Taxonomy,
    ):
        model.objects.all().delete()
