"""FHIR R4 endpoints at /fhir/: each reads or writes through one selector or service and
answers FHIR JSON (see docs/fhir.md)."""

from __future__ import annotations

import uuid
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.fhir.http import (
    base_url,
    body_of,
    fhir_endpoint,
    fhir_response,
    if_match,
    read_response,
)
from linkwork.fhir.mapping.capability import capability_statement
from linkwork.fhir.mapping.openapi import fhir_openapi
from linkwork.fhir.mapping.referral_in import referral_from_fhir
from linkwork.fhir.mapping.task_update import TASK_STATUSES, apply_json_patch, task_update
from linkwork.fhir.mapping.tasks import searchset
from linkwork.fhir.mapping.transaction import transaction_bundle, transaction_response
from linkwork.fhir.mapping.validate import FhirInputError, parse_json, parse_json_value
from linkwork.fhir.selectors import (
    provider_tasks,
    referral_task_for,
    service_request_read,
    summary_document_for,
    task_read,
)
from linkwork.fhir.services import FhirIntake, connection_task_update, fhir_referral_intake


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _id(raw: str, kind: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise Http404(f"No {kind} {raw}: linkwork's ids are UUIDs.") from None


def _software_version() -> str:
    try:
        return version("linkwork")
    except PackageNotFoundError:
        return "development"


@fhir_endpoint("GET", signed_in=False)
def metadata(request: HttpRequest) -> HttpResponse:
    return fhir_response(
        capability_statement(
            base_url=base_url(request),
            software_version=_software_version(),
            date=timezone.localdate().isoformat(),
        )
    )


@fhir_endpoint("GET", signed_in=False)
def openapi(request: HttpRequest) -> HttpResponse:
    """The endpoints described in OpenAPI, for API tools (FHIR's own is /fhir/metadata)."""
    return JsonResponse(fhir_openapi())


def _refer(request: HttpRequest, body: dict[str, Any]) -> tuple[FhirIntake, dict[str, Any]]:
    sent = referral_from_fhir(body)
    intake = fhir_referral_intake(user=_user(request), sent=sent)
    return intake, referral_task_for(referral=intake.referral, identifier=sent.identifier)


@fhir_endpoint("POST")
def transaction(request: HttpRequest) -> HttpResponse:
    """A referral as a transaction Bundle; answered with a transaction-response Bundle whose
    ServiceRequest entry carries the referral's Task."""
    bundle = transaction_bundle(parse_json(body_of(request)))
    intake, task = _refer(request, bundle)
    return fhir_response(
        transaction_response(
            bundle, task=task, created=not intake.repeated, base_url=base_url(request)
        )
    )


@fhir_endpoint("POST")
def service_request_create(request: HttpRequest) -> HttpResponse:
    """A referral as a ServiceRequest with its resources contained; answered with its Task."""
    intake, task = _refer(request, parse_json(body_of(request)))
    location = f"{base_url(request)}Task/{task['id']}/_history/{task['meta']['versionId']}"
    return fhir_response(task, status=200 if intake.repeated else 201, location=location)


@fhir_endpoint("GET")
def service_request(request: HttpRequest, request_id: str) -> HttpResponse:
    return read_response(
        request,
        service_request_read(user=_user(request), request_id=_id(request_id, "ServiceRequest")),
    )


def _whole_number(request: HttpRequest, name: str, default: int, most: int) -> int:
    raw = request.GET.get(name, str(default))
    if not raw.isdigit() or not 0 <= int(raw) <= most:
        raise FhirInputError(f"{name} is a whole number from 0 to {most}.", element=name)
    return int(raw)


@fhir_endpoint("GET")
def task_search(request: HttpRequest) -> HttpResponse:
    """A provider's Tasks: ?owner=<Organization/id | ODS system|code>&status=<code,...>,
    a page of `_count` (at most 200) from `_offset`, with a `next` link while more follow."""
    statuses = [s.strip() for value in request.GET.getlist("status") for s in value.split(",")]
    unknown = sorted(set(statuses) - TASK_STATUSES - {""})
    if unknown:
        raise FhirInputError(f"Not Task statuses: {', '.join(unknown)}.", element="status")
    count = _whole_number(request, "_count", 50, 200)
    offset = _whole_number(request, "_offset", 0, 10**9)
    page = provider_tasks(
        user=_user(request),
        owner=request.GET.get("owner"),
        statuses=statuses,
        count=count,
        offset=offset,
    )
    query = request.GET.copy()
    next_url = ""
    if offset + count < page.total:
        query["_offset"] = str(offset + count)
        next_url = f"{base_url(request)}Task?{query.urlencode()}"
    return fhir_response(
        searchset(
            page.tasks,
            base_url=base_url(request),
            total=page.total,
            self_url=request.build_absolute_uri(),
            next_url=next_url,
        )
    )


@fhir_endpoint("GET", "PUT", "PATCH")
def task(request: HttpRequest, task_id: str) -> HttpResponse:
    """Read a Task; a provider updates its connection's Task with PUT (the whole Task) or
    PATCH (a JSON Patch), optionally conditional on If-Match."""
    user, key = _user(request), _id(task_id, "Task")
    if request.method == "GET":
        return read_response(request, task_read(user=user, task_id=key))
    body = parse_json(body_of(request)) if request.method == "PUT" else None
    if request.method == "PATCH":
        body = apply_json_patch(
            task_read(user=user, task_id=key),
            parse_json_value(body_of(request), "The JSON Patch"),
        )
    assert body is not None
    connection_task_update(
        user=user,
        connection_id=key,
        update=task_update(str(key), body),
        expected_version=if_match(request),
    )
    return fhir_response(task_read(user=user, task_id=key))


@fhir_endpoint("GET")
def task_version(request: HttpRequest, task_id: str, version_id: str) -> HttpResponse:
    """vread: linkwork keeps the current version of a Task only."""
    found = task_read(user=_user(request), task_id=_id(task_id, "Task"))
    if found["meta"]["versionId"] != version_id:
        raise Http404(
            f"Task {task_id} is at version {found['meta']['versionId']}; "
            "earlier versions are not kept."
        )
    return fhir_response(found)


@fhir_endpoint("GET")
def composition_document(request: HttpRequest, composition_id: str) -> HttpResponse:
    return fhir_response(
        summary_document_for(user=_user(request), summary_id=_id(composition_id, "Composition"))
    )
