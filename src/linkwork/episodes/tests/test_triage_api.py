"""The JSON API triages as the episode page does: accept (with the link worker), decline with
a reason, assign and reassign, through the same services, for the scheme's own staff and link
workers only, once per Idempotency-Key."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.episodes.models import Assignment, Referral
from linkwork.testing.world import SmallWorld, refer, refer_and_start

pytestmark = pytest.mark.django_db


def _client(world: SmallWorld, role: Role = Role.SCHEME_MANAGER) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _post(client: Client, url: str, body: dict[str, Any], key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=headers)


def test_accepting_with_a_link_worker_assigns_once_per_key(world: SmallWorld) -> None:
    referral = refer(world)
    worker = world.users[Role.LINK_WORKER]
    client = _client(world)
    url = f"/api/v1/referrals/{referral.pk}/accept"
    first = _post(client, url, {"link_worker": str(worker.pk)}, key="accept-key-0001")
    assert first.status_code == 200, first.content
    assert first.json()["link_worker"] == str(worker.pk)
    assert first.json()["status"] == "waiting"
    # A retry answers as the first did rather than failing the transition a second time.
    again = _post(client, url, {"link_worker": str(worker.pk)}, key="accept-key-0001")
    assert again.status_code == 200
    assert again.json() == first.json()
    assert Assignment.objects.filter(referral=referral).count() == 1
    assert AuditEvent.objects.filter(
        object_id=str(referral.pk), actor=world.users[Role.SCHEME_MANAGER]
    ).exists()


def test_accepting_without_a_link_worker_leaves_it_for_later(world: SmallWorld) -> None:
    referral = refer(world)
    response = _post(_client(world), f"/api/v1/referrals/{referral.pk}/accept", {})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["link_worker"]) == ("accepted", None)


def test_another_schemes_link_worker_is_refused_by_field(world: SmallWorld) -> None:
    referral = refer(world)
    outsider = world.extra["scot_link_worker"]
    for path in ("accept", "link-worker"):
        response = _post(
            _client(world),
            f"/api/v1/referrals/{referral.pk}/{path}",
            {"link_worker": str(outsider.pk)},
        )
        assert response.status_code == 400, response.content
        assert "link_worker" in response.json()["errors"]
    referral.refresh_from_db()
    assert (referral.status, referral.link_worker_id) == ("received", None)


def test_another_schemes_referral_is_not_found(world: SmallWorld) -> None:
    referral = refer(world)
    other = Client()
    other.force_login(world.extra["scot_link_worker"])
    assert _post(other, f"/api/v1/referrals/{referral.pk}/accept", {}).status_code == 404
    # The referring GP may read the referral, not triage it.
    gp = _client(world, Role.REFERRER_GP)
    assert _post(gp, f"/api/v1/referrals/{referral.pk}/accept", {}).status_code == 403
    assert Referral.objects.get(pk=referral.pk).status == "received"


def test_declining_needs_a_listed_reason(world: SmallWorld) -> None:
    referral = refer(world)
    client = _client(world)
    url = f"/api/v1/referrals/{referral.pk}/decline"
    bad = _post(client, url, {"reason": "bored"})
    assert bad.status_code == 400
    assert "reason" in bad.json()["errors"]
    missing = _post(client, url, {"note": "no reason"})
    assert missing.status_code == 422
    assert "reason" in missing.json()["errors"]
    body = {"reason": "needs_other_service", "note": "Debt advice first."}
    declined = _post(client, url, body, key="decline-key-0001")
    assert declined.status_code == 200, declined.content
    assert (declined.json()["status"], declined.json()["decline_note"]) == (
        "declined",
        "Debt advice first.",
    )
    assert _post(client, url, body, key="decline-key-0001").json() == declined.json()
    # Without the key a second decline is refused by the lifecycle, not a server error.
    assert _post(client, url, body).status_code == 400


def test_reassigning_keeps_the_history(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    colleague = world.extra["colleague"]
    client = _client(world)
    url = f"/api/v1/referrals/{referral.pk}/link-worker"
    body = {"link_worker": str(colleague.pk), "note": "Closer to home."}
    moved = _post(client, url, body, key="assign-key-0001")
    assert moved.status_code == 200, moved.content
    assert moved.json()["link_worker"] == str(colleague.pk)
    assert _post(client, url, body, key="assign-key-0001").json() == moved.json()
    same = _post(client, url, body)
    assert same.status_code == 400
    assert "link_worker" in same.json()["errors"]
    assignments = Assignment.objects.filter(referral=referral).order_by("started_on", "pk")
    assert assignments.count() == 2
    assert assignments.filter(ended_on__isnull=True).get().link_worker == colleague
