"""The directory's demo part: realistic, varied, and the same for the same seed."""

from __future__ import annotations

from collections import Counter

import pytest

from linkwork.demo.context import DemoContext
from linkwork.demo.parts.directory import SERVICES_PER_REGION, build_directory
from linkwork.directory.models import Address, Attribute, CostOption, Location, Schedule, Service
from linkwork.directory.selectors import service_is_stale
from linkwork.directory.tests.factories import add_postcodes, wipe_directory
from linkwork.organisations.kinds import Country
from linkwork.organisations.models import Region

pytestmark = pytest.mark.django_db


def build(seed: int) -> list[tuple[str, str, str]]:
    build_directory(DemoContext(seed=seed, log=lambda _: None))
    return sorted(Service.objects.values_list("id", "name", "capacity"))  # type: ignore[arg-type]


def test_the_same_seed_builds_the_same_directory(world) -> None:
    first = build(7)
    wipe_directory()
    assert build(7) == first
    wipe_directory()
    assert build(8) != first


def test_services_are_varied_and_categorised(world) -> None:
    build(3)
    services = list(Service.objects.all())
    assert len(services) == 2 * SERVICES_PER_REGION
    assert {s.region_id for s in services} == {world.england.pk, world.scotland.pk}
    capacities = Counter(s.capacity for s in services)
    assert set(capacities) == {"open", "waiting_list", "paused", "closed"}
    assert capacities["open"] > len(services) / 2
    stale = [s for s in services if service_is_stale(s)]
    assert 0.05 * len(services) < len(stale) < 0.4 * len(services)
    categorised = Attribute.objects.filter(taxonomy_term__need__gt="").values_list(
        "link_ref", flat=True
    )
    assert set(categorised) == {s.pk for s in services}
    assert CostOption.objects.filter(amount__gt=0).exists()
    assert CostOption.objects.filter(amount=0).exists()
    assert Schedule.objects.filter(opens_minute__isnull=False).count() >= len(services)
    assert {s.minimum_age for s in services} >= {None, 18, 65}
    # No postcodes in the lookup for these regions: services are listed without them.
    assert not Address.objects.exists()


def test_locations_use_postcodes_from_the_lookup(world) -> None:
    add_postcodes()
    Region.objects.create(
        name="Greater Glasgow and Clyde", slug="greater-glasgow-and-clyde", country=Country.SCOTLAND
    )
    build(4)
    glasgow = Service.objects.filter(region__slug="greater-glasgow-and-clyde")
    assert glasgow.count() == SERVICES_PER_REGION
    postcodes = set(
        Address.objects.filter(location__at_services__service__in=glasgow).values_list(
            "postal_code", flat=True
        )
    )
    assert postcodes <= {"G1 1AA", "G12 8AA", "PA1 1AA"}
    assert Location.objects.filter(geo_latitude__isnull=False).exists()
