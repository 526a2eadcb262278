"""The JSON API: assessment for managers, activity log for link workers."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.implementation.models import Activity
from linkwork.implementation.tests.helpers import Cast, client_for, cover

pytestmark = pytest.mark.django_db
BASE = "/api/v1/implementation"


def test_managers_get_the_assessment_others_are_refused(cast: Cast) -> None:
    cover(cast)
    url = f"{BASE}/practices/{cast.practice.pk}/assessment?period=2026-Q3"
    response = client_for(cast.pm).get(url)
    assert response.status_code == 200
    body = response.json()
    assert (body["practice"], body["period"]) == (str(cast.practice.pk), "2026-Q3")
    assert body["classification"] in {"partially_integrated", "not_assessable"}
    assert "practice_share" in body["indicators"]
    assert client_for(cast.lw).get(url).status_code == 403
    assert client_for(cast.world.users[Role.VCSE_WORKER]).get(url).status_code == 404
    bad = client_for(cast.pm).get(url.replace("2026-Q3", "2026-Q9"))
    assert bad.status_code == 400


def test_link_workers_log_and_list_their_activity(cast: Cast) -> None:
    today = timezone.localdate()
    payload = {
        "practice_id": str(cast.practice.pk),
        "occurred_on": today.isoformat(),
        "kind": "network_meeting",
        "minutes": 60,
    }
    client = client_for(cast.lw)
    created = client.post(
        f"{BASE}/activities", json.dumps(payload), content_type="application/json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["level"] == "community"
    listed = client.get(f"{BASE}/activities?week={today.isoformat()}").json()
    assert [a["kind"] for a in listed] == ["network_meeting"]
    refused = client.post(
        f"{BASE}/activities",
        json.dumps({**payload, "kind": "knitting"}),
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused.json()["errors"]["kind"]
    future = client.post(
        f"{BASE}/activities",
        json.dumps({**payload, "occurred_on": date(2099, 1, 1).isoformat()}),
        content_type="application/json",
    )
    assert future.status_code == 400
    elsewhere = client.post(
        f"{BASE}/activities",
        json.dumps({**payload, "practice_id": str(cast.world.practice_b.pk)}),
        content_type="application/json",
    )
    assert elsewhere.status_code == 404
    manager = client_for(cast.pm).post(
        f"{BASE}/activities", json.dumps(payload), content_type="application/json"
    )
    assert manager.status_code == 403
    assert Activity.objects.count() == 1


def test_a_retried_activity_is_logged_once(cast: Cast) -> None:
    payload = {
        "practice_id": str(cast.practice.pk),
        "occurred_on": timezone.localdate().isoformat(),
        "kind": "network_meeting",
        "minutes": 30,
    }
    client = client_for(cast.lw)

    def send(key: str) -> dict[str, object]:
        response = client.post(
            f"{BASE}/activities",
            json.dumps(payload),
            content_type="application/json",
            headers={"Idempotency-Key": key},
        )
        assert response.status_code == 201, response.content
        return dict(response.json())

    first, again = send("meeting-1"), send("meeting-1")
    assert again == first
    assert Activity.objects.count() == 1
    assert send("meeting-2")["id"] != first["id"]
    assert Activity.objects.count() == 2
