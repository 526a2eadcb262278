from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.lookups.models import PostcodeLookup
from linkwork.lookups.services import PRACTICE_POPULATION_SAMPLES, lookup_load, lookup_load_samples
from linkwork.organisations.models import Scheme
from linkwork.organisations.selectors import scheme_get
from linkwork.organisations.services import scheme_create
from linkwork.testing.world import CAST_ROLES, SmallWorld, default_policy

pytestmark = pytest.mark.django_db


def client_for(world: SmallWorld, role: Role) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


@pytest.mark.parametrize(
    "url_name",
    ["organisations:region_list", "organisations:scheme_list", "organisations:organisation_list"],
)
def test_registry_pages_need_a_login(world: SmallWorld, url_name: str) -> None:
    response = Client().get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", CAST_ROLES)
def test_every_role_can_browse_the_registry(world: SmallWorld, role: Role) -> None:
    client = client_for(world, role)
    for url in (
        reverse("organisations:region_list"),
        reverse("organisations:region_detail", args=[world.england.slug]),
        reverse("organisations:scheme_list"),
        reverse("organisations:scheme_detail", args=[world.scheme.slug]),
        reverse("organisations:organisation_list"),
        reverse("organisations:organisation_detail", args=[world.practice.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_scheme_page_shows_derived_and_overridden_models(world: SmallWorld) -> None:
    client = client_for(world, Role.SCHEME_MANAGER)
    url = reverse("organisations:scheme_detail", args=[world.scheme.slug])
    response = client.post(url, {"model": "3", "reason": "Hosted by a VCSE from May."})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Model 1: Single PCN employs and manages" in page
    assert "Reason: Hosted by a VCSE from May." in page
    assert "Overridden" in page


def test_override_without_reason_is_refused_with_a_message(world: SmallWorld) -> None:
    client = client_for(world, Role.SCHEME_MANAGER)
    url = reverse("organisations:scheme_detail", args=[world.scheme.slug])
    response = client.post(url, {"model": "3", "reason": ""})
    assert response.status_code == 400
    assert "Give the reason for overriding the derived model." in response.content.decode()
    assert Scheme.objects.get(pk=world.scheme.pk).delivery_model_override is None


@pytest.mark.parametrize(
    "role",
    [Role.LINK_WORKER, Role.REFERRER_GP, Role.COMMISSIONER, Role.RESEARCHER, Role.VCSE_WORKER],
)
def test_only_managers_may_override(world: SmallWorld, role: Role) -> None:
    client = client_for(world, role)
    url = reverse("organisations:scheme_detail", args=[world.scheme.slug])
    assert "Override the delivery model" not in client.get(url).content.decode()
    assert client.post(url, {"model": "3", "reason": "x"}).status_code == 403
    assert Scheme.objects.get(pk=world.scheme.pk).delivery_model_override is None


def test_manager_of_another_scheme_cannot_override(world: SmallWorld) -> None:
    client = client_for(world, Role.SCHEME_MANAGER)
    url = reverse("organisations:scheme_detail", args=[world.scot_scheme.slug])
    assert client.post(url, {"model": "4", "reason": "x"}).status_code == 403


def test_unknown_scheme_is_404(world: SmallWorld) -> None:
    client = client_for(world, Role.LINK_WORKER)
    assert client.get("/schemes/no-such-scheme/").status_code == 404


def test_tidier_downloads(world: SmallWorld) -> None:
    client = client_for(world, Role.RESEARCHER)
    md = client.get(reverse("organisations:scheme_tidier_download", args=[world.scheme.slug, "md"]))
    assert md.status_code == 200
    assert md["Content-Type"].startswith("text/markdown")
    assert "attachment" in md["Content-Disposition"]
    js = client.get(
        reverse("organisations:scheme_tidier_download", args=[world.scheme.slug, "json"])
    )
    assert js.json()["scheme"] == "North PCN link workers"
    bad = client.get(
        reverse("organisations:scheme_tidier_download", args=[world.scheme.slug, "docx"])
    )
    assert bad.status_code == 404


def test_organisation_search_filters_and_htmx_partial(world: SmallWorld) -> None:
    client = client_for(world, Role.LINK_WORKER)
    url = reverse("organisations:organisation_list")
    page = client.get(url, {"q": "mill", "kind": "gp_practice"}).content.decode()
    assert "Mill Street Surgery" in page
    assert "Oak Lane" not in page
    partial = client.get(url, {"q": "oak"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Oak Lane Medical Centre" in partial
    assert "<html" not in partial


def test_scheme_list_query_count_does_not_grow_with_schemes(world: SmallWorld) -> None:
    client = client_for(world, Role.RESEARCHER)
    url = reverse("organisations:scheme_list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        scheme_create(
            name=f"Extra scheme {n}",
            region=world.england,
            commissioner=world.pcn_b,
            employer=world.vcse,
            managers=[world.vcse],
            practices=[world.practice_b],
            policy=default_policy(),
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_scheme_list_filters_by_model(world: SmallWorld) -> None:
    client = client_for(world, Role.RESEARCHER)
    page = client.get(reverse("organisations:scheme_list"), {"model": "3"}).content.decode()
    assert "Glen community link workers" in page
    assert "North PCN link workers" not in page
    assert scheme_get(key=world.scot_scheme.slug).name in page


def test_practice_page_says_where_its_deprivation_comes_from(world: SmallWorld) -> None:
    lookup_load_samples()
    client = client_for(world, Role.RESEARCHER)
    url = reverse("organisations:organisation_detail", args=[world.practice.pk])
    assert "Not known" in client.get(url).content.decode()

    english = PostcodeLookup.objects.filter(country="england").order_by("postcode").first()
    assert english is not None
    world.practice.postcode = english.postcode
    world.practice.save()
    page = client.get(url).content.decode()
    assert "from the practice premises&#x27; postcode" in page

    lookup_load(kind="practice-populations", path=PRACTICE_POPULATION_SAMPLES["england"])
    world.practice.code = "P90001"
    world.practice.save()
    page = client.get(url).content.decode()
    assert "Quintile 1 of 5 (1 = most deprived), from registered patients&#x27; areas" in page
    assert "100.0% of registered patients live in the 15% most deprived areas" in page
