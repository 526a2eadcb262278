"""A referral's whole journey through HTTP, against a running server and NHS England's MESH
sandbox: the practice's system refers with a transaction Bundle and the referral's Task is
accepted; the link worker's system records a session and connects the person to a listed
service through the JSON API; the provider's system (the `linkwork fhir poll-tasks` reference
client) polls, accepts and completes the connection's Task; the link worker's system
discharges; the background worker sends the summary to the practice's MESH mailbox, where the
practice finds the FHIR document and the PDF and acknowledges them; `linkwork mesh poll` sees
the acknowledgements. Every FHIR resource the server emits on the way is validated."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from linkwork.accounts.api_clients import api_client_register
from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.core.submissions import HEADER
from linkwork.episodes.models import Connection, Referral, ReferralEvent
from linkwork.episodes.services.intake import referral_accept
from linkwork.episodes.services.lifecycle import referral_assign
from linkwork.fhir.client import Reply, Send, TaskClient, urllib_send
from linkwork.fhir.documents import KIND
from linkwork.fhir.management.commands import fhir as fhir_command
from linkwork.fhir.mapping import systems
from linkwork.fhir.tests.builders import referral_bundle
from linkwork.fhir.tests.conftest import Parties
from linkwork.messaging.models import MeshMessage
from linkwork.testing.mesh import Sandbox

FHIR_JSON = systems.MEDIA_TYPE


def recording(emitted: list[dict[str, Any]]) -> Send:
    """Real HTTP (the reference client's own), keeping every FHIR resource answered."""

    def send(method: str, url: str, headers: dict[str, str], body: bytes | None) -> Reply:
        reply = urllib_send(method, url, headers, body)
        if "resourceType" in reply.body:
            emitted.append(reply.body)
        return reply

    return send


def validate_all(emitted: list[dict[str, Any]]) -> None:
    """Each resource against its FHIR R4 (R4B) model; a Bundle validates its entries too."""
    assert emitted
    for resource in emitted:
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)


