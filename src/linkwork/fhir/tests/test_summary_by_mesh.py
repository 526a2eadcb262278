"""The summary's FHIR document goes to the practice by MESH beside the PDF and the coded
events, each its own tracked message, the same document the FHIR endpoint answers."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from fhir.resources.R4B.bundle import Bundle

from linkwork.accounts.roles import Role
from linkwork.episodes.services.discharge import referral_discharge
from linkwork.episodes.services.encounters import encounter_record
from linkwork.fhir.documents import KIND
from linkwork.messaging.models import MeshMessage
from linkwork.testing.mesh import Sandbox
from linkwork.testing.world import SmallWorld, refer_and_start

pytestmark = pytest.mark.django_db


def test_a_discharge_sends_the_fhir_document_with_the_pdf_and_events(
    world: SmallWorld, mesh: Sandbox
) -> None:
    referral = refer_and_start(world, person={"nhs_number": "9434765919"})
    worker = world.users[Role.LINK_WORKER]
    encounter_record(
        referral=referral,
        actor=worker,
        occurred_on=referral.received_on + timedelta(days=2),
        mode="face_to_face",
        duration_minutes=30,
    )
    referral_discharge(referral=referral, actor=worker, reason="goals_met")
    summary = referral.summaries.get()
    rows = {row.document: row for row in MeshMessage.objects.filter(summary=summary)}
    assert set(rows) == {"summary_pdf", "coded_events", KIND}
    assert {row.status for row in rows.values()} == {MeshMessage.Status.SENT}
    sent = rows[KIND]
    assert sent.content_type == "application/fhir+json"
    assert sent.filename.endswith(f"-v{summary.version}.fhir.json")

    with mesh.as_mailbox("X26ABC2") as practice:
        received = json.loads(practice.retrieve_message(sent.message_id).read())
    Bundle.model_validate(received)
    assert received["type"] == "document"
    # The same document the practice's readers get from /fhir/Composition/{id}/$document.
    reader = Client()
    reader.force_login(worker)
    answered = reader.get(f"/fhir/Composition/{summary.pk}/$document")
    assert answered.status_code == 200, answered.content
    assert answered.json() == received
