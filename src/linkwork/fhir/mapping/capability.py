"""The CapabilityStatement at /fhir/metadata: what linkwork's FHIR interface does."""

from __future__ import annotations

from typing import Any

from linkwork.fhir.mapping import systems
from linkwork.fhir.mapping.validate import FHIR_VERSION, validated


def _interactions(*codes: str) -> list[dict[str, str]]:
    return [{"code": code} for code in codes]


def capability_statement(*, base_url: str, software_version: str, date: str) -> dict[str, Any]:
    return validated(
        {
            "resourceType": "CapabilityStatement",
            "status": "active",
            "date": date,
            "kind": "instance",
            "software": {"name": "linkwork", "version": software_version},
            "implementation": {
                "description": "linkwork social prescribing: referrals in, closed-loop "
                "connections as Tasks, end-of-episode summaries out.",
                "url": base_url,
            },
            "fhirVersion": FHIR_VERSION,
            "format": [systems.MEDIA_TYPE, "json"],
            "patchFormat": ["application/json-patch+json"],
            "rest": [
                {
                    "mode": "server",
                    "documentation": (
                        "Bearer tokens of registered API clients, or a signed-in session. "
                        f"Patients are identified by NHS number ({systems.NHS_NUMBER}), "
                        f"organisations by ODS code ({systems.ODS_CODE}), social prescribing "
                        f"events by SNOMED CT ({systems.SNOMED}). A referral POSTed to the "
                        "base as a transaction Bundle is answered with a transaction-response."
                    ),
                    "security": {
                        "service": [{"text": "Bearer token (linkwork API client)"}],
                        "description": "Each API client acts as its organisation's staff do.",
                    },
                    "interaction": _interactions("transaction"),
                    "resource": [
                        {
                            "type": "ServiceRequest",
                            "documentation": (
                                "A referral to social prescribing (POST, with its Patient, "
                                "requester and Organization contained), or a connection to "
                                "a listed service (read)."
                            ),
                            "interaction": _interactions("create", "read"),
                            "versioning": "versioned",
                            "readHistory": False,
                            "conditionalCreate": False,
                        },
                        {
                            "type": "Task",
                            "documentation": (
                                "The status of a referral, or of a connection owned by the "
                                "provider's organisation; providers accept, decline, "
                                "complete or cancel (with a reason) their Tasks."
                            ),
                            "interaction": _interactions(
                                "read", "vread", "search-type", "update", "patch"
                            ),
                            "versioning": "versioned-update",
                            "updateCreate": False,
                            "searchParam": [
                                {"name": "owner", "type": "reference"},
                                {"name": "status", "type": "token"},
                            ],
                        },
                        {
                            "type": "Composition",
                            "documentation": (
                                "The end-of-episode summary, as a document Bundle: "
                                "GET Composition/{id}/$document."
                            ),
                            "operation": [
                                {
                                    "name": "document",
                                    "definition": (
                                        "http://hl7.org/fhir/OperationDefinition/"
                                        "Composition-document"
                                    ),
                                }
                            ],
                        },
                    ],
                }
            ],
        },
        "CapabilityStatement",
    )
