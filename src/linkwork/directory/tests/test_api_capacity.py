"""The JSON API records a service's capacity as the directory page does: the scheme managers of
its region and system administrators, through the same service, once per Idempotency-Key,
with the field at fault named."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.directory.models import Service
from linkwork.directory.tests.factories import add_service
from linkwork.testing.api import token_client
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db


def put_json(client: Client, url: str, body: Any, key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return client.put(url, data=json.dumps(body), content_type="application/json", headers=headers)


def _signed_in(world: SmallWorld, role: Role) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def test_a_regions_manager_records_capacity_once(world: SmallWorld) -> None:
    service = add_service("Testshire carers' centre", region=world.england)
    url = f"/api/v1/directory/services/{service.pk}/capacity"
    today = timezone.localdate()
    body = {"capacity": "waiting_list", "verified_on": today.isoformat(), "note": "6 weeks"}
    manager = _signed_in(world, Role.SCHEME_MANAGER)
    saved = put_json(manager, url, body, key="capacity-key-1")
    assert saved.status_code == 200, saved.content
    assert saved.json()["capacity"] == "waiting_list"
    assert put_json(manager, url, body, key="capacity-key-1").json() == saved.json()
    service.refresh_from_db()
    assert (service.capacity, service.capacity_verified_by) == (
        "waiting_list",
        world.users[Role.SCHEME_MANAGER],
    )
    tomorrow = (today + timedelta(days=1)).isoformat()
    refused = put_json(manager, url, {"capacity": "full", "verified_on": tomorrow})
    assert (refused.status_code, set(refused.json()["errors"])) == (
        400,
        {"capacity", "verified_on"},
    )
    too_long = put_json(manager, url, {**body, "note": "x" * 301})
    assert (too_long.status_code, set(too_long.json()["errors"])) == (422, {"note"})
    service.refresh_from_db()
    assert service.capacity_note == "6 weeks"


def test_who_may_record_capacity(world: SmallWorld) -> None:
    glen = add_service("Glen bereavement support", region=world.scotland)
    url = f"/api/v1/directory/services/{glen.pk}/capacity"
    body = {"capacity": "paused"}
    # Every signed-in user reads the directory: another region's service is refused, not hidden.
    assert put_json(_signed_in(world, Role.SCHEME_MANAGER), url, body).status_code == 403
    assert put_json(_signed_in(world, Role.LINK_WORKER), url, body).status_code == 403
    missing = "/api/v1/directory/services/00000000-0000-0000-0000-000000000000/capacity"
    assert put_json(_signed_in(world, Role.SYSTEM_ADMIN), missing, body).status_code == 404
    system = token_client(organisation=world.icb, role=Role.SYSTEM_ADMIN, name="Directory sync")
    saved = put_json(system, url, body, key="capacity-sys-1")
    assert saved.status_code == 200, saved.content
    glen.refresh_from_db()
    assert glen.capacity == Service.Capacity.PAUSED
    assert glen.capacity_verified_by == system.api_client.user
    assert glen.capacity_verified_on == timezone.localdate()
