"""The registry's lists run as many queries for six rows as for two."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.organisations.kinds import Country, OrgKind
from linkwork.organisations.models import Organisation, Region
from linkwork.organisations.services import organisation_create, scheme_create
from linkwork.testing.query_budget import assert_queries_flat, count_json_items, count_matches
from linkwork.testing.world import SmallWorld, default_policy

pytestmark = pytest.mark.django_db

EXTRA = "CDEF"  # four more rows after the first two


def client_for(world: SmallWorld, role: Role = Role.RESEARCHER) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def add_region(letter: str) -> Region:
    """A region with a PCN and a practice under it, served by a scheme: a full summary row."""
    region = Region.objects.create(
        name=f"Budget region {letter}",
        slug=f"budget-region-{letter.lower()}",
        country=Country.ENGLAND.value,
    )
    pcn = organisation_create(name=f"Budget PCN {letter}", kind=OrgKind.PCN, region=region)
    practice = organisation_create(
        name=f"Budget practice {letter}",
        kind=OrgKind.GP_PRACTICE,
        region=region,
        parent=pcn,
        list_size=4000,
    )
    add_scheme(letter, region=region, practice=practice, employer=pcn)
    return region


def add_scheme(
    letter: str, *, region: Region, practice: Organisation, employer: Organisation
) -> None:
    scheme_create(
        name=f"Budget scheme {letter}",
        region=region,
        commissioner=employer,
        employer=employer,
        managers=[employer],
        practices=[practice],
        policy=default_policy(),
    )


def add_schemes(world: SmallWorld, letters: str) -> None:
    for letter in letters:
        add_scheme(letter, region=world.england, practice=world.practice_b, employer=world.vcse)


def add_organisations(world: SmallWorld, letters: str) -> None:
    for letter in letters:
        organisation_create(
            name=f"Budget practice {letter}",
            kind=OrgKind.GP_PRACTICE,
            region=world.england,
            parent=world.pcn_b,
            list_size=3000,
        )


def test_region_list_queries_do_not_grow_with_regions(world: SmallWorld) -> None:
    add_region("A")
    add_region("B")
    client = client_for(world)
    assert_queries_flat(
        lambda: client.get(reverse("organisations:region_list")),
        add_rows=lambda: [add_region(letter) for letter in EXTRA],
        count_rows=count_matches(r"Budget region [A-Z]"),
    )


def test_region_detail_queries_do_not_grow_with_its_schemes(world: SmallWorld) -> None:
    add_schemes(world, "AB")
    client = client_for(world)
    assert_queries_flat(
        lambda: client.get(reverse("organisations:region_detail", args=[world.england.slug])),
        add_rows=lambda: add_schemes(world, EXTRA),
        count_rows=count_matches(r"Budget scheme [A-Z]"),
    )


def test_organisation_list_queries_do_not_grow_with_organisations(world: SmallWorld) -> None:
    add_organisations(world, "AB")
    client = client_for(world)
    assert_queries_flat(
        lambda: client.get(reverse("organisations:organisation_list"), {"q": "budget"}),
        add_rows=lambda: add_organisations(world, EXTRA),
        count_rows=count_matches(r"Budget practice [A-Z]"),
    )


def test_organisation_detail_queries_do_not_grow_with_children_or_schemes(
    world: SmallWorld,
) -> None:
    add_organisations(world, "AB")
    add_schemes(world, "AB")
    client = client_for(world)

    def add_rows() -> None:
        add_organisations(world, EXTRA)
        add_schemes(world, EXTRA)

    # South PCN: its practices are its children, and every budget scheme serves one of them.
    assert_queries_flat(
        lambda: client.get(reverse("organisations:organisation_detail", args=[world.pcn_b.pk])),
        add_rows=add_rows,
        count_rows=count_matches(r"Budget (?:practice|scheme) [A-Z]"),
    )


def test_scheme_list_queries_do_not_grow_with_schemes(world: SmallWorld) -> None:
    add_schemes(world, "AB")
    client = client_for(world)
    assert_queries_flat(
        lambda: client.get(reverse("organisations:scheme_list")),
        add_rows=lambda: add_schemes(world, EXTRA),
        count_rows=count_matches(r"Budget scheme [A-Z]"),
    )


def test_scheme_list_api_queries_do_not_grow_with_schemes(world: SmallWorld) -> None:
    add_schemes(world, "AB")
    client = client_for(world)
    assert_queries_flat(
        lambda: client.get(reverse("api:scheme_list_get")),
        add_rows=lambda: add_schemes(world, EXTRA),
        count_rows=count_json_items(),
    )


def test_registry_summary_api_queries_do_not_grow_with_regions(world: SmallWorld) -> None:
    add_region("A")
    add_region("B")
    client = client_for(world)
    assert_queries_flat(
        lambda: client.get(reverse("api:registry_summary_get")),
        add_rows=lambda: [add_region(letter) for letter in EXTRA],
        count_rows=count_json_items("regions"),
    )
