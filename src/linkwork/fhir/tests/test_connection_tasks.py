"""The closed loop over FHIR Tasks: each connection to a listed service is a Task owned by its
provider's organisation; the provider's system finds only its own Tasks, sees only what the
person agreed to share, and updates them through the VCSE inbox's service."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.task import Task

from linkwork.accounts.api_clients import api_client_register
from linkwork.accounts.models import ApiClient
from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.episodes.models import ReferralEvent
from linkwork.fhir.mapping import systems
from linkwork.fhir.tests.builders import PROVIDER_ODS
from linkwork.fhir.tests.conftest import Parties, bearer, connect
from linkwork.organisations.kinds import OrgKind
from linkwork.organisations.services import organisation_create
from linkwork.people.models import Consent
from linkwork.people.services import consent_withdraw
from linkwork.testing.query_budget import assert_queries_flat, count_json_items

pytestmark = pytest.mark.django_db

FHIR_JSON = "application/fhir+json"


def provider(parties: Parties) -> Client:
    return Client(headers=bearer(parties.provider_token))


def put(client: Client, task: dict[str, Any], at: object = None, **headers: str) -> Any:
    return client.put(
        f"/fhir/Task/{at or task['id']}", json.dumps(task), content_type=FHIR_JSON, headers=headers
    )


def expressions(response: Any) -> list[str]:
    outcome = response.json()
    assert outcome["resourceType"] == "OperationOutcome", outcome
    return [e for issue in outcome["issue"] for e in issue.get("expression", [])]


def test_a_provider_finds_its_requested_tasks_with_only_what_is_shared(parties: Parties) -> None:
    connection = connect(parties, phone="07700 900111")
    response = provider(parties).get(
        "/fhir/Task", {"owner": f"{systems.ODS_CODE}|{PROVIDER_ODS}", "status": "requested"}
    )
    assert response.status_code == 200
    bundle = response.json()
    Bundle.model_validate(bundle)
    assert bundle["total"] == 1
    task = bundle["entry"][0]["resource"]
    assert task["id"] == str(connection.pk)
    assert task["owner"]["identifier"] == {"system": systems.ODS_CODE, "value": PROVIDER_ODS}
    assert task["contained"][0]["name"] == [{"family": "Lovelace", "given": ["Ada"]}]
    assert "telecom" not in task["contained"][0]  # contact details were not agreed
    assert task["reasonCode"]["coding"][0]["code"] == "loneliness_isolation"
    assert "07700" not in response.content.decode()
    listed = AuditEvent.objects.filter(actor=parties.provider_user, object_type="fhir_task")
    assert listed.filter(subjects__person_id=connection.person_id).exists()


def test_nothing_shared_means_no_person_in_the_task(parties: Parties) -> None:
    connect(parties, shared=["contact"])
    consent = Consent.objects.get(kind=Consent.Kind.SHARE_WITH_VCSE)
    consent_withdraw(consent=consent, actor=parties.world.users[Role.LINK_WORKER])
    task = provider(parties).get("/fhir/Task").json()["entry"][0]["resource"]
    assert "contained" not in task
    assert "for" not in task
    assert "reasonCode" not in task
    assert "withdrew consent" in task["note"][0]["text"]
    task["status"] = "accepted"
    refused = put(provider(parties), task)
    assert refused.status_code == 422
    assert "withdrew consent" in refused.json()["issue"][0]["diagnostics"]


def test_another_status_or_owner_filters_the_tasks_out(parties: Parties) -> None:
    connect(parties, phone="07700 900111")
    client = provider(parties)
    assert client.get("/fhir/Task", {"status": "completed"}).json()["total"] == 0
    assert (
        client.get("/fhir/Task", {"owner": "Organization/" + str(parties.world.pcn.pk)}).json()[
            "total"
        ]
        == 0
    )
    assert (
        client.get("/fhir/Task", {"owner": f"Organization/{parties.world.vcse.pk}"}).json()["total"]
        == 1
    )


def test_the_provider_accepts_and_the_link_worker_sees_it_as_from_the_inbox(
    parties: Parties,
) -> None:
    connection = connect(parties, phone="07700 900111")
    client = provider(parties)
    read = client.get(f"/fhir/Task/{connection.pk}")
    task = read.json()
    task["status"] = "accepted"
    response = put(client, task, **{"If-Match": read["ETag"]})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"
    assert response["ETag"] != read["ETag"]
    connection.refresh_from_db()
    assert connection.status == "accepted"
    event = ReferralEvent.objects.filter(kind="connection").order_by("-at", "-id").first()
    assert event is not None
    assert event.actor == parties.provider_user
    assert event.data["status"] == "accepted"


def test_completed_with_attended_records_the_attendance_first(parties: Parties) -> None:
    connection = connect(parties, phone="07700 900111")
    client = provider(parties)
    patch = [
        {"op": "replace", "path": "/status", "value": "completed"},
        {
            "op": "add",
            "path": "/output",
            "value": [
                {
                    "type": {"text": "outcome"},
                    "valueCodeableConcept": {
                        "coding": [{"system": systems.CONNECTION_OUTCOME, "code": "attended"}]
                    },
                }
            ],
        },
    ]
    response = client.patch(
        f"/fhir/Task/{connection.pk}", json.dumps(patch), content_type="application/json-patch+json"
    )
    assert response.status_code == 200, response.content
    task = response.json()
    assert task["status"] == "completed"
    assert task["output"][0]["valueCodeableConcept"]["coding"][0]["code"] == "attended"
    connection.refresh_from_db()
    assert connection.first_attended_on is not None
    statuses = [
        e.data["status"] for e in ReferralEvent.objects.filter(kind="connection").order_by("id")
    ]
    assert statuses[-2:] == ["in-progress", "completed"]


def test_a_forbidden_transition_is_a_business_rule_refusal(parties: Parties) -> None:
    connection = connect(parties, phone="07700 900111")
    client = provider(parties)
    task = client.get(f"/fhir/Task/{connection.pk}").json()
    task["status"] = "completed"  # nobody attended yet: requested cannot become completed
    response = put(client, task)
    assert response.status_code == 422
    assert "Task.status" in expressions(response)
    assert "From requested you may send: accepted" in response.json()["issue"][0]["diagnostics"]
    task["status"] = "on-hold"  # holding a connection is the link worker's
    assert put(client, task).status_code == 422
    connection.refresh_from_db()
    assert connection.status == "requested"


def test_a_provider_cancels_with_a_reason_and_a_closed_task_cannot_move(
    parties: Parties,
) -> None:
    connection = connect(parties, phone="07700 900111")
    client = provider(parties)
    task = client.get(f"/fhir/Task/{connection.pk}").json()
    task["status"] = "accepted"
    task = put(client, task).json()
    task["status"] = "cancelled"
    refused = put(client, task)
    assert refused.status_code == 422
    assert "Task.statusReason" in expressions(refused)
    assert "Say why the service cancelled" in refused.json()["issue"][0]["diagnostics"]
    connection.refresh_from_db()
    assert connection.status == "accepted"

    task["statusReason"] = {"text": "The group has closed for the winter"}
    cancelled = put(client, task)
    assert cancelled.status_code == 200, cancelled.content
    Task.model_validate(cancelled.json())
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["statusReason"]["text"] == "The group has closed for the winter"
    connection.refresh_from_db()
    assert (connection.status, connection.status_reason) == (
        "cancelled",
        "The group has closed for the winter",
    )
    # The link worker's timeline shows it as from the inbox.
    event = ReferralEvent.objects.filter(kind="connection").latest("id")
    assert (event.actor, event.data["status"]) == (parties.provider_user, "cancelled")

    # Cancelled is closed: no way on, said as a business rule.
    reopen = [{"op": "replace", "path": "/status", "value": "in-progress"}]
    response = client.patch(
        f"/fhir/Task/{connection.pk}",
        json.dumps(reopen),
        content_type="application/json-patch+json",
    )
    assert response.status_code == 422
    issue = response.json()["issue"][0]
    assert issue["code"] == "business-rule"
    assert "The Task is cancelled and closed." in issue["diagnostics"]
    assert "Task.status" in expressions(response)
    connection.refresh_from_db()
    assert connection.status == "cancelled"


def test_a_completed_task_cannot_be_cancelled(parties: Parties) -> None:
    connection = connect(parties, phone="07700 900111")
    client = provider(parties)
    task = client.get(f"/fhir/Task/{connection.pk}").json()
    for status in ("in-progress", "completed"):
        task = put(client, {**task, "status": status}).json()
    task["status"] = "cancelled"
    task["statusReason"] = {"text": "Changed our mind"}
    refused = put(client, task)
    assert refused.status_code == 422
    assert "cannot become cancelled" in refused.json()["issue"][0]["diagnostics"]
    connection.refresh_from_db()
    assert connection.status == "completed"


def test_declining_needs_the_reason(parties: Parties) -> None:
    connection = connect(parties, phone="07700 900111")
    client = provider(parties)
    task = client.get(f"/fhir/Task/{connection.pk}").json()
    task["status"] = "rejected"
    refused = put(client, task)
    assert refused.status_code == 422
    assert "Task.statusReason" in expressions(refused)
    task["statusReason"] = {"text": "No capacity until March"}
    declined = put(client, task)
    assert declined.status_code == 200
    assert declined.json()["statusReason"]["text"] == "No capacity until March"


@pytest.mark.parametrize(
    ("change", "element"),
    [
        (lambda t: {**t, "resourceType": "Patient"}, "Patient.resourceType"),
        (lambda t: {**t, "id": "00000000-0000-4000-8000-000000000000"}, "Task.id"),
        (lambda t: {**t, "status": "finished"}, "Task.status"),
        (lambda t: {**t, "statusReason": "busy"}, "Task.statusReason"),
        (lambda t: {k: v for k, v in t.items() if k != "intent"}, "Task.intent"),
    ],
)
def test_a_malformed_task_is_refused_naming_the_element(
    parties: Parties, change: Any, element: str
) -> None:
    connection = connect(parties, phone="07700 900111")
    client = provider(parties)
    task = client.get(f"/fhir/Task/{connection.pk}").json()
    response = put(client, change(task), at=connection.pk)
    assert response.status_code == 400, response.content
    assert element in expressions(response)


def test_bodies_that_are_not_a_task_are_refused(parties: Parties) -> None:
    connection = connect(parties, phone="07700 900111")
    client = provider(parties)
    url = f"/fhir/Task/{connection.pk}"
    assert client.put(url, "{", content_type=FHIR_JSON).status_code == 400
    assert client.put(url, "[1]", content_type=FHIR_JSON).status_code == 400
    assert client.patch(url, '{"op": "replace"}', content_type=FHIR_JSON).status_code == 400
    deep = '{"resourceType": "Task", "note": ' + "[" * 900 + "]" * 900 + "}"
    assert client.put(url, deep, content_type=FHIR_JSON).status_code == 400
    assert client.patch(url, "[" * 5000, content_type=FHIR_JSON).status_code == 400
    bad_path = json.dumps([{"op": "replace", "path": "status", "value": "accepted"}])
    assert client.patch(url, bad_path, content_type=FHIR_JSON).status_code == 400
    assert client.get("/fhir/Task/not-a-uuid").status_code == 404


def test_a_stale_version_is_refused(parties: Parties) -> None:
    connection = connect(parties, phone="07700 900111")
    client = provider(parties)
    task = client.get(f"/fhir/Task/{connection.pk}").json()
    task["status"] = "accepted"
    response = put(client, task, **{"If-Match": 'W/"1"'})
    assert response.status_code == 412
    connection.refresh_from_db()
    assert connection.status == "requested"


def test_another_organisation_can_neither_see_nor_update_the_task(parties: Parties) -> None:
    connection = connect(parties, phone="07700 900111")
    other = organisation_create(name="Other Links", kind=OrgKind.VCSE, region=parties.world.england)
    _, token = api_client_register(
        name="Other CRM", organisation_id=other.pk, role=Role.VCSE_WORKER
    )
    stranger = Client(headers=bearer(token))
    assert stranger.get("/fhir/Task").json()["total"] == 0
    assert stranger.get(f"/fhir/Task/{connection.pk}").status_code == 404
    assert stranger.get(f"/fhir/ServiceRequest/{connection.pk}").status_code == 404
    task = provider(parties).get(f"/fhir/Task/{connection.pk}").json()
    task["status"] = "accepted"
    refused = put(stranger, task)
    assert refused.status_code == 404
    assert refused.json()["issue"][0]["code"] == "not-found"
    # A practice's system is not a provider either.
    gp = Client(headers=bearer(parties.gp_token))
    assert gp.get("/fhir/Task").status_code == 403
    assert put(gp, task).status_code == 404
    connection.refresh_from_db()
    assert connection.status == "requested"


def test_the_connection_service_request_and_versions(parties: Parties) -> None:
    connection = connect(parties, phone="07700 900111")
    client = provider(parties)
    request = client.get(f"/fhir/ServiceRequest/{connection.pk}").json()
    assert request["performer"][0]["identifier"]["value"] == PROVIDER_ODS
    assert request["contained"][0]["name"][0]["family"] == "Lovelace"
    task = client.get(f"/fhir/Task/{connection.pk}").json()
    version = task["meta"]["versionId"]
    assert client.get(f"/fhir/Task/{connection.pk}/_history/{version}").status_code == 200
    assert client.get(f"/fhir/Task/{connection.pk}/_history/1").status_code == 404
    # A poller that holds the current version is told nothing changed.
    etag = f'W/"{version}"'
    unchanged = client.get(f"/fhir/Task/{connection.pk}", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    stale = client.get(f"/fhir/Task/{connection.pk}", headers={"If-None-Match": 'W/"1"'})
    assert stale.status_code == 200


def test_tasks_come_a_page_at_a_time_with_a_next_link(parties: Parties) -> None:
    made = {str(connect(parties, family_name=f"Person{n}").pk) for n in range(3)}
    client = provider(parties)
    first = client.get("/fhir/Task", {"_count": "2", "status": "requested"}).json()
    assert first["total"] == 3
    assert len(first["entry"]) == 2
    next_url = next(link["url"] for link in first["link"] if link["relation"] == "next")
    second = client.get(next_url).json()
    assert len(second["entry"]) == 1
    assert "next" not in {link["relation"] for link in second["link"]}
    seen = {e["resource"]["id"] for page in (first, second) for e in page["entry"]}
    assert seen == made


@pytest.mark.parametrize(
    ("query", "element"),
    [({"_count": "many"}, "_count"), ({"_count": "500"}, "_count"), ({"status": "done"}, "status")],
)
def test_a_bad_search_is_refused_naming_the_parameter(
    parties: Parties, query: dict[str, str], element: str
) -> None:
    response = provider(parties).get("/fhir/Task", query)
    assert response.status_code == 400
    assert element in expressions(response)


def test_the_task_search_runs_as_many_queries_for_more_tasks(parties: Parties) -> None:
    connect(parties, family_name="First")
    client = provider(parties)
    assert_queries_flat(
        lambda: client.get("/fhir/Task"),
        add_rows=lambda: [connect(parties, family_name=f"More{n}") for n in range(3)],
        count_rows=count_json_items("entry"),
    )


def test_a_client_over_its_calls_a_minute_is_told_to_wait(parties: Parties) -> None:
    ApiClient.objects.filter(user=parties.provider_user).update(rate_limit_per_minute=1)
    client = provider(parties)
    assert client.get("/fhir/Task").status_code == 200
    refused = client.get("/fhir/Task")
    assert refused.status_code == 429
    assert refused.json()["issue"][0]["code"] == "throttled"
    assert 0 < int(refused["Retry-After"]) <= 60


def test_the_link_worker_follows_the_connection_task_and_others_cannot(parties: Parties) -> None:
    connection = connect(parties, shared=["name"], phone="07700 900111")
    task = provider(parties).get(f"/fhir/Task/{connection.pk}").json()
    task["status"] = "accepted"
    put(provider(parties), task)
    worker = Client()
    worker.force_login(parties.world.users[Role.LINK_WORKER])
    seen = worker.get(f"/fhir/Task/{connection.pk}").json()
    assert seen["status"] == "accepted"
    assert seen["contained"][0]["telecom"] == [{"system": "phone", "value": "07700 900111"}]
    assert worker.get(f"/fhir/ServiceRequest/{connection.pk}").status_code == 200
    seen["status"] = "completed"
    assert put(worker, seen).status_code == 404  # the provider's to update, not the link worker's
    gp = Client(headers=bearer(parties.gp_token))
    assert gp.get(f"/fhir/Task/{connection.pk}").status_code == 404
