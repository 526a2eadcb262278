"""An OpenAPI 3.0 description of the FHIR endpoints, written by hand (FHIR's own definitions
are StructureDefinitions, which API tools do not read). It says what each endpoint takes and
every status it may answer with, each answer FHIR JSON; schemathesis checks the server keeps
to it. Served at /fhir/openapi.json."""

from __future__ import annotations

from typing import Any

from linkwork.fhir.mapping.task_update import TASK_STATUSES

FHIR_JSON = "application/fhir+json"
JSON_PATCH = "application/json-patch+json"

# The answers a caller can get anywhere: not signed in, not allowed, over the minute's calls.
_ALWAYS = (401, 403, 429)
_REASONS = {
    200: "OK",
    201: "Created",
    304: "Not modified: the caller holds the current version (If-None-Match)",
    400: "Not the FHIR expected; the OperationOutcome names the element",
    401: "Not signed in: an API client's bearer token, or a session",
    403: "Not allowed for this caller",
    404: "No such resource that the caller may see",
    409: "A JSON Patch test failed: the Task has changed",
    412: "If-Match names a version the Task has moved on from",
    413: "The body is too large",
    415: "The body is not sent as JSON",
    422: "A business rule refused it; the OperationOutcome says which and what is allowed",
    429: "The API client's calls this minute are used up",
}


def _resource(*kinds: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["resourceType"],
        "properties": {"resourceType": {"type": "string", "enum": list(kinds)}},
    }


_OUTCOME: dict[str, Any] = {
    "type": "object",
    "required": ["resourceType", "issue"],
    "properties": {
        "resourceType": {"type": "string", "enum": ["OperationOutcome"]},
        "issue": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["severity", "code"],
                "properties": {
                    "severity": {"type": "string"},
                    "code": {"type": "string"},
                    "diagnostics": {"type": "string"},
                    "expression": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}


def _answers(ok: dict[int, dict[str, Any] | None], *errors: int) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for status, schema in ok.items():
        answer: dict[str, Any] = {"description": _REASONS[status]}
        if schema is not None:
            answer["content"] = {FHIR_JSON: {"schema": schema}}
        responses[str(status)] = answer
    for status in sorted({*errors, *_ALWAYS}):
        responses[str(status)] = {
            "description": _REASONS[status],
            "content": {FHIR_JSON: {"schema": _OUTCOME}},
        }
    return responses


def _id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def _header(name: str) -> dict[str, Any]:
    return {"name": name, "in": "header", "required": False, "schema": {"type": "string"}}


def _body(schema: dict[str, Any], kind: str = FHIR_JSON) -> dict[str, Any]:
    return {"required": True, "content": {kind: {"schema": schema}}}


_REFERRAL_BUNDLE: dict[str, Any] = {
    "type": "object",
    "required": ["resourceType", "type", "entry"],
    "properties": {
        "resourceType": {"type": "string", "enum": ["Bundle"]},
        "type": {"type": "string", "enum": ["transaction"]},
        "entry": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "fullUrl": {"type": "string"},
                    "resource": _resource(
                        "Patient",
                        "Practitioner",
                        "PractitionerRole",
                        "Organization",
                        "ServiceRequest",
                        "QuestionnaireResponse",
                    ),
                    "request": {
                        "type": "object",
                        "properties": {
                            "method": {"type": "string", "enum": ["POST"]},
                            "url": {"type": "string"},
                        },
                    },
                },
            },
        },
    },
}

_TASK_UPDATE: dict[str, Any] = {
    "type": "object",
    "required": ["resourceType", "id", "status", "intent"],
    "properties": {
        "resourceType": {"type": "string", "enum": ["Task"]},
        "id": {"type": "string"},
        "status": {"type": "string", "enum": sorted(TASK_STATUSES)},
        "intent": {"type": "string", "enum": ["order"]},
        "statusReason": {"type": "object", "properties": {"text": {"type": "string"}}},
    },
}

