"""FHIR request bodies for the tests: a GP system's referral, as a transaction Bundle or as a
ServiceRequest with its resources contained."""

from __future__ import annotations

import copy
from typing import Any

from linkwork.fhir.mapping import systems

PRACTICE_ODS = "A81001"
PROVIDER_ODS = "8JK12"


def patient(**overrides: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": "patient",
        "identifier": [{"system": systems.NHS_NUMBER, "value": "9434765919"}],
        "name": [{"family": "Hopper", "given": ["Grace"]}],
        "gender": "female",
        "birthDate": "1956-12-09",
        "telecom": [{"system": "phone", "value": "07700 900222"}],
        "address": [{"postalCode": "LS1 4AP"}],
    }
    resource.update(overrides)
    return resource


def service_request(**overrides: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": "referral",
        "identifier": [{"system": "https://emis.example/referrals", "value": "R-0001"}],
        "status": "active",
        "intent": "order",
        "code": {
            "coding": [
                {"system": systems.SNOMED, "code": systems.SNOMED_SOCIAL_PRESCRIBING_REFERRAL}
            ]
        },
        "subject": {"reference": "Patient/patient"},
        "requester": {"reference": "PractitionerRole/gp"},
        "reasonCode": [{"coding": [{"system": systems.NEED, "code": "loneliness_isolation"}]}],
        "note": [{"text": "Lives alone since her husband died; keen to meet people."}],
    }
    resource.update(overrides)
    return resource


def referral_bundle(
    *, request: dict[str, Any] | None = None, person: dict[str, Any] | None = None
) -> dict[str, Any]:
    resources = [
        person or patient(),
        {
            "resourceType": "Practitioner",
            "id": "dr",
            "name": [{"family": "Jones", "given": ["Sam"], "prefix": ["Dr"]}],
        },
        {
            "resourceType": "PractitionerRole",
            "id": "gp",
            "practitioner": {"reference": "Practitioner/dr"},
            "organization": {"reference": "Organization/practice"},
        },
        {
            "resourceType": "Organization",
            "id": "practice",
            "identifier": [{"system": systems.ODS_CODE, "value": PRACTICE_ODS}],
            "name": "Mill Street Surgery",
        },
        request or service_request(),
    ]
    return {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {
                "fullUrl": f"urn:uuid:{index:08d}-0000-4000-8000-000000000000",
                "resource": resource,
                "request": {"method": "POST", "url": resource["resourceType"]},
            }
            for index, resource in enumerate(resources)
        ],
    }


def contained_request(**overrides: Any) -> dict[str, Any]:
    """The same referral as one ServiceRequest, its Patient and practice contained."""
    request = service_request(
        subject={"reference": "#patient"},
        requester={"reference": "#practice"},
        **overrides,
    )
    request["contained"] = [
        patient(),
        {
            "resourceType": "Organization",
            "id": "practice",
            "identifier": [{"system": systems.ODS_CODE, "value": PRACTICE_ODS}],
        },
    ]
    return copy.deepcopy(request)


def safety_answers(flags: list[str], screening: list[str]) -> dict[str, Any]:
    return {
        "resourceType": "QuestionnaireResponse",
        "id": "safety",
        "questionnaire": systems.RISK_QUESTIONNAIRE,
        "status": "completed",
        "item": [
            {
                "linkId": systems.RISK_FLAGS_ITEM,
                "answer": [
                    {"valueCoding": {"system": systems.RISK_FLAG, "code": f}} for f in flags
                ],
            },
            {
                "linkId": systems.SCREENING_ITEM,
                "answer": [
                    {"valueCoding": {"system": systems.EXCLUSION, "code": c}} for c in screening
                ],
            },
        ],
    }
