"""End-of-episode summaries to the practice by MESH, against NHS England's MESH sandbox running
as a real server: the practice downloads and acknowledges what we sent, and failures are shown
to the scheme manager and sent again."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.episodes.lifecycle import SNOMED_REFERRED
from linkwork.episodes.models import EpisodeSummary, Referral
from linkwork.episodes.services.discharge import referral_discharge
from linkwork.episodes.services.encounters import encounter_record
from linkwork.messaging.documents import Document, extra_documents
from linkwork.messaging.mesh_transport import mesh_client
from linkwork.messaging.models import MeshMessage
from linkwork.messaging.services import mesh_poll
from linkwork.testing.world import SmallWorld, refer_and_start

pytestmark = pytest.mark.django_db


def with_a_session(world: SmallWorld) -> Referral:
    referral = refer_and_start(world, person={"nhs_number": "9434765919"})
    encounter_record(
        referral=referral,
        actor=world.users[Role.LINK_WORKER],
        occurred_on=referral.received_on + timedelta(days=3),
        mode="face_to_face",
        duration_minutes=45,
    )
    return referral


def discharged(world: SmallWorld) -> Referral:
    referral = with_a_session(world)
    referral_discharge(referral=referral, actor=world.users[Role.LINK_WORKER], reason="goals_met")
    return referral


def sends(referral: Referral) -> dict[str, MeshMessage]:
    rows = MeshMessage.objects.filter(summary__referral=referral)
    return {row.document: row for row in rows}


def test_a_discharge_sends_the_summary_the_practice_receives_and_acknowledges(
    world: SmallWorld, mesh
) -> None:
    referral = discharged(world)
    rows = sends(referral)
    assert set(rows) == {"summary_pdf", "coded_events"}
    assert {row.status for row in rows.values()} == {MeshMessage.Status.SENT}
    assert {row.mailbox_to for row in rows.values()} == {"X26ABC2"}
    assert referral.summaries.get().sent_at is not None

    with mesh.as_mailbox("X26ABC2") as practice:
        inbox = set(practice.list_messages())
        assert {row.message_id for row in rows.values()} <= inbox
        pdf = practice.retrieve_message(rows["summary_pdf"].message_id)
        assert pdf.read().startswith(b"%PDF")
        assert pdf.filename == rows["summary_pdf"].filename
        events = json.loads(practice.retrieve_message(rows["coded_events"].message_id).read())
        assert events["episode_id"] == str(referral.pk)
        assert events["person"]["nhs_number"] == "9434765919"
        assert SNOMED_REFERRED in [e["code"] for e in events["events"]]
        # Not yet acknowledged: the poll leaves both as sent.
        assert mesh_poll().acknowledged == 0
        for row in rows.values():
            practice.acknowledge_message(row.message_id)

    assert mesh_poll().acknowledged == 2
    assert {row.status for row in sends(referral).values()} == {MeshMessage.Status.ACKNOWLEDGED}


def test_a_mailbox_mesh_does_not_know_fails_with_the_reason_shown_and_is_sent_again(
    world: SmallWorld, mesh, settings
) -> None:
    settings.LINKWORK_MESH_MAILBOXES = {"A81001": "NOSUCHBOX"}
    referral = discharged(world)
    pdf = sends(referral)["summary_pdf"]
    assert pdf.status == MeshMessage.Status.FAILED
    assert "Unregistered to address" in pdf.reason
    assert pdf.attempts == 1
    assert pdf.next_attempt_at is not None

    manager = Client()
    manager.force_login(world.users[Role.SCHEME_MANAGER])
    page = manager.get(reverse("messaging:mesh_sends")).content.decode()
    assert "Unregistered to address" in page
    assert pdf.filename in page
    home = manager.get(reverse("accounts:home")).content.decode()
    assert "2 documents of end-of-episode summaries have failed" in home

    # The mailbox is put right; the poll sends again each failure whose wait is over.
    settings.LINKWORK_MESH_MAILBOXES = {"A81001": "X26ABC2"}
    MeshMessage.objects.filter(pk=pdf.pk).update(next_attempt_at=timezone.now())
    assert mesh_poll().retried == 1
    pdf.refresh_from_db()
    assert (pdf.status, pdf.attempts, pdf.reason) == (MeshMessage.Status.SENT, 2, "")

    # The manager sends the other one again at once.
    events = sends(referral)["coded_events"]
    response = manager.post(reverse("messaging:mesh_send_again", args=[events.pk]))
    assert response.status_code == 302
    events.refresh_from_db()
    assert events.status == MeshMessage.Status.SENT
    assert events.mailbox_to == "X26ABC2"
    with mesh.as_mailbox("X26ABC2") as practice:
        assert {pdf.message_id, events.message_id} <= set(practice.list_messages())
    page = manager.get(reverse("messaging:mesh_sends")).content.decode()
    assert 'data-testid="mesh-all-well"' in page


def test_a_practice_with_no_mailbox_configured_fails_saying_what_to_configure(
    world: SmallWorld, mesh, settings
) -> None:
    settings.LINKWORK_MESH_MAILBOXES = {}
    pdf = sends(discharged(world))["summary_pdf"]
    assert pdf.status == MeshMessage.Status.FAILED
    assert "A81001=<mailbox id> to LINKWORK_MESH_MAILBOXES" in pdf.reason
    assert pdf.next_attempt_at is None  # nothing will change until it is configured


def test_a_send_never_acknowledged_in_time_fails_and_goes_again(
    world: SmallWorld, mesh, settings
) -> None:
    referral = discharged(world)
    first = sends(referral)["summary_pdf"]
    MeshMessage.objects.filter(pk=first.pk).update(
        sent_at=timezone.now() - timedelta(hours=settings.LINKWORK_MESH_ACK_HOURS + 1)
    )
    result = mesh_poll()
    assert (result.overdue, result.retried) == (1, 1)
    again = sends(referral)["summary_pdf"]
    assert again.status == MeshMessage.Status.SENT
    assert again.attempts == 2
    assert again.message_id != first.message_id


def test_only_the_schemes_managers_see_and_resend(world: SmallWorld, mesh, settings) -> None:
    settings.LINKWORK_MESH_MAILBOXES = {}
    pdf = sends(discharged(world))["summary_pdf"]
    worker = Client()
    worker.force_login(world.users[Role.LINK_WORKER])
    assert worker.get(reverse("messaging:mesh_sends")).status_code == 403
    response = worker.post(reverse("messaging:mesh_send_again", args=[pdf.pk]))
    assert response.status_code == 404


def test_certificates_go_unchecked_only_for_a_sandbox_on_this_machine(mesh, settings) -> None:
    settings.LINKWORK_MESH_VERIFY = "false"
    mesh_client().close()  # the sandbox on 127.0.0.1
    settings.LINKWORK_MESH_URL = "https://msg.intspineservices.nhs.uk"
    with pytest.raises(ImproperlyConfigured, match="LINKWORK_MESH_VERIFY=false"):
        mesh_client()


def test_a_document_added_through_the_hook_goes_with_the_summary(
    world: SmallWorld, mesh, monkeypatch: pytest.MonkeyPatch
) -> None:
    def bundle(summary: EpisodeSummary) -> list[Document]:
        body = json.dumps({"resourceType": "Bundle", "type": "document", "id": str(summary.pk)})
        return [Document("fhir_bundle", "summary.json", "application/fhir+json", body.encode())]

    monkeypatch.setattr(extra_documents, "_providers", [bundle])
    referral = discharged(world)
    row = sends(referral)["fhir_bundle"]
    assert row.status == MeshMessage.Status.SENT
    with mesh.as_mailbox("X26ABC2") as practice:
        received = json.loads(practice.retrieve_message(row.message_id).read())
    assert received == {"resourceType": "Bundle", "type": "document", "id": str(row.summary_id)}
