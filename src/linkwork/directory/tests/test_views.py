"""Directory pages: who may see what, and what each page shows."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.directory.models import Service
from linkwork.directory.tests.factories import add_postcodes, add_service
from linkwork.testing.world import CAST_ROLES

pytestmark = pytest.mark.django_db

# The shared cast: one user per role (the referrer roles share one rule, so one stands for all).
READERS = list(CAST_ROLES)
NOT_MAINTAINERS = [r for r in CAST_ROLES if r not in (Role.SCHEME_MANAGER, Role.SYSTEM_ADMIN)]


@pytest.fixture
def entries(world):
    add_postcodes()
    old = timezone.localdate() - timedelta(days=400)
    return {
        "england_stale": add_service(
            "Testshire carers' centre",
            needs=("caring",),
            region=world.england,
            verified_on=old,
            postcode="G1 1AA",
        ),
        "england_fresh": add_service(
            "Testshire food bank", needs=("food_fuel_poverty",), region=world.england
        ),
        "scotland_stale": add_service(
            "Glen bereavement support",
            needs=("bereavement",),
            region=world.scotland,
            verified_on=old,
            postcode="PA1 1AA",
        ),
    }


def client_for(world, role: Role) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def test_pages_need_a_sign_in(entries) -> None:
    service = entries["england_fresh"]
    for url in (
        reverse("directory:search"),
        reverse("directory:service_detail", args=[service.pk]),
        reverse("directory:stale_list"),
    ):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", READERS)
def test_every_role_can_search_and_read(world, entries, role: Role) -> None:
    client = client_for(world, role)
    page = client.get(reverse("directory:search"))
    assert page.status_code == 200
    assert "Testshire food bank" in page.content.decode()
    detail = client.get(reverse("directory:service_detail", args=[entries["england_fresh"].pk]))
    assert detail.status_code == 200
    assert "Food or fuel poverty" in detail.content.decode()


def test_search_filters_and_distance_text(world, entries) -> None:
    client = client_for(world, Role.LINK_WORKER)
    page = client.get(reverse("directory:search"), {"postcode": "g1 1aa", "need": "caring"})
    body = page.content.decode()
    assert "Testshire carers&#x27; centre" in body
    assert "under 0.1 miles" in body
    assert "Testshire food bank" not in body
    near = client.get(reverse("directory:search"), {"postcode": "G1 1AA", "within": "5"})
    assert "Glen bereavement support" not in near.content.decode()  # Paisley is 6.8 miles
    assert "1 service, nearest first" in near.content.decode()


def test_search_reports_bad_input_clearly(world, entries) -> None:
    client = client_for(world, Role.LINK_WORKER)
    body = client.get(reverse("directory:search"), {"postcode": "nowhere"}).content.decode()
    assert "Enter a UK postcode, like G1 1HY." in body
    body = client.get(reverse("directory:search"), {"postcode": "ZE1 0AA"}).content.decode()
    assert "We do not know where ZE1 0AA is." in body
    body = client.get(reverse("directory:search"), {"within": "5"}).content.decode()
    assert "Enter a postcode to search within a distance of it." in body


def test_htmx_gets_only_the_results(world, entries) -> None:
    client = client_for(world, Role.LINK_WORKER)
    response = client.get(reverse("directory:search"), {"q": "food"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"')
    assert "<html" not in body
    assert "Testshire food bank" in body
    assert "carers" not in body


def test_unknown_service_is_404(world) -> None:
    client = client_for(world, Role.LINK_WORKER)
    missing = uuid.uuid4()
    assert client.get(reverse("directory:service_detail", args=[missing])).status_code == 404
    manager = client_for(world, Role.SCHEME_MANAGER)
    url = reverse("directory:capacity_update", args=[missing])
    assert manager.post(url, {"capacity": "open"}).status_code == 404


@pytest.mark.parametrize("role", NOT_MAINTAINERS)
def test_other_roles_cannot_see_checks_or_update_capacity(world, entries, role) -> None:
    client = client_for(world, role)
    assert client.get(reverse("directory:stale_list")).status_code == 403
    service = entries["england_stale"]
    detail = client.get(reverse("directory:service_detail", args=[service.pk])).content.decode()
    assert "Save capacity" not in detail
    url = reverse("directory:capacity_update", args=[service.pk])
    today = timezone.localdate().isoformat()
    assert client.post(url, {"capacity": "open", "verified_on": today}).status_code == 403
    service.refresh_from_db()
    assert service.capacity_verified_on != timezone.localdate()


def test_manager_sees_stale_entries_of_their_region_only(world, entries) -> None:
    client = client_for(world, Role.SCHEME_MANAGER)
    body = client.get(reverse("directory:stale_list")).content.decode()
    assert "Testshire carers&#x27; centre" in body
    assert "Glen bereavement support" not in body
    assert "Testshire food bank" not in body
    admin = client_for(world, Role.SYSTEM_ADMIN)
    body = admin.get(reverse("directory:stale_list")).content.decode()
    assert "Glen bereavement support" in body
    assert "Testshire carers&#x27; centre" in body


def test_manager_updates_capacity_in_their_region_only(world, entries) -> None:
    client = client_for(world, Role.SCHEME_MANAGER)
    today = timezone.localdate()
    service = entries["england_stale"]
    url = reverse("directory:capacity_update", args=[service.pk])
    response = client.post(
        url, {"capacity": "waiting_list", "verified_on": today.isoformat(), "note": "6 weeks"}
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert (service.capacity, service.capacity_verified_on) == ("waiting_list", today)
    assert service.capacity_verified_by == world.users[Role.SCHEME_MANAGER]
    assert service.capacity_note == "6 weeks"
    page = client.get(response["Location"]).content.decode()
    assert "The service&#x27;s capacity was saved." in page
    assert "Waiting list" in page
    other = reverse("directory:capacity_update", args=[entries["scotland_stale"].pk])
    assert client.post(other, {"capacity": "open", "verified_on": today}).status_code == 403


def test_capacity_form_refuses_bad_input(world, entries) -> None:
    client = client_for(world, Role.SYSTEM_ADMIN)
    service = entries["scotland_stale"]
    url = reverse("directory:capacity_update", args=[service.pk])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(url, {"capacity": "full", "verified_on": tomorrow})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose one of the options listed for" in body
    assert "cannot be in the future" in body
    assert Service.objects.get(pk=service.pk).capacity == "open"


def test_navigation(world, entries) -> None:
    reader = client_for(world, Role.REFERRER_GP).get(reverse("directory:search")).content
    assert b">Directory<" in reader
    assert b"Directory checks" not in reader
    # For a manager both are on the Scheme page, linked from the header.
    manager = client_for(world, Role.SCHEME_MANAGER).get(reverse("accounts:hub")).content
    assert b">Directory checks<" in manager


def test_admin_lists_directory_records(world, entries) -> None:
    client = client_for(world, Role.SYSTEM_ADMIN)
    for model in ("service", "directoryorganization", "taxonomy", "taxonomyterm"):
        response = client.get(reverse(f"admin:directory_{model}_changelist"))
        assert response.status_code == 200, model
    assert (
        b"Testshire food bank" in client.get(reverse("admin:directory_service_changelist")).content
    )


def queries(client: Client, url: str, params: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def test_pages_use_a_fixed_number_of_queries(world, entries) -> None:
    client = client_for(world, Role.LINK_WORKER)
    search = reverse("directory:search")
    detail = reverse("directory:service_detail", args=[entries["england_stale"].pk])
    params = {"postcode": "G1 1AA", "q": "testshire"}
    queries(client, search)  # warm the session
    few, one = queries(client, search, params), queries(client, detail)
    for number in range(15):
        add_service(f"Testshire group {number}", needs=("caring",), postcode="G12 8AA")
    assert queries(client, search, params) == few
    assert queries(client, detail) == one
