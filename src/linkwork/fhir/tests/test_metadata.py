"""GET /fhir/metadata: the CapabilityStatement, valid FHIR R4, open to anyone."""

from __future__ import annotations

from django.test import Client
from fhir.resources.R4B.capabilitystatement import CapabilityStatement

from linkwork.fhir.mapping import systems


def test_the_capability_statement_is_valid_fhir_and_names_the_uk_systems(db: None) -> None:
    response = Client().get("/fhir/metadata")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    statement = response.json()
    CapabilityStatement.model_validate(statement)
    assert statement["fhirVersion"] == "4.0.1"
    text = response.content.decode()
    for system in (systems.NHS_NUMBER, systems.ODS_CODE, systems.SNOMED):
        assert system in text
    resources = {r["type"]: r for r in statement["rest"][0]["resource"]}
    assert {"ServiceRequest", "Task", "Composition"} <= set(resources)
    assert {"update", "patch", "search-type"} <= {
        i["code"] for i in resources["Task"]["interaction"]
    }


def test_a_method_the_endpoint_does_not_answer_is_an_operation_outcome(db: None) -> None:
    response = Client().delete("/fhir/metadata")
    assert response.status_code == 405
    assert response.json()["resourceType"] == "OperationOutcome"
    assert response["Allow"] == "GET"


def test_the_openapi_description_is_served_to_anyone(db: None) -> None:
    response = Client().get("/fhir/openapi.json")
    assert response.status_code == 200
    described = response.json()
    assert described["openapi"].startswith("3.")
    assert {"/fhir/", "/fhir/Task/{task_id}", "/fhir/metadata"} <= set(described["paths"])
