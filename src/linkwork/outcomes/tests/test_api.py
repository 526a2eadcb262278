"""The outcomes JSON API: same services, same rules, problem-details errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from linkwork.outcomes.models import Administration
from linkwork.testing.world import PASSWORD

pytestmark = pytest.mark.django_db


def client_for(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_api_needs_a_session() -> None:
    assert Client().get("/api/v1/outcomes/instruments").status_code == 401


def test_instruments_and_scoring(world) -> None:
    client = client_for("researcher")
    ids = [i["id"] for i in client.get("/api/v1/outcomes/instruments").json()]
    assert ids[:6] == ["ons4", "wemwbs", "swemwbs", "ucla3", "phq9", "gad7"]
    scored = client.post(
        "/api/v1/outcomes/instruments/swemwbs/score",
        {"responses": [1, 2, 3, 4, 5, 4, 3]},
        content_type="application/json",
    )
    assert scored.json()["metric"] == 19.98
    refused = client.post(
        "/api/v1/outcomes/instruments/phq9/score",
        {"responses": [0, 0, 0, 0, 0, 0, 0, 0, 4]},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused.json()["detail"] == "Item 'q9' must be a whole number from 0 to 3; got 4."


def test_a_retried_questionnaire_with_its_key_answers_as_the_first(make_episode) -> None:
    referral = make_episode(sessions=1, days_ago=20)
    payload = {
        "instrument": "gad7",
        "timepoint": "baseline",
        "administered_on": str(referral.received_on + timedelta(days=7)),
        "mode": "telephone",
        "responses": {f"q{n}": 1 for n in range(1, 8)},
    }
    url = f"/api/v1/outcomes/referrals/{referral.pk}/administrations"
    client = client_for("linkworker")
    key = {"Idempotency-Key": "gad7-key-0001"}
    first = client.post(url, payload, content_type="application/json", headers=key)
    assert first.status_code == 201, first.content
    replay = client.post(url, payload, content_type="application/json", headers=key)
    assert (replay.status_code, replay.json()) == (201, first.json())
    assert Administration.objects.count() == 1


def test_recording_through_the_api(make_episode) -> None:
    referral = make_episode(sessions=1, days_ago=20)
    payload = {
        "instrument": "phq9",
        "timepoint": "baseline",
        "administered_on": str(referral.received_on + timedelta(days=7)),
        "mode": "telephone",
        "responses": {f"q{n}": 1 for n in range(1, 10)},
    }
    url = f"/api/v1/outcomes/referrals/{referral.pk}/administrations"
    assert client_for("gp").post(url, payload, content_type="application/json").status_code == 403
    assert client_for("vcse").post(url, payload, content_type="application/json").status_code == 404
    client = client_for("linkworker")
    created = client.post(url, payload, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["scores"]["flags"] == ["risk"]
    again = client.post(url, payload, content_type="application/json")
    assert again.status_code == 400
    assert again.json()["code"] == "outcome_mistimed"
    assert Administration.objects.count() == 1
    listed = client.get(f"/api/v1/outcomes/people/{referral.person_id}/administrations").json()
    assert [a["instrument_id"] for a in listed] == ["phq9"]
    due = client.get("/api/v1/outcomes/due").json()
    assert {d["instrument_id"] for d in due} >= {"swemwbs", "ons4"}


def test_the_due_list_pages_by_cursor_and_records_only_the_page_shown(make_episode) -> None:
    from linkwork.audit.models import AuditSubject

    people = {str(make_episode(sessions=1, days_ago=20 + n).person_id) for n in range(3)}
    client = client_for("linkworker")
    everything = client.get("/api/v1/outcomes/due").json()
    assert {d["person_id"] for d in everything} == people
    assert "Link" not in client.get("/api/v1/outcomes/due").headers
    seen: list[tuple[str, ...]] = []
    url: str | None = "/api/v1/outcomes/due?limit=2"
    for _ in range(len(everything)):  # bounded: a cursor that repeats rows fails, not hangs
        if url is None:
            break
        before = AuditSubject.objects.count()
        response = client.get(url)
        assert response.status_code == 200, response.content
        rows = response.json()
        assert len(rows) <= 2
        # Only the people on this page are recorded as seen.
        assert AuditSubject.objects.count() - before == len({r["person_id"] for r in rows})
        seen += [(r["referral_id"], r["instrument_id"], r["timepoint"]) for r in rows]
        link = response.headers.get("Link")
        url = link.split(">")[0].lstrip("<") if link else None
    assert len(seen) == len(set(seen)) == len(everything)
    assert client.get("/api/v1/outcomes/due?cursor=nonsense").json()["code"] == "cursor_invalid"
