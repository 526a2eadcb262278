"""The directory's part of the demo world: several hundred community services across the five
regions, categorised by need, most open, some with waiting lists, paused or closed, and some
not checked for a long time. Written as Open Referral rows through the same store as imports.

Every service has at least one location: a postcode of its own town from the postcode lookup
(loaded by the "lookups" part) and a point near its centroid, so distance search finds all of
them. (A region with no postcodes in the lookup, which the demo world never has, gets locations
by name only.) No two services of a region share a name, so none looks like a listing twice.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from linkwork.demo.context import DemoContext, demo_part
from linkwork.demo.parts.directory_catalogue import (
    CONTACT_TITLES,
    OFFERS,
    REGION_FLAVOURS,
    STREETS,
    VENUES,
    Offer,
    RegionFlavour,
)
from linkwork.demo.world_spec import PLACE_POSTCODE_DISTRICTS
from linkwork.directory.models import DirectoryOrganization, Service
from linkwork.directory.needs import CATEGORY_LINK_TYPE, need_term_id
from linkwork.directory.oruk.records import Dataset
from linkwork.directory.oruk.values import WEEKDAYS, format_datetime
from linkwork.directory.services import needs_taxonomy_ensure
from linkwork.directory.store import dataset_write
from linkwork.lookups.models import PostcodeLookup
from linkwork.organisations.kinds import OrgKind
from linkwork.organisations.models import Organisation, Region

SERVICES_PER_REGION = 80
CAPACITY_WEIGHTS = {
    Service.Capacity.OPEN: 70,
    Service.Capacity.WAITING_LIST: 15,
    Service.Capacity.PAUSED: 8,
    Service.Capacity.CLOSED: 7,
}
STALE_SHARE = 0.2
NEVER_CHECKED_SHARE = 0.05
_FALLBACK = RegionFlavour(("Central",), (), "0300 999 0")


class _RegionBuilder:
    """Builds one region's services as canonical rows, plus linkwork's own capacity facts."""

    def __init__(self, ctx: DemoContext, region: Region, postcodes: list[PostcodeLookup]) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.region = region
        self.flavour = REGION_FLAVOURS.get(region.slug, _FALLBACK)
        self.postcodes = postcodes
        self.names: set[str] = set()
        self.vcses = list(
            Organisation.objects.filter(region=region, kind=OrgKind.VCSE.value).order_by("name")
        )
        self.data = Dataset()
        self.registry_links: dict[str, uuid.UUID] = {}
        self.capacity: dict[str, tuple[str, Any, str]] = {}
        self.now = timezone.make_aware(datetime.combine(ctx.today, time(9)))

    def id(self, *key: object) -> str:
        return str(self.ctx.uuid("directory", self.region.slug, *key))

    def slug(self, text: str) -> str:
        return "".join(c for c in text.lower() if c.isalnum())[:24]

    def provider(self, offer: Offer, place: str) -> str:
        if offer.provider == "{vcse}" and self.vcses:
            vcse = self.rng.choice(self.vcses)
            org_id = self.id("org", "vcse", vcse.pk)
            self.registry_links[org_id] = vcse.pk
            name, about = vcse.name, "A voluntary organisation working with the link workers."
        else:
            name = offer.provider.replace("{vcse}", f"{place} Community Trust")
            name = name.replace("{place}", place)
            org_id = self.id("org", name)
            about = f"A community organisation serving {place} and the surrounding area."
        self.data.table("organization")[org_id] = {
            "id": org_id,
            "name": name,
            "description": about,
            "email": f"hello@{self.slug(name)}.example.org",
            "website": f"https://{self.slug(name)}.example.org",
        }
        return org_id

    def location(self, service_id: str, place: str, number: int) -> None:
        location_id = self.id("location", service_id, number)
        venue = self.rng.choice(VENUES)
        row: dict[str, Any] = {
            "id": location_id,
            "location_type": "physical",
            "name": f"{place} {venue}",
        }
        postcodes = self.postcodes_of(place)
        if postcodes:
            lookup = self.rng.choice(postcodes)
            assert lookup.latitude is not None
            assert lookup.longitude is not None
            # A building near the postcode's centroid, not on it.
            row["latitude"] = round(lookup.latitude + self.rng.uniform(-0.002, 0.002), 6)
            row["longitude"] = round(lookup.longitude + self.rng.uniform(-0.003, 0.003), 6)
            address_id = self.id("address", location_id)
            self.data.table("address")[address_id] = {
                "id": address_id,
                "location_id": location_id,
                "address_1": f"{self.rng.randint(1, 240)} {self.rng.choice(STREETS)}",
                "city": place,
                "state_province": self.region.name,
                "postal_code": lookup.postcode,
                "country": "GB",
                "address_type": "physical",
            }
        self.data.table("location")[location_id] = row
        link_id = self.id("at", service_id, number)
        self.data.table("service_at_location")[link_id] = {
            "id": link_id,
            "service_id": service_id,
            "location_id": location_id,
        }

    def postcodes_of(self, place: str) -> list[PostcodeLookup]:
        """The region's postcodes in the place's own districts (all of them for a place the
        demo does not know, so a service is never left off the map)."""
        districts = PLACE_POSTCODE_DISTRICTS.get(place, ())
        own = [p for p in self.postcodes if p.postcode.split(" ")[0] in districts]
        return own or self.postcodes

    def offer_and_place(self) -> tuple[Offer, str, str]:
        """An offer in a place whose name no other service of the region has yet. A small
        region can run out of fresh pairs: then the name says which group it is, so two
        services never look like one listed twice."""
        fresh = [
            (offer, place)
            for offer in OFFERS
            for place in self.flavour.places
            if offer.name.replace("{place}", place) not in self.names
        ]
        if fresh:
            offer, place = self.rng.choice(fresh)
            name = offer.name.replace("{place}", place)
        else:
            offer = self.rng.choice(OFFERS)
            place = self.rng.choice(self.flavour.places)
            base = offer.name.replace("{place}", place)
            number = 2
            while f"{base} (group {number})" in self.names:
                number += 1
            name = f"{base} (group {number})"
        self.names.add(name)
        return offer, place, name

    def schedules(self, service_id: str) -> None:
        for number in range(self.rng.choice((1, 1, 1, 2))):
            schedule_id = self.id("schedule", service_id, number)
            start = self.rng.choice((9, 10, 10, 11, 13, 14, 17, 18)) * 60
            start += self.rng.choice((0, 0, 30))
            end = start + self.rng.choice((90, 120, 180, 240))
            monthly = self.rng.random() < 0.1
            weekdays = WEEKDAYS[:5] if self.rng.random() < 0.85 else WEEKDAYS
            days = sorted(
                self.rng.sample(weekdays, self.rng.choice((1, 1, 2, 3))), key=WEEKDAYS.index
            )
            self.data.table("schedule")[schedule_id] = {
                "id": schedule_id,
                "service_id": service_id,
                "freq": "MONTHLY" if monthly else "WEEKLY",
                "interval": 1,
                "byday": f"1{days[0]}" if monthly else ",".join(days),
                "opens_at": f"{start // 60:02d}:{start % 60:02d}",
                "closes_at": f"{min(end, 23 * 60) // 60:02d}:{min(end, 23 * 60) % 60:02d}",
                "description": "Drop in, or ring first if it is your first visit.",
            }

    def cost(self, service_id: str, offer: Offer) -> None:
        cost_id = self.id("cost", service_id)
        paid = self.rng.random() < offer.paid_share
        self.data.table("cost_option")[cost_id] = {
            "id": cost_id,
            "service_id": service_id,
            "option": "Everyone" if paid else None,
            "amount": self.rng.choice((2, 3, 4, 5)) if paid else 0,
            "amount_description": "per session" if paid else None,
        }

    def contact(self, service_id: str, number: int) -> None:
        contact_id = self.id("contact", service_id)
        self.data.table("contact")[contact_id] = {
            "id": contact_id,
            "service_id": service_id,
            "name": self.rng.choice(CONTACT_TITLES),
        }
        phone_id = self.id("phone", service_id)
        self.data.table("phone")[phone_id] = {
            "id": phone_id,
            "contact_id": contact_id,
            "number": f"{self.flavour.phone_prefix}{number % 1000:03d}",
        }

    def categories(self, service_id: str, offer: Offer) -> None:
        extra = [need for need in offer.also if self.rng.random() < 0.7]
        for need in (offer.need, *extra):
            attribute_id = self.id("attribute", service_id, need)
            self.data.table("attribute")[attribute_id] = {
                "id": attribute_id,
                "link_id": service_id,
                "taxonomy_term_id": str(need_term_id(need)),
                "link_type": CATEGORY_LINK_TYPE,
            }

    def ages(self, offer: Offer) -> tuple[int | None, int | None]:
        low, high = offer.ages
        if low == 18 and high is None and self.rng.random() < 0.15:
            return 50, None  # some groups are for the over-50s
        return low, high

    def capacity_facts(self, service_id: str, status: str) -> None:
        states, weights = zip(*CAPACITY_WEIGHTS.items(), strict=True)
        capacity = self.rng.choices(states, weights=weights)[0]
        if status != "active":  # a service its publisher lists as closed is not taking people
            capacity = (
                Service.Capacity.PAUSED
                if status == "temporarily closed"
                else Service.Capacity.CLOSED
            )
        roll = self.rng.random()
        today = self.ctx.today
        if roll < NEVER_CHECKED_SHARE:
            verified = None
        elif roll < STALE_SHARE:
            verified = today - timedelta(days=self.rng.randint(190, 520))
        else:
            verified = today - timedelta(days=self.rng.randint(0, 150))
        note = ""
        if capacity == Service.Capacity.WAITING_LIST:
            note = f"About {self.rng.choice((2, 4, 6, 8, 12))} weeks' wait."
        elif capacity == Service.Capacity.PAUSED:
            note = "Paused while the group looks for a new venue."
        self.capacity[service_id] = (capacity, verified, note)

    def service(self, number: int) -> None:
        offer, place, name = self.offer_and_place()
        service_id = self.id("service", number)
        low, high = self.ages(offer)
        status = self.rng.choices(("active", "temporarily closed", "inactive"), weights=(95, 3, 2))[
            0
        ]
        modified = self.now - timedelta(days=self.rng.randint(1, 400))
        row: dict[str, Any] = {
            "id": service_id,
            "organization_id": self.provider(offer, place),
            "name": name,
            "description": offer.description,
            "email": f"info.{number}@{self.slug(place)}-services.example.org",
            "status": status,
            "minimum_age": low,
            "maximum_age": high,
            "last_modified": format_datetime(
                datetime.combine(modified.date(), time(9), tzinfo=modified.tzinfo)
            ),
        }
        self.data.table("service")[service_id] = row
        area_id = self.id("area", service_id)
        self.data.table("service_area")[area_id] = {
            "id": area_id,
            "service_id": service_id,
            "name": f"{place} and the surrounding area",
        }
        for location_number in range(self.rng.choice((1, 1, 1, 2))):
            self.location(service_id, place, location_number)
        self.schedules(service_id)
        self.cost(service_id, offer)
        self.contact(service_id, number)
        self.categories(service_id, offer)
        self.capacity_facts(service_id, status)

    def save(self) -> int:
        for number in range(SERVICES_PER_REGION):
            self.service(number)
        dataset_write(self.data, region=self.region)
        services = Service.objects.filter(pk__in=[uuid.UUID(i) for i in self.capacity])
        for service in services:
            capacity, verified, note = self.capacity[str(service.pk)]
            service.capacity, service.capacity_verified_on = capacity, verified
            service.capacity_note = note
        Service.objects.bulk_update(
            services, ["capacity", "capacity_verified_on", "capacity_note"], batch_size=500
        )
        linked = DirectoryOrganization.objects.filter(
            pk__in=[uuid.UUID(i) for i in self.registry_links]
        )
        for organization in linked:
            organization.registry_organisation_id = self.registry_links[str(organization.pk)]
        DirectoryOrganization.objects.bulk_update(linked, ["registry_organisation"])
        return len(self.capacity)


def _postcodes_by_region(regions: list[Region]) -> dict[str, list[PostcodeLookup]]:
    lookups = list(
        PostcodeLookup.objects.filter(latitude__isnull=False, longitude__isnull=False).order_by(
            "postcode"
        )
    )
    found: dict[str, list[PostcodeLookup]] = defaultdict(list)
    for region in regions:
        areas = REGION_FLAVOURS.get(region.slug, _FALLBACK).postcode_areas
        for lookup in lookups:
            area = "".join(c for c in lookup.postcode.split(" ")[0] if c.isalpha())
            if area in areas:
                found[region.slug].append(lookup)
    return found


@demo_part("directory", order=30)
def build_directory(ctx: DemoContext) -> dict[str, Any]:
    needs_taxonomy_ensure()
    regions = list(Region.objects.order_by("slug"))
    postcodes = _postcodes_by_region(regions)
    made = {
        region.slug: _RegionBuilder(ctx, region, postcodes.get(region.slug, [])).save()
        for region in regions
    }
    placed = (
        Service.objects.filter(at_locations__location__latitude__isnull=False).distinct().count()
    )
    ctx.log(
        f"Directory: {sum(made.values())} services in {len(regions)} regions "
        f"({placed} with a postcode and a point on the map)."
    )
    return {"services": made}
