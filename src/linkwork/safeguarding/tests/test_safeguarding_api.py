"""The JSON API records contact notes and safeguarding concerns, and updates and closes
concerns, as the safeguarding pages do: the same services, the same people, once per
Idempotency-Key."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from linkwork.accounts.roles import Role
from linkwork.core import clock
from linkwork.episodes.models import Referral
from linkwork.safeguarding.models import Concern, ConcernUpdate, ContactNote
from linkwork.testing.world import SmallWorld, refer_and_start

pytestmark = pytest.mark.django_db


def _client(world: SmallWorld, role: Role = Role.LINK_WORKER) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _post(client: Client, url: str, body: dict[str, Any], key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=headers)


def _concern(referral: Referral, **overrides: object) -> dict[str, Any]:
    return {
        "referral": str(referral.pk),
        "category": "adult",
        "observed": "Bruising on both arms.",
        "actions": "Spoke to the practice safeguarding lead.",
        "review_on": (clock.today() + timedelta(days=7)).isoformat(),
        **overrides,
    }


@pytest.fixture
def episode(world: SmallWorld) -> Referral:
    return refer_and_start(world)


def test_a_contact_note_is_recorded_once_per_key(world: SmallWorld, episode: Referral) -> None:
    client = _client(world)
    body = {
        "referral": str(episode.pk),
        "kind": "phone",
        "contacted_on": clock.today().isoformat(),
        "with_whom": "Her daughter",
        "note": "Agreed to come to the next session together.",
    }
    first = _post(client, "/api/v1/safeguarding/contact-notes", body, key="note-key-0001")
    assert first.status_code == 201, first.content
    again = _post(client, "/api/v1/safeguarding/contact-notes", body, key="note-key-0001")
    assert again.json() == first.json()
    assert ContactNote.objects.count() == 1
    bad = _post(
        client,
        "/api/v1/safeguarding/contact-notes",
        {**body, "kind": "telepathy", "with_whom": " ", "contacted_on": "2999-01-01"},
    )
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"kind", "with_whom", "contacted_on"}
    too_long = _post(client, "/api/v1/safeguarding/contact-notes", {**body, "with_whom": "x" * 201})
    assert too_long.status_code == 422
    assert "with_whom" in too_long.json()["errors"]
    assert ContactNote.objects.count() == 1


def test_a_concern_is_opened_updated_and_closed_once_per_key(
    world: SmallWorld, episode: Referral
) -> None:
    client = _client(world)
    opened = _post(client, "/api/v1/safeguarding/concerns", _concern(episode), key="c-key-0001")
    assert opened.status_code == 201, opened.content
    assert opened.json()["status"] == "open"
    again = _post(client, "/api/v1/safeguarding/concerns", _concern(episode), key="c-key-0001")
    assert again.json() == opened.json()
    assert Concern.objects.count() == 1
    concern = opened.json()["id"]
    update_url = f"/api/v1/safeguarding/concerns/{concern}/updates"
    update = {
        "status": "under_review",
        "note": "Adult social care are visiting.",
        "review_on": (clock.today() + timedelta(days=14)).isoformat(),
    }
    updated = _post(client, update_url, update, key="u-key-0001")
    assert updated.status_code == 201, updated.content
    assert _post(client, update_url, update, key="u-key-0001").json() == updated.json()
    assert ConcernUpdate.objects.count() == 1
    assert Concern.objects.get().status == "under_review"
    refused = _post(client, update_url, {**update, "status": "closed"})
    assert refused.status_code == 400
    assert "status" in refused.json()["errors"]
    close_url = f"/api/v1/safeguarding/concerns/{concern}/close"
    assert "note" in _post(client, close_url, {"note": ""}).json()["errors"]
    closed = _post(client, close_url, {"note": "Support in place."}, key="x-key-0001")
    assert (closed.status_code, closed.json()["status"]) == (200, "closed")
    assert _post(client, close_url, {"note": "Support in place."}, key="x-key-0001").json() == (
        closed.json()
    )
    after = _post(client, update_url, update)
    assert after.status_code == 400
    assert "closed" in after.json()["detail"]


def test_a_bad_concern_names_each_field(world: SmallWorld, episode: Referral) -> None:
    response = _post(
        _client(world),
        "/api/v1/safeguarding/concerns",
        _concern(episode, category="weather", observed="", review_on=None),
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"category", "observed", "review_on"}
    alien = _post(
        _client(world),
        "/api/v1/safeguarding/concerns",
        _concern(episode, risk_alert="00000000-0000-0000-0000-000000000001"),
    )
    assert alien.status_code == 400
    assert "risk_alert" in alien.json()["errors"]
    assert not Concern.objects.exists()


def test_another_schemes_staff_see_nothing(world: SmallWorld, episode: Referral) -> None:
    opened = _post(_client(world), "/api/v1/safeguarding/concerns", _concern(episode)).json()
    other = Client()
    other.force_login(world.extra["scot_link_worker"])
    assert _post(other, "/api/v1/safeguarding/concerns", _concern(episode)).status_code == 404
    close_url = f"/api/v1/safeguarding/concerns/{opened['id']}/close"
    assert _post(other, close_url, {"note": "Not mine"}).status_code == 404
    gp = _client(world, Role.REFERRER_GP)
    assert _post(gp, "/api/v1/safeguarding/concerns", _concern(episode)).status_code == 403
    assert _post(gp, close_url, {"note": "Not mine"}).status_code == 404
    assert Concern.objects.get().status == "open"
