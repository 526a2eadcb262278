"""The JSON API records what the referral page records: sessions, connections and their
progress, and discharge, through the same services, for the same people, once per
Idempotency-Key."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from linkwork.accounts.roles import Role
from linkwork.core import clock
from linkwork.core.cursors import cursor_encode
from linkwork.episodes.models import Connection, Encounter, Referral
from linkwork.testing.listed import listed_service
from linkwork.testing.world import SmallWorld, refer, refer_and_start

pytestmark = pytest.mark.django_db


def _client(world: SmallWorld, role: Role = Role.LINK_WORKER) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _post(client: Client, url: str, body: dict[str, Any], key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=headers)


def _session(referral: Referral, **overrides: object) -> dict[str, Any]:
    return {
        "occurred_on": (referral.received_on + timedelta(days=1)).isoformat(),
        "mode": "telephone",
        "duration_minutes": 30,
        **overrides,
    }


def test_a_session_is_recorded_once_per_key_and_numbered(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    client = _client(world)
    url = f"/api/v1/referrals/{referral.pk}/sessions"
    first = _post(client, url, _session(referral), key="session-key-0001")
    assert first.status_code == 201, first.content
    assert first.json()["session_number"] == 1
    again = _post(client, url, _session(referral), key="session-key-0001")
    assert again.status_code == 201
    assert again.json() == first.json()
    assert Encounter.objects.filter(referral=referral).count() == 1
    second = _post(client, url, _session(referral), key="session-key-0002")
    assert second.json()["session_number"] == 2


def test_a_bad_session_names_the_field_and_writes_nothing(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    future = (clock.today() + timedelta(days=3)).isoformat()
    response = _post(
        _client(world),
        f"/api/v1/referrals/{referral.pk}/sessions",
        _session(referral, occurred_on=future, mode="carrier-pigeon"),
    )
    assert response.status_code == 400
    problem = response.json()
    assert set(problem["errors"]) == {"occurred_on", "mode"}
    assert not Encounter.objects.exists()


def test_only_the_schemes_casework_staff_may_record(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    url = f"/api/v1/referrals/{referral.pk}/sessions"
    # The referring GP may read the referral, not record its sessions.
    assert _post(_client(world, Role.REFERRER_GP), url, _session(referral)).status_code == 403
    # Another scheme's staff learn nothing, not even that it exists.
    other = Client()
    other.force_login(world.extra["scot_link_worker"])
    assert _post(other, url, _session(referral)).status_code == 404
    missing = "/api/v1/referrals/00000000-0000-0000-0000-000000000000/sessions"
    assert _post(_client(world), missing, _session(referral)).status_code == 404
    assert not Encounter.objects.exists()


def test_a_connection_to_a_listed_service_follows_its_lifecycle(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    service = listed_service(world)
    client = _client(world)
    created = _post(
        client,
        f"/api/v1/referrals/{referral.pk}/connections",
        {"kind": "referral", "service": str(service.pk), "consent": True, "shared": ["name"]},
        key="connect-key-0001",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["target"], body["service"], body["status"]) == (
        "directory_service",
        str(service.pk),
        "requested",
    )
    status_url = f"/api/v1/referrals/{referral.pk}/connections/{body['id']}/status"
    refused = _post(client, status_url, {"status": "completed"})
    assert refused.status_code == 400
    assert "cannot become" in refused.json()["detail"]
    rejected = _post(client, status_url, {"status": "rejected"})
    assert rejected.status_code == 400
    assert "reason" in rejected.json()["errors"]
    accepted = _post(client, status_url, {"status": "accepted"}, key="status-key-0001")
    assert accepted.json()["status"] == "accepted"
    # A replayed update answers as the first did, rather than failing the transition.
    assert _post(client, status_url, {"status": "accepted"}, key="status-key-0001").json() == (
        accepted.json()
    )
    assert Connection.objects.get().status == "accepted"


def test_an_unlisted_connection_and_an_unknown_service(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    client = _client(world)
    url = f"/api/v1/referrals/{referral.pk}/connections"
    unlisted = _post(client, url, {"kind": "signpost", "service_name": "Allotment society"})
    assert unlisted.status_code == 201, unlisted.content
    assert unlisted.json()["service"] is None
    unknown = _post(
        client, url, {"kind": "referral", "service": "00000000-0000-0000-0000-000000000001"}
    )
    assert unknown.status_code == 404
    assert Connection.objects.count() == 1


def test_discharge_closes_the_episode_once(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    client = _client(world)
    _post(client, f"/api/v1/referrals/{referral.pk}/sessions", _session(referral))
    url = f"/api/v1/referrals/{referral.pk}/discharge"
    assert _post(client, url, {"reason": "tired"}).status_code == 400
    done = _post(client, url, {"reason": "goals_met"}, key="discharge-key-01")
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "discharged"
    assert _post(client, url, {"reason": "goals_met"}, key="discharge-key-01").json() == done.json()
    referral.refresh_from_db()
    assert (referral.status, referral.discharge_reason) == ("discharged", "goals_met")
    # A closed episode takes no more sessions.
    late = _post(client, f"/api/v1/referrals/{referral.pk}/sessions", _session(referral))
    assert late.status_code == 400


def test_the_referral_list_pages_by_cursor_and_filters(world: SmallWorld) -> None:

    made = {str(refer(world, received_on=clock.today() - timedelta(days=n)).pk) for n in range(5)}
    client = _client(world)
    seen: list[str] = []
    url: str | None = "/api/v1/referrals/?limit=2"
    pages = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        seen += [row["id"] for row in response.json()]
        link = response.headers.get("Link")
        url = link.split(">")[0].lstrip("<") if link else None
        pages += 1
    assert pages == 3
    assert len(seen) == len(set(seen)) == 5
    assert set(seen) == made
    days = [client.get(f"/api/v1/referrals/{pk}").json()["received_on"] for pk in seen]
    assert days == sorted(days, reverse=True)
    since = (clock.today() - timedelta(days=1)).isoformat()
    recent = client.get(f"/api/v1/referrals/?received_from={since}").json()
    assert len(recent) == 2
    forged = client.get("/api/v1/referrals/?cursor=not-a-cursor")
    assert forged.status_code == 400
    assert "cursor" in forged.json()["detail"]
    # Well encoded, but not a date and an id.
    odd = client.get(f"/api/v1/referrals/?cursor={cursor_encode(['soon', 'someone'])}")
    assert odd.status_code == 400
    assert odd.json()["code"] == "cursor_invalid"
    assert client.get("/api/v1/referrals/?limit=500").status_code == 422


def test_goals_and_financial_gains_are_recorded_once_per_key(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    client = _client(world)
    base = f"/api/v1/referrals/{referral.pk}"
    goal = _post(client, f"{base}/goals", {"description": "Join a walking group"}, "goal-0001")
    assert goal.status_code == 201, goal.content
    assert goal.json()["status"] == "not_started"
    assert _post(client, f"{base}/goals", {"description": "x"}, "goal-0001").json() == goal.json()
    assert referral.goals.count() == 1
    empty = _post(client, f"{base}/goals", {"description": "  "}, "goal-0002")
    assert empty.status_code == 400
    assert empty.json()["errors"]["description"]
    gain = {
        "kind": "benefit_award",
        "amount_pence": 12500,
        "recorded_on": referral.received_on.isoformat(),
    }
    made = _post(client, f"{base}/financial-gains", gain, "gain-0001")
    assert made.status_code == 201, made.content
    assert _post(client, f"{base}/financial-gains", gain, "gain-0001").json() == made.json()
    assert referral.financial_gains.count() == 1
    refused = _post(client, f"{base}/financial-gains", {**gain, "amount_pence": 0}, "gain-0002")
    assert refused.status_code == 400
    assert refused.json()["errors"]["amount"]
    assert referral.financial_gains.count() == 1
    # Only the scheme's link workers and managers record casework.
    gp = _client(world, Role.REFERRER_GP)
    assert _post(gp, f"{base}/goals", {"description": "Walk"}).status_code in {403, 404}