_JSON_PATCH: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["op", "path"],
        "properties": {
            "op": {"type": "string", "enum": ["add", "replace", "remove", "test"]},
            "path": {"type": "string"},
            "value": {},
        },
    },
}

_READ_ERRORS = (400, 404)
_WRITE_ERRORS = (400, 404, 409, 412, 413, 415, 422)


def fhir_openapi() -> dict[str, Any]:
    task_read = {
        "operationId": "task_read",
        "summary": "A referral's or a connection's Task",
        "parameters": [_header("If-None-Match")],
        "responses": _answers({200: _resource("Task"), 304: None}, *_READ_ERRORS),
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "linkwork FHIR R4 interface",
            "version": "4.0.1",
            "description": "See docs/fhir.md. Bodies and answers are application/fhir+json.",
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
        "paths": {
            "/fhir/metadata": {
                "get": {
                    "operationId": "metadata",
                    "summary": "The CapabilityStatement",
                    "security": [],
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {FHIR_JSON: {"schema": _resource("CapabilityStatement")}},
                        }
                    },
                }
            },
            "/fhir/": {
                "post": {
                    "operationId": "transaction",
                    "summary": "A referral as a transaction Bundle",
                    "requestBody": _body(_REFERRAL_BUNDLE),
                    "responses": _answers({200: _resource("Bundle")}, 400, 413, 415, 422),
                }
            },
            "/fhir/ServiceRequest": {
                "post": {
                    "operationId": "service_request_create",
                    "summary": "A referral as a ServiceRequest with its resources contained",
                    "requestBody": _body(_resource("ServiceRequest")),
                    "responses": _answers(
                        {200: _resource("Task"), 201: _resource("Task")}, 400, 413, 415, 422
                    ),
                }
            },
            "/fhir/ServiceRequest/{request_id}": {
                "parameters": [_id("request_id")],
                "get": {
                    "operationId": "service_request_read",
                    "summary": "A referral, or a connection as its provider may see it",
                    "parameters": [_header("If-None-Match")],
                    "responses": _answers(
                        {200: _resource("ServiceRequest"), 304: None}, *_READ_ERRORS
                    ),
                },
            },
            "/fhir/Task": {
                "get": {
                    "operationId": "task_search",
                    "summary": "A provider's connection Tasks, newest first",
                    "parameters": [
                        {"name": "owner", "in": "query", "schema": {"type": "string"}},
                        {"name": "status", "in": "query", "schema": {"type": "string"}},
                        {"name": "_count", "in": "query", "schema": {"type": "string"}},
                        {"name": "_offset", "in": "query", "schema": {"type": "string"}},
                    ],
                    "responses": _answers({200: _resource("Bundle")}, 400),
                }
            },
            "/fhir/Task/{task_id}": {
                "parameters": [_id("task_id")],
                "get": task_read,
                "put": {
                    "operationId": "task_update",
                    "summary": "The provider's new status for its connection's Task",
                    "parameters": [_header("If-Match")],
                    "requestBody": _body(_TASK_UPDATE),
                    "responses": _answers({200: _resource("Task")}, *_WRITE_ERRORS),
                },
                "patch": {
                    "operationId": "task_patch",
                    "summary": "The same, as a JSON Patch",
                    "parameters": [_header("If-Match")],
                    "requestBody": _body(_JSON_PATCH, JSON_PATCH),
                    "responses": _answers({200: _resource("Task")}, *_WRITE_ERRORS),
                },
            },
            "/fhir/Task/{task_id}/_history/{version_id}": {
                "parameters": [_id("task_id"), _id("version_id")],
                "get": {
                    "operationId": "task_vread",
                    "summary": "A Task at its current version (earlier ones are not kept)",
                    "responses": _answers({200: _resource("Task")}, *_READ_ERRORS),
                },
            },
            "/fhir/Composition/{composition_id}/$document": {
                "parameters": [_id("composition_id")],
                "get": {
                    "operationId": "composition_document",
                    "summary": "An end-of-episode summary version as a document Bundle",
                    "responses": _answers({200: _resource("Bundle")}, *_READ_ERRORS),
                },
            },
        },
    }
