"""Referrals in over FHIR: the same intake, policy and duplicate matching as the referral form,
answered with the referral's Task; a replay of the same ServiceRequest is not a second
referral; every refusal is an OperationOutcome naming the element."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.task import Task

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.episodes.models import Referral
from linkwork.fhir.mapping import systems
from linkwork.fhir.tests.builders import (
    contained_request,
    patient,
    referral_bundle,
    safety_answers,
    service_request,
)
from linkwork.fhir.tests.conftest import Parties, bearer

pytestmark = pytest.mark.django_db

FHIR_JSON = "application/fhir+json"


def post(parties: Parties, body: Any, path: str = "/fhir/", **extra: Any) -> Any:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return Client().post(
        path,
        data,
        content_type=extra.pop("content_type", FHIR_JSON),
        headers=bearer(parties.gp_token),
    )


def task_of(response: Any) -> dict[str, Any]:
    """The referral's Task: the ServiceRequest's entry of a transaction-response, or the
    answer itself to a ServiceRequest."""
    body = response.json()
    if body["resourceType"] != "Bundle":
        return dict(body)
    assert body["type"] == "transaction-response", body
    (task,) = [e["resource"] for e in body["entry"] if "resource" in e]
    return dict(task)


def issue_of(response: Any) -> dict[str, Any]:
    outcome = response.json()
    assert outcome["resourceType"] == "OperationOutcome", outcome
    return dict(outcome["issue"][0])


def test_a_gp_system_refers_with_a_transaction_bundle(parties: Parties) -> None:
    sent = referral_bundle()
    response = post(parties, sent)
    assert response.status_code == 200, response.content
    answer = response.json()
    Bundle.model_validate(answer)
    assert answer["type"] == "transaction-response"
    # One response entry per entry sent, in order; the ServiceRequest's carries the Task.
    assert len(answer["entry"]) == len(sent["entry"]) == 5
    statuses = [e["response"]["status"] for e in answer["entry"]]
    assert statuses == ["200 OK", "200 OK", "200 OK", "200 OK", "201 Created"]
    assert (
        "Read into the referral"
        in answer["entry"][0]["response"]["outcome"]["issue"][0]["diagnostics"]
    )
    task = task_of(response)
    Task.model_validate(task)
    assert answer["entry"][4]["response"]["location"] == (
        f"Task/{task['id']}/_history/{task['meta']['versionId']}"
    )
    assert answer["entry"][4]["fullUrl"] == f"http://testserver/fhir/Task/{task['id']}"
    assert task["status"] == "accepted"
    assert task["businessStatus"]["coding"][0]["code"] == "received"
    assert task["requester"]["identifier"] == {"system": systems.ODS_CODE, "value": "A81001"}
    assert answer["entry"][4]["response"]["etag"] == f'W/"{task["meta"]["versionId"]}"'
    referral = Referral.objects.get(pk=task["id"])
    assert referral.person.nhs_number == "9434765919"
    assert referral.practice == parties.world.practice
    assert referral.source == "gp"  # fixed by the client's role, as on the form
    assert referral.reasons == ["loneliness_isolation"]
    assert referral.referrer == parties.gp_user
    assert referral.referrer_name == "Sam Jones"
    assert "Lives alone" in referral.reason_text
    assert AuditEvent.objects.filter(actor=parties.gp_user, person_id=referral.person_id).exists()


def test_the_same_service_request_sent_again_is_not_a_second_referral(parties: Parties) -> None:
    first = post(parties, referral_bundle())
    again = post(parties, referral_bundle())
    assert (first.status_code, again.status_code) == (200, 200)
    created, replayed = first.json()["entry"][4], again.json()["entry"][4]
    assert (created["response"]["status"], replayed["response"]["status"]) == (
        "201 Created",
        "200 OK",
    )
    assert replayed["response"]["location"] == created["response"]["location"]
    assert task_of(again)["id"] == task_of(first)["id"]
    assert Referral.objects.count() == 1


def test_a_service_request_alone_is_refused_at_the_base(parties: Parties) -> None:
    response = post(parties, contained_request())
    assert response.status_code == 400
    issue = issue_of(response)
    assert issue["expression"] == ["ServiceRequest.resourceType"]
    assert "/fhir/ServiceRequest" in issue["diagnostics"]
    assert Referral.objects.count() == 0


def test_a_transaction_entry_that_is_not_a_post_is_refused(parties: Parties) -> None:
    bundle = referral_bundle()
    bundle["entry"][1]["request"] = {"method": "PUT", "url": "Practitioner/dr"}
    response = post(parties, bundle)
    assert response.status_code == 400
    assert issue_of(response)["expression"] == ["Bundle.entry[1].request.method"]
    assert Referral.objects.count() == 0


def test_a_service_request_with_contained_resources_refers_too(parties: Parties) -> None:
    response = post(parties, contained_request(), path="/fhir/ServiceRequest")
    assert response.status_code == 201, response.content
    assert Referral.objects.get(pk=response.json()["id"]).person.family_name == "Hopper"


def test_a_referral_the_policy_refuses_is_declined_with_the_reason(parties: Parties) -> None:
    young = patient(birthDate="2012-01-01", identifier=[])
    response = post(parties, referral_bundle(person=young))
    assert response.status_code == 200
    task = task_of(response)
    assert task["status"] == "rejected"
    assert task["statusReason"]["coding"][0] == {
        "system": systems.DECLINE_REASON,
        "code": "age_outside_range",
        "display": "Age outside the scheme's range",
    }
    assert "aged 18 and over" in task["statusReason"]["text"]


def test_safety_answers_put_the_referral_on_hold(parties: Parties) -> None:
    request = service_request(supportingInfo=[{"reference": "QuestionnaireResponse/safety"}])
    bundle = referral_bundle(request=request)
    bundle["entry"].append(
        {
            "fullUrl": "urn:uuid:x",
            "resource": safety_answers(["domestic_abuse"], []),
            "request": {"method": "POST", "url": "QuestionnaireResponse"},
        }
    )
    response = post(parties, bundle)
    assert response.status_code == 200, response.content
    task = task_of(response)
    assert task["status"] == "on-hold"
    assert "safety" in task["statusReason"]["text"].lower()
    assert Referral.objects.get(pk=task["id"]).risk_flags == ["domestic_abuse"]


@pytest.mark.parametrize(
    ("body", "status", "element"),
    [
        ("{not json", 400, None),
        ({"resourceType": "Patient"}, 400, "resourceType"),
        ({**referral_bundle(), "type": "batch"}, 400, "Bundle.type"),
        (
            referral_bundle(person=patient(birthDate="9 Dec 1956")),
            400,
            "Bundle.entry[0].resource.birthDate",
        ),
        (
            referral_bundle(request=service_request(subject={"reference": "Patient/other"})),
            400,
            "Bundle.entry[4].resource(ServiceRequest).subject",
        ),
        (
            referral_bundle(
                request=service_request(
                    reasonCode=[{"coding": [{"system": systems.NEED, "code": "boredom"}]}]
                )
            ),
            422,
            "ServiceRequest.reasonCode",
        ),
        (referral_bundle(request=service_request(reasonCode=[])), 400, "ServiceRequest.reasonCode"),
    ],
)
def test_bad_referrals_are_refused_naming_the_element(
    parties: Parties, body: Any, status: int, element: str | None
) -> None:
    response = post(parties, body)
    assert response.status_code == status, response.content
    outcome = response.json()
    assert outcome["resourceType"] == "OperationOutcome"
    expressions = [e for issue in outcome["issue"] for e in issue.get("expression", [])]
    if element is not None:
        assert element in expressions, outcome
    assert Referral.objects.count() == 0


def test_a_body_that_is_not_json_is_refused_as_unsupported(parties: Parties) -> None:
    response = post(parties, "<Bundle/>", content_type="application/xml")
    assert response.status_code == 415
    assert issue_of(response)["code"] == "not-supported"


def test_without_a_token_nothing_is_referred(parties: Parties) -> None:
    response = Client().post("/fhir/", json.dumps(referral_bundle()), content_type=FHIR_JSON)
    assert response.status_code == 401
    assert issue_of(response)["code"] == "login"
    bad = Client().post(
        "/fhir/",
        json.dumps(referral_bundle()),
        content_type=FHIR_JSON,
        headers=bearer("lw_not-a-token"),
    )
    assert bad.status_code == 401
    assert Referral.objects.count() == 0


def test_a_provider_cannot_refer(parties: Parties) -> None:
    response = Client().post(
        "/fhir/",
        json.dumps(referral_bundle()),
        content_type=FHIR_JSON,
        headers=bearer(parties.provider_token),
    )
    assert response.status_code == 403
    assert Referral.objects.count() == 0


def test_the_referrer_reads_the_referral_and_its_task_and_no_one_else_does(
    parties: Parties,
) -> None:
    sent = task_of(post(parties, referral_bundle()))
    gp = Client(headers=bearer(parties.gp_token))
    request = gp.get(f"/fhir/ServiceRequest/{sent['id']}")
    assert request.status_code == 200
    body = request.json()
    assert body["code"]["coding"][0]["code"] == systems.SNOMED_SOCIAL_PRESCRIBING_REFERRAL
    assert body["subject"]["identifier"]["value"] == "9434765919"
    assert gp.get(f"/fhir/Task/{sent['id']}").json()["id"] == sent["id"]
    other = Client()
    other.force_login(parties.world.extra["other_gp"])
    assert other.get(f"/fhir/ServiceRequest/{sent['id']}").status_code == 404
    assert other.get(f"/fhir/Task/{sent['id']}").status_code == 404


def test_a_signed_in_session_refers_only_with_its_csrf_token(parties: Parties) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(parties.world.users[Role.REFERRER_GP])
    body = json.dumps(referral_bundle())
    refused = browser.post("/fhir/", body, content_type=FHIR_JSON)
    assert refused.status_code == 403
    assert "CSRF" in issue_of(refused)["diagnostics"]
    browser.get("/fhir/metadata")
    browser.get("/")  # sets the csrftoken cookie
    token = browser.cookies["csrftoken"].value
    sent = browser.post("/fhir/", body, content_type=FHIR_JSON, headers={"X-CSRFToken": token})
    assert sent.status_code == 200, sent.content
    assert task_of(sent)["status"] == "accepted"
