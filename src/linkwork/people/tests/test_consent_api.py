"""The JSON API records and withdraws consents as the person page does: the same services,
the person's scheme's casework staff only, once per Idempotency-Key."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from linkwork.accounts.roles import Role
from linkwork.core import clock
from linkwork.people.models import Consent
from linkwork.testing.world import SmallWorld, refer_and_start

pytestmark = pytest.mark.django_db


def _client(world: SmallWorld, role: Role = Role.LINK_WORKER) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _post(client: Client, url: str, body: dict[str, Any], key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=headers)


def _share(world: SmallWorld, **overrides: object) -> dict[str, Any]:
    return {
        "kind": "share_with_vcse",
        "given": True,
        "recorded_on": clock.today().isoformat(),
        "organisation": str(world.vcse.pk),
        "shared_fields": ["name", "contact"],
        **overrides,
    }


def test_a_consent_is_recorded_once_and_withdrawn(world: SmallWorld) -> None:
    person = refer_and_start(world).person
    client = _client(world)
    url = f"/api/v1/people/{person.pk}/consents"
    before = Consent.objects.filter(person=person).count()
    first = _post(client, url, _share(world), key="consent-key-0001")
    assert first.status_code == 201, first.content
    assert first.json()["organisation"] == str(world.vcse.pk)
    assert _post(client, url, _share(world), key="consent-key-0001").json() == first.json()
    assert Consent.objects.filter(person=person).count() == before + 1
    withdraw = f"{url}/{first.json()['id']}/withdraw"
    withdrawn = _post(client, withdraw, {}, key="withdraw-key-0001")
    assert withdrawn.status_code == 200, withdrawn.content
    assert withdrawn.json()["withdrawn_on"] == clock.today().isoformat()
    assert _post(client, withdraw, {}, key="withdraw-key-0001").json() == withdrawn.json()
    again = _post(client, withdraw, {})
    assert again.status_code == 400
    assert "already withdrawn" in again.json()["detail"]


def test_bad_consents_are_refused_and_write_nothing(world: SmallWorld) -> None:
    person = refer_and_start(world).person
    client = _client(world)
    url = f"/api/v1/people/{person.pk}/consents"
    before = Consent.objects.count()
    no_vcse = _post(client, url, _share(world, organisation=None))
    assert no_vcse.status_code == 400
    assert "organisation" in no_vcse.json()["errors"]
    # A VCSE of another region is not one the page offers.
    other_region = _post(client, url, _share(world, organisation=str(world.scot_practice.pk)))
    assert other_region.status_code == 400
    assert "organisation" in other_region.json()["errors"]
    future = _post(client, url, _share(world, recorded_on="2999-01-01"))
    assert future.status_code == 400
    assert _post(client, url, {"kind": "service"}).status_code == 422
    assert Consent.objects.count() == before


def test_another_schemes_staff_cannot_reach_the_person(world: SmallWorld) -> None:
    person = refer_and_start(world).person
    other = Client()
    other.force_login(world.extra["scot_link_worker"])
    url = f"/api/v1/people/{person.pk}/consents"
    mine = _post(_client(world), url, _share(world)).json()
    before = Consent.objects.count()
    assert _post(other, url, _share(world)).status_code == 404
    assert _post(other, f"{url}/{mine['id']}/withdraw", {}).status_code == 404
    assert Consent.objects.count() == before
    assert Consent.objects.get(pk=mine["id"]).withdrawn_on is None
