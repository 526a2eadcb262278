"""Directory search, the checks list and the Open Referral lists run as many queries for six
services as for two. Each service made here has a provider, a location with an address, a
schedule, a cost and need categories, so per-service lookups of any of them would show."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.directory.models import Taxonomy, TaxonomyTerm
from linkwork.directory.tests.factories import add_postcodes, add_service
from linkwork.testing.query_budget import assert_queries_flat, count_json_items, count_matches
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db

EXTRA = "CDEF"  # four more rows after the first two
SERVICE_NAMES = r"Budget group [A-Z]"


def signed_in(world: SmallWorld, role: Role = Role.LINK_WORKER) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def add_services(world: SmallWorld, letters: str, *, stale: bool = False) -> None:
    verified = timezone.localdate() - timedelta(days=400) if stale else None
    for n, letter in enumerate(letters):
        add_service(
            f"Budget group {letter}",
            needs=("caring", "loneliness_isolation"),
            region=world.england,
            postcode="G12 8AA",
            verified_on=verified,
            provider=f"Budget provider {n % 2}",
        )


@pytest.fixture
def postcodes(db: None) -> None:
    add_postcodes()


def test_directory_search_queries_do_not_grow_with_results(world: SmallWorld, postcodes) -> None:
    add_services(world, "AB")
    client = signed_in(world)
    # Searching near a postcode also works out each result's distance.
    assert_queries_flat(
        lambda: client.get(reverse("directory:search"), {"q": "budget", "postcode": "G1 1AA"}),
        add_rows=lambda: add_services(world, EXTRA),
        count_rows=count_matches(SERVICE_NAMES),
    )


def test_directory_browse_queries_do_not_grow_with_services(world: SmallWorld, postcodes) -> None:
    add_services(world, "AB")
    client = signed_in(world, Role.VCSE_WORKER)
    assert_queries_flat(
        lambda: client.get(reverse("directory:search")),
        add_rows=lambda: add_services(world, EXTRA),
        count_rows=count_matches(SERVICE_NAMES),
    )


def test_directory_checks_queries_do_not_grow_with_stale_services(
    world: SmallWorld, postcodes
) -> None:
    add_services(world, "AB", stale=True)
    client = signed_in(world, Role.SCHEME_MANAGER)
    assert_queries_flat(
        lambda: client.get(reverse("directory:stale_list")),
        add_rows=lambda: add_services(world, EXTRA, stale=True),
        count_rows=count_matches(SERVICE_NAMES),
    )


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("directory:oruk_services", {}),
        ("directory:oruk_services", {"text": "budget", "postcode": "G1 1AA"}),
        ("directory:oruk_service_at_locations", {}),
    ],
)
def test_open_referral_service_lists_queries_do_not_grow_with_services(
    world: SmallWorld, postcodes, url_name: str, params: dict[str, str]
) -> None:
    add_services(world, "AB")
    client = Client()  # the Open Referral API is open
    assert_queries_flat(
        lambda: client.get(reverse(url_name), params),
        add_rows=lambda: add_services(world, EXTRA),
        count_rows=count_json_items("contents"),
    )


def add_taxonomies(letters: str) -> None:
    for letter in letters:
        taxonomy = Taxonomy.objects.create(name=f"Budget taxonomy {letter}")
        for n in range(2):
            TaxonomyTerm.objects.create(
                name=f"Budget term {letter}{n}", taxonomy=taxonomy.name, taxonomy_ref=taxonomy.pk
            )


@pytest.mark.parametrize("url_name", ["directory:oruk_taxonomies", "directory:oruk_taxonomy_terms"])
def test_open_referral_taxonomy_lists_queries_do_not_grow_with_rows(
    db: None, url_name: str
) -> None:
    add_taxonomies("AB")
    client = Client()
    assert_queries_flat(
        lambda: client.get(reverse(url_name)),
        add_rows=lambda: add_taxonomies(EXTRA),
        count_rows=count_json_items("contents"),
    )