@pytest.fixture
def worker_runs_the_sends(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Sends are queued by the request and made by `linkwork worker`, as in production."""
    settings.LINKWORK_RUN_JOBS_INLINE = False
    # The worker drops stale connections between jobs; the test database lives in them.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        call_command("worker", "--batch", stdout=StringIO())

    return run


@pytest.mark.django_db(transaction=True)
def test_a_referral_goes_round_the_closed_loop_to_the_practices_mailbox(
    parties: Parties,
    mesh: Sandbox,
    live_server: Any,
    worker_runs_the_sends: Callable[[], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world, base = parties.world, f"{live_server.url}/fhir/"
    emitted: list[dict[str, Any]] = []
    send = recording(emitted)

    def call(token: str, method: str, url: str, body: object, kind: str, **extra: str) -> Reply:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": kind, **extra}
        data = None if body is None else json.dumps(body).encode()
        return send(method, url, headers, data)

    # 1. The practice's system refers with a transaction Bundle: a Task, accepted for triage.
    sent = referral_bundle()
    answer = call(parties.gp_token, "POST", base, sent, FHIR_JSON)
    assert answer.status == 200, answer.body
    assert answer.body["type"] == "transaction-response"
    assert len(answer.body["entry"]) == len(sent["entry"])
    (created,) = [e for e in answer.body["entry"] if "resource" in e]
    assert created["response"]["status"] == "201 Created"
    task = created["resource"]
    assert task["status"] == "accepted"
    referral = Referral.objects.get(pk=task["id"])
    location = created["response"]["location"]
    assert call(parties.gp_token, "GET", base + location, None, FHIR_JSON).body["id"] == task["id"]

    # 2. The link worker triages on the pages; their casework system records the first
    #    session and connects the person to the provider's listed service.
    worker = world.users[Role.LINK_WORKER]
    referral_accept(referral=referral, actor=worker)
    referral_assign(referral=referral, link_worker=worker, actor=worker, on=referral.received_on)
    _, casework = api_client_register(
        name="Scheme casework system",
        organisation_id=world.pcn.pk,
        role=Role.LINK_WORKER,
        scheme_id=world.scheme.pk,
    )
    api = f"{live_server.url}/api/v1/referrals/{referral.pk}"
    session = call(
        casework,
        "POST",
        f"{api}/sessions",
        {
            "occurred_on": referral.received_on.isoformat(),
            "mode": "face_to_face",
            "duration_minutes": 45,
        },
        "application/json",
        **{HEADER: "session-1"},
    )
    assert session.status == 201, session.body
    connected = call(
        casework,
        "POST",
        f"{api}/connections",
        {
            "kind": "referral",
            "service": str(parties.service.pk),
            "need": "loneliness_isolation",
            "consent": True,
            "shared": ["name", "reason"],
        },
        "application/json",
        **{HEADER: "connection-1"},
    )
    assert connected.status == 201, connected.body
    connection_id = connected.body["id"]

    # 3. The provider's system, the reference client of `linkwork fhir poll-tasks`, polls,
    #    accepts, then completes the connection's Task with the person attended.
    monkeypatch.setattr(fhir_command, "TaskClient", functools.partial(TaskClient, send=send))

    def poll(*flags: str) -> str:
        out = StringIO()
        token = parties.provider_token
        call_command("fhir", "poll-tasks", "--base", base, "--token", token, *flags, stdout=out)
        return out.getvalue()

    listed = poll()
    assert connection_id in listed
    assert "Hopper" in listed
    assert f"{connection_id}  accepted" in poll("--accept")
    assert poll("--accept").startswith("No Tasks requested")
    assert f"{connection_id}  completed" in poll("--complete")
    connection = Connection.objects.get(pk=connection_id)
    assert (connection.status, connection.first_attended_on is not None) == ("completed", True)
    by_provider = ReferralEvent.objects.filter(referral=referral, actor=parties.provider_user)
    assert [e.data["status"] for e in by_provider.order_by("id")] == [
        "accepted",
        "in-progress",
        "completed",
    ]

    # 4. The link worker's system discharges; the referral's Task says the episode ended.
    discharged = call(
        casework,
        "POST",
        f"{api}/discharge",
        {"reason": "connected_to_support"},
        "application/json",
        **{HEADER: "discharge-1"},
    )
    assert discharged.status == 200, discharged.body
    ended = call(parties.gp_token, "GET", f"{base}Task/{referral.pk}", None, FHIR_JSON).body
    assert (ended["status"], ended["businessStatus"]["coding"][0]["code"]) == (
        "completed",
        "discharged",
    )

    # 5. The worker sends the summary's documents to the practice's mailbox by MESH.
    summary = referral.summaries.get()
    assert not MeshMessage.objects.filter(summary=summary).exists()  # queued, not yet sent
    worker_runs_the_sends()
    rows = {row.document: row for row in MeshMessage.objects.filter(summary=summary)}
    assert set(rows) == {"summary_pdf", "coded_events", KIND}
    assert {(row.status, row.mailbox_to) for row in rows.values()} == {
        (MeshMessage.Status.SENT, "X26ABC2")
    }
    document = call(
        parties.gp_token, "GET", f"{base}Composition/{summary.pk}/$document", None, FHIR_JSON
    ).body

    # 6. The practice finds the FHIR document and the PDF in its mailbox and acknowledges all.
    with mesh.as_mailbox("X26ABC2") as practice:
        assert {row.message_id for row in rows.values()} <= set(practice.list_messages())
        received = json.loads(practice.retrieve_message(rows[KIND].message_id).read())
        pdf = practice.retrieve_message(rows["summary_pdf"].message_id)
        assert pdf.read().startswith(b"%PDF")
        for row in rows.values():
            practice.acknowledge_message(row.message_id)
    Bundle.model_validate(received)
    assert received == document
    composition = received["entry"][0]["resource"]
    assert composition["type"]["coding"][0]["code"] == systems.SNOMED_SUMMARY_REPORT
    resources = [e["resource"] for e in received["entry"]]
    assert [r["status"] for r in resources if r["resourceType"] == "Task"] == ["completed"]
    patient = next(r for r in resources if r["resourceType"] == "Patient")
    assert patient["identifier"] == [{"system": systems.NHS_NUMBER, "value": "9434765919"}]

    # The practice system's read of the document is in the audit trail, as a page's would be.
    read = AuditEvent.objects.filter(
        actor=parties.gp_user, object_type="episode_summary", person_id=referral.person_id
    )
    assert read.filter(detail__form="fhir").exists()

    out = StringIO()
    call_command("mesh", "poll", stdout=out)
    assert {row.status for row in MeshMessage.objects.filter(summary=summary)} == {
        MeshMessage.Status.ACKNOWLEDGED
    }
    summary.refresh_from_db()
    assert summary.sent_at is not None

    # Every FHIR resource the server emitted on the way is valid FHIR R4.
    validate_all([*emitted, received])
    kinds = {resource["resourceType"] for resource in emitted}
    assert {"Bundle", "Task"} <= kinds
