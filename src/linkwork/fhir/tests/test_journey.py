"""A referral's whole journey over FHIR: the practice's system refers, the link worker
connects the person to a listed service, the provider's system accepts and completes the
connection's Task, the episode ends, and the summary comes back as a valid FHIR document."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from fhir.resources.R4B.bundle import Bundle

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.core import clock
from linkwork.episodes.models import Referral, ReferralEvent
from linkwork.episodes.services.connections import connection_create
from linkwork.episodes.services.discharge import referral_discharge
from linkwork.episodes.services.encounters import encounter_record
from linkwork.episodes.services.intake import referral_accept
from linkwork.episodes.services.lifecycle import referral_assign
from linkwork.fhir.client import Reply, TaskClient
from linkwork.fhir.mapping import systems
from linkwork.fhir.tests.builders import referral_bundle
from linkwork.fhir.tests.conftest import Parties, bearer

pytestmark = pytest.mark.django_db


def through_django(token: str) -> Any:
    """The reference client's HTTP, sent to the test server instead of the network."""
    client = Client(headers=bearer(token))

    def send(method: str, url: str, headers: dict[str, str], body: bytes | None) -> Reply:
        extra = {k: v for k, v in headers.items() if k not in {"Authorization", "Content-Type"}}
        kind = headers.get("Content-Type", "application/fhir+json")
        call = getattr(client, method.lower())
        response = (
            call(url, headers=extra)
            if body is None
            else call(url, body, content_type=kind, headers=extra)
        )
        return Reply(response.status_code, response.json())

    return send


def test_referral_to_summary_document_over_fhir(parties: Parties) -> None:
    world = parties.world
    gp = Client(headers=bearer(parties.gp_token))
    # 1. The practice's system refers; intake accepts the referral for triage.
    sent = gp.post("/fhir/", json.dumps(referral_bundle()), content_type="application/fhir+json")
    assert sent.status_code == 201, sent.content
    assert sent.json()["status"] == "accepted"
    referral = Referral.objects.get(pk=sent.json()["id"])

    # 2. The link worker takes it on, meets the person and connects them to a listed service.
    worker = world.users[Role.LINK_WORKER]
    today = clock.today()
    referral_accept(referral=referral, actor=worker)
    referral_assign(referral=referral, link_worker=worker, actor=worker, on=today)
    encounter_record(
        referral=referral, actor=worker, occurred_on=today, mode="face_to_face", duration_minutes=45
    )
    connection = connection_create(
        referral=referral,
        actor=worker,
        kind="referral",
        need="loneliness_isolation",
        service=parties.service,
        consent=True,
        shared=["name", "reason"],
    )

    # 3. The provider's system polls, accepts, then completes the connection's Task.
    provider = TaskClient(
        base="/fhir/", token=parties.provider_token, send=through_django(parties.provider_token)
    )
    requested = provider.tasks(statuses=["requested"])
    assert [t["id"] for t in requested] == [str(connection.pk)]
    assert requested[0]["contained"][0]["name"][0]["family"] == "Hopper"
    accepted = provider.accept(requested[0])
    assert (accepted.status, accepted.body["status"]) == (200, "accepted")
    assert provider.tasks(statuses=["requested"]) == []
    (open_task,) = provider.tasks(statuses=["accepted", "in-progress"])
    completed = provider.complete(open_task)
    assert (completed.status, completed.body["status"]) == (200, "completed"), completed.body
    connection.refresh_from_db()
    assert connection.status == "completed"
    # The link worker's timeline shows the provider's updates as from the inbox.
    by_provider = ReferralEvent.objects.filter(referral=referral, actor=parties.provider_user)
    assert [e.data["status"] for e in by_provider.order_by("id")] == [
        "accepted",
        "in-progress",
        "completed",
    ]

    # 4. The episode ends; the referral's Task says so.
    referral_discharge(referral=referral, actor=worker, reason="connected_to_support", on=today)
    task = gp.get(f"/fhir/Task/{referral.pk}").json()
    assert task["status"] == "completed"
    assert task["businessStatus"]["coding"][0]["code"] == "discharged"

    # 5. The summary, as a FHIR document, for the practice.
    summary = referral.summaries.get()
    response = gp.get(f"/fhir/Composition/{summary.pk}/$document")
    assert response.status_code == 200, response.content
    document = response.json()
    Bundle.model_validate(document)
    assert document["type"] == "document"
    composition = document["entry"][0]["resource"]
    assert composition["resourceType"] == "Composition"
    titles = [s["title"] for s in composition["section"]]
    assert "What matters to me" in titles
    assert "Social prescribing referrals and connections" in titles
    resources = [e["resource"] for e in document["entry"]]
    tasks = [r for r in resources if r["resourceType"] == "Task"]
    assert [t["status"] for t in tasks] == ["completed"]
    codes = {
        c["code"]
        for r in resources
        if r["resourceType"] == "Observation"
        for c in r["code"].get("coding", [])
        if c["system"] == systems.SNOMED
    }
    assert systems.SNOMED_SOCIAL_PRESCRIBING_REFERRAL in codes
    patient = next(r for r in resources if r["resourceType"] == "Patient")
    assert patient["identifier"] == [{"system": systems.NHS_NUMBER, "value": "9434765919"}]
    read = AuditEvent.objects.filter(
        actor=parties.gp_user, object_type="episode_summary", person_id=referral.person_id
    )
    assert read.filter(detail__form="fhir").exists()
