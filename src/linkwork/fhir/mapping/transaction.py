"""The FHIR base's answer to a referral sent as a transaction Bundle: a `transaction-response`
Bundle with one entry per entry sent, in the same order. The ServiceRequest's entry says
where the referral's Task is (created, or found again for a replay); the others were read into
the referral and are not kept as resources of their own, which their entries say."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from linkwork.fhir.mapping.validate import FhirInputError, validated

_KEPT_ON_THE_REFERRAL = (
    "Read into the referral: linkwork keeps what this {kind} says on the referral, not as a "
    "resource of its own. Follow the referral through its Task."
)


def transaction_bundle(body: Mapping[str, Any]) -> dict[str, Any]:
    """What the base accepts: a transaction Bundle whose every entry is a POST. A resource
    sent on its own is refused, saying where it goes instead."""
    kind = body.get("resourceType")
    if kind == "ServiceRequest":
        raise FhirInputError(
            "The base /fhir/ takes a transaction Bundle. POST a ServiceRequest with its "
            "Patient and practice contained to /fhir/ServiceRequest, or send it here inside a "
            "transaction Bundle with its Patient, PractitionerRole and Organization.",
            element="ServiceRequest.resourceType",
        )
    if kind != "Bundle":
        raise FhirInputError(
            f"The base /fhir/ takes a transaction Bundle, not a {kind or 'resource with no type'}.",
            element="resourceType",
        )
    bundle = validated(body, "Bundle")
    if bundle.get("type") != "transaction":
        raise FhirInputError(
            "A referral Bundle is a transaction: set Bundle.type to transaction.",
            element="Bundle.type",
        )
    for index, entry in enumerate(bundle.get("entry", [])):
        method = (entry.get("request") or {}).get("method")
        if method != "POST":
            raise FhirInputError(
                f"Bundle.entry[{index}].request: each entry of a referral is created, so its "
                "request is POST with the resource type as url "
                f"(this one is {method or 'missing'}).",
                element=f"Bundle.entry[{index}].request.method",
            )
    return bundle


def transaction_response(
    bundle: Mapping[str, Any], *, task: Mapping[str, Any], created: bool, base_url: str
) -> dict[str, Any]:
    """One response entry per entry sent: the ServiceRequest's carries the Task (201 Created,
    or 200 OK for a replay of a referral already made), its location and version."""
    version = task["meta"]["versionId"]
    entries: list[dict[str, Any]] = []
    for entry in bundle.get("entry", []):
        kind = str((entry.get("resource") or {}).get("resourceType", "resource"))
        if kind == "ServiceRequest":
            entries.append(
                {
                    "fullUrl": f"{base_url}Task/{task['id']}",
                    "resource": dict(task),
                    "response": {
                        "status": "201 Created" if created else "200 OK",
                        "location": f"Task/{task['id']}/_history/{version}",
                        "etag": f'W/"{version}"',
                        "lastModified": task["meta"]["lastUpdated"],
                    },
                }
            )
            continue
        entries.append(
            {
                "response": {
                    "status": "200 OK",
                    "outcome": {
                        "resourceType": "OperationOutcome",
                        "issue": [
                            {
                                "severity": "information",
                                "code": "informational",
                                "diagnostics": _KEPT_ON_THE_REFERRAL.format(kind=kind),
                            }
                        ],
                    },
                }
            }
        )
    return validated(
        {"resourceType": "Bundle", "type": "transaction-response", "entry": entries}, "Bundle"
    )
